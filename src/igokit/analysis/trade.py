"""Trade with a partner group: turnover, exports, imports, shares, growth and CAGR, by year.

The group in year Y is the organization's members on 31 December of Y (``fixed=True``: the
members on ``fixed_on``, by default 31 December of the last year, for every year), so "trade
with SCO members" in 2016 leaves India and Pakistan out and 2017 counts them. The reporter is
never its own partner. Totals are the sum over all partners (WITS has no world row) unless the
data carry a total row (partner empty, e.g. a Comtrade ``World`` row), which is then used.

Known gaps of the sources are not hidden: a year whose numbers rest on them says so in ``note``
(see :data:`KNOWN_GAPS`), as does a year with no data for a flow or for a member.

Formulas (docs/indicators.md): turnover = exports + imports; share = group turnover / total
turnover x 100; growth = (x_t / x_{t-1} - 1) x 100; CAGR = ((x_last / x_first)^(1/(last -
first)) - 1) x 100.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from igokit.analysis.groups import joined, members_on, year_end
from igokit.errors import InputError
from igokit.kb.indicators import best, observations

#: unit -> factor to USD
SCALE = {"USD": 1.0, "thousand USD": 1e3, "million USD": 1e6, "mn USD": 1e6, "bn USD": 1e9}
OUT_UNIT, OUT_SCALE = "bn USD", 1e9
FLOWS = ("exports", "imports")

#: (source id, reporter, flows, years, note): documented gaps of a source (../shared/data/README.md)
KNOWN_GAPS: list[tuple[str, str, tuple[str, ...], tuple[int, ...], str]] = [
    ("wits-comtrade-trade", "KAZ", ("exports", "imports"), (2010,),
     "2010: WITS lacks most trade with Russia and Belarus (customs union; imports 24.0 bn USD "
     "against 31.1 bn official)"),
    ("wits-comtrade-trade", "KAZ", ("imports",), (2020, 2021, 2022),
     "2020-2022: WITS imports incomplete (China 1.96 bn USD in 2020 against 6.79 bn in 2019)"),
]


def growth(previous: float | None, current: float | None) -> float | None:
    """Percent change from ``previous`` to ``current`` (None when undefined)."""
    if previous is None or current is None or _nan(previous) or _nan(current) or previous == 0:
        return None
    return (current / previous - 1.0) * 100.0


def cagr(first: float | None, last: float | None, years: int) -> float | None:
    """Compound annual growth rate in percent over ``years`` years."""
    if first is None or last is None or years <= 0 or first <= 0 or last < 0:
        return None
    return ((last / first) ** (1.0 / years) - 1.0) * 100.0


def _nan(x: Any) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _flows(kb: Any, reporter: str, year_from: int | None, year_to: int | None) -> pd.DataFrame:
    obs = best(observations(kb, indicator=FLOWS, entity=reporter, period_from=year_from,
                            period_to=year_to))
    if obs.empty:
        return obs
    unknown = sorted(set(obs["unit"]) - set(SCALE))
    if unknown:
        raise InputError(f"trade values in unknown unit(s) {unknown}; known: {sorted(SCALE)}")
    obs = obs[obs["period"].str.len() == 4].copy()
    obs["year"] = obs["period"].astype(int)
    obs["usd"] = obs["value"] * obs["unit"].map(SCALE)
    return obs


def trade_with_group(kb: Any, reporter: str = "KAZ", group: str = "SCO",
                     year_from: int | None = None, year_to: int | None = None,
                     fixed: bool = False, fixed_on: str | None = None) -> pd.DataFrame:
    """One row per year: the group's members, exports, imports, turnover (bn USD), the totals
    over all partners, the group's share of total turnover, growth of the group turnover, with
    ``sources`` (data), ``member_sources`` (membership facts) and ``note`` (gaps)."""
    reporter = reporter.upper()
    obs = _flows(kb, reporter, year_from, year_to)
    columns = ["year", "n_members", "members", "exports", "imports", "turnover",
               "total_exports", "total_imports", "total_turnover", "share", "growth", "unit",
               "sources", "member_sources", "note"]
    if obs.empty:
        return pd.DataFrame(columns=columns)
    years = sorted(set(obs["year"]))
    first, last = year_from or years[0], year_to or years[-1]
    fixed_group = members_on(kb, group, fixed_on or year_end(last)) if fixed else None
    rows = []
    prev_turnover: float | None = None
    prev_flagged = False
    prev_members: list[str] | None = None
    for year in range(first, last + 1):
        grp = fixed_group or members_on(kb, group, year_end(year))
        partners = [m for m in grp.members if m != reporter]
        ydata = obs[obs["year"] == year]
        rec: dict[str, Any] = {"year": year, "n_members": len(partners), "members": partners}
        notes: list[str] = []
        if prev_members is not None and prev_members != partners:
            added = sorted(set(partners) - set(prev_members))
            gone = sorted(set(prev_members) - set(partners))
            notes.append("composition changed: " + ", ".join(
                [f"+{m}" for m in added] + [f"-{m}" for m in gone]))
        prev_members = partners
        used: list[pd.DataFrame] = []
        for flow in FLOWS:
            fdata = ydata[ydata["indicator"] == flow]
            bilateral = fdata[fdata["partner"].notna()]
            totals = fdata[fdata["partner"].isna()]
            in_group = bilateral[bilateral["partner"].isin(partners)]
            if fdata.empty:
                notes.append(f"no {flow} data")
                rec[flow] = rec[f"total_{flow}"] = None
                continue
            missing = sorted(set(partners) - set(in_group["partner"]))
            if missing and not bilateral.empty:
                notes.append(f"no {flow} rows for {', '.join(missing)}")
            rec[flow] = in_group["usd"].sum() / OUT_SCALE if not bilateral.empty else None
            tot = totals if not totals.empty else bilateral
            rec[f"total_{flow}"] = tot["usd"].sum() / OUT_SCALE
            used += [in_group, tot]
            for src, rep, flows, gap_years, text in KNOWN_GAPS:
                if (rep == reporter and flow in flows and year in gap_years
                        and any(src in s for s in fdata["sources"]) and text not in notes):
                    notes.append(text)
        rec["turnover"] = _add(rec["exports"], rec["imports"])
        rec["total_turnover"] = _add(rec["total_exports"], rec["total_imports"])
        rec["share"] = (rec["turnover"] / rec["total_turnover"] * 100
                        if rec["turnover"] is not None and rec["total_turnover"] else None)
        rec["growth"] = growth(prev_turnover, rec["turnover"])
        if rec["growth"] is not None and prev_flagged:
            notes.append(f"growth is against {year - 1}, a flagged year")
        prev_turnover = rec["turnover"]
        prev_flagged = any("WITS" in n or n.startswith("no ") for n in notes)

        rec["unit"] = OUT_UNIT
        rec["sources"] = joined(*(s for d in used for s in d["sources"]))
        rec["member_sources"] = grp.sources
        rec["note"] = "; ".join(notes) or None
        rows.append(rec)
    return pd.DataFrame(rows, columns=columns)


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def trade_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """CAGR of each measure between the first and last year of ``frame`` with a value, with the
    sources and the flagged years inside the window."""
    out = []
    for measure in ("turnover", "exports", "imports", "total_turnover", "share"):
        valid = frame[frame[measure].notna()]
        if len(valid) < 2:
            continue
        a, b = valid.iloc[0], valid.iloc[-1]
        span = int(b["year"]) - int(a["year"])
        flagged = [str(y) for y, n in zip(valid["year"], valid["note"], strict=True)
                   if isinstance(n, str) and n]
        out.append({
            "measure": measure, "from": int(a["year"]), "to": int(b["year"]),
            "first": a[measure], "last": b[measure],
            "change": growth(a[measure], b[measure]),
            "cagr": cagr(a[measure], b[measure], span) if measure != "share" else None,
            "unit": "%" if measure == "share" else OUT_UNIT,
            "sources": joined(*valid["sources"]),
            "note": f"flagged years in the window: {', '.join(flagged)}" if flagged else None,
        })
    return pd.DataFrame(out, columns=["measure", "from", "to", "first", "last", "change", "cagr",
                                      "unit", "sources", "note"])


STATED = ("trade_turnover", "trade_turnover_growth", "companies_with_foreign_capital",
          "joint_ventures", "exchange_students")


def stated_figures(kb: Any, reporter: str = "KAZ",
                   computed: pd.DataFrame | None = None, group: str = "SCO") -> pd.DataFrame:
    """The trade and investment figures stated for ``reporter`` (built in from the corpus or
    imported), each with a ``check``: a stated growth recomputed from two stated values, or
    compared with the growth computed from imported data for the group."""
    obs = best(observations(kb, indicator=STATED, entity=reporter.upper()))
    cols = ["indicator", "partner", "period", "value", "unit", "sources", "note", "check"]
    if obs.empty:
        return pd.DataFrame(columns=cols)
    obs["partner"] = obs["partner"].astype(object).where(obs["partner"].notna(), None)
    levels = {(r.partner, r.period): r for r in obs[obs["indicator"] == "trade_turnover"]
              .itertuples()}
    flows = _flows(kb, reporter.upper(), None, None)
    checks = []
    for r in obs.itertuples():
        check = None
        if r.indicator == "trade_turnover" and len(r.period) == 4 and not flows.empty \
                and r.unit in SCALE:
            fy = flows[flows["year"] == int(r.period)]
            sel = fy[fy["partner"].isna()] if r.partner is None else \
                fy[fy["partner"] == r.partner]
            if r.partner is None and sel.empty:
                sel = fy[fy["partner"].notna()]
            if set(sel["indicator"]) == set(FLOWS):
                value = sel["usd"].sum() / SCALE[r.unit]
                srcs = ", ".join(joined(*sel["sources"]))
                gap = any(int(r.period) in g[3] for g in KNOWN_GAPS if g[1] == reporter.upper())
                check = (f"imported data ({srcs}): {value:.1f} {r.unit}; stated is "
                         f"{growth(value, r.value):+.1f}% against it"
                         + (" (a flagged year of the imported data)" if gap else ""))
        if r.indicator == "trade_turnover_growth" and len(r.period) == 4:
            partner = r.partner
            cur = levels.get((partner, r.period))
            prev = levels.get((partner, str(int(r.period) - 1)))
            if cur is not None and prev is not None and cur.unit == prev.unit:
                g = growth(prev.value, cur.value)
                check = f"recomputed from {prev.value:g} and {cur.value:g}: {g:.1f}%"
            elif partner == group and computed is not None and not computed.empty:
                row = computed[computed["year"] == int(r.period)]
                if not row.empty and row.iloc[0]["growth"] is not None \
                        and not _nan(row.iloc[0]["growth"]):
                    g = float(row.iloc[0]["growth"])
                    note = row.iloc[0]["note"]
                    check = (f"imported data: {g:.1f}%"
                             + (f" (flagged: {note})" if isinstance(note, str) else ""))
        checks.append(check)
    obs = obs.assign(check=checks)
    return obs[cols].reset_index(drop=True)
