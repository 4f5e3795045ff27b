"""Field checks through the Python API on real files: what the policy limits decides."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.api import check

SCHEMA = """\
type: object
properties:
  username:
    type: string
    x-personal-data: user.account.username
"""


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("retention: indefinite\n", []),  # no limit: nothing to state
        ("retention: indefinite\nrequire_retention: true\n", [("PL301", "error")]),
        ("retention: P1Y\n", [("PL301", "warning")]),
    ],
    ids=["indefinite", "indefinite, retention required", "limited"],
)
def test_a_field_without_retention_is_reported_where_the_policy_limits_it(
    tmp_path: Path, policy: str, expected: list[tuple[str, str]]
) -> None:
    retention, _, required = policy.partition("\n")
    (tmp_path / "privacy-policy.yaml").write_text(
        f"version: 1\n{required}categories:\n  - category: user.account\n    {retention}\n",
        encoding="utf-8",
    )
    (tmp_path / "account.schema.yaml").write_text(SCHEMA, encoding="utf-8")
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    assert [(f.code, f.severity) for f in result.findings] == expected
    assert all((f.path, f.line, f.column) == ("account.schema.yaml", 5, 5) for f in result.findings)


@pytest.mark.parametrize(
    ("constraints", "accepts"),
    [
        ('"type": "number", "exclusiveMinimum": 15', "ages just above 15"),
        ('"type": "number", "minimum": 15, "exclusiveMinimum": true', "ages just above 15"),
        ('"type": "integer", "exclusiveMinimum": 15', "ages from 16"),
        ('"type": "number", "minimum": 15.5', "ages from 15.5"),
    ],
)
def test_an_age_gate_says_which_ages_it_accepts(
    tmp_path: Path, constraints: str, accepts: str
) -> None:
    """SPEC section 6: a number above an exclusive bound accepts ages just above it."""
    (tmp_path / "privacy-policy.yaml").write_text(
        "version: 1\nsubjects:\n  minimum_age: 17\n", encoding="utf-8"
    )
    (tmp_path / "signup.schema.json").write_text(
        '{"type": "object", "properties": {"age": {'
        + constraints
        + ', "x-personal-data": "user.demographic.age"}}}',
        encoding="utf-8",
    )
    result = check(["."], policy="privacy-policy.yaml", cwd=tmp_path)
    [finding] = [f for f in result.findings if f.code == "PL401"]
    assert f"`age` accepts {accepts}, below the policy's minimum age of 17" in finding.message
