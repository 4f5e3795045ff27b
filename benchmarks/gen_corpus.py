#!/usr/bin/env python3
"""Write a synthetic repository for the benchmarks: schemas, DDL, Terraform, Fides manifests.

    python benchmarks/gen_corpus.py OUT --files 10000 --mix yaml=0.5,json=0.5 --seed 1

Kinds (``--mix`` weights, normalised):

- ``yaml``: ~2 KB YAML schemas: JSON Schema (``*.schema.yaml``) and OpenAPI 3.1 documents.
- ``json``: ~2 KB JSON Schemas (``*.schema.json``).
- ``sql``: DDL files (PostgreSQL), tables with ``@personal-data`` comment tags.
- ``tf``: Terraform files with providers, resources and regions.
- ``fides``: Fides manifests: one system file and one dataset file per system, plus one
  Fides policy file (``--files 2001 --mix fides=1``: 1,000 systems with their datasets).

Every file mixes tagged and untagged properties and a few violations (a category the policy
does not allow, an unknown category, a retention longer than the policy's, a purpose the
policy does not allow, a region outside the EU). ``OUT/privacy-policy.yaml`` is the policy;
``OUT/.git`` makes ``OUT`` its own repository root. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

KINDS = ("yaml", "json", "sql", "tf", "fides")

POLICY = """\
version: 1
name: Benchmark shop
controller: Bench B.V.
contact: privacy@bench.example
categories:
  - category: user.name
    retention: service_end+P5Y
    purposes: [essential.service]
  - category: user.contact
    retention: service_end+P5Y
    purposes: [essential.service]
  - category: user.contact.email
    retention: account_deletion
    purposes: [essential.service, essential.service.security]
  - category: user.device.ip_address
    retention: P1Y
    purposes: [essential.service.security]
  - category: user.device.cookie_id
    retention: P13M
    purposes: [essential.service, analytics.reporting]
  - category: user.location.precise
    purposes: [essential.service]
  - category: user.content
    purposes: [essential.service]
  - category: system.operations
    retention: P1Y
    purposes: [essential.service.security]
  - category: user.unique_id
    retention: account_deletion
    purposes: [essential.service]
subjects:
  minimum_age: 16
hosting:
  regions: [eu]
  transfers: with_safeguards
cookies:
  allowed: [strictly_necessary]
sale_of_data: forbidden
"""

# (category, retention, purposes): tags the policy allows as written.
GOOD_TAGS: list[tuple[str, str | None, list[str]]] = [
    ("user.name", "service_end+P5Y", ["essential.service"]),
    ("user.name.first", "service_end+P5Y", []),
    ("user.name.last", "service_end+P5Y", []),
    ("user.contact.email", "account_deletion", ["essential.service"]),
    ("user.contact.phone_number", "service_end+P5Y", ["essential.service"]),
    ("user.contact.address.city", "service_end+P5Y", []),
    ("user.contact.address.postal_code", "service_end+P5Y", []),
    ("user.device.ip_address", "P1Y", ["essential.service.security"]),
    ("user.device.cookie_id", "P13M", ["analytics.reporting"]),
    ("user.location.precise", None, ["essential.service"]),
    ("user.content.private", None, ["essential.service"]),
    ("user.unique_id", "account_deletion", []),
    ("system.operations", "P1Y", []),
]
# Tags that break the policy, one way each.
BAD_TAGS: list[tuple[str, str | None, list[str]]] = [
    ("user.demographic.date_of_birth", "account_deletion", []),  # category not allowed
    ("user.contact.phone", "P1Y", []),  # unknown category (did you mean)
    ("user.device.ip_address", "P3Y", ["essential.service.security"]),  # retention too long
    ("user.contact.email", None, ["marketing.communications.email"]),  # purpose not allowed
    ("user.financial.bank_account", "P1Y", []),  # not allowed
]
PLAIN = [
    ("id", "string", "uuid"),
    ("created_at", "string", "date-time"),
    ("updated_at", "string", "date-time"),
    ("status", "string", None),
    ("version", "integer", None),
    ("locale", "string", None),
    ("count", "integer", None),
    ("enabled", "boolean", None),
    ("score", "number", None),
    ("kind", "string", None),
]
TAGGED_NAMES = {
    "user.name": "full_name",
    "user.name.first": "first_name",
    "user.name.last": "last_name",
    "user.contact.email": "email",
    "user.contact.phone_number": "phone",
    "user.contact.phone": "mobile",
    "user.contact.address.city": "city",
    "user.contact.address.postal_code": "postal_code",
    "user.device.ip_address": "client_ip",
    "user.device.cookie_id": "cookie_id",
    "user.location.precise": "position",
    "user.content.private": "comment",
    "user.unique_id": "user_uuid",
    "system.operations": "audit_log",
    "user.demographic.date_of_birth": "date_of_birth",
    "user.financial.bank_account": "iban",
}
WORDS = [
    *("account", "order", "invoice", "customer", "session", "device", "report", "project"),
    *("member", "event", "payment", "shipment", "review", "message", "ticket", "profile"),
    *("address", "contact", "booking", "visit"),
]
LOREM = (
    "Recorded by the service when the request is handled and kept with the record it "
    "belongs to; read by support staff and by the nightly export job."
)


def _tag(rng: random.Random, violations: float) -> dict[str, object]:
    pool = BAD_TAGS if rng.random() < violations else GOOD_TAGS
    category, retention, purposes = rng.choice(pool)
    tag: dict[str, object] = {"category": category}
    if retention is not None:
        tag["retention"] = retention
    if purposes:
        tag["purposes"] = purposes
    return tag


def _properties(rng: random.Random, violations: float, count: int) -> dict[str, object]:
    props: dict[str, object] = {}
    for _ in range(count):
        if rng.random() < 0.45:
            tag = _tag(rng, violations)
            name = TAGGED_NAMES.get(str(tag["category"]), "value")
            while name in props:
                name += "_2"
            props[name] = {"type": "string", "description": LOREM, "x-personal-data": tag}
        else:
            name, kind, fmt = rng.choice(PLAIN)
            while name in props:
                name += "_2"
            entry: dict[str, object] = {"type": kind, "description": LOREM[: rng.randint(20, 90)]}
            if fmt:
                entry["format"] = fmt
            props[name] = entry
    if rng.random() < 0.3:
        props["company"] = {"type": "string", "x-personal-data": False}
    return props


def json_schema(rng: random.Random, violations: float, title: str) -> dict[str, object]:
    nested = _properties(rng, violations, 3)
    props = _properties(rng, violations, rng.randint(6, 9))
    props[rng.choice(["address", "metadata", "settings", "details"])] = {
        "type": "object",
        "properties": nested,
    }
    props["tags"] = {"type": "array", "items": {"type": "string", "maxLength": 40}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://bench.example/schemas/{title}.schema.json",
        "title": title.capitalize(),
        "type": "object",
        "x-personal-data-defaults": {"subjects": ["customer"], "basis": "contract"},
        "properties": props,
        "required": sorted(props)[:2],
    }


def openapi(rng: random.Random, violations: float, title: str) -> dict[str, object]:
    schema = json_schema(rng, violations, title)
    for key in ("$schema", "$id"):
        schema.pop(key)
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{title} API", "version": "1.0.0"},
        "paths": {
            f"/{title}s": {
                "get": {
                    "summary": f"List {title}s",
                    "parameters": [
                        {
                            "name": "owner_email",
                            "in": "query",
                            "schema": {"type": "string"},
                            "x-personal-data": _tag(rng, violations),
                        }
                    ],
                    "responses": {"200": {"description": "The list"}},
                }
            }
        },
        "components": {"schemas": {title.capitalize(): schema}},
    }


_PLAIN_KEY = re.compile(r"^[A-Za-z_$/][\w./$-]*$")


def to_yaml(value: object, indent: int = 0) -> str:
    """Block-style YAML, as people write it (no PyYAML needed, deterministic)."""
    pad = "  " * indent
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            k = key if _PLAIN_KEY.match(str(key)) else json.dumps(key)
            if isinstance(item, (dict, list)) and item:
                if isinstance(item, list) and all(isinstance(i, str) for i in item):
                    out.append(f"{pad}{k}: [{', '.join(item)}]\n")
                else:
                    out.append(f"{pad}{k}:\n{to_yaml(item, indent + 1)}")
            else:
                out.append(f"{pad}{k}: {_scalar(item)}\n")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                text = to_yaml(item, indent + 1)
                out.append(f"{pad}- {text[len(pad) + 2 :]}")
            else:
                out.append(f"{pad}- {_scalar(item)}\n")
    return "".join(out)


def _scalar(value: object) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    if value == {} or value == []:
        return json.dumps(value)
    text = str(value)
    safe = text and text[0].isalpha() and ": " not in text and " #" not in text
    return text if safe and not text.endswith(":") else json.dumps(text)


def gen_yaml(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    title = f"{rng.choice(WORDS)}{index}"
    if index % 3 == 0:
        return f"{title}.openapi.yaml", to_yaml(openapi(rng, violations, title))
    return f"{title}.schema.yaml", to_yaml(json_schema(rng, violations, title))


def gen_json(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    title = f"{rng.choice(WORDS)}{index}"
    return f"{title}.schema.json", json.dumps(json_schema(rng, violations, title), indent=2) + "\n"


def gen_sql(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    parts = [f"-- Service {index}: PostgreSQL schema.\n\n"]
    for t in range(rng.randint(3, 5)):
        table = f"{rng.choice(WORDS)}_{index}_{t}"
        lines = [f"CREATE TABLE app.{table} (", "  id BIGSERIAL PRIMARY KEY,"]
        for c in range(rng.randint(4, 8)):
            if rng.random() < 0.4:
                tag = _tag(rng, violations)
                name = TAGGED_NAMES.get(str(tag["category"]), "value") + f"_{c}"
                words = [f"category={tag['category']}"]
                if "retention" in tag:
                    words.append(f"retention={tag['retention']}")
                purposes = tag.get("purposes")
                if isinstance(purposes, list):
                    words.append("purposes=" + ",".join(purposes))
                lines.append(f"  -- @personal-data {' '.join(words)}")
                lines.append(f"  {name} TEXT,")
            else:
                name, kind, _ = rng.choice(PLAIN)
                sql_type = {"string": "TEXT", "integer": "INTEGER", "number": "NUMERIC"}
                lines.append(f"  {name}_{c} {sql_type.get(kind, 'BOOLEAN')} NOT NULL,")
        lines.append("  created_at TIMESTAMPTZ NOT NULL DEFAULT now()")
        lines.append(");\n")
        parts.append("\n".join(lines) + "\n")
        parts.append(f"CREATE INDEX {table}_created ON app.{table} (created_at);\n\n")
    return f"service_{index}.sql", "".join(parts)


AWS_REGIONS = ["eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1"]


def gen_tf(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    region = "us-east-1" if rng.random() < violations else rng.choice(AWS_REGIONS)
    name = f"{rng.choice(WORDS)}-{index}"
    text = f"""\
terraform {{
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }}
  }}
}}

provider "aws" {{
  region = "{region}"
}}

locals {{
  name_prefix = "{name}"
}}

resource "aws_s3_bucket" "uploads" {{
  bucket = "${{local.name_prefix}}-uploads"
}}

resource "aws_db_instance" "main" {{
  identifier        = "${{local.name_prefix}}-db"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = {rng.choice([20, 50, 100])}
  storage_encrypted = true
}}

resource "aws_dynamodb_table" "sessions" {{
  name         = "${{local.name_prefix}}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {{
    name = "id"
    type = "S"
  }}
}}

resource "aws_cloudwatch_log_group" "app" {{
  name              = "/app/${{local.name_prefix}}"
  retention_in_days = {rng.choice([30, 90, 365])}
}}
"""
    return f"{name}.tf", text


def fides_system(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    tag = _tag(rng, violations)
    categories = [str(tag["category"]), "user.device.cookie_id"]
    purposes = tag.get("purposes") or ["essential.service"]
    use = purposes[0] if isinstance(purposes, list) else "essential.service"
    system = {
        "system": [
            {
                "fides_key": f"system_{index}",
                "name": f"System {index}",
                "description": f"The {rng.choice(WORDS)} service, number {index}.",
                "system_type": "Service",
                "administrating_department": "Engineering",
                "privacy_declarations": [
                    {
                        "name": f"Run the {rng.choice(WORDS)} service",
                        "data_categories": categories,
                        "data_use": use,
                        "data_subjects": ["customer"],
                        "dataset_references": [f"dataset_{index}"],
                    }
                ],
            }
        ]
    }
    return f"system_{index}.yml", to_yaml(system)


def fides_dataset(rng: random.Random, violations: float, index: int) -> tuple[str, str]:
    collections = []
    for c in range(2):
        fields: list[dict[str, object]] = []
        for f in range(rng.randint(4, 7)):
            if rng.random() < 0.5:
                tag = _tag(rng, violations)
                entry: dict[str, object] = {
                    "name": TAGGED_NAMES.get(str(tag["category"]), "value") + f"_{f}",
                    "description": LOREM[:60],
                    "data_categories": [tag["category"]],
                }
                if "retention" in tag and str(tag["retention"]).startswith("P"):
                    entry["retention"] = tag["retention"]
            else:
                entry = {"name": f"{rng.choice(PLAIN)[0]}_{f}", "data_categories": []}
            fields.append(entry)
        collections.append(
            {"name": f"{rng.choice(WORDS)}_{c}", "description": "A table.", "fields": fields}
        )
    dataset = {
        "dataset": [
            {
                "fides_key": f"dataset_{index}",
                "name": f"Dataset {index}",
                "description": "Data the service keeps.",
                "data_categories": [],
                "collections": collections,
            }
        ]
    }
    return f"dataset_{index}.yml", to_yaml(dataset)


FIDES_POLICY = """\
policy:
  - fides_key: bench_policy
    name: Benchmark policy
    rules:
      - name: Reject direct marketing
        data_categories:
          matches: ANY
          values: [user.contact]
        data_uses:
          matches: ANY
          values: [marketing.advertising, marketing.communications]
        data_subjects:
          matches: ANY
          values: [customer]
"""

GENERATORS: dict[str, Callable[[random.Random, float, int], tuple[str, str]]] = {
    "yaml": gen_yaml,
    "json": gen_json,
    "sql": gen_sql,
    "tf": gen_tf,
}


def parse_mix(text: str) -> dict[str, float]:
    mix: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        kind, _, weight = part.partition("=")
        kind = kind.strip()
        if kind not in KINDS:
            raise SystemExit(f"gen_corpus: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        mix[kind] = float(weight or 1)
    total = sum(mix.values())
    if total <= 0:
        raise SystemExit("gen_corpus: the mix has no weight")
    return {k: w / total for k, w in mix.items()}


def counts(files: int, mix: dict[str, float]) -> dict[str, int]:
    """Files per kind, summing to ``files`` (largest remainders get the rest)."""
    raw = {k: files * w for k, w in mix.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = files - sum(out.values())
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[:rest]:
        out[k] += 1
    return out


def generate(
    out: Path, files: int, mix: dict[str, float], seed: int = 1, violations: float = 0.05
) -> dict[str, int]:
    """Write the corpus under ``out``; the number of files of each kind."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / ".git").mkdir(exist_ok=True)
    (out / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    per_kind = counts(files, mix)
    per_dir = 500
    for kind, count in per_kind.items():
        if kind == "fides":
            _fides(out / "fides", rng, violations, count, per_dir)
            continue
        make = GENERATORS[kind]
        for i in range(count):
            folder = out / kind / f"d{i // per_dir:04d}"
            if i % per_dir == 0:
                folder.mkdir(parents=True, exist_ok=True)
            name, text = make(rng, violations, i)
            (folder / name).write_text(text, encoding="utf-8")
    return per_kind


def _fides(out: Path, rng: random.Random, violations: float, count: int, per_dir: int) -> None:
    """``count`` files: one policy, then systems with their datasets (a dataset may be last)."""
    if count <= 0:
        return
    out.mkdir(parents=True, exist_ok=True)
    (out / "fides_policy.yml").write_text(FIDES_POLICY, encoding="utf-8")
    for n in range(count - 1):
        i = n // 2
        folder = out / f"d{i // per_dir:04d}"
        folder.mkdir(exist_ok=True)
        make = fides_system if n % 2 == 0 else fides_dataset
        name, text = make(rng, violations, i)
        (folder / name).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write (created)")
    parser.add_argument("--files", type=int, default=1000, help="number of files (default 1000)")
    parser.add_argument(
        "--mix", default="yaml=0.5,json=0.5", help="kind=weight,... (yaml json sql tf fides)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--violations", type=float, default=0.05, help="share of tags that break the policy"
    )
    args = parser.parse_args(argv)
    made = generate(args.out, args.files, parse_mix(args.mix), args.seed, args.violations)
    shown = ", ".join(f"{k}={v}" for k, v in made.items())
    print(f"gen_corpus: wrote {sum(made.values())} files to {args.out} ({shown})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
