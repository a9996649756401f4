"""Food self-sufficiency: production / domestic supply per country, item and year.

Inputs are FAOSTAT Food Balances series imported with ``igokit import faostat`` (indicators
``fbs_<item>_production`` and ``fbs_<item>_domestic_supply_quantity``). A ratio under 0.8 means
the harvest covers less than 80% of what the country uses, the corpus's threshold for food
independence (Abueva et al. 2025). The group of year Y is the organization's members on
31 December of Y (``fixed=True``: the members on ``fixed_on`` for every year).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from igokit.analysis.groups import joined, members_on, names, year_end
from igokit.errors import InputError
from igokit.kb.indicators import best, observations

ITEMS = {"wheat": "wheat_and_products", "cereals": "cereals_excluding_beer",
         "rice": "rice_and_products", "maize": "maize_and_products"}
THRESHOLD = 0.8


def item_key(item: str) -> str:
    return ITEMS.get(item.casefold(), item.casefold().replace(" ", "_"))


def self_sufficiency(kb: Any, group: str = "SCO", item: str = "wheat",
                     year_from: int | None = None, year_to: int | None = None,
                     fixed: bool = False, fixed_on: str | None = None) -> pd.DataFrame:
    """One row per member and year: production, domestic supply, ratio, with sources."""
    key = item_key(item)
    prod_ind, supply_ind = f"fbs_{key}_production", f"fbs_{key}_domestic_supply_quantity"
    obs = best(observations(kb, indicator=[prod_ind, supply_ind], period_from=year_from,
                            period_to=year_to))
    if obs.empty:
        raise InputError(f"no FAOSTAT data for {prod_ind} / {supply_ind}: import them with "
                         "`igokit import faostat FILE...`")
    years = sorted({int(p) for p in obs["period"] if len(p) == 4})
    first, last = year_from or years[0], year_to or years[-1]
    fixed_group = members_on(kb, group, fixed_on or year_end(last)) if fixed else None
    rows = []
    for year in range(first, last + 1):
        grp = fixed_group or members_on(kb, group, year_end(year))
        ydata = obs[obs["period"] == str(year)]
        for iso in grp.members:
            p = ydata[(ydata["entity"] == iso) & (ydata["indicator"] == prod_ind)]
            s = ydata[(ydata["entity"] == iso) & (ydata["indicator"] == supply_ind)]
            prod = float(p.iloc[0]["value"]) if not p.empty else None
            supply = float(s.iloc[0]["value"]) if not s.empty else None
            note = None
            if prod is None or supply is None:
                note = "no " + " or ".join(n for n, v in (("production", prod),
                                                         ("domestic supply", supply))
                                           if v is None) + " data"
                if prod is None and supply is None:
                    continue
            elif not p.empty and not s.empty and p.iloc[0]["unit"] != s.iloc[0]["unit"]:
                note = "units differ"
            ratio = prod / supply if prod is not None and supply and supply > 0 \
                and note is None else None
            if supply is not None and supply <= 0:
                note = "domestic supply is not positive"
            rows.append({"iso3": iso, "year": year, "item": key, "production": prod,
                         "domestic_supply": supply, "ratio": ratio,
                         "unit": p.iloc[0]["unit"] if not p.empty else s.iloc[0]["unit"],
                         "sources": joined(*(list(d.iloc[0]["sources"]) for d in (p, s)
                                             if not d.empty)),
                         "member_sources": grp.sources, "note": note})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    label = names(kb, sorted(set(out["iso3"])))
    out.insert(1, "name", out["iso3"].map(label))
    return out


def warnings(frame: pd.DataFrame, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Countries whose ratio fell under ``threshold`` in any year: the years, the latest and
    lowest ratio, and the trend (least-squares slope of the ratio per year over all years)."""
    cols = ["iso3", "name", "item", "years_below", "latest_year", "latest_ratio", "min_ratio",
            "trend_per_year", "trend", "sources"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    out = []
    for iso, grp in frame[frame["ratio"].notna()].groupby("iso3"):
        below = grp[grp["ratio"] < threshold]
        if below.empty:
            continue
        grp = grp.sort_values("year")
        slope = (float(np.polyfit(grp["year"].astype(float), grp["ratio"].astype(float), 1)[0])
                 if len(grp) >= 2 else None)
        trend = ("n/a" if slope is None else "falling" if slope < -0.01
                 else "rising" if slope > 0.01 else "stable")
        latest = grp.iloc[-1]
        out.append({"iso3": iso, "name": latest["name"], "item": latest["item"],
                    "years_below": [int(y) for y in below["year"]],
                    "latest_year": int(latest["year"]), "latest_ratio": latest["ratio"],
                    "min_ratio": float(grp["ratio"].min()), "trend_per_year": slope,
                    "trend": trend, "sources": joined(*grp["sources"])})
    return pd.DataFrame(out, columns=cols).sort_values("latest_ratio").reset_index(drop=True)
