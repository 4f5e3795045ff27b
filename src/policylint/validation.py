"""JSON Schema validation of data read from YAML/JSON nodes, with node positions.

A valid document is recognised without jsonschema (:mod:`policylint.conformance`).
jsonschema is imported only here, lazily, to find and explain the problems of one that is
not; each validator is built once per schema: building one re-checks the schema
(milliseconds); validating with a built one is cheap.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from policylint.cache import active, digest
from policylint.records import Record, record, setfield
from policylint.resources import schema_path
from policylint.yamlnode import MappingNode, Node, ScalarNode, SequenceNode, position


@record
class SchemaProblem(Record):
    """One validation error: message, 1-based position, path through the document."""

    message: str
    line: int
    column: int
    path: str
    keys: tuple[str, ...] = ()
    """The keys the mapping at ``path`` may not hold, when that is the problem."""

    def __init__(
        self, message: str, line: int, column: int, path: str, keys: tuple[str, ...] = ()
    ) -> None:
        setfield(self, "message", message)
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "path", path)
        setfield(self, "keys", keys)


def validate_document(
    text: str, instance: Any, name: str, root: Node | None
) -> list[SchemaProblem]:
    """:func:`validate` for a whole file, skipped when this exact text already passed (in
    the run's cache, :func:`policylint.cache.activate`)."""
    cache = active()
    key = digest(schema_text(name), text)
    if cache.known(name, key):
        return []
    problems = validate(instance, name, root)
    if not problems:
        cache.remember(name, key)
    return problems


@functools.cache
def schema_text(name: str) -> str:
    return schema_path(name).read_text(encoding="utf-8")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_text(name))
    return data


@functools.cache
def _validator(name: str, ref: str | None) -> Any:
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    if ref is not None:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{ref}"}
    return Draft202012Validator(schema, format_checker=None)


def node_at(root: Node | None, path: Sequence[Any]) -> Node | None:
    """The deepest node along a jsonschema error path (keys and indexes)."""
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            match = [v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step]
            if not match:
                return node
            node = match[-1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node
    return node


def _relevant(error: Any) -> Any:
    """For a failed ``oneOf``/``anyOf``, the branch error that explains it best."""
    from jsonschema.exceptions import best_match

    if not error.context:
        return error
    best = best_match([error])
    return best if best is not None else error


def _message(error: Any) -> str:
    described = isinstance(error.schema, dict) and error.schema.get("description")
    if error.validator == "pattern" and described:
        text = f"{error.instance!r} is not {described}"
    else:
        text = str(error.message)
    return _short(text)


def _short(text: str) -> str:
    """A message about a huge value, cut: its end is kept too, which says what is wrong."""
    return text[:200] + " ... " + text[-95:] if len(text) > 300 else text


def validate(
    instance: Any,
    name: str,
    root: Node | None,
    fallback: Node | None = None,
    ref: str | None = None,
) -> list[SchemaProblem]:
    """Every problem of ``instance`` against schema ``name`` (or one of its ``$defs``).

    ``root`` is the node ``instance`` was read from; each problem is placed at the node its
    error path leads to (``fallback`` or line 1 when there is none). A document that surely
    conforms (:mod:`policylint.conformance`) is not shown to jsonschema at all.
    """
    from policylint.conformance import conforms

    if conforms(instance, load_schema(name), ref):
        return []
    problems = []
    for top in _validator(name, ref).iter_errors(instance):
        error = _relevant(top)
        path = list(error.absolute_path)
        node = node_at(root, path) or fallback
        where = "/".join(str(p) for p in path)
        for message, place, keys in _placed(error, node):
            line, column = position(place) if place is not None else (1, 1)
            problems.append(SchemaProblem(message, line, column, where, keys))
    problems.sort(key=lambda p: (p.line, p.column, p.message))
    return problems


def _placed(error: Any, node: Node | None) -> list[tuple[str, Node | None, tuple[str, ...]]]:
    """An error's message, the node it is about and the keys it refuses: each key a
    mapping may not hold on that key, one message each (in jsonschema's words); anything
    else on ``node``."""
    refused = _refused(error)
    if refused and isinstance(node, MappingNode):
        keys = [k for k, _ in node.value if isinstance(k, ScalarNode) and k.value in refused]
        if keys:
            unexpected = "Additional properties are not allowed ({!r} was unexpected)"
            return [(_short(unexpected.format(k.value)), k, (k.value,)) for k in keys]
    return [(_message(error), node, refused)]


def _refused(error: Any) -> tuple[str, ...]:
    """The keys of the mapping an ``additionalProperties: false`` error is about that its
    schema refuses (neither in ``properties`` nor matching ``patternProperties``)."""
    schema, instance = error.schema, error.instance
    if error.validator != "additionalProperties" or not isinstance(instance, dict):
        return ()
    if not isinstance(schema, dict) or schema.get("additionalProperties") is not False:
        return ()
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    names = (str(k) for k in instance)
    return tuple(k for k in names if k not in known and not any(p.search(k) for p in patterns))
