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


class _Object(list):  # type: ignore[type-arg]
    """An object's (key, value) pairs in order, duplicates kept (``object_pairs_hook``)."""

    __slots__ = ()


class _Miss(Exception):
    """A key the forward search cannot place: compose with YAML instead."""


class _Text:
    """The text, with the last position placed (positions are mostly asked in order)."""

    __slots__ = ("index", "line", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = 0
        self.line = 0

    def line_start(self, index: int) -> tuple[int, int]:
        """The 0-based line of ``index``, and where that line starts."""
        text = self.text
        if index >= self.index:
            line = self.line + text.count("\n", self.index, index)
        else:
            line = text.count("\n", 0, index)
        self.index, self.line = index, line
        return line, text.rfind("\n", 0, index) + 1


class Mark:
    """A node's place (0-based, like PyYAML's marks): ``index`` in the text, its ``line`` and
    ``column`` computed on first use. A mark made right after a ``:`` stands for the value
    that follows: blanks are skipped when it is placed."""

    __slots__ = ("_index", "_place", "_text")

    name = "<json>"
    buffer = None
    pointer = 0

    def __init__(self, text: _Text, index: int) -> None:
        self._text = text
        self._index = index
        self._place: tuple[int, int, int] | None = None

    def _placed(self) -> tuple[int, int, int]:
        if self._place is None:
            text = self._text.text
            index = self._index
            while index < len(text) and text[index] in _BLANK:
                index += 1
            line, start = self._text.line_start(index)
            self._place = (index, line, index - start)
        return self._place

    @property
    def index(self) -> int:
        return self._placed()[0]

    @property
    def line(self) -> int:
        return self._placed()[1]

    @property
    def column(self) -> int:
        return self._placed()[2]


def loads(text: str) -> Any:
    """The JSON text decoded (objects as pairs); SourceError with the place of a syntax
    error. RecursionError when it nests deeper than the decoder goes."""
    try:
        return json.loads(text, object_pairs_hook=_Object)
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
    key exactly (the caller composes with YAML). SourceError for invalid JSON."""
    try:
        data = loads(text)
    except RecursionError:
        return None
    builder = _Builder(text)
    start = len(text) - len(text.lstrip(_BLANK))
    try:
        return [builder.node(data, start)]
    except (_Miss, RecursionError):
        return None


class _Builder:
    __slots__ = ("cursor", "source", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.source = _Text(text)
        self.cursor = 0

    def node(self, value: Any, at: int) -> Node:
        source = self.source
        mark: Any = Mark(source, at)  # what a yaml Mark offers: index, line, column
        kind = type(value)
        if kind is _Object:
            pairs: list[tuple[Node, Node]] = []
            place = self.place
            for key, item in value:
                key_at, value_at = place(key)
                key_mark: Any = Mark(source, key_at)
                key_node = ScalarNode(_STR, key, key_mark, key_mark, '"')
                if type(item) is str:  # the most common value: no call for it
                    item_mark: Any = Mark(source, value_at)
                    pairs.append((key_node, ScalarNode(_STR, item, item_mark, item_mark, '"')))
                else:
                    pairs.append((key_node, self.node(item, value_at)))
            return MappingNode(_MAP, pairs, mark, mark, True)
        if kind is list:
            return SequenceNode(_SEQ, [self.node(v, at) for v in value], mark, mark, True)
        if kind is str:
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
        text = self.text
        needle = f'"{key}"'
        found = text.find(needle, self.cursor)
        if found >= 0 and _UNSAFE.search(key):
            raise _Miss
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
