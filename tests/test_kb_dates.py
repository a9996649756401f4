"""Dates with precision and the half-open interval logic every time-aware query relies on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igokit.errors import DateFormatError
from igokit.kb.dates import FuzzyDate, overlaps, parse_query_date


@pytest.mark.parametrize(
    ("text", "precision", "first", "after"),
    [
        ("2005", "year", dt.date(2005, 1, 1), dt.date(2006, 1, 1)),
        ("2005-07", "month", dt.date(2005, 7, 1), dt.date(2005, 8, 1)),
        ("2005-12", "month", dt.date(2005, 12, 1), dt.date(2006, 1, 1)),
        ("2005-07-05", "day", dt.date(2005, 7, 5), dt.date(2005, 7, 6)),
        (2001, "year", dt.date(2001, 1, 1), dt.date(2002, 1, 1)),
        (dt.date(2001, 6, 15), "day", dt.date(2001, 6, 15), dt.date(2001, 6, 16)),
    ],
)
def test_dates_parse_keeps_precision(text: object, precision: str, first: dt.date,
                                     after: dt.date) -> None:
    d = FuzzyDate.parse(text)
    assert d.precision == precision
    assert d.first_day == first
    assert d.after_last_day == after
    assert FuzzyDate.parse(d.iso()) == d


@pytest.mark.parametrize("bad", ["2005-13", "2005-02-30", "05-07-2005", "July 2005", "", None,
                                 True, "2005/07/05"])
def test_dates_parse_rejects_bad_input(bad: object) -> None:
    with pytest.raises(DateFormatError):
        FuzzyDate.parse(bad)


def test_dates_query_partial_date_is_the_whole_period() -> None:
    p = parse_query_date("2017")
    assert (p.start, p.end) == (dt.date(2017, 1, 1), dt.date(2018, 1, 1))
    assert "whole year" in p.read_as
    day = parse_query_date("2017-06-09")
    assert day.is_day and day.read_as == "2017-06-09"
    today = parse_query_date(None, today=dt.date(2026, 1, 2))
    assert today.start == dt.date(2026, 1, 2) and "today" in today.read_as


days = st.integers(min_value=0, max_value=60)


@given(s=st.none() | days, length=st.integers(1, 30), ps=days, plen=st.integers(1, 30),
       open_end=st.booleans())
def test_dates_overlap_matches_day_by_day_definition(s: int | None, length: int, ps: int,
                                                     plen: int, open_end: bool) -> None:
    base = dt.date(2001, 1, 1)
    start = None if s is None else base + dt.timedelta(days=s)
    end = None if open_end else (base + dt.timedelta(days=(s or 0) + length))
    p_start, p_end = base + dt.timedelta(days=ps), base + dt.timedelta(days=ps + plen)

    def holds(day: dt.date) -> bool:  # [start, end): start included, end excluded
        return (start is None or start <= day) and (end is None or day < end)

    brute = any(holds(p_start + dt.timedelta(days=i)) for i in range(plen))
    assert overlaps(start, end, p_start, p_end) == brute


@given(a=days, b=days, c=days)
def test_dates_adjacent_intervals_never_share_a_day(a: int, b: int, c: int) -> None:
    """A status ending on day X and the next starting on X never both hold on one day."""
    lo, mid, hi = sorted((a, b, c))
    base = dt.date(2001, 1, 1)
    x0, x1, x2 = (base + dt.timedelta(days=v) for v in (lo, mid, hi))
    for d in range(0, 62):
        day = base + dt.timedelta(days=d)
        one = overlaps(x0, x1, day, day + dt.timedelta(days=1))
        two = overlaps(x1, x2, day, day + dt.timedelta(days=1))
        assert not (one and two)
