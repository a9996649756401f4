"""The country's chairmanships (terms, summits, stated priorities) and its initiatives board."""

from __future__ import annotations

from typing import Any

import pandas as pd

from igokit.api import (
    chair_summit_table,
    country_initiatives,
    entity_sources,
    initiative_steps,
    resolve,
    statement_source_map,
)
from igokit.report import charts
from igokit.report.context import ReportContext, Section

#: Board columns, in order, and the step statuses each one takes.
COLUMNS = ("proposed", "supported", "adopted", "implemented")
STAGE = {"proposed": 0, "supported": 1, "signed": 2, "adopted": 2, "in_force": 2,
         "implemented": 3}
TERMINAL = ("expired", "superseded", "withdrawn")


def initiatives(ctx: ReportContext) -> list[dict[str, Any]]:
    """The country's initiatives in the organization (its own, or proposed by it or one of its
    people; with a step at the organization, one of its bodies or meetings), each with every
    dated step, the board column (the furthest stage reached) and the latest step."""
    conn, c = ctx.kb.conn, ctx.country
    rows = country_initiatives(conn, c, ctx.org)
    out = []
    for iid, name, area, description in rows:
        steps = initiative_steps(conn, iid)
        srcs = statement_source_map(conn, [s[0] for s in steps])
        ent_src = entity_sources(conn, iid)
        history = [{"status": s[3], "date": s[4], "by": ctx.name(s[2]), "sources": srcs[s[0]]}
                   for s in steps if s[1] == "status"]
        proposers = [ctx.name(s[2]) for s in steps if s[1] == "proposed_by"]
        reached = [h for h in history if h["status"] in STAGE]
        best = max(reached, key=lambda h: STAGE[h["status"]]) if reached else None
        column = COLUMNS[STAGE[best["status"]]] if best else "proposed"
        sources = sorted({s for h in history for s in h["sources"]} | set(ent_src)
                         | {s for st in steps for s in srcs[st[0]]})
        out.append({"id": iid, "name": name, "area": area or "unassigned",
                    "description": description, "column": column,
                    "latest": history[-1] if history else None,
                    "ended": next((h for h in reversed(history) if h["status"] in TERMINAL),
                                  None),
                    "history": history, "proposers": proposers, "sources": sources})
    return out


def priorities(ctx: ReportContext, org_id: str) -> list[dict[str, Any]]:
    info = ctx.kb.entity(ctx.country)
    return [{"text": s.value, "start": s.start, "end": s.end, "area": s.qualifiers.get("area"),
             "kind": s.qualifiers.get("kind", "priority"), "rank": s.qualifiers.get("rank"),
             "sources": s.sources}
            for s in info.statements
            if s.predicate == "priority" and s.subject == info.id and s.object == org_id]


def _overlaps(a0: str | None, a1: str | None, b0: str | None, b1: str | None) -> bool:
    return (a0 or "") < (b1 or "9999") and (b0 or "") < (a1 or "9999")


def build(ctx: ReportContext) -> Section:
    kb = ctx.kb
    org_id = resolve(kb.conn, ctx.org, ("organization", "body"))
    terms = [c for c in kb.chair(ctx.org, history=True) if c.iso3 == ctx.country]
    try:
        table = chair_summit_table(kb, ctx.org, ctx.country, f"{org_id}-CHS")
    except LookupError:
        table = pd.DataFrame()
    summit_rows = table.to_dict("records") if not table.empty else []
    prios = priorities(ctx, org_id)
    chairmanships = []
    for t in terms:
        chairmanships.append({
            "term": t,
            "summits": [r for r in summit_rows if r["term_start"] == t.start],
            "priorities": [p for p in prios if _overlaps(p["start"], p["end"], t.start, t.end)],
        })
    unplaced = [p for p in prios
                if not any(_overlaps(p["start"], p["end"], t.start, t.end) for t in terms)]
    board = initiatives(ctx)
    figures = []
    if board:
        frame = pd.DataFrame([{"area": i["area"], "column": i["column"]} for i in board])
        wide = (frame.groupby(["area", "column"]).size().unstack(fill_value=0)
                .reindex(columns=list(COLUMNS), fill_value=0))
        wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index].reset_index()
        fig = charts.stacked_bars(wide, "area", list(COLUMNS), "initiatives",
                                  colours=dict(zip(COLUMNS, ("#999999", "#56B4E9", "#0072B2",
                                                             "#009E73"), strict=True)),
                                  horizontal=True)
        figures.append(ctx.figures.save(
            "initiatives-by-stage", fig, wide,
            title=f"{ctx.country_name}'s initiatives by policy area and stage",
            caption=(f"{len(board)} initiatives proposed by {ctx.country_name} (or its "
                     "officials), by policy area and the furthest stage each has reached "
                     "(proposed → supported → adopted → implemented; signed and in-force count "
                     "as adopted)."),
            alt=f"Horizontal stacked bars of {len(board)} initiatives by area and stage.",
            sources=sorted({s for i in board for s in i["sources"]})))
    return Section(
        "country", f"{ctx.country_name} in the {ctx.org_name}: chairmanships and initiatives",
        "section_country.html.j2",
        {"chairmanships": chairmanships, "unplaced": unplaced,
         "board": {col: [i for i in board if i["column"] == col] for col in COLUMNS},
         "n_initiatives": len(board), "columns": COLUMNS},
        figures, [("country-chairmanships", "Chairmanships"),
                  ("country-initiatives", "Initiatives board")])
