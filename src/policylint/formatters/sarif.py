"""SARIF 2.1.0, as GitHub code scanning takes it (``--format sarif``).

One run; ``tool.driver.rules`` describes every loaded rule, so that GitHub can show a rule's
help next to its alerts and filter by rule. Choices, with the documents they follow:

- Paths are relative to the working directory, with ``uriBaseId: "%SRCROOT%"``. The base is
  declared in ``originalUriBaseIds`` without its absolute ``uri``: SARIF 2.1.0 section 3.14.14
  allows leaving it out to keep user names out of the file and the output deterministic.
  GitHub reads relative paths as relative to the repository root.
- ``partialFingerprints`` holds the finding's own fingerprint under ``policylint/v1``; it
  survives line shifts. GitHub itself matches alerts on ``primaryLocationLineHash``, which the
  ``upload-sarif`` action computes from the source when it is absent: it is left to the action
  (a value set here would be reported as inconsistent with the one the action computes).
- Suppressed findings stay in the log, marked ``suppressions: [{"kind": "inSource"}]``, so the
  log shows what was silenced and where.
- Rule ``name`` is the rule's kebab-case name, the one ``policylint rules`` and the text output
  show. No ``security-severity`` (that would turn privacy findings into security alerts) and
  no ``precision`` (not measured); ``tags`` say what every rule is about.
- Columns count Unicode code points (``columnKind``), as the readers do.
"""

from __future__ import annotations

import json
import re
from typing import Any

from policylint import __version__
from policylint.findings import Finding
from policylint.formatters import Report
from policylint.ruleset import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/policylint/policylint"
FINGERPRINT_KEY = "policylint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_TEXT_LIMIT = 1024
"""GitHub's limit on ``shortDescription`` and ``fullDescription``."""
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def render(report: Report) -> str:
    rules = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    run = {
        "tool": {"driver": _driver(rules)},
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The directory policylint ran in; result paths are relative to it."
                }
            }
        },
        "results": [_result(f, index.get(f.code)) for f in report.findings],
        "columnKind": "unicodeCodePoints",
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _driver(rules: list[Rule]) -> dict[str, Any]:
    driver: dict[str, Any] = {
        "name": "policylint",
        "version": __version__,
        "informationUri": INFORMATION_URI,
    }
    if _SEMVER.match(__version__):
        driver["semanticVersion"] = __version__
    driver["rules"] = [_descriptor(rule) for rule in rules]
    return driver


def _descriptor(rule: Rule) -> dict[str, Any]:
    from policylint.ruledoc import markdown

    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(f"{rule.summary} {rule.rationale}")},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "help": {"text": _help_text(rule), "markdown": markdown(rule)},
    }
    if rule.help_uri:
        descriptor["helpUri"] = rule.help_uri
    descriptor["properties"] = {"tags": _tags(rule)}
    return descriptor


def _help_text(rule: Rule) -> str:
    parts = [rule.summary, rule.rationale]
    if rule.options:
        parts.append(f"Options: {rule.options}")
    if rule.references:
        parts.append("References: " + "; ".join(rule.references))
    if rule.help_uri:
        parts.append(f"Documentation: {rule.help_uri}")
    return "\n\n".join(parts)


def _tags(rule: Rule) -> list[str]:
    tags = ["privacy"]
    if any("GDPR" in reference for reference in rule.references):
        tags.append("gdpr")
    return tags


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1].rstrip() + "…"


def _result(finding: Finding, rule_index: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.code}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result["level"] = LEVELS.get(finding.severity, "warning")
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": _location(finding.path),
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }
        }
    ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.suppressed:
        result["suppressions"] = [{"kind": "inSource"}]
    return result


def _location(path: str) -> dict[str, str]:
    """A relative URI reference against ``%SRCROOT%``, or a ``file`` URI for a path outside it.

    ``:`` is escaped too, so that no first segment reads as a URI scheme.
    """
    from pathlib import PurePosixPath, PureWindowsPath
    from urllib.parse import quote

    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return {"uri": PurePosixPath(posix).as_uri()}
    if PureWindowsPath(path).is_absolute():
        return {"uri": PureWindowsPath(path).as_uri()}
    return {"uri": quote(posix, safe="/-._~!$&'()*+,;=@"), "uriBaseId": SRCROOT}
