"""What every command module shares: consoles, the knowledge-base handle, output switches,
error handling and table output. (Its own module so that ``igokit.cli`` and the command modules
it registers do not import each other: ``python -m igokit.cli`` works.)"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from igokit.api import Rows, as_dict
from igokit.errors import IGOkitError, StaleDataWarning

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


def show_stale_data_warnings() -> None:
    """Print the library's :class:`StaleDataWarning` (broken curated data, answers from the last
    good build) as one plain line on stderr; other warnings keep Python's default display."""
    import warnings

    default = warnings.showwarning

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        if issubclass(category, StaleDataWarning):
            err.print(f"[yellow]warning:[/yellow] {escape(str(message))}", highlight=False)
        else:
            default(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def output_options(func: F) -> F:
    """``--json`` / ``--csv``: the same output switches on every listing command."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Write CSV to stdout.")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")(func)
    return func


class LazyGroup(click.Group):
    """A group whose listed commands are imported from ``module:attribute`` on first use (the
    pattern of click's documentation, "Lazily Loading Subcommands")."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            import importlib

            module, attr = self.lazy_commands[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attr)
            if not isinstance(command, click.Command) or command.name != cmd_name:
                raise RuntimeError(f"{module}:{attr} is not the command {cmd_name!r}")
            return command
        return super().get_command(ctx, cmd_name)


class StatusChoice(click.ParamType):
    """A status of ``data/vocabulary/statuses.yaml`` or ``all``. The vocabulary is read only to
    show ``--help`` or complete a word: a query gives the value to the library, which checks it
    against the knowledge base's copy (a wrong one exits 2 with the list), so a query command
    parses no YAML."""

    name = "status"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        from igokit.api import STATUSES

        return "[" + "|".join((*STATUSES, "all")) + "]"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str
                       ) -> list[Any]:
        from click.shell_completion import CompletionItem

        from igokit.api import STATUSES

        return [CompletionItem(s) for s in (*STATUSES, "all") if s.startswith(incomplete)]


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
    """Print rows as JSON, CSV or a rich table (``columns``: (field, header) pairs; a field
    ``"a|b"`` shows ``a``, or ``b`` where ``a`` is empty)."""
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
            value = next((v for k in key.split("|") if (v := rec.get(k)) not in (None, "")),
                         None)
            cells.append(escape(cell(value)))
        table.add_row(*cells)
    out.print(table)
    if rows.read_as:
        err.print(f"[dim]date: {rows.read_as}[/dim]", highlight=False)
    if rows.coverage is not None and not rows.coverage.get("complete"):
        err.print(f"[yellow]{escape(rows.coverage['note'])}[/yellow]", highlight=False)
    elif rows.coverage is not None and rows.coverage.get("checked"):
        err.print(f"[dim]the facts are checked against sources up to "
                  f"{rows.coverage['checked']}: a change after that day may be missing[/dim]",
                  highlight=False)
    if not rows:
        err.print("[yellow]no results[/yellow]")


def cell(value: Any, decimals: int = 3) -> str:
    """One table cell: integers as integers (a year is 2024, a rank 1, never 2024.000), missing
    values empty (never "nan"), other floats to ``decimals`` places, lists joined.

    >>> cell(2024.0), cell(float("nan")), cell(0.12345), cell(["KAZ", "KGZ"])
    ('2024', '', '0.123', 'KAZ, KGZ')
    """
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


class _Plain:
    """Progress as plain lines (output not a terminal: logs, CI): one line at each tenth."""

    def __init__(self, label: str, total: int | None) -> None:
        self.label, self.total, self.done, self.shown = label, total, 0, -1
        self.what = ""

    def update(self, completed: int | None = None, total: int | None = None,
               description: str | None = None) -> None:
        if total is not None:
            self.total = total
        if completed is not None:
            self.done = completed
        if description:
            self.what = description
        self._line()

    def advance(self, n: int = 1, description: str | None = None) -> None:
        self.update(self.done + n, description=description)

    def _line(self) -> None:
        if not self.total:
            return
        tenth = min(10, int(10 * self.done / self.total))
        if tenth > self.shown:
            self.shown = tenth
            err.print(f"{self.label}: {self.done}/{self.total} ({10 * tenth}%)"
                      + (f" — {self.what}" if self.what and tenth < 10 else ""),
                      highlight=False, soft_wrap=True)


class _Rich:
    def __init__(self, bar: Any, task: Any) -> None:
        self.bar, self.task = bar, task

    def update(self, completed: int | None = None, total: int | None = None,
               description: str | None = None) -> None:
        kw: dict[str, Any] = {}
        if completed is not None:
            kw["completed"] = completed
        if total is not None:
            kw["total"] = total
        if description is not None:
            kw["description"] = description
        self.bar.update(self.task, **kw)

    def advance(self, n: int = 1, description: str | None = None) -> None:
        self.bar.advance(self.task, n)
        if description is not None:
            self.bar.update(self.task, description=description)


class _Quiet:
    def update(self, *a: Any, **k: Any) -> None:
        pass

    def advance(self, *a: Any, **k: Any) -> None:
        pass


@contextmanager
def progress(label: str, total: int | None = None, *, quiet: bool = False) -> Iterator[Any]:
    """Every long command's progress: a rich bar in a terminal, plain lines (each tenth)
    otherwise, nothing with ``quiet`` (e.g. ``--json`` on stdout)."""
    if quiet:
        yield _Quiet()
        return
    if not err.is_terminal:
        yield _Plain(label, total)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        yield _Rich(bar, bar.add_task(label, total=total))
