"""Personal-data tags (SPEC section 5): the string, list, mapping and ``false`` forms.

:func:`parse_tag` accepts exactly what ``schemas/annotation.schema.json`` accepts. The
common case, a well-formed tag, is decided here without jsonschema (a strict subset of the
schema, kept in step by a test); only a tag that fails it is handed to the schema, whose
messages become the PL101 finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from policylint.facts import Tag
from policylint.validation import SchemaProblem, validate
from policylint.yamlnode import Node

KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\Z")
_DURATION = r"P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?"
_ANCHOR = r"(?!indefinite\+)(?!pt?(\d+[a-z])+(\+|\Z))[a-z][a-z0-9_]*"
"""An event: lower_snake_case, but neither ``indefinite`` with a duration nor a duration
written in lower case (``p1y``), which a user meant as one and the parser refuses."""
RETENTION = re.compile(rf"(indefinite|{_DURATION}|{_ANCHOR}(\+{_DURATION})?)\Z")
BASES = frozenset(
    {"consent", "contract", "legal_obligation", "vital_interests", "public_task"}
    | {"legitimate_interests"}
)
TAG_FIELDS = frozenset({"category", "retention", "purposes", "subjects", "basis", "processors"})
DEFAULT_FIELDS = TAG_FIELDS - {"category"}

Defaults = Mapping[str, Any]


class TagError(Exception):
    """A tag the annotation schema rejects; ``problems`` say where and why."""

    def __init__(self, problems: list[SchemaProblem]) -> None:
        super().__init__(problems[0].message if problems else "invalid tag")
        self.problems = problems


def _is_key(value: Any) -> bool:
    return isinstance(value, str) and KEY.match(value) is not None


def _keys(value: Any, min_items: int = 0) -> bool:
    return isinstance(value, list) and len(value) >= min_items and all(map(_is_key, value))


def _processors(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "retention": lambda v: isinstance(v, str) and RETENTION.match(v) is not None,
    "purposes": _keys,
    "subjects": _keys,
    "basis": lambda v: isinstance(v, str) and v in BASES,
    "processors": _processors,
    "category": lambda v: _is_key(v) or _keys(v, 1),
}


def _mapping_ok(value: Mapping[str, Any], allowed: frozenset[str]) -> bool:
    return all(k in allowed and _CHECKS[k](v) for k, v in value.items())


def is_valid_tag(value: Any) -> bool:
    """The fast path: True only for tags the annotation schema accepts."""
    if value is False or _is_key(value) or _keys(value, 1):
        return True
    return isinstance(value, dict) and "category" in value and _mapping_ok(value, TAG_FIELDS)


def is_valid_defaults(value: Any) -> bool:
    return isinstance(value, dict) and _mapping_ok(value, DEFAULT_FIELDS)


def _explained(problem: SchemaProblem, value: Any) -> SchemaProblem:
    """A problem with a tag's retention, in the words of the retention parser, which says
    what is wrong (``p1y``: the designators are upper-case) where the schema's pattern
    only says it does not match."""
    text = value.get("retention") if isinstance(value, dict) else None
    if problem.path != "retention" or not isinstance(text, str):
        return problem
    from policylint.retention import RetentionError, parse_retention

    try:
        parse_retention(text)
    except RetentionError as exc:
        return SchemaProblem(str(exc), problem.line, problem.column, problem.path)
    return problem


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def check_defaults(value: Any, node: Node | None) -> dict[str, Any]:
    """``x-personal-data-defaults`` as a mapping, or :class:`TagError`."""
    if is_valid_defaults(value):
        return dict(value)
    problems = validate(value, "annotation", node, node, ref="defaults")
    if problems:
        raise TagError(problems)
    return dict(value)


def parse_tag(value: Any, defaults: Defaults, node: Node | None = None) -> Tag | None:
    """A tag with the nearest defaults applied; None for ``false`` (not personal data)."""
    if not is_valid_tag(value):
        problems = validate(value, "annotation", node, node)
        if problems:
            raise TagError([_explained(p, value) for p in problems])
    if value is False:
        return None
    fields: dict[str, Any] = dict(defaults)
    if isinstance(value, dict):
        fields.update(value)
    else:
        fields["category"] = value
    return Tag(
        categories=_as_tuple(fields.get("category")),
        retention=fields.get("retention"),
        purposes=_as_tuple(fields.get("purposes")),
        subjects=_as_tuple(fields.get("subjects")),
        basis=fields.get("basis"),
        processors=_as_tuple(fields.get("processors")),
    )
