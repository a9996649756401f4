"""Storage of ingested documents (issue 13): batches, text stored once, compressed extractions,
the migration of older databases, and a kill -9 in the middle of an ingest."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from tests.extractions import extraction

from igokit.analysis.ingest import ingest, iter_files
from igokit.api import KnowledgeBase
from igokit.kb import documents as docs
from igokit.kb import payload
from igokit.kb.documents import (
    list_documents,
    load_extraction,
    passage_texts,
    prepare_document,
    store_batch,
    store_extraction,
    upgrade_payloads,
)
from igokit.kb.schema import EXTRA_MIGRATIONS
from igokit.kb.search import search
from igokit.kb.store import connect

FIXTURES = Path(__file__).parent / "fixtures" / "text"


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    return connect(tmp_path / "kb.sqlite", refresh=False)


def test_payload_round_trip_keeps_values_and_key_order() -> None:
    text = "Астана — столица. Kazakhstan 2024."
    data = {
        "document": {"sha256": "x", "languages": {"ru": 10}},
        "sentences": [{"start": 0, "end": 17, "lang": "ru", "paragraph": 0},
                      {"start": 18, "end": 34, "lang": "en", "paragraph": 0}],
        "mentions": [{"start": 0, "end": 6, "text": "Астана", "entity": "place:astana"},
                     {"start": 18, "end": 28, "text": "not the slice", "entity": "KAZ"},
                     {"entity": "no offsets"}, {"end": 3, "start": 1, "text": "ст"},
                     {"start": True, "end": 2, "text": "x"}, {"start": 5, "end": 99}, "odd"],
        "dates": [{"start": 29, "end": 33, "text": "2024", "value": "2024", "x": None}],
        "quantities": [], "paragraphs": [{"start": 0, "end": 34}], "meta": {"k": [1, 2.5]},
        "extra": {"spans": [1]},
    }
    stored = payload.encode(data, text)
    assert stored.startswith(payload.FORMAT_V1) and payload.is_current(stored)
    back = payload.decode(stored, text)
    assert json.dumps(back, ensure_ascii=False) == json.dumps(data, ensure_ascii=False)
    assert payload.decode(json.dumps(data), text) == data  # the plain JSON of older databases
    with pytest.raises(ValueError, match="unknown extraction format"):
        payload.decode(b"zzzz" + stored[4:], text)


def test_store_batch_contract(conn: sqlite3.Connection) -> None:
    a = extraction("a", ["Первый абзац про коридоры.", "Второй абзац."],
                   mentions=[("коридоры", "KAZ")])
    b = extraction("b", ["Another corridor here."], lang="en")
    ids = store_batch(conn, [a, b, a])
    assert ids[0] == ids[2] != ids[1]  # the same document twice in one batch: stored once
    assert store_batch(conn, [b]) == [ids[1]]  # and again later: the existing id
    assert [d.title for d in list_documents(conn)] == ["a", "b"]
    assert list_documents(conn)[0].n_mentions == 1
    broken = extraction("c", ["Third."])
    del broken["paragraphs"][0]["end"]
    with pytest.raises(KeyError):
        store_batch(conn, [extraction("d", ["Fourth."]), broken])
    assert len(list_documents(conn)) == 2  # atomic: neither d nor c
    assert store_extraction(conn, extraction("d", ["Fourth."])) == ids[1] + 1


def test_text_is_stored_once_and_passages_are_offsets(conn: sqlite3.Connection) -> None:
    store_batch(conn, [extraction("a", ["Казахстан предложил коридоры.", "Ещё абзац."],
                                  mentions=[("Казахстан", "KAZ"), ("коридоры", "KAZ")])])
    columns = {r[1] for r in conn.execute("PRAGMA table_info(passage_spans)")}
    assert "text" not in columns and "norm" not in columns
    (doc_id,) = [d.id for d in list_documents(conn)]
    text = load_extraction(conn, doc_id)["text"]
    assert text == "Казахстан предложил коридоры.\n\nЕщё абзац."
    rows = conn.execute('SELECT start, "end" FROM passage_spans ORDER BY seq').fetchall()
    assert [p.text for p in passage_texts(conn)] == [text[r[0]:r[1]] for r in rows]
    assert [p.text for p in passage_texts(conn)] == ["Казахстан предложил коридоры.",
                                                     "Ещё абзац."]
    # the text is stored compressed, and the index holds no copy of it (contentless)
    stored = conn.execute("SELECT text, extraction FROM documents").fetchone()
    assert stored[0].startswith(payload.TEXT_V1) and payload.decode_text(stored[0]) == text
    assert stored[1].startswith(payload.FORMAT_V1)
    assert docs.document_text(conn, doc_id)[0] == text
    assert docs.texts_by_id(conn, [doc_id]) == {doc_id: text}
    assert docs.document_texts(conn)[0][0] == text
    assert [tuple(r) for r in conn.execute("SELECT text FROM passages_fts")] == [(None,), (None,)]
    # one row per entity and passage, with the count
    assert [tuple(r) for r in conn.execute("SELECT entity, n FROM mentions")] == [("KAZ", 2)]
    hits = search(conn, "коридор", entity="KAZ")  # forms, entity filter
    assert [h.title for h in hits] == ["a"] and "[коридоры]" in hits[0].snippet
    exact = search(conn, "коридоры", forms=False)  # FTS5's snippet() on the passage shown
    assert exact and exact[0].snippet == "Казахстан предложил [коридоры]."


def test_text_with_nul_is_refused_before_anything_is_stored(conn: sqlite3.Connection) -> None:
    bad = extraction("nul", ["a\x00b"])
    with pytest.raises(ValueError, match="NUL"):
        store_batch(conn, [bad])
    assert list_documents(conn) == []


def _database_before_compaction(path: Path, data: dict[str, Any]) -> None:
    """A knowledge base as IGOkit wrote it before issue 13: passages with their text, one
    mention per row, the extraction as plain JSON."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name in ("0002_documents", "0006_passage_forms"):
        (sql,) = [s for n, s in EXTRA_MIGRATIONS if n == name]
        for part in sql.split(";"):
            if part.strip():
                conn.execute(part)
        conn.execute("INSERT INTO _migrations VALUES (?, datetime('now'))", (name,))
    text = data["text"]
    conn.execute("INSERT INTO documents (id, sha256, format, title, n_chars, n_words, text, "
                 "extraction) VALUES (1, 'old', 'txt', 'old', ?, 5, ?, ?)",
                 (len(text), text, json.dumps({k: v for k, v in data.items() if k != "text"},
                                              ensure_ascii=False)))
    for i, p in enumerate(data["paragraphs"]):
        body = text[p["start"]:p["end"]]
        conn.execute("INSERT INTO passages VALUES (?, 1, ?, ?, ?, 'ru', ?, NULL)",
                     (i + 1, i, p["start"], p["end"], body))
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')")
    for m in data["mentions"]:
        conn.execute("INSERT INTO mentions VALUES (1, 1, ?, ?, ?, ?, ?)",
                     (m["start"], m["end"], m["entity"], m["kind"], m["text"]))
    conn.close()


def test_older_database_is_migrated_and_keeps_working(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = extraction("old", ["Транспортные коридоры Казахстана.", "Второй абзац."],
                      mentions=[("коридоры", "KAZ"), ("Казахстана", "KAZ")])
    path = tmp_path / "old.sqlite"
    _database_before_compaction(path, data)
    conn = connect(path, refresh=False)
    assert list_documents(conn)[0].n_mentions == 2
    assert [tuple(r) for r in conn.execute("SELECT entity, passage_id, n FROM mentions")] == [
        ("KAZ", 1, 2)]
    expected = {k: v for k, v in data.items()}
    assert load_extraction(conn, 1) == expected  # still plain JSON, read as before
    # compressing the payloads is one transaction: a failure leaves every one as it was
    real = payload.encode
    monkeypatch.setattr(payload, "encode", lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        upgrade_payloads(conn)
    assert conn.execute("SELECT typeof(extraction) FROM documents").fetchone()[0] == "text"
    monkeypatch.setattr(payload, "encode", real)
    assert upgrade_payloads(conn) == 1 and upgrade_payloads(conn) == 0
    assert conn.execute("SELECT typeof(extraction) FROM documents").fetchone()[0] == "blob"
    assert load_extraction(conn, 1) == expected
    # the text and the index stay in their old form until the first search or write converts
    # them, in one transaction: a failure on the way leaves the old form, which still reads
    assert conn.execute("SELECT typeof(text) FROM documents").fetchone()[0] == "text"
    assert [h.title for h in search(conn, "Казахстана", forms=False)] == ["old"]
    real_text = payload.encode_text
    monkeypatch.setattr(payload, "encode_text",
                        lambda *a, **k: (_ for _ in ()).throw(OSError("x")))
    with pytest.raises(OSError):
        search(conn, "коридор")
    assert conn.execute("SELECT typeof(text) FROM documents").fetchone()[0] == "text"
    assert conn.execute("SELECT count(*) FROM passages").fetchone()[0] == 2  # the old view
    monkeypatch.setattr(payload, "encode_text", real_text)
    assert [h.title for h in search(conn, "коридор")] == ["old"]  # converted on first search
    assert conn.execute("SELECT typeof(text) FROM documents").fetchone()[0] == "blob"
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'passages'").fetchone()
    assert load_extraction(conn, 1) == expected
    assert [p.text for p in passage_texts(conn)] == ["Транспортные коридоры Казахстана.",
                                                     "Второй абзац."]
    assert docs.upgrade_text(conn) == 0
    store_extraction(conn, extraction("new", ["Новые коридоры."]))
    assert {h.title for h in search(conn, "коридор")} == {"old", "new"}
    assert [h.snippet for h in search(conn, "Казахстана", forms=False)] == [
        "Транспортные коридоры [Казахстана]."]


def test_prepared_documents_carry_the_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare_document(extraction("a", ["Коридоры и порты."]))
    assert prepared.passages[0][2:] == ("ru", docs.norm_text("Коридоры и порты.", "ru"))
    assert prepared.row[13].startswith(payload.FORMAT_V1)


def test_iter_files_streams_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/z.txt", "b/a.txt", "a.txt", "c.md", "b.txt", ".hidden.txt", "b/c/d.txt",
                 "x.bin"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    wanted = {".txt", ".md"}
    expected = [p for p in sorted(tmp_path.rglob("*"))
                if p.is_file() and p.suffix in wanted and not p.name.startswith(".")]
    assert list(iter_files([tmp_path], recursive=True)) == expected
    assert list(iter_files([tmp_path])) == [p for p in expected if p.parent == tmp_path]


def test_two_workers_store_what_one_does(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.py"))
    one, two = KnowledgeBase(tmp_path / "one.sqlite"), KnowledgeBase(tmp_path / "two.sqlite")
    r1 = ingest(one, [folder], workers=1)
    r2 = ingest(two, [folder], workers=2, batch_docs=3)
    assert sorted(r1.added) == sorted(r2.added) and r1.words == r2.words
    assert sorted(r1.failed) == sorted(r2.failed)

    def stored(kb: KnowledgeBase) -> list[tuple[Any, ...]]:
        return sorted(
            (d["path"], json.dumps(load_extraction(kb.conn, d["id"]), sort_keys=True))
            for d in kb.conn.execute("SELECT id, path FROM documents"))

    assert stored(one) == stored(two)
    assert {h.path for h in search(one.conn, "Astana")} == {h.path for h in search(two.conn,
                                                                                  "Astana")}


KILLER = textwrap.dedent("""
    import os, signal, sys
    from igokit.analysis import ingest as m
    from igokit.api import KnowledgeBase
    from igokit.kb import documents

    real, calls = m.store_prepared, [0]

    def store(conn, docs):
        calls[0] += 1
        if calls[0] < 3:
            return real(conn, docs)
        # the third batch dies half-way through its transaction
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(documents._DOC_INSERT, docs[0].row)
        os.kill(os.getpid(), signal.SIGKILL)

    m.store_prepared = store
    m.ingest(KnowledgeBase(sys.argv[1]), [sys.argv[2]], batch_docs=1, batch_seconds=1e9)
""")


def test_kill_9_loses_only_the_open_batch(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.py"))
    db = tmp_path / "kb.sqlite"
    proc = subprocess.run([sys.executable, "-c", KILLER, str(db), str(folder)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == -9, proc.stderr
    kb = KnowledgeBase(db)
    assert kb.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kb.conn.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 0)")
    assert len(list_documents(kb.conn)) == 2  # two committed batches of one document
    assert kb.conn.execute("SELECT count(*) FROM passage_spans WHERE doc_id NOT IN "
                           "(SELECT id FROM documents)").fetchone()[0] == 0
    report = ingest(kb, [folder])
    assert len(report.skipped) == 2 and len(report.added) == 4
    assert len(list_documents(kb.conn)) == 6 and search(kb.conn, "Astana")


def test_passages_read_again_come_from_their_own_blocks() -> None:
    """Parts of stored texts (the passages a search shows) are kept decompressed between
    searches by their compressed bytes: two texts read in turn, and a text changed in place,
    each give their own characters."""
    one = "Астана " * 3000 + "end one"
    two = "Tashkent " * 3000 + "end two"
    a, b = payload.encode_text(one, block=4096), payload.encode_text(two, block=4096)
    for _ in range(2):
        for stored, text in ((a, one), (b, two)):
            for start, end in ((0, 10), (4090, 4100), (len(text) - 7, len(text))):
                assert payload.decode_text(stored, start, end) == text[start:end]
    changed = one.replace("end one", "END ONE")
    assert payload.decode_text(payload.encode_text(changed, block=4096),
                               len(changed) - 7, len(changed)) == "END ONE"
    assert payload.decode_text(a) == one  # a whole text
