"""Find checkable claims about an organization in a text and judge them against the knowledge base.

A sentence is read by a series of **detectors**, small components each with a declared contract
(:class:`Detector`: its name, the claim types it produces, the method that reads a sentence).
Their order comes from the rules file (``detectors:`` in ``data/claims/cues.v1.yaml``); a span
one detector claims is not claimed again by a later one. Every claim carries its parsed form
(subjects, relation, object, the time it is about and where that time came from, its clause and
any attribution) and the reason for its verdict.

Verdicts are relative to a reference date: ``supported``, ``contradicted``, ``outdated`` (true at
another time: ``valid_during`` says when) or ``unverifiable`` (hedged, future, or not decidable
from the knowledge base). **Precision first**: an alarm (contradicted/outdated) is raised only
when subject, relation and time are all resolved; otherwise the claim is ``unverifiable`` and
the reason says what was missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import (  # noqa: F401  (date_text re-exported)
    LEAD,
    Claim,
    ExtractionIndex,
    Interval,
    date_text,
)
from igokit.analysis.claims.detect_counts import CountClaims
from igokit.analysis.claims.detect_events import EventClaims
from igokit.analysis.claims.detect_status import StatusClaims
from igokit.analysis.claims.explain import finish
from igokit.analysis.claims.places import PlaceFinder
from igokit.analysis.claims.truth import KBTruth
from igokit.analysis.extraction import linker_for
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.layers import checked_until
from igokit.text.pipeline import Extraction, extract_text


class _Sentence(CountClaims, EventClaims, StatusClaims):
    """One sentence as every detector sees it (mentions, dates, places, clauses, cues)."""


@dataclass(frozen=True, slots=True)
class Detector:
    """A claim detector: reads one sentence at a reference date, returns claims."""

    name: str
    produces: frozenset[str]
    read: Callable[[_Sentence, dt.date], list[Claim]]
    doc: str


DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in [
        Detector("counts", frozenset({"member_count", "founding"}),
                 lambda s, d: s.count_claims(d), "how many members, observers, partners, founders"),
        Detector("founding", frozenset({"founding"}),
                 lambda s, d: s.founding_claims(d), "when and where the organization was founded"),
        Detector("summits", frozenset({"summit"}),
                 lambda s, d: s.summit_claims(d), "where and when a summit was held"),
        Detector("officials", frozenset({"official"}),
                 lambda s, d: s.official_claims(d), "who holds or held an office, since when"),
        Detector("seats", frozenset({"seat"}),
                 lambda s, _d: s.seat_claims(), "where a body sits"),
        Detector("chairs", frozenset({"chair"}),
                 # every chairmanship claim names the state that chairs
                 lambda s, d: s.chair_claims(d) if s.countries else [],
                 "who chairs or chaired, hand-overs, n-th terms"),
        Detector("statuses", frozenset({"status", "status_date", "founding", "accession"}),
                 lambda s, d: s.status_claims(d), "a state's status, its start, accession steps"),
    ]
}


def detector_order() -> list[Detector]:
    """The detectors in the order the rules file gives (unknown names are a data error)."""
    names = lx.DETECTOR_ORDER or list(DETECTORS)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        from igokit.errors import DataError

        raise DataError([f"{lx.RULES_VERSION}: unknown detector(s) {unknown}"])
    return [DETECTORS[n] for n in names]


class ClaimChecker:
    """Checks claims about ``org`` (default the SCO) in texts."""

    def __init__(self, kb: KnowledgeBase, org: str = "SCO") -> None:
        self.kb = kb
        self.org = org
        self.truth = KBTruth(kb, org)
        #: the newest day the curated facts were checked against sources (explain.finish)
        self.checked_until = checked_until(kb.conn, org)
        self.linker = linker_for(kb)
        self.places = PlaceFinder(kb.conn)
        self.org_ids = {org} | set(kb.bodies_of(org))
        self.names = kb.entity_names()
        self.detectors = detector_order()

    # -- entry points ----------------------------------------------------------------------------
    def check(
        self,
        text: str,
        as_of: dt.date,
        extraction: Extraction | None = None,
        news: bool = False,
        written: dt.date | None = None,
    ) -> list[Claim]:
        """``news``: a dispatch under a dateline, where "Secretary-General X said" asserts the
        title on the day of the dispatch (in an article it describes the time of the event).
        ``written``: when the text was written; read on a later reference date, statements
        without a present-tense cue are judged at this date (a report of past events)."""
        ex = extraction or extract_text(text, self.linker, context_date=as_of.isoformat())
        text = ex.text
        about_org = self._document_is_about_org(ex)
        index = ExtractionIndex.of(ex)
        claims: list[Claim] = []
        for sent in ex.sentences:
            ctx = _Sentence(self, text, sent.start, sent.end, ex, about_org, index)
            ctx.news = news
            ctx.as_of = as_of
            ctx.written = written
            if not ctx.org_ok or ctx.is_headline():
                continue  # about another organization, or a title that asserts nothing
            for det in self.detectors:
                for claim in det.read(ctx, as_of):
                    claims.append(finish(claim, self, as_of,
                                         rebuttal=ctx.rebuttal(claim.start, claim.end)))
        claims.sort(key=lambda c: c.start)
        return claims

    def _document_is_about_org(self, ex: Extraction) -> bool:
        """Mostly about this organization, or about none (the caller asked about this one)."""
        orgs: dict[str, int] = {}
        for m in ex.mentions:
            if m.kind in ("organization", "body"):
                key = self.org if m.entity in self.org_ids else m.entity
                orgs[key] = orgs.get(key, 0) + 1
        return not orgs or max(orgs, key=lambda k: orgs[k]) == self.org

    def summit_bounds(
        self, ex: Extraction, day: dt.date
    ) -> tuple[dt.date | None, list[list[Interval]]]:
        """What the summits a text names tell of when it was written.

        The floor: the latest summit it reports as held, named by its city ("the Ufa summit",
        "саммит в Екатеринбурге") when that city hosted exactly one (a day or a year written in
        the sentence picks among several). Hedged mentions do not count.
        The windows: for each summit it announces as still to come ("will attend the summit in
        Ufa", "предстоящий саммит в Астане"), the ``LEAD`` before each meeting it can be, to its
        last day; for one it reports as going on ("саммит проходит"), the meeting's own days.
        One interval set per mention, so several mentions narrow each other down.
        """
        by_city: dict[str, list[tuple[str, str]]] = {}
        held = sorted(self.truth.summits("SCO-CHS"), key=lambda m: m.date)
        for m in held:
            by_city.setdefault(m.city, []).append((m.date, m.end_date or m.date))
        best: dt.date | None = None
        windows: list[list[Interval]] = []
        for sent in ex.sentences:
            low = ex.text[sent.start : sent.end].lower().replace("ё", "е")
            cue = lx.SUMMIT_RE.search(low)
            if not cue:
                continue
            ongoing = bool(lx.ONGOING_RE.search(low))
            upcoming = ongoing or bool(lx.UPCOMING_RE.search(low))
            if not upcoming and lx.HEDGE_RE.search(low):
                continue
            inside = [d for d in ex.dates if sent.start <= d.start < sent.end and d.value]
            # a day written without its year ("June 17") picks the city's meeting on that day
            days = [
                d.value[5:10] for d in inside if d.year_from_context and d.precision == "day"
            ]
            years = {d.value[:4] for d in inside if not d.year_from_context}
            nth = lx.ordinal_before(low[max(0, cue.start() - 30) : cue.start()])
            for p in self.places.find(low, sent.start):
                meetings = by_city.get(p.place, [])
                if nth and 0 < nth <= len(held) and held[nth - 1].city == p.place:
                    meetings = [(held[nth - 1].date, held[nth - 1].end_date or held[nth - 1].date)]
                if len(meetings) > 1 and days:
                    meetings = [m for m in meetings if any(m[0][5:] <= x <= m[1][5:] for x in days)]
                if len(meetings) > 1 and years:
                    meetings = [m for m in meetings if m[0][:4] in years] or meetings
                spans = [
                    (dt.date.fromisoformat(m[0][:10]), dt.date.fromisoformat(m[1][:10]))
                    for m in meetings
                ]
                spans = [(a, b) for a, b in spans if a <= day]
                starts = [a for a, _ in spans]
                if upcoming and spans:
                    # up to its last day: news of the second day is written on the first
                    lead = dt.timedelta(0) if ongoing else LEAD
                    windows.append([(a - lead, b + dt.timedelta(days=1)) for a, b in spans])
                elif not upcoming and len(starts) == 1 and (best is None or starts[0] > best):
                    best = starts[0]
        return best, windows

    def name(self, eid: str | None) -> str:
        return self.names.get(eid or "", eid or "")
