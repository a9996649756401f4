"""The JSON API under ``/api``: every query of the knowledge base and the text analyses."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from igokit import __version__
from igokit.api import (
    Chair,
    EntityInfo,
    KnowledgeBase,
    Membership,
    Official,
    Rows,
    SearchHit,
    SourceRow,
    StoredDocument,
    Summit,
    TimelineEvent,
    document_count,
    has_document,
    list_documents,
    load_extraction,
    resolve,
    store_extraction,
)
from igokit.api import (
    search as search_passages,
)
from igokit.web.models import (
    CheckIn,
    CheckOut,
    CodeIn,
    CodeOut,
    DocumentOut,
    ExtractOut,
    Info,
    IngestOut,
    Listing,
    Problem,
    SearchResult,
    Status,
    Table,
    TextIn,
)
from igokit.web.paging import check_doc_id, no_page, page_bounds, split_pages
from igokit.web.render import highlight_snippet
from igokit.web.security import (
    Limits,
    check_text_size,
    check_token,
    get_kb,
    get_limits,
    run_limited,
)

if TYPE_CHECKING:
    import pandas as pd

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Bad input"},
    404: {"model": Problem, "description": "Unknown name (with suggestions)"},
    422: {"model": Problem, "description": "Invalid parameter or date"},
}
HEAVY: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    413: {"model": Problem, "description": "Text longer than the limit"},
    503: {"model": Problem, "description": "Took longer than the request time limit"},
}

router = APIRouter(prefix="/api", responses=ERRORS)

Org = Annotated[str, Query(description="Organization: id (SCO), acronym or name in en/ru/kk.")]
OnDate = Annotated[str | None, Query(alias="on", description="YYYY, YYYY-MM or YYYY-MM-DD; "
                                     "default today. A partial date means the whole period.")]


async def _kb(request: Request) -> KnowledgeBase:
    """The ``KB`` dependency. A coroutine on purpose: FastAPI runs a plain function dependency
    in its thread pool, one hand-over between threads per request for a field lookup."""
    return get_kb(request)


async def _limits(request: Request) -> Limits:
    """The ``Lim`` dependency (a coroutine, as :func:`_kb`)."""
    return get_limits(request)


KB = Annotated[KnowledgeBase, Depends(_kb)]
Lim = Annotated[Limits, Depends(_limits)]


def _listing(rows: Rows[Any]) -> dict[str, Any]:
    out = {"query": rows.query, "read_as": rows.read_as, "results": list(rows)}
    if rows.coverage is not None:
        out["coverage"] = rows.coverage
    return out


def _frame(frame: pd.DataFrame, query: dict[str, Any] | None = None,
           empty: str | None = None) -> dict[str, Any]:
    """A frame as records; ``empty``: what to say when there is nothing (never a silent [])."""
    records = json.loads(frame.to_json(orient="records", date_format="iso", default_handler=str))
    out: dict[str, Any] = {"query": query or {}, "columns": [str(c) for c in frame.columns],
                           "results": records}
    if not records and empty:
        out["note"] = empty
    return out


@router.get("/", response_model=Info, summary="Version, limits and the list of endpoints")
def info(request: Request, kb: KB, limits: Lim) -> dict[str, Any]:
    n_docs = document_count(kb.conn)
    paths = sorted(request.app.openapi().get("paths", {}))
    return {"name": "igokit", "version": __version__, "documents": n_docs,
            "writes_enabled": bool(request.app.state.token),
            "limits": {"max_upload_bytes": limits.max_upload_bytes,
                       "max_text_chars": limits.max_text_chars,
                       "request_timeout_s": limits.request_timeout_s},
            "endpoints": paths, "stale_data": kb.stale_problems}


@router.get("/health", summary="Liveness: answers at once, never from the cache")
async def health(response: Response) -> dict[str, str]:
    response.headers["cache-control"] = "no-store"
    return {"status": "ok"}


@router.get("/members", response_model=Listing[Membership], summary="States with a status")
def members(kb: KB, org: Org = "SCO", on: OnDate = None,
            status: Annotated[Status, Query()] = "member") -> dict[str, Any]:
    """States with ``status`` in ``org`` on a date, each with its interval and sources."""
    return _listing(kb.members(org, on, status))


@router.get("/chair", response_model=Listing[Chair], summary="Who chaired")
def chair(kb: KB, org: Org = "SCO", on: OnDate = None, history: bool = False
          ) -> dict[str, Any]:
    """The chair on a date, or every chairmanship with ``history=true``."""
    return _listing(kb.chair(org, on, history))


@router.get("/summits", response_model=Listing[Summit], summary="Meetings of an organization")
def summits(kb: KB, org: Org = "SCO",
            council: Annotated[str | None, Query(description="e.g. SCO-CHS")] = None
            ) -> dict[str, Any]:
    return _listing(kb.summits(org, council))


@router.get("/officials", response_model=Listing[Official], summary="Holders of a post")
def officials(kb: KB, org: Org = "SCO",
              role: Annotated[str, Query(description="secretary-general, director, ... or "
                                                     "all")] = "secretary-general",
              on: OnDate = None, history: bool = False) -> dict[str, Any]:
    return _listing(kb.officials(org, role, on, history))


@router.get("/timeline", response_model=Listing[TimelineEvent], summary="Dated events")
def timeline(kb: KB, org: Org = "SCO",
             country: Annotated[str | None, Query(description="Only events involving this "
                                                              "state")] = None,
             year_from: Annotated[int | None, Query(alias="from", ge=1800, le=2200)] = None,
             year_to: Annotated[int | None, Query(alias="to", ge=1800, le=2200)] = None
             ) -> dict[str, Any]:
    return _listing(kb.timeline(org, country, year_from, year_to))


@router.get("/entity/{name}", response_model=EntityInfo,
            summary="Everything known about an entity")
def entity(kb: KB, name: str) -> EntityInfo:
    """Any name or id in English, Russian or Kazakh (``KAZ``, ``ШЫҰ``, ``person:…``)."""
    return kb.entity(name)


@router.get("/sources", response_model=Listing[SourceRow], summary="The bibliography")
def sources(kb: KB, ids: Annotated[list[str] | None, Query(alias="id")] = None
            ) -> dict[str, Any]:
    return _listing(kb.sources(ids))


@router.get("/sources.bib", response_class=PlainTextResponse, summary="Sources as BibTeX")
def sources_bib(kb: KB, ids: Annotated[list[str] | None, Query(alias="id")] = None
                ) -> PlainTextResponse:
    return PlainTextResponse(kb.bibtex(ids), media_type="application/x-bibtex; charset=utf-8")


@router.get("/sources.csl.json", summary="Sources as CSL-JSON")
def sources_csl(kb: KB, ids: Annotated[list[str] | None, Query(alias="id")] = None
                ) -> list[dict[str, Any]]:
    return kb.csl_json(ids)


@router.get("/documents", response_model=Listing[StoredDocument],
            summary="Ingested documents")
def documents(kb: KB, limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
              offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    """Every ingested document (by id), or the page of ``limit`` from ``offset``; ``query``
    gives the ``total``."""
    rows = list_documents(kb.conn)
    page = rows[offset:offset + limit] if limit is not None else rows[offset:]
    return {"query": {"limit": limit, "offset": offset, "total": len(rows)}, "results": page}


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=HEAVY,
            summary="One ingested document: its text and extraction, a page at a time")
async def document(request: Request, kb: KB, limits: Lim, doc_id: int,
                   page: Annotated[int, Query(ge=1, le=1_000_000, description=(
                       "Page of the text (each about the server's page size in characters, "
                       "with the extraction's items of that page)"))] = 1) -> dict[str, Any]:
    """The text of page ``page`` and the items found in it, offsets indexing that page's text;
    ``page`` tells where it starts in the whole text and how many pages there are."""
    check_doc_id(doc_id)
    return await run_limited(limits, document_page, request.app.state, kb, doc_id, page,
                             executor=limits.page_executor)


#: Bytes of document pages kept per worker process (their JSON), least recently used first out.
PAGE_CACHE_BYTES = 64 * 1024 * 1024
_PAGES_LOCK = threading.Lock()


def document_page(state: Any, kb: KnowledgeBase, doc_id: int, page: int) -> dict[str, Any]:
    """Page ``page`` of a stored document (:mod:`igokit.web.paging`); 404 when there is none.

    A document of several pages is cut into all its pages at its first request and they are
    kept (as JSON, at most :data:`PAGE_CACHE_BYTES` in all), so reading a large document page
    after page costs one load of it, not one per page. Documents never change (stored by
    content), so the pages stay right.
    """
    size: int = state.limits.page_chars
    kept: OrderedDict[tuple[int, int], list[bytes]] = state.page_cache
    key = (doc_id, size)
    with _PAGES_LOCK:  # (one load of a document at a time: its other pages wait for it)
        blobs = kept.get(key)
        if blobs is not None:
            kept.move_to_end(key)
        else:
            try:
                data = load_extraction(kb.conn, doc_id)
            except KeyError:
                raise HTTPException(404, f"no document {doc_id}") from None
            pages = split_pages(data, page_bounds(data, size))
            if len(pages) == 1:
                if page != 1:
                    raise no_page(page, 1)
                return pages[0]
            blobs = [json.dumps(p, ensure_ascii=False).encode() for p in pages]
            kept[key] = blobs
            state.page_cache_bytes += sum(map(len, blobs))
            while state.page_cache_bytes > PAGE_CACHE_BYTES and len(kept) > 1:
                _, old = kept.popitem(last=False)
                state.page_cache_bytes -= sum(map(len, old))
    if not 1 <= page <= len(blobs):
        raise no_page(page, len(blobs))
    out: dict[str, Any] = json.loads(blobs[page - 1])
    return out


@router.get("/search", response_model=Listing[SearchResult],
            summary="Full-text search of ingested documents, with highlights")
async def search(request: Request, kb: KB, q: Annotated[str, Query(min_length=1, max_length=500)],
                 lang: str | None = None,
                 entity: Annotated[str | None, Query(description="Passages mentioning it")
                                   ] = None,
                 date_from: Annotated[str | None, Query(alias="from")] = None,
                 date_to: Annotated[str | None, Query(alias="to")] = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 20, prefix: bool = True
                 ) -> Response:
    """BM25-ranked passages; ``snippet`` marks matches with ``[ ]``, ``snippet_html`` (escaped)
    with ``<mark>``."""
    # In the app's search queue (igokit.web.app): under many clients a search waits its turn
    # instead of sharing the interpreter with dozens of others.
    loop = asyncio.get_running_loop()
    body = await loop.run_in_executor(request.app.state.search_pool, lambda: _search(
        kb, q, lang, entity, date_from, date_to, limit, prefix))
    # built here, in the shape of Listing[SearchResult] (tests check it against the schema):
    # validating it again would cost as much as the search itself
    return JSONResponse(body)


def _search(kb: KnowledgeBase, q: str, lang: str | None, entity: str | None,
            date_from: str | None, date_to: str | None, limit: int, prefix: bool
            ) -> dict[str, Any]:
    from igokit.api import normalize_date

    eid = resolve(kb.conn, entity) if entity else None
    date_from, date_to = normalize_date(date_from), normalize_date(date_to)
    hits = search_passages(kb.conn, q, lang=lang, entity=eid, date_from=date_from,
                           date_to=date_to, limit=limit, prefix=prefix)
    results = [{**_hit(h), "snippet_html": str(highlight_snippet(h.snippet)),
                "url": f"/documents/{h.doc_id}#p{h.passage_id}"} for h in hits]
    return {"query": {"q": q, "lang": lang, "entity": eid, "from": date_from, "to": date_to},
            "read_as": None, "coverage": None, "results": results}


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {"doc_id": hit.doc_id, "passage_id": hit.passage_id, "title": hit.title,
            "path": hit.path, "date": hit.date, "lang": hit.lang, "score": hit.score,
            "snippet": hit.snippet, "start": hit.start, "end": hit.end}


@router.post("/extract", response_model=ExtractOut, responses=HEAVY,
             summary="Sentences, languages, entity mentions, dates, quantities")
async def extract(body: TextIn, kb: KB, limits: Lim) -> dict[str, Any]:
    from igokit.api import extract_string, normalize_date

    check_text_size(body.text, limits)
    date = normalize_date(body.date)
    result = await run_limited(limits, extract_string, kb, body.text, date=date)
    return result.to_dict()


@router.post("/check", response_model=CheckOut, responses=HEAVY,
             summary="Check the claims of a text against the knowledge base")
async def check(body: CheckIn, kb: KB, limits: Lim) -> dict[str, Any]:
    """Verdicts: supported, contradicted, outdated, unverifiable — each with evidence and
    sources, judged as of ``as_of``."""
    from igokit.api import FuzzyDate

    check_text_size(body.text, limits)
    if body.as_of:
        FuzzyDate.parse(body.as_of)  # a bad date is a 422 before any work
    resolve(kb.conn, body.org, ("organization", "body"))
    report = await run_limited(limits, _check, kb, body.text, body.as_of, body.org)
    return report


def _check(kb: KnowledgeBase, text: str, as_of: str | None, org: str) -> dict[str, Any]:
    from igokit.api import check_text

    out: dict[str, Any] = check_text(kb, text, as_of=as_of, org=org).to_dict()
    return out


@router.post("/code", response_model=CodeOut, responses=HEAVY,
             summary="Policy areas per unit, with the matched terms")
async def code(body: CodeIn, request: Request, limits: Lim) -> dict[str, Any]:
    check_text_size(body.text, limits)
    units = await run_limited(limits, _code, request.app.state, body.text, body.unit)
    counts = Counter(a for u in units for a in u["areas"])
    return {"unit": body.unit, "n_units": len(units), "area_counts": dict(counts.most_common()),
            "units": units}


def _code(state: Any, text: str, unit: str) -> list[dict[str, Any]]:
    coder = coder_for(state)
    return [{**u.to_dict(), "text": u.text} for u in coder.code(text, unit)]  # type: ignore[arg-type]


_CODER_LOCK = threading.Lock()


def coder_for(state: Any) -> Any:
    """The app's dictionary coder, built on first use."""
    from igokit.api import DictionaryCoder

    with _CODER_LOCK:
        coder = getattr(state, "coder", None)
        if coder is None:
            coder = DictionaryCoder()
            state.coder = coder
        return coder


@router.get("/indicators", response_model=Table, summary="Indicator observations")
def indicators(kb: KB, indicator: Annotated[list[str] | None, Query()] = None,
               entity: Annotated[list[str] | None, Query()] = None,
               partner: Annotated[list[str] | None, Query()] = None,
               period_from: Annotated[str | None, Query(alias="from")] = None,
               period_to: Annotated[str | None, Query(alias="to")] = None
               ) -> dict[str, Any]:
    """One row per observed number (entity, indicator, period, partner, value, unit, source)."""
    from igokit.api import observations

    frame = observations(kb, indicator=indicator, entity=entity, partner=partner,
                         period_from=period_from, period_to=period_to)
    return _frame(frame, {"indicator": indicator, "entity": entity, "partner": partner,
                          "from": period_from, "to": period_to})


@router.get("/indicators/trade", response_model=Table,
            summary="A state's trade with the members of a group, per year")
def trade(kb: KB, reporter: str = "KAZ", group: str = "SCO",
          year_from: Annotated[int | None, Query(alias="from", ge=1900, le=2200)] = None,
          year_to: Annotated[int | None, Query(alias="to", ge=1900, le=2200)] = None
          ) -> dict[str, Any]:
    from igokit.api import trade_with_group

    frame = trade_with_group(kb, resolve(kb.conn, reporter, ("country",)), group,
                             year_from, year_to)
    return _frame(frame, {"reporter": reporter, "group": group, "from": year_from,
                          "to": year_to},
                  empty=f"no trade observations of {reporter} in the knowledge base for these "
                        "years: import them (igokit import comtrade FILE, e.g. the WITS "
                        "by-partner files)")


@router.get("/indicators/egov", response_model=Table,
            summary="UN e-government ranks of a group's members")
def egov(kb: KB, group: str = "SCO",
         year: Annotated[int | None, Query(ge=2000, le=2200)] = None) -> dict[str, Any]:
    from igokit.api import egov_table

    return _frame(egov_table(kb, group, year), {"group": group, "year": year},
                  empty="no e-government observations for this year: import the UN "
                        "E-Government Survey (igokit import egov FILE)")


@router.get("/indicators/food", response_model=Table,
            summary="Food self-sufficiency of a group's members")
def food(kb: KB, group: str = "SCO", item: str = "wheat",
         year_from: Annotated[int | None, Query(alias="from", ge=1900, le=2200)] = None,
         year_to: Annotated[int | None, Query(alias="to", ge=1900, le=2200)] = None
         ) -> dict[str, Any]:
    from igokit.api import self_sufficiency

    return _frame(self_sufficiency(kb, group, item, year_from, year_to),
                  {"group": group, "item": item, "from": year_from, "to": year_to})


@router.get("/index", responses=HEAVY, summary="The middle-power index of a group's members")
async def index(kb: KB, limits: Lim, org: Org = "SCO",
                year: Annotated[int, Query(ge=2001, le=2200)] = 2024,
                draws: Annotated[int, Query(ge=1, le=5000)] = 1000,
                include_partial: bool = False) -> dict[str, Any]:
    """Scores, ranks, the Monte Carlo rank intervals and the raw indicators, with sources."""
    from igokit.api import middle_power_index

    org_id = resolve(kb.conn, org, ("organization", "body"))
    result = await run_limited(limits, middle_power_index, kb, org_id, year, draws=draws,
                               include_partial=include_partial)
    out: dict[str, Any] = result.to_dict()
    return out


# ---------------------------------------------------------------------------------------------
# Writes

_SAFE_NAME = re.compile(r"[^\w.\-]+")


def safe_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip()
    base = _SAFE_NAME.sub("_", base).strip("._") or "upload.txt"
    return base[:120]


@router.post("/ingest", response_model=IngestOut, dependencies=[Depends(check_token)],
             responses={**HEAVY, 401: {"model": Problem}, 403: {"model": Problem},
                        415: {"model": Problem}},
             summary="Upload and ingest one document (needs the operator's token)")
async def ingest(request: Request, response: Response, kb: KB, limits: Lim,
                 filename: Annotated[str | None, Query(description="Name of a raw-body upload "
                                                       "(its suffix gives the format)")] = None,
                 date: Annotated[str | None, Query(description="The document's date")] = None
                 ) -> dict[str, Any]:
    """Send the file as ``multipart/form-data`` (field ``file``, optional field ``date``) or as
    the raw request body with ``?filename=report.pdf``. Needs ``Authorization: Bearer TOKEN``.
    The size limit is enforced while the body streams in (413)."""
    from igokit.api import SUPPORTED_SUFFIXES, normalize_date

    tmpdir = Path(tempfile.mkdtemp(prefix="igokit-upload-"))
    handed_over = False
    try:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            form = await request.form(max_files=1, max_fields=5)
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise HTTPException(422, "multipart upload without a 'file' field")
            name = safe_filename(upload.filename or filename or "upload.txt")
            field_date = form.get("date")
            date = date or (field_date if isinstance(field_date, str) else None)
            target = tmpdir / name
            with target.open("wb") as fh:
                while chunk := await upload.read(1 << 20):
                    fh.write(chunk)
        else:
            if not filename:
                raise HTTPException(422, "a raw-body upload needs ?filename=NAME.EXT")
            name = safe_filename(filename)
            target = tmpdir / name
            with target.open("wb") as fh:
                async for chunk in request.stream():
                    fh.write(chunk)
        if target.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise HTTPException(415, f"unsupported file type {target.suffix or '(none)'}; "
                                     f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}")
        day = normalize_date(date)
        handed_over = True
        try:
            status, doc_id = await run_limited(limits, _ingest_file, kb, request.app.state,
                                               target, name, day, tmpdir)
        except HTTPException as exc:
            if exc.status_code != 503:
                raise
            response.status_code = 202
            return {"status": "processing", "filename": name,
                    "message": "still processing; it will appear in /api/documents"}
        return {"status": status, "doc_id": doc_id, "filename": name}
    finally:
        if not handed_over:
            shutil.rmtree(tmpdir, ignore_errors=True)


def _ingest_file(kb: KnowledgeBase, state: Any, path: Path, name: str, date: str | None,
                 tmpdir: Path) -> tuple[str, int]:
    from igokit.api import extract_file, sha256_file

    try:
        existing = has_document(kb.conn, sha256_file(path))
        if existing is not None:
            return "skipped", existing
        limits: Limits = state.limits
        # read in a child process under a time and memory budget: a bomb or a pathological
        # file is stopped there (BudgetExceededError, 422 naming the file), not in the server
        extraction = extract_file(kb, path, date=date, max_bytes=limits.max_upload_bytes,
                                  timeout=limits.upload_read_timeout_s,
                                  max_memory=limits.upload_max_memory).to_dict()
        extraction["document"]["path"] = f"upload:{name}"
        with state.write_lock:
            existing = has_document(kb.conn, extraction["document"]["sha256"])
            if existing is not None:
                return "skipped", existing
            return "added", store_extraction(kb.conn, extraction)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
