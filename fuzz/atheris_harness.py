"""Coverage-guided fuzzing of policylint's readers and loaders with atheris (libFuzzer).

Longer runs than the CI budget of tests/test_fuzz.py, outside CI (docs/fuzzing.md)::

    pip install atheris
    python fuzz/atheris_harness.py sql CORPUS_DIR -max_total_time=600 -timeout=10

The first argument names the target (``--list`` shows them); the rest goes to libFuzzer
(corpus folders, ``-max_total_time``, ``-timeout``, ``-rss_limit_mb``, ``-jobs``...). A reader
target feeds each input to the reader as the content of a file of its kind, then runs every
built-in rule over the facts and renders every output format; the ``policy``, ``config``
and ``rule`` targets load the input as that file. Any exception a target does not allow is a
crash: libFuzzer stops and writes the input to ``crash-<sha1>``. Turn each one into a case of
``REGRESSIONS`` in tests/test_fuzz.py once it is fixed.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import atheris

os.environ["POLICYLINT_DEBUG"] = "1"  # a reader's exception is raised, not turned into PL100

with atheris.instrument_imports(include=["policylint"]):
    import policylint.readers.manifests
    import policylint.readers.prisma
    import policylint.readers.proto
    import policylint.readers.settings
    import policylint.readers.sql
    import policylint.readers.structured
    import policylint.readers.terraform  # noqa: F401  (imported here to be instrumented)
    from policylint.config import load_config
    from policylint.engine import Evaluator, Selection
    from policylint.errors import ConfigError, PolicyError, RuleError
    from policylint.formatters import Report, render
    from policylint.policy import load_policy
    from policylint.readers import ReadOptions, read_bytes
    from policylint.ruleset import load_rule, load_rules

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

POLICY = """\
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

SCRATCH = Path(tempfile.mkdtemp(prefix="policylint-fuzz-"))
(SCRATCH / ".git").mkdir()
(SCRATCH / "rules").mkdir()
(SCRATCH / "privacy-policy.yaml").write_text(POLICY, encoding="utf-8")
THE_POLICY = load_policy(SCRATCH / "privacy-policy.yaml", "privacy-policy.yaml")
RULES = load_rules()


def reader(name: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        facts = read_bytes(Path(name), name, data, ReadOptions())
        if facts is None:
            return
        evaluator = Evaluator(RULES, THE_POLICY, Selection(), report_unused=True)
        findings = [*evaluator.evaluate(facts), *evaluator.finish(), *evaluator.unused()]
        report = Report(findings, [facts.path], RULES, "privacy-policy.yaml")
        for fmt in ("text", "json", "sarif", "junit", "github", "gitlab"):
            out = render(fmt, report)
            if fmt in ("json", "sarif", "gitlab"):
                json.loads(out)
            elif fmt == "junit":
                ET.fromstring(out)

    return target


def policy(data: bytes) -> None:
    path = SCRATCH / "fuzzed-policy.yaml"
    path.write_bytes(data)
    with contextlib.suppress(PolicyError):
        load_policy(path, "fuzzed-policy.yaml")


def config(data: bytes) -> None:
    path = SCRATCH / ".policylint.yaml"
    path.write_bytes(data)
    with contextlib.suppress(ConfigError):
        load_config(SCRATCH, path)


def rule(data: bytes) -> None:
    path = SCRATCH / "rules" / "fuzzed.yaml"
    path.write_bytes(data)
    with contextlib.suppress(RuleError):
        load_rule(path)


TARGETS: dict[str, Callable[[bytes], None]] = {
    **{kind: reader(name) for kind, name in FILE_NAMES.items()},
    "policy": policy,
    "config": config,
    "rule": rule,
}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] in ("-h", "--help", "--list") or argv[1] not in TARGETS:
        print(__doc__)
        print("targets:", ", ".join(TARGETS))
        raise SystemExit(0 if len(argv) > 1 and argv[1] in ("-h", "--help", "--list") else 2)
    target = TARGETS[argv[1]]
    atheris.Setup([argv[0], *argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
