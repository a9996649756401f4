"""Choose documents for an analysis: ingested ones by selector, or files read on the spot.

Selectors (combine several with ``&``):
``all`` · ``id:3,5`` · ``date:2017`` · ``date:2023-07-05..2024-07-04`` · ``lang:ru`` ·
``org:SCO`` (documents whose metadata names the organization, or that mention it) ·
``speaker:KAZ`` · a path to a file or folder (read now, not stored).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from igokit.analysis.coding import DictionaryCoder
from igokit.analysis.content import code_texts
from igokit.analysis.ingest import iter_files
from igokit.errors import InputError
from igokit.kb import facts
from igokit.kb.dates import FuzzyDate
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.text.readers import read_document


class SelectorError(InputError, ValueError):
    code = "selector"


def _date_range(spec: str) -> tuple[str, str]:
    lo, _, hi = spec.partition("..")
    first = FuzzyDate.parse(lo).first_day.isoformat()
    last_date = FuzzyDate.parse(hi or lo)
    last = (last_date.after_last_day - dt.timedelta(days=1)).isoformat()
    return first, last


def select_documents(kb: KnowledgeBase, selector: str) -> list[dict[str, Any]]:
    """Documents (``doc_id, title, date, lang, path, org, speaker, text``) for a selector."""
    path = Path(selector)
    if path.exists():
        out = []
        for i, p in enumerate(iter_files([path], recursive=True)):
            doc = read_document(p)
            meta = doc.meta or {}
            out.append({"doc_id": f"file:{i + 1}", "title": doc.title or p.name,
                        "date": doc.date, "lang": None, "path": str(p),
                        "org": meta.get("org"), "speaker": meta.get("speaker"),
                        "text": doc.text})
        return out
    docs = [{"doc_id": d["id"], "title": d["title"] or Path(d["path"] or "").name,
             "date": d["date"], "lang": d["lang"], "path": d["path"], "org": d["org"],
             "speaker": d["speaker"], "text": d["text"]} for d in facts.stored_documents(kb.conn)]
    for part in (p.strip() for p in selector.split("&")):
        docs = _filter(kb, docs, part)
    return docs


def _filter(kb: KnowledgeBase, docs: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    if part in ("", "all"):
        return docs
    key, sep, value = part.partition(":")
    if not sep:
        raise SelectorError(f"not a file, folder or selector: {part!r} (try all, id:3, "
                            "date:2017, date:2023-07..2024-07, lang:ru, org:SCO, speaker:KAZ)")
    if key == "id":
        ids = {int(v) for v in value.split(",") if v.strip()}
        return [d for d in docs if d["doc_id"] in ids]
    if key == "date":
        first, last = _date_range(value)
        return [d for d in docs if d["date"] and first <= _first_day(d["date"]) <= last]
    if key == "lang":
        return [d for d in docs if d["lang"] == value]
    if key in ("org", "speaker"):
        mentioned = facts.documents_mentioning(kb.conn, value)
        return [d for d in docs if d[key] == value or (key == "org" and d["doc_id"] in mentioned)]
    raise SelectorError(f"unknown selector {key!r}")


def _first_day(date: str) -> str:
    return FuzzyDate.parse(date).first_day.isoformat()


def chair_period(kb: KnowledgeBase, org: str, date: str | None) -> str | None:
    """The chairmanship of ``org`` in force on ``date``, as a label like ``KAZ 2023-24``."""
    if not date:
        return None
    rows = kb.chair(org, on=date)
    if not rows:
        return None
    c = rows[0]
    end = c.end[2:4] if c.end else "…"
    return f"{c.iso3} {(c.start or '')[:4]}-{end}"


def coded_units(kb: KnowledgeBase, selector: str = "all", coder: DictionaryCoder | None = None,
                unit: str = "sentence", org: str = "SCO") -> pd.DataFrame:
    """Code the selected documents: one row per unit with year, period (the chairmanship of
    ``org`` at the document's date), org and speaker."""
    coder = coder or DictionaryCoder()
    docs = select_documents(kb, selector)
    for d in docs:
        d["period"] = chair_period(kb, org, d["date"])
        d["year"] = int(d["date"][:4]) if d["date"] else None
    return code_texts(coder, docs, unit)
