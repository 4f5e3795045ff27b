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
        shown = path.relative_to(cwd).as_posix()
    except ValueError:
        try:
            shown = Path(os.path.relpath(path, cwd)).as_posix()
        except ValueError:
            shown = path.as_posix()
    return shown if shown.isprintable() else _printable(shown)


def _printable(shown: str) -> str:
    """A name reports can carry: bytes that are not UTF-8 as ``\\xff``, control characters as
    ``\\n`` or ``\\x1b`` (a file name never breaks a report line or sends a terminal escape)."""
    try:
        text = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


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
        elif path.is_symlink() or path.exists():
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
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a link loop
        result.skipped.append(f"{shown}: symbolic link loops or leads nowhere; not followed")
        return
    if path.is_symlink():
        if not target.is_relative_to(root.resolve()):
            result.skipped.append(f"{shown}: symbolic link leads out of the tree; not followed")
            return
        if target.is_dir():
            return  # links to folders are never followed; what they hold is here anyway
    if not target.is_file():
        result.skipped.append(f"{shown}: not a regular file; not read")
        return
    if target in skip:
        return
    seen.add(shown)
    result.files.append((path, shown))


def _walk(
    top: Path, cwd: Path, ignore: _Ignore, result: Discovery, seen: set[str], skip: set[Path]
) -> None:
    def onerror(exc: OSError) -> None:
        shown = display_path(Path(exc.filename), cwd) if exc.filename else str(top)
        result.skipped.append(f"{shown}: cannot read folder: {exc.strerror}")

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        directory = Path(dirpath)
        ignore.add_gitignore(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in DEFAULT_EXCLUDES
            and not ignore.ignored(directory / d, True)
            and not _is_link(directory / d, top, cwd, result)
        )
        for name in sorted(filenames):
            path = directory / name
            if is_candidate(path) and not ignore.ignored(path, False):
                _add(path, top, cwd, result, seen, skip)


def _is_link(path: Path, top: Path, cwd: Path, result: Discovery) -> bool:
    """Whether the folder ``path`` is a symbolic link (never followed; noted when it leads out
    of the tree, since what it holds is then not checked at all)."""
    if not path.is_symlink():
        return False
    try:
        inside = path.resolve(strict=True).is_relative_to(top.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        shown = display_path(path, cwd)
        result.skipped.append(f"{shown}: symbolic link leads out of the tree; not followed")
    return True
