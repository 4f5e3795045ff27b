"""Settings in config files (SPEC section 6): ``@policy`` comment tags and JSON mappings;
and the ``@personal-data`` comment tags of TOML files (SPEC section 5).

A comment tag ``@policy SETTING`` binds to the value on its own line, else to the value on
the line below it::

    region = "eu-west-1"  # @policy hosting.region      (TOML)
    # @policy subjects.minimum_age
    MIN_AGE=16                                          (.env)

TOML is parsed with tomllib for the values; a line scanner that knows TOML's strings,
comments, brackets and table headers says where each value stands. INI files (also
``.cfg``, ``.conf``, ``.properties``) are line-based, as ``configparser`` reads them, with
inline comments after whitespace. ``.env`` files are ``[export] KEY=value`` lines with the
quotes stripped. YAML tags (:func:`yaml_settings`) and the project config's JSON mappings
(:func:`json_settings`) are read over the composed nodes, for their exact positions.

A tag that names no known setting, or binds to no value, is a PL101 problem.

A TOML ``@personal-data`` tag binds to the key on its own line, else to the next key (or
table header) below it, as in YAML (:func:`policylint.commenttags.key_fields`); the field is
named by its table (``audit_log.client_ip``) and addressed by the key's JSON pointer. INI and
``.env`` files carry settings only.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from policylint.commenttags import (
    POLICY,
    SETTINGS,
    CommentTag,
    CommentTagError,
    Key,
    find_tags,
    key_fields,
    parse_policy_tag,
)
from policylint.facts import FileFacts, Location, Problem, Setting
from policylint.readers import ReadOptions, SettingMap
from policylint.records import MutableRecord, Record, field, record, setfield
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    compose_all,
    items,
    position,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "SETTINGS",
    "PolicyTag",
    "bind_tags",
    "find_tag",
    "json_settings",
    "mapped",
    "read_policy",
    "read_settings",
    "yaml_settings",
]


@record
class PolicyTag(Record):
    """A ``@policy`` tag: the setting it names, or why it names none, and where it stands."""

    setting: str
    line: int
    column: int
    error: str = ""

    def __init__(self, setting: str, line: int, column: int, error: str = "") -> None:
        setfield(self, "setting", setting)
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "error", error)


@record
class Value(MutableRecord):
    """A value a tag may bind to: ``text`` None for a table, mapping or other non-scalar."""

    text: str | None
    location: Location

    def __init__(self, text: str | None, location: Location) -> None:
        self.text = text
        self.location = location


@record
class Entry(MutableRecord):
    """The value (or values: a list of scalars) of one key, with the key's name."""

    name: str
    values: list[Value] = field(default_factory=list)

    def __init__(self, name: str, values: list[Value] | None = None) -> None:
        self.name = name
        self.values = [] if values is None else values

    @property
    def scalar(self) -> bool:
        return all(v.text is not None for v in self.values)


def find_tag(comment: str, line: int, column: int) -> PolicyTag | None:
    """The ``@policy`` tag in a comment's text, which starts at ``line``/``column`` (1-based).

    The tag's syntax is :func:`policylint.commenttags.parse_policy_tag`'s; a block comment
    may span lines, and the position follows its line breaks.
    """
    if POLICY not in comment:
        return None
    try:
        setting, error = parse_policy_tag(comment), ""
        offset = comment.find(POLICY)
    except CommentTagError as exc:
        setting, error, offset = "", exc.message, exc.offset
    if setting is None:
        return None
    before = comment[:offset]
    newlines = before.count("\n")
    column = len(before) - before.rfind("\n") if newlines else column + offset
    return PolicyTag(setting, line + newlines, column, error)


def _value_problem(kind: str, value: Value) -> Problem | None:
    if value.text is not None and not value.text.strip():
        return Problem("PL101", f"`@policy {kind}` binds to an empty value", value.location)
    if value.text is None:
        return Problem(
            "PL101",
            f"`@policy {kind}` binds to a table, mapping or block, not a value; "
            "tag the value itself",
            value.location,
        )
    if kind == "subjects.minimum_age" and not value.text.strip().isdigit():
        return Problem(
            "PL101",
            f"`@policy {kind}` binds to `{value.text}`, which is not an age in whole years",
            value.location,
        )
    return None


def add_setting(
    out: FileFacts, kind: str, fmt: str, entry: Entry, tag: Location | None = None
) -> None:
    """The entry's values as ``kind`` settings; a value that cannot be one is PL101, at the
    tag that asked for it (else at the value)."""
    for value in entry.values:
        problem = _value_problem(kind, value)
        if problem is not None:
            out.problems.append(Problem(problem.code, problem.message, tag or problem.location))
        elif value.text is not None:
            out.facts.append(Setting(kind, value.text, fmt, value.location, entry.name))


def bind_tags(
    out: FileFacts, fmt: str, tags: Iterable[PolicyTag], entries: dict[int, Entry]
) -> None:
    """Each tag to the entry on its line, else on the line below; PL101 when there is none.

    ``entries`` maps a line to the entry that starts on it.
    """
    for tag in tags:
        if tag.error:
            out.problems.append(Problem("PL101", tag.error, Location(tag.line, tag.column)))
            continue
        entry = entries.get(tag.line) or entries.get(tag.line + 1)
        at = Location(tag.line, tag.column)
        if entry is None:
            message = (
                f"`@policy {tag.setting}` binds to no value: put it on the value's line "
                "or on the line above it"
            )
            out.problems.append(Problem("PL101", message, at))
        else:
            add_setting(out, tag.setting, fmt, entry, at)


def _pointer(path: tuple[str, ...]) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


# --- TOML, INI, .env -------------------------------------------------------------------------


def read_settings(path: str, text: str, options: ReadOptions) -> FileFacts:
    """A TOML, INI-like or ``.env`` file with ``@policy`` (TOML: also ``@personal-data``)
    comment tags."""
    out = FileFacts(path, "settings")
    name = path.rsplit("/", 1)[-1]
    if name.lower().endswith(".toml"):
        scan = _TomlScan(text)
        fmt, (tags, entries) = "toml", scan.scan()
        key_fields(out, fmt, scan.field_tags, scan.fields())
    elif name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        fmt, (tags, entries) = "env", _dotenv(text)
    else:
        fmt, (tags, entries) = "ini", _ini(text)
    bind_tags(out, fmt, tags, entries)
    return out


def _lines(text: str) -> list[str]:
    """The lines of a text, as tomllib and editors number them (``\\n``; ``\\r\\n`` too)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


# INI (configparser's format): `key = value` or `key: value` under `[section]` headers; an
# indented line continues the value above it; `#` and `;` start a comment at the start of a
# line or after whitespace (configparser's inline_comment_prefixes), `!` a whole line in
# .properties files.
_INI_COMMENT = re.compile(r"^\s*!|(?:^|(?<=\s))[#;]")
_INI_KEY = re.compile(r"\s*([^=:\s][^=:]*?)\s*[=:]\s*")


def _ini(text: str) -> tuple[list[PolicyTag], dict[int, Entry]]:
    tags: list[PolicyTag] = []
    entries: dict[int, Entry] = {}
    section = ""
    continuing = False
    for number, line in enumerate(_lines(text), start=1):
        comment = _INI_COMMENT.search(line)
        body = line[: comment.start()] if comment else line
        if comment is not None:
            tag = find_tag(line[comment.start() :], number, comment.start() + 1)
            if tag is not None:
                tags.append(tag)
        stripped = body.strip()
        if continuing and stripped and line[:1].isspace():
            continue  # a continuation line of the value above
        continuing = False
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            where = Location(number, line.index("[") + 1, _pointer((section,)))
            entries[number] = Entry(section, [Value(None, where)])
            continue
        key = _INI_KEY.match(body)
        if key is None:
            continue
        value = body[key.end() :].rstrip()
        path = (section, key.group(1)) if section else (key.group(1),)
        where = Location(number, key.end() + 1, _pointer(path))
        entries[number] = Entry(".".join(path), [Value(_unquote(value), where)])
        continuing = True
    return tags, entries


_ENV_LINE = re.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*")


def _dotenv(text: str) -> tuple[list[PolicyTag], dict[int, Entry]]:
    tags: list[PolicyTag] = []
    entries: dict[int, Entry] = {}
    for number, line in enumerate(_lines(text), start=1):
        match = _ENV_LINE.match(line)
        start = match.end() if match else 0
        value, rest = _env_value(line[start:]) if match else ("", line)
        hash_at = rest.find("#")
        if hash_at >= 0 and (not match or hash_at == 0 or rest[hash_at - 1].isspace()):
            offset = len(line) - len(rest) + hash_at
            tag = find_tag(line[offset:], number, offset + 1)
            if tag is not None:
                tags.append(tag)
        if match is not None:
            where = Location(number, start + 1, _pointer((match.group(1),)))
            entries[number] = Entry(match.group(1), [Value(value, where)])
    return tags, entries


def _env_value(text: str) -> tuple[str, str]:
    """A .env value without its quotes, and what follows it on the line."""
    if text[:1] in ("'", '"'):
        quote = text[0]
        i = 1
        while i < len(text) and text[i] != quote:
            i += 2 if text[i] == "\\" and quote == '"' else 1
        return text[1:i], text[i + 1 :]
    hash_at = re.search(r"(?:^|\s)#", text)
    end = hash_at.start() if hash_at else len(text)
    return text[:end].strip(), text[end:]


class _TomlScan:
    """Where each TOML key and its value stand, and the comment tags in its comments.

    tomllib gives the values but no positions, so the text is scanned line by line with
    just enough of TOML's lexical rules to tell a comment from a ``#`` in a string, a table
    header from an array continued over lines, and a key from a value: strings (basic,
    literal, multi-line), ``[]``/``{}`` nesting, ``[table]`` and ``[[array.of.tables]]``.
    """

    def __init__(self, text: str) -> None:
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _toml_error(exc, text) from None
        self.lines = _lines(text)
        self.tags: list[PolicyTag] = []
        self.entries: dict[int, Entry] = {}
        self.strings: list[tuple[int, int]] = []
        """(line, column) of every string literal, in order: where list items stand."""
        self.table: tuple[str, ...] = ()
        self.arrays: dict[tuple[str, ...], int] = {}
        self.depth = 0
        self.open: str | None = None
        """The delimiter of a multi-line string that continues on the next line."""
        self.keys: list[tuple[int, int, tuple[str, ...]]] = []
        """(line, column of the value, path) of every ``key = value``."""
        self.defined: list[tuple[int, int, tuple[str, ...]]] = []
        """(line, column of the key, path) of every key and table header, in order."""
        self.field_tags: list[CommentTag] = []
        """The ``@personal-data`` tags of the comments."""
        self.ends: dict[int, int] = {}
        """Index in :attr:`defined` -> the last line of a value written over several."""

    def scan(self) -> tuple[list[PolicyTag], dict[int, Entry]]:
        for number, line in enumerate(self.lines, start=1):
            self._line(number, line)
        for number, column, path in self.keys:
            self.entries[number] = self._entry(number, column, path)
        return self.tags, self.entries

    def _line(self, number: int, line: str) -> None:
        i = 0
        if self.open is not None:
            end = _closing(line, 0, self.open)
            if end < 0:
                return
            self.open, i = None, end
        elif self.depth == 0:
            i = self._statement(number, line)
        self._rest(number, line, i)
        if self.defined and (self.depth > 0 or self.open is not None):
            self.ends[len(self.defined) - 1] = number + 1  # the value goes on below

    def _statement(self, number: int, line: str) -> int:
        """A table header or the key of ``key = value``; the index where the value starts."""
        stripped = line.lstrip()
        i = len(line) - len(stripped)
        if not stripped or stripped[0] == "#":
            return i
        if stripped[0] == "[":
            aot = stripped.startswith("[[")
            path, end = _toml_key(line, i + (2 if aot else 1))
            if aot:
                self.arrays[path] = self.arrays.get(path, -1) + 1
            self.table = self._indexed(path)
            self.defined.append((number, i + 1, self.table))
            where = Location(number, i + 1, _pointer(self.table))
            self.entries[number] = Entry(".".join(self.table), [Value(None, where)])
            return line.find("]", end) + (2 if aot else 1)
        path, end = _toml_key(line, i)
        if end < len(line) and line[end] == "=":
            end += 1
            while end < len(line) and line[end] in " \t":
                end += 1
            self.keys.append((number, end + 1, (*self.table, *path)))
            self.defined.append((number, i + 1, (*self.table, *path)))
        return end

    def _rest(self, number: int, line: str, i: int) -> None:
        while i < len(line):
            char = line[i]
            if char == "#":
                tag = find_tag(line[i:], number, i + 1)
                if tag is not None:
                    self.tags.append(tag)
                self.field_tags.extend(find_tags(line[i:], number, i + 1))
                return
            if char in "\"'":
                delimiter = line[i : i + 3] if line[i : i + 3] == char * 3 else char
                self.strings.append((number, i + 1))
                end = _closing(line, i + len(delimiter), delimiter)
                if end < 0:
                    if len(delimiter) == 3:
                        self.open = delimiter
                    return
                i = end
                continue
            if char in "[{":
                self.depth += 1
            elif char in "]}":
                self.depth -= 1
            i += 1

    def fields(self) -> list[Key]:
        """The keys and table headers a ``@personal-data`` tag may bind to."""
        return [
            Key(path[-1], line, column, _pointer(path), ".".join(path[:-1]), self.ends.get(i, 0))
            for i, (line, column, path) in enumerate(self.defined)
            if path
        ]

    def _entry(self, number: int, column: int, path: tuple[str, ...]) -> Entry:
        value = self._lookup(path)
        where = Location(number, column, _pointer(path))
        name = ".".join(path)
        if isinstance(value, list) and value and all(_is_scalar(v) for v in value):
            starts = [s for s in self.strings if s >= (number, column)][: len(value)]
            if len(starts) < len(value) or not all(isinstance(v, str) for v in value):
                starts = [(number, column)] * len(value)
            return Entry(
                name,
                [
                    Value(_scalar(v), Location(line, col, f"{where.pointer}/{k}"))
                    for k, (v, (line, col)) in enumerate(zip(value, starts, strict=True))
                ],
            )
        return Entry(name, [Value(_scalar(value) if _is_scalar(value) else None, where)])

    def _indexed(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """A table's path with the index of the current table of each array of tables."""
        parts: list[str] = []
        for depth, key in enumerate(path, start=1):
            parts.append(key)
            if path[:depth] in self.arrays:
                parts.append(str(self.arrays[path[:depth]]))
        return tuple(parts)

    def _lookup(self, path: tuple[str, ...]) -> Any:
        node: Any = self.data
        for key in path:
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return None
        return node


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _scalar(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _closing(line: str, i: int, delimiter: str) -> int:
    """The index just past the string's closing ``delimiter`` on this line, or -1."""
    escapes = delimiter[0] == '"'
    while i < len(line):
        if escapes and line[i] == "\\":
            i += 2
            continue
        if line.startswith(delimiter, i):
            end = i + len(delimiter)
            while end < len(line) and line[end] == delimiter[0] and len(delimiter) == 3:
                end += 1  # """a"""" ends with the last three quotes
            return end
        i += 1
    return -1


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(line: str, i: int) -> tuple[tuple[str, ...], int]:
    """A (dotted) key starting at ``i``: its parts and the index after it and its spaces."""
    parts: list[str] = []
    while True:
        while i < len(line) and line[i] in " \t":
            i += 1
        if i < len(line) and line[i] in "\"'":
            end = _closing(line, i + 1, line[i])
            end = len(line) if end < 0 else end
            raw = line[i:end]
            parts.append(_key_text(raw))
            i = end
        else:
            bare = _BARE_KEY.match(line, i)
            if bare is None:
                break
            parts.append(bare.group())
            i = bare.end()
        while i < len(line) and line[i] in " \t":
            i += 1
        if i < len(line) and line[i] == ".":
            i += 1
            continue
        break
    return tuple(parts), i


def _key_text(raw: str) -> str:
    if raw[0] == '"':
        try:
            return str(json.loads(raw))
        except ValueError:  # a TOML escape JSON lacks (\\UXXXXXXXX): keep it as written
            pass
    return raw[1:-1]


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def _toml_error(exc: Exception, text: str) -> SourceError:
    message = str(exc)
    line, column = text.count("\n") + 1, 1
    at = _TOML_AT.search(message)
    if at is not None:
        message = message[: at.start()] + message[at.end() :]
        if at.group(1):
            line, column = int(at.group(1)), int(at.group(2))
    return SourceError(f"syntax error: {message}", line, column)


# --- YAML and JSON ---------------------------------------------------------------------------


def _value_of(node: Node, path: tuple[str, ...]) -> list[Value]:
    """A scalar node, a sequence of scalars (one value each), or None for anything else."""
    pointer = _pointer(path)
    if isinstance(node, ScalarNode):
        return [Value(node.value, Location(*position(node), pointer))]
    if (
        isinstance(node, SequenceNode)
        and node.value
        and all(isinstance(item, ScalarNode) for item in node.value)
    ):
        return [
            Value(item.value, Location(*position(item), f"{pointer}/{i}"))
            for i, item in enumerate(node.value)
        ]
    return [Value(None, Location(*position(node), pointer))]


def _slots(
    node: Node, path: tuple[str, ...], seen: set[int]
) -> Iterator[tuple[int, str, list[Value]]]:
    """(line, name, values) of every mapping entry and sequence item, in document order.

    An entry is registered at its key's line and at its value's line, but for a list whose
    items start on lines of their own: there the first item's line is the first item's (a
    tag on it is that item's, as a tag on the second is the second's). A node reached again
    through an alias is not walked again: it stands where it stood (and alias bombs stay
    linear).
    """
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in items(node):
            here = (*path, key.value)
            values = _value_of(value, here)
            yield position(key)[0], ".".join(here), values
            if not isinstance(value, SequenceNode) or position(value)[0] == position(key)[0]:
                yield position(value)[0], ".".join(here), values
            yield from _slots(value, here, seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            here = (*path, str(i))
            yield position(item)[0], ".".join(here), _value_of(item, here)
            yield from _slots(item, here, seen)


def _spans(docs: list[Node]) -> tuple[list[int], list[int]]:
    """Start and end offsets of every scalar (where a ``#`` is text, not a comment)."""
    found: set[tuple[int, int]] = set()
    seen: set[int] = set()
    stack = list(docs)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            found.add((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    ordered = sorted(found)
    return [s for s, _ in ordered], [e for _, e in ordered]


def _in_scalar(offset: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect.bisect_right(starts, offset) - 1  # scalars never overlap
    return i >= 0 and ends[i] > offset


def yaml_settings(out: FileFacts, text: str, docs: list[Node]) -> None:
    """``@policy`` comment tags in a YAML file, bound to the value on their line or the next.

    A YAML comment is a ``#`` at the start of a line or after whitespace, outside any
    scalar: the composed nodes' spans tell which ``#`` are text.
    """
    starts, ends = _spans(docs)
    tags: list[PolicyTag] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if "@policy" in line:
            for hash_match in re.finditer(r"(?:^|(?<=\s))#", line):
                column = hash_match.start()
                if _in_scalar(offset + column, starts, ends):
                    continue
                tag = find_tag(line[column:], number, column + 1)
                if tag is not None:
                    tags.append(tag)
                break
        offset += len(line) + 1
    if tags:
        bind_tags(out, "yaml", tags, _entries(docs))


def _entries(docs: list[Node]) -> dict[int, Entry]:
    """Line -> the first entry starting on it; a scalar entry wins over a mapping's."""
    entries: dict[int, Entry] = {}
    seen: set[int] = set()
    for doc in docs:
        for line, name, values in _slots(doc, (), seen):
            entry = Entry(name, values)
            known = entries.get(line)
            if known is None or (entry.scalar and not known.scalar):
                entries[line] = entry
    return entries


@functools.cache
def pattern(files: str) -> Any:
    """A ``files`` pattern of the project config's ``settings``, compiled once."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines([files])


def mapped(path: str, settings: Iterable[SettingMap]) -> list[SettingMap]:
    """The project config's mappings whose ``files`` pattern matches the display path."""
    return [m for m in settings if m.matches(path)]


def _walk(node: Node, parts: list[str], path: tuple[str, ...]) -> tuple[Node, tuple[str, ...]]:
    """The node at a dotted key; a key that itself holds dots is matched whole first."""
    if not parts:
        return node, path
    if isinstance(node, MappingNode):
        for size in range(len(parts), 0, -1):
            wanted = ".".join(parts[:size])
            for key, value in items(node):
                if key.value == wanted:
                    return _walk(value, parts[size:], (*path, wanted))
    elif isinstance(node, SequenceNode) and parts[0].isdigit():
        index = int(parts[0])
        if index < len(node.value):
            return _walk(node.value[index], parts[1:], (*path, parts[0]))
    raise KeyError(".".join(parts))


def json_settings(
    out: FileFacts, path: str, docs: list[Node], mappings: Iterable[SettingMap]
) -> None:
    """The values the project config maps to settings (``settings: [{files, key, setting}]``):
    ``mappings`` are those whose ``files`` pattern matches ``path`` (:func:`mapped`)."""
    fmt = "json" if path.lower().endswith(".json") else "yaml"
    for mapping in mappings:
        for doc in docs:
            try:
                node, where = _walk(doc, mapping.key.split("."), ())
            except KeyError:
                continue
            add_setting(out, mapping.setting, fmt, Entry(mapping.key, _value_of(node, where)))


# --- the policy file itself ------------------------------------------------------------------


def read_policy(path: str, text: str, options: ReadOptions) -> FileFacts:
    """The policy's declared processors as ``processor`` settings located in the policy file,
    so that checks can report on the policy itself (PL503)."""
    out = FileFacts(path, "policy")
    for doc in compose_all(text)[:1]:
        processors = next((v for k, v in items(doc) if k.value == "processors"), None)
        for item in processors.value if isinstance(processors, SequenceNode) else ():
            name = next((v for k, v in items(item) if k.value == "name"), None)
            if isinstance(name, ScalarNode):
                # the processor's name, not its place in the list: another processor added
                # above it keeps its findings' fingerprints (a baseline still holds them)
                where = Location(*position(item), _pointer(("processors", str(name.value))))
                out.facts.append(Setting("processor", name.value, "policy", where, "processors"))
    return out
