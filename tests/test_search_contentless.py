"""The compressed text and the contentless index (issue 13, 0012_text_compressed): phrase,
prefix and word-form queries still find what they found, snippets are FTS5's own, and passages
are read right across the compressed blocks of a long text."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_search_forms import DOCS, extraction

from igokit.analysis.kwic import kwic
from igokit.kb import documents as docs
from igokit.kb import payload
from igokit.kb.documents import passage_texts, store_extraction
from igokit.kb.search import SearchHit, fts_query, matching_passages, search
from igokit.kb.store import connect


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = connect(tmp_path / "contentless.sqlite", refresh=False)
    for d in DOCS:
        store_extraction(c, extraction(*d))
    return c


def _titles(hits: list[SearchHit]) -> list[str]:
    return sorted(str(h.title) for h in hits)


def test_the_index_is_contentless_and_the_text_compressed(conn: sqlite3.Connection) -> None:
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'passages_fts'").fetchone()
    assert "content=''" in sql
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'passages'").fetchone()
    kinds = {r[0] for r in conn.execute("SELECT typeof(text) FROM documents")}
    assert kinds == {"blob"}


def test_phrases_prefixes_and_forms_are_found(conn: sqlite3.Connection) -> None:
    def ids(match: str) -> list[int]:
        return [int(r[0]) for r in conn.execute(
            "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY rank", (match,))]

    phrase = ids('text : "транспортные коридоры"')
    assert len(phrase) == 1
    assert ids('text : "коридоры транспортные"') == []  # word order counts in a phrase
    assert len(ids('text : "Каспий"*')) == 2  # Каспийское, Каспий
    assert _titles(search(conn, "Каспий", forms=False)) == ["kk-a", "ru-b"]
    assert _titles(search(conn, "Каспий", forms=False, prefix=False)) == ["kk-a"]
    assert _titles(search(conn, "коридор")) == ["ru-a", "ru-b", "ru-b"]  # every form
    assert _titles(search(conn, "транспортный коридор")) == ["ru-a"]
    assert _titles(search(conn, "дәліз")) == ["kk-a", "kk-a", "kk-b"]
    assert _titles(search(conn, "corridors")) == ["en-a", "en-a"]


def test_surface_snippets_are_fts5_snippets(conn: sqlite3.Connection) -> None:
    """The snippet of a surface search is what FTS5's snippet() gives on a table that holds
    the text (the form before the index became contentless)."""
    long = " ".join(f"слово{i}" for i in range(40)) + " Каспийское море " + " ".join(
        f"ещё{i}" for i in range(40)) + "."
    store_extraction(conn, extraction("long", "ru", "2024-01-01", [long]))
    conn.execute("CREATE VIRTUAL TABLE temp.ref USING fts5(text, norm, "
                 "tokenize='unicode61 remove_diacritics 0')")
    for p in passage_texts(conn):
        conn.execute("INSERT INTO temp.ref (rowid, text) VALUES (?, ?)", (p.passage_id, p.text))
    for query in ("Каспийское", "Каспий", "коридоры Китаем", "море"):
        match = fts_query(query, True)
        expected = {int(r[0]): str(r[1]) for r in conn.execute(
            "SELECT rowid, snippet(ref, 0, '[', ']', '…', 24) FROM temp.ref WHERE ref MATCH ?",
            (match,))}
        hits = search(conn, query, forms=False)
        assert hits and {h.passage_id: h.snippet for h in hits} == expected
    (hit,) = [h for h in search(conn, "Каспийское море", forms=False, prefix=False)
              if h.title == "long"]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "[Каспийское] [море]" in hit.snippet


def test_passages_across_compressed_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    paragraphs = ["Транспортные коридоры Казахстана.", "Второй абзац: коридор через море.",
                  "Третий, последний абзац с коридорами."]
    whole = connect(tmp_path / "whole.sqlite", refresh=False)  # the text in one block
    store_extraction(whole, extraction("blocks", "ru", "2024-02-02", paragraphs))
    # blocks of 7 code points: every passage spans several, and some start mid-block
    monkeypatch.setattr(payload, "encode_text", functools.partial(payload.encode_text, block=7))
    conn = connect(tmp_path / "blocks.sqlite", refresh=False)
    doc_id = store_extraction(conn, extraction("blocks", "ru", "2024-02-02", paragraphs))
    stored = conn.execute("SELECT text FROM documents").fetchone()[0]
    assert payload.decode_text(stored) == "\n\n".join(paragraphs)
    assert [p.text for p in passage_texts(conn)] == paragraphs
    assert docs.document_text(conn, doc_id)[0] == "\n\n".join(paragraphs)
    hits = search(conn, "коридор")
    assert sorted(h.snippet for h in hits) == sorted([
        "Второй абзац: [коридор] через море.", "Транспортные [коридоры] Казахстана.",
        "Третий, последний абзац с [коридорами]."])
    assert [p.text for p in matching_passages(conn, "коридор")] == paragraphs
    lines = [(r.left, r.keyword, r.right, r.start) for r in kwic(conn, "коридор", window=2)]
    assert len(lines) == 3
    assert lines == [(r.left, r.keyword, r.right, r.start) for r in kwic(whole, "коридор",
                                                                          window=2)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aжё€𝄞 \n.", max_size=60), st.integers(1, 20),
       st.integers(0, 70), st.integers(0, 70))
def test_text_codec_gives_back_any_slice(text: str, block: int, a: int, b: int) -> None:
    stored = payload.encode_text(text, block=block)
    assert stored.startswith(payload.TEXT_V1)
    assert payload.decode_text(stored) == text
    assert payload.decode_text(stored, a, b) == text[a:b]
    assert payload.decode_text(stored, a) == text[a:]
    assert payload.decode_text(text, a, b) == text[a:b]  # plain text of an older database


def test_unknown_text_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown text format"):
        payload.decode_text(b"zzzz1234")
