"""Commands on the knowledge base's layers: coverage, imported layers, reconcile, propose."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.markup import escape

from igokit.cli import _kb, emit, err, handle_errors, out, output_options


@click.command("coverage")
@click.argument("org", required=False)
@output_options
@click.pass_context
@handle_errors
def coverage(ctx: click.Context, org: str | None, as_json: bool, as_csv: bool) -> None:
    """What each layer holds for ORG (or every organization): complete for which period and
    statuses, or whom it covers. A listing outside every complete layer says it is partial."""
    rows = _kb(ctx).coverage(org)
    emit(rows, [("org", "Org"), ("layer", "Layer"), ("complete", "Complete"), ("start", "From"),
                ("end", "Until"), ("statuses", "Statuses"), ("scope", "Only"),
                ("note", "Note")], f"coverage{' of ' + org if org else ''} ({len(rows)})",
         as_json, as_csv)


@click.command("layers")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def layers(ctx: click.Context, as_json: bool) -> None:
    """The imported layers: name, source, when, files and number of statements."""
    rows = _kb(ctx).layers()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        err.print("[yellow]no imported layer (igokit import cow-igo FILE, igokit import "
                  "wikidata FILE)[/yellow]")
    for r in rows:
        out.print(f"{escape(str(r['name']))}: {r['statements']} statements from "
                  f"{escape(', '.join(map(str, r['files'])))} (source {r['source']}, imported "
                  f"{r['imported_at']})", highlight=False)


@click.command("reconcile")
@click.argument("org")
@output_options
@click.pass_context
@handle_errors
def reconcile(ctx: click.Context, org: str, as_json: bool, as_csv: bool) -> None:
    """Every disagreement between the curated facts and the imported layers about ORG, year by
    year (the curated facts win in every query; this is the list to review)."""
    rows = _kb(ctx).reconcile(org)
    emit(rows, [("iso3", "State"), ("years", "Years"), ("curated", "Curated"),
                ("layer", "Layer"), ("layer_status", "Layer says"), ("note", "Note")],
         f"{org}: curated facts against imported layers ({len(rows)} disagreements)",
         as_json, as_csv)


COMMANDS: list[Any] = [coverage, layers, reconcile]
