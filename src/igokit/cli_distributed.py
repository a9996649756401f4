"""``igokit process``: a large corpus on a Dask cluster into Parquet partitions;
``igokit load-parquet``: those partitions into the knowledge base."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from igokit.cli_common import _kb, err, handle_errors, progress


@click.command("process")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder (on storage every worker can write for a real cluster).")
@click.option("--scheduler", metavar="ADDR",
              help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a LocalCluster "
                   "on this machine).")
@click.option("--workers", type=int, help="LocalCluster worker processes (default: one per "
              "core); ignored with --scheduler.")
@click.option("--partition-size", type=int, default=500, show_default=True,
              help="Files per partition (one task, one Parquet file per table).")
@click.option("--recursive", "-r", is_flag=True, help="Descend into sub-folders.")
@click.option("--date", help="Date for every file read (else metadata or a sidecar).")
@click.option("--max-mb", type=float, default=200, show_default=True,
              help="Skip (and report) files larger than this.")
@click.option("--no-codes", is_flag=True, help="Leave out the codes table (content analysis).")
@click.option("--no-claims", is_flag=True, help="Leave out the claims table (claim checking).")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.pass_context
@handle_errors
def process(ctx: click.Context, paths: tuple[Path, ...], out: Path, scheduler: str | None,
            workers: int | None, partition_size: int, recursive: bool, date: str | None,
            max_mb: float, no_codes: bool, no_claims: bool, as_json: bool) -> None:
    """Process documents on a Dask cluster into Parquet tables under OUT: documents, passages,
    mentions, codes and claims, one file per partition.

    Idempotent and resumable: a partition already written from the same files and settings is
    skipped, so an interrupted run continues with the rest. The knowledge base (--db) is built
    here first and only read by the workers. Load the result with `igokit load-parquet OUT`,
    or read it with pandas or DuckDB.
    """
    from igokit.api import iter_files, process_corpus

    kb = _kb(ctx)
    kb.conn  # noqa: B018  (builds the knowledge base before the workers open it read-only)
    files = list(iter_files(paths, recursive))
    started = time.perf_counter()
    with progress("processing", None, quiet=as_json) as bar:
        docs = [0]

        def step(result: Any, total: int) -> None:
            docs[0] += result.documents
            elapsed = time.perf_counter() - started
            rate = f", {docs[0] / elapsed:.0f} docs/s" if elapsed > 0.5 and docs[0] else ""
            what = "already done" if result.skipped else f"{result.documents} docs"
            bar.update(total=total)
            bar.advance(description=f"{result.name}: {what}{rate}")

        report = process_corpus(files, out, kb_path=kb.path, scheduler=scheduler,
                                workers=workers, partition_size=partition_size, date=date,
                                max_bytes=int(max_mb * 1_000_000), codes=not no_codes,
                                claims=not no_claims, progress=step)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        rows = ", ".join(f"{n:,} {t}" for t, n in report.rows.items())
        err.print(f"{report.out}: {len(report.written)} partitions written, "
                  f"{len(report.skipped)} already done, {len(report.failed_partitions)} failed; "
                  f"{report.documents:,} documents ({report.words:,} words; {rows or 'no rows'}) "
                  f"in {report.seconds:.1f} s on {report.workers or '-'} workers",
                  highlight=False)
        for path, message in report.failed_files:
            err.print(f"[red]failed[/red] {message if path in message else path + ': ' + message}",
                      highlight=False)
        for name, message in report.failed_partitions:
            err.print(f"[red]partition {name} failed[/red] (run again to retry): {message}",
                      highlight=False)
    if report.failed_partitions or (report.failed_files and not report.documents
                                    and not report.skipped):
        sys.exit(1)


@click.command("load-parquet")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.pass_context
@handle_errors
def load_parquet(ctx: click.Context, folder: Path, as_json: bool) -> None:
    """Store the documents of a processed corpus (FOLDER, from `igokit process`) in the
    knowledge base: the same documents, passages, mentions and search index as `igokit ingest`
    of the same files. Documents already there are skipped; an interrupted load resumes."""
    from igokit.api import load_parquet as run_load

    kb = _kb(ctx)
    with progress("loading", None, quiet=as_json) as bar:
        def step(done: int, total: int, added: int) -> None:
            bar.update(completed=done, total=total, description=f"{added:,} documents added")

        report = run_load(kb.conn, folder, progress=step)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        err.print(f"added {report.added:,} documents, already there {report.skipped:,} "
                  f"({report.files} partitions, {report.seconds:.1f} s)", highlight=False)
