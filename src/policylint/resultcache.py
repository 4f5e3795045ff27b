"""The result cache: what each file said, by content hash, so that a re-run reads nothing new.

One entry per file content, in the cache folder (:mod:`policylint.cache`)::

    .policylint_cache/results/<code>/<ab>/<cdef...>   (an entry of a small run)
    .policylint_cache/results/<code>/pack-<...>       (the entries of a large run)
    .policylint_cache/results/<code>/stat-<hash>      (the stat index of large runs)

``<code>`` names this policylint: its version and a hash of its source and shipped schemas
(a new release, or an edit of an editable install, starts a new folder and removes the old
ones). An entry's name is ``blake2b(reader options, display path, file name, file bytes)``; it
holds the file's :class:`~policylint.facts.FileFacts` (what the readers found, independent of
policy and rules) and, beside them, the findings of the last evaluation that used them, with
the digest of that evaluation (policy, rules, selection). So:

- nothing changed: the stored findings are replayed, the file is neither parsed nor
  evaluated;
- the policy, a rule or the selection changed: the stored facts are evaluated again (no
  parsing) and the entry is written again with the new findings;
- the file changed: its bytes name another entry: it is read as if for the first time.

An entry is never stale: everything its content depends on is in its name or checked against
its digest. With ``--jobs`` each worker process looks its files' entries up and evaluates,
and sends back outcomes (findings), as without a cache.

A small run writes each entry to a file of its own (in a worker, or in the main process
from a writer thread beside evaluation), through a temporary file and an atomic
``os.replace``, so two processes checking one tree at once both succeed and leave whole
entries; a corrupt entry fails its checksum and is read again and written anew. A large run
(:data:`STAT_INDEX` files or more) writes no file per entry: its workers send each entry
back with the outcome, and the main process appends it to the run's pack
(:mod:`policylint.packs`), one file written as the run goes and renamed whole at its end
(but a run judging unused suppressions, whose findings are not stored: its entries hold
facts only, each in a file of its own, as a small run's).
Every lookup looks in the entry's own file first, then in the packs, newest first; a
packed entry made by this run's evaluation is preferred to an own file made by another.
When the entries of their own grow past their bound they are removed at the end of a run;
the packs are tidied as :func:`policylint.packs.tidy` says.

An entry's facts keep the locations not yet looked up as they are
(:class:`~policylint.facts.DeferredLocation`): looking up every key of a JSON file to
pickle its facts would cost nearly what reading it does. They are looked up, when a
finding needs one, in the text of the file's bytes, which the entry's name stands for.

A run of many files (:data:`STAT_INDEX`) would still read and hash every file to name its
entry. It goes through a **stat index** first, one per evaluation and reader options, beside
the entries (``stat-<hash>``): for each file of the last large run, display path -> stamp,
that is the ``fstat`` (size, mtime, ctime, inode) of the read that made the outcome and the
outcome's record (empty for a file no reader takes). A file whose ``stat`` is the stamped
one is replayed without opening it or its entry; the others go the ordinary way (in workers
when many), which stamps them again. The index of the run is written as the run goes
(in chunks: a run of 100,000 files does not hold its stamps), to a temporary file put in
place when the run completes (atomically; the last of concurrent runs wins). It is safe as
git's index is: a write changes ctime (which no call can set back; on Windows ctime is the
creation time, and a same-size write whose mtime is set back goes unseen) and, in place or
by rename, leaves a ``stat`` unlike the stamped one; the one change a ``stat`` can miss is a
write within the same clock tick as the read, so a file modified less than :data:`RACY_NS`
before its read began (racily clean) is not stamped, and is read and hashed again on the
next run. A network file system that caches attributes may answer ``stat`` with attributes
older than the file: turn the cache off there (``--no-cache`` or ``cache: false``). An
index that fails its checksum is ignored. It holds the files of the run that wrote it; the last
:data:`MAX_INDEXES` written are kept. A small run (a commit's few files) neither loads nor
writes one.

Entries and indexes are pickles: the cache folder must be as trusted as the code it sits
beside.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import struct
import time
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint import __version__
from policylint.cache import Sealing, Staged, blake2b, replace_file, seal, unseal, unsealed
from policylint.engine import Evaluator, FileItem, Outcome
from policylint.facts import DeferredLocation, FileFacts
from policylint.findings import Finding
from policylint.readers import ReadOptions, read_bytes, read_file, read_regular
from policylint.records import fields

if TYPE_CHECKING:
    import hashlib

    from policylint.cache import Cache
    from policylint.packs import Packs, PackWriter

RESULTS = "results"
CODE = "code"
MAGIC = b"PLR1"
_DIGEST = 32
_LENGTH = struct.Struct("<I")
MAX_ENTRIES = 200_000
"""Entries of their own beyond this (or three times the files of the run, if more) are
removed at the end of the run, edits leave entries of old contents behind; the same bound
holds the packs (:func:`policylint.packs.tidy`)."""
_SYNC_WRITES = 32
"""Entries written in the caller's thread before a writer thread takes over (small runs
need no thread)."""
_PROTOCOL = pickle.HIGHEST_PROTOCOL
MISS_WINDOW = 64
MISSES = 8
"""Files missing from the cache among the last ``MISS_WINDOW`` looked up at which a run
should read with worker processes (see :meth:`ResultCache.missing`)."""
_QUEUED = 2048
"""Entries waiting for the writer thread at the most; beyond, the caller writes."""
STAT_INDEX = 1024
"""Runs of at least this many files go through the stat index (:class:`StatIndex`); a
smaller run (a commit's few files) neither loads nor writes it."""
RACY_NS = 2_000_000_000
"""A file modified (or its inode changed) less than this before it was read is racily
clean: a change in the same clock tick could leave it the same ``stat``, so its stamp is
not kept and the next run reads it again."""
INDEX_PREFIX = "stat-"
INDEX_MAGIC = b"PLS2"
MAX_INDEXES = 4
"""Stat indexes kept in a folder (one per evaluation and reader options); beyond, the
least recently written go."""
_SIGNATURE = struct.Struct("<QqqQ")
"""A stamp's head: size, mtime_ns, ctime_ns, inode (then the outcome's record; none for a
file no reader takes)."""
_STAMPED = _SIGNATURE.size
_NOTHING = pickle.dumps(("", {}, [], []), _PROTOCOL)
"""The record of a file with no finding and nothing for run-level checks."""
_NOTHING_STAMPED = _STAMPED + len(_NOTHING)


class ResultCache:
    """The result entries of one policylint (version and code) in one cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._root = os.fspath(folder)
        self._recent: deque[bool] = deque(maxlen=MISS_WINDOW)
        """Whether each of the last files looked up in this process was missing."""
        self._writer: _Writer | None = None
        self._evaluation: bytes | None = None
        self._pid = os.getpid()
        self._failed = False
        self.writes = 0
        self._packs: Packs | None = None
        """The packs entries are looked up in after their own files (opened when first
        needed)."""
        self._packing = False
        """Entries are handed to the caller for a pack, not written (a large run)."""
        self._pack: PackWriter | None = None
        """The pack of this run, in the main process."""

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, cache: Cache) -> ResultCache | None:
        """The result cache in ``cache``'s folder; None when it is off or cannot be written."""
        root = cache.folder(RESULTS)
        if root is None:
            return None
        code = code_digest(root / CODE)
        folder = root / code[:24]
        if not folder.is_dir():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                return None
            _prune_versions(root, keep=folder.name)
        return cls(folder)

    def __reduce__(self) -> tuple[type[ResultCache], tuple[Path]]:
        return (ResultCache, (self.folder,))  # what a worker process needs: where entries are

    def bound(self, evaluator: Evaluator) -> ResultCache:
        """This cache for one run: stored findings count only when they were made by an
        evaluation like ``evaluator``'s (same policy, rules, selection, severities)."""
        out = ResultCache(self.folder)
        out._evaluation = evaluation_digest(evaluator)
        return out

    # -- checking (any process) ------------------------------------------------------------
    def check(
        self, path: Path, display: str, options: ReadOptions, evaluator: Evaluator
    ) -> Outcome | None:
        """One file's outcome (:meth:`Evaluator.check`) through the cache: replayed when its
        entry holds this evaluation, evaluated from the stored facts when it holds others,
        read and evaluated when there is no entry (the entry is then written)."""
        return self.stamped(path, display, options, evaluator)[0]

    def stamped(
        self, path: Path, display: str, options: ReadOptions, evaluator: Evaluator
    ) -> Stamped:
        """:meth:`check`, the file's stamp for the stat index (:class:`StatIndex`), and the
        entry for the run's pack.

        The stamp is the ``fstat`` of the read that made the outcome, and the outcome's
        record (empty for a file no reader takes); none for a file modified in the last
        :data:`RACY_NS` before the read began (racily clean), nor without an evaluation
        digest. The entry (its key and sealed bytes) is given when the file was read or
        evaluated anew in a large run, whose entries go into a pack (:meth:`pack`) rather
        than files of their own."""
        now = time.time_ns()
        try:
            data, info = read_regular(path, options.max_bytes)
        except OSError:
            data = None
        if data is None:  # not a regular file, or too large: read_file says so
            ff = read_file(path, display, options)
            return (None if ff is None else evaluator.check(ff)), None, None
        key = _hash(_options_digest(options), display, path.name, data)
        body = self._load(key)
        self._recent.append(body is None)
        facts: FileFacts | None = None
        if body is not None:
            (size,) = _LENGTH.unpack_from(body)
            stored = body[4 + size :]
            replay = self._replay(display, stored)
            if replay is not None:
                return replay, _stamp(info, now, stored[_DIGEST:]), None
            body = body[: 4 + size]
            facts = _facts(body, data)
        fresh = facts is None
        if facts is None:
            facts = read_bytes(path, display, data, options)
            if facts is None:  # no reader takes it: nothing to say, the next time too
                return None, (None if self._evaluation is None else _stamp(info, now, b"")), None
            blob = _pickled(facts)
            body = _LENGTH.pack(len(blob)) + blob
        assert body is not None
        outcome = evaluator.check(facts)
        if self._evaluation is None:
            return outcome, None, (self._store(key, body) if fresh else None)
        rows = [_row(f) for f in outcome.findings]  # tuples load faster than records
        record = (outcome.kind, outcome.suppressions, outcome.collected, rows)
        recorded = pickle.dumps(record, _PROTOCOL)
        entry = self._store(key, body + self._evaluation + recorded)
        return outcome, _stamp(info, now, recorded), entry

    def _replay(self, display: str, stored: bytes) -> Outcome | None:
        """The outcome an entry stored, when it was made by this run's evaluation."""
        if self._evaluation is None or stored[:_DIGEST] != self._evaluation:
            return None
        return _outcome(display, stored[_DIGEST:])

    # -- the stat index (main process) -----------------------------------------------------
    def stat_index(self, options: ReadOptions, files: int) -> StatIndex | None:
        """The stat index of this evaluation and these reader options, for a run of
        ``files`` files; None for a small run (it would cost more than it saves) or one
        whose findings cannot be stored."""
        if files < STAT_INDEX or self._evaluation is None:
            return None
        name = _blake(self._evaluation + _options_digest(options)).hexdigest()
        self._packing = True
        return StatIndex.load(os.path.join(self._root, INDEX_PREFIX + name[:32]))

    # -- entries ---------------------------------------------------------------------------
    def missing(self) -> bool:
        """Files are missing from the cache often enough for worker processes to pay off."""
        return sum(self._recent) >= MISSES

    def _path(self, key: str) -> str:
        return os.path.join(self._root, key[:2], key[2:])

    def _load(self, key: str) -> bytes | None:
        """An entry's body, when it exists and is whole: its own file, else the newest pack
        that holds it; the pack's when the file's was made by another evaluation and the
        pack's by this run's."""
        try:
            data = read_at_most(self._path(key), None)
        except OSError:
            data = None
        own = None if data is None else _body(data)
        if own is not None and (self._evaluation is None or _evaluated(own) == self._evaluation):
            return own
        packed = self._packs_of().get(bytes.fromhex(key))
        body = None if packed is None else _body(packed)
        if body is None or (own is not None and _evaluated(body) != self._evaluation):
            return own
        return body

    def _packs_of(self) -> Packs:
        if self._packs is None:
            from policylint.packs import Packs

            self._packs = Packs(self._root)
        return self._packs

    def open_packs(self) -> None:
        """Read the packs' tables before many lookups (worker processes forked after share
        them)."""
        self._packs_of().load()

    def _store(self, key: str, body: bytes) -> Entry | None:
        """Keep an entry: written to its own file, or (a large run) given back for the
        run's pack."""
        if self._failed:
            return None
        data = seal(body, MAGIC)
        self.writes += 1
        if self._packing:
            return bytes.fromhex(key), data
        if self.writes <= _SYNC_WRITES or os.getpid() != self._pid:  # a worker: no thread
            if not replace_file(self._path(key), data):
                self._failed = True
            return None
        if self._writer is None:
            self._writer = _Writer()
        if not self._writer.put(self._path(key), data):
            replace_file(self._path(key), data)  # the writer is behind: help it
        return None

    def pack(self, entry: Entry | None) -> None:
        """Add an entry (from :meth:`stamped`, in any process) to this run's pack (main
        process)."""
        if entry is None or self._failed:
            return
        if self._pack is None:
            try:
                from policylint.packs import PackWriter

                self._pack = PackWriter(self._root)
            except OSError:
                self._failed = True
                return
        try:
            self._pack.add(*entry)
        except OSError:
            self._pack.abandon()
            self._failed = True

    def close(self, files: int = 0, index: StatIndex | None = None, complete: bool = True) -> None:
        """Finish writing: save ``index`` (the stat index; discarded when the run did not
        go to its end), finish the run's pack and tidy the packs, and remove the entries of
        their own when they have grown past their bound.

        Measured after every run that could have written: worker processes write entries
        this object does not count, so its own writes cannot tell.
        """
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if index is not None and complete:
            index.save()
        elif index is not None:
            index.discard()
        if self._packs is not None:
            self._packs.close()  # merged packs are removed: none may stay open (Windows)
            self._packs = None
        bound = max(MAX_ENTRIES, 3 * files)
        if self._pack is not None:
            self._close_pack(bound)
        if (self.writes or files) and _estimate_entries(self.folder) > bound:
            _remove_entries(self.folder)

    def _close_pack(self, bound: int) -> None:
        """Finish this run's pack, then tidy the packs (:func:`~policylint.packs.tidy`)."""
        from policylint.packs import tidy

        assert self._pack is not None
        pack, self._pack = self._pack, None
        if self._failed:
            pack.abandon()
            return
        written = pack.finish()
        if written is not None:
            with contextlib.suppress(OSError):  # a cache that cannot be tidied costs space
                tidy(self._root, written, bound)


Entry = tuple[bytes, bytes]
"""An entry for a pack: its key (32 bytes) and its sealed bytes."""
Stamped = tuple[Outcome | None, bytes | None, Entry | None]
"""What :meth:`ResultCache.stamped` gives: the outcome, the stamp, the entry for a pack."""


def _evaluated(body: bytes) -> bytes:
    """The digest of the evaluation whose findings an entry's body holds (empty: none)."""
    (size,) = _LENGTH.unpack_from(body)
    return body[4 + size : 4 + size + _DIGEST]


def _body(data: bytes) -> bytes | None:
    """A sealed entry's body, when it is whole."""
    body = unseal(data, MAGIC)
    if body is None or len(body) < 4:
        return None
    (size,) = _LENGTH.unpack_from(body)
    return body if 4 + size <= len(body) else None


def read_at_most(path: str | Path, limit: int | None) -> bytes | None:
    """A regular file's bytes (:func:`~policylint.readers.read_regular`); None when it is
    not one or holds more than ``limit``."""
    return read_regular(path, limit)[0]


class StatIndex:
    """What each file of the last large run said, by ``stat``: display path -> stamp (the
    ``fstat`` of the read that made the outcome, and the outcome's record).

    A file whose ``stat`` is the one stamped holds the bytes that were read then: its
    outcome is replayed without opening it or its entry. Every other file is checked the
    ordinary way, and its fresh stamp taken into the index of this run, which holds the
    files of this run only. Its stamps are written as they come (:class:`_IndexWriter`),
    so that a run of 100,000 files does not hold them all; the index is put in place when
    the run completes, unless it is the one loaded.
    """

    __slots__ = ("changed", "kept", "loaded", "old", "path", "same", "writer")

    def __init__(self, path: str, old: dict[str, bytes]) -> None:
        self.path = path
        self.old = old
        self.loaded = len(old)
        self.kept = 0
        self.changed = False
        self.same = False
        """Every file of the run matched a stamp, and the run has as many files as the
        index: it is the index of this run, and its stamps are not written again, until a
        stamp's record does not load (the stamps from there on are written then: the files
        before go the ordinary way next time, from their entries)."""
        self.writer = _IndexWriter(path)

    @classmethod
    def load(cls, path: str) -> StatIndex:
        """The index at ``path``; an empty one when it is missing, damaged or cut short."""
        return cls(path, _load_index(path))

    def match(self, files: Sequence[FileItem]) -> list[bytes | None]:
        """For each file, its stamp when its ``stat`` is still the stamped one, else None
        (once: the stamps loaded are let go, but for those returned)."""
        old, self.old = self.old, {}
        if not old:
            return [None] * len(files)
        pack = _SIGNATURE.pack
        out: list[bytes | None] = []
        for path, display in files:
            stamp = old.get(display)
            if stamp is not None:
                try:
                    info = os.stat(path)
                    signature = pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
                except (OSError, ValueError, struct.error):
                    stamp = None
                else:
                    if not stamp.startswith(signature):
                        stamp = None
            out.append(stamp)
        self.same = len(files) == self.loaded and None not in out
        return out

    def replay(self, display: str, stamp: bytes) -> tuple[bool, Outcome | None]:
        """Whether a matched stamp's record loads (it is then kept for the next run), and the
        outcome it holds (None: no reader takes the file). A record that does not load:
        the file is checked, and :meth:`add` takes its new stamp."""
        if len(stamp) == _STAMPED:
            self._keep(display, stamp)
            return True, None
        if len(stamp) == _NOTHING_STAMPED and stamp.endswith(_NOTHING):
            outcome: Outcome | None = Outcome(display)  # most files: nothing to say
        else:
            outcome = _outcome(display, memoryview(stamp)[_STAMPED:])
        if outcome is None:
            return False, None
        self._keep(display, stamp)
        return True, outcome

    def add(self, display: str, stamp: bytes | None) -> None:
        """A file checked the ordinary way; its stamp, when it has one (not racily clean)."""
        self.changed = True
        self.same = False
        if stamp is not None:
            self._keep(display, stamp)

    def _keep(self, display: str, stamp: bytes) -> None:
        self.kept += 1
        if not self.same:  # the index loaded is this run's: nothing to write
            self.writer.add(display, stamp)

    def save(self) -> None:
        """Put the index of this run in place (atomically), unless it is the one loaded
        (then only its time is set: the indexes kept are the ones used last)."""
        if not self.changed and self.kept == self.loaded:
            self.writer.discard()
            with contextlib.suppress(OSError):
                os.utime(self.path)
        elif self.writer.finish():
            _prune_indexes(*os.path.split(self.path))

    def discard(self) -> None:
        """The run did not complete: its index is not written."""
        self.writer.discard()


_CHUNK = 16_384
"""Stamps held before they are written to the index being made (a run of fewer files writes
none unless its index changed)."""


class _IndexWriter:
    """A stat index written as its stamps come, in pickled chunks of :data:`_CHUNK`
    (display, stamp) pairs, sealed as it goes (:class:`~policylint.cache.Sealing`) into a
    temporary file put in place at :meth:`finish`. A file that cannot be written only costs
    the next run time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.pending: list[tuple[str, bytes]] = []
        self.out: Sealing | None = None
        self.failed = False

    def add(self, display: str, stamp: bytes) -> None:
        self.pending.append((display, stamp))
        if len(self.pending) >= _CHUNK:
            self._flush()

    def _flush(self) -> None:
        chunk, self.pending = self.pending, []
        if self.failed:
            return
        try:
            if self.out is None:
                folder, name = os.path.split(self.path)
                self.out = Sealing(Staged(folder, name), INDEX_MAGIC)
            pickler = pickle.Pickler(self.out, _PROTOCOL)
            pickler.fast = True  # no memo: nothing in an index is shared
            pickler.dump(chunk)  # written through: nothing buffered for a forked worker
        except OSError:
            self.failed = True
            self.out = None  # the staged file removed itself

    def finish(self) -> bool:
        """Write what is left and put the index in place; False when it cannot be."""
        self._flush()
        if self.out is None:
            return False
        out, self.out = self.out, None
        try:
            out.commit(self.path)
        except OSError:
            return False
        return True

    def discard(self) -> None:
        self.pending = []
        if self.out is not None:
            self.out.staged.discard()
            self.out = None


def _load_index(path: str) -> dict[str, bytes]:
    """The stamps of the index at ``path``; none when it is missing or fails its checksum.

    Checked, then unpickled chunk by chunk as it is read from the file: a large run's index
    (some 30 MB for 100,000 files) is never held in memory beside the stamps it holds."""
    index: dict[str, bytes] = {}
    try:
        with open(path, "rb") as handle:
            if not unsealed(handle, INDEX_MAGIC):
                return {}
            unpickler = pickle.Unpickler(handle)
            while handle.peek(1):
                pairs = unpickler.load()
                if type(pairs) is not list:
                    return {}
                index.update(pairs)
    except Exception:  # missing, unreadable, or a sound checksum over something else
        return {}
    return index


def _write_index(path: str, index: dict[str, bytes]) -> bool:
    """Write ``index`` to ``path`` as a run writes it; False when it cannot be."""
    writer = _IndexWriter(path)
    for display, stamp in index.items():
        writer.add(display, stamp)
    return writer.finish()


def _prune_indexes(folder: str, keep: str) -> None:
    """Remove the least recently written stat indexes beyond :data:`MAX_INDEXES`."""
    found: list[tuple[int, str]] = []
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.startswith(INDEX_PREFIX) and entry.name != keep:
                with contextlib.suppress(OSError):
                    found.append((entry.stat().st_mtime_ns, entry.path))
    found.sort(reverse=True)
    for _, old in found[MAX_INDEXES - 1 :]:
        with contextlib.suppress(OSError):
            os.unlink(old)


def _stamp(info: os.stat_result, now: int, record: bytes) -> bytes | None:
    """A file's stamp (:class:`StatIndex`); None when it is racily clean (:data:`RACY_NS`):
    modified less than that before ``now``, when its read began."""
    if now - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
        return None
    try:
        signature = _SIGNATURE.pack(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    except struct.error:
        return None
    return signature + record


def _outcome(display: str, record: bytes | memoryview) -> Outcome | None:
    """The outcome a stored record holds; None when it does not load."""
    try:
        kind, suppressions, collected, rows = pickle.loads(record)
        findings = [Finding(*row) for row in rows]
    except Exception:  # a damaged record: evaluate again, rewrite it
        return None
    return Outcome(display, findings, kind, suppressions, collected)


def _facts(body: bytes, data: bytes) -> FileFacts | None:
    """The facts an entry holds (``data``: the bytes of the file it was made from); None
    when they do not load (the file is read again)."""
    try:
        facts = _FactsUnpickler(body[4:], data).load()
    except Exception:
        return None
    return facts if isinstance(facts, FileFacts) else None


class _FactsPickler(pickle.Pickler):
    """Pickles facts as an entry keeps them: a location not looked up yet stays deferred
    (:meth:`DeferredLocation.stored`) rather than being looked up to be pickled, and the
    text it is to be looked up in is not kept. The entry's name stands for the file's
    bytes: :class:`_FactsUnpickler` is given them back, and a digest of the text makes
    sure it is the one the reader placed keys in."""

    def reducer_override(self, obj: Any) -> Any:
        cls = obj.__class__
        if cls is DeferredLocation:
            return obj.stored()
        if cls is _STORED_PLACES:
            return (_file_text, (_text_digest(obj.text),))
        return NotImplemented


def _file_text(digest: bytes) -> Any:
    """Stands in a pickle for the places of the text of the file an entry was made from;
    only :class:`_FactsUnpickler` can load it."""
    raise pickle.UnpicklingError("an entry's facts load with the bytes of their file")


class _FactsUnpickler(pickle.Unpickler):
    """Loads what :class:`_FactsPickler` made, given the file's bytes back."""

    def __init__(self, body: bytes, data: bytes) -> None:
        super().__init__(io.BytesIO(body))
        self.data = data

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _file_text.__name__:
            return self._places
        return super().find_class(module, name)

    def _places(self, digest: bytes) -> Any:
        from policylint.jsontext import StoredPlaces
        from policylint.readers import decode

        text = decode(self.data)
        if digest != _text_digest(text):
            raise pickle.UnpicklingError("the entry's text is not the file's")
        return StoredPlaces(text)


def _text_digest(text: str) -> bytes:
    return _blake(text.encode("utf-8", "surrogatepass")).digest()[:8]


def _pickled(facts: FileFacts) -> bytes:
    global _STORED_PLACES
    if _STORED_PLACES is None:
        from policylint.jsontext import StoredPlaces

        _STORED_PLACES = StoredPlaces
    buffer = io.BytesIO()
    _FactsPickler(buffer, _PROTOCOL).dump(facts)
    return buffer.getvalue()


_STORED_PLACES: type | None = None


def _row(finding: Finding) -> tuple[Any, ...]:
    return tuple(getattr(finding, name) for name in _FINDING_FIELDS)


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


class _Writer:
    """Writes entries from a thread, so that creating files overlaps evaluation."""

    def __init__(self) -> None:
        import queue
        import threading

        self.queue: queue.SimpleQueue[tuple[str, bytes] | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="policylint-cache", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        failed = False
        while True:
            item = self.queue.get()
            if item is None:
                return
            if not failed:
                failed = not replace_file(*item)

    def put(self, path: str, data: bytes) -> bool:
        """Queue an entry; False when too many wait already (the caller writes it)."""
        if self.queue.qsize() >= _QUEUED:
            return False
        self.queue.put((path, data))
        return True

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()


def _hash(options: bytes, display: str, name: str, data: bytes) -> str:
    """An entry's name: the reader options, where the file is, and what it holds."""
    head = f"{len(display)}:{display}\x00{name}\x00".encode("utf-8", "surrogateescape")
    return _blake(options + head + data).hexdigest()


_OPTIONS: list[tuple[ReadOptions, bytes]] = []


def _options_digest(options: ReadOptions) -> bytes:
    """The digest of the reader options (one object per run, usually: found by identity)."""
    for known, digest in _OPTIONS:
        if known is options:
            return digest
    digest = _blake(repr(options).encode()).digest()
    _OPTIONS.insert(0, (options, digest))
    del _OPTIONS[8:]
    return digest


def _stable(value: Any) -> str:
    """A text standing for plain data (what YAML gives), the same for equal data: mappings
    in key order."""
    if isinstance(value, Mapping):
        pairs = sorted((_stable(k), _stable(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    return repr(value)


def _blake(data: bytes) -> hashlib.blake2b:
    """A 32-byte BLAKE2b hash of ``data`` (entry names and digests)."""
    return blake2b(data, digest_size=32)


def evaluation_digest(evaluator: Evaluator) -> bytes | None:
    """What the findings of a file depend on besides its facts: the policy, the active rules,
    the severities. None when stored findings cannot stand for an evaluation (unused
    suppressions are judged over the whole run, as findings are made)."""
    if evaluator.unused_rule is not None:
        return None
    policy = evaluator.policy
    selection = evaluator.selection
    active = [
        *evaluator.rules,
        *evaluator.by_problem.values(),
        *(r for r, _ in evaluator.run_checks),
    ]
    parts = [
        __version__,
        policy.path,
        policy.digest,
        _stable(policy.raw),
        _stable(sorted(selection.severity.items())),
    ]
    for rule in sorted(active, key=lambda r: r.code):
        parts += [rule.code, rule.name, rule.severity, rule.builtin or "", rule.options]
        parts.append(_stable(rule.raw))
    return _blake("\x00".join(parts).encode()).digest()


# -- the code digest ---------------------------------------------------------------------------
def _code_files() -> list[Path]:
    from policylint.resources import shipped_dir

    package = Path(__file__).resolve().parent
    roots = [package]
    with contextlib.suppress(FileNotFoundError):
        roots.append(shipped_dir("schemas"))
    out: list[Path] = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            out += (Path(dirpath, f) for f in sorted(filenames) if not f.endswith(".pyc"))
    return out


_DIGESTS: dict[Path | None, str] = {}


def code_digest(memo: Path | None = None) -> str:
    """A hash of policylint's version, source files and shipped schemas (once per process:
    the code that runs does not change under it)."""
    known = _DIGESTS.get(memo)
    if known is None:
        known = _DIGESTS[memo] = _code_digest(memo)
    return known


def _code_digest(memo: Path | None = None) -> str:
    """A hash of policylint's version, source files and shipped schemas.

    Hashing the files' content costs a few milliseconds; ``memo`` (a folder) remembers it by
    their sizes and modification times, which a few ``stat`` calls check.
    """
    files = _code_files()
    stats = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append(f"{path}\x00{st.st_size}\x00{st.st_mtime_ns}")
    listing = _blake("\n".join([__version__, *stats]).encode()).hexdigest()
    marker = memo / listing[:32] if memo is not None else None
    if marker is not None:
        with contextlib.suppress(OSError, UnicodeError):
            known = marker.read_text(encoding="ascii").strip()
            if len(known) == 64:
                return known
    h = _blake(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in files:
        with contextlib.suppress(OSError):
            name = path.relative_to(package) if path.is_relative_to(package) else path.name
            h.update(f"\x00{name}\x00".encode())
            h.update(path.read_bytes())
    content = h.hexdigest()
    if marker is not None and memo is not None:
        with contextlib.suppress(OSError):
            if memo.is_dir():
                for old in memo.iterdir():  # one marker: the code that runs now
                    with contextlib.suppress(OSError):
                        old.unlink()
            replace_file(marker, content.encode("ascii"))
    return content


def _prune_versions(root: Path, keep: str) -> None:
    """Remove the entry folders of other policylint versions (or code)."""
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.name not in (keep, CODE) and child.is_dir():
                import shutil

                shutil.rmtree(child, ignore_errors=True)


def _remove_entries(folder: Path) -> None:
    """Remove the entries of their own in ``folder`` (its 256 shards), not its packs or
    stat indexes."""
    import shutil

    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if len(entry.name) == 2 and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)


def _estimate_entries(folder: Path) -> int:
    """Entries in ``folder``, estimated from two of its 256 shards."""
    total = 0
    for shard in ("00", "80"):
        with contextlib.suppress(OSError):
            total += sum(1 for _ in os.scandir(folder / shard))
    return total * 128
