"""Country groups for the indicator computations: an organization's members at a date (from the
knowledge base, with the sources of each membership) or a fixed list of ISO3 codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from igokit.errors import InputError
from igokit.kb import facts


@dataclass(slots=True)
class Group:
    """The members of a group on one day and the sources that say so."""

    name: str
    on: str | None
    members: list[str]
    sources: list[str] = field(default_factory=list)


def _codes(text: str) -> list[str] | None:
    parts = [p.strip().upper() for p in text.split(",") if p.strip()]
    if len(parts) > 1 or (parts and re.fullmatch(r"[A-Z]{3}", parts[0]) and "," in text):
        bad = [p for p in parts if not re.fullmatch(r"[A-Z]{3}", p)]
        if bad:
            raise InputError(f"group {text!r}: {', '.join(bad)} are not ISO3 codes")
        return parts
    return None


def members_on(kb: Any, group: str, on: str) -> Group:
    """``group`` is an organization (``SCO``, any known name) or a comma list of ISO3 codes
    (``CHN,RUS``: the same on every date)."""
    codes = _codes(group)
    if codes is not None:
        return Group(group, None, sorted(set(codes)))
    rows = kb.members(group, on=on)
    members = sorted({r.iso3 for r in rows})
    sources = sorted({s for r in rows for s in r.sources})
    return Group(group, on, members, sources)


def year_end(year: int) -> str:
    return f"{year}-12-31"


def names(kb: Any, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    found = facts.english_names(kb.conn, ids)
    return {i: found.get(i, i) for i in ids}


def joined(*lists: list[str]) -> list[str]:
    return sorted({x for lst in lists for x in lst})
