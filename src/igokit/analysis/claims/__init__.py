"""Claim checking: find statements about an organization in a text and judge them.

>>> from igokit.analysis.claims import check_text          # doctest: +SKIP
>>> report = check_text(kb, "The SCO has eight member states.", as_of="2024-03-01")
>>> report.claims[0].verdict                                 # doctest: +SKIP
'outdated'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.claims.checker import Claim, ClaimChecker, date_text
from igokit.kb.dates import FuzzyDate
from igokit.kb.documents import document_meta, load_extraction
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.store import built_stamp
from igokit.text.dates import find_dates
from igokit.text.document import Document
from igokit.text.pipeline import PIPELINE_VERSION, Extraction, extract_text

__all__ = [
    "CheckReport",
    "Claim",
    "ClaimChecker",
    "check_document",
    "check_extraction",
    "check_stored",
    "check_stored_many",
    "check_text",
]

#: (id of the knowledge base, org) -> (its version stamp, the checker built for it)
_CHECKERS: dict[tuple[int, str], tuple[str, ClaimChecker]] = {}
_CHECKERS_LOCK = threading.Lock()
#: Checkers kept at once (one per knowledge base and organization; the oldest goes first).
MAX_CHECKERS = 8


@dataclass(slots=True)
class CheckReport:
    text: str
    as_of: str
    as_of_source: str
    claims: list[Claim]
    dating: str
    dating_intervals: list[list[str | None]] = field(default_factory=list)
    document: dict[str, Any] = field(default_factory=dict)
    #: the extraction the claims were read from (with the dates of the text's own context):
    #: what the event reader reuses (igokit.analysis.events), never serialised
    probe: Extraction | None = field(default=None, repr=False, compare=False)

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
    """The checker of ``org`` on ``kb``, built once per knowledge-base version: its linker,
    names and fact lookups are read once and kept until the curated data is rebuilt."""
    stamp = built_stamp(kb.conn) or ""
    key = (id(kb), org)
    with _CHECKERS_LOCK:
        hit = _CHECKERS.get(key)
        if hit is not None and hit[0] == stamp and hit[1].kb is kb:
            return hit[1]
    ck = ClaimChecker(kb, org)  # outside the lock: building reads the whole knowledge base
    with _CHECKERS_LOCK:
        _CHECKERS.pop(key, None)
        while len(_CHECKERS) >= MAX_CHECKERS:
            _CHECKERS.pop(next(iter(_CHECKERS)))
        _CHECKERS[key] = (stamp, ck)
    return ck


#: "ASTANA, July 4 (Kazinform) –", "ДУШАНБЕ, 17 сентября. /ТАСС/." — a news dispatch.
# (Three capitals, then capitals, spaces or hyphens: "{3}" and not "{3,}", which would overlap
# the next class and backtrack quadratically on a long run of capitals; the same matches.)
_DATELINE_NEWS = re.compile(
    r"^\W*[A-ZА-ЯӘҒҚҢӨҰҮҺІ]{3}[A-ZА-ЯӘҒҚҢӨҰҮҺІ\s-]*,\s+[^\n]{0,40}?(?:\(|/|–|—|-)"
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
    if d.precision == "day":
        return d.first_day
    try:
        return d.after_last_day - dt.timedelta(days=1)
    except (ValueError, OverflowError):  # "9999", "9999-12": the day after is past the calendar
        return dt.date.max


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
    info = document.to_dict() if document is not None else {}
    info.pop("text", None)
    return _check(ck, probe, as_of=as_of, doc_date=doc_date, info=info)


def check_extraction(
    kb: KnowledgeBase,
    extraction: dict[str, Any],
    *,
    as_of: object | None = None,
    doc_date: str | None = None,
    org: str = "SCO",
) -> CheckReport:
    """Check a text from its extraction (``Extraction.to_dict()`` form, e.g. a stored one)
    without extracting it again: the same report as ``check_text(kb, extraction["text"],
    as_of=as_of, doc_date=doc_date, org=org)``.

    The extraction is reused where it is valid: made by this pipeline version with this
    knowledge base's names (else the text is extracted again). Only the dates depend on the
    context date; they are found again when the extraction was made with another one."""
    ck = checker_for(kb, org)
    return _check(ck, reuse_extraction(ck, extraction, doc_date), as_of=as_of,
                  doc_date=doc_date, info={})


def check_stored(
    kb: KnowledgeBase, doc_id: int, *, as_of: object | None = None, org: str = "SCO"
) -> CheckReport:
    """Check an ingested document from its stored extraction (KeyError if there is none):
    the same report as ``check_text`` on its stored text and date, without extracting it
    twice (see :func:`check_extraction`)."""
    data = load_extraction(kb.conn, doc_id)
    meta = document_meta(kb.conn, doc_id)
    doc_date = meta["date"] if meta is not None else None
    return check_extraction(kb, data, as_of=as_of, doc_date=doc_date, org=org)


def check_stored_many(
    kb: KnowledgeBase,
    doc_ids: Iterable[int],
    *,
    as_of: object | None = None,
    org: str = "SCO",
    workers: int = 1,
    chunk: int = 50,
) -> Iterator[tuple[int, CheckReport]]:
    """``(doc_id, report)`` for each ingested document, in the order given, each checked by
    :func:`check_stored`. ``workers > 1``: in that many processes, each opening the knowledge
    base file itself and checking ``chunk`` documents at a time (the reports are the same as
    in one process; fewer than two chunks per worker are checked here)."""
    ids = list(doc_ids)
    if workers <= 1 or len(ids) < 2 * chunk * workers:
        for doc_id in ids:
            yield doc_id, check_stored(kb, doc_id, as_of=as_of, org=org)
        return
    from igokit.engine.local import map_unordered

    chunks = [ids[i : i + chunk] for i in range(0, len(ids), chunk)]
    done: dict[int, list[tuple[int, CheckReport]]] = {}
    nxt = 0
    for index, result in map_unordered(
        _check_chunk, range(len(chunks)), workers, initializer=_init_check_worker,
        initargs=(str(kb.path), chunks, as_of, org),
    ):
        if isinstance(result, BaseException):
            raise result
        done[index] = result
        while nxt in done:  # in the order given, as soon as the next chunk is back
            yield from done.pop(nxt)
            nxt += 1


_WORKER: dict[str, Any] = {}


def _init_check_worker(
    path: str, chunks: list[list[int]], as_of: object | None, org: str
) -> None:
    _WORKER.update(kb=KnowledgeBase(path), chunks=chunks, as_of=as_of, org=org)


def _check_chunk(index: int) -> list[tuple[int, CheckReport]]:
    kb, as_of, org = _WORKER["kb"], _WORKER["as_of"], _WORKER["org"]
    # without the extraction each report was read from: it stays in the worker
    return [(i, dataclasses.replace(check_stored(kb, i, as_of=as_of, org=org), probe=None))
            for i in _WORKER["chunks"][index]]


def reuse_extraction(
    ck: ClaimChecker, data: dict[str, Any], context_date: str | None
) -> Extraction:
    """The extraction of ``data["text"]`` that ``extract_text(text, ck.linker,
    context_date=context_date)`` would make, rebuilt from ``data`` where that is valid."""
    meta = data.get("meta") or {}
    if meta.get("pipeline") != PIPELINE_VERSION or meta.get("linker_names") != len(ck.linker):
        # another pipeline or another knowledge base's names: its mentions may differ
        return extract_text(data["text"], ck.linker, context_date=context_date)
    ex = Extraction.from_dict(data)
    if meta.get("context_date") != context_date:
        ex = with_context_date(ex, context_date)
    return ex


def with_context_date(ex: Extraction, context_date: str | None) -> Extraction:
    """``ex`` as extracted with another context date: only the dates depend on it (the year
    of a day written without one), so only they are found again."""
    return dataclasses.replace(
        ex,
        dates=find_dates(ex.text, context_date=context_date),
        meta={**ex.meta, "context_date": context_date},
    )


def _check(
    ck: ClaimChecker,
    probe: Extraction,
    *,
    as_of: object | None,
    doc_date: str | None,
    info: dict[str, Any],
) -> CheckReport:
    day, source = resolve_as_of(probe.text, as_of, doc_date, probe.dates)
    if doc_date is None:
        # a day written without its year ("on 3 July") takes the year of the text's own date
        # (its metadata, else a dateline): the reference date of a reading ("as of today") is
        # not when the text was written. A reference date the caller gave stands for it; with
        # none at all (today) the year is unknown and such a day stays without one: "On 4 July
        # Iran became a member", undated, is not a claim about 4 July of this year
        dateline, how = resolve_as_of(probe.text, None, None, probe.dates)
        context = dateline if how == "dateline" else (day if source != "today" else None)
        if context is not None:
            probe = with_context_date(probe, context.isoformat())
    news = bool(_DATELINE_NEWS.match(probe.text[:120]))
    written = _written_day(probe, doc_date)
    claims = ck.check(probe.text, day, probe, news=news, written=written)
    years = {m.date[:4] for m in ck.truth.summits("SCO-CHS")}
    summit_floor, upcoming = ck.summit_bounds(probe, day)
    floors = [x for x in (_latest_reported_date(probe, day, years), summit_floor) if x]
    intervals, dating = date_text(claims, max(floors) if floors else None, upcoming)
    return CheckReport(
        probe.text,
        day.isoformat(),
        source,
        claims,
        dating,
        [[s.isoformat(), e.isoformat() if e else None] for s, e in intervals],
        info,
        probe,
    )


def check_document(
    kb: KnowledgeBase, path: str, *, as_of: object | None = None, org: str = "SCO"
) -> CheckReport:
    from igokit.text.readers import read_document

    doc = read_document(path)
    return check_text(kb, doc.text, as_of=as_of, org=org, document=doc)
