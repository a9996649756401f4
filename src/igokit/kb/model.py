"""The knowledge base's vocabulary: kinds, predicates, statuses and the records they make."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from igokit.kb.dates import FuzzyDate
from igokit.kb.vocabulary import STATUSES

LANGS = ("en", "ru", "kk")

ENTITY_KINDS = (
    "country",
    "organization",
    "body",
    "person",
    "place",
    "document",
    "initiative",
    "event",
)

SOURCE_KINDS = ("official", "academic", "news", "reference", "dataset")

AREAS = (
    "security",
    "economy",
    "connectivity",
    "energy",
    "digital",
    "ecology",
    "humanitarian",
    "institutions",
)

MEMBERSHIP_STATUSES = STATUSES  # data/vocabulary/statuses.yaml

STEP_STATUSES = (
    "proposed",
    "supported",
    "signed",
    "adopted",
    "in_force",
    "implemented",
    "expired",
    "superseded",
    "withdrawn",
)

MEETING_FORMATS = ("in_person", "video", "hybrid")


@dataclass(frozen=True, slots=True)
class PredicateRule:
    """What a predicate accepts: subject kinds, object kinds (empty: no object) and values."""

    subject: tuple[str, ...]
    object: tuple[str, ...] = ()
    object_required: bool = False
    values: tuple[str, ...] | None = None  # None: no value; () any text
    value_required: bool = False
    point: bool = False  # a dated step: start only, no end
    description: str = ""


PREDICATES: dict[str, PredicateRule] = {
    "membership": PredicateRule(
        ("country", "organization"), ("organization",), True, MEMBERSHIP_STATUSES, True,
        description="status of a state (or organization) in an organization",
    ),
    "chair": PredicateRule(
        ("country",), ("organization", "body"), True,
        description="rotating chairmanship of an organization",
    ),
    "office": PredicateRule(
        ("person",), ("organization", "body"), True, (), True,
        description="a post held by a person; value is the role",
    ),
    "seat": PredicateRule(
        ("organization", "body"), ("place",), True,
        description="where an organization or body sits",
    ),
    "founded": PredicateRule(
        ("organization", "body"), ("place",), False, point=True,
        description="founding date (and place)",
    ),
    "predecessor": PredicateRule(
        ("organization",), ("organization",), True, point=True,
        description="the organization this one grew out of",
    ),
    "status": PredicateRule(
        ("document", "initiative"), ("event", "organization", "country", "body"), False,
        STEP_STATUSES, True, point=True,
        description="a step in the life of a document or initiative",
    ),
    "proposed_by": PredicateRule(
        ("initiative", "document"), ("country", "person"), True, point=True,
        description="who proposed an initiative or document",
    ),
    "covers": PredicateRule(
        ("document", "initiative"), description="the period a plan or strategy covers",
    ),
    "hosted": PredicateRule(
        ("country",), ("event",), True, point=True, description="a country hosted an event",
    ),
    "priority": PredicateRule(
        ("country",), ("organization",), True, (), True,
        description="a stated priority of a chairmanship (value: short text)",
    ),
    # Produced by expanding events/*.yaml; they can be written by hand too.
    "held_in": PredicateRule(
        ("event",), ("place",), True, description="where and when a meeting took place",
    ),
    "convened_by": PredicateRule(
        ("event",), ("body", "organization"), True, point=True,
        description="the body a meeting was a session of",
    ),
    "format": PredicateRule(
        ("event",), (), False, MEETING_FORMATS, True, point=True,
        description="in person, by video or hybrid",
    ),
    "presided": PredicateRule(
        ("country",), ("event",), True, point=True,
        description="the chair presiding over a meeting",
    ),
}


@dataclass(slots=True)
class SourceRef:
    """A citation of a source by a statement, with an optional locator (page, paragraph)."""

    id: str
    locator: str | None = None


@dataclass(slots=True)
class Statement:
    """One dated fact, as loaded from YAML (or expanded from an event)."""

    subject: str
    predicate: str
    object: str | None
    value: str | None
    start: FuzzyDate | None
    end: FuzzyDate | None
    sources: list[SourceRef]
    qualifiers: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    where: str = "?"
