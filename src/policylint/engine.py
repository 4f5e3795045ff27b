"""The engine: files -> facts (readers) -> hits (rules) -> findings (stamped, sorted).

Reading is the expensive part and may run in worker processes (``jobs``); rules run in the
main process, file by file as results stream in, so memory holds findings, not trees.
Output does not depend on ``jobs``: findings are sorted by one key at the end.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from policylint.checks import BUILTINS
from policylint.facts import FileFacts
from policylint.findings import Finding, Hit, fingerprint, sort_findings
from policylint.policy import Policy
from policylint.readers import ReadOptions, read_file
from policylint.ruleset import READER_PROBLEM, Rule
from policylint.suppress import silenced

PARALLEL_THRESHOLD = 64
"""Fewer files than this are read in-process: starting workers would cost more."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Selection:
    """Which rules run and at what severity (select/ignore are code prefixes, as in flake8)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)

    def enabled(self, code: str) -> bool:
        chosen = self.select is None or any(code.startswith(p) for p in self.select)
        return chosen and not any(code.startswith(p) for p in self.ignore)


@runtime_checkable
class RunCheck(Protocol):
    """A built-in check over facts from several files: run once, after every file is read.

    The engine keeps each fact of a ``collects`` type with its file's display path and hands
    them all to :meth:`over_run`, which says in which file each hit lies.
    """

    collects: tuple[type, ...]

    def over_run(
        self, facts: Sequence[tuple[str, Any]], policy: Policy
    ) -> Iterator[tuple[str, Hit]]: ...


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
        self.run_checks = [
            (r, check)
            for r in active
            if isinstance(check := BUILTINS.get(r.builtin or ""), RunCheck)
        ]
        per_run = {r.code for r, _ in self.run_checks}
        self.rules = [r for r in active if r.builtin != READER_PROBLEM and r.code not in per_run]
        self.collects = tuple(t for _, check in self.run_checks for t in check.collects)
        self.collected: list[tuple[str, Any]] = []
        self.sources: dict[str, FileFacts] = {}
        """Path and suppressions of each file a collected fact came from."""

    def severity(self, rule: Rule, escalate: bool) -> str:
        configured = self.selection.severity.get(rule.code)
        if configured is not None:
            return configured
        return "error" if escalate else rule.severity

    def stamp(self, rule: Rule, ff: FileFacts, hit: Hit, ignore: frozenset[str] | None) -> Finding:
        suppressed = silenced(rule.code, hit.line, ff.suppressions) or (
            ignore is not None and (not ignore or rule.code in ignore)
        )
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=self.severity(rule, hit.escalate),
            message=hit.message,
            path=ff.path,
            line=hit.line,
            column=hit.column,
            fingerprint=fingerprint(rule.code, ff.path, hit.pointer, hit.key),
            suppressed=suppressed,
        )

    def evaluate(self, ff: FileFacts) -> Iterator[Finding]:
        for problem in ff.problems:
            rule = self.by_problem.get(problem.code)
            if rule is not None:
                loc = problem.location
                pointer = loc.pointer or f"{loc.line}:{loc.column}"
                hit = Hit(loc.line, loc.column, pointer, problem.message, problem.message)
                yield self.stamp(rule, ff, hit, None)
        for fact in ff.facts:
            ignore = getattr(fact, "ignore", None)
            for rule in self.rules:
                for hit in rule.run(fact, ff.path, self.policy):
                    yield self.stamp(rule, ff, hit, ignore)
            if self.collects and isinstance(fact, self.collects):
                self.collected.append((ff.path, fact))
                if ff.path not in self.sources:
                    self.sources[ff.path] = FileFacts(
                        ff.path, ff.kind, suppressions=ff.suppressions
                    )

    def finish(self) -> Iterator[Finding]:
        """The run-level checks, once, over the facts collected from every file."""
        for rule, check in self.run_checks:
            facts = [
                (path, fact) for path, fact in self.collected if isinstance(fact, check.collects)
            ]
            for path, hit in check.over_run(facts, self.policy):
                yield self.stamp(rule, self.sources.get(path) or FileFacts(path, ""), hit, None)


def _read(item: tuple[Path, str, ReadOptions]) -> FileFacts | None:
    path, display, options = item
    return read_file(path, display, options)


def read_all(
    files: Sequence[tuple[Path, str]],
    jobs: int,
    options: ReadOptions,
    progress: Progress | None = None,
) -> Iterator[FileFacts]:
    """Every file's facts, in the order given, read by ``jobs`` processes.

    ``progress(done, total)`` is called after each file, read or passed over.
    """
    items = [(p, d, options) for p, d in files]
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        for done, item in enumerate(items, start=1):
            result = _read(item)
            if progress is not None:
                progress(done, len(items))
            if result is not None:
                yield result
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(8, min(256, len(items) // (jobs * 8) or 1))
    with context.Pool(jobs) as pool:
        for done, result in enumerate(pool.imap(_read, items, chunksize=chunk), start=1):
            if progress is not None:
                progress(done, len(items))
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
    progress: Progress | None = None,
) -> Result:
    """Check ``files`` (path, display path) against ``policy`` with ``rules``.

    ``progress(done, total)``, when given, is called as each of ``files`` has been read.
    """
    evaluator = Evaluator(rules, policy, selection or Selection())
    result = Result()
    findings: list[Finding] = []
    read = read_all(files, jobs, options or ReadOptions(), progress)
    for ff in itertools.chain(extra, read):
        result.files.append(ff.path)
        findings.extend(evaluator.evaluate(ff))
    findings.extend(evaluator.finish())
    result.findings = sort_findings(findings)
    result.files.sort()
    return result
