"""Claim-check results for every ingested document: a summary per document and the claims the
knowledge base contradicts or shows to be outdated."""

from __future__ import annotations

from typing import Any

import pandas as pd

from igokit.api import (
    check_text,
    document_text,
)
from igokit.report import charts
from igokit.report.context import ReportContext, Section

VERDICTS = ("supported", "contradicted", "outdated", "unverifiable")
#: More documents than this and the chart sums them by year instead of one bar each.
MAX_DOCUMENT_BARS = 30
COLOURS = {"supported": "#009E73", "contradicted": "#D55E00", "outdated": "#E69F00",
           "unverifiable": "#999999"}


def _short(title: str, n: int = 30) -> str:
    return title if len(title) <= n else title[:n - 1].rstrip() + "…"


def _chart(ctx: ReportContext, summary: list[dict[str, Any]],
           flagged: list[dict[str, Any]]) -> charts.Figure:
    """Verdicts per document, or — past :data:`MAX_DOCUMENT_BARS` documents — per document
    year (undated documents last), so the chart keeps a sane size however much is ingested."""
    frame = pd.DataFrame(summary)
    docs = [int(d) for d in frame["doc_id"]]
    common = {"sources": sorted({s for f in flagged for s in f["sources"]}), "documents": docs}
    n_claims = int(frame["claims"].sum())
    if len(frame) <= MAX_DOCUMENT_BARS:
        frame["label"] = [f"{r['doc_id']}: {_short(r['title'])}" for r in summary]
        fig = charts.stacked_bars(frame, "label", list(VERDICTS), "claims", COLOURS,
                                  horizontal=True)
        return ctx.figures.save(
            "claims-by-document", fig, frame.drop(columns="label"),
            title="Verdicts on the claims found in each ingested document",
            caption=(f"{n_claims} claims about the {ctx.org_name} found in {len(frame)} "
                     "documents, judged against the knowledge base as of each document's date "
                     "(metadata, dateline, or today when undated)."),
            alt="Horizontal stacked bars of supported, contradicted, outdated and unverifiable "
                "claims per document.", **common)
    frame["year"] = [str(r["date"])[:4] if r.get("date") else "undated" for r in summary]
    by_year = (frame.groupby("year")
               .agg(documents=("doc_id", "size"), claims=("claims", "sum"),
                    **{v: (v, "sum") for v in VERDICTS})
               .reset_index())
    years = sorted(y for y in by_year["year"] if y != "undated")
    if years:  # every year in the range, so the axis is not compressed
        full = [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
        full += ["undated"] if "undated" in set(by_year["year"]) else []
        by_year = (by_year.set_index("year").reindex(full, fill_value=0)
                   .rename_axis("year").reset_index())
    fig = charts.stacked_bars(by_year, "year", list(VERDICTS), "claims", COLOURS)
    return ctx.figures.save(
        "claims-by-document", fig, by_year,
        title="Verdicts on the claims found in the ingested documents, by document year",
        caption=(f"{n_claims} claims about the {ctx.org_name} found in {len(frame)} documents, "
                 "summed by the year of each document (too many documents for one bar each; "
                 "the table below has every document). Each claim is judged against the "
                 "knowledge base as of its document's date (metadata, dateline, or today when "
                 "undated)."),
        alt=(f"Stacked bars of supported, contradicted, outdated and unverifiable claims per "
             f"document year, {len(by_year)} groups."), **common)


def build(ctx: ReportContext) -> Section:
    docs = ctx.documents()
    summary: list[dict[str, Any]] = []
    flagged: list[dict[str, Any]] = []
    for d in docs:
        text, date = document_text(ctx.kb.conn, d.id)
        report = check_text(ctx.kb, text, doc_date=date, org=ctx.org)
        counts = report.summary()
        title = d.title or (d.path or "").rsplit("/", 1)[-1]
        summary.append({"doc_id": d.id, "title": title, "date": d.date,
                        "as_of": report.as_of,
                        "as_of_source": report.as_of_source, "claims": len(report.claims),
                        **{v: counts.get(v, 0) for v in VERDICTS}, "dating": report.dating})
        for c in report.claims:
            if c.verdict in ("contradicted", "outdated"):
                flagged.append({"doc_id": d.id, "title": title, "text": c.text, "type": c.type,
                                "verdict": c.verdict, "expected": c.expected,
                                "read_as": c.parsed.describe() if c.parsed else "",
                                "reason": c.reason,
                                "correction": c.correction, "valid_during": c.valid_during,
                                "as_of": report.as_of,
                                "sources": sorted({s for e in c.evidence for s in e.sources})})
    figures = []
    if summary and any(s["claims"] for s in summary):
        figures.append(_chart(ctx, summary, flagged))
    totals = {v: sum(s[v] for s in summary) for v in VERDICTS}
    return Section("claims", "Claim checks of ingested documents", "section_claims.html.j2",
                   {"summary": summary, "flagged": flagged, "totals": totals,
                    "verdicts": VERDICTS, "colours": COLOURS}, figures)
