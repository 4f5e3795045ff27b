"""Whether a document surely conforms to one of policylint's own JSON Schemas, without
jsonschema.

jsonschema costs ~50 ms to import and builds each validator at run time; a run that loads
a valid policy, config and rules needs none of that. :func:`conforms` knows the keywords
policylint's schemas use (``type``, ``properties``, ``required``, ``additionalProperties``,
``items``, ``enum``, ``const``, ``pattern``, ``minLength``, ``minItems``, ``minProperties``,
``propertyNames``, ``minimum``, ``maximum``, ``oneOf``, local ``$ref``), applied exactly as
jsonschema applies them. It answers True only when it is sure; anything it does not know
(another keyword, a value of a type JSON has not, an ``enum`` of lists) and every invalid
document get False, and :func:`policylint.validation.validate` then asks jsonschema, which
also explains what is wrong. ``tests/test_conformance.py`` holds it to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
)
_JSON = (dict, list, str, int, float, bool, type(None))


class _Unknown(Exception):
    """Something :func:`conforms` does not decide: jsonschema will."""


def conforms(instance: Any, schema: Mapping[str, Any], ref: str | None = None) -> bool:
    """Whether ``instance`` surely conforms to ``schema`` (or to its ``$defs`` ``ref``)."""
    try:
        target = schema if ref is None else schema["$defs"][ref]
        return _valid(instance, target, schema)
    except (_Unknown, KeyError, TypeError, ValueError, re.error, RecursionError):
        return False


def _valid(instance: Any, schema: Any, root: Mapping[str, Any]) -> bool:
    if schema is True:
        return True
    if schema is False or not isinstance(schema, dict):
        return False if schema is False else _unknown()
    if type(instance) not in _JSON:
        _unknown()
    for keyword, value in schema.items():
        check = _KEYWORDS.get(keyword)
        if check is None:
            if keyword in _ANNOTATIONS:
                continue
            _unknown()
        elif not check(instance, value, schema, root):
            return False
    return True


def _unknown() -> bool:
    raise _Unknown


# -- types and equality, as jsonschema's Draft 2020-12 type checker has them ------------------
def _is(instance: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(instance, dict)
    if kind == "array":
        return isinstance(instance, list)
    if kind == "string":
        return isinstance(instance, str)
    if kind == "boolean":
        return isinstance(instance, bool)
    if kind == "null":
        return instance is None
    if kind == "integer":
        return isinstance(instance, int) and not isinstance(instance, bool)
    if kind == "number":
        return isinstance(instance, (int, float)) and not isinstance(instance, bool)
    return _unknown()


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality (``True`` is not ``1``); two containers: unknown."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    containers = isinstance(one, (list, dict)) + isinstance(two, (list, dict))
    if containers:
        return False if containers == 1 else _unknown()
    if isinstance(one, bool) or isinstance(two, bool) or one is None or two is None:
        return one is two
    return bool(one == two)


# -- keywords: (instance, value, the schema holding it, the root schema) -> valid ------------
def _type(instance: Any, types: Any, schema: Any, root: Any) -> bool:
    return any(_is(instance, kind) for kind in ([types] if isinstance(types, str) else types))


def _enum(instance: Any, values: Any, schema: Any, root: Any) -> bool:
    return any(_equal(value, instance) for value in values)


def _const(instance: Any, value: Any, schema: Any, root: Any) -> bool:
    return _equal(instance, value)


def _properties(instance: Any, properties: Any, schema: Any, root: Any) -> bool:
    if not isinstance(instance, dict):
        return True
    return all(
        _valid(instance[name], sub, root) for name, sub in properties.items() if name in instance
    )


def _required(instance: Any, names: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, dict) or all(name in instance for name in names)


def _additional(instance: Any, extra: Any, schema: Any, root: Any) -> bool:
    if not isinstance(instance, dict):
        return True
    if "patternProperties" in schema:
        return _unknown()
    known = schema.get("properties", {})
    extras = [name for name in instance if name not in known]
    if isinstance(extra, dict):
        return all(_valid(instance[name], extra, root) for name in extras)
    return bool(extra) or not extras


def _items(instance: Any, items: Any, schema: Any, root: Any) -> bool:
    if not isinstance(instance, list):
        return True
    if "prefixItems" in schema:
        return _unknown()
    if items is False:
        return not instance
    return all(_valid(item, items, root) for item in instance)


def _property_names(instance: Any, names: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, dict) or all(_valid(name, names, root) for name in instance)


def _pattern(instance: Any, pattern: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, str) or re.search(pattern, instance) is not None


def _min_length(instance: Any, least: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, str) or len(instance) >= least


def _min_items(instance: Any, least: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, list) or len(instance) >= least


def _min_properties(instance: Any, least: Any, schema: Any, root: Any) -> bool:
    return not isinstance(instance, dict) or len(instance) >= least


def _minimum(instance: Any, bound: Any, schema: Any, root: Any) -> bool:
    return not _is(instance, "number") or bool(instance >= bound)


def _maximum(instance: Any, bound: Any, schema: Any, root: Any) -> bool:
    return not _is(instance, "number") or bool(instance <= bound)


def _one_of(instance: Any, schemas: Any, schema: Any, root: Any) -> bool:
    return sum(1 for sub in schemas if _valid(instance, sub, root)) == 1


def _ref(instance: Any, ref: Any, schema: Any, root: Any) -> bool:
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return _unknown()
    target: Any = root
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return _valid(instance, target, root)


_KEYWORDS: dict[str, Callable[[Any, Any, Any, Any], bool]] = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional,
    "items": _items,
    "propertyNames": _property_names,
    "pattern": _pattern,
    "minLength": _min_length,
    "minItems": _min_items,
    "minProperties": _min_properties,
    "minimum": _minimum,
    "maximum": _maximum,
    "oneOf": _one_of,
    "$ref": _ref,
}
