"""Commands over the indicator table: ``import``, ``trade``, ``egov``, ``food``,
``observations``. Registered on the main group by :mod:`igokit.cli`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from igokit.cli_common import _kb, cell, err, handle_errors, out, output_options, progress

BIG_FILE = 1_000_000   # bytes: a progress bar from this size on


def _cell(value: Any, decimals: int) -> str:
    return cell(value, decimals)


def _plain(frame: Any) -> Any:
    """Lists joined with ';' and floats rounded to 4 decimals (CSV)."""
    frame = frame.copy()
    for col in frame.select_dtypes("float").columns:
        frame[col] = frame[col].round(4)
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[col] = frame[col].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return frame


def show(frames: dict[str, tuple[Any, str]], as_json: bool, as_csv: bool,
         decimals: int = 2) -> None:
    """Print named DataFrames (name -> (frame, title)): rich tables, one JSON object of record
    lists, or the first frame as CSV."""
    if as_json:
        payload = {name: json.loads(frame.to_json(orient="records", force_ascii=False))
                   for name, (frame, _) in frames.items()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    if as_csv:
        frame = next(iter(frames.values()))[0]
        click.echo(_plain(frame).to_csv(index=False), nl=False)
        return
    for frame, title in frames.values():
        table = Table(title=title, title_justify="left", highlight=False)
        for col in frame.columns:
            table.add_column(str(col), overflow="fold")
        for row in frame.itertuples(index=False):
            table.add_row(*(escape(_cell(v, decimals)) for v in row))
        out.print(table)
        if frame.empty:
            err.print("[yellow]no results[/yellow]")


@click.group("import")
def import_group() -> None:
    """Import statistical CSV files into the indicator table (one dataset per file; importing
    again replaces it). Column mappings: docs/indicators.md."""


def _common(func: Any) -> Any:
    func = click.option("--source", help="Source id to cite (default: the importer's own; "
                        "see `igokit sources`).")(func)
    func = click.option("--dataset", help="Put every FILE into this one dataset (default: "
                        "one dataset per file, named after it).")(func)
    func = click.argument("files", nargs=-1, required=True,
                          type=click.Path(exists=True, dir_okay=False, path_type=Path))(func)
    return func


def _run(ctx: click.Context, kind: str, files: tuple[Path, ...], dataset: str | None,
         **options: Any) -> None:
    from igokit.api import import_files

    kb = _kb(ctx)
    big = any(p.stat().st_size >= BIG_FILE for p in files)
    if big:
        with progress(f"reading {len(files)} file(s)") as bar:

            def step(done: int, total: int) -> None:
                bar.update(completed=done, total=total)

            results = import_files(kb, kind, list(files), dataset, progress=step, **options)
    else:
        results = import_files(kb, kind, list(files), dataset, **options)
    for r in results:
        err.print(escape(r.summary()), highlight=False)
    total = sum(len(r.observations) for r in results)
    err.print(f"[green]imported {total} observations[/green]")


@import_group.command("comtrade")
@_common
@click.option("--reporter", help="WITS files: the reporter's ISO3 (default: from the name).")
@click.option("--flow", type=click.Choice(["exports", "imports"]),
              help="WITS files: the flow (default: from the file name).")
@click.option("--skip-unmatched", is_flag=True, help="Skip rows with unknown country names "
              "(they are listed) instead of stopping.")
@click.pass_context
@handle_errors
def import_comtrade(ctx: click.Context, files: tuple[Path, ...], dataset: str | None,
                    source: str | None, reporter: str | None, flow: str | None,
                    skip_unmatched: bool) -> None:
    """UN Comtrade-style CSV (reporter, partner, year, flow, value) or WITS by-partner series."""
    _run(ctx, "comtrade", files, dataset, source=source, reporter=reporter, flow=flow,
         skip_unmatched=skip_unmatched)


@import_group.command("wdi")
@_common
@click.option("--indicator", help="Indicator code (long files; default: from the file name).")
@click.pass_context
@handle_errors
def import_wdi(ctx: click.Context, files: tuple[Path, ...], dataset: str | None,
               source: str | None, indicator: str | None) -> None:
    """World Bank WDI CSV: long (Country Name, Country Code, Year, Value) or wide years."""
    _run(ctx, "wdi", files, dataset, source=source, indicator=indicator)


@import_group.command("egov")
@_common
@click.option("--year", type=int, help="Survey year when the file has no 'Survey Year'.")
@click.option("--skip-unmatched", is_flag=True, help="Skip unknown country names (listed).")
@click.pass_context
@handle_errors
def import_egov(ctx: click.Context, files: tuple[Path, ...], dataset: str | None,
                source: str | None, year: int | None, skip_unmatched: bool) -> None:
    """UN E-Government Survey CSV (UNU-EGOV, Data Center export, edited 2024 copy)."""
    _run(ctx, "egov", files, dataset, source=source, year=year, skip_unmatched=skip_unmatched)


@import_group.command("faostat")
@_common
@click.option("--geo", "geo_file", type=click.Path(exists=True, dir_okay=False,
                                                   path_type=Path),
              help="DDF files: the geo key file (default: ddf--entities--geo.csv beside).")
@click.option("--skip-unmatched", is_flag=True, help="Skip unknown area names (listed).")
@click.pass_context
@handle_errors
def import_faostat(ctx: click.Context, files: tuple[Path, ...], dataset: str | None,
                   source: str | None, geo_file: Path | None, skip_unmatched: bool) -> None:
    """FAOSTAT-style CSV (Area, Item, Element, Year, Value) or DDF datapoints."""
    _run(ctx, "faostat", files, dataset, source=source, geo_file=geo_file,
         skip_unmatched=skip_unmatched)


def _run_layer(ctx: click.Context, kind: str, files: tuple[Path, ...]) -> None:
    kb = _kb(ctx)
    with progress(f"reading {len(files)} file(s)") as bar:

        def step(done: int, total: int) -> None:
            bar.update(completed=done, total=total)

        results = kb.import_layer(kind, list(files), step)
    for r in results:
        err.print(escape(r.summary()), highlight=False)
    layer = next(x for x in kb.layers() if x["name"] == results[0].layer.name)
    err.print(f"[green]layer {layer['name']}: {layer['statements']} statements[/green] "
              "(curated facts take precedence; `igokit reconcile ORG` lists disagreements)")


@import_group.command("cow-igo")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@handle_errors
def import_cow_igo(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Correlates of War IGO v3 (state_year_format3 and/or igo_year_format3, .csv or .csv.gz)
    as the layer cow-igo-v3: every IGO and state, full/associate/observer, 1816-2014."""
    _run_layer(ctx, "cow-igo", files)


@import_group.command("wikidata")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@handle_errors
def import_wikidata(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Wikidata "member of" (P463) statements with start/end times, from a saved SPARQL JSON
    result (or a JSON dump subset), as the layer wikidata."""
    _run_layer(ctx, "wikidata", files)


@click.command("trade")
@click.argument("reporter", default="KAZ")
@click.option("--group", default="SCO", show_default=True,
              help="An organization (members at the time) or ISO3 codes: CHN,RUS.")
@click.option("--from", "year_from", type=int, help="First year.")
@click.option("--to", "year_to", type=int, help="Last year.")
@click.option("--fixed", is_flag=True, help="Fixed composition: the members at the end of "
              "the last year (or --fixed-on) for every year.")
@click.option("--fixed-on", metavar="DATE", help="Date of the fixed composition.")
@output_options
@click.pass_context
@handle_errors
def trade_cmd(ctx: click.Context, reporter: str, group: str, year_from: int | None,
              year_to: int | None, fixed: bool, fixed_on: str | None, as_json: bool,
              as_csv: bool) -> None:
    """REPORTER's trade with a partner group by year: exports, imports, turnover (bn USD),
    share of total, growth; CAGR; and the figures stated in the corpus."""
    from igokit.api import stated_figures, trade_summary, trade_with_group

    kb = _kb(ctx)
    frame = trade_with_group(kb, reporter, group, year_from, year_to, fixed=fixed or
                             bool(fixed_on), fixed_on=fixed_on)
    composition = "fixed composition" if fixed or fixed_on else "members at the time"
    frames: dict[str, tuple[Any, str]] = {}
    if not frame.empty:
        hidden = ["member_sources"] + ([] if as_json or as_csv else ["members", "unit"])
        frames["trade"] = (frame.drop(columns=hidden),
                           f"{reporter.upper()} trade with {group} ({composition}), bn USD")
        frames["summary"] = (trade_summary(frame), "Change and CAGR over the window")
    else:
        err.print("[yellow]no trade-by-partner data: import some with `igokit import "
                  "comtrade FILE` (stated figures below)[/yellow]")
    stated = stated_figures(kb, reporter, frame, group)
    if year_from or year_to:
        per = stated["period"].str[:4].astype(int)
        stated = stated[(per >= (year_from or 0)) & (per <= (year_to or 9999))]
    frames["stated"] = (stated, f"Figures stated for {reporter.upper()} (with checks)")
    show(frames, as_json, as_csv)


@click.command("egov")
@click.option("--group", default="SCO", show_default=True,
              help="An organization (members in the survey year) or ISO3 codes.")
@click.option("--year", type=int, help="Survey year (default: the latest present).")
@click.option("--compare", type=int, help="Earlier survey (default: the one before).")
@click.option("--series", is_flag=True, help="Rank of today's members in every survey.")
@output_options
@click.pass_context
@handle_errors
def egov_cmd(ctx: click.Context, group: str, year: int | None, compare: int | None,
             series: bool, as_json: bool, as_csv: bool) -> None:
    """UN E-Government Survey rank and EGDI of a group, with the change since a survey."""
    from igokit.api import egov_series, egov_table

    kb = _kb(ctx)
    if series:
        frame = egov_series(kb, group)
        show({"series": (frame, f"E-Government rank, {group} members today")}, as_json,
             as_csv)
        return
    frame = egov_table(kb, group, year, compare)
    title = (f"E-Government Survey {frame['year'].iloc[0] if len(frame) else year}, {group} "
             f"members" + (f" (change since {compare or frame['compare'].iloc[0]})"
                           if len(frame) and frame["compare"].notna().any() else ""))
    show({"egov": (frame.drop(columns=["member_sources", "year"]), title)}, as_json, as_csv,
         decimals=4)


@click.command("food")
@click.option("--group", default="SCO", show_default=True,
              help="An organization (members at the time) or ISO3 codes.")
@click.option("--item", default="wheat", show_default=True,
              help="wheat, cereals, rice, maize or a FAOSTAT item slug.")
@click.option("--from", "year_from", type=int, help="First year.")
@click.option("--to", "year_to", type=int, help="Last year.")
@click.option("--fixed", is_flag=True, help="Members at the end of the last year, all years.")
@click.option("--threshold", type=float, default=0.8, show_default=True,
              help="Warn below this self-sufficiency ratio.")
@click.option("--all-years", is_flag=True, help="Show every country-year, not only the last.")
@output_options
@click.pass_context
@handle_errors
def food_cmd(ctx: click.Context, group: str, item: str, year_from: int | None,
             year_to: int | None, fixed: bool, threshold: float, all_years: bool,
             as_json: bool, as_csv: bool) -> None:
    """Food self-sufficiency (production / domestic supply) and a warning table of ratios
    under the threshold, with their trend."""
    from igokit.api import food_warnings as warnings
    from igokit.api import self_sufficiency

    frame = self_sufficiency(_kb(ctx), group, item, year_from, year_to, fixed=fixed)
    warn = warnings(frame, threshold)
    shown = frame if all_years or frame.empty else frame[frame["year"] == frame["year"].max()]
    cols = [c for c in shown.columns if c != "member_sources"]
    year = "" if all_years or frame.empty else f" {int(frame['year'].max())}"
    show({"ratios": (shown[cols], f"Self-sufficiency, {item}, {group}{year} "
                     "(production / domestic supply)"),
          "warnings": (warn, f"Ratio under {threshold} in some year, with trend")},
         as_json, as_csv, decimals=3)


@click.command("observations")
@click.option("--indicator", multiple=True, help="Indicator code(s), e.g. exports, egdi_rank.")
@click.option("--entity", multiple=True, help="Country ISO3 code(s).")
@click.option("--partner", multiple=True, help="Partner ISO3 code(s) (trade).")
@click.option("--from", "period_from", help="First period (YYYY, YYYY-MM ...).")
@click.option("--to", "period_to", help="Last period.")
@click.option("--dataset", help="Only this imported dataset.")
@click.option("--datasets", "list_datasets", is_flag=True, help="List the datasets instead.")
@output_options
@click.pass_context
@handle_errors
def observations_cmd(ctx: click.Context, indicator: tuple[str, ...], entity: tuple[str, ...],
                     partner: tuple[str, ...], period_from: str | None, period_to: str | None,
                     dataset: str | None, list_datasets: bool, as_json: bool,
                     as_csv: bool) -> None:
    """Rows of the indicator table (every value with its source)."""
    from igokit.api import datasets, observations

    kb = _kb(ctx)
    if list_datasets:
        show({"datasets": (datasets(kb), "Datasets")}, as_json, as_csv)
        return
    frame = observations(kb, indicator or None, entity or None, partner or None, period_from,
                         period_to, dataset)
    show({"observations": (frame, f"Observations ({len(frame)})")}, as_json, as_csv, 4)
