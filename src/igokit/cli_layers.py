"""Commands on the knowledge base's layers: coverage, imported layers, reconcile, propose."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from igokit.cli_common import _kb, emit, err, handle_errors, output_options
from igokit.cli_common import out as console


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
                ("checked", "Checked to"), ("note", "Note")],
         f"coverage{' of ' + org if org else ''} ({len(rows)})", as_json, as_csv)


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
        console.print(f"{escape(str(r['name']))}: {r['statements']} statements from "
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


@click.command("propose")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the YAML patch here (default: print it).")
@click.option("--after", metavar="DATE", help="Only documents dated after DATE (default: the "
              "knowledge base's last dated fact).")
@click.option("--org", default="SCO", show_default=True, help="The organization.")
@click.pass_context
@handle_errors
def propose(ctx: click.Context, paths: tuple[Path, ...], out: Path | None = None,
            after: str | None = None, org: str = "SCO") -> None:
    """Candidate statements from documents dated after the knowledge base's last fact (PATHS:
    files or folders, read and not ingested; none: every ingested document), as a YAML patch
    with the passage and a candidate source for each. Nothing is applied."""
    kb = _kb(ctx)
    result = kb.propose(list(paths) or None, org, after or None)
    patch = result.to_yaml()
    skipped = [d for d in result.documents if d.get("skipped")]
    err.print(f"{len(result.documents)} document(s) read, {len(skipped)} skipped, "
              f"{len(result.candidates)} candidate statement(s) (last fact "
              f"{result.last_fact})", highlight=False)
    for d in skipped:
        err.print(f"[dim]skipped {escape(str(d['path']))}: {d['skipped']}[/dim]", highlight=False)
    if out:
        out.write_text(patch, encoding="utf-8")
        err.print(f"wrote {out}")
    else:
        click.echo(patch, nl=False)
