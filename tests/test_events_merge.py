"""Reports of one event across documents merge into one event; details they disagree on are
kept side by side, and the event shows what most reports say."""

from __future__ import annotations

from igokit.analysis.events.merge import merge_events
from igokit.analysis.events.model import Event, EventReport


def _ev(kind: str, actors: list[str], obj: str | None, date: str | None,
        place: str | None = None, doc: int = 1, lang: str = "en") -> Event:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date or ""))
    return Event(type=kind, actors=actors, object=obj, date=date,
                 precision=precision, place=place,  # type: ignore[arg-type]
                 reports=[EventReport(doc_id=doc, start=0, end=5, text="x", lang=lang)])


def test_a_once_only_event_reported_with_different_years_is_one_event_with_variants() -> None:
    merged = merge_events([
        _ev("member_admitted", ["IND"], "member", "2016", doc=1),
        _ev("member_admitted", ["IND"], "member", "2017-06-09", "place:astana", doc=2),
        _ev("member_admitted", ["IND"], "member", "2017-06-09", "place:astana", doc=3,
            lang="ru"),
    ])
    (event,) = merged
    assert event.n_reports == 3
    assert (event.date, event.precision, event.place) == ("2017-06-09", "day", "place:astana")
    assert sorted(event.variants["date"]) == ["2016", "2017-06-09"]
    assert "place" not in event.variants  # only one place is given


def test_the_place_most_reports_give_wins_and_the_other_is_kept() -> None:
    merged = merge_events([
        _ev("body_founded", ["SCO"], "SCO", "2001-06-15", "place:tashkent", doc=1),
        _ev("body_founded", ["SCO"], "SCO", "2001-06-15", "place:shanghai", doc=2),
        _ev("body_founded", ["SCO"], "SCO", "2001-06-14", "place:shanghai", doc=3),
        _ev("body_founded", ["SCO"], "SCO", "2001-06-15", None, doc=4),
    ])
    (event,) = merged
    assert (event.date, event.place) == ("2001-06-15", "place:shanghai")
    assert sorted(event.variants["place"]) == ["place:shanghai", "place:tashkent"]
    assert sorted(event.variants["date"]) == ["2001-06-14", "2001-06-15"]


def test_events_that_recur_stay_apart() -> None:
    merged = merge_events([
        _ev("chair_assumed", ["KAZ"], "SCO", "2016-06"),
        _ev("chair_assumed", ["KAZ"], "SCO", "2023-07"),
        _ev("summit_held", ["KAZ"], "SCO-CHS", "2010"),
        _ev("summit_held", ["KAZ"], "SCO-CHS", "2011"),  # a summit a year later is another one
        _ev("document_adopted", ["SCO"], "declaration", "2024-07-04"),
        _ev("document_adopted", ["SCO"], "declaration", "2025-09-01"),
    ])
    assert len(merged) == 6
    assert [e.date for e in merged] == sorted(e.date or "" for e in merged)


def test_an_undated_report_joins_the_dated_event() -> None:
    merged = merge_events([
        _ev("status_granted", ["TUR"], "dialogue_partner", None, doc=1),
        _ev("status_granted", ["TUR"], "dialogue_partner", "2012-06", doc=2),
    ])
    (event,) = merged
    assert event.date == "2012-06" and event.n_reports == 2 and not event.variants
