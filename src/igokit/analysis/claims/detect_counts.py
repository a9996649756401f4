"""Detectors of counts and founding claims ("ten member states", "founded in 2001")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import (
    _PARTITIVE_AFTER_RE,
    _PARTITIVE_RE,
    COUNT_UNITS,
    STATUS_WORDS,
    Claim,
    SentenceBase,
    _intersect,
    _period,
)
from igokit.analysis.claims.truth import Evidence, Interval, format_interval
from igokit.kb.dates import FuzzyDate

_UNITES_RE = lx.UNITES_RE
#: Words allowed between the organization's name and its founding verb.
_FOUNDING_GAP = lx.GAP_WORDS | frozenset(
    {
        *("officially", "formally", "was", "were", "is", "has", "have", "had", "been", "the"),
        *("its", "in", "on", "at", "by", "year", "city", "since", "then"),
        *("была", "был", "было", "году", "года", "г", "в", "городе"),
        *("жылы", "жылғы", "ресми", "түрде", "қаласында", "қаласы"),
    }
)


class CountClaims(SentenceBase):
    def count_claims(self, as_of: dt.date) -> list[Claim]:
        compound = self._compound_count(as_of)
        if compound is not None:
            return [compound]
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
        what = ", ".join(f"{int(q.value)} {STATUS_WORDS.get(st, st)}" for q, st in parts)
        who: dict[str, Any] = {"subjects": [self.ck.org], "relation": "count", "obj": what}
        if self.hedged(s, e):
            return [self.hedged_claim(s, e, kind, as_of, **who)]
        # "the SCO has six members" speaks of the reference date; "the presidents of the six
        # member states met" refers to the states of that meeting (the text's own time)
        predicative = bool(lx.COUNT_PREDICATE_RE.search(self.tense_window(s, e, 40)))
        ref = self.ref(as_of, (s, e), current=predicative)
        t = self.ck.truth
        parts = self._in_source_words(parts, ref)
        founded, _ev = t.founded()
        if kind != "founding" and founded and ref.end <= FuzzyDate.parse(founded["date"]).first_day:
            # "in 1996 ... five states": the organization did not exist yet; the text speaks of
            # its predecessor or of the states, and no true correction can be written
            return [
                self.claim(
                    s,
                    e,
                    kind,
                    verdict="unverifiable",
                    reference=ref.label,
                    reason=f"{ref.label} is before the {self.ck.org} was founded "
                    f"({founded['date']}): the count is about something else",
                    **who,
                )
            ]
        joint: list[Interval] | None = None
        wrong = []
        for q, status in parts:
            if status == "founder":
                if len(t.founders()) != int(q.value):
                    wrong.append(q.text)
                continue
            truth = t.count(status, int(q.value))
            joint = truth.intervals if joint is None else _intersect(joint, truth.intervals)
        verdict = "supported"
        valid: list[Interval] = []
        held: list[Interval] = []
        day = ref.day()  # the day whose counts are shown
        if wrong:
            verdict = "contradicted"
        elif joint is not None and self._past_count(s, e, ref, as_of):
            # "the SCO included two observers": held at some time up to the reference date;
            # shown with the states of the latest day it began to hold
            held = [iv for iv in joint if iv[0] < ref.end]
            verdict = "supported" if held else "contradicted"
            if held:
                day = max(a for a, _ in held)
        elif joint is not None:
            holds = any(a < ref.end and (b is None or b > ref.start) for a, b in joint)
            dated = ref.label != as_of.isoformat()
            verdict = (
                "supported" if holds else ("outdated" if joint and not dated else "contradicted")
            )
            valid = joint
        evidence: list[Evidence] = []
        expected = []
        for _q, status in parts:
            if status == "founder":
                founders = t.founders()
                expected.append(f"{len(founders)} founding states")
                evidence += [t._ev(m["id"], f"{m['name']}: founding member") for m in founders]
                continue
            actual, ev = t.count_on(status, day)
            evidence += ev
            expected.append(f"{actual} {STATUS_WORDS[status]}")
        shown = "; ".join(expected)
        if held:
            shown = f"{shown} during {'; '.join(format_interval(iv) for iv in held)}"
        claim = self.claim(
            s,
            e,
            kind,
            verdict=verdict,
            expected=shown,
            evidence=evidence,
            reference=ref.label,
            intervals=valid or held,
            time_bound=joint is not None,
            **who,
        )
        if held:
            self._as_held(claim)
        if verdict == "outdated":
            claim.valid_during = [format_interval(iv) for iv in valid]
        if verdict != "supported":
            claim.correction = f"on {ref.label} the {self.ck.org} had " + ", ".join(expected)
        return [claim]

    def _in_source_words(self, parts: list[tuple[Any, str]], ref: Any) -> list[tuple[Any, str]]:
        """The statuses counted, in the source's words across the status reform."""
        merger = lx.STATUS_MERGER
        if merger.org != self.ck.org:
            return parts
        if ref.end <= merger.day:
            # before the reform, "partners" means dialogue partners
            return [(q, "dialogue_partner" if st == merger.into else st) for q, st in parts]
        # after it, "14 dialogue partners" counts the older status in the source's own word
        # (true until the reform: outdated, not contradicted by today's number of partners)
        return [(q, _own_word(q.text, st, merger)) for q, st in parts]

    def _past_count(self, s: int, e: int, ref: Any, as_of: dt.date) -> bool:
        """A count in the past tense with no date of its own ("it included two observers")."""
        win = self.tense_window(s, e, 40)
        own_date = ref.label not in (as_of.isoformat(), self.written and self.written.isoformat())
        return (
            not own_date
            and not lx.PRESENT_RE.search(win)
            and bool(lx.PAST_RE.search(win) or lx.PAST_VERB_RE.search(win))
        )

    def _compound_count(self, as_of: dt.date) -> Claim | None:
        """ "the six-member SCO", "the 10-nation bloc": a count of members in an adjective,
        when the organization is named within the next few words."""
        m = lx.COMPOUND_COUNT_RE.search(self.low)
        if m is None:
            return None
        s, e = m.start() + self.start, m.end() + self.start  # the pattern names the bloc
        word = m.group("n")
        n = int(word) if word.isdigit() else lx.ORDINALS.get(word, 0)
        if not n:
            return None
        who: dict[str, Any] = {
            "subjects": [self.ck.org], "relation": "count", "obj": f"{n} member states"
        }
        if self.hedged(s, e):
            return self.hedged_claim(s, e, "member_count", as_of, **who)
        ref = self.ref(as_of, (s, e), current=True)
        truth = self.ck.truth.count("member", n)
        actual, ev = self.ck.truth.count_on("member", ref.day())
        holds = any(a < ref.end and (b is None or b > ref.start) for a, b in truth.intervals)
        dated = ref.label != as_of.isoformat() and not (
            self.written and ref.label == self.written.isoformat()
        )
        verdict = "supported" if holds else ("outdated" if truth.ever() and not dated else
                                             "contradicted")
        claim = self.claim(
            s, e, "member_count", verdict=verdict, expected=f"{actual} member states",
            evidence=ev, reference=ref.label, intervals=truth.intervals, time_bound=True, **who,
        )
        if verdict == "outdated":
            claim.valid_during = [format_interval(iv) for iv in truth.intervals]
        if verdict != "supported":
            claim.correction = f"on {ref.label} the {self.ck.org} had {actual} member states"
        return claim

    def _status_near(self, q: Any) -> str:
        """The status a bare count of states is about: "он мемлекет мүше" (ten states are
        members), "six states founded the SCO", "учредителями выступили шесть государств"."""
        a, b = self.rel(q.start), self.rel(q.end)
        around = self.low[max(0, a - 40) : a] + " " + self.low[b : b + 30]
        now = lx.NOW_RE.search(self.low[max(0, a - 20) : a])  # "құрылған ШЫҰ қазір он ..."
        if not now and (lx.FOUNDER_RE.search(around) or lx.FOUNDING_RE.search(around)):
            return "founder"
        org_here = any(m.entity in self.ck.org_ids for m in self.mentions)
        if (
            org_here
            and q.value >= 2
            and _UNITES_RE.search(self.low[max(0, a - 25) : a] + " " + self.low[b : b + 25])
        ):
            return "member"  # "ШЫҰ алты мемлекетті біріктіреді", "the SCO unites eight states"
        inner = lx.STATUS_RE.search(self.low[a:b])  # "ten full member states"
        if inner and lx.status_of_match(inner) in ("member", "observer", "dialogue_partner"):
            return lx.status_of_match(inner)
        m = lx.STATUS_RE.search(self.low[b : b + 20])
        return lx.status_of_match(m) if m and lx.status_of_match(m) != "founder" else ""

    def _founded_is_about(self, org: Any, s: int, e: int) -> bool:
        """Is the founding verb at ``[s, e)`` said of ``org`` itself ("the SCO was founded",
        "founded the SCO", "ШОС создана") — not of a centre, a council or a mechanism of it?
        Only gap words (auxiliaries, adverbs, dates, the long name) may stand between."""
        if org.end <= s:
            gap = self.text[org.end : s]
        elif org.start >= e:
            gap = self.text[e : org.start]
        else:
            return False
        if len(gap) > 60:
            return False
        for x in [*self.dates, *self.places]:
            gap = gap.replace(self.text[x.start : x.end], " ")
        words = re.findall(r"[\w’']+", gap.lower().replace("ё", "е"))
        return all(w in _FOUNDING_GAP for w in words)

    def _near_founding(self, s: int, e: int, d: Any) -> bool:
        """Is the date close to the founding verb — within 80 characters, or separated from it
        only by the founders' names ("founded by China, Russia, ... and Uzbekistan on ...")?"""
        if abs(d.start - s) < 80:
            return True
        if d.start < e:
            return False
        gap = self.text[e : d.start]
        for m in sorted(self.countries, key=lambda x: -x.start):
            if e <= m.start and m.end <= d.start:
                gap = gap[: m.start - e] + gap[m.end - e :]
        rest = re.sub(r"(?i)\b(?:by|the|people's|republic|republics|federation|of|and|и|central|"
                      r"asian|"
                      r"on|в|және)\b|[,\s]", "", gap)
        return len(rest) < 10

    def founding_claims(self, as_of: dt.date) -> list[Claim]:
        m = lx.FOUNDING_RE.search(self.low)
        if not m or any(self.rel(q.start) <= m.start() < self.rel(q.end) for q in self.quantities):
            return []
        s, e = m.start() + self.start, m.end() + self.start
        if self.overlaps_used(s, e):
            return []
        org_near = any(
            (x.entity == self.ck.org or x.entity == "S5") and self._founded_is_about(x, s, e)
            for x in self.mentions
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
        s5 = lx.PREDECESSOR_RE.search(self.low)
        out: list[Claim] = []
        years = [
            d
            for d in self.dates
            if d.value and d.value[:4].isdigit() and self.same_clause(d.start, s)
        ]
        if years and not s5:
            d = min(years, key=lambda x: abs(x.start - s))
            p = _period(d.value)
            fd = FuzzyDate.parse(founded["date"]).first_day
            tight = any(
                abs(x.start - e) < 18 or abs(s - x.end) < 18
                for x in self.mentions
                if x.entity in self.ck.org_ids
            ) or bool(possessive)
            if p and self._near_founding(s, e, d) and (tight or p[0] <= fd < p[1]):
                ok = p[0] <= fd < p[1]
                claim = self.claim(
                    min(s, d.start),
                    max(e, d.end),
                    "founding",
                    verdict="supported" if ok else "contradicted",
                    expected=founded["date"],
                    evidence=[ev] if ev else [],
                    reference=d.value,
                    subjects=[self.ck.org],
                    relation="founded_on",
                    obj=d.value,
                    reason=f"the {self.ck.org} was founded on {founded['date']}",
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
                    subjects=[self.ck.org],
                    relation="founded_in",
                    obj=p.place,
                    reason=f"the {self.ck.org} was founded in {self.ck.name(founded['place'])}",
                )
            )
        return out


def _own_word(text: str, status: str, merger: Any) -> str:
    """The merged status a count's own words name ("14 dialogue partners"), else ``status``."""
    if status != merger.into:
        return status
    m = lx.STATUS_RE.search(text.lower().replace("ё", "е"))
    named = lx.status_of_match(m) if m else None
    return named if named is not None and named in merger.merged else status
