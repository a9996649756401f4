"""Ingested documents: their tables, storage (one transaction per document) and full-text search.

These tables belong to the user: rebuilding the curated facts never touches them. Documents are
deduplicated by the SHA-256 of their bytes, so ingesting the same folder twice adds nothing and an
interrupted ingest resumes where it stopped (every finished document is committed on its own).

Search ignores word forms: ``passages.norm`` holds the normalized keys of every word of a passage
(:mod:`igokit.text.forms`: Russian lemmas, English stems, Kazakh stems) and ``passages_fts``
indexes both the text and these keys. ``passage_forms`` records what the keys were made with; when
that changes (or a database from before this column is opened), ``ensure_forms`` recomputes them
and rebuilds the index in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from igokit.kb.schema import register_migration
from igokit.text.forms import forms_version, norm_text

register_migration(
    "0002_documents",
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, path TEXT, format TEXT NOT NULL,
        title TEXT, date TEXT, url TEXT, lang TEXT, size INTEGER, pages INTEGER,
        n_chars INTEGER NOT NULL, n_words INTEGER NOT NULL, meta TEXT NOT NULL DEFAULT '{}',
        text TEXT NOT NULL, extraction TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id),
        seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, lang TEXT,
        text TEXT NOT NULL
    );
    CREATE INDEX passages_doc ON passages(doc_id, seq);
    CREATE TABLE mentions (
        doc_id INTEGER NOT NULL REFERENCES documents(id), passage_id INTEGER, start INTEGER,
        "end" INTEGER, entity TEXT NOT NULL, kind TEXT NOT NULL, text TEXT
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE INDEX mentions_doc ON mentions(doc_id);
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, content='passages', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )
    """,
)

# Word-form search: a second indexed column with the normalized keys. The keys themselves are
# computed in Python, by ``ensure_forms`` (existing passages) and at ingestion (new ones).
register_migration(
    "0006_passage_forms",
    """
    ALTER TABLE passages ADD COLUMN norm TEXT;
    DROP TABLE passages_fts;
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, norm, content='passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0'
    );
    INSERT INTO passages_fts(passages_fts) VALUES ('rebuild');
    CREATE TABLE passage_forms (key TEXT PRIMARY KEY, value TEXT NOT NULL)
    """,
)


def ensure_forms(conn: sqlite3.Connection, *, batch: int = 2000) -> int:
    """Make ``passages.norm`` and its index current: recompute every passage's keys when they were
    made with other rules (or never), in one transaction. Returns how many passages it redid."""
    version = forms_version()
    if _forms_stamp(conn) == version:
        return 0
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:  # a read-only file: search the text column only
        if "readonly" in str(exc) or "read-only" in str(exc):
            return 0
        raise
    done = 0
    try:
        if _forms_stamp(conn) == version:  # another process did it meanwhile
            conn.execute("COMMIT")
            return 0
        last = 0
        while True:
            rows = conn.execute("SELECT id, text, lang FROM passages WHERE id > ? ORDER BY id "
                                "LIMIT ?", (last, batch)).fetchall()
            if not rows:
                break
            conn.executemany("UPDATE passages SET norm = ? WHERE id = ?",
                             [(norm_text(r[1], r[2]), r[0]) for r in rows])
            last = int(rows[-1][0])
            done += len(rows)
        conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
        conn.execute("INSERT OR REPLACE INTO passage_forms VALUES ('version', ?)", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


def _forms_stamp(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM passage_forms WHERE key = 'version'").fetchone()
    return str(row[0]) if row else None


@dataclass(slots=True)
class StoredDocument:
    id: int
    sha256: str
    path: str | None
    format: str
    title: str | None
    date: str | None
    lang: str | None
    n_words: int
    n_mentions: int
    ingested_at: str


def has_document(conn: sqlite3.Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else None


def store_extraction(conn: sqlite3.Connection, extraction: dict[str, Any]) -> int:
    """Store one extracted document (``Extraction.to_dict()``) in a single transaction.

    Returns the document id; an already stored document (same SHA-256) is left as it is.
    """
    doc = extraction["document"]
    text: str = extraction["text"]
    sha = doc.get("sha256") or ""
    ensure_forms(conn)  # an older database gets its normalized keys first
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = has_document(conn, sha)
        if existing is not None:
            conn.execute("COMMIT")
            return existing
        cur = conn.execute(
            "INSERT INTO documents (sha256, path, format, title, date, url, lang, size, pages, "
            "n_chars, n_words, meta, text, extraction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha, doc.get("path"), doc.get("format") or "txt", doc.get("title"),
             doc.get("date"), doc.get("url"), _main_lang(doc), doc.get("size"),
             doc.get("pages"), len(text), len(text.split()),
             json.dumps(doc.get("meta") or {}, ensure_ascii=False, default=str), text,
             json.dumps({k: v for k, v in extraction.items() if k != "text"},
                        ensure_ascii=False, default=str)),
        )
        doc_id = int(cur.lastrowid or 0)
        passage_ids = _store_passages(conn, doc_id, text, extraction)
        rows = []
        for m in extraction["mentions"]:
            pid = _passage_of(passage_ids, m["start"])
            rows.append((doc_id, pid, m["start"], m["end"], m["entity"], m["kind"], m["text"]))
        conn.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return doc_id


def _main_lang(doc: dict[str, Any]) -> str | None:
    langs = doc.get("languages") or {}
    return next(iter(langs), None)


def _store_passages(conn: sqlite3.Connection, doc_id: int, text: str,
                    extraction: dict[str, Any]) -> list[tuple[int, int, int]]:
    """Paragraphs become the searchable passages; each takes its sentences' main language."""
    langs: dict[int, dict[str, int]] = {}
    for s in extraction["sentences"]:
        per = langs.setdefault(s.get("paragraph", 0), {})
        per[s["lang"]] = per.get(s["lang"], 0) + s["end"] - s["start"]
    out: list[tuple[int, int, int]] = []
    for seq, p in enumerate(extraction["paragraphs"]):
        body = text[p["start"]:p["end"]]
        lang = max(langs.get(seq, {"other": 1}).items(), key=lambda kv: kv[1])[0]
        norm = norm_text(body, lang)
        cur = conn.execute(
            'INSERT INTO passages (doc_id, seq, start, "end", lang, text, norm) '
            "VALUES (?,?,?,?,?,?,?)",
            (doc_id, seq, p["start"], p["end"], lang, body, norm),
        )
        pid = int(cur.lastrowid or 0)
        conn.execute("INSERT INTO passages_fts (rowid, text, norm) VALUES (?, ?, ?)",
                     (pid, body, norm))
        out.append((p["start"], p["end"], pid))
    return out


def _passage_of(passages: list[tuple[int, int, int]], offset: int) -> int | None:
    lo, hi = 0, len(passages) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        start, end, pid = passages[mid]
        if offset < start:
            hi = mid - 1
        elif offset >= end:
            lo = mid + 1
        else:
            return pid
    return None


def list_documents(conn: sqlite3.Connection) -> list[StoredDocument]:
    rows = conn.execute(
        "SELECT d.id, d.sha256, d.path, d.format, d.title, d.date, d.lang, d.n_words, "
        "(SELECT count(*) FROM mentions m WHERE m.doc_id = d.id), d.ingested_at "
        "FROM documents d ORDER BY d.id"
    ).fetchall()
    return [StoredDocument(*r) for r in rows]


def load_extraction(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any]:
    """The stored extraction of a document, with its text (``Extraction.to_dict()`` form)."""
    row = conn.execute("SELECT extraction, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    data: dict[str, Any] = json.loads(row[0])
    data["text"] = row[1]
    return data


@dataclass(slots=True)
class PassageText:
    passage_id: int
    doc_id: int
    seq: int
    lang: str | None
    text: str
    title: str | None
    path: str | None
    date: str | None
    doc_lang: str | None


def passage_texts(conn: sqlite3.Connection, *, lang: str | None = None
                  ) -> Iterator[PassageText]:
    """Every ingested passage (only those in ``lang`` if given), in document order."""
    sql = ("SELECT p.id, p.doc_id, p.seq, p.lang, p.text, d.title, d.path, d.date, d.lang "
           "FROM passages p JOIN documents d ON d.id = p.doc_id")
    params: list[Any] = []
    if lang:
        sql += " WHERE p.lang = ?"
        params.append(lang)
    sql += " ORDER BY d.id, p.seq"
    for row in conn.execute(sql, params):
        yield PassageText(*row)


def document_texts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every ingested document's text, path, title, date, SHA-256 and URL."""
    return [tuple(r) for r in conn.execute(
        "SELECT text, path, title, date, sha256, url FROM documents ORDER BY id")]


def document_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def document_text(conn: sqlite3.Connection, doc_id: int) -> tuple[str, str | None]:
    """The stored text and date of one document (KeyError if there is none)."""
    row = conn.execute("SELECT text, date FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return str(row[0]), row[1]


def document_meta(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT path, title, date, format, lang, n_words, url FROM documents "
                       "WHERE id = ?", (doc_id,)).fetchone()
    return dict(row) if row is not None else None


def passage_starts(conn: sqlite3.Connection, doc_id: int) -> dict[int, int]:
    """Each passage's start offset → its id."""
    return {int(r[1]): int(r[0]) for r in conn.execute(
        "SELECT id, start FROM passages WHERE doc_id = ?", (doc_id,))}


def passage_languages(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT lang FROM passages WHERE lang IS NOT NULL ORDER BY lang")]
