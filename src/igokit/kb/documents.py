"""Ingested documents: their tables and their storage, in batches of many documents per transaction.

These tables belong to the user: rebuilding the curated facts never touches them. Documents are
deduplicated by the SHA-256 of their bytes, so ingesting the same folder twice adds nothing, and an
interrupted ingest resumes where it stopped: every committed batch stays, the open one is redone.

Storage (migrations ``0011_documents_compact`` and ``0012_text_compressed``): the text is stored
once, compressed, in ``documents.text`` (:func:`igokit.kb.payload.encode_text`: a marker, then
blocks of 8,192 code points each zlib-compressed on its own; a ``str`` there is the plain text of
an older database, converted by :func:`upgrade_text`). SQL cannot read it: every read of a
document's or a passage's text goes through the functions here (:func:`document_text`,
:func:`document_texts`, :func:`texts_by_id`, :func:`passages_by_id`, :func:`passage_texts`,
:func:`load_extraction`), which decompress in Python and cut passages by offset; a passage shown
by search costs the blocks it overlaps, not the whole document.

- ``passage_spans`` holds each passage (paragraph) as offsets (code points) into its document's
  text (the readers drop NUL characters, and :func:`prepare_document` refuses them);
- ``passages_fts`` indexes the passages' text and the normalized keys of their words
  (:mod:`igokit.text.forms`) as a *contentless* FTS5 table (``content=''``): the index only, no
  copy of the text. BM25 ranking (``rank``), phrase and prefix queries work as on any FTS5
  table, with the same scores as the external-content table of 0011; ``snippet()`` and
  ``highlight()`` do not (there is no text to cut), so kb/search.py makes the snippets of the
  passages it shows. Rows are written only by this module, and the FTS5 ``'rebuild'`` command
  does not exist for it: :func:`ensure_forms` rebuilds the index (``'delete-all'``, then every
  passage with its keys again). A contentless table cannot delete single rows (SQLite < 3.43):
  removing a document would mean rebuilding the index;
- ``documents.extraction`` holds the extraction compressed (:mod:`igokit.kb.payload`; a ``str``
  there is the plain JSON of older databases, converted by :func:`upgrade_payloads`);
- ``mentions`` holds one row per entity per passage (``n`` mentions; ``passage_id`` 0 for a
  mention outside every passage): what search filters and document selection need. Each
  mention with its offsets is in the extraction (:func:`load_extraction`).

The heavy work per document (keys, JSON, compression) is :func:`prepare_document`, a pure function
that ingestion runs in its worker processes; :func:`store_prepared` only inserts.

Measured on bench/ingest.py's 2,000 documents (7.1 MB of text), per input byte: 2.67 with the
0011 form, 1.8-1.9 with this one (text 0.40, index 0.75, extractions 0.29, the rest mentions,
spans and B-tree slack).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from igokit.kb import payload
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

# Text stored once (issue 13): passages become offsets (the table ``passage_spans`` and the view
# ``passages`` with the same columns as before), mentions one row per entity and passage, and
# the mention count moves to ``documents``. The full-text index is kept as it is: its rows, text
# and keys do not change, and its content table is now the view of the same name. Old JSON
# extractions are compressed by ``upgrade_payloads`` (Python, in one transaction), which the
# ``payloads`` key below asks for.
register_migration(
    "0011_documents_compact",
    """
    ALTER TABLE documents ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;
    UPDATE documents SET n_mentions =
        (SELECT count(*) FROM mentions m WHERE m.doc_id = documents.id);
    CREATE TABLE passage_spans (
        id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL REFERENCES documents(id),
        seq INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, lang TEXT
    );
    INSERT INTO passage_spans SELECT id, doc_id, seq, start, "end", lang FROM passages;
    CREATE INDEX passage_spans_doc ON passage_spans(doc_id, seq);
    DROP TABLE passages;
    CREATE VIEW passages AS
        SELECT s.id, s.doc_id, s.seq, s.start, s."end", s.lang,
               substr(d.text, s.start + 1, s."end" - s.start) AS text, NULL AS norm
        FROM passage_spans s JOIN documents d ON d.id = s.doc_id;
    CREATE TABLE mention_counts (
        entity TEXT NOT NULL, passage_id INTEGER NOT NULL, doc_id INTEGER NOT NULL,
        n INTEGER NOT NULL, PRIMARY KEY (entity, passage_id, doc_id)
    ) WITHOUT ROWID;
    INSERT INTO mention_counts
        SELECT entity, coalesce(passage_id, 0), doc_id, count(*) FROM mentions GROUP BY 1, 2, 3;
    DROP TABLE mentions;
    ALTER TABLE mention_counts RENAME TO mentions;
    INSERT OR REPLACE INTO passage_forms VALUES ('payloads', 'json')
    """,
)

# Text compressed and a contentless index (issue 13: the database at most twice the input).
# SQL alone cannot compress, so this only asks for the conversion (the ``text`` key);
# ``upgrade_text`` does it in Python, all in one transaction: until it has run (a read-only file,
# an interrupted conversion) the database keeps its 0011 form, which every reader here still reads.
register_migration(
    "0012_text_compressed",
    """
    INSERT OR REPLACE INTO passage_forms VALUES ('text', 'plain')
    """,
)

_FTS_CREATE = (
    "CREATE VIRTUAL TABLE passages_fts USING fts5(text, norm, content='', "
    "tokenize='unicode61 remove_diacritics 0')"
)


def _forms_stamp(conn: sqlite3.Connection, key: str = "version") -> str | None:
    row = conn.execute("SELECT value FROM passage_forms WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def _begin_write(conn: sqlite3.Connection) -> bool:
    """Take the write lock; False when the database is read-only (nothing to do then)."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            return False
        raise
    return True


def ensure_forms(conn: sqlite3.Connection, *, batch: int = 2000) -> int:
    """Make the normalized keys in the index current: when they were made with other rules (or
    never), index every passage again with its keys, in one transaction. Returns how many
    passages it redid (0 when the keys were current or the file is read-only)."""
    if _forms_stamp(conn, "text") == "plain":
        return upgrade_text(conn, batch=batch)
    version = forms_version()
    if _forms_stamp(conn) == version:
        return 0
    if not _begin_write(conn):
        return 0
    done = 0
    try:
        if _forms_stamp(conn) == version:  # another process did it meanwhile
            conn.execute("COMMIT")
            return 0
        conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')")
        done = _index_all(conn, batch)
        conn.execute("INSERT OR REPLACE INTO passage_forms VALUES ('version', ?)", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


def _index_all(conn: sqlite3.Connection, batch: int) -> int:
    """Index every passage with its keys (the index must be empty); returns how many."""
    done = 0
    rows: list[tuple[int, str, str]] = []
    for span, text in _spans_with_text(conn, "SELECT id, doc_id, start, \"end\", lang "
                                             "FROM passage_spans ORDER BY doc_id, seq"):
        body = text[span[2]:span[3]]
        rows.append((span[0], body, norm_text(body, span[4])))
        if len(rows) >= batch:
            conn.executemany(_FTS_INSERT, rows)
            done += len(rows)
            rows = []
    conn.executemany(_FTS_INSERT, rows)
    return done + len(rows)


def upgrade_text(conn: sqlite3.Connection, *, batch: int = 2000) -> int:
    """Convert a database of the 0011 form (plain ``documents.text``, the ``passages`` view, an
    external-content index over it): the contentless index, rebuilt with current keys, and every
    text compressed — all in one transaction (a crash or a read-only file leaves the 0011 form,
    which still reads). Returns how many passages it indexed."""
    if _forms_stamp(conn, "text") != "plain":
        return 0
    if not _begin_write(conn):
        return 0
    try:
        if _forms_stamp(conn, "text") != "plain":  # another process did it meanwhile
            conn.execute("COMMIT")
            return 0
        conn.execute("DROP VIEW IF EXISTS passages")
        conn.execute("DROP TABLE IF EXISTS passages_fts")
        conn.execute(_FTS_CREATE)
        done = _index_all(conn, batch)  # from the plain texts, before they are compressed
        last = 0
        while True:
            rows = conn.execute(
                "SELECT id, text FROM documents WHERE id > ? AND typeof(text) = 'text' "
                "ORDER BY id LIMIT ?", (last, 200)).fetchall()
            if not rows:
                break
            conn.executemany("UPDATE documents SET text = ? WHERE id = ?",
                             [(payload.encode_text(str(r[1])), r[0]) for r in rows])
            last = int(rows[-1][0])
        conn.execute("INSERT OR REPLACE INTO passage_forms VALUES ('version', ?)",
                     (forms_version(),))
        conn.execute("INSERT OR REPLACE INTO passage_forms VALUES ('text', ?)",
                     (payload.TEXT_V1.decode(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


_FTS_INSERT = "INSERT INTO passages_fts (rowid, text, norm) VALUES (?, ?, ?)"


def _spans_with_text(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()
                     ) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Rows of ``sql`` (``doc_id`` second, ordered by it) each with its document's text: each
    text is read once, not once per passage as the ``passages`` view would."""
    doc_id, text = None, ""
    for row in conn.execute(sql, params):
        if row[1] != doc_id:
            doc_id = row[1]
            found = conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            text = payload.decode_text(found[0]) if found else ""
        yield tuple(row), text


def upgrade_payloads(conn: sqlite3.Connection, *, batch: int = 500) -> int:
    """Compress the extractions an older IGOkit stored as plain JSON, all in one transaction
    (a crash leaves them as they were). Returns how many it converted."""
    if _forms_stamp(conn, "payloads") != "json":
        return 0
    if not _begin_write(conn):
        return 0
    done = 0
    try:
        if _forms_stamp(conn, "payloads") == "json":
            last = 0
            while True:
                rows = conn.execute(
                    "SELECT id, extraction, text FROM documents WHERE id > ? "
                    "AND typeof(extraction) = 'text' ORDER BY id LIMIT ?", (last, batch)
                ).fetchall()
                if not rows:
                    break
                texts = [payload.decode_text(r[2]) for r in rows]
                conn.executemany("UPDATE documents SET extraction = ? WHERE id = ?",
                                 [(payload.encode(payload.decode(r[1], t), t), r[0])
                                  for r, t in zip(rows, texts, strict=True)])
                last = int(rows[-1][0])
                done += len(rows)
            conn.execute("INSERT OR REPLACE INTO passage_forms VALUES ('payloads', ?)",
                         (payload.FORMAT_V1.decode(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


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


@dataclass(slots=True)
class PreparedDocument:
    """One extraction ready to insert (:func:`prepare_document`): plain values, picklable, so
    that worker processes make it and the process holding the database only inserts it."""

    sha256: str
    row: tuple[Any, ...]  # the documents columns of _DOC_INSERT, stored text and payload included
    text: str  # the plain text (for the index)
    passages: list[tuple[int, int, str, str]]  # start, end, lang, normalized keys
    mentions: list[tuple[str, int, int]]  # entity, passage seq (-1: outside every passage), n
    n_words: int


_DOC_INSERT = (
    "INSERT INTO documents (sha256, path, format, title, date, url, lang, size, pages, n_chars, "
    "n_words, meta, text, extraction, n_mentions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


def passage_spans(extraction: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The passages of an ``Extraction.to_dict()``: its paragraphs (start, end), each with the
    language most of its sentences' characters are in ("other" for a paragraph without any)."""
    langs: dict[int, dict[str, int]] = {}
    for s in extraction.get("sentences") or []:
        per = langs.setdefault(s.get("paragraph", 0), {})
        per[s["lang"]] = per.get(s["lang"], 0) + s["end"] - s["start"]
    return [(p["start"], p["end"], max(langs.get(seq, {"other": 1}).items(),
                                       key=lambda kv: kv[1])[0])
            for seq, p in enumerate(extraction.get("paragraphs") or [])]


def prepare_document(extraction: dict[str, Any]) -> PreparedDocument:
    """Everything :func:`store_prepared` inserts for one ``Extraction.to_dict()``: the document
    row with its compressed extraction, its passages with their normalized keys (paragraphs;
    each takes its sentences' main language) and its mention counts per entity and passage."""
    doc = extraction["document"]
    text: str = extraction["text"]
    if "\x00" in text:  # SQLite's substr() stops at NUL: passage offsets would go wrong
        raise ValueError("the text contains NUL characters (U+0000); remove them first")
    passages = [(start, end, lang, norm_text(text[start:end], lang))
                for start, end, lang in passage_spans(extraction)]
    mentions = extraction.get("mentions") or []
    counts: Counter[tuple[str, int]] = Counter(
        (m["entity"], _passage_of(passages, m["start"])) for m in mentions)
    n_words = len(text.split())
    row = (doc.get("sha256") or "", doc.get("path"), doc.get("format") or "txt",
           doc.get("title"), doc.get("date"), doc.get("url"), _main_lang(doc), doc.get("size"),
           doc.get("pages"), len(text), n_words,
           json.dumps(doc.get("meta") or {}, ensure_ascii=False, default=str),
           payload.encode_text(text),
           payload.encode({k: v for k, v in extraction.items() if k != "text"}, text),
           len(mentions))
    return PreparedDocument(str(row[0]), row, text, passages,
                            [(e, seq, n) for (e, seq), n in counts.items()], n_words)


def _main_lang(doc: dict[str, Any]) -> str | None:
    langs = doc.get("languages") or {}
    return next(iter(langs), None)


def _passage_of(passages: Sequence[tuple[int, int, str, str]], offset: int) -> int:
    """The index of the passage holding ``offset`` (-1 if none)."""
    lo, hi = 0, len(passages) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        start, end = passages[mid][0], passages[mid][1]
        if offset < start:
            hi = mid - 1
        elif offset >= end:
            lo = mid + 1
        else:
            return mid
    return -1


def has_document(conn: sqlite3.Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return int(row[0]) if row else None


def prepare_storage(conn: sqlite3.Connection) -> None:
    """Bring an older database up to date before writing: compressed texts and the contentless
    index, normalized keys, compressed extractions (each in one transaction; nothing to do on a
    current database)."""
    ensure_forms(conn)
    upgrade_payloads(conn)


def store_prepared(conn: sqlite3.Connection, docs: Sequence[PreparedDocument]
                   ) -> list[tuple[int, bool]]:
    """Insert prepared documents in one transaction: ``(id, added)`` for each, in order.

    A document already stored (same SHA-256, also earlier in ``docs``) is not added again:
    ``(its id, False)``. Either every document of ``docs`` is stored or none is.
    """
    out: list[tuple[int, bool]] = []
    if not docs:
        return out
    conn.execute("BEGIN IMMEDIATE")
    try:
        seen: dict[str, int] = {}
        # ids are given here (not by SQLite one insert at a time) so that each table takes one
        # executemany; nothing else writes while this transaction holds the write lock
        next_pid = int(conn.execute("SELECT coalesce(max(id), 0) FROM passage_spans"
                                    ).fetchone()[0]) + 1
        spans: list[tuple[int, int, int, int, int, str]] = []
        index: list[tuple[int, str, str]] = []
        mentions: list[tuple[str, int, int, int]] = []
        for d in docs:
            existing = seen.get(d.sha256)
            if existing is None:
                existing = has_document(conn, d.sha256)
            if existing is not None:
                out.append((existing, False))
                continue
            doc_id = int(conn.execute(_DOC_INSERT, d.row).lastrowid or 0)
            seen[d.sha256] = doc_id
            first = next_pid
            for seq, (start, end, lang, norm) in enumerate(d.passages):
                spans.append((next_pid, doc_id, seq, start, end, lang))
                index.append((next_pid, d.text[start:end], norm))
                next_pid += 1
            mentions.extend((entity, first + seq if seq >= 0 else 0, doc_id, n)
                            for entity, seq, n in d.mentions)
            out.append((doc_id, True))
        conn.executemany('INSERT INTO passage_spans (id, doc_id, seq, start, "end", lang) '
                         "VALUES (?,?,?,?,?,?)", spans)
        conn.executemany(_FTS_INSERT, index)
        conn.executemany("INSERT INTO mentions (entity, passage_id, doc_id, n) VALUES (?,?,?,?)",
                         mentions)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return out


def store_batch(conn: sqlite3.Connection, extractions: Iterable[dict[str, Any]]) -> list[int]:
    """Store many extracted documents (``Extraction.to_dict()``) in one transaction.

    The contract other engines rely on (the local ingest, a Dask engine):

    - returns the document id of each extraction, in order;
    - deduplicates by ``document.sha256``: a document already stored (or earlier in the same
      batch) is not stored again and its existing id is returned;
    - atomic: on any error (bad extraction, disk full, interrupt) nothing of the batch is stored,
      so a rerun redoes exactly that batch; committed batches are never touched;
    - the per-document work (:func:`prepare_document`) runs before the write lock is taken;
      engines with worker processes call it there and :func:`store_prepared` here instead.
    """
    prepared = [prepare_document(e) for e in extractions]
    prepare_storage(conn)  # an older database gets its keys and payloads first
    return [doc_id for doc_id, _ in store_prepared(conn, prepared)]


def store_extraction(conn: sqlite3.Connection, extraction: dict[str, Any]) -> int:
    """Store one extracted document (``Extraction.to_dict()``) in a single transaction.

    Returns the document id; an already stored document (same SHA-256) is left as it is.
    """
    return store_batch(conn, [extraction])[0]


def list_documents(conn: sqlite3.Connection) -> list[StoredDocument]:
    rows = conn.execute(
        "SELECT id, sha256, path, format, title, date, lang, n_words, n_mentions, ingested_at "
        "FROM documents ORDER BY id"
    ).fetchall()
    return [StoredDocument(*r) for r in rows]


def load_extraction(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any]:
    """The stored extraction of a document, with its text (``Extraction.to_dict()`` form)."""
    row = conn.execute("SELECT extraction, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    text = payload.decode_text(row[1])
    data = payload.decode(row[0], text)
    data["text"] = text
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
    sql = ("SELECT s.id, s.doc_id, s.seq, s.lang, s.start, s.\"end\", d.title, d.path, d.date, "
           "d.lang FROM passage_spans s JOIN documents d ON d.id = s.doc_id")
    params: list[Any] = []
    if lang:
        sql += " WHERE s.lang = ?"
        params.append(lang)
    sql += " ORDER BY s.doc_id, s.seq"
    for r, text in _spans_with_text(conn, sql, params):
        yield PassageText(r[0], r[1], r[2], r[3], text[r[4]:r[5]], r[6], r[7], r[8], r[9])


def document_texts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every ingested document's text, path, title, date, SHA-256 and URL."""
    return [(payload.decode_text(r[0]), *r[1:]) for r in conn.execute(
        "SELECT text, path, title, date, sha256, url FROM documents ORDER BY id")]


@dataclass(slots=True)
class ShownPassage:
    doc_id: int
    passage_id: int
    title: str | None
    path: str | None
    date: str | None
    lang: str | None
    start: int
    end: int
    text: str


def passages_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, ShownPassage]:
    """These passages (at most a few hundred: the hits shown) with their document's title, path
    and date, by id; of each stored text only the blocks holding the passage are decompressed
    (:func:`igokit.kb.payload.decode_text`)."""
    out: dict[int, ShownPassage] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for r in conn.execute(
                "SELECT p.doc_id, p.id, d.title, d.path, d.date, p.lang, p.start, p.\"end\", "
                "d.text FROM passage_spans p JOIN documents d ON d.id = p.doc_id "
                f"WHERE p.id IN ({','.join('?' * len(part))})", part):
            out[int(r[1])] = ShownPassage(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                          payload.decode_text(r[8], r[6], r[7]))
    return out


def texts_by_id(conn: sqlite3.Connection, doc_ids: Iterable[int]) -> dict[int, str]:
    """The texts of these documents (each read and decompressed once), by id."""
    ids = sorted(set(doc_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        out.update((int(r[0]), payload.decode_text(r[1])) for r in conn.execute(
            f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def document_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def document_text(conn: sqlite3.Connection, doc_id: int) -> tuple[str, str | None]:
    """The stored text and date of one document (KeyError if there is none)."""
    row = conn.execute("SELECT text, date FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return payload.decode_text(row[0]), row[1]


def document_meta(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT path, title, date, format, lang, n_words, url FROM documents "
                       "WHERE id = ?", (doc_id,)).fetchone()
    return dict(row) if row is not None else None


def passage_starts(conn: sqlite3.Connection, doc_id: int) -> dict[int, int]:
    """Each passage's start offset → its id."""
    return {int(r[1]): int(r[0]) for r in conn.execute(
        "SELECT id, start FROM passage_spans WHERE doc_id = ?", (doc_id,))}


def passage_languages(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT lang FROM passage_spans WHERE lang IS NOT NULL ORDER BY lang")]
