"""``path:line:col: CODE message``, then a summary line (and statistics when asked)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from policylint.formatters import Report, summary

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def render(report: Report) -> str:
    return "".join(lines(report))


def lines(report: Report) -> Iterator[str]:
    """The report line by line, each with its line break."""
    findings = report.reported
    if not report.quiet:
        for f in findings:
            code = f.code
            where = f"{f.path}:{f.line}:{f.column}:"
            if report.color:
                code = f"{_COLOURS.get(f.severity, '')}{code}{_RESET}"
                where = f"{_BOLD}{where}{_RESET}"
            message = f.message if f.message.isprintable() else _printable(f.message)
            yield f"{where} {code} {message}\n"
    if report.statistics:
        counts = Counter((f.code, f.name) for f in findings)
        for (code, name), count in sorted(counts.items()):
            yield f"{count:>6}  {code}  {name}\n"
    yield _summary_line(report) + "\n"


def _printable(text: str) -> str:
    """Control characters a file put in a message (a field named ``\\x1b[2K``) as escapes:
    they neither break the report's lines nor reach the terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _summary_line(report: Report) -> str:
    counts = summary(report.reported)
    files = len(report.files)
    noun = "file" if files == 1 else "files"
    silenced = len(report.findings) - len(report.reported)
    tail = f", {silenced} suppressed" if silenced else ""
    if report.baselined:
        tail += f", {report.baselined} in the baseline"
    if not report.reported:
        return f"No findings in {files} {noun} checked{tail}."
    parts = [f"{n} {_noun(sev, n)}" for sev, n in counts.items() if n]
    return f"Found {', '.join(parts)} in {files} {noun} checked{tail}."


def _noun(severity: str, count: int) -> str:
    """``2 errors``, ``2 warnings``, but ``2 info``: info is not counted in the plural."""
    return severity if count == 1 or severity == "info" else f"{severity}s"
