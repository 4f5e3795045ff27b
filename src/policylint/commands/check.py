"""``policylint check``: the main job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from policylint.commands.common import load_project, use_color
from policylint.discovery import discover
from policylint.engine import Progress, Selection, default_jobs, run
from policylint.findings import Finding
from policylint.formatters import Report, render
from policylint.readers import MAX_FILE_BYTES, ReadOptions, SettingMap

_RANK = {"info": 0, "warning": 1, "error": 2}
PROGRESS_THRESHOLD = 300
"""Runs over fewer files end before a progress line would help."""


def exit_code(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = _RANK[fail_on]
    return 1 if any(_RANK[f.severity] >= threshold for f in findings if not f.suppressed) else 0


def run_check(options: dict[str, Any]) -> int:
    project = load_project(options["policy"], options["config"], options.get("no_cache", False))
    config = project.config
    selection = Selection(
        select=options["select"] or _tuple(config.get("select")),
        ignore=options["ignore"] or _tuple(config.get("ignore")) or (),
        severity=dict(config.get("severity", {})),
    )
    paths = list(options["paths"]) or [str(p) for p in config.paths("include")]
    skip = [project.policy_file, *([config.path] if config.path else [])]
    found = discover(paths, project.cwd, config.get("exclude", ()), skip)
    jobs = options["jobs"] or config.get("jobs") or default_jobs()
    result = run(
        found.files,
        project.rules,
        project.policy,
        selection,
        jobs=jobs,
        options=ReadOptions(
            sql_dialect=config.get("sql_dialect"),
            settings=tuple(SettingMap(**m) for m in config.get("settings", ())),
            max_bytes=config.get("max_file_size", MAX_FILE_BYTES),
        ),
        progress=None if options["quiet"] else progress_line(len(found.files), sys.stderr),
    )
    findings = result.findings
    if options.get("write_baseline"):
        from policylint.baseline import write_baseline

        write_baseline(options["write_baseline"], findings)
    if options.get("baseline"):
        from policylint.baseline import apply_baseline

        findings = apply_baseline(options["baseline"], findings)
    out = options.get("output")
    report = Report(
        findings=findings,
        files=result.files,
        rules=project.rules,
        policy_path=project.policy.path,
        color=not out and options["fmt"] == "text" and use_color(sys.stdout),
        statistics=options["statistics"],
        quiet=options["quiet"],
        notes=found.skipped,
    )
    text = render(options["fmt"], report)
    if out:
        from policylint.atomic import write_text

        write_text(Path(out), text)
    else:
        sys.stdout.write(text)
    for note in found.skipped:
        print(f"policylint: note: {note}", file=sys.stderr)
    fail_on = options["fail_on"] or config.get("fail_on", "error")
    return exit_code(findings, fail_on)


def progress_line(total: int, stream: TextIO) -> Progress | None:
    """A ``checked N/M files`` line on ``stream``, rewritten in place, for long runs only.

    Only on a terminal, and only from ``PROGRESS_THRESHOLD`` files: logs and pipes never see
    it. The line is redrawn about a hundred times at most and wiped when reading is done.
    """
    isatty = getattr(stream, "isatty", None)
    if total < PROGRESS_THRESHOLD or not (isatty and isatty()):
        return None
    step = max(1, total // 100)

    def show(done: int, total: int) -> None:
        if done % step and done != total:
            return
        line = f"policylint: checked {done}/{total} files"
        stream.write(f"\r{line}" if done != total else "\r" + " " * len(line) + "\r")
        stream.flush()

    return show


def _tuple(value: Any) -> tuple[str, ...] | None:
    return tuple(value) if value else None
