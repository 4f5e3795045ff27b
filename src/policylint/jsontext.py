"""JSON texts: decoded with ``json.loads``, their keys placed in the text when asked.

Composing JSON with the YAML loader costs some ten times what the C JSON decoder does, and
most of a schema file's keys are never reported on. A JSON file is therefore read as the
data ``json.loads`` makes (which is also the syntax check JSON needs: YAML would accept
more), and :class:`Places` says where a key, or the value after it, is written: the first
time it is asked (a finding to report), it finds the text's key tokens in order as far as
that key (keys come in document order, and a string followed by ``:`` is a key). The
positions are the ones the YAML composer gives.

Where exact nodes are needed (comment tags, mapped settings, a problem to report, a
manifest, an object holding a key twice), :func:`compose` composes the text with YAML
after checking its JSON syntax.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import Any

from policylint.limits import MAX_DEPTH, MAX_NODES, SourceError
from policylint.yamlnode import MappingNode, Node, SequenceNode, compose_all, position

_BLANK = " \t\n\r"

AS_YAML = str.maketrans("\t\x85\u2028\u2029", "    ")
"""JSON read by the YAML loader: a tab (JSON's whitespace, and never raw inside a string)
would stop YAML, and YAML 1.1 counts NEL, LS and PS as line breaks. Each becomes a space of
the same width, so every position stays the editor's."""


class _Repeated(Exception):
    """An object holds one key twice (the decoder would keep one; YAML keeps both)."""


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Repeated
    return mapping


_ONCE = json.JSONDecoder(object_pairs_hook=_no_repeats)
"""Decodes as ``json.loads`` does, and stops at a key written twice (the hook keeps no
state: it may run in any number of threads)."""
_ANY = json.JSONDecoder()


def loads(text: str, decoder: json.JSONDecoder = _ANY) -> Any:
    """The JSON text decoded; SourceError with the place of a syntax error. RecursionError
    when it nests deeper than the decoder goes; with :data:`_ONCE`, :class:`_Repeated` for
    an object holding one key twice."""
    try:
        return decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
        raise SourceError(f"cannot read a number: {exc}") from None


def check_json(text: str) -> None:
    """JSON is stricter than the YAML that reads it for positions: check its syntax first."""
    with contextlib.suppress(RecursionError):  # too deep for json: composing says where
        loads(text)


def compose(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> list[Node]:
    """A JSON text's documents as YAML node trees, every mark exact. SourceError for
    invalid JSON."""
    check_json(text)
    return compose_all(text.translate(AS_YAML), max_depth, max_nodes)


def decode(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Places | None:
    """The JSON text's data and the places of its keys, or None when the data would not be
    what the YAML composer reads (the caller composes the text instead, which says where
    a limit is passed, or keeps both of two equal keys). SourceError for invalid JSON."""
    opening = text.count("[") + text.count("{")
    # Every node takes a character at least, and every node but the first follows a ``[``,
    # ``{``, ``,`` or ``:``: a text within either bound holds fewer nodes than the limit.
    if len(text) >= max_nodes and opening + text.count(",") + text.count(":") >= max_nodes:
        return None
    try:
        data = loads(text, _ONCE)
    except (RecursionError, _Repeated):
        return None
    if opening > max_depth and _depth(data) > max_depth:  # every level opens with [ or {
        return None
    return Places(text, data)


def _depth(data: Any) -> int:
    """How deep decoded data nests (a scalar: 0)."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if type(value) is dict:
            value = value.values()
        elif type(value) is not list:
            continue
        deepest = max(deepest, depth)
        pending.extend((item, depth + 1) for item in value)
    return deepest


Place = tuple[dict[str, Any], str, bool]
"""A key of a decoded object (the object, the key, and whether the value after it is meant
rather than the key itself)."""
_Placed = dict[tuple[int, str], tuple[tuple[int, int], tuple[int, int]]]
_TOKEN = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"([ \t\n\r]*:)?')
"""A JSON string, and the ``:`` after it when it is a key. Matched from outside a string
(the start of the text, or the end of the previous string), a ``"`` opens a string."""
_NOWHERE = ((1, 1), (1, 1))


class Places:
    """A decoded JSON text (``data``) and where each object key and value is written.

    The text's key tokens are found in order, as far as the key asked for (a finding near
    the top of a file costs the keys above it only): keys come in document order, and a
    string followed by ``:`` is a key. A lookup never fails: a key the strings do not account for
    (which a text the decoder accepted cannot hold) is placed by composing the text with
    YAML, or at the start of a text YAML refuses."""

    __slots__ = ("_at", "_exact", "_keys", "_ranks", "_stored", "_tokens", "data", "text")

    def __init__(self, text: str, data: Any) -> None:
        self.text = text
        self.data = data
        self._at: dict[tuple[int, str], tuple[int, int]] = {}
        """(id of an object, key) -> (where the key starts, where its ``:`` ends)."""
        self._keys: Iterator[tuple[dict[str, Any], str]] | None = None
        self._tokens: _Quotes | _Strings | None = None
        self._exact: _Placed | None = None
        self._stored: StoredPlaces | None = None
        self._ranks: dict[int, int] = {}

    def position(self, place: Place) -> tuple[int, int]:
        """The 1-based line and column of a key (or of the value after it)."""
        mapping, key, value = place
        if self._exact is None:
            found = self._at.get((id(mapping), key))
            if found is None:
                try:
                    found = self._search(id(mapping), key)
                except _Miss:
                    self._exact = _composed(self.text, self.data)
            if found is not None:
                return self._line_column(_skip_blanks(self.text, found[1]) if value else found[0])
        assert self._exact is not None
        return self._exact.get((id(mapping), key), _NOWHERE)[value]

    def stored(self, place: Place) -> tuple[StoredPlaces, StoredPlace]:
        """What stands for ``place`` where facts are stored (the result cache): the text's
        :class:`StoredPlaces`, and the place with its object given by number
        (:func:`_objects`). Numbering the objects once costs a fraction of placing keys."""
        if self._stored is None:
            self._stored = StoredPlaces(self.text)
            self._ranks = {id(m): n for n, m in enumerate(_objects(self.data))}
        mapping, key, value = place
        return self._stored, (self._ranks[id(mapping)], key, value)

    def _search(self, target: int, target_key: str) -> tuple[int, int]:
        """Places the keys not yet placed, in document order, up to the one asked for."""
        if self._keys is None or self._tokens is None:
            self._keys = _in_order(self.data)
            self._tokens = _Strings(self.text) if "\\" in self.text else _Quotes(self.text)
        at, tokens = self._at, self._tokens
        for mapping, key in self._keys:
            found = at[id(mapping), key] = tokens.next(key)
            if id(mapping) == target and key == target_key:
                return found
        raise _Miss

    def _line_column(self, index: int) -> tuple[int, int]:
        """The 1-based line and column of ``index`` (line ends are ``\\n``, as
        :func:`policylint.readers.decode` makes every file's)."""
        text = self.text
        return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


StoredPlace = tuple[int, str, bool]
"""A :data:`Place` with its object given by number (:func:`_objects`)."""


class StoredPlaces:
    """The places of a JSON text whose facts were stored (:meth:`Places.stored`). The text
    is decoded again when a place is first asked for, and placed as :class:`Places`
    places it: the same text decodes to the same objects, numbered alike."""

    __slots__ = ("_objects", "_places", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._places: Places | None = None
        self._objects: list[dict[str, Any]] = []

    def __reduce__(self) -> tuple[Any, ...]:
        return (StoredPlaces, (self.text,))

    def position(self, place: StoredPlace) -> tuple[int, int]:
        if self._places is None:
            self._places = Places(self.text, loads(self.text, _ONCE))
            self._objects = _objects(self._places.data)
        number, key, value = place
        return self._places.position((self._objects[number], key, value))

    def stored(self, place: StoredPlace) -> tuple[StoredPlaces, StoredPlace]:
        return self, place


def _objects(data: Any) -> list[dict[str, Any]]:
    """Every object of decoded data, in an order that depends on the data alone."""
    out: list[dict[str, Any]] = []
    pending = [data]
    while pending:
        value = pending.pop()
        if type(value) is dict:
            out.append(value)
            pending.extend(value.values())
        elif type(value) is list:
            pending.extend(value)
    return out


class Inexact(Exception):
    """What a reader of decoded data cannot place or say as YAML would (a problem it must
    report where a node starts, a number written as text): the caller composes the text
    with YAML and reads it again."""


class _Miss(Exception):
    """A key the text's strings do not account for."""


class _Quotes:
    """The key tokens of a text without a backslash, in order: there every ``"`` opens or
    closes a string, so a quoted key found after the last key token starts a string when
    the quotes between them pair up, and is a key when ``:`` follows."""

    __slots__ = ("cursor", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def next(self, key: str) -> tuple[int, int]:
        """Where the next key token (``key``) starts, and where its ``:`` ends."""
        text = self.text
        needle = f'"{key}"'
        counted = self.cursor
        inside = 0  # whether the quotes from the cursor to ``counted`` leave a string open
        found = text.find(needle, counted)
        while found >= 0:
            inside ^= text.count('"', counted, found) & 1
            counted = found
            if not inside:
                colon = _skip_blanks(text, found + len(needle))
                if text.startswith(":", colon):
                    self.cursor = colon + 1
                    return found, colon + 1
            found = text.find(needle, found + 1)
        raise _Miss


class _Strings:
    """The key tokens of any JSON text, in order: its strings read one by one (a string
    followed by ``:`` is a key), each compared with the key it decodes to."""

    __slots__ = ("strings",)

    def __init__(self, text: str) -> None:
        self.strings = _TOKEN.finditer(text)

    def next(self, key: str) -> tuple[int, int]:
        for string in self.strings:
            if string.group(2) is not None:
                written = string.group(1)
                if written != key and json.loads(f'"{written}"') != key:
                    raise _Miss
                return string.start(), string.end()
        raise _Miss


def _in_order(data: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Every object and key of decoded data, in document order (keys come in the order
    they are written, and before what their values hold)."""
    stack: list[tuple[dict[str, Any] | None, Iterator[Any]]] = [(None, iter((data,)))]
    while stack:
        mapping, entries = stack[-1]
        for entry in entries:
            if mapping is not None:
                key, entry = entry
                yield mapping, key
            if type(entry) is dict:
                stack.append((entry, iter(entry.items())))
                break
            if type(entry) is list:
                stack.append((None, iter(entry)))
                break
        else:
            stack.pop()


def _skip_blanks(text: str, index: int) -> int:
    """Where the value after a ``:`` starts (a YAML mark made right after the ``:`` stands
    for the value that follows)."""
    while index < len(text) and text[index] in _BLANK:
        index += 1
    return index


def _composed(text: str, data: Any) -> _Placed:
    """The places of the keys as the YAML composer gives them: the composed nodes are walked
    beside the data (the same keys in the same order: none was dropped). Nothing for a text
    YAML refuses."""
    at: _Placed = {}
    try:
        docs = compose(text)
    except SourceError:
        return at
    pending: list[tuple[Any, Node]] = [(data, doc) for doc in docs[:1]]
    while pending:
        value, node = pending.pop()
        if type(value) is dict and isinstance(node, MappingNode):
            for (key, item), (key_node, item_node) in zip(value.items(), node.value, strict=True):
                at[id(value), key] = (position(key_node), position(item_node))
                pending.append((item, item_node))
        elif type(value) is list and isinstance(node, SequenceNode):
            pending.extend(zip(value, node.value, strict=True))
    return at
