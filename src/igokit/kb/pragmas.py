"""Connection settings for a long-running reader (the web app's worker processes)."""

from __future__ import annotations

import sqlite3


def tune_for_reads(conn: sqlite3.Connection, *, mmap_mb: int = 256, cache_mb: int = 32) -> None:
    """Read pages through a memory map (no copy into SQLite's page cache, shared by every worker
    process through the OS page cache) and keep ``cache_mb`` of pages per connection: the
    full-text index and the fact tables stay in memory between requests."""
    conn.execute(f"PRAGMA mmap_size = {int(mmap_mb) * 1024 * 1024}")
    conn.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")
