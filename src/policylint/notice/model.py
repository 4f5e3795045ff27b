"""What a privacy notice says, as facts that each cite the line they were read from.

A fact's ``path`` names the policy value it supports, in the dotted form of SPEC
section 1, with list entries in brackets:

- ``controller``, ``contact``, ``supervisory_authority``: one value each;
- ``categories``: a data category the notice lists (one fact per category);
- ``categories[KEY].retention``: the retention of category ``KEY``; ``categories[*]``
  is every category, for statements about "your data" or "other information about you";
- ``subjects.minimum_age``;
- ``hosting.regions`` (one fact per region: ``eu``, ``eea`` or a country code) and
  ``hosting.transfers``;
- ``processors`` (a processor's name), ``processors[NAME].country`` and
  ``processors[NAME].safeguards`` (one fact per safeguard);
- ``cookies.allowed``: a cookie category the notice says it uses;
- ``sale_of_data``.

Two paths record promises the policy format has no field for; a draft shows them as
comments and :func:`policylint.notice.diff.diff` still checks the first:

- ``cookies.ruled_out``: a cookie category the notice says it does not use;
- ``third_party_sharing``: ``consent`` when data goes to third parties only with consent.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALL_CATEGORIES",
    "UNNAMED_PROCESSORS",
    "ExtractedFact",
    "Extraction",
    "Skipped",
    "Value",
    "retention_path",
]

Value = str | int

ALL_CATEGORIES = "*"
"""The category key of a statement about all of the reader's data."""

UNNAMED_PROCESSORS = "unnamed external processors"
"""The processor name used when a notice describes processors without naming them."""


def retention_path(category: str) -> str:
    """``categories[user.name].retention`` for ``user.name``."""
    return f"categories[{category}].retention"


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """One value the notice states, with the 1-based line and the words it came from."""

    path: str
    value: Value
    line: int
    quote: str
    note: str = ""
    """How the words were read, where that is not obvious (``Azure westeurope``)."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A statement recognised as being about ``topic`` that did not decide a value."""

    line: int
    quote: str
    reason: str
    topic: str = ""
    """The policy section it is about: ``categories``, ``subjects``, ``hosting``, …"""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one notice, in the notice's order."""

    source: str
    language: str
    facts: tuple[ExtractedFact, ...]
    skipped: tuple[Skipped, ...]

    def find(self, path: str) -> list[ExtractedFact]:
        """The facts with this path, in the notice's order."""
        return [f for f in self.facts if f.path == path]

    def values(self, path: str) -> list[Value]:
        """The distinct values stated for a path, in the order they first appear."""
        seen: list[Value] = []
        for fact in self.facts:
            if fact.path == path and fact.value not in seen:
                seen.append(fact.value)
        return seen

    def pairs(self) -> set[tuple[str, Value]]:
        """Every (path, value) stated, whatever the line: what two readings compare."""
        return {(f.path, f.value) for f in self.facts}
