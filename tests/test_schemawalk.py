"""Tags on JSON Schema, OpenAPI and Avro: every field found, with exact positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policylint.facts import Field
from policylint.readers import ReadOptions, read_file


def _read(tmp_path: Path, name: str, text: str) -> tuple[list[Field], list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ff = read_file(path, name, ReadOptions())
    assert ff is not None
    fields = [f for f in ff.facts if isinstance(f, Field)]
    problems = [f"{p.location.line}:{p.location.column}: {p.code} {p.message}" for p in ff.problems]
    return fields, problems


def _rows(fields: list[Field]) -> list[tuple[str, int, int, str, tuple[str, ...]]]:
    return [
        (
            f.location.pointer,
            f.location.line,
            f.location.column,
            f.name,
            f.tag.categories if f.tag else (),
        )
        for f in fields
    ]


NESTED = """\
$schema: https://json-schema.org/draft/2020-12/schema
type: object
x-personal-data-defaults: {retention: P1Y, subjects: [customer]}
properties:
  contact:
    type: object
    x-personal-data-defaults: {retention: P2Y}
    properties:
      email: {type: string, x-personal-data: user.contact.email}
  phones:
    type: array
    items:
      type: string
      x-personal-data: [user.contact.phone_number]
  created_at: {type: string}
$defs:
  Address:
    type: object
    properties:
      street:
        x-personal-data: {category: user.contact.address.street, retention: P3Y}
allOf:
  - properties:
      ip: {x-personal-data: user.device.ip_address}
"""


def test_nested_yaml_schema(tmp_path: Path) -> None:
    fields, problems = _read(tmp_path, "a.schema.yaml", NESTED)
    assert problems == []
    assert _rows(fields) == [
        ("/properties/contact", 5, 3, "contact", ()),
        ("/properties/contact/properties/email", 9, 29, "email", ("user.contact.email",)),
        ("/properties/phones", 10, 3, "phones", ()),
        ("/properties/phones/items", 14, 7, "phones", ("user.contact.phone_number",)),
        ("/properties/created_at", 15, 3, "created_at", ()),
        ("/$defs/Address/properties/street", 21, 9, "street", ("user.contact.address.street",)),
        ("/allOf/0/properties/ip", 24, 12, "ip", ("user.device.ip_address",)),
    ]
    by_name = {f.location.pointer: f for f in fields}
    email = by_name["/properties/contact/properties/email"].tag
    assert email is not None and email.retention == "P2Y"  # the nearest defaults win
    assert email.subjects == ("customer",)  # inherited from further up
    street = by_name["/$defs/Address/properties/street"].tag
    assert street is not None and street.retention == "P3Y"  # the tag itself wins


def test_json_positions(tmp_path: Path) -> None:
    doc = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "x-personal-data": "user.name"},
            "not_pii": {"type": "string", "x-personal-data": False},
        },
    }
    fields, _ = _read(tmp_path, "b.schema.json", json.dumps(doc, indent=2))
    assert [(f.name, f.location.line, f.location.column, f.not_personal) for f in fields] == [
        ("name", 6, 7, False),
        ("not_pii", 10, 7, True),
    ]


def test_json_tabs_and_crlf(tmp_path: Path) -> None:
    text = (
        '{\r\n\t"properties": {\r\n\t\t"email": {"x-personal-data": "user.contact.email"}'
        "\r\n\t}\r\n}"
    )
    fields, _ = _read(tmp_path, "c.schema.json", text)
    assert [(f.location.line, f.location.column) for f in fields] == [(3, 13)]


OPENAPI = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users/{id}:
    parameters:
      - name: id
        in: path
        schema: {type: string}
    post:
      parameters:
        - name: email
          in: query
          x-personal-data: user.contact.email
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                birth: {type: string, x-personal-data: user.demographic.date_of_birth}
components:
  schemas:
    User:
      type: object
      properties:
        age:
          type: integer
          minimum: 12
          exclusiveMinimum: true
          x-personal-data: user.demographic.age
"""


def test_openapi_parameters_bodies_components(tmp_path: Path) -> None:
    fields, _ = _read(tmp_path, "openapi.yaml", OPENAPI)
    rows = [(f.location.pointer, f.location.line, f.container) for f in fields if f.tag]
    assert rows == [
        ("/paths/~1users~1{id}/post/parameters/0", 13, ""),
        (
            "/paths/~1users~1{id}/post/requestBody/content/application~1json/schema/properties/birth",
            20,
            "",
        ),
        ("/components/schemas/User/properties/age", 30, "User"),
    ]
    age = fields[-1]
    assert age.age_gate and age.youngest_age == 13.0  # integer above an exclusive 12


@pytest.mark.parametrize(
    ("constraints", "youngest"),
    [
        ({"type": "integer", "minimum": 15}, 15.0),
        ({"type": "integer", "exclusiveMinimum": 12}, 13.0),
        ({"type": "number", "exclusiveMinimum": 12}, 12.0),
        ({"type": "integer", "minimum": 12.5}, 13.0),
        ({"type": "integer", "minimum": 12, "exclusiveMinimum": True}, 13.0),
        ({"type": "number", "minimum": 14, "exclusiveMinimum": 15}, 15.0),
        ({"type": ["integer", "null"], "exclusiveMinimum": 14}, 15.0),
        ({"type": "integer"}, None),
        ({"type": "integer", "minimum": 1e1}, 10.0),
        ({"type": "integer", "minimum": 10**400}, float("inf")),  # past the largest float
        ({"type": "integer", "minimum": -(10**400)}, None),
    ],
)
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_youngest_age(
    tmp_path: Path, constraints: dict[str, object], youngest: float | None, suffix: str
) -> None:
    doc = {"properties": {"age": {**constraints, "x-personal-data": "user.demographic.age"}}}
    fields, problems = _read(tmp_path, f"age.schema{suffix}", json.dumps(doc))
    assert problems == []
    assert fields[0].age_gate
    assert fields[0].youngest_age == youngest


AVRO = """\
{
  "type": "record", "name": "User",
  "x-personal-data-defaults": {"retention": "P1Y"},
  "fields": [
    {"name": "email", "type": "string", "x-personal-data": "user.contact.email"},
    {"name": "address", "type": {
      "type": "record", "name": "Address",
      "fields": [{"name": "city", "type": "string", "x-personal-data": "user.contact.address.city"}]
    }},
    {"name": "tags", "type": {"type": "array", "items": "string"}}
  ]
}
"""


def test_avro_nested_records(tmp_path: Path) -> None:
    fields, _ = _read(tmp_path, "user.avsc", AVRO)
    rows = [(f.location.pointer, f.location.line, f.location.column, f.container) for f in fields]
    assert rows == [
        ("/User/email", 5, 41, "User"),
        ("/User/address", 6, 14, "User"),
        ("/User/address/city", 8, 53, "Address"),
        ("/User/tags", 10, 14, "User"),
    ]
    assert fields[0].tag is not None and fields[0].tag.retention == "P1Y"


@pytest.mark.parametrize(
    ("tag", "where"),
    [
        ('"User.Email"', "5:22"),
        ("{category: user.name, retention: 5 years}", "5:55"),
        ("{category: user.name, colour: red}", "5:44"),  # the key it may not hold
        ("{retention: P1Y}", "5:22"),
        ("[]", "5:22"),
        ("{category: user.name, basis: because}", "5:51"),
    ],
)
def test_invalid_tags_are_pl101_at_their_place(tmp_path: Path, tag: str, where: str) -> None:
    text = f"type: object\nproperties:\n  a:\n    type: string\n    x-personal-data: {tag}\n"
    fields, problems = _read(tmp_path, "t.schema.yaml", text)
    assert len(problems) == 1
    assert problems[0].startswith(f"{where}: PL101 invalid tag:")
    assert [f.name for f in fields] == []


def test_recursive_alias_does_not_loop(tmp_path: Path) -> None:
    text = "x-personal-data-defaults: {}\nproperties: &p\n  a:\n    properties: *p\n"
    fields, problems = _read(tmp_path, "r.schema.yaml", text)
    assert problems == []
    assert [f.name for f in fields] == ["a"]
