"""JSON as the node trees :mod:`policylint.yamlnode` makes, built from ``json.loads``.

Composing JSON with the YAML loader costs some ten times what the C JSON decoder does. This
module decodes with ``json.loads`` (which is also the syntax check JSON needs: YAML would
accept more) and builds the same kind of nodes, placing each object key by searching the
text forward from the previous one: keys come in document order, and a quoted key is the
only string followed by ``:``. Positions are computed only when asked for.

When a key cannot be placed that way (it is written with escapes, or holds a quote or a
backslash), :func:`compose_json` returns None and the caller composes with YAML: exact
positions always, the fast path when it is surely right.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from policylint.limits import MAX_DEPTH, MAX_NODES, SourceError
from policylint.yamlnode import compose_all

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_COLON = re.compile(r"[ \t\n\r]*:")
_BLANK = " \t\n\r"
_UNSAFE = re.compile(r'["\\\x00-\x1f]')


class _Miss(Exception):
    """A key the forward search cannot place: compose with YAML instead."""


class _Text:
    """The text, with the places already computed (positions are mostly asked in order)."""

    __slots__ = ("index", "line", "placed", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.line = 0
        self.placed: dict[int, tuple[int, int, int]] = {}

    def place(self, index: int) -> tuple[int, int, int]:
        """Where the node at ``index`` starts (blanks skipped: a mark made right after a
        ``:`` stands for the value that follows), as (index, 0-based line, column)."""
        placed = self.placed.get(index)
        if placed is None:
            text = self.text
            at = index
            while at < len(text) and text[at] in _BLANK:
                at += 1
            if at >= self.index:
                line = self.line + text.count("\n", self.index, at)
            else:
                line = text.count("\n", 0, at)
            self.index, self.line = at, line
            placed = self.placed[index] = (at, line, at - text.rfind("\n", 0, at) - 1)
        return placed


class Mark(tuple):  # type: ignore[type-arg]
    """A node's place (0-based, like PyYAML's marks), made as ``Mark((text, index))``:
    ``index`` in the text, its ``line`` and ``column``, computed when asked. A tuple: a
    JSON file makes one for each of its nodes, and a tuple costs a third of an object."""

    __slots__ = ()

    name = "<json>"
    buffer = None
    pointer = 0

    @property  # a mark's ``index`` is its place in the text (no tuple method is used)
    def index(self) -> int:  # type: ignore[override]
        return self[0].place(self[1])[0]  # type: ignore[no-any-return]

    @property
    def line(self) -> int:
        return self[0].place(self[1])[1]  # type: ignore[no-any-return]

    @property
    def column(self) -> int:
        return self[0].place(self[1])[2]  # type: ignore[no-any-return]


def loads(text: str) -> Any:
    """The JSON text decoded; SourceError with the place of a syntax error. RecursionError
    when it nests deeper than the decoder goes."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno) from None


AS_YAML = str.maketrans("\t\x85\u2028\u2029", "    ")
"""JSON read by the YAML loader: a tab (JSON's whitespace, and never raw inside a string)
would stop YAML, and YAML 1.1 counts NEL, LS and PS as line breaks. Each becomes a space of
the same width, so every position stays the editor's."""


def compose(
    text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, exact: bool = False
) -> list[Node]:
    """A JSON text's document nodes: built from ``json.loads`` when that surely gives the
    nodes YAML would (within the limits, every key placed), else composed with YAML.
    ``exact``: every node's mark must be exact, array items' and end marks included (the
    fast path places keys and values exactly, array items at their array). SourceError for
    invalid JSON."""
    if not exact and _within(text, max_depth, max_nodes):
        docs = compose_json(text)
        if docs is not None:
            return docs
    else:
        check_json(text)
    return compose_all(text.translate(AS_YAML), max_depth, max_nodes)


def _within(text: str, max_depth: int, max_nodes: int) -> bool:
    """The text's size alone keeps it within the limits: every level opens with ``[`` or
    ``{``, and every node but the first follows a ``[``, ``{``, ``,`` or ``:``."""
    opening = text.count("[") + text.count("{")
    return opening <= max_depth and opening + text.count(",") + text.count(":") < max_nodes


def check_json(text: str) -> None:
    """JSON is stricter than the YAML that reads it for positions: check its syntax first."""
    with contextlib.suppress(RecursionError):  # too deep for json: composing says where
        loads(text)


def compose_json(text: str) -> list[Node] | None:
    """The JSON text as one document node, or None when the fast path cannot place every
    key exactly (the caller composes with YAML). SourceError for invalid JSON.

    The decoder keeps one of two equal keys in an object, where YAML keeps both: the colons
    of the text are counted against those the decoded data accounts for (one a key, and
    those inside strings), and a text where they differ is composed with YAML. Without
    ``\\u`` escapes the counts agree exactly when no key was dropped."""
    try:
        data = loads(text)
    except RecursionError:
        return None
    if "\\u" in text:
        return None
    builder = _Builder(text)
    start = len(text) - len(text.lstrip(_BLANK))
    try:
        node = builder.node(data, start)
    except (_Miss, RecursionError):
        return None
    return [node] if builder.colons == text.count(":") else None


_NEEDLES: dict[str, str | None] = {}
"""A key -> how it is written in JSON when that is plain (None: escapes needed)."""
_NEEDLES_MAX = 16384


class _Builder:
    __slots__ = ("colons", "cursor", "source", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = _Text(text)
        self.cursor = 0
        self.colons = 0
        """The colons the decoded data accounts for: one a key, and those in strings."""

    def node(self, value: Any, at: int) -> Node:
        source = self.source
        mark: Any = Mark((source, at))  # what a yaml Mark offers: index, line, column
        kind = type(value)
        if kind is dict:
            pairs: list[tuple[Node, Node]] = []
            place = self.place
            colons = len(value)
            for key, item in value.items():
                if ":" in key:
                    colons += key.count(":")
                key_at, value_at = place(key)
                key_mark: Any = Mark((source, key_at))
                key_node = ScalarNode(_STR, key, key_mark, key_mark, '"')
                if type(item) is str:  # the most common value: no call for it
                    if ":" in item:
                        colons += item.count(":")
                    item_mark: Any = Mark((source, value_at))
                    pairs.append((key_node, ScalarNode(_STR, item, item_mark, item_mark, '"')))
                else:
                    pairs.append((key_node, self.node(item, value_at)))
            self.colons += colons
            return MappingNode(_MAP, pairs, mark, mark, True)
        if kind is list:
            return SequenceNode(_SEQ, [self.node(v, at) for v in value], mark, mark, True)
        if kind is str:
            self.colons += value.count(":")
            return ScalarNode(_STR, value, mark, mark, '"')
        if value is True or value is False:
            return ScalarNode(_BOOL, "true" if value else "false", mark, mark, None)
        if value is None:
            return ScalarNode(_NULL, "null", mark, mark, None)
        if kind is int:
            return ScalarNode(_INT, str(value), mark, mark, None)
        return ScalarNode(_FLOAT, repr(value), mark, mark, None)

    def place(self, key: str) -> tuple[int, int]:
        """Where ``key`` is written, and where its value starts (after the ``:``)."""
        needle = _NEEDLES.get(key, "")
        if needle == "":
            needle = None if _UNSAFE.search(key) else f'"{key}"'
            if len(_NEEDLES) < _NEEDLES_MAX and len(key) <= 64:
                _NEEDLES[key] = needle
        if needle is None:
            raise _Miss
        text = self.text
        found = text.find(needle, self.cursor)
        while found >= 0:
            after = found + len(needle)
            if after < len(text) and text[after] == ":":
                self.cursor = after + 1
                return found, after + 1
            colon = _COLON.match(text, after)
            if colon is not None:
                self.cursor = colon.end()
                return found, colon.end()
            found = text.find(needle, found + 1)
        raise _Miss
