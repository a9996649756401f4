"""Open the knowledge base, building or refreshing it from the curated data when needed.

The database lives in ``--db PATH``, else ``$IGOKIT_DB``, else the user data folder (platformdirs).
It records the hash of the curated data it was built from; when the shipped YAML changes, the fact
tables are replaced in one transaction (a crash leaves the previous facts intact), while ingested
documents stay.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from igokit.kb import documents as _documents  # noqa: F401  (registers its migration)
from igokit.kb import indicators as _indicators  # noqa: F401  (registers its migration)
from igokit.kb import layers as _layers  # noqa: F401  (registers its migration)
from igokit.kb.freshness import data_digest, quick_stamp
from igokit.kb.schema import FACT_TABLES, migrate

if TYPE_CHECKING:
    from igokit.kb.catalog import Catalog


def _igokit_version() -> str:
    # from the package metadata (kb/ does not import the package root)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("igokit")
    except PackageNotFoundError:
        return "0+unknown"

#: Bump when the way facts are written to the tables changes (forces a rebuild).
BUILD_VERSION = "1"


def default_db_path() -> Path:
    env = os.environ.get("IGOKIT_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("igokit", appauthor=False)) / "igokit.sqlite"


def normalize_name(text: str) -> str:
    """The key names are looked up by: NFKC, case-folded, ё→е, dashes and spaces folded."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    for dash in "‐‑‒–—―-":
        text = text.replace(dash, " ")
    text = text.replace("’", "'").replace('"', "").replace("«", "").replace("»", "")
    return " ".join(text.split())


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 1 < len(letters) <= 8 and all(c.isupper() for c in letters) and " " not in name.strip()


def connect(db: str | Path | None = None, *, refresh: bool = True) -> sqlite3.Connection:
    """Open (creating and building if needed) the knowledge base and return a connection.

    ``refresh=False`` skips the up-to-date check (for read-only callers that just built it).
    """
    path = Path(db) if db is not None else default_db_path()
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=60, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = OFF")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn)
    if refresh:
        ensure_built(conn)
    return conn


def _stamp() -> str:
    """What the fact tables were built from: the build code, IGOkit, pycountry (country names
    come from its catalogues) and the curated data."""
    from importlib.metadata import version

    return f"{BUILD_VERSION}:{_igokit_version()}:{version('pycountry')}:{data_digest()}"


def built_stamp(conn: sqlite3.Connection) -> str | None:
    return _meta(conn, "stamp")


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _remember_quick(conn: sqlite3.Connection, quick: str) -> None:
    # a read-only or busy database: the full check simply runs again next time
    with contextlib.suppress(sqlite3.OperationalError):
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('quick_stamp', ?)", (quick,))


def ensure_built(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Rebuild the fact tables if the curated data changed. Returns True when it rebuilt."""
    quick = quick_stamp()
    if not force and _meta(conn, "quick_stamp") == quick and built_stamp(conn) is not None:
        return False  # no curated file, build module or package changed size or time
    stamp = _stamp()
    if not force and built_stamp(conn) == stamp:
        _remember_quick(conn, quick)  # touched but not changed: skip the hashing next time
        return False
    from igokit.kb.catalog import load_catalog  # only a rebuild reads the YAML
    from igokit.kb.indicator_data import load_indicator_files, write_builtin

    catalog = load_catalog()  # validate before taking the write lock
    builtin = load_indicator_files(catalog)
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not force and built_stamp(conn) == stamp:  # another process built it meanwhile
            conn.execute("COMMIT")
            return False
        for table in FACT_TABLES:
            conn.execute(f"DELETE FROM {table}")
        _write_catalog(conn, catalog)
        write_builtin(conn, builtin)
        conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("stamp", stamp), ("igokit_version", _igokit_version()),
             ("data_files", json.dumps(catalog.files)), ("quick_stamp", quick)],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


def _write_catalog(conn: sqlite3.Connection, cat: Catalog) -> None:
    conn.executemany(
        "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(s.id, s.kind, s.title, json.dumps(s.authors, ensure_ascii=False), s.publisher,
          s.date.iso() if s.date else None, s.date.precision if s.date else None, s.url, s.doi,
          s.language, s.note, s.where) for s in cat.sources.values()],
    )
    ent_rows, name_rows, esrc_rows = [], [], []
    for e in cat.entities.values():
        ent_rows.append((e.id, e.kind, e.name.get("en") or e.id, e.name.get("ru"),
                         e.name.get("kk"), e.qid, e.parent, e.country, e.area, e.description,
                         json.dumps(e.attrs, ensure_ascii=False), e.where))
        seen: set[tuple[str, str]] = set()
        forms: list[tuple[str, str, int]] = [(lang, n, 1) for lang, n in e.name.items()]
        forms += [(lang, n, 0) for lang, ns in e.aliases.items() for n in ns]
        if e.kind in ("organization", "body", "country"):
            forms.append(("", e.id, 0))
        for lang, name, primary in forms:
            key = (lang, name)
            if key in seen:
                continue
            seen.add(key)
            name_rows.append((e.id, lang, name, normalize_name(name), primary,
                              int(_is_acronym(name))))
        esrc_rows += [(e.id, r.id, r.locator) for r in e.sources]
    conn.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", ent_rows)
    conn.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", name_rows)
    conn.executemany("INSERT INTO entity_sources VALUES (?,?,?)", esrc_rows)
    for st in cat.statements:
        cur = conn.execute(
            'INSERT INTO statements (subject, predicate, object, value, start, start_precision, '
            'start_day, "end", end_precision, end_day, qualifiers, note, origin) '
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (st.subject, st.predicate, st.object, st.value,
             st.start.iso() if st.start else None, st.start.precision if st.start else None,
             st.start.first_day.isoformat() if st.start else None,
             st.end.iso() if st.end else None, st.end.precision if st.end else None,
             st.end.first_day.isoformat() if st.end else None,
             json.dumps(st.qualifiers, ensure_ascii=False, default=str), st.note, st.where),
        )
        conn.executemany(
            "INSERT INTO statement_sources VALUES (?,?,?)",
            [(cur.lastrowid, r.id, r.locator) for r in st.sources],
        )
