"""How ``igokit serve`` runs uvicorn: the connection limits that keep idle or slow clients from
holding the server.

uvicorn closes a keep-alive connection that stays idle ``timeout_keep_alive`` seconds after an
answer, but a connection that never sends a request at all is held for as long as the client
likes (1,500 of them were held 60 s and more). :class:`IdleTimeoutProtocol` arms the same timer
as soon as a connection is made, so an idle connection is closed after ``timeout_keep_alive``
seconds whether or not it asked anything. It is uvicorn's own HTTP protocol (httptools when it
is installed, else h11) with one method extended: uvicorn has no option for this.
"""

from __future__ import annotations

import asyncio
import resource
from typing import Any

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Protocol
except ImportError:  # pragma: no cover - httptools not installed: the pure-Python parser
    from uvicorn.protocols.http.h11_impl import (  # type: ignore[assignment]
        H11Protocol as _Protocol,
    )

#: Seconds an idle connection is kept, before its first request and between requests.
IDLE_TIMEOUT_S = 5.0
#: Connections and requests in progress per worker process beyond which uvicorn answers 503
#: at once (a bound on memory; 1,500 idle connections stay under it and are closed in
#: ``IDLE_TIMEOUT_S``).
LIMIT_CONCURRENCY = 4096
#: Connections the kernel queues while the workers are busy accepting.
BACKLOG = 2048


class IdleTimeoutProtocol(_Protocol):
    """uvicorn's HTTP protocol with the keep-alive timer armed from the connection's start,
    and (httptools) a deadline for a request's head: a client sending its headers a byte at a
    time is cut off ``timeout_keep_alive`` seconds after it began."""

    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # type: ignore[arg-type]
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_timer = self.loop.call_later(self.timeout_keep_alive,
                                                self.timeout_keep_alive_handler)

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None


def uvicorn_options(idle_timeout_s: float = IDLE_TIMEOUT_S) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run`` that bound connections (see the module)."""
    return {"http": IdleTimeoutProtocol, "timeout_keep_alive": idle_timeout_s,
            "limit_concurrency": LIMIT_CONCURRENCY, "backlog": BACKLOG}


def raise_open_files_limit(wanted: int = 65536) -> int:
    """Raise this process's soft limit of open files towards ``wanted`` (at most the hard
    limit): with the common default of 1,024, a thousand idle connections would leave no
    descriptor to accept a real client. Returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return int(soft)
