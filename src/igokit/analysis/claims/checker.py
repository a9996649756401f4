"""Find checkable claims about an organization in a text and judge them against the knowledge base.

A claim is anchored on what extraction already found in a sentence (counts with a status noun,
country and person mentions, dates, places) plus the cue words of :mod:`lexicon`. Each claim gets
a verdict relative to a reference date: ``supported``, ``contradicted``, ``outdated`` (true at
another time: ``valid_during`` says when) or ``unverifiable`` (hedged, future, or not decidable
from the knowledge base) — never a guess.
"""

from __future__ import annotations

import datetime as dt

from igokit.analysis.claims.base import Claim, date_text  # noqa: F401  (re-exported)
from igokit.analysis.claims.detect_counts import CountClaims
from igokit.analysis.claims.detect_events import EventClaims
from igokit.analysis.claims.detect_status import StatusClaims
from igokit.analysis.claims.places import PlaceFinder
from igokit.analysis.claims.truth import KBTruth
from igokit.analysis.extraction import linker_for
from igokit.api import KnowledgeBase
from igokit.text.pipeline import Extraction, extract_text


class ClaimChecker:
    """Checks claims about ``org`` (default the SCO) in texts."""

    def __init__(self, kb: KnowledgeBase, org: str = "SCO") -> None:
        self.kb = kb
        self.org = org
        self.truth = KBTruth(kb, org)
        self.linker = linker_for(kb)
        self.places = PlaceFinder(kb.conn)
        bodies = {
            r[0]
            for r in kb.conn.execute(
                "SELECT id FROM entities WHERE parent = ? AND kind = 'body'", (org,)
            )
        }
        self.org_ids = {org} | bodies
        self.names = {r[0]: r[1] for r in kb.conn.execute("SELECT id, name_en FROM entities")}

    # -- entry points ----------------------------------------------------------------------------
    def check(
        self, text: str, as_of: dt.date, extraction: Extraction | None = None, news: bool = False
    ) -> list[Claim]:
        """``news``: a dispatch under a dateline, where "Secretary-General X said" asserts the
        title on the day of the dispatch (in an article it describes the time of the event)."""
        ex = extraction or extract_text(text, self.linker, context_date=as_of.isoformat())
        text = ex.text
        about_org = self._document_is_about_org(ex)
        claims: list[Claim] = []
        for sent in ex.sentences:
            s, e = sent.start, sent.end
            ctx = _Sentence(self, text, s, e, ex, about_org)
            ctx.news = news
            if not ctx.org_ok:
                continue
            claims.extend(ctx.claims(as_of))
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

    def name(self, eid: str | None) -> str:
        return self.names.get(eid or "", eid or "")


class _Sentence(CountClaims, EventClaims, StatusClaims):
    """One sentence and every detector; the order below is the order claims are taken in
    (a span used by one detector is not claimed again by a later one)."""

    # -- detectors ---------------------------------------------------------------------------
    def claims(self, as_of: dt.date) -> list[Claim]:
        out: list[Claim] = []
        out += self.count_claims(as_of)
        out += self.founding_claims(as_of)
        out += self.summit_claims(as_of)
        out += self.official_claims(as_of)
        out += self.seat_claims()
        out += self.chair_claims(as_of)
        out += self.status_claims(as_of)
        return out
