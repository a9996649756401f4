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
from collections.abc import Callable
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import Claim, _period
from igokit.analysis.claims.truth import Evidence

Period = tuple[dt.date, dt.date]


def _overlaps(day: str, p: Period) -> bool:
    q = _period(day)
    return q is not None and q[0] < p[1] and p[0] < q[1]


def _label(relation: str) -> str:
    return {
        "admission_approved": "admission decision",
        "status_granted": "status decision",
        "procedure_started": "accession procedure launch",
        "memorandum_signed": "memorandum signing",
    }.get(relation, relation.replace("_", " "))


def step_claim(
    sent: Any, country: str, s: int, e: int, status: str, step: str, dates: list[Any],
    as_of: dt.date,
) -> Claim:
    """The claim that ``country`` went through ``step`` toward ``status``; ``dates`` are the
    dates of the claim's clause that may situate it (nearest first is taken)."""
    t = sent.ck.truth
    name = sent.ck.name(country)
    org = sent.ck.org
    label = _label(step)
    recorded: list[tuple[str, str, Evidence]] = [
        x for x in t.steps(country, status) if x[0] != "status_granted" or step == x[0]
    ]
    mine = [day for rel, day, _ in recorded if rel == step]
    parsed: dict[str, Any] = {
        "subjects": [country], "relation": step, "obj": f"{status.replace('_', ' ')} of {org}",
    }

    def unverifiable(reason: str) -> Claim:
        return sent.claim(s, e, "accession", verdict="unverifiable",
                          reference=as_of.isoformat(), reason=reason, **parsed)

    if not mine:
        return unverifiable(
            f"a step toward a status ({step.replace('_', ' ')}), not the status itself; the "
            f"knowledge base records no such step for {name}"
        )
    if sent.negated(s, e):
        return unverifiable(f"a step said not to have happened ({label}): not judged")
    lo, hi = sent.clause_of(s, e)
    if step == "memorandum_signed" and not lx.SIGNED_RE.search(
        sent.low, sent.rel(max(lo, s - 60)), sent.rel(min(hi, e + 60))
    ):
        return unverifiable("the memorandum is not said to be signed (a draft may be approved "
                            "or sent before the signing): not judged")
    evidence = list({id(ev): ev for _, _, ev in recorded}.values())
    history = "; ".join(f"{_label(rel)} {day}" for rel, day, _ in recorded)

    def judged(verdict: str, reference: str, reason: str, correction: str | None = None
               ) -> Claim:
        claim = sent.claim(s, e, "accession", verdict=verdict, reference=reference,
                           evidence=evidence, expected=", ".join(mine), reason=reason, **parsed)
        claim.correction = correction
        return claim

    # a step happens on a day: a range ("the programme for 2022-2024") is another thing's time
    dates = [d for d in dates if not getattr(d, "end_value", None)]
    if dates:
        d = min(dates, key=lambda x: abs(x.start - e))
        p = _period(d.value)
        if p is None:
            return unverifiable(f"the date {d.value!r} could not be read")
        hit = [day for day in mine if _overlaps(day, p)]
        if hit:
            return judged("supported", d.value, f"{name}: {label} on {hit[0]}, within {d.value}")
        other = [(rel, day) for rel, day, _ in recorded if rel != step and _overlaps(day, p)]
        if other:
            return unverifiable(
                f"within {d.value} the record has {name}'s {_label(other[0][0])} "
                f"({other[0][1]}), not its {label}: the text may call that step so"
            )
        return judged(
            "contradicted", d.value,
            f"{name}'s {label} was on {mine[0]}, not within {d.value} ({history})",
            f"{name}'s {label} was on {mine[0]}",
        )
    # no date of its own: the step is placed before the text's date (or before today)
    day = sent.written or as_of
    claim = _undated_step(name, step, recorded, mine, day, judged, unverifiable)
    if claim.parsed is not None:  # what it says: the step happened at some time up to ``day``
        claim.parsed.time, claim.parsed.time_source = day.isoformat(), "past"
    return claim


def _undated_step(
    name: str, step: str, recorded: list[tuple[str, str, Evidence]], mine: list[str],
    day: dt.date, judged: Callable[..., Claim], unverifiable: Callable[[str], Claim],
) -> Claim:
    """A step the clause does not date: it happened before ``day`` (the text's date)."""
    label = _label(step)
    first = _period(mine[0])
    if first is not None and first[0] <= day:
        return judged("supported", day.isoformat(),
                      f"{name}: {label} on {mine[0]}, before {day}")
    recent = [
        (rel, d) for rel, d, _ in recorded
        if rel != step and (q := _period(d)) is not None
        and day - dt.timedelta(days=lx.STEP_NEWS_DAYS) <= q[0] <= day
    ]
    if recent:
        return unverifiable(
            f"the record has {name}'s {_label(recent[0][0])} on {recent[0][1]}, shortly before "
            f"{day}: the text may call that step so"
        )
    done = [f"{_label(rel)} {d}" for rel, d, _ in recorded
            if (q := _period(d)) is not None and q[1] <= day]
    so_far = "; by then only: " + ", ".join(done) if done else ""
    return judged(
        "contradicted", day.isoformat(),
        f"by {day} {name}'s {label} had not happened: it came on {mine[0]}{so_far}",
        f"{name}'s {label} came on {mine[0]}" + (f"; by {day}: " + ", ".join(done) if done
                                                  else ""),
    )
