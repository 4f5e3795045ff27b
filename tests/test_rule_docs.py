"""Rule documentation: ``policylint rules``, ``policylint explain CODE`` and the pages of
``docs/rules/``, all generated from ``rules/*.yaml`` (as ruff generates its rule pages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policylint.cli import main
from policylint.resources import shipped_dir
from policylint.ruledoc import SECTIONS, markdown, pages
from policylint.ruleset import Rule, load_rules
from repofiles import load

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"
RULES = load_rules()
CODES = [rule.code for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=CODES)
def test_every_page_has_every_section_in_order(rule: Rule) -> None:
    page = markdown(rule)
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    assert headings == list(SECTIONS)
    for section in re.split(r"^## .+$", page, flags=re.M)[1:]:
        assert section.strip(), f"an empty section in {rule.code}"
    assert "```" in page.split("## Example", 1)[1].split("## Use instead", 1)[0]


def test_generated_docs_are_not_stale() -> None:
    wanted = pages(RULES)
    stale = load("scripts/gen_rule_docs.py").stale(DOCS, wanted)
    assert not stale, (
        f"docs/rules is out of date for {', '.join(stale)}: "
        "run `python scripts/gen_rule_docs.py` and commit the result"
    )


def test_index_links_every_rule() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"^\| \[([A-Z0-9]+)\]\(\1\.md\) \|", index, flags=re.M)
    assert linked == CODES
    assert sorted(p.stem for p in shipped_dir("rules").glob("*.yaml")) == CODES


def test_script_is_idempotent_and_removes_pages_of_gone_rules(tmp_path: Path) -> None:
    script = load("scripts/gen_rule_docs.py")
    (tmp_path / "PL999.md").write_text("# a rule that is gone\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("kept\n", encoding="utf-8")
    assert script.main(["--check", "--out", str(tmp_path)]) == 1
    assert script.main(["--out", str(tmp_path)]) == 0
    assert script.main(["--check", "--out", str(tmp_path)]) == 0
    assert script.write(tmp_path, pages(RULES)) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(f"{code}.md" for code in CODES), "README.md", "notes.md"]
    )


def test_explain_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PL302"]) == 0
    page = capsys.readouterr().out
    assert page == (DOCS / "PL302.md").read_text(encoding="utf-8")
    assert page.startswith("# PL302 retention-exceeds-policy\n\nDefault severity: **error**\n")
    assert "GDPR Art. 5(1)(e)" in page
    assert "retention: P2Y" in page.split("## Use instead")[0]
    assert "retention: P12M" in page.split("## Use instead")[1]
    assert "Reported at line 5, column 5." in page


@pytest.mark.parametrize("name", ["pl302", "retention-exceeds-policy", " PL302 "])
def test_explain_finds_a_rule_by_code_or_name(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", name]) == 0
    assert capsys.readouterr().out.startswith("# PL302 ")


def test_explain_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "PL999"]) == 2
    assert "unknown rule `PL999`; `policylint rules` lists them" in capsys.readouterr().err


def test_rules_json_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["code"] for row in rows] == CODES
    by_code = {row["code"]: row for row in rows}
    assert by_code["PL302"] == {
        "code": "PL302",
        "name": "retention-exceeds-policy",
        "severity": "error",
        "summary": by_code["PL302"]["summary"],
        "rationale": by_code["PL302"]["rationale"],
        "references": [
            "GDPR Art. 5(1)(e)",
            "GDPR Art. 13(2)(a)",
            "SPEC section 3 (retention values)",
        ],
        "help_uri": "https://policylint.dev/rules/PL302",
        "source": "builtin",
    }
    for row in rows:
        assert (
            row["summary"] and row["rationale"] and row["severity"] in ("error", "warning", "info")
        )


def test_rules_table_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    assert [line.split()[0] for line in lines[1:]] == CODES
    assert lines[1].split()[:3] == ["PL001", "unused-suppression", "warning"]
