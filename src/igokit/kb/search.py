"""Full-text search over ingested passages: surface words (FTS5 on the text) and word forms
(FTS5 on ``passages.norm``, the normalized keys of :mod:`igokit.text.forms`), with highlighting."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from igokit.kb.documents import ensure_forms
from igokit.text.forms import QueryMatcher, query_keys, tokenize


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
        sql += " AND EXISTS (SELECT 1 FROM mentions m WHERE m.passage_id = p.id AND m.entity = ?)"
        params.append(entity)
    if date_from:
        sql += " AND d.date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND substr(d.date, 1, ?) <= ?"
        params.extend([len(date_to), date_to])
    return sql


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
    """
    if forms is None:
        forms = prefix
    if forms:
        ensure_forms(conn)
        match = forms_query(query, lang)
        snippet = "p.text"
    else:
        match = fts_query(query, prefix)
        snippet = "snippet(passages_fts, 0, '[', ']', '…', 24)"
    if not match:
        return []
    sql = (
        "SELECT p.doc_id, p.id, d.title, d.path, d.date, p.lang, bm25(passages_fts) AS score, "
        f"{snippet}, p.start, p.\"end\" "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ?"
    )
    params: list[Any] = [match]
    sql = _filters(sql, params, lang, entity, date_from, date_to)
    sql += " ORDER BY score LIMIT ?"
    params.append(limit)
    hits = [SearchHit(*r) for r in conn.execute(sql, params).fetchall()]
    if forms:
        matcher = QueryMatcher.from_query(query, lang)
        for hit in hits:
            hit.snippet = highlight(hit.snippet, hit.lang, matcher)
    return hits


def highlight(text: str, lang: str | None, matcher: QueryMatcher, *, window: int = 24) -> str:
    """A snippet of ``text``: the ``window`` words with the most query words, each found word
    form (as written) in ``[ ]``, ``…`` where text was cut."""
    tokens = tokenize(text)
    if not tokens:
        return text
    hits = [matcher.match(t.text, lang) for t in tokens]
    best, best_score = 0, (-1, -1)
    for start in range(max(1, len(tokens) - window + 1)):
        found = [h for h in hits[start:start + window] if h is not None]
        score = (len(set(found)), len(found))
        if score > best_score:
            best, best_score = start, score
        if start + window >= len(tokens):
            break
    end = min(len(tokens), best + window)
    lo = 0 if best == 0 else tokens[best].start
    hi = len(text) if end == len(tokens) else tokens[end - 1].end
    out = ["…" if lo > 0 else ""]
    pos = lo
    for tok, hit in zip(tokens[best:end], hits[best:end], strict=True):
        if hit is None:
            continue
        out.append(text[pos:tok.start] + "[" + tok.text + "]")
        pos = tok.end
    out.append(text[pos:hi])
    if hi < len(text):
        out.append("…")
    return "".join(out)


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
        "SELECT p.id, p.doc_id, d.title, d.path, d.date, p.lang, p.start, p.text "
        "FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid "
        "JOIN documents d ON d.id = p.doc_id WHERE passages_fts MATCH ?"
    )
    params: list[Any] = [match]
    sql = _filters(sql, params, lang, entity, date_from, date_to)
    sql += " ORDER BY d.date IS NULL, d.date, d.id, p.seq"
    for row in conn.execute(sql, params):
        yield MatchedPassage(*row)
