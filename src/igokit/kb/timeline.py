"""A dated list of what happened in an organization, optionally seen from one country."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from igokit.kb.queries import ORG_KINDS, _sources_of, names
from igokit.kb.resolve import resolve
from igokit.kb.results import Rows

STATUS_WORDS = {
    "member": "member",
    "observer": "observer",
    "dialogue_partner": "dialogue partner",
    "partner": "partner",
    "associate": "associate member",
}


@dataclass(slots=True)
class TimelineEvent:
    date: str
    precision: str
    kind: str
    text: str
    subject: str
    object: str | None
    countries: list[str]
    sources: list[str]
    statement_ids: list[int] = field(default_factory=list)


def _kinds_and_countries(conn: sqlite3.Connection, ids: set[str]
                         ) -> tuple[dict[str, str], dict[str, str | None]]:
    """(id → kind, id → country) of ``ids`` and of their countries: looked up by key, so a
    timeline costs the same in a knowledge base of any size."""
    kinds: dict[str, str] = {}
    country_of: dict[str, str | None] = {}
    todo = sorted(ids)
    while todo:
        for chunk in range(0, len(todo), 900):
            part = todo[chunk:chunk + 900]
            for eid, kind, country in conn.execute(
                    f"SELECT id, kind, country FROM entities WHERE id IN "
                    f"({','.join('?' * len(part))})", part):
                kinds[eid] = kind
                country_of[eid] = country
        asked = set(todo)
        todo = sorted({c for c in country_of.values() if c and c not in kinds} - asked)
    return kinds, country_of


# (C901: one pass over every statement kind of the timeline; each branch is one kind)
def timeline(conn: sqlite3.Connection, org: str, country: str | None = None,  # noqa: C901
             year_from: int | None = None, year_to: int | None = None) -> Rows[TimelineEvent]:
    """Every dated event of ``org``: founding, status changes, chairmanships, meetings, posts,
    documents and initiatives. ``country`` keeps the events that involve that state."""
    org_id = resolve(conn, org, ORG_KINDS)
    cid = resolve(conn, country, ("country",)) if country else None
    related = {org_id} | {r[0] for r in conn.execute(
        "SELECT id FROM entities WHERE parent = ?", (org_id,))}
    marks = ",".join("?" * len(related))
    rows = conn.execute(
        f"SELECT s.id, s.subject, s.predicate, s.object, s.value, s.start, s.start_precision, "
        f"s.\"end\", s.end_precision, s.qualifiers FROM statements s "
        f"WHERE (s.object IN ({marks}) OR s.subject IN ({marks})) ORDER BY s.start_day, s.id",
        (*related, *related),
    ).fetchall()
    ids = sorted({r[1] for r in rows} | {r[3] for r in rows if r[3]})
    display = names(conn, ids)
    kinds, country_of = _kinds_and_countries(conn, set(ids))
    srcs = _sources_of(conn, [r[0] for r in rows])
    starts_on: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r[2] == "membership" and r[5]:
            starts_on.setdefault((r[1], r[3]), set()).add(r[5])
    proposals = {(r[1], r[5]): r[3] for r in rows if r[2] == "status" and r[4] == "proposed"}
    proposers = {(r[1], r[5]) for r in rows if r[2] == "proposed_by"}
    previous: dict[tuple[str, str, str], str] = {}
    for r in rows:
        if r[2] == "membership" and r[7]:
            previous[(r[1], r[3], r[7])] = r[4]

    def n(x: str | None) -> str:
        return display.get(x or "", x or "")

    out: list[TimelineEvent] = []
    for sid, subj, pred, obj, value, start, sprec, end, eprec, quals in rows:
        q = json.loads(quals)
        involved = [x for x in (subj, obj, country_of.get(subj), country_of.get(obj or ""))
                    if x and kinds.get(x) == "country"]
        base = {"subject": subj, "object": obj, "countries": sorted(set(involved)),
                "sources": srcs[sid], "statement_ids": [sid]}
        if pred == "membership" and start:
            before = previous.get((subj, obj, start))
            word = STATUS_WORDS.get(value or "", value or "")
            if before:
                text = f"{n(subj)}: {STATUS_WORDS.get(before, before)} → {word} of {n(obj)}"
            elif q.get("founding"):
                text = f"{n(subj)} is a founding member of {n(obj)}"
            else:
                text = f"{n(subj)} becomes {word} of {n(obj)}"
            out.append(TimelineEvent(start, sprec, "membership", text, **base))
            if end and end not in starts_on.get((subj, obj or ""), set()):
                out.append(TimelineEvent(end, eprec, "membership",
                                         f"{n(subj)} is no longer {word} of {n(obj)}", **base))
        elif pred == "chair" and start:
            out.append(TimelineEvent(start, sprec, "chair",
                                     f"{n(subj)} takes over the chairmanship of {n(obj)}", **base))
        elif pred == "held_in" and start:
            text = n(subj) if n(obj) in n(subj) else f"{n(subj)} ({n(obj)})"
            out.append(TimelineEvent(start, sprec, "meeting", text, **base))
        elif pred == "office" and start:
            role = (value or "").replace("-", " ")
            out.append(TimelineEvent(start, sprec, "office",
                                     f"{n(subj)} becomes {role} of {n(obj)}", **base))
        elif pred == "status" and start and value == "proposed" and (subj, start) in proposers:
            continue  # told once, by the proposed_by statement of the same day
        elif pred == "status" and start:
            where = f" at {n(obj)}" if obj and kinds.get(obj) == "event" else ""
            kind = kinds.get(subj, "document")
            out.append(TimelineEvent(start, sprec, kind,
                                     f"{n(subj)}: {(value or '').replace('_', ' ')}{where}",
                                     **base))
        elif pred == "proposed_by" and start:
            at = proposals.get((subj, start))
            where = f" at {n(at)}" if at and kinds.get(at) == "event" else ""
            out.append(TimelineEvent(start, sprec, kinds.get(subj, "initiative"),
                                     f"{n(obj)} proposes {n(subj)}{where}", **base))
        elif pred == "founded" and start:
            where = f" in {n(obj)}" if obj else ""
            out.append(TimelineEvent(start, sprec, "founding", f"{n(subj)} founded{where}",
                                     **base))
        elif pred == "predecessor" and start:
            out.append(TimelineEvent(start, sprec, "founding",
                                     f"{n(subj)} succeeds {n(obj)}", **base))
        elif pred == "seat" and start:
            out.append(TimelineEvent(start, sprec, "seat", f"{n(subj)} seated in {n(obj)}",
                                     **base))
    if cid:
        out = [e for e in out if cid in e.countries]
    if year_from is not None:
        out = [e for e in out if int(e.date[:4]) >= year_from]
    if year_to is not None:
        out = [e for e in out if int(e.date[:4]) <= year_to]
    out.sort(key=lambda e: (e.date, e.kind != "meeting", e.text))
    return Rows(out, query={"org": org_id, "country": cid, "from": year_from, "to": year_to})
