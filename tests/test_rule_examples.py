"""Every rule's examples, run as tests: each failing example reports exactly the listed
positions for its rule; each passing example reports nothing for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from policylint.api import check
from policylint.resources import shipped_dir
from policylint.ruleset import load_rule, load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule, kind, i, example, id=f"{rule.code}-{kind}-{i}")
    for rule in RULES
    for kind in ("fail", "pass")
    for i, example in enumerate(rule.examples[kind])
]


def _run(tmp_path: Path, rule: Any, example: dict[str, Any]) -> list[str]:
    policy_text = example.get("policy") or rule.examples.get("policy") or "version: 1\n"
    (tmp_path / "privacy-policy.yaml").write_text(policy_text, encoding="utf-8")
    target = tmp_path / example["file"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example["content"], encoding="utf-8")
    result = check(
        [example["file"]], policy="privacy-policy.yaml", cwd=tmp_path, report_unused_ignores=True
    )
    return [f"{f.line}:{f.column}" for f in result.findings if f.code == rule.code]


@pytest.mark.parametrize(("rule", "kind", "index", "example"), CASES)
def test_rule_example(tmp_path: Path, rule: Any, kind: str, index: int, example: Any) -> None:
    found = _run(tmp_path, rule, example)
    if kind == "fail":
        assert found == example["findings"], f"{rule.code} fail example {index}"
    else:
        assert found == [], f"{rule.code} pass example {index}"


def test_every_rule_has_both_kinds_of_example() -> None:
    for rule in RULES:
        assert rule.examples["fail"] and rule.examples["pass"], rule.code
        for example in rule.examples["fail"]:
            assert example.get("findings"), f"{rule.code}: a fail example lists its findings"


def test_rule_files_are_named_by_code() -> None:
    for path in sorted(shipped_dir("rules").glob("*.yaml")):
        assert load_rule(path).code == path.stem
