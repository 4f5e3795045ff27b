"""Which files a run reads: walking directories, honouring excludes and ``.gitignore``.

The project config's ``include`` entries are paths, or gitignore patterns selecting files
under the config's folder (:func:`discover`).

Symbolic links to directories are never followed; a linked file is read only when it
resolves inside the tree being checked (``skipped`` says which were passed over and why).
The walk is a loop, not a recursion (any depth), and ignore patterns match under a time
limit: a pattern such as ``*a*a*a*a*b`` backtracks for minutes on a long path.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from policylint.readers import reader_for_name

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules", "__pycache__",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".policylint_cache", ".terraform",
)  # fmt: skip
_CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml")
MATCH_SECONDS = 0.25
"""Longest one path may take to match one ignore file's patterns (a real one takes µs)."""
MAX_GITIGNORE_BYTES = 1024 * 1024
_WILDCARDS = frozenset("*?[")

_Spec = tuple[Path, Any, str]
"""Patterns: the folder they are relative to, the compiled spec, their source as notes say."""


class Discovery:
    """The files of a run, and what was passed over."""

    __slots__ = ("files", "skipped", "unmatched")

    def __init__(self) -> None:
        self.files: list[tuple[str, str]] = []
        """(path, display path) pairs, sorted by display path; a path is a string (a
        repository's worth of ``Path`` objects would take several times the memory),
        relative to the process's working folder when :func:`discover` is asked to."""
        self.skipped: list[str] = []
        """Notes on paths passed over (links leading out of the tree, unreadable folders)."""
        self.unmatched: list[str] = []
        """The ``include`` entries that select no file: a path that does not exist, a
        pattern that matches no file left by ``exclude`` and ``.gitignore``."""


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
    """Exclude patterns from the config plus every ``.gitignore`` met on the way down, and
    the config's ``include`` patterns (:meth:`kept`)."""

    def __init__(
        self, root: Path, patterns: Sequence[str], cwd: Path, notes: list[str], timed: bool
    ) -> None:
        self.cwd = cwd
        self.notes = notes
        self.timed = timed
        self.specs: list[_Spec] = []
        self.read: set[Path] = set()
        """The folders whose .gitignore was looked for."""
        self.include: _Include | None = None
        self.exclude: _Spec | None = None
        """The config's ``exclude`` (the one spec a file named on the command line meets)."""
        if patterns:
            self.exclude = (root, _spec(patterns, "exclude"), "the project config's `exclude`")
            self.specs.append(self.exclude)

    def add_ancestors(self, folder: Path) -> None:
        """The .gitignore files of ``folder`` and the folders above it, up to the root of
        its repository, as git applies them: a run from a subfolder (or of one named file)
        leaves out what a run from the root does. Outside a repository, none above is known
        to apply."""
        if ".." in folder.parts:
            return  # its parents by name are not its parents on disk
        chain = []
        for directory in (folder, *folder.parents):
            chain.append(directory)
            if (directory / ".git").exists():
                break
        else:
            return
        for directory in reversed(chain):
            self.add_gitignore(directory)

    def add_gitignore(self, directory: Path) -> None:
        if directory in self.read:
            return
        self.read.add(directory)
        gitignore = directory / ".gitignore"
        if gitignore.is_symlink():  # as git does: a linked .gitignore is not followed
            shown = display_path(gitignore, self.cwd)
            self.notes.append(f"{shown}: symbolic link; not followed")
        elif gitignore.is_file():
            try:
                if gitignore.stat().st_size > MAX_GITIGNORE_BYTES:
                    shown = display_path(gitignore, self.cwd)
                    self.notes.append(f"{shown}: larger than 1 MiB; not applied")
                    return
                lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                return
            shown = display_path(gitignore, self.cwd)
            self.specs.append((directory, _spec(lines, shown, self.notes), shown))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        if not self.specs:
            return False
        return self._timed(lambda current: self._ignored(path, is_dir, current))

    def kept(self, path: str) -> bool:
        """Whether the config's ``include`` patterns keep the file ``path`` (absolute)."""
        return self.include is None or self._timed(lambda current: self._kept(path, current))

    def _kept(self, path: str, current: list[_Spec]) -> bool:
        return self.include is None or self.include.keeps(path, current)

    def _timed(self, match: Callable[[list[_Spec]], bool]) -> bool:
        """``match(current)``, which puts in ``current`` the spec it is matching, under the
        time limit: a spec that runs out of time is dropped, with a note, and ``match``
        called again."""
        if not self.timed:
            return match([])
        current: list[_Spec] = []
        signal.setitimer(signal.ITIMER_REAL, MATCH_SECONDS)
        try:
            return match(current)
        except _TooSlow:
            self._drop(current[0])
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return self._timed(match)

    def _drop(self, spec: _Spec) -> None:
        if self.include is not None and spec is self.include.spec:
            self.include = None
        else:
            self.specs.remove(spec)
            if spec is self.exclude:
                self.exclude = None
        self.notes.append(
            f"{spec[2]}: a pattern takes longer than {MATCH_SECONDS} s to match one "
            "path (too many wildcards); its patterns are not applied"
        )

    def excluded(self, path: Path) -> bool:
        """Whether the config's ``exclude`` leaves out the file ``path``: what a file named
        on the command line meets (a .gitignore decides what a walk finds, not what a user
        names)."""
        if self.exclude is None:
            return False
        return self._timed(lambda current: self._matches(self.exclude, path, False, current))

    def _ignored(self, path: Path, is_dir: bool, current: list[_Spec]) -> bool:
        return any(self._matches(entry, path, is_dir, current) for entry in self.specs)

    @staticmethod
    def _matches(entry: _Spec | None, path: Path, is_dir: bool, current: list[_Spec]) -> bool:
        if entry is None:
            return False
        try:
            rel = path.relative_to(entry[0]).as_posix()
        except ValueError:
            return False
        current[:] = [entry]
        return bool(entry[1].match_file(rel + "/" if is_dir else rel))


class _Include:
    """The config's ``include`` as patterns: the files under ``root`` they keep, and the
    entries no file has matched yet.

    The last entry that matches a file decides, as in a .gitignore; unlike git, whose
    ``!folder/`` cannot take back a file a ``*.sql`` matched, an entry that matches a folder
    matches every file under it."""

    def __init__(self, root: Path, lines: dict[str, str]) -> None:
        """``lines``: each entry (in order) and its gitignore pattern."""
        self.spec: _Spec = (
            root,
            _spec(lines.values(), "include"),
            "the project config's `include`",
        )
        self.prefix = os.path.join(root, "")
        self.patterns = list(zip(lines, self.spec[1].patterns, strict=True))
        self.waiting = {entry: pattern for entry, pattern in self.patterns if is_pattern(entry)}

    def keeps(self, path: str, current: list[_Spec]) -> bool:
        if not path.startswith(self.prefix):
            return True  # under a path named outside the config's folder
        current[:] = [self.spec]
        rel = path[len(self.prefix) :].replace(os.sep, "/")
        kept = False
        for entry, pattern in self.patterns:
            if pattern.include is not None and pattern.match_file(rel) is not None:
                kept = pattern.include
                self.waiting.pop(entry, None)
        return kept


class _TooSlow(Exception):
    """Raised by the SIGALRM handler inside a match that ran out of time."""


def _expire(signum: int, frame: object) -> None:
    raise _TooSlow


@contextlib.contextmanager
def _match_timer() -> Iterator[bool]:
    """A SIGALRM handler for timed matches; False where there can be none (not POSIX, not
    the main thread, or a timer of the host's already running): matches are then untimed."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


def _spec(lines: Iterable[str], source: str, notes: list[str] | None = None) -> Any:
    """Gitignore patterns compiled. A pattern pathspec refuses (``!`` alone, ``[z-a]``) is
    left out of a .gitignore with a note, as git leaves it; in the config (``notes`` None)
    it is a usage error."""
    import pathspec

    lines = list(lines)
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except Exception:  # pathspec's errors differ by version: each line is tried below
        kept = []
        for line in lines:
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except Exception:
                if notes is None:
                    from policylint.errors import UsageError

                    raise UsageError(f"{source}: {line!r} is not a valid pattern") from None
                notes.append(f"{source}: {line!r} is not a valid pattern; not applied")
                continue
            kept.append(line)
        return pathspec.GitIgnoreSpec.from_lines(kept)


def names_something(path: Path) -> bool:
    """A file or folder, or a link (a broken one too: where it leads is said of it)."""
    return path.exists() or path.is_symlink()


def is_pattern(entry: str) -> bool:
    """Whether an ``include`` entry is a gitignore pattern (a wildcard or a ``!``), not a
    path."""
    return entry.startswith("!") or not _WILDCARDS.isdisjoint(entry)


def is_candidate(path: Path) -> bool:
    """Could policylint read this file? (By name; YAML/JSON are decided by content later.)"""
    return is_candidate_name(path.name)


def is_candidate_name(name: str) -> bool:
    return name.lower().endswith(_CANDIDATE_SUFFIXES) or reader_for_name(name, None) is not None


def discover(
    paths: Sequence[str],
    cwd: Path,
    exclude: Sequence[str] = (),
    skip: Iterable[Path] = (),
    *,
    relative: bool = False,
    root: Path | None = None,
    include: Sequence[str] = (),
) -> Discovery:
    """Every candidate file under ``paths`` (default: the config's ``include``, else the
    working directory).

    ``exclude`` patterns are relative to ``root`` (the project config's folder; default:
    ``cwd``), as a .gitignore's are to its folder. ``include`` entries are too: an entry
    without a wildcard is a path (a file, or a folder to walk), the others gitignore
    patterns selecting files under ``root``; ``unmatched`` lists the entries that select no
    file. Entries that are all paths walk those paths alone.

    ``relative``: where a file's display path opens it from the process's working folder,
    it is its path too, relative (one string a file, not two: 11 MB in 100,000 files); the
    caller keeps the process in that folder while the files are read, as the commands do.
    The Python API does not ask: its host may change folders in another thread.
    """
    result = Discovery()
    base = Path(os.path.abspath(cwd / root)) if root else cwd
    with _match_timer() as timed:
        ignore = _Ignore(base, exclude, cwd, result.skipped, timed)
        if paths or not include:
            targets = list(paths) or ["."]
        else:
            targets = _included(include, base, ignore, result)
        skipped = {str(p.resolve()) for p in skip}
        _discover(targets, cwd, ignore, result, skipped, relative)
        if ignore.include is not None:
            result.unmatched += ignore.include.waiting
    result.unmatched.sort(key=list(include).index)
    result.files.sort(key=lambda item: item[1])
    return result


def _included(entries: Sequence[str], root: Path, ignore: _Ignore, result: Discovery) -> list[str]:
    """The paths to walk for the config's ``include`` ``entries``, relative to ``root``.

    When one is a pattern, ``root`` is walked, and the patterns (a folder entry under
    ``root`` as one too, anchored there) go to ``ignore`` to choose the files kept; a file
    entry, or a folder elsewhere, is still a path of its own. A path that does not exist
    is unmatched."""
    named = {e: root / e for e in entries if not is_pattern(e)}
    result.unmatched = [e for e, p in named.items() if not names_something(p)]
    found = [(e, p) for e, p in named.items() if e not in result.unmatched]
    if not any(map(is_pattern, entries)):  # paths alone: no walk of the whole tree
        return [os.fspath(p) for _, p in found]
    lines = {e: _folder_pattern(named[e], root) if e in named else e for e in entries}
    ignore.include = _Include(root, {e: line for e, line in lines.items() if line})
    return [os.fspath(root), *(os.fspath(p) for e, p in found if not lines[e])]


def _folder_pattern(path: Path, root: Path) -> str:
    """The pattern selecting what the folder ``path`` holds when it is under ``root``, else
    "" (a file, a link, or a folder elsewhere)."""
    if path.is_symlink() or not path.is_dir():
        return ""
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive
        return ""
    if rel == os.curdir:
        return "**"
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return ""
    return "/" + Path(rel).as_posix().replace("\\", "\\\\") + "/"  # a \\ stays a \\


def _discover(
    paths: Sequence[str],
    cwd: Path,
    ignore: _Ignore,
    result: Discovery,
    skipped_paths: set[str],
    relative: bool,
) -> None:
    seen: set[str] = set()
    for arg in paths:
        # `..` resolved by name, so that the patterns of the folders above apply to it
        path = Path(os.path.normpath(cwd / arg))
        if path.is_dir() and not path.is_symlink():
            ignore.add_ancestors(path)
            _walk(path, cwd, ignore, result, seen, skipped_paths, relative)
        elif names_something(path):
            # a file named on the command line is checked unless the config excludes it:
            # a .gitignore decides what a walk finds, not what a user names
            if not ignore.excluded(path):
                _add(path, path.parent, cwd, result, seen, skipped_paths)
        else:
            result.skipped.append(f"{arg}: no such file or directory")


def _add(
    path: Path, root: Path, cwd: Path, result: Discovery, seen: set[str], skip: set[str]
) -> None:
    """A file named on the command line, or a link met in a folder: resolved and checked."""
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
    if str(target) in skip:
        return
    seen.add(shown)
    result.files.append((os.fspath(path), shown))


def _walk(
    top: Path,
    cwd: Path,
    ignore: _Ignore,
    result: Discovery,
    seen: set[str],
    skip: set[str],
    relative: bool,
) -> None:
    """Every candidate under ``top``, folder by folder from a stack (a tree thousands of
    folders deep would overflow a recursive walk).

    A regular file is added from what its folder's listing says, with strings: no ``stat``,
    no ``resolve`` (folders met here are never links, so its real path is its folder's real
    path and its name). Links and anything odd go through :func:`_add`.

    ``relative``: see :func:`discover` (and :func:`_shown_opens`).
    """
    shown_top = display_path(top, cwd)
    real_top = os.path.realpath(top)
    local = relative and _shown_opens(top, shown_top)
    stack = [(os.fspath(top), "" if shown_top == "." else shown_top + "/", real_top, local)]
    while stack:
        directory, shown_dir, real_dir, local = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted((e.name, _is_dir(e), e) for e in listing)
        except OSError as exc:
            shown = display_path(Path(directory), cwd)
            result.skipped.append(f"{shown}: cannot read folder: {exc.strerror}")
            continue
        at = bisect.bisect_left(entries, (".gitignore",))  # sorted by name
        if at < len(entries) and entries[at][0] == ".gitignore":
            ignore.add_gitignore(Path(directory))
        folders = []
        # os.path.join, without its checks (a name holds no separator): 30% of a walk
        prefix = directory if directory.endswith(os.sep) else directory + os.sep
        real_prefix = real_dir if real_dir.endswith(os.sep) else real_dir + os.sep
        for name, is_dir, entry in entries:
            path = prefix + name
            if not is_dir:
                if not is_candidate_name(name):
                    continue
                if ignore.specs and ignore.ignored(Path(path), False):  # no pattern, no Path
                    continue
                if ignore.include is not None and not ignore.kept(path):
                    continue
                if not _plain_file(entry):
                    _add(Path(path), top, cwd, result, seen, skip)
                    continue
                printable = name.isprintable()
                shown = shown_dir + (name if printable else _printable(name))
                if shown in seen or (skip and real_prefix + name in skip):
                    continue
                seen.add(shown)
                result.files.append((shown if local and printable else path, shown))
            elif (
                name not in DEFAULT_EXCLUDES
                and not ignore.ignored(Path(path), True)
                and not _is_link(Path(path), top, cwd, result)
            ):
                printable = name.isprintable()
                shown = _folder_shown(path, name, shown_dir, cwd)
                inner = real_prefix + name
                folders.append((path, shown, inner, local and printable))
        stack.extend(reversed(folders))


def _folder_shown(path: str, name: str, shown_dir: str, cwd: Path) -> str:
    """The display path of the folder ``path``, named ``name``, in the folder shown as
    ``shown_dir``, as the prefix of the display paths of what it holds. A folder outside the
    working folder may lead back into it (a walk of the config's folder from a subfolder):
    ``../db/`` seen from ``db`` is shown ``""``."""
    if not shown_dir.startswith("../"):
        return shown_dir + (name if name.isprintable() else _printable(name)) + "/"
    shown = display_path(Path(path), cwd)
    return "" if shown == "." else shown + "/"


def _shown_opens(top: Path, shown_top: str) -> bool:
    """Whether ``shown_top``, the display path of the folder ``top``, names ``top`` exactly
    when taken from the process's working folder, so that the display path of each file
    under it (a name that is shown escaped aside) opens the file from there."""
    if os.sep != "/":
        return False  # display paths use "/"
    try:
        here = os.getcwd()
    except OSError:  # the working folder was removed
        return False
    return os.path.normpath(os.path.join(here, shown_top)) == os.fspath(top)


def _plain_file(entry: os.DirEntry[str]) -> bool:
    """A regular file that is not a link (the listing knows, on most file systems)."""
    try:
        return not entry.is_symlink() and entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """A folder, or a link to one (as ``os.walk`` sorts them; links are weeded out later)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


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
