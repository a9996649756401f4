"""Events read from ingested documents, cached per document (issue 15).

``doc_events`` holds, per document, the events its text reports (JSON of
:meth:`igokit.analysis.events.model.Event.to_dict`), with the version of the rules and of the
knowledge base they were read with: a cache entry made with other rules or another knowledge
base is stale and read again (:func:`load_doc_events` returns ``None`` for it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from igokit.kb.schema import register_migration

__all__ = ["clear_doc_events", "entity_countries", "load_doc_events", "store_doc_events"]

register_migration(
    "0015_doc_events",
    """
    CREATE TABLE IF NOT EXISTS doc_events (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        stamp TEXT NOT NULL,
        n_events INTEGER NOT NULL,
        events TEXT NOT NULL,
        computed_at TEXT NOT NULL DEFAULT (datetime('now'))
    )
    """,
)


def load_doc_events(conn: sqlite3.Connection, doc_ids: Sequence[int], stamp: str
                    ) -> dict[int, list[dict[str, Any]]]:
    """The cached events of these documents made with ``stamp`` (others are missing)."""
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(doc_ids)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for doc_id, events in conn.execute(
                f"SELECT doc_id, events FROM doc_events WHERE stamp = ? AND doc_id IN "
                f"({','.join('?' * len(part))})", [stamp, *part]):
            out[int(doc_id)] = json.loads(events)
    return out


def store_doc_events(conn: sqlite3.Connection,
                     rows: Iterable[tuple[int, list[dict[str, Any]]]], stamp: str) -> int:
    """Cache the events of each ``(doc_id, events)`` in one transaction; returns how many
    documents were written. A read-only knowledge base is left as it is (returns 0)."""
    data = [(doc_id, stamp, len(events), json.dumps(events, ensure_ascii=False))
            for doc_id, events in rows]
    if not data:
        return 0
    try:
        with conn:
            conn.executemany(
                "INSERT OR REPLACE INTO doc_events (doc_id, stamp, n_events, events) "
                "VALUES (?, ?, ?, ?)", data)
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            return 0
        raise
    return len(data)


def clear_doc_events(conn: sqlite3.Connection) -> None:
    """Forget every cached event (they are read again on the next request)."""
    with conn:
        conn.execute("DELETE FROM doc_events")


def entity_countries(conn: sqlite3.Connection, kinds: Sequence[str] = ("place", "person")
                     ) -> dict[str, str]:
    """Entity id → its country (ISO3) for the entities of these kinds that have one."""
    return {r[0]: r[1] for r in conn.execute(
        f"SELECT id, country FROM entities WHERE country IS NOT NULL AND kind IN "
        f"({','.join('?' * len(kinds))})", list(kinds))}
