"""The SQLite schema, as named migrations applied in order and recorded (sqlite-utils style).

Curated facts (sources, entities, names, statements) are replaced as a whole whenever the curated
data changes; user tables added by later migrations (ingested documents ...) are never touched by a
rebuild.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = tuple[str, str]

MIGRATIONS: list[Migration] = [
    (
        "0001_facts",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sources (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, authors TEXT NOT NULL,
            publisher TEXT, date TEXT, date_precision TEXT, url TEXT, doi TEXT, language TEXT,
            note TEXT, origin TEXT NOT NULL
        );
        CREATE TABLE entities (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, name_en TEXT NOT NULL, name_ru TEXT,
            name_kk TEXT, qid TEXT, parent TEXT, country TEXT, area TEXT, description TEXT,
            attrs TEXT NOT NULL DEFAULT '{}', origin TEXT NOT NULL
        );
        CREATE INDEX entities_kind ON entities(kind);
        CREATE TABLE names (
            entity_id TEXT NOT NULL REFERENCES entities(id), lang TEXT NOT NULL,
            name TEXT NOT NULL, norm TEXT NOT NULL, is_primary INTEGER NOT NULL,
            is_acronym INTEGER NOT NULL
        );
        CREATE INDEX names_norm ON names(norm);
        CREATE TABLE entity_sources (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            source_id TEXT NOT NULL REFERENCES sources(id), locator TEXT
        );
        CREATE TABLE statements (
            id INTEGER PRIMARY KEY, subject TEXT NOT NULL REFERENCES entities(id),
            predicate TEXT NOT NULL, object TEXT REFERENCES entities(id), value TEXT,
            start TEXT, start_precision TEXT, start_day TEXT,
            "end" TEXT, end_precision TEXT, end_day TEXT,
            qualifiers TEXT NOT NULL DEFAULT '{}', note TEXT, origin TEXT NOT NULL
        );
        CREATE INDEX statements_subject ON statements(subject, predicate);
        CREATE INDEX statements_object ON statements(object, predicate);
        CREATE TABLE statement_sources (
            statement_id INTEGER NOT NULL REFERENCES statements(id),
            source_id TEXT NOT NULL REFERENCES sources(id), locator TEXT
        );
        CREATE INDEX statement_sources_statement ON statement_sources(statement_id);
        """,
    ),
    (
        # What the query plans asked for (EXPLAIN QUERY PLAN of every query in kb/; checked by
        # tests/test_kb_query_plans.py): an organization's bodies, events, documents ... by
        # parent; an entity's names and sources; how many statements cite a source.
        "0007_fact_indexes",
        """
        CREATE INDEX entities_parent ON entities(parent, kind);
        CREATE INDEX entities_country ON entities(country, kind);
        CREATE INDEX names_entity ON names(entity_id);
        CREATE INDEX entity_sources_entity ON entity_sources(entity_id);
        CREATE INDEX statement_sources_source ON statement_sources(source_id)
        """,
    ),
]

#: Tables a rebuild of the curated facts empties and refills.
FACT_TABLES = ("statement_sources", "statements", "entity_sources", "names", "entities", "sources")

#: Later layers (documents, indicators ...) register their migrations here at import time.
EXTRA_MIGRATIONS: list[Migration] = []

#: The modules that register migrations. ``migrate`` imports them, unless ``extras=False``: a
#: command that finds the database current (the quick stamp in :mod:`igokit.kb.freshness` covers
#: these files too) does not pay for importing the document and layer code it does not use.
#: tests/test_kb_freshness.py checks that every module calling ``register_migration`` is listed.
MIGRATION_MODULES = ("igokit.kb.documents", "igokit.kb.indicators", "igokit.kb.layers",
                     "igokit.kb.doc_events")
_HOOKS: list[Callable[[sqlite3.Connection], None]] = []


def register_migration(name: str, sql: str) -> None:
    """Add a named migration (idempotent by name)."""
    if all(name != n for n, _ in MIGRATIONS + EXTRA_MIGRATIONS):
        EXTRA_MIGRATIONS.append((name, sql))


def migrate(conn: sqlite3.Connection, *, extras: bool = True) -> list[str]:
    """Apply every migration not applied yet, each in its own transaction. Returns their names.

    ``extras=False`` applies only this module's own (the fact tables and ``meta``)."""
    if extras:
        import importlib

        for module in MIGRATION_MODULES:
            importlib.import_module(module)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied: list[str] = []
    for name, sql in sorted(MIGRATIONS + (EXTRA_MIGRATIONS if extras else [])):
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-check under the write lock: another process may have applied it meanwhile
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for part in sql.split(";"):
                if part.strip():
                    conn.execute(part)
            conn.execute(
                "INSERT INTO _migrations VALUES (?, datetime('now'))", (name,)
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
