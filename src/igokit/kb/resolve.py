"""Find an entity from a name or id written in English, Russian or Kazakh.

Exact matches (after normalization: case, ё/е, dashes, quotes) come first; otherwise the error
names the closest known names (rapidfuzz), never a guess.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from igokit.errors import UnknownEntityError
from igokit.kb.store import normalize_name


def resolve(conn: sqlite3.Connection, name: str, kinds: Sequence[str] | None = None) -> str:
    """Return the id of the entity called ``name``; raise :class:`UnknownEntityError` if none.

    ``kinds`` restricts the search (e.g. ``("organization", "body")``). An id (``KAZ``, ``SCO``,
    ``person:...``) resolves to itself.
    """
    kinds = tuple(kinds or ())
    kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    row = conn.execute(f"SELECT id FROM entities e WHERE id = ?{kind_sql}",
                       (name.strip(), *kinds)).fetchone()
    if row:
        return str(row[0])
    upper = name.strip().upper()
    row = conn.execute(f"SELECT id FROM entities e WHERE id = ?{kind_sql}",
                       (upper, *kinds)).fetchone()
    if row and len(upper) <= 8:
        return str(row[0])
    rows = conn.execute(
        "SELECT DISTINCT n.entity_id, e.kind FROM names n JOIN entities e ON e.id = n.entity_id "
        f"WHERE n.norm = ?{kind_sql} ORDER BY n.is_primary DESC",
        (normalize_name(name), *kinds),
    ).fetchall()
    ids = list(dict.fromkeys(r[0] for r in rows))
    if len(ids) == 1:
        return str(ids[0])
    if not ids and (not kinds or "organization" in kinds):
        # an organization only an imported layer knows (COW IGO v3: ECO, TURKSOY ...)
        row = conn.execute(
            "SELECT id FROM layer_entities WHERE kind = 'organization' AND (id = ? OR "
            "upper(name_en) = ?) LIMIT 1", (upper, upper),
        ).fetchone()
        if row:
            return str(row[0])
    if len(ids) > 1:
        raise UnknownEntityError(name, [f"{i}" for i in ids], kind="ambiguous name")
    raise UnknownEntityError(name, suggest(conn, name, kinds),
                             kind="/".join(kinds) if kinds else "name")


def suggest(conn: sqlite3.Connection, name: str, kinds: Sequence[str] = (), limit: int = 5
            ) -> list[str]:
    """The closest known names, as ``"Name (ID)"``."""
    kind_sql = f" WHERE e.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    rows = conn.execute(
        f"SELECT n.name, n.norm, n.entity_id FROM names n JOIN entities e ON e.id = n.entity_id"
        f"{kind_sql}", tuple(kinds),
    ).fetchall()
    choices = {i: r[1] for i, r in enumerate(rows)}
    found = process.extract(normalize_name(name), choices, scorer=fuzz.WRatio, limit=limit * 3,
                            score_cutoff=60)
    out: list[str] = []
    for _, _, idx in found:
        label = f"{rows[idx][0]} ({rows[idx][2]})"
        if all(rows[idx][2] not in o for o in out):
            out.append(label)
        if len(out) == limit:
            break
    return out
