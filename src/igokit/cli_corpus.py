"""``igokit kwic``: keyword-in-context lines over the ingested passages."""

from __future__ import annotations

import click

from igokit.cli_common import _kb, emit, handle_errors, output_options


@click.command("kwic")
@click.argument("word", nargs=-1, required=True)
@click.option("--window", type=int, default=5, show_default=True,
              help="Words of context on each side.")
@click.option("--lang", type=click.Choice(["en", "ru", "kk", "other"]), help="Passage language.")
@click.option("--entity", "entity_name", help="Only passages that mention this entity.")
@click.option("--from", "date_from", help="Documents dated on or after (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", help="Documents dated on or before (YYYY[-MM[-DD]]).")
@click.option("--limit", type=int, default=100, show_default=True, help="Most lines to show.")
@click.option("--exact", is_flag=True, help="Only the word as written (no other word forms).")
@output_options
@click.pass_context
@handle_errors
def kwic(ctx: click.Context, word: tuple[str, ...], window: int, lang: str | None,
         entity_name: str | None, date_from: str | None, date_to: str | None, limit: int,
         exact: bool, as_json: bool, as_csv: bool) -> None:
    """Keyword in context: every occurrence of WORD (any word form; several words: a phrase)
    in the ingested passages, with its left and right context, document and date."""
    from igokit.api import kwic as run_kwic
    from igokit.api import normalize_date, resolve

    kb = _kb(ctx)
    eid = resolve(kb.conn, entity_name) if entity_name else None
    phrase = " ".join(word)
    rows = run_kwic(kb, phrase, window=window, lang=lang, entity=eid,
                    date_from=normalize_date(date_from), date_to=normalize_date(date_to),
                    limit=limit, forms=not exact)
    emit(rows, [("left", "Left"), ("keyword", "Keyword"), ("right", "Right"),
                ("doc_id", "Doc"), ("document", "Document"), ("date", "Date")],
         f"KWIC: {phrase} ({len(rows)})", as_json, as_csv)
