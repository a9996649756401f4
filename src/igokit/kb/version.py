"""The knowledge base's version, as seen by a long-running reader (the web app): a number that
changes whenever anything is committed to the database — a rebuild of the curated facts, an
ingested or removed document, an imported layer or indicator file — by this process or any other.

SQLite keeps this for us: ``PRAGMA data_version`` on a connection changes when another connection
(of any process) has committed since it was last asked, and costs a read of the shared WAL index,
no disk I/O. :class:`ChangeWatch` holds its own connection for it (so the app's writes, on its
main connection, count as "another connection" too) and turns it into a counter that only grows:
caches keyed by :meth:`ChangeWatch.version` are invalidated by every change, whatever table it
touched, without a trigger to keep in step with the schema.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class ChangeWatch:
    """``version()``: a counter that grows whenever the database at ``path`` has changed.

    ``None`` for an in-memory database (nothing else can see it, so nothing can watch it):
    callers then cache nothing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None
        self._last: int | None = None
        self._version = 0
        self._lock = threading.Lock()

    def version(self) -> int | None:
        if self.path in ("", ":memory:") or self.path.startswith("file::memory:"):
            return None
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = sqlite3.connect(self.path, check_same_thread=False,
                                                 isolation_level=None)
                row = self._conn.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                self.close_locked()
                return None  # unreadable just now: no caching rather than a stale answer
            seen = int(row[0])
            if seen != self._last:
                self._last = seen
                self._version += 1
            return self._version

    def close(self) -> None:
        with self._lock:
            self.close_locked()

    def close_locked(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._last = None
