"""Detectors of summit, official and seat claims."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import (
    _BODY_WORDS,
    _HEADED_BODIES,
    Claim,
    SentenceBase,
    _BodyHit,
    _overlapping,
    _period,
    _verdict_from_truth,
)
from igokit.analysis.claims.truth import Evidence
from igokit.kb.dates import FuzzyDate

_OTHER_SUMMIT_RE = lx.OTHER_SUMMIT_RE


class EventClaims(SentenceBase):
    def _other_summit(self, cue_start: int) -> bool:
        before = self.low[max(0, cue_start - 40) : cue_start]
        if _OTHER_SUMMIT_RE.search(before):
            return True
        lo = cue_start + self.start - 40
        return any(
            m.kind == "organization"
            and m.entity not in self.ck.org_ids
            and lo <= m.start < cue_start + self.start
            for m in self.mentions
        )

    def summit_claims(self, as_of: dt.date) -> list[Claim]:
        cues = [(m.start(), m.end()) for m in lx.SUMMIT_RE.finditer(self.low)]
        out: list[Claim] = []
        for i, (cs, ce) in enumerate(cues):
            if self._other_summit(cs):
                continue  # "the China-Central Asia summit", "the BRICS summit": not this one
            lo = cues[i - 1][1] if i else 0
            hi = cues[i + 1][0] if i + 1 < len(cues) else len(self.low)
            lo, hi = max(lo, cs - 100), min(hi, ce + 100)
            a, b = lo + self.start, hi + self.start
            cue_a, cue_b = cs + self.start, ce + self.start
            # a date or a place binds to the summit only within its clause ("the Charter,
            # signed at the X summit, entered into force on <date>": that date is not the summit's)
            years = [
                d
                for d in self.dates
                if a <= d.start
                and d.end <= b
                and d.value
                and d.value[:4].isdigit()
                and self.in_clause(d, cue_a, cue_b)
                # "in 2017, two years after the Ufa summit": a date before the summit, with a
                # relative time between them, is another event's
                and not (d.end <= cue_a and self.relative_between(d, cue_a, cue_b))
            ]
            near_places = [
                p
                for p in self.places
                if a <= p.start and p.end <= b and self.in_clause(p, cue_a, cue_b)
            ]
            after = [p for p in near_places if p.start >= ce + self.start]
            pool = after or near_places  # "Summit 2004 (Astana)" before "the Astana summit"
            places = [min(pool, key=lambda x: abs(x.start - (cs + self.start)))] if pool else []
            if not years:
                if places and self.hedged(cs + self.start, ce + self.start):
                    p0 = places[0]
                    out.append(
                        self.hedged_claim(
                            min(cs + self.start, p0.start),
                            max(ce + self.start, p0.end),
                            "summit",
                            as_of,
                            subjects=[self.ck.org],
                            relation="summit_held",
                            obj=p0.place,
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
            what: dict[str, Any] = {
                "subjects": [body],
                "relation": "summit_held",
                "obj": ", ".join([d.value] + [p.place for p in places]),
            }
            plan = self.hedged(span_s, span_e) or FuzzyDate.parse(d.value[:4]).year > as_of.year
            happened = [m for m in events if (m.end_date or m.date) < as_of.isoformat()]
            if plan and not (happened and places and self.written and self.written < as_of):
                out.append(self.hedged_claim(span_s, span_e, "summit", as_of, **what))
                continue
            # a plan ("the next summit will be held in X in 2016") read after that meeting was
            # held is judged by where and when it was held
            if not events:
                # a meeting missing from the knowledge base is not proof that it was not held
                verdict = "unverifiable"
                out.append(
                    self.claim(
                        span_s,
                        span_e,
                        "summit",
                        verdict=verdict,
                        expected="no such meeting in the knowledge base",
                        reference=d.value,
                        reason=f"the knowledge base has no {body} meeting in {d.value[:4]}",
                        **what,
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
            nth = lx.ordinal_before(self.low[max(0, cs - 30) : cs]) if body == "SCO-CHS" else None
            word = len(self.low) - len(self.low[ce:].lstrip())  # the next word's start
            if nth is not None and lx.ORDINAL_RELATIVE_RE.search(self.low, word, word + 25):
                nth = None  # "the first summit after the founding": counted from elsewhere
            if nth is not None:
                held = sorted(self.ck.truth.summits(body), key=lambda m: m.date)
                index = next((i for i, m in enumerate(held, 1) if m.date == ev.date), None)
                if index is not None:
                    expected.append(f"meeting no. {index}")
                    if index != nth:
                        problems.append(f"the meeting no. {index}, not {nth}")
            if not places and d.precision != "day" and nth is None:
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
                    reference=d.value,
                    correction=f"the {d.value[:4]} meeting was " + "; ".join(problems)
                    if problems
                    else None,
                    reason=f"{ev.name}: {ev.date}"
                    + (f" to {ev.end_date}" if ev.end_date and ev.end_date != ev.date else "")
                    + f" in {ev.city_name}"
                    + (f"; it was {'; '.join(problems)}" if problems else ""),
                    **what,
                )
            )
        return out

    def official_claims(self, as_of: dt.date) -> list[Claim]:
        if not self.persons:
            return []  # every claim about an office names the person who holds it
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
                # the nearest by the gap between them, a name after the title first on a tie:
                # "Tokayev received Secretary-General Zhang Ming" is about Zhang Ming
                p = min(
                    persons,
                    key=lambda x: (cs - x.end, 1) if x.end <= cs else (max(0, x.start - ce), 0),
                )
                s, e = min(cs, p.start), max(ce, p.end)
                if self.overlaps_used(s, e):
                    continue
                truth = self.ck.truth.office(p.entity, role)
                who: dict[str, Any] = {
                    "subjects": [p.entity], "relation": "holds_office", "obj": role
                }
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
                            subjects=[p.entity],
                            relation="first_holder",
                            obj=role,
                        )
                    )
                    continue
                if self.hedged(s, e):
                    out.append(self.hedged_claim(s, e, "official", as_of, **who))
                    continue
                join = lx.JOIN_RE.search(self.window(s, e, 40)) or re.search(
                    r"appoint|назнач|тағайында|since|с\s+\d{4}|\d{4}\s+жылдан", self.window(s, e)
                )
                dates = [
                    d
                    for d in self.dates
                    if abs(d.start - s) < 90 and d.value[:4].isdigit() and self.in_clause(d, s, e)
                ]
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
                            reference=d.value,
                            subjects=[p.entity],
                            relation="took_office",
                            obj=role,
                            reason=f"{self.ck.name(p.entity)} took office on {first.isoformat()}",
                        )
                    )
                    continue
                # a title with no past verb around it ("Secretary-General X said", the
                # reporting verb aside) is asserted as current; in a report of a past event
                # ("took part were Secretary-General X, ...") it is judged at the text's date
                tense = self.tense_window(s, e, 40)
                current = not (lx.PAST_RE.search(tense) or lx.PAST_VERB_RE.search(tense))
                ref = self.ref(as_of, (s, e), inside=True, current=current)
                negated = self.negated(s, e)
                if (
                    self.past(s, e)
                    and ref.label == as_of.isoformat()
                    and not negated
                    and not self.news
                ):
                    holds = truth.holds_before(ref.end)
                    out.append(
                        self._as_held(self.claim(
                            s,
                            e,
                            "official",
                            verdict="supported" if holds else "contradicted",
                            evidence=truth.evidence,
                            intervals=truth.intervals,
                            reference=ref.label,
                            expected=None if holds else "never held the post",
                            **who,
                        ))
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
                    **who,
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
                    subjects=[b.entity],
                    relation="seat",
                    obj=p.place,
                    reason=f"{self.ck.name(b.entity)} sits in {actual}",
                )
            )
        return out
