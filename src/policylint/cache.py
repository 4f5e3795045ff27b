"""The cache folder (``.policylint_cache`` beside the project config or policy).

It remembers which documents already passed their JSON Schema, by content hash, so that
an unchanged policy, config or rule is not validated again (jsonschema costs ~80 ms to
import). Entries are empty marker files named by hash: writing one is idempotent and
safe when several processes run at once; a corrupt or missing cache only costs time.
``POLICYLINT_CACHE_DIR`` moves it; ``--no-cache`` (or ``cache: false``) turns it off.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from policylint import __version__

CACHE_DIRNAME = ".policylint_cache"


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


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()
