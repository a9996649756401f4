"""Every source of the knowledge base, with links, and how often the report cites it."""

from __future__ import annotations

from igokit.report.context import ReportContext, Section


def build(ctx: ReportContext) -> Section:
    rows = ctx.kb.sources()
    kinds = sorted({r.kind for r in rows})
    return Section("sources", "Sources", "section_sources.html.j2",
                   {"sources": rows, "kinds": kinds, "bib": "sources.bib",
                    "csl": "sources.csl.json"})
