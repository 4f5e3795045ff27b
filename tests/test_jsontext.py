"""JSON files are read from the data ``json.loads`` makes, their keys placed in the text
when a finding needs them, not composed as YAML: the findings must be the ones the YAML
composer's positions give, byte for byte."""

from __future__ import annotations

import copy
import gc
import json
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylint import jsontext
from policylint.api import check
from policylint.facts import DeferredLocation, Location
from policylint.limits import SourceError
from policylint.yamlnode import MappingNode, Node, SequenceNode, compose_all, position
from repofiles import load

POLICY = """\
version: 1
name: Shop
controller: Shop B.V.
contact: privacy@shop.example
categories:
  - category: user.contact
    retention: P1Y
    purposes: [essential.service]
  - category: user.name
    purposes: [essential.service]
"""

TRICKY = {
    # a value equal to a later key, keys repeated at other depths, a key after an array
    "values-like-keys.schema.json": """{
  "type": "object",
  "properties": {
    "kind": {"type": "string", "format": "email"},
    "email": {"type": "string", "x-personal-data": "user.contact.email"},
    "nested": {"type": "object", "properties": {
        "email": {"x-personal-data": {"category": "user.contact.email", "retention": "P2Y"}}}},
    "list": {"type": "array", "items": [{"x-personal-data": "user.contact.phone_number"}]},
    "after": {"x-personal-data": "user.financial.bank_account"}
  }
}
""",
    # tabs between tokens, a key written with an escape, unicode, a string holding a quote
    "escapes.schema.json": '{\n\t"properties": {\n\t\t"na\\u006de": {"x-personal-data": '
    '"user.name"},\n\t\t"straße": {"description": "say \\"email\\": no", '
    '"x-personal-data": "user.contact.address"},\n\t\t"age": {"type": "integer", '
    '"minimum": 1e1, "x-personal-data": "user.demographic.age"}}}\n',
    # two tags in one property (PL101), and an invalid tag inside a list
    "problems.schema.json": """{"properties": {
  "a": {"x-personal-data": "user.name", "x-personal-data": "user.contact.email"},
  "b": {"x-personal-data": ["user.name", 12]}
}}
""",
    # a key written with an escape, then the same key written plainly further down
    "escaped-key.schema.json": """{"properties": {
  "a": {"x-personal-d\\u0061ta": "user.contact.email"},
  "b": {"x-personal-data": "user.contact.email"}}}
""",
    # keys made of a comma and of a colon, after arrays holding strings that start with them
    "punctuation-keys.schema.json": """{"properties": {"k": {"enum": ["v", ": x", ", y"]},
  ",": {"x-personal-data": "user.contact.email"},
  ":": {"x-personal-data": "user.name"}}}
""",
    # parameter and field names written as numbers: named as their text reads
    "numbers.openapi.json": """{"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": [
  {"name": 1.50, "in": "query", "x-personal-data": "user.contact.email"},
  {"name": -0, "in": "query", "x-personal-data": "user.contact.email"}]}}}}
""",
    "record.avsc": """{"type": "record", "name": "User", "fields": [
  {"name": "email", "type": "string", "x-personal-data": "user.contact.email"},
  {"name": "birth", "type": {"type": "record", "name": "Birth", "fields": [
    {"name": "year", "type": "int", "x-personal-data": "user.demographic.date_of_birth"}]}}
]}
""",
}


def _rows(root: Path, suffix: str) -> list[tuple[str, int, int, str, str]]:
    result = check(["."], policy=root / "privacy-policy.yaml", cwd=root)
    return sorted(
        (Path(f.path).with_suffix(suffix).as_posix(), f.line, f.column, f.code, f.message)
        for f in result.findings
    )


def test_json_files_give_the_findings_of_the_same_text_read_as_yaml(tmp_path: Path) -> None:
    fast, exact = tmp_path / "fast", tmp_path / "exact"
    load("benchmarks/gen_corpus.py").generate(fast, 60, {"json": 1.0}, seed=3, violations=0.4)
    for name, text in TRICKY.items():
        (fast / name).write_text(text, encoding="utf-8")
    shutil.copytree(fast, exact)
    for path in exact.rglob("*"):
        if path.suffix in (".json", ".avsc"):
            # as YAML: the composer's positions (a tab cannot start a YAML token: a space)
            text = path.read_text(encoding="utf-8").replace("\t", " ")
            target = path.with_suffix(".yaml" if path.suffix == ".json" else ".avsc")
            path.unlink()
            target.write_text(text, encoding="utf-8")
            if path.suffix == ".json":
                (fast / path.relative_to(exact)).write_text(text, encoding="utf-8")
    rows = _rows(fast, ".json")
    assert len(rows) > 40
    assert {r[3] for r in rows} >= {"PL101", "PL201", "PL203", "PL302", "PL401"}
    assert rows == _rows(exact, ".json")


def _children(node: Node, out: list[tuple[int, int]]) -> None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            out.append(position(key))
            out.append(position(value))
            _children(value, out)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _children(item, out)


def _placed(value: object, places: jsontext.Places, out: list[tuple[int, int]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            out.append(places.position((value, key, False)))
            out.append(places.position((value, key, True)))
            _placed(item, places, out)
    elif isinstance(value, list):
        for item in value:
            _placed(item, places, out)


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
"""Control characters are left out: YAML refuses them, so there is nothing to compare."""
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400)
@given(_JSON, st.sampled_from([None, 1, "\t", 0]), st.booleans())
def test_keys_and_values_are_placed_where_yaml_places_them(
    value: object, indent: object, ascii_only: bool
) -> None:
    """Every object key and every object value sits where the YAML composer puts it, keys
    written with escapes (``ascii_only``: every non-ASCII character) included."""
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)  # type: ignore[arg-type]
    places = jsontext.decode(text)
    assert places is not None
    try:
        expected = compose_all(text.translate(jsontext.AS_YAML))
    except SourceError:  # surrogate escapes (a character past U+FFFF): YAML refuses them
        return
    got: list[tuple[int, int]] = []
    want: list[tuple[int, int]] = []
    _placed(places.data, places, got)
    _children(expected[0], want)
    assert got == want


def test_invalid_json_is_a_syntax_error_with_its_place() -> None:
    for read in (jsontext.compose, jsontext.decode):
        with pytest.raises(Exception, match="JSON syntax error") as info:
            read('{"a": 1,\n "b": }')
        assert (info.value.line, info.value.column) == (2, 7)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    ['{"a": "\\u0041", "b": 1,}', "{'a': '\\u0041', b: 1}", '{"a": "\\u003a", "a": 1'],
    ids=["trailing-comma", "yaml-quotes", "unclosed"],
)
def test_invalid_json_is_refused_before_yaml_reads_it(text: str) -> None:
    """YAML accepts more than JSON: the JSON decoder checks the text first."""
    for read in (jsontext.compose, jsontext.decode):
        with pytest.raises(Exception, match="JSON syntax error"):
            read(text)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"b": "x:y"}, "c": 1, "a": 2}',
        '{"a\\u003a": 1, "a:": 2, "b": "\\"c\\": d"}',
        '{"k": 1, "\\u006b": 2}',
    ],
    ids=["plain", "colon-escaped", "key-escaped"],
)
def test_a_key_written_twice_is_read_as_yaml_reads_it(text: str) -> None:
    """The decoder keeps the second of two equal keys; YAML keeps both pairs, in order: such
    a text is composed."""
    assert jsontext.decode(text) is None
    (doc,) = jsontext.compose(text)
    assert len(doc.value) == len(json.loads(text)) + 1


def test_a_deferred_location_is_the_location_it_stands_for() -> None:
    places = jsontext.decode('{\n  "a": {"b": 1}\n}')
    assert places is not None
    inner = places.data["a"]
    deferred = DeferredLocation.at(places, (inner, "b", False), "/a/b")
    plain = Location(2, 9, "/a/b")
    assert deferred == plain and plain == deferred and hash(deferred) == hash(plain)
    assert DeferredLocation.at(places, (inner, "b", True), "/a/b") != plain
    for clone in (pickle.loads(pickle.dumps(deferred)), copy.copy(deferred)):
        assert type(clone) is Location and clone == plain
    assert repr(deferred) == repr(plain)


def test_a_text_yaml_refuses_is_read_and_placed(tmp_path: Path) -> None:
    """An emoji written as escapes (as Python's ``json.dumps`` writes it) is a pair of
    surrogate escapes, which YAML refuses: the JSON file is read, and placed, all the same."""
    doc = {
        "properties": {
            "café": {"description": "\U0001f600"},
            "email": {"x-personal-data": "user.contact.email"},
        }
    }
    (tmp_path / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "a.schema.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    assert "\\ud83d" in (tmp_path / "a.schema.json").read_text(encoding="utf-8")
    rows = _rows(tmp_path, ".json")
    assert [r[:4] for r in rows] == [("a.schema.json", 7, 7, "PL301")]


def test_a_number_too_long_to_read_is_a_problem_of_its_file(tmp_path: Path) -> None:
    (tmp_path / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    text = '{"properties": {"a": {"x-personal-data": "user.name", "default": 1%s}}}' % ("0" * 5000)
    (tmp_path / "a.schema.json").write_text(text, encoding="utf-8")
    (tmp_path / "b.schema.json").write_text(
        json.dumps({"properties": {"e": {"x-personal-data": "user.contact.email"}}}),
        encoding="utf-8",
    )
    rows = _rows(tmp_path, ".json")
    assert [r[3] for r in rows] == ["PL100", "PL301"]
    assert rows[0][4].startswith("cannot read a number")


def test_a_location_looked_up_lets_go_of_the_text() -> None:
    """A fact kept to the end of a run (an unused ignore is judged there) holds its line and
    column, not the file it was read from."""
    places = jsontext.decode('{"a": 1}')
    assert places is not None
    location = DeferredLocation.at(places, (places.data, "a", False), "/a")
    assert places in gc.get_referents(location)
    assert (location.line, location.column) == (1, 2)
    assert places not in gc.get_referents(location)


def test_a_key_after_many_strings_equal_to_it_is_placed() -> None:
    """The search passes strings that hold the key's text without a ``:`` after them (and
    counts the quotes before each once: a long array of them takes linear time)."""
    text = '{"x": [' + ", ".join(['"a"'] * 50_000) + '],\n "a": 1}'
    places = jsontext.decode(text, 10**6, 10**7)
    assert places is not None
    assert places.position((places.data, "a", False)) == (2, 2)
    assert places.position((places.data, "a", True)) == (2, 7)
