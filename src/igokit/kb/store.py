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
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from igokit.errors import DataError, StaleDataWarning
from igokit.kb.freshness import data_digest, quick_stamp
from igokit.kb.schema import FACT_TABLES, migrate

if TYPE_CHECKING:
    from collections.abc import Iterable

    from igokit.kb.catalog import CatalogReader, Entity, Source
    from igokit.kb.model import Statement


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
    import platformdirs  # only when neither --db nor $IGOKIT_DB says where

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


class KBConnection(sqlite3.Connection):
    """A connection to the knowledge base that knows whether it answers from stale facts:
    ``stale`` is the curated data's :class:`DataError` when the knowledge base could not be
    rebuilt from it and the last good build is used instead (``None`` otherwise)."""

    stale: DataError | None = None


def connect(db: str | Path | None = None, *, refresh: bool = True) -> sqlite3.Connection:
    """Open (creating and building if needed) the knowledge base and return a connection.

    ``refresh=False`` skips the up-to-date check (for read-only callers that just built it).
    When the curated data has changed but does not validate and a previous build exists, the
    connection answers from that build (kept-degraded mode): ``conn.stale`` holds the problems
    and a :class:`~igokit.errors.StaleDataWarning` is issued. ``igokit build`` (which calls
    :func:`ensure_built` itself) still fails with every problem. Without a previous build the
    :class:`DataError` is raised.
    """
    path = Path(db) if db is not None else default_db_path()
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=60, check_same_thread=False,
                           factory=KBConnection)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = OFF")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, extras=False)  # the fact tables and meta
    if refresh and _current(conn):
        return conn  # built by this installation from these files: nothing else to import
    migrate(conn)  # the tables of documents, indicators and layers
    if refresh:
        _refresh(conn)
    return conn


def _refresh(conn: KBConnection) -> None:
    quick = quick_stamp()
    failed = _meta(conn, "failed_quick_stamp")
    if failed == quick and built_stamp(conn) is not None:  # the same broken files as last time
        _keep_degraded(conn, DataError(json.loads(_meta(conn, "failed_problems") or "[]")))
        return
    try:
        ensure_built(conn)
    except DataError as exc:
        if built_stamp(conn) is None:
            raise  # nothing good to fall back on
        with contextlib.suppress(sqlite3.OperationalError):  # read-only: checked again next time
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             [("failed_quick_stamp", quick),
                              ("failed_problems", json.dumps(exc.problems))])
        _keep_degraded(conn, exc)


def _keep_degraded(conn: KBConnection, exc: DataError) -> None:
    conn.stale = exc
    first = exc.problems[0] if exc.problems else "(unknown problem)"
    warnings.warn(StaleDataWarning(
        f"the curated data has {len(exc.problems)} problem(s), e.g. {first}; answering from "
        "the last good build of the knowledge base (run `igokit build` to list every problem)",
        exc.problems), stacklevel=4)


def _current(conn: sqlite3.Connection) -> bool:
    """Whether the quick stamp says the tables were built, and migrated, by this very code from
    these very files (then neither the YAML loaders nor the migration modules need importing)."""
    return _meta(conn, "quick_stamp") == quick_stamp() and built_stamp(conn) is not None


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
    migrate(conn)  # a database opened with refresh=False may lack the later tables
    stamp = _stamp()
    if not force and built_stamp(conn) == stamp:
        _remember_quick(conn, quick)  # touched but not changed: skip the hashing next time
        return False
    from igokit.kb import vocabulary
    from igokit.kb.layers import COVERAGE_META_KEY, coverage_json

    settings = [(vocabulary.META_KEY, json.dumps(vocabulary.records(), ensure_ascii=False)),
                (COVERAGE_META_KEY, coverage_json())]  # what queries read instead of YAML
    conn.execute("BEGIN IMMEDIATE")
    try:
        if not force and built_stamp(conn) == stamp:  # another process built it meanwhile
            conn.execute("COMMIT")
            return False
        files = _rebuild_facts(conn)
        conn.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [("stamp", stamp), ("igokit_version", _igokit_version()),
             ("data_files", json.dumps(files)), ("quick_stamp", quick), *settings],
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return True


def _rebuild_facts(conn: sqlite3.Connection) -> list[str]:
    """Replace the fact tables (inside the caller's transaction) with the curated tree, streamed:
    sources, entities and events are read and checked first, then the statements are checked
    and written a chunk at a time, so memory holds the entities but never every statement.
    Every problem raises :class:`~igokit.errors.DataError` at the end, and the caller's rollback
    leaves the previous facts. Returns the files read.

    The write lock is held while the YAML is read (a curated tree of 100,000 statements: a few
    seconds; readers are not blocked, WAL). The fact tables' indexes are dropped before the
    bulk insert and created again after it, which bench/kb_scale.py measured faster than
    keeping them up to date row by row.
    """
    from igokit.kb.catalog import Catalog, CatalogReader  # only a rebuild reads the YAML
    from igokit.kb.indicator_data import load_indicator_files, write_builtin

    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
        f"tbl_name IN ({','.join('?' * len(FACT_TABLES))}) ORDER BY name", FACT_TABLES,
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for table in FACT_TABLES:
        conn.execute(f"DELETE FROM {table}")
    reader = CatalogReader()
    _write_sources_and_entities(conn, reader.sources.values(), reader.entities.values())
    _write_statements(conn, reader)
    catalog = Catalog(reader.sources, reader.entities, [], reader.files, "")
    write_builtin(conn, load_indicator_files(catalog))
    for _, sql in indexes:
        conn.execute(sql)
    return reader.files


def _write_sources_and_entities(conn: sqlite3.Connection, sources: Iterable[Source],
                                entities: Iterable[Entity]) -> None:
    conn.executemany(
        "INSERT INTO sources VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(s.id, s.kind, s.title, json.dumps(s.authors, ensure_ascii=False), s.publisher,
          s.date.iso() if s.date else None, s.date.precision if s.date else None, s.url, s.doi,
          s.language, s.note, s.where) for s in sources],
    )
    ent_rows, name_rows, esrc_rows = [], [], []
    for e in entities:
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


_INSERT_STATEMENT = (
    'INSERT INTO statements (id, subject, predicate, object, value, start, start_precision, '
    'start_day, "end", end_precision, end_day, qualifiers, note, origin) '
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
_INSERT_CITATION = ("INSERT INTO statement_sources (rowid, statement_id, source_id, locator) "
                    "VALUES (?,?,?,?)")


def _statement_rows(statements: Iterable[Statement], first_id: int, first_citation: int
                    ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Rows of ``statements`` numbered from ``first_id + 1``, and of their citations numbered
    (rowid) from ``first_citation + 1``."""
    rows: list[tuple[object, ...]] = []
    citations: list[tuple[object, ...]] = []
    sid, cid = first_id, first_citation
    for st in statements:
        sid += 1
        start, end = st.start, st.end
        rows.append((
            sid, st.subject, st.predicate, st.object, st.value,
            start.iso() if start else None, start.precision if start else None,
            start.first_day.isoformat() if start else None,
            end.iso() if end else None, end.precision if end else None,
            end.first_day.isoformat() if end else None,
            json.dumps(st.qualifiers, ensure_ascii=False, default=str) if st.qualifiers
            else "{}", st.note, st.where,
        ))
        for ref in st.sources:
            cid += 1
            citations.append((cid, sid, ref.id, ref.locator))
    return rows, citations


def _write_statements(conn: sqlite3.Connection, reader: CatalogReader) -> None:
    """Statements and their citations, numbered in the catalog's order: those the events imply
    first, then those of statements/ as they stream in.

    How many implied statements a hand-written one replaces is known only once every statement
    was read, so statements/ is numbered after the most the events can imply, and moved down
    over the gap at the end (ids and citation rowids stay dense, as a build from a list has
    them; the UPDATE walks the rowids in ascending order, so a moved row never meets one not
    moved yet).
    """
    reserved, reserved_citations = reader.implied_at_most
    sid, cid = reserved, reserved_citations
    for batch in reader.statement_batches():
        rows, citations = _statement_rows(batch, sid, cid)
        conn.executemany(_INSERT_STATEMENT, rows)
        conn.executemany(_INSERT_CITATION, citations)
        sid += len(rows)
        cid += len(citations)
    implied = reader.finish()  # every problem of the tree: DataError
    rows, citations = _statement_rows(implied, 0, 0)
    conn.executemany(_INSERT_STATEMENT, rows)
    conn.executemany(_INSERT_CITATION, citations)
    gap, gap_citations = reserved - len(rows), reserved_citations - len(citations)
    if gap or gap_citations:
        conn.execute("UPDATE statements SET id = id - ? WHERE id > ?", (gap, reserved))
        conn.execute("UPDATE statement_sources SET rowid = rowid - ?, statement_id = "
                     "statement_id - ? WHERE rowid > ?",
                     (gap_citations, gap, reserved_citations))
