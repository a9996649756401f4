"""The names the text layer matches: one row per (entity, language, name form).

The knowledge base produces these rows (``igokit.kb.names``); the text layer only consumes them, so
``text`` never imports ``kb`` internals and can be tested with a hand-made list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One written form of an entity's name.

    ``entity``: the stable id (``KAZ``, ``SCO``, ``person:nurlan-yermekbayev`` ...).
    ``kind``: country, organization, body, person, place, document, initiative, event.
    ``name``: the form to match (a name or an alias, as curated).
    ``lang``: ``en``, ``ru``, ``kk`` or ``""`` when the form is language-neutral.
    ``canonical``: the entity's English name, for display.
    ``is_acronym``: an all-caps short form (SCO, ШОС, ШЫҰ): matched case-sensitively.
    ``iso3`` / ``acronym``: carried into mentions for countries / organizations and bodies.
    """

    entity: str
    kind: str
    name: str
    lang: str
    canonical: str
    is_acronym: bool = False
    iso3: str | None = None
    acronym: str | None = None
