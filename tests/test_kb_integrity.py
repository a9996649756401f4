"""Integrity of the curated SCO data, checked on the built knowledge base."""

from __future__ import annotations

import datetime as dt
import json
from itertools import pairwise

from igokit.api import KnowledgeBase


def _rows(kb: KnowledgeBase, sql: str, *params: object) -> list[tuple]:
    return [tuple(r) for r in kb.conn.execute(sql, params).fetchall()]


def test_integrity_every_statement_cites_a_known_source(kb: KnowledgeBase) -> None:
    unsourced = _rows(kb, "SELECT id, origin FROM statements s WHERE NOT EXISTS "
                          "(SELECT 1 FROM statement_sources x WHERE x.statement_id = s.id)")
    assert unsourced == []
    dangling = _rows(kb, "SELECT x.source_id FROM statement_sources x LEFT JOIN sources s "
                         "ON s.id = x.source_id WHERE s.id IS NULL")
    assert dangling == []


def test_integrity_no_overlapping_statuses_of_one_state(kb: KnowledgeBase) -> None:
    rows = _rows(kb, "SELECT subject, object, value, start_day, end_day, origin FROM statements "
                     "WHERE predicate = 'membership' ORDER BY subject, object, start_day")
    by_pair: dict[tuple[str, str], list[tuple]] = {}
    for r in rows:
        by_pair.setdefault((r[0], r[1]), []).append(r)
    clashes = []
    for pair, items in by_pair.items():
        for a, b in pairwise(items):
            if a[4] is None or a[4] > b[3]:
                clashes.append((pair, a[2], a[5], b[2], b[5]))
    assert clashes == []


def test_integrity_sco_chairmanships_tile_from_founding_to_today(kb: KnowledgeBase) -> None:
    rows = _rows(kb, "SELECT subject, start_day, end_day FROM statements WHERE predicate = "
                     "'chair' AND object = 'SCO' ORDER BY start_day")
    assert rows, "no SCO chairmanships curated"
    assert rows[0][1] == "2001-06-15"
    for a, b in pairwise(rows):
        assert a[2] == b[1], f"gap or overlap between {a} and {b}"
    assert rows[-1][2] is None or rows[-1][2] > dt.date.today().isoformat()
    kaz_terms = [r for r in rows if r[0] == "KAZ"]
    assert [r[1][:4] for r in kaz_terms] == ["2004", "2010", "2016", "2023"]


def test_integrity_summits_fall_in_their_chairs_term(kb: KnowledgeBase) -> None:
    summits = kb.summits("SCO", "SCO-CHS")
    chairs = kb.chair("SCO", history=True)
    assert len(summits) >= 25
    for s in summits:
        if s.date is None or s.date[:4] == "2001":
            continue  # the founding summit precedes the first chairmanship
        day = dt.date.fromisoformat(s.date)
        holders = [c.iso3 for c in chairs
                   if dt.date.fromisoformat(c.start) <= day
                   and (c.end is None or day < dt.date.fromisoformat(c.end))]
        assert holders == [s.chair], (s.id, s.date, holders, s.chair)
        assert s.chair == s.country or s.format != "in_person", s.id


def test_integrity_sco_offices_do_not_overlap_per_role(kb: KnowledgeBase) -> None:
    for role in ("secretary-general",):
        rows = kb.officials("SCO", role, history=True)
        assert len(rows) >= 8
        for a, b in pairwise(rows):
            assert a.end is not None and a.end <= b.start, (a.name, b.name)


def test_integrity_events_have_sources_and_known_places(kb: KnowledgeBase) -> None:
    rows = _rows(kb, "SELECT e.id, e.attrs FROM entities e WHERE kind = 'event'")
    for eid, attrs in rows:
        assert _rows(kb, "SELECT 1 FROM entity_sources WHERE entity_id = ?", eid), eid
        city = json.loads(attrs)["city"]
        assert _rows(kb, "SELECT 1 FROM entities WHERE id = ? AND kind = 'place'", city)


def test_integrity_every_priority_interval_equals_its_chair_term(kb: KnowledgeBase) -> None:
    priorities = _rows(kb, "SELECT subject, object, start_day, end_day, origin FROM statements "
                           "WHERE predicate = 'priority'")
    assert priorities, "no chairmanship priorities curated"
    terms = set(_rows(kb, "SELECT subject, object, start_day, end_day FROM statements "
                          "WHERE predicate = 'chair'"))
    mismatched = [p for p in priorities if tuple(p[:4]) not in terms]
    assert mismatched == [], mismatched
