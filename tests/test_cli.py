"""``policylint check`` through the command line: exit codes, formats, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policylint.cli import main
from policylint.resources import schema_path
from samples import write_files

POLICY = """\
version: 1
categories:
  - category: user.contact.email
    retention: account_deletion
  - category: user.device.ip_address
    retention: P1Y
subjects:
  minimum_age: 15
"""

GOOD = """\
type: object
properties:
  email:
    type: string
    x-personal-data: {category: user.contact.email, retention: account_deletion}
"""

BAD = """\
type: object
properties:
  ip:
    type: string
    x-personal-data: {category: user.device.ip_address, retention: P2Y}
"""


def test_clean_tree_exits_0(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "good.schema.yaml": GOOD})
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "No findings in 1 file checked.\n"


def test_findings_exit_1_with_positions(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "s/bad.schema.yaml": BAD})
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("s/bad.schema.yaml:5:5: PL302 `ip` keeps `user.device.ip_address`")
    assert out[-1] == "Found 1 error in 1 file checked."


@pytest.mark.parametrize(("fail_on", "code"), [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on(chdir_tmp: Path, fail_on: str, code: int) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--fail-on", fail_on]) == code


def test_warning_only_fails_with_fail_on_warning(chdir_tmp: Path) -> None:
    untimed = GOOD.replace(", retention: account_deletion", "")
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "a.schema.yaml": untimed})
    assert main(["check"]) == 0  # PL301 is a warning
    assert main(["check", "--fail-on", "warning"]) == 1


def test_select_and_ignore(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--ignore", "PL302"]) == 0
    assert main(["check", "--select", "PL3"]) == 1
    assert main(["check", "--select", "PL1,PL2"]) == 0


def test_no_policy_is_a_usage_error(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"good.schema.yaml": GOOD})
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "no policy found" in err
    assert f"looked for privacy-policy.yaml in: {chdir_tmp}" in err


def test_invalid_policy_lists_every_problem(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = """\
version: 1
categories:
  - category: user.contact.emial
    retention: one year
subjects:
  minimum_age: fifteen
hosting:
  regions: [mars]
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["check"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "privacy-policy.yaml:4:16: 'one year' is not a retention" in "\n".join(err)
    assert any(line.startswith("privacy-policy.yaml:6:16: 'fifteen' is not") for line in err)
    assert any(line.startswith("privacy-policy.yaml:8:13: 'mars'") for line in err)


def test_a_key_the_policy_may_not_hold_is_placed_on_the_key(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The offending node of an unexpected key is the key, not the mapping holding it."""
    policy = """\
version: 1
categories:
  - category: user.name
    retention: P1Y
    purpose: [essential.service]
hosting:
  regions: [eu]
  transfer: forbidden
  sell: false
"""
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    problems = [line.rsplit("/", 1)[-1] for line in capsys.readouterr().err.splitlines()[1:]]
    refused = "Additional properties are not allowed ({!r} was unexpected)".format
    assert problems == [
        f"privacy-policy.yaml:5:5: {refused('purpose')}",
        f"privacy-policy.yaml:8:3: {refused('transfer')}",
        f"privacy-policy.yaml:9:3: {refused('sell')}",
    ]


def test_policy_semantic_problems(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = (
        "version: 1\ncategories:\n  - category: user.contact.emial\nhosting:\n  regions: [xx]\n"
    )
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["policy", "validate"]) == 2
    err = capsys.readouterr().err
    assert (
        "privacy-policy.yaml:3:15: unknown data category `user.contact.emial`; "
        "did you mean `user.contact.email`?" in err
    )
    assert "privacy-policy.yaml:5:13: unknown region `xx`" in err


def test_policy_validate_ok(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY})
    assert main(["policy", "validate"]) == 0
    assert "valid policy (2 categories)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "policy",
    ["", "- a\n- b\n", "version: 1\ncategories: {}\nsubjects: []\nhosting: 3\n", "version: [1\n"],
)
def test_broken_policies_exit_2_without_traceback(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str], policy: str
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": policy})
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "privacy-policy.yaml:" in err


LATIN1 = "title: Caf\xe9\nproperties:\n  e:\n    x-personal-data: user.contact.email\n"


def test_bad_files_are_pl100_and_the_rest_is_checked(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            "broken.yaml": "x-personal-data: user.contact.email\nkey: [unclosed\n",
            "broken.schema.json": '{"$schema": "x",\n "a": }',
            "x.schema.json": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "empty.avsc": "",
            "latin1.schema.yaml": LATIN1.encode("latin-1"),
            "bad.schema.yaml": BAD,
            "ci.yaml": "jobs:\n  build: {{ template }}\n",
        },
    )
    assert main(["check", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    report = json.loads(captured.out)
    rows = [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]
    assert rows == [
        ("bad.schema.yaml", 5, 5, "PL302"),
        ("broken.schema.json", 2, 7, "PL100"),
        ("broken.yaml", 3, 1, "PL100"),
        ("empty.avsc", 1, 1, "PL100"),
        ("latin1.schema.yaml", 1, 11, "PL100"),
        ("x.schema.json", 3, 1, "PL100"),
    ]
    messages = {f["path"]: f["message"] for f in report["findings"]}
    assert "binary file" in messages["x.schema.json"]
    assert "not UTF-8" in messages["latin1.schema.yaml"]
    assert report["summary"]["files"] == 6  # ci.yaml is not read: no sign of ours


def test_json_report_is_valid(chdir_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_files(
        chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD, "g.schema.yaml": GOOD}
    )
    main(["check", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(report)
    assert report["findings"][0]["fingerprint"]


def test_fingerprint_survives_line_shift(
    chdir_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(chdir_tmp, {"privacy-policy.yaml": POLICY, "bad.schema.yaml": BAD})
    main(["check", "--format", "json"])
    before = json.loads(capsys.readouterr().out)["findings"][0]
    write_files(chdir_tmp, {"bad.schema.yaml": "# a comment\n# another\n" + BAD})
    main(["check", "--format", "json"])
    after = json.loads(capsys.readouterr().out)["findings"][0]
    assert after["line"] == before["line"] + 2
    assert after["fingerprint"] == before["fingerprint"]


def test_explicit_policy_option(chdir_tmp: Path) -> None:
    write_files(chdir_tmp, {"conf/policy.yaml": POLICY, "bad.schema.yaml": BAD})
    assert main(["check", "--policy", "conf/policy.yaml"]) == 1
    assert main(["check", "--policy", "missing.yaml"]) == 2


def test_gitignore_and_default_excludes(chdir_tmp: Path) -> None:
    write_files(
        chdir_tmp,
        {
            "privacy-policy.yaml": POLICY,
            ".gitignore": "generated/\n",
            "generated/bad.schema.yaml": BAD,
            "node_modules/pkg/bad.schema.yaml": BAD,
            "good.schema.yaml": GOOD,
        },
    )
    assert main(["check"]) == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from policylint import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"policylint, version {__version__}"


def test_taxonomy_lists_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["taxonomy"]) == 0
    out = capsys.readouterr().out
    assert "Data categories (86):" in out
    assert "Purposes (56):" in out
    assert "Subjects (16):" in out
    assert "user.health_and_medical  (Health and Medical Data)  [special]" in out


def test_module_entry_point() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "policylint", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("policylint, version ")
