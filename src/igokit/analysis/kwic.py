"""Keyword in context: every occurrence of a word (in any of its forms) in the ingested passages,
with the words before and after it, its document and date.

``kwic(kb, "коридор")`` finds коридор, коридоры, коридорами ...; a phrase (``"көлік дәлізі"``)
finds its words next to each other, each in any form. Matching is the one search uses
(:mod:`igokit.text.forms`); the lines keep the text as written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from igokit.errors import InputError
from igokit.kb.results import Rows
from igokit.kb.search import matching_passages
from igokit.text.forms import QueryMatcher, tokenize


@dataclass(slots=True)
class KwicLine:
    left: str
    keyword: str
    right: str
    #: the document's title, else its file name
    document: str
    doc_id: int
    title: str | None
    date: str | None
    lang: str | None
    passage_id: int
    #: offsets of the keyword in the document text
    start: int
    end: int
    path: str | None


def _conn(kb: Any) -> sqlite3.Connection:
    conn = getattr(kb, "conn", kb)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def _flat(text: str) -> str:
    return " ".join(text.split())


def kwic(kb: Any, word: str, *, window: int = 5, lang: str | None = None,
         entity: str | None = None, date_from: str | None = None, date_to: str | None = None,
         limit: int | None = 100, forms: bool = True) -> Rows[KwicLine]:
    """Keyword-in-context lines for ``word`` (a word or phrase): ``window`` words each side.

    ``kb`` is a :class:`igokit.KnowledgeBase` or a connection; ``entity`` an entity id (only
    passages that mention it); ``forms=False`` matches the words only as written.
    """
    words = [t.text for t in tokenize(word)]
    if not words:
        raise InputError("kwic needs a word (letters or digits)")
    if window < 0:
        raise InputError("--window must be 0 or more")
    matcher = QueryMatcher(words, lang, forms=forms)
    n = len(words)
    lines: list[KwicLine] = []
    query = {"word": word, "window": window, "lang": lang, "entity": entity, "forms": forms}
    for p in matching_passages(_conn(kb), word, lang=lang, entity=entity, date_from=date_from,
                               date_to=date_to, forms=forms):
        tokens = tokenize(p.text)
        for i in range(len(tokens) - n + 1):
            if not all(matcher.is_form(tokens[i + j].text, p.lang, j) for j in range(n)):
                continue
            first, last = tokens[i], tokens[i + n - 1]
            lo = tokens[max(0, i - window)].start if window else first.start
            hi = tokens[min(len(tokens) - 1, i + n - 1 + window)].end if window else last.end
            lines.append(KwicLine(
                left=_flat(p.text[lo:first.start]), keyword=_flat(p.text[first.start:last.end]),
                right=_flat(p.text[last.end:hi]),
                document=p.title or PurePath(p.path or "").name or f"doc{p.doc_id}",
                doc_id=p.doc_id, title=p.title, date=p.date,
                lang=p.lang, passage_id=p.passage_id, start=p.start + first.start,
                end=p.start + last.end, path=p.path))
            if limit is not None and len(lines) >= limit:
                return Rows(lines, query=query)
    return Rows(lines, query=query)
