"""Events read from the ingested documents, on the web: ``/events`` (HTML) and ``/api/events``
(JSON), with the same filters as ``igokit events``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from igokit.api import EVENT_TYPES, KnowledgeBase, event_counts, events, initiative_chronology
from igokit.web.security import get_kb, get_limits, run_limited

router = APIRouter()

Types = Annotated[list[str] | None, Query(alias="type", description=(
    "Only events of these types (repeatable), e.g. summit_held."))]
Country = Annotated[str | None, Query(max_length=3, pattern="^[A-Za-z]{3}$", description=(
    "Only events involving this state (ISO3: actor, object or place)."))]
Year = Annotated[int | None, Query(ge=1900, le=2100)]


_kb = get_kb
_limits = get_limits


def _query(kb: KnowledgeBase, org: str, types: list[str] | None, country: str | None,
           year_from: int | None, year_to: int | None, merged: bool) -> dict[str, Any]:
    bad = [t for t in types or [] if t not in EVENT_TYPES]
    if bad:
        raise HTTPException(400, f"unknown event type(s) {bad}")
    rows = events(kb, org=org, country=country.upper() if country else None,
                  year_from=year_from, year_to=year_to, types=types or None, merged=merged)
    counts = event_counts(kb, by="type", org=org, events_=rows)
    chronology = initiative_chronology(kb, country="KAZ", org=org, events_=rows) \
        if not types else []
    return {"query": rows.query, "read_as": rows.read_as,
            "counts": [{"type": c.key, "events": c.n_events,
                                        "reports": c.n_reports} for c in counts],
            "results": [e.to_dict() for e in rows],
            "chronology": [{
                "initiative": r.initiative, "name": r.name, "step": r.step,
                "date_docs": r.date_docs, "n_reports": r.n_reports, "date_kb": r.date_kb,
                "agree": r.agree} for r in chronology]}


@router.get("/api/events", tags=["documents"],
            summary="Events read from the ingested documents, merged and checked")
async def api_events(request: Request, org: Annotated[str, Query(max_length=40)] = "SCO",
                     types: Types = None, country: Country = None,
                     year_from: Annotated[Year, Query(alias="from")] = None,
                     year_to: Annotated[Year, Query(alias="to")] = None,
                     merged: bool = True) -> dict[str, Any]:
    """One row per event (its reports merged across documents and languages; ``merged=false``:
    one per report), with type, actors, object, date and precision, place, CAMEO code, the
    reports (document, offsets, passage, language, reported speech) and the knowledge-base
    check; ``counts`` by type; ``chronology``: Kazakhstan's initiatives, documents and record."""
    return await run_limited(_limits(request), _query, _kb(request), org, types, country,
                             year_from, year_to, merged)


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
async def events_page(request: Request, org: Annotated[str, Query(max_length=40)] = "SCO",
                      types: Types = None, country: Country = None,
                      year_from: Annotated[Year, Query(alias="from")] = None,
                      year_to: Annotated[Year, Query(alias="to")] = None) -> HTMLResponse:
    from igokit.web.pages import render

    result = await run_limited(_limits(request), _query, _kb(request), org, types, country,
                               year_from, year_to, True)
    return render(request, "events.html", result=result, types=EVENT_TYPES,
                  chosen=types or [], country=country or "", year_from=year_from,
                  year_to=year_to, org=org)
