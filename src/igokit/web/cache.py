"""Answers cached per knowledge-base version, with ETags for conditional requests.

A GET answer depends only on its URL, the knowledge base and the day (``on`` defaults to today),
so :class:`ResponseCache` keeps the whole response (status 200, headers, body) of each URL, keyed by
``(path, query, today)`` and tagged with the knowledge base's version
(:class:`igokit.api.ChangeWatch`: it changes on every commit — a rebuild, an ingested document, an
import — by this process or any other). A hit is sent without running the app at all; an entry of
an older version is never served. Each worker process has its own cache, bounded in bytes (least
recently used entries go first).

Every cached kind of answer carries an ``ETag`` (a hash of the body, so every worker gives the
same one for the same answer) and ``Cache-Control: no-cache`` (a client may keep it but asks
again); a request whose ``If-None-Match`` names the current tag gets ``304 Not Modified`` with no
body.

Not cached: other methods than GET, answers other than 200, answers marked
``Cache-Control: no-store`` by their endpoint (``/api/health``, a document page whose analyses
hit the time limit), and bodies over the per-answer limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: What the cache adds to an answer it can keep.
CACHE_CONTROL = b"no-cache"


@dataclass(slots=True)
class Entry:
    version: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(header: bytes | None, etag: bytes) -> bool:
    """``If-None-Match`` (weak comparison, as RFC 9110 asks for it) against ``etag``."""
    if not header:
        return False
    for tag in header.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == etag:
            return True
    return False


class ResponseCache:
    """ASGI middleware: see the module docstring. ``version()`` returns the knowledge base's
    current version, or ``None`` when it cannot be known (then nothing is served from the
    cache or stored)."""

    def __init__(self, app: ASGIApp, version: Callable[[], int | None],
                 max_bytes: int = 64 * 1024 * 1024, max_entry_bytes: int = 4 * 1024 * 1024
                 ) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self.entries: OrderedDict[tuple[str, bytes, str], Entry] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), dt.date.today().isoformat())
        inm = _header(scope, b"if-none-match")
        entry = self.entries.get(key)
        if entry is not None:
            if entry.version == version:
                self.hits += 1
                self.entries.move_to_end(key)
                await _send_entry(send, entry, not_modified=_matches(inm, entry.etag))
                return
            self._drop(key)
        self.misses += 1
        await self._fill(key, version, inm, scope, receive, send)

    async def _fill(self, key: tuple[str, bytes, str], version: int, inm: bytes | None,
                    scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app, holding its answer back until it is complete (our endpoints answer in
        one piece); a long streamed answer is passed on as it comes, uncached."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200 or _no_store(message):
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_entry_bytes:
                passing = True
                await send(start)
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                chunks.clear()
                await send(message)
                return
            chunks.append(body)
            if message.get("more_body", False):
                return
            whole = b"".join(chunks)
            entry = self._store(key, version, start, whole)
            await _send_entry(send, entry, not_modified=_matches(inm, entry.etag))

        await self.app(scope, receive, capture)

    def _store(self, key: tuple[str, bytes, str], version: int, start: Message,
               body: bytes) -> Entry:
        etag = etag_of(body)
        headers = [(k, v) for k, v in start.get("headers", [])
                   if k.lower() not in (b"etag", b"cache-control")]
        control = [v for k, v in start.get("headers", []) if k.lower() == b"cache-control"]
        headers += [(b"etag", etag), (b"cache-control", control[0] if control else CACHE_CONTROL)]
        entry = Entry(version, headers, body, etag)
        cost = len(body) + 64 * len(headers) + 256
        if cost <= self.max_entry_bytes:
            self._drop(key)
            self.entries[key] = entry
            self.size += cost
            while self.size > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))
        return entry

    def _drop(self, key: tuple[str, bytes, str]) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry.body) + 64 * len(entry.headers) + 256

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


async def _send_entry(send: Send, entry: Entry, *, not_modified: bool) -> None:
    if not_modified:
        headers = [(k, v) for k, v in entry.headers
                   if k not in (b"content-length", b"content-type")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": entry.headers})
    await send({"type": "http.response.body", "body": entry.body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def _no_store(start: Message) -> bool:
    return any(k.lower() == b"cache-control" and b"no-store" in v.lower()
               for k, v in start.get("headers", []))
