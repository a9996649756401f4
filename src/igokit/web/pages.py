"""The HTML pages: overview, organization, country, person, initiative, documents, search,
paste-a-text check, sources and the API reference. No script anywhere; every text escaped."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from igokit.api import (
    MEMBERSHIP_STATUSES,
    ORG_KINDS,
    STATUS_PLURALS,
    FuzzyDate,
    KnowledgeBase,
    StatementView,
    document_count,
    document_meta,
    list_documents,
    organization_ids,
    passage_languages,
    passage_starts,
    resolve,
    safe_link,
)
from igokit.api import (
    search as search_passages,
)
from igokit.web.paging import check_doc_id
from igokit.web.render import (
    TEMPLATES,
    VERDICTS,
    Linker,
    Span,
    claim_spans,
    entity_url,
    environment,
    highlight_snippet,
    mark_text,
)
from igokit.web.security import get_kb, get_limits, run_limited

router = APIRouter(include_in_schema=False)
ENV = environment()
STATUS_LABELS = STATUS_PLURALS  # data/vocabulary/statuses.yaml


_kb = get_kb
_limits = get_limits


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    kb = _kb(request)
    html = ENV.get_template(template).render(L=Linker(kb.conn), path=request.url.path,
                                             writes=bool(request.app.state.token),
                                             stale_data=kb.stale_problems, **context)
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, message: str, suggestions: list[str]) -> str:
    """An error page; suggestions written "Name (ID)" link to the entity."""
    links = []
    for s in suggestions:
        found = _SUGGESTION.search(s)
        links.append((s, entity_url(found.group(1), None) if found else None))
    return ENV.get_template("error.html").render(status=status, message=message,
                                                 suggestions=links, path=request.url.path,
                                                 writes=False)


_SUGGESTION = re.compile(r"\(([^()\s]+)\)$")


@router.get("/static/style.css")
def stylesheet() -> Response:
    css = (TEMPLATES / "style.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css; charset=utf-8",
                    headers={"cache-control": "public, max-age=3600"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    kb = _kb(request)
    org = kb.entity("SCO")
    current = kb.members("SCO", None, "all")
    by_status = {s: [m for m in current if m.status == s] for s in MEMBERSHIP_STATUSES}
    today = dt.date.today().isoformat()
    summits = [s for s in kb.summits("SCO") if (s.date or "") <= today]
    n_docs = document_count(kb.conn)
    return render(request, "home.html", org=org, by_status=by_status, labels=STATUS_LABELS,
                  read_as=current.read_as, chair=kb.chair("SCO"), sg=kb.officials("SCO"),
                  summits=list(reversed(summits))[:6], n_docs=n_docs)


@router.get("/org/{org_id}", response_class=HTMLResponse)
def organization(request: Request, org_id: str,
                 on: Annotated[str | None, Query(max_length=10)] = None) -> HTMLResponse:
    kb = _kb(request)
    oid = resolve(kb.conn, org_id, ORG_KINDS)
    if oid != org_id:
        return RedirectResponse(f"/org/{oid}", status_code=307)  # type: ignore[return-value]
    info = kb.entity(oid)
    current = kb.members(oid, on, "all")
    by_status = {s: [m for m in current if m.status == s] for s in MEMBERSHIP_STATUSES}
    bodies = sorted(kb.bodies_of(oid))
    events = kb.timeline(oid) if info.kind == "organization" else []
    return render(request, "organization.html", info=info, by_status=by_status,
                  labels=STATUS_LABELS, read_as=current.read_as, on=on or "",
                  coverage=current.coverage,
                  chairs=kb.chair(oid, history=True),
                  officials=kb.officials(oid, "all", history=True),
                  summits=list(reversed(kb.summits(oid))), bodies=bodies, events=events,
                  facts=_other(info.statements, {"membership", "chair", "office"}))


@router.get("/country/{iso3}", response_class=HTMLResponse)
def country(request: Request, iso3: str) -> HTMLResponse:
    kb = _kb(request)
    cid = resolve(kb.conn, iso3, ("country",))
    if cid != iso3:
        return RedirectResponse(f"/country/{cid}", status_code=307)  # type: ignore[return-value]
    info = kb.entity(cid)
    st = info.statements
    mine = [s for s in st if s.subject == cid]
    nationals = []
    for org in organization_ids(kb.conn):
        nationals += [o for o in kb.officials(org, "all", history=True) if o.country == cid]
    nationals.sort(key=lambda o: o.start or "")
    events: list[Any]
    try:
        events = list(kb.timeline("SCO", cid))
    except Exception:  # a country outside the SCO's story has no timeline
        events = []
    used = {"membership", "chair", "priority", "hosted", "presided"}
    return render(request, "country.html", info=info,
                  statuses=[s for s in mine if s.predicate == "membership"],
                  chairs=[s for s in mine if s.predicate == "chair"],
                  priorities=[s for s in mine if s.predicate == "priority"],
                  hosted=[s for s in mine if s.predicate == "hosted"],
                  proposed=[s for s in st if s.predicate == "proposed_by" and s.object == cid],
                  nationals=nationals, events=events,
                  facts=[s for s in st if s.predicate not in used
                         and not (s.predicate == "proposed_by" and s.object == cid)])


@router.get("/person/{slug}", response_class=HTMLResponse)
def person(request: Request, slug: str) -> HTMLResponse:
    kb = _kb(request)
    pid = resolve(kb.conn, f"person:{slug}", ("person",))
    info = kb.entity(pid)
    posts = [s for s in info.statements if s.predicate == "office" and s.subject == pid]
    proposed = [s for s in info.statements if s.predicate == "proposed_by" and s.object == pid]
    return render(request, "person.html", info=info, posts=posts, proposed=proposed,
                  facts=[s for s in info.statements if s not in posts and s not in proposed])


@router.get("/initiative/{slug}", response_class=HTMLResponse)
def initiative(request: Request, slug: str) -> HTMLResponse:
    kb = _kb(request)
    iid = resolve(kb.conn, f"initiative:{slug}", ("initiative",))
    info = kb.entity(iid)
    history = [s for s in info.statements if s.subject == iid
               and s.predicate in ("status", "proposed_by")]
    history.sort(key=lambda s: (s.start or "", s.predicate != "proposed_by"))
    return render(request, "initiative.html", info=info, history=history,
                  facts=[s for s in info.statements if s not in history])


@router.get("/entity/{eid}", response_class=HTMLResponse)
def entity(request: Request, eid: str) -> Response:
    kb = _kb(request)
    found = resolve(kb.conn, eid)
    info = kb.entity(found)
    url = entity_url(info.id, info.kind)
    if not url.startswith("/entity/"):
        return RedirectResponse(url, status_code=307)
    if found != eid:
        return RedirectResponse(url, status_code=307)
    return render(request, "entity.html", info=info, facts=info.statements)


def _other(statements: list[StatementView], skip: set[str]) -> list[StatementView]:
    return [s for s in statements if s.predicate not in skip]


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request) -> HTMLResponse:
    return render(request, "documents.html", documents=list_documents(_kb(request).conn))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
async def document(request: Request, doc_id: int, check: bool = True,
                   page: Annotated[int, Query(ge=1, le=1_000_000)] = 1) -> HTMLResponse:
    """A document's text marked up, a page at a time (:mod:`igokit.web.paging`). Loading,
    marking up and rendering run in the page pool (``Limits.page_executor``), off the event
    loop and a few at a time; coding and claim checking in the analysis pool."""
    from igokit.web.api import document_page

    check_doc_id(doc_id)
    kb, limits = _kb(request), _limits(request)
    state = request.app.state
    meta = document_meta(kb.conn, doc_id)
    if meta is None:
        raise HTTPException(404, f"no document {doc_id}")
    data = await run_limited(limits, document_page, state, kb, doc_id, page,
                             executor=limits.page_executor)
    notes: list[str] = []
    units, claims = await _analyses(request, doc_id, data, meta["date"], check, notes)
    return await run_limited(limits, _document_html, request, doc_id, meta, data, units, claims,
                             notes, executor=limits.page_executor)


def _document_html(request: Request, doc_id: int, meta: dict[str, Any], data: dict[str, Any],
                   units: list[dict[str, Any]], claims: list[dict[str, Any]],
                   notes: list[str]) -> HTMLResponse:
    kb = _kb(request)
    info = data["page"]
    lo, hi = info["text_start"], info["text_end"]
    text: str = data["text"]
    spans = [Span(m["start"], m["end"], "mention", m) for m in data.get("mentions", [])]
    spans += [Span(t["start"], t["end"], "term", t) for u in units for t in u["terms"]]
    spans += claim_spans(claims)
    anchors = {start - lo: f"p{pid}" for start, pid in passage_starts(kb.conn, doc_id).items()
               if lo <= start < hi}
    mention_counts: dict[str, int] = {}
    for m in data.get("mentions", []):
        mention_counts[m["entity"]] = mention_counts.get(m["entity"], 0) + 1
    coded = [u for u in units if u["areas"]]
    page = render(request, "document.html", doc_id=doc_id, meta=meta, data=data,
                  marked=mark_text(text, spans, Linker(kb.conn), anchors),
                  claims=sorted(claims, key=lambda c: c["number"]), coded=coded,
                  n_units=len(units), mentions=sorted(mention_counts.items(),
                                                      key=lambda kv: -kv[1]),
                  notes=notes, safe_url=safe_url(meta["url"]), verdicts=VERDICTS, page=info)
    if notes:  # an analysis missing (time limit): not an answer to keep (igokit.web.cache)
        page.headers["cache-control"] = "no-store"
    return page


async def _analyses(request: Request, doc_id: int, data: dict[str, Any], date: str | None,
                    check: bool, notes: list[str]
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Coded units and checked claims of a page of a stored document (offsets in the page's
    text), cached per document and page (documents never change: stored by content). Claims
    are checked on the whole document, when it is no longer than the text limit."""
    from igokit.web.api import _code  # the app's coder, shared with /api/code

    kb, limits = _kb(request), _limits(request)
    info = data["page"]
    cache: dict[tuple[int, bool, int], tuple[list[dict[str, Any]], list[dict[str, Any]]]] = \
        request.app.state.doc_cache
    key = (doc_id, check, info["number"])
    if key in cache:
        return cache[key]
    units: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    complete = True
    try:
        units = await run_limited(limits, _code, request.app.state, data["text"], "sentence")
    except HTTPException:
        notes.append("Coding took longer than the time limit and is not shown.")
        complete = False
    if check and info["text_chars"] <= limits.max_text_chars:
        try:
            every = await run_limited(limits, _check_claims, kb, doc_id)
        except HTTPException:
            notes.append("Claim checking took longer than the time limit and is not shown.")
            complete = False
        else:
            lo, hi = info["text_start"], info["text_end"]
            claims = [{**c, "start": c["start"] - lo, "end": c["end"] - lo}
                      for c in every if lo <= c["start"] < hi]
    elif check:
        notes.append(f"Claims are not checked on texts over {limits.max_text_chars} "
                     "characters.")
    if complete:
        if len(cache) >= 64:
            cache.pop(next(iter(cache)))
        cache[key] = (units, claims)
    return units, claims


def _check_claims(kb: KnowledgeBase, doc_id: int) -> list[dict[str, Any]]:
    from igokit.api import check_stored

    report = check_stored(kb, doc_id)  # from the stored extraction: not extracted again
    return _claims_with_sources(report)


def _claims_with_sources(report: Any) -> list[dict[str, Any]]:
    out = []
    for c in report.claims:
        d: dict[str, Any] = c.to_dict()
        d["sources"] = sorted({s for e in c.evidence for s in e.sources})
        out.append(d)
    return out


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                 lang: Annotated[str, Query(max_length=10)] = "",
                 entity: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    page: HTMLResponse = await asyncio.get_running_loop().run_in_executor(
        request.app.state.search_pool,  # the app's search queue (igokit.web.app)
        lambda: _search_page(request, q, lang, entity))
    return page


def _search_page(request: Request, q: str, lang: str, entity: str) -> HTMLResponse:
    kb = _kb(request)
    hits: list[dict[str, Any]] = []
    eid = resolve(kb.conn, entity) if entity.strip() else None
    if q.strip():
        for h in search_passages(kb.conn, q, lang=lang or None, entity=eid, limit=50):
            hits.append({"hit": h, "snippet": highlight_snippet(h.snippet)})
    return render(request, "search.html", q=q, lang=lang, entity=entity, hits=hits,
                  langs=_languages(request), searched=bool(q.strip()))


def _languages(request: Request) -> list[str]:
    """The passages' languages (a scan of every passage), kept per knowledge-base version."""
    state = request.app.state
    version = state.watch.version()
    kept = getattr(state, "languages", None)
    if version is None or kept is None or kept[0] != version:
        kept = (version, passage_languages(state.kb.conn))
        state.languages = kept
    langs: list[str] = kept[1]
    return langs


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    return render(request, "check.html", text="", as_of="", report=None)


@router.post("/check", response_class=HTMLResponse)
async def check_post(request: Request) -> HTMLResponse:
    kb, limits = _kb(request), _limits(request)
    form = await request.form(max_files=0, max_fields=5)
    text = str(form.get("text") or "")
    as_of = str(form.get("as_of") or "").strip() or None
    if len(text) > limits.max_text_chars:
        raise HTTPException(413, f"text of {len(text)} characters is longer than the limit of "
                                 f"{limits.max_text_chars}")
    if as_of:
        FuzzyDate.parse(as_of)
    report = None
    marked = None
    claims: list[dict[str, Any]] = []
    if text.strip():
        report = await run_limited(limits, _check_report, kb, text, as_of)
        claims = _claims_with_sources(report)
        marked = mark_text(report.text, claim_spans(claims), Linker(kb.conn))
    return render(request, "check.html", text=text, as_of=as_of or "", report=report,
                  claims=sorted(claims, key=lambda c: c["number"]), marked=marked)


def _check_report(kb: KnowledgeBase, text: str, as_of: str | None) -> Any:
    from igokit.api import check_text

    return check_text(kb, text, as_of=as_of)


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request) -> HTMLResponse:
    rows = _kb(request).sources()
    return render(request, "sources.html", sources=rows, safe_url=safe_url)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, from the OpenAPI document (no Swagger UI: it would need a CDN)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in", ""), p.get("required", False),
                       p.get("description") or "") for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {})
            endpoints.append({"method": method.upper(), "path": path,
                              "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "params": params,
                              "body": ", ".join(body), "codes": sorted(op.get("responses", {}))})
    return render(request, "api_docs.html", endpoints=endpoints,
                  description=schema.get("info", {}).get("description", ""))


def safe_url(url: str | None) -> str | None:
    """Only http(s) addresses are shown as links (the rule the report and the validator share:
    :func:`igokit.api.safe_link`); a ``javascript:`` or ``data:`` address stays text."""
    return safe_link(url)
