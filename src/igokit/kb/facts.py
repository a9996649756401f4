"""Fact lookups the analyses need (middle-power indicators, summit tables, corpus selection,
claim truths): SQL lives here, in kb/, and the analyses call these named functions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from igokit.kb.payload import decode_text

Row = tuple[Any, ...]


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    return [tuple(r) for r in conn.execute(sql, tuple(params)).fetchall()]


def sources_of_statements(conn: sqlite3.Connection, ids: list[int]) -> list[str]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return sorted({r[0] for r in conn.execute(
        f"SELECT source_id FROM statement_sources WHERE statement_id IN ({marks})", ids)})


# -- the middle-power indicators ----------------------------------------------------------------

def proposals(conn: sqlite3.Connection, org: str, end: str) -> list[Row]:
    """(statement, initiative, proposer, area, the proposer's country) before ``end``."""
    return _rows(conn, "SELECT s.id, s.subject, s.object, e.area, p.country FROM statements s "
                       "JOIN entities e ON e.id = s.subject LEFT JOIN entities p ON "
                       "p.id = s.object WHERE s.predicate = 'proposed_by' AND e.parent = ? "
                       "AND s.start_day < ?", (org, end))


def statuses_reached(conn: sqlite3.Connection, subjects: list[str], values: Sequence[str],
                     end: str) -> list[Row]:
    """(statement, subject) of the subjects' status steps among ``values`` before ``end``."""
    if not subjects:
        return []
    return _rows(conn, f"SELECT id, subject FROM statements WHERE predicate = 'status' AND "
                       f"subject IN ({','.join('?' * len(subjects))}) AND value IN "
                       f"({','.join('?' * len(values))}) AND start_day < ?",
                 (*subjects, *values, end))


def chair_terms(conn: sqlite3.Connection, org: str, end: str, other: bool = False) -> list[Row]:
    """(statement, chair) of ``org``'s terms (``other``: of every other organization)."""
    op = "!=" if other else "="
    return _rows(conn, f"SELECT id, subject FROM statements WHERE predicate = 'chair' AND "
                       f"object {op} ? AND start_day < ?", (org, end))


def meetings_hosted(conn: sqlite3.Connection, org: str, end: str) -> list[Row]:
    return _rows(conn, "SELECT s.id, s.subject FROM statements s JOIN entities e ON "
                       "e.id = s.object WHERE s.predicate = 'hosted' AND e.parent = ? AND "
                       "s.start_day < ?", (org, end))


def office_terms(conn: sqlite3.Connection, org: str, end: str) -> list[Row]:
    """(statement, the holder's country, start day, end day or ``end``) of posts in ``org``."""
    return _rows(conn, "SELECT s.id, p.country, s.start_day, coalesce(s.end_day, ?) FROM "
                       "statements s JOIN entities p ON p.id = s.subject WHERE s.predicate = "
                       "'office' AND (s.object = ? OR s.object IN (SELECT id FROM entities "
                       "WHERE parent = ?)) AND s.start_day < ?", (end, org, org, end))


def body_seats(conn: sqlite3.Connection, org: str, end: str) -> list[Row]:
    return _rows(conn, "SELECT s.id, pl.country FROM statements s JOIN entities b ON "
                       "b.id = s.subject JOIN entities pl ON pl.id = s.object WHERE s.predicate "
                       "= 'seat' AND (b.parent = ? OR b.id = ?) AND (s.start_day IS NULL OR "
                       "s.start_day < ?)", (org, org, end))


def other_memberships(conn: sqlite3.Connection, org: str, end: str) -> list[Row]:
    return _rows(conn, "SELECT id, subject FROM statements WHERE predicate = 'membership' AND "
                       "object != ? AND value = 'member' AND start_day < ? AND (end_day IS NULL "
                       "OR end_day >= ?)", (org, end, end))


# -- the summit table ---------------------------------------------------------------------------

def initiatives_proposed_by(conn: sqlite3.Connection, chair: str, start: str,
                            end: str | None) -> list[Row]:
    """(initiative, name, area, day) proposed by ``chair`` or its nationals in [start, end)."""
    return _rows(conn, "SELECT s.subject, e.name_en, e.area, s.start_day FROM statements s "
                       "JOIN entities e ON e.id = s.subject WHERE s.predicate = 'proposed_by' "
                       "AND (s.object = ? OR s.object IN (SELECT id FROM entities WHERE kind = "
                       "'person' AND country = ?)) AND s.start_day >= ? AND (? IS NULL OR "
                       "s.start_day < ?) ORDER BY s.start_day", (chair, chair, start, end, end))


def priorities_on(conn: sqlite3.Connection, chair: str, org: str, day: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT value FROM statements WHERE predicate = 'priority' AND subject = ? AND "
        "object = ? AND start_day <= ? AND (end_day IS NULL OR end_day >= ?)",
        (chair, org, day, day))]


# -- corpus selection ---------------------------------------------------------------------------

def stored_documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every ingested document with its metadata (org, speaker) and text."""
    out = []
    for r in conn.execute("SELECT id, title, date, lang, path, meta, text FROM documents "
                          "ORDER BY id"):
        meta = json.loads(r[5])
        out.append({"id": r[0], "title": r[1], "date": r[2], "lang": r[3], "path": r[4],
                    "org": meta.get("org"), "speaker": meta.get("speaker"),
                    "text": decode_text(r[6])})
    return out


def documents_mentioning(conn: sqlite3.Connection, entity: str) -> set[int]:
    return {r[0] for r in conn.execute("SELECT DISTINCT doc_id FROM mentions WHERE entity = ?",
                                       (entity,))}


# -- small lookups ------------------------------------------------------------------------------

def english_names(conn: sqlite3.Connection, ids: list[str] | None = None) -> dict[str, str]:
    """Entity id → English name (all entities, or these ids)."""
    if ids is None:
        return {r[0]: r[1] for r in conn.execute("SELECT id, name_en FROM entities")}
    if not ids:
        return {}
    rows = conn.execute(f"SELECT id, name_en FROM entities WHERE id IN "
                        f"({','.join('?' * len(ids))})", ids)
    return {r[0]: r[1] for r in rows}


def observation_periods(conn: sqlite3.Connection, indicator: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT period FROM observations WHERE indicator = ? ORDER BY period",
        (indicator,))]


def organization_qids(conn: sqlite3.Connection) -> dict[str, str]:
    """Wikidata QID → id of the organizations that have one."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT qid, id FROM entities WHERE qid IS NOT NULL AND kind = 'organization'")}


def place_names(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(place id, a name) for every name of every place, in the three languages."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT n.entity_id, n.name FROM names n JOIN entities e ON e.id = n.entity_id "
        "WHERE e.kind = 'place'")]


# -- what the claim checker compares claims with ------------------------------------------------

def membership_rows(conn: sqlite3.Connection, org: str) -> list[Row]:
    """(statement, state, status, start day, end day, name, qualifiers JSON) in ``org``."""
    return _rows(conn, "SELECT s.id, s.subject, s.value, s.start_day, s.end_day, e.name_en, "
                       "s.qualifiers FROM statements s JOIN entities e ON e.id = s.subject "
                       "WHERE s.predicate = 'membership' AND s.object = ?", (org,))


def chair_rows(conn: sqlite3.Connection, org: str) -> list[Row]:
    """(statement, chair, start day, end day, name) of ``org``'s terms, in order."""
    return _rows(conn, "SELECT s.id, s.subject, s.start_day, s.end_day, e.name_en FROM "
                       "statements s JOIN entities e ON e.id = s.subject WHERE s.predicate = "
                       "'chair' AND s.object = ? ORDER BY s.start_day", (org,))


def office_rows(conn: sqlite3.Connection, role: str, org: str) -> list[Row]:
    """(statement, holder, start day, end day, name, body) of a post in ``org`` or its bodies."""
    return _rows(conn, "SELECT s.id, s.subject, s.start_day, s.end_day, e.name_en, s.object "
                       "FROM statements s JOIN entities e ON e.id = s.subject WHERE "
                       "s.predicate = 'office' AND s.value = ? AND (s.object = ? OR s.object IN "
                       "(SELECT id FROM entities WHERE parent = ?)) ORDER BY s.start_day",
                 (role, org, org))


def founded_row(conn: sqlite3.Connection, org: str) -> Row | None:
    """(statement, date, place) of ``org``'s founding."""
    row = conn.execute("SELECT id, start, object FROM statements WHERE predicate = 'founded' "
                       "AND subject = ?", (org,)).fetchone()
    return tuple(row) if row else None


def predecessor_start(conn: sqlite3.Connection, org: str) -> str | None:
    """When ``org``'s predecessor was founded (or its first membership began)."""
    row = conn.execute("SELECT f.start FROM statements p JOIN statements f ON f.subject = "
                       "p.object AND f.predicate = 'founded' WHERE p.predicate = 'predecessor' "
                       "AND p.subject = ?", (org,)).fetchone()
    if row:
        return str(row[0])
    row = conn.execute("SELECT min(m.start) FROM statements p JOIN statements m ON m.object = "
                       "p.object AND m.predicate = 'membership' WHERE p.predicate = "
                       "'predecessor' AND p.subject = ?", (org,)).fetchone()
    return str(row[0]) if row and row[0] else None


def seat_rows(conn: sqlite3.Connection, body: str) -> list[Row]:
    """(statement, place, start day, end day) of where ``body`` sits."""
    return _rows(conn, "SELECT id, object, start_day, end_day FROM statements WHERE "
                       "predicate = 'seat' AND subject = ?", (body,))


# -- the report ---------------------------------------------------------------------------------

def country_initiatives(conn: sqlite3.Connection, country: str, org: str) -> list[Row]:
    """(initiative, name, area, description) of ``country`` (its own or proposed by it or its
    nationals) in ``org``, by name."""
    # The organization's initiatives first (by parent, or by a step taken in it or its bodies:
    # index lookups), then whether the country or a national proposed each (per initiative):
    # the cost follows the organization, not the size of the knowledge base ("+e.kind": not
    # by the kind index, which would walk every initiative).
    return _rows(conn, "SELECT e.id, e.name_en, e.area, e.description FROM entities e WHERE "
                       "e.id IN (SELECT id FROM entities WHERE parent = ? AND kind = "
                       "'initiative' UNION SELECT subject FROM statements WHERE predicate = "
                       "'status' AND (object = ? OR object IN (SELECT id FROM entities WHERE "
                       "parent = ?))) AND +e.kind = 'initiative' AND (e.country = ? OR EXISTS "
                       "(SELECT 1 FROM statements p LEFT JOIN entities who ON who.id = p.object "
                       "WHERE p.subject = e.id AND p.predicate = 'proposed_by' AND (p.object = ? "
                       "OR (who.kind = 'person' AND who.country = ?)))) ORDER BY e.name_en",
                 (org, org, org, country, country, country))


def initiative_steps(conn: sqlite3.Connection, initiative: str) -> list[Row]:
    """(statement, predicate, object, value, start) of its status steps and proposers."""
    return _rows(conn, "SELECT id, predicate, object, value, start FROM statements WHERE "
                       "subject = ? AND predicate IN ('status', 'proposed_by') ORDER BY "
                       "start_day, id", (initiative,))


def entity_sources(conn: sqlite3.Connection, entity: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT source_id FROM entity_sources WHERE entity_id = ?", (entity,))]


def statement_source_map(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[str]]:
    """Statement id → its source ids."""
    out: dict[int, list[str]] = {i: [] for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for sid, src in conn.execute(
                f"SELECT statement_id, source_id FROM statement_sources WHERE statement_id IN "
                f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk):
            out[sid].append(src)
    return out


def kb_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {
        "statements": int(conn.execute("SELECT count(*) FROM statements").fetchone()[0]),
        "sources": int(conn.execute("SELECT count(*) FROM sources").fetchone()[0]),
        "initiatives": int(conn.execute(
            "SELECT count(*) FROM entities WHERE kind = 'initiative'").fetchone()[0]),
    }


def build_stamp(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()
    return str(row[0]) if row else ""


def membership_change_days(conn: sqlite3.Connection, org: str) -> set[str]:
    """Every day on which a status in ``org`` began or ended."""
    days: set[str] = set()
    for start, end in conn.execute("SELECT start_day, end_day FROM statements WHERE "
                                   "predicate = 'membership' AND object = ?", (org,)):
        days.update(d for d in (start, end) if d)
    return days


def document_urls(conn: sqlite3.Connection) -> dict[int, str | None]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, url FROM documents")}


# -- exports ------------------------------------------------------------------------------------

def statement_export_rows(conn: sqlite3.Connection) -> list[Row]:
    """Every statement with both names, its fields and its sources (';'-joined)."""
    return _rows(conn, "SELECT s.id, s.subject, a.name_en, s.predicate, s.object, b.name_en, "
                       "s.value, s.start, s.start_precision, s.\"end\", s.end_precision, "
                       "s.qualifiers, s.note, s.origin, (SELECT group_concat(x.source_id, ';') "
                       "FROM statement_sources x WHERE x.statement_id = s.id) FROM statements s "
                       "JOIN entities a ON a.id = s.subject LEFT JOIN entities b ON "
                       "b.id = s.object ORDER BY s.id")


def initiative_entities(conn: sqlite3.Connection, org: str) -> list[Row]:
    return _rows(conn, "SELECT id, name_en, name_ru, name_kk, area, country, description FROM "
                       "entities WHERE kind = 'initiative' AND parent = ? ORDER BY id", (org,))


def initiative_status_steps(conn: sqlite3.Connection, initiative: str) -> list[Row]:
    """(status, start, sources ';'-joined) of an initiative, in order."""
    return _rows(conn, "SELECT s.value, s.start, (SELECT group_concat(x.source_id, ';') FROM "
                       "statement_sources x WHERE x.statement_id = s.id) FROM statements s "
                       "WHERE s.subject = ? AND s.predicate = 'status' ORDER BY s.start_day",
                 (initiative,))


def entity_qids(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, qid FROM entities WHERE qid IS NOT NULL")}


def source_urls(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, url FROM sources WHERE url IS NOT NULL")}


def entity_kinds(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, kind FROM entities")}


def membership_and_chair_statements(conn: sqlite3.Connection, org: str) -> list[Row]:
    return _rows(conn, "SELECT s.id, s.subject, s.predicate, s.object, s.value, s.start, "
                       "s.start_precision, s.\"end\", s.end_precision FROM statements s WHERE "
                       "s.object = ? AND s.predicate IN ('membership', 'chair') ORDER BY "
                       "s.start_day", (org,))
