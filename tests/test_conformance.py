"""The conformance pre-check (``policylint.conformance``) against jsonschema: it accepts the
real documents (so that a valid policy, config or rule never needs jsonschema), and it never
accepts a document jsonschema refuses, however the document is mangled."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from policylint.conformance import conforms
from policylint.validation import load_schema

REPO = Path(__file__).resolve().parent.parent
NAMES = ("policy", "config", "rule", "annotation", "report")
SCHEMAS = {name: load_schema(name) for name in NAMES}
TAGS: list[Any] = [
    "user.contact.email",
    ["user.contact.email", "user.name"],
    False,
    {"category": "user.contact.email", "retention": "P1Y", "purposes": ["essential"]},
    {"category": ["user.financial"], "subjects": ["customer"], "basis": "contract"},
]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _documents() -> list[tuple[str, str | None, Any]]:
    found: list[tuple[str, str | None, Any]] = []
    policies = [
        *REPO.glob("examples/*/privacy-policy.yaml"),
        *REPO.glob("tests/**/privacy-policy.yaml"),
        *REPO.glob("tests/data/notices/policies/*.yaml"),
    ]
    found += [("policy", None, _load(p)) for p in sorted(policies)]
    found += [("rule", None, _load(p)) for p in sorted(REPO.glob("rules/*.yaml"))]
    configs = sorted(REPO.glob("tests/**/.policylint.yaml"))
    found += [("config", None, _load(p) or {}) for p in configs]
    found += [("annotation", None, tag) for tag in TAGS]
    found += [("annotation", "defaults", {"retention": "P2Y", "subjects": ["customer"]})]
    return found


DOCUMENTS = _documents()


def _jsonschema_valid(instance: Any, name: str, ref: str | None) -> bool:
    schema = SCHEMAS[name]
    if ref is not None:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{ref}"}
    return bool(jsonschema.Draft202012Validator(schema).is_valid(instance))


def test_the_corpus_holds_every_kind() -> None:
    kinds = {name for name, _, _ in DOCUMENTS}
    assert kinds == {"policy", "rule", "config", "annotation"}
    assert len(DOCUMENTS) > 30


@pytest.mark.parametrize(("name", "ref", "document"), DOCUMENTS)
def test_a_real_document_conforms_without_jsonschema(
    name: str, ref: str | None, document: Any
) -> None:
    assert _jsonschema_valid(document, name, ref)
    assert conforms(document, SCHEMAS[name], ref)


# -- mangled documents -----------------------------------------------------------------------
def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in _strings(k) | _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return set()


WORDS = sorted(_strings(list(SCHEMAS.values())) | _strings([doc for _, _, doc in DOCUMENTS]) | {""})
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=200)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-3, max_value=200)
    | st.sampled_from([0, 1, 1.0, 13, 15.5, 16, -1])
    | st.sampled_from(WORDS)
    | st.text(max_size=6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(value, dict):
        for key, sub in value.items():
            out += _paths(sub, (*here, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            out += _paths(sub, (*here, index))
    return out


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, str | None, Any]:
    name, ref, document = draw(st.sampled_from(DOCUMENTS))
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(document)))
        if not path:
            if draw(st.booleans()):
                document = draw(VALUES)
            continue
        parent, last = _at(document, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "delete", "add", "wrap", "duplicate"]))
        if action == "replace":
            parent[last] = draw(VALUES)
        elif action == "delete":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(WORDS))] = draw(VALUES)
        elif action == "add":
            parent.append(draw(VALUES))
        elif action == "wrap":
            parent[last] = [parent[last]]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return name, ref, document


@given(mangled())
def test_conformance_never_accepts_what_jsonschema_refuses(
    case: tuple[str, str | None, Any],
) -> None:
    name, ref, document = case
    if conforms(document, SCHEMAS[name], ref):
        assert _jsonschema_valid(document, name, ref)


@given(st.sampled_from(NAMES), VALUES)
def test_conformance_of_any_value(name: str, value: Any) -> None:
    if conforms(value, SCHEMAS[name]):
        assert _jsonschema_valid(value, name, None)


@pytest.mark.parametrize(
    "value",
    [True, 1, 1.0, None, "1", [1], {"a": 1}, 2**80, float("inf")],
)
def test_types_and_equality_follow_jsonschema(value: Any) -> None:
    for schema in (
        {"type": "integer"},
        {"type": "number"},
        {"type": "boolean"},
        {"enum": [1, "1", None]},
        {"const": True},
        {"minimum": 1},
        {"maximum": 1},
        {"type": ["string", "null"]},
    ):
        if conforms(value, schema):
            assert jsonschema.Draft202012Validator(schema).is_valid(value), (value, schema)


def test_what_it_does_not_know_it_leaves_to_jsonschema() -> None:
    assert not conforms("x", {"format": "email"})
    assert not conforms({"a": 1}, {"patternProperties": {"a": {}}})
    assert not conforms([1], {"enum": [[1]]})
    assert not conforms(b"bytes", {})
    assert not conforms({"a": 1}, {"$ref": "other.json#/a"})
    assert conforms(
        {"a": 1}, {"$defs": {"x": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/x"}}}
    )
