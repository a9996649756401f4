"""Full-text search over ingested passages: surface words (FTS5 on the text) and word forms
(FTS5 on the normalized keys of :mod:`igokit.text.forms`, the ``norm`` column of the index), with
highlighting.

A search ranks first (ids and BM25 scores only), then reads and highlights just the passages it
returns; a highlighted word is analysed once per query, and its analysis is cached across queries.

The index is contentless (kb/documents.py): the passages' texts come from
:func:`igokit.kb.documents.passages_by_id` (only the compressed blocks holding them), and a
surface search's snippets are FTS5's own ``snippet()`` run on a private in-memory FTS5 table
holding only the passages shown (:class:`_Snippets`) — the same function, tokenizer and query
as before, so the same snippets, without a second copy of the text in the database. (A snippet
depends only on the passage and the query, never on the rest of the corpus.)
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from igokit.kb.documents import ensure_forms, passages_by_id, texts_by_id
from igokit.text.forms import WORD_RE, QueryMatcher, query_keys, tokenize, word_keys


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


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def fts_query(query: str, prefix: bool = True) -> str:
    """A safe FTS5 query on the surface text: every word quoted (no FTS syntax injection); with
    ``prefix`` words of 5+ letters also match longer forms (Казахстан → Казахстана, Казахстаном),
    a cheap stand-in for stemming in inflected languages."""
    parts = []
    for token in _TOKEN.findall(query):
        parts.append("text : " + _quote(token) + ("*" if prefix and len(token) >= 5 else ""))
    return " AND ".join(parts)


def forms_query(query: str, lang: str | None = None) -> str:
    """A safe FTS5 query matching every word of ``query`` in any of its forms: per word, its
    normalized keys in the ``norm`` column or the word itself in ``text`` (all quoted)."""
    groups = []
    for token in tokenize(query):
        terms = [f"norm : {_quote(k)}" for k in query_keys(token.text, lang)]
        terms.append(f"text : {_quote(token.text)}")
        groups.append("(" + " OR ".join(terms) + ")")
    return " AND ".join(groups)


def _filters(sql: str, params: list[Any], lang: str | None, entity: str | None,
             date_from: str | None, date_to: str | None) -> str:
    if lang:
        sql += " AND p.lang = ?"
        params.append(lang)
    if entity:
        # one pass over the entity's mentions (an ephemeral index), not one per matching row
        sql += " AND p.id IN (SELECT m.passage_id FROM mentions m WHERE m.entity = ?)"
        params.append(entity)
    if date_from:
        sql += " AND d.date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND substr(d.date, 1, ?) <= ?"
        params.extend([len(date_to), date_to])
    return sql


def _ranked(conn: sqlite3.Connection, match: str, limit: int, lang: str | None,
            entity: str | None, date_from: str | None, date_to: str | None
            ) -> list[tuple[int, float]]:
    """The ``limit`` best passages (id, BM25 score): only ids and scores are sorted, the texts
    are read for the rows returned.

    The score is ``bm25()`` (what FTS5's ``rank`` column is by default), ordered by SQLite's own
    sorter, which keeps only the ``limit`` best while it reads: FTS5's ``ORDER BY rank`` sorts
    every match first, and took 1.5x as long (1.01 against 0.68 ms per query, the same 20 rows
    in the same order for 1,000 queries of bench/web.py on 5,000 documents). Equal scores go by
    passage id."""
    if not (lang or entity or date_from or date_to):
        sql = ("SELECT rowid, bm25(passages_fts) AS score FROM passages_fts "
               "WHERE passages_fts MATCH ? ORDER BY score, rowid LIMIT ?")
        return [(int(r[0]), float(r[1])) for r in conn.execute(sql, (match, limit))]
    sql = ("SELECT f.rowid, bm25(passages_fts) AS score FROM passages_fts f "
           "JOIN passage_spans p ON p.id = f.rowid "
           "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ?")
    params: list[Any] = [match]
    sql = _filters(sql, params, lang, entity, date_from, date_to)
    sql += " ORDER BY score, f.rowid LIMIT ?"
    params.append(limit)
    return [(int(r[0]), float(r[1])) for r in conn.execute(sql, params)]


def search(conn: sqlite3.Connection, query: str, *, lang: str | None = None,
           entity: str | None = None, date_from: str | None = None,
           date_to: str | None = None, limit: int = 20, prefix: bool = True,
           forms: bool | None = None) -> list[SearchHit]:
    """Ranked passages (BM25) matching every word of ``query``, with ``[…]`` highlights on the
    words as written in the snippet.

    ``forms`` (the default): any word form matches (коридоры finds коридор, дәліздер finds
    дәлізі, corridors finds corridor). ``forms=False``: the words as written, and with
    ``prefix`` longer words starting with a query word of 5+ letters. Left unset, ``forms``
    follows ``prefix``: ``prefix=False`` (``igokit search --exact``) means whole words as written.

    Two steps: rank (ids and scores only), then read and highlight the ``limit`` passages
    returned — never the text of a passage that is not shown.
    """
    if forms is None:
        forms = prefix
    if forms:
        ensure_forms(conn)
        match = forms_query(query, lang)
    else:
        match = fts_query(query, prefix)
    if not match:
        return []
    ranked = _ranked(conn, match, limit, lang, entity, date_from, date_to)
    if not ranked:
        return []
    ids = [pid for pid, _ in ranked]
    rows = passages_by_id(conn, ids)
    snippets = {} if forms else _SNIPPETS.snippets(match, {i: r.text for i, r in rows.items()})
    matcher = QueryMatcher.from_query(query, lang) if forms else None
    hits = []
    for pid, score in ranked:
        r = rows.get(pid)
        if r is None:  # removed between the two statements
            continue
        snippet = (highlight(r.text, r.lang, matcher) if matcher
                   else snippets.get(pid, r.text))
        hits.append(SearchHit(r.doc_id, pid, r.title, r.path, r.date, r.lang, score, snippet,
                              r.start, r.end))
    return hits


class _Snippets:
    """FTS5's ``snippet()`` (words as written) for passages given with their text: a private
    in-memory FTS5 table per thread, with the tokenizer and columns of ``passages_fts``, filled
    with just those passages for each call. The contentless index cannot cut snippets itself,
    and a hand-written copy of FTS5's snippet choice would drift from it."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            conn.execute("CREATE VIRTUAL TABLE passages_fts USING fts5(text, norm, "
                         "tokenize='unicode61 remove_diacritics 0')")
            self._local.conn = conn
        return conn

    def snippets(self, match: str, texts: dict[int, str]) -> dict[int, str]:
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            conn.executemany("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)",
                             texts.items())
            return {int(r[0]): str(r[1]) for r in conn.execute(
                "SELECT rowid, snippet(passages_fts, 0, '[', ']', '…', 24) FROM passages_fts "
                "WHERE passages_fts MATCH ?", (match,))}
        finally:
            conn.execute("ROLLBACK")  # the table is empty again for the next call


_SNIPPETS = _Snippets()


@functools.lru_cache(maxsize=200_000)
def _analysed(word: str, lang: str | None) -> tuple[str, frozenset[str]]:
    """A passage word as :meth:`QueryMatcher.match` compares it: lower-cased, and its keys."""
    return word.casefold().replace("ё", "е"), frozenset(word_keys(word, lang))


#: Passages whose words are kept analysed (a passage that many searches show is read once).
INDEXED_PASSAGES = 4096


@dataclass(frozen=True, slots=True)
class _PassageWords:
    """A passage's words: where each is, and its distinct words by their lower-cased form and by
    each of their keys (a query looks up its own few words and keys instead of comparing every
    word of the passage with them)."""

    starts: array[int]
    ends: array[int]
    at: dict[str, tuple[int, ...]]  # word as written → its positions (word numbers)
    by_low: dict[str, list[str]]
    by_key: dict[str, list[str]]


@functools.lru_cache(maxsize=INDEXED_PASSAGES)
def _passage_words(text: str, lang: str | None) -> _PassageWords:
    """The analysed words of a passage (the caller must not change what it gets)."""
    starts, ends = array("l"), array("l")
    at: dict[str, list[int]] = {}
    for k, m in enumerate(WORD_RE.finditer(text)):
        starts.append(m.start())
        ends.append(m.end())
        at.setdefault(m.group(), []).append(k)
    by_low: dict[str, list[str]] = {}
    by_key: dict[str, list[str]] = {}
    for word in at:
        low, keys = _analysed(word, lang)
        by_low.setdefault(low, []).append(word)
        for key in keys:
            by_key.setdefault(key, []).append(word)
    return _PassageWords(starts, ends, {w: tuple(ks) for w, ks in at.items()}, by_low, by_key)


def _found(words: _PassageWords, matcher: QueryMatcher) -> dict[str, int]:
    """Each word of the passage that is a form of a query word, with the index of the first
    such query word (what ``matcher.match(word, lang)`` gives)."""
    found: dict[str, int] = {}
    for i, surface in enumerate(matcher.surface):  # in order: the first query word wins
        for word in words.by_low.get(surface, ()):
            found.setdefault(word, i)
        if matcher.forms:
            for key in matcher.keys[i]:
                for word in words.by_key.get(key, ()):
                    found.setdefault(word, i)
    return found


def highlight(text: str, lang: str | None, matcher: QueryMatcher, *, window: int = 24) -> str:
    """A snippet of ``text``: the ``window`` words with the most query words, each found word
    form (as written) in ``[ ]``, ``…`` where text was cut.

    The passage's words are analysed once (and kept for the next searches that show it); the
    window is chosen from the positions of the found words alone.
    """
    words = _passage_words(text, lang)
    n = len(words.starts)
    if not n:
        return text
    found = _found(words, matcher)
    where = sorted((k, i) for w, i in found.items() for k in words.at[w])
    best = _best_window_at(where, n, window) if where else 0
    end = min(n, best + window)
    spans = list(zip(words.starts[best:end], words.ends[best:end], strict=True))
    lo = 0 if best == 0 else spans[0][0]
    hi = len(text) if end == n else spans[-1][1]
    out = ["…" if lo > 0 else ""]
    pos = lo
    for a, b in spans:
        if text[a:b] in found:
            out.append(text[pos:a] + "[" + text[a:b] + "]")
            pos = b
    out.append(text[pos:hi])
    if hi < len(text):
        out.append("…")
    return "".join(out)


def _best_window(hits: list[int | None], window: int) -> int:
    """The first start of the ``window`` tokens with the most distinct query words, then the
    most found words, moved to centre the found words it holds; ``hits``: the query word each
    token is a form of, or None."""
    return _best_window_at([(k, h) for k, h in enumerate(hits) if h is not None], len(hits),
                           window)


def _best_window_at(where: list[tuple[int, int]], n: int, window: int) -> int:
    """:func:`_best_window` from the found tokens alone: ``where`` holds (position, query
    word) in position order, ``n`` is the number of tokens (one sliding pass over ``where``)."""
    if n <= window:
        return 0
    counts: dict[int, int] = {}
    best, best_score = 0, (-1, -1)
    # The window [start, start + window) changes only when a found word enters or leaves it,
    # so only those starts are candidates (besides 0), scored in order: the first best wins.
    events = sorted({0} | {k - window + 1 for k, _ in where if k - window + 1 > 0}
                    | {k + 1 for k, _ in where if k + 1 <= n - window})
    lo = hi = 0  # where[lo:hi] are the found words inside the current window
    for start in events:
        if start > n - window:
            break
        while hi < len(where) and where[hi][0] < start + window:
            counts[where[hi][1]] = counts.get(where[hi][1], 0) + 1
            hi += 1
        while lo < hi and where[lo][0] < start:
            h = where[lo][1]
            counts[h] -= 1
            if not counts[h]:
                del counts[h]
            lo += 1
        score = (len(counts), hi - lo)
        if score > best_score:
            best, best_score = start, score
    # Centred on the found words it holds (a single match at the window's very edge showed no
    # context on one side): they all stay inside, since they span less than the window.
    inside = [k for k, _ in where if best <= k < best + window]
    if not inside:
        return best
    return max(0, min(n - window, (inside[0] + inside[-1] + 1) // 2 - window // 2))


@dataclass(slots=True)
class MatchedPassage:
    passage_id: int
    doc_id: int
    title: str | None
    path: str | None
    date: str | None
    lang: str | None
    start: int
    text: str


def matching_passages(conn: sqlite3.Connection, query: str, *, lang: str | None = None,
                      entity: str | None = None, date_from: str | None = None,
                      date_to: str | None = None, forms: bool = True
                      ) -> Iterator[MatchedPassage]:
    """Every passage with all words of ``query`` (in any form with ``forms``), in document order
    (date, document, position): the input of keyword-in-context lines."""
    if forms:
        ensure_forms(conn)
    match = forms_query(query, lang) if forms else fts_query(query, prefix=False)
    if not match:
        return
    sql = (
        "SELECT p.id, p.doc_id, d.title, d.path, d.date, p.lang, p.start, p.\"end\" "
        "FROM passages_fts JOIN passage_spans p ON p.id = passages_fts.rowid "
        "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ?"
    )
    params: list[Any] = [match]
    sql = _filters(sql, params, lang, entity, date_from, date_to)
    sql += " ORDER BY d.date IS NULL, d.date, d.id, p.seq"
    doc_id, text = None, ""
    for row in conn.execute(sql, params):
        if row[1] != doc_id:  # rows come document by document: each text is read once
            doc_id = row[1]
            text = texts_by_id(conn, [doc_id]).get(doc_id, "")
        yield MatchedPassage(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                             text[row[6]:row[7]])
