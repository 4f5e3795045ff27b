"""Retention values (SPEC section 3): parsing, canonical text, comparison and its laws."""

from __future__ import annotations

import functools
import re
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from policylint.retention import (
    KNOWN_ANCHORS,
    Duration,
    Retention,
    RetentionError,
    compare_durations,
    parse_duration,
    parse_human_duration,
    parse_retention,
    within,
)

# --- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "duration", "canonical"),
    [
        ("P1Y", "collection", Duration(years=1), "P1Y"),
        ("P36M", "collection", Duration(months=36), "P36M"),
        ("P90D", "collection", Duration(days=90), "P90D"),
        ("P2W", "collection", Duration(weeks=2), "P2W"),
        ("P1Y6M", "collection", Duration(years=1, months=6), "P1Y6M"),
        ("P1Y2M3W4D", "collection", Duration(1, 2, 3, 4), "P1Y2M3W4D"),
        ("P0D", "collection", Duration(), "collection"),
        ("P0Y0M", "collection", Duration(), "collection"),
        ("P01Y", "collection", Duration(years=1), "P1Y"),
        ("collection", "collection", Duration(), "collection"),
        ("collection+P1Y", "collection", Duration(years=1), "P1Y"),
        ("account_deletion", "account_deletion", Duration(), "account_deletion"),
        ("contract_end", "contract_end", Duration(), "contract_end"),
        ("last_activity+P2Y", "last_activity", Duration(years=2), "last_activity+P2Y"),
        ("service_end+P5Y", "service_end", Duration(years=5), "service_end+P5Y"),
        ("account_deletion+P30D", "account_deletion", Duration(days=30), "account_deletion+P30D"),
        ("account_deletion+P0D", "account_deletion", Duration(), "account_deletion"),
        ("trial_end2", "trial_end2", Duration(), "trial_end2"),
        ("indefinite", "indefinite", Duration(), "indefinite"),
        ("  P1Y\n", "collection", Duration(years=1), "P1Y"),
    ],
)
def test_parse_valid(text: str, anchor: str, duration: Duration, canonical: str) -> None:
    retention = parse_retention(text)
    assert retention == Retention(anchor, duration)
    assert str(retention) == canonical
    assert retention.indefinite == (anchor == "indefinite")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("p1y", "upper-case: write P1Y"),
        ("P1y", "upper-case: write P1Y"),
        ("PT1H", "no time part"),
        ("P1DT12H", "no time part"),
        ("pt1h", "no time part"),
        ("P1H", "no time part"),
        ("P", "at least one number and unit"),
        ("P1.5Y", "whole"),
        ("P1,5Y", "whole"),
        ("P-1Y", "negative"),
        ("P1D1Y", "in that order"),
        ("P1M1Y", "in that order"),
        ("P1X", "in that order"),
        ("Account_Deletion", "lower_snake_case: write account_deletion"),
        ("account-deletion", "lower_snake_case: write account_deletion"),
        ("Indefinite", "lower_snake_case: write indefinite"),
        ("1_year", "lower_snake_case event name"),
        ("service end", "contains spaces"),
        ("service_end + P5Y", "contains spaces"),
        ("indefinite+P1Y", "'indefinite' takes no duration"),
        ("P1Y+account_deletion", "the anchor comes first: write account_deletion+P1Y"),
        ("P1Y+P2M", "one duration at most"),
        ("+P1Y", "anchor before '+' is missing"),
        ("service_end+", "a duration must follow '+'"),
        ("service_end+5Y", "in that order"),
        ("service_end+p5y", "upper-case: write P5Y"),
        ("a+b+P1Y", "one '+' at most"),
    ],
)
def test_parse_invalid(text: str, problem: str) -> None:
    with pytest.raises(RetentionError) as caught:
        parse_retention(text)
    message = str(caught.value)
    assert problem in message
    assert repr(text) in message
    # Every message shows the grammar.
    assert "DURATION, ANCHOR, ANCHOR+DURATION or 'indefinite'" in message
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [365, 1.5, None, ["P1Y"]])
def test_parse_rejects_non_text(value: object) -> None:
    with pytest.raises(RetentionError, match="a retention is text"):
        parse_retention(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("anchor", "duration"),
    [("Bad", Duration()), ("p1y", Duration()), ("indefinite", Duration(days=1))],
)
def test_retention_rejects_what_cannot_be_written(anchor: str, duration: Duration) -> None:
    with pytest.raises(RetentionError):
        Retention(anchor, duration)


@pytest.mark.parametrize("field", ["years", "months", "weeks", "days"])
def test_duration_rejects_negative(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Duration(**{field: -1})


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(), "P0D"),
        (Duration(years=1), "P1Y"),
        (Duration(months=18), "P18M"),
        (Duration(weeks=2, days=3), "P2W3D"),
        (Duration(1, 0, 0, 1), "P1Y1D"),
    ],
)
def test_duration_text(duration: Duration, text: str) -> None:
    assert str(duration) == text
    assert parse_duration(text) == duration
    assert duration.is_zero == (text == "P0D")


def test_known_anchors() -> None:
    assert {"collection", "account_deletion", "contract_end", "service_end"} <= KNOWN_ANCHORS
    assert "last_activity" in KNOWN_ANCHORS
    assert "indefinite" not in KNOWN_ANCHORS


# --- comparison ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("P1Y", "P12M", 0),
        ("P1Y", "P11M", 1),
        ("P1Y", "P13M", -1),
        ("P2Y", "P1Y11M", 1),
        ("P2W", "P14D", 0),
        ("P1W", "P8D", -1),
        ("P0D", "P0Y", 0),
        ("P0D", "P1D", -1),
        # Mixed: 1 month = 30.436875 days, 1 year = 365.2425 days.
        ("P1M", "P30D", 1),
        ("P1M", "P31D", -1),
        ("P1Y", "P365D", 1),
        ("P1Y", "P366D", -1),
        ("P1Y", "P52W", 1),
        ("P1Y", "P53W", -1),
        ("P4Y", "P1461D", -1),  # 4 * 365.2425 = 1460.97
        ("P400Y", "P146097D", 0),
        ("P12M", "P1W365D", -1),
        ("P1Y1D", "P12M1D", 0),
        ("P1M1D", "P31D", 1),  # 31.436875 days
    ],
)
def test_compare_durations(a: str, b: str, expected: int) -> None:
    left, right = parse_duration(a), parse_duration(b)
    assert compare_durations(left, right) == expected
    assert compare_durations(right, left) == -expected


@pytest.mark.parametrize(
    ("field", "policy", "expected"),
    [
        ("P1Y", "P1Y", True),
        ("P12M", "P1Y", True),
        ("P13M", "P1Y", False),
        ("P90D", "P1Y", True),
        ("P2Y", "P1Y", False),
        ("P1Y", "collection+P1Y", True),
        ("account_deletion", "account_deletion", True),
        ("account_deletion+P30D", "account_deletion", False),
        ("account_deletion", "account_deletion+P30D", True),
        ("service_end+P5Y", "service_end+P5Y", True),
        ("service_end+P6Y", "service_end+P5Y", False),
        ("service_end+P5Y", "P5Y", None),
        ("P1D", "account_deletion", None),
        ("account_deletion", "contract_end+P10Y", None),
        ("P100Y", "indefinite", True),
        ("account_deletion+P1Y", "indefinite", True),
        ("indefinite", "indefinite", True),
        ("indefinite", "P100Y", False),
        ("indefinite", "account_deletion", False),
    ],
)
def test_within(field: str, policy: str, expected: bool | None) -> None:
    assert within(parse_retention(field), parse_retention(policy)) is expected


# --- human durations (Fides `retention`) -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 days", Duration(days=30)),
        ("1 day", Duration(days=1)),
        ("1 year", Duration(years=1)),
        ("5 years", Duration(years=5)),
        ("36 months", Duration(months=36)),
        ("1 month", Duration(months=1)),
        ("2 weeks", Duration(weeks=2)),
        ("1 week", Duration(weeks=1)),
        ("One Year", Duration(years=1)),
        ("a year", Duration(years=1)),
        ("six months", Duration(months=6)),
        ("1 year and 6 months", Duration(years=1, months=6)),
        ("2 years, 3 months", Duration(years=2, months=3)),
        ("90days", Duration(days=90)),
        ("  7 Days. ", Duration(days=7)),
        ("3 yrs", Duration(years=3)),
        ("P1Y", Duration(years=1)),
        ("P1Y6M", Duration(years=1, months=6)),
        ("p2w", Duration(weeks=2)),
        ("", None),
        ("forever", None),
        ("indefinitely", None),
        ("No retention or erasure policy", None),
        ("24 hours", None),
        ("until account deletion", None),
        ("1.5 years", None),
        ("PT1H", None),
        ("P1D1Y", None),
        ("years", None),
    ],
)
def test_parse_human_duration(text: str, expected: Duration | None) -> None:
    assert parse_human_duration(text) == expected


# --- laws --------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=500)
durations = st.builds(Duration, years=counts, months=counts, weeks=counts, days=counts)
calendar_durations = st.builds(Duration, years=counts, months=counts)
exact_durations = st.builds(Duration, weeks=counts, days=counts)
any_durations = st.one_of(durations, calendar_durations, exact_durations)

_LOWER_DURATION = re.compile(r"pt?(?:\d+[a-z])+")
anchors = st.one_of(
    st.sampled_from(sorted(KNOWN_ANCHORS)),
    st.from_regex(re.compile(r"[a-z][a-z0-9_]{0,20}"), fullmatch=True),
).filter(lambda anchor: anchor != "indefinite" and not _LOWER_DURATION.fullmatch(anchor))
finite = st.builds(Retention, anchors, any_durations)
retentions = st.one_of(finite, st.just(Retention("indefinite")))


def _days(duration: Duration) -> Fraction:
    return (
        duration.years * Fraction(3652425, 10000)
        + duration.months * Fraction(30436875, 1000000)
        + duration.weeks * 7
        + duration.days
    )


@given(retentions)
def test_round_trip(retention: Retention) -> None:
    assert parse_retention(str(retention)) == retention


@given(any_durations)
def test_duration_round_trip(duration: Duration) -> None:
    assert parse_duration(str(duration)) == duration


@given(retentions)
def test_reflexive(retention: Retention) -> None:
    assert within(retention, retention) is True


@given(anchors, any_durations, any_durations, any_durations)
def test_transitive(anchor: str, x: Duration, y: Duration, z: Duration) -> None:
    a, b, c = Retention(anchor, x), Retention(anchor, y), Retention(anchor, z)
    if within(a, b) and within(b, c):
        assert within(a, c) is True


@given(anchors, st.lists(any_durations, min_size=3, max_size=3))
def test_transitive_on_ordered_chains(anchor: str, chain: list[Duration]) -> None:
    low, mid, high = sorted(chain, key=functools.cmp_to_key(compare_durations))
    a, b, c = Retention(anchor, low), Retention(anchor, mid), Retention(anchor, high)
    assert within(a, b) is True
    assert within(b, c) is True
    assert within(a, c) is True


@given(any_durations, any_durations)
def test_compare_is_antisymmetric_and_matches_day_lengths(a: Duration, b: Duration) -> None:
    result = compare_durations(a, b)
    assert result in (-1, 0, 1)
    assert compare_durations(b, a) == -result
    assert result == (_days(a) > _days(b)) - (_days(a) < _days(b))


@given(st.integers(min_value=0, max_value=10_000), counts, counts)
def test_years_are_twelve_months(n: int, weeks: int, days: int) -> None:
    years = Duration(years=n, weeks=weeks, days=days)
    months = Duration(months=12 * n, weeks=weeks, days=days)
    assert compare_durations(years, months) == 0
    assert compare_durations(months, years) == 0
    assert within(Retention("collection", years), Retention("collection", months)) is True
    assert within(Retention("collection", months), Retention("collection", years)) is True


def test_one_year_is_twelve_months() -> None:
    assert within(parse_retention("P1Y"), parse_retention("P12M")) is True
    assert within(parse_retention("P12M"), parse_retention("P1Y")) is True


@given(st.integers(min_value=0, max_value=10_000), counts, counts)
def test_weeks_are_seven_days(n: int, years: int, months: int) -> None:
    weeks = Duration(years=years, months=months, weeks=n)
    days = Duration(years=years, months=months, days=7 * n)
    assert compare_durations(weeks, days) == 0
    assert compare_durations(days, weeks) == 0
    assert within(Retention("last_activity", weeks), Retention("last_activity", days)) is True
    assert within(Retention("last_activity", days), Retention("last_activity", weeks)) is True


def test_one_week_is_seven_days() -> None:
    assert compare_durations(parse_duration("P1W"), parse_duration("P7D")) == 0


@given(finite, finite)
def test_different_anchors_are_not_comparable(field: Retention, policy: Retention) -> None:
    assume(field.anchor != policy.anchor)
    assert within(field, policy) is None
    assert within(policy, field) is None


@given(retentions)
def test_indefinite_policy_allows_everything(field: Retention) -> None:
    assert within(field, Retention("indefinite")) is True


@given(finite)
def test_indefinite_is_above_every_value(policy: Retention) -> None:
    assert within(Retention("indefinite"), policy) is False
    assert within(policy, Retention("indefinite")) is True


@given(finite)
def test_zero_duration_is_the_bare_anchor(retention: Retention) -> None:
    bare = Retention(retention.anchor)
    assert within(bare, retention) is True
    assert parse_retention(retention.anchor) == bare
