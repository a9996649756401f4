"""Events read from the ingested documents (issue 15): counted by type and year (a chart), the
merged events with their reports and the knowledge-base check, and Kazakhstan's initiative
chronology from the documents beside the curated one. Everything through ``igokit.api``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from igokit import api
from igokit.report import charts, docpass
from igokit.report.context import ReportContext, Section

#: Merged events listed on the page (the CSV has them all).
MAX_EVENT_ROWS = 150
#: A colour per event type (Okabe–Ito, cycled).
_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
            "#000000", "#999999"]


def _chart(ctx: ReportContext, evs: list[Any]) -> charts.Figure:
    table = api.event_type_years(evs)
    types = [t for t in api.EVENT_TYPES if t in table]
    years = sorted({y for c in table.values() for y in c if y != "undated"})
    if years:
        years = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    if any("undated" in c for c in table.values()):
        years.append("undated")
    frame = pd.DataFrame({"year": years, **{t: [table[t].get(y, 0) for y in years]
                                            for t in types}})
    colours = {t: _PALETTE[i % len(_PALETTE)] for i, t in enumerate(types)}
    fig = charts.stacked_bars(frame, "year", types, "events", colours)
    docs = sorted({r.doc_id for e in evs for r in e.reports if r.doc_id is not None})
    return ctx.figures.save(
        "events-by-type-year", fig, frame,
        title="Events read from the ingested documents, by type and year",
        caption=(f"{len(evs)} events (reports of one event in several documents or languages "
                 f"merged) about the {ctx.org_name}, by the year the text gives them; undated "
                 "events last."),
        alt=f"Stacked bars of events per year by type, {len(types)} types over "
            f"{len(years)} years.", documents=docs)


def build(ctx: ReportContext) -> Section:
    docpass.results(ctx)  # reads the documents' events with their claims, into the cache
    scope = docpass.event_scope([d.id for d in ctx.documents()])
    evs = list(api.events(ctx.kb, org=ctx.org, doc_ids=scope))
    figures = [_chart(ctx, evs)] if evs else []
    rows = []
    for e in evs:
        rows.append({
            "date": e.date, "type": e.type, "actors": ", ".join(e.actors),
            "object": e.object, "place": e.place, "n_reports": e.n_reports,
            "languages": ", ".join(sorted({r.lang for r in e.reports if r.lang})),
            "documents": sorted({r.doc_id for r in e.reports if r.doc_id is not None}),
            "reported": any(r.reported for r in e.reports),
            "check": e.check.verdict if e.check else "",
            "reason": e.check.reason if e.check else "",
            "variants": "; ".join(f"{k}: {', '.join(v)}" for k, v in e.variants.items()),
            "cameo": e.cameo or "",
            "passage": e.reports[0].text if e.reports else ""})
    verdicts: dict[str, int] = {}
    for r in rows:
        if r["check"]:
            verdicts[r["check"]] = verdicts.get(r["check"], 0) + 1
    chronology = [api.as_dict(r) for r in api.initiative_chronology(
        ctx.kb, country="KAZ", org=ctx.org, events_=evs)]
    csv = ctx.write_table("events", pd.DataFrame(rows, columns=[
        "date", "type", "actors", "object", "place", "n_reports", "languages", "documents",
        "reported", "check", "reason", "variants", "cameo", "passage"])) if rows else ""
    data: dict[str, Any] = {
        "n_documents": len(ctx.documents()), "n_scope": len(scope), "n_events": len(evs),
        "n_reports": sum(e.n_reports for e in evs), "rows": rows[:MAX_EVENT_ROWS],
        "more": max(0, len(rows) - MAX_EVENT_ROWS), "csv": csv, "verdicts": verdicts,
        "chronology": chronology, "listed": ctx.listed}
    return Section("events", "Events read from documents", "section_events.html.j2", data,
                   figures)
