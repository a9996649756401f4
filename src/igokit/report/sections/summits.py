"""Chairmanships and every meeting of the Council of Heads of State."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from igokit.api import resolve
from igokit.report import charts
from igokit.report.context import ReportContext, Section


def build(ctx: ReportContext) -> Section:
    kb = ctx.kb
    org_id = resolve(kb.conn, ctx.org, ("organization", "body"))
    council = f"{org_id}-CHS"
    try:
        meetings = kb.summits(ctx.org, council)
    except LookupError:
        council, meetings = "", kb.summits(ctx.org)
    chairs = kb.chair(ctx.org, history=True)
    figures = []
    if chairs:
        hosted = Counter(s.country for s in meetings)
        chaired = Counter(c.iso3 for c in chairs)
        states = sorted(set(hosted) | set(chaired),
                        key=lambda c: (-chaired[c], -hosted[c], ctx.name(c)))
        frame = pd.DataFrame({"iso3": states, "name": [ctx.name(c) for c in states],
                              "chairmanships": [chaired[c] for c in states],
                              "summits_hosted": [hosted[c] for c in states]})
        fig = charts.stacked_bars(frame.assign(label=frame["name"]), "label",
                                  ["chairmanships"], "chairmanships", horizontal=True)
        figures.append(ctx.figures.save(
            "chairmanships-by-state", fig, frame,
            title=f"{ctx.org_name}: chairmanships per state",
            caption=(f"Chairmanships of the {ctx.org_name} per state since "
                     f"{(chairs[0].start or '')[:4]} (the CSV also counts the heads-of-state "
                     "meetings each state hosted). The chair rotates yearly and hosts the "
                     "summit that ends its term."),
            alt=f"Horizontal bar chart of {len(chairs)} chairmanships by state.",
            sources=sorted({s for c in chairs for s in c.sources})))
    return Section("summits", "Chairmanships and summits", "section_summits.html.j2",
                   {"meetings": meetings, "chairs": chairs, "council": council,
                    "council_name": ctx.name(council) if council else ""}, figures)
