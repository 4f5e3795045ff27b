"""Which files a run reads: walking directories, honouring excludes and ``.gitignore``.

Symbolic links to directories are never followed; a linked file is read only when it
resolves inside the tree being checked (``skipped`` says which were passed over and why).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policylint.readers import reader_name

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".policylint_cache", ".terraform",
)  # fmt: skip
_CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass
class Discovery:
    files: list[tuple[Path, str]] = field(default_factory=list)
    """(path, display path) pairs, sorted by display path."""
    skipped: list[str] = field(default_factory=list)
    """Notes on paths passed over (links leading out of the tree, unreadable folders)."""


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory with ``/`` separators (absolute when outside)."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        try:
            return Path(os.path.relpath(path, cwd)).as_posix()
        except ValueError:
            return path.as_posix()


class _Ignore:
    """Exclude patterns from the config plus every ``.gitignore`` met on the way down."""

    def __init__(self, root: Path, patterns: Sequence[str]) -> None:
        self.root = root
        self.specs: list[tuple[Path, Any]] = []
        if patterns:
            self.specs.append((root, _spec(patterns)))

    def add_gitignore(self, directory: Path) -> None:
        gitignore = directory / ".gitignore"
        if gitignore.is_file():
            try:
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            self.specs.append((directory, _spec(lines)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in self.specs:
            try:
                rel = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False


def _spec(lines: Iterable[str]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(lines))


def is_candidate(path: Path) -> bool:
    """Could policylint read this file? (By name; YAML/JSON are decided by content later.)"""
    return path.suffix.lower() in _CANDIDATE_SUFFIXES or reader_name(path, None) is not None


def discover(
    paths: Sequence[str], cwd: Path, exclude: Sequence[str] = (), skip: Iterable[Path] = ()
) -> Discovery:
    """Every candidate file under ``paths`` (default: the working directory)."""
    result = Discovery()
    skipped_paths = {p.resolve() for p in skip}
    seen: set[str] = set()
    ignore = _Ignore(cwd, exclude)
    for arg in paths or ["."]:
        path = (cwd / arg) if not Path(arg).is_absolute() else Path(arg)
        if path.is_dir() and not path.is_symlink():
            _walk(path, cwd, ignore, result, seen, skipped_paths)
        elif path.is_file() or path.is_symlink():
            if not ignore.ignored(path, False):
                _add(path, path.parent, cwd, result, seen, skipped_paths)
        else:
            result.skipped.append(f"{arg}: no such file or directory")
    result.files.sort(key=lambda item: item[1])
    return result


def _add(
    path: Path, root: Path, cwd: Path, result: Discovery, seen: set[str], skip: set[Path]
) -> None:
    shown = display_path(path, cwd)
    if shown in seen:
        return
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            result.skipped.append(f"{shown}: symbolic link leads out of the tree; not followed")
            return
        if not target.is_file():
            return
    if path.resolve() in skip:
        return
    seen.add(shown)
    result.files.append((path, shown))


def _walk(
    top: Path, cwd: Path, ignore: _Ignore, result: Discovery, seen: set[str], skip: set[Path]
) -> None:
    def onerror(exc: OSError) -> None:
        result.skipped.append(f"{exc.filename}: cannot read folder: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        directory = Path(dirpath)
        ignore.add_gitignore(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in DEFAULT_EXCLUDES
            and not (directory / d).is_symlink()
            and not ignore.ignored(directory / d, True)
        )
        for name in sorted(filenames):
            path = directory / name
            if is_candidate(path) and not ignore.ignored(path, False):
                _add(path, top, cwd, result, seen, skip)
