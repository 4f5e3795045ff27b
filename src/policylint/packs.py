"""Packs: many result-cache entries in one file, for the runs of many files.

A large run (:data:`policylint.resultcache.STAT_INDEX` files or more) would otherwise create
one small file per file checked, and creating a file costs the file system far more than
writing its bytes: on ext4, a cold run of 10,000 files spent more time creating entries
than reading and checking the files. So a large run writes the entries it makes into one
pack instead, in the main process, as its outcomes arrive::

    .policylint_cache/results/<code>/pack-<time>-<pid>-<n>

A pack is ``PLK1``, the entries one after the other (each sealed as a file of its own would
be: :func:`policylint.cache.seal`), then its table (for each entry, sorted by key: the
32-byte key, where the entry starts and how long it is), then the table's place, length
and checksum and ``PLK1`` again. A pack is written to a temporary name and renamed whole:
readers see whole packs or none. Its table is checked when the pack is opened, each entry
when it is read; a damaged entry or table is a miss, never a wrong answer.

Packs only grow in number: each large run that made entries adds one, and lookups look at
the newest first (:class:`Packs`). Beyond :data:`MAX_PACKS`, a run merges them all into
one, each key's newest entry kept (:func:`merge`); two runs that merge at once each write a
whole pack of the same entries. A pack that disappears while it is read (merged by another
process) reads as missing.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import struct
import time
from collections.abc import Iterator, Sequence

from policylint.cache import CHECKSUM, blake2b

PACK_PREFIX = "pack-"
PACK_MAGIC = b"PLK1"
MAX_PACKS = 8
"""Packs in one folder beyond which a run merges them into one."""
KEY = 32
_ROW = struct.Struct(f"<{KEY}sQI")
"""A table row: key, offset of the entry in the pack, its length."""
_ORDERED = struct.Struct(">QI")
"""Where an entry starts and its length, after its key while a pack is written: 44 bytes
an entry (100,000 tuples would take four times the memory), in the order they were written
when sorted."""
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
    """A pack being written: entries added as they come, the table at :meth:`finish`."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.name = f"{PACK_PREFIX}{time.time_ns():016x}-{os.getpid()}-{next(_NAMES)}"
        self.tmp = os.path.join(folder, f".{self.name}.tmp")
        self.rows: list[bytes] = []
        """Per entry: its key, then where it starts and its length (:data:`_ORDERED`)."""
        self._file = open(self.tmp, "wb", buffering=_BUFFER)  # noqa: SIM115 - closed by finish
        self._file.write(PACK_MAGIC)
        self._offset = len(PACK_MAGIC)

    def add(self, key: bytes, sealed: bytes | memoryview) -> None:
        """Append one entry (``key``: its 32-byte name; ``sealed``: its sealed bytes)."""
        self._file.write(sealed)
        self.rows.append(key + _ORDERED.pack(self._offset, len(sealed)))
        self._offset += len(sealed)

    def finish(self) -> str | None:
        """Write the table and give the pack its name; its path, or None when it holds
        nothing or cannot be written (nothing is left behind)."""
        try:
            if self.rows:
                self.rows.sort()
                table = b"".join(_unique(self.rows))
                check = blake2b(table, digest_size=CHECKSUM).digest()
                self._file.write(table)
                self._file.write(_TAIL.pack(self._offset, len(table), check, PACK_MAGIC))
            self._file.close()
            if not self.rows:
                os.unlink(self.tmp)
                return None
            path = os.path.join(self.folder, self.name)
            os.replace(self.tmp, path)
        except OSError:
            self.abandon()
            return None
        return path

    def abandon(self) -> None:
        """Stop writing and remove what was written."""
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def _unique(rows: Sequence[bytes]) -> Iterator[bytes]:
    """The table's rows (:data:`_ROW`) of sorted :data:`_ORDERED` rows, one per key: the
    entry written last (the latest outcome)."""
    for i, row in enumerate(rows):
        if i + 1 == len(rows) or rows[i + 1][:KEY] != row[:KEY]:
            yield _ROW.pack(row[:KEY], *_ORDERED.unpack_from(row, KEY))


class Pack:
    """One pack, open for reading: its table, looked up by binary search."""

    __slots__ = ("count", "fd", "path", "table")

    def __init__(self, path: str, fd: int, table: bytes) -> None:
        self.path = path
        self.fd = fd
        self.table = table
        self.count = len(table) // _ROW.size

    @classmethod
    def open(cls, path: str) -> Pack | None:
        """The pack at ``path``; None when it is missing, cut short or its table damaged."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            return None
        try:
            size = os.fstat(fd).st_size
            if size >= len(PACK_MAGIC) + _TAIL.size:
                start, length, check, magic = _TAIL.unpack(
                    _pread(fd, _TAIL.size, size - _TAIL.size)
                )
                if magic == PACK_MAGIC and start + length + _TAIL.size == size:
                    table = _pread(fd, length, start)
                    digest = blake2b(table, digest_size=CHECKSUM).digest()
                    if len(table) == length and length % _ROW.size == 0 and digest == check:
                        return cls(path, fd, table)
        except (OSError, OverflowError, struct.error):
            pass
        os.close(fd)
        return None

    def where(self, key: bytes) -> tuple[int, int] | None:
        """Where the entry named ``key`` is (offset, length), when this pack holds it."""
        table, size = self.table, _ROW.size
        low, high = 0, self.count
        while low < high:
            middle = (low + high) // 2
            if table[middle * size : middle * size + KEY] < key:
                low = middle + 1
            else:
                high = middle
        if low < self.count and table[low * size : low * size + KEY] == key:
            _, offset, length = _ROW.unpack_from(table, low * size)
            return offset, length
        return None

    def read(self, offset: int, length: int) -> bytes | None:
        try:
            data = _pread(self.fd, length, offset)
        except OSError:
            return None
        return data if len(data) == length else None

    def rows(self) -> Iterator[tuple[bytes, int, int]]:
        """The table: key, offset, length, in key order."""
        return _ROW.iter_unpack(self.table)

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

    def get(self, key: bytes) -> bytes | None:
        """The sealed entry named ``key`` in the newest pack that holds it (unchecked:
        the caller unseals it)."""
        for pack in self.packs:
            where = pack.where(key)
            if where is not None:
                return pack.read(*where)
        return None

    def entries(self) -> int:
        """Entries in all the packs (a key in two packs counted twice)."""
        return sum(p.count for p in self.packs)

    def close(self) -> None:
        for pack in self._open or ():
            pack.close()
        self._open = None


def merge(folder: str, keep: Sequence[str] = ()) -> str | None:
    """Merge every pack of ``folder`` into one, each key's newest entry kept, and remove
    the packs merged; the new pack's path (None when there was nothing to merge or it
    cannot be written). ``keep``: names of packs neither merged nor removed."""
    names = [n for n in pack_names(folder) if n not in keep]
    packs = [p for p in (Pack.open(os.path.join(folder, n)) for n in names) if p is not None]
    if len(packs) < 2:
        for pack in packs:
            pack.close()
        return None
    try:
        writer = PackWriter(folder)
    except OSError:
        for pack in packs:
            pack.close()
        return None
    try:
        # newest first in ``packs``: for equal keys, the lower rank (the newer pack) wins
        last = None
        for key, rank, offset, length in heapq.merge(*map(_ranked, packs, itertools.count())):
            if key == last:
                continue
            last = key
            data = packs[rank].read(offset, length)
            if data is not None:
                writer.add(key, data)
        path = writer.finish()
    except BaseException:
        writer.abandon()
        raise
    finally:
        for pack in packs:
            pack.close()
    if path is not None:
        for pack in packs:
            with contextlib.suppress(OSError):
                os.unlink(pack.path)
    return path


def _ranked(pack: Pack, rank: int) -> Iterator[tuple[bytes, int, int, int]]:
    """A pack's table with its rank (0: the newest) after each key."""
    for key, offset, length in pack.rows():
        yield key, rank, offset, length


def remove_packs(folder: str, keep: Sequence[str] = ()) -> None:
    """Remove the packs of ``folder`` but those named in ``keep``."""
    for name in pack_names(folder):
        if name not in keep:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
