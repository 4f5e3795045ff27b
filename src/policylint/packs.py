"""Packs: many result-cache entries in one file, for the runs of many files.

A large run (:data:`policylint.resultcache.STAT_INDEX` files or more) would otherwise create
one small file per file checked, and creating a file costs the file system far more than
writing its bytes: on ext4, a cold run of 10,000 files spent more time creating entries
than reading and checking the files. So a large run writes the entries it makes into one
pack instead, in the main process, as its outcomes arrive::

    .policylint_cache/results/<code>/pack-<time>-<pid>-<n>

A pack is ``PLK1``, its records one after the other (an entry's 32-byte key, then the entry
sealed as a file of its own would be: :func:`policylint.cache.seal`), then its table (a row
per key, sorted, for the record written last: the key, where the record starts and how long
it is; a record written before it for the same key stays as dead bytes), then the
table's place, length and checksum and ``PLK1`` again. A pack is written to a temporary
name and renamed whole: readers see whole packs or none. A record is read only when it
starts with the key looked up and its entry's checksum holds: a damaged pack, or a table
pointing anywhere else, gives a miss, never another file's entry.

A run of many files reads a pack's table whole (checked against its checksum) before its
workers fork, and they share it; a run of a few files (pre-commit's) reads only the rows
its binary search visits.

Packs only grow in number: each large run that made entries adds one, and lookups look at
the newest first (:class:`Packs`). After writing its pack a run tidies them (:func:`tidy`):
the oldest go while all hold more entries than a bound (edits leave entries of old
contents behind), and beyond :data:`MAX_PACKS` they are merged into one, each key's newest
entry kept (:func:`merge`). Two runs that merge at once each write a whole pack of the same
entries. A pack that disappears while it is read (merged by another process) reads as
missing. What a killed run leaves (a temporary pack or stat index) is removed by the next
run that writes a pack, once it is :data:`~policylint.cache.STALE_NS` old.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import struct
import time
from collections.abc import Iterator, Sequence

from policylint.cache import CHECKSUM, Staged, blake2b, remove_stale

PACK_PREFIX = "pack-"
PACK_MAGIC = b"PLK1"
MAX_PACKS = 8
"""Packs in one folder beyond which a run merges them into one."""
KEY = 32
_ROW = struct.Struct(f"<{KEY}sQI")
"""A table row: key, where the record starts in the pack, its length."""
_ORDERED = struct.Struct(">QI")
"""Where a record starts and its length, after its key while a pack is written: 44 bytes a
record in the bucket of its key's first byte, in the order they were written when sorted.
(A ``bytes`` object a record would take about 85 bytes with its place in a list, a tuple of
key, offset and length some 185: 100,000 records would hold 8.5 or 18.5 MB, not 4.4.)"""
_SPAN = KEY + _ORDERED.size
_TAIL = struct.Struct(f"<QQ{CHECKSUM}s4s")
"""The end of a pack: where its table starts, the table's length, its checksum, the magic."""
_BUFFER = 1 << 20
_NAMES = itertools.count()


def pack_names(folder: str) -> list[str]:
    """The packs of ``folder``, newest first (their names start with the time written)."""
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        names = [e.name for e in listing if e.name.startswith(PACK_PREFIX) and "." not in e.name]
        return sorted(names, reverse=True)
    return []


class PackWriter:
    """A pack being written (:class:`~policylint.cache.Staged`): records added as they
    come, the table at :meth:`finish`.

    Written with ``os.write`` from a buffer of its own: a worker process forked while a pack
    is written holds no file object that could write the buffer again as it ends.
    """

    def __init__(self, folder: str, stamp: int | None = None) -> None:
        self.folder = folder
        self.stamp = stamp
        """The time the pack is named after (None: when it is finished)."""
        self.staged = Staged(folder, PACK_PREFIX.rstrip("-"))
        self.buckets: list[bytearray] = [bytearray() for _ in range(256)]
        """Per first byte of a key, the rows of its records: the key, then where the record
        starts and its length (:data:`_ORDERED`). Keys are digests, so the buckets fill
        evenly, and the table is written one small bucket at a time (:meth:`finish`)."""
        self.records = 0
        """Records added (a key added twice counts twice: the table keeps the last)."""
        self._buffer = bytearray(PACK_MAGIC)
        self._offset = len(PACK_MAGIC)

    def add(self, key: bytes, sealed: bytes | memoryview) -> None:
        """Append one entry (``key``: its 32-byte name; ``sealed``: its sealed bytes).
        OSError when the pack cannot be written (a full disk)."""
        if len(key) != KEY:
            raise ValueError(f"a pack's keys are {KEY} bytes")
        size = KEY + len(sealed)
        self._buffer += key
        self._buffer += sealed
        bucket = self.buckets[key[0]]
        bucket += key
        bucket += _ORDERED.pack(self._offset, size)
        self.records += 1
        self._offset += size
        if len(self._buffer) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        self.staged.write(self._buffer)
        del self._buffer[:]

    def finish(self) -> str | None:
        """Write the table and give the pack its name; its path, or None when it holds
        nothing or cannot be written (nothing is left behind)."""
        if not self.records:
            self.abandon()
            return None
        stamp = time.time_ns() if self.stamp is None else self.stamp
        path = os.path.join(self.folder, f"{PACK_PREFIX}{stamp:016x}-{os.getpid()}-{next(_NAMES)}")
        try:
            self._write_table()
            self.staged.commit(path)
        except OSError:
            self.abandon()
            return None
        return path

    def _write_table(self) -> None:
        """The table (:data:`_ROW`, one row per key: its record written last) and the tail,
        bucket by bucket: a bucket's rows are let go once written."""
        start, length = self._offset, 0
        check = blake2b(digest_size=CHECKSUM)
        for index, bucket in enumerate(self.buckets):
            rows = _unique(sorted(bucket[at : at + _SPAN] for at in range(0, len(bucket), _SPAN)))
            self.buckets[index] = bytearray()
            table = b"".join(rows)
            check.update(table)
            length += len(table)
            self._buffer += table
            if len(self._buffer) >= _BUFFER:
                self._flush()
        self._buffer += _TAIL.pack(start, length, check.digest(), PACK_MAGIC)
        self._flush()

    def abandon(self) -> None:
        """Stop writing and remove what was written."""
        self.staged.discard()
        self.buckets = []
        self.records = 0


_BINARY = getattr(os, "O_BINARY", 0)


def _unique(rows: Sequence[bytes | bytearray]) -> Iterator[bytes]:
    """The table's rows (:data:`_ROW`) of sorted :data:`_ORDERED` rows, one per key: the
    record written last (the latest outcome)."""
    for i, row in enumerate(rows):
        if i + 1 == len(rows) or rows[i + 1][:KEY] != row[:KEY]:
            yield _ROW.pack(row[:KEY], *_ORDERED.unpack_from(row, KEY))


class Pack:
    """One pack, open for reading: its rows found by binary search, in its table read whole
    (:meth:`load`) or row by row from the file."""

    __slots__ = ("count", "fd", "path", "start", "table")

    def __init__(self, path: str, fd: int, start: int, count: int) -> None:
        self.path = path
        self.fd = fd
        self.start = start
        self.count = count
        self.table: bytes | None = None

    @classmethod
    def open(cls, path: str) -> Pack | None:
        """The pack at ``path`` (its tail read); None when it is missing or not a whole
        pack."""
        try:
            fd = os.open(path, os.O_RDONLY | _BINARY)
        except OSError:
            return None
        try:
            size = os.fstat(fd).st_size
            if size >= len(PACK_MAGIC) + _TAIL.size:
                start, length, _, magic = _TAIL.unpack(_pread(fd, _TAIL.size, size - _TAIL.size))
                whole = magic == PACK_MAGIC and start + length + _TAIL.size == size
                if whole and length % _ROW.size == 0:
                    return cls(path, fd, start, length // _ROW.size)
        except (OSError, OverflowError, struct.error):
            pass
        os.close(fd)
        return None

    def load(self) -> bool:
        """Read the table whole, checked against its checksum; False (the pack is then to
        be left out) when it is damaged."""
        if self.table is not None:
            return True
        length = self.count * _ROW.size
        try:
            tail = _pread(self.fd, _TAIL.size, self.start + length)
            table = _pread(self.fd, length, self.start)
        except OSError:
            return False
        check = _TAIL.unpack(tail)[2] if len(tail) == _TAIL.size else b""
        if len(table) != length or blake2b(table, digest_size=CHECKSUM).digest() != check:
            return False
        self.table = table
        return True

    def _key(self, index: int) -> bytes:
        at = index * _ROW.size
        if self.table is not None:
            return self.table[at : at + KEY]
        return _pread(self.fd, KEY, self.start + at)

    def find(self, key: bytes) -> bytes | None:
        """The sealed entry of ``key``, when this pack holds it whole."""
        try:
            low, high = 0, self.count
            while low < high:
                middle = (low + high) // 2
                if self._key(middle) < key:
                    low = middle + 1
                else:
                    high = middle
            if low == self.count or self._key(low) != key:
                return None
            if self.table is not None:
                row = self.table[low * _ROW.size : (low + 1) * _ROW.size]
            else:
                row = _pread(self.fd, _ROW.size, self.start + low * _ROW.size)
            _, offset, length = _ROW.unpack(row)
            return self.read(key, offset, length)
        except (OSError, OverflowError, struct.error):
            return None

    def read(self, key: bytes, offset: int, length: int) -> bytes | None:
        """The sealed entry of the record at ``offset`` when it is ``key``'s (None for a
        place outside the records: a damaged row asks for no more than the pack holds)."""
        if offset < len(PACK_MAGIC) or length <= KEY or offset + length > self.start:
            return None
        try:
            record = _pread(self.fd, length, offset)
        except (OSError, OverflowError):
            return None
        if len(record) != length or not record.startswith(key):
            return None
        return record[KEY:]

    def rows(self) -> Iterator[tuple[bytes, int, int]]:
        """The table (read whole, :meth:`load`): key, offset, length, in key order."""
        return _ROW.iter_unpack(self.table or b"")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.fd)


def _pread(fd: int, length: int, offset: int) -> bytes:
    """``length`` bytes of ``fd`` from ``offset``: ``os.pread`` where there is one (any
    number of processes may share the descriptor), else a seek and a read."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows
    return os.read(fd, length)  # pragma: no cover - Windows


class Packs:
    """The packs of a folder, opened when first looked in, newest first."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._open: list[Pack] | None = None

    @property
    def packs(self) -> list[Pack]:
        if self._open is None:
            found = (Pack.open(os.path.join(self.folder, n)) for n in pack_names(self.folder))
            self._open = [p for p in found if p is not None]
        return self._open

    def load(self) -> None:
        """Read every table whole (a run of many lookups; worker processes forked after
        share them); a damaged one's pack is left out."""
        kept = []
        for pack in self.packs:
            if pack.load():
                kept.append(pack)
            else:
                pack.close()
        self._open = kept

    def get(self, key: bytes) -> bytes | None:
        """The sealed entry of ``key`` in the newest pack that holds it (unchecked: the
        caller unseals it)."""
        for pack in self.packs:
            found = pack.find(key)
            if found is not None:
                return found
        return None

    def close(self) -> None:
        for pack in self._open or ():
            pack.close()
        self._open = None


def tidy(folder: str, written: str, bound: int) -> None:
    """After a run wrote the pack ``written``: remove the oldest packs while all hold more
    than ``bound`` entries, merge them when they are more than :data:`MAX_PACKS`, and remove
    what killed runs left behind."""
    remove_stale(folder)
    names = pack_names(folder)
    if len(names) < 2:
        return
    packs = [(name, Pack.open(os.path.join(folder, name))) for name in names]
    total = 0
    for name, pack in packs:
        total += pack.count if pack is not None else 0
        if pack is not None:
            pack.close()
        if total > bound and os.path.join(folder, name) != written:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
            names.remove(name)
    if len(names) > MAX_PACKS:
        merge(folder)


def merge(folder: str) -> str | None:
    """Merge every pack of ``folder`` into one, each key's newest entry kept, and remove
    the packs merged; the new pack's path (None when there was nothing to merge or it
    cannot be written: the packs then stay as they are). The new pack is named after the
    newest it merged, so that one another run writes meanwhile stays newer."""
    paths = [os.path.join(folder, n) for n in pack_names(folder)]
    packs = [p for p in map(Pack.open, paths) if p is not None]
    sound = [p for p in packs if p.load()]
    path = _merged(folder, sound) if len(sound) >= 2 else None
    for pack in packs:
        pack.close()
    merged = {p.path for p in sound} if path is not None else set()
    for gone in paths:
        if gone in merged or not any(p.path == gone for p in sound):
            with contextlib.suppress(OSError):
                os.unlink(gone)  # merged, or damaged
    return path


def _merged(folder: str, packs: Sequence[Pack]) -> str | None:
    """The records of ``packs`` (newest first), each key's first, written as one pack."""
    try:
        stamp: int | None = int(os.path.basename(packs[0].path)[len(PACK_PREFIX) :][:16], 16)
    except ValueError:
        stamp = None
    try:
        writer = PackWriter(folder, stamp)
    except OSError:
        return None
    try:
        last = None
        for key, rank, offset, length in heapq.merge(*map(_ranked, packs, itertools.count())):
            if key != last:
                last = key
                sealed = packs[rank].read(key, offset, length)
                if sealed is not None:
                    writer.add(key, sealed)
    except OSError:  # a full disk: the packs stay as they are
        writer.abandon()
        return None
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


def _ranked(pack: Pack, rank: int) -> Iterator[tuple[bytes, int, int, int]]:
    """A pack's table with its rank (0: the newest) after each key."""
    for key, offset, length in pack.rows():
        yield key, rank, offset, length
