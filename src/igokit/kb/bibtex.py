"""Sources as BibTeX and CSL-JSON, for reference managers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from igokit.kb.queries import SourceRow

_ENTRY_TYPES = {"academic": "article", "official": "misc", "news": "misc", "reference": "misc",
                "dataset": "misc"}
_CSL_TYPES = {"academic": "article-journal", "official": "document", "news": "article-newspaper",
              "reference": "entry-encyclopedia", "dataset": "dataset"}


def _escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def to_bibtex(rows: Iterable[SourceRow]) -> str:
    """One BibTeX entry per source; the key is the source id (stable across releases)."""
    out: list[str] = []
    for s in rows:
        fields: list[tuple[str, str]] = [("title", "{" + _escape(s.title) + "}")]
        if s.authors:
            fields.append(("author", " and ".join(_escape(a) for a in s.authors)))
        if s.publisher:
            key = "journal" if s.kind == "academic" else "publisher"
            fields.append((key, _escape(s.publisher)))
        if s.date:
            fields.append(("year", s.date[:4]))
            if len(s.date) >= 7:
                fields.append(("month", str(int(s.date[5:7]))))
            fields.append(("date", s.date))
        if s.doi:
            fields.append(("doi", s.doi))
        if s.url:
            fields.append(("url", s.url))
        if s.language:
            fields.append(("langid", s.language))
        fields.append(("keywords", s.kind))
        if s.note:
            fields.append(("note", _escape(s.note)))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        out.append(f"@{_ENTRY_TYPES.get(s.kind, 'misc')}{{{s.id},\n{body}\n}}")
    return "\n\n".join(out) + "\n"


def to_csl_json(rows: Iterable[SourceRow]) -> list[dict[str, Any]]:
    """CSL-JSON items (Zotero, Pandoc citeproc)."""
    items: list[dict[str, Any]] = []
    for s in rows:
        item: dict[str, Any] = {"id": s.id, "type": _CSL_TYPES.get(s.kind, "document"),
                                "title": s.title}
        if s.authors:
            item["author"] = [
                {"family": a.split(",", 1)[0].strip(), "given": a.split(",", 1)[1].strip()}
                if "," in a else {"literal": a} for a in s.authors
            ]
        if s.date:
            item["issued"] = {"date-parts": [[int(p) for p in s.date.split("-")]]}
        if s.publisher:
            item["container-title" if s.kind == "academic" else "publisher"] = s.publisher
        if s.doi:
            item["DOI"] = s.doi
        if s.url:
            item["URL"] = s.url
        if s.language:
            item["language"] = s.language
        items.append(item)
    return items
