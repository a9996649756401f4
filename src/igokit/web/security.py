"""The web app's guards: request-body limits, the write token, time limits, security headers.

- Every request body is limited while it streams in (``Content-Length`` is checked before a byte
  is read; a body without one, or that lies about it, is cut off at the limit): 413.
- Writes (``POST /api/ingest``) need ``Authorization: Bearer <token>``; with no token configured
  by the operator, writes are disabled (403).
- Heavy work runs in a small thread pool with a deadline (503 when it is exceeded), so one long
  text cannot tie up the server; document pages have a pool of their own.
- Every request has a deadline (:class:`DeadlineMiddleware`): a handler still busy after it gets
  503 at once; it finishes in the background and blocks no other request.
- Only ``Host`` headers naming this server are answered (:class:`AllowedHostsMiddleware`, 400):
  a page of another site whose name was rebound to 127.0.0.1 cannot read the app.
- Every response carries a Content-Security-Policy that allows no script at all, so even a
  mistake in escaping could not make a document's ``<script>`` run.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from igokit.api import KnowledgeBase

R = TypeVar("R")

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


@dataclass(slots=True)
class Limits:
    """The operator's limits (see :func:`igokit.web.app.create_app`)."""

    max_upload_bytes: int = 20 * 1024 * 1024
    max_text_chars: int = 200_000
    request_timeout_s: float = 30.0
    upload_paths: tuple[str, ...] = ("/api/ingest",)
    workers: int = 2
    #: characters of document text per page (the document page and /api/documents/{id})
    page_chars: int = 100_000
    #: document pages built at once (loading, marking up and rendering a page of a large
    #: document takes a core for a while: they wait their turn instead of sharing it)
    page_workers: int = 2
    #: every request's deadline (None: a little after ``request_timeout_s``, so the heavy
    #: endpoints' own 503, with its message, comes first)
    deadline_s: float | None = None
    #: an upload is read in a child process with these budgets (igokit.api.extract_file):
    #: seconds (None: three quarters of ``request_timeout_s``, leaving time for the extraction)
    #: and bytes of address space (a decompression bomb fails there, not in the server)
    upload_read_timeout_s: float | None = None
    upload_max_memory: int = 2 * 1024**3
    executor: ThreadPoolExecutor = field(init=False)
    page_executor: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=self.workers,
                                           thread_name_prefix="igokit-web")
        self.page_executor = ThreadPoolExecutor(max_workers=self.page_workers,
                                                thread_name_prefix="igokit-page")
        if self.deadline_s is None:
            self.deadline_s = self.request_timeout_s * 1.25 + 0.25
        if self.upload_read_timeout_s is None:
            self.upload_read_timeout_s = max(1.0, self.request_timeout_s * 0.75)

    def shutdown(self) -> None:
        for pool in (self.executor, self.page_executor):
            pool.shutdown(wait=False, cancel_futures=True)

    @property
    def max_body_bytes(self) -> int:
        """Limit for every other request: the text limit in UTF-8 (4 bytes per code point at
        most, plus JSON escaping) and room for the other fields."""
        return self.max_text_chars * 6 + 64 * 1024

    def body_limit(self, path: str) -> int:
        return self.max_upload_bytes if path in self.upload_paths else self.max_body_bytes


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the limit of {limit} bytes")


class BodyLimitMiddleware:
    """Reject a request whose body is larger than its path's limit, while it streams."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.body_limit(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _send_json(send, 413, {"error": "too-large", "message":
                                         f"request body of {declared} bytes is larger than the "
                                         f"limit of {limit} bytes", "suggestions": []})
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in SECURITY_HEADERS.items():
                    if key.encode() not in present:
                        headers.append((key.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _send_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    import json

    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"connection", b"close")]
    headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def check_token(request: Request) -> None:
    """FastAPI dependency for writes: the operator's token as ``Authorization: Bearer``.

    No token configured: 403 (writes disabled). No or malformed header: 401. Wrong token: 403.
    """
    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, "writes are disabled: the operator set no token "
                                 "(igokit serve --token or IGOKIT_TOKEN)")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "wrong token")


def check_text_size(text: str, limits: Limits) -> None:
    if len(text) > limits.max_text_chars:
        raise HTTPException(413, f"text of {len(text)} characters is longer than the limit of "
                                 f"{limits.max_text_chars}")


async def run_limited(limits: Limits, func: Callable[..., R], *args: Any,
                      timeout: float | None = None, executor: ThreadPoolExecutor | None = None,
                      **kwargs: Any) -> R:
    """Run ``func`` in the web worker pool (or ``executor``, e.g. ``limits.page_executor``);
    503 if it has not finished within the deadline.

    A job past its deadline finishes in the background (threads cannot be killed), but the pool
    is small, so at most ``workers`` such jobs run at once and later requests wait their turn
    (and time out) instead of piling up.
    """
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(executor or limits.executor, lambda: func(*args, **kwargs))
    deadline = limits.request_timeout_s if timeout is None else timeout
    try:
        return await asyncio.wait_for(future, deadline)
    except TimeoutError as exc:
        raise HTTPException(503, f"the request took longer than {deadline:g} s; try a "
                                 "shorter text", headers={"Retry-After": "30"}) from exc


# ---------------------------------------------------------------------------------------------
# Allowed hosts (DNS rebinding)

#: The names of this machine's loopback interface, always allowed.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
#: More allowed ``Host`` names, comma-separated (``igokit serve --allowed-host`` sets it too).
ALLOWED_HOSTS_ENV = "IGOKIT_ALLOWED_HOSTS"
_ANY_ADDRESS = {"0.0.0.0", "::", "[::]", ""}


def allowed_hosts(host: str | None = None, extra: Iterable[str] = ()) -> list[str]:
    """The ``Host`` names the app answers: the loopback names, the bound ``host`` (unless it is
    a wildcard address, which names no host), ``extra`` and ``$IGOKIT_ALLOWED_HOSTS``. An IPv6
    address is written in brackets (as in a ``Host`` header); ``*`` allows any host and
    ``*.example.org`` any sub-domain (Starlette's patterns)."""
    names = list(LOOPBACK_HOSTS)
    env = os.environ.get(ALLOWED_HOSTS_ENV, "")
    for name in [host or "", *extra, *env.split(",")]:
        name = name.strip().lower()
        if name in _ANY_ADDRESS:
            continue
        if ":" in name and not name.startswith("["):
            name = f"[{name}]"  # a bare IPv6 address, as --host takes it
        if name not in names:
            names.append(name)
    return names


class AllowedHostsMiddleware(TrustedHostMiddleware):
    """Answer 400 to a request whose ``Host`` header names no allowed host (DNS rebinding):
    Starlette's :class:`TrustedHostMiddleware`, without its ``www.`` redirect. Tests talk to
    the app as ``http://127.0.0.1`` like a browser on this machine would."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        super().__init__(app, allowed_hosts=list(hosts), www_redirect=False)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


# ---------------------------------------------------------------------------------------------
# Request deadline

Responder = Callable[[Scope, Receive, Send], Awaitable[None]]


class DeadlineMiddleware:
    """Give every request ``limits.deadline_s``: a handler that has not started its answer by
    then is left to finish in the background (a thread cannot be stopped) and the client gets
    ``timeout_response`` (503) at once. Nothing waits for it: the server goes on answering.

    Uploads (``limits.upload_paths``) are exempt: their body may take longer than that to
    arrive, and they have their own deadline once it has (202, still processing).
    """

    def __init__(self, app: ASGIApp, limits: Limits, timeout_response: Responder) -> None:
        self.app = app
        self.limits = limits
        self.timeout_response = timeout_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "") in self.limits.upload_paths:
            await self.app(scope, receive, send)
            return
        started = False
        abandoned = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if abandoned:
                return  # the client has had its 503
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.limits.deadline_s)
        if task in done or started:
            await task  # (an answer under way is never cut off)
            return
        abandoned = True
        task.add_done_callback(_consume)
        await self.timeout_response(scope, receive, send)


def _consume(task: asyncio.Future[Any]) -> None:
    """An abandoned request's outcome: nobody waits for it (no 'never retrieved' warning)."""
    with contextlib.suppress(BaseException):
        task.exception()


def get_kb(request: Request) -> KnowledgeBase:
    """The app's knowledge base (a FastAPI dependency and a helper of the page modules)."""
    kb: KnowledgeBase = request.app.state.kb
    return kb


def get_limits(request: Request) -> Limits:
    """The app's limits (a FastAPI dependency and a helper of the page modules)."""
    limits: Limits = request.app.state.limits
    return limits
