"""Content analysis of the ingested documents: area shares by year and a two-period comparison."""

from __future__ import annotations

import statistics
from typing import Any

import pandas as pd

from igokit.api import (
    FuzzyDate,
    area_frequencies,
    coded_units,
    compare_areas,
    document_urls,
)
from igokit.report import charts
from igokit.report.context import ReportContext, Section

#: Above this many year groups the area shares are drawn as a heat map, not grouped bars.
MAX_GROUPED_YEARS = 6


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
    """The coded sentences of every ingested document (computed once per report)."""
    if "units" not in ctx.cache:
        ctx.cache["units"] = coded_units(ctx.kb, "all", org=ctx.org)
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


def build(ctx: ReportContext) -> Section:
    docs = document_rows(ctx)
    section = Section("content", "Content analysis of ingested documents",
                      "section_content.html.j2",
                      {"documents": docs, "n_units": 0, "split": None, "split_reason": "",
                       "compare": None, "labels": None, "no_compare": ""})
    if not docs:
        return section
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
