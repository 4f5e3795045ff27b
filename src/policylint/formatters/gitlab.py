"""GitLab Code Quality JSON (``artifacts:reports:codequality``), ``--format gitlab``.

An array of ``{description, check_name, fingerprint, severity, location: {path, lines:
{begin}}}``, the subset of the Code Climate format that GitLab reads. ``check_name`` is the
rule code; ``fingerprint`` is the finding's, which survives line shifts and tells findings at
one place apart (GitLab shows only one issue per fingerprint). Suppressed findings are left
out.

GitLab's severities are info, minor, major, critical and blocker. An ``error`` is code that
breaks a promise of the privacy policy and fails the build: ``critical``. A ``warning`` means
compliance cannot be shown: ``minor``. ``info`` stays ``info``. ``major`` and ``blocker`` are
left unused, so that the gap between a broken promise and a warning shows in the merge
request.
"""

from __future__ import annotations

import json

from policylint.findings import Finding
from policylint.formatters import Report

SEVERITIES = {"error": "critical", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    issues = [issue(f) for f in report.reported]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def issue(finding: Finding) -> dict[str, object]:
    return {
        "description": f"{finding.code} {finding.message}",
        "check_name": finding.code,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITIES.get(finding.severity, "minor"),
        "location": {"path": finding.path, "lines": {"begin": finding.line}},
    }
