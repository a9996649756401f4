"""Connection settings for a long-running reader (the web app's worker processes, a notebook
asking many questions)."""

from __future__ import annotations

import os
import sqlite3

#: The memory map covers the whole database file up to this size (address space only: pages
#: are read in as they are touched, from the OS page cache that every process shares).
MAX_MMAP_MB = 16 * 1024
#: The smallest map (room for the database to grow while it is open).
MIN_MMAP_MB = 256


def tune_for_reads(conn: sqlite3.Connection, *, mmap_mb: int | None = None,
                   cache_mb: int = 32) -> None:
    """Read pages through a memory map (no copy into SQLite's page cache, shared by every worker
    process through the OS page cache) and keep ``cache_mb`` of pages per connection: the
    full-text index and the fact tables stay in memory between requests.

    ``mmap_mb`` defaults to the database file's size with a quarter more (at least 256 MB, at
    most 16 GB): a map smaller than the file sends the reads past its end through ``pread``
    again, and a lookup at 1 M statements (a 505 MB file) then had a p99 three to six times its
    p99 at 500 statements, against flat with the whole file mapped (bench/kb_scale.py)."""
    if mmap_mb is None:
        mmap_mb = min(MAX_MMAP_MB, max(MIN_MMAP_MB, _file_mb(conn) * 5 // 4 + 1))
    conn.execute(f"PRAGMA mmap_size = {int(mmap_mb) * 1024 * 1024}")
    conn.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")


def _file_mb(conn: sqlite3.Connection) -> int:
    """The size of the main database file in MB (0 for an in-memory database)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    path = row[2] if row is not None else ""
    try:
        return os.path.getsize(path) // (1024 * 1024) if path else 0
    except OSError:
        return 0
