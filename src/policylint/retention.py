"""Retention values (SPEC section 3): parsing, canonical text and comparison.

Grammar::

    DURATION | ANCHOR | ANCHOR+DURATION | indefinite

DURATION is the date part of an ISO 8601 duration (``P1Y``, ``P36M``, ``P90D``, ``P2W``,
``P1Y6M``); ANCHOR is the event that starts the clock (``collection``, which is what a bare
duration means, ``account_deletion``, ``contract_end``, ``service_end``, ``last_activity``
or any lower_snake_case event).

A field's retention is within the policy's when the policy's is ``indefinite``, or when
both have the same anchor and the field's duration is not longer. Durations of years and
months compare in months, durations of weeks and days in days, and mixed ones in days with
1 month = 30.436875 days and 1 year = 365.2425 days (the mean Gregorian month and year).
The arithmetic is exact (fractions), so the order is a true total preorder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policylint.records import Record, record, setfield

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = [
    "ANCHOR_RE",
    "COLLECTION",
    "GRAMMAR",
    "INDEFINITE",
    "KNOWN_ANCHORS",
    "Duration",
    "Retention",
    "RetentionError",
    "compare_durations",
    "parse_duration",
    "parse_human_duration",
    "parse_retention",
    "within",
]

GRAMMAR = (
    "a retention is DURATION, ANCHOR, ANCHOR+DURATION or 'indefinite', "
    "e.g. P1Y, P36M, P90D, P2W, P1Y6M, account_deletion, service_end+P5Y"
)

COLLECTION = "collection"
INDEFINITE = "indefinite"
KNOWN_ANCHORS = frozenset(
    {COLLECTION, "account_deletion", "contract_end", "service_end", "last_activity"}
)
ANCHOR_RE = re.compile(r"[a-z][a-z0-9_]*")

_DURATION_RE = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
_LOWER_DURATION_RE = re.compile(r"pt?(?:\d+[a-z])+")
_TIME_DESIGNATORS = frozenset("HS")

_DAYS_PER_WEEK = 7


class RetentionError(ValueError):
    """A retention value that does not follow the grammar; the message says why."""

    def __init__(self, text: object, problem: str) -> None:
        self.text = text
        self.problem = problem
        super().__init__(f"invalid retention {text!r}: {problem}; {GRAMMAR}")


@record
class Duration(Record):
    """The date part of an ISO 8601 duration. Equality is structural: P1Y != P12M."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def __init__(self, years: int = 0, months: int = 0, weeks: int = 0, days: int = 0) -> None:
        setfield(self, "years", years)
        setfield(self, "months", months)
        setfield(self, "weeks", weeks)
        setfield(self, "days", days)
        self.__post_init__()

    def __post_init__(self) -> None:
        for name in ("years", "months", "weeks", "days"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Duration.{name} must be a non-negative integer: {value!r}")

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    @property
    def calendar_only(self) -> bool:
        """Made only of years and months (a zero duration counts as both families)."""
        return not (self.weeks or self.days)

    @property
    def exact_only(self) -> bool:
        """Made only of weeks and days (a zero duration counts as both families)."""
        return not (self.years or self.months)

    @property
    def total_months(self) -> int:
        """Years and months in months; weeks and days are ignored."""
        return self.years * 12 + self.months

    @property
    def total_days(self) -> Fraction:
        """The length in days, exactly, with the mean Gregorian year and month."""
        from fractions import Fraction

        # Exact day equivalents: 365.2425 = 146097/400 and 30.436875 = 365.2425 / 12.
        days_per_year = Fraction(146097, 400)
        return (
            self.years * days_per_year
            + self.months * (days_per_year / 12)
            + self.weeks * _DAYS_PER_WEEK
            + self.days
        )

    def __str__(self) -> str:
        if self.is_zero:
            return "P0D"
        parts = (
            (self.years, "Y"),
            (self.months, "M"),
            (self.weeks, "W"),
            (self.days, "D"),
        )
        return "P" + "".join(f"{n}{unit}" for n, unit in parts if n)


ZERO = Duration()


@record
class Retention(Record):
    """A parsed retention value.

    ``anchor`` is ``"collection"`` for a bare duration and ``"indefinite"`` for
    ``indefinite``; ``duration`` is zero when the text states none.
    """

    anchor: str
    duration: Duration = ZERO

    def __init__(self, anchor: str, duration: Duration = ZERO) -> None:
        setfield(self, "anchor", anchor)
        setfield(self, "duration", duration)
        self.__post_init__()

    def __post_init__(self) -> None:
        if not ANCHOR_RE.fullmatch(self.anchor):
            raise RetentionError(self.anchor, "an anchor is a lower_snake_case event name")
        if _LOWER_DURATION_RE.fullmatch(self.anchor):
            raise RetentionError(self.anchor, _duration_problem(self.anchor))
        if self.anchor == INDEFINITE and not self.duration.is_zero:
            raise RetentionError(f"{INDEFINITE}+{self.duration}", "'indefinite' takes no duration")

    @property
    def indefinite(self) -> bool:
        return self.anchor == INDEFINITE

    def __str__(self) -> str:
        if self.duration.is_zero:
            return self.anchor
        if self.anchor == COLLECTION:
            return str(self.duration)
        return f"{self.anchor}+{self.duration}"


def parse_duration(text: str) -> Duration:
    """Parse ``P1Y6M``-style text (upper-case designators, date part only)."""
    if not isinstance(text, str):
        raise RetentionError(text, "a duration is text such as P1Y")
    match = _DURATION_RE.fullmatch(text)
    if match and text != "P":
        years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
        return Duration(years, months, weeks, days)
    raise RetentionError(text, _duration_problem(text))


def _duration_problem(text: str) -> str:
    """Say what is wrong with text that looked like a duration but is not one."""
    upper = text.upper()
    if text != upper and _DURATION_RE.fullmatch(upper) and upper != "P":
        return f"ISO 8601 designators are upper-case: write {upper}"
    if "T" in upper[1:] or _TIME_DESIGNATORS & set(upper[1:]):
        return "a retention has no time part (hours, minutes, seconds): use days, e.g. P1D"
    if text == "P" or upper == "P":
        return "a duration needs at least one number and unit after P"
    if any(ch in text for ch in ".,"):
        return "the numbers in a duration are whole: write P18M rather than P1.5Y"
    if "-" in text:
        return "a duration cannot be negative"
    return "the units are Y, M, W, D, in that order, each after a whole number"


def parse_retention(text: str) -> Retention:
    """Parse a retention value; raise :class:`RetentionError` saying what is wrong.

    Values repeat across a code base: each distinct one is parsed once (results are frozen).
    """
    known = _PARSED.get(text) if isinstance(text, str) else None
    if known is not None:
        return known
    parsed = _parse_retention(text)
    if len(_PARSED) < _PARSED_MAX:
        _PARSED[text] = parsed
    return parsed


_PARSED: dict[str, Retention] = {}
_PARSED_MAX = 4096


def _parse_retention(text: str) -> Retention:
    if not isinstance(text, str):
        raise RetentionError(text, "a retention is text, not a number or a list")
    value = text.strip()
    if not value:
        raise RetentionError(text, "it is empty")
    if any(ch.isspace() for ch in value):
        raise RetentionError(text, "it contains spaces: write e.g. service_end+P5Y")
    if value == INDEFINITE:
        return Retention(INDEFINITE)
    anchor, plus, rest = value.partition("+")
    if "+" in rest:
        raise RetentionError(text, "one '+' at most, between the anchor and the duration")
    if plus:
        if _looks_like_duration(anchor):
            if ANCHOR_RE.fullmatch(rest) and not _looks_like_duration(rest):
                raise RetentionError(text, f"the anchor comes first: write {rest}+{anchor}")
            raise RetentionError(text, "one duration at most, after the anchor")
        _check_anchor(text, anchor)
        if anchor == INDEFINITE:
            raise RetentionError(text, "'indefinite' takes no duration")
        if not rest:
            raise RetentionError(text, f"a duration must follow '+', e.g. {anchor}+P1Y")
        return Retention(anchor, _parse_duration_in(text, rest))
    if _looks_like_duration(value):
        return Retention(COLLECTION, _parse_duration_in(text, value))
    _check_anchor(text, value)
    return Retention(value)


def _looks_like_duration(text: str) -> bool:
    """``P`` followed by a digit or ``T``, or a lower-case form such as ``p1y`` or ``pt1h``."""
    if text == "P" or (
        len(text) > 1 and text[0] == "P" and (text[1].isdigit() or text[1] in "T-.")
    ):
        return True
    return bool(_LOWER_DURATION_RE.fullmatch(text))


def _parse_duration_in(text: str, duration: str) -> Duration:
    try:
        return parse_duration(duration)
    except RetentionError as error:
        raise RetentionError(text, error.problem) from None


def _check_anchor(text: str, anchor: str) -> None:
    if ANCHOR_RE.fullmatch(anchor):
        return
    if not anchor:
        raise RetentionError(text, "the anchor before '+' is missing")
    lowered = anchor.lower().replace("-", "_")
    if ANCHOR_RE.fullmatch(lowered):
        raise RetentionError(
            text, f"anchors and 'indefinite' are lower_snake_case: write {lowered}"
        )
    raise RetentionError(text, "an anchor is a lower_snake_case event name")


def compare_durations(a: Duration, b: Duration) -> int:
    """-1, 0 or 1 as ``a`` is shorter than, as long as, or longer than ``b``.

    Years and months only: in months (P1Y = P12M). Weeks and days only: in days
    (P2W = P14D). Otherwise in days with the mean Gregorian year and month. Since the
    conversion makes a year exactly twelve months, the three rules never disagree.
    """
    left: int | Fraction
    right: int | Fraction
    if a.calendar_only and b.calendar_only:
        left, right = a.total_months, b.total_months
    elif a.exact_only and b.exact_only:
        left, right = a.weeks * _DAYS_PER_WEEK + a.days, b.weeks * _DAYS_PER_WEEK + b.days
    else:
        left, right = a.total_days, b.total_days
    return (left > right) - (left < right)


def within(field: Retention, policy: Retention) -> bool | None:
    """Whether a field's retention keeps within the policy's.

    True when it does, False when it exceeds it, None when the two cannot be compared
    (different anchors), which a caller reports because compliance cannot be shown.
    """
    if policy.indefinite:
        return True
    if field.indefinite:
        return False
    if field.anchor != policy.anchor:
        return None
    return compare_durations(field.duration, policy.duration) <= 0


_HUMAN_UNITS = {
    "day": "days",
    "days": "days",
    "d": "days",
    "week": "weeks",
    "weeks": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "month": "months",
    "months": "months",
    "mo": "months",
    "mos": "months",
    "year": "years",
    "years": "years",
    "yr": "years",
    "yrs": "years",
}
_HUMAN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
}
_HUMAN_PART = r"(\d+|[a-z]+)\s*-?\s*([a-z]+)"
_HUMAN_SEPARATOR = r"\s*(?:,|\band\b|\s)\s*"


def parse_human_duration(text: str) -> Duration | None:
    """Read an English duration such as ``30 days``, ``1 year`` or ``1 year and 6 months``.

    An ISO 8601 duration (``P1Y``) passes through. Returns None for anything else
    (``forever``, ``24 hours``, ``until deletion``), leaving the decision to the caller.
    """
    value = text.strip()
    if _looks_like_duration(value) or _looks_like_duration(value.upper()):
        try:
            return parse_duration(value.upper())
        except RetentionError:
            return None
    lowered = value.lower().rstrip(".")
    if not lowered:
        return None
    totals = {"years": 0, "months": 0, "weeks": 0, "days": 0}
    position = 0
    found = False
    human_separator, human_part = re.compile(_HUMAN_SEPARATOR), re.compile(_HUMAN_PART)
    while position < len(lowered):
        separator = human_separator.match(lowered, position)
        if separator and separator.end() > position:
            position = separator.end()
            continue
        part = human_part.match(lowered, position)
        if not part:
            return None
        number, unit = part.groups()
        count = int(number) if number.isdigit() else _HUMAN_NUMBERS.get(number)
        field = _HUMAN_UNITS.get(unit)
        if count is None or field is None:
            return None
        totals[field] += count
        found = True
        position = part.end()
    return Duration(**totals) if found else None
