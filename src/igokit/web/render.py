"""HTML rendering helpers: the Jinja2 environment, entity links and marked-up document text.

Every piece of text that comes from a document or a user is escaped (``markupsafe.escape``) before
any tag of ours is put around it; templates autoescape everything else.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from igokit.api import entity_kinds_and_names

TEMPLATES = Path(__file__).with_name("templates")
VERDICTS = ("supported", "contradicted", "outdated", "unverifiable")


def entity_url(entity_id: str, kind: str | None) -> str:
    """The page of an entity: /country/KAZ, /org/SCO, /person/slug, /initiative/slug ..."""
    if kind == "country":
        return f"/country/{quote(entity_id)}"
    if kind in ("organization", "body"):
        return f"/org/{quote(entity_id)}"
    if kind == "person" and entity_id.startswith("person:"):
        return f"/person/{quote(entity_id.split(':', 1)[1])}"
    if kind == "initiative" and entity_id.startswith("initiative:"):
        return f"/initiative/{quote(entity_id.split(':', 1)[1])}"
    return f"/entity/{quote(entity_id, safe=':')}"


def source_url(source_id: str) -> str:
    return f"/sources#src-{quote(source_id)}"


class Linker:
    """Turns entity ids into links; knows every entity's kind and English name."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.kinds: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for eid, kind, name in entity_kinds_and_names(conn):
            self.kinds[eid] = kind
            self.names[eid] = name

    def url(self, entity_id: str) -> str:
        return entity_url(entity_id, self.kinds.get(entity_id))

    def link(self, entity_id: str | None, label: str | None = None) -> Markup:
        if not entity_id:
            return Markup("")
        text = label or self.names.get(entity_id) or entity_id
        if entity_id not in self.kinds:
            return Markup(escape(text))
        return Markup('<a href="{}">{}</a>').format(self.url(entity_id), text)

    def sources(self, ids: Iterable[str]) -> Markup:
        parts = [Markup('<a href="{}">{}</a>').format(source_url(s), s) for s in ids]
        return Markup(", ").join(parts)


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["source_url"] = source_url
    env.filters["dash"] = lambda v: "—" if v in (None, "", []) else v
    return env


def highlight_snippet(snippet: str) -> Markup:
    """An FTS5 snippet with ``[``…``]`` around matches, as HTML: the text is escaped first, then
    the markers become ``<mark>`` (unbalanced brackets from the text itself stay harmless: a
    ``[`` opens a mark up to the next ``]`` or the end, any other ``]`` stays as it is)."""
    return Markup(_MARKED.sub(r"<mark>\1</mark>", str(escape(snippet))))


_MARKED = re.compile(r"\[([^\]]*)(?:\]|\Z)")


@dataclass(slots=True)
class Span:
    start: int
    end: int
    layer: str  # mention | term | claim
    data: dict[str, Any]


def mark_text(text: str, spans: Sequence[Span], linker: Linker | None = None,
              anchors: dict[int, str] | None = None) -> Markup:
    """``text`` with mentions as entity links, coded terms underlined and claims highlighted.

    The text is cut at every span boundary; each piece is escaped and wrapped in the tags of the
    spans that cover it (claims outermost, then terms, then the mention link), so overlapping
    spans of different layers never produce crossed tags. A claim's number follows its end.
    ``anchors`` maps offsets to element ids (passage targets of search results).
    """
    anchors = {k: v for k, v in (anchors or {}).items() if 0 <= k < len(text)}
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *anchors, *(s.start for s in valid),
                   *(s.end for s in valid)})
    starting: dict[int, list[Span]] = {}
    for s in valid:
        starting.setdefault(s.start, []).append(s)
    active: dict[str, list[Span]] = {"claim": [], "term": [], "mention": []}
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for layer, items in active.items():
            active[layer] = [s for s in items if s.end > a]
        for s in starting.get(a, []):
            active.setdefault(s.layer, []).append(s)
        if a in anchors:
            out.append(str(Markup('<span id="{}"></span>').format(anchors[a])))
        piece = str(escape(text[a:b]))
        mention = _shortest(active["mention"])
        term = _shortest(active["term"])
        claim = _shortest(active["claim"])
        if mention is not None:
            href = linker.url(mention.data["entity"]) if linker else "#"
            piece = str(Markup('<a class="mention" href="{}" title="{}">').format(
                href, mention.data.get("name") or mention.data["entity"])) + piece + "</a>"
        if term is not None:
            piece = str(Markup('<span class="term area-{}" title="{}">').format(
                _css(term.data["area"]), f"{term.data['area']}: {term.data['term']}")) \
                + piece + "</span>"
        if claim is not None:
            verdict = claim.data["verdict"] if claim.data["verdict"] in VERDICTS else "other"
            piece = str(Markup('<mark class="claim {}" title="{}">').format(
                verdict, f"{verdict}: {claim.data.get('note') or ''}")) + piece + "</mark>"
        out.append(piece)
        for s in active["claim"]:
            if s.end == b:
                out.append(str(Markup('<sup><a href="#claim-{0}">{0}</a></sup>').format(
                    s.data["number"])))
    return Markup("".join(out))


def _shortest(spans: list[Span]) -> Span | None:
    return min(spans, key=lambda s: s.end - s.start) if spans else None


def _css(name: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "-" for c in name.lower())


def claim_spans(claims: Sequence[dict[str, Any]]) -> list[Span]:
    """Spans for claims (``Claim.to_dict()`` form), numbered in text order as ``number``."""
    out = []
    for i, c in enumerate(sorted(claims, key=lambda c: (c["start"], c["end"])), start=1):
        c["number"] = i
        out.append(Span(c["start"], c["end"], "claim",
                        {"verdict": c["verdict"], "number": i,
                         "note": c.get("correction") or c.get("expected") or ""}))
    return out
