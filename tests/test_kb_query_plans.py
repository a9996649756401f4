"""Every query about one organization, entity or source finds its rows through an index: none
walks a whole fact table (or every entity of a kind), so its time does not grow with the
knowledge base (bench/kb_scale.py measures it from 500 to 1 M statements)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from igokit.api import KnowledgeBase
from igokit.kb import facts

#: Plan steps that read a whole fact table, or every entity of one kind.
_WALK = re.compile(r"^SCAN (statements|statement_sources|entities|names|entity_sources|sources|"
                   r"[a-z]{1,3})\b(?! USING INTEGER PRIMARY KEY)|USING INDEX entities_kind\b")

ORG, COUNTRY = "SCO", "KAZ"

CALLS: dict[str, Callable[[KnowledgeBase], object]] = {
    "members": lambda kb: kb.members(ORG, on="2017-06-09"),
    "members all": lambda kb: kb.members(ORG, on="2017", status="all"),
    "chair": lambda kb: kb.chair(ORG, on="2024-01-01"),
    "chair history": lambda kb: kb.chair(ORG, history=True),
    "summits": lambda kb: kb.summits(ORG),
    "summits of a council": lambda kb: kb.summits(ORG, "SCO-CHS"),
    "secretary-general": lambda kb: kb.officials(ORG, on="2020-01-01"),
    "officials history": lambda kb: kb.officials(ORG, role="all", history=True),
    "timeline": lambda kb: kb.timeline(ORG),
    "timeline of a country": lambda kb: kb.timeline(ORG, COUNTRY),
    "entity by name": lambda kb: kb.entity("Shanghai Cooperation Organisation"),
    "entity by id": lambda kb: kb.entity("KAZ"),
    "sources by id": lambda kb: kb.sources(["sco-charter-2002"]),
    "bodies": lambda kb: kb.bodies_of(ORG),
    "coverage": lambda kb: kb.coverage(ORG),
    "proposals": lambda kb: facts.proposals(kb.conn, ORG, "2030-01-01"),
    "meetings hosted": lambda kb: facts.meetings_hosted(kb.conn, ORG, "2030-01-01"),
    "office terms": lambda kb: facts.office_terms(kb.conn, ORG, "2030-01-01"),
    "body seats": lambda kb: facts.body_seats(kb.conn, ORG, "2030-01-01"),
    "priorities": lambda kb: facts.priorities_on(kb.conn, COUNTRY, ORG, "2024-01-01"),
    "membership rows": lambda kb: facts.membership_rows(kb.conn, ORG),
    "chair rows": lambda kb: facts.chair_rows(kb.conn, ORG),
    "office rows": lambda kb: facts.office_rows(kb.conn, "secretary-general", ORG),
    "founded": lambda kb: facts.founded_row(kb.conn, ORG),
    "predecessor": lambda kb: facts.predecessor_start(kb.conn, ORG),
    "seats": lambda kb: facts.seat_rows(kb.conn, "SCO-SEC"),
    "country initiatives": lambda kb: facts.country_initiatives(kb.conn, COUNTRY, ORG),
    "initiative steps": lambda kb: facts.initiative_steps(kb.conn,
                                                          "initiative:sco-world-unity-initiative"),
    "initiatives of an organization": lambda kb: facts.initiative_entities(kb.conn, ORG),
    "entity sources": lambda kb: facts.entity_sources(kb.conn, ORG),
    "statement sources": lambda kb: facts.statement_source_map(kb.conn, [1, 2, 3]),
    "membership and chair statements": lambda kb: facts.membership_and_chair_statements(
        kb.conn, ORG),
}


def _traced(conn: sqlite3.Connection, call: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("name", list(CALLS))
def test_the_query_finds_its_rows_by_index(kb: KnowledgeBase, name: str) -> None:
    kb.conn  # noqa: B018 (built before tracing)
    statements = _traced(kb.conn, lambda: CALLS[name](kb))
    assert statements, "the query ran no SQL"
    walks = []
    for sql in statements:
        plan = [row[3] for row in kb.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        walks += [f"{step}  <- {sql[:160]}" for step in plan if _WALK.search(step)]
    assert walks == []


def test_the_check_sees_a_walk() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE entities (id TEXT PRIMARY KEY, parent TEXT)")
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT id FROM entities WHERE "
                                       "parent = 'SCO'")]
    assert any(_WALK.search(step) for step in plan)


def test_a_long_running_reader_maps_the_whole_database(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tune_for_reads`` maps the whole file (a map smaller than the file sends the reads past
    it through pread, and lookups in a large knowledge base slow down): at least 256 MB, and
    more for a larger file."""
    from igokit.kb import pragmas

    db = tmp_path / "big.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x BLOB)")
    conn.execute("INSERT INTO t VALUES (zeroblob(3 * 1024 * 1024))")
    conn.commit()
    conn.execute("PRAGMA mmap_size = 1048576")
    if int(conn.execute("PRAGMA mmap_size").fetchone()[0]) == 0:
        pytest.skip("this SQLite is built without memory-mapped I/O")
    pragmas.tune_for_reads(conn)
    assert int(conn.execute("PRAGMA mmap_size").fetchone()[0]) == 256 * 1024 * 1024
    assert int(conn.execute("PRAGMA cache_size").fetchone()[0]) == -32 * 1024
    monkeypatch.setattr(pragmas, "MIN_MMAP_MB", 1)  # a file larger than the smallest map
    pragmas.tune_for_reads(conn)
    assert int(conn.execute("PRAGMA mmap_size").fetchone()[0]) >= db.stat().st_size
    conn.close()
