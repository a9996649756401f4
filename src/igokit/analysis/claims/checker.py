"""Find checkable claims about an organization in a text and judge them against the knowledge base.

A claim is anchored on what extraction already found in a sentence (counts with a status noun,
country and person mentions, dates, places) plus the cue words of :mod:`lexicon`. Each claim gets
a verdict relative to a reference date: ``supported``, ``contradicted``, ``outdated`` (true at
another time: ``valid_during`` says when) or ``unverifiable`` (hedged, future, or not decidable
from the knowledge base) — never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.places import PlaceFinder
from igokit.analysis.claims.truth import Evidence, Interval, KBTruth, Truth, format_interval
from igokit.analysis.extraction import linker_for
from igokit.api import KnowledgeBase
from igokit.kb.dates import FuzzyDate
from igokit.text.pipeline import Extraction, extract_text

STATUS_WORDS = {
    "member": "member states",
    "observer": "observer states",
    "dialogue_partner": "dialogue partners",
    "partner": "partners",
}
COUNT_UNITS = {
    "member state": "member",
    "member": "member",
    "member country": "member",
    "observer state": "observer",
    "observer": "observer",
    "observer country": "observer",
    "dialogue partner": "dialogue_partner",
    "partner": "partner",
    "partner state": "partner",
    "partner country": "partner",
    "founding state": "founder",
    "founding member": "founder",
    "founder": "founder",
    "founding country": "founder",
}
_LIST_SEP = re.compile(r"\s*(?:,|and|и|және|мен|бен|пен|,\s*and|,\s*и)\s*", re.IGNORECASE)


@dataclass(slots=True)
class _BodyHit:
    start: int
    end: int
    entity: str


_BODY_WORDS = re.compile(
    r"(?<![\w-])(?:(secretariat\w*|секретариат\w*|хатшылы\w*)|(rats|ратс|атқ|"
    r"anti-terrorist\s+structure|антитеррористическ\w+\s+структур\w*))(?![\w-])"
)
_HEADED_BODIES = {"SCO-SECRETARIAT": "secretary-general", "RATS": "director"}
_PARTITIVE_RE = re.compile(
    r"(?<![\w-])(?:of|among|with|from|other|some|all|из|среди|с|со|между|другим\w*|"
    r"ішінде|арасында)\W*$|(?<![\w-])(?:двумя|тремя|четырьмя|пятью|шестью|двум|трем)\b"
)
_PARTITIVE_AFTER_RE = re.compile(r"\s+(?:of\s+(?:the|its|all)|из\s|signed|подписал)")
_TOTAL_RE = re.compile(
    r"(?<![\w-])(?:has|have|had|comprises?|consists?|includ\w*|unites?|brings?\s+together|"
    r"numbers?|number\s+of|reach\w*|grown|grew|expanded|total\w*|currently|now|today|"
    r"объединя\w*|включа\w*|насчитыва\w*|состо\w*|входят|достиг\w*|вырос\w*|"
    r"расширил\w*|составля\w*|количеств\w*|число|числ\w*|"
    r"саны|жетті|біріктір\w*|құрамында|кіреді|бар|қазір|бүгінде)(?![\w-])"
)
CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhereas\b|\bbut\b|,\s*а\s|,\s*но\s|\bал\s|\bбірақ\b")


@dataclass(slots=True)
class Claim:
    start: int
    end: int
    text: str
    type: str
    verdict: str
    expected: str | None = None
    valid_during: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    correction: str | None = None
    reference: str = ""
    negated: bool = False
    hedged: bool = False
    intervals: list[Interval] = field(default_factory=list)  # when the claim holds (for dating)
    time_bound: bool = False  # true at some times only (counts, statuses, chairs, posts)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "verdict": self.verdict,
            "expected": self.expected,
            "evidence": [e.to_dict() for e in self.evidence],
            "reference_date": self.reference,
        }
        if self.valid_during:
            out["valid_during"] = self.valid_during
        if self.correction:
            out["correction"] = self.correction
        if self.negated:
            out["negated"] = True
        if self.hedged:
            out["hedged"] = True
        return out


@dataclass(slots=True)
class _Ref:
    """The period a claim is judged at: the reference date, or a date the sentence names."""

    start: dt.date
    end: dt.date  # exclusive
    label: str

    def day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _period(value: str) -> tuple[dt.date, dt.date] | None:
    try:
        d = FuzzyDate.parse(value)
    except Exception:
        return None
    return d.first_day, d.after_last_day


def _verdict_from_truth(truth: Truth, ref: _Ref, negated: bool = False, dated: bool = False) -> str:
    """``dated``: the sentence names its own time, so true-at-another-time is simply wrong."""
    holds = any(s < ref.end and (e is None or e > ref.start) for s, e in truth.intervals)
    if negated:
        return "contradicted" if holds else "supported"
    if holds:
        return "supported"
    return "outdated" if truth.ever() and not dated else "contradicted"


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
    def check(self, text: str, as_of: dt.date, extraction: Extraction | None = None) -> list[Claim]:
        ex = extraction or extract_text(text, self.linker, context_date=as_of.isoformat())
        text = ex.text
        about_org = self._document_is_about_org(ex)
        claims: list[Claim] = []
        for sent in ex.sentences:
            s, e = sent.start, sent.end
            ctx = _Sentence(self, text, s, e, ex, about_org)
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


class _Sentence:
    """One sentence with its mentions, dates, quantities and cue words, lower-cased."""

    def __init__(
        self, ck: ClaimChecker, text: str, start: int, end: int, ex: Extraction, about_org: bool
    ) -> None:
        self.ck = ck
        self.text = text
        self.start, self.end = start, end
        self.low = text[start:end].lower().replace("ё", "е")
        inside = lambda x: start <= x.start and x.end <= end  # noqa: E731
        self.mentions = [m for m in ex.mentions if inside(m)]
        self.dates = [d for d in ex.dates if inside(d)]
        self.quantities = [q for q in ex.quantities if inside(q)]
        self.places = ck.places.find(self.low, start)
        org_here = any(m.entity in ck.org_ids for m in self.mentions)
        other_org = any(
            m.kind == "organization" and m.entity not in ck.org_ids for m in self.mentions
        )
        self.org_ok = org_here or (about_org and not other_org)
        self.countries = [m for m in self.mentions if m.kind == "country"]
        self.persons = [m for m in self.mentions if m.kind == "person"]
        self.used: list[tuple[int, int]] = []

    # -- helpers -----------------------------------------------------------------------------
    def rel(self, pos: int) -> int:
        return pos - self.start

    def span_text(self, s: int, e: int) -> str:
        return self.text[s:e]

    def window(self, s: int, e: int, pad: int = 60) -> str:
        a, b = max(self.start, s - pad), min(self.end, e + pad)
        return self.low[self.rel(a) : self.rel(b)]

    def hedged(self, s: int, e: int) -> bool:
        return bool(lx.HEDGE_RE.search(self.window(s, e, 45)))

    def negated(self, s: int, e: int) -> bool:
        a = max(self.start, s - 25)
        return bool(lx.NEGATION_RE.search(self.low[self.rel(a) : self.rel(e) + 40]))

    def past(self, s: int, e: int) -> bool:
        if lx.PAST_RE.search(self.window(s, e, 30)):
            return True
        present = re.search(
            r"(?<![\w-])(?:is|are|has|have|now|currently|является|являются|"
            r"сейчас|ныне|қазір|табылады|етеді|етуде|[\w-]+(?:ады|еді|йды|йді))(?![\w-])",
            self.window(s, e, 30),
        )
        return not present and bool(lx.PAST_VERB_RE.search(self.window(s, e, 40)))

    def same_clause(self, a: int, b: int) -> bool:
        lo, hi = sorted((a, b))
        return not CLAUSE_BREAK.search(self.low[self.rel(lo) : self.rel(hi)])

    def ref(self, as_of: dt.date, exclude: tuple[int, int] | None = None) -> _Ref:
        """The sentence's own date (a year or a day it names) or the reference date."""
        for d in self.dates:
            if exclude and d.start < exclude[1] and exclude[0] < d.end:
                continue
            if exclude and (d.start > exclude[1] + 60 or d.end < exclude[0] - 60):
                continue  # a date elsewhere in a long sentence does not situate this claim
            p = (
                _period(d.end_value or d.value)
                if d.value and not d.value.startswith("--")
                else None
            )
            if p and d.value[:4].isdigit():
                first = _period(d.value)
                assert first is not None
                return _Ref(first[0], p[1], d.value + (f"..{d.end_value}" if d.end_value else ""))
        return _Ref(as_of, as_of + dt.timedelta(days=1), as_of.isoformat())

    def claim(self, s: int, e: int, kind: str, **kw: Any) -> Claim:
        self.used.append((s, e))
        return Claim(s, e, self.text[s:e], kind, **kw)

    def overlaps_used(self, s: int, e: int) -> bool:
        return any(s < ue and us < e for us, ue in self.used)

    def status_cues(self) -> list[tuple[int, int, str]]:
        out = []
        for m in lx.STATUS_RE.finditer(self.low):
            out.append((m.start() + self.start, m.end() + self.start, lx.status_of_match(m)))
        if not re.search(r"должност|office|post\b|қызмет", self.low):
            taken = [(a, b) for a, b, _ in out]
            out += [
                (m.start() + self.start, m.end() + self.start, "member")
                for m in lx.JOINED_RE.finditer(self.low)
                if not any(abs(m.start() + self.start - a) < 40 for a, _ in taken)
            ]
        return out

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

    def count_claims(self, as_of: dt.date) -> list[Claim]:
        parts = [
            (q, COUNT_UNITS[q.unit] if q.unit in COUNT_UNITS else self._status_near(q))
            for q in self.quantities
            if q.kind == "count"
            and (q.unit in COUNT_UNITS or (q.unit in ("state", "country") and self._status_near(q)))
        ]
        if not parts:
            return []
        s, e = min(q.start for q, _ in parts), max(q.end for q, _ in parts)
        before = self.low[max(0, self.rel(s) - 14) : self.rel(s)]
        if _PARTITIVE_RE.search(before) or _PARTITIVE_AFTER_RE.match(self.low[self.rel(e) :]):
            return []  # "two of the members", "с двумя ключевыми членами": a part, not the total
        kind = "founding" if all(st == "founder" for _, st in parts) else "member_count"
        if self.hedged(s, e):
            return [
                self.claim(
                    s, e, kind, verdict="unverifiable", hedged=True, reference=as_of.isoformat()
                )
            ]
        ref = self.ref(as_of, (s, e))
        t = self.ck.truth
        joint: list[Interval] | None = None
        evidence: list[Evidence] = []
        expected, wrong = [], []
        for q, status in parts:
            n = int(q.value)
            if status == "founder":
                founders = t.founders()
                ok = len(founders) == n
                expected.append(f"{len(founders)} founding states")
                evidence += [t._ev(m["id"], f"{m['name']}: founding member") for m in founders]
                if not ok:
                    wrong.append(q.text)
                continue
            truth = t.count(status, n)
            actual, ev = t.count_on(status, ref.day())
            evidence += ev
            expected.append(f"{actual} {STATUS_WORDS[status]}")
            joint = truth.intervals if joint is None else _intersect(joint, truth.intervals)
        verdict = "supported"
        valid: list[Interval] = []
        if wrong:
            verdict = "contradicted"
        elif joint is not None:
            holds = any(a < ref.end and (b is None or b > ref.start) for a, b in joint)
            verdict = "supported" if holds else ("outdated" if joint else "contradicted")
            valid = joint
        claim = self.claim(
            s,
            e,
            kind,
            verdict=verdict,
            expected="; ".join(expected),
            evidence=evidence,
            reference=ref.label,
            intervals=valid,
            time_bound=joint is not None,
        )
        if verdict == "outdated":
            claim.valid_during = [format_interval(iv) for iv in valid]
        if verdict != "supported":
            claim.correction = f"on {ref.label} the {self.ck.org} had " + ", ".join(expected)
        return [claim]

    def _status_near(self, q: Any) -> str:
        """The status a bare count of states is about: "он мемлекет мүше" (ten states are
        members), "six states founded the SCO", "учредителями выступили шесть государств"."""
        a, b = self.rel(q.start), self.rel(q.end)
        around = self.low[max(0, a - 40) : a] + " " + self.low[b : b + 30]
        if lx.FOUNDER_RE.search(around) or lx.FOUNDING_RE.search(self.low[b : b + 30]):
            return "founder"
        m = lx.STATUS_RE.search(self.low[b : b + 20])
        return lx.status_of_match(m) if m and lx.status_of_match(m) != "founder" else ""

    def founding_claims(self, as_of: dt.date) -> list[Claim]:
        m = lx.FOUNDING_RE.search(self.low)
        if not m or any(self.rel(q.start) <= m.start() < self.rel(q.end) for q in self.quantities):
            return []
        s, e = m.start() + self.start, m.end() + self.start
        if self.overlaps_used(s, e):
            return []
        org_near = any(
            x.entity in self.ck.org_ids or x.entity == "S5"
            for x in self.mentions
            if abs(x.start - s) < 60
        )
        possessive = re.search(
            r"(?:its|его|ее|оның|since|с\s+момента)\s+$",
            self.low[max(0, m.start() - 20) : m.start()],
        )
        if not (org_near or possessive):
            return []
        t = self.ck.truth
        founded, ev = t.founded()
        if founded is None:
            return []
        s5 = re.search(r"shanghai\s+five|шанхайск\w+\s+пят[её]рк|шанхай\s+бестіг", self.low)
        out: list[Claim] = []
        years = [d for d in self.dates if d.value and d.value[:4].isdigit()]
        if years and not s5:
            d = min(years, key=lambda x: abs(x.start - s))
            p = _period(d.value)
            fd = FuzzyDate.parse(founded["date"]).first_day
            tight = any(
                abs(x.start - e) < 18 or abs(s - x.end) < 18
                for x in self.mentions
                if x.entity in self.ck.org_ids
            ) or bool(possessive)
            if p and abs(d.start - s) < 80 and (tight or p[0] <= fd < p[1]):
                ok = p[0] <= fd < p[1]
                claim = self.claim(
                    min(s, d.start),
                    max(e, d.end),
                    "founding",
                    verdict="supported" if ok else "contradicted",
                    expected=founded["date"],
                    evidence=[ev] if ev else [],
                    reference=as_of.isoformat(),
                )
                if not ok:
                    note = ""
                    if t.predecessor_founded() and d.value[:4] == str(t.predecessor_founded())[:4]:
                        note = " (that year is the founding of its predecessor, the Shanghai Five)"
                    claim.correction = f"the {self.ck.org} was founded on {founded['date']}{note}"
                if self.hedged(s, e):
                    claim.verdict, claim.hedged = "unverifiable", True
                out.append(claim)
        place_hits = [
            p for p in self.places if abs(p.start - s) < 40 and self.same_clause(p.start, s)
        ]
        if place_hits and founded.get("place") and not s5:
            p = min(place_hits, key=lambda x: abs(x.start - s))
            ok = p.place == founded["place"]
            out.append(
                self.claim(
                    p.start,
                    p.end,
                    "founding",
                    verdict="supported" if ok else "contradicted",
                    expected=self.ck.name(founded["place"]),
                    evidence=[ev] if ev else [],
                    reference=as_of.isoformat(),
                    correction=None if ok else f"founded in {self.ck.name(founded['place'])}",
                )
            )
        return out

    def summit_claims(self, as_of: dt.date) -> list[Claim]:
        cues = [(m.start(), m.end()) for m in lx.SUMMIT_RE.finditer(self.low)]
        out: list[Claim] = []
        for i, (cs, ce) in enumerate(cues):
            lo = cues[i - 1][1] if i else 0
            hi = cues[i + 1][0] if i + 1 < len(cues) else len(self.low)
            lo, hi = max(lo, cs - 70), min(hi, ce + 70)
            a, b = lo + self.start, hi + self.start
            years = [
                d
                for d in self.dates
                if a <= d.start and d.end <= b and d.value and d.value[:4].isdigit()
            ]
            near_places = [p for p in self.places if a <= p.start and p.end <= b]
            after = [p for p in near_places if p.start >= ce + self.start]
            pool = after or near_places  # "Summit 2004 (Astana)" before "the Astana summit"
            places = [min(pool, key=lambda x: abs(x.start - (cs + self.start)))] if pool else []
            if not years:
                if places and self.hedged(cs + self.start, ce + self.start):
                    p0 = places[0]
                    out.append(
                        self.claim(
                            min(cs + self.start, p0.start),
                            max(ce + self.start, p0.end),
                            "summit",
                            verdict="unverifiable",
                            hedged=True,
                            reference=as_of.isoformat(),
                        )
                    )
                continue
            explicit = [x for x in years if not x.year_from_context]
            d = min(explicit or years, key=lambda x: abs(x.start - (cs + self.start)))
            days = [x for x in years if x.precision == "day" and x is not d]
            if d.precision != "day" and days:  # "2024 жылғы ... 3-4 шілдеде": the day, that year
                day = days[0]
                d = type(day)(
                    day.start,
                    day.end,
                    day.text,
                    d.value[:4] + day.value[-6:],
                    "day",
                    (d.value[:4] + day.end_value[-6:]) if day.end_value else None,
                    False,
                )
            body = "SCO-CHG" if lx.HEADS_OF_GOVERNMENT_RE.search(self.low[lo:hi]) else "SCO-CHS"
            events = [ev for ev in self.ck.truth.summits(body) if ev.date[:4] == d.value[:4]]
            span_s = min([cs + self.start, d.start] + [p.start for p in places])
            span_e = max([ce + self.start, d.end] + [p.end for p in places])
            if self.overlaps_used(span_s, span_e):
                continue
            if self.hedged(span_s, span_e) or FuzzyDate.parse(d.value[:4]).year > as_of.year:
                out.append(
                    self.claim(
                        span_s,
                        span_e,
                        "summit",
                        verdict="unverifiable",
                        hedged=True,
                        reference=as_of.isoformat(),
                    )
                )
                continue
            if not events:
                verdict = "contradicted" if body == "SCO-CHS" else "unverifiable"
                out.append(
                    self.claim(
                        span_s,
                        span_e,
                        "summit",
                        verdict=verdict,
                        expected="no such meeting in the knowledge base",
                        reference=as_of.isoformat(),
                    )
                )
                continue
            ev = events[0]
            problems, expected = [], []
            if places:
                p = min(places, key=lambda x: abs(x.start - (cs + self.start)))
                expected.append(ev.city_name)
                if p.place != ev.city:
                    problems.append(f"held in {ev.city_name}, not {self.ck.name(p.place)}")
            if d.precision == "day" or (d.end_value and d.precision == "day"):
                expected.append(f"{ev.date}..{ev.end_date or ev.date}")
                last = ev.end_date or ev.date
                if not (ev.date <= d.value <= last):
                    problems.append(f"held on {ev.date}" + (f"-{last}" if last != ev.date else ""))
            if not places and d.precision != "day":
                continue  # a year and the word "summit" alone claim nothing checkable
            evidence = [Evidence(0, f"{ev.name}: {ev.date} in {ev.city_name}", ev.sources)]
            out.append(
                self.claim(
                    span_s,
                    span_e,
                    "summit",
                    verdict="contradicted" if problems else "supported",
                    expected="; ".join(expected),
                    evidence=evidence,
                    reference=as_of.isoformat(),
                    correction=f"the {d.value[:4]} meeting was " + "; ".join(problems)
                    if problems
                    else None,
                )
            )
        return out

    def official_claims(self, as_of: dt.date) -> list[Claim]:
        out: list[Claim] = []
        cues = [
            (m.start(), m.end(), "secretary-general")
            for m in lx.SECRETARY_GENERAL_RE.finditer(self.low)
        ]
        cues += [(m.start(), m.end(), "director") for m in lx.DIRECTOR_RE.finditer(self.low)]
        for m in lx.HEADS_RE.finditer(self.low):  # "heads the Secretariat", "РАТС возглавляет"
            for b in self.mentions:
                if abs(self.rel(b.start) - m.start()) < 60 and b.entity in _HEADED_BODIES:
                    cues.append((m.start(), m.end(), _HEADED_BODIES[b.entity]))
                    break
        for cue_s, cue_e, role in cues:
            if True:
                cs, ce = cue_s + self.start, cue_e + self.start
                persons = [
                    p
                    for p in self.persons
                    if abs(p.start - cs) < 90 and self.same_clause(p.start, cs)
                ]
                if not persons:
                    continue
                p = min(persons, key=lambda x: abs(x.start - cs))
                s, e = min(cs, p.start), max(ce, p.end)
                if self.overlaps_used(s, e):
                    continue
                truth = self.ck.truth.office(p.entity, role)
                if lx.FIRST_RE.search(self.window(s, e, 20)):
                    holders = self.ck.truth.offices(role)
                    first = holders[0] if holders else None
                    ok = first is not None and first["subject"] == p.entity
                    out.append(
                        self.claim(
                            s,
                            e,
                            "official",
                            verdict="supported" if ok else "contradicted",
                            expected=first["name"] if first else None,
                            evidence=truth.evidence,
                            reference=as_of.isoformat(),
                            correction=None
                            if ok or not first
                            else f"the first {role.replace('-', ' ')} was {first['name']}",
                        )
                    )
                    continue
                if self.hedged(s, e):
                    out.append(
                        self.claim(
                            s,
                            e,
                            "official",
                            verdict="unverifiable",
                            hedged=True,
                            reference=as_of.isoformat(),
                        )
                    )
                    continue
                join = lx.JOIN_RE.search(self.window(s, e, 40)) or re.search(
                    r"appoint|назнач|тағайында|since|с\s+\d{4}|\d{4}\s+жылдан", self.window(s, e)
                )
                dates = [d for d in self.dates if abs(d.start - s) < 90 and d.value[:4].isdigit()]
                elected = re.search(
                    r"elect|appoint|избра|назнач|сайла|тағайында", self.window(s, e, 40)
                )
                if (join or elected) and dates and truth.ever():
                    d = min(dates, key=lambda x: abs(x.start - s))
                    p0 = _period(d.value)
                    first = min(iv[0] for iv in truth.intervals)
                    # an election or appointment precedes taking office by up to a year
                    grace = dt.timedelta(days=366 if elected else 0)
                    ok = bool(p0) and p0[0] <= first < p0[1] + grace  # type: ignore[index]
                    out.append(
                        self.claim(
                            min(s, d.start),
                            max(e, d.end),
                            "official",
                            verdict="supported" if ok else "contradicted",
                            expected=first.isoformat(),
                            evidence=truth.evidence,
                            reference=as_of.isoformat(),
                        )
                    )
                    continue
                ref = self.ref(as_of, (s, e))
                negated = self.negated(s, e)
                if self.past(s, e) and ref.label == as_of.isoformat() and not negated:
                    holds = truth.holds_before(ref.end)
                    out.append(
                        self.claim(
                            s,
                            e,
                            "official",
                            verdict="supported" if holds else "contradicted",
                            evidence=truth.evidence,
                            reference=ref.label,
                            expected=None if holds else "never held the post",
                        )
                    )
                    continue
                verdict = _verdict_from_truth(truth, ref, negated, ref.label != as_of.isoformat())
                holders = _overlapping(self.ck.truth.offices(role), ref)
                names = ", ".join(o["name"] for o in holders)
                claim = self._timed(
                    s,
                    e,
                    "official",
                    verdict,
                    truth,
                    ref,
                    negated,
                    names or None,
                    f"on {ref.label} the {role.replace('-', ' ')} was {names}" if names else None,
                )
                out.append(claim)
        return out

    def seat_claims(self) -> list[Claim]:
        if not lx.SEAT_RE.search(self.low):
            return []
        out: list[Claim] = []
        bodies: list[Any] = [
            m for m in self.mentions if m.entity in self.ck.org_ids and m.kind == "body"
        ]
        if not bodies and self.org_ok:  # "the SCO's permanent Secretariat", "Исполком РАТС"
            for m in _BODY_WORDS.finditer(self.low):
                entity = "SCO-SECRETARIAT" if m.group(1) else "RATS"
                bodies.append(_BodyHit(m.start() + self.start, m.end() + self.start, entity))
        for b in bodies:
            seats = self.ck.truth.seats(b.entity)
            near = [
                p
                for p in self.places
                if abs(p.start - b.start) < 70 and self.same_clause(p.start, b.start)
            ]
            if not seats or not near:
                continue
            p = min(near, key=lambda x: abs(x.start - b.start))
            s, e = min(b.start, p.start), max(b.end, p.end)
            if self.overlaps_used(s, e) or not lx.SEAT_RE.search(self.window(s, e, 30)):
                continue
            ok = any(place == p.place for place, _ in seats)
            actual = ", ".join(self.ck.name(place) for place, _ in seats)
            negated = self.negated(s, e)
            verdict = (
                ("contradicted" if ok else "supported")
                if negated
                else ("supported" if ok else "contradicted")
            )
            out.append(
                self.claim(
                    s,
                    e,
                    "seat",
                    verdict=verdict,
                    expected=actual,
                    evidence=[ev for _, t in seats for ev in t.evidence],
                    negated=negated,
                    correction=None
                    if verdict == "supported"
                    else f"{self.ck.name(b.entity)} sits in {actual}",
                )
            )
        return out

    def chair_claims(self, as_of: dt.date) -> list[Claim]:
        out: list[Claim] = []
        t = self.ck.truth
        for m in lx.CHAIR_RE.finditer(self.low):
            cs, ce = m.start() + self.start, m.end() + self.start
            near = [
                c
                for c in self.countries
                if abs(c.start - cs) < 80 and self.same_clause(c.start, cs)
            ]
            if not near:
                continue
            c = min(near, key=lambda x: abs(x.start - cs))
            s, e = min(cs, c.start), max(ce, c.end)
            if self.overlaps_used(s, e):
                continue
            truth = t.chair(c.entity)
            if self.hedged(s, e):
                out.append(
                    self.claim(
                        s,
                        e,
                        "chair",
                        verdict="unverifiable",
                        hedged=True,
                        reference=as_of.isoformat(),
                    )
                )
                continue
            win = self.window(s, e, 60)
            times = lx.COUNT_TIMES_RE.search(win)
            handover = lx.HANDOVER_RE.search(win)
            ref = self.ref(as_of, (s, e))
            acted = lx.CHAIR_VERB_RE.search(self.window(s, e, 25))
            if not (times or handover or acted or ref.label != as_of.isoformat()):
                continue  # "Kazakhstan's chairmanship" names a term; it claims nothing by itself
            if times:
                word = (times.group("ord") or times.group("num") or "").split()[0]
                n = lx.ORDINALS.get(word) or (int(word) if word.isdigit() else 0)
                terms = [iv for iv in truth.intervals if iv[0] < ref.end]
                if not n:
                    continue
                if times.group("ord"):
                    current = [
                        i for i, iv in enumerate(terms, 1) if iv[1] is None or iv[1] > ref.start
                    ]
                    if not current:  # "for the first time" about an undated past term
                        out.append(
                            self.claim(
                                s,
                                e,
                                "chair",
                                verdict="unverifiable",
                                reference=ref.label,
                                expected=f"{len(terms)} terms so far",
                            )
                        )
                        continue
                    got = current[-1]
                else:
                    got = len(terms)
                out.append(
                    self.claim(
                        s,
                        e,
                        "chair",
                        verdict="supported" if got == n else "contradicted",
                        expected=str(got),
                        evidence=truth.evidence,
                        reference=ref.label,
                    )
                )
                continue
            if handover:
                hs = handover.start() + self.rel(max(self.start, s - 60)) + self.start
                givers = [x for x in self.countries if x.end <= hs]
                takers = [x for x in self.countries if x.start >= hs]
                if not givers or not takers:
                    continue
                c, nxt = givers[-1], takers[0]
                s, e = min(s, c.start), max(e, c.end)
                truth = t.chair(c.entity)
                mine = [iv for iv in truth.intervals if iv[0] < ref.end]
                if not mine or mine[-1][1] is None:
                    continue
                successor = t.chair_on(mine[-1][1])
                ok = successor is not None and successor["subject"] == nxt.entity
                out.append(
                    self.claim(
                        min(s, nxt.start),
                        max(e, nxt.end),
                        "chair",
                        verdict="supported" if ok else "contradicted",
                        expected=successor["subject"] if successor else None,
                        evidence=truth.evidence,
                        reference=ref.label,
                    )
                )
                continue
            negated = self.negated(s, e)
            council = self._council_chair_claim(c, s, e, ref)
            if council is not None:
                out.append(council)
                continue
            if self._undated_past(s, e, ref, as_of):
                out.append(self._held_claim(s, e, "chair", truth, ref, negated))
                continue
            verdict = _verdict_from_truth(truth, ref, negated, ref.label != as_of.isoformat())
            actual = _overlapping(t.chairs(), ref)
            claim = self._timed(
                s,
                e,
                "chair",
                verdict,
                truth,
                ref,
                negated,
                ", ".join(x["subject"] for x in actual) or None,
                f"on {ref.label} the chair was " + ", ".join(x["name"] for x in actual)
                if actual
                else None,
            )
            out.append(claim)
        return out

    def status_claims(self, as_of: dt.date) -> list[Claim]:
        cues = [c for c in self.status_cues() if not self.overlaps_used(c[0], c[1])]
        if not cues:
            return []
        out: list[Claim] = []
        t = self.ck.truth
        linked = self._link_countries(cues)
        for c in self.countries:
            cue = linked.get(c.start)
            if cue is None:
                continue
            status = cue[2]
            if status == "partner" and not self._org_next_to(cue):
                continue  # "strategic partner", "trade partner": not the SCO status
            s, e = min(c.start, cue[0]), max(c.end, cue[1])
            if self.overlaps_used(s, e):
                continue
            if self.hedged(s, e):
                out.append(
                    self.claim(
                        s,
                        e,
                        "status",
                        verdict="unverifiable",
                        hedged=True,
                        reference=as_of.isoformat(),
                    )
                )
                continue
            if status == "founder":
                founders = {m["subject"]: m for m in t.founders()}
                negated = self.negated(s, e)
                ok = (c.entity in founders) != negated
                out.append(
                    self.claim(
                        s,
                        e,
                        "founding",
                        verdict="supported" if ok else "contradicted",
                        expected=", ".join(sorted(founders)),
                        reference=as_of.isoformat(),
                        evidence=[
                            t._ev(m["id"], f"{m['name']}: founding member")
                            for m in founders.values()
                        ],
                        negated=negated,
                        correction=None
                        if ok
                        else "the founding states were "
                        + ", ".join(self.ck.name(x) for x in sorted(founders)),
                    )
                )
                continue
            truth = t.status(c.entity, status)
            window = self.window(s, e, 40)
            dates = [
                d
                for d in self.dates
                if min(abs(d.start - e), abs(d.start - cue[0])) < 100 and d.value[:4].isdigit()
            ]
            joins = lx.JOIN_RE.search(window) or re.search(r"since|с\s+\d{4}|жылдан", window)
            if joins and dates:
                d = min(dates, key=lambda x: abs(x.start - e))
                p = _period(d.value)
                first = min((iv[0] for iv in truth.intervals), default=None)
                ok = bool(p and first and p[0] <= first < p[1])
                claim = self.claim(
                    min(s, d.start),
                    max(e, d.end),
                    "status_date",
                    verdict="supported" if ok else "contradicted",
                    expected=first.isoformat() if first else "never",
                    evidence=truth.evidence,
                    reference=as_of.isoformat(),
                )
                if not ok:
                    claim.correction = (
                        f"{self.ck.name(c.entity)} became {status.replace('_', ' ')} on {first}"
                        if first
                        else f"{self.ck.name(c.entity)} never had that status"
                    )
                out.append(claim)
                continue
            ref = self.ref(as_of, (s, e))
            negated = self.negated(s, e)
            if self._undated_past(s, e, ref, as_of):
                out.append(
                    self._held_claim(
                        s, e, "status", truth, ref, negated, self._status_at(c.entity, ref)
                    )
                )
                continue
            verdict = _verdict_from_truth(truth, ref, negated, ref.label != as_of.isoformat())
            claim = self.claim(
                s,
                e,
                "status",
                verdict=verdict,
                expected=self._status_at(c.entity, ref),
                evidence=truth.evidence or self._all_evidence(c.entity),
                reference=ref.label,
                negated=negated,
                intervals=truth.intervals if not negated else [],
                time_bound=not negated,
            )
            if verdict == "outdated":
                claim.valid_during = [format_interval(iv) for iv in truth.intervals]
            if verdict != "supported":
                claim.correction = (
                    f"on {ref.label} {self.ck.name(c.entity)} was "
                    f"{claim.expected or 'not a member, observer or partner'}"
                )
            out.append(claim)
        return out

    def _gap_ok(self, a: int, b: int) -> bool:
        """Is the text between a country and a status word only a predicate ("is a", "became",
        "является", "болып табылады"), the organization's name, a date or an adverb?"""
        gap = self.text[a:b]
        for m in self.mentions:
            if m.entity in self.ck.org_ids and a <= m.start and m.end <= b:
                gap = gap.replace(self.text[m.start : m.end], " ")
        for d in self.dates:
            if a <= d.start and d.end <= b:
                gap = gap.replace(self.text[d.start : d.end], " ")
        words = re.findall(r"[\w’']+|[(),:—–-]", gap.lower().replace("ё", "е"))
        if any(w.isdigit() for w in words):
            return False
        return len(words) <= 8 and all(w in lx.GAP_WORDS for w in words)

    def _link_countries(self, cues: list[tuple[int, int, str]]) -> dict[int, tuple[int, int, str]]:
        """Each country mention → the status word it is predicated of, if any. A coordinated
        list ("India and Pakistan became members") shares the status of its last item."""
        out: dict[int, tuple[int, int, str]] = {}
        countries = sorted(self.countries, key=lambda c: c.start)
        for cue in cues:
            after = [c for c in countries if c.end <= cue[0] and self._gap_ok(c.end, cue[0])]
            before = [c for c in countries if c.start >= cue[1] and self._gap_ok(cue[1], c.start)]
            chain = []
            if after:
                chain = [after[-1]]
                idx = countries.index(after[-1])
                aside = "(" in self.text[after[-1].end : cue[0]]  # a remark on the last item
                while (
                    not aside
                    and idx > 0
                    and _LIST_SEP.fullmatch(
                        self.text[countries[idx - 1].end : countries[idx].start]
                    )
                ):
                    idx -= 1
                    chain.append(countries[idx])
            elif before:
                chain = [before[0]]
                idx = countries.index(before[0])
                while idx + 1 < len(countries) and _LIST_SEP.fullmatch(
                    self.text[countries[idx].end : countries[idx + 1].start]
                ):
                    idx += 1
                    chain.append(countries[idx])
            for c in chain:
                out.setdefault(c.start, cue)
        return out

    def _status_at(self, country: str, ref: _Ref) -> str | None:
        for m in self.ck.truth.statuses_of(country):
            if m["start"] and m["start"] < ref.end and (m["end"] is None or m["end"] > ref.start):
                return m["status"].replace("_", " ")
        return None

    def _all_evidence(self, country: str) -> list[Evidence]:
        return [
            self.ck.truth._ev(
                m["id"], f"{m['name']}: {m['status']} [{m['start']}, {m['end'] or '…'})"
            )
            for m in self.ck.truth.statuses_of(country)
        ]

    def _other_org_between(self, c: Any, cue: tuple[int, int, str]) -> bool:
        lo, hi = min(c.start, cue[0]), max(c.end, cue[1]) + 40
        return any(
            m.kind == "organization" and m.entity not in self.ck.org_ids and lo <= m.start <= hi
            for m in self.mentions
        )

    def _council_chair_claim(self, c: Any, s: int, e: int, ref: _Ref) -> Claim | None:
        """ "The Council of Heads of Government under Kazakhstan's chairmanship in 2023-2024":
        that council's meetings rotate on their own, so check who presided over them."""
        win = self.window(s, e, 110)
        if not lx.HEADS_OF_GOVERNMENT_RE.search(win) or ref.label == "":
            return None
        meetings = [
            m
            for m in self.ck.truth.summits("SCO-CHG")
            if ref.start.isoformat() <= m.date < ref.end.isoformat()
        ]
        if not meetings or ref.end - ref.start > dt.timedelta(days=366 * 3):
            return None
        ok = any(m.chair == c.entity for m in meetings)
        expected = "; ".join(f"{m.date[:4]} {m.city_name} ({m.chair})" for m in meetings)
        evidence = [
            Evidence(0, f"{m.name}: {m.date}, chair {m.chair}", m.sources) for m in meetings
        ]
        return self.claim(
            s,
            e,
            "chair",
            verdict="supported" if ok else "contradicted",
            expected=expected,
            evidence=evidence,
            reference=ref.label,
            correction=None if ok else f"heads-of-government meetings in {ref.label}: {expected}",
        )

    def _timed(
        self,
        s: int,
        e: int,
        kind: str,
        verdict: str,
        truth: Truth,
        ref: _Ref,
        negated: bool,
        expected: str | None,
        correction: str | None,
    ) -> Claim:
        """A claim about what holds at a time: intervals for dating, ``valid_during`` when
        outdated, a correction when not supported."""
        claim = self.claim(
            s,
            e,
            kind,
            verdict=verdict,
            expected=expected,
            evidence=truth.evidence,
            reference=ref.label,
            negated=negated,
            intervals=truth.intervals,
            time_bound=True,
        )
        if verdict == "outdated":
            claim.valid_during = [format_interval(iv) for iv in truth.intervals]
        if verdict != "supported":
            claim.correction = correction
        return claim

    def _undated_past(self, s: int, e: int, ref: _Ref, as_of: dt.date) -> bool:
        """A claim in the past tense (or with no present-tense cue) and no date of its own:
        it says the fact held at some time, not that it holds at the reference date."""
        return ref.label == as_of.isoformat() and (
            self.past(s, e) or not lx.PRESENT_RE.search(self.window(s, e, 35))
        )

    def _held_claim(
        self,
        s: int,
        e: int,
        kind: str,
        truth: Truth,
        ref: _Ref,
        negated: bool,
        expected: str | None = None,
    ) -> Claim:
        """Judge "it held at some time up to the reference date" (or, negated, "never")."""
        holds = truth.holds_before(ref.end)
        verdict = "supported" if holds != negated else "contradicted"
        return self.claim(
            s,
            e,
            kind,
            verdict=verdict,
            evidence=truth.evidence,
            reference=ref.label,
            negated=negated,
            expected=expected,
        )

    def _org_next_to(self, cue: tuple[int, int, str]) -> bool:
        return any(
            (m.entity in self.ck.org_ids and abs(m.start - cue[1]) < 25)
            or (abs(m.end - cue[0]) < 25 and m.entity in self.ck.org_ids)
            for m in self.mentions
        )


def _overlapping(rows: list[dict[str, Any]], ref: _Ref) -> list[dict[str, Any]]:
    """Rows (chairs, office terms) whose [start, end) shares a day with the reference period."""
    return [
        r
        for r in rows
        if r["start"] and r["start"] < ref.end and (r["end"] is None or r["end"] > ref.start)
    ]


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s1, e1 in a:
        for s2, e2 in b:
            s = max(s1, s2)
            ends = [x for x in (e1, e2) if x is not None]
            e = min(ends) if ends else None
            if e is None or s < e:
                out.append((s, e))
    return out


def date_text(claims: list[Claim]) -> tuple[list[Interval], str]:
    """The period in which all time-bound, non-contradicted claims hold together."""
    bound = [
        c for c in claims if c.time_bound and c.verdict in ("supported", "outdated") and c.intervals
    ]
    if not bound:
        return [], "no time-bound claims to date the text by"
    joint = bound[0].intervals
    for c in bound[1:]:
        joint = _intersect(joint, c.intervals)
    if not joint:
        return [], (f"the {len(bound)} time-bound statements never all hold at the same time")
    spans = "; ".join(format_interval(iv) for iv in joint)
    return joint, f"these {len(bound)} statements hold together only between {spans}"
