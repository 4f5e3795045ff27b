"""Each example application breaks its policy in documented ways: exactly these findings.

The policies' agreement with their notices is tested in ``test_notice_diff.py``.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from policylint.api import check
from policylint.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

KRAAFT = [
    "app/analytics/dbt/models/schema.yml:34:11: PL302",
    "app/api/openapi.yaml:44:11: PL601",
    "app/api/openapi.yaml:52:11: PL302",
    "app/api/openapi.yaml:58:11: PL201",
    "app/config/.env:7:15: PL701",
    "app/config/app.yaml:14:16: PL401",
    "app/db/schema.sql:18:3: PL203",
    "app/db/schema.sql:27:6: PL302",
    "app/events/connection.avsc:11:7: PL302",
    "app/infra/main.tf:18:12: PL501",
    "app/mobile/package.json:15:6: PL702",
    "app/schemas/user.schema.json:20:7: PL301",
    "app/schemas/user.schema.json:20:7: PL601",
    "app/schemas/user.schema.json:27:7: PL102",
    "app/schemas/user.schema.json:32:7: PL201",
    "app/schemas/user.schema.json:37:7: PL201",
    "app/schemas/user.schema.json:37:7: PL401",
]

ALLOCLAIM = [
    "app/api/openapi.yaml:50:11: PL201",
    "app/api/openapi.yaml:50:11: PL401",
    "app/api/openapi.yaml:76:17: PL402",
    "app/api/openapi.yaml:82:11: PL602",
    "app/config/app.toml:18:12: PL602",
    "app/db/schema.sql:8:6: PL301",
    "app/db/schema.sql:10:3: PL203",
    "app/db/schema.sql:40:45: PL302",
    "app/db/schema.sql:41:48: PL302",
    "app/web/package.json:15:6: PL702",
]

LETSBUILD = [
    "app/config/app.yaml:13:16: PL401",
    "app/config/app.yaml:18:15: PL602",
    "app/infra/azure.tf:52:25: PL501",
    "app/prisma/schema.prisma:27:7: PL602",
    "app/prisma/schema.prisma:43:7: PL201",
    "app/proto/site_sync.proto:28:10: PL203",
    "app/web/package.json:13:6: PL702",
    # The policy itself: the notice covers US processors with processing agreements only.
    "privacy-policy.yaml:72:5: PL503",
]

CRISISCONNECT = [
    "app/api/openapi.yaml:55:11: PL201",
    "app/fides/dataset.yml:26:19: PL203",
    "app/fides/dataset.yml:32:13: PL302",
    "app/fides/dataset.yml:40:13: PL302",
    "app/fides/dataset.yml:51:13: PL301",
    "app/mobile/package.json:12:6: PL702",
]

CASES = [
    ("kraaft", KRAAFT),
    ("alloclaim", ALLOCLAIM),
    ("letsbuild", LETSBUILD),
    ("crisisconnect", CRISISCONNECT),
]


def _found(name: str) -> list[str]:
    root = EXAMPLES / name
    result = check(["."], policy="privacy-policy.yaml", cwd=root)
    return [f"{f.path}:{f.line}:{f.column}: {f.code}" for f in result.findings]


def _readme_rows(name: str) -> set[tuple[str, str, str]]:
    """The ``(file, line, code)`` of each row of the example README's findings table."""
    rows = set()
    for line in (EXAMPLES / name / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) >= 4 and cells[1].isdigit():
            rows.add((cells[0].strip("`"), cells[1], cells[2]))
    return rows


def test_every_example_is_tested() -> None:
    folders = sorted(p.name for p in EXAMPLES.iterdir() if (p / "privacy-policy.yaml").is_file())
    assert folders == sorted(name for name, _ in CASES)


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_example_findings(name: str, expected: list[str]) -> None:
    assert _found(name) == expected


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_example_readme_lists_every_finding(name: str, expected: list[str]) -> None:
    wanted = set()
    for finding in expected:
        where, code = finding.split(": ")
        path, row, _column = where.split(":")
        wanted.add((path, row, code))
    assert _readme_rows(name) == wanted


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_example_data_map_renders_as_html(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    policy = f"examples/{name}/privacy-policy.yaml"
    assert main(["report", "--format", "html", f"examples/{name}", "--policy", policy]) == 0
    page = capsys.readouterr().out
    title = yaml.safe_load((EXAMPLES / name / "privacy-policy.yaml").read_text("utf-8"))["name"]
    assert page.startswith("<!DOCTYPE html>")
    assert f"<h1>Data map: {html.escape(title)}</h1>" in page
    assert page.rstrip().endswith("</html>")
