"""The engine: files -> facts (readers) -> hits (rules) -> findings (stamped, sorted).

Reading is the expensive part and may run in worker processes (``jobs``); rules run in the
main process, file by file as results stream in, so memory holds findings, not trees.
Output does not depend on ``jobs``: findings are sorted by one key at the end.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policylint.facts import FileFacts
from policylint.findings import Finding, fingerprint, sort_findings
from policylint.policy import Policy
from policylint.readers import ReadOptions, read_file
from policylint.ruleset import READER_PROBLEM, Rule
from policylint.suppress import silenced

PARALLEL_THRESHOLD = 64
"""Fewer files than this are read in-process: starting workers would cost more."""


@dataclass(frozen=True)
class Selection:
    """Which rules run and at what severity (select/ignore are code prefixes, as in flake8)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        chosen = self.select is None or any(code.startswith(p) for p in self.select)
        return chosen and not any(code.startswith(p) for p in self.ignore)


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Display paths of every file read, sorted."""


class Evaluator:
    """Runs the enabled rules over one file's facts and stamps the findings."""

    def __init__(self, rules: Sequence[Rule], policy: Policy, selection: Selection) -> None:
        self.policy = policy
        self.selection = selection
        active = [r for r in rules if selection.enabled(r.code)]
        self.by_problem = {r.code: r for r in active if r.builtin == READER_PROBLEM}
        self.rules = [r for r in active if r.builtin != READER_PROBLEM]

    def severity(self, rule: Rule, escalate: bool) -> str:
        configured = self.selection.severity.get(rule.code)
        if configured is not None:
            return configured
        return "error" if escalate else rule.severity

    def stamp(self, rule: Rule, ff: FileFacts, hit_line: int, hit_col: int, message: str,
              pointer: str, key: str, escalate: bool, ignore: frozenset[str] | None) -> Finding:  # fmt: skip
        suppressed = silenced(rule.code, hit_line, ff.suppressions) or (
            ignore is not None and (not ignore or rule.code in ignore)
        )
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=self.severity(rule, escalate),
            message=message,
            path=ff.path,
            line=hit_line,
            column=hit_col,
            fingerprint=fingerprint(rule.code, ff.path, pointer, key),
            suppressed=suppressed,
        )

    def evaluate(self, ff: FileFacts) -> Iterator[Finding]:
        for problem in ff.problems:
            rule = self.by_problem.get(problem.code)
            if rule is not None:
                loc = problem.location
                yield self.stamp(rule, ff, loc.line, loc.column, problem.message,
                                 loc.pointer or f"{loc.line}:{loc.column}", problem.message,
                                 False, None)  # fmt: skip
        for fact in ff.facts:
            ignore = getattr(fact, "ignore", None)
            for rule in self.rules:
                for hit in rule.run(fact, ff.path, self.policy):
                    yield self.stamp(rule, ff, hit.line, hit.column, hit.message, hit.pointer,
                                     hit.key, hit.escalate, ignore)  # fmt: skip


def _read(item: tuple[Path, str, ReadOptions]) -> FileFacts | None:
    path, display, options = item
    return read_file(path, display, options)


def read_all(
    files: Sequence[tuple[Path, str]], jobs: int, options: ReadOptions
) -> Iterator[FileFacts]:
    """Every file's facts, in the order given, read by ``jobs`` processes."""
    items = [(p, d, options) for p, d in files]
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        for item in items:
            result = _read(item)
            if result is not None:
                yield result
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(8, min(256, len(items) // (jobs * 8) or 1))
    with context.Pool(jobs) as pool:
        for result in pool.imap(_read, items, chunksize=chunk):
            if result is not None:
                yield result


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    files: Sequence[tuple[Path, str]],
    rules: Sequence[Rule],
    policy: Policy,
    selection: Selection | None = None,
    jobs: int = 1,
    options: ReadOptions | None = None,
    extra: Iterable[FileFacts] = (),
) -> Result:
    """Check ``files`` (path, display path) against ``policy`` with ``rules``."""
    evaluator = Evaluator(rules, policy, selection or Selection())
    result = Result()
    findings: list[Finding] = []
    for ff in itertools.chain(extra, read_all(files, jobs, options or ReadOptions())):
        result.files.append(ff.path)
        findings.extend(evaluator.evaluate(ff))
    result.findings = sort_findings(findings)
    result.files.sort()
    return result
