"""Tags on JSON-like schemas (SPEC section 5): JSON Schema, OpenAPI 3.x / Swagger 2, Avro.

A walker visits every schema node (properties, items, ``$defs``/``definitions``,
``components.schemas``, ``allOf``/``anyOf``/``oneOf`` branches, Avro record fields) and
turns each property into a :class:`Field` fact, tagged or not, with the position of its
tag (or of the property's name where it has none) and a JSON pointer as its address.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from typing import Any, Union

from policylint.facts import DeferredLocation, Field, FileFacts, Location, Problem, Tag
from policylint.jsontext import Inexact, Places
from policylint.tags import TagError, check_defaults, parse_tag
from policylint.taxonomy import is_under
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    get,
    mark_position,
    position,
    to_python,
)

TAG = "x-personal-data"
DEFAULTS = "x-personal-data-defaults"
IGNORE = "x-policylint-ignore"
AGE = "user.demographic.age"

MAX_NODES = 2_000_000
"""Schema nodes visited in one file at the most (alias bombs expand, this bounds them)."""

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
)
_SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


def _escape(segment: str) -> str:
    """A JSON pointer segment (RFC 6901)."""
    if "~" in segment or "/" in segment:
        return segment.replace("~", "~0").replace("/", "~1")
    return segment


_OWN = frozenset((TAG, DEFAULTS, IGNORE))
_SCHEMA_KEYS = frozenset((*_SCHEMA_MAPS, *_SCHEMA_ONE, *_SCHEMA_LIST))
MISSING: Any = object()
"""What a tree's ``get`` gives for an absent key when asked to (a value may be null)."""


class _Keys:
    """What one pass over a mapping finds: its policylint keys, and its schema keywords."""

    __slots__ = ("defaults", "extra", "ignore", "schemas", "tag")

    def __init__(self) -> None:
        self.tag: tuple[Any, Any] | None = None
        """The place of the first tag key, and its value."""
        self.extra: list[Any] = []
        """The places of further tag keys (one mapping may hold only one)."""
        self.defaults: Any = MISSING
        self.ignore: Any = None
        self.schemas: list[tuple[str, Any]] = []


class NodeTree:
    """A document as YAML node trees: a place is a node (a key, or the value after it)."""

    __slots__ = ("text",)
    MAPPING = MappingNode
    """The class of a mapping."""

    def __init__(self, text: str) -> None:
        self.text = text
        """The text the nodes were composed from (a collection's memo key is its span)."""

    @staticmethod
    def keys(node: Any) -> _Keys:
        found = _Keys()
        for key, value in node.value:
            if key.__class__ is not ScalarNode:
                continue
            k = key.value
            if k in _SCHEMA_KEYS:
                found.schemas.append((k, value))
            elif k in _OWN:
                if k == TAG:
                    if found.tag is None:
                        found.tag = (key, value)
                    else:
                        found.extra.append(key)
                elif k == DEFAULTS:
                    if found.defaults is MISSING:
                        found.defaults = value
                elif found.ignore is None:
                    found.ignore = value
        return found

    @staticmethod
    def pairs(node: Any) -> Iterator[tuple[str, Any, Any]]:
        """A mapping's (key, its place, value) for each scalar key; nothing for others.

        :func:`policylint.yamlnode.items` written out: the walk's hottest loop, where a
        generator over that generator costs 2% of a YAML file's walk (callgrind)."""
        if node.__class__ is MappingNode:
            for key, value in node.value:
                if key.__class__ is ScalarNode:
                    yield key.value, key, value

    @staticmethod
    def elements(node: Any) -> list[Any] | None:
        return node.value if node.__class__ is SequenceNode else None

    @staticmethod
    def get(node: Any, key: str, default: Any = None) -> Any:
        found = get(node, key)
        return default if found is None else found

    @staticmethod
    def value_place(node: Any, key: str) -> Any:
        return get(node, key)

    @staticmethod
    def name(node: Any, key: str) -> str | None:
        """The text of the scalar at ``key`` (a name); None when it is absent or no scalar."""
        found = get(node, key)
        return str(found.value) if found.__class__ is ScalarNode else None

    @staticmethod
    def python(node: Any) -> Any:
        return None if node is None else to_python(node)

    @staticmethod
    def node(node: Any) -> Node | None:
        return node  # type: ignore[no-any-return]

    @staticmethod
    def position(place: Any) -> tuple[int, int]:
        return position(place)

    @staticmethod
    def start(node: Any) -> tuple[int, int]:
        """Where a node starts."""
        return position(node)

    @staticmethod
    def location(place: Any, pointer: str) -> Location:
        return Location(*mark_position(place.start_mark), pointer)

    def memo_key(self, node: Any) -> Any:
        """What identifies a small value: a scalar's tag and text, a collection's column and
        source text (the same text at the same column composes to the same nodes, unless it
        names an anchor made elsewhere, or a tag handle a directive declares). None: not
        remembered."""
        if node.__class__ is ScalarNode:
            return node.tag, node.value
        start, end = node.start_mark, node.end_mark
        if end.index - start.index > 512:
            return None
        span = self.text[start.index : end.index]
        if "*" in span or "!" in span:
            return None
        return start.column, span


class DataTree:
    """A decoded JSON document (:mod:`policylint.jsontext`): a place is an object, one of
    its keys, and whether the value after the key is meant; places are found when a
    location is read."""

    __slots__ = ("places",)
    MAPPING = dict

    def __init__(self, places: Places) -> None:
        self.places = places

    @staticmethod
    def keys(mapping: Any) -> _Keys:
        found = _Keys()
        for k, value in mapping.items():
            if k in _SCHEMA_KEYS:
                found.schemas.append((k, value))
            elif k == TAG:  # a decoded object holds each key once
                found.tag = ((mapping, k, False), value)
            elif k == DEFAULTS:
                found.defaults = value
            elif k == IGNORE:
                found.ignore = value
        return found

    @staticmethod
    def pairs(value: Any) -> Iterator[tuple[str, Any, Any]]:
        if type(value) is dict:
            for k, item in value.items():
                yield k, (value, k, False), item

    @staticmethod
    def elements(value: Any) -> list[Any] | None:
        return value if type(value) is list else None

    @staticmethod
    def get(value: Any, key: str, default: Any = None) -> Any:
        return value.get(key, default) if type(value) is dict else default

    @staticmethod
    def value_place(value: Any, key: str) -> Any:
        return (value, key, True) if type(value) is dict and key in value else None

    @staticmethod
    def name(value: Any, key: str) -> str | None:
        if type(value) is not dict or key not in value:
            return None
        found = value[key]
        if type(found) is str:
            return found
        if found is None or found is True or found is False:
            return json.dumps(found)
        if type(found) is dict or type(found) is list:
            return None
        raise Inexact  # a number: its text is what YAML reads (``1.50``, ``1e1``, ``-0``)

    @staticmethod
    def python(value: Any) -> Any:
        return value

    @staticmethod
    def node(value: Any) -> Node | None:
        return None

    def position(self, place: Any) -> tuple[int, int]:
        return self.places.position(place)

    @staticmethod
    def start(value: Any) -> tuple[int, int]:
        """Decoded data has no place of its own: the text is composed again to say."""
        raise Inexact

    def location(self, place: Any, pointer: str) -> Location:
        return DeferredLocation.at(self.places, place, pointer)

    @staticmethod
    def memo_key(value: Any) -> Any:
        """A small value as a hashable one (None: not remembered)."""
        if type(value) is not dict:
            return value if type(value) is str or value is False else None
        out: list[Any] = []
        for k, v in value.items():
            if type(v) is list:
                if len(v) > 16 or not all(type(x) is str for x in v):
                    return None
                v = tuple(v)
            elif type(v) is not str and v is not None:
                return None
            out += (k, v)
        return DataTree, tuple(out)


Tree = Union[NodeTree, DataTree]  # noqa: UP007 (a runtime alias on Python 3.10)


def _number(value: Any) -> float | None:
    """A numeric value (JSON's ``1e3`` written as a YAML string included) as a float."""
    if value is True or value is False or value is None:
        return None
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an integer past the largest float
            return math.inf if value > 0 else -math.inf
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def youngest_age(minimum: Any, exclusive_minimum: Any, types: Any) -> tuple[float | None, bool]:
    """The youngest age a numeric schema accepts, from its ``minimum``,
    ``exclusiveMinimum`` and ``type`` (plain values; None where absent), and whether that
    age itself is excluded.

    Both forms of ``exclusiveMinimum`` are read: numeric (2019-09+, OpenAPI 3.1) and boolean
    beside ``minimum`` (draft 4, OpenAPI 3.0). An integer schema accepts the next whole
    number above an exclusive bound; a number schema accepts values just above it, so the
    bound itself is what compares, excluded. None: no lower bound.
    """
    low = _number(minimum)
    exclusive = _number(exclusive_minimum)
    strict = exclusive_minimum is True
    bounds: list[tuple[float, bool]] = []
    if low is not None and not math.isnan(low):
        bounds.append((low, strict))
    if exclusive is not None and not math.isnan(exclusive):
        bounds.append((exclusive, True))
    if not bounds:
        return None, False
    bound, is_exclusive = max(bounds)
    if math.isinf(bound):  # 1e999: nobody is old enough; -1e999: no bound at all
        return (bound if bound > 0 else None), False
    type_list = types if isinstance(types, list) else [types]
    if "integer" in type_list and "number" not in type_list:
        whole = float(math.floor(bound) + 1) if is_exclusive else float(math.ceil(bound))
        return whole, False
    return bound, is_exclusive


class SchemaWalker:
    """Walks one document of ``tree``; appends facts and problems to ``out``."""

    def __init__(self, out: FileFacts, fmt: str, tree: Tree) -> None:
        self.out = out
        self.format = fmt
        self.tree = tree
        self.visited = 0
        self.active: set[int] = set()
        self.covering = 0
        self._frozen: tuple[Mapping[str, Any] | None, Any] = (None, ())
        """The defaults last read for a tag, and their hashable form."""

    # -- shared ------------------------------------------------------------------
    def _budget(self, node: Any) -> None:
        """Counts a node visited; SourceError past :data:`MAX_NODES`."""
        self.visited += 1
        if self.visited > MAX_NODES:
            raise SourceError(f"more than {MAX_NODES} schema nodes", *self.tree.start(node))

    def _problem(self, error: TagError, fallback: Any, pointer: str) -> None:
        """PL101 for each of a tag's problems; ``pointer`` (the property's) keeps its
        fingerprint when lines move."""
        for p in error.problems:
            line, column = (p.line, p.column) if p.line else self.tree.position(fallback)
            self.out.problems.append(
                Problem("PL101", f"invalid tag: {p.message}", Location(line, column, pointer))
            )

    def _repeated(self, first: Any, extra: list[Any], pointer: str) -> None:
        """PL101 on a second tag in one mapping: JSON tools differ on which of two equal keys
        counts (mostly the last; this walker reads the first), so the file must say one."""
        line = self.tree.position(first)[0]
        message = f"invalid tag: a second `{TAG}` here (the first is on line {line}); keep one"
        for place in extra:  # keyed without the line: a moved line keeps the fingerprint
            where = Location(*self.tree.position(place), pointer)
            self.out.problems.append(Problem("PL101", message, where, f"second {TAG}"))

    def defaults(
        self, node: Any, inherited: Mapping[str, Any], pointer: str, keys: _Keys | None = None
    ) -> Mapping[str, Any]:
        """The nearest ``x-personal-data-defaults`` wins, key by key."""
        tree = self.tree
        value = tree.get(node, DEFAULTS, MISSING) if keys is None else keys.defaults
        if value is MISSING:
            return inherited
        try:
            own = check_defaults(tree.python(value), tree.node(value))
        except TagError as exc:
            self._problem(exc, tree.value_place(node, DEFAULTS), f"{pointer}/{DEFAULTS}")
            return inherited
        return {**inherited, **own}

    def field(
        self,
        holder: Any,
        name_place: Any,
        name: str,
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        keys: _Keys | None = None,
    ) -> bool:
        """The field a property (or Avro field, or parameter) ``holder`` declares; True
        when it is tagged as personal data (its parts are then covered by the tag)."""
        tree = self.tree
        if keys is None and holder.__class__ is tree.MAPPING:
            keys = tree.keys(holder)
        ignore = None
        if keys is not None and keys.ignore is not None:
            ignore = _ignore(tree.python(keys.ignore))
        if keys is None or keys.tag is None:  # untagged
            self.out.facts.append(
                Field(
                    name,
                    self.format,
                    tree.location(name_place, pointer),
                    container=container,
                    ignore=ignore,
                    covered=self.covering > 0,
                )
            )
            return False
        tag_place, tag_value = keys.tag
        if keys.extra:
            self._repeated(tag_place, keys.extra, pointer)
        try:
            tag, age_gate = self._tag(tag_value, defaults)
        except TagError as exc:
            self._problem(exc, tag_place, pointer)
            return False
        youngest, excluded = self._youngest(holder) if age_gate else (None, False)
        self.out.facts.append(
            Field(
                name,
                self.format,
                tree.location(tag_place, pointer),
                tag=tag,
                not_personal=tag is None,
                container=container,
                age_gate=age_gate and self.format != "avro",
                youngest_age=youngest,
                youngest_excluded=excluded,
                ignore=ignore,
            )
        )
        return tag is not None

    def _youngest(self, holder: Any) -> tuple[float | None, bool]:
        """The youngest age an age property accepts: its own bounds, and those of the
        ``allOf`` branches it must satisfy too (the strictest bound holds)."""
        tree = self.tree
        get, python = tree.get, tree.python
        parts = [holder, *(tree.elements(get(holder, "allOf")) or ())]
        parts = [p for p in parts if p.__class__ is tree.MAPPING]
        types = next((t for t in (python(get(p, "type")) for p in parts) if t is not None), None)
        bounds = [
            youngest_age(python(get(p, "minimum")), python(get(p, "exclusiveMinimum")), types)
            for p in parts
        ]
        known = [(age, excluded) for age, excluded in bounds if age is not None]
        return max(known) if known else (None, False)

    def _tag(self, value: Any, defaults: Mapping[str, Any]) -> tuple[Tag | None, bool]:
        """A tag's value read with :func:`parse_tag`, and whether it tags an age; each
        distinct tag (with its defaults) once per process: tags repeat across a code base,
        and checking one against the annotation schema costs more than recognising it."""
        tree = self.tree
        sign = tree.memo_key(value)
        if sign is None or (defaults and type(defaults) is not dict):
            return _read_tag(tree.python(value), defaults, tree.node(value))
        if self._frozen[0] is not defaults:
            frozen = tuple((k, tuple(v) if type(v) is list else v) for k, v in defaults.items())
            self._frozen = (defaults, frozen)
        memo = (sign, self._frozen[1])
        try:
            if memo in _TAGS:
                return _TAGS[memo]
        except TypeError:  # defaults holding mappings: not remembered
            return _read_tag(tree.python(value), defaults, tree.node(value))
        read = _read_tag(tree.python(value), defaults, tree.node(value))
        if len(_TAGS) < _TAGS_MAX:
            _TAGS[memo] = read
        return read

    # -- JSON Schema ---------------------------------------------------------------
    def schema(
        self,
        node: Any,
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        name: tuple[Any, str] | None = None,
        owner: str = "",
    ) -> None:
        """A schema node; ``name`` is the place and name of the property it describes, when
        it is one; ``owner`` names the property an ``items``/branch schema belongs to."""
        tree = self.tree
        if node.__class__ is not tree.MAPPING or id(node) in self.active:
            return
        self.visited += 1
        if self.visited > MAX_NODES:
            self._budget(node)
        keys = tree.keys(node)
        if keys.defaults is not MISSING:
            defaults = self.defaults(node, defaults, pointer, keys)
        tagged = False
        if name is not None:
            tagged = self.field(node, name[0], name[1], pointer, defaults, container, keys)
            owner = name[1]
        elif keys.tag is not None:
            label = owner or pointer.rsplit("/", 1)[-1] or container
            tagged = self.field(node, keys.tag[0], label, pointer, defaults, container, keys)
        if not keys.schemas:  # a leaf: nothing below it can lead back to it
            return
        self.active.add(id(node))
        self.covering += tagged
        try:
            self._children(keys.schemas, pointer, defaults, owner or container, owner)
        finally:
            self.covering -= tagged
            self.active.discard(id(node))

    def _children(
        self,
        schemas: list[tuple[str, Any]],
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        owner: str,
    ) -> None:
        tree = self.tree
        for k, child in schemas:
            here = f"{pointer}/{_escape(k)}"
            if k in _SCHEMA_MAPS:
                named = k in ("properties", "patternProperties")
                for name, place, sub in tree.pairs(child):
                    sub_ptr = f"{here}/{_escape(name)}"
                    if named:
                        self.schema(sub, sub_ptr, defaults, container, (place, name))
                    else:
                        self.schema(sub, sub_ptr, defaults, name)
                continue
            elements = tree.elements(child)
            if elements is not None:  # items: [...], allOf, anyOf, oneOf, prefixItems
                for i, sub in enumerate(elements):
                    self.schema(sub, f"{here}/{i}", defaults, container, owner=owner)
            elif k in _SCHEMA_ONE:
                self.schema(child, here, defaults, container, owner=owner)

    # -- OpenAPI -------------------------------------------------------------------
    def openapi(self, node: Any, pointer: str, defaults: Mapping[str, Any], depth: int = 0) -> None:
        """The non-schema parts of an OpenAPI document: find schemas and parameters."""
        if depth > 64:
            return
        tree = self.tree
        elements = tree.elements(node)
        if elements is not None:
            for i, sub in enumerate(elements):
                self.openapi(sub, f"{pointer}/{i}", defaults, depth + 1)
            return
        if node.__class__ is not tree.MAPPING:
            return
        self._budget(node)
        defaults = self.defaults(node, defaults, pointer)
        for k, _, child in tree.pairs(node):
            here = f"{pointer}/{_escape(k)}"
            if k == "schema":
                self.schema(child, here, defaults, "")
            elif k in ("schemas", "definitions") and child.__class__ is tree.MAPPING:
                for name, _, sub in tree.pairs(child):
                    self.schema(sub, f"{here}/{_escape(name)}", defaults, name)
            elif k == "parameters":
                self.parameters(child, here, defaults, depth)
            elif k == "headers" and child.__class__ is tree.MAPPING:
                self.headers(child, here, defaults, depth)
            elif k not in (TAG, DEFAULTS, IGNORE, "examples", "example"):
                self.openapi(child, here, defaults, depth + 1)

    def parameters(self, node: Any, pointer: str, defaults: Mapping[str, Any], depth: int) -> None:
        tree = self.tree
        elements = tree.elements(node)
        entries = (
            [(str(i), sub) for i, sub in enumerate(elements)]
            if elements is not None
            else [(k, v) for k, _, v in tree.pairs(node)]
        )
        for segment, param in entries:
            here = f"{pointer}/{_escape(segment)}"
            name = tree.name(param, "name")
            if name is not None and tree.get(param, TAG, MISSING) is not MISSING:
                self.field(param, tree.value_place(param, "name"), name, here, defaults, "")
            self.openapi(param, here, defaults, depth + 1)

    def headers(self, node: Any, pointer: str, defaults: Mapping[str, Any], depth: int) -> None:
        """A response's (or ``components``') headers: a Header Object is a parameter whose
        name is its key, and its tag is the header's."""
        tree = self.tree
        for name, place, header in tree.pairs(node):
            here = f"{pointer}/{_escape(name)}"
            if tree.get(header, TAG, MISSING) is not MISSING:
                self.field(header, place, name, here, defaults, "")
            self.openapi(header, here, defaults, depth + 1)

    # -- Avro ----------------------------------------------------------------------
    def avro(
        self, node: Any, pointer: str, defaults: Mapping[str, Any], container: str = ""
    ) -> None:
        """An Avro schema: records, their fields, and the types nested in them."""
        tree = self.tree
        elements = tree.elements(node)
        if elements is not None:
            for sub in elements:
                self.avro(sub, pointer, defaults, container)
            return
        if node.__class__ is not tree.MAPPING or id(node) in self.active:
            return
        self._budget(node)
        self.active.add(id(node))
        try:
            defaults = self.defaults(node, defaults, pointer)
            record = tree.name(node, "name") or container
            for sub in tree.elements(tree.get(node, "fields")) or ():
                fname = tree.name(sub, "name")
                if fname is None:
                    continue
                here = (
                    f"{pointer}/{_escape(fname)}"
                    if pointer
                    else f"/{_escape(record)}/{_escape(fname)}"
                )
                fdefaults = self.defaults(sub, defaults, here)
                place = tree.value_place(sub, "name")
                tagged = self.field(sub, place, fname, here, fdefaults, record)
                type_value = tree.get(sub, "type", MISSING)
                if type_value is not MISSING:
                    self.covering += tagged
                    try:
                        self.avro(type_value, here, fdefaults, fname)
                    finally:
                        self.covering -= tagged
            for key in ("items", "values"):
                child = tree.get(node, key, MISSING)
                if child is not MISSING:
                    self.avro(child, pointer, defaults, container)
        finally:
            self.active.discard(id(node))


_TAGS: dict[Any, tuple[Tag | None, bool]] = {}
_TAGS_MAX = 4096


def _read_tag(
    value: Any, defaults: Mapping[str, Any], node: Node | None
) -> tuple[Tag | None, bool]:
    tag = parse_tag(value, defaults, node)
    return tag, tag is not None and any(is_under(c, AGE) for c in tag.categories)


def _ignore(value: Any) -> frozenset[str] | None:
    """An ``x-policylint-ignore`` value as the codes it silences (empty: every code, for
    ``true``); codes are read as a comment's are (``"pl302"``, ``"PL302, PL601"``), and a
    list naming none (``[]``) silences nothing."""
    from policylint.suppress import NOTHING, split_codes

    if value is True:
        return frozenset()
    if isinstance(value, (str, list)):
        items = [value] if isinstance(value, str) else value
        named = [code for item in items for code in split_codes(str(item))]
        return frozenset(named or [NOTHING])
    return None
