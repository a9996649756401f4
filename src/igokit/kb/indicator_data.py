"""Built-in observations: the curated files ``data/indicators/*.yaml`` (format in
docs/data-format.md, "indicators/*.yaml").

They are validated against the catalog (entities and sources must exist) and written to the
``observations`` table, dataset ``builtin:<file stem>``, in the same transaction that rebuilds
the curated facts.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from igokit.errors import DataError
from igokit.kb.catalog import Catalog
from igokit.kb.freshness import facts_dir
from igokit.kb.indicators import BUILTIN_PREFIX, PERIOD_RE, Observation, write_rows
from igokit.kb.yamlfile import Record, load_records

FOLDER = "indicators"
KEYS = {"entity", "indicator", "period", "partner", "value", "values", "unit", "source",
        "locator", "note"}
INDICATOR_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def indicator_files(root: Path | None = None) -> list[Path]:
    return sorted((root or facts_dir()).glob(f"{FOLDER}/*.yaml"))


def _period(value: object) -> str:
    return str(value).strip()


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return None


def _check(rec: Record, catalog: Catalog, problems: list[str]) -> list[Observation]:
    def bad(message: str) -> None:
        problems.append(f"{rec.where}: {message}")

    for key in rec:
        if key not in KEYS:
            bad(f"unknown key {key!r} (allowed: {', '.join(sorted(KEYS))})")
    for key, line in rec.duplicates:
        problems.append(f"{rec.file}:{line}: key {key!r} given twice in the same record")
    for key in ("indicator", "period", "unit"):
        if rec.get(key) in (None, ""):
            bad(f"missing {key!r}")
    source = rec.get("source")
    if not source:
        bad("no source: every observation must cite a source")
    elif str(source) not in catalog.sources:
        bad(f"unknown source {source!r}")
    indicator = str(rec.get("indicator") or "")
    if indicator and not INDICATOR_RE.match(indicator):
        bad(f"indicator {indicator!r} must be lower_case_with_underscores")
    period = _period(rec.get("period", ""))
    if rec.get("period") is not None and not PERIOD_RE.match(period):
        bad(f"period {period!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    partner = rec.get("partner")
    if partner is not None and str(partner) not in catalog.entities:
        bad(f"unknown partner {partner!r} (an ISO3 code or an organization id)")

    pairs: list[tuple[str, object]] = []
    values_at = rec.get("values") if isinstance(rec.get("values"), Record) else None
    if "values" in rec:
        if "entity" in rec or "value" in rec:
            bad("give either entity + value or values, not both")
        values = rec["values"]
        if not isinstance(values, dict) or not values:
            bad("values must be a mapping of entity id to number, e.g. {KAZ: 28, RUS: 42}")
        else:
            pairs = [(str(k), v) for k, v in values.items()]
    else:
        if rec.get("entity") in (None, ""):
            bad("missing 'entity' (or a 'values' mapping)")
        if "value" not in rec:
            bad("missing 'value'")
        pairs = [(str(rec.get("entity")), rec.get("value"))]

    out = []
    note = rec.get("note")
    locator = rec.get("locator")
    full_note = "; ".join(str(x) for x in (f"at: {locator}" if locator else None, note) if x)
    for entity, raw in pairs:
        if entity not in catalog.entities:
            bad(f"unknown entity {entity!r} (an ISO3 code or an organization id)")
        number = _number(raw)
        if number is None:
            where = values_at.where if values_at is not None else rec.where
            problems.append(f"{where}: value for {entity} must be a number, not {raw!r}")
            continue
        out.append(Observation(entity=entity, indicator=indicator, period=period, value=number,
                               unit=str(rec.get("unit") or ""), source_id=str(source or ""),
                               partner=None if partner is None else str(partner),
                               note=full_note or None))
    return out


def load_indicator_files(catalog: Catalog, root: Path | None = None
                         ) -> dict[str, list[Observation]]:
    """Read and validate every file; raise :class:`DataError` listing all problems.

    Returns the observations per dataset name (``builtin:<file stem>``).
    """
    root = root or facts_dir()
    problems: list[str] = []
    out: dict[str, list[Observation]] = {}
    for path in indicator_files(root):
        name = str(path.relative_to(root))
        records, found = load_records(path, name)
        problems.extend(found)
        rows: list[Observation] = []
        for rec in records:
            rows.extend(_check(rec, catalog, problems))
        out[BUILTIN_PREFIX + path.stem] = rows
    if problems:
        raise DataError(problems)
    return out


def write_builtin(conn: sqlite3.Connection, builtin: dict[str, list[Observation]]) -> int:
    """Replace every built-in dataset (inside the caller's transaction)."""
    conn.execute("DELETE FROM observations WHERE dataset LIKE ?", (BUILTIN_PREFIX + "%",))
    return sum(write_rows(conn, name, rows) for name, rows in builtin.items())
