"""The cache folder (``.policylint_cache`` beside the project config or policy).

It holds these, each keyed by content so that none can be stale:

- ``v<version>/<schema>/<hash>``: which documents already passed their JSON Schema, so
  that an unchanged policy, config or rule is not validated again (jsonschema costs ~80 ms
  to import). These are empty marker files named by hash: writing one is idempotent and
  safe when several processes run at once;
- ``project/``: the loaded config, policy and rules (:mod:`policylint.projectcache`);
- ``results/``: what each file said (:mod:`policylint.resultcache`).

Entries of ``project/`` are sealed (:func:`seal`): one that is truncated or
damaged is ignored. A corrupt or missing cache only costs time. ``POLICYLINT_CACHE_DIR`` moves it;
``--no-cache`` (or ``cache: false``) turns it off.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from policylint import __version__

try:  # hashlib's own BLAKE2, without the ~2 ms load of OpenSSL that ``import hashlib`` costs
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - a Python without the module
    from hashlib import blake2b as blake2b

CACHE_DIRNAME = ".policylint_cache"
_SEAL = b"PLC2"
CHECKSUM = 16
"""Bytes of a sealed file's checksum (BLAKE2b)."""


class Cache:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    @classmethod
    def disabled(cls) -> Cache:
        return cls(None)

    @classmethod
    def at(cls, project_root: Path) -> Cache:
        override = os.environ.get("POLICYLINT_CACHE_DIR")
        return cls(Path(override) if override else project_root / CACHE_DIRNAME)

    def _marker(self, kind: str, digest: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"v{__version__}" / kind / digest

    def known(self, kind: str, digest: str) -> bool:
        marker = self._marker(kind, digest)
        return marker is not None and marker.exists()

    def remember(self, kind: str, digest: str) -> None:
        marker = self._marker(kind, digest)
        if marker is None:
            return
        try:
            self._prepare()
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only tree: run without the cache

    def folder(self, name: str) -> Path | None:
        """The folder ``name`` in the cache (created); None when the cache is off or read-only."""
        if self.directory is None:
            return None
        try:
            self._prepare()
            path = self.directory / name
            path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return path

    def _prepare(self) -> None:
        assert self.directory is not None
        if not self.directory.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text("# created by policylint\n*\n")
            (self.directory / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# policylint cache\n"
            )


_ACTIVE: Cache | None = None


def activate(cache: Cache | None) -> None:
    """Make ``cache`` the one this run reads and writes (None: none), for the loaders that
    are called deep inside a run (schema validation, data files)."""
    global _ACTIVE
    _ACTIVE = cache


def active() -> Cache:
    """The cache of this run (:func:`activate`), or a disabled one."""
    return _ACTIVE if _ACTIVE is not None else Cache.disabled()


def seal(body: bytes, magic: bytes = _SEAL) -> bytes:
    """``body`` behind ``magic`` (what kind of file it is) and a checksum, for
    :func:`unseal`."""
    return magic + blake2b(body, digest_size=CHECKSUM).digest() + body


def unseal(data: bytes, magic: bytes = _SEAL) -> bytes | None:
    """The body of a file :func:`seal` made with ``magic``; None when it is truncated,
    damaged or not one."""
    head = len(magic) + CHECKSUM
    if len(data) < head or not data.startswith(magic):
        return None
    body = data[head:]
    sound = blake2b(body, digest_size=CHECKSUM).digest() == data[len(magic) : head]
    return body if sound else None


class Sealing:
    """A file sealed as :func:`seal` seals one, written as it comes (into a :class:`Staged`)
    rather than whole: its checksum is written over the place kept for it at
    :meth:`commit`."""

    def __init__(self, staged: Staged, magic: bytes = _SEAL) -> None:
        self.staged = staged
        self.hash = blake2b(digest_size=CHECKSUM)
        self.at = len(magic)
        staged.write(magic + bytes(CHECKSUM))

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.hash.update(data)
        self.staged.write(data)
        return len(data)

    def commit(self, target: str) -> None:
        self.staged.write_at(self.at, self.hash.digest())
        self.staged.commit(target)


def unsealed(handle: BinaryIO, magic: bytes = _SEAL) -> bool:
    """Whether the open file ``handle`` is one :func:`seal` (or :class:`Sealing`) made with
    ``magic``, checked as it is read, without holding it; when it is, ``handle`` is left at
    its body."""
    head = len(magic) + CHECKSUM
    start = handle.read(head)
    if len(start) < head or not start.startswith(magic):
        return False
    hashed = blake2b(digest_size=CHECKSUM)
    while chunk := handle.read(1 << 20):
        hashed.update(chunk)
    if hashed.digest() != start[len(magic) :]:
        return False
    handle.seek(head)
    return True


def read_entry(path: Path) -> bytes | None:
    """The body of the sealed entry at ``path``; None when there is no sound one."""
    try:
        with open(path, "rb") as handle:
            return unseal(handle.read())
    except OSError:
        return None


def write_entry(path: Path, body: bytes) -> None:
    """Seal ``body`` into ``path`` (:func:`replace_file`). Failures only cost time."""
    replace_file(path, seal(body))


def replace_file(path: str | Path, content: bytes) -> bool:
    """Write a file of the cache folder through a temporary file beside it and an atomic
    ``os.replace`` (:class:`Staged`): readers see a whole file, and concurrent writers
    (processes or threads) each write a whole one; the last rename wins. The folder is made
    when it is missing (an overgrown one is emptied). False when the file cannot be
    written; no temporary file is left behind, whatever stops the write."""
    target = os.fspath(path)
    folder, name = os.path.split(target)
    try:
        try:
            staged = Staged(folder, name[:16])
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            staged = Staged(folder, name[:16])
        staged.write(content)
        staged.commit(target)
    except OSError:
        return False
    return True


class Staged:
    """A file of the cache folder being written: under a temporary name beside where it
    goes (``.<stem>.<pid>.<random>.tmp``, created exclusively: unique across the processes
    and hosts sharing a cache), put in place whole by :meth:`commit`, removed by
    :meth:`discard` or by whatever stops a write. A run killed meanwhile leaves it behind
    (:func:`remove_stale`). OSError when it cannot be written."""

    def __init__(self, folder: str, stem: str) -> None:
        token = f"{os.getpid()}.{os.urandom(6).hex()}"
        self.path = os.path.join(folder, f".{stem}.{token}{_STAGED}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        self._fd = os.open(self.path, flags, 0o644)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Append ``data``, all of it."""
        with self._or_discard():
            self._write(data)

    def write_at(self, offset: int, data: bytes) -> None:
        """Write ``data`` over what is at ``offset``; later writes append again."""
        with self._or_discard():
            os.lseek(self._fd, offset, os.SEEK_SET)
            self._write(data)
            os.lseek(self._fd, 0, os.SEEK_END)

    def commit(self, target: str) -> None:
        """Close the file and put it in place of ``target``, atomically."""
        with self._or_discard():
            os.close(self._fd)
            self._fd = -1
            os.replace(self.path, target)

    def discard(self) -> None:
        """Stop writing and remove what was written."""
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def _write(self, data: bytes | bytearray | memoryview) -> None:
        with memoryview(data) as view:
            while view:
                view = view[os.write(self._fd, view) :]

    @contextlib.contextmanager
    def _or_discard(self) -> Iterator[None]:
        """A full disk, or an interrupt: nothing is left behind."""
        try:
            yield
        except BaseException:
            self.discard()
            raise


_STAGED = ".tmp"
STALE_NS = 3600 * 10**9
"""A temporary file not written for this long was left by a run that was killed."""


def remove_stale(folder: str) -> None:
    """Remove the temporary files (:class:`Staged`) of ``folder`` that runs killed more than
    :data:`STALE_NS` ago left behind."""
    now = time.time_ns()
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if entry.name.startswith(".") and entry.name.endswith(_STAGED):
                with contextlib.suppress(OSError):
                    if now - entry.stat().st_mtime_ns > STALE_NS:
                        os.unlink(entry.path)


def digest(*parts: bytes | str) -> str:
    """A hex key for ``parts`` (64 characters)."""
    h = blake2b(digest_size=32)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()
