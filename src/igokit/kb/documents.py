"""Ingested documents: their tables, storage (one transaction per document) and full-text search.

These tables belong to the user: rebuilding the curated facts never touches them. Documents are
deduplicated by the SHA-256 of their bytes, so ingesting the same folder twice adds nothing and an
interrupted ingest resumes where it stopped (every finished document is committed on its own).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from igokit.kb.schema import register_migration

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
        cur = conn.execute(
            'INSERT INTO passages (doc_id, seq, start, "end", lang, text) VALUES (?,?,?,?,?,?)',
            (doc_id, seq, p["start"], p["end"], lang, body),
        )
        pid = int(cur.lastrowid or 0)
        conn.execute("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", (pid, body))
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
class SearchHit:
    doc_id: int
    passage_id: int
    title: str | None
    path: str | None
    date: str | None
    lang: str | None
    score: float
    snippet: str
    start: int
    end: int


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(query: str, prefix: bool = True) -> str:
    """A safe FTS5 query from free text: every word quoted (no FTS syntax injection); with
    ``prefix`` words of 5+ letters also match longer forms (Казахстан → Казахстана, Казахстаном),
    a cheap stand-in for stemming in inflected languages."""
    parts = []
    for token in _TOKEN.findall(query):
        quoted = '"' + token.replace('"', '""') + '"'
        parts.append(quoted + ("*" if prefix and len(token) >= 5 else ""))
    return " ".join(parts)


def search(conn: sqlite3.Connection, query: str, *, lang: str | None = None,
           entity: str | None = None, date_from: str | None = None,
           date_to: str | None = None, limit: int = 20, prefix: bool = True
           ) -> list[SearchHit]:
    """Ranked passages (BM25) matching ``query``, with ``[…]`` highlights in the snippet."""
    match = fts_query(query, prefix)
    if not match:
        return []
    sql = (
        "SELECT p.doc_id, p.id, d.title, d.path, d.date, p.lang, bm25(passages_fts) AS score, "
        "snippet(passages_fts, 0, '[', ']', '…', 24), p.start, p.\"end\" "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ?"
    )
    params: list[Any] = [match]
    if lang:
        sql += " AND p.lang = ?"
        params.append(lang)
    if entity:
        sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.passage_id = p.id AND m.entity = ?)"
        params.append(entity)
    if date_from:
        sql += " AND d.date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND substr(d.date, 1, ?) <= ?"
        params.extend([len(date_to), date_to])
    sql += " ORDER BY score LIMIT ?"
    params.append(limit)
    return [SearchHit(*r) for r in conn.execute(sql, params).fetchall()]


def document_texts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every ingested document's text, path, title, date, SHA-256 and URL."""
    return [tuple(r) for r in conn.execute(
        "SELECT text, path, title, date, sha256, url FROM documents ORDER BY id")]
