"""``policylint rules`` and ``policylint explain CODE``: documentation from the rule files.

Both read the project config, so the project's own rules (``rules:``) are listed and
explained beside the built-in ones.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from policylint.config import load_config
from policylint.errors import UsageError
from policylint.resources import shipped_dir
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
                "rationale": r.rationale,
                "references": list(r.references),
                "help_uri": r.help_uri,
                "source": _source(r),
            }
            for r in rules
        ]
        return json.dumps(rows, indent=2) + "\n"
    code = max(len("CODE"), *(len(r.code) for r in rules))
    name = max(len(r.name) for r in rules)
    lines = [f"{'CODE':<{code}} {'NAME':<{name}} {'SEVERITY':<8} SUMMARY"]
    lines += [f"{r.code:<{code}} {r.name:<{name}} {r.severity:<8} {r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def _source(rule: Rule) -> str:
    """``builtin``, or the project rule's file relative to the working directory."""
    if rule.source.resolve().parent == shipped_dir("rules").resolve():
        return "builtin"
    try:
        return Path(os.path.relpath(rule.source)).as_posix()
    except ValueError:
        return rule.source.as_posix()


def explain_rule(code: str, config_option: str | None) -> str:
    rules = _rules(config_option)
    wanted = code.strip()
    for rule in rules:
        if wanted.upper() == rule.code or wanted == rule.name:
            from policylint.ruledoc import markdown

            return markdown(rule)
    raise UsageError(f"unknown rule `{code}`; `policylint rules` lists them")
