"""The indicator table: one row per observed number (entity, indicator, period, value, unit,
source).

Observations come from two places: the curated files under ``data/indicators/`` (datasets named
``builtin:<file stem>``, replaced whenever the knowledge base is rebuilt) and importers
(:mod:`igokit.analysis.importers`), one dataset per imported file or ``--dataset NAME``.
Writing a dataset replaces all its rows in one transaction, so importing the same file twice
leaves one copy, and a failed import leaves the previous copy intact.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from igokit.errors import InputError
from igokit.kb.schema import register_migration

if TYPE_CHECKING:
    import pandas as pd

register_migration(
    "0003_indicators",
    """
    CREATE TABLE observations (
        id INTEGER PRIMARY KEY, entity TEXT NOT NULL, indicator TEXT NOT NULL,
        period TEXT NOT NULL, partner TEXT, value REAL NOT NULL, unit TEXT NOT NULL,
        source_id TEXT NOT NULL, dataset TEXT NOT NULL, note TEXT
    );
    CREATE INDEX observations_indicator ON observations(indicator, entity, period);
    CREATE INDEX observations_partner ON observations(entity, partner, period);
    CREATE INDEX observations_dataset ON observations(dataset)
    """,
)

#: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
BUILTIN_PREFIX = "builtin:"
COLUMNS = ["id", "entity", "indicator", "period", "partner", "value", "unit", "source_id",
           "dataset", "note"]


@dataclass(slots=True)
class Observation:
    entity: str
    indicator: str
    period: str
    value: float
    unit: str
    source_id: str
    partner: str | None = None
    note: str | None = None


def _conn(kb_or_conn: Any) -> sqlite3.Connection:
    """Accept a :class:`~igokit.api.KnowledgeBase` or a bare connection."""
    if isinstance(kb_or_conn, sqlite3.Connection):
        return kb_or_conn
    return kb_or_conn.conn  # type: ignore[no-any-return]


def _rows(dataset: str, observations: Iterable[Observation]) -> list[tuple[Any, ...]]:
    rows = []
    for o in observations:
        if not PERIOD_RE.match(o.period):
            raise InputError(f"dataset {dataset}: period {o.period!r} is not YYYY, YYYY-MM or "
                             "YYYY-MM-DD")
        rows.append((o.entity, o.indicator, o.period, o.partner, float(o.value), o.unit,
                     o.source_id, dataset, o.note))
    return rows


def write_rows(conn: sqlite3.Connection, dataset: str, observations: Iterable[Observation]
               ) -> int:
    """Replace ``dataset`` inside the caller's transaction. Returns the number of rows."""
    rows = _rows(dataset, observations)
    conn.execute("DELETE FROM observations WHERE dataset = ?", (dataset,))
    conn.executemany(
        "INSERT INTO observations (entity, indicator, period, partner, value, unit, source_id, "
        "dataset, note) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


def replace_dataset(kb_or_conn: Any, dataset: str, observations: Iterable[Observation]) -> int:
    """Replace every row of ``dataset`` with ``observations`` in one transaction.

    Every ``source_id`` must be a source of the knowledge base (``data/sources/*.yaml``).
    """
    conn = _conn(kb_or_conn)
    obs = list(observations)
    known = {r[0] for r in conn.execute("SELECT id FROM sources")}
    missing = sorted({o.source_id for o in obs} - known)
    if missing:
        raise InputError(f"unknown source id(s) {', '.join(missing)}: add them to "
                         "src/igokit/data/sources/*.yaml or pass --source")
    conn.execute("BEGIN IMMEDIATE")
    try:
        n = write_rows(conn, dataset, obs)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return n


def delete_dataset(kb_or_conn: Any, dataset: str) -> int:
    conn = _conn(kb_or_conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        n = conn.execute("DELETE FROM observations WHERE dataset = ?", (dataset,)).rowcount
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(n)


def datasets(kb_or_conn: Any) -> pd.DataFrame:
    """One row per dataset: rows, indicators, first and last period, sources."""
    import pandas as pd

    rows = _conn(kb_or_conn).execute(
        "SELECT dataset, count(*), group_concat(DISTINCT indicator), min(period), max(period), "
        "group_concat(DISTINCT source_id) FROM observations GROUP BY dataset ORDER BY dataset"
    ).fetchall()
    return pd.DataFrame([tuple(r) for r in rows],
                        columns=["dataset", "rows", "indicators", "first", "last", "sources"])


def observations(kb_or_conn: Any, indicator: str | Iterable[str] | None = None,
                 entity: str | Iterable[str] | None = None,
                 partner: str | Iterable[str] | None = None,
                 period_from: str | int | None = None, period_to: str | int | None = None,
                 dataset: str | None = None, totals_only: bool = False) -> pd.DataFrame:
    """Observations as a DataFrame (columns :data:`COLUMNS`), ordered by indicator, entity,
    partner, period.

    Each filter takes one value or several. ``period_from``/``period_to`` compare by prefix, so
    ``period_to=2023`` includes ``2023-06``. ``totals_only`` keeps rows without a partner.
    """
    import pandas as pd

    sql = f"SELECT {', '.join(COLUMNS)} FROM observations WHERE 1=1"
    params: list[Any] = []
    for col, value in (("indicator", indicator), ("entity", entity), ("partner", partner)):
        if value is None:
            continue
        values = [value] if isinstance(value, str) else list(value)
        sql += f" AND {col} IN ({','.join('?' * len(values))})"
        params.extend(values)
    if period_from is not None:
        sql += " AND period >= ?"
        params.append(str(period_from))
    if period_to is not None:
        to = str(period_to)
        sql += " AND substr(period, 1, ?) <= ?"
        params.extend([len(to), to])
    if dataset is not None:
        sql += " AND dataset = ?"
        params.append(dataset)
    if totals_only:
        sql += " AND partner IS NULL"
    sql += " ORDER BY indicator, entity, partner, period, id"
    rows = _conn(kb_or_conn).execute(sql, params).fetchall()
    return pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS)


def best(frame: pd.DataFrame) -> pd.DataFrame:
    """One value per (entity, indicator, period, partner): imported data before built-in
    figures; ``sources`` lists every source whose value agrees (to 4 significant digits) with the
    one kept, and ``datasets`` the datasets they came from."""
    import pandas as pd

    if frame.empty:
        return frame.assign(sources=pd.Series(dtype=object), datasets=pd.Series(dtype=object))
    keys = ["entity", "indicator", "period", "partner"]
    work = frame.copy()
    work["_p"] = work["partner"].astype(object).where(work["partner"].notna(), "")
    work["_builtin"] = work["dataset"].str.startswith(BUILTIN_PREFIX)
    work = work.sort_values(["_builtin", "id"], kind="stable")
    gkeys = ["entity", "indicator", "period", "_p"]
    first = work.drop_duplicates(gkeys)
    both = work.merge(first[[*gkeys, "value"]], on=gkeys, suffixes=("", "_kept"))
    tol = 5e-4 * both["value_kept"].abs().clip(lower=1e-9)
    agree = both[(both["value"] - both["value_kept"]).abs() <= tol]
    grouped = agree.groupby(gkeys, sort=False).agg(
        sources=("source_id", lambda s: sorted(set(s))),
        datasets=("dataset", lambda s: sorted(set(s))))
    out = first.merge(grouped.reset_index(), on=gkeys, how="left")
    out = out.drop(columns=["_p", "_builtin"])
    return out.sort_values(keys, na_position="first").reset_index(drop=True)
