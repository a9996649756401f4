"""A knowledge base opened read-only: for the many worker processes of a distributed job.

The workers of ``igokit process`` (:mod:`igokit.engine.distributed`) each open the same knowledge
base file, possibly on shared storage. None of them may build, migrate or write it: the client
builds it once before the job starts, and the workers only read it (``mode=ro``; ``query_only``
as a second guard). A file that is missing or not built is a clear error, never a new database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from igokit.errors import InputError
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.store import built_stamp


def connect_read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing, built knowledge base file."""
    file = Path(path).expanduser().resolve()
    if not file.is_file():
        raise InputError(f"knowledge base {file} does not exist (build it first: igokit build)")
    conn = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True, isolation_level=None,
                           timeout=60, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA query_only = ON")
    try:
        stamp = built_stamp(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError(f"{file} is not an IGOkit knowledge base: {exc}") from exc
    if stamp is None:
        conn.close()
        raise InputError(f"knowledge base {file} is not built (run: igokit build)")
    return conn


class ReadOnlyKnowledgeBase(KnowledgeBase):
    """Every query of :class:`KnowledgeBase` over a read-only connection (never builds)."""

    def __init__(self, db: str | Path) -> None:
        super().__init__(db)
        self._conn = connect_read_only(self.path)
