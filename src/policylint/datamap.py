"""The data map of ``policylint report`` (SPEC section 8): an Art. 30-style record.

Every personal-data element the readers find becomes one :class:`Element` per category it
holds: the tagged fields, and the untagged fields whose name says personal data (what rule
PL203 reports, marked as suspected). Each element carries its tag (retention, purposes,
subjects, basis, processors), where it is, and the policy's verdict on it.

Verdicts are not decided here: the built-in checks of :mod:`policylint.checks` run on the
element, exactly as ``check`` runs them, and each check that fires is one :class:`Verdict`.
A field with several categories is checked once per category (its tag narrowed to that
category), so that each element's verdict speaks of its own category. Rules written in
the condition language that select fields (PL402, and the project's own) add theirs too.

Fides system declarations and known tracking SDKs (rule PL702's catalogue) are not data
elements but parties data goes to: they are listed apart, as :class:`Recipient` records.

Files are read as a stream (:func:`policylint.engine.read_all`): memory holds the map,
not the parse trees. The order is fixed: category, path, line, column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from policylint import records
from policylint.checks import BUILTINS
from policylint.facts import Dependency, Field, FileFacts, Location, Setting
from policylint.findings import Hit
from policylint.names import NameMatch, classify
from policylint.policy import Policy
from policylint.readers import ReadOptions
from policylint.ruleset import Rule

if TYPE_CHECKING:
    from policylint.engine import FileItem

UNTAGGED = "untagged-personal-data"
TRACKER = "tracker-not-allowed"
ALLOWED = "allowed"

VERDICTS: dict[str, str] = {
    UNTAGGED: "untagged",
    "unknown-key": "unknown taxonomy key",
    "category-not-allowed": "not allowed by category",
    "special-category": "special category",
    "retention-exceeds-policy": "retention exceeds",
    "retention-missing": "retention missing",
    "purpose-not-allowed": "purpose not allowed",
    "processor-not-declared": "processor not declared",
    "age-below-minimum": "age below minimum",
}
"""The built-in checks that judge a data element (by their ``builtin`` name), each with the
verdict it stands for, in the order verdicts are listed."""

RECIPIENT_VERDICTS: dict[str, str] = {
    TRACKER: "tracker not allowed",
    "processor-not-declared": "processor not declared",
    "transfer-without-safeguards": "transfer without safeguards",
}
"""The built-in checks that judge a recipient: a tracking SDK; a processor a config names."""
PROCESSOR_CHECKS = ("processor-not-declared", "transfer-without-safeguards")

SYSTEM_FORMAT = "fides-system"
"""The format of the fields a Fides system's privacy declarations become."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """One check that fired on an element: what the policy says about it."""

    kind: str
    """The built-in check's name (``retention-exceeds-policy``), or a project rule's code."""
    label: str
    """Short and readable: ``retention exceeds``."""
    code: str
    """The rule's code (``PL302``); empty when no rule runs that check."""
    severity: str
    message: str
    suppressed: bool = False
    """Silenced in the source (``policylint: ignore``, ``x-policylint-ignore``): the team
    has acknowledged it; the policy's verdict stands."""


class _Judged:
    """What elements and recipients share: a place and the policy's verdicts on it."""

    __slots__ = ()
    path: str
    line: int
    column: int
    verdicts: tuple[Verdict, ...]

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def allowed(self) -> bool:
        return not self.verdicts

    @property
    def verdict(self) -> str:
        """``allowed``, or the verdicts' labels."""
        return "; ".join(labels(self.verdicts)) if self.verdicts else ALLOWED


@dataclass(frozen=True, slots=True)
class Element(_Judged):
    """One personal-data element: a field, for one category it holds."""

    category: str
    """The tagged category, or for a suspected-untagged field the one its name suggests."""
    category_name: str
    """The category's name in the taxonomy; empty for a key the taxonomy does not know."""
    name: str
    container: str
    path: str
    line: int
    column: int
    pointer: str
    format: str
    tagged: bool
    """False: no tag; the name says personal data (PL203's detection)."""
    term: str = ""
    """For a suspected-untagged field: the word of its name that suggests the category."""
    language: str = ""
    retention: str | None = None
    purposes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    basis: str | None = None
    processors: tuple[str, ...] = ()
    verdicts: tuple[Verdict, ...] = ()

    @property
    def element(self) -> str:
        return f"{self.container}.{self.name}" if self.container else self.name

    @property
    def violating(self) -> bool:
        """A tagged element the policy does not allow (untagged is counted apart)."""
        return any(v.kind != UNTAGGED for v in self.verdicts)

    def sort_key(self) -> tuple[str, str, int, int, str, str]:
        return (self.category, self.path, self.line, self.column, self.pointer, self.name)


@dataclass(frozen=True, slots=True)
class Recipient(_Judged):
    """A party personal data goes to: a Fides system's declaration, a tracking SDK, or a
    processor a config names."""

    kind: str
    """``system``, ``tracker`` or ``processor``."""
    name: str
    """The declaration's name, or the package's."""
    recipient: str
    """The Fides system, or the tracker's vendor."""
    description: str
    """The data use, or the SDK's name and cookie category."""
    path: str
    line: int
    column: int
    pointer: str
    format: str
    country: str = ""
    """For a tracker: the vendor's seat (ISO 3166-1 alpha-2)."""
    categories: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    retention: str | None = None
    verdicts: tuple[Verdict, ...] = ()

    def sort_key(self) -> tuple[str, str, str, int, int, str]:
        return (self.kind, self.recipient, self.path, self.line, self.column, self.name)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file, or a tag, that could not be read (PL100, PL101): the map is silent there."""

    path: str
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    path: str
    name: str
    controller: str
    contact: str


@dataclass(frozen=True, slots=True)
class CategorySummary:
    category: str
    name: str
    elements: int
    allowed: int
    violating: int
    untagged: int


@dataclass
class DataMap:
    policy: PolicyInfo
    elements: list[Element] = field(default_factory=list)
    """Sorted by category, path, line, column."""
    recipients: list[Recipient] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Display paths of every file read, sorted."""

    def by_category(self) -> list[tuple[str, list[Element]]]:
        groups: dict[str, list[Element]] = {}
        for element in self.elements:
            groups.setdefault(element.category, []).append(element)
        return list(groups.items())

    def summary(self) -> list[CategorySummary]:
        rows = []
        for category, elements in self.by_category():
            rows.append(
                CategorySummary(
                    category=category,
                    name=elements[0].category_name,
                    elements=len(elements),
                    allowed=sum(e.allowed for e in elements),
                    violating=sum(e.violating for e in elements),
                    untagged=sum(not e.tagged for e in elements),
                )
            )
        return rows

    def totals(self) -> dict[str, int]:
        return {
            "elements": len(self.elements),
            "tagged": sum(e.tagged for e in self.elements),
            "untagged": sum(not e.tagged for e in self.elements),
            "allowed": sum(e.allowed for e in self.elements),
            "violating": sum(e.violating for e in self.elements),
            "recipients": len(self.recipients),
            "files": len(self.files),
            "problems": len(self.problems),
        }

    def verdict_counts(self) -> dict[str, int]:
        """Elements per verdict label (an element with two verdicts counts under both)."""
        counts: dict[str, int] = {}
        for element in self.elements:
            for label in labels(element.verdicts) or [ALLOWED]:
                counts[label] = counts.get(label, 0) + 1
        return dict(sorted(counts.items()))

    def verdict_kinds(self) -> list[str]:
        """The label of each verdict met, ``allowed`` first, in a fixed order (for filters)."""
        met = {v.label for e in self.elements for v in e.verdicts}
        known = [label for label in VERDICTS.values() if label in met]
        return [ALLOWED, *known, *sorted(met - set(known))]


def labels(verdicts: Iterable[Verdict]) -> list[str]:
    """The verdicts' labels, each once, in order."""
    return list(dict.fromkeys(v.label for v in verdicts))


class Builder:
    """Turns files' facts into the data map, one file at a time."""

    def __init__(
        self,
        policy: Policy,
        rules: Sequence[Rule] = (),
        severity: Mapping[str, str] | None = None,
    ) -> None:
        self.policy = policy
        self.severity = dict(severity or {})
        by_builtin = {r.builtin: r for r in rules if r.builtin is not None}
        self.checks = [
            (kind, label, by_builtin.get(kind))
            for kind, label in VERDICTS.items()
            if kind in BUILTINS
        ]
        self.tracker_rule = by_builtin.get(TRACKER)
        self.processor_rules = {kind: by_builtin.get(kind) for kind in PROCESSOR_CHECKS}
        self.custom = [  # bound once: a rule's policy condition is judged once per map
            (r, runner)
            for r in rules
            if r.declarative is not None
            and r.declarative.facts == "field"
            and (runner := r.bind(policy)) is not None
        ]
        self.elements: list[Element] = []
        self.recipients: list[Recipient] = []
        self.problems: list[FileProblem] = []
        self.files: list[str] = []

    def add(self, ff: FileFacts) -> None:
        self.files.append(ff.path)
        for problem in ff.problems:
            loc = problem.location
            self.problems.append(
                FileProblem(ff.path, loc.line, loc.column, problem.code, problem.message)
            )
        for fact in ff.facts:
            if isinstance(fact, Field):
                if fact.format == SYSTEM_FORMAT and fact.tag is not None:
                    self.recipients.append(self._system(ff, fact))
                else:
                    self.elements.extend(self._elements(ff, fact))
            elif isinstance(fact, Dependency):
                tracker = self._tracker(ff, fact)
                if tracker is not None:
                    self.recipients.append(tracker)
            elif isinstance(fact, Setting) and fact.kind == "processor":
                self.recipients.append(self._processor(ff, fact))

    def build(self) -> DataMap:
        raw = self.policy.raw
        info = PolicyInfo(
            path=self.policy.path,
            name=self.policy.name,
            controller=self.policy.controller,
            contact=str(raw.get("contact") or ""),
        )
        return DataMap(
            policy=info,
            elements=sorted(self.elements, key=Element.sort_key),
            recipients=sorted(self.recipients, key=Recipient.sort_key),
            problems=sorted(
                self.problems, key=lambda p: (p.path, p.line, p.column, p.code, p.message)
            ),
            files=sorted(self.files),
        )

    # -- elements ------------------------------------------------------------------------
    def _elements(self, ff: FileFacts, fact: Field) -> Iterator[Element]:
        if fact.not_personal:
            return
        tag = fact.tag
        if tag is None:
            if fact.covered:
                return
            verdicts = self._verdicts(ff, fact)
            suspected = next((v for v in verdicts if v.kind == UNTAGGED), None)
            if suspected is None:
                return  # nothing in its name says personal data
            match = classify(fact.name)
            category = match.category if match is not None else ""
            yield self._element(ff, fact, category, verdicts, match=match)
            return
        for category in tag.categories:
            narrowed = fact
            if len(tag.categories) > 1:
                narrowed = records.replace(fact, tag=records.replace(tag, categories=(category,)))
            yield self._element(ff, fact, category, self._verdicts(ff, narrowed))

    def _element(
        self,
        ff: FileFacts,
        fact: Field,
        category: str,
        verdicts: tuple[Verdict, ...],
        match: NameMatch | None = None,
    ) -> Element:
        loc = fact.location
        tag = fact.tag
        entry = self.policy.taxonomy.categories.entries.get(category)
        return Element(
            category=category,
            category_name=entry.name if entry is not None else "",
            name=fact.name,
            container=fact.container,
            path=ff.path,
            line=loc.line,
            column=loc.column,
            pointer=loc.pointer,
            format=fact.format,
            tagged=tag is not None,
            term=match.term if match is not None else "",
            language=match.language if match is not None else "",
            retention=tag.retention if tag is not None else None,
            purposes=tag.purposes if tag is not None else (),
            subjects=tag.subjects if tag is not None else (),
            basis=tag.basis if tag is not None else None,
            processors=tag.processors if tag is not None else (),
            verdicts=verdicts,
        )

    def _verdicts(self, ff: FileFacts, fact: Field) -> tuple[Verdict, ...]:
        """Each built-in check on fields, then each declarative rule on fields, that fires."""
        out: list[Verdict] = []
        for kind, label, rule in self.checks:
            for hit in BUILTINS[kind](fact, self.policy):
                out.append(self._verdict(ff, fact, kind, label, rule, hit))
        for rule, runner in self.custom:
            for hit in runner(fact, ff.path):
                label = rule.name.replace("-", " ")
                out.append(self._verdict(ff, fact, rule.code, label, rule, hit))
        return tuple(out)

    def _verdict(
        self, ff: FileFacts, fact: Any, kind: str, label: str, rule: Rule | None, hit: Hit
    ) -> Verdict:
        code = rule.code if rule is not None else ""
        severity = self.severity.get(code) or (
            "error" if hit.escalate or rule is None else rule.severity
        )
        return Verdict(
            kind=kind,
            label=label,
            code=code,
            severity=severity,
            message=hit.message,
            suppressed=bool(code) and _suppressed(code, hit.line, ff, fact),
        )

    # -- recipients ----------------------------------------------------------------------
    def _system(self, ff: FileFacts, fact: Field) -> Recipient:
        assert fact.tag is not None
        tag = fact.tag
        loc = fact.location
        return Recipient(
            kind="system",
            name=fact.name,
            recipient=fact.container,
            description=", ".join(tag.purposes),
            path=ff.path,
            line=loc.line,
            column=loc.column,
            pointer=loc.pointer,
            format=fact.format,
            categories=tag.categories,
            purposes=tag.purposes,
            subjects=tag.subjects,
            retention=tag.retention,
            verdicts=self._verdicts(ff, fact),
        )

    def _processor(self, ff: FileFacts, fact: Setting) -> Recipient:
        """A processor a config names (``@policy processor``), judged as ``check`` judges
        it: declared by the policy (PL602), and its transfer safeguarded (PL503)."""
        declared = self.policy.processor(fact.value)
        verdicts = tuple(
            self._verdict(ff, fact, kind, RECIPIENT_VERDICTS[kind], rule, hit)
            for kind, rule in self.processor_rules.items()
            for hit in BUILTINS[kind](fact, self.policy)
        )
        loc: Location = fact.location
        return Recipient(
            kind="processor",
            name=fact.name,
            recipient=declared.name if declared is not None else fact.value,
            description="named in the configuration",
            path=ff.path,
            line=loc.line,
            column=loc.column,
            pointer=loc.pointer,
            format=fact.format,
            country=(declared.country or "") if declared is not None else "",
            verdicts=verdicts,
        )

    def _tracker(self, ff: FileFacts, fact: Dependency) -> Recipient | None:
        from policylint.trackers import lookup

        tracker = lookup(fact.ecosystem, fact.name)
        if tracker is None:
            return None
        label = RECIPIENT_VERDICTS[TRACKER]
        verdicts = tuple(
            self._verdict(ff, fact, TRACKER, label, self.tracker_rule, hit)
            for hit in BUILTINS[TRACKER](fact, self.policy)
        )
        loc: Location = fact.location
        return Recipient(
            kind="tracker",
            name=fact.name,
            recipient=tracker.vendor,
            description=f"{tracker.name} ({tracker.category})",
            path=ff.path,
            line=loc.line,
            column=loc.column,
            pointer=loc.pointer,
            format=fact.format,
            country=tracker.country,
            purposes=(tracker.category,),
            verdicts=verdicts,
        )


def _suppressed(code: str, line: int, ff: FileFacts, fact: Any) -> bool:
    """Silenced by a comment on the line or the line above, or by the node's own means."""
    from policylint.suppress import silenced

    if ff.suppressions and silenced(code, line, ff.suppressions):
        return True
    ignore: frozenset[str] | None = getattr(fact, "ignore", None)
    return ignore is not None and (not ignore or code in ignore)


def build_datamap(
    files: Sequence[FileItem],
    policy: Policy,
    rules: Sequence[Rule] = (),
    jobs: int = 1,
    options: ReadOptions | None = None,
    severity: Mapping[str, str] | None = None,
) -> DataMap:
    """The data map of ``files`` (path, display path) against ``policy``.

    ``rules``: the project's rules, for the codes and severities of verdicts and for the
    project's own rules on fields. Files are read by ``jobs`` processes, as ``check`` does.
    """
    from policylint.conditions import regex_guard
    from policylint.engine import fewer_collections, read_all

    builder = Builder(policy, rules, severity)
    with regex_guard(), fewer_collections():  # a project rule's regex cannot hang the run
        for ff in read_all(files, jobs, options or ReadOptions()):
            builder.add(ff)
    return builder.build()
