"""Claim checking: find statements about an organization in a text and judge them.

>>> from igokit.analysis.claims import check_text          # doctest: +SKIP
>>> report = check_text(kb, "The SCO has eight member states.", as_of="2024-03-01")
>>> report.claims[0].verdict                                 # doctest: +SKIP
'outdated'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.claims.checker import Claim, ClaimChecker, date_text
from igokit.kb.dates import FuzzyDate
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.text.document import Document
from igokit.text.pipeline import extract_text

__all__ = ["CheckReport", "Claim", "ClaimChecker", "check_document", "check_text"]

_CHECKERS: dict[int, ClaimChecker] = {}


@dataclass(slots=True)
class CheckReport:
    text: str
    as_of: str
    as_of_source: str
    claims: list[Claim]
    dating: str
    dating_intervals: list[list[str | None]] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.claims:
            out[c.verdict] = out.get(c.verdict, 0) + 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "as_of_source": self.as_of_source,
            "summary": self.summary(),
            "dating": self.dating,
            "dating_intervals": self.dating_intervals,
            "document": self.document,
            "claims": [c.to_dict() for c in self.claims],
        }


def checker_for(kb: KnowledgeBase, org: str = "SCO") -> ClaimChecker:
    key = id(kb)
    ck = _CHECKERS.get(key)
    if ck is None or ck.org != org:
        ck = ClaimChecker(kb, org)
        _CHECKERS[key] = ck
    return ck


#: "ASTANA, July 4 (Kazinform) –", "ДУШАНБЕ, 17 сентября. /ТАСС/." — a news dispatch.
_DATELINE_NEWS = re.compile(
    r"^\W*[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{3,}[A-ZА-ЯӘҒҚҢӨҰҮҺІ\s-]*,\s+[^\n]{0,40}?(?:\(|/|–|—|-)"
)
_DATELINE = re.compile(r"^\W*[A-ZА-ЯӘҒҚҢӨҰҮҺІ][\w\s.-]{1,30},\s+")


def resolve_as_of(
    text: str, as_of: object | None, doc_date: str | None, dates: list[Any]
) -> tuple[dt.date, str]:
    """The reference date and where it came from: the argument, the document's metadata, a
    dateline at the top of the text, else today (the caller says so in the output)."""
    if as_of:
        d = FuzzyDate.parse(as_of)
        return _last_day(d), "argument"
    if doc_date:
        return _last_day(FuzzyDate.parse(doc_date)), "document metadata"
    head_dates = [
        d
        for d in dates
        if d.start < 200 and d.value and d.value[:4].isdigit() and d.precision == "day"
    ]
    # a date near the top is the text's own date when it is a dispatch's dateline, or a date
    # written with its year ("1 January" alone gets the reading year: that would be a guess)
    if (head_dates and _DATELINE.match(text[:200]) is not None) or (
        head_dates and head_dates[0].start < 80 and not head_dates[0].year_from_context
    ):
        return FuzzyDate.parse(head_dates[0].value).first_day, "dateline"
    return dt.date.today(), "today"


def _last_day(d: FuzzyDate) -> dt.date:
    """A year or month as a reference date means its last day (what was true by then)."""
    return d.after_last_day - dt.timedelta(days=1) if d.precision != "day" else d.first_day


def _written_day(ex: Any, doc_date: str | None) -> dt.date | None:
    """When the text was written: its metadata date (a month or year: its last day), else a
    dateline at its top, else unknown."""
    if doc_date:
        try:
            return _last_day(FuzzyDate.parse(doc_date))
        except Exception:
            return None
    day, how = resolve_as_of(ex.text, None, None, ex.dates)
    return day if how == "dateline" else None


def _latest_reported_date(
    ex: Any, day: dt.date, summit_years: set[str] | None = None
) -> dt.date | None:
    """The latest date the text gives as past: written years and days, not hedged or future,
    not later than the reference date (a year read from the reference date is not evidence)."""
    from igokit.analysis.claims import lexicon as lx

    best: dt.date | None = None
    for d in ex.dates:
        if d.year_from_context or not d.value or not d.value[:4].isdigit():
            continue
        sent = next((s for s in ex.sentences if s.start <= d.start < s.end), None)
        low = ex.text[sent.start : sent.end].lower() if sent is not None else ""
        if lx.HEDGE_RE.search(low) or lx.UPCOMING_RE.search(low):
            continue  # a date of what is still to come is no past event
        if (
            summit_years is not None
            and sent is not None
            and lx.SUMMIT_RE.search(ex.text[sent.start : sent.end].lower())
            and d.value[:4] not in summit_years
        ):
            continue  # "the 2026 Bishkek summit": a meeting the record does not have yet
        before = ex.text[max(0, d.start - 14) : d.start].lower()
        after = ex.text[d.end : d.end + 16].lower()
        if lx.DEADLINE_BEFORE_RE.search(before) or lx.DEADLINE_AFTER_RE.match(after):
            continue  # "the strategy until 2025", "2030 жылға дейін": a horizon, not an event
        try:
            first = FuzzyDate.parse(d.value).first_day
        except Exception:
            continue
        if first <= day and (best is None or first > best):
            best = first
    return best


def check_text(
    kb: KnowledgeBase,
    text: str,
    *,
    as_of: object | None = None,
    doc_date: str | None = None,
    org: str = "SCO",
    document: Document | None = None,
) -> CheckReport:
    """Check every claim about ``org`` in ``text``."""
    ck = checker_for(kb, org)
    if document is not None:
        text, doc_date = document.text, doc_date or document.date
    probe = extract_text(text, ck.linker, context_date=doc_date)
    day, source = resolve_as_of(probe.text, as_of, doc_date, probe.dates)
    if doc_date is None:
        # a day written without its year ("on 3 July") takes the year of the text's own date
        # (its metadata, else a dateline): the reference date of a reading ("as of today") is
        # not when the text was written
        dateline, how = resolve_as_of(probe.text, None, None, probe.dates)
        context = dateline if how == "dateline" else day
        probe = extract_text(text, ck.linker, context_date=context.isoformat())
    news = bool(_DATELINE_NEWS.match(probe.text[:120]))
    written = _written_day(probe, doc_date)
    claims = ck.check(probe.text, day, probe, news=news, written=written)
    years = {m.date[:4] for m in ck.truth.summits("SCO-CHS")}
    summit_floor, upcoming = ck.summit_bounds(probe, day)
    floors = [x for x in (_latest_reported_date(probe, day, years), summit_floor) if x]
    intervals, dating = date_text(claims, max(floors) if floors else None, upcoming)
    info = document.to_dict() if document is not None else {}
    info.pop("text", None)
    return CheckReport(
        probe.text,
        day.isoformat(),
        source,
        claims,
        dating,
        [[s.isoformat(), e.isoformat() if e else None] for s, e in intervals],
        info,
    )


def check_document(
    kb: KnowledgeBase, path: str, *, as_of: object | None = None, org: str = "SCO"
) -> CheckReport:
    from igokit.text.readers import read_document

    doc = read_document(path)
    return check_text(kb, doc.text, as_of=as_of, org=org, document=doc)
