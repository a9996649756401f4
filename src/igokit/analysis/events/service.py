"""Events of the ingested documents: read once from the stored extractions, cached per document
in the knowledge base (``igokit.kb.doc_events``), merged, checked, counted and put on the
initiative chronology. Everything here is reached through ``igokit.api``."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.events.merge import merge_events
from igokit.analysis.events.model import (
    EVENT_TYPES,
    INITIATIVE_TYPES,
    Event,
    EventCheck,
    EventReport,
)
from igokit.analysis.events.rules import default_rules_path
from igokit.kb import doc_events as store
from igokit.kb.documents import document_meta, list_documents, load_extraction
from igokit.kb.facts import country_initiatives, initiative_steps
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.results import Rows
from igokit.kb.store import built_stamp
from igokit.text.pipeline import PIPELINE_VERSION

__all__ = ["ChronologyRow", "EventCount", "document_events", "event_counts", "events",
           "initiative_chronology"]

#: Bumped when the extractor's logic changes (the rules file's own content is in the stamp).
EXTRACTOR_VERSION = "events.v1.1"  # v1.1: a span of years is not an event date


def _stamp(kb: KnowledgeBase) -> str:
    h = hashlib.sha256(default_rules_path().read_bytes()).hexdigest()[:12]
    return f"{EXTRACTOR_VERSION}:{PIPELINE_VERSION}:{h}:{built_stamp(kb.conn) or ''}"


def event_from_dict(d: dict[str, Any]) -> Event:
    reports = [EventReport(**r) for r in d.get("reports", [])]
    check = d.get("check")
    return Event(d["type"], list(d["actors"]), d.get("object"), d.get("date"),
                 d.get("precision"), d.get("place"), reports, d.get("cameo"),
                 {k: list(v) for k, v in (d.get("variants") or {}).items()},
                 EventCheck(**check) if check else None)


def document_events(kb: KnowledgeBase, doc_ids: Sequence[int] | None = None,
                    org: str = "SCO") -> list[Event]:
    """The events (one per report) of these ingested documents (default: all), from the cache
    where it is current, else read from the stored extraction and cached. One unreadable
    document does not stop the others (it contributes no events)."""
    from igokit.analysis.events.extract import extract_events

    docs = {d.id: d for d in list_documents(kb.conn)}
    ids = [i for i in (doc_ids if doc_ids is not None else list(docs)) if i in docs]
    stamp = _stamp(kb)
    cached = store.load_doc_events(kb.conn, ids, stamp)
    fresh: list[tuple[int, list[dict[str, Any]]]] = []
    out: list[Event] = []
    for doc_id in ids:
        if doc_id in cached:
            out += [event_from_dict(d) for d in cached[doc_id]]
            continue
        meta = document_meta(kb.conn, doc_id) or {}
        try:
            data = load_extraction(kb.conn, doc_id)
            found = extract_events(data, kb=kb, doc_date=meta.get("date"), doc_id=doc_id,
                                   org=org)
        except (KeyError, ValueError):
            found = []
        for ev in found:
            for r in ev.reports:
                r.source_ref = meta.get("url") or meta.get("path")
        fresh.append((doc_id, [e.to_dict() for e in found]))
        out += found
    store.store_doc_events(kb.conn, fresh, stamp)
    return out


def report_events(kb: KnowledgeBase, doc_id: int, checked: Any,
                  org: str = "SCO") -> list[dict[str, Any]]:
    """The events of ingested document ``doc_id`` from its claim check (``checked``: the
    :class:`~igokit.analysis.claims.CheckReport` of its stored extraction on its own date),
    in the cache's form: what a pass over the documents that checks them anyway (the report's)
    gets for the price of the cue reading alone. Store them with
    :func:`cache_document_events`."""
    from igokit.analysis.claims import checker_for
    from igokit.analysis.events.extract import events_from_report

    meta = document_meta(kb.conn, doc_id) or {}
    found = events_from_report(checker_for(kb, org), checked, doc_date=meta.get("date"),
                               doc_id=doc_id)
    for ev in found:
        for r in ev.reports:
            r.source_ref = meta.get("url") or meta.get("path")
    return [e.to_dict() for e in found]


def cache_document_events(kb: KnowledgeBase, found: Sequence[tuple[int, list[dict[str, Any]]]]
                          ) -> None:
    """Keep events read elsewhere (:func:`report_events`) as the cache
    :func:`document_events` reads (stamped with this rules and pipeline version)."""
    store.store_doc_events(kb.conn, list(found), _stamp(kb))


def _check(kb: KnowledgeBase, evs: list[Event]) -> None:
    try:
        from igokit.analysis.events.check import check_events
    except ImportError:  # the knowledge-base check is a separate module (issue 15, item 3)
        return
    check_events(kb, evs)


def _year(ev: Event) -> int | None:
    return int(ev.date[:4]) if ev.date and ev.date[:4].isdigit() else None


def _keep(ev: Event, country: str | None, year_from: int | None, year_to: int | None,
          types: Sequence[str] | None) -> bool:
    if types and ev.type not in types:
        return False
    if country and country not in ev.actors and ev.object != country and \
            not (ev.place and ev.place == country):
        return False
    y = _year(ev)
    if (year_from is not None or year_to is not None) and y is None:
        return False
    if year_from is not None and y is not None and y < year_from:
        return False
    return not (year_to is not None and y is not None and y > year_to)


def events(kb: KnowledgeBase, org: str = "SCO", country: str | None = None,
           year_from: int | None = None, year_to: int | None = None,
           types: Sequence[str] | None = None, merged: bool = True,
           check: bool = True, doc_ids: Sequence[int] | None = None) -> Rows[Event]:
    """Events read from the ingested documents: merged across reports (``merged=False``: one
    row per report), those of ``types``, involving ``country`` (actor, object or place), dated
    within ``year_from``..``year_to`` (then undated events are left out), each checked against
    the knowledge base (``event.check``). ``doc_ids``: only these documents' events."""
    unknown = [t for t in types or () if t not in EVENT_TYPES]
    if unknown:
        from igokit.errors import InputError

        raise InputError(f"unknown event type(s) {unknown}; known: {', '.join(EVENT_TYPES)}")
    evs = [e for e in document_events(kb, doc_ids, org=org)
           if _keep(e, country, year_from, year_to, types)]
    if merged:
        evs = merge_events(evs)
    if check and evs:
        _check(kb, evs)
    what = "merged events" if merged else "event reports"
    return Rows(evs, read_as=f"{len(evs)} {what} read from the ingested documents",
                query={"org": org, "country": country, "year_from": year_from,
                       "year_to": year_to, "types": list(types or []), "merged": merged})


@dataclass(slots=True)
class EventCount:
    key: str  # the type, actor, year or chair term
    n_events: int  # merged events
    n_reports: int
    by_type: dict[str, int] = field(default_factory=dict)


def _chair_terms(kb: KnowledgeBase, org: str) -> list[tuple[str, str, str | None]]:
    return [(f"{c.iso3} {(c.start or '')[:4]}–{(c.end or '')[:4]}".rstrip("–"), c.start or "",
             c.end) for c in kb.chair(org, history=True) if c.start]


def event_counts(kb: KnowledgeBase, by: str = "type", org: str = "SCO",
                 events_: Sequence[Event] | None = None, **filters: Any) -> Rows[EventCount]:
    """Merged events counted by ``type``, ``actor``, ``year`` or ``chair_term`` (the chair
    terms of the knowledge base: ``kb.chair(org, history=True)``)."""
    if by not in ("type", "actor", "year", "chair_term"):
        from igokit.errors import InputError

        raise InputError(f"count events by type, actor, year or chair_term, not {by!r}")
    evs = list(events_) if events_ is not None else events(kb, org=org, check=False, **filters)
    terms = _chair_terms(kb, org) if by == "chair_term" else []
    counts: dict[str, EventCount] = {}
    for ev in evs:
        if by == "type":
            keys = [ev.type]
        elif by == "actor":
            keys = list(ev.actors)
        elif by == "year":
            keys = [ev.date[:4] if ev.date else "undated"]
        else:
            keys = [next((t for t, s, e in terms if ev.date and s[:len(ev.date[:10])]
                          <= ev.date[:10] and (e is None or ev.date[:10] < e)), "undated"
                         if not ev.date else "no chair term")]
        for k in keys:
            c = counts.setdefault(k, EventCount(k, 0, 0))
            c.n_events += 1
            c.n_reports += ev.n_reports
            c.by_type[ev.type] = c.by_type.get(ev.type, 0) + 1
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    if by == "chair_term":  # in the order of the terms, then the events outside any
        order = {t: i for i, (t, _, _) in enumerate(sorted(terms, key=lambda x: x[1]))}
    rows = sorted(counts.values(), key=lambda c: (order.get(c.key, 99), c.key))
    return Rows(rows, read_as=f"{len(evs)} events by {by}")


@dataclass(slots=True)
class ChronologyRow:
    initiative: str  # the knowledge base's id, or the documents' short words
    name: str
    step: str  # proposed, supported, adopted, implemented
    date_docs: str | None  # the earliest date the documents give
    n_reports: int
    date_kb: str | None  # the record's date of the step
    kb_statement: int | None
    agree: bool | None  # None: one side is missing


_STEP_OF_VALUE = {"proposed": "proposed", "supported": "supported", "adopted": "adopted",
                  "signed": "adopted", "implemented": "implemented"}


def initiative_chronology(kb: KnowledgeBase, country: str = "KAZ", start: str | None = None,
                          end: str | None = None, org: str = "SCO",
                          events_: Sequence[Event] | None = None) -> Rows[ChronologyRow]:
    """The lifecycle of ``country``'s initiatives in ``org`` (proposed → supported → adopted →
    implemented) from the documents and from the knowledge base side by side, steps dated
    within ``start``..``end`` (``YYYY[-MM[-DD]]``) on either side."""
    from igokit.analysis.events.merge import dates_compatible

    evs = [e for e in (events_ if events_ is not None else events(
        kb, org=org, types=INITIATIVE_TYPES, check=False)) if e.type in INITIATIVE_TYPES]
    names = {r[0]: r[1] for r in country_initiatives(kb.conn, country, org)}
    kb_steps: dict[tuple[str, str], tuple[str | None, int]] = {}
    for iid in names:
        for sid, pred, _obj, value, when in initiative_steps(kb.conn, iid):
            step = "proposed" if pred == "proposed_by" else _STEP_OF_VALUE.get(value or "")
            if step and (iid, step) not in kb_steps:
                kb_steps[(iid, step)] = (when, int(sid))
    docs: dict[tuple[str, str], list[Event]] = {}
    for ev in evs:
        step = ev.type.removeprefix("initiative_")
        docs.setdefault((ev.object or "?", step), []).append(ev)
    rows: list[ChronologyRow] = []
    for key in sorted(set(kb_steps) | set(docs)):
        iid, step = key
        got = docs.get(key, [])
        dated = sorted(e.date for e in got if e.date)
        d_docs = dated[0] if dated else None
        d_kb, sid = kb_steps.get(key, (None, None))
        agree = (None if not got or key not in kb_steps or d_docs is None  # unknown
                 else dates_compatible(d_docs, d_kb))
        when = d_docs or d_kb
        if when and ((start and when[:len(start)] < start[:len(when)])
                     or (end and when[:len(end)] > end[:len(when)])):
            continue
        rows.append(ChronologyRow(iid, names.get(iid, iid), step, d_docs,
                                  sum(e.n_reports for e in got), d_kb, sid, agree))
    order = {"proposed": 0, "supported": 1, "adopted": 2, "implemented": 3}
    rows.sort(key=lambda r: (r.date_docs or r.date_kb or "9999", r.initiative,
                             order.get(r.step, 9)))
    return Rows(rows, read_as=f"{country}'s initiatives in {org}: documents and the record")


def type_year_table(evs: Sequence[Event]) -> dict[str, Counter[str]]:
    """Type → Counter of years (for the chart)."""
    out: dict[str, Counter[str]] = {}
    for ev in evs:
        out.setdefault(ev.type, Counter())[ev.date[:4] if ev.date else "undated"] += 1
    return out
