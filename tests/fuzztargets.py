"""What the fuzzers drive, in one place: the Hypothesis tests (tests/test_fuzz.py, in CI)
and the coverage-guided harness (fuzz/atheris_harness.py, longer runs) run these targets.

A reader target reads bytes as a file of its kind; the facts, when there are any, then go
through every built-in rule and every output format. A loader target writes the bytes as a
policy, config or rule file and loads it. Anything a target does not allow raises.
"""

from __future__ import annotations

import contextlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from policylint.config import load_config
from policylint.engine import Evaluator, Selection
from policylint.errors import ConfigError, PolicyError, RuleError
from policylint.facts import FileFacts
from policylint.findings import sort_findings
from policylint.formatters import Report, render
from policylint.policy import load_policy
from policylint.readers import ReadOptions, read_bytes
from policylint.ruleset import load_rule

FILE_NAMES = {
    "yaml": "user.schema.yaml",
    "json": "user.schema.json",
    "avsc": "user.avsc",
    "sql": "schema.sql",
    "proto": "user.proto",
    "prisma": "schema.prisma",
    "tf": "main.tf",
    "toml": "app.toml",
    "env": ".env",
    "ini": "app.ini",
    "package.json": "package.json",
    "requirements.txt": "requirements.txt",
    "pyproject.toml": "pyproject.toml",
    "gradle": "build.gradle",
    "podfile": "Podfile",
    "swift": "Package.swift",
    "pubspec": "pubspec.yaml",
    "fides": "fides.yml",
    "dbt": "models/schema.yml",
}
"""Reader targets: the file name each input is read as (the name chooses the reader)."""

POLICY_TEXT = """\
version: 1
categories:
  - category: user.contact
    retention: account_deletion
    purposes: [essential.service]
  - category: user.device.ip_address
    retention: P1Y
require_retention: true
subjects: {minimum_age: 16, allowed: [customer]}
hosting: {regions: [eu], transfers: with_safeguards}
processors: [{name: Stripe, country: us, safeguards: [dpa]}]
cookies: {allowed: [strictly_necessary]}
special_categories: forbidden
"""
"""The policy the facts are checked against: every section a rule reads."""


def read(kind: str, data: bytes) -> FileFacts | None:
    """``data`` read as a file of ``kind``: its facts, placed; no reader's exception."""
    name = FILE_NAMES[kind]
    facts = read_bytes(Path(name), name, data, ReadOptions())
    assert facts is None or isinstance(facts, FileFacts)
    if facts is not None:
        for item in [*facts.facts, *facts.problems]:
            assert item.location.line >= 1 and item.location.column >= 1, item
        for problem in facts.problems:  # a reader's exception, caught by the safety net
            assert not problem.message.startswith("internal error"), problem
    return facts


def check_everything(facts: FileFacts, policy: Any, rules: list[Any]) -> None:
    """Rules over the facts, then every output format: none may raise."""
    evaluator = Evaluator(rules, policy, Selection(), report_unused=True)
    findings = list(evaluator.evaluate(facts))
    findings += list(evaluator.finish())
    findings += list(evaluator.unused())
    findings = sort_findings(findings)
    for finding in findings:
        assert finding.line >= 1 and finding.column >= 1, finding
    report = Report(findings, [facts.path], rules, "privacy-policy.yaml")
    for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
        out = render(fmt, report)
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out)


def load_policy_bytes(path: Path, data: bytes) -> None:
    """``data`` loaded as the policy at ``path``: a PolicyError names the file, or nothing."""
    path.write_bytes(data)
    try:
        load_policy(path, path.name)
    except PolicyError as exc:
        for line in exc.details:
            assert line.startswith(f"{path.name}:"), line


def load_config_bytes(root: Path, path: Path, data: bytes) -> None:
    """``data`` loaded as the project config at ``path``: a ConfigError, or nothing."""
    path.write_bytes(data)
    with contextlib.suppress(ConfigError):
        load_config(root, path)


def load_rule_bytes(path: Path, data: bytes) -> None:
    """``data`` loaded as the rule file at ``path``: a RuleError, or nothing."""
    path.write_bytes(data)
    with contextlib.suppress(RuleError):
        load_rule(path)
