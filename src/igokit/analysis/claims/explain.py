"""The last step of every claim: the precision gate and the reason shown to a reader.

**Precision gate.** A false alarm costs a fact-checker more than a miss, so an alarm
(contradicted/outdated) stands only when the claim's subject, relation and time are resolved;
otherwise the verdict becomes ``unverifiable`` and the reason says what was missing.

**Reason.** One sentence a reader can check: what the knowledge base says, and why that makes
the claim supported, contradicted or outdated at the reference time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import Claim
from igokit.errors import IGOkitError
from igokit.kb.dates import FuzzyDate

ALARMS = frozenset({"contradicted", "outdated"})
#: Claim types that are about a subject (a state or a person); without one, no alarm.
_NEEDS_SUBJECT = frozenset({"status", "status_date", "chair", "official", "accession"})


def finish(claim: Claim, checker: Any, as_of: dt.date, rebuttal: str | None = None) -> Claim:
    """Apply the precision gate and write the reason (detectors may have written one).
    ``rebuttal``: the word by which the text itself calls the claim wrong, if any."""
    p = claim.parsed
    if claim.verdict in ALARMS and rebuttal:
        return _not_judged(claim, f"the text itself calls this wrong (\"{rebuttal}\"): it "
                                  "reports a mistaken claim, it does not make it")
    if claim.verdict in ALARMS and p is not None:
        missing = []
        if claim.type in _NEEDS_SUBJECT and not p.subjects:
            missing.append("who the claim is about")
        if not claim.evidence and not claim.expected and claim.type not in ("summit",):
            missing.append("a knowledge-base statement to compare with")
        if missing:
            return _not_judged(claim, "could not resolve " + " and ".join(missing))
    if not claim.reason:
        claim.reason = _default_reason(claim, checker, as_of)
    if claim.verdict in ALARMS or claim.verdict == "supported":
        _as_far_as_known(claim, checker, getattr(checker, "checked_until", None))
    return claim


def _not_judged(claim: Claim, why: str) -> Claim:
    """Turn ``claim`` into ``unverifiable``, with ``why`` as the reason and no correction."""
    claim.verdict = "unverifiable"
    claim.reason = "not judged: " + why
    claim.correction = None
    claim.valid_during = []
    return claim


def _may_chair(subjects: list[str], terms: list[dict[str, Any]], checker: Any,
               checked: dt.date) -> bool:
    """Whether a state the claim names may chair after the latest hand-over the knowledge base
    knows: the current chair may have handed over, and every member chairs once a round, so a
    state that chaired in the round's other recent terms cannot chair yet (its claim is judged
    as usual), while one that has not may be the next. (A current chair that also chaired
    earlier in the round is still the current chair.)"""
    members, _ev = checker.truth.count_on("member", checked)
    current = terms[-1]["subject"]
    recent = {t["subject"] for t in terms[-max(1, members - 1):-1]} - {current}
    return any(s not in recent for s in subjects) if subjects else True


def _as_far_as_known(claim: Claim, checker: Any, checked: dt.date | None) -> None:
    """A claim about a time after the day the knowledge base was last checked against its
    sources. Who chairs, a year or more after the latest hand-over it knows, is not judged
    (the chairmanship passes at each yearly summit). An alarm's correction is stated for that
    day (what happened since may be missing, so "on <later day> the SCO had 10 member states"
    might not be a true sentence), and the reason of every verdict says so."""
    p = claim.parsed
    if checked is None or p is None or p.time_source == "past" or not claim.reference:
        return
    try:
        first = FuzzyDate.parse(claim.reference).first_day
    except (IGOkitError, ValueError, OverflowError):  # a range or a label, not one date
        return
    if first <= checked:
        return
    # (a count of terms, "for the fourth time", is judged as usual: the record counts them)
    if (claim.type == "chair" and p.time_source == "reference date"
            and p.relation != "chaired_n_times"):
        terms = sorted((c for c in checker.truth.chairs() if c["start"]),
                       key=lambda c: c["start"])
        latest = terms[-1]["start"] if terms else None
        if latest and (first - latest).days >= lx.CHAIR_ROTATION_DAYS and _may_chair(
                p.subjects, terms, checker, checked):
            _not_judged(claim, f"the chairmanship passes at each yearly summit; the knowledge "
                               f"base, checked against sources up to {checked}, has its latest "
                               f"hand-over on {latest}, and on {first} another state may chair")
            return
    prefix = f"on {claim.reference} "
    if claim.correction and claim.correction.startswith(prefix):
        claim.correction = f"by {checked}, " + claim.correction[len(prefix):]
    claim.reason += (f" (the knowledge base is checked against sources up to {checked}: a "
                     "change after that day may be missing)")


def _when(claim: Claim) -> str:
    p = claim.parsed
    if p is not None and p.time_source == "clause":
        return f"in {p.time}, the time the text gives"
    if p is not None and p.time_source == "past":
        return f"at some time up to {claim.reference or 'the reference date'}"
    return f"on {claim.reference}"


def _facts(claim: Claim, n: int = 3) -> str:
    texts = [e.text for e in claim.evidence[:n]]
    more = len(claim.evidence) - n
    return "; ".join(texts) + (f" (+{more} more)" if more > 0 else "")


def _default_reason(claim: Claim, checker: Any, as_of: dt.date) -> str:
    facts = _facts(claim)
    said = " (the text reports someone's words)" if claim.attributed else ""
    if claim.verdict == "supported":
        basis = f": {facts}" if facts else (f": {claim.expected}" if claim.expected else "")
        return f"holds {_when(claim)}{said} — knowledge base{basis}"
    if claim.verdict == "outdated":
        during = "; ".join(claim.valid_during)
        return (
            f"true during {during}, but not {_when(claim)}{said}"
            + (f" — {claim.expected}" if claim.expected else "")
        )
    if claim.verdict == "contradicted":
        expected = f"the knowledge base says {claim.expected}" if claim.expected else "no match"
        return f"does not hold {_when(claim)}{said}: {expected}" + (f" ({facts})" if facts else "")
    return "not decidable from the knowledge base"
