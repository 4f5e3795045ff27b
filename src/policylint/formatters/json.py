"""The JSON report of SPEC section 8, valid against ``schemas/report.schema.json``."""

from __future__ import annotations

import json

from policylint import __version__
from policylint.formatters import Report, summary


def render(report: Report) -> str:
    findings = report.reported
    document = {
        "version": 1,
        "tool": {"name": "policylint", "version": __version__},
        "policy": report.policy_path,
        "findings": [
            {
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "message": f.message,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "fingerprint": f.fingerprint,
            }
            for f in findings
        ],
        "summary": {
            "files": len(report.files),
            "findings": len(findings),
            "suppressed": len(report.findings) - len(findings),
            "by_severity": summary(findings),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
