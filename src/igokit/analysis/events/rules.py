"""The event rules: cue words per event type and language and the CAMEO mapping, read from
``data/event_rules/events.v1.yaml`` (data a domain expert edits; see docs/events.md).

The file is read with :class:`igokit.analysis.claims.lexicon.Rules` (the claim rules' reader):
a bad pattern, an unknown type or a missing group raises :class:`~igokit.errors.DataError`
naming ``file:line``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from igokit.analysis.claims.lexicon import Rules
from igokit.analysis.events.model import EVENT_TYPES
from igokit.errors import DataError
from igokit.kb.freshness import data_dir
from igokit.kb.yamlfile import Record

__all__ = ["EventRules", "default_rules_path", "load_rules", "rules"]


def default_rules_path() -> Path:
    return data_dir() / "event_rules" / "events.v1.yaml"


@dataclass(frozen=True, slots=True)
class EventRules:
    """The compiled rules: a regex per event type (its verbs), the CAMEO code per type, the
    document and initiative nouns, the "today" words, the body names and the summit settings."""

    cues: dict[str, re.Pattern[str]]
    cameo: dict[str, str | None]
    document_nouns: list[tuple[str, re.Pattern[str]]]  # (kind, its words)
    initiative_nouns: re.Pattern[str]
    today: re.Pattern[str]
    bodies: list[tuple[str, re.Pattern[str]]]
    path: Path
    #: a summit named with a place (and a day) but no verb: "the summit in Ufa yesterday"
    summit_settings: re.Pattern[str] = re.compile("(?!)")
    yesterday: re.Pattern[str] = re.compile("(?!)")
    #: who attended a summit, naming it without the word: "the heads of state met in Moscow"
    summit_attendees: re.Pattern[str] = re.compile("(?!)")
    #: the line before a list of decisions or documents: "Among the decisions agreed were:"
    list_intros: re.Pattern[str] = re.compile("(?!)")
    #: a state in an event's words: "has been an observer since 2005", "joined the treaty"
    not_events: re.Pattern[str] = re.compile("(?!)")
    #: what the words naming an initiative the knowledge base does not know must look like
    initiative_phrases: re.Pattern[str] = re.compile("(?!)")
    #: any cue of any type or a summit setting: a sentence without one has no event (a fast
    #: first look before the detectors)
    any_cue: re.Pattern[str] = re.compile("(?!)")


def load_rules(path: Path | None = None) -> EventRules:
    """Read, check and compile a rules file (DataError with ``file:line`` on any problem)."""
    r = Rules(path or default_rules_path())
    name = r.name
    cameo_node = r.data.get("cameo")
    cameo: dict[str, str | None] = {}
    if not isinstance(cameo_node, Record):
        r.problems.append(f"{name}:1: group 'cameo' is missing")
    else:
        for key, value in cameo_node.items():
            if key not in EVENT_TYPES:
                r.problems.append(f"{cameo_node.where}: cameo: unknown event type {key!r}")
            elif value is not None and not re.fullmatch(r"\d{2,4}", str(value)):
                r.problems.append(f"{cameo_node.where}: cameo.{key}: {value!r} is not a CAMEO "
                                  "code (two to four digits, quoted)")
            else:
                cameo[key] = None if value is None else str(value)
    cues: dict[str, re.Pattern[str]] = {}
    cue_node = r.data.get("cues")
    if not isinstance(cue_node, Record):
        r.problems.append(f"{name}:1: group 'cues' is missing")
    else:
        for key, node in cue_node.items():
            if key not in EVENT_TYPES:
                r.problems.append(f"{cue_node.where}: cues: unknown event type {key!r}")
                continue
            if not isinstance(node, Record):
                r.problems.append(f"{cue_node.where}: cues.{key} must be a mapping of languages")
                continue
            cues[key] = re.compile(r._alternation(node, f"cues.{key}", "left"))
    bodies = [(eid, re.compile(r"(?<![\w-])(?:" + alt + ")"))
              for eid, alt in r.ordered("bodies", "id")]
    compiled = EventRules(
        cues=cues,
        cameo=cameo,
        document_nouns=[(kind, re.compile(r"(?<![\w-])(?:" + alt + ")"))
                        for kind, alt in r.ordered("document_nouns", "kind")],
        initiative_nouns=r.compile("initiative_nouns", "left"),
        today=r.compile("today", "both"),
        bodies=bodies,
        path=r.path,
        summit_settings=r.compile("summit_settings", "left"),
        yesterday=r.compile("yesterday", "left"),
        summit_attendees=r.compile("summit_attendees", "left"),
        list_intros=r.compile("list_intros", "left"),
        not_events=r.compile("not_events", "left"),
        initiative_phrases=re.compile(r"^(?:" + r._alternation(
            r.data["initiative_phrases"], "initiative_phrases", "none") + ")")
        if isinstance(r.data.get("initiative_phrases"), Record) else re.compile("(?!)"),
    )
    if r.problems:
        raise DataError(r.problems)
    every = [c.pattern for c in cues.values()] + [compiled.summit_settings.pattern]
    return dataclasses.replace(compiled, any_cue=re.compile("|".join(f"(?:{p})" for p in every)))


@lru_cache(maxsize=1)
def rules() -> EventRules:
    """The shipped rules, read once."""
    return load_rules()
