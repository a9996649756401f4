"""Detectors of chairmanship and status claims (who chairs, who is a member/observer)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import (
    _LIST_SEP,
    GAP_TOKENS,
    Claim,
    SentenceBase,
    _overlapping,
    _period,
    _Ref,
    _verdict_from_truth,
    overlaps_day,
    shift,
)
from igokit.analysis.claims.steps import step_claim
from igokit.analysis.claims.truth import Evidence, format_interval

_COUNT_KINDS = frozenset({"member_count", "founding", "status", "status_date", "chair"})
#: A status claim yields only to other kinds: each item of a list gets its own status claim.
_NOT_STATUS = frozenset({"member_count", "founding", "chair", "official", "summit", "seat"})


class StatusClaims(SentenceBase):
    def chair_claims(self, as_of: dt.date) -> list[Claim]:
        out: list[Claim] = []
        t = self.ck.truth
        for m in lx.CHAIR_RE.finditer(self.low):
            if lx.CHAIR_TITLE_AFTER_RE.match(self.low, m.end()):
                continue  # "Chairman of the Government V. Zubkov": a title, not a chairmanship
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
            if self.overlaps_used(s, e, _COUNT_KINDS):
                continue
            if lx.PRESIDING_PERSON_RE.search(self.window(cs, ce, 40)) or any(
                abs(p.start - cs) < abs(c.start - cs) for p in self.persons
            ):
                continue  # "<leader>, who chaired the summit, said ...": a person presided
            who: dict[str, Any] = {
                "subjects": [c.entity], "relation": "chaired", "obj": self.ck.org
            }
            truth = t.chair(c.entity)
            if self.hedged(s, e):
                out.append(
                    self._already_chairs(c, s, e, truth, as_of)
                    or self.hedged_claim(s, e, "chair", as_of, **who)
                )
                continue
            win = self.window(s, e, 60)
            times = lx.COUNT_TIMES_RE.search(win)
            handover = lx.HANDOVER_RE.search(win)
            ref = self.ref(as_of, (s, e), inside=True)
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
                                reason="an undated past term: which one is meant is unclear",
                                **who,
                            )
                        )
                        continue
                    got = current[-1]
                else:
                    got = len(terms)
                claim = self.claim(
                    s,
                    e,
                    "chair",
                    verdict="supported" if got == n else "contradicted",
                    expected=str(got),
                    evidence=truth.evidence,
                    reference=ref.label,
                    subjects=[c.entity],
                    relation="chaired_n_times",
                    obj=str(n),
                    reason=f"{self.ck.name(c.entity)} has chaired {got} time(s) by "
                    f"{ref.label}: " + "; ".join(format_interval(iv) for iv in terms),
                )
                if got == n and times.group("ord"):
                    # "chairs for the fourth time": written once the fourth term had begun
                    claim.intervals = [(terms[n - 1][0], None)]
                out.append(claim)
                continue
            if handover:
                hs = handover.start() + self.rel(max(self.start, s - 60)) + self.start
                givers = [x for x in self.countries if x.end <= hs]
                takers = [x for x in self.countries if x.start >= hs]
                if not givers or not takers:
                    continue
                c, nxt = givers[-1], takers[0]
                if re.match(r"took|taken|received|принял|қабылда", handover.group()):
                    c, nxt = nxt, c  # "Kyrgyzstan took the baton from China": China gave it
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
                        subjects=[c.entity, nxt.entity],
                        relation="handed_over_chair",
                        obj=self.ck.org,
                        reason=f"{self.ck.name(c.entity)}'s term ended {mine[-1][1]}; the next "
                        f"chair was {successor['name'] if successor else 'not recorded'}",
                    )
                )
                continue
            negated = self.negated(s, e)
            council = self._council_chair_claim(c, s, e, ref)
            if council is not None:
                out.append(council)
                continue
            if self._undated_past(s, e, ref, as_of):
                out.append(self._held_claim(s, e, "chair", truth, ref, negated, **who))
                continue
            verdict = _verdict_from_truth(truth, ref, negated, ref.label != as_of.isoformat())
            span = re.fullmatch(r"(\d{4})\.\.(\d{4})", ref.label)
            if span and int(span.group(2)) - int(span.group(1)) == 1 and not negated:
                # "the chairmanship of 2022-2023": terms run summit to summit, so the term meant
                # is the one that began in the first year
                began = any(iv[0].year == int(span.group(1)) for iv in truth.intervals)
                verdict = "supported" if began else "contradicted"
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
                **who,
            )
            out.append(claim)
        return out

    def status_claims(self, as_of: dt.date) -> list[Claim]:
        if not self.countries:
            return []  # a status is always a state's: nothing to read (and no cue to find)
        cues = [c for c in self.status_cues() if not self.overlaps_used(c[0], c[1])]
        if not cues:
            return []
        out: list[Claim] = []
        linked = self._link_countries(cues)
        for c in self.countries:
            cue = linked.get(c.start)
            if cue is None:
                continue
            claim = self._status_claim(c, cue, as_of)
            if claim is not None:
                out.append(claim)
        return out

    def _status_claim(self, c: Any, cue: tuple[int, int, str], as_of: dt.date) -> Claim | None:
        """One state of a (possibly coordinated) list and the status word it is predicated of;
        each item of a list is judged on its own."""
        t = self.ck.truth
        status = cue[2]
        if status == "partner" and not self._org_next_to(cue):
            return None  # "strategic partner", "trade partner": not the SCO status
        s, e = min(c.start, cue[0]), max(c.end, cue[1])
        if self.overlaps_used(c.start, c.end, _NOT_STATUS) or self.overlaps_used(
            cue[0], cue[1], _NOT_STATUS
        ):
            return None
        who: dict[str, Any] = {"subjects": [c.entity], "relation": status, "obj": self.ck.org}
        if self.hedged(s, e):
            plan = self._plan_judged_later(c, s, e, status, as_of)
            return plan or self.hedged_claim(s, e, "status", as_of, **who)
        dates = [
            d
            for d in self.dates
            if min(abs(d.start - e), abs(d.start - cue[0])) < 100
            and d.value[:4].isdigit()
            and self.in_clause(d, s, e)
            and not self._other_subject_between(c, d, s, e)
        ]
        step = self._accession_step(s, e)
        if step is not None:
            return step_claim(self, c.entity, s, e, status, step, dates, as_of)
        if status == "founder":
            return self._founder_claim(c, s, e, as_of)
        mg = lx.STATUS_MERGER
        lenient = self.written is None or self.written >= mg.day
        truth = t.status(c.entity, status, lenient)
        window = self.window(s, e, 40)
        joins = lx.JOIN_RE.search(window) or re.search(r"since|с\s+\d{4}|жылдан", window)
        if joins and dates:
            return self._status_date_claim(c, s, e, status, truth, dates)
        ref = self.ref(as_of, (s, e), inside=True)
        negated = self.negated(s, e)
        if self._undated_past(s, e, ref, as_of):
            return self._held_claim(
                s, e, "status", truth, ref, negated, self._status_at(c.entity, ref), **who
            )
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
            **who,
        )
        first = min((iv[0] for iv in truth.intervals), default=None)
        if (
            negated
            and verdict == "contradicted"
            and first is not None
            and lx.NOT_YET_RE.search(self.window(s, e, 30))
        ):
            # "Iran is not yet a member" held until Iran joined
            claim.verdict = verdict = "outdated"
            claim.valid_during = [f"until {(first - dt.timedelta(days=1)).isoformat()}"]
        elif verdict == "outdated":
            claim.valid_during = [format_interval(iv) for iv in truth.intervals]
        if verdict != "supported":
            name = self.ck.name(c.entity)
            actual = claim.expected or "not a member, observer or partner"
            claim.correction = f"on {ref.label} {name} was {actual}"
            history = "; ".join(
                f"{m['status'].replace('_', ' ')} from {m['start']}"
                + (f" to {m['end'] - dt.timedelta(days=1)}" if m["end"] else "")
                for m in t.statuses_of(c.entity)
            )
            claim.reason = (
                f"{name}: {history or 'no status recorded'}; on {ref.label} {name} was {actual}"
            )
        return claim

    def _accession_step(self, s: int, e: int) -> str | None:
        """An accession step named in the claim's clause ("applied", "signed a memorandum of
        obligations", "began the procedure", "invited", "approved") — an event of its own,
        never the status. A grant or an admission *is* the start of the status."""
        lo, hi = self.clause_of(s, e)
        lo, hi = max(lo, s - 60), min(hi, e + 60)  # near the claim, not anywhere in the clause
        found = lx.accession_relation(self.low[self.rel(lo) : self.rel(hi)])
        if found is None or found[0] == "status_granted":
            return None
        return found[0]

    def _founder_claim(self, c: Any, s: int, e: int, as_of: dt.date) -> Claim:
        t = self.ck.truth
        founders = {m["subject"]: m for m in t.founders()}
        negated = self.negated(s, e)
        ok = (c.entity in founders) != negated
        return self.claim(
            s,
            e,
            "founding",
            verdict="supported" if ok else "contradicted",
            expected=", ".join(sorted(founders)),
            reference=as_of.isoformat(),
            evidence=[t._ev(m["id"], f"{m['name']}: founding member") for m in founders.values()],
            negated=negated,
            correction=None
            if ok
            else "the founding states were " + ", ".join(self.ck.name(x) for x in sorted(founders)),
            subjects=[c.entity],
            relation="founder",
            obj=self.ck.org,
        )

    def _plan_judged_later(
        self, c: Any, s: int, e: int, status: str, as_of: dt.date
    ) -> Claim | None:
        """ "Iran will become a member in 2022", read after 2022: a prediction with a date is
        judged by what happened (never on the day it was written, when it was a plan)."""
        if self.written is None or self.written >= as_of:
            return None
        win = self.window(s, e, 40)
        if not lx.PREDICTION_RE.search(win) or not lx.JOIN_RE.search(win):
            return None
        dates = [
            d
            for d in self.dates
            if d.value[:4].isdigit()
            and self.in_clause(d, s, e)
            and abs(d.start - e) < 100
            and not self._other_subject_between(c, d, s, e)
        ]
        if not dates:
            return None
        d = min(dates, key=lambda x: abs(x.start - e))
        p = _period(d.value)
        if p is None or p[1] > as_of or p[0] < self.written:
            return None  # the period has not ended yet, or it was already past when written
        truth = self.ck.truth.status(c.entity, status)
        claim = self._status_date_claim(c, s, e, status, truth, [d])
        claim.reason = "a prediction, judged by what happened: " + claim.reason
        return claim

    def _status_date_claim(
        self, c: Any, s: int, e: int, status: str, truth: Any, dates: list[Any]
    ) -> Claim:
        """ "X became a member in <date>": the date must fall on the status's first day."""
        d = min(dates, key=lambda x: abs(x.start - e))
        p = _period(d.value)
        first = min((iv[0] for iv in truth.intervals), default=None)
        ok = bool(p and first and p[0] <= first < p[1])
        # a start the sources also give (the memorandum that put a decided status into
        # effect): a text dated by it is not wrong
        also = next((f"; {what} on {day}" for day, what in truth.also
                     if p and overlaps_day(day, p)), "")
        ok = ok or bool(also and first)
        if self.negated(s, e):  # "Үндістан 2017 жылы қабылданған жоқ"
            ok = not ok
        name = self.ck.name(c.entity)
        label = status.replace("_", " ")
        claim = self.claim(
            min(s, d.start),
            max(e, d.end),
            "status_date",
            verdict="supported" if ok else "contradicted",
            expected=first.isoformat() if first else "never",
            evidence=truth.evidence,
            intervals=truth.intervals,
            reference=d.value,
            subjects=[c.entity],
            relation=f"became_{status}",
            obj=self.ck.org,
            reason=(
                f"{name} became {label} on {first}" if first else f"{name} was never {label}"
            )
            + also
            + (f", which is {'within' if ok else 'not within'} {d.value}" if first else ""),
        )
        if not ok:
            claim.correction = (
                f"{name} became {label} on {first}" if first else f"{name} never had that status"
            )
        elif (
            lx.PERFECT_SINCE_RE.search(self.window(s, e, 40))
            and self.as_of is not None
            and not truth.holds_on(self.as_of)
            and not self.negated(s, e)
        ):
            # "X has been an observer since 2005": the start is right, but "has been" also
            # says it still holds — read on a later date it is outdated
            claim.verdict = "outdated"
            claim.valid_during = [format_interval(iv) for iv in truth.intervals]
            day_after = shift(self.as_of, dt.timedelta(days=1))
            now = self._status_at(c.entity, _Ref(self.as_of, day_after, self.as_of.isoformat()))
            claim.expected = now
            claim.reason = (
                f"{name} became {label} on {first}, as the text says, but on "
                f"{self.as_of} {name} was {now or 'no longer ' + label}"
            )
            claim.correction = f"on {self.as_of} {name} was {now or 'no longer ' + label}"
        return claim

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
        for p in self.places:  # "... 2015 жылы Уфа саммитінде толық мүше ретінде ..."
            if a <= p.start and p.end <= b:
                gap = gap.replace(self.text[p.start : p.end], " ")
        gap = lx.SUMMIT_RE.sub(" ", gap.lower())
        words = GAP_TOKENS.findall(gap.lower().replace("ё", "е"))
        if any(w.isdigit() for w in words):
            return False
        return len(words) <= 8 and all(w in lx.GAP_WORDS for w in words)

    def _link_countries(self, cues: list[tuple[int, int, str]]) -> dict[int, tuple[int, int, str]]:
        """Each country mention → the status word it is predicated of, if any. A coordinated
        list ("India and Pakistan became members") shares the status of its last item."""
        out: dict[int, tuple[int, int, str]] = {}
        countries = sorted(self.countries, key=lambda c: c.start)
        countries = [c for c in countries if not self._governed(c)]
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

    def _other_subject_between(self, c: Any, d: Any, s: int, e: int) -> bool:
        """Another state named between the claim and the date: the date is that state's
        ("Iran is now a member and Belarus is set to join by 2024")."""
        lo, hi = (e, d.start) if d.start >= e else (d.end, s)
        return any(o.entity != c.entity and lo <= o.start < hi for o in self.countries)

    def _governed(self, c: Any) -> bool:
        """Is the country governed by a preposition or a locative ending ("accredited in
        Uzbekistan", "в Узбекистане", "Қазақстанда")? Then it is not the subject of a status."""
        before = self.text[max(self.start, c.start - 12) : c.start].lower()
        if lx.GOVERNING_BEFORE_RE.search(before):
            return True
        return bool(lx.GOVERNING_ENDING_RE.search(self.text[c.start : c.end].lower()))

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

    def _already_chairs(
        self, c: Any, s: int, e: int, truth: Any, as_of: dt.date
    ) -> Claim | None:
        """ "X will take over the chairmanship in 2026" while X has held it since 2025: the
        hand-over it announces has already happened."""
        takes = r"take\s+over|assume|receive|примет|перейд|қабылда"
        if not re.search(takes, self.window(s, e, 40)):
            return None
        term = next(
            (iv for iv in truth.intervals if iv[0] <= as_of and (iv[1] is None or as_of < iv[1])),
            None,
        )
        later = [
            d for d in self.dates if d.value[:4].isdigit() and self.in_clause(d, s, e)
            and (_period(d.value) or (as_of, as_of))[0] > term[0]
        ] if term else []
        if term is None or not later:
            return None
        name = self.ck.name(c.entity)
        return self.claim(
            s,
            e,
            "chair",
            verdict="contradicted",
            expected=f"chair since {term[0]}",
            evidence=truth.evidence,
            reference=as_of.isoformat(),
            subjects=[c.entity],
            relation="takes_over_chair",
            obj=later[0].value,
            reason=f"{name} has chaired the {self.ck.org} since {term[0]}: the hand-over the text "
            f"expects in {later[0].value} had already happened on {as_of}",
            correction=f"{name} took over the chairmanship on {term[0]}",
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
            subjects=[c.entity],
            relation="chaired_council",
            obj="SCO-CHG",
        )
