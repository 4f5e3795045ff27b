"""A draft policy (SPEC section 1) from an extraction, as YAML text with citations.

Every value is followed by a comment citing the notice line and words it came from;
statements the extractor recognised but could not decide, and values that contradict
each other, appear as ``# not decided: ...`` comments instead of guesses. How facts
become policy values:

- a category listed without a retention of its own is left out when a broader category
  of the notice covers it (the broader entry allows it and gives its retention), and
  named in a comment;
- a retention stated for all data (``categories[*]``) is given to every other category;
  with no category listed it becomes an entry for ``user``;
- ``cookies.allowed`` is the categories the notice says it uses; when it names none in
  use but rules some out, every category it does not rule out;
- several supervisory authorities are joined with ``; ``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from policylint.notice.model import (
    ALL_CATEGORIES,
    ExtractedFact,
    Extraction,
    Skipped,
    Value,
    retention_path,
)

__all__ = ["render_policy"]

COOKIE_CATEGORIES = ("strictly_necessary", "functional", "analytics", "advertising")
_PLAIN_RE = re.compile(r"[A-Za-z0-9_.@/][A-Za-z0-9_.@+/ -]*")
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])
_PROCESSOR_RE = re.compile(r"processors\[(?P<name>[^\]]+)\]\.(?P<field>\w+)")


def scalar(value: Value) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    if isinstance(value, int):
        return str(value)
    plain = (
        _PLAIN_RE.fullmatch(value)
        and value.lower() not in _YAML_WORDS
        and not re.fullmatch(r"[-+.\d][\d_.eE+-]*", value)
        and not value.endswith(" ")
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def cite(facts: list[ExtractedFact], what: str = "") -> str:
    """``# notice line 39: "words"`` (``lines 39, 41`` when several lines say it)."""
    lines = sorted({f.line for f in facts})
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(map(str, lines))}"
    notes = [f.note for f in facts if f.note]
    extra = f" ({notes[0]})" if notes else ""
    label = f", {what}" if what else ""
    return f'# notice {where}{label}{extra}: "{facts[0].quote}"'


def undecided(skipped: Skipped) -> str:
    return f'# not decided: {skipped.reason}: "{skipped.quote}" (line {skipped.line})'


class _Draft:
    def __init__(self, extraction: Extraction) -> None:
        self.extraction = extraction
        self.lines: list[str] = []

    def facts(self, path: str, value: Value | None = None) -> list[ExtractedFact]:
        return [
            f
            for f in self.extraction.facts
            if f.path == path and (value is None or f.value == value)
        ]

    def skipped(self, topic: str) -> list[Skipped]:
        return [s for s in self.extraction.skipped if s.topic == topic]

    def add(self, text: str, indent: int = 0) -> None:
        self.lines.append(" " * indent + text)

    def value(self, key: str, value: Value, facts: list[ExtractedFact], indent: int = 0) -> None:
        self.add(f"{key}: {scalar(value)}  {cite(facts)}", indent)

    def conflict(self, key: str, path: str, indent: int = 0) -> None:
        parts = [f"{v} (line {self.facts(path, v)[0].line})" for v in self.values(path)]
        self.add(f"# not decided: {key} is {' or '.join(parts)}", indent)

    def values(self, path: str) -> list[Value]:
        return self.extraction.values(path)

    def comments(self, skipped: Iterable[Skipped], indent: int = 0) -> None:
        for item in skipped:
            self.add(undecided(item), indent)

    def single(self, key: str, path: str, indent: int = 0) -> bool:
        """Write ``key: value`` when the notice states one value; True when written."""
        values = self.values(path)
        if len(values) == 1:
            self.value(key, values[0], self.facts(path), indent)
            return True
        if values:
            self.conflict(key, path, indent)
        return False


def render_policy(extraction: Extraction) -> str:
    """The draft policy, as YAML text that validates against ``policy.schema.json``."""
    draft = _Draft(extraction)
    draft.add(f"# Draft policy read from the privacy notice {extraction.source}")
    draft.add(f"# (language: {extraction.language}). Each value cites the notice line it came")
    draft.add("# from; review every one, and decide what is marked 'not decided'.")
    draft.add("version: 1")
    if extraction.source and not extraction.source.startswith("<"):
        draft.add(f"notice: {scalar(extraction.source)}")
    _parties(draft)
    _categories(draft)
    _subjects(draft)
    _hosting(draft)
    _processors(draft)
    _cookies(draft)
    draft.single("sale_of_data", "sale_of_data")
    draft.comments(draft.skipped("sale_of_data"))
    for fact in draft.facts("third_party_sharing"):
        draft.add(f"# third parties only with {fact.value} (no policy field)  {cite([fact])}")
    placed = {"categories", "subjects", "hosting", "processors", "cookies", "sale_of_data"}
    draft.comments(s for s in extraction.skipped if s.topic not in placed)
    return "\n".join(draft.lines) + "\n"


def _parties(draft: _Draft) -> None:
    controllers = draft.values("controller")
    if controllers:
        draft.value("controller", controllers[0], draft.facts("controller", controllers[0]))
        for other in controllers[1:]:
            draft.add(f"# also named as controller: {other}")
    draft.single("contact", "contact")
    authorities = draft.values("supervisory_authority")
    if authorities:
        joined = "; ".join(str(a) for a in authorities)
        draft.value("supervisory_authority", joined, draft.facts("supervisory_authority"))


def _categories(draft: _Draft) -> None:
    listed = [f for f in draft.extraction.facts if f.path == "categories"]
    retained = [
        f
        for f in draft.extraction.facts
        if f.path.startswith("categories[") and f.path != retention_path(ALL_CATEGORIES)
    ]
    keys = list(dict.fromkeys([str(f.value) for f in listed] + [_key(f.path) for f in retained]))
    own = {key: draft.values(retention_path(key)) for key in keys}
    folded = [
        key
        for key in keys
        if not own[key] and any(key.startswith(other + ".") for other in keys if other != key)
    ]
    entries = [key for key in keys if key not in folded]
    every = draft.values(retention_path(ALL_CATEGORIES))
    if not entries and len(every) == 1:
        entries = ["user"]
    if not entries:
        draft.comments(draft.skipped("categories"))
        return
    draft.add("categories:")
    for key in entries:
        evidence = draft.facts("categories", key) or draft.facts(retention_path(key))
        draft.add(f"- category: {key}  {cite(evidence)}", 2)
        if len(own[key]) == 1:
            draft.value("retention", own[key][0], draft.facts(retention_path(key)), 4)
        elif own[key]:
            draft.conflict("retention", retention_path(key), 4)
        elif len(every) == 1:
            facts = draft.facts(retention_path(ALL_CATEGORIES))
            draft.add(f"retention: {scalar(every[0])}  {cite(facts, 'all data')}", 4)
        elif every:
            draft.conflict("retention", retention_path(ALL_CATEGORIES), 4)
    for key in folded:
        cover = next(o for o in entries if key.startswith(o + "."))
        line = draft.facts("categories", key)[0].line
        draft.add(f"# also listed, covered by {cover}: {key} (line {line})", 2)
    draft.comments(draft.skipped("categories"), 2)


def _key(path: str) -> str:
    return path[len("categories[") : path.index("]")]


def _subjects(draft: _Draft) -> None:
    ages = draft.values("subjects.minimum_age")
    if ages:
        draft.add("subjects:")
        draft.single("minimum_age", "subjects.minimum_age", 2)
    draft.comments(draft.skipped("subjects"), 2 if ages else 0)


def _hosting(draft: _Draft) -> None:
    regions = draft.values("hosting.regions")
    transfers = draft.values("hosting.transfers")
    if not regions and not transfers:
        draft.comments(draft.skipped("hosting"))
        return
    draft.add("hosting:")
    if regions:
        draft.add("regions:", 2)
        for region in regions:
            draft.add(f"- {scalar(region)}  {cite(draft.facts('hosting.regions', region))}", 4)
    draft.single("transfers", "hosting.transfers", 2)
    draft.comments(draft.skipped("hosting"), 2)


def _processors(draft: _Draft) -> None:
    names = [str(v) for v in draft.values("processors")]
    for fact in draft.extraction.facts:
        match = _PROCESSOR_RE.fullmatch(fact.path)
        if match and match.group("name") not in names:
            names.append(match.group("name"))
    if not names:
        draft.comments(draft.skipped("processors"))
        return
    draft.add("processors:")
    for name in names:
        named = draft.facts("processors", name)
        if named:
            draft.add(f"- name: {scalar(name)}  {cite(named)}", 2)
        else:
            draft.add(f"- name: {scalar(name)}  # the notice names none of them", 2)
        draft.single("country", f"processors[{name}].country", 4)
        safeguards = draft.values(f"processors[{name}].safeguards")
        if safeguards:
            draft.add("safeguards:", 4)
            for code in safeguards:
                facts = draft.facts(f"processors[{name}].safeguards", code)
                draft.add(f"- {scalar(code)}  {cite(facts)}", 6)
    draft.comments(draft.skipped("processors"), 2)


def _cookies(draft: _Draft) -> None:
    used = draft.values("cookies.allowed")
    ruled = draft.values("cookies.ruled_out")
    if not used and not ruled:
        draft.comments(draft.skipped("cookies"))
        return
    both = [c for c in COOKIE_CATEGORIES if c in used and c in ruled]
    allowed = [c for c in COOKIE_CATEGORIES if c in used and c not in both]
    derived = not used
    if derived:
        allowed = [c for c in COOKIE_CATEGORIES if c not in ruled]
    draft.add("cookies:")
    draft.add("allowed:" if allowed else "allowed: []", 2)
    for category in allowed:
        if derived:
            draft.add(f"- {category}  # not ruled out by the notice, which names none in use", 4)
        else:
            draft.add(f"- {category}  {cite(draft.facts('cookies.allowed', category))}", 4)
    for category in both:
        used_at = draft.facts("cookies.allowed", category)[0].line
        ruled_at = draft.facts("cookies.ruled_out", category)[0].line
        draft.add(
            f"# not decided: {category} cookies used (line {used_at}) and ruled out "
            f"(line {ruled_at})",
            2,
        )
    for category in COOKIE_CATEGORIES:
        if category in ruled and category not in both:
            draft.add(
                f"# ruled out: {category}  {cite(draft.facts('cookies.ruled_out', category))}", 2
            )
    draft.comments(draft.skipped("cookies"), 2)
