"""Each example application breaks its policy in documented ways: exactly these findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylint.api import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

KRAAFT = [
    "app/api/openapi.yaml:44:11: PL601",
    "app/api/openapi.yaml:52:11: PL302",
    "app/api/openapi.yaml:58:11: PL201",
    "app/events/connection.avsc:11:7: PL302",
    "app/schemas/user.schema.json:20:7: PL301",
    "app/schemas/user.schema.json:20:7: PL601",
    "app/schemas/user.schema.json:27:7: PL102",
    "app/schemas/user.schema.json:32:7: PL201",
    "app/schemas/user.schema.json:37:7: PL201",
    "app/schemas/user.schema.json:37:7: PL401",
]


def _found(name: str) -> list[str]:
    root = EXAMPLES / name
    result = check(["."], policy="privacy-policy.yaml", cwd=root)
    return [f"{f.path}:{f.line}:{f.column}: {f.code}" for f in result.findings]


@pytest.mark.parametrize(("name", "expected"), [("kraaft", KRAAFT)])
def test_example_findings(name: str, expected: list[str]) -> None:
    assert _found(name) == expected


def test_example_readme_lists_every_finding() -> None:
    readme = (EXAMPLES / "kraaft" / "README.md").read_text(encoding="utf-8")
    for line in KRAAFT:
        path, row, _col, code = line.replace(": ", ":").split(":")
        assert f"| `{path}` | {row} | {code} |" in readme, line
