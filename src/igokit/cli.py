"""The ``igokit`` command line: a thin layer over the public API.

Data goes to stdout (rich tables, ``--json`` or ``--csv``), messages to stderr. Exit codes:
0 ok, 1 a data or processing failure, 2 a usage error (bad option, unknown name or date).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from igokit.api import Rows
from igokit.cli_common import (
    LazyGroup,
    StatusChoice,
    _kb,
    cell,
    emit,
    err,
    handle_errors,
    out,
    output_options,
    progress,
    show_stale_data_warnings,
)
from igokit.errors import IGOkitError, InputError

#: Commands defined in the other cli_* modules, imported only when run or listed (click's lazy
#: subcommand pattern): a query command does not pay for defining forty others.
LAZY_COMMANDS = {
    "import": "igokit.cli_indicators:import_group",
    "trade": "igokit.cli_indicators:trade_cmd",
    "egov": "igokit.cli_indicators:egov_cmd",
    "food": "igokit.cli_indicators:food_cmd",
    "observations": "igokit.cli_indicators:observations_cmd",
    "export": "igokit.cli_export:export",
    "serve": "igokit.cli_web:serve",
    "report": "igokit.cli_report:report",
    "coverage": "igokit.cli_layers:coverage",
    "layers": "igokit.cli_layers:layers",
    "reconcile": "igokit.cli_layers:reconcile",
    "propose": "igokit.cli_layers:propose",
    "kwic": "igokit.cli_corpus:kwic",
    "diff": "igokit.cli_diff:diff",
    "reuse": "igokit.cli_diff:reuse",
    "process": "igokit.cli_distributed:process",
    "load-parquet": "igokit.cli_distributed:load_parquet",
    "gdelt": "igokit.cli_gdelt:gdelt",
    "events": "igokit.cli_events:events_cmd",
}


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="IGOKIT_DB",
              help="Knowledge base file (default: the user data folder; env IGOKIT_DB).")
@click.version_option(package_name="igokit")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """IGOkit: sourced, time-aware facts about intergovernmental organizations (SCO first)."""
    ctx.ensure_object(dict)["db"] = db
    show_stale_data_warnings()


@main.command()
@click.argument("org")
@click.option("--on", "on", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD (default: today).")
@click.option("--status", default="member", show_default=True,
              type=StatusChoice(),
              help='Which status to list (all: every status).')
@output_options
@click.pass_context
@handle_errors
def members(ctx: click.Context, org: str, on: str | None, status: str, as_json: bool,
            as_csv: bool) -> None:
    """States with a status in ORG on a date, with the interval and sources of each status."""
    rows = _kb(ctx).members(org, on, status)
    title = f"{org} — {status} ({len(rows)})"
    if rows.coverage is not None and not rows.coverage.get("complete"):
        title += " — PARTIAL, see the note below"
    emit(rows, [("iso3", "ISO3"), ("name", "Name"), ("status", "Status"), ("start", "Start"),
                ("end", "End"), ("layer", "Layer"), ("sources", "Sources")],
         title, as_json, as_csv)


@main.command()
@click.argument("org")
@click.option("--on", "on", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD (default: today).")
@click.option("--history", is_flag=True, help="List every chairmanship.")
@output_options
@click.pass_context
@handle_errors
def chair(ctx: click.Context, org: str, on: str | None, history: bool, as_json: bool,
          as_csv: bool) -> None:
    """Who chaired ORG on a date (or every chairmanship with --history)."""
    rows = _kb(ctx).chair(org, on, history)
    emit(rows, [("iso3", "ISO3"), ("name", "Name"), ("start", "Start"), ("end", "End"),
                ("sources", "Sources")], f"{org} — chair", as_json, as_csv)


@main.command()
@click.argument("org")
@click.option("--council", help="Only one council, e.g. SCO-CHS (heads of state), SCO-CHG.")
@output_options
@click.pass_context
@handle_errors
def summits(ctx: click.Context, org: str, council: str | None, as_json: bool,
            as_csv: bool) -> None:
    """Meetings of ORG: date, last day, city, host, format, chair and documents adopted."""
    rows = _kb(ctx).summits(org, council)
    emit(rows, [("date", "Date"), ("end_date", "Last day"), ("council", "Council"),
                ("city_name", "City"), ("country", "Host"), ("format", "Format"),
                ("chair", "Chair"), ("document_names", "Documents")],
         f"{org} — meetings ({len(rows)})", as_json, as_csv)


@main.command()
@click.argument("org")
@click.option("--role", default="secretary-general", show_default=True,
              help="secretary-general, director, deputy-secretary-general ... or all.")
@click.option("--on", "on", metavar="DATE", help="Holders on a date (default: every holder).")
@output_options
@click.pass_context
@handle_errors
def officials(ctx: click.Context, org: str, role: str, on: str | None, as_json: bool,
              as_csv: bool) -> None:
    """Holders of a post in ORG or its bodies, with nationality and term."""
    rows = _kb(ctx).officials(org, role, on, history=on is None)
    emit(rows, [("name", "Name"), ("country", "Country"), ("role", "Role"), ("body", "Body"),
                ("start", "Start"), ("end", "End"), ("sources", "Sources")],
         f"{org} — {role}", as_json, as_csv)


@main.command()
@click.argument("org")
@click.option("--country", help="Only events involving this state (ISO3 or a name).")
@click.option("--from", "year_from", type=int, help="First year.")
@click.option("--to", "year_to", type=int, help="Last year.")
@output_options
@click.pass_context
@handle_errors
def timeline(ctx: click.Context, org: str, country: str | None, year_from: int | None,
             year_to: int | None, as_json: bool, as_csv: bool) -> None:
    """Dated events of ORG: founding, statuses, chairs, meetings, posts, documents, initiatives."""
    rows = _kb(ctx).timeline(org, country, year_from, year_to)
    title = f"{org} timeline" + (f" — {country}" if country else "") + f" ({len(rows)} events)"
    emit(rows, [("date", "Date"), ("kind", "Kind"), ("text", "Event"), ("sources", "Sources")],
         title, as_json, as_csv)


@main.command()
@click.argument("name", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")
@click.pass_context
@handle_errors
def entity(ctx: click.Context, name: tuple[str, ...], as_json: bool) -> None:
    """Resolve NAME (English, Russian or Kazakh) and show its names and facts with sources."""
    info = _kb(ctx).entity(" ".join(name))
    if as_json:
        click.echo(json.dumps(info.to_dict(), ensure_ascii=False, indent=2, default=str))
        return
    out.print(f"[bold]{info.name.get('en', info.id)}[/bold]  ({info.kind}, id {info.id}"
              + (f", Wikidata {info.qid}" if info.qid else "") + ")", highlight=False)
    for lang in ("ru", "kk"):
        if lang in info.name:
            out.print(f"  {lang}: {info.name[lang]}", highlight=False)
    for lang, names in info.aliases.items():
        out.print(f"  aliases ({lang}): {', '.join(names[:12])}", highlight=False)
    if info.description:
        out.print(f"  {info.description}", highlight=False)
    if info.sources:
        out.print(f"  sources: {', '.join(info.sources)}", highlight=False)
    table = Table(title="Statements", title_justify="left", highlight=False)
    for header in ("Subject", "Predicate", "Object / value", "Start", "End", "Sources"):
        table.add_column(header, overflow="fold")
    for st in info.statements:
        obj = " ".join(x for x in (st.object_name, st.value) if x)
        table.add_row(st.subject_name, st.predicate, obj, st.start or "", st.end or "",
                      ", ".join(st.sources))
    out.print(table)


@main.command()
@click.option("--bibtex", is_flag=True, help="BibTeX entries (keys are source ids).")
@click.option("--csl-json", is_flag=True, help="CSL-JSON items.")
@output_options
@click.pass_context
@handle_errors
def sources(ctx: click.Context, bibtex: bool, csl_json: bool, as_json: bool,
            as_csv: bool) -> None:
    """The bibliography: every source the knowledge base cites."""
    kb = _kb(ctx)
    if bibtex:
        click.echo(kb.bibtex(), nl=False)
        return
    if csl_json:
        click.echo(json.dumps(kb.csl_json(), ensure_ascii=False, indent=2))
        return
    rows = kb.sources()
    emit(rows, [("id", "Id"), ("kind", "Kind"), ("title", "Title"), ("date", "Date"),
                ("cited_by", "Cited by")], f"Sources ({len(rows)})", as_json, as_csv)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", help="The document's date (YYYY, YYYY-MM, YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="The full extraction as JSON.")
@click.pass_context
@handle_errors
def extract(ctx: click.Context, file: Path, date: str | None, as_json: bool) -> None:
    """Read FILE and show its sentences' languages, entity mentions, dates and quantities."""
    from igokit.api import extract_file

    result = extract_file(_kb(ctx), file, date=date)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    doc = result.document
    chars = result.languages  # characters of the sentences in each language
    total = sum(chars.values()) or 1
    langs = ", ".join(f"{lang} {n / total:.0%}" for lang, n in chars.items()) or "none"
    out.print(f"[bold]{doc.get('title') or file.name}[/bold]  {doc.get('format')}, "
              f"date {doc.get('date') or 'unknown'}, {len(result.text.split())} words, "
              f"languages (share of the text) {langs}", highlight=False)
    table = Table(title=f"Mentions ({len(result.mentions)})", title_justify="left")
    for header in ("Entity", "Kind", "Name", "Count", "Forms"):
        table.add_column(header, overflow="fold")
    grouped: dict[str, list[Any]] = {}
    for m in result.mentions:
        grouped.setdefault(m.entity, []).append(m)
    for eid, ms in sorted(grouped.items(), key=lambda kv: -len(kv[1])):
        forms = sorted({m.text for m in ms})
        table.add_row(eid, ms[0].kind, ms[0].name, str(len(ms)), ", ".join(forms[:6]))
    out.print(table)
    dates = Table(title=f"Dates ({len(result.dates)})", title_justify="left")
    for header in ("Text", "Value", "Precision", "End"):
        dates.add_column(header, overflow="fold")
    for d in result.dates[:200]:
        dates.add_row(d.text, d.value, d.precision, d.end_value or "")
    out.print(dates)
    qty = Table(title=f"Quantities ({len(result.quantities)})", title_justify="left")
    for header in ("Text", "Value", "Unit", "Kind"):
        qty.add_column(header, overflow="fold")
    for q in result.quantities[:200]:
        qty.add_row(q.text, f"{q.value:,.6g}", q.unit, q.kind)
    out.print(qty)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--recursive", "-r", is_flag=True, help="Descend into sub-folders.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes for reading and extraction.")
@click.option("--date", help="Date for every file read (else metadata or a sidecar).")
@click.option("--max-mb", type=float, default=200, show_default=True,
              help="Skip (and report) files larger than this.")
@click.option("--timeout-per-file", "timeout", type=click.FloatRange(min=0), default=120,
              show_default=True, help="Seconds a file may take to read and extract; past "
              "that its worker is stopped and the file reported as failed (0: no limit).")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], recursive: bool, workers: int,
           date: str | None, max_mb: float, timeout: float, as_json: bool) -> None:
    """Store documents (txt, md, html, pdf, docx), their extraction and a full-text index.

    Idempotent (deduplicated by content hash) and resumable: an interrupted run keeps every
    finished document, and running it again continues with the rest. Only regular files are
    read; a file or folder that cannot be read is reported and the rest goes on.
    """
    from igokit.api import ingest as run_ingest
    from igokit.api import iter_files

    kb = _kb(ctx)
    total = sum(1 for _ in iter_files(paths, recursive))
    started = time.perf_counter()
    with progress("ingesting", total, quiet=as_json) as bar:
        done = [0]

        def step(path: Path, outcome: str, size: int) -> None:
            done[0] += 1
            elapsed = time.perf_counter() - started
            rate = f" ({done[0] / elapsed:.1f} files/s)" if elapsed > 0.5 else ""
            bar.advance(description=f"{outcome}: {path.name[:40]}{rate}")

        report = run_ingest(kb, paths, recursive=recursive, workers=workers, date=date,
                            max_bytes=int(max_mb * 1_000_000), progress=step,
                            timeout=timeout or None)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        err.print(f"added {len(report.added)}, already there {len(report.skipped)}, "
                  f"failed {len(report.failed)} ({report.words:,} words)", highlight=False,
                  markup=False)
        for path, message in report.failed:
            err.print("[red]failed[/red] ", end="", highlight=False)
            err.print(message if path in message else f"{path}: {message}", highlight=False,
                      markup=False)
    if report.failed and not report.added and not report.skipped:
        sys.exit(1)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["en", "ru", "kk", "other"]), help="Passage language.")
@click.option("--entity", "entity_name", help="Only passages that mention this entity.")
@click.option("--from", "date_from", help="Documents dated on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", help="Documents dated on or before (YYYY[-MM[-DD]]).")
@click.option("--limit", type=int, default=20, show_default=True,
              help='Most passages to return.')
@click.option("--exact", is_flag=True, help="Whole words only (no prefix matching).")
@output_options
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: tuple[str, ...], lang: str | None,
           entity_name: str | None, date_from: str | None, date_to: str | None, limit: int,
           exact: bool, as_json: bool, as_csv: bool) -> None:
    """Full-text search over ingested documents: ranked passages with [highlights]."""
    from igokit.api import resolve
    from igokit.api import search as run_search

    kb = _kb(ctx)
    eid = resolve(kb.conn, entity_name) if entity_name else None
    hits = run_search(kb.conn, " ".join(query), lang=lang, entity=eid, date_from=date_from,
                      date_to=date_to, limit=limit, prefix=not exact)
    emit(Rows(hits, query={"query": " ".join(query), "entity": eid}),
         [("doc_id", "Doc"), ("title|path", "Title (or file)"), ("date", "Date"),
          ("lang", "Lang"), ("snippet", "Passage")], f"Search: {' '.join(query)} ({len(hits)})",
         as_json, as_csv)


@main.command()
@output_options
@click.pass_context
@handle_errors
def documents(ctx: click.Context, as_json: bool, as_csv: bool) -> None:
    """List the ingested documents."""
    from igokit.api import list_documents

    rows = Rows(list_documents(_kb(ctx).conn))
    emit(rows, [("id", "Id"), ("title", "Title"), ("path", "Path"), ("format", "Format"),
                ("date", "Date"), ("lang", "Lang"), ("n_words", "Words"),
                ("n_mentions", "Mentions")], f"Documents ({len(rows)})", as_json, as_csv)


def _frame_out(frame: Any, title: str, as_json: bool, as_csv: bool) -> None:
    """Print a DataFrame as JSON records, CSV or a rich table."""
    if as_json:
        click.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
        return
    if as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
        return
    table = Table(title=title, title_justify="left", highlight=False)
    for col in frame.columns:
        table.add_column(str(col), overflow="fold")
    for row in frame.itertuples(index=False):
        table.add_row(*(escape(cell(v)) for v in row))
    out.print(table)


def _coder(codebook: Path | None, model: Path | None = None) -> Any:
    from igokit.api import DictionaryCoder, load_codebook

    if model is not None:
        from igokit.api import SupervisedCoder

        return SupervisedCoder.load(model)
    return DictionaryCoder(load_codebook(codebook) if codebook else None)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", type=click.Choice(["sentence", "paragraph", "line"]), default="sentence",
              show_default=True, help="What one coded unit is.")
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own codebook (IGOkit YAML or a quanteda YAML dictionary).")
@click.option("--model", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A supervised model trained with `igokit train-coder` instead.")
@click.option("--json", "as_json", is_flag=True, help="One item per unit, as JSON.")
@click.pass_context
@handle_errors
def code(ctx: click.Context, file: Path, unit: str, codebook: Path | None, model: Path | None,
         as_json: bool) -> None:
    """Code FILE by policy area: multi-label codes per unit with the matched terms as evidence."""
    from igokit.api import read_document

    coder = _coder(codebook, model)
    doc = read_document(file)
    units = coder.code(doc.text, unit)
    if as_json:
        click.echo(json.dumps([u.to_dict() for u in units], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{file.name}: {len(units)} units", title_justify="left")
    for header in ("Unit", "Lang", "Areas", "Evidence", "Text"):
        table.add_column(header, overflow="fold")
    for i, u in enumerate(units, start=1):
        label = str(u.line) if u.line is not None else str(i)
        evidence = ", ".join(f"{t.text}→{t.area}" for t in u.terms[:6])
        table.add_row(label, u.lang, ", ".join(u.areas), escape(evidence),
                      escape(u.text[:160]))
    out.print(table)


@main.command()
@click.option("--select", "selector", default="all", show_default=True,
              help="Documents: all, id:3, date:2024, date:2023-07..2024-07, lang:ru, org:SCO, "
                   "speaker:KAZ, or a file/folder.")
@click.option("--by", type=click.Choice(["all", "doc_id", "year", "period", "org", "speaker",
                                         "lang"]), default="all", show_default=True,
              help='Group units by document, year, chair period, org, speaker or language.')
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='Your own codebook (IGOkit YAML or a quanteda dictionary).')
@output_options
@click.pass_context
@handle_errors
def areas(ctx: click.Context, selector: str, by: str, codebook: Path | None, as_json: bool,
          as_csv: bool) -> None:
    """Policy-area frequencies and shares of documents (per document, year, chair period ...)."""
    from igokit.api import area_frequencies, coded_units

    units = coded_units(_kb(ctx), selector, _coder(codebook))
    frame = area_frequencies(units, None if by == "all" else by)
    if by == "all" and not (as_json or as_csv):
        frame = frame.drop(columns="all")  # one group: a column saying "all" on every row
    _frame_out(frame, f"Policy areas ({len(units)} units)", as_json, as_csv)


@main.command()
@click.option("--a", "set_a", required=True, help="Set A: a selector or a file/folder.")
@click.option("--b", "set_b", required=True, help="Set B: a selector or a file/folder.")
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='Your own codebook (IGOkit YAML or a quanteda dictionary).')
@click.option("--words", type=int, default=20, show_default=True,
              help="How many key words to list.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
@handle_errors
def compare(ctx: click.Context, set_a: str, set_b: str, codebook: Path | None, words: int,
            as_json: bool) -> None:
    """Compare two sets of documents: area shares with 95% intervals, and key words (G², Log
    Ratio). Example: --a date:2017-06 --b date:2024-07."""
    from igokit.api import coded_units, compare_areas, keyness

    kb = _kb(ctx)
    coder = _coder(codebook)
    ua, ub = coded_units(kb, set_a, coder), coded_units(kb, set_b, coder)
    if ua.empty or ub.empty:
        raise IGOkitError(f"set {'A' if ua.empty else 'B'} has no documents")
    areas_frame = compare_areas(ua, ub)
    key = keyness(ua["text"], ub["text"], top=words)
    if as_json:
        click.echo(json.dumps({"a": set_a, "b": set_b, "units_a": len(ua), "units_b": len(ub),
                               "areas": areas_frame.to_dict(orient="records"),
                               "keywords": key.to_dict(orient="records")},
                              ensure_ascii=False, indent=1))
        return
    _frame_out(areas_frame[["area", "share_a", "share_b", "diff", "diff_low", "diff_high",
                            "g2", "log_ratio"]],
               f"Areas: A={set_a} ({len(ua)} units) vs B={set_b} ({len(ub)} units)", False, False)
    _frame_out(key, "Key words (positive log_ratio: more frequent in B)", False, False)


VERDICT_STYLE = {"supported": "green", "contradicted": "red", "outdated": "yellow",
                 "unverifiable": "bright_black"}


@main.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False,
                                                        path_type=Path))
@click.option("--as-of", "as_of", metavar="DATE",
              help="Reference date (default: the document's date, a dateline, else today).")
@click.option("--all", "check_all", is_flag=True, help="Check every ingested document.")
@click.option("--text", "text", help="Check this text instead of a file.")
@click.option("--json", "as_json", is_flag=True, help="The claims and verdicts as JSON.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a standalone HTML page.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, file: Path | None, as_of: str | None, check_all: bool,
          text: str | None, as_json: bool, html_out: Path | None) -> None:
    """Check claims about the SCO in FILE: supported, contradicted, outdated or unverifiable,
    with the knowledge-base statements and sources behind each verdict."""
    from igokit.api import check_document, check_text

    kb = _kb(ctx)
    if check_all:
        _check_all(kb, as_of, as_json)
        return
    if file is None and text is None:
        raise InputError("give a FILE, --text or --all")
    report = check_document(kb, str(file), as_of=as_of) if file else \
        check_text(kb, text or "", as_of=as_of)
    if html_out:
        from igokit.report.check_html import render_check_html

        html_out.write_text(render_check_html(report, file.name if file else None),
                            encoding="utf-8")
        err.print(f"wrote {html_out}")
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return
    summary = ", ".join(f"{n} {v}" for v, n in report.summary().items())
    err.print(f"reference date {report.as_of} (from {report.as_of_source}); "
              f"{summary or 'no checkable claims'}", highlight=False)
    for i, c in enumerate(report.claims, start=1):
        style = VERDICT_STYLE.get(c.verdict, "")
        lo, hi = max(0, c.start - 60), min(len(report.text), c.end + 60)
        before = " ".join(report.text[lo:c.start].split())
        after = " ".join(report.text[c.end:hi].split())
        out.print(f"[bold]{i}.[/bold] [{style}]{c.verdict.upper()}[/{style}] ({c.type}) "
                  f"…{escape(before)} [reverse {style}]{escape(c.text)}[/reverse {style}] "
                  f"{escape(after)}…", highlight=False)
        details = []
        if c.parsed is not None:
            details.append(f"read as: {c.parsed.describe()}")
        if c.reason:
            details.append(f"why: {c.reason}")
        if c.expected:
            details.append(f"knowledge base: {c.expected}")
        if c.valid_during:
            details.append("true during " + "; ".join(c.valid_during))
        if c.correction:
            details.append(f"suggested: {c.correction}")
        sources = sorted({s for e in c.evidence for s in e.sources})
        if sources:
            details.append("sources: " + ", ".join(sources[:6]))
        for line in details:
            out.print(f"    {escape(line)}", highlight=False)
    out.print(f"[bold]Dating:[/bold] {escape(report.dating)}", highlight=False)


def _check_all(kb: Any, as_of: str | None, as_json: bool) -> None:
    from igokit.api import check_stored, list_documents

    rows = []
    docs = list_documents(kb.conn)
    # each document from its stored extraction: nothing is extracted again
    with progress("checking", len(docs), quiet=as_json) as bar:
        for doc in docs:
            report = check_stored(kb, doc.id, as_of=as_of)
            summary = report.summary()
            rows.append({"doc_id": doc.id, "title": doc.title or Path(doc.path or "").name,
                         "as_of": report.as_of, "as_of_source": report.as_of_source,
                         "claims": len(report.claims), **{v: summary.get(v, 0) for v in
                                                          VERDICT_STYLE},
                         "dating": report.dating})
            bar.advance()
    emit(Rows(rows), [("doc_id", "Doc"), ("title", "Title"), ("as_of", "As of"),
                      ("claims", "Claims"), ("supported", "Supported"),
                      ("contradicted", "Contradicted"), ("outdated", "Outdated"),
                      ("unverifiable", "Unverifiable")],
         f"Claim check of {len(rows)} ingested documents", as_json, False)


@main.command("train-coder")
@click.argument("units", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to save the trained model.")
@click.option("--folds", type=int, default=5, show_default=True,
              help='Folds of the cross-validation.')
@click.option("--codebook", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Codebook whose areas are the labels (default: the shipped one).")
@click.pass_context
@handle_errors
def train_coder(ctx: click.Context, units: Path, out: Path, folds: int,
                codebook: Path | None) -> None:
    """Train the optional supervised coder on your coded units (JSONL: text, areas) and print
    cross-validated precision, recall and F1 per area."""
    from igokit.api import SupervisedCoder, load_codebook, read_units

    texts, labels = read_units(units)
    coder = SupervisedCoder(list(load_codebook(codebook).areas))
    cv = coder.cross_validate(texts, labels, folds=folds)
    rows = Rows([{"area": a, **v} for a, v in cv.per_area.items()])
    emit(rows, [("area", "Area"), ("precision", "P"), ("recall", "R"), ("f1", "F1"),
                ("support", "Support")], f"{folds}-fold cross-validation, macro-F1 "
         f"{cv.macro_f1:.3f} ({len(texts)} units)", False, False)
    coder.fit(texts, labels).save(out)
    err.print(f"model saved to {out}")


@main.command("index")
@click.option("--org", default="SCO", show_default=True,
              help='The organization whose members are ranked.')
@click.option("--year", type=int, default=2024, show_default=True,
              help='Facts up to the end of this year; members on its last day.')
@click.option("--weights", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Weights YAML (default: data/indices/middle_power.v2.yaml, uniform "
                   "indicators; v1 keeps the earlier curated ones).")
@click.option("--draws", type=int, default=1000, show_default=True,
              help="Monte Carlo weight draws for the rank sensitivity.")
@click.option("--include-partial", is_flag=True,
              help="Keep indicators the knowledge base documents for some members only.")
@click.option("--missing", type=click.Choice(["unranked", "mean"]), default="unranked",
              show_default=True, help="With --include-partial: leave a state with a missing "
              "value unranked, or give it the mean of the states with data (listed).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@handle_errors
def index_cmd(ctx: click.Context, org: str, year: int, weights: Path | None, draws: int,
              include_partial: bool, missing: str, as_json: bool) -> None:
    """Middle-power index of the members of ORG: scores, ranks, rank stability, and the
    coverage of every indicator (missing data is never counted as zero)."""
    from igokit.api import middle_power_index

    result = middle_power_index(_kb(ctx), org, year, weights, draws,
                                include_partial=include_partial, missing=missing)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
        return
    table = result.scores.merge(result.sensitivity, on="iso3")
    table = result.attributes.round(3).reset_index(names="iso3").merge(table, on="iso3")
    table = table.sort_values("rank")
    _frame_out(table.drop(columns=["sources"]),
               f"Middle-power index, {org} members, end of {year} (weights: "
               + ", ".join(f"{k} {v:.2f}" for k, v in result.weights.items()) + ")",
               False, False)
    cov = result.coverage.assign(
        missing=result.coverage["missing"].map(lambda v: ", ".join(v) or "—"))
    _frame_out(cov[["indicator", "measured", "members_with_data", "members", "missing", "used",
                    "why_not"]], "Coverage of every indicator", False, False)
    for name, why in result.excluded.items():
        if name not in set(result.coverage["indicator"]):
            err.print(f"[dim]excluded {name}: {why}[/dim]", highlight=False)
    if result.missing.get("unranked"):
        err.print("[yellow]left unranked (a missing value, never counted as zero): "
                  + ", ".join(result.missing["unranked"]) + "[/yellow]", highlight=False)
    for col, info in result.missing.get("imputed", {}).items():
        err.print(f"[yellow]imputed {col} for {', '.join(info['states'])}: {info['method']} "
                  f"({info['value']:.3f})[/yellow]", highlight=False)


@main.command("summit-table")
@click.argument("org", default="SCO")
@click.option("--chair", default="KAZ", show_default=True, help="The hosting chair (ISO3).")
@click.option("--select", "selector", default=None,
              help="Also code these ingested documents (e.g. all) for text areas per term.")
@output_options
@click.pass_context
@handle_errors
def summit_table(ctx: click.Context, org: str, chair: str, selector: str | None, as_json: bool,
                 as_csv: bool) -> None:
    """The summits a chair hosted, side by side: participants, documents, initiatives, areas."""
    from igokit.api import chair_summit_table, coded_units

    kb = _kb(ctx)
    units = coded_units(kb, selector) if selector else None
    frame = chair_summit_table(kb, org, chair, units=units)
    cols = [c for c in ("date", "city", "format", "n_members", "admitted", "observers",
                        "dialogue_partners", "documents", "initiative_areas", "text_top_areas")
            if c in frame]
    _frame_out(frame if (as_json or as_csv) else frame[cols],
               f"{org} summits hosted by {chair}", as_json, as_csv)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even if the data did not change.")
@click.pass_context
@handle_errors
def build(ctx: click.Context, force: bool) -> None:
    """Validate the curated data and (re)build the knowledge base."""
    from igokit.api import connect, ensure_built, table_counts

    kb = _kb(ctx)
    conn = connect(kb.path, refresh=False)
    rebuilt = ensure_built(conn, force=force)
    counts = table_counts(conn)
    state = "rebuilt" if rebuilt else "up to date"
    err.print(f"{kb.path}: {state}; " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
