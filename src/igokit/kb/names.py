"""The knowledge base's names as :class:`~igokit.text.names.NameEntry` rows for the text layer."""

from __future__ import annotations

import sqlite3

from igokit.text.names import NameEntry


def name_entries(conn: sqlite3.Connection, kinds: tuple[str, ...] | None = None,
                 countries: str = "all") -> list[NameEntry]:
    """Every name and alias of every entity (``kinds`` to restrict).

    Countries are many (249) and most never occur in SCO texts; they are all included by default
    because a mention of any state matters to a reader.
    """
    sql = ("SELECT n.entity_id, e.kind, n.name, n.lang, e.name_en, n.is_acronym, e.attrs "
           "FROM names n JOIN entities e ON e.id = n.entity_id")
    params: tuple[str, ...] = ()
    if kinds:
        sql += f" WHERE e.kind IN ({','.join('?' * len(kinds))})"
        params = kinds
    out: list[NameEntry] = []
    for eid, kind, name, lang, canonical, acronym, _attrs in conn.execute(sql, params):
        if kind == "country" and name == eid:
            continue  # bare ISO codes ("IND", "CAN") collide with words and acronyms
        out.append(NameEntry(
            entity=eid, kind=kind, name=name, lang=lang or "", canonical=canonical,
            is_acronym=bool(acronym),
            iso3=eid if kind == "country" else None,
            acronym=eid if kind in ("organization", "body") else None,
        ))
    return out
