"""Word-form search, keyword in context and the document-feature matrix, on documents written here
(no ../shared needed)."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.extractions import extraction as make_extraction

from igokit.analysis.dfm import build_dfm, export_dfm
from igokit.analysis.kwic import kwic
from igokit.cli import main
from igokit.kb import documents as docs
from igokit.kb.documents import ensure_forms, store_extraction
from igokit.kb.schema import EXTRA_MIGRATIONS
from igokit.kb.search import SearchHit, forms_query, search
from igokit.kb.store import connect
from igokit.text.forms import kazakh_keys, query_keys, tokenize

DOCS = [
    ("ru-a", "ru", "2023-05-01",
     ["Казахстан предложил развивать транспортные коридоры между Китаем и Европой.",
      "Министры обсудили тарифы на перевозку зерна."]),
    ("ru-b", "ru", "2024-07-04",
     ["Новый коридор пройдёт через Каспийское море, сообщили в министерстве.",
      "Коридоры здания украсили флагами."]),
    ("kk-a", "kk", "2024-07-04",
     ["Қазақстан Қытай мен Еуропаны байланыстыратын жаңа көлік дәліздерін ұсынды.",
      "Каспий арқылы өтетін көлік дәлізі жүк тасымалын жеделдетеді."]),
    ("kk-b", "kk", "2022-09-15",
     ["Ғимараттың дәлізі кең болды.", "Мүше елдер сауда туралы келісімге қол қойды."]),
    ("en-a", "en", "2021-06-15",
     ["Kazakhstan proposed new transport corridors to the Caspian ports.",
      "The corridor shortens delivery times."]),
]


def extraction(name: str, lang: str, date: str, paragraphs: list[str]) -> dict[str, Any]:
    """One of DOCS (name, language, date, paragraphs) as an extraction."""
    return make_extraction(name, paragraphs, lang=lang, date=date)


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = connect(tmp_path / "forms.sqlite", refresh=False)
    for d in DOCS:
        store_extraction(c, extraction(*d))
    return c


def titles(hits: list[SearchHit]) -> set[str | None]:
    return {h.title for h in hits}


def test_russian_word_forms_are_found_and_highlighted_as_written(conn: sqlite3.Connection
                                                                 ) -> None:
    hits = search(conn, "транспортный коридор")
    assert "ru-a" in titles(hits)
    (hit,) = [h for h in hits if h.title == "ru-a"]
    assert "[транспортные] [коридоры]" in hit.snippet
    one = search(conn, "коридоры", lang="ru")
    assert titles(one) == {"ru-a", "ru-b"} and len(one) == 3
    assert any("[коридор]" in h.snippet for h in one)
    assert any("[Коридоры]" in h.snippet for h in one)  # the case as written


def test_kazakh_word_forms(conn: sqlite3.Connection) -> None:
    hits = search(conn, "көлік дәлізі")
    assert {h.snippet.count("[") for h in hits} == {2} and len(hits) == 2
    assert any("[көлік] [дәліздерін]" in h.snippet for h in hits)
    plural = search(conn, "дәліздер", lang="kk")
    assert len(plural) == 3 and titles(plural) == {"kk-a", "kk-b"}
    assert any("[дәлізі]" in h.snippet for h in plural)
    assert set(kazakh_keys("дәліздерін")) & set(kazakh_keys("дәлізі")) == {"дәліз"}


def test_english_word_forms(conn: sqlite3.Connection) -> None:
    hits = search(conn, "corridors", lang="en")
    assert len(hits) == 2
    assert any("[corridor]" in h.snippet for h in hits)
    assert any("[corridors]" in h.snippet for h in hits)


def test_surface_search_is_still_there(conn: sqlite3.Connection) -> None:
    exact = search(conn, "коридоры", forms=False, prefix=False)
    assert len(exact) == 2 and all("[" in h.snippet for h in exact)
    assert search(conn, "дәліздер", forms=False, prefix=False) == []
    assert len(search(conn, "дәліздер", forms=False)) == 1  # the old prefix match: дәліздерін


def test_fts_syntax_is_never_injected(conn: sqlite3.Connection) -> None:
    for query in ['NEAR("x" OR) *', 'norm : "коридор" OR text', '") OR ("', "AND OR NOT",
                  "коридор* ^", "{text norm}: x"]:
        search(conn, query)  # no sqlite3.OperationalError
        search(conn, query, forms=False)
    assert search(conn, 'NEAR("x" OR) *') == []
    assert search(conn, 'коридоры" "Казахстан', lang="ru")  # quotes are just separators
    assert search(conn, 'коридоры" OR "Казахстан') == []  # OR is a word to find, not syntax
    assert forms_query('a" OR "b') == (
        '(norm : "a" OR text : "a") AND (norm : "or" OR text : "OR") '
        'AND (norm : "b" OR text : "b")')
    assert forms_query("!!! ...") == "" and search(conn, "!!!") == []


def test_query_keys_cover_both_cyrillic_languages() -> None:
    assert "коридор" in query_keys("коридоры")
    assert query_keys("коридоры", "ru") == ("коридор",)
    assert "дәліз" in query_keys("дәліздер")


def _old_database(path: Path) -> None:
    """A knowledge base as IGOkit wrote it before word-form search: one FTS column, no norm."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    (sql,) = [s for n, s in EXTRA_MIGRATIONS if n == "0002_documents"]
    for part in sql.split(";"):
        if part.strip():
            conn.execute(part)
    conn.execute("INSERT INTO _migrations VALUES ('0002_documents', datetime('now'))")
    text = "Транспортные коридоры и дәліздері."
    conn.execute("INSERT INTO documents (id, sha256, format, title, n_chars, n_words, text, "
                 "extraction) VALUES (1, 'x', 'txt', 'old', ?, 4, ?, '{}')", (len(text), text))
    conn.execute("INSERT INTO passages VALUES (1, 1, 0, 0, ?, 'ru', ?)", (len(text), text))
    conn.execute("INSERT INTO passages_fts (rowid, text) VALUES (1, ?)", (text,))
    conn.close()


def test_existing_database_is_migrated_and_reindexed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _old_database(path)
    conn = connect(path, refresh=False)
    hits = search(conn, "транспортный коридор")
    assert [h.title for h in hits] == ["old"]
    assert "[Транспортные] [коридоры]" in hits[0].snippet
    assert [h.title for h in search(conn, "транспортный")] == ["old"]  # keys were indexed
    assert search(conn, "коридоры", forms=False)  # the surface column survived the migration
    # new documents go on being added to the same index
    store_extraction(conn, extraction(*DOCS[0]))
    assert len(search(conn, "коридор")) == 2


def test_changed_rules_rebuild_the_index(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')")
    assert search(conn, "коридоры", lang="ru") == []  # the index is gone ...
    conn.execute("UPDATE passage_forms SET value = 'older rules' WHERE key = 'version'")
    assert ensure_forms(conn) == 10  # ... and made again, with the keys of today's rules
    assert ensure_forms(conn) == 0
    assert len(search(conn, "коридоры", lang="ru")) == 3


def test_ingestion_stays_transactional(conn: sqlite3.Connection,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = docs.norm_text

    def fail_on_second(text: str, lang: str | None) -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom")
        return real(text, lang)

    monkeypatch.setattr(docs, "norm_text", fail_on_second)
    before = conn.execute("SELECT count(*) FROM passage_spans").fetchone()[0]
    with pytest.raises(RuntimeError):
        store_extraction(conn, extraction("new", "ru", "2024", ["Один коридор.", "Два."]))
    assert conn.execute("SELECT count(*) FROM passage_spans").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM documents WHERE title = 'new'").fetchone()[0] == 0
    monkeypatch.setattr(docs, "norm_text", real)
    store_extraction(conn, extraction("new", "ru", "2024", ["Один коридор.", "Два."]))
    assert "new" in titles(search(conn, "коридоры"))


def test_kwic_lines(conn: sqlite3.Connection) -> None:
    rows = kwic(conn, "коридор", window=3, lang="ru")
    assert {r.keyword for r in rows} == {"коридоры", "коридор", "Коридоры"}
    first = rows[0]  # ordered by date: ru-a (2023) first
    assert first.title == "ru-a" and first.date == "2023-05-01"
    assert first.left == "предложил развивать транспортные"
    assert first.right == "между Китаем и"
    text = docs.document_text(conn, first.doc_id)[0]
    assert text[first.start:first.end] == "коридоры"
    assert len(first.left.split()) <= 3 and len(first.right.split()) <= 3
    phrase = kwic(conn, "көлік дәлізі", window=2)
    assert {r.keyword for r in phrase} == {"көлік дәліздерін", "көлік дәлізі"}
    assert len(kwic(conn, "коридор", limit=1)) == 1
    frame = rows.to_frame()
    assert list(frame.columns[:3]) == ["left", "keyword", "right"] and len(frame) == 3


def test_dfm_files_are_readable_and_consistent(conn: sqlite3.Connection, tmp_path: Path
                                               ) -> None:
    scipy_io = pytest.importorskip("scipy.io")
    result = export_dfm(conn, tmp_path / "dfm")
    out = tmp_path / "dfm"
    matrix = scipy_io.mmread(str(out / "dfm.mtx")).tocsr()
    features = (out / "features.txt").read_text(encoding="utf-8").splitlines()
    names = (out / "docnames.txt").read_text(encoding="utf-8").splitlines()
    with (out / "docvars.csv").open(encoding="utf-8") as fh:
        docvars = list(csv.DictReader(fh))
    assert matrix.shape == (len(names), len(features)) == (5, result.n_features)
    assert [d["docname"] for d in docvars] == names
    assert {d["lang"] for d in docvars} == {"ru", "kk", "en"}
    row = names.index("doc2")  # ru-b: коридор + Коридоры → one feature, counted twice
    assert matrix[row, features.index("коридор")] == 2
    kk = names.index("doc3")
    assert matrix[kk, features.index("дәліз")] == 2 and "дәліздерін" not in features
    assert matrix[names.index("doc5"), features.index("corridor")] == 2
    words = sum(len(tokenize(p.text)) for p in docs.passage_texts(conn))
    assert matrix.sum() == words  # every word counted once, as one feature
    passages = build_dfm(conn, unit="passage", lang="kk", min_count=2)
    assert passages.shape[0] == 4 and all(n.startswith(("doc3_p", "doc4_p"))
                                          for n in passages.docnames)
    assert passages.to_scipy().sum(axis=0).min() >= 2


def test_cli_kwic_and_export_dfm(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Казахстан предложил новые транспортные коридоры.\n\n"
        "Транспортный коридор соединит Китай и Европу.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Қазақстан жаңа көлік дәліздерін ұсынды.\n\nКөлік дәлізі жүкті жеделдетеді.\n",
        encoding="utf-8")
    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")
    assert runner.invoke(main, ["--db", db, "ingest", str(folder), "--json"]).exit_code == 0
    result = runner.invoke(main, ["--db", db, "search", "транспортный коридор", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["results"]) == 2
    result = runner.invoke(main, ["--db", db, "search", "транспортный", "коридор", "--exact",
                                  "--json"])  # words as written only
    assert result.exit_code == 0 and len(json.loads(result.stdout)["results"]) == 1
    result = runner.invoke(main, ["--db", db, "kwic", "коридоры", "--window", "2", "--json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["results"]
    assert {r["keyword"] for r in lines} == {"коридоры", "коридор"}
    result = runner.invoke(main, ["--db", db, "kwic", "дәліз", "--csv"])
    assert result.exit_code == 0 and result.stdout.startswith("left,keyword,right")
    assert len(result.stdout.strip().splitlines()) == 3
    out = tmp_path / "dfm"
    result = runner.invoke(main, ["--db", db, "export", "dfm", "--out", str(out), "--unit",
                                  "passage", "--min-count", "2"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"dfm.mtx", "features.txt", "docnames.txt",
                                               "docvars.csv"}
    features = (out / "features.txt").read_text(encoding="utf-8").split()
    assert {"коридор", "транспортный", "дәліз", "көлік"} <= set(features)
    assert runner.invoke(main, ["--db", db, "export", "dfm"]).exit_code == 2
