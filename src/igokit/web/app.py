"""The IGOkit web app: a JSON API under ``/api`` and HTML pages, read-only by default.

>>> from igokit.web.app import create_app            # doctest: +SKIP
>>> app = create_app("kb.sqlite", token="s3cret")    # doctest: +SKIP

Run it with ``igokit serve`` (uvicorn on 127.0.0.1:8000, one worker process per core). See
docs/web.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from igokit import __version__
from igokit.api import ChangeWatch, KnowledgeBase, tune_for_reads, warm_word_forms
from igokit.errors import (
    DataError,
    DateFormatError,
    IGOkitError,
    InputError,
    ReadError,
    UnknownEntityError,
)
from igokit.web import api, pages
from igokit.web.cache import ResponseCache
from igokit.web.security import (
    SECURITY_HEADERS,
    AllowedHostsMiddleware,
    BodyLimitMiddleware,
    DeadlineMiddleware,
    Limits,
    SecurityHeadersMiddleware,
    allowed_hosts,
)

HTTP_CODES = {400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found",
              405: "method-not-allowed", 413: "too-large", 415: "unsupported-media-type",
              422: "invalid-request", 503: "timeout"}

DESCRIPTION = """A sourced, time-aware knowledge base of the SCO and Kazakhstan, and text analyses.

Every answer carries the ids of its sources (see `/api/sources`). Dates are `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`; a partial date means the whole period. Errors are JSON objects with a stable
`error` code and a `message`; an unknown name (404) comes with `suggestions`.
Read-only, except `POST /api/ingest`, which needs the operator's token.
"""


def _error_handler(status: int) -> Any:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, IGOkitError)
        return _problem(request, status, exc.code, str(exc),
                        getattr(exc, "suggestions", None) or [])

    return handle


#: The environment variable through which ``igokit serve --workers N`` hands its settings to
#: each worker process (the token travels in ``IGOKIT_TOKEN``, never in this one).
SETTINGS_ENV = "IGOKIT_WEB_SETTINGS"


def create_app(db: str | None = None, token: str | None = None, max_upload_mb: float = 20,
               request_timeout_s: float = 30, max_text_chars: int = 200_000,
               cache_mb: float = 64, host: str | None = None,
               allowed_host: Iterable[str] = (), page_chars: int = 100_000,
               serving: bool = False) -> FastAPI:
    """The app over the knowledge base in ``db`` (default: ``$IGOKIT_DB`` or the user folder).

    ``token``: the operator's secret for writes (none: writes are disabled). ``max_upload_mb``:
    upload limit. ``request_timeout_s``: deadline of the heavy endpoints (extract, check, code,
    index, document view); every other request gets a little more (503 after it).
    ``max_text_chars``: longest text those endpoints accept.
    ``cache_mb``: memory for cached answers (:mod:`igokit.web.cache`; 0 turns the cache off).
    ``host`` (the address served) and ``allowed_host``: the ``Host`` names answered besides the
    loopback ones and ``$IGOKIT_ALLOWED_HOSTS`` (others: 400; see
    :func:`igokit.web.security.allowed_hosts`). ``page_chars``: characters of a document's text
    per page. ``serving``: the app runs in a server process of its own (``igokit serve``): once
    its word analysers are loaded, the heap is settled (:func:`igokit.engine.heap.settle_heap`).
    """
    app = FastAPI(title="IGOkit", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
                  lifespan=_lifespan)
    app.state.kb = KnowledgeBase(db)
    tune_for_reads(app.state.kb.conn)  # also builds or refreshes it now, not on first request
    app.state.watch = ChangeWatch(app.state.kb.path)
    app.state.token = token or None
    app.state.limits = Limits(max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                              max_text_chars=max_text_chars,
                              request_timeout_s=request_timeout_s, page_chars=page_chars)
    app.state.allowed_hosts = allowed_hosts(host, allowed_host)
    app.state.write_lock = threading.Lock()
    app.state.doc_cache = {}
    app.state.page_cache = OrderedDict()  # igokit.web.api.document_page
    app.state.page_cache_bytes = 0
    # Searches run one at a time per worker process, first come first served (a queue, not
    # dozens of threads sharing the interpreter). Three threads with a connection each measured
    # no better under 50 clients (p99 164 vs 172 ms): the time is SQLite's ranking itself.
    app.state.search_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="igokit-search")
    # the word analysers load in the search thread now, not in the first searches
    app.state.warm = app.state.search_pool.submit(_warm, serving)
    app.include_router(api.router)
    app.include_router(pages.router)
    from igokit.web.diff import router as diff_router  # /diff, /api/diff, /api/reuse
    app.include_router(diff_router)
    from igokit.web.events import router as events_router  # /events, /api/events
    app.include_router(events_router)
    _handlers(app)
    # (the last added is the outermost)
    app.add_middleware(BodyLimitMiddleware, limits=app.state.limits)
    # a hit is sent without running the app (nor the body limit: a GET has no body)
    app.add_middleware(ResponseCache, version=app.state.watch.version,
                       max_bytes=int(cache_mb * 1024 * 1024))
    app.add_middleware(DeadlineMiddleware, limits=app.state.limits,
                       timeout_response=_deadline_response)
    # before the cache: a cached answer goes to allowed hosts only
    app.add_middleware(AllowedHostsMiddleware, hosts=app.state.allowed_hosts)
    # outermost: the headers are on every answer, a 400 for a bad host and a 503 too
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _warm(serving: bool) -> None:
    warm_word_forms()
    if serving:
        from igokit.api import settle_heap

        settle_heap()


async def _deadline_response(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    limits: Limits = request.app.state.limits
    response = _problem(request, 503, "timeout",
                        f"the request took longer than {limits.deadline_s:g} s; try again later",
                        headers={"Retry-After": "30", "Cache-Control": "no-store"})
    await response(scope, receive, send)


def app_from_env() -> FastAPI:
    """The app of one ``igokit serve --workers N`` worker process (``uvicorn --factory``): the
    settings come from ``$IGOKIT_WEB_SETTINGS`` (JSON keyword arguments of :func:`create_app`),
    the token from ``$IGOKIT_TOKEN``."""
    settings = json.loads(os.environ.get(SETTINGS_ENV) or "{}")
    settings.pop("token", None)
    return create_app(**settings, token=os.environ.get("IGOKIT_TOKEN") or None, serving=True)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.limits.shutdown()
    app.state.search_pool.shutdown(wait=False, cancel_futures=True)
    app.state.watch.close()


def _problem(request: Request, status: int, code: str, message: str,
             suggestions: list[str] | None = None, extra: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    if request.url.path.startswith("/api"):
        body: dict[str, Any] = {"error": code, "message": message,
                                "suggestions": suggestions or []}
        body.update(extra or {})
        return JSONResponse(jsonable_encoder(body), status_code=status, headers=headers)
    html = pages.render_error(request, status, message, suggestions or [])
    return HTMLResponse(html, status_code=status, headers=headers)


def _handlers(app: FastAPI) -> None:
    # Each error class carries the status a client sees for it (igokit.errors); the most
    # specific handler wins.
    for exc_type in (UnknownEntityError, DateFormatError, ReadError, InputError, DataError,
                     IGOkitError):
        app.add_exception_handler(exc_type, _error_handler(exc_type.http_status))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # not raised on purpose: a bug, reported as internal (never as bad input). Starlette
        # sends this answer from outside every middleware, so it carries the headers itself.
        return _problem(request, 500, "internal-error",
                        f"internal error ({type(exc).__name__}); this is a bug in IGOkit",
                        headers=dict(SECURITY_HEADERS))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'request'}: "
            f"{e.get('msg', 'invalid')}" for e in errors) or "invalid request"
        return _problem(request, 422, "invalid-request", message,
                        extra={"detail": jsonable_encoder(errors, custom_encoder={
                            Exception: str})})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _problem(request, exc.status_code, HTTP_CODES.get(exc.status_code, "error"),
                        str(exc.detail), headers=getattr(exc, "headers", None))
