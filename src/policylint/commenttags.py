"""Comment tags (SPEC sections 5 and 6): ``@personal-data key=value ...`` and ``@policy SETTING``.

The one home of tags written in comments, for every format that carries them: SQL DDL,
Protobuf, Prisma, YAML and TOML. A reader finds its comments with its own tokenizer and
hands each comment's text and position to :func:`find_tags`; it lists its field
definitions; :func:`bind` decides which tag belongs to which field (SPEC section 5: "a tag
binds to the field on its own line, else to the next field definition"); and
:func:`add_field` validates the tag against the same annotation schema as
``x-personal-data`` (:func:`policylint.tags.parse_tag`) and records the :class:`Field`, or
the PL101 problems at the tag's own position.

The text of a tag::

    @personal-data category=user.contact.email retention=P1Y purposes=essential.service,analytics
    @personal-data category=user.name,user.contact.email processors="Amazon Web Services,Stripe"
    @personal-data false

Values are bare words or double-quoted strings; ``category``, ``purposes``, ``subjects`` and
``processors`` are comma-separated lists (one ``category`` stays a string, as in the mapping
form). A tag runs to the end of its comment, to the next ``@personal-data`` / ``@policy`` tag,
or to a ``policylint:`` suppression marker; when the marker has a comment of its own on the
line (``-- @personal-data category=user.name  -- policylint: ignore[PL302]``), the tag ends
where that comment opens.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from policylint.facts import Field, FileFacts, Location, Problem, Tag
from policylint.records import Record, field, record, setfield
from policylint.tags import KEY, TAG_FIELDS, TagError, parse_tag
from policylint.yamlnode import MappingNode, Node, ScalarNode, SequenceNode

TAG = "@personal-data"
POLICY = "@policy"
SETTINGS = ("hosting.region", "subjects.minimum_age", "cookies.category", "processor")
"""The setting names a ``@policy`` tag may give (SPEC section 6)."""

_ALWAYS_LIST = frozenset({"purposes", "subjects", "processors"})
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_MARKER = "policylint:"
_OPENERS = frozenset(("--", "//", "#", "/*", ";"))
"""Comment openers (those :mod:`policylint.suppress` knows) that may start a marker's comment."""


class CommentTagError(ValueError):
    """A malformed ``@policy`` tag; ``offset`` is where in the comment text the problem is."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@record
class CommentTag(Record):
    """One ``@personal-data`` tag read from a comment, with 1-based positions.

    Tags compare by identity: two tags with the same text are still two tags (as a
    dataclass with ``eq=False``).
    """

    line: int
    column: int
    """Where ``@personal-data`` starts: the tag's location."""
    value: Any
    """The mapping form :func:`policylint.tags.parse_tag` takes, or ``False``."""
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each key's position, to place a schema problem on the pair it concerns."""
    errors: tuple[tuple[str, int, int], ...] = ()
    """Syntax errors in the ``key=value`` text: (message, line, column)."""

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(
        self,
        line: int,
        column: int,
        value: Any,
        keys: dict[str, tuple[int, int]] | None = None,
        errors: tuple[tuple[str, int, int], ...] = (),
    ) -> None:
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "value", value)
        setfield(self, "keys", {} if keys is None else keys)
        setfield(self, "errors", errors)

    @property
    def position(self) -> tuple[int, int]:
        return self.line, self.column


class Definition(NamedTuple):
    """Where a field is defined, for :func:`bind`."""

    name: str
    """The field as messages name it (``users.email``)."""
    line: int
    column: int
    end_line: int = 0
    """The last line of a definition that spans several; 0: the definition's own line."""


class _Offsets:
    """1-based (line, column) of offsets into a text that starts at ``line``/``column``."""

    def __init__(self, text: str, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.breaks = [i for i, c in enumerate(text) if c == "\n"]

    def at(self, offset: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.breaks, offset)
        if before == 0:
            return self.line, self.column + offset
        return self.line + before, offset - self.breaks[before - 1]


# -- reading tags -----------------------------------------------------------------------
def _starts_tag(text: str, at: int, word: str) -> bool:
    """``word`` at ``at`` is a whole tag word, not part of a longer one (``foo@policy-x``)."""
    after = at + len(word)
    if after < len(text) and text[after] in _WORD_CHARS:
        return False
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "_.")


def _tag_end(text: str, start: int) -> int:
    """Where the tag text beginning at ``start`` stops."""
    end = len(text)
    for stop in (TAG, POLICY):
        at = text.find(stop, start)
        while at != -1 and not _starts_tag(text, at, stop):
            at = text.find(stop, at + 1)
        if at != -1:
            end = min(end, at)
    marker = text.find(_MARKER, start, end)
    if marker == -1:
        return end
    opener = _opener(text, start, marker)
    return marker if opener == -1 else opener


def _opener(text: str, start: int, end: int) -> int:
    """Where the first comment opener standing as a word in ``text[start:end]`` is, or -1."""
    i = start
    while i < end:
        while i < end and text[i].isspace():
            i += 1
        word = i
        while i < end and not text[i].isspace():
            i += 1
        if text[word:i] in _OPENERS:
            return word
    return -1


def find_tags(comment: str, line: int = 1, column: int = 1) -> list[CommentTag]:
    """Every ``@personal-data`` tag in one comment's text.

    ``line``/``column`` is the 1-based position of ``comment[0]`` in the file; a comment
    may span lines (a block comment), and positions follow its line breaks.
    """
    tags: list[CommentTag] = []
    if TAG not in comment:
        return tags
    offsets = _Offsets(comment, line, column)
    at = comment.find(TAG)
    while at != -1:
        if _starts_tag(comment, at, TAG):
            body = at + len(TAG)
            tags.append(_read_tag(comment, at, body, _tag_end(comment, body), offsets))
        at = comment.find(TAG, at + len(TAG))
    return tags


class _Item(NamedTuple):
    """One item of a tag's text: a ``key=value`` pair, a bare word, or a syntax error."""

    kind: str
    """``pair``, ``word`` or ``error``."""
    offset: int
    text: str
    """The key, the word, or the error message."""
    parts: list[str]
    """A pair's comma-separated value parts, as written."""


def _read_tag(text: str, at: int, body: int, end: int, offsets: _Offsets) -> CommentTag:
    line, column = offsets.at(at)
    items = list(_items(text, body, end))
    if not items:
        message = "empty @personal-data tag: give key=value pairs, e.g. category=user.name"
        return CommentTag(line, column, {}, errors=((message, *offsets.at(body)),))
    if [(i.kind, i.text) for i in items] == [("word", "false")]:
        return CommentTag(line, column, False)
    value: dict[str, Any] = {}
    keys: dict[str, tuple[int, int]] = {}
    errors: list[tuple[str, int, int]] = []
    words = 0
    for index, item in enumerate(items):
        message = item.text if item.kind == "error" else ""
        if item.kind == "word":
            words += 1  # a run of prose is one problem, at its first word
            message = _word_error(item.text, index == 0) if words == 1 else ""
        elif item.kind == "pair" and item.text in value:
            message = f"`{item.text}` is given twice in one tag"
        elif item.kind == "pair" and item.text not in TAG_FIELDS:
            message = _unknown_key(item.text)
        elif item.kind == "pair":
            value[item.text] = _value(item.text, item.parts)
            keys[item.text] = offsets.at(item.offset)
        if message:
            errors.append((message, *offsets.at(item.offset)))
    return CommentTag(line, column, value, keys, tuple(errors))


def _word_error(word: str, first: bool) -> str:
    if word == "false":
        return "`false` stands alone: `@personal-data false`"
    message = f"expected key=value pairs, found `{word}`"
    if first and KEY.match(word) and "." in word:
        message += f"; did you mean `category={word}`?"
    return message


def _unknown_key(key: str) -> str:
    close = difflib.get_close_matches(key, sorted(TAG_FIELDS), n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    keys = ", ".join(sorted(TAG_FIELDS))
    return f"unknown key `{key}` (a tag takes {keys}){hint}"


def _value(key: str, raw: list[str]) -> Any:
    """``raw`` are the comma-separated parts of a value, as written."""
    items = [part.strip() for part in raw]
    if key in _ALWAYS_LIST:
        return [] if items == [""] else items
    if key == "category":
        return items[0] if len(items) == 1 else items
    return ",".join(items)


def _items(text: str, i: int, end: int) -> Iterator[_Item]:
    """The items of a tag's text ``text[i:end]``."""
    while True:
        while i < end and text[i].isspace():
            i += 1
        if i >= end:
            return
        start = i
        while i < end and not text[i].isspace() and text[i] not in '="':
            i += 1
        key = text[start:i]
        if not key:  # a stray quote or `=`
            yield _Item("error", start, f"expected key=value, found `{text[start]}`", [])
            i = start + 1
            continue
        j = i
        while j < end and text[j].isspace():
            j += 1
        if j >= end or text[j] != "=":
            yield _Item("word", start, key, [])
            continue
        i = j + 1
        while i < end and text[i] in " \t":
            i += 1
        parts, i, error = _read_value(text, i, end)
        yield _Item("error", start, error, []) if error else _Item("pair", start, key, parts)


def _read_value(text: str, i: int, end: int) -> tuple[list[str], int, str]:
    """A value from ``i``: its comma-separated parts, where it stops, and an error or ""."""
    if i < end and text[i] == '"':
        close = text.find('"', i + 1, end)
        if close == -1:
            return [], end, "unterminated quoted value"
        return text[i + 1 : close].split(","), close + 1, ""
    start = i
    while i < end and not text[i].isspace():
        i += 1
    value = text[start:i]
    # `purposes=a, b`: a list that goes on after a comma and a space
    while value.endswith(",") and i < end:
        j = i
        while j < end and text[j].isspace():
            j += 1
        k = j
        while k < end and not text[k].isspace():
            k += 1
        word = text[j:k]
        if not word or "=" in word:
            break
        value, i = value + word, k
    if '"' in value:
        return [], i, f"a quote inside a bare value: `{value}`; quote the whole value"
    return value.split(","), i, ""


# -- @policy ------------------------------------------------------------------------------
def parse_policy_tag(comment_text: str) -> str | None:
    """The setting a ``@policy SETTING`` comment names (SPEC section 6); None without one.

    Raises :class:`CommentTagError` for a missing or unknown setting name; its ``offset``
    is where in ``comment_text`` the name (or the tag, when the name is missing) is.
    """
    at = comment_text.find(POLICY)
    while at != -1 and not _starts_tag(comment_text, at, POLICY):
        at = comment_text.find(POLICY, at + 1)
    if at == -1:
        return None
    i = at + len(POLICY)
    while i < len(comment_text) and comment_text[i] in " \t":
        i += 1
    start = i
    while i < len(comment_text) and not comment_text[i].isspace():
        i += 1
    name = comment_text[start:i]
    expected = ", ".join(SETTINGS)
    if not name:
        raise CommentTagError(f"@policy needs a setting name: one of {expected}", at)
    if name not in SETTINGS:
        close = difflib.get_close_matches(name, SETTINGS, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        raise CommentTagError(
            f"unknown setting `{name}` in @policy tag (expected one of {expected}){hint}", start
        )
    return name


# -- binding ------------------------------------------------------------------------------
def bind(
    tags: Sequence[CommentTag],
    fields: Sequence[Definition],
    fixed: Iterable[tuple[int, CommentTag]] = (),
) -> tuple[dict[int, CommentTag], list[Problem]]:
    """Which field each tag belongs to: index into ``fields`` -> tag, and PL101 problems.

    A tag binds to the field defined on its own line (the last one starting before the tag
    on that line, else the first after it), else to the next field defined after it. A tag
    with no field after it binds to nothing. ``fixed`` are tags that name their field
    themselves (SQL ``COMMENT ON COLUMN``). When two tags bind to one field, the first in
    the file stays and the second is a problem.
    """
    order = sorted(range(len(fields)), key=lambda k: (fields[k].line, fields[k].column))
    starts = [(fields[k].line, fields[k].column) for k in order]
    pairs: list[tuple[int, CommentTag]] = list(fixed)
    problems: list[Problem] = []
    for tag in tags:
        i = bisect.bisect_right(starts, tag.position)
        if i > 0:
            before = fields[order[i - 1]]
            if before.line <= tag.line <= max(before.line, before.end_line):
                pairs.append((order[i - 1], tag))
                continue
        if i < len(order):
            pairs.append((order[i], tag))
            continue
        problems.append(
            Problem(
                "PL101",
                "invalid tag: this @personal-data tag binds to no field; put it on the line "
                "of the field it describes, or on a line above it",
                Location(tag.line, tag.column),
            )
        )
    bound: dict[int, CommentTag] = {}
    for index, tag in sorted(pairs, key=lambda pair: pair[1].position):
        first = bound.setdefault(index, tag)
        if first is not tag:
            problems.append(
                Problem(
                    "PL101",
                    f"invalid tag: `{fields[index].name}` already has a @personal-data tag "
                    f"(line {first.line}, column {first.column}); keep one",
                    Location(tag.line, tag.column),
                )
            )
    return bound, problems


# -- validating and recording -------------------------------------------------------------
class InvalidTag(Exception):
    """A comment tag the annotation schema (or the tag syntax) rejects."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "invalid tag")
        self.problems = problems


def resolve(tag: CommentTag, pointer: str = "") -> Tag | None:
    """The tag as a :class:`Tag` (None: ``false``), or :class:`InvalidTag` with PL101 problems.

    Validation is the annotation schema's, as for ``x-personal-data``; each problem is placed
    on the ``key=value`` pair it concerns, else on the tag.
    """
    found = list(tag.errors)
    parsed: Tag | None = None
    if tag.value or tag.value is False:
        try:
            parsed = parse_tag(tag.value, {})
        except TagError as exc:
            for p in exc.problems:
                line, column = tag.keys.get(p.path.split("/", 1)[0], tag.position)
                found.append((p.message, line, column))
    if found:
        found.sort(key=lambda problem: (problem[1], problem[2]))
        raise InvalidTag(
            [
                Problem("PL101", f"invalid tag: {message}", Location(line, column, pointer))
                for message, line, column in found
            ]
        )
    return parsed


def add_field(
    out: FileFacts,
    fmt: str,
    name: str,
    at: tuple[int, int],
    pointer: str,
    container: str = "",
    tag: CommentTag | None = None,
    covered: bool = False,
) -> None:
    """Record a field: at its tag when it has one, else at ``at`` (its own position).

    A field whose tag is invalid is not recorded: its PL101 problems are (as for
    ``x-personal-data``).
    """
    if tag is None:
        out.facts.append(
            Field(name, fmt, Location(*at, pointer), container=container, covered=covered)
        )
        return
    try:
        parsed = resolve(tag, pointer)
    except InvalidTag as exc:
        out.problems.extend(exc.problems)
        return
    out.facts.append(
        Field(
            name,
            fmt,
            Location(tag.line, tag.column, pointer),
            tag=parsed,
            not_personal=parsed is None,
            container=container,
        )
    )


# -- YAML and TOML: tags on mapping keys ---------------------------------------------------
class Key(NamedTuple):
    """A mapping key a tag may bind to (YAML, TOML), 1-based."""

    name: str
    line: int
    column: int
    pointer: str
    """The key's JSON pointer: the field's logical location."""
    container: str
    """The table or mapping the key belongs to, as messages name it."""
    end_line: int = 0
    """The last line of a value written over several lines (0: the key's own line): a tag
    on one of them is the key's (:class:`Definition`)."""


def key_fields(out: FileFacts, fmt: str, tags: Sequence[CommentTag], keys: Sequence[Key]) -> None:
    """Each tag to the key on its line, else the next key below it (:func:`bind`); a field
    for each key that has one."""
    if not tags:
        return
    bound, problems = bind(
        tags, [Definition(k.pointer, k.line, k.column, k.end_line) for k in keys]
    )
    out.problems.extend(problems)
    for index, tag in sorted(bound.items(), key=lambda item: item[1].position):
        key = keys[index]
        add_field(out, fmt, key.name, tag.position, key.pointer, key.container, tag)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _yaml_keys(
    node: Node, pointer: str, container: str, keys: list[Key], spans: list[tuple[Any, Any]]
) -> None:
    """Every scalar mapping key (with its JSON pointer) and every scalar's span."""
    stack: list[tuple[Node, str, str]] = [(node, pointer, container)]
    seen: set[int] = set()
    while stack:
        current, here, parent = stack.pop()
        if id(current) in seen:  # aliases: a node is visited once
            continue
        seen.add(id(current))
        if isinstance(current, ScalarNode):
            start, end = current.start_mark, current.end_mark
            spans.append(((start.line, start.column), (end.line, end.column)))
        elif isinstance(current, SequenceNode):
            for i, item in enumerate(current.value):
                stack.append((item, f"{here}/{i}", parent))
        elif isinstance(current, MappingNode):
            for key, value in current.value:
                stack.append((key, here, parent))
                if isinstance(key, ScalarNode):
                    name = str(key.value)
                    mark = key.start_mark
                    where = f"{here}/{_escape(name)}"
                    end = _list_end(value)
                    keys.append(Key(name, mark.line + 1, mark.column + 1, where, parent, end))
                    stack.append((value, where, name))
                else:
                    stack.append((value, here, parent))


def _list_end(value: Node) -> int:
    """The last line of a list of scalars written over lines (a tag on an item's line is
    its key's), else 0."""
    if not isinstance(value, SequenceNode) or not value.value:
        return 0
    if not all(isinstance(item, ScalarNode) for item in value.value):
        return 0
    return int(value.value[-1].end_mark.line) + 1


def _yaml_comment(line: str, number: int, spans: list[tuple[Any, Any]]) -> int:
    """The 0-based column where ``line``'s comment starts, or -1.

    A ``#`` starts a comment at the start of a line or after white space, and only outside
    every scalar (a ``#`` in a quoted or block scalar is text); spans are 0-based marks.
    """
    at = line.find("#")
    while at != -1:
        if at == 0 or line[at - 1] in " \t":
            here = (number - 1, at)
            k = bisect.bisect_right(spans, (here, (10**12, 0))) - 1
            if k < 0 or not (spans[k][0] <= here < spans[k][1]):
                return at
        at = line.find("#", at + 1)
    return -1


def yaml_fields(out: FileFacts, text: str, docs: list[Node]) -> None:
    """Fields for the ``# @personal-data`` comments of a YAML text, as ``Field(key, "yaml")``.

    Each tag binds to the mapping key on its own line, else to the next key below it;
    ``docs`` are the text's composed documents (:func:`policylint.yamlnode.compose_all`).
    The field's pointer is the key's JSON pointer within its document.
    """
    if TAG not in text:
        return
    keys: list[Key] = []
    spans: list[tuple[Any, Any]] = []
    for doc in docs:
        _yaml_keys(doc, "", "", keys, spans)
    spans.sort()
    tags: list[CommentTag] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if TAG not in line:
            continue
        at = _yaml_comment(line, number, spans)
        if at != -1:
            tags.extend(find_tags(line[at:], number, at + 1))
    key_fields(out, "yaml", tags, keys)


__all__ = [
    "POLICY",
    "SETTINGS",
    "TAG",
    "CommentTag",
    "CommentTagError",
    "Definition",
    "InvalidTag",
    "Key",
    "add_field",
    "bind",
    "find_tags",
    "key_fields",
    "parse_policy_tag",
    "resolve",
    "yaml_fields",
]
