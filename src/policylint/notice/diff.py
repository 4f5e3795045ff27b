"""Where a notice and a policy file disagree.

The policy is a plain mapping (its YAML loaded) and a :class:`PolicyLines` that knows the
line of each dotted path in the file (composed with PyYAML, which keeps node marks). What
is compared, each with the notice line and the policy line:

- retention: for every category the notice gives a retention, the policy entry that
  applies to it (the most specific one that is the category or an ancestor); for every
  policy entry with a retention, the notice's most specific statement that covers it
  (``categories[*]`` last). Equal values agree (``P12M`` is ``P1Y``); a missing entry or
  retention, a longer or shorter period, a different event do not;
- the minimum age;
- hosting: each region the policy allows must be within what the notice says data is
  hosted in, and each place the notice names must be within the policy's regions; the
  notice's transfer statement against ``hosting.transfers``;
- a section the policy omits states nothing and checks nothing (SPEC section 1), so it
  does not agree with a notice that states something there: no minimum age, hosting
  regions, transfers, cookies, sale of data or processors where the notice names them;
- cookies: a category the notice rules out that the policy allows (an omitted ``cookies``
  section allows all), a category the notice uses that the policy does not allow;
- sale of data;
- processors: each processor the notice names (a known service, or an organisation in
  its list of processors) that the policy's ``processors`` do not declare. A declared
  name is the service when the words that found it in the notice find it in the name
  (``AWS`` is Amazon Web Services), or when it is the same name, or the first word of the
  name (its company), but for corporate words (``Mailchimp`` and ``Mailchimp Inc.``;
  ``Google Analytics`` and ``Google Ireland Limited``; ``Mollie B.V.`` and ``Mollie``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policylint.notice.model import ALL_CATEGORIES, ExtractedFact, Extraction, retention_path

__all__ = ["Disagreement", "PolicyLines", "diff", "diff_policy"]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One point where the notice and the policy say different things."""

    path: str
    """The policy path in question, e.g. ``categories[user.device.ip_address].retention``."""
    message: str
    notice_line: int
    policy_line: int
    """The line of the policy value, or of the nearest enclosing one when it is missing."""
    notice_value: str = ""
    policy_value: str = ""


class PolicyLines:
    """The 1-based line of each dotted path of a policy file.

    Paths: ``subjects.minimum_age``, ``hosting.regions[us]`` (a list item by value),
    ``categories[user.name]`` and ``categories[user.name].retention`` (an entry by its
    ``category``), ``processors[Name]`` (by ``name``).
    """

    def __init__(self, lines: Mapping[str, int]) -> None:
        self.lines = dict(lines)

    @classmethod
    def from_text(cls, text: str) -> PolicyLines:
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        root = yaml.compose(text, Loader=loader)
        found: dict[str, int] = {}
        if root is not None:
            _walk(root, "", found)
        return cls(found)

    def line(self, path: str) -> int:
        """The line of ``path``, else of its nearest recorded ancestor, else 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return 1


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    while cut > 0 and path.count("[", 0, cut) != path.count("]", 0, cut):
        cut = max(path.rfind(".", 0, cut), path.rfind("[", 0, cut))
    return path[:cut] if cut > 0 else ""


def _walk(node: Any, prefix: str, found: dict[str, int]) -> None:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                path = f"{prefix}.{key.value}" if prefix else str(key.value)
                found.setdefault(path, key.start_mark.line + 1)
                _walk(value, path, found)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            label = _label(item)
            if label is not None:
                path = f"{prefix}[{label}]"
                found.setdefault(path, item.start_mark.line + 1)
                if isinstance(item, MappingNode):
                    _walk(item, path, found)


def _label(item: Any) -> str | None:
    from yaml.nodes import MappingNode, ScalarNode

    if isinstance(item, ScalarNode):
        return str(item.value)
    if isinstance(item, MappingNode):
        for key, value in item.value:
            if isinstance(key, ScalarNode) and key.value in ("category", "name"):
                return str(value.value) if isinstance(value, ScalarNode) else None
    return None


def diff_policy(extraction: Extraction, policy_path: str | os.PathLike[str]) -> list[Disagreement]:
    """Compare a notice's extraction with the policy file at ``policy_path``."""
    import yaml

    text = Path(policy_path).read_text(encoding="utf-8-sig")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    mapping = yaml.load(text, Loader=loader) or {}
    return diff(extraction.facts, mapping, PolicyLines.from_text(text))


def diff(
    notice_facts: tuple[ExtractedFact, ...] | list[ExtractedFact],
    policy: Mapping[str, Any],
    lines: PolicyLines,
) -> list[Disagreement]:
    """Every disagreement, sorted by policy line, then notice line, then path."""
    facts = list(notice_facts)
    found: list[Disagreement] = []
    checks: tuple[
        Callable[[list[ExtractedFact], Mapping[str, Any], PolicyLines], list[Disagreement]], ...
    ]
    checks = (_retention, _minimum_age, _hosting, _transfers, _cookies, _sale, _processors)
    for check in checks:
        found.extend(check(facts, policy, lines))
    unique = {(d.path, d.message): d for d in found}
    return sorted(unique.values(), key=lambda d: (d.policy_line, d.notice_line, d.path))


def _first(facts: list[ExtractedFact], path: str) -> dict[str, ExtractedFact]:
    """The first fact for each value of a path."""
    result: dict[str, ExtractedFact] = {}
    for fact in facts:
        if fact.path == path:
            result.setdefault(str(fact.value), fact)
    return result


# -- retention ----------------------------------------------------------------------------


def _entries(policy: Mapping[str, Any]) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for entry in policy.get("categories") or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("category"), str):
            retention = entry.get("retention")
            result[entry["category"]] = str(retention) if retention is not None else None
    return result


def _covering(key: str, candidates: list[str]) -> str | None:
    """The most specific candidate that is ``key`` or one of its ancestors."""
    best = None
    for candidate in candidates:
        if (key == candidate or key.startswith(candidate + ".")) and (
            best is None or len(candidate) > len(best)
        ):
            best = candidate
    return best


def _notice_retention(facts: list[ExtractedFact]) -> dict[str, ExtractedFact]:
    result: dict[str, ExtractedFact] = {}
    for fact in facts:
        if fact.path.startswith("categories[") and fact.path.endswith("].retention"):
            result.setdefault(fact.path[len("categories[") : -len("].retention")], fact)
    return result


def _same_retention(a: str, b: str) -> bool:
    from policylint.retention import RetentionError, compare_durations, parse_retention

    try:
        left, right = parse_retention(a), parse_retention(b)
    except RetentionError:
        return a == b
    return left.anchor == right.anchor and compare_durations(left.duration, right.duration) == 0


def _retention(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    notice = _notice_retention(facts)
    entries = _entries(policy)
    found = []
    pairs: list[tuple[str, str, ExtractedFact]] = []
    for key, fact in notice.items():
        if key == ALL_CATEGORIES:
            continue
        entry = _covering(key, list(entries))
        if entry is None:
            found.append(
                _mismatch(
                    f"categories[{key}]",
                    fact,
                    None,
                    lines,
                    f"the notice keeps {key} for {fact.value}; the policy does not allow {key}",
                )
            )
        else:
            pairs.append((key, entry, fact))
    specific = [k for k in notice if k != ALL_CATEGORIES]
    for entry in entries:
        covering = _covering(entry, specific)
        stated_fact = notice.get(covering) if covering else notice.get(ALL_CATEGORIES)
        if stated_fact is not None:
            pairs.append((covering or entry, entry, stated_fact))
    for key, entry, fact in pairs:
        stated = entries[entry]
        path = retention_path(entry)
        if stated is None:
            message = (
                f"the notice keeps {key} for {fact.value}; the policy's entry {entry} states no "
                "retention"
            )
            found.append(_mismatch(path, fact, None, lines, message))
        elif not _same_retention(str(fact.value), stated):
            message = (
                f"the notice keeps {key} for {fact.value}; the policy allows {stated} "
                f"(entry {entry})"
            )
            found.append(_mismatch(path, fact, stated, lines, message))
    return found


def _mismatch(
    path: str, fact: ExtractedFact, stated: object, lines: PolicyLines, message: str
) -> Disagreement:
    return Disagreement(
        path,
        message,
        fact.line,
        lines.line(path),
        str(fact.value),
        "" if stated is None else str(stated),
    )


# -- subjects, hosting, cookies, sale ------------------------------------------------------


def _minimum_age(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    stated = (policy.get("subjects") or {}).get("minimum_age")
    found = []
    for value, fact in _first(facts, "subjects.minimum_age").items():
        if stated is None:
            message = f"the notice sets a minimum age of {value}; the policy states none"
        elif str(stated) != value:
            message = f"the notice sets a minimum age of {value}; the policy says {stated}"
        else:
            continue
        found.append(_mismatch("subjects.minimum_age", fact, stated, lines, message))
    return found


def _hosting(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    from policylint import regions

    notice = _first(facts, "hosting.regions")
    stated = [str(r) for r in ((policy.get("hosting") or {}).get("regions") or [])]
    if not notice:
        return []
    if not stated:
        where = ", ".join(notice)
        message = f"the notice says data is hosted in {where}; the policy states no hosting regions"
        fact = next(iter(notice.values()))
        return [_mismatch("hosting.regions", fact, None, lines, message)]
    found = []
    try:
        notice_countries = regions.expand(notice)
        policy_countries = regions.expand(stated)
    except ValueError:
        return []
    where = ", ".join(notice)
    first = next(iter(notice.values()))
    for region in stated:
        outside = sorted(regions.expand([region]) - notice_countries)
        if outside:
            message = (
                f"the policy allows hosting in {region}; the notice says data is hosted in "
                f"{where} (not {', '.join(outside[:5])}{'…' if len(outside) > 5 else ''})"
            )
            found.append(_mismatch(f"hosting.regions[{region}]", first, region, lines, message))
    for region, fact in notice.items():
        if not regions.expand([region]) <= policy_countries:
            message = (
                f"the notice says data is hosted in {region}"
                f"{' (' + fact.note + ')' if fact.note else ''}; the policy's regions "
                f"{', '.join(stated)} do not include it"
            )
            found.append(_mismatch("hosting.regions", fact, ", ".join(stated), lines, message))
    return found


def _transfers(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    stated = (policy.get("hosting") or {}).get("transfers")
    found = []
    for value, fact in _first(facts, "hosting.transfers").items():
        if stated != value:
            said = "states nothing about transfers" if stated is None else f"says {stated}"
            message = f"the notice says transfers are {value}; the policy {said}"
            found.append(_mismatch("hosting.transfers", fact, stated, lines, message))
    return found


def _cookies(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    section = policy.get("cookies")
    allowed = None if not isinstance(section, Mapping) else section.get("allowed")
    found = []
    for category, fact in _first(facts, "cookies.ruled_out").items():
        if allowed is None or category in allowed:
            where = "does not restrict cookies" if allowed is None else f"allows {category}"
            message = f"the notice rules out {category} cookies; the policy {where}"
            path = f"cookies.allowed[{category}]" if allowed is not None else "cookies"
            found.append(_mismatch(path, fact, allowed, lines, message))
    if allowed is not None:
        for category, fact in _first(facts, "cookies.allowed").items():
            if category not in allowed:
                message = f"the notice uses {category} cookies; the policy does not allow them"
                found.append(_mismatch("cookies.allowed", fact, ", ".join(allowed), lines, message))
    return found


def _sale(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    stated = policy.get("sale_of_data")
    found = []
    for value, fact in _first(facts, "sale_of_data").items():
        if stated != value:
            said = stated or "nothing"
            message = f"the notice says the sale of data is {value}; the policy says {said}"
            found.append(_mismatch("sale_of_data", fact, stated, lines, message))
    return found


def _processors(
    facts: list[ExtractedFact], policy: Mapping[str, Any], lines: PolicyLines
) -> list[Disagreement]:
    declared = policy.get("processors")
    listed = declared if isinstance(declared, list) else []
    names = [str(p["name"]) for p in listed if isinstance(p, Mapping) and p.get("name")]
    said = "does not declare it" if isinstance(declared, list) else "declares no processors"
    found = []
    for value, fact in _first(facts, "processors").items():
        if not any(_same_processor(value, name) for name in names):
            message = f"the notice names `{value}` as a processor; the policy {said}"
            found.append(_mismatch("processors", fact, ", ".join(names) or None, lines, message))
    return found


def _same_processor(named: str, declared: str) -> bool:
    """Whether the policy's processor ``declared`` is the service the notice ``named``."""
    from policylint.checks.dependencies import same_organisation
    from policylint.notice.patterns import SERVICES, compiled

    service = next((s for s in SERVICES if s.name == named), None)
    if service is not None and compiled(service.pattern).search(declared):
        return True
    vendor = named.split()[0]  # Google Analytics is Google's: "Google Ireland Limited"
    return same_organisation(named, declared) or same_organisation(vendor, declared)
