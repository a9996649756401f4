"""Membership by status over time (a stacked step chart) and today's composition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from igokit.api import (
    MEMBERSHIP_STATUSES,
    membership_change_days,
    resolve,
)
from igokit.report import charts
from igokit.report.context import STATUS_LABELS, ReportContext, Section


def change_dates(ctx: ReportContext) -> list[str]:
    """Every day on which some state's status in the organization began or ended."""
    org_id = resolve(ctx.kb.conn, ctx.org, ("organization", "body"))
    days = membership_change_days(ctx.kb.conn, org_id)
    today = ctx.today.isoformat()
    return sorted(d for d in days if d <= today)


def membership_series(ctx: ReportContext) -> tuple[pd.DataFrame, list[str]]:
    """One row per change date (and today): the number of states holding each status that day,
    the member states, and the sources of every membership counted."""
    rows: list[dict[str, Any]] = []
    sources: set[str] = set()
    dates = change_dates(ctx)
    if not dates or dates[-1] != ctx.today.isoformat():
        dates.append(ctx.today.isoformat())
    for day in dates:
        held = ctx.kb.members(ctx.org, on=day, status="all")
        row: dict[str, Any] = {"date": day}
        for s in MEMBERSHIP_STATUSES:
            row[s] = sum(1 for m in held if m.status == s)
        row["total"] = len(held)
        row["member_states"] = sorted(m.iso3 for m in held if m.status == "member")
        for m in held:
            sources.update(m.sources)
        rows.append(row)
    frame = pd.DataFrame(rows)
    used = [s for s in MEMBERSHIP_STATUSES if s in frame and frame[s].any()]
    frame = frame[["date", *used, "total", "member_states"]]
    return frame, sorted(sources)


def build(ctx: ReportContext) -> Section:
    frame, sources = membership_series(ctx)
    used = [s for s in MEMBERSHIP_STATUSES if s in frame.columns]
    fig = charts.stacked_steps(frame, "date", used, STATUS_LABELS, charts.STATUS_COLOURS,
                               "states")
    first, last = frame["date"].iloc[0], frame["date"].iloc[-1]
    members_now = int(frame["member"].iloc[-1]) if "member" in frame else 0
    figure = ctx.figures.save(
        "membership-by-status", fig, frame,
        title=f"{ctx.org_name}: states by status, {first[:4]}–{last[:4]}",
        caption=(f"Number of states holding each status in the {ctx.org_name} from {first} to "
                 f"{last}, counted on every day a status began or ended (the CSV has one row "
                 f"per such day). {members_now} member states on {last}."),
        alt=(f"Stacked step chart of states by status in the {ctx.org_name} from {first[:4]} "
             f"to {last[:4]}; member states rise from {int(frame['member'].iloc[0])} to "
             f"{members_now}." if "member" in frame else "Stacked step chart of statuses."),
        sources=sources)
    current = ctx.kb.members(ctx.org, on=ctx.today.isoformat(), status="all")
    changes = [{"date": r["date"], **{s: int(r[s]) for s in used}, "total": int(r["total"])}
               for r in frame.to_dict("records")]
    return Section("membership", "Membership by status over time",
                   "section_membership.html.j2",
                   {"current": current, "changes": changes, "statuses": used,
                    "coverage": current.coverage,
                    "labels": STATUS_LABELS, "today": ctx.today.isoformat(),
                    "last_change": dt.date.fromisoformat(frame["date"].iloc[-1]).isoformat()},
                   [figure])
