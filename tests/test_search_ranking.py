"""Search in two steps (rank ids, then read and highlight the rows shown): same answers as one
query over everything, filters included, and the highlighter's window is the one the plain
definition picks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_search_forms import DOCS, extraction

from igokit.kb.documents import store_extraction, texts_by_id
from igokit.kb.search import _best_window, highlight, search
from igokit.kb.store import connect
from igokit.text.forms import QueryMatcher, tokenize


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = connect(tmp_path / "rank.sqlite", refresh=False)
    for d in DOCS:
        store_extraction(c, extraction(*d))
    return c


def _one_query(conn: sqlite3.Connection, match: str, where: str = "",
               params: tuple[object, ...] = ()) -> list[int]:
    """The ranking as a single statement over every matching row (the reference)."""
    sql = ("SELECT p.id FROM passages_fts JOIN passage_spans p ON p.id = passages_fts.rowid "
           "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ? " + where +
           " ORDER BY bm25(passages_fts), p.id")
    return [int(r[0]) for r in conn.execute(sql, (match, *params))]


def test_two_step_ranking_equals_the_single_query(conn: sqlite3.Connection) -> None:
    from igokit.kb.search import forms_query

    for query in ("коридор", "Kazakhstan corridor", "дәлізі", "Каспий"):
        ranked = [h.passage_id for h in search(conn, query, limit=50)]
        assert ranked and ranked == _one_query(conn, forms_query(query))[:50]
        top = [h.passage_id for h in search(conn, query, limit=1)]
        assert top == ranked[:1]
    in_ru = [h.passage_id for h in search(conn, "коридор", lang="ru")]
    assert in_ru == _one_query(conn, forms_query("коридор"), "AND p.lang = ?", ("ru",))
    dated = search(conn, "коридор", date_from="2024", date_to="2024-07")
    assert dated and all((h.date or "").startswith("2024-07") for h in dated)


def test_hits_carry_their_passage(conn: sqlite3.Connection) -> None:
    for hit in search(conn, "коридоры", lang="ru"):
        text = texts_by_id(conn, [hit.doc_id])[hit.doc_id][hit.start:hit.end]
        assert hit.snippet.replace("[", "").replace("]", "").strip("…") in text
        assert (hit.start, hit.end) == tuple(conn.execute(
            'SELECT start, "end" FROM passage_spans WHERE id = ?', (hit.passage_id,)).fetchone())
    exact = search(conn, "коридоры", forms=False, prefix=False)
    assert exact and all("[Коридоры]" in h.snippet or "[коридоры]" in h.snippet
                         for h in exact)


def _plain_best_window(hits: list[int | None], window: int) -> int:
    """The definition: the first start whose window has the most distinct query words, then
    the most found words; then moved so that the found words it holds are in its middle."""
    best, best_score = 0, (-1, -1)
    for start in range(max(1, len(hits) - window + 1)):
        found = [h for h in hits[start:start + window] if h is not None]
        score = (len(set(found)), len(found))
        if score > best_score:
            best, best_score = start, score
    if len(hits) <= window:
        return 0
    inside = [k for k in range(best, best + window) if hits[k] is not None]
    if not inside:
        return best
    middle = (inside[0] + inside[-1] + 1) // 2
    return max(0, min(len(hits) - window, middle - window // 2))


def test_a_single_match_sits_in_the_middle_of_its_snippet() -> None:
    text = " ".join(f"w{i}" for i in range(60)) + " коридор " + " ".join(
        f"v{i}" for i in range(60))
    out = highlight(text, "ru", QueryMatcher.from_query("коридор", "ru"), window=9)
    assert out == "…w56 w57 w58 w59 [коридор] v0 v1 v2 v3…"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 2)), max_size=60), st.integers(1, 12))
def test_sliding_window_is_the_plain_definition(hits: list[int | None], window: int) -> None:
    assert _best_window(hits, window) == _plain_best_window(hits, window)


def test_highlight_marks_every_form_in_the_best_window() -> None:
    text = ("Вступление без ключевых слов. " * 5 + "Транспортные коридоры и новый коридор. "
            + "Хвост текста без них. " * 5)
    matcher = QueryMatcher.from_query("коридор транспортный", "ru")
    out = highlight(text, "ru", matcher, window=8)
    assert "[Транспортные] [коридоры] и новый [коридор]" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(tokenize(out.replace("[", "").replace("]", ""))) == 8
    assert highlight("", "ru", matcher) == ""
    assert highlight("!!!", "ru", matcher) == "!!!"
    short = highlight("Коридор.", "ru", matcher)
    assert short == "[Коридор]."
