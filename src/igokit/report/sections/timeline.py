"""The dated events of the organization, filterable by kind (pure CSS, no script)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from igokit.report import charts
from igokit.report.context import ReportContext, Section

KIND_LABELS = {"founding": "Founding", "membership": "Membership", "chair": "Chairmanship",
               "meeting": "Meetings", "office": "Posts", "document": "Documents",
               "initiative": "Initiatives", "seat": "Seats"}


def build(ctx: ReportContext) -> Section:
    events = ctx.kb.timeline(ctx.org)
    today = ctx.today.isoformat()
    kinds = [k for k, _ in Counter(e.kind for e in events).most_common()]
    kinds.sort(key=lambda k: list(KIND_LABELS).index(k) if k in KIND_LABELS else 99)
    rows = [{"date": e.date, "precision": e.precision, "kind": e.kind, "text": e.text,
             "sources": e.sources, "involves": ctx.country in e.countries,
             "future": e.date > today} for e in events]
    figures = []
    if events:
        frame = pd.DataFrame([{"year": int(e.date[:4]), "kind": e.kind} for e in events])
        years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
        wide = (frame.groupby(["year", "kind"]).size().unstack(fill_value=0)
                .reindex(index=years, columns=kinds, fill_value=0)  # a gap year shows as 0
                .rename_axis("year").reset_index())
        fig = charts.stacked_bars(wide, "year", kinds, "events")
        figures.append(ctx.figures.save(
            "timeline-events-by-year", fig, wide,
            title=f"{ctx.org_name}: dated events per year by kind",
            caption=("Events per year in the knowledge base's timeline of the "
                     f"{ctx.org_name}, by kind (a count of what is documented, not of what "
                     "happened: coverage is deepest for Kazakhstan and for heads-of-state "
                     "meetings)."),
            alt=f"Stacked bar chart of {len(events)} dated events per year by kind.",
            sources=sorted({s for e in events for s in e.sources})))
    return Section("timeline", "Timeline of events", "section_timeline.html.j2",
                   {"events": rows, "kinds": kinds, "labels": KIND_LABELS,
                    "n_involving": sum(1 for r in rows if r["involves"])}, figures)
