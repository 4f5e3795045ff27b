"""Reading a retention value out of a sentence: a period, an event, or both.

The period is a number and a unit ("1 year", "36 maanden", "trois ans"); the event is
one of the anchors of SPEC section 3 ("until your account is deleted" ->
``account_deletion``). Both in one sentence make ``ANCHOR+DURATION`` only when a linking
word joins them ("for the duration of the service, to which are added ... 5 years", "two
years after you delete your account"); a period counted from collection is the bare
period. Two events joined by "or" ("until you close your account or the agreement ends")
keep the first, whichever-comes-first, and name the other in a note. Anything else (two
different periods, a period and an unlinked event, a period counted from an event no
anchor names, as in "two years after your last purchase", no period at all) is not
decided.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from policylint.notice.patterns import Lexicon, compiled
from policylint.retention import COLLECTION

__all__ = ["Reading", "read_retention"]


@dataclass(frozen=True, slots=True)
class Reading:
    """A retention value (None when not decided), why not, and the words it came from."""

    value: str | None
    start: int
    end: int
    note: str = ""
    problem: str = ""


@functools.cache
def _duration_re(lexicon: Lexicon) -> re.Pattern[str]:
    numbers = "|".join(sorted((re.escape(w) for w in lexicon.numbers), key=len, reverse=True))
    units = "|".join(f"(?:{pattern})" for pattern, _ in lexicon.units)
    return re.compile(rf"\b(?P<n>\d{{1,3}}|{numbers})[\s-]*(?P<unit>{units})\b", re.IGNORECASE)


def _designator(lexicon: Lexicon, unit: str) -> str:
    for pattern, designator in lexicon.units:
        if compiled(rf"(?:{pattern})").fullmatch(unit):
            return designator
    raise ValueError(unit)  # unreachable: the unit matched one of the patterns


def read_retention(text: str, lexicon: Lexicon) -> Reading:
    durations = _periods(text, lexicon)
    anchors = _events(text, lexicon)
    periods = sorted({d for d, _ in durations})
    if len(periods) > 1:
        first, last = durations[0][1], durations[-1][1]
        return Reading(None, first.start(), last.end(), problem="states several periods")
    period = durations[0] if durations else None
    if period and not anchors:
        unnamed = _counted_from(text, lexicon, period[1])
        if unnamed:
            problem = "counts the period from an event that is not an anchor"
            return Reading(None, period[1].start(), unnamed.end(), problem=problem)
    events = list(dict.fromkeys(anchor for _, anchor in anchors))
    note = ""
    if len(events) > 1:
        first, second = anchors[0][0], next(m for m, a in anchors if a == events[1])
        between = text[first.end() : second.start()]
        if not compiled(lexicon.alternative).search(between):
            return Reading(None, first.start(), second.end(), problem="names several events")
        note = f"or {events[1]}, whichever comes first"
    event = (anchors[0][0], events[0]) if events else None
    if event and period:
        return _joined(text, lexicon, event, period, note)
    if event and event[1] != COLLECTION:
        return Reading(event[1], event[0].start(), event[0].end(), note)
    if period:
        return Reading(period[0], period[1].start(), period[1].end())
    return Reading(None, 0, len(text), problem="names no period and no event that ends it")


def _periods(text: str, lexicon: Lexicon) -> list[tuple[str, re.Match[str]]]:
    """Each period stated, as an ISO 8601 duration, in text order."""
    durations = []
    for match in _duration_re(lexicon).finditer(text):
        number = match.group("n").lower()
        count = int(number) if number.isdigit() else lexicon.numbers[number]
        if count:
            durations.append((f"P{count}{_designator(lexicon, match.group('unit'))}", match))
    return durations


def _events(text: str, lexicon: Lexicon) -> list[tuple[re.Match[str], str]]:
    """Each event an anchor names, in text order."""
    return sorted(
        (
            (m, anchor)
            for pattern, anchor in lexicon.anchors
            for m in compiled(pattern).finditer(text)
        ),
        key=lambda pair: pair[0].start(),
    )


def _counted_from(text: str, lexicon: Lexicon, period: re.Match[str]) -> re.Match[str] | None:
    """The words right after a period that count it from an event ("after your ...")."""
    return compiled(rf"\s*,?\s*(?:{lexicon.counted_from})\s+[^\W\d][^,;.]*").match(
        text, period.end()
    )


def _joined(
    text: str,
    lexicon: Lexicon,
    event: tuple[re.Match[str], str],
    period: tuple[str, re.Match[str]],
    note: str,
) -> Reading:
    """``ANCHOR+DURATION`` when a linking word joins the event and the period."""
    start = min(event[0].start(), period[1].start())
    end = max(event[0].end(), period[1].end())
    linked = compiled(f"{lexicon.link}|{lexicon.counted_from}").search(text)
    if not linked:
        return Reading(None, start, end, problem="names a period and an event without joining them")
    value = period[0] if event[1] == COLLECTION else f"{event[1]}+{period[0]}"
    return Reading(value, start, end, note)
