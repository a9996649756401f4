"""Claim-check results for every ingested document: verdicts summed by document year and
language, and the claims the knowledge base contradicts or shows to be outdated.

Each document is checked from its stored extraction (nothing is extracted again), in several
processes when there are many (:mod:`igokit.report.docpass`). The page stays the same size
however many documents there are: past :data:`MAX_DOCUMENT_ROWS` documents the per-document
table becomes one row per year and one per language, and the flagged claims are cut at
:data:`MAX_FLAGGED_ROWS` with a count of the rest; the full tables are in
``tables/claims-per-document.csv`` and ``tables/claims-flagged.csv``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from igokit.report import charts, docpass
from igokit.report.context import ReportContext, Section

VERDICTS = docpass.VERDICTS
#: More documents than this and the chart sums them by year instead of one bar each.
MAX_DOCUMENT_BARS = 30
#: More documents than this and the page sums them by year and language (the CSV has each).
MAX_DOCUMENT_ROWS = 30
#: Flagged claims shown on the page (the CSV has all of them).
MAX_FLAGGED_ROWS = 100
COLOURS = {"supported": "#009E73", "contradicted": "#D55E00", "outdated": "#E69F00",
           "unverifiable": "#999999"}


def _short(title: str, n: int = 30) -> str:
    return title if len(title) <= n else title[:n - 1].rstrip() + "…"


def _year(date: str | None) -> str:
    return str(date)[:4] if date else "undated"


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
    by_year = _grouped(frame, "year")
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
                 "tables/claims-per-document.csv has every document). Each claim is judged "
                 "against the knowledge base as of its document's date (metadata, dateline, or "
                 "today when undated)."),
        alt=(f"Stacked bars of supported, contradicted, outdated and unverifiable claims per "
             f"document year, {len(by_year)} groups."), **common)


def _grouped(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Documents, claims and each verdict summed per value of ``by`` (year or lang)."""
    return (frame.groupby(by, sort=True)
            .agg(documents=("doc_id", "size"), claims=("claims", "sum"),
                 **{v: (v, "sum") for v in VERDICTS})
            .reset_index())


def _group_rows(frame: pd.DataFrame, by: str) -> list[dict[str, Any]]:
    rows = _grouped(frame, by)
    if by == "year":  # the years in order, undated last
        rows = rows.sort_values(by, key=lambda s: s.map(lambda y: (y == "undated", y)))
    return [{"group": str(r[by]), **{k: int(r[k]) for k in ("documents", "claims", *VERDICTS)}}
            for _, r in rows.iterrows()]


def build(ctx: ReportContext) -> Section:
    docs = {d.id: d for d in ctx.documents()}
    summary: list[dict[str, Any]] = []
    flagged: list[dict[str, Any]] = []
    for result in docpass.results(ctx):
        d = docs[result.doc_id]
        title = d.title or (d.path or "").rsplit("/", 1)[-1]
        summary.append({"doc_id": d.id, "title": title, "date": d.date,
                        "year": _year(d.date), "lang": d.lang or "unknown", **result.check})
        flagged += [{"doc_id": d.id, "title": title, **c} for c in result.flagged]
    figures = []
    if summary and any(s["claims"] for s in summary):
        figures.append(_chart(ctx, summary, flagged))
    totals = {v: sum(s[v] for s in summary) for v in VERDICTS}
    data: dict[str, Any] = {
        "summary": summary if len(summary) <= MAX_DOCUMENT_ROWS else [],
        "n_documents": len(summary), "by_year": [], "by_lang": [],
        "flagged": flagged[:MAX_FLAGGED_ROWS], "n_flagged": len(flagged),
        "more_flagged": max(0, len(flagged) - MAX_FLAGGED_ROWS),
        "totals": totals, "verdicts": VERDICTS, "colours": COLOURS,
        "listed": ctx.listed, "per_document_csv": "", "flagged_csv": ""}
    if summary:
        frame = pd.DataFrame(summary)
        data["per_document_csv"] = ctx.write_table(
            "claims-per-document", frame[["doc_id", "title", "date", "lang", "as_of",
                                          "as_of_source", "claims", *VERDICTS, "dating"]])
        data["flagged_csv"] = ctx.write_table(
            "claims-flagged", pd.DataFrame(flagged, columns=[
                "doc_id", "title", "text", "type", "verdict", "expected", "read_as", "reason",
                "correction", "valid_during", "as_of", "sources"]))
        if len(summary) > MAX_DOCUMENT_ROWS:
            data["by_year"] = _group_rows(frame, "year")
            data["by_lang"] = _group_rows(frame, "lang")
    return Section("claims", "Claim checks of ingested documents", "section_claims.html.j2",
                   data, figures)
