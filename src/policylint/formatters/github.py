"""GitHub Actions workflow commands: one annotation per finding (``--format github``).

``::error file=PATH,line=L,col=C,title=CODE name::message``, with ``warning`` for warnings and
``notice`` for info. Escaping is that of ``@actions/core`` (``packages/core/src/command.ts``):
in the message ``%``, CR and LF; in property values also ``:`` and ``,``. Suppressed findings
are left out. GitHub shows a limited number of annotations per step; the SARIF report has them
all.
"""

from __future__ import annotations

from policylint.findings import Finding
from policylint.formatters import Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    return "".join(command(f) + "\n" for f in report.reported)


def command(finding: Finding) -> str:
    properties = {
        "file": finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.code} {finding.name}",
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    name = COMMANDS.get(finding.severity, "warning")
    return f"::{name} {props}::{escape_data(finding.message)}"
