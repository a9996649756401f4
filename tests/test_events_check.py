"""Events checked against the knowledge base: confirmed, new or conflict, with the evidence.

Every event here is built by hand; the expected verdicts follow from the curated record (the
summits, chairs, statuses, documents, officials, foundings and initiative steps it ships)."""

from __future__ import annotations

import pytest

from igokit.analysis.events.check import check_events, compatible, verdict_counts
from igokit.analysis.events.model import EVENT_TYPES, Event, Precision
from igokit.api import KnowledgeBase

P: dict[int, Precision] = {4: "year", 7: "month", 10: "day"}


def ev(type_: str, actors: list[str], obj: str | None, date: str | None,
       place: str | None = None) -> Event:
    return Event(type_, actors, obj, date, P[len(date)] if date else None, place)


CASES: list[tuple[Event, str, str | None]] = [
    # summits: a day of a two-day summit, the right year in another city, a date off
    (ev("summit_held", ["UZB"], "SCO-CHS", "2016-06-24", "place:tashkent"), "confirmed", None),
    (ev("summit_held", ["UZB"], "SCO-CHS", "2016-06-23", "UZB"), "confirmed", None),
    (ev("summit_held", ["SCO"], "SCO-CHS", "2016", "place:astana"), "conflict", "Tashkent"),
    (ev("summit_held", ["KAZ"], "SCO-CHS", "2024-07-10", "place:astana"), "conflict",
     "2024-07-03"),
    (ev("summit_held", ["SCO"], "S5", "1996-04-26", "place:shanghai"), "confirmed", None),
    (ev("summit_held", ["SCO"], "SCO-CHS", "2099-06-01", "place:astana"), "new", None),
    # chairs: the term starts the day after the summit that handed it over
    (ev("chair_assumed", ["KAZ"], "SCO", "2023-07-04"), "confirmed", None),
    (ev("chair_assumed", ["RUS"], "SCO", "2023-07-04"), "conflict", "KAZ"),
    (ev("chair_assumed", ["KAZ"], "SCO", "2099-07-04"), "new", None),
    (ev("chair_handed_over", ["IND"], "KAZ", "2023-07-04"), "confirmed", None),
    (ev("chair_handed_over", ["CHN"], "KAZ", "2023-07-04"), "conflict", "IND → KAZ"),
    # statuses: "admitted in 2016" when the record says 2017-06-09; never "new" where the
    # record declares itself complete
    (ev("member_admitted", ["IND"], "member", "2017-06-09"), "confirmed", None),
    (ev("member_admitted", ["IND"], "member", "2016"), "conflict", "2017-06-09"),
    (ev("member_admitted", ["JPN"], "member", "2016"), "conflict", None),
    (ev("status_granted", ["TUR"], "dialogue partner", "2012-06"), "confirmed", None),
    (ev("status_granted", ["TUR"], "observer", "2012"), "conflict", None),
    (ev("status_granted", ["JPN"], "observer", "1990"), "new", None),
    (ev("status_granted", ["BLR"], "observer", "1990"), "conflict", "2015"),
    # a status decided at a summit and put into effect by a memorandum later: either date
    (ev("status_granted", ["QAT"], "dialogue partner", "2022-09"), "confirmed", None),
    (ev("status_granted", ["SAU"], "dialogue partner", "2023-03"), "confirmed", None),
    (ev("status_granted", ["QAT"], "dialogue partner", "2020"), "conflict", "2021-09-17"),
    # steps before a status: judged by the day the record keeps for the step, if it keeps one
    # (the launch of an accession and the memorandum of obligations are membership qualifiers)
    (ev("application_submitted", ["AFG"], "member", "2015"), "new", None),
    (ev("application_submitted", ["IND"], "member", "2019"), "conflict", "2017-06-09"),
    (ev("accession_started", ["IRN"], "member", "2021-09-17"), "confirmed", None),
    (ev("accession_started", ["IRN"], "member", "2022"), "conflict", "2021-09-17"),
    (ev("accession_started", ["IRN"], "member", None), "new", None),
    (ev("accession_started", ["AFG"], "member", "2016"), "new", None),
    (ev("memorandum_signed", ["TUR"], "dialogue_partner", "2013-04-26"), "confirmed", None),
    (ev("memorandum_signed", ["TUR"], "dialogue_partner", "2014"), "conflict", "2013-04-26"),
    (ev("memorandum_signed", ["IRN"], "member", "2022-09-16"), "confirmed", None),
    (ev("memorandum_signed", ["BLR"], "member", "2022-09-16"), "conflict", "2023-07-04"),
    # documents
    (ev("document_adopted", ["SCO"], "Astana Declaration 2024", "2024-07-04"), "confirmed",
     None),
    (ev("document_adopted", ["SCO"], "Astana Declaration 2024", "2023"), "conflict",
     "2024-07-04"),
    (ev("document_adopted", ["SCO"], "doc:sco-charter", "2002-06"), "confirmed", None),
    (ev("document_adopted", ["SCO"], "Convention on interplanetary shipping", "2002"), "new",
     None),
    (ev("document_adopted", ["SCO"], None, "2024-07-04"), "confirmed", None),
    (ev("entered_into_force", ["SCO"], "SCO Charter", "2003-09-19"), "confirmed", None),
    (ev("entered_into_force", ["SCO"], "Charter of the Shanghai Cooperation Organisation",
        "2004"), "conflict", "2003-09-19"),
    (ev("entered_into_force", ["SCO"], "Astana Declaration 2024", "2024"), "new", None),
    # officials
    (ev("official_appointed", ["person:Alimov"], "Secretary-General", "2016-01-01"),
     "confirmed", None),
    (ev("official_appointed", ["person:Alimov"], "Secretary-General", "2018"), "conflict",
     "2016-01-01"),
    (ev("official_appointed", ["person:Smith"], "Secretary-General", "2016-01"), "conflict",
     "Alimov"),
    (ev("official_appointed", ["person:Smith"], "Secretary-General", "2099"), "new", None),
    # bodies
    (ev("body_founded", ["SCO"], "SCO", "2001-06-15", "place:shanghai"), "confirmed", None),
    (ev("body_founded", ["SCO"], "SCO-BC", "2007"), "conflict", "2006-06-14"),
    (ev("body_founded", ["SCO"], "RATS", "2004"), "new", None),
    # Kazakhstan's initiatives
    (ev("initiative_proposed", ["KAZ"], "World Unity initiative", "2023-07-04"), "confirmed",
     None),
    (ev("initiative_supported", ["UN"], "World Unity initiative", "2025-09"), "confirmed",
     None),
    (ev("initiative_adopted", ["SCO"], "World Unity initiative", "2024-07-04"), "confirmed",
     None),
    (ev("initiative_adopted", ["SCO"], "World Unity initiative", "2023"), "conflict",
     "2024-07-04"),
    (ev("initiative_implemented", ["KAZ"], "World Unity initiative", "2024"), "new", None),
    (ev("initiative_proposed", ["KAZ"], "flying cars for all", "2024"), "new", None),
]


def test_every_event_type_is_covered_by_a_case() -> None:
    assert {e.type for e, _, _ in CASES} == set(EVENT_TYPES)
    for verdict in ("confirmed", "new", "conflict"):
        assert any(v == verdict for _, v, _ in CASES)


@pytest.mark.parametrize(("event", "verdict", "expected"), CASES,
                         ids=[f"{e.type}-{e.object}-{e.date}" for e, _, _ in CASES])
def test_check_verdicts(kb: KnowledgeBase, event: Event, verdict: str,
                        expected: str | None) -> None:
    check_events(kb, [event])
    assert event.check is not None
    assert event.check.verdict == verdict, event.check.reason
    assert event.check.reason
    if expected is not None:
        assert event.check.expected and expected in event.check.expected
    if verdict == "confirmed":  # evidence: statements of the record and their sources
        assert event.check.sources
        if event.type != "summit_held" or event.object != "S5":
            assert event.check.statement_ids


def test_evidence_names_the_records_statements(kb: KnowledgeBase) -> None:
    e = ev("member_admitted", ["IND"], "member", "2017-06-09")
    check_events(kb, [e])
    assert e.check is not None
    ids = e.check.statement_ids
    rows = {m.start: m for m in kb.members("SCO", "2017-06-09")}
    assert "2017-06-09" in rows and ids
    assert set(e.check.sources) <= set(rows["2017-06-09"].sources) | {
        s for m in kb.members("SCO", "2017-06-09") for s in m.sources}


def test_compatible_at_the_coarser_precision() -> None:
    assert compatible("2016", "2016-06-24")
    assert compatible("2016-06", "2016-06-24")
    assert not compatible("2016-07", "2016-06-24")
    assert compatible("2016-06-24", "2016-06-23", "2016-06-24")  # a two-day summit
    assert not compatible("2016-06-25", "2016-06-23", "2016-06-24")
    assert compatible("2023-07-04", "2023-07-05", slack_before=1)
    assert not compatible("2023-07-03", "2023-07-05", slack_before=1)
    assert compatible(None, "2020") and compatible("2020", None)


def test_verdict_counts(kb: KnowledgeBase) -> None:
    events = [e for e, _, _ in CASES[:6]]
    for e in events:
        e.check = None
    assert verdict_counts(events)["unchecked"] == 6
    check_events(kb, events)
    counts = verdict_counts(events)
    assert counts == {"confirmed": 3, "conflict": 2, "new": 1}
