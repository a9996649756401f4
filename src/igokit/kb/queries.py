"""Time-aware questions to the knowledge base: members, chair, summits, officials, sources.

Every answer carries the ids of its sources and the precision of its dates. Intervals are
half-open ``[start, end)``; ``end`` is ``None`` for what still holds.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from igokit.errors import InputError
from igokit.kb.dates import Period, parse_query_date
from igokit.kb.layers import coverage_of, layer_rows
from igokit.kb.resolve import resolve
from igokit.kb.results import Rows
from igokit.kb.vocabulary import statuses as status_vocabulary

ORG_KINDS = ("organization", "body")


@dataclass(slots=True)
class Membership:
    iso3: str
    name: str
    status: str
    start: str | None
    end: str | None
    start_precision: str | None
    end_precision: str | None
    sources: list[str]
    note: str | None = None
    founding: bool = False
    layer: str = "curated"  # where the row comes from: the curated facts or an imported layer


@dataclass(slots=True)
class Chair:
    iso3: str
    name: str
    start: str | None
    end: str | None
    start_precision: str | None
    end_precision: str | None
    sources: list[str]
    note: str | None = None


@dataclass(slots=True)
class Summit:
    id: str
    name: str
    ordinal: int | None
    date: str | None
    end_date: str | None  # the last day of the meeting (inclusive)
    city: str
    city_name: str
    country: str
    format: str
    chair: str | None
    council: str | None
    documents: list[str]
    document_names: list[str]
    sources: list[str]
    note: str | None = None


@dataclass(slots=True)
class Official:
    person: str
    name: str
    country: str | None
    role: str
    body: str
    start: str | None
    end: str | None
    start_precision: str | None
    end_precision: str | None
    sources: list[str]
    note: str | None = None


@dataclass(slots=True)
class StatementView:
    id: int
    subject: str
    subject_name: str
    predicate: str
    object: str | None
    object_name: str | None
    value: str | None
    start: str | None
    end: str | None
    start_precision: str | None
    end_precision: str | None
    qualifiers: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    note: str | None = None
    origin: str = ""


def _sources_of(conn: sqlite3.Connection, statement_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in statement_ids}
    if not statement_ids:
        return out
    for chunk in range(0, len(statement_ids), 900):
        part = statement_ids[chunk:chunk + 900]
        rows = conn.execute(
            f"SELECT statement_id, source_id FROM statement_sources WHERE statement_id IN "
            f"({','.join('?' * len(part))}) ORDER BY rowid", part,
        )
        for sid, src in rows:
            if src not in out[sid]:
                out[sid].append(src)
    return out


def _overlap_sql(period: Period) -> tuple[str, tuple[str, str]]:
    return (
        "(s.start_day IS NULL OR s.start_day < ?) AND (s.end_day IS NULL OR s.end_day > ?)",
        (period.end.isoformat(), period.start.isoformat()),
    )


def names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """English display names of the given ids."""
    if not ids:
        return {}
    rows = conn.execute(
        f"SELECT id, name_en FROM entities WHERE id IN ({','.join('?' * len(ids))})", ids
    )
    return {r[0]: r[1] for r in rows}


def members(conn: sqlite3.Connection, org: str, on: object | None = None,
            status: str = "member", *, today: dt.date | None = None) -> Rows[Membership]:
    """States with a status in ``org`` on a date (or at any time in a partial date's period).

    ``status`` is one of member, observer, dialogue_partner, partner, or ``all``.
    """
    org_id = resolve(conn, org, ORG_KINDS)
    period = parse_query_date(on, today=today)
    known = status_vocabulary(conn)  # data/vocabulary/statuses.yaml, as the build copied it
    statuses = known if status == "all" else (status,)
    if status != "all" and status not in known:
        raise InputError(f"status must be one of {', '.join(known)} or all")
    where, params = _overlap_sql(period)
    rows = conn.execute(
        f"SELECT s.id, s.subject, e.name_en, s.value, s.start, s.\"end\", s.start_precision, "
        f"s.end_precision, s.note, s.qualifiers FROM statements s JOIN entities e ON "
        f"e.id = s.subject WHERE s.predicate = 'membership' AND s.object = ? AND s.value IN "
        f"({','.join('?' * len(statuses))}) AND {where} ORDER BY s.value, e.name_en, s.start_day",
        (org_id, *statuses, *params),
    ).fetchall()
    srcs = _sources_of(conn, [r[0] for r in rows])
    order = {s: i for i, s in enumerate(known)}
    out = [Membership(r[1], r[2], r[3], r[4], r[5], r[6], r[7], srcs[r[0]], r[8],
                      bool(json.loads(r[9]).get("founding"))) for r in rows]
    # imported layers, for the states the curated facts say nothing about in this organization
    out += [Membership(r[1], r[2], r[3], r[4], r[5], r[6], r[7], [r[9]], r[8], False, r[0])
            for r in layer_rows(conn, org_id, statuses, where, params)]
    out.sort(key=lambda m: (order.get(m.status, 9), m.name, m.start or ""))
    coverage = coverage_note(conn, org_id, period, status)
    return Rows(out, read_as=period.read_as,
                query={"org": org_id, "on": period.read_as, "status": status},
                coverage=coverage)


def coverage_note(conn: sqlite3.Connection, org: str, period: Any, status: str
                  ) -> dict[str, Any]:
    """Is the answer complete? Which layer makes it so, or what it lacks."""
    layers = coverage_of(conn, org)
    first, after = period.start, period.end
    by = [c.layer for c in layers if c.covers(first, after, status)]
    if by:
        out: dict[str, Any] = {"complete": True, "by": by, "note": f"complete ({', '.join(by)})"}
        checked = min((c.checked for c in layers if c.layer in by and c.checked), default=None)
        if checked and (after - dt.timedelta(days=1)).isoformat() > checked:
            # complete as far as the sources were checked: a change after that day may be missing
            out["checked"] = checked
            out["note"] += (f"; the facts are checked against sources up to {checked}: a "
                            "change after that day may be missing")
        return out
    partial = [c for c in layers if not c.complete or not c.covers(first, after, status)]
    parts = []
    for c in partial:
        what = c.note or ("complete " + (f"from {c.start}" if c.start else "")
                          + (f" until {c.end}" if c.end else ""))
        scope = f" — only {', '.join(c.scope)}" if c.scope else ""
        parts.append(f"{c.layer}: {what}{scope}")
    note = ("partial: no layer of the knowledge base is complete for this organization on "
            "this date; " + ("; ".join(parts) if parts else "nothing is recorded about it"))
    return {"complete": False, "by": [], "note": note}


def chair(conn: sqlite3.Connection, org: str, on: object | None = None, *,
          today: dt.date | None = None, history: bool = False) -> Rows[Chair]:
    """Who chaired ``org`` on a date (all chairs in a partial date's period; all with history)."""
    org_id = resolve(conn, org, ORG_KINDS)
    period = parse_query_date(on, today=today)
    where, params = ("1=1", ()) if history else _overlap_sql(period)
    rows = conn.execute(
        f"SELECT s.id, s.subject, e.name_en, s.start, s.\"end\", s.start_precision, "
        f"s.end_precision, s.note FROM statements s JOIN entities e ON e.id = s.subject "
        f"WHERE s.predicate = 'chair' AND s.object = ? AND {where} ORDER BY s.start_day",
        (org_id, *params),
    ).fetchall()
    srcs = _sources_of(conn, [r[0] for r in rows])
    out = [Chair(r[1], r[2], r[3], r[4], r[5], r[6], srcs[r[0]], r[7]) for r in rows]
    return Rows(out, read_as="all chairmanships" if history else period.read_as,
                query={"org": org_id, "on": None if history else period.read_as})


def summits(conn: sqlite3.Connection, org: str, council: str | None = None) -> Rows[Summit]:
    """Meetings of ``org`` (all councils, or one: ``SCO-CHS`` heads of state ...), in date order."""
    org_id = resolve(conn, org, ORG_KINDS)
    council_id = resolve(conn, council, ORG_KINDS) if council else None
    rows = conn.execute(
        "SELECT id, name_en, attrs FROM entities WHERE kind = 'event' AND parent = ?", (org_id,)
    ).fetchall()
    events = []
    for rid, name, attrs_json in rows:
        attrs = json.loads(attrs_json)
        if council_id and attrs.get("body") != council_id:
            continue
        events.append((rid, name, attrs))
    events.sort(key=lambda e: e[2].get("date") or "")
    all_ids = {e[2]["city"] for e in events} | {d for e in events for d in e[2]["documents"]}
    display = names(conn, sorted(all_ids))
    ev_sources = _entity_sources(conn, [e[0] for e in events])
    out = [
        Summit(
            id=rid, name=name, ordinal=attrs.get("ordinal"), date=attrs.get("date"),
            end_date=attrs.get("last_day"), city=attrs["city"],
            city_name=display.get(attrs["city"], attrs["city"]), country=attrs["country"],
            format=attrs.get("format", "in_person"), chair=attrs.get("chair"),
            council=attrs.get("body"), documents=list(attrs["documents"]),
            document_names=[display.get(d, d) for d in attrs["documents"]],
            sources=ev_sources.get(rid, []),
        )
        for rid, name, attrs in events
    ]
    return Rows(out, query={"org": org_id, "council": council_id})


def _entity_sources(conn: sqlite3.Connection, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not ids:
        return out
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        for eid, src in conn.execute(
            f"SELECT entity_id, source_id FROM entity_sources WHERE entity_id IN "
            f"({','.join('?' * len(part))}) ORDER BY rowid", part,
        ):
            out.setdefault(eid, [])
            if src not in out[eid]:
                out[eid].append(src)
    return out


def officials(conn: sqlite3.Connection, org: str, role: str = "secretary-general",
              on: object | None = None, *, today: dt.date | None = None,
              history: bool = False) -> Rows[Official]:
    """Holders of a post in ``org`` or its bodies (``role``: secretary-general, director ...).

    Without ``on`` and with ``history=True``: every holder. With ``on``: who held it then.
    """
    org_id = resolve(conn, org, ORG_KINDS)
    bodies = [org_id] + [r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE kind = 'body' AND parent = ?", (org_id,))]
    period = parse_query_date(on, today=today)
    where, params = ("1=1", ()) if history else _overlap_sql(period)
    role_norm = role.strip().lower().replace(" ", "-").replace("_", "-")
    rows = conn.execute(
        f"SELECT s.id, s.subject, e.name_en, e.country, s.value, s.object, s.start, s.\"end\", "
        f"s.start_precision, s.end_precision, s.note FROM statements s JOIN entities e ON "
        f"e.id = s.subject WHERE s.predicate = 'office' AND s.object IN "
        f"({','.join('?' * len(bodies))}) AND (? = 'all' OR s.value = ?) AND {where} "
        f"ORDER BY s.start_day",
        (*bodies, role_norm, role_norm, *params),
    ).fetchall()
    srcs = _sources_of(conn, [r[0] for r in rows])
    out = [Official(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], srcs[r[0]], r[10])
           for r in rows]
    return Rows(out, read_as="all holders" if history else period.read_as,
                query={"org": org_id, "role": role_norm,
                       "on": None if history else period.read_as})


def statements_about(conn: sqlite3.Connection, entity_id: str) -> list[StatementView]:
    """Every statement whose subject or object is ``entity_id``."""
    rows = conn.execute(
        "SELECT s.id, s.subject, s.predicate, s.object, s.value, s.start, s.\"end\", "
        "s.start_precision, s.end_precision, s.qualifiers, s.note, s.origin FROM statements s "
        "WHERE s.subject = ? OR s.object = ? ORDER BY s.start_day, s.id",
        (entity_id, entity_id),
    ).fetchall()
    ids = sorted({r[1] for r in rows} | {r[3] for r in rows if r[3]})
    display = names(conn, ids)
    srcs = _sources_of(conn, [r[0] for r in rows])
    return [
        StatementView(r[0], r[1], display.get(r[1], r[1]), r[2], r[3],
                      display.get(r[3]) if r[3] else None, r[4], r[5], r[6], r[7], r[8],
                      json.loads(r[9]), srcs[r[0]], r[10], r[11])
        for r in rows
    ]


@dataclass(slots=True)
class SourceRow:
    id: str
    kind: str
    title: str
    authors: list[str]
    publisher: str | None
    date: str | None
    url: str | None
    doi: str | None
    language: str | None
    note: str | None
    cited_by: int


def sources(conn: sqlite3.Connection, ids: list[str] | None = None) -> Rows[SourceRow]:
    """The bibliography (optionally only ``ids``), with how many statements cite each source."""
    sql = ("SELECT s.id, s.kind, s.title, s.authors, s.publisher, s.date, s.url, s.doi, "
           "s.language, s.note, (SELECT count(*) FROM statement_sources x WHERE x.source_id = "
           "s.id) FROM sources s")
    if ids is None:
        rows = conn.execute(sql + " ORDER BY s.id").fetchall()
    else:  # only these: looked up by key, not filtered from the whole bibliography
        wanted = sorted(set(ids))
        rows = []
        for chunk in range(0, len(wanted), 900):
            part = wanted[chunk:chunk + 900]
            rows += conn.execute(f"{sql} WHERE s.id IN ({','.join('?' * len(part))}) "
                                 "ORDER BY s.id", part).fetchall()
    out = [SourceRow(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7], r[8], r[9],
                     r[10]) for r in rows]
    return Rows(out)


def bodies_of(conn: sqlite3.Connection, org: str) -> list[str]:
    """Ids of the bodies whose parent is ``org``."""
    rows = conn.execute("SELECT id FROM entities WHERE parent = ? AND kind = 'body'", (org,))
    return [r[0] for r in rows]


def entity_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every entity id → its English name."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, name_en FROM entities")}


def last_fact_day(conn: sqlite3.Connection) -> str:
    """The latest day (not after today) on which a curated statement begins or ends."""
    today = dt.date.today().isoformat()
    row = conn.execute(
        "SELECT max(d) FROM (SELECT start_day AS d FROM statements UNION ALL "
        "SELECT end_day FROM statements) WHERE d IS NOT NULL AND d <= ?", (today,)).fetchone()
    return str(row[0]) if row and row[0] else today


def table_counts(conn: sqlite3.Connection, tables: tuple[str, ...] = (
        "sources", "entities", "statements")) -> dict[str, int]:
    """Rows in each curated table."""
    known = {"sources", "entities", "statements", "names", "documents", "observations"}
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in tables if t in known}


def organization_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE kind = 'organization' ORDER BY id")]


def entity_kinds_and_names(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2]) for r in conn.execute("SELECT id, kind, name_en FROM entities")]
