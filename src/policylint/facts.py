"""The facts readers extract from files: fields, settings, dependencies, problems.

Every fact carries a 1-based :class:`Location`, set once, by the reader that found it.
Rules only ever see facts; they never see a file's text or its parse tree.

Facts are frozen records (:mod:`policylint.records`), which behave as frozen dataclasses:
every run imports this module, and records cost a tenth of what ``@dataclass(frozen=True)``
costs to define, without importing :mod:`dataclasses`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, Union

from policylint.records import MutableRecord, Record, field, record, setfield


@record
class Location(Record):
    """A 1-based line and column, and a logical address that survives line shifts.

    ``pointer`` is a JSON pointer (``/properties/email``), ``table.column``, a Terraform
    address (``provider.aws``) or whatever names the node in its format.
    """

    line: int
    column: int
    pointer: str = ""

    def __init__(self, line: int, column: int, pointer: str = "") -> None:
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "pointer", pointer)


class Places(Protocol):
    """Where a reader's places are written: ``position(place)`` is a 1-based line and
    column."""

    def position(self, place: Any) -> tuple[int, int]: ...


class DeferredLocation(Location):
    """A :class:`Location` whose line and column are looked up when first read.

    Most facts are never reported on; a reader whose positions cost something to compute
    (a JSON key, searched for in the text) gives its facts these (:meth:`at`). They equal,
    hash, show, copy and pickle as the plain :class:`Location` of the same values (a copy
    is one), and once looked up they let go of what they were looked up in."""

    __slots__ = ("_place", "_places")
    if TYPE_CHECKING:
        # Slots, not fields. To a type checker every annotation of a record is a field
        # (Record is a dataclass to it), and one after fields with defaults needs its own.
        _place: Any = None
        _places: Places | None = None

    @classmethod
    def at(cls, places: Places, place: Any, pointer: str = "") -> DeferredLocation:
        """The location of ``place``, looked up in ``places`` when first read."""
        location = cls.__new__(cls)
        setfield(location, "pointer", pointer)
        setfield(location, "_places", places)
        setfield(location, "_place", place)
        return location

    def __getattr__(self, name: str) -> int:
        """``line`` or ``column``, not yet set: both are looked up, then kept."""
        if (name != "line" and name != "column") or self._places is None:
            raise AttributeError(name)
        line, column = self._places.position(self._place)
        setfield(self, "line", line)
        setfield(self, "column", column)
        setfield(self, "_places", None)
        setfield(self, "_place", None)
        return line if name == "line" else column

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Location):
            return (self.line, self.column, self.pointer) == (
                other.line,
                other.column,
                other.pointer,
            )
        return NotImplemented

    __hash__ = Location.__hash__

    def __repr__(self) -> str:
        return repr(Location(self.line, self.column, self.pointer))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Location, (self.line, self.column, self.pointer))

    def stored(self) -> tuple[Any, ...]:
        """How stored facts (the result cache) keep this location: still deferred when its
        places can be kept without what they were looked up in (``places.stored(place)``
        gives what stands for both), else as :meth:`__reduce__` makes it."""
        places = self._places
        stored = getattr(places, "stored", None)
        if stored is None:
            return self.__reduce__()
        return (_deferred, (*stored(self._place), self.pointer))


def _deferred(places: Places, place: Any, pointer: str) -> DeferredLocation:
    """A stored :class:`DeferredLocation` (a function: pickled by name, unlike a method)."""
    return DeferredLocation.at(places, place, pointer)


@record
class Tag(Record):
    """A personal-data tag, in the mapping form of SPEC section 5 (defaults applied)."""

    categories: tuple[str, ...]
    retention: str | None = None
    purposes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    basis: str | None = None
    processors: tuple[str, ...] = ()

    def __init__(
        self,
        categories: tuple[str, ...],
        retention: str | None = None,
        purposes: tuple[str, ...] = (),
        subjects: tuple[str, ...] = (),
        basis: str | None = None,
        processors: tuple[str, ...] = (),
    ) -> None:
        setfield(self, "categories", categories)
        setfield(self, "retention", retention)
        setfield(self, "purposes", purposes)
        setfield(self, "subjects", subjects)
        setfield(self, "basis", basis)
        setfield(self, "processors", processors)


@record
class Field(Record):
    """A data element of a schema: a property, column, proto field, model field."""

    name: str
    format: str
    location: Location
    """The tag's location, or the field's own where it has no tag."""
    tag: Tag | None = None
    """None when the field carries no tag (or ``false``)."""
    not_personal: bool = False
    """Tagged ``false``: explicitly not personal data."""
    container: str = ""
    """The table, message, model or object the field belongs to."""
    age_gate: bool = False
    """The field is an age in years whose accepted range the reader knows (SPEC 6)."""
    youngest_age: float | None = None
    """With ``age_gate``: the youngest age the schema accepts; None when unbounded."""
    youngest_excluded: bool = False
    """``youngest_age`` itself is excluded: the schema accepts ages just above it (a number
    schema with an exclusive bound)."""
    ignore: frozenset[str] | None = None
    """Codes suppressed on this node by the format's own means (``x-policylint-ignore``);
    an empty set suppresses every code."""
    covered: bool = False
    """Part of a tagged parent (a property of a tagged object): the parent's tag speaks
    for it, so it is not reported as untagged."""

    def __init__(
        self,
        name: str,
        format: str,
        location: Location,
        tag: Tag | None = None,
        not_personal: bool = False,
        container: str = "",
        age_gate: bool = False,
        youngest_age: float | None = None,
        youngest_excluded: bool = False,
        ignore: frozenset[str] | None = None,
        covered: bool = False,
    ) -> None:
        setfield(self, "name", name)
        setfield(self, "format", format)
        setfield(self, "location", location)
        setfield(self, "tag", tag)
        setfield(self, "not_personal", not_personal)
        setfield(self, "container", container)
        setfield(self, "age_gate", age_gate)
        setfield(self, "youngest_age", youngest_age)
        setfield(self, "youngest_excluded", youngest_excluded)
        setfield(self, "ignore", ignore)
        setfield(self, "covered", covered)


@record
class Setting(Record):
    """A fact about where and how the application runs (SPEC section 6)."""

    kind: str
    """``hosting.region``, ``subjects.minimum_age``, ``cookies.category`` or ``processor``."""
    value: str
    format: str
    location: Location
    name: str = ""
    """The key, variable or resource the value came from."""

    def __init__(
        self, kind: str, value: str, format: str, location: Location, name: str = ""
    ) -> None:
        setfield(self, "kind", kind)
        setfield(self, "value", value)
        setfield(self, "format", format)
        setfield(self, "location", location)
        setfield(self, "name", name)


@record
class ModuleReference(Record):
    """A setting whose value is a name (``var.region``) that its own file does not declare:
    another file of its module may (a Terraform module is a folder, its variables often in
    ``variables.tf``). Resolved over the run, with the :class:`ModuleValue` facts of the
    files checked (:func:`policylint.readers.terraform.resolve`)."""

    kind: str
    """The setting it states (``hosting.region``)."""
    reference: str
    """``var.NAME`` or ``local.NAME``."""
    format: str
    location: Location
    name: str = ""
    """The attribute whose value it is (``provider.aws.region``)."""

    def __init__(
        self, kind: str, reference: str, format: str, location: Location, name: str = ""
    ) -> None:
        setfield(self, "kind", kind)
        setfield(self, "reference", reference)
        setfield(self, "format", format)
        setfield(self, "location", location)
        setfield(self, "name", name)


@record
class ModuleValue(Record):
    """A literal a file declares for its module: a variable's default, a local's value."""

    reference: str
    """``var.NAME`` or ``local.NAME``."""
    value: str
    location: Location
    """Where the value is written."""

    def __init__(self, reference: str, value: str, location: Location) -> None:
        setfield(self, "reference", reference)
        setfield(self, "value", value)
        setfield(self, "location", location)


@record
class Dependency(Record):
    """A third-party package declared in a dependency manifest."""

    name: str
    ecosystem: str
    """``npm``, ``pypi``, ``maven``, ``cocoapods``, ``swift`` or ``pub``."""
    format: str
    location: Location

    def __init__(self, name: str, ecosystem: str, format: str, location: Location) -> None:
        setfield(self, "name", name)
        setfield(self, "ecosystem", ecosystem)
        setfield(self, "format", format)
        setfield(self, "location", location)


@record
class Problem(Record):
    """Something a reader could not accept: PL100 (unparsable file), PL101 (bad tag)."""

    code: str
    message: str
    location: Location
    key: str = ""
    """What tells this problem from others at its place in the fingerprint, when not its
    message (a message that names a line would move with it)."""

    def __init__(self, code: str, message: str, location: Location, key: str = "") -> None:
        setfield(self, "code", code)
        setfield(self, "message", message)
        setfield(self, "location", location)
        setfield(self, "key", key)


Fact = Union[Field, Setting, Dependency, ModuleReference, ModuleValue]  # noqa: UP007 (runtime alias, 3.10)


@record
class FileFacts(MutableRecord):
    """Everything one reader found in one file (filled in as the reader goes)."""

    path: str
    """The display path: relative to the working directory, ``/`` separators."""
    kind: str
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    """Line -> codes silenced by a ``policylint: ignore`` comment (empty set: all)."""

    def __init__(
        self,
        path: str,
        kind: str,
        facts: list[Fact] | None = None,
        problems: list[Problem] | None = None,
        suppressions: dict[int, frozenset[str]] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.facts = [] if facts is None else facts
        self.problems = [] if problems is None else problems
        self.suppressions = {} if suppressions is None else suppressions


# -- Fides manifests (read by readers/fides.py, evaluated by checks/fides.py) ---------------
@record
class Match(Record):
    """One part of a Fides policy rule: ``{matches: ANY|ALL|NONE|OTHER, values: [...]}``."""

    matches: str
    values: tuple[str, ...]

    def __init__(self, matches: str, values: tuple[str, ...]) -> None:
        setfield(self, "matches", matches)
        setfield(self, "values", values)


@record
class FidesRule(Record):
    """A rule of a Fides policy: what it matches in categories, uses and subjects."""

    name: str
    data_categories: Match
    data_uses: Match
    data_subjects: Match

    def __init__(
        self, name: str, data_categories: Match, data_uses: Match, data_subjects: Match
    ) -> None:
        setfield(self, "name", name)
        setfield(self, "data_categories", data_categories)
        setfield(self, "data_uses", data_uses)
        setfield(self, "data_subjects", data_subjects)


@record
class FidesPolicy(Record):
    """A Fides policy (``policy:`` list entry) and its rules."""

    key: str
    rules: tuple[FidesRule, ...]
    location: Location

    def __init__(self, key: str, rules: tuple[FidesRule, ...], location: Location) -> None:
        setfield(self, "key", key)
        setfield(self, "rules", rules)
        setfield(self, "location", location)


@record
class FidesDeclaration(Record):
    """A privacy declaration of a Fides system, as policy evaluation reads it."""

    system: str
    name: str
    data_categories: tuple[str, ...]
    data_use: str
    data_subjects: tuple[str, ...]
    dataset_references: tuple[str, ...]
    location: Location

    def __init__(
        self,
        system: str,
        name: str,
        data_categories: tuple[str, ...],
        data_use: str,
        data_subjects: tuple[str, ...],
        dataset_references: tuple[str, ...],
        location: Location,
    ) -> None:
        setfield(self, "system", system)
        setfield(self, "name", name)
        setfield(self, "data_categories", data_categories)
        setfield(self, "data_use", data_use)
        setfield(self, "data_subjects", data_subjects)
        setfield(self, "dataset_references", dataset_references)
        setfield(self, "location", location)


@record
class FidesScope(Record):
    """A part of a dataset that states categories: the dataset, a collection or a field."""

    kind: str
    name: str
    """Its address: ``dataset``, ``dataset.collection`` or ``dataset.collection.field``."""
    data_categories: tuple[str, ...]

    def __init__(self, kind: str, name: str, data_categories: tuple[str, ...]) -> None:
        setfield(self, "kind", kind)
        setfield(self, "name", name)
        setfield(self, "data_categories", data_categories)


@record
class FidesDataset(Record):
    """A Fides dataset as policy evaluation reads it: every scope that states categories."""

    key: str
    scopes: tuple[FidesScope, ...]
    location: Location

    def __init__(self, key: str, scopes: tuple[FidesScope, ...], location: Location) -> None:
        setfield(self, "key", key)
        setfield(self, "scopes", scopes)
        setfield(self, "location", location)
