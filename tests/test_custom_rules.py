"""Project rules (SPEC section 7): YAML rule files in the folders the config's ``rules:``
names, loaded beside the built-in rules, written in the condition language of
``docs/custom-rules.md``. A broken rule stops the run (exit 2) at its file, line and column.
"""

from __future__ import annotations

import json
import re
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from policylint.cli import main
from policylint.engine import PARALLEL_THRESHOLD
from samples import FINANCIAL_SUMMARY, financial_rule

POLICY = """\
version: 1
categories:
  - category: user.financial
    retention: P10Y
  - category: user.device.ip_address
    retention: P1Y
hosting:
  regions: [eu]
"""
FINANCIAL = financial_rule(tail=" (in {policy.hosting.regions})")
BILLING = """\
type: object
properties:
  iban:
    type: string
    x-personal-data: {category: user.financial.bank_account, retention: P10Y}
  card:
    type: string
    x-personal-data: {category: user.financial.credit_card, retention: P5Y}
  ip:
    type: string
    x-personal-data: {category: user.device.ip_address, retention: P10Y}
"""


def _rule(root: Path, name: str, text: str) -> Path:
    folder = root / "policy-rules"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    (chdir_tmp / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
    (chdir_tmp / ".policylint.yaml").write_text("rules: [policy-rules]\n", encoding="utf-8")
    (chdir_tmp / "billing.schema.yaml").write_text(BILLING, encoding="utf-8")
    _rule(chdir_tmp, "ACME101.yaml", FINANCIAL)
    return chdir_tmp


def _findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[Any]]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    findings = json.loads(out)["findings"]
    return code, [(f["code"], f["line"], f["column"], f["message"]) for f in findings]


def _error(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["check", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


# -- a project rule runs beside the built-in ones -------------------------------------------
def test_project_rule_fires_with_its_position_and_message(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, findings = _findings(capsys, "--select", "ACME")
    assert code == 1
    assert findings == [
        (
            "ACME101",
            5,
            5,
            "`iban` keeps user.financial.bank_account for P10Y; at most P7Y (in eu)",
        )
    ]


def test_project_rule_runs_beside_the_built_in_rules(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, findings = _findings(capsys)
    assert [(c, line) for c, line, _, _ in findings] == [("ACME101", 5), ("PL302", 11)]


def test_project_rule_does_not_fire_on_compliant_fields(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "billing.schema.yaml").write_text(
        BILLING.replace("retention: P10Y}", "retention: P7Y}"), encoding="utf-8"
    )
    assert _findings(capsys, "--select", "ACME") == (0, [])


def test_project_rule_takes_config_severity_and_suppressions(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "rules: [policy-rules]\nseverity: {ACME101: warning}\n"
    (repo / ".policylint.yaml").write_text(config, encoding="utf-8")
    assert _findings(capsys, "--select", "ACME")[0] == 0
    tag = "    x-personal-data: {category: user.financial.bank_account"
    text = BILLING.replace(tag, "    # policylint: ignore[ACME101]\n" + tag)
    (repo / "billing.schema.yaml").write_text(text, encoding="utf-8")
    assert _findings(capsys, "--select", "ACME") == (0, [])


def test_rules_lists_and_explains_project_rules(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["ACME101"]["source"] == "policy-rules/ACME101.yaml"
    assert rows["ACME101"]["help_uri"] == ""
    assert rows["PL302"]["source"] == "builtin"
    assert main(["explain", "financial-retention"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# ACME101 financial-retention\n")
    assert "require:\n    retention:\n      at_most: P7Y" in page


SETTING_RULE = """\
code: ACME201
name: no-us-regions
severity: error
summary: No hosting region in the United States, whatever the policy says.
rationale: Our customers' contracts rule it out.
check:
  facts: setting
  where: {kind: hosting.region}
  forbid: {value: {matches: "^us-"}}
  message: "`{name}` is `{value}`, a US region"
examples:
  fail:
    - {file: app.yaml, content: "region: us-east-1  # @policy hosting.region\\n", findings: ["1:9"]}
  pass:
    - {file: app.yaml, content: "region: eu-west-1  # @policy hosting.region\\n"}
"""
DEPENDENCY_RULE = """\
code: ACME301
name: no-left-pad
severity: warning
summary: The project does not depend on left-pad.
rationale: It was unpublished once.
check:
  facts: dependency
  policy: {hosting.regions: {in: [eu]}}
  where: {all: [{ecosystem: npm}, {not: {name: {matches: "^@acme/"}}}]}
  forbid: {name: {in: [left-pad, leftpad]}}
  message: "`{name}` ({ecosystem}) is not allowed"
examples:
  fail:
    - {file: package.json, content: '{"dependencies": {"left-pad": "1"}}', findings: ["1:18"]}
  pass:
    - {file: package.json, content: '{"dependencies": {"right-pad": "1"}}'}
"""


def test_setting_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _rule(repo, "ACME201.yaml", SETTING_RULE)
    (repo / "app.yaml").write_text(
        "deploy:\n  region: us-east-1  # @policy hosting.region\n", encoding="utf-8"
    )
    code, findings = _findings(capsys, "--select", "ACME2", "app.yaml")
    assert (code, findings) == (
        1,
        [("ACME201", 2, 11, "`deploy.region` is `us-east-1`, a US region")],
    )


def test_dependency_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _rule(repo, "ACME301.yaml", DEPENDENCY_RULE)
    manifest = '{\n  "name": "app",\n  "dependencies": {\n    "left-pad": "1.3.0"\n  }\n}\n'
    (repo / "package.json").write_text(manifest, encoding="utf-8")
    code, findings = _findings(capsys, "--select", "ACME3", "package.json")
    assert (code, [f[:3] for f in findings]) == (0, [("ACME301", 4, 6)])
    assert findings[0][3] == "`left-pad` (npm) is not allowed"
    # the policy condition: with no `eu` in the hosting regions, the rule stays silent
    (repo / "privacy-policy.yaml").write_text(POLICY.replace("[eu]", "[us]"), encoding="utf-8")
    assert _findings(capsys, "--select", "ACME3", "package.json") == (0, [])


CONDITIONS = [
    ({"category": {"special": True}}, []),
    ({"category": {"special": False}}, ["iban", "card", "ip"]),
    ({"retention": {"at_least": "P10Y"}}, ["iban", "ip"]),
    ({"retention": {"exists": True}}, ["iban", "card", "ip"]),
    ({"basis": {"exists": False}}, ["iban", "card", "ip"]),
    ({"name": {"in": ["iban", "ip"]}}, ["iban", "ip"]),
    ({"name": "card"}, ["card"]),
    ({"any": [{"name": "card"}, {"category": {"under": "user.device"}}]}, ["card", "ip"]),
    ({"all": [{"tagged": True}, {"not": {"category": {"under": "user.financial"}}}]}, ["ip"]),
    ({"pointer": {"matches": "^/properties/(iban|card)$"}}, ["iban", "card"]),
    ({"path": {"matches": "billing"}, "container": ""}, ["iban", "card", "ip"]),
]


@pytest.mark.parametrize(("where", "names"), CONDITIONS, ids=[str(c) for c, _ in CONDITIONS])
def test_conditions_select_fields(
    repo: Path, where: dict[str, Any], names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    rule = FINANCIAL.replace(
        "  where: {category: {under: user.financial}}\n  require: {retention: {at_most: P7Y}}\n",
        f"  where: {json.dumps(where)}\n  forbid: {{tagged: true}}\n",
    ).replace('message: "`{name}` keeps', 'message: "{name}:`{name}` keeps')
    _rule(repo, "ACME101.yaml", rule)
    _, findings = _findings(capsys, "--select", "ACME")
    assert [message.split(":", 1)[0] for *_, message in findings] == names


# -- fields with one tag: a tag settles built-ins, not a rule reading more than the tag ------
SAME_TAG = """\
type: object
properties:
  iban:
    type: string
    x-personal-data: {category: user.financial.bank_account, retention: P5Y}
  card:
    type: string
    x-personal-data: {category: user.financial.bank_account, retention: P5Y}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rule_reading_the_name_judges_every_field_of_one_tag(
    repo: Path, jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = FINANCIAL.replace(
        "  where: {category: {under: user.financial}}\n  require: {retention: {at_most: P7Y}}\n",
        "  where: {tagged: true}\n  forbid: {name: card}\n",
    )
    _rule(repo, "ACME101.yaml", rule)
    for i in range(PARALLEL_THRESHOLD):  # enough files for worker processes with --jobs 2
        (repo / f"billing{i:02}.schema.yaml").write_text(SAME_TAG, encoding="utf-8")
    _, findings = _findings(capsys, "--select", "ACME", "--jobs", jobs, "--no-cache")
    assert len(findings) == PARALLEL_THRESHOLD + 1  # every card, after a silent iban
    assert all(line == 8 for _, line, _, _ in findings[1:])


def test_a_tag_drawing_findings_is_judged_again_on_every_field(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "billing.schema.yaml").write_text(SAME_TAG.replace("P5Y", "P20Y"), encoding="utf-8")
    _, findings = _findings(capsys, "--select", "PL302")
    assert [(code, line) for code, line, _, _ in findings] == [("PL302", 5), ("PL302", 8)]


# -- a broken rule stops the run at its file, line and column --------------------------------
def _broken(old: str, new: str) -> str:
    assert old in FINANCIAL
    return FINANCIAL.replace(old, new)


BROKEN = [
    ("yaml-syntax", _broken("severity: error", "severity: [error"), 4, 8, r"syntax error"),
    ("schema", _broken("severity: error", "severity: fatal"), 3, 11, r"'fatal' is not one of"),
    ("schema-missing", _broken(FINANCIAL_SUMMARY, ""),
     1, 1, r"'summary' is a required property"),
    ("operator", _broken("at_most: P7Y", "at_mots: P7Y"), 9, 25,
     r"unknown operator `at_mots` \(known: at_least, at_most, equals, exists, in, matches"),
    ("attribute", _broken("{retention: {at_most", "{retentoin: {at_most"), 9, 13,
     r"unknown attribute `retentoin` \(known: basis, category"),
    ("regex-backtracks", _broken("{under: user.financial}", '{matches: "(a+)+$"}'), 8, 31,
     r"regular expression refused: a repetition inside a repetition"),
    ("regex-backreference", _broken("{under: user.financial}", r'{matches: "(a)\\1"}'), 8, 31,
     r"regular expression refused: backreferences"),
    ("regex-invalid", _broken("{under: user.financial}", '{matches: "(a"}'), 8, 31,
     r"invalid regular expression"),
    ("retention", _broken("at_most: P7Y", "at_most: seven years"), 9, 34,
     r"at_most takes a number or a retention"),
    ("exists", _broken("{under: user.financial}", "{exists: maybe}"), 8, 30,
     r"exists takes true or false"),
    ("equals-list", _broken("{under: user.financial}", "{equals: [a, b]}"), 8, 30,
     r"equals takes one value; for one of several, use `in`"),
    ("no-operator", _broken("{under: user.financial}", "{}"), 8, 21,
     r"the test on `category` names no operator"),
    ("placeholder", _broken("{retention};", "{retension};"), 10, 12,
     r"unknown placeholder `\{retension\}`"),
    ("policy-placeholder", _broken("{policy.hosting.regions}", "{policy.hostng.regions}"), 10, 12,
     r"unknown placeholder `\{policy\.hostng\.regions\}`"),
    ("policy-path",
     _broken("  facts: field\n", "  facts: field\n  policy: {hostng.regions: {in: [eu]}}\n"),
     8, 12, r"unknown attribute `hostng\.regions` \(known: categories, categories\.basis"),
    ("builtin", _broken("  facts: field\n", "  builtin: magic\n").split("  where")[0]
     + FINANCIAL.split("  message: ", 1)[1].split("\n", 1)[1], 7, 12,
     r"unknown builtin check `magic`"),
    ("two-documents", FINANCIAL + "---\ncode: X\n", 26, 1,
     r"a rule file holds exactly one YAML document"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_rule_is_an_error_at_its_position(
    repo: Path, text: str, line: int, column: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _rule(repo, "ACME101.yaml", text)
    lines = _error(capsys)
    assert lines[0] == "policylint: invalid rule policy-rules/ACME101.yaml"
    assert re.match(rf"policy-rules/ACME101\.yaml:{line}:{column}: {message}", lines[1]), lines


def test_rule_code_clashing_with_a_built_in_is_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rule(repo, "ACME101.yaml", FINANCIAL.replace("code: ACME101", "code: PL302"))
    lines = _error(capsys)
    assert re.match(
        r"policy-rules/ACME101\.yaml:1:7: `PL302` is already defined by \S*rules/PL302\.yaml$",
        lines[1],
    ), lines


def test_rule_name_clashing_with_another_rule_is_an_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _rule(repo, "ACME102.yaml", FINANCIAL.replace("code: ACME101", "code: ACME102"))
    lines = _error(capsys)
    assert lines[1] == (
        "policy-rules/ACME102.yaml:2:7: `financial-retention` is already defined by "
        "policy-rules/ACME101.yaml"
    )


def test_missing_rule_folder_is_an_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".policylint.yaml").write_text("rules: [policy-rules, nowhere]\n", encoding="utf-8")
    assert _error(capsys) == ["policylint: rule folder not found: nowhere"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_regular_expression_cannot_hang_the_run(
    repo: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """``(a|a)*`` passes the load-time checks but backtracks exponentially: the run stops
    with the rule's position instead of hanging, in worker processes too (enough files for
    ``--jobs 2`` to start them)."""
    rule = FINANCIAL.replace("{category: {under: user.financial}}", '{name: {matches: "^(a|a)*$"}}')
    _rule(repo, "ACME101.yaml", rule)
    schema = textwrap.dedent(f"""\
        properties:
          {"a" * 60}!:
            x-personal-data: {{category: user.financial, retention: P1Y}}
        """)
    (repo / "billing.schema.yaml").write_text(schema, encoding="utf-8")
    if jobs != "1":
        for i in range(PARALLEL_THRESHOLD):
            (repo / f"plain{i:03}.schema.yaml").write_text("properties: {id: {}}\n")
    start = time.monotonic()
    lines = _error(capsys, "--select", "ACME", "--jobs", jobs)
    assert time.monotonic() - start < 20
    assert (
        lines[0]
        == "policylint: rule policy-rules/ACME101.yaml stopped: a regular expression backtracks"
    )
    assert lines[1].startswith("policy-rules/ACME101.yaml:8:27: `^(a|a)*$` ran longer than")


def test_placeholders_show_values_as_the_documentation_says(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-` when there is no value (an empty container too), `true` rather than Python's
    `True`, a list's values joined, and a policy's mapping as JSON, not Python's repr."""
    text = FINANCIAL.replace(
        'message: "`{name}` keeps {category} for {retention}; at most P7Y (in '
        '{policy.hosting.regions})"',
        'message: "{container}|{tagged}|{policy.hosting.regions}|{policy.hosting}"',
    )
    _rule(repo, "ACME101.yaml", text)
    main(["check", "--no-cache", "--select", "ACME101", "--format", "json"])
    messages = {f["message"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert messages == {'-|true|eu|{"regions": ["eu"]}'}
