"""``igokit report``: the knowledge base as an offline static site. Registered on the main group
by :mod:`igokit.cli`."""

from __future__ import annotations

import time
from pathlib import Path

import click

from igokit.cli_common import _kb, err, handle_errors, progress

STEP_LABELS = {"overview": "overview", "membership": "membership chart",
               "timeline": "timeline", "summits": "summits and chairs",
               "country": "chairmanships and initiatives", "content": "content analysis",
               "indicators": "indicators", "claims": "claim checks", "sources": "sources",
               "writing": "writing the site", "done": "done"}


@click.command("report")
@click.option("--org", default="SCO", show_default=True, help="Organization (any known name).")
@click.option("--country", default="KAZ", show_default=True,
              help="The country whose chairmanships and initiatives get their own section.")
@click.option("--out", "out_dir", default="igokit-report", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write.")
@click.option("--split", help="Date dividing the ingested documents for the two-period "
              "comparison (default: start of the country's latest chairmanship, else the "
              "median document date).")
@click.option("--year", "mp_year", type=int,
              help="Year of the middle-power index (default: last year).")
@click.pass_context
@handle_errors
def report(ctx: click.Context, org: str, country: str, out_dir: Path, split: str | None,
           mp_year: int | None) -> None:
    """Build an offline HTML report (index.html, figures as SVG/PNG/CSV, sources.bib)."""
    from igokit.report.build import build_report

    kb = _kb(ctx)
    started = time.perf_counter()
    with progress("report") as bar:

        def step(name: str, done: int, total: int) -> None:
            bar.update(completed=done, total=total, description=STEP_LABELS.get(name, name))

        index = build_report(kb, org, country, out_dir, split=split, mp_year=mp_year,
                             progress=step)
    n_fig = len(list((index.parent / "figures").glob("*.svg")))
    err.print(f"report written: {n_fig} figures, {time.perf_counter() - started:.1f} s; open "
              "the page below in a browser, no network needed")
    click.echo(str(index))  # the path alone on stdout, for scripts
