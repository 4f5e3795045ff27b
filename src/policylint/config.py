"""The project config (SPEC section 8): ``.policylint.yaml`` or ``[tool.policylint]``.

Found by walking up from the working directory to the repository root; validated against
``schemas/config.schema.json``; an unknown key or a bad value is a ConfigError (exit 2)
with the file, the line and column, and the path to the key, in YAML and in TOML alike.
Command-line options override it (``commands/check.py`` does the merging).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylint.errors import ConfigError

if TYPE_CHECKING:
    from policylint.cache import Cache
    from policylint.projectcache import Inputs
    from policylint.validation import SchemaProblem
    from policylint.yamlnode import Node

CONFIG_FILENAME = ".policylint.yaml"
CONFIG_NAMES = (CONFIG_FILENAME, ".policylint.yml")
_PYPROJECT_TABLE = rb"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*policylint[ \t]*[\].]"
_KEY_NAME = r"^'([^'\\]*)' "

Locate = Callable[[Sequence[Any], bool], tuple[int, int]]
"""(path to a key, whether the key itself is wrong) -> its 1-based line and column."""


class Config:
    """A project config: its values, and the file they came from."""

    __slots__ = ("path", "values")

    def __init__(self, path: Path | None = None, values: dict[str, Any] | None = None) -> None:
        self.path = path
        """The file the config came from (None: no config found)."""
        self.values: dict[str, Any] = {} if values is None else values

    def __repr__(self) -> str:
        return f"Config(path={self.path!r}, values={self.values!r})"

    @property
    def base(self) -> Path:
        """Relative paths in the config are relative to its folder."""
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def paths(self, key: str) -> list[Path]:
        return [self.base / p for p in self.values.get(key, ())]


def find_config(start: Path) -> Path | None:
    """The nearest config from ``start`` up to the repository root (the folder with .git)."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and re.search(_PYPROJECT_TABLE, _read_bytes(pyproject), re.M):
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def load_config(start: Path, explicit: Path | None = None, cache: Cache | None = None) -> Config:
    """The config found from ``start`` (or the ``explicit`` one), validated.

    ``cache``: a config whose exact text passed validation before (and turned the cache on)
    is not validated again.
    """
    path = explicit or find_config(start)
    if path is None:
        return Config()
    return read_config(path, cache)


def read_config(path: Path, cache: Cache | None = None, inputs: Inputs | None = None) -> Config:
    """The config in ``path``, validated (see :func:`load_config`).

    ``inputs``: the file is read through it (so that it records what was read).
    """
    from policylint.validation import validate

    shown = _shown(path)
    if path.suffix == ".toml":
        values, text = _from_toml(path, shown, inputs)
    else:
        values, root, text = _from_yaml(path, shown, inputs)
    key = _validation_key(path, text) if cache is not None else ""
    if cache is not None and cache.known("config", key):
        return Config(path, values)
    if path.suffix == ".toml":
        locator = TomlLocator(text, ("tool", "policylint"))
        explained = _explain(values, validate(values, "config", None), locator.find)
    else:

        def locate(steps: Sequence[Any], key: bool) -> tuple[int, int]:
            return _yaml_position(root, steps, key)

        from policylint.yamlnode import repeated_keys  # tomllib refuses them itself

        explained = chain(
            _explain(values, validate(values, "config", root), locate), repeated_keys(root)
        )
    details = [f"{shown}:{line}:{column}: {message}" for line, column, message in explained]
    if details:
        raise ConfigError(f"invalid config {shown}", details)
    if cache is not None and values.get("cache", True) is not False:
        cache.remember("config", key)
    return Config(path, values)


def _validation_key(path: Path, text: str) -> str:
    from policylint.cache import digest
    from policylint.validation import schema_text

    return digest(schema_text("config"), path.suffix, text)


def _shown(path: Path) -> str:
    """A config's path as messages show it: relative to the working directory when inside."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else str(path)
    except ValueError:
        return str(path)


def _explain(
    values: dict[str, Any], problems: list[SchemaProblem], locate: Locate
) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) for each problem. A problem with a key (unknown, or a bad
    name such as a severity code) is placed on the key itself; an unknown key gets a
    did-you-mean suggestion from the keys the schema allows there."""
    import difflib

    out = []
    for problem in problems:
        steps = _steps(problem.path)
        if not problem.keys:
            named = re.match(_KEY_NAME, problem.message)
            here = _value_at(values, steps)
            key = bool(named and isinstance(here, dict) and named.group(1) in here)
            if key and named:
                steps = [*steps, named.group(1)]
            line, column = locate(steps, key)
            out.append((line, column, f"{_where(steps)}{problem.message}"))
            continue
        allowed = _allowed_keys(steps)
        for name in problem.keys:
            line, column = locate([*steps, name], True)
            hint = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            known = f"did you mean `{hint[0]}`?" if hint else f"known: {', '.join(allowed)}"
            out.append((line, column, f"{_where([*steps, name])}unknown key `{name}` ({known})"))
    yield from sorted(out)


def _value_at(values: Any, steps: Sequence[Any]) -> Any:
    for step in steps:
        try:
            values = values[step]
        except (KeyError, IndexError, TypeError):
            return None
    return values


def _steps(path: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in path.split("/")] if path else []


def _where(steps: Sequence[Any]) -> str:
    if not steps:
        return ""
    text = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps).lstrip(".")
    return f"at `{text}`: "


def _allowed_keys(steps: Sequence[Any]) -> list[str]:
    """The keys the config schema allows in the mapping at ``steps``."""
    from policylint.validation import load_schema

    schema: Any = load_schema("config")
    for step in steps:
        if isinstance(step, int):
            schema = schema.get("items", {})
        else:
            schema = schema.get("properties", {}).get(step, {})
    return sorted(schema.get("properties", {}))


# -- YAML ---------------------------------------------------------------------------------
def _from_yaml(
    path: Path, shown: str, inputs: Inputs | None
) -> tuple[dict[str, Any], Node | None, str]:
    from policylint.yamlnode import SourceError, compose_all, position, to_python

    try:
        text = _read_text(path, inputs)
        docs = compose_all(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {shown}: {exc}") from None
    except SourceError as exc:
        raise ConfigError(
            f"invalid config {shown}", [f"{shown}:{exc.line}:{exc.column}: {exc.message}"]
        ) from None
    if not docs:
        return {}, None, text
    if len(docs) > 1:
        line, column = position(docs[1])
        raise ConfigError(
            f"invalid config {shown}", [f"{shown}:{line}:{column}: a config is one YAML document"]
        )
    try:
        values = to_python(docs[0])
    except SourceError as exc:
        raise ConfigError(
            f"invalid config {shown}", [f"{shown}:{exc.line}:{exc.column}: {exc.message}"]
        ) from None
    if not isinstance(values, dict):
        line, column = position(docs[0])
        raise ConfigError(
            f"invalid config {shown}", [f"{shown}:{line}:{column}: the config must be a mapping"]
        )
    return values, docs[0], text


def _yaml_position(root: Node | None, steps: Sequence[Any], key: bool) -> tuple[int, int]:
    """The value at the end of ``steps``, or (``key``) the key that names it."""
    from policylint.validation import node_at
    from policylint.yamlnode import MappingNode, ScalarNode, position

    if root is None:
        return 1, 1
    if key and steps:
        parent = node_at(root, steps[:-1])
        if isinstance(parent, MappingNode):
            for name, _ in parent.value:
                if isinstance(name, ScalarNode) and name.value == steps[-1]:
                    return position(name)
    return position(node_at(root, steps) or root)


# -- TOML ---------------------------------------------------------------------------------
def _read_text(path: Path, inputs: Inputs | None) -> str:
    if inputs is None:
        return path.read_text(encoding="utf-8-sig")
    return inputs.read_text(path, "utf-8-sig")


def _from_toml(path: Path, shown: str, inputs: Inputs | None) -> tuple[dict[str, Any], str]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    try:
        text = _read_text(path, inputs)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {shown}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        line, column = (int(at.group(1)), int(at.group(2))) if at else (1, 1)
        message = message[: at.start()].rstrip() if at else message
        raise ConfigError(
            f"invalid config {shown}", [f"{shown}:{line}:{column}: {message}"]
        ) from None
    values = data.get("tool", {}).get("policylint", {})
    return values, text


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER_LINE = rf"^[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]"
_KEY_LINE = rf"^[ \t]*({_DOTTED})[ \t]*="


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(_unquoted(p) for p in re.findall(_KEY, dotted))


def _unquoted(key: str) -> str:
    """A TOML key's name: a literal string's text, a basic string's with its escapes read
    (those JSON shares), a bare key as it is."""
    if key.startswith("'"):
        return key[1:-1]
    if key.startswith('"'):
        import json

        try:
            name: str = json.loads(key)
        except ValueError:
            return key[1:-1]
        return name
    return key


class TomlLocator:
    """Lines and columns of TOML keys (tomllib gives none): headers, keys, dotted keys and
    arrays of tables, each with the full key path it defines. Enough for error messages."""

    def __init__(self, text: str, root: tuple[str, ...]) -> None:
        self.root = root
        self.entries: list[tuple[tuple[Any, ...], int, int]] = []
        table: tuple[Any, ...] = ()
        counts: dict[tuple[str, ...], int] = {}
        header_line, key_line = re.compile(_HEADER_LINE), re.compile(_KEY_LINE)
        for number, line in enumerate(text.splitlines(), start=1):
            header = header_line.match(line)
            if header:
                names = _parts(header.group(2))
                if header.group(1) == "[[":
                    counts[names] = counts.get(names, -1) + 1
                    table = (*names, counts[names])
                else:
                    table = names
                self.entries.append((table, number, header.start(2) + 1))
                continue
            key = key_line.match(line)
            if key:
                self.entries.append(((*table, *_parts(key.group(1))), number, key.start(1) + 1))

    def find(self, steps: Sequence[Any], key: bool = False) -> tuple[int, int]:
        """The entry defining the longest prefix of ``root + steps`` (a key or a header)."""
        target = (*self.root, *steps)
        best: tuple[int, int, int] = (-1, 1, 1)
        for path, line, column in self.entries:
            prefix = len(path) <= len(target) and tuple(target[: len(path)]) == path
            if prefix and len(path) > best[0]:
                best = (len(path), line, column)
        return best[1], best[2]
