"""Everything the knowledge base holds about one entity, found by any of its names."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from igokit.kb.queries import StatementView, _entity_sources, statements_about
from igokit.kb.resolve import resolve


@dataclass(slots=True)
class EntityInfo:
    id: str
    kind: str
    name: dict[str, str]
    aliases: dict[str, list[str]]
    qid: str | None
    parent: str | None
    country: str | None
    area: str | None
    description: str | None
    attrs: dict[str, Any]
    sources: list[str]
    statements: list[StatementView] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def entity_info(conn: sqlite3.Connection, name: str) -> EntityInfo:
    """Resolve ``name`` (any language, id or alias) and gather its names, facts and sources."""
    eid = resolve(conn, name)
    row = conn.execute(
        "SELECT id, kind, name_en, name_ru, name_kk, qid, parent, country, area, description, "
        "attrs FROM entities WHERE id = ?", (eid,)
    ).fetchone()
    primary = {lang: row[i] for lang, i in (("en", 2), ("ru", 3), ("kk", 4)) if row[i]}
    aliases: dict[str, list[str]] = {}
    for lang, nm in conn.execute(
        "SELECT lang, name FROM names WHERE entity_id = ? AND is_primary = 0 ORDER BY rowid",
        (eid,),
    ):
        aliases.setdefault(lang or "any", []).append(nm)
    return EntityInfo(
        id=row[0], kind=row[1], name=primary, aliases=aliases, qid=row[5], parent=row[6],
        country=row[7], area=row[8], description=row[9], attrs=json.loads(row[10]),
        sources=_entity_sources(conn, [eid]).get(eid, []), statements=statements_about(conn, eid),
    )
