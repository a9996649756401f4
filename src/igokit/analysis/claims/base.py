"""Shared pieces of claim checking: the Claim record, reference periods, cue constants and
the sentence context every detector works on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.truth import Evidence, Interval, Truth, format_interval
from igokit.kb.dates import FuzzyDate
from igokit.text.pipeline import Extraction

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
    r"ішінде|арасында)\W*$"
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


class SentenceBase:
    """One sentence with its mentions, dates, quantities and cue words, lower-cased."""

    def __init__(
        self, ck: Any, text: str, start: int, end: int, ex: Extraction, about_org: bool
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
        self.used: list[tuple[int, int, str]] = []
        self.news = False

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
        if lx.CURRENT_RE.search(self.low[self.rel(s) : self.rel(e)]):
            return False  # "Председательствующий ... Китай предложил": the role is current
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

    def ref(
        self, as_of: dt.date, exclude: tuple[int, int] | None = None, inside: bool = False
    ) -> _Ref:
        """The sentence's own date (a year or a day it names) near the claim, or the reference
        date. ``inside``: a date within the claim's span counts ("chaired in 2022-2023");
        otherwise it is the claim's own figure and is skipped."""
        for d in self.dates:
            if exclude and not inside and d.start < exclude[1] and exclude[0] < d.end:
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
        self.used.append((s, e, kind))
        return Claim(s, e, self.text[s:e], kind, **kw)

    def hedged_claim(self, s: int, e: int, kind: str, as_of: dt.date) -> Claim:
        """A claim the sentence hedges or puts in the future: never judged true or false."""
        return self.claim(
            s, e, kind, verdict="unverifiable", hedged=True, reference=as_of.isoformat()
        )

    def overlaps_used(self, s: int, e: int, kinds: frozenset[str] | None = None) -> bool:
        """Is the span taken by an earlier claim (of one of ``kinds``, when given)?"""
        return any(s < ue and us < e and (kinds is None or k in kinds) for us, ue, k in self.used)

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
