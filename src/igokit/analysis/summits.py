"""Summits side by side: the table the literature makes by hand, built from the knowledge base.

For each Council of Heads of State meeting that a country hosted as chair: who took part by
status (membership on that day), the documents adopted, the initiatives the chair proposed during
its term and their areas, its stated priorities, and — when documents were ingested — the
policy areas of the texts dated in that term.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pandas as pd

from igokit.kb import facts
from igokit.kb.knowledge_base import KnowledgeBase


def _term_of(kb: KnowledgeBase, org: str, chair: str, date: str) -> tuple[str, str | None]:
    for c in kb.chair(org, history=True):
        if c.iso3 == chair and (c.start or "") <= date and (c.end is None or date < c.end):
            return c.start or date, c.end
    return date, None


def _initiatives(kb: KnowledgeBase, chair: str, start: str, end: str | None
                 ) -> list[dict[str, Any]]:
    rows = facts.initiatives_proposed_by(kb.conn, chair, start, end)
    seen: dict[str, dict[str, Any]] = {}
    for sid, name, area, day in rows:
        seen.setdefault(sid, {"id": sid, "name": name, "area": area, "date": day})
    return list(seen.values())


def _priorities(kb: KnowledgeBase, chair: str, org: str, day: str) -> list[str]:
    return facts.priorities_on(kb.conn, chair, org, day)


def chair_summit_table(kb: KnowledgeBase, org: str = "SCO", chair: str = "KAZ",
                       council: str = "SCO-CHS", units: pd.DataFrame | None = None
                       ) -> pd.DataFrame:
    """One row per summit hosted by ``chair``: date, city, participants by status, documents,
    initiatives (by area), priorities and — from ``units`` (a coded-units frame with a ``date``
    column) — the top areas of documents dated in the chair's term."""
    rows = []
    for s in kb.summits(org, council):
        if s.chair != chair or not s.date:
            continue
        start, end = _term_of(kb, org, chair, s.date)
        statuses = kb.members(org, on=s.date, status="all")
        by_status: dict[str, list[str]] = {}
        for m in statuses:
            by_status.setdefault(m.status, []).append(m.iso3)
        closing = {m.iso3 for m in kb.members(org, on=s.end_date or s.date)}
        admitted = sorted(closing - set(by_status.get("member", [])))
        inits = _initiatives(kb, chair, start, end)
        init_areas = Counter(i["area"] for i in inits if i["area"])
        row: dict[str, Any] = {
            "summit": s.name, "date": s.date, "end_date": s.end_date, "city": s.city_name,
            "format": s.format, "term_start": start, "term_end": end,
            "members": sorted(by_status.get("member", [])),
            "observers": sorted(by_status.get("observer", [])),
            "dialogue_partners": sorted(by_status.get("dialogue_partner", [])),
            "partners": sorted(by_status.get("partner", [])),
            "n_members": len(by_status.get("member", [])),
            "admitted": admitted,
            "documents": s.document_names,
            "initiatives": [i["name"] for i in inits],
            "initiative_areas": dict(init_areas.most_common()),
            "priorities": _priorities(kb, chair, org, s.date),
            "sources": s.sources,
        }
        if units is not None and not units.empty and "date" in units:
            last = end or (dt.date.fromisoformat(s.date) + dt.timedelta(days=1)).isoformat()
            dates = units["date"].fillna("").astype(str)
            part = units[(dates != "") & (dates >= start) & (dates < last)]
            areas = [c.removeprefix("area:") for c in units.columns if c.startswith("area:")]
            shares = {a: round(float(part[f"area:{a}"].mean()), 3) for a in areas} if len(part) \
                else {}
            row["text_units"] = len(part)
            row["text_top_areas"] = [a for a, v in sorted(shares.items(), key=lambda kv: -kv[1])
                                     if v > 0][:3]
        rows.append(row)
    return pd.DataFrame(rows)
