"""Reading a retention value out of a sentence: a period, an event, or both.

The period is a number and a unit ("1 year", "36 maanden", "trois ans"); the event is
one of the anchors of SPEC section 3 ("until your account is deleted" ->
``account_deletion``). Both in one sentence make ``ANCHOR+DURATION`` only when a linking
word joins them ("for the duration of the service, to which are added ... 5 years");
two events joined by "or" ("until you close your account or the agreement ends") keep the
first, whichever-comes-first, and name the other in a note. Anything else (two different
periods, a period and an unlinked event, no period at all) is not decided.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from policylint.notice.patterns import Lexicon, compiled

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
    durations = []
    for match in _duration_re(lexicon).finditer(text):
        number = match.group("n").lower()
        count = int(number) if number.isdigit() else lexicon.numbers[number]
        if count:
            durations.append((f"P{count}{_designator(lexicon, match.group('unit'))}", match))
    anchors = sorted(
        (
            (m, anchor)
            for pattern, anchor in lexicon.anchors
            for m in compiled(pattern).finditer(text)
        ),
        key=lambda pair: pair[0].start(),
    )
    periods = sorted({d for d, _ in durations})
    if len(periods) > 1:
        first, last = durations[0][1], durations[-1][1]
        return Reading(None, first.start(), last.end(), problem="states several periods")
    events = list(dict.fromkeys(anchor for _, anchor in anchors))
    note = ""
    if len(events) > 1:
        first, second = anchors[0][0], next(m for m, a in anchors if a == events[1])
        between = text[first.end() : second.start()]
        if not compiled(lexicon.alternative).search(between):
            return Reading(None, first.start(), second.end(), problem="names several events")
        note = f"or {events[1]}, whichever comes first"
    event = (anchors[0][0], events[0]) if events else None
    period = durations[0] if durations else None
    if event and period:
        start = min(event[0].start(), period[1].start())
        end = max(event[0].end(), period[1].end())
        if not compiled(lexicon.link).search(text):
            return Reading(
                None, start, end, problem="names a period and an event without joining them"
            )
        return Reading(f"{event[1]}+{period[0]}", start, end, note)
    if event:
        return Reading(event[1], event[0].start(), event[0].end(), note)
    if period:
        return Reading(period[0], period[1].start(), period[1].end())
    return Reading(None, 0, len(text), problem="names no period and no event that ends it")
