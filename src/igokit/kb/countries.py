"""Country entities from pycountry (ISO 3166-1), with Russian and Kazakh names from its
translations.

pycountry ships Debian's iso-codes with gettext catalogues for ``ru`` and ``kk``; we take the
names from there rather than typing them, and let ``data/entities/countries.yaml`` add QIDs,
a shorter English display name and hand aliases (КНР, ҚХР, Ресей, Türkiye ...).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry


@dataclass(slots=True)
class CountryNames:
    iso3: str
    iso2: str
    name: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def _translator(lang: str) -> gettext.NullTranslations:
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:  # a pycountry build without this locale
        return gettext.NullTranslations()


def iso_countries() -> list[CountryNames]:
    """Every current ISO 3166-1 country with names in English, Russian and Kazakh."""
    out: list[CountryNames] = []
    ru, kk = _translator("ru"), _translator("kk")
    for c in pycountry.countries:
        en_forms = [c.name]
        for attr in ("common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and value not in en_forms:
                en_forms.append(value)
        display = getattr(c, "common_name", None) or c.name
        names = {"en": display}
        aliases: dict[str, list[str]] = {"en": [f for f in en_forms if f != display]}
        for lang, tr in (("ru", ru), ("kk", kk)):
            forms: list[str] = []
            for form in en_forms:
                translated = tr.gettext(form)
                if translated != form and translated not in forms:
                    forms.append(translated)
            if forms:
                names[lang] = forms[0]
                aliases[lang] = forms[1:]
        out.append(CountryNames(c.alpha_3, c.alpha_2, names, aliases))
    return out
