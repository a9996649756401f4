"""Find city names in any case form, even where entity linking leaves them out on purpose.

The linker does not report "Astana" in "the Astana summit" (there it names an event, not the
city), but a claim about where a summit was held needs exactly that city. A stem regex over the
knowledge base's place names in the three languages finds it in any case form (Астане,
Астанада, Ташкентском, Бейжіңдегі).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from igokit.analysis.claims import lexicon as lx
from igokit.kb import facts


@dataclass(frozen=True, slots=True)
class PlaceHit:
    start: int
    end: int
    place: str


def _stem(name: str) -> str:
    low = name.lower().replace("ё", "е")
    # a final vowel, soft sign or й changes with the case ending: Астана → Астане,
    # Тяньцзинь → Тяньцзине, Шанхай → Шанхае
    if re.search("[а-яәғқңөұүһі]", low) and len(low) > 4 and low[-1] in "аеиоуыяәіьй":
        return low[:-1]
    return low


class PlaceFinder:
    def __init__(self, conn: sqlite3.Connection) -> None:
        stems: dict[str, str] = {}
        for eid, name in facts.place_names(conn):
            stem = _stem(name)
            if len(stem) >= 3:
                stems.setdefault(stem, eid)
        self._by_stem = stems
        alternatives = sorted(stems, key=len, reverse=True)
        self._re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alternatives)) + r")(\w*)")

    def find(self, low_text: str, offset: int = 0) -> list[PlaceHit]:
        """Places in an already lower-cased text ("Shanghai" in "Shanghai Cooperation
        Organisation", "Shanghai Five" or "Shanghai spirit" is not the city)."""
        out = []
        for m in self._re.finditer(low_text):
            if _NOT_A_PLACE.match(low_text, m.end()):
                continue
            if m.group(2) and m.group(1).isascii():
                continue  # Latin names take no endings: "Goa" is not in "goals"
            out.append(PlaceHit(m.start() + offset, m.end() + offset, self._by_stem[m.group(1)]))
        return out


_NOT_A_PLACE = lx.NOT_A_PLACE_RE
