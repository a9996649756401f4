"""Find an entity from a name or id written in English, Russian or Kazakh.

Exact matches (after normalization: case, ё/е, dashes, quotes) come first; otherwise the error
names the closest known names (rapidfuzz), never a guess.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

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
    """The closest known names, as ``"Name (ID)"``, from every name, alias and acronym in the
    three languages, with transliteration (anyascii: "Qazaqstan" finds Қазақстан), acronym
    letter swaps ("SOC" → SCO) and prefixes ("Shanghai Cooperation Org" → the SCO). Something is
    always suggested when the knowledge base has names of the kind asked for."""
    from rapidfuzz import fuzz  # only when a name is unknown: kept out of start-up
    from rapidfuzz.distance import DamerauLevenshtein

    kind_sql = f" WHERE e.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    rows = conn.execute(
        "SELECT n.name, n.norm, n.entity_id, n.is_acronym, e.name_en FROM names n "
        f"JOIN entities e ON e.id = n.entity_id{kind_sql}", tuple(kinds),
    ).fetchall()
    if not rows:
        return []
    query = normalize_name(name)
    latin = _ascii(query)
    scores: dict[int, float] = {}
    for i, (_, norm, _eid, acronym, _en) in enumerate(rows):
        scorer = fuzz.ratio if len(norm) < 5 < len(query) else fuzz.WRatio  # "GHA" is no hint
        score = max(scorer(query, norm), scorer(latin, _ascii(norm)))
        if norm.startswith(query) and len(query) >= 4:
            score = max(score, 95.0)  # "shanghai cooperation org" → "... organisation"
        if (acronym or len(norm) <= 6) and len(query) <= 6 and sorted(query) == sorted(norm):
            score = max(score, 97.0)  # "soc" has the letters of "sco"
        elif acronym and len(query) <= 6:
            d = DamerauLevenshtein.distance(query, norm)
            score = max(score, 90.0 - 10 * d)
        scores[i] = score
    ranked = sorted(scores, key=lambda i: -scores[i])
    good = [i for i in ranked if scores[i] >= 60] or ranked[:3]  # never an empty hint
    out: list[str] = []
    seen: set[str] = set()
    for idx in good:
        eid = rows[idx][2]
        if eid in seen:
            continue
        seen.add(eid)
        found, english = rows[idx][0], rows[idx][4]
        # "SCO (SCO)" says nothing: a name that is the id itself is shown as the English name
        out.append(f"{english if found.casefold() == eid.casefold() else found} ({eid})")
        if len(out) == limit:
            break
    return out


def _ascii(text: str) -> str:
    from anyascii import anyascii

    return str(anyascii(text)).lower()
