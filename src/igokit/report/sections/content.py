"""Content analysis of the ingested documents: area shares by year and a two-period comparison.

The sentences are coded from the stored extractions (their sentences and languages, found at
ingestion), not split and language-identified again. The list of documents on the page stops at
:data:`MAX_DOCUMENT_ROWS` (most recent first), with the documents counted by year and language;
``tables/documents.csv`` lists them all.
"""

from __future__ import annotations

import statistics
from typing import Any

import pandas as pd

from igokit.api import (
    DictionaryCoder,
    FuzzyDate,
    area_frequencies,
    compare_areas,
    document_urls,
)
from igokit.report import charts, docpass
from igokit.report.context import ReportContext, Section

#: Above this many year groups the area shares are drawn as a heat map, not grouped bars.
MAX_GROUPED_YEARS = 6
#: Documents listed one per row on the page (``tables/documents.csv`` has every one).
MAX_DOCUMENT_ROWS = 100


def first_day(date: str | None) -> str | None:
    if not date:
        return None
    try:
        return FuzzyDate.parse(date).first_day.isoformat()
    except ValueError:
        return None


def document_rows(ctx: ReportContext) -> list[dict[str, Any]]:
    urls = document_urls(ctx.kb.conn)
    return [{"id": d.id, "title": d.title or (d.path or "").rsplit("/", 1)[-1], "date": d.date,
             "lang": d.lang, "format": d.format, "words": d.n_words, "mentions": d.n_mentions,
             "url": urls.get(d.id)} for d in ctx.documents()]


def units(ctx: ReportContext) -> pd.DataFrame:
    """The coded sentences of every ingested document (computed once per report): one row per
    sentence with ``doc_id``, ``year`` and an ``area:<key>`` column per area, as
    ``coded_units(kb, "all")`` has them (coded in the report's pass over the documents)."""
    if "units" not in ctx.cache:
        areas = list(DictionaryCoder().codebook.areas)
        years = {d.id: int(d.date[:4]) if d.date else None for d in ctx.documents()}
        rows: list[list[Any]] = []
        for r in docpass.results(ctx):
            for found in r.areas:
                rows.append([r.doc_id, years[r.doc_id], *(a in found for a in areas)])
        ctx.cache["units"] = pd.DataFrame(
            rows, columns=["doc_id", "year", *(f"area:{a}" for a in areas)])
    return ctx.cache["units"]  # type: ignore[no-any-return]


def choose_split(ctx: ReportContext, days: list[str]) -> tuple[str | None, str]:
    """The date that splits the documents in two: ``--split`` if given, else the start of the
    country's latest chairmanship when documents lie on both sides, else the median date."""
    if ctx.split:
        return first_day(ctx.split), "chosen for this report"
    if not days:
        return None, ""
    terms = [c for c in ctx.kb.chair(ctx.org, history=True) if c.iso3 == ctx.country]
    for t in reversed(terms):
        if t.start and any(d < t.start for d in days) and any(d >= t.start for d in days):
            return t.start, f"start of {ctx.country_name}'s chairmanship {t.start[:4]}"
    median = sorted(days)[len(days) // 2] if len(days) % 2 else statistics.median_high(days)
    if any(d < median for d in days):
        return median, "median document date"
    return None, ""


def _listing(ctx: ReportContext, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The documents the page lists (the most recent, undated last), their counts by year and
    language, and the CSV with all of them."""
    shown = sorted(docs, key=lambda d: (d["date"] or "", d["id"]),
                   reverse=True)[:MAX_DOCUMENT_ROWS]
    ctx.listed.update(d["id"] for d in shown)
    frame = pd.DataFrame(docs)
    frame["year"] = [str(d)[:4] if d else "undated" for d in frame["date"]]
    frame["lang"] = frame["lang"].fillna("unknown")

    def counts(by: str) -> list[dict[str, Any]]:
        g = frame.groupby(by).agg(documents=("id", "size"), words=("words", "sum")).reset_index()
        g = g.sort_values(by, key=lambda s: s.map(lambda v: (v in ("undated", "unknown"), v)))
        return [{"group": str(r[by]), "documents": int(r["documents"]),
                 "words": int(r["words"])} for _, r in g.iterrows()]

    return {"listed_documents": shown, "n_documents": len(docs),
            "documents_csv": ctx.write_table("documents", frame.drop(columns=["year"])),
            "docs_by_year": counts("year"), "docs_by_lang": counts("lang")}


def build(ctx: ReportContext) -> Section:
    docs = document_rows(ctx)
    section = Section("content", "Content analysis of ingested documents",
                      "section_content.html.j2",
                      {"documents": docs, "n_units": 0, "split": None, "split_reason": "",
                       "compare": None, "labels": None, "no_compare": "",
                       "listed_documents": [], "n_documents": 0, "documents_csv": "",
                       "docs_by_year": [], "docs_by_lang": []})
    if not docs:
        return section
    section.data.update(_listing(ctx, docs))
    frame = units(ctx)
    section.data["n_units"] = len(frame)
    if frame.empty:
        return section
    work = frame.copy()
    work["year"] = work["year"].map(lambda y: "undated" if pd.isna(y) else str(int(y)))
    freq = area_frequencies(work, "year")
    order = sorted(set(freq["year"]), key=lambda y: (y == "undated", y))
    freq["_o"] = freq["year"].map(order.index)
    freq = freq.sort_values(["_o"], kind="stable").drop(columns="_o").reset_index(drop=True)
    doc_ids = sorted({int(d) for d in frame["doc_id"]})
    if len(order) > MAX_GROUPED_YEARS:  # one bar per area and year would be unreadable
        fig = charts.heatmap(freq, "area", "year", "share", "% of sentences", percent=True)
        alt = (f"Heat map of area shares (rows: {freq['area'].nunique()} areas, columns: "
               f"{len(order)} year groups); darker is a smaller share.")
    else:
        fig = charts.grouped_bars(freq, "year", "area", "share", "% of sentences",
                                  percent=True)
        alt = f"Grouped bar chart of area shares for {len(order)} year group(s)."
    section.figures.append(ctx.figures.save(
        "content-area-shares-by-year", fig, freq,
        title="Policy-area shares of ingested documents by year",
        caption=(f"Share of sentences coded to each policy area, per document year, over "
                 f"{len(frame)} sentences of {len(doc_ids)} ingested documents (dictionary "
                 "coder, codebook areas.v1; a sentence may belong to several areas). "
                 "Documents without a date are grouped as 'undated'."),
        alt=alt, documents=doc_ids))
    days_by_doc = {d["id"]: first_day(d["date"]) for d in docs}
    dated = [d for d in days_by_doc.values() if d]
    split, why = choose_split(ctx, dated)
    section.data.update({"split": split, "split_reason": why})
    if not dated:
        section.data["no_compare"] = "none of the documents has a date"
    if split:
        day = frame["doc_id"].map(lambda i: days_by_doc.get(int(i)))
        a, b = frame[day.notna() & (day < split)], frame[day.notna() & (day >= split)]
        if len(a) and len(b):
            cmp = compare_areas(a, b)
            la, lb = f"before {split}", f"from {split}"
            fig = charts.difference_ci(cmp, la, lb)
            section.figures.append(ctx.figures.save(
                "content-compare-periods", fig, cmp,
                title=f"Policy-area shares before and from {split}",
                caption=(f"Difference in the share of sentences per area between documents "
                         f"dated from {split} ({len(b)} sentences) and before it ({len(a)} "
                         f"sentences), with Newcombe's 95% interval; orange: the interval "
                         f"excludes zero. Split: {why}."),
                alt=f"Dot-and-whisker chart of area share differences around {split}.",
                documents=sorted({int(i) for i in pd.concat([a, b])["doc_id"]})))
            section.data["compare"] = cmp.to_dict("records")
            section.data["labels"] = (la, lb)
    return section
