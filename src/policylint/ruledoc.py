"""A rule's documentation page, generated from its YAML (as ruff generates its pages).

Sections: What it does / Why it matters / Example / Use instead / Options / References.
"""

from __future__ import annotations

from policylint.ruleset import Rule

SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "Options", "References")


def _fence(name: str, content: str) -> str:
    lang = {"sql": "sql", "json": "json", "tf": "hcl", "proto": "protobuf"}.get(
        name.rsplit(".", 1)[-1], "yaml"
    )
    return f"`{name}`:\n\n```{lang}\n{content.rstrip()}\n```"


def markdown(rule: Rule) -> str:
    examples = rule.examples
    fail = examples["fail"][0]
    good = examples["pass"][0]
    policy = examples.get("policy")
    parts = [
        f"# {rule.code} {rule.name}",
        f"Default severity: **{rule.severity}**",
        f"## What it does\n\n{rule.summary}",
        f"## Why it matters\n\n{rule.rationale}",
        "## Example\n\n" + _fence(fail["file"], fail["content"]),
        "## Use instead\n\n" + _fence(good["file"], good["content"]),
    ]
    if policy:
        parts[-2] += "\n\nUnder the policy:\n\n```yaml\n" + policy.rstrip() + "\n```"
    parts.append(
        "## Options\n\n" + (rule.options or "None beyond `select`, `ignore` and `severity`.")
    )
    refs = "\n".join(f"- {r}" for r in rule.references) or "- SPEC section 7"
    parts.append(f"## References\n\n{refs}")
    return "\n\n".join(parts) + "\n"
