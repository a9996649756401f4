"""Where the curated facts and an imported layer disagree about an organization's statuses.

Compared year by year (the imported layers have year precision): for each state the curated
facts hold a status of in the organization, and each year the layer covers, the statuses held
at any time that year on each side. They agree when they share a status (a mid-year change
from observer to member is both); they disagree when they share none or one side has none.
Consecutive years with the same disagreement are one row. The curated side wins in every
query; this listing is how a reviewer finds what to check (``igokit reconcile ORG``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from igokit.kb import layers as ly
from igokit.kb.queries import ORG_KINDS
from igokit.kb.resolve import resolve
from igokit.kb.results import Rows


@dataclass(slots=True)
class Disagreement:
    org: str
    iso3: str
    years: str
    curated: str  # statuses in the curated facts ("none" when it holds none those years)
    layer: str
    layer_status: str
    note: str


def _label(statuses: set[str]) -> str:
    return ", ".join(sorted(statuses)) if statuses else "none"


def reconcile(conn: sqlite3.Connection, org: str) -> Rows[Disagreement]:
    """Every disagreement between the curated facts and each imported layer for ``org``."""
    org_id = resolve(conn, org, ORG_KINDS)
    curated = ly.status_years(conn, org_id)
    curated_states = {s for s, _ in curated}
    out: list[Disagreement] = []
    for layer in ly.layer_names(conn):
        span = ly.layer_years(conn, layer, org_id)
        if span is None:
            continue
        imported = ly.status_years(conn, org_id, layer)
        for state in sorted(curated_states):
            run: tuple[int, int, str, str] | None = None
            for year in range(span[0], span[1] + 1):
                a = curated.get((state, year), set())
                b = imported.get((state, year), set())
                differ = not (a & b) and (a or b)
                key = (_label(a), _label(b)) if differ else None
                if run and key and (run[2], run[3]) == key and run[1] == year - 1:
                    run = (run[0], year, run[2], run[3])
                    continue
                if run:
                    out.append(_row(org_id, state, run, layer))
                    run = None
                if key:
                    run = (year, year, key[0], key[1])
            if run:
                out.append(_row(org_id, state, run, layer))
    return Rows(out, read_as="curated facts against every imported layer, year by year",
                query={"org": org_id})


def _row(org: str, state: str, run: tuple[int, int, str, str], layer: str) -> Disagreement:
    first, last, a, b = run
    years = str(first) if first == last else f"{first}-{last}"
    note = ("the layer has a status the curated facts do not" if a == "none" else
            "the curated facts have a status the layer does not" if b == "none" else
            "different statuses")
    return Disagreement(org, state, years, a, layer, b, note)
