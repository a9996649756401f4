"""Layers of statements under the curated facts: imported reference data (COW IGO v3,
Wikidata), each a named layer with its source, its own entities and its declared coverage.

Precedence (docs/layers.md): for an organization and a state, curated statements win — when the
curated data holds any status of that state in that organization, the imported layers' rows for
the pair are not used (``reconcile`` lists where they disagree). Every row a query returns says
which layer it came from. Imported layers live in their own tables, so rebuilding the curated
facts never touches them, and re-importing a layer replaces it in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import DataError
from igokit.kb.freshness import data_dir
from igokit.kb.schema import register_migration

register_migration(
    "0005_layers",
    """
    CREATE TABLE layers (
        name TEXT PRIMARY KEY, title TEXT NOT NULL, source_id TEXT NOT NULL,
        imported_at TEXT NOT NULL, files TEXT NOT NULL, statements INTEGER NOT NULL
    );
    CREATE TABLE layer_entities (
        layer TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, name_en TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (layer, id)
    );
    CREATE TABLE layer_statements (
        id INTEGER PRIMARY KEY, layer TEXT NOT NULL, subject TEXT NOT NULL,
        predicate TEXT NOT NULL, object TEXT NOT NULL, value TEXT,
        start TEXT, start_precision TEXT, start_day TEXT,
        "end" TEXT, end_precision TEXT, end_day TEXT, note TEXT
    );
    CREATE INDEX layer_statements_object ON layer_statements(object, predicate, layer);
    CREATE INDEX layer_statements_subject ON layer_statements(subject, predicate);
    CREATE TABLE layer_coverage (
        layer TEXT NOT NULL, org TEXT NOT NULL, start_day TEXT, end_day TEXT,
        statuses TEXT NOT NULL, note TEXT
    );
    CREATE INDEX layer_coverage_org ON layer_coverage(org)
    """,
)

CURATED = "curated"


@dataclass(slots=True)
class LayerStatement:
    """One imported status interval: ``subject`` held ``value`` in ``object`` in [start, end)."""

    subject: str
    object: str
    value: str
    start: str
    end: str | None
    precision: str = "year"
    note: str | None = None
    predicate: str = "membership"


@dataclass(slots=True)
class Layer:
    """An imported layer ready to be written."""

    name: str
    title: str
    source_id: str
    files: list[str]
    statements: list[LayerStatement] = field(default_factory=list)
    entities: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    coverage: list[tuple[str, str | None, str | None, list[str], str]] = field(
        default_factory=list
    )  # (org, first day, day after the last, statuses, note)


def _day(value: str | None, end: bool = False) -> str | None:
    """The first day a partial date stands for (``2001`` → ``2001-01-01``)."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-01"
    return value


def write_layer(conn: sqlite3.Connection, layer: Layer) -> int:
    """Replace the layer (statements, entities, coverage) in one transaction."""
    sources = {r[0] for r in conn.execute("SELECT id FROM sources")}
    if layer.source_id not in sources:
        raise DataError([f"layer {layer.name}: source {layer.source_id!r} is not in the "
                         "curated sources (data/sources/)"])
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM layer_statements WHERE layer = ?", (layer.name,))
        conn.execute("DELETE FROM layer_entities WHERE layer = ?", (layer.name,))
        conn.execute("DELETE FROM layer_coverage WHERE layer = ?", (layer.name,))
        conn.execute("DELETE FROM layers WHERE name = ?", (layer.name,))
        conn.executemany(
            "INSERT INTO layer_statements (layer, subject, predicate, object, value, start, "
            "start_precision, start_day, \"end\", end_precision, end_day, note) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (layer.name, s.subject, s.predicate, s.object, s.value, s.start, s.precision,
                 _day(s.start), s.end, s.precision if s.end else None, _day(s.end), s.note)
                for s in layer.statements
            ],
        )
        conn.executemany(
            "INSERT INTO layer_entities VALUES (?,?,?,?,?)",
            [(layer.name, eid, kind, name, json.dumps(attrs, ensure_ascii=False))
             for eid, (kind, name, attrs) in layer.entities.items()],
        )
        conn.executemany(
            "INSERT INTO layer_coverage VALUES (?,?,?,?,?,?)",
            [(layer.name, org, a, b, json.dumps(st), note)
             for org, a, b, st, note in layer.coverage],
        )
        conn.execute(
            "INSERT INTO layers VALUES (?,?,?,?,?,?)",
            (layer.name, layer.title, layer.source_id, now, json.dumps(layer.files),
             len(layer.statements)),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(layer.statements)


def layer_rows(
    conn: sqlite3.Connection, org: str, statuses: Iterable[str], where: str, params: tuple[Any, ...]
) -> list[tuple[Any, ...]]:
    """Imported rows for ``org`` (status in ``statuses``, period ``where``) whose state has no
    curated status in the organization: (layer, subject, name, value, start, end, start
    precision, end precision, note, source)."""
    st = list(statuses)
    where_l = where.replace("s.", "l.")
    return conn.execute(
        f"SELECT l.layer, l.subject, COALESCE(e.name_en, le.name_en, l.subject), l.value, "
        f"l.start, l.\"end\", l.start_precision, l.end_precision, l.note, y.source_id "
        f"FROM layer_statements l JOIN layers y ON y.name = l.layer "
        f"LEFT JOIN entities e ON e.id = l.subject "
        f"LEFT JOIN layer_entities le ON le.layer = l.layer AND le.id = l.subject "
        f"WHERE l.predicate = 'membership' AND l.object = ? "
        f"AND l.value IN ({','.join('?' * len(st))}) AND {where_l} "
        f"AND NOT EXISTS (SELECT 1 FROM statements c WHERE c.predicate = 'membership' "
        f"AND c.object = l.object AND c.subject = l.subject) "
        f"ORDER BY l.layer, l.subject, l.start_day",
        (org, *st, *params),
    ).fetchall()


def layer_org_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Organizations only the imported layers know: id → English name."""
    return {r[0]: r[1] for r in conn.execute(
        "SELECT id, name_en FROM layer_entities WHERE kind = 'organization' "
        "AND id NOT IN (SELECT id FROM entities)"
    )}


# ---------------------------------------------------------------------------------- coverage


@dataclass(slots=True)
class Coverage:
    """What a layer holds for an organization."""

    layer: str
    org: str
    complete: bool
    start: str | None  # first day, None = from the organization's beginning
    end: str | None  # day after the last, None = to date
    statuses: list[str]
    scope: list[str]
    note: str
    #: the newest day the facts were checked against sources up to (curated layers); a change
    #: after it may be missing
    checked: str | None = None

    def covers(self, first: dt.date, after_last: dt.date, status: str) -> bool:
        """Complete for ``status`` over the whole period [first, after_last)?"""
        if not self.complete or (status != "all" and status not in self.statuses):
            return False
        if self.start and first < dt.date.fromisoformat(self.start):
            return False
        return not (self.end and after_last > dt.date.fromisoformat(self.end))

    def to_dict(self) -> dict[str, Any]:
        return {"layer": self.layer, "org": self.org, "complete": self.complete,
                "from": self.start, "until": self.end, "statuses": self.statuses,
                "scope": self.scope, "note": self.note, "checked": self.checked}


_CURATED_COVERAGE: list[Coverage] | None = None


def curated_coverage(path: Path | None = None) -> list[Coverage]:
    """The declared coverage of the curated data (``data/coverage/organizations.yaml``)."""
    global _CURATED_COVERAGE
    if _CURATED_COVERAGE is not None and path is None:
        return _CURATED_COVERAGE
    from igokit.kb.yamlfile import load_records  # YAML only when coverage is asked for

    file = path or data_dir() / "coverage" / "organizations.yaml"
    records, problems = load_records(file, file.name)
    out: list[Coverage] = []
    for r in records:
        orgs = r.get("org")
        orgs = orgs if isinstance(orgs, list) else [orgs]
        if not all(isinstance(o, str) for o in orgs) or "complete" not in r:
            problems.append(f"{r.where}: each entry needs org (an id or a list) and complete")
            continue
        for org in orgs:
            out.append(Coverage(
                CURATED, org, bool(r["complete"]),
                str(r["from"]) if r.get("from") else None,
                str(r["until"]) if r.get("until") else None,
                list(r.get("statuses") or ["member", "associate", "observer",
                                           "dialogue_partner", "partner"]),
                list(r.get("scope") or []), str(r.get("note") or ""),
                str(r["checked"]) if r.get("checked") else None,
            ))
    if problems:
        raise DataError(problems)
    if path is None:
        _CURATED_COVERAGE = out
    return out


#: The meta key under which the build stores the curated coverage (a query reads no YAML).
COVERAGE_META_KEY = "curated_coverage"


def coverage_json() -> str:
    """The curated coverage as the build stores it in ``meta``."""
    return json.dumps([dataclasses.asdict(c) for c in curated_coverage()], ensure_ascii=False)


def _curated(conn: sqlite3.Connection) -> list[Coverage]:
    """The curated coverage: the knowledge base's copy (written by the same build from the same
    file, see ``kb.freshness.SETTINGS_IN_KB``), else the file itself."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (COVERAGE_META_KEY,)).fetchone()
    if row is None:
        return curated_coverage()
    return [Coverage(**c) for c in json.loads(row[0])]


def coverage_of(conn: sqlite3.Connection, org: str) -> list[Coverage]:
    """Every layer's declared coverage of ``org`` (curated first)."""
    out = [c for c in _curated(conn) if c.org == org]
    for layer, a, b, statuses, note in conn.execute(
        "SELECT layer, start_day, end_day, statuses, note FROM layer_coverage WHERE org = ?",
        (org,),
    ):
        out.append(Coverage(layer, org, True, a, b, json.loads(statuses), [], note or ""))
    return out


def checked_until(conn: sqlite3.Connection, org: str) -> dt.date | None:
    """The day up to which the curated facts about ``org`` were checked against sources (the
    earliest such day of its curated coverage entries), or None when none is declared."""
    days = [c.checked for c in _curated(conn) if c.org == org and c.checked]
    return dt.date.fromisoformat(min(days)) if days else None


def all_coverage(conn: sqlite3.Connection) -> list[Coverage]:
    orgs = {c.org for c in _curated(conn)} | {
        r[0] for r in conn.execute("SELECT DISTINCT org FROM layer_coverage")
    }
    return [c for org in sorted(orgs) for c in coverage_of(conn, org)]


def layers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"name": r[0], "title": r[1], "source": r[2], "imported_at": r[3],
         "files": json.loads(r[4]), "statements": r[5]}
        for r in conn.execute("SELECT * FROM layers ORDER BY name")
    ]


# --------------------------------------------------------------------------------- reconcile


def status_years(
    conn: sqlite3.Connection, org: str, layer: str | None = None
) -> dict[tuple[str, int], set[str]]:
    """(state, year) → the statuses held at any time that year: curated (``layer=None``) or
    one imported layer."""
    if layer is None:
        rows = conn.execute(
            "SELECT subject, value, start_day, end_day FROM statements "
            "WHERE predicate = 'membership' AND object = ? AND start_day IS NOT NULL", (org,))
    else:
        rows = conn.execute(
            "SELECT subject, value, start_day, end_day FROM layer_statements "
            "WHERE predicate = 'membership' AND object = ? AND layer = ?", (org, layer))
    out: dict[tuple[str, int], set[str]] = {}
    this_year = dt.date.today().year
    for subject, value, a, b in rows:
        first = int(a[:4])
        last = int(b[:4]) - (1 if b[5:] == "01-01" else 0) if b else this_year
        for y in range(first, last + 1):
            out.setdefault((subject, y), set()).add(value)
    return out


def layer_names(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM layers ORDER BY name")]


def layer_years(conn: sqlite3.Connection, layer: str, org: str) -> tuple[int, int] | None:
    row = conn.execute(
        "SELECT min(start_day), max(end_day) FROM layer_coverage WHERE layer = ? AND org = ?",
        (layer, org),
    ).fetchone()
    if not row or not row[0]:  # no declared coverage (Wikidata): the years its statements span
        row = conn.execute(
            "SELECT min(start_day), CASE WHEN count(*) = count(end_day) THEN max(end_day) END "
            "FROM layer_statements WHERE layer = ? AND object = ?", (layer, org),
        ).fetchone()
    if not row or not row[0]:
        return None
    return int(row[0][:4]), int(row[1][:4]) - 1 if row[1] else dt.date.today().year


def memberships_in_year(conn: sqlite3.Connection, layer: str, year: int,
                        status: str = "member") -> list[tuple[str, str]]:
    """(state, organization) pairs of one layer holding ``status`` at some time in ``year``."""
    first, after = f"{year}-01-01", f"{year + 1}-01-01"
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT DISTINCT subject, object FROM layer_statements WHERE layer = ? AND "
        "predicate = 'membership' AND value = ? AND start_day < ? AND "
        "(end_day IS NULL OR end_day > ?)", (layer, status, after, first))]


def last_layer_year(conn: sqlite3.Connection, layer: str) -> int | None:
    row = conn.execute("SELECT max(end_day) FROM layer_coverage WHERE layer = ?",
                       (layer,)).fetchone()
    return int(row[0][:4]) - 1 if row and row[0] else None
