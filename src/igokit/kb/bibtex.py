"""Sources as BibTeX (biblatex entry types) and CSL-JSON, for reference managers.

The entry type follows what the source is (its ``kind``, and whether it is a web page):

=============  =========================  ======================
kind           BibTeX (biblatex)          CSL-JSON
=============  =========================  ======================
news           ``@online`` (web page);    ``article-newspaper``
               ``@article`` (newspaper)
official       ``@online`` (web page);    ``webpage``;
               ``@report`` without a URL  ``report``
academic       ``@article``               ``article-journal``
dataset        ``@dataset``               ``dataset``
report         ``@report``                ``report``
reference      ``@online`` (web page);    ``webpage``;
               ``@incollection``          ``entry-encyclopedia``
=============  =========================  ======================

An article's journal goes into ``journaltitle`` (biblatex) and ``journal`` (BibTeX), a web
page's site or publisher into ``organization``. Notes never carry local file paths (the curated
notes mention where a local copy lives; that means nothing to a reader of the bibliography).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from igokit.kb.queries import SourceRow

#: ``report`` is not a curated kind yet; a source of that kind would be typed as a report.
_CSL_WEB = {"news": "article-newspaper", "official": "webpage", "reference": "webpage"}
_CSL_OFFLINE = {"official": "report", "reference": "entry-encyclopedia",
                "news": "article-newspaper"}
_CSL_FIXED = {"academic": "article-journal", "dataset": "dataset", "report": "report"}

#: biblatex ``langid`` values (babel/polyglossia language names).
_LANGID = {"en": "english", "ru": "russian", "kk": "kazakh", "uk": "ukrainian",
           "de": "german", "fr": "french"}

# A local path: ../x, ./x, ~/x, or an absolute path under a usual root.
_PATH = r"(?:\.{1,2}/|~/|/(?:home|tmp|work|Users|mnt|data|srv|var)/)[^\s(),;]*"
_PATH_IN_PARENS = re.compile(r"\s*\(\s*" + _PATH + r"\s*\)")
_COPY_IN_PATH = re.compile(r"\b(cop(?:y|ies))\s+in\s+" + _PATH, re.I)
_BARE_PATH = re.compile(_PATH)
_URLDATE = re.compile(r"\b(?:accessed|retrieved|consulted|read|viewed)(?:\s+on)?:?\s+"
                      r"(\d{4}-\d{2}(?:-\d{2})?)\b", re.I)


_AFFILIATION_MARK = re.compile(r"\(?[^()]*\baffiliations?\b[^()]*\)?", re.I)
_INSTITUTION = re.compile(r"\b(?:Universit|Institut|Academ|College|School)", re.I)


def journal_of(s: SourceRow) -> tuple[str | None, str | None]:
    """(journal, affiliations) of an academic source. The curated ``publisher`` of an article is
    its journal, unless the curator could only name the authors' affiliations (marked as such,
    or a ``;``-separated list of institutions): those are no journal and go to the note."""
    pub = (s.publisher or "").strip()
    if s.kind != "academic" or not pub:
        return (pub or None), None
    parts = [p.strip() for p in _AFFILIATION_MARK.sub("", pub).split(";") if p.strip()]
    marked = bool(re.search(r"\baffiliations?\b", pub, re.I))
    listed = len(parts) > 1 and all(_INSTITUTION.search(p) for p in parts)
    if marked or listed:
        return None, "; ".join(parts) or None
    return pub, None


def entry_type(s: SourceRow) -> str:
    """The biblatex entry type of a source."""
    if s.kind == "academic":
        return "article"
    if s.kind == "dataset":
        return "dataset"
    if s.kind == "report":
        return "report"
    if s.kind == "reference":
        return "online" if s.url else "incollection"
    if s.kind == "official":
        return "online" if s.url else "report"
    if s.kind == "news":  # a newspaper article seen in print or a stored copy only
        return "online" if s.url else "article"
    return "online" if s.url else "misc"


def csl_type(s: SourceRow) -> str:
    """The CSL-JSON item type of a source."""
    if s.kind in _CSL_FIXED:
        return _CSL_FIXED[s.kind]
    table = _CSL_WEB if s.url else _CSL_OFFLINE
    return table.get(s.kind, "document")


def clean_note(note: str | None) -> str | None:
    """The note without local file paths: ``(../shared/x.txt)`` goes, ``the copy in
    ../shared/data/`` becomes ``the copy used``, any other path becomes ``a local copy``."""
    if not note:
        return None
    text = _PATH_IN_PARENS.sub("", note)
    text = _COPY_IN_PATH.sub(lambda m: f"{m.group(1)} used", text)
    text = _BARE_PATH.sub("a local copy", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,;:])(?=\s|$)", r"\1", text)
    return text or None


def url_date(s: SourceRow) -> str | None:
    """The day (or month) the page was read, when the note states it."""
    m = _URLDATE.search(s.note or "")
    return m.group(1) if m else None


def _note(s: SourceRow) -> str | None:
    affiliations = journal_of(s)[1]
    parts = [f"Authors' affiliations: {affiliations}; journal not named." if affiliations
             else None, clean_note(s.note)]
    return " ".join(p for p in parts if p) or None


def _escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    text = re.sub(r"([&%$#_{}])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _publisher_fields(s: SourceRow, etype: str) -> list[tuple[str, str]]:
    if etype == "article":
        journal = journal_of(s)[0]
        return [("journaltitle", _escape(journal)), ("journal", _escape(journal))] \
            if journal else []
    if not s.publisher:
        return []
    pub = _escape(s.publisher)
    if etype == "online":
        return [("organization", pub)]
    if etype == "report":
        return [("institution", pub)]
    if etype == "incollection":
        return [("booktitle", pub)]
    return [("publisher", pub)]


def to_bibtex(rows: Iterable[SourceRow]) -> str:
    """One biblatex entry per source; the key is the source id (stable across releases)."""
    out: list[str] = []
    for s in rows:
        etype = entry_type(s)
        fields: list[tuple[str, str]] = []
        if s.authors:
            fields.append(("author", " and ".join(_escape(a) for a in s.authors)))
        fields.append(("title", "{" + _escape(s.title) + "}"))
        fields += _publisher_fields(s, etype)
        if etype == "article" and s.kind == "news":
            fields.append(("entrysubtype", "newspaper"))
        if etype == "report":
            fields.append(("type", "Official document" if s.kind == "official" else "Report"))
        if s.date:
            fields.append(("year", s.date[:4]))
            if len(s.date) >= 7:
                fields.append(("month", str(int(s.date[5:7]))))
            fields.append(("date", s.date))
        if s.doi:
            fields.append(("doi", s.doi))
        if s.url:
            fields.append(("url", s.url))
            seen = url_date(s)
            if seen:
                fields.append(("urldate", seen))
        if s.language:
            fields.append(("langid", _LANGID.get(s.language, s.language)))
        fields.append(("keywords", s.kind))
        note = _note(s)
        if note:
            fields.append(("note", _escape(note)))
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        out.append(f"@{etype}{{{s.id},\n{body}\n}}")
    return "\n\n".join(out) + "\n"


def _csl_name(author: str) -> dict[str, str]:
    if "," in author:
        family, given = author.split(",", 1)
        return {"family": family.strip(), "given": given.strip()}
    parts = author.split()
    if len(parts) >= 2:  # "Jon C. W. Pevehouse"
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": author}


def _csl_date(date: str) -> dict[str, Any]:
    return {"date-parts": [[int(p) for p in date.split("-")]]}


def to_csl_json(rows: Iterable[SourceRow]) -> list[dict[str, Any]]:
    """CSL-JSON items (Zotero, Pandoc citeproc)."""
    items: list[dict[str, Any]] = []
    for s in rows:
        ctype = csl_type(s)
        item: dict[str, Any] = {"id": s.id, "type": ctype, "title": s.title}
        if s.authors:
            item["author"] = [_csl_name(a) for a in s.authors]
        if s.date:
            item["issued"] = _csl_date(s.date)
        journal, _ = journal_of(s)
        if ctype == "article-journal":
            if journal:
                item["container-title"] = journal
        elif s.publisher:
            if ctype in ( "article-newspaper", "webpage",
                         "entry-encyclopedia"):
                item["container-title"] = s.publisher
            else:
                item["publisher"] = s.publisher
        if s.doi:
            item["DOI"] = s.doi
        if s.url:
            item["URL"] = s.url
            seen = url_date(s)
            if seen:
                item["accessed"] = _csl_date(seen)
        if s.language:
            item["language"] = s.language
        note = _note(s)
        if note:
            item["note"] = note
        items.append(item)
    return items
