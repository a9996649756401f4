"""E-government: the UN E-Government Survey rank and index (EGDI) of a group's members, and
their change since an earlier survey.

The group of survey year Y is the organization's members on 31 December of Y (``fixed=True``:
the members on ``fixed_on``, by default 31 December of Y, for the earlier survey too). Ranks are
out of the 193 UN member states (1 = best); ``group_rank`` orders the group by EGDI;
``rank_change`` = earlier rank - rank (positive = moved up).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from igokit.analysis.groups import joined, members_on, names, year_end
from igokit.errors import InputError
from igokit.kb import facts
from igokit.kb.indicators import best, observations

INDICATORS = ("egov_rank", "egdi")


def survey_years(kb: Any) -> list[int]:
    return [int(p) for p in facts.observation_periods(kb.conn, "egdi") if len(p) == 4]


def _values(kb: Any, entities: list[str], year: int) -> pd.DataFrame:
    return best(observations(kb, indicator=INDICATORS, entity=entities, period_from=year,
                             period_to=year))


def egov_table(kb: Any, group: str = "SCO", year: int | None = None,
               compare: int | None = None) -> pd.DataFrame:
    """One row per member: rank and EGDI in ``year`` (default: the latest survey), the group
    rank, the earlier survey's rank and EGDI (``compare``, default the survey before) and the
    changes, with ``sources`` and ``note``."""
    years = survey_years(kb)
    if not years:
        raise InputError("no e-government data: import a survey with `igokit import egov FILE`")
    year = year or years[-1]
    if year not in years:
        raise InputError(f"no e-government data for {year}; surveys present: "
                         f"{', '.join(map(str, years))}")
    if compare is None:
        earlier = [y for y in years if y < year]
        compare = earlier[-1] if earlier else None
    elif compare not in years:
        raise InputError(f"no e-government data for {compare}; surveys present: "
                         f"{', '.join(map(str, years))}")
    grp = members_on(kb, group, year_end(year))
    now = _values(kb, grp.members, year)
    before = _values(kb, grp.members, compare) if compare else now.iloc[0:0]
    label = names(kb, grp.members)
    rows = []
    for iso in grp.members:
        rec: dict[str, Any] = {"iso3": iso, "name": label[iso]}
        srcs: list[list[str]] = []
        for prefix, frame in (("", now), ("prev_", before)):
            for ind, col in (("egov_rank", "rank"), ("egdi", "egdi")):
                hit = frame[(frame["entity"] == iso) & (frame["indicator"] == ind)]
                rec[prefix + col] = float(hit.iloc[0]["value"]) if not hit.empty else None
                if not hit.empty:
                    srcs.append(list(hit.iloc[0]["sources"]))
        rec["rank_change"] = (rec["prev_rank"] - rec["rank"]
                              if rec["rank"] is not None and rec["prev_rank"] is not None
                              else None)
        rec["egdi_change"] = (rec["egdi"] - rec["prev_egdi"]
                              if rec["egdi"] is not None and rec["prev_egdi"] is not None
                              else None)
        rec["sources"] = joined(*srcs)
        rec["note"] = None if rec["rank"] is not None else f"no survey data for {year}"
        rows.append(rec)
    out = pd.DataFrame(rows)
    out["group_rank"] = out["egdi"].rank(ascending=False, method="min")
    out.insert(0, "year", year)
    out.insert(1, "compare", compare)
    out["member_sources"] = [grp.sources] * len(out)
    out = out.sort_values(["rank", "iso3"], na_position="last").reset_index(drop=True)
    return out[["year", "iso3", "name", "rank", "egdi", "group_rank", "compare", "prev_rank",
                "prev_egdi", "rank_change", "egdi_change", "sources", "member_sources", "note"]]


def egov_series(kb: Any, group: str = "SCO", on: str | None = None) -> pd.DataFrame:
    """Rank of each member (on ``on``, default today) in every survey present: one row per
    country, one column per survey year, with ``sources``."""
    grp = members_on(kb, group, on or pd.Timestamp.today().strftime("%Y-%m-%d"))
    obs = best(observations(kb, indicator="egov_rank", entity=grp.members))
    if obs.empty:
        return pd.DataFrame(columns=["iso3", "name", "sources"])
    wide = obs.pivot_table(index="entity", columns="period", values="value", aggfunc="first")
    srcs = obs.groupby("entity")["sources"].apply(lambda s: joined(*s))
    label = names(kb, list(wide.index))
    wide.insert(0, "name", [label[i] for i in wide.index])
    wide["sources"] = srcs
    return wide.reset_index().rename(columns={"entity": "iso3"})
