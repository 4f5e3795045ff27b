"""``policylint rules`` and ``policylint explain CODE``: documentation from the rule files."""

from __future__ import annotations

import json
from pathlib import Path

from policylint.config import load_config
from policylint.errors import UsageError
from policylint.ruleset import Rule, load_rules


def _rules(config_option: str | None) -> list[Rule]:
    config = load_config(Path.cwd(), Path(config_option) if config_option else None)
    return load_rules(config.paths("rules"))


def list_rules(fmt: str, config_option: str | None) -> str:
    rules = _rules(config_option)
    if fmt == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "summary": r.summary,
                "help_uri": r.help_uri,
            }
            for r in rules
        ]
        return json.dumps(rows, indent=2) + "\n"
    width = max(len(r.name) for r in rules)
    lines = [f"{'CODE':<7} {'NAME':<{width}} {'SEVERITY':<8} SUMMARY"]
    lines += [f"{r.code:<7} {r.name:<{width}} {r.severity:<8} {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def explain_rule(code: str, config_option: str | None) -> str:
    rules = _rules(config_option)
    wanted = code.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted == rule.name:
            from policylint.ruledoc import markdown

            return markdown(rule)
    raise UsageError(f"unknown rule `{code}`; `policylint rules` lists them")
