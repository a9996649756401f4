"""What an event is: the shared record of events read from documents and imported from GDELT.

``EVENT_TYPES`` is the vocabulary (the SCO's institutional events and the lifecycle of
Kazakhstan's initiatives); eval/events/real/GUIDE.md defines each type for annotators.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["EVENT_TYPES", "INITIATIVE_TYPES", "Event", "EventCheck", "EventReport"]

INITIATIVE_TYPES = ("initiative_proposed", "initiative_supported", "initiative_adopted",
                    "initiative_implemented")
#: Every event type, in the order tables list them.
EVENT_TYPES = ("summit_held", "chair_handed_over", "chair_assumed", "application_submitted",
               "accession_started", "memorandum_signed", "status_granted", "member_admitted",
               "document_adopted", "entered_into_force", "official_appointed", "body_founded",
               *INITIATIVE_TYPES)

#: Types whose actors are participants (founders, signatories), not what identifies the event.
PARTICIPANT_ACTORS = frozenset({"body_founded", "document_adopted"})

Precision = Literal["day", "month", "year"]
CheckVerdict = Literal["confirmed", "new", "conflict"]


@dataclass(slots=True)
class EventReport:
    """One report of an event: where a document (or a GDELT row) says it happened."""

    doc_id: int | None  # the ingested document (None: not stored, e.g. a string or a GDELT row)
    start: int  # the passage stating it: code-point offsets into the document's text
    end: int
    text: str  # the passage
    lang: str | None
    reported: bool = False  # reported speech ("the ministry said ...")
    source: str = "document"  # "document" or "gdelt"
    source_ref: str | None = None  # a URL or a GDELT GLOBALEVENTID
    doc_date: str | None = None  # the document's own date


@dataclass(slots=True)
class Event:
    """An event: a type, who, what, when (with its precision), where, and its reports. Reports
    of the same event across documents and languages are merged into one :class:`Event`;
    details the reports disagree on are kept side by side in ``variants``."""

    type: str
    actors: list[str]  # ISO3, SCO, body ids (SCO-CHS ...), person:Surname
    object: str | None  # a status, a body, a state, a document or initiative in short words
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: Precision | None
    place: str | None  # ISO3 or place:city
    reports: list[EventReport] = field(default_factory=list)
    cameo: str | None = None  # the CAMEO event code where one fits (GDELT users can join on it)
    #: details reports disagree on, e.g. {"date": ["2024-07-03", "2024-07-04"], "place": [...]}
    variants: dict[str, list[str]] = field(default_factory=dict)
    check: EventCheck | None = None

    @property
    def n_reports(self) -> int:
        return len(self.reports)

    def key(self) -> tuple[str, tuple[str, ...], str | None]:
        """What identifies the event for merging (type, actors, object); dates and places are
        compared apart. The founding of a body and the adoption of a document are identified by
        what was founded or adopted: texts name the founders or signatories differently (all
        six, two of them, "the SCO"), which is no reason to count two events."""
        if self.type in PARTICIPANT_ACTORS:
            return (self.type, (), self.object)
        return (self.type, tuple(sorted(self.actors)), self.object)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["n_reports"] = self.n_reports
        return out


@dataclass(slots=True)
class EventCheck:
    """The event against the knowledge base: ``confirmed`` (the record has it, compatible date
    and place), ``new`` (the record lacks it: a candidate for ``igokit propose``) or
    ``conflict`` (the record has it with another date, place or actor), with the evidence."""

    verdict: CheckVerdict
    reason: str
    statement_ids: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    expected: str | None = None  # what the record says where it conflicts
