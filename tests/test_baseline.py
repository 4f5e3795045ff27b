"""Baselines (SPEC section 8): ``--write-baseline`` records today's findings by fingerprint,
``--baseline`` reports only the findings it does not hold. How a repository adopts
policylint: record what is there, then fail only on what is new."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from policylint.cli import main

POLICY = """\
version: 1
categories:
  - category: user.device.ip_address
    retention: P1Y
"""
PROPERTY = """\
  {name}:
    type: string
    x-personal-data:
      category: user.device.ip_address
      retention: {retention}
"""


def _schema(path: Path, *properties: tuple[str, str], head: str = "") -> None:
    body = "".join(PROPERTY.format(name=n, retention=r) for n, r in properties)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}type: object\nproperties:\n{body}", encoding="utf-8")


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--format", "json", *args])
    out = capsys.readouterr().out
    return code, json.loads(out) if out else {}


def _write(capsys: pytest.CaptureFixture[str], name: str, *args: str) -> int:
    """``policylint check --write-baseline NAME``; its output is read and dropped."""
    code: int = main(["check", "--write-baseline", name, *args])
    capsys.readouterr()
    return code


def _places(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(f["path"], f["code"], f["line"]) for f in report["findings"]]


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    _schema(chdir_tmp / "schemas" / "session.schema.yaml", ("ip", "P2Y"))
    return chdir_tmp


def test_write_baseline_records_the_findings_and_passes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(capsys)[0] == 1
    code = main(["check", "--write-baseline", "baseline.json"])
    captured = capsys.readouterr()
    assert code == 0
    assert "policylint: wrote baseline.json (1 finding)" in captured.err
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [(e["path"], e["code"]) for e in data["findings"]] == [
        ("schemas/session.schema.yaml", "PL302")
    ]
    code, report = _check(capsys, "--baseline", "baseline.json")
    assert (code, report["findings"]) == (0, [])


def test_the_summary_says_what_the_baseline_left_out(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Writing a baseline reports what it does not hold (nothing): the summary says the
    findings are in the baseline, not that there are none; as does a run against it."""
    assert main(["check", "--write-baseline", "baseline.json"]) == 0
    assert capsys.readouterr().out == "No findings in 1 file checked, 1 in the baseline.\n"
    _schema(repo / "schemas" / "session.schema.yaml", ("ip", "P2Y"), ("last_ip", "P3Y"))
    assert main(["check", "--baseline", "baseline.json"]) == 1
    out = capsys.readouterr().out
    assert out.endswith("Found 1 error in 1 file checked, 1 in the baseline.\n")


def test_inserting_lines_above_keeps_a_finding_baselined(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _write(capsys, "baseline.json") == 0
    schema = repo / "schemas" / "session.schema.yaml"
    head = "# The sessions of signed-in users.\n# Kept for audits.\n\n"
    _schema(schema, ("id", "P6M"), ("ip", "P2Y"), head=head)
    code, report = _check(capsys)
    assert (code, _places(report)) == (1, [("schemas/session.schema.yaml", "PL302", 13)])
    code, report = _check(capsys, "--baseline", "baseline.json")
    assert (code, report["findings"]) == (0, [])


def test_a_new_finding_still_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _write(capsys, "baseline.json") == 0
    _schema(repo / "schemas" / "session.schema.yaml", ("ip", "P2Y"), ("last_ip", "P3Y"))
    code, report = _check(capsys, "--baseline", "baseline.json")
    assert (code, _places(report)) == (1, [("schemas/session.schema.yaml", "PL302", 10)])
    assert "`last_ip`" in report["findings"][0]["message"]


def test_a_repository_with_200_findings_adopts_policylint(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    for i in range(100):
        _schema(chdir_tmp / "schemas" / f"s{i:03}.schema.yaml", ("ip", "P2Y"), ("ip2", "P5Y"))
    code, report = _check(capsys, "--jobs", "2")
    assert (code, len(report["findings"])) == (1, 200)

    # adopt: record today's findings, commit the baseline; CI passes
    assert _write(capsys, ".policylint-baseline.json", "--jobs", "2") == 0
    capsys.readouterr()
    data = json.loads((chdir_tmp / ".policylint-baseline.json").read_text(encoding="utf-8"))
    assert len(data["findings"]) == 200
    code, report = _check(capsys, "--baseline", ".policylint-baseline.json", "--jobs", "2")
    assert (code, report["findings"]) == (0, [])

    # a change adds one finding: CI fails on it alone
    _schema(chdir_tmp / "schemas" / "s042.schema.yaml", ("ip", "P2Y"), ("ip2", "P5Y"),
            ("ip3", "P3Y"))  # fmt: skip
    code, report = _check(capsys, "--baseline", ".policylint-baseline.json", "--jobs", "2")
    assert (code, _places(report)) == (1, [("schemas/s042.schema.yaml", "PL302", 15)])


def test_baseline_is_written_atomically_and_replaced_whole(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = {"version": 1, "findings": [{"fingerprint": f"{i:032x}", "code": "PL302",
                                       "path": "gone.yaml"} for i in range(50)]}  # fmt: skip
    (repo / "baseline.json").write_text(json.dumps(old, indent=2) + "\n", encoding="utf-8")
    assert _write(capsys, "baseline.json") == 0
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in data["findings"]] == ["schemas/session.schema.yaml"]
    assert sorted(p.name for p in repo.iterdir() if p.is_file()) == [
        "baseline.json",
        "privacy-policy.yaml",
    ]


def test_baseline_content_is_deterministic_and_sorted(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    for name in ("b", "a", "c"):
        _schema(chdir_tmp / f"{name}.schema.yaml", ("z", "P2Y"), ("y", "P3Y"), ("x", "P4Y"))
    assert _write(capsys, "one.json", "--jobs", "1") == 0
    for i in range(70):  # enough files for worker processes
        _schema(chdir_tmp / "more" / f"m{i:02}.schema.yaml", ("ip", "P6M"))
    assert _write(capsys, "two.json", "--jobs", "3") == 0
    one = (chdir_tmp / "one.json").read_bytes()
    assert one == (chdir_tmp / "two.json").read_bytes()
    entries = json.loads(one)["findings"]
    keys = [(e["path"], e["code"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys) and len(keys) == 9
    assert list(entries[0]) == ["fingerprint", "code", "path"]


def test_reading_and_writing_the_same_baseline_in_one_run_refreshes_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reported: what the old baseline does not hold; written: today's findings."""
    schema = repo / "schemas" / "session.schema.yaml"
    assert _write(capsys, "baseline.json") == 0
    _schema(schema, ("ip", "P6M"), ("last_ip", "P3Y"))  # one fixed, one new
    args = ("--baseline", "baseline.json", "--write-baseline", "baseline.json")
    code, report = _check(capsys, *args)
    assert (code, _places(report)) == (1, [("schemas/session.schema.yaml", "PL302", 10)])
    code, report = _check(capsys, *args)
    assert (code, report["findings"]) == (0, [])
    data = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))
    assert len(data["findings"]) == 1  # the fixed finding left the baseline


def test_suppressed_findings_are_not_recorded(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = repo / "schemas" / "session.schema.yaml"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace(
            "x-personal-data:", "x-personal-data:  # policylint: ignore[PL302]"
        ),
        encoding="utf-8",
    )
    assert _write(capsys, "baseline.json") == 0
    assert json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"] == []


def test_the_baseline_file_is_not_checked_as_input(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    _schema(chdir_tmp / "personal_data.schema.yaml", ("ip", "P2Y"))
    assert _write(capsys, "personal_data_baseline.json") == 0
    code, report = _check(capsys, "--baseline", "personal_data_baseline.json")
    assert (code, report["summary"]["files"]) == (0, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline not found: baseline.json"),
        ("{not json", "cannot read baseline baseline.json"),
        ('{"findings": 3}', "not a policylint baseline"),
        ('{"version": 2, "findings": []}', "baseline version 2 is not supported"),
    ],
    ids=["missing", "not-json", "not-a-baseline", "future-version"],
)
def test_a_bad_baseline_is_a_usage_error(
    repo: Path, content: str | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if content is not None:
        (repo / "baseline.json").write_text(content, encoding="utf-8")
    assert main(["check", "--baseline", "baseline.json"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""  # nothing was checked


def test_a_processor_added_above_keeps_the_policy_s_findings_baselined(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A declared processor's finding (PL503) is located by its name, not by its place in
    the list: adding another above it leaves the baseline holding it."""
    head = "version: 1\nhosting:\n  regions: [eu]\nprocessors:\n"
    mailchimp = "  - {name: Mailchimp, country: us}\n"
    policy = chdir_tmp / "privacy-policy.yaml"
    policy.write_text(head + mailchimp, encoding="utf-8")
    assert main(["check", "--no-cache", "--write-baseline", "base.json"]) == 0
    assert "(1 finding)" in capsys.readouterr().err
    policy.write_text(head + "  - {name: Acme, country: fr}\n" + mailchimp, encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--no-cache", "--baseline", "base.json"]) == 0
    assert "No findings" in capsys.readouterr().out
