"""``igokit export``: tables as CSV/Parquet/JSON, sources as BibTeX/CSL-JSON, QuickStatements,
and the document-feature matrix of the ingested texts (``export dfm --out DIR``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from igokit.cli_common import _kb, err, handle_errors
from igokit.report.formats import FORMATS, TABLES


@click.command("export")
@click.argument("table", type=click.Choice([*TABLES, "sources", "quickstatements", "dfm"]))
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "bibtex", "csl-json"]),
              default="csv", show_default=True,
              help="csv, parquet or json for tables; bibtex or csl-json for sources.")
@click.option("--org", default="SCO", show_default=True, help="The organization.")
@click.option("--country", help="Only rows about this state (ISO3).")
@click.option("--out", type=click.Path(path_type=Path),
              help="Output file (default: stdout for csv/json/bibtex, required for parquet); "
                   "for dfm the output folder.")
@click.option("--unit", type=click.Choice(["document", "passage"]), default="document",
              show_default=True, help="dfm: one row per document or per passage.")
@click.option("--lang", type=click.Choice(["en", "ru", "kk", "other"]),
              help="dfm: only passages in this language.")
@click.option("--min-count", type=int, default=1, show_default=True,
              help="dfm: keep features seen at least this often in all.")
@click.pass_context
@handle_errors
def export(ctx: click.Context, table: str, fmt: str, org: str, country: str | None,
           out: Path | None, unit: str, lang: str | None, min_count: int) -> None:
    """Export TABLE (statements, members, timeline, summits, initiatives, indicators, codes,
    documents, sources, quickstatements). Every row keeps its source ids. `export dfm --out DIR`
    writes the document-feature matrix of the ingested texts (dfm.mtx, features.txt,
    docnames.txt, docvars.csv) for quanteda or scikit-learn."""
    kb = _kb(ctx)
    if table == "dfm":
        _dfm(kb, out, unit, lang, min_count)
        return
    if out is not None and out.is_dir():
        raise click.UsageError(f"--out {out} is a folder; `export {table}` writes a file")
    if table == "sources":
        if fmt == "bibtex":
            text = kb.bibtex()
        elif fmt == "csl-json":
            text = json.dumps(kb.csl_json(), ensure_ascii=False, indent=1)
        else:
            frame = kb.sources().to_frame()
            frame["authors"] = frame["authors"].map(lambda a: "; ".join(a))
            _write(frame, fmt, out)
            return
        _text(text, out)
        return
    if table == "quickstatements":
        from igokit.api import quickstatements

        lines, skipped = quickstatements(kb, org)
        _text("\n".join(lines) + "\n", out)
        err.print(f"{len(lines)} QuickStatements lines; left out: "
                  + ", ".join(f"{v} {k}" for k, v in skipped.items() if v), highlight=False)
        return
    if fmt in ("bibtex", "csl-json"):
        raise click.UsageError(f"--format {fmt} is for `export sources`")
    from igokit.api import export_table

    _write(export_table(kb, table, org, country), fmt, out)


def _dfm(kb: object, out: Path | None, unit: str, lang: str | None, min_count: int) -> None:
    from igokit.api import export_dfm

    if out is None:
        raise click.UsageError("export dfm needs --out DIR")
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out} is a file; export dfm writes a folder")
    result = export_dfm(kb, out, unit=unit, lang=lang, min_count=min_count)
    err.print(f"wrote {result.n_docs} {unit}s × {result.n_features} features "
              f"({result.nnz} non-zero) to {out}/: " + ", ".join(result.files), highlight=False)


def _write(frame: object, fmt: str, out: Path | None) -> None:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    if out is None:
        if fmt == "parquet":
            raise click.UsageError("parquet needs --out FILE")
        if fmt == "csv":
            click.echo(frame.to_csv(index=False), nl=False)
        else:
            click.echo(json.dumps(json.loads(frame.to_json(orient="records")),
                                  ensure_ascii=False, indent=1))
        return
    from igokit.api import write_frame

    write_frame(frame, out, fmt)
    err.print(f"wrote {len(frame)} rows to {out}")


def _text(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        err.print(f"wrote {out}")
