"""The compiled project: the config, policy and rules a run loads, kept from the last run.

Loading them parses YAML (the policy, every rule file, the taxonomy and the region
catalogue) and validates it: most of the time of a run over one file. The cache folder
(:mod:`policylint.cache`) keeps what the last run built, pickled, one entry per working
directory, config file and ``--policy`` (``project/<slot>``). An entry names everything it
was built from:

- policylint's code digest (its version, source and shipped data; see
  :func:`policylint.resultcache.code_digest`) and the Python version;
- the bytes of every file the loaders read (the config, the policy, each rule file), by
  hash, and the file names of each rule folder;
- the policy file that was found, and the path reports give it.

It is used only when all of these are the same now: files are compared by content, never
by time stamp. A load that fails is not stored, so a broken policy is reported on every
run. An entry that is truncated, fails its checksum (:func:`policylint.cache.seal`) or
cannot be unpickled is ignored and rebuilt. Entries are pickles: the cache folder must be
as trusted as the code (see docs/security.md).
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.cache import digest as _hash

if TYPE_CHECKING:
    from policylint.cache import Cache
    from policylint.config import Config
    from policylint.policy import Policy
    from policylint.ruleset import Rule

FOLDER = "project"
_FORMAT = 1
_FILE = "f"
_LISTING = "d"
_UNDECODED = "x"

Loaded = tuple["Config", "Policy", list["Rule"]]


class Inputs:
    """What the loaders read, in order: files (by the hash of their bytes) and the names in
    rule folders. :meth:`read` is the one way the loaders get a file's bytes."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str, str]] = []

    def read(self, path: Path) -> bytes:
        data = path.read_bytes()
        self.entries.append((_FILE, os.fspath(path), _hash(data)))
        return data

    def read_text(self, path: Path, encoding: str) -> str:
        """:meth:`read`, decoded as ``path.read_text(encoding)`` decodes (universal newlines).

        Text that does not decode is read again by ``path.read_text``, for its error (whose
        position counts from the chunk it decodes), and the inputs can no longer match.
        """
        data = self.read(path)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            self.entries.append((_UNDECODED, os.fspath(path), ""))
            return path.read_text(encoding=encoding)
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    def listing(self, directory: Path, names: Sequence[str]) -> None:
        self.entries.append((_LISTING, os.fspath(directory), _hash("\0".join(names).encode())))


def unchanged(entries: Sequence[tuple[str, str, str]]) -> bool:
    """Whether every file and folder listing recorded in ``entries`` is the same now."""
    from policylint.ruleset import rule_names

    for kind, name, digest in entries:
        try:
            if kind == _FILE:
                with open(name, "rb") as handle:
                    now = _hash(handle.read())
            elif kind == _LISTING:
                now = _hash("\0".join(rule_names(Path(name))).encode())
            else:
                return False
        except OSError:
            return False
        if now != digest:
            return False
    return True


def slot(cwd: Path, config: Path | None, policy_option: str | None) -> str:
    """The entry of one working directory, config file and ``--policy``."""
    parts = (os.fspath(cwd), os.fspath(config) if config else "", policy_option or "")
    return _hash("\0".join(parts).encode())[:32]


def lookup(
    cache: Cache,
    name: str,
    locate: Callable[[Config], tuple[Path, str]],
) -> tuple[Config, Path, Policy, list[Rule]] | None:
    """The stored project of slot ``name``, when nothing it was built from has changed.

    ``locate(config)`` finds the policy file (and its display path) as the run would with
    that config: the file found must be the one the entry was built from, and the rule
    folders the config names the ones it read.
    """
    from policylint.ruleset import rule_folders

    if cache.directory is None:
        return None
    outer = _read(cache.directory / FOLDER / name)
    if outer is None:
        return None
    try:
        version, python, code, entries, policy_file, shown, payload = outer
        if version != _FORMAT or python != sys.version or code != _code(cache):
            return None
        if not unchanged(entries):
            return None
        config, policy, rules = _loads(payload)
        found, display = locate(config)
        folders = [os.fspath(d) for d in rule_folders(config.paths("rules"))]
    except Exception:  # a damaged or foreign entry, a policy no longer found: load afresh
        return None
    if os.fspath(found) != policy_file or display != shown:
        return None
    if folders != [path for kind, path, _ in entries if kind == _LISTING]:
        return None
    return config, found, policy, rules


def store(
    cache: Cache,
    name: str,
    inputs: Inputs,
    policy_file: Path,
    shown: str,
    loaded: Loaded,
) -> None:
    """Remember a project that loaded without error (silently skipped when it cannot be)."""
    try:
        payload = _dumps(loaded)
        code = _code(cache)
    except Exception:  # an object that cannot be pickled: the next run loads again
        return
    outer = (_FORMAT, sys.version, code, inputs.entries, os.fspath(policy_file), shown, payload)
    body = pickle.dumps(outer, protocol=pickle.HIGHEST_PROTOCOL)
    folder = cache.folder(FOLDER)
    if folder is not None:
        from policylint.cache import write_entry

        write_entry(folder / name, body)


def _code(cache: Cache) -> str:
    from policylint.resultcache import CODE, RESULTS, code_digest

    folder = cache.folder(RESULTS)
    return code_digest(folder / CODE if folder is not None else None)


def _read(path: Path) -> Any:
    from policylint.cache import read_entry

    body = read_entry(path)
    if body is None:
        return None
    try:
        return pickle.loads(body)
    except Exception:
        return None


# -- pickling ----------------------------------------------------------------------------------
# Conditions of declarative rules compile to closures, which pickle cannot store: each is
# stored as the ``check`` mapping of its rule file and compiled again when it is loaded.
class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, checks: Mapping[int, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.checks = checks

    def persistent_id(self, obj: Any) -> Any:
        check = self.checks.get(id(obj))
        return None if check is None else ("check", check)


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        from policylint.ruleset import compile_check

        kind, check = pid
        if kind != "check":
            raise pickle.UnpicklingError(f"unknown persistent id {kind!r}")
        return compile_check(check)


def _dumps(loaded: Loaded) -> bytes:
    import io

    _, _, rules = loaded
    checks = {id(r.declarative): r.raw["check"] for r in rules if r.declarative is not None}
    out = io.BytesIO()
    _Pickler(out, checks).dump(loaded)
    return out.getvalue()


def _loads(payload: bytes) -> Loaded:
    import io

    loaded: Loaded = _Unpickler(io.BytesIO(payload)).load()
    return loaded
