"""What every command module shares: consoles, the knowledge-base handle, output switches,
error handling and table output. (Its own module so that ``igokit.cli`` and the command modules
it registers do not import each other: ``python -m igokit.cli`` works.)"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from igokit.errors import IGOkitError
from igokit.kb.results import Rows, as_dict

F = TypeVar("F", bound=Callable[..., Any])

# A pipe or a file gets wide tables (no terminal width to respect); a terminal gets its own.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 180)
err = Console(stderr=True)


def _kb(ctx: click.Context) -> Any:
    from igokit.api import KnowledgeBase

    obj = ctx.ensure_object(dict)
    if "kb" not in obj:
        obj["kb"] = KnowledgeBase(obj.get("db"))
    return obj["kb"]


def output_options(func: F) -> F:
    """``--json`` / ``--csv``: the same output switches on every listing command."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Write CSV to stdout.")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")(func)
    return func


def handle_errors(func: F) -> F:
    """Turn library exceptions into clear messages and exit codes (no tracebacks for users)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except IGOkitError as exc:  # each error class carries its exit code (igokit.errors)
            err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # not raised on purpose: a bug, never "bad input"
            err.print(f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))} "
                      "(this is a bug in IGOkit; please report it with the command you ran)",
                      highlight=False)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def emit(rows: Rows[Any], columns: Sequence[tuple[str, str]], title: str, as_json: bool,
         as_csv: bool) -> None:
    """Print rows as JSON, CSV or a rich table (``columns``: (field, header) pairs)."""
    if as_json:
        click.echo(rows.to_json())
        return
    if as_csv:
        click.echo(rows.to_csv(), nl=False)
        return
    table = Table(title=title, title_justify="left", highlight=False)
    for _, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        rec = as_dict(row)
        cells = []
        for key, _ in columns:
            value = rec.get(key)
            cells.append(escape(cell(value)))
        table.add_row(*cells)
    out.print(table)
    if rows.read_as:
        err.print(f"[dim]date: {rows.read_as}[/dim]", highlight=False)
    if rows.coverage is not None and not rows.coverage.get("complete"):
        err.print(f"[yellow]{escape(rows.coverage['note'])}[/yellow]", highlight=False)
    if not rows:
        err.print("[yellow]no results[/yellow]")


def cell(value: Any, decimals: int = 3) -> str:
    """One table cell: integers as integers (a year is 2024, a rank 1, never 2024.000), missing
    values empty (never "nan"), other floats to ``decimals`` places, lists joined."""
    import math

    if value is None:
        return ""
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        f = float(value)
        if math.isnan(f):
            return ""
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return f"{f:.{decimals}f}"
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return ", ".join(f"{k}: {x}" for k, x in value.items())
    return str(value)
