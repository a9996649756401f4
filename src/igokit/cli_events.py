"""``igokit events``: events read from the ingested documents (issue 15)."""

from __future__ import annotations

from typing import Any

import click

from igokit.cli_common import _kb, emit, handle_errors, output_options


def flat(ev: Any) -> dict[str, Any]:
    """One event as a flat row (CSV and the table): its reports counted, the first one shown."""
    first = ev.reports[0] if ev.reports else None
    return {
        "type": ev.type, "actors": ";".join(ev.actors), "object": ev.object, "date": ev.date,
        "precision": ev.precision, "place": ev.place, "cameo": ev.cameo,
        "n_reports": ev.n_reports,
        "languages": ";".join(sorted({r.lang for r in ev.reports if r.lang})),
        "documents": ";".join(sorted({str(r.doc_id) for r in ev.reports if r.doc_id})),
        "reported": any(r.reported for r in ev.reports),
        "check": ev.check.verdict if ev.check else None,
        "variants": "; ".join(f"{k}: {', '.join(v)}" for k, v in ev.variants.items()),
        "passage": first.text if first else None,
    }


@click.command("events")
@click.option("--org", default="SCO", show_default=True, help="Organization.")
@click.option("--type", "types", multiple=True, metavar="T",
              help="Only events of this type (repeatable), e.g. summit_held.")
@click.option("--country", help="Only events involving this state (ISO3: actor, object, place).")
@click.option("--from", "year_from", type=int, help="From this year (undated events left out).")
@click.option("--to", "year_to", type=int, help="To this year.")
@click.option("--merged/--reports", default=True, show_default=True,
              help="One row per event (its reports merged) or one per report.")
@click.option("--counts", type=click.Choice(["type", "actor", "year", "chair_term"]),
              help="Count the events instead of listing them.")
@output_options
@click.pass_context
@handle_errors
def events_cmd(ctx: click.Context, org: str, types: tuple[str, ...], country: str | None,
               year_from: int | None, year_to: int | None, merged: bool, counts: str | None,
               as_json: bool, as_csv: bool) -> None:
    """Events read from the ingested documents (who did what, when, where), merged across
    reports and languages and checked against the knowledge base."""
    from igokit.api import Rows, event_counts, events

    kb = _kb(ctx)
    rows = events(kb, org=org, country=country.upper() if country else None,
                  year_from=year_from, year_to=year_to, types=list(types) or None,
                  merged=merged)
    if counts:
        table = event_counts(kb, by=counts, org=org, events_=rows)
        emit(table, [("key", counts), ("n_events", "Events"), ("n_reports", "Reports")],
             f"{org} events by {counts}", as_json, as_csv)
        return
    if as_json:
        out = Rows([ev.to_dict() for ev in rows], read_as=rows.read_as, query=rows.query)
        emit(out, [], "", True, False)
        return
    flat_rows = Rows([flat(ev) for ev in rows], read_as=rows.read_as, query=rows.query)
    emit(flat_rows, [("date", "Date"), ("type", "Type"), ("actors", "Actors"),
                     ("object", "Object"), ("place", "Place"), ("n_reports", "Reports"),
                     ("languages", "Lang"), ("check", "KB")],
         f"{org} events ({len(rows)})", as_json, as_csv)
