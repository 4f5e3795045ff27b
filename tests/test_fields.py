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
