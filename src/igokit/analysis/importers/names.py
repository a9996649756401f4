"""Country names in statistical files -> ISO 3166-1 alpha-3, exactly or not at all.

A name matches when, after trimming, folding case and removing diacritics, it equals a pycountry
name (``name``, ``official_name``, ``common_name``), an ISO code, or one of the aliases below (UN
and FAO naming that pycountry spells differently). Nothing is fuzzy-matched: a name that does
not match is reported, so a curator adds an alias instead of trusting a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry


def _aliases() -> dict[str, str]:
    """Folded alias → ISO3: the agencies' spellings (``data/vocabulary/country_aliases.yaml``)
    and the curated names and aliases of ``data/entities/countries.yaml`` — no list kept here."""
    from importlib import resources
    from pathlib import Path

    import yaml

    root = Path(str(resources.files("igokit") / "data"))
    out: dict[str, str] = {}
    agencies = yaml.safe_load((root / "vocabulary" / "country_aliases.yaml").read_text("utf-8"))
    for code, names in agencies.items():
        out.update({str(n): str(code) for n in names})
    curated = yaml.safe_load((root / "entities" / "countries.yaml").read_text("utf-8")) or []
    for rec in curated:
        for forms in [*(rec.get("name") or {}).values(), *(rec.get("aliases") or {}).values()]:
            for form in forms if isinstance(forms, list) else [forms]:
                out.setdefault(str(form), str(rec["id"]))
    return out


ALIASES: dict[str, str] = _aliases()


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().strip('"').strip())
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("’", "'")
    return re.sub(r"\s+", " ", text)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                table.setdefault(fold(value), c.alpha_3)
        table.setdefault(fold(c.alpha_3), c.alpha_3)
    for alias, code in ALIASES.items():
        table[fold(alias)] = code
    return table


def iso3_of(name: str) -> str | None:
    """The ISO3 code of a country name or code, or None (never a guess)."""
    return _table().get(fold(name))


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)
