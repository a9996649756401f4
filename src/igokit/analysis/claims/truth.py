"""What the knowledge base says, as intervals of days during which a proposition holds.

Every function returns :class:`Truth`: the half-open day intervals when the proposition held,
and the statements (with sources) it rests on. Verdicts and text dating are computed from these.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from igokit.kb import facts
from igokit.kb.knowledge_base import KnowledgeBase

Interval = tuple[dt.date, dt.date | None]  # [start, end); None = still holds


@dataclass(slots=True)
class Evidence:
    statement: int
    text: str
    sources: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "text": self.text, "sources": self.sources}


@dataclass(slots=True)
class Truth:
    intervals: list[Interval] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    #: the intervals of the status in its strict sense (without the equivalences of a status
    #: reform): "true at another time" is judged on these alone
    strict: list[Interval] | None = None
    #: other days the sources give for the start, with what happened then: a status decided
    #: at a summit and put into effect by a memorandum signed later is dated either way
    also: list[tuple[str, str]] = field(default_factory=list)

    def holds_on(self, day: dt.date) -> bool:
        return any(s <= day and (e is None or day < e) for s, e in self.intervals)

    def holds_before(self, day: dt.date) -> bool:
        return any(s < day for s, _ in self.intervals)

    def ever(self) -> bool:
        return bool(self.intervals if self.strict is None else self.strict)


def _also_dated(qualifiers: dict[str, Any]) -> list[tuple[str, str]]:
    """The other start dates a membership statement's qualifiers give (docs/data-format.md):
    ``memorandum_signed`` (the memorandum that put a decided status into effect) and
    ``start_also`` (a date or list of dates other sources give, e.g. a ratification)."""
    out = []
    if qualifiers.get("memorandum_signed"):
        out.append((str(qualifiers["memorandum_signed"]), "its memorandum was signed"))
    also = qualifiers.get("start_also") or []
    for day in [also] if isinstance(also, str | int) else also:
        out.append((str(day), "some sources date it"))
    return out


#: accession steps a membership statement's qualifiers date (docs/data-format.md), by the claim
#: relation that names them
_STEP_QUALIFIERS = {
    "procedure_started": ("accession_launched",),
    "memorandum_signed": ("obligations_signed", "memorandum_signed"),
}


def _steps_dated(qualifiers: dict[str, Any]) -> dict[str, str]:
    """The accession steps the qualifiers date: relation → day (as written, any precision)."""
    out = {}
    for relation, keys in _STEP_QUALIFIERS.items():
        for key in keys:
            if qualifiers.get(key):
                out[relation] = str(qualifiers[key])
                break
    return out


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _merge(intervals: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s, e in sorted(intervals, key=lambda x: x[0]):
        if out and (out[-1][1] is None or s <= out[-1][1]):
            last_s, last_e = out[-1]
            out[-1] = (last_s, None if last_e is None or e is None else max(last_e, e))
        else:
            out.append((s, e))
    return out


def format_interval(iv: Interval) -> str:
    s, e = iv
    return f"{s.isoformat()} .. {(e - dt.timedelta(days=1)).isoformat() if e else 'today'}"


class KBTruth:
    """Propositions about one organization, answered from the knowledge base.

    Every knowledge-base lookup is read once per instance (summits, chairs, offices, seats,
    the founding, sources): the checker that owns it is rebuilt when the knowledge base's
    version changes (:func:`igokit.analysis.claims.checker_for`), so a claim never repeats a
    query another claim made."""

    def __init__(self, kb: KnowledgeBase, org: str = "SCO") -> None:
        self.kb = kb
        self.org = org
        self._sources: dict[int, list[str]] = {}
        rows = facts.membership_rows(kb.conn, org)
        self._chairs: list[dict[str, Any]] | None = None
        self._offices: dict[str, list[dict[str, Any]]] = {}
        self._summits: dict[str, tuple[Any, ...]] = {}
        self._seats: dict[str, list[tuple[str, Truth]]] = {}
        self._founded: tuple[dict[str, Any] | None, Evidence | None] | None = None
        self._predecessor: tuple[str | None] | None = None
        self.memberships = [
            {
                "id": r[0],
                "subject": r[1],
                "status": r[2],
                "start": _d(r[3]),
                "end": _d(r[4]),
                "name": r[5],
                "founding": bool(json.loads(r[6]).get("founding")),
                "also": _also_dated(json.loads(r[6])),
                "steps": _steps_dated(json.loads(r[6])),
            }
            for r in rows
        ]

    # -- helpers -----------------------------------------------------------------------------
    def sources(self, sid: int) -> list[str]:
        if sid not in self._sources:
            self._sources[sid] = facts.sources_of_statements(self.kb.conn, [sid])
        return self._sources[sid]

    def _ev(self, sid: int, text: str) -> Evidence:
        return Evidence(sid, text, self.sources(sid))

    # -- memberships ---------------------------------------------------------------------------
    def status(self, country: str, status: str, lenient: bool = True) -> Truth:
        """``country`` had ``status`` in the organization, in the source's own words across a
        status reform: after the 2025 merger an "observer" or "dialogue partner" is a partner,
        and "partner" covers both statuses it replaced (``status_merger`` in the rules file).
        ``lenient=False``: the old words in their strict sense (a text written before the
        reform, read later: its "dialogue partner" is outdated once the status was merged)."""
        accepted = self._equivalents(status) if lenient else {status}
        t = Truth(strict=[])
        for m in self.memberships:
            if m["subject"] == country and m["status"] in accepted and m["start"]:
                t.intervals.append((m["start"], m["end"]))
                if m["status"] == status:
                    t.strict.append((m["start"], m["end"]))  # type: ignore[union-attr]
                    t.also += m["also"]
                t.evidence.append(
                    self._ev(
                        m["id"], f"{m['name']}: {m['status']} [{m['start']}, {m['end'] or '…'})"
                    )
                )
        t.intervals = _merge(t.intervals)
        return t

    def steps(self, country: str, status: str) -> list[tuple[str, str, Evidence]]:
        """The dated steps by which ``country`` reached ``status`` (strict sense), in order:
        (relation, day as written, evidence). The decision that granted the status is its
        start (``admission_approved``); the procedure's launch and the memorandum are the
        statement's qualifiers."""
        out: list[tuple[str, str, Evidence]] = []
        for m in self.memberships:
            if m["subject"] != country or m["status"] != status or not m["start"]:
                continue
            ev = self._ev(m["id"], f"{m['name']}: {status} from {m['start']}")
            out += [(rel, day, ev) for rel, day in m["steps"].items()]
            start = m["start"].isoformat()
            out.append(("admission_approved", start, ev))
        return sorted(out, key=lambda x: x[1])

    def _equivalents(self, status: str) -> set[str]:
        from igokit.analysis.claims.lexicon import STATUS_MERGER as mg

        if mg.org != self.org:
            return {status}
        if status in mg.merged:
            return {status, mg.into}
        if status == mg.into:
            return {status, *mg.merged}
        return {status}

    def statuses_of(self, country: str) -> list[dict[str, Any]]:
        return sorted(
            (m for m in self.memberships if m["subject"] == country),
            key=lambda m: m["start"] or dt.date.min,
        )

    def count(self, status: str, n: int) -> Truth:
        """The organization had exactly ``n`` states with ``status``."""
        rel = [m for m in self.memberships if m["status"] == status and m["start"]]
        points = sorted({m["start"] for m in rel} | {m["end"] for m in rel if m["end"]})
        t = Truth()
        for i, day in enumerate(points):
            k = sum(1 for m in rel if m["start"] <= day and (m["end"] is None or day < m["end"]))
            if k == n:
                t.intervals.append((day, points[i + 1] if i + 1 < len(points) else None))
        t.intervals = _merge(t.intervals)
        return t

    def count_on(self, status: str, day: dt.date) -> tuple[int, list[Evidence]]:
        rel = [
            m
            for m in self.memberships
            if m["status"] == status
            and m["start"]
            and m["start"] <= day
            and (m["end"] is None or day < m["end"])
        ]
        ev = [self._ev(m["id"], f"{m['name']}: {status} from {m['start']}") for m in rel]
        return len(rel), ev

    def founders(self) -> list[dict[str, Any]]:
        return [m for m in self.memberships if m["founding"]]

    # -- chair ---------------------------------------------------------------------------------
    def chairs(self) -> list[dict[str, Any]]:
        if self._chairs is not None:  # read once per checker (the KB does not change under it)
            return self._chairs
        rows = facts.chair_rows(self.kb.conn, self.org)
        self._chairs = [
            {"id": r[0], "subject": r[1], "start": _d(r[2]), "end": _d(r[3]), "name": r[4]}
            for r in rows
        ]
        return self._chairs

    def chair(self, country: str) -> Truth:
        t = Truth()
        for c in self.chairs():
            if c["subject"] == country and c["start"]:
                t.intervals.append((c["start"], c["end"]))
                t.evidence.append(
                    self._ev(c["id"], f"{c['name']} chairs [{c['start']}, {c['end'] or '…'})")
                )
        return t

    def chair_on(self, day: dt.date) -> dict[str, Any] | None:
        for c in self.chairs():
            if c["start"] and c["start"] <= day and (c["end"] is None or day < c["end"]):
                return c
        return None

    # -- offices -------------------------------------------------------------------------------
    def offices(self, role: str) -> list[dict[str, Any]]:
        if role in self._offices:
            return self._offices[role]
        rows = facts.office_rows(self.kb.conn, role, self.org)
        self._offices[role] = [
            {
                "id": r[0],
                "subject": r[1],
                "start": _d(r[2]),
                "end": _d(r[3]),
                "name": r[4],
                "body": r[5],
            }
            for r in rows
        ]
        return self._offices[role]

    def office(self, person: str, role: str) -> Truth:
        t = Truth()
        for o in self.offices(role):
            if o["subject"] == person and o["start"]:
                t.intervals.append((o["start"], o["end"]))
                t.evidence.append(
                    self._ev(o["id"], f"{o['name']}: {role} [{o['start']}, {o['end'] or '…'})")
                )
        return t

    # -- summits, founding, seats --------------------------------------------------------------
    def summits(self, body: str) -> list[Any]:
        """The dated meetings of ``body`` (a new list each call; the rows are read once)."""
        if body not in self._summits:
            self._summits[body] = tuple(s for s in self.kb.summits(self.org, body) if s.date)
        return list(self._summits[body])

    def founded(self) -> tuple[dict[str, Any] | None, Evidence | None]:
        if self._founded is None:
            row = facts.founded_row(self.kb.conn, self.org)
            self._founded = (None, None) if not row else (
                {"date": row[1], "place": row[2]},
                self._ev(row[0], f"{self.org} founded {row[1]} in {row[2]}"),
            )
        found, ev = self._founded
        return (dict(found) if found is not None else None), ev

    def predecessor_founded(self) -> str | None:
        if self._predecessor is None:
            self._predecessor = (facts.predecessor_start(self.kb.conn, self.org),)
        return self._predecessor[0]

    def seats(self, body: str) -> list[tuple[str, Truth]]:
        """Where ``body`` sits, each with its truth (fresh objects each call: claims keep
        their lists; the rows are read once)."""
        if body not in self._seats:
            self._seats[body] = [
                (place, Truth([(_d(start) or dt.date(1900, 1, 1), _d(end))],
                              [self._ev(sid, f"{body} seated in {place}")]))
                for sid, place, start, end in facts.seat_rows(self.kb.conn, body)
            ]
        return [(place, Truth(list(t.intervals), list(t.evidence)))
                for place, t in self._seats[body]]
