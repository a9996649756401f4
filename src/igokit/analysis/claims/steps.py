"""Accession steps judged by their own record ("the heads of state decided to grant Iran full
membership", "the memorandum of obligations was signed in Tashkent on 24 June 2016").

A step is never read as the status itself. The knowledge base dates some steps: the decision that
granted a status is the status's start; the launch of an accession procedure and the signing of a
memorandum are qualifiers of the membership statement (docs/data-format.md). A step it does not
date ("applied", "invited") stays unverifiable.

Precision first: a step is contradicted only when its own record is dated and nothing else the
record holds for that state could be what the text loosely calls by that name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import Claim, _period, overlaps_day
from igokit.analysis.claims.truth import Evidence

Step = tuple[str, str, Evidence]  # (relation, day as written, evidence)


class _Judgement(NamedTuple):
    verdict: str  # "unverifiable" means not judged: ``reason`` says why
    reason: str
    reference: str | None = None  # the date or day the step is judged at
    correction: str | None = None


def _label(relation: str) -> str:
    return {
        "admission_approved": "admission decision",
        "procedure_started": "accession procedure launch",
        "memorandum_signed": "memorandum signing",
    }.get(relation, relation.replace("_", " "))


def step_claim(
    sent: Any, country: str, s: int, e: int, status: str, step: str, dates: list[Any],
    as_of: dt.date,
) -> Claim:
    """The claim that ``country`` went through ``step`` toward ``status``; ``dates`` are the
    dates of the claim's clause that may situate it (the nearest is taken)."""
    name = sent.ck.name(country)
    recorded: list[Step] = sent.ck.truth.steps(country, status)
    # a step happens on a day: a range of years ("the programme for 2022-2024") is another
    # thing's time
    dated = [d for d in dates if not d.spans_years]
    d = min(dated, key=lambda x: abs(x.start - e)) if dated else None
    day = sent.written or as_of  # an undated step happened before the text's date
    placed = False  # judged as happening at some time up to ``day``
    if not any(rel == step for rel, _, _ in recorded):
        j = _Judgement("unverifiable", f"a step toward a status ({step.replace('_', ' ')}), not "
                       f"the status itself; the knowledge base records no such step for {name}")
    elif sent.negated(s, e):
        j = _Judgement("unverifiable", f"a step said not to have happened ({_label(step)}): "
                       "not judged")
    elif step == "memorandum_signed" and not _said_signed(sent, s, e):
        j = _Judgement("unverifiable", "the memorandum is not said to be signed (a draft may "
                       "be approved or sent before the signing): not judged")
    elif d is not None:
        j = _at_date(name, step, recorded, d.value, d.end_value)
    else:
        j = _before_day(name, step, recorded, day)
        placed = True
    judged = j.verdict != "unverifiable"
    claim = sent.claim(
        s, e, "accession", verdict=j.verdict, reference=j.reference or as_of.isoformat(),
        evidence=list({id(ev): ev for _, _, ev in recorded}.values()) if judged else [],
        expected=", ".join(x for rel, x, _ in recorded if rel == step) if judged else None,
        reason=j.reason, subjects=[country], relation=step,
        obj=f"{status.replace('_', ' ')} of {sent.ck.org}",
    )
    claim.correction = j.correction
    if placed and claim.parsed is not None:
        # what it says: the step happened at some time up to ``day``
        claim.parsed.time, claim.parsed.time_source = day.isoformat(), "past"
    return claim


def _said_signed(sent: Any, s: int, e: int) -> bool:
    lo, hi = sent.clause_of(s, e)
    return bool(lx.SIGNED_RE.search(sent.low, sent.rel(max(lo, s - 60)),
                                    sent.rel(min(hi, e + 60))))


def _at_date(name: str, step: str, recorded: list[Step], first: str, last: str | None
             ) -> _Judgement:
    """A step the clause dates (a day, month or year, or a range of days): its recorded day
    must fall within that date."""
    a, b = _period(first), _period(last or first)
    value = f"{first}..{last}" if last else first
    if a is None or b is None:
        return _Judgement("unverifiable", f"the date {value!r} could not be read")
    p = (a[0], b[1])
    label = _label(step)
    mine = [day for rel, day, _ in recorded if rel == step]
    hit = [day for day in mine if overlaps_day(day, p)]
    if hit:
        return _Judgement("supported", f"{name}: {label} on {hit[0]}, within {value}", value)
    other = [(rel, day) for rel, day, _ in recorded if rel != step and overlaps_day(day, p)]
    if other:
        return _Judgement("unverifiable", f"within {value} the record has {name}'s "
                          f"{_label(other[0][0])} ({other[0][1]}), not its {label}: the text "
                          "may call that step so")
    history = "; ".join(f"{_label(rel)} {day}" for rel, day, _ in recorded)
    return _Judgement("contradicted", f"{name}'s {label} was on {mine[0]}, not within {value} "
                      f"({history})", value, f"{name}'s {label} was on {mine[0]}")


def _before_day(name: str, step: str, recorded: list[Step], day: dt.date) -> _Judgement:
    """A step the clause does not date: it happened before ``day`` (the text's date)."""
    label = _label(step)
    first = min(d for rel, d, _ in recorded if rel == step)
    q = _period(first)
    if q is not None and q[0] <= day:
        return _Judgement("supported", f"{name}: {label} on {first}, before {day}",
                          day.isoformat())
    recent = [(rel, d) for rel, d, _ in recorded if rel != step and (r := _period(d))
              and day - dt.timedelta(days=lx.STEP_NEWS_DAYS) <= r[0] <= day]
    if recent:
        return _Judgement("unverifiable", f"the record has {name}'s {_label(recent[0][0])} on "
                          f"{recent[0][1]}, shortly before {day}: the text may call that step so")
    done = [f"{_label(rel)} {d}" for rel, d, _ in recorded if (r := _period(d)) and r[1] <= day]
    return _Judgement(
        "contradicted",
        f"by {day} {name}'s {label} had not happened: it came on {first}"
        + ("; by then only: " + ", ".join(done) if done else ""),
        day.isoformat(),
        f"{name}'s {label} came on {first}" + (f"; by {day}: " + ", ".join(done) if done else ""),
    )
