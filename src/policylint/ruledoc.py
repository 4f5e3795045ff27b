"""A rule's documentation page, generated from its YAML (as ruff generates its pages).

Sections: What it does / Why it matters / Example / Use instead / Options / References.
``policylint explain CODE`` prints one page; ``scripts/gen_rule_docs.py`` writes every
built-in rule's page to ``docs/rules/`` with an index (:func:`pages`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

import yaml

from policylint.ruleset import Rule

SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "Options", "References")

_BY_SUFFIX = {
    ".sql": "sql",
    ".ddl": "sql",
    ".json": "json",
    ".avsc": "json",
    ".tf": "hcl",
    ".proto": "protobuf",
    ".prisma": "prisma",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".env": "dotenv",
    ".gradle": "groovy",
    ".kts": "kotlin",
    ".swift": "swift",
    ".txt": "text",
    ".in": "text",
}
_BY_NAME = {"Podfile": "ruby", ".env": "dotenv"}


def language(file: str) -> str:
    """The Markdown fence language of an example file."""
    path = PurePosixPath(file)
    if path.name in _BY_NAME:
        return _BY_NAME[path.name]
    if path.name.startswith(".env"):
        return "dotenv"
    return _BY_SUFFIX.get(path.suffix.lower(), "yaml")


def _fence(example: Mapping[str, Any], default_policy: str | None) -> str:
    parts = []
    if example.get("description"):
        parts.append(str(example["description"]).strip())
    content = str(example["content"]).rstrip()
    parts.append(f"`{example['file']}`:\n\n```{language(example['file'])}\n{content}\n```")
    findings = example.get("findings")
    if findings:
        places = ", ".join(f"line {p.split(':')[0]}, column {p.split(':')[1]}" for p in findings)
        parts.append(f"Reported at {places}.")
    policy = example.get("policy")
    if policy and policy != default_policy:
        parts.append(f"Under this policy:\n\n```yaml\n{str(policy).rstrip()}\n```")
    return "\n\n".join(parts)


def _examples(items: Sequence[Mapping[str, Any]], default_policy: str | None) -> str:
    return "\n\n".join(_fence(example, default_policy) for example in items)


def _check(rule: Rule) -> str:
    """For a rule written in the condition language: the check itself, as YAML."""
    check = rule.raw.get("check", {})
    if rule.declarative is None or not check:
        return ""
    text = yaml.safe_dump({"check": check}, sort_keys=False, allow_unicode=True, width=88)
    intro = "The check, in the condition language (see `docs/custom-rules.md`):"
    return f"\n\n{intro}\n\n```yaml\n{text.rstrip()}\n```"


def markdown(rule: Rule) -> str:
    """The rule's page: every section of :data:`SECTIONS`, in order."""
    examples = rule.examples
    policy = examples.get("policy")
    example = "## Example\n\n" + _examples(examples["fail"], policy)
    if policy:
        example += f"\n\nUnder the policy:\n\n```yaml\n{str(policy).rstrip()}\n```"
    options = rule.options or "None beyond `select`, `ignore` and `severity` in the project config."
    refs = "\n".join(f"- {r}" for r in rule.references) or "None."
    parts = [
        f"# {rule.code} {rule.name}",
        f"Default severity: **{rule.severity}**",
        f"## What it does\n\n{rule.summary}{_check(rule)}",
        f"## Why it matters\n\n{rule.rationale}",
        example,
        "## Use instead\n\n" + _examples(examples["pass"], policy),
        f"## Options\n\n{options}",
        f"## References\n\n{refs}",
    ]
    return "\n\n".join(parts) + "\n"


def index(rules: Sequence[Rule]) -> str:
    """``docs/rules/README.md``: a table of every rule, linking to its page."""
    lines = [
        "# Rules",
        "",
        "Generated from `rules/*.yaml` by `scripts/gen_rule_docs.py`; do not edit by hand.",
        "`policylint rules` lists the same table, and `policylint explain CODE` prints a page.",
        "",
        "| code | name | severity | what it finds |",
        "|---|---|---|---|",
    ]
    for rule in rules:
        summary = " ".join(rule.summary.split()).replace("|", "\\|")
        lines.append(
            f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity} | {summary} |"
        )
    return "\n".join(lines) + "\n"


def pages(rules: Sequence[Rule]) -> dict[str, str]:
    """File name -> content of every page under ``docs/rules/``, the index included."""
    out = {f"{rule.code}.md": markdown(rule) for rule in rules}
    out["README.md"] = index(rules)
    return out
