"""JUnit XML, as GitLab (``artifacts:reports:junit``) and Jenkins (``junit``) read it.

``<testsuites>`` holds one ``<testsuite name="policylint">``, with one ``<testcase>`` per checked
file: a file without findings passes; a file with findings fails with a single ``<failure>``
listing them all, one ``path:line:col: CODE message`` line each. One element, not one per
finding, because both readers keep only one: Jenkins reads the first ``<failure>`` of a
test case and drops the rest, and GitLab, which turns the XML into a hash, shows repeated
elements as an array. ``type`` names the codes found, ``message`` says what failed.

Suppressed findings are not failures. No ``time`` attributes: the report is deterministic,
and both readers take a missing time as zero.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from policylint.findings import Finding
from policylint.formatters import Report

SUITE = "policylint"
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry, even escaped."""


def render(report: Report) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in report.files}
    for finding in report.reported:
        by_file.setdefault(finding.path, []).append(finding)
    failed = sum(1 for findings in by_file.values() if findings)
    counts = {"tests": str(len(by_file)), "failures": str(failed), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for path in sorted(by_file):
        _testcase(suite, path, by_file[path])
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _testcase(suite: ET.Element, path: str, findings: Sequence[Finding]) -> None:
    shown = _xml(path)
    case = ET.SubElement(suite, "testcase", {"classname": SUITE, "name": shown, "file": shown})
    if not findings:
        return
    codes = list(dict.fromkeys(f.code for f in findings))
    if len(findings) == 1:
        message = f"{findings[0].code} {_xml(findings[0].message)}"
    else:
        message = f"{len(findings)} findings: {', '.join(codes)}"
    failure = ET.SubElement(case, "failure", {"type": ",".join(codes), "message": message})
    failure.text = "\n".join(
        _xml(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}") for f in findings
    )


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
