"""``igokit serve``: the web app (JSON API and HTML pages) on uvicorn."""

from __future__ import annotations

import click


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
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, max_upload_mb: float,
          request_timeout_s: float, max_text_chars: int) -> None:
    """Serve the web app: HTML pages and the JSON API (/docs) on http://HOST:PORT/."""
    import uvicorn

    from igokit.web.app import create_app

    db = (ctx.obj or {}).get("db")
    app = create_app(str(db) if db else None, token=token, max_upload_mb=max_upload_mb,
                     request_timeout_s=request_timeout_s, max_text_chars=max_text_chars)
    mode = "uploads enabled (token set)" if token else "read-only (no token)"
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    click.echo(f"IGOkit on http://{host}:{port}/ — {mode}; Ctrl-C stops it", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False,
                timeout_graceful_shutdown=5)


COMMANDS = [serve]
