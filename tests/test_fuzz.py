"""Fuzzing: every reader, and the policy, config and rule loaders, with random and mutated input.

A reader returns facts (or None: not its file) for any bytes; the facts then go through every
rule and every output format. The loaders raise only their own error (exit 2 with a
message). Budgets are fixed in CI (the ``ci`` Hypothesis profile, tests/conftest.py);
``HYPOTHESIS_PROFILE=long`` runs many more examples, and ``fuzz/atheris_harness.py`` runs
the same targets under a coverage-guided fuzzer (docs/fuzzing.md). Each crash found becomes
a case in ``REGRESSIONS`` below.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzztargets import (
    FILE_NAMES,
    POLICY_TEXT,
    check_everything,
    load_config_bytes,
    load_policy_bytes,
    load_rule_bytes,
    read,
)
from policylint.policy import load_policy
from policylint.ruleset import load_rules

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES: dict[str, int] = {}
"""Examples run per target (printed with ``pytest -s``)."""


def budget(ci: int) -> settings:
    """``ci`` examples in the CI profile; the loaded profile's budget otherwise."""
    checks = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    if PROFILE == "ci":
        return settings(max_examples=ci, deadline=None, suppress_health_check=checks)
    return settings(deadline=None, suppress_health_check=checks)


# -- seeds: small valid files of each kind ------------------------------------------------------
SCHEMA_YAML = """\
$schema: https://json-schema.org/draft/2020-12/schema
type: object
x-personal-data-defaults: {retention: P1Y, purposes: [essential.service], subjects: [customer]}
properties:
  email:  # policylint: ignore[PL203]
    type: string
    x-personal-data: {category: user.contact.email, retention: account_deletion}
  ip: &ip
    type: string
    x-personal-data: user.device.ip_address
    x-policylint-ignore: [PL302]
  copy: *ip
  age:
    type: integer
    exclusiveMinimum: 12
    x-personal-data: [user.demographic.age]
  tags:
    type: array
    items: {type: string, x-personal-data: false}
  region: eu-west-1  # @policy hosting.region
  phone: x  # @personal-data category=user.contact.phone_number retention=P2Y
allOf:
  - properties: {name: {type: string}}
$defs:
  Address: {type: object, properties: {street: {type: string}}}
"""
SCHEMA_JSON = json.dumps(
    {
        "openapi": "3.1.0",
        "paths": {
            "/users": {
                "get": {
                    "parameters": [
                        {"name": "email", "in": "query", "x-personal-data": "user.contact.email"}
                    ]
                }
            }
        },
        "components": {
            "schemas": {
                "User": {
                    "type": "object",
                    "properties": {
                        "dob": {
                            "type": "string",
                            "x-personal-data": {
                                "category": "user.demographic.date_of_birth",
                                "retention": "P5Y",
                                "processors": ["Stripe"],
                            },
                        },
                        "friends": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/User"},
                        },
                    },
                }
            }
        },
    },
    indent=1,
)
AVRO = json.dumps(
    {
        "type": "record",
        "name": "User",
        "fields": [
            {"name": "email", "type": "string", "x-personal-data": "user.contact.email"},
            {
                "name": "address",
                "type": {
                    "type": "record",
                    "name": "Address",
                    "fields": [{"name": "city", "type": ["null", "string"]}],
                },
            },
            {"name": "ips", "type": {"type": "array", "items": "string"}},
            {"name": "meta", "type": {"type": "map", "values": "string"}},
        ],
    },
    indent=1,
)
SQL = """\
CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  email TEXT NOT NULL, -- @personal-data category=user.contact.email retention=account_deletion
  /* @personal-data category=user.device.ip_address retention=P1Y */
  last_ip INET,
  name VARCHAR(100) COMMENT '@personal-data category=user.name'
);
COMMENT ON COLUMN users.phone IS '@personal-data category=user.contact.phone_number';
ALTER TABLE users ADD COLUMN dob DATE; -- @personal-data category=user.demographic.date_of_birth
INSERT INTO users VALUES (1, 'a@b', '1.2.3.4', 'x');
GO
CREATE TABLE [dbo].[t] ([a] INT)
"""
PROTO = """\
syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
message User {
  string email = 1; // @personal-data category=user.contact.email retention=P1Y
  /* @personal-data category=user.name */
  string name = 2;
  message Address { string city = 1; }
  oneof contact { string phone = 3; Address address = 4; }
  map<string, string> labels = 5;
  enum Kind { KIND_UNSPECIFIED = 0; }
  reserved 9, 10;
}
service Users { rpc Get (User) returns (User); }
"""
PRISMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
/// @personal-data category=user.contact.email retention=account_deletion
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique // @personal-data category=user.contact.email
  posts Post[]
  @@index([email])
}
model Post {
  id     Int  @id
  author User @relation(fields: [authorId], references: [id])
}
enum Role {
  USER
  ADMIN
}
"""
TERRAFORM = """\
variable "region" {
  default = "eu-west-1"  # @policy hosting.region
}
locals { zone = "${var.region}a" }
provider "aws" {
  region = var.region
  alias  = "eu"
}
resource "azurerm_storage_account" "main" {
  location = "westeurope"
  geo_location { location = "northeurope" }
  tags = { for k, v in var.tags : k => upper(v) }
  script = <<-EOT
    echo ${local.zone}
  EOT
}
// @policy hosting.region
/* block */ output "x" { value = [1, 2.5, true, null] }
"""
TOML = """\
[deploy]
region = "eu-west-1"  # @policy hosting.region
min_age = 16  # @policy subjects.minimum_age
[[processors]]
name = "Stripe"  # @policy processor
"multi.part" = { a = [1, 2], b = '''x''' }
"""
ENV = """\
# @policy hosting.region
AWS_REGION=eu-west-1
export MIN_AGE="16"  # @policy subjects.minimum_age
EMPTY=
"""
INI = """\
[cookies]
; @policy cookies.category
category = analytics
[deploy]
region: us-east-1  # @policy hosting.region
"""
PACKAGE_JSON = json.dumps(
    {
        "name": "app",
        "dependencies": {"react": "^18", "@segment/analytics-next": "1.0", "mixpanel": "*"},
        "devDependencies": {"jest": "29"},
    },
    indent=2,
)
REQUIREMENTS = """\
# analytics
sentry-sdk[flask]==1.40  # errors
mixpanel>=4
-r other.txt
git+https://github.com/x/y.git#egg=y
requests ; python_version < "3.11"
"""
FIDES = """\
dataset:
  - fides_key: users
    collections:
      - name: users
        fields:
          - name: email
            data_categories: [user.contact.email]
            fields:
              - name: domain
                data_categories: [user.contact]
system:
  - fides_key: app
    privacy_declarations:
      - data_categories: [user.contact.email]
        data_use: marketing.communications.email
        data_subjects: [customer]
        dataset_references: [users]
"""
DBT = """\
version: 2
models:
  - name: users
    meta: {personal_data: {retention: P1Y}}
    columns:
      - name: email
        meta:
          personal_data: {category: user.contact.email, retention: P2Y}
      - name: ip
        meta: {personal_data: user.device.ip_address}
sources:
  - name: raw
    tables: [{name: events, columns: [{name: ip}]}]
"""


def _data(*names: str) -> list[str]:
    out = []
    for name in names:
        path = DATA / name
        if path.is_file():
            out.append(path.read_text(encoding="utf-8"))
    return out


SEEDS: dict[str, list[str]] = {
    "yaml": [SCHEMA_YAML, *_data("settings/config/app.yaml")],
    "json": [SCHEMA_JSON],
    "avsc": [AVRO],
    "sql": [SQL, *_data("sql/mysql_schema.sql", "sql/tsql_schema.sql")],
    "proto": [PROTO, *_data("proto/users.proto")],
    "prisma": [PRISMA, *_data("prisma/schema.prisma")],
    "tf": [TERRAFORM],
    "toml": [TOML, *_data("settings/config/settings.toml")],
    "env": [ENV],
    "ini": [INI],
    "package.json": [PACKAGE_JSON],
    "requirements.txt": [REQUIREMENTS],
    "pyproject.toml": _data("manifests/python-poetry/pyproject.toml"),
    "gradle": _data("manifests/android-groovy/build.gradle"),
    "podfile": _data("manifests/ios-cocoapods/Podfile"),
    "swift": _data("manifests/ios-swiftpm/Package.swift"),
    "pubspec": _data("manifests/flutter/pubspec.yaml"),
    "fides": [FIDES],
    "dbt": [DBT],
}
"""Small valid files of each reader target's kind (``fuzztargets.FILE_NAMES``)."""
SEEDS = {kind: SEEDS[kind] or [SCHEMA_YAML] for kind in FILE_NAMES}

TOKENS = [
    *("[", "]", "{", "}", "(", ")", "<", ">", ",", ";", ":", "=", "-", "?", "*", "&", "!", "|"),
    *("'", '"', "`", "\\", "#", "//", "/*", "*/", "--", "\n", "\r", "\r\n", "\t", " ", "\x00"),
    *("&a ", "*a", "<<: *a", "!!python/object/apply:os.system [x]", "!!binary", "%YAML 1.1\n"),
    *("---\n", "...\n", "${var.x}", "%{ if x }", "<<EOT\n", "\nEOT\n", "$$", "@@", "///"),
    *("@personal-data ", "category=", "retention=P1Y ", "@policy ", "hosting.region"),
    *("x-personal-data", "x-policylint-ignore", "policylint: ignore[PL302]", "$ref", "null"),
    *("CREATE TABLE t (", "ALTER TABLE t ADD ", "COMMENT ON COLUMN t.c IS '", "GO\n", "END"),
    *("message M {", "oneof o {", "model M {", 'provider "aws" {', "resource ", "[[a]]\n"),
    *("1e999", "-0", "0x1F", "NaN", "true", "\ufeff", "\u2028", "\x85", "é", "𝄞", "\udcff"),
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str]) -> bytes:
    """One of ``seeds``, mutated: tokens inserted, slices deleted, repeated or cut."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(text)))
        operation = draw(st.sampled_from(["insert", "insert", "delete", "repeat", "cut", "text"]))
        if operation == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif operation == "repeat":
            piece = text[at : at + draw(st.integers(1, 60))]
            text = text[:at] + piece * draw(st.integers(2, 20)) + text[at:]
        elif operation == "cut":
            text = text[:at]
        else:
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "bytes"]))
    if encoding == "bytes":  # byte-level damage: a flipped byte, invalid UTF-8
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(draw(st.integers(1, 3))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return text.encode(encoding, "surrogatepass")


def inputs(kind: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        mutated(SEEDS[kind]),
        mutated(SEEDS[kind]),
        mutated(SEEDS[kind]),
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


# -- the run after reading: rules and formats ----------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, list[object]]]:
    path = tmp_path_factory.mktemp("fuzz-policy") / "privacy-policy.yaml"
    path.write_text(POLICY_TEXT, encoding="utf-8")
    yield load_policy(path, "privacy-policy.yaml"), list(load_rules())
    if EXAMPLES:
        total = sum(EXAMPLES.values())
        print(f"\nfuzz examples: {total} ({', '.join(f'{k} {v}' for k, v in EXAMPLES.items())})")


def _count(target: str) -> None:
    EXAMPLES[target] = EXAMPLES.get(target, 0) + 1


@pytest.mark.parametrize("kind", list(SEEDS))
def test_reader_never_raises(kind: str, world: tuple[object, list[object]]) -> None:
    for seed in SEEDS[kind]:  # the seeds themselves read cleanly
        facts = read(kind, seed.encode())
        assert facts is not None and not [p for p in facts.problems if p.code == "PL100"], (
            kind,
            facts.problems if facts else None,
        )

    @budget(ci=35 if kind in ("sql", "tf") else 60)
    @given(data=inputs(kind))
    def fuzz(data: bytes) -> None:
        _count(kind)
        facts = read(kind, data)
        if facts is not None:
            check_everything(facts, *world)

    fuzz()


# -- loaders ---------------------------------------------------------------------------------------
CONFIG_YAML = """\
policy: privacy-policy.yaml
include: [src]
exclude: ["*.tmp", "build/"]
select: [PL2, PL3]
ignore: [PL203]
severity: {PL301: error}
fail_on: warning
rules: [rules]
settings: [{files: "config/*.json", key: deploy.region, setting: hosting.region}]
jobs: 2
max_depth: 100
"""
CONFIG_TOML = """\
[tool.policylint]
policy = "privacy-policy.yaml"
exclude = ["build/"]
severity = { PL301 = "error" }
[[tool.policylint.settings]]
files = "a.json"
key = "x"
setting = "hosting.region"
"""
RULE = """\
code: ACME001
name: finance-retention
severity: error
summary: Financial data is kept seven years at most.
rationale: Tax law.
check:
  facts: field
  where: {category: {under: user.financial}}
  require: {retention: {at_most: P7Y}}
  message: "`{name}` keeps financial data for {retention}"
examples:
  policy: "version: 1"
  fail:
    - file: a.schema.yaml
      content: "properties: {x: {x-personal-data: {category: user.financial, retention: P8Y}}}"
      findings: ["1:20"]
  pass: []
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-loaders")
    (root / ".git").mkdir()
    (root / "rules").mkdir()
    return root


def _loader_inputs(seed: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        mutated([seed]),
        mutated([seed]),
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


POLICY_INPUTS = _loader_inputs(POLICY_TEXT)
CONFIG_INPUTS = _loader_inputs(CONFIG_YAML)
TOML_INPUTS = _loader_inputs(CONFIG_TOML)
RULE_INPUTS = _loader_inputs(RULE)


def test_policy_loader_raises_only_policy_error(scratch: Path) -> None:
    path = scratch / "privacy-policy.yaml"

    @budget(ci=120)
    @given(data=POLICY_INPUTS)
    def fuzz(data: bytes) -> None:
        _count("policy")
        load_policy_bytes(path, data)

    fuzz()


def test_config_loader_raises_only_config_error(scratch: Path) -> None:
    yaml_path = scratch / ".policylint.yaml"
    toml_path = scratch / "pyproject.toml"

    @budget(ci=80)
    @given(data=CONFIG_INPUTS, toml=TOML_INPUTS)
    def fuzz(data: bytes, toml: bytes) -> None:
        _count("config")
        load_config_bytes(scratch, yaml_path, data)
        load_config_bytes(scratch, toml_path, toml)

    fuzz()


def test_rule_loader_raises_only_rule_error(scratch: Path) -> None:
    path = scratch / "rules" / "acme.yaml"

    @budget(ci=100)
    @given(data=RULE_INPUTS)
    def fuzz(data: bytes) -> None:
        _count("rule")
        load_rule_bytes(path, data)

    fuzz()


# -- regressions: inputs the fuzzers found --------------------------------------------------------
AGE = (
    "type: object\nproperties:\n  age:\n    type: integer\n"
    "    x-personal-data: user.demographic.age\n"
)
REGRESSIONS: list[tuple[str, bytes]] = [
    # OverflowError: math.floor(inf) for an age gate's bound (schemawalk.youngest_age)
    ("yaml", (AGE + "    exclusiveMinimum: 1e99912\n").encode()),
    ("yaml", (AGE + "    minimum: -1e999\n").encode()),  # and int(-inf) in PL401's message
    (
        "json",
        b'{"properties": {"a": {"type": "integer", "minimum": NaN,'
        b' "x-personal-data": "user.demographic.age"}}}',
    ),
]


@pytest.mark.parametrize(("kind", "data"), REGRESSIONS)
def test_regression(kind: str, data: bytes, world: tuple[object, list[object]]) -> None:
    facts = read(kind, data)
    if facts is not None:
        check_everything(facts, *world)
