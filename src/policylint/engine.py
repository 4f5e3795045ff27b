"""The engine: files -> facts (readers) -> hits (rules) -> findings (stamped, sorted).

Each file is read and evaluated in one go, in a worker process with ``jobs`` (forked: rules
and policy are compiled once, in the main process): what comes back is the file's
:class:`Outcome`, its findings and the little the run-level checks need, never its tree or
its facts, so memory holds findings. Output does not depend on ``jobs``: findings are sorted
by one key at the end.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from policylint.checks import BUILTINS
from policylint.conditions import regex_guard
from policylint.facts import Fact, FileFacts, ModuleReference, ModuleValue, Setting
from policylint.findings import Finding, Hit, fingerprint, share_path, sort_findings
from policylint.limits import SourceError
from policylint.policy import Policy
from policylint.readers import ReadOptions, read_file
from policylint.records import MutableRecord, Record, field, record, setfield
from policylint.ruleset import ENGINE_CHECKS, READER_PROBLEM, UNUSED_SUPPRESSION, Rule
from policylint.suppress import Tracker, scan, unused_property

if TYPE_CHECKING:
    from policylint.readers.terraform import Context
    from policylint.resultcache import ResultCache, Stamped, StatIndex

PARALLEL_THRESHOLD = 64
"""Fewer files than this are read in-process: starting workers would cost more."""
YOUNG_OBJECTS = 20_000
"""Allocations between collections of the young generation while files are read."""
WARM_IN_PROCESS = 1024
"""With a result cache, runs of fewer files than this look their files up in-process while
the cache answers (a commit's few files, unchanged since the last run): a lookup costs less
than starting workers. Larger runs share lookups between workers too."""

Progress = Callable[[int, int], None]


@record
class Selection(Record):
    """Which rules run and at what severity (select/ignore are code prefixes, as in flake8)."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)

    def __init__(
        self,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] = (),
        severity: dict[str, str] | None = None,
    ) -> None:
        setfield(self, "select", select)
        setfield(self, "ignore", ignore)
        setfield(self, "severity", {} if severity is None else severity)

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


@record
class Result(MutableRecord):
    """What a run found, in the order it is reported."""

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Display paths of every file read, sorted."""

    def __init__(
        self, findings: list[Finding] | None = None, files: list[str] | None = None
    ) -> None:
        self.findings = [] if findings is None else findings
        self.files = [] if files is None else files


@record
class Outcome(MutableRecord):
    """One file's part of a run, made where the file was read (a worker or the main process):
    its findings, and what the run-level steps need from it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    kind: str = ""
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    collected: list[Any] = field(default_factory=list)
    """The facts run-level checks collect (with ``kind`` and ``suppressions`` beside them)."""
    tracker: Tracker | None = None
    """With unused suppressions reported: the file's markers and what they silenced."""
    properties: list[tuple[Any, frozenset[str], set[str]]] = field(default_factory=list)
    """With unused suppressions reported: (fact, its x-policylint-ignore, codes silenced)."""

    def __init__(
        self,
        path: str,
        findings: list[Finding] | None = None,
        kind: str = "",
        suppressions: dict[int, frozenset[str]] | None = None,
        collected: list[Any] | None = None,
        tracker: Tracker | None = None,
        properties: list[tuple[Any, frozenset[str], set[str]]] | None = None,
    ) -> None:
        self.path = path
        self.findings = [] if findings is None else findings
        self.kind = kind
        self.suppressions = {} if suppressions is None else suppressions
        self.collected = [] if collected is None else collected
        self.tracker = tracker
        self.properties = [] if properties is None else properties


Runner = Callable[[Any, str], Iterator[Hit]]
Plan = tuple[list[tuple[Rule, Runner]], list[tuple[Rule, Runner]]]
SILENT_TAGS = 4096
"""Distinct tags remembered as drawing no finding, at the most."""


class Evaluator:
    """Runs the enabled rules over one file's facts (:meth:`check`, in any process), then
    gathers the files' outcomes for the run-level steps (:meth:`absorb`, :meth:`finish`,
    :meth:`unused`, in the main process)."""

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
        self._bound = [(rule, rule.bind(policy)) for rule in self.rules]
        self._plans: dict[tuple[type, bool], Plan] = {}
        self._silent: set[Any] = set()
        """Tags the rules keyed by tag found nothing on (each process learns its own)."""
        self.collects = (
            *(t for _, check in self.run_checks for t in check.collects),
            ModuleReference,  # resolved over the run (:meth:`_resolved`)
            ModuleValue,
        )
        self.collected: list[tuple[str, Any]] = []
        self.sources: dict[str, FileFacts] = {}
        """Path and suppressions of each file a collected fact came from."""

    def severity(self, rule: Rule, escalate: bool) -> str:
        configured = self.selection.severity.get(rule.code)
        if configured is not None:
            return configured
        return "error" if escalate else rule.severity

    def _plan(self, fact_type: type, tagged: bool) -> Plan:
        """The rules that can report on facts of one type (tagged or not), in code order:
        those whose silence a tag decides (:attr:`Rule.by_tag`), and the others."""
        plan = self._plans.get((fact_type, tagged))
        if plan is None:
            plan = self._plans[(fact_type, tagged)] = ([], [])
            for rule, runner in self._bound:
                if runner is not None and rule.covers(fact_type, tagged):
                    plan[0 if tagged and rule.by_tag else 1].append((rule, runner))
        return plan

    def stamp(
        self,
        rule: Rule,
        path: str,
        tracker: Tracker | None,
        hit: Hit,
        ignore: frozenset[str] | None,
        used: set[str] | None = None,
    ) -> Finding:
        """A hit as a finding of ``rule``: severity, fingerprint, and whether it is silenced
        (by a comment, nearest first, else by the node's x-policylint-ignore)."""
        code = rule.code
        suppressed = tracker is not None and tracker.silences(code, hit.line)
        if not suppressed and ignore is not None and (not ignore or code in ignore):
            if used is not None:
                used.add(code)
            suppressed = True
        return Finding(
            code=code,
            name=rule.name,
            severity=self.severity(rule, hit.escalate),
            message=hit.message,
            path=path,
            line=hit.line,
            column=hit.column,
            fingerprint=fingerprint(code, path, hit.pointer, hit.key),
            suppressed=suppressed,
        )

    def check(self, ff: FileFacts, tracker: Tracker | None = None) -> Outcome:
        """One file's findings and run-level material; changes nothing in the evaluator
        (``tracker``: the run's, for a file's facts made in the main process at its end)."""
        path = ff.path
        out = Outcome(path)
        findings = out.findings
        if tracker is None and ff.suppressions:
            tracker = Tracker(ff.suppressions)
        if self.unused_rule is not None:
            out.tracker = tracker  # every marker is judged, even in a file with no finding
        for problem in ff.problems:
            rule = self.by_problem.get(problem.code)
            if rule is not None:
                loc = problem.location
                pointer = loc.pointer or f"{loc.line}:{loc.column}"
                key = problem.key or problem.message
                hit = Hit(loc.line, loc.column, pointer, problem.message, key)
                findings.append(self.stamp(rule, path, tracker, hit, None))
        collects = self.collects
        judge_properties = self.unused_rule is not None
        silent = self._silent
        stamp = self.stamp
        plans = self._plans
        for fact in ff.facts:
            tag = getattr(fact, "tag", None)
            plan = plans.get((type(fact), tag is not None))
            keyed, others = plan or self._plan(type(fact), tag is not None)
            ignore = getattr(fact, "ignore", None)
            used: set[str] | None = None if ignore is None else set()
            if keyed and tag not in silent:
                before = len(findings)
                for rule, runner in keyed:
                    for hit in runner(fact, path):
                        findings.append(stamp(rule, path, tracker, hit, ignore, used))
                if len(findings) == before and len(silent) < SILENT_TAGS:
                    silent.add(tag)
            for rule, runner in others:
                for hit in runner(fact, path):
                    findings.append(stamp(rule, path, tracker, hit, ignore, used))
            if ignore is not None and used is not None and judge_properties:
                _ = fact.location.line  # looked up now: kept to the end, it lets go of the text
                out.properties.append((fact, ignore, used))
            if collects and isinstance(fact, collects):
                out.collected.append(fact)
        if out.collected:
            out.kind = ff.kind
            out.suppressions = ff.suppressions
        return out

    def absorb(self, outcome: Outcome) -> list[Finding]:
        """Take one file's outcome into the run; its findings."""
        path = outcome.path
        if outcome.tracker is not None:
            self.trackers[path] = outcome.tracker
        self.properties.extend((path, *entry) for entry in outcome.properties)
        if outcome.collected:
            self.collected.extend((path, fact) for fact in outcome.collected)
            if path not in self.sources:
                self.sources[path] = FileFacts(
                    path, outcome.kind, suppressions=outcome.suppressions
                )
        return outcome.findings

    def evaluate(self, ff: FileFacts) -> list[Finding]:
        """:meth:`check` and :meth:`absorb` in one: a file evaluated in this process."""
        return self.absorb(self.check(ff))

    def _tracker(self, ff: FileFacts) -> Tracker | None:
        tracker = self.trackers.get(ff.path)
        if tracker is None and ff.suppressions:
            tracker = self.trackers[ff.path] = Tracker(ff.suppressions)
        return tracker

    def finish(self, context: Context | None = None) -> Iterator[Finding]:
        """The run-level checks, once, over the facts collected from every file.

        ``context``: what the files the run does not check declare for their modules
        (:func:`module_context`), asked only where a reference is left unfollowed."""
        for rule, check in self.run_checks:
            facts = [
                (path, fact) for path, fact in self.collected if isinstance(fact, check.collects)
            ]
            for path, hit in check.over_run(facts, self.policy):
                source = self.sources.get(path) or FileFacts(path, "")
                yield self.stamp(rule, path, self._tracker(source), hit, None)
        yield from self._resolved(context)

    def _resolved(self, context: Context | None) -> Iterator[Finding]:
        """The findings on settings whose value another file of their module declares (a
        Terraform variable's default in ``variables.tf``, checked or not), as their own
        file's."""
        if not any(isinstance(f, ModuleReference) for _, f in self.collected):
            return
        from policylint.readers.terraform import resolve

        settings: dict[str, list[Fact]] = {}
        unfollowed: list[tuple[str, ModuleReference]] = []
        for path, reference, setting in resolve(self.collected, context):
            if setting is not None:
                settings.setdefault(path, []).append(setting)
            else:
                unfollowed.append((path, reference))
        for path, facts in settings.items():
            source = self.sources.get(path) or FileFacts(path, "")
            ff = FileFacts(path, source.kind, facts, suppressions=source.suppressions)
            yield from self.check(ff, self._tracker(ff)).findings
        if self.unused_rule is not None:
            self._unjudged(unfollowed)

    def _unjudged(self, references: list[tuple[str, ModuleReference]]) -> None:
        """A suppression on a reference this run could not follow (no file of the module
        that could be read declares the name) cannot be judged: counted as used, not
        reported as unused."""
        codes = [rule.code for rule, _ in self._bound if rule.covers(Setting, False)]
        for path, reference in references:
            source = self.sources.get(path)
            tracker = self._tracker(source) if source is not None else None
            if tracker is not None:
                for code in codes:
                    tracker.silences(code, reference.location.line)

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


FileItem = tuple["str | Path", str]
"""A file to check: where it is (a string, as discovery gives it, or a Path) and the path
reports show."""
Task = Callable[[Path, str], Any]


def read_all(
    files: Sequence[FileItem],
    jobs: int,
    options: ReadOptions,
    progress: Progress | None = None,
) -> Iterator[FileFacts]:
    """Every file's facts (those policylint reads), in the order given, by ``jobs``
    processes. ``progress(done, total)`` is called after each file, read or passed over."""

    def task(path: Path, display: str) -> FileFacts | None:
        return read_file(path, display, options)

    for result in parallel_map(task, files, jobs, progress):
        if result is not None:
            yield result


def check_all(
    files: Sequence[FileItem],
    evaluator: Evaluator,
    jobs: int,
    options: ReadOptions,
    progress: Progress | None = None,
    cache: ResultCache | None = None,
) -> Iterator[Outcome]:
    """Every file read and evaluated (:meth:`Evaluator.check`) by ``jobs`` processes, in
    the order given; through ``cache`` when there is one (it is closed at the end).

    A large run goes through the cache's stat index first (:func:`_through_index`).
    """
    if cache is None:

        def task(path: Path, display: str) -> Outcome | None:
            ff = read_file(path, display, options)
            return None if ff is None else evaluator.check(ff)

        yield from _outcomes(files, _checked(task, files, jobs, progress))
        return

    def stamped(path: Path, display: str) -> Stamped:
        return cache.stamped(path, display, options, evaluator)

    index = cache.stat_index(options, len(files))
    if index is not None:
        yield from _through_index(files, index, stamped, jobs, progress, cache)
        return

    def cached(path: Path, display: str) -> Outcome | None:
        return cache.check(path, display, options, evaluator)

    try:
        yield from _outcomes(files, _checked(cached, files, jobs, progress, cache))
    finally:
        cache.close(len(files))


def _through_index(
    files: Sequence[FileItem],
    index: StatIndex,
    stamped: Task,
    jobs: int,
    progress: Progress | None,
    cache: ResultCache,
) -> Iterator[Outcome]:
    """A large run through the stat index: a file whose ``stat`` is the one stamped in the
    last run is replayed here, without being opened; only the others are handed to
    ``stamped`` (in worker processes when many), which stamps them anew and gives the
    entries they made for the run's pack. The index is saved when the run completes."""
    known = index.match(files)
    rest = [item for item, stamp in zip(files, known, strict=True) if stamp is None]
    if len(rest) >= PARALLEL_THRESHOLD:  # many lookups, in workers: the tables read once
        cache.open_packs()
    results = _checked(stamped, rest, jobs, None, cache)
    complete = False
    try:
        for done, (path, display) in enumerate(files, 1):
            stamp, known[done - 1] = known[done - 1], None  # let each stamp go once used
            if stamp is None:
                outcome, fresh, entry = next(results)
                index.add(display, fresh)
                cache.pack(entry)
            else:
                replayed, outcome = index.replay(display, stamp)
                if not replayed:  # a record that does not load: check the file here
                    outcome, fresh, entry = stamped(Path(path), display)
                    index.add(display, fresh)
                    cache.pack(entry)
            if progress is not None:
                progress(done, len(files))
            if outcome is not None:
                yield _adopted(outcome, display)
        complete = True
    finally:
        try:
            results.close()  # workers still running (the run was cut short) are stopped
        finally:
            cache.close(len(files), index, complete)


def _outcomes(files: Sequence[FileItem], results: Iterable[Outcome | None]) -> Iterator[Outcome]:
    """The outcomes of ``files`` (one result each, in order), the files passed over left out."""
    for (_, display), outcome in zip(files, results, strict=True):
        if outcome is not None:
            yield _adopted(outcome, display)


def _adopted(outcome: Outcome, display: str) -> Outcome:
    """``outcome`` (made in a worker or loaded from the cache) holding this process's string
    for its path, and its findings too: the copies are let go."""
    outcome.path = display
    share_path(outcome.findings, display)
    return outcome


def _checked(
    task: Task,
    files: Sequence[FileItem],
    jobs: int,
    progress: Progress | None,
    cache: ResultCache | None = None,
) -> Generator[Any, None, None]:
    """``task``'s result for each of ``files``, in order.

    With a cache, a run of fewer than ``WARM_IN_PROCESS`` files looks its files up in this
    process while the cache answers, and hands the rest to workers once files go missing.
    """
    first = 0
    if cache is not None and jobs > 1 and len(files) < WARM_IN_PROCESS:
        for path, display in files:
            result = task(Path(path), display)
            first += 1
            if progress is not None:
                progress(first, len(files))
            yield result
            if cache.missing():
                break
    yield from parallel_map(task, files, jobs, progress, first)


_TASK: tuple[Task, Sequence[FileItem]] | None = None
"""The task of the running :func:`parallel_map` and its items, which forked workers inherit
(nothing to pickle: rules and policy are compiled once, in the main process)."""
_FORKING = threading.Lock()


def parallel_map(
    task: Task,
    items: Sequence[FileItem],
    jobs: int,
    progress: Progress | None = None,
    first: int = 0,
) -> Iterator[Any]:
    """``task(path, display)`` for ``items[first:]``, in order, by ``jobs`` worker processes.

    Workers are forked: where a platform cannot fork, or the items are few, the work runs
    in this process. At most a few chunks are read ahead of the consumer, so memory holds
    what the consumer keeps, not every result.
    """
    global _TASK
    total = len(items)
    rest = len(items) - first
    if jobs <= 1 or rest < PARALLEL_THRESHOLD or not _can_fork():
        for done in range(first, total):
            path, display = items[done]
            result = task(Path(path), display)
            if progress is not None:
                progress(done + 1, total)
            yield result
        return
    import multiprocessing

    chunk = max(8, min(256, rest // (jobs * 8) or 1))
    bounds = [(i, min(i + chunk, total)) for i in range(first, total, chunk)]
    with _FORKING:
        _TASK = (task, items)
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs)
        finally:
            _TASK = None
    with pool:
        done = first
        for results in _bounded_map(pool, bounds, window=jobs * 3):
            for result in results:
                done += 1
                if progress is not None:
                    progress(done, total)
                yield result


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    """In a worker: the task over one chunk of the items."""
    assert _TASK is not None, "forked from parallel_map"
    task, items = _TASK
    start, end = bounds
    with regex_guard():
        return [task(Path(items[i][0]), items[i][1]) for i in range(start, end)]


def _bounded_map(pool: Any, bounds: Sequence[tuple[int, int]], window: int) -> Iterator[Any]:
    """``pool.imap(_run_chunk, bounds)`` with at most ``window`` chunks ahead of the consumer.

    ``imap`` reads as fast as its workers can and keeps every result the consumer has not
    taken yet: when the consumer is slower, memory would grow with the file count.
    """
    parts = iter(bounds)
    pending = [pool.apply_async(_run_chunk, (part,)) for part in itertools.islice(parts, window)]
    while pending:
        results = pending.pop(0).get()
        pending.extend(pool.apply_async(_run_chunk, (part,)) for part in itertools.islice(parts, 1))
        yield results


@contextlib.contextmanager
def fewer_collections(threshold: int = YOUNG_OBJECTS) -> Iterator[None]:
    """The cyclic garbage collector's young generation collected every ``threshold``
    allocations instead of Python's default (700 up to 3.12), while files are read (worker
    processes inherit it).

    Reading makes node trees: many short-lived objects without cycles, which reference
    counting frees. Passes over them find nothing to collect, and cost about a tenth of
    reading.
    """
    import gc

    before = gc.get_threshold()
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


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


def module_context(files: Sequence[FileItem], options: ReadOptions) -> Context:
    """What the files of some module folders that the run (``files``) does not check
    declare: read when asked, in this process, after the run's files (so that no file's
    cached findings depend on another file)."""

    def declared(folders: Collection[str]) -> Iterable[tuple[str, Any]]:
        from policylint.readers.terraform import module_values

        return module_values(folders, files, options)

    return declared


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    files: Sequence[FileItem],
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
    bound = cache.bound(evaluator) if cache is not None else None
    options = options or ReadOptions()
    result = Result()
    findings: list[Finding] = []
    with regex_guard(), fewer_collections():  # a user's regex cannot hang the run
        own = policy_facts(policy, policy_file) if policy_file is not None else []
        for ff in itertools.chain(own, extra):
            result.files.append(ff.path)
            findings.extend(evaluator.evaluate(ff))
        outcomes = check_all(files, evaluator, jobs, options, progress, bound)
        for outcome in outcomes:
            result.files.append(outcome.path)
            findings.extend(evaluator.absorb(outcome))
        findings.extend(evaluator.finish(module_context(files, options)))
    findings.extend(evaluator.unused())
    result.findings = sort_findings(findings)
    result.files.sort()
    return result
