"""Answers that must match the public record of the SCO, date by date."""

from __future__ import annotations

import pytest

from igokit.api import KnowledgeBase
from igokit.errors import UnknownEntityError

FOUNDERS = {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2001-06-15", FOUNDERS),
        ("2017-06-08", FOUNDERS),
        ("2017-06-09", FOUNDERS | {"IND", "PAK"}),
        ("2023-07-03", FOUNDERS | {"IND", "PAK"}),
        ("2023-07-04", FOUNDERS | {"IND", "PAK", "IRN"}),
        ("2024-07-03", FOUNDERS | {"IND", "PAK", "IRN"}),
        ("2024-07-04", FOUNDERS | {"IND", "PAK", "IRN", "BLR"}),
        ("2026-01-01", FOUNDERS | {"IND", "PAK", "IRN", "BLR"}),
    ],
)
def test_queries_members_on_key_dates(kb: KnowledgeBase, on: str, expected: set[str]) -> None:
    rows = kb.members("SCO", on=on)
    assert {m.iso3 for m in rows} == expected
    assert all(m.sources for m in rows)


def test_queries_members_before_founding_is_empty(kb: KnowledgeBase) -> None:
    assert list(kb.members("SCO", on="2001-06-14")) == []
    assert {m.iso3 for m in kb.members("S5", on="1999")} == FOUNDERS - {"UZB"}


def test_queries_founders_are_marked(kb: KnowledgeBase) -> None:
    rows = kb.members("SCO", on="2024-07-04")
    assert {m.iso3 for m in rows if m.founding} == FOUNDERS


@pytest.mark.parametrize(
    ("on", "status", "expected"),
    [
        ("2004-12-31", "observer", {"MNG"}),
        ("2005-07-05", "observer", {"MNG", "IND", "PAK", "IRN"}),
        ("2016-01-01", "observer", {"AFG", "BLR", "IND", "IRN", "MNG", "PAK"}),
        ("2016-01-01", "dialogue_partner", {"ARM", "AZE", "KHM", "NPL", "LKA", "TUR"}),
        ("2024-03-01", "dialogue_partner",
         {"ARM", "AZE", "KHM", "NPL", "LKA", "TUR", "EGY", "QAT", "SAU", "BHR", "KWT", "MDV",
          "MMR", "ARE"}),
    ],
)
def test_queries_observers_and_dialogue_partners(kb: KnowledgeBase, on: str, status: str,
                                                 expected: set[str]) -> None:
    assert {m.iso3 for m in kb.members("SCO", on=on, status=status)} == expected


def test_queries_partial_date_covers_the_whole_year(kb: KnowledgeBase) -> None:
    rows = kb.members("SCO", on="2017", status="all")
    india = {(m.status, m.start) for m in rows if m.iso3 == "IND"}
    assert {s for s, _ in india} == {"observer", "member"}
    assert "whole year" in (rows.read_as or "")


def test_queries_india_observer_interval_is_half_open(kb: KnowledgeBase) -> None:
    rows = [m for m in kb.members("SCO", on="2017-06-09", status="all") if m.iso3 == "IND"]
    assert [(m.status, m.start) for m in rows] == [("member", "2017-06-09")]


@pytest.mark.parametrize(
    ("on", "iso3"),
    [("2005-01-01", "KAZ"), ("2011-01-01", "KAZ"), ("2017-01-01", "KAZ"), ("2024-01-01", "KAZ"),
     ("2024-07-05", "CHN"), ("2023-01-01", "IND"), ("2020-06-01", "RUS"), ("2018-01-01", "CHN"),
     ("2002-01-01", "RUS"), ("2021-01-01", "TJK"), ("2022-01-01", "UZB")],
)
def test_queries_chair_on_date(kb: KnowledgeBase, on: str, iso3: str) -> None:
    assert [c.iso3 for c in kb.chair("SCO", on=on)] == [iso3]


@pytest.mark.parametrize(
    ("on", "surname", "iso3"),
    [("2005-06-01", "Zhang", "CHN"), ("2008-06-01", "Nurgali", "KAZ"),
     ("2011-06-01", "Imanali", "KGZ"), ("2014-06-01", "Mezentsev", "RUS"),
     ("2017-06-01", "Alimov", "TJK"), ("2020-06-01", "Norov", "UZB"),
     ("2024-06-01", "Zhang Ming", "CHN"), ("2025-06-01", "Yermekbayev", "KAZ")],
)
def test_queries_secretary_general_on_date(kb: KnowledgeBase, on: str, surname: str,
                                          iso3: str) -> None:
    (sg,) = kb.officials("SCO", "secretary-general", on=on)
    assert surname in sg.name and sg.country == iso3


@pytest.mark.parametrize(
    ("year", "city", "host", "fmt"),
    [("2001", "place:shanghai", "CHN", "in_person"), ("2004", "place:tashkent", "UZB", None),
     ("2005", "place:astana", "KAZ", None), ("2010", "place:tashkent", "UZB", None),
     ("2011", "place:astana", "KAZ", None), ("2016", "place:tashkent", "UZB", None),
     ("2017", "place:astana", "KAZ", None), ("2020", "place:moscow", "RUS", "video"),
     ("2023", "place:new-delhi", "IND", "video"), ("2024", "place:astana", "KAZ", "in_person"),
     ("2025", "place:tianjin", "CHN", "in_person")],
)
def test_queries_heads_of_state_summits(kb: KnowledgeBase, year: str, city: str, host: str,
                                        fmt: str | None) -> None:
    (s,) = [s for s in kb.summits("SCO", "SCO-CHS") if (s.date or "").startswith(year)]
    assert (s.city, s.country) == (city, host)
    if fmt:
        assert s.format == fmt
    assert s.sources


def test_queries_astana_2024_summit_adopted_its_declaration(kb: KnowledgeBase) -> None:
    (s,) = [s for s in kb.summits("SCO", "SCO-CHS") if (s.date or "").startswith("2024")]
    assert (s.date, s.end_date) == ("2024-07-03", "2024-07-04")
    assert any("Astana Declaration" in n for n in s.document_names)


def test_queries_seats_of_permanent_bodies(kb: KnowledgeBase) -> None:
    seats = {st.subject: st.object for e in ("place:beijing", "place:tashkent")
             for st in kb.entity(e).statements if st.predicate == "seat"}
    assert "place:beijing" in seats.values() and "place:tashkent" in seats.values()


@pytest.mark.parametrize("name", ["ШОС", "ШЫҰ", "Shanghai Cooperation Organization",
                                  "шанхайская организация сотрудничества", "sco"])
def test_queries_organization_resolves_in_three_languages(kb: KnowledgeBase, name: str) -> None:
    assert kb.entity(name).id == "SCO"


@pytest.mark.parametrize(("name", "iso3"), [("Қазақстан", "KAZ"), ("Казахстан", "KAZ"),
                                             ("КНР", "CHN"), ("ҚХР", "CHN"), ("Ресей", "RUS"),
                                             ("Türkiye", "TUR"), ("Turkey", "TUR")])
def test_queries_country_aliases(kb: KnowledgeBase, name: str, iso3: str) -> None:
    assert kb.entity(name).id == iso3


def test_queries_unknown_organization_suggests_close_names(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownEntityError) as info:
        kb.members("SCOO")
    assert any("(SCO)" in s for s in info.value.suggestions)


def test_queries_kazakhstan_timeline_covers_its_four_chairmanships(kb: KnowledgeBase) -> None:
    events = kb.timeline("SCO", country="KAZ")
    chairs = [e.date[:4] for e in events if e.kind == "chair"]
    assert chairs == ["2004", "2010", "2016", "2023"]
    assert all(e.sources for e in events)
    assert any(e.kind == "initiative" for e in events)
    frame = events.to_frame()
    assert {"date", "precision", "kind", "text", "sources"} <= set(frame.columns)


@pytest.mark.parametrize("name, expected", [("SOC", "(SCO)"),
                                            ("Shanghai Cooperation Org", "(SCO)"),
                                            ("Qazaqstan", "(KAZ)"), ("CTSO", "(CSTO)")])
def test_suggestions_find_the_obvious(kb: KnowledgeBase, name: str, expected: str) -> None:
    from igokit.errors import UnknownEntityError

    with pytest.raises(UnknownEntityError) as info:
        kb.entity(name)
    assert expected in info.value.suggestions[0]


def test_a_suggestion_names_what_it_suggests_not_just_its_id(kb: KnowledgeBase) -> None:
    from igokit.errors import UnknownEntityError

    with pytest.raises(UnknownEntityError) as info:
        kb.members("SCOO")
    assert "Shanghai Cooperation Organisation (SCO)" in info.value.suggestions
    assert not any(s.startswith("SCO-CNC (") for s in info.value.suggestions)


def test_an_unknown_name_always_gets_some_suggestion(kb: KnowledgeBase) -> None:
    from igokit.errors import UnknownEntityError

    with pytest.raises(UnknownEntityError) as info:
        kb.entity("XYZ")
    assert info.value.suggestions


def test_a_listing_after_the_day_the_facts_were_checked_to_says_so(kb: KnowledgeBase) -> None:
    from igokit.kb.layers import checked_until

    horizon = checked_until(kb.conn, "SCO")
    assert horizon is not None
    later = horizon.replace(year=horizon.year + 1).isoformat()
    after = kb.members("SCO", later).coverage
    assert after is not None and after["complete"] and after["checked"] == horizon.isoformat()
    assert f"checked against sources up to {horizon}" in after["note"]
    before = kb.members("SCO", "2024-07-04").coverage
    assert before is not None and before["complete"] and "checked" not in before
