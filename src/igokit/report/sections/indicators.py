"""Indicators: trade with the organization's members, e-government ranks, food
self-sufficiency and the middle-power index.

Each block calls its analysis module. When the data are not there (nothing imported) the block
says "no data imported yet"; when a module is missing or fails, it says why instead of breaking
the whole report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pandas as pd

from igokit.errors import IGOkitError
from igokit.report import charts
from igokit.report.context import ReportContext, Section


def _block(title: str, anchor: str) -> dict[str, Any]:
    return {"title": title, "anchor": anchor, "state": "empty", "message": "", "tables": [],
            "figures": [], "notes": []}


def _attempt(block: dict[str, Any], fill: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    try:
        fill(block)
    except (ImportError, AttributeError) as exc:
        block.update(state="error", message=f"the analysis module is not available yet ({exc})")
    except IGOkitError as exc:
        block.update(state="empty", message=str(exc))
    except Exception as exc:  # a half-finished module must not take the report down
        block.update(state="error", message=f"could not be computed: {type(exc).__name__}: "
                                            f"{exc}")
    if block["state"] == "empty" and not block["tables"] and not block["figures"]:
        block["message"] = block["message"] or "no data imported yet"
    return block


def _table(caption: str, frame: pd.DataFrame, columns: dict[str, str],
           sources_col: str | None = "sources", decimals: int = 2) -> dict[str, Any]:
    rows = []
    for rec in frame.to_dict("records"):
        cells = [_fmt(rec.get(c), decimals) for c in columns]
        rows.append({"cells": cells, "sources": list(rec.get(sources_col) or [])
                     if sources_col else []})
    return {"caption": caption, "headers": list(columns.values()), "rows": rows,
            "has_sources": sources_col is not None}


def _fmt(value: Any, decimals: int) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e6 else \
            f"{value:,.{decimals}f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _sources(frame: pd.DataFrame, *cols: str) -> list[str]:
    out: set[str] = set()
    for col in cols:
        if col in frame:
            for v in frame[col]:
                out.update(v or [])
    return sorted(out)


def trade(ctx: ReportContext, block: dict[str, Any]) -> None:
    mod = importlib.import_module("igokit.analysis.trade")
    frame = mod.trade_with_group(ctx.kb, ctx.country, ctx.org)
    stated = mod.stated_figures(ctx.kb, ctx.country, group=ctx.org)
    if not stated.empty:
        block["tables"].append(_table(
            f"Trade and investment figures stated for {ctx.country_name} in the sources",
            stated, {"indicator": "Indicator", "partner": "Partner", "period": "Period",
                     "value": "Value", "unit": "Unit", "note": "Note", "check": "Check"}))
        block["state"] = "ok"
    data = frame[frame["turnover"].notna()] if not frame.empty else frame
    if data.empty:
        block["notes"].append("No trade flows imported yet (`igokit import comtrade FILE` or "
                              "`igokit import wits FILE`), so trade with the members is not "
                              "computed.")
        return
    fig = charts.bars_and_share(data, "year", "turnover", "share",
                                f"Turnover with {ctx.org} members, bn USD",
                                "Share of total turnover, % (axis from 0)")
    block["figures"].append(ctx.figures.save(
        "trade-with-members", fig, frame,
        title=f"{ctx.country_name}'s trade with {ctx.org_name} members",
        caption=(f"{ctx.country_name}'s goods turnover (exports + imports) with the states that "
                 f"were {ctx.org} members on 31 December of each year, in bn USD (top), and its "
                 "share of total turnover (bottom; both axes start at 0). Years with known gaps "
                 "in the source are flagged in the CSV's note column."),
        alt=f"Bars of trade turnover with {ctx.org} members by year and a line of its share.",
        sources=_sources(frame, "sources", "member_sources")))
    block["tables"].append(_table(
        f"{ctx.country_name}'s trade with {ctx.org} members by year", frame,
        {"year": "Year", "n_members": "Partners", "exports": "Exports", "imports": "Imports",
         "turnover": "Turnover (bn USD)", "share": "Share (%)", "growth": "Growth (%)",
         "note": "Note"}))
    block["state"] = "ok"


def egov(ctx: ReportContext, block: dict[str, Any]) -> None:
    mod = importlib.import_module("igokit.analysis.egov")
    table = mod.egov_table(ctx.kb, ctx.org)
    series = mod.egov_series(ctx.kb, ctx.org, on=ctx.today.isoformat())
    years = [c for c in series.columns if c not in ("iso3", "name", "sources")]
    if years:
        long = series.melt(id_vars=["iso3", "name"], value_vars=years, var_name="year",
                           value_name="rank").dropna(subset=["rank"])
        long["year"] = long["year"].astype(int)
        fig = charts.lines(long, "year", "name", "rank", "rank of 193 (1 = best)", invert=True)
        block["figures"].append(ctx.figures.save(
            "egov-ranks", fig, long.sort_values(["year", "rank"]),
            title=f"UN E-Government Survey ranks of the {ctx.org_name} members",
            caption=(f"Rank of each current {ctx.org} member in every UN E-Government Survey "
                     "present (of 193 UN member states; 1 = best, so higher on the chart is "
                     "better)."),
            alt=f"Line chart of e-government ranks of {len(series)} states across "
                f"{len(years)} surveys.",
            sources=_sources(series, "sources")))
    block["tables"].append(_table(
        f"E-government: rank and EGDI in {int(table['year'].iloc[0])} of the {ctx.org} "
        "members that year", table,
        {"name": "State", "rank": "Rank", "egdi": "EGDI", "group_rank": f"Rank in {ctx.org}",
         "prev_rank": "Previous rank", "rank_change": "Change", "note": "Note"}, decimals=3))
    block["state"] = "ok"


def food(ctx: ReportContext, block: dict[str, Any]) -> None:
    mod = importlib.import_module("igokit.analysis.food")
    frame = mod.self_sufficiency(ctx.kb, ctx.org, "wheat")
    data = frame[frame["ratio"].notna()] if not frame.empty else frame
    if data.empty:
        return
    threshold = float(getattr(mod, "THRESHOLD", 0.8))
    fig = charts.lines(data, "year", "name", "ratio", "production / domestic supply",
                       threshold=threshold, threshold_label=f"{threshold:g}")
    block["figures"].append(ctx.figures.save(
        "food-wheat-self-sufficiency", fig, frame,
        title=f"Wheat self-sufficiency of the {ctx.org_name} members",
        caption=(f"Wheat production divided by domestic supply (FAOSTAT Food Balances) for the "
                 f"{ctx.org} members of each year; under {threshold:g} the harvest covers less "
                 "than that share of use."),
        alt="Line chart of wheat self-sufficiency ratios by country and year.",
        sources=_sources(frame, "sources", "member_sources")))
    warn = mod.warnings(frame)
    if not warn.empty:
        block["tables"].append(_table(
            f"Members under the {threshold:g} threshold in any year", warn,
            {"name": "State", "years_below": "Years below", "latest_year": "Latest year",
             "latest_ratio": "Latest ratio", "min_ratio": "Lowest", "trend": "Trend"}))
    block["state"] = "ok"


def middle_power(ctx: ReportContext, block: dict[str, Any]) -> None:
    mod = importlib.import_module("igokit.analysis.middle_power")
    year = ctx.mp_year or ctx.today.year - 1
    res = mod.middle_power_index(ctx.kb, ctx.org, year=year)
    scores = res.scores
    block["year"] = year
    fig = charts.hbars(list(scores["name"]), list(scores["score"]), "index score (0–1)",
                       highlight=ctx.country_name)
    block["figures"].append(ctx.figures.save(
        "middle-power-scores", fig, scores,
        title=f"Middle-power index of the {ctx.org_name} members, {year}",
        caption=(f"Composite index (weights of middle_power.v2) for the {ctx.org} members at the "
                 f"end of {year}, from indicators counted in the knowledge base; "
                 f"{ctx.country_name} highlighted."),
        alt=f"Horizontal bar chart of index scores of {len(scores)} members.",
        sources=_sources(scores, "sources")))
    sens = res.sensitivity.merge(scores[["iso3", "name", "rank", "score"]], on="iso3")
    fig = charts.rank_ranges(list(sens["name"]), list(sens["median_rank"]),
                             list(sens["rank_p05"]), list(sens["rank_p95"]), list(sens["rank"]),
                             "rank (1 = highest score)")
    block["figures"].append(ctx.figures.save(
        "middle-power-rank-stability", fig, sens,
        title=f"How stable the middle-power ranks are ({year})",
        caption=("Ranks under 1,000 random weightings of the attributes (flat Dirichlet): bar "
                 "from the 5th to the 95th percentile, dot at the median; diamond: the rank "
                 "with the index's own weights. A long bar means the rank depends on the "
                 "weights."),
        alt="Range chart of rank percentiles under random weights for each member.",
        sources=_sources(scores, "sources")))
    block["tables"].append(_table(
        f"Middle-power index {year}: scores and ranks", scores,
        {"rank": "Rank", "name": "State", "score": "Score"}, decimals=3))
    block["notes"] += [f"Left out: {k} — {v}" for k, v in res.excluded.items()]
    block["state"] = "ok"


def build(ctx: ReportContext) -> Section:
    blocks = [
        _attempt(_block(f"Trade with {ctx.org} members", "indicators-trade"),
                 lambda b: trade(ctx, b)),
        _attempt(_block("E-government", "indicators-egov"), lambda b: egov(ctx, b)),
        _attempt(_block("Food self-sufficiency (wheat)", "indicators-food"),
                 lambda b: food(ctx, b)),
        _attempt(_block("Middle-power index", "indicators-middle-power"),
                 lambda b: middle_power(ctx, b)),
    ]
    figures = [f for b in blocks for f in b["figures"]]
    return Section("indicators", "Indicators", "section_indicators.html.j2", {"blocks": blocks},
                   figures, [(b["anchor"], b["title"]) for b in blocks])
