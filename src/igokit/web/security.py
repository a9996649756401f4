"""The web app's guards: request-body limits, the write token, time limits, security headers.

- Every request body is limited while it streams in (``Content-Length`` is checked before a byte
  is read; a body without one, or that lies about it, is cut off at the limit): 413.
- Writes (``POST /api/ingest``) need ``Authorization: Bearer <token>``; with no token configured
  by the operator, writes are disabled (403).
- Heavy work runs in a small thread pool with a deadline (503 when it is exceeded), so one long
  text cannot tie up the server.
- Every response carries a Content-Security-Policy that allows no script at all, so even a
  mistake in escaping could not make a document's ``<script>`` run.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    executor: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=self.workers,
                                           thread_name_prefix="igokit-web")

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
                      timeout: float | None = None, **kwargs: Any) -> R:
    """Run ``func`` in the web worker pool; 503 if it has not finished within the deadline.

    A job past its deadline finishes in the background (threads cannot be killed), but the pool
    is small, so at most ``workers`` such jobs run at once and later requests wait their turn
    (and time out) instead of piling up.
    """
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(limits.executor, lambda: func(*args, **kwargs))
    deadline = limits.request_timeout_s if timeout is None else timeout
    try:
        return await asyncio.wait_for(future, deadline)
    except TimeoutError as exc:
        raise HTTPException(503, f"the request took longer than {deadline:g} s; try a "
                                 "shorter text", headers={"Retry-After": "30"}) from exc
