"""``igokit gdelt``: GDELT event files (1.0 and 2.0) read, the SCO's events kept, typed by
CAMEO code and (``--check``) checked against the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from igokit.cli_common import _kb, emit, err, handle_errors, output_options


@click.command("gdelt")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True,
              help="Check the typed events against the knowledge base (confirmed, new, "
                   "conflict) and count the verdicts.")
@click.option("--all", "every", is_flag=True, help="List every row read, not only the SCO's.")
@click.option("--header", type=click.Path(dir_okay=False, path_type=Path),
              help="A header file naming the columns (one line of names, or a GDELT schema "
                   "table name,type,description); default: the file's own header line, else "
                   "the columns of GDELT 1.0 (57/58) or 2.0 (61) by the width of each row.")
@output_options
@click.pass_context
@handle_errors
def gdelt(ctx: click.Context, files: tuple[Path, ...], check: bool, every: bool,
          header: Path | None, as_json: bool, as_csv: bool) -> None:
    """Read GDELT event FILES (tab-separated, optionally .zip); keep the events that involve
    the SCO (an SCO actor, or two SCO member states on the day); type them by CAMEO code;
    with --check, say how many the knowledge base confirms. Bad rows are listed (file:line)
    and skipped."""
    from igokit.api import Rows, import_gdelt

    result = import_gdelt(_kb(ctx), files, check=check, header=header)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1, default=str))
    else:
        rows = Rows(result.table(every=every))
        cols = [("event_id", "GDELT id"), ("date", "Date"), ("actor1", "Actor 1"),
                ("actor2", "Actor 2"), ("cameo", "CAMEO"), ("action_iso3", "Where"),
                ("type", "Type")]
        if check:
            cols += [("verdict", "Verdict"), ("reason", "Why"), ("expected", "Record has")]
        emit(rows, cols, f"GDELT events involving the SCO ({len(rows)})" if not every else
             f"GDELT events ({len(rows)})", False, as_csv)
    for f in result.files:
        err.print(escape(f.summary()), highlight=False)
    for p in result.problems[:30]:
        err.print(f"[yellow]skipped:[/yellow] {escape(p)}", highlight=False)
    if len(result.problems) > 30:
        err.print(f"[yellow]... and {len(result.problems) - 30} more skipped[/yellow]")
    c = result.counts()
    line = (f"{c['rows']} rows read, {c['skipped']} skipped; {c['sco_rows']} involve the SCO; "
            f"{c['typed_events']} typed as events")
    if check:
        v = c["verdicts"]
        line += (f"; the record confirms {v['confirmed']}, conflicts with {v['conflict']}, "
                 f"lacks {v['new']} (new)")
    err.print(line, highlight=False)
