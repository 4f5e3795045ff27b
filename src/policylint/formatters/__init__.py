"""Output formats, chosen by name. Each renders a finished :class:`Report` to text.

A formatter is a module with ``render(report) -> str``; modules are imported only when
chosen, so the SARIF code costs nothing to a text run.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence

from policylint.findings import Finding
from policylint.records import MutableRecord, field, record
from policylint.ruleset import Rule

FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab")


@record
class Report(MutableRecord):
    """What a formatter renders: findings (suppressed ones marked), files, rules, options."""

    findings: Sequence[Finding]
    files: Sequence[str]
    rules: Sequence[Rule]
    policy_path: str = ""
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    notes: list[str] = field(default_factory=list)
    baselined: int = 0
    """Findings left out because the baseline holds them (the text summary says how many)."""

    def __init__(
        self,
        findings: Sequence[Finding],
        files: Sequence[str],
        rules: Sequence[Rule],
        policy_path: str = "",
        color: bool = False,
        statistics: bool = False,
        quiet: bool = False,
        notes: list[str] | None = None,
        baselined: int = 0,
    ) -> None:
        self.findings = findings
        self.files = files
        self.rules = rules
        self.policy_path = policy_path
        self.color = color
        self.statistics = statistics
        self.quiet = quiet
        self.notes = [] if notes is None else notes
        self.baselined = baselined

    @property
    def reported(self) -> list[Finding]:
        """Findings not suppressed in the source."""
        return [f for f in self.findings if not f.suppressed]


def available() -> tuple[str, ...]:
    import importlib.util

    return tuple(
        name for name in FORMATS if importlib.util.find_spec(f"policylint.formatters.{name}")
    )


def render(name: str, report: Report) -> str:
    module = importlib.import_module(f"policylint.formatters.{name}")
    text: str = module.render(report)
    return text


def stream(name: str, report: Report) -> Iterator[str]:
    """The report in pieces, for writing as they come: a formatter with ``lines(report)``
    is never held whole in memory (a repository's text report can be tens of megabytes)."""
    module = importlib.import_module(f"policylint.formatters.{name}")
    lines = getattr(module, "lines", None)
    if lines is None:
        yield module.render(report)
    else:
        yield from lines(report)


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts
