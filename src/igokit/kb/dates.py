"""Dates with a precision, and the half-open periods they stand for.

A curated date is written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the number of parts is its
precision. Every date stands for a period: ``2005`` is ``[2005-01-01, 2006-01-01)``. Queries use the
period's first day as the moment a fact starts or ends (so a status that starts "in 2005" is
taken to hold from 2005-01-01) and always report the precision, so a reader sees how exact
the answer is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from igokit.errors import DateFormatError

Precision = Literal["year", "month", "day"]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class FuzzyDate:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int = 1
    day: int = 1
    precision: Precision = "day"

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Read ``2001``, ``"2001-06"``, ``"2001-06-15"`` or a ``datetime.date``.

        >>> d = FuzzyDate.parse("2001-06")
        >>> d.precision, d.first_day.isoformat(), d.after_last_day.isoformat()
        ('month', '2001-06-01', '2001-07-01')

        Raises :class:`DateFormatError` for anything else, including impossible days.
        """
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day, "day")
        if isinstance(value, bool) or value is None:
            raise DateFormatError(f"not a date: {value!r}")
        text = str(value).strip()
        m = _DATE_RE.match(text)
        if not m:
            raise DateFormatError(
                f"not a date: {text!r} (write YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        year = int(m.group(1))
        if m.group(3):
            try:
                dt.date(year, int(m.group(2)), int(m.group(3)))
            except ValueError as exc:
                raise DateFormatError(f"impossible date {text!r}: {exc}") from None
            return cls(year, int(m.group(2)), int(m.group(3)), "day")
        if m.group(2):
            month = int(m.group(2))
            if not 1 <= month <= 12:
                raise DateFormatError(f"impossible month in {text!r}")
            return cls(year, month, 1, "month")
        return cls(year, 1, 1, "year")

    @property
    def first_day(self) -> dt.date:
        """The first day of the period this date stands for."""
        return dt.date(self.year, self.month, self.day)

    @property
    def after_last_day(self) -> dt.date:
        """The day after the period this date stands for (its exclusive end)."""
        if self.precision == "year":
            return dt.date(self.year + 1, 1, 1)
        if self.precision == "month":
            if self.month == 12:
                return dt.date(self.year + 1, 1, 1)
            return dt.date(self.year, self.month + 1, 1)
        return self.first_day + dt.timedelta(days=1)

    def iso(self) -> str:
        """The date as written, at its own precision: ``2005``, ``2005-07`` or ``2005-07-05``."""
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open span of days ``[start, end)`` used to ask "what held during ...".

    ``read_as`` explains, in words, how a partial date given by a user was read.
    """

    start: dt.date
    end: dt.date
    read_as: str
    precision: Precision = "day"

    @property
    def is_day(self) -> bool:
        return self.end - self.start == dt.timedelta(days=1)


def parse_query_date(value: object | None, *, today: dt.date | None = None) -> Period:
    """Turn a user's ``--on`` value into the period it names.

    ``None`` means today. ``2017`` means the whole year, and a query then returns what held at any
    time during it (the output says so).
    """
    if value is None or value == "":
        day = today or dt.date.today()
        return Period(day, day + dt.timedelta(days=1), f"today ({day.isoformat()})")
    date = FuzzyDate.parse(value)
    start, end = date.first_day, date.after_last_day
    if date.precision == "day":
        read = f"{start.isoformat()}"
    else:
        last = end - dt.timedelta(days=1)
        read = (
            f"{date.iso()} read as the whole {date.precision} "
            f"{start.isoformat()} .. {last.isoformat()}: facts valid at any time in it"
        )
    return Period(start, end, read, date.precision)


def overlaps(
    start: dt.date | None, end: dt.date | None, period_start: dt.date, period_end: dt.date
) -> bool:
    """Does the half-open interval ``[start, end)`` share a day with ``[period_start, period_end)``?

    ``start=None`` means "since always", ``end=None`` means "still valid".
    """
    if start is not None and start >= period_end:
        return False
    return not (end is not None and end <= period_start)
