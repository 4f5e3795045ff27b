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
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from policylint.checks import BUILTINS
from policylint.conditions import regex_guard
from policylint.facts import FileFacts
from policylint.findings import Finding, Hit, fingerprint, sort_findings
from policylint.policy import Policy
from policylint.readers import ReadOptions, read_file
from policylint.ruleset import ENGINE_CHECKS, READER_PROBLEM, UNUSED_SUPPRESSION, Rule
from policylint.suppress import Tracker, scan, unused_property
from policylint.yamlnode import SourceError

if TYPE_CHECKING:
    from policylint.resultcache import ResultCache

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

    def __init__(
        self,
        rules: Sequence[Rule],
        policy: Policy,
        selection: Selection,
        report_unused: bool = False,
    ) -> None:
        self.policy = policy
        self.selection = selection
        active = [r for r in rules if selection.enabled(r.code)]
        self.known = {r.code for r in rules}
        self.unused_rule = next(
            (r for r in active if report_unused and r.builtin == UNUSED_SUPPRESSION), None
        )
        self.trackers: dict[str, Tracker] = {}
        """The suppression comments of each file that has some, and what they silenced."""
        self.properties: list[tuple[str, Any, frozenset[str], set[str]]] = []
        """With ``report_unused``: (path, fact, its x-policylint-ignore, codes it silenced)."""
        self.by_problem = {r.code: r for r in active if r.builtin == READER_PROBLEM}
        self.run_checks: list[tuple[Rule, RunCheck]] = []
        for rule in active:
            check: object = BUILTINS.get(rule.builtin or "")
            if isinstance(check, RunCheck):
                self.run_checks.append((rule, check))
        per_run = {r.code for r, _ in self.run_checks}
        self.rules = [r for r in active if r.builtin not in ENGINE_CHECKS and r.code not in per_run]
        self.collects = tuple(t for _, check in self.run_checks for t in check.collects)
        self.collected: list[tuple[str, Any]] = []
        self.sources: dict[str, FileFacts] = {}
        """Path and suppressions of each file a collected fact came from."""

    def severity(self, rule: Rule, escalate: bool) -> str:
        configured = self.selection.severity.get(rule.code)
        if configured is not None:
            return configured
        return "error" if escalate else rule.severity

    def _tracker(self, ff: FileFacts) -> Tracker | None:
        if not ff.suppressions:
            return None
        tracker = self.trackers.get(ff.path)
        if tracker is None:
            tracker = self.trackers[ff.path] = Tracker(ff.suppressions)
        return tracker

    def suppressed(
        self, code: str, ff: FileFacts, line: int, ignore: frozenset[str] | None, used: set[str]
    ) -> bool:
        """Silenced by a comment (nearest first), else by the node's x-policylint-ignore."""
        tracker = self._tracker(ff)
        if tracker is not None and tracker.silences(code, line):
            return True
        if ignore is not None and (not ignore or code in ignore):
            used.add(code)
            return True
        return False

    def stamp(
        self,
        rule: Rule,
        ff: FileFacts,
        hit: Hit,
        ignore: frozenset[str] | None,
        used: set[str] | None = None,
    ) -> Finding:
        suppressed = self.suppressed(
            rule.code, ff, hit.line, ignore, set() if used is None else used
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
        if self.unused_rule is not None:
            self._tracker(ff)  # every marker is judged, even in a file with no finding
        for problem in ff.problems:
            rule = self.by_problem.get(problem.code)
            if rule is not None:
                loc = problem.location
                pointer = loc.pointer or f"{loc.line}:{loc.column}"
                hit = Hit(loc.line, loc.column, pointer, problem.message, problem.message)
                yield self.stamp(rule, ff, hit, None)
        for fact in ff.facts:
            ignore = getattr(fact, "ignore", None)
            used: set[str] = set()
            for rule in self.rules:
                for hit in rule.run(fact, ff.path, self.policy):
                    yield self.stamp(rule, ff, hit, ignore, used)
            if ignore is not None and self.unused_rule is not None:
                self.properties.append((ff.path, fact, ignore, used))
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

    def unused(self) -> Iterator[Finding]:
        """PL001 for each suppression that silenced nothing (asked for, after every check).

        A code whose rule did not run in this selection cannot be judged and is left alone;
        a code no rule has can never be silenced and is reported. PL001 itself is never
        suppressed in the source: a bare marker would otherwise silence its own report.
        """
        rule = self.unused_rule
        if rule is None:
            return

        def judged(code: str) -> bool:
            return code != rule.code and (code not in self.known or self.selection.enabled(code))

        def finding(
            path: str, line: int, column: int, message: str, pointer: str, key: str
        ) -> Finding:
            return Finding(
                code=rule.code,
                name=rule.name,
                severity=self.severity(rule, False),
                message=message,
                path=path,
                line=line,
                column=column,
                fingerprint=fingerprint(rule.code, path, pointer, key),
            )

        for path, tracker in self.trackers.items():
            for mark in tracker.unused(judged):
                key = ",".join(mark.codes)
                yield finding(path, mark.line, mark.column, mark.message, mark.pointer, key)
        for path, fact, ignore, used in self.properties:
            idle = unused_property(ignore, used, judged)
            if idle is None:
                continue
            loc = fact.location
            what = f"no {', '.join(idle)} finding" if idle else "no finding"
            message = (
                f"`x-policylint-ignore` on `{loc.pointer or fact.name}` silences nothing: "
                f"{what} on this property; remove {', '.join(idle) if idle else 'it'}"
            )
            key = "x-policylint-ignore:" + ",".join(idle)
            yield finding(path, loc.line, loc.column, message, loc.pointer, key)


def _read(item: tuple[Path, str, ReadOptions, ResultCache | None]) -> FileFacts | None:
    path, display, options, cache = item
    if cache is not None:
        return cache.read(path, display, options)
    return read_file(path, display, options)


def read_all(
    files: Sequence[tuple[Path, str]],
    jobs: int,
    options: ReadOptions,
    progress: Progress | None = None,
    cache: ResultCache | None = None,
) -> Iterator[FileFacts]:
    """Every file's facts, in the order given, read by ``jobs`` processes.

    ``progress(done, total)`` is called after each file, read or passed over. ``cache``: each
    file is looked up in this result cache first (a bound cache may yield stored findings);
    it is closed (its writes finished) when the files are done.
    """
    items = [(p, d, options, cache) for p, d in files]
    try:
        yield from _read_items(items, jobs, progress, cache)
    finally:
        if cache is not None:
            cache.close(len(items))


def _read_items(
    items: Sequence[tuple[Path, str, ReadOptions, ResultCache | None]],
    jobs: int,
    progress: Progress | None,
    cache: ResultCache | None,
) -> Iterator[FileFacts]:
    total = len(items)
    first = 0
    if cache is not None and jobs > 1:  # in-process while the cache answers: workers cost more
        for item in items:
            result = cache.receive(_read(item))
            first += 1
            if progress is not None:
                progress(first, total)
            if result is not None:
                yield result
            if cache.missing():
                break
    rest = items[first:]
    if jobs <= 1 or len(rest) < PARALLEL_THRESHOLD:
        for done, item in enumerate(rest, start=first + 1):
            result = _read(item) if cache is None else cache.receive(_read(item))
            if progress is not None:
                progress(done, total)
            if result is not None:
                yield result
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(8, min(256, len(rest) // (jobs * 8) or 1))
    with context.Pool(jobs) as pool:
        results = _bounded_map(pool, rest, chunk, window=jobs * 3)
        for done, result in enumerate(results, start=first + 1):
            if cache is not None:
                result = cache.receive(result)
            if progress is not None:
                progress(done, total)
            if result is not None:
                yield result


def _read_chunk(chunk: Sequence[tuple[Path, str, ReadOptions, ResultCache | None]]) -> list[Any]:
    return [_read(item) for item in chunk]


def _bounded_map(pool: Any, items: Sequence[Any], chunk: int, window: int) -> Iterator[Any]:
    """``pool.imap(_read, items)`` with at most ``window`` chunks read ahead of the consumer.

    ``imap`` reads as fast as its workers can and keeps every result the consumer has not
    taken yet: when rules run slower than files are read, memory grows with the file count.
    """
    parts = (items[i : i + chunk] for i in range(0, len(items), chunk))
    pending = [pool.apply_async(_read_chunk, (part,)) for part in itertools.islice(parts, window)]
    while pending:
        results = pending.pop(0).get()
        pending.extend(
            pool.apply_async(_read_chunk, (part,)) for part in itertools.islice(parts, 1)
        )
        yield from results


def policy_facts(policy: Policy, source: Path) -> list[FileFacts]:
    """The policy file's own facts (its processors), so that checks can report on the policy."""
    if not policy.processors:
        return []
    from policylint.readers.settings import read_policy

    try:
        text = source.read_text(encoding="utf-8-sig")
        out = read_policy(policy.path, text, ReadOptions())
    except (OSError, UnicodeError, SourceError):
        return []  # loaded and validated a moment ago: a race with an editor, nothing to say
    out.suppressions = scan(text)
    return [out]


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
    report_unused: bool = False,
    policy_file: Path | None = None,
    cache: ResultCache | None = None,
) -> Result:
    """Check ``files`` (path, display path) against ``policy`` with ``rules``.

    ``progress(done, total)``, when given, is called as each of ``files`` has been read.
    ``report_unused``: report suppressions that silence nothing (PL001).
    ``policy_file``: the policy's own file, checked too where it states facts (processors).
    ``cache``: a result cache (:mod:`policylint.resultcache`); files unchanged since it last
    saw them under the same policy and rules are neither read nor evaluated again.
    """
    evaluator = Evaluator(rules, policy, selection or Selection(), report_unused)
    cache = cache.bound(evaluator) if cache is not None else None
    evaluate = evaluator.evaluate if cache is None else cache.evaluate
    result = Result()
    findings: list[Finding] = []
    read = read_all(files, jobs, options or ReadOptions(), progress, cache)
    with regex_guard():  # a user's regular expression cannot hang the run
        own = policy_facts(policy, policy_file) if policy_file is not None else []
        for ff in itertools.chain(own, extra, read):
            result.files.append(ff.path)
            findings.extend(evaluate(ff))
        findings.extend(evaluator.finish())
    findings.extend(evaluator.unused())
    result.findings = sort_findings(findings)
    result.files.sort()
    return result
