"""``policylint check``: the main job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from policylint.commands.common import (
    Project,
    load_project,
    project_files,
    read_options,
    use_color,
)
from policylint.engine import Progress, Selection, default_jobs, run
from policylint.findings import Finding
from policylint.formatters import Report, render, stream

if TYPE_CHECKING:
    from policylint.resultcache import ResultCache

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
    _check_codes(selection, project)
    known = None
    if options.get("baseline"):  # read first: a bad baseline stops the run before it starts
        from policylint.baseline import read_baseline

        known = read_baseline(options["baseline"])
    found = project_files(project, options)
    jobs = options["jobs"] or config.get("jobs") or default_jobs()
    result = run(
        found.files,
        project.rules,
        project.policy,
        selection,
        jobs=jobs,
        options=read_options(project),
        progress=None if options["quiet"] else progress_line(len(found.files), sys.stderr),
        report_unused=options.get("report_unused_ignores", False),
        policy_file=project.policy_file if _covers_policy(project, options) else None,
        cache=result_cache(project, options),
    )
    findings = result.findings
    if options.get("write_baseline"):
        from policylint.baseline import recorded, write_baseline

        count = write_baseline(options["write_baseline"], findings)
        noun = "finding" if count == 1 else "findings"
        print(f"policylint: wrote {options['write_baseline']} ({count} {noun})", file=sys.stderr)
        if known is None:  # the run reports what the baseline it just wrote does not hold
            known = recorded(findings)
    baselined = 0
    if known is not None:
        from policylint.baseline import subtract

        kept = subtract(known, findings)
        baselined, findings = len(findings) - len(kept), kept
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
        baselined=baselined,
    )
    if out:
        from policylint.atomic import write_text

        write_text(Path(out), render(options["fmt"], report))
    else:
        sys.stdout.writelines(stream(options["fmt"], report))
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


def result_cache(project: Project, options: dict[str, Any]) -> ResultCache | None:
    """The result cache beside the project config (or the policy), unless ``--no-cache`` or
    the config's ``cache: false`` turns it off."""
    if options.get("no_cache") or not project.config.get("cache", True):
        return None
    from policylint.cache import Cache
    from policylint.resultcache import ResultCache

    config = project.config.path
    root = config.parent if config is not None else project.policy_file.resolve().parent
    return ResultCache.open(Cache.at(root))


def _covers_policy(project: Project, options: dict[str, Any]) -> bool:
    """Whether the run reports on the policy file's own facts (a processor it declares): a
    run of the project, or of paths naming the policy or a folder holding it. A run of
    some changed files (pre-commit's, perhaps in several batches) reports on those files,
    so the policy's findings come once, with a change to it or from the whole-repository
    hook, not with every commit."""
    named = options["paths"]
    if not named:
        return True
    policy = project.policy_file.resolve()
    for path in named:
        target = (project.cwd / path).resolve()
        if target == policy or target in policy.parents:
            return True
    return False


def _check_codes(selection: Selection, project: Project) -> None:
    """A code or prefix to select or ignore, or a code given a severity, that names no rule
    is a usage error: a typo (``PL32``, ``PL3O2``) would otherwise run every rule, or none,
    or change nothing, without a word."""
    from policylint.errors import UsageError

    codes = [rule.code for rule in project.rules]
    chosen = (
        ("select", selection.select or ()),
        ("ignore", selection.ignore),
        ("severity", tuple(selection.severity)),
    )
    for option, prefixes in chosen:
        unknown = [p for p in prefixes if not any(code.startswith(p) for code in codes)]
        if unknown:
            raise UsageError(
                f"{option}: {', '.join(unknown)} matches no rule (`policylint rules` lists them)"
            )


def _tuple(value: Any) -> tuple[str, ...] | None:
    return tuple(value) if value else None
