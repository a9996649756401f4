"""``igokit serve``: the web app (JSON API and HTML pages) on uvicorn."""

from __future__ import annotations

import json
import os

import click


def default_workers() -> int:
    """One worker process per core, at most 8 (each holds its own caches and connection)."""
    return max(1, min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="TCP port to listen on.")
@click.option("--token", envvar="IGOKIT_TOKEN", default=None, metavar="SECRET",
              help="Enables uploads (POST /api/ingest) for clients sending 'Authorization: "
                   "Bearer SECRET' (env IGOKIT_TOKEN). Without it the app is read-only.")
@click.option("--max-upload-mb", default=20.0, show_default=True, type=click.FloatRange(0.001),
              help="Largest upload accepted (413 beyond it).")
@click.option("--timeout", "request_timeout_s", default=30.0, show_default=True,
              type=click.FloatRange(0.1), help="Seconds allowed to extract/check/code (503).")
@click.option("--max-text-chars", default=200_000, show_default=True,
              type=click.IntRange(1), help="Longest text extract/check/code accept (413).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes answering requests [default: one per core, at most 8].")
@click.option("--cache-mb", default=64.0, show_default=True, type=click.FloatRange(0),
              help="Memory per worker for cached answers (0: no cache).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another name clients may use in the Host header (repeatable; env "
                   "IGOKIT_ALLOWED_HOSTS, comma-separated). Always allowed: 127.0.0.1, "
                   "localhost, [::1] and --host; any other Host gets 400 (DNS rebinding).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="Server log level (access lines at info).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, max_upload_mb: float,
          request_timeout_s: float, max_text_chars: int, workers: int | None, cache_mb: float,
          allowed_hosts: tuple[str, ...], log_level: str) -> None:
    """Serve the web app: HTML pages and the JSON API (/docs) on http://HOST:PORT/."""
    import uvicorn

    from igokit.web.app import SETTINGS_ENV, create_app
    from igokit.web.server import raise_open_files_limit, uvicorn_options

    db = (ctx.obj or {}).get("db")
    settings = {"db": str(db) if db else None, "max_upload_mb": max_upload_mb,
                "request_timeout_s": request_timeout_s, "max_text_chars": max_text_chars,
                "cache_mb": cache_mb, "host": host, "allowed_host": list(allowed_hosts)}
    n = workers or default_workers()
    # Built (or refreshed) here, once, before any worker opens it.
    app = create_app(token=token, serving=n == 1, **settings)  # type: ignore[arg-type]
    mode = "uploads enabled (token set)" if token else "read-only (no token)"
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
        if host in ("0.0.0.0", "::") and not allowed_hosts:
            click.echo("warning: only Host headers naming 127.0.0.1, localhost or [::1] are "
                       "answered: add the names clients use with --allowed-host", err=True)
    click.echo(f"IGOkit on http://{host}:{port}/ — {mode}; {n} worker"
               f"{'s' if n > 1 else ''}; Ctrl-C stops it", err=True)
    common: dict[str, object] = {"host": host, "port": port, "log_level": log_level,
                                 "server_header": False, "timeout_graceful_shutdown": 5,
                                 **uvicorn_options()}
    raise_open_files_limit()
    if n == 1:
        uvicorn.run(app, **common)  # type: ignore[arg-type]
        return
    app.state.kb.close()
    app.state.watch.close()
    app.state.limits.executor.shutdown(wait=False)
    app.state.search_pool.shutdown(wait=False)
    # Several processes: each builds its own app from the same settings (uvicorn imports it).
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    if token:
        os.environ["IGOKIT_TOKEN"] = token
    else:
        os.environ.pop("IGOKIT_TOKEN", None)
    uvicorn.run("igokit.web.app:app_from_env", factory=True, workers=n,
                **common)  # type: ignore[arg-type]
