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

#: UN (E-Government Survey, UN DESA), FAO and World Bank spellings that pycountry lacks.
ALIASES: dict[str, str] = {
    "türkiye": "TUR", "turkey": "TUR",
    "georgia (country)": "GEO",
    "côte d'ivoire": "CIV", "cote d'ivoire": "CIV", "ivory coast": "CIV",
    "republic of korea": "KOR", "korea, rep.": "KOR", "south korea": "KOR",
    "democratic people's republic of korea": "PRK", "korea, dem. people's rep.": "PRK",
    "north korea": "PRK",
    "republic of moldova": "MDA", "moldova": "MDA",
    "united republic of tanzania": "TZA", "tanzania": "TZA",
    "democratic republic of the congo": "COD", "congo, dem. rep.": "COD",
    "congo": "COG", "congo, rep.": "COG",
    "iran (islamic republic of)": "IRN", "iran, islamic rep.": "IRN", "iran": "IRN",
    "bolivia (plurinational state of)": "BOL", "bolivia": "BOL",
    "venezuela (bolivarian republic of)": "VEN", "venezuela, rb": "VEN", "venezuela": "VEN",
    "micronesia (federated states of)": "FSM", "micronesia, fed. sts.": "FSM",
    "micronesia": "FSM",
    "united kingdom of great britain and northern ireland": "GBR", "united kingdom": "GBR",
    "united states of america": "USA", "united states": "USA",
    "russian federation": "RUS", "russia": "RUS",
    "viet nam": "VNM", "vietnam": "VNM",
    "lao people's democratic republic": "LAO", "lao pdr": "LAO", "laos": "LAO",
    "syrian arab republic": "SYR", "syria": "SYR",
    "netherlands (kingdom of the)": "NLD", "netherlands": "NLD",
    "china, mainland": "CHN", "china": "CHN",
    "kyrgyz republic": "KGZ", "kyrgyzstan": "KGZ",
    "slovak republic": "SVK", "czech republic": "CZE", "czechia": "CZE",
    "egypt, arab rep.": "EGY", "gambia, the": "GMB", "bahamas, the": "BHS",
    "yemen, rep.": "YEM", "hong kong, china": "HKG", "macao, china": "MAC",
    "swaziland": "SWZ", "eswatini": "SWZ", "cabo verde": "CPV", "cape verde": "CPV",
    "the former yugoslav republic of macedonia": "MKD", "north macedonia": "MKD",
    "state of palestine": "PSE", "palestine": "PSE",
    "brunei darussalam": "BRN", "timor-leste": "TLS",
    "saint kitts and nevis": "KNA", "saint lucia": "LCA",
    "saint vincent and the grenadines": "VCT", "sao tome and principe": "STP",
}


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
