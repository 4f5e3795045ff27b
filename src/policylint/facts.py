"""The facts readers extract from files: fields, settings, dependencies, problems.

Every fact carries a 1-based :class:`Location`, set once, by the reader that found it.
Rules only ever see facts; they never see a file's text or its parse tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based line and column, and a logical address that survives line shifts.

    ``pointer`` is a JSON pointer (``/properties/email``), ``table.column``, a Terraform
    address (``provider.aws``) or whatever names the node in its format.
    """

    line: int
    column: int
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Tag:
    """A personal-data tag, in the mapping form of SPEC section 5 (defaults applied)."""

    categories: tuple[str, ...]
    retention: str | None = None
    purposes: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    basis: str | None = None
    processors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Field:
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
    ignore: frozenset[str] | None = None
    """Codes suppressed on this node by the format's own means (``x-policylint-ignore``);
    an empty set suppresses every code."""
    covered: bool = False
    """Part of a tagged parent (a property of a tagged object): the parent's tag speaks
    for it, so it is not reported as untagged."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A fact about where and how the application runs (SPEC section 6)."""

    kind: str
    """``hosting.region``, ``subjects.minimum_age``, ``cookies.category`` or ``processor``."""
    value: str
    format: str
    location: Location
    name: str = ""
    """The key, variable or resource the value came from."""


@dataclass(frozen=True, slots=True)
class Dependency:
    """A third-party package declared in a dependency manifest."""

    name: str
    ecosystem: str
    """``npm``, ``pypi``, ``maven``, ``cocoapods``, ``swift`` or ``pub``."""
    format: str
    location: Location


@dataclass(frozen=True, slots=True)
class Problem:
    """Something a reader could not accept: PL100 (unparsable file), PL101 (bad tag)."""

    code: str
    message: str
    location: Location


Fact = Union[Field, Setting, Dependency]  # noqa: UP007 (a runtime alias on Python 3.10)


@dataclass(slots=True)
class FileFacts:
    """Everything one reader found in one file."""

    path: str
    """The display path: relative to the working directory, ``/`` separators."""
    kind: str
    facts: list[Fact] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    """Line -> codes silenced by a ``policylint: ignore`` comment (empty set: all)."""
