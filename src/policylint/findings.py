"""Findings: frozen records, one sort key, one fingerprint recipe."""

from __future__ import annotations

from sys import intern

from policylint.records import Record, record, setfield

SEVERITIES = ("error", "warning", "info")


@record
class Hit(Record):
    """What a check reports: where, what, and a key telling apart hits at one place.

    The engine, not the check, stamps the rule's code, name and severity.
    """

    line: int
    column: int
    pointer: str
    message: str
    key: str = ""
    escalate: bool = False
    """Ask for severity ``error`` whatever the rule's default (PL301 under require_retention)."""

    def __init__(
        self,
        line: int,
        column: int,
        pointer: str,
        message: str,
        key: str = "",
        escalate: bool = False,
    ) -> None:
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "pointer", pointer)
        setfield(self, "message", message)
        setfield(self, "key", key)
        setfield(self, "escalate", escalate)


@record
class Finding(Record):
    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    fingerprint: str
    suppressed: bool = False

    def __init__(
        self,
        code: str,
        name: str,
        severity: str,
        message: str,
        path: str,
        line: int,
        column: int,
        fingerprint: str,
        suppressed: bool = False,
    ) -> None:
        setfield(self, "code", _one(code))  # one string each in the run: the findings
        setfield(self, "name", _one(name))  # loaded from the cache (or made in a worker)
        setfield(self, "severity", _one(severity))  # would each hold copies
        setfield(self, "message", message)
        setfield(self, "path", path)
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "fingerprint", fingerprint)
        setfield(self, "suppressed", suppressed)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def _one(text: str) -> str:
    """``text`` interned (a ``str`` subclass, which cannot be, as it is)."""
    return intern(text) if text.__class__ is str else text


def share_path(findings: list[Finding], path: str) -> None:
    """Have ``findings`` hold ``path`` itself where they hold an equal string.

    Findings made in a worker process or loaded from the cache each hold a copy of their
    file's path otherwise: some 80 bytes a finding, 5 MB over 100,000 files. The values are
    equal: nothing else changes.
    """
    for finding in findings:
        if finding.path == path:
            setfield(finding, "path", path)


def fingerprint(code: str, path: str, pointer: str, key: str) -> str:
    """Stable across line shifts: the code, the file, the logical location, the key."""
    from hashlib import sha256  # here: a run whose findings all come from the cache needs none

    text = "\x1f".join((code, path, pointer, key))
    return sha256(text.encode("utf-8")).hexdigest()[:32]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)
