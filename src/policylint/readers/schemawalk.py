"""Tags on JSON-like schemas (SPEC section 5): JSON Schema, OpenAPI 3.x / Swagger 2, Avro.

A walker visits every schema node (properties, items, ``$defs``/``definitions``,
``components.schemas``, ``allOf``/``anyOf``/``oneOf`` branches, Avro record fields) and
turns each property into a :class:`Field` fact, tagged or not, with the position of its
tag (or of the property's name where it has none) and a JSON pointer as its address.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from policylint.facts import Field, FileFacts, Location, Problem, Tag
from policylint.tags import TagError, check_defaults, parse_tag
from policylint.taxonomy import is_under
from policylint.yamlnode import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    SourceError,
    get,
    items,
    number,
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


class _Keys:
    """What one pass over a mapping finds: its policylint keys, and its schema keywords."""

    __slots__ = ("defaults", "ignore", "schemas", "tag", "tags")

    def __init__(self, node: MappingNode) -> None:
        self.tag: tuple[ScalarNode, Node] | None = None
        self.defaults: Node | None = None
        self.ignore: Node | None = None
        self.tags = 0
        self.schemas: list[tuple[str, Node]] = []
        for key, value in node.value:
            if key.__class__ is not ScalarNode:
                continue
            k = key.value
            if k in _SCHEMA_KEYS:
                self.schemas.append((k, value))
            elif k in _OWN:
                if k == TAG:
                    self.tags += 1
                    if self.tag is None:
                        self.tag = (key, value)
                elif k == DEFAULTS:
                    if self.defaults is None:
                        self.defaults = value
                elif self.ignore is None:
                    self.ignore = value


def youngest_age(node: Node) -> float | None:
    """The youngest age a numeric schema accepts, from ``minimum``/``exclusiveMinimum``.

    Both forms of ``exclusiveMinimum`` are read: numeric (2019-09+, OpenAPI 3.1) and boolean
    beside ``minimum`` (draft 4, OpenAPI 3.0). An integer schema accepts the next whole
    number above an exclusive bound; a number schema accepts values just above it, so the
    bound itself is what compares. None: no lower bound.
    """
    minimum = number(get(node, "minimum"))
    exclusive_node = get(node, "exclusiveMinimum")
    exclusive = number(exclusive_node)
    strict = False
    if isinstance(exclusive_node, ScalarNode) and exclusive_node.tag.endswith(":bool"):
        strict = exclusive_node.value.lower() == "true"
    bounds: list[tuple[float, bool]] = []
    if minimum is not None and not math.isnan(minimum):
        bounds.append((minimum, strict))
    if exclusive is not None and not math.isnan(exclusive):
        bounds.append((exclusive, True))
    if not bounds:
        return None
    bound, is_exclusive = max(bounds)
    if math.isinf(bound):  # 1e999: nobody is old enough; -1e999: no bound at all
        return bound if bound > 0 else None
    type_node = get(node, "type")
    types = to_python(type_node) if type_node is not None else None
    type_list = types if isinstance(types, list) else [types]
    if "integer" in type_list and "number" not in type_list:
        return float(math.floor(bound) + 1) if is_exclusive else float(math.ceil(bound))
    return bound


class SchemaWalker:
    """Walks one document; appends facts and problems to ``out``."""

    def __init__(self, out: FileFacts, fmt: str) -> None:
        self.out = out
        self.format = fmt
        self.visited = 0
        self.active: set[int] = set()
        self.covering = 0

    # -- shared ------------------------------------------------------------------
    def _budget(self, node: Node) -> None:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise SourceError(f"more than {MAX_NODES} schema nodes", *position(node))

    def _problem(self, error: TagError, fallback: Node) -> None:
        for p in error.problems:
            line, column = (p.line, p.column) if p.line else position(fallback)
            self.out.problems.append(
                Problem("PL101", f"invalid tag: {p.message}", Location(line, column))
            )

    def _repeated(self, holder: Node, first: Node) -> None:
        """PL101 on a second tag in one mapping: JSON tools differ on which of two equal keys
        counts (mostly the last; this walker reads the first), so the file must say one."""
        line = position(first)[0]
        for key, _ in items(holder):
            if key is not first and key.value == TAG:
                message = (
                    f"invalid tag: a second `{TAG}` here (the first is on line {line}); keep one"
                )
                self.out.problems.append(Problem("PL101", message, Location(*position(key))))

    def defaults(
        self, node: Node, inherited: Mapping[str, Any], keys: _Keys | None = None
    ) -> Mapping[str, Any]:
        """The nearest ``x-personal-data-defaults`` wins, key by key."""
        value_node = get(node, DEFAULTS) if keys is None else keys.defaults
        if value_node is None:
            return inherited
        try:
            own = check_defaults(to_python(value_node), value_node)
        except TagError as exc:
            self._problem(exc, value_node)
            return inherited
        return {**inherited, **own}

    def field(
        self,
        holder: Node,
        name_node: Node,
        name: str,
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        keys: _Keys | None = None,
    ) -> bool:
        """The field a property (or Avro field, or parameter) ``holder`` declares; True
        when it is tagged as personal data (its parts are then covered by the tag)."""
        if keys is None and isinstance(holder, MappingNode):
            keys = _Keys(holder)
        tag_key, tag_node = keys.tag if keys is not None and keys.tag else (None, None)
        if tag_key is not None and keys is not None and keys.tags > 1:
            self._repeated(holder, tag_key)
        ignore = _ignore(keys.ignore) if keys is not None else None
        if tag_node is None or tag_key is None:  # untagged
            self.out.facts.append(
                Field(
                    name,
                    self.format,
                    Location(*position(name_node), pointer),
                    container=container,
                    ignore=ignore,
                    covered=self.covering > 0,
                )
            )
            return False
        location = Location(*position(tag_key), pointer)
        try:
            tag = _tag(tag_node, defaults)
        except TagError as exc:
            self._problem(exc, tag_key)
            return False
        age_gate = tag is not None and any(is_under(c, AGE) for c in tag.categories)
        self.out.facts.append(
            Field(
                name,
                self.format,
                location,
                tag=tag,
                not_personal=tag is None,
                container=container,
                age_gate=age_gate and self.format != "avro",
                youngest_age=youngest_age(holder) if age_gate else None,
                ignore=ignore,
            )
        )
        return tag is not None

    # -- JSON Schema ---------------------------------------------------------------
    def schema(
        self,
        node: Node,
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        name: tuple[Node, str] | None = None,
        owner: str = "",
    ) -> None:
        """A schema node; ``name`` is the property it describes, when it is one; ``owner``
        names the property an ``items``/branch schema belongs to."""
        if node.__class__ is not MappingNode or id(node) in self.active:
            return
        self._budget(node)
        self.active.add(id(node))
        try:
            keys = _Keys(node)
            if keys.defaults is not None:
                defaults = self.defaults(node, defaults, keys)
            tagged = False
            if name is not None:
                tagged = self.field(node, name[0], name[1], pointer, defaults, container, keys)
                owner = name[1]
            elif keys.tag is not None:
                label = owner or pointer.rsplit("/", 1)[-1] or container
                tagged = self.field(node, keys.tag[0], label, pointer, defaults, container, keys)
            if not keys.schemas:
                return
            self.covering += tagged
            try:
                self._children(keys.schemas, pointer, defaults, owner or container, owner)
            finally:
                self.covering -= tagged
        finally:
            self.active.discard(id(node))

    def _children(
        self,
        schemas: list[tuple[str, Node]],
        pointer: str,
        defaults: Mapping[str, Any],
        container: str,
        owner: str,
    ) -> None:
        for k, child in schemas:
            here = f"{pointer}/{_escape(k)}"
            if k in _SCHEMA_MAPS:
                named = k in ("properties", "patternProperties")
                for sub_key, sub in items(child):
                    name = sub_key.value
                    sub_ptr = f"{here}/{_escape(name)}"
                    if named:
                        self.schema(sub, sub_ptr, defaults, container, (sub_key, name))
                    else:
                        self.schema(sub, sub_ptr, defaults, name)
            elif k in _SCHEMA_ONE:
                if isinstance(child, SequenceNode):
                    for i, sub in enumerate(child.value):
                        self.schema(sub, f"{here}/{i}", defaults, container, owner=owner)
                else:
                    self.schema(child, here, defaults, container, owner=owner)
            elif isinstance(child, SequenceNode):  # allOf, anyOf, oneOf, prefixItems
                for i, sub in enumerate(child.value):
                    self.schema(sub, f"{here}/{i}", defaults, container, owner=owner)

    # -- OpenAPI -------------------------------------------------------------------
    def openapi(
        self, node: Node, pointer: str, defaults: Mapping[str, Any], depth: int = 0
    ) -> None:
        """The non-schema parts of an OpenAPI document: find schemas and parameters."""
        if depth > 64:
            return
        if isinstance(node, SequenceNode):
            for i, sub in enumerate(node.value):
                self.openapi(sub, f"{pointer}/{i}", defaults, depth + 1)
            return
        if not isinstance(node, MappingNode):
            return
        self._budget(node)
        defaults = self.defaults(node, defaults)
        for key, child in items(node):
            k = key.value
            here = f"{pointer}/{_escape(k)}"
            if k == "schema":
                self.schema(child, here, defaults, "")
            elif k in ("schemas", "definitions") and isinstance(child, MappingNode):
                for sub_key, sub in items(child):
                    self.schema(sub, f"{here}/{_escape(sub_key.value)}", defaults, sub_key.value)
            elif k == "parameters":
                self.parameters(child, here, defaults, depth)
            elif k not in (TAG, DEFAULTS, IGNORE, "examples", "example"):
                self.openapi(child, here, defaults, depth + 1)

    def parameters(self, node: Node, pointer: str, defaults: Mapping[str, Any], depth: int) -> None:
        entries = (
            [(str(i), sub) for i, sub in enumerate(node.value)]
            if isinstance(node, SequenceNode)
            else [(k.value, v) for k, v in items(node)]
        )
        for segment, param in entries:
            here = f"{pointer}/{_escape(segment)}"
            name_node = get(param, "name")
            if isinstance(name_node, ScalarNode) and get(param, TAG) is not None:
                self.field(param, name_node, str(name_node.value), here, defaults, "")
            self.openapi(param, here, defaults, depth + 1)

    # -- Avro ----------------------------------------------------------------------
    def avro(
        self, node: Node, pointer: str, defaults: Mapping[str, Any], container: str = ""
    ) -> None:
        """An Avro schema: records, their fields, and the types nested in them."""
        if isinstance(node, SequenceNode):
            for sub in node.value:
                self.avro(sub, pointer, defaults, container)
            return
        if not isinstance(node, MappingNode) or id(node) in self.active:
            return
        self._budget(node)
        self.active.add(id(node))
        try:
            defaults = self.defaults(node, defaults)
            record = _text(get(node, "name")) or container
            fields = get(node, "fields")
            if isinstance(fields, SequenceNode):
                for sub in fields.value:
                    name_node = get(sub, "name")
                    if not isinstance(name_node, ScalarNode):
                        continue
                    fname = str(name_node.value)
                    here = (
                        f"{pointer}/{_escape(fname)}"
                        if pointer
                        else f"/{_escape(record)}/{_escape(fname)}"
                    )
                    fdefaults = self.defaults(sub, defaults)
                    tagged = self.field(sub, name_node, fname, here, fdefaults, record)
                    type_node = get(sub, "type")
                    if type_node is not None:
                        self.covering += tagged
                        try:
                            self.avro(type_node, here, fdefaults, fname)
                        finally:
                            self.covering -= tagged
            for key in ("items", "values"):
                child = get(node, key)
                if child is not None:
                    self.avro(child, pointer, defaults, container)
        finally:
            self.active.discard(id(node))


_TAGS: dict[Any, Tag | None] = {}
_TAGS_MAX = 4096


def _tag(node: Node, defaults: Mapping[str, Any]) -> Tag | None:
    """A tag node read with :func:`parse_tag`, each distinct tag (with its defaults) once per
    process: tags repeat across a code base, and checking one against the annotation
    schema costs more than recognising it."""
    sign = _signature(node, 0)
    if sign is None or (defaults and type(defaults) is not dict):
        return parse_tag(to_python(node), defaults, node)
    memo = (sign, tuple((k, tuple(v) if type(v) is list else v) for k, v in defaults.items()))
    try:
        if memo in _TAGS:
            return _TAGS[memo]
    except TypeError:  # defaults holding mappings: not remembered
        return parse_tag(to_python(node), defaults, node)
    tag = parse_tag(to_python(node), defaults, node)
    if len(_TAGS) < _TAGS_MAX:
        _TAGS[memo] = tag
    return tag


def _signature(node: Node, depth: int) -> Any:
    """A hashable image of a small node tree (None for a large or deep one)."""
    if node.__class__ is ScalarNode:
        return node.tag, node.value
    if depth > 3 or len(node.value) > 16:
        return None
    if node.__class__ is MappingNode:
        out: list[Any] = []
        for key, value in node.value:
            k, v = _signature(key, depth + 1), _signature(value, depth + 1)
            if k is None or v is None:
                return None
            out += (k, v)
        return "map", tuple(out)
    if node.__class__ is SequenceNode:
        items = tuple(_signature(value, depth + 1) for value in node.value)
        return None if None in items else ("seq", items)
    return None


def _text(node: Node | None) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else ""


def _ignore(value_node: Node | None) -> frozenset[str] | None:
    """An ``x-policylint-ignore`` value as the codes it silences (empty: every code)."""
    if value_node is None:
        return None
    value = to_python(value_node)
    if value is True or value == []:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return None
