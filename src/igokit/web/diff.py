"""How declarations change, on the web: ``/diff?a=&b=`` (HTML), ``/api/diff`` and
``/api/reuse`` (JSON). Only ingested documents, by id: the web app never reads a file path a
visitor gives."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from igokit.api import (
    KnowledgeBase,
    diff_declarations,
    document_meta,
    find_reuse,
    list_documents,
)
from igokit.web.paging import check_doc_id
from igokit.web.security import get_kb, get_limits, run_limited

router = APIRouter()

Threshold = Annotated[float, Query(gt=0, le=1, description=(
    "Similarity from which a matched commitment counts as repeated (below: changed)."))]
Every = Annotated[bool, Query(alias="all", description=(
    "Compare every sentence, not only those with a commitment cue."))]


_kb = get_kb
_limits = get_limits


def _check(kb: KnowledgeBase, doc_id: int) -> None:
    check_doc_id(doc_id)
    if document_meta(kb.conn, doc_id) is None:
        raise HTTPException(404, f"no document {doc_id}")


def _diff(kb: KnowledgeBase, a: int, b: int, threshold: float, every: bool) -> dict[str, Any]:
    rows = diff_declarations(kb, a, b, threshold=threshold, every_sentence=every)
    return {"query": rows.query, "results": rows.records()}


@router.get("/api/diff", tags=["documents"],
            summary="Commitments of two ingested declarations: repeated, changed, new, dropped")
async def api_diff(request: Request, a: Annotated[int, Query(description="Earlier document id")],
                   b: Annotated[int, Query(description="Later document id")],
                   threshold: Threshold = 0.6, every: Every = False) -> dict[str, Any]:
    """One row per commitment unit (a sentence with a commitment cue) of A and B: its class,
    similarity, what it was matched by (``words`` in one language, ``anchors`` — entities,
    dates, numbers — across languages) and both passages with their offsets. ``query.counts``
    sums the classes."""
    kb = _kb(request)
    _check(kb, a)
    _check(kb, b)
    return await run_limited(_limits(request), _diff, kb, a, b, threshold, every)


def _reuse(kb: KnowledgeBase, threshold: float, limit: int) -> dict[str, Any]:
    rows = find_reuse(kb, threshold=threshold, limit=limit)
    return {"query": rows.query, "results": rows.records()}


@router.get("/api/reuse", tags=["documents"],
            summary="Passages reused between the ingested documents")
async def api_reuse(request: Request,
                    threshold: Annotated[float, Query(gt=0, le=1, description=(
                        "Least score (the larger of shingle Jaccard and containment)"))] = 0.5,
                    limit: Annotated[int, Query(ge=1, le=10_000)] = 200) -> dict[str, Any]:
    """Pairs of passages (document ids and offsets, both texts, score), best first;
    ``query.pairs`` counts them all."""
    return await run_limited(_limits(request), _reuse, _kb(request), threshold, limit)


@router.get("/diff", response_class=HTMLResponse, include_in_schema=False)
async def diff_page(request: Request, a: Annotated[int | None, Query()] = None,
                    b: Annotated[int | None, Query()] = None, threshold: Threshold = 0.6,
                    every: Every = False) -> HTMLResponse:
    from igokit.web.pages import render

    kb = _kb(request)
    result = None
    if a is not None and b is not None:
        _check(kb, a)
        _check(kb, b)
        result = await run_limited(_limits(request), _diff, kb, a, b, threshold, every)
    return render(request, "diff.html", documents=list_documents(kb.conn), a=a, b=b,
                  threshold=threshold, every=every, result=result)
