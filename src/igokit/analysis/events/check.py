"""Events against the knowledge base: confirmed, new, or in conflict, with the evidence.

:func:`check_events` sets ``event.check`` on each event. The record is read through the claim
checker's truth lookups (:class:`igokit.analysis.claims.truth.KBTruth`: statuses, chairs,
summits, offices, the founding) and the entity view of the knowledge base (documents,
initiatives, persons: their statements with ids and sources), never through new SQL.

Dates are compared at the coarser of the two precisions (``2016`` is compatible with
``2016-06-24``); a meeting spanning two days (the record's ``last_day``) matches either day, and
a chairmanship taken over at a summit may start the day after it. "New" is never said of what
the record declares it holds completely (the statuses of the SCO since its founding, every
chairmanship, every year's meeting of a council the record lists every year): there the event
is a conflict.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from igokit.analysis.claims.truth import KBTruth
from igokit.analysis.events.model import Event, EventCheck
from igokit.errors import IGOkitError
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.layers import Coverage
from igokit.kb.queries import StatementView

__all__ = ["EventChecker", "check_events", "compatible", "verdict_counts"]

_COUNCILS = ("SCO-CHS", "SCO-CHG", "SCO-CFM")
_STATUSES = ("member", "observer", "dialogue_partner", "partner", "associate")
_STATUS_WORDS = {"dialogue partner": "dialogue_partner", "dialogue-partner": "dialogue_partner",
                 "full member": "member", "membership": "member", "observer status": "observer",
                 "sco partner": "partner"}
_POSTS = {"secretary-general": ("secretary-general", "SCO"), "director": ("director", "RATS"),
          "rats director": ("director", "RATS"), "rats": ("director", "RATS"),
          "deputy secretary-general": ("deputy-secretary-general", "SCO-SECRETARIAT"),
          "director-general": ("director-general", None)}
#: initiative event type → the record's step predicates/values that stand for it
_STEPS: dict[str, set[tuple[str, str | None]]] = {
    "initiative_proposed": {("proposed_by", None), ("status", "proposed")},
    "initiative_supported": {("status", "supported")},
    "initiative_adopted": {("status", "adopted"), ("status", "signed")},
    "initiative_implemented": {("status", "implemented")}}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# ----------------------------------------------------------------------------------- dates

#: how a dated accession step (a membership qualifier, docs/data-format.md) is named
_STEP_LABELS = {"procedure_started": "accession procedure launched",
                "memorandum_signed": "memorandum of obligations signed"}


def _precision_of(value: str) -> int:
    """Characters that carry the date's precision: 4 (year), 7 (month), 10 (day)."""
    return 10 if len(value) >= 10 else 7 if len(value) >= 7 else 4


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def compatible(date: str | None, kb_first: str | None, kb_last: str | None = None,
               slack_before: int = 0) -> bool:
    """Is an event on ``date`` compatible with the record's ``[kb_first, kb_last]`` (inclusive
    days or partial dates)? Compared at the coarser precision; ``slack_before`` days before
    ``kb_first`` are accepted at day precision (a chairmanship starts the day after the summit
    that handed it over). No date on either side: nothing to contradict."""
    if not date or not kb_first:
        return True
    p = min(_precision_of(date), _precision_of(kb_first))
    if p < 10:
        last = kb_last or kb_first
        return kb_first[:p] <= date[:p] <= last[:min(p, len(last))]
    d = _day(date)
    first = _day(kb_first) - dt.timedelta(days=slack_before)
    last_d = _day(kb_last) if kb_last and len(kb_last) >= 10 else _day(kb_first)
    return first <= d <= last_d


def _date_of(event: Event) -> str | None:
    """The event's date trimmed to its declared precision."""
    if not event.date:
        return None
    n = {"year": 4, "month": 7, "day": 10}.get(event.precision or "", len(event.date))
    return event.date[:n]


def _first_last(date: str) -> tuple[dt.date, dt.date]:
    """The first day and the day after the last a partial date stands for."""
    if len(date) >= 10:
        d = _day(date)
        return d, d + dt.timedelta(days=1)
    if len(date) >= 7:
        y, m = int(date[:4]), int(date[5:7])
        return dt.date(y, m, 1), dt.date(y + (m == 12), m % 12 + 1, 1)
    y = int(date[:4])
    return dt.date(y, 1, 1), dt.date(y + 1, 1, 1)


# ----------------------------------------------------------------------------------- checker

@dataclass(slots=True)
class _Evidence:
    ids: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, sid: int | None, sources: Iterable[str]) -> None:
        if sid is not None and sid not in self.ids:
            self.ids.append(sid)
        for s in sources:
            if s not in self.sources:
                self.sources.append(s)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9а-яёәғқңөұүһі]+", " ", text.casefold()).strip()


class EventChecker:
    """Checks events against one knowledge base and organization; every lookup is read once
    per checker (build one per batch of events)."""

    def __init__(self, kb: KnowledgeBase, org: str = "SCO") -> None:
        self.kb = kb
        self.org = org
        self.truth = KBTruth(kb, org)
        self._s5: list[Any] | None = None
        self._entities: dict[str, Any] = {}
        self._names: dict[str, list[tuple[str, str]]] | None = None
        self._coverage: list[Coverage] | None = None
        self._places: dict[str, str | None] = {}

    # -- lookups -------------------------------------------------------------------------------
    def _cite(self, evid: _Evidence, *rows: Any) -> None:
        """Add record rows (each with its statement ``id``) and their sources to ``evid``."""
        for row in rows:
            evid.add(row["id"], self.truth.sources(row["id"]))

    def entity(self, eid: str) -> Any:
        """The entity view (statements with ids and sources), or None if unknown."""
        if eid not in self._entities:
            try:
                self._entities[eid] = self.kb.entity(eid)
            except IGOkitError:
                self._entities[eid] = None
        return self._entities[eid]

    def names(self, kind: str) -> list[tuple[str, str]]:
        """(entity id, normalized name) of every name of every entity of ``kind``."""
        if self._names is None:
            self._names = {}
            for n in self.kb.name_entries():
                self._names.setdefault(n.kind, []).append((n.entity, _norm(n.name)))
        return self._names.get(kind, [])

    def find(self, text: str | None, kind: str) -> str | None:
        """The entity of ``kind`` a short phrase or id names: the id itself, an exact name, else
        the closest name (rapidfuzz) sharing the phrase's year, if close enough."""
        if not text:
            return None
        ent = self.entity(text)
        if ent is not None and ent.kind == kind:
            return str(ent.id)
        from rapidfuzz import fuzz

        want = _norm(text)
        years = set(_YEAR.findall(text))
        best: tuple[float, str] | None = None
        for eid, name in self.names(kind):
            if name == want:
                return eid
            if years and not years & set(_YEAR.findall(f"{eid} {name}")):
                continue
            score = fuzz.token_set_ratio(want, name)
            if score >= 80 and (best is None or score > best[0]):
                best = (score, eid)
        return best[1] if best else None

    def coverage(self) -> list[Coverage]:
        if self._coverage is None:
            self._coverage = list(self.kb.coverage(self.org))
        return self._coverage

    def covered(self, date: str | None, status: str) -> bool:
        """Does the record declare itself complete for ``status`` on ``date``?"""
        if not date:
            return False
        first, after = _first_last(date)
        if first > dt.date.today():  # the record cannot hold what has not happened yet
            return False
        return any(c.covers(first, after, status) for c in self.coverage())

    def place_country(self, place: str | None) -> str | None:
        """ISO3 of a place (an ISO3 code itself, or a place id / city slug the record knows)."""
        if not place:
            return None
        if re.fullmatch(r"[A-Z]{3}", place):
            return place
        if place not in self._places:
            pid = self.place_id(place)
            ent = self.entity(pid) if pid else None
            self._places[place] = ent.country if ent is not None else None
        return self._places[place]

    def place_id(self, place: str) -> str | None:
        if place.startswith("place:") and self.entity(place) is not None:
            return place
        slug = place.split(":", 1)[-1].replace("-", " ")
        return self.find(slug, "place")

    def summits(self, body: str) -> list[Any]:
        if body == "S5":  # the Shanghai Five's summits: an organization of their own
            if self._s5 is None:
                self._s5 = [s for s in self.kb.summits("S5") if s.date]
            return list(self._s5)
        return self.truth.summits(body)

    # -- the check -----------------------------------------------------------------------------
    def check(self, event: Event) -> EventCheck:
        handler = getattr(self, f"_{event.type}", None)
        if event.type.startswith("initiative_"):
            handler = self._initiative
        if handler is None:
            return EventCheck("new", f"the record is not checked for {event.type} events")
        result: EventCheck = handler(event)
        return result

    # summits ----------------------------------------------------------------------------------
    def _summit_held(self, ev: Event) -> EventCheck:
        date = _date_of(ev)
        bodies = [ev.object] if ev.object in (*_COUNCILS, "S5") else list(_COUNCILS)
        host = next((a for a in ev.actors if re.fullmatch(r"[A-Z]{3}", a) and a != "SCO"), None)
        want_country = self.place_country(ev.place) or host
        want_city = self.place_id(ev.place) if ev.place and not re.fullmatch(
            r"[A-Z]{3}", ev.place) else None
        candidates = [(b, s) for b in bodies for s in self.summits(b)]
        on_date = [(b, s) for b, s in candidates if compatible(date, s.date, s.end_date)]

        def where_ok(s: Any) -> bool:
            if want_city and want_city != s.city:
                return False
            return not (want_country and want_country != s.country)

        def desc(b: str, s: Any) -> str:
            span = s.date if not s.end_date or s.end_date == s.date else f"{s.date}..{s.end_date}"
            return f"{b or 'S5'} met {span} in {s.city_name} ({s.country})"

        hits = [(b, s) for b, s in on_date if where_ok(s)]
        if hits and date:
            b, s = hits[0]
            return self._summit_verdict("confirmed", f"the record has it: {desc(b, s)}", hits)
        if hits:  # no date: the place alone
            return self._summit_verdict(
                "confirmed", f"no date given; the record has {desc(*hits[0])}", hits[:1])
        if on_date and (want_city or want_country):
            return self._summit_verdict(
                "conflict", "the record has the meeting on that date elsewhere", on_date,
                expected="; ".join(desc(b, s) for b, s in on_date))
        elsewhere = [(b, s) for b, s in candidates if where_ok(s) and (want_city or want_country)
                     and date and s.date[:4] == date[:4]]
        if elsewhere:
            return self._summit_verdict(
                "conflict", "the record has the meeting there that year on another date",
                elsewhere, expected="; ".join(desc(b, s) for b, s in elsewhere))
        if date:
            year = date[:4]
            for b in bodies:
                years = {s.date[:4] for s in self.summits(b)}
                if not years:
                    continue
                lo, hi = min(years), max(years)
                complete = len(years) == int(hi) - int(lo) + 1
                if complete and lo <= year <= hi:
                    that_year = [(b, s) for s in self.summits(b) if s.date[:4] == year]
                    return self._summit_verdict(
                        "conflict", f"the record lists every meeting of {b} {lo}-{hi}; none "
                        f"matches", that_year,
                        expected="; ".join(desc(x, s) for x, s in that_year) or None)
        return EventCheck("new", "the record has no such meeting")

    def _summit_verdict(self, verdict: str, reason: str, hits: list[tuple[str, Any]],
                        expected: str | None = None) -> EventCheck:
        evid = _Evidence()
        for _b, s in hits:
            ent = self.entity(s.id)
            for st in (ent.statements if ent is not None else []):
                if st.subject == s.id and st.predicate in ("held_in", "convened_by"):
                    evid.add(st.id, st.sources)
            evid.add(None, s.sources)
        return EventCheck(verdict, reason, evid.ids, evid.sources, expected)  # type: ignore[arg-type]

    # chairs -----------------------------------------------------------------------------------
    def _chair_terms(self) -> list[dict[str, Any]]:
        return [c for c in self.truth.chairs() if c["start"]]

    def _chair_check(self, date: str | None, incoming: str | None, outgoing: str | None,
                     what: str) -> EventCheck:
        terms = self._chair_terms()
        evid = _Evidence()

        def term_desc(c: dict[str, Any]) -> str:
            return f"{c['subject']} chair from {c['start']}"

        starting = [(i, c) for i, c in enumerate(terms)
                    if compatible(date, c["start"].isoformat(), slack_before=1)]
        for i, c in starting:
            prev = terms[i - 1] if i > 0 else None
            in_ok = incoming is None or c["subject"] == incoming
            out_ok = outgoing is None or (prev is not None and prev["subject"] == outgoing)
            if in_ok and out_ok:
                self._cite(evid, c)
                if prev is not None and outgoing:
                    self._cite(evid, prev)
                return EventCheck("confirmed", f"the record has it: {term_desc(c)}",
                                  evid.ids, evid.sources)
        if incoming and date and len(date) >= 10 and not outgoing:
            holding = self.truth.chair_on(_day(date))
            if holding is not None and holding["subject"] == incoming:
                self._cite(evid, holding)
                return EventCheck("confirmed", f"{incoming} held the chairmanship then "
                                  f"({term_desc(holding)})", evid.ids, evid.sources)
        if date and date > dt.date.today().isoformat()[:len(date)]:
            return EventCheck("new", f"after the record's last {self.org} chairmanship")
        own = [c for c in terms if c["subject"] == (incoming or outgoing)]
        if incoming and outgoing:
            own = [c for i, c in enumerate(terms) if c["subject"] == incoming and i > 0
                   and terms[i - 1]["subject"] == outgoing]
        for _i, c in starting:
            self._cite(evid, c)
        if starting:
            exp = "; ".join(f"{terms[i - 1]['subject'] if i else '—'} → {c['subject']} "
                            f"from {c['start']}" for i, c in starting)
            return EventCheck("conflict", f"the record has another {what} then", evid.ids,
                              evid.sources, exp)
        if own:
            self._cite(evid, *own)
            return EventCheck("conflict", f"the record has this {what} on another date",
                              evid.ids, evid.sources, "; ".join(term_desc(c) for c in own))
        ends = [c["end"] for c in terms]
        last = None if None in ends or not ends else max(e for e in ends if e)
        if date and terms and terms[0]["start"].isoformat()[:len(date)] <= date and (
                last is None or date < last.isoformat()[:len(date)]):
            return EventCheck("conflict", f"the record lists every {self.org} chairmanship; "
                              f"it has no such {what}", expected=None)
        return EventCheck("new", f"the record has no such {what}")

    def _chair_assumed(self, ev: Event) -> EventCheck:
        incoming = next((a for a in ev.actors if re.fullmatch(r"[A-Z]{3}", a)), None)
        return self._chair_check(_date_of(ev), incoming, None, "chairmanship")

    def _chair_handed_over(self, ev: Event) -> EventCheck:
        outgoing = next((a for a in ev.actors if re.fullmatch(r"[A-Z]{3}", a)), None)
        incoming = ev.object if ev.object and re.fullmatch(r"[A-Z]{3}", ev.object) else None
        return self._chair_check(_date_of(ev), incoming, outgoing, "handover")

    # statuses ---------------------------------------------------------------------------------
    def _status_word(self, obj: str | None, default: str) -> str:
        if not obj:
            return default
        o = obj.strip().casefold().replace("_", " ")
        return _STATUS_WORDS.get(o, o.replace(" ", "_"))

    def _state(self, ev: Event) -> str | None:
        return next((a for a in ev.actors if re.fullmatch(r"[A-Z]{3}", a) and a != "SCO"), None)

    def _status_check(self, ev: Event, status: str) -> EventCheck:
        state, date = self._state(ev), _date_of(ev)
        if state is None:
            return EventCheck("new", "no state named: nothing to look up")
        rows = [m for m in self.truth.statuses_of(state) if m["status"] == status and m["start"]]
        evid = _Evidence()
        for m in rows:
            if compatible(date, m["start"].isoformat()):
                self._cite(evid, m)
                return EventCheck("confirmed", f"the record has it: {m['name']} {status} from "
                                  f"{m['start']}", evid.ids, evid.sources)
        for m in rows:  # the other start the sources give (the memorandum that put it in effect)
            for day, what in m["also"]:
                if compatible(date, day):
                    self._cite(evid, m)
                    return EventCheck("confirmed", f"the record has it: {m['name']} {status} "
                                      f"from {m['start']}; {what} on {day}", evid.ids,
                                      evid.sources)
        self._cite(evid, *rows)
        if rows:
            return EventCheck("conflict", f"the record has {state} {status} from another date",
                              evid.ids, evid.sources,
                              "; ".join(f"{state} {status} from {m['start']}" for m in rows))
        if self.covered(date, status):
            others = self.truth.statuses_of(state)
            self._cite(evid, *others)
            exp = "; ".join(f"{m['status']} [{m['start']}, {m['end'] or '…'})" for m in others)
            return EventCheck("conflict", f"the record, complete for {self.org} statuses then, "
                              f"has no {status} status for {state}", evid.ids, evid.sources,
                              exp or f"{state} has no status in {self.org}")
        return EventCheck("new", f"the record has no {status} status for {state}")

    def _status_granted(self, ev: Event) -> EventCheck:
        return self._status_check(ev, self._status_word(ev.object, "observer"))

    def _member_admitted(self, ev: Event) -> EventCheck:
        return self._status_check(ev, "member")

    def _before_status(self, ev: Event, what: str, step: str | None = None) -> EventCheck:
        """A step before a status (application, accession launched, memorandum of obligations):
        judged by the day the record keeps for it (``step``, a membership qualifier), if any;
        otherwise a step after the status began conflicts."""
        state, date = self._state(ev), _date_of(ev)
        status = self._status_word(ev.object, "member")
        if state is None:
            return EventCheck("new", "no state named: nothing to look up")
        rows = [m for m in self.truth.statuses_of(state) if m["status"] == status and m["start"]]
        evid = _Evidence()
        self._cite(evid, *rows)
        days = [m["steps"][step] for m in rows if step in m["steps"]]
        label = _STEP_LABELS.get(step or "", what)
        if days and not date:
            return EventCheck("new", f"no date to compare; the record has {state} {label} "
                              f"{days[0]}", evid.ids, evid.sources)
        if days:
            if any(compatible(date, d) for d in days):
                return EventCheck("confirmed", f"the record has it: {state} {label} {days[0]}",
                                  evid.ids, evid.sources)
            return EventCheck("conflict", f"the record has {state} {label} on another date",
                              evid.ids, evid.sources, f"{state} {label} {days[0]}")
        if date and rows and rows[0]["start"].isoformat()[:len(date)] < date:
            return EventCheck("conflict", f"{state} already had {status} status", evid.ids,
                              evid.sources, f"{state} {status} from {rows[0]['start']}")
        if rows:
            return EventCheck("new", f"the record keeps no {what}; {state} became {status} on "
                              f"{rows[0]['start']}, after it", evid.ids, evid.sources)
        return EventCheck("new", f"the record keeps no {what}")

    def _application_submitted(self, ev: Event) -> EventCheck:
        return self._before_status(ev, "applications")

    def _accession_started(self, ev: Event) -> EventCheck:
        return self._before_status(ev, "accession procedures", "procedure_started")

    def _memorandum_signed(self, ev: Event) -> EventCheck:
        status = self._status_word(ev.object, "member")
        state, date = self._state(ev), _date_of(ev)
        if status != "member" and state is not None:
            ent = self.entity(state)
            for st in (ent.statements if ent is not None else []):
                signed = st.qualifiers.get("memorandum_signed")
                if st.predicate == "membership" and st.object == self.org and signed:
                    evid = _Evidence()
                    evid.add(st.id, st.sources)
                    memo = self.entity(str(st.qualifiers.get("memorandum", "")))
                    for s2 in (memo.statements if memo is not None else []):
                        if s2.predicate == "status" and s2.value == "signed":
                            evid.add(s2.id, s2.sources)
                    if compatible(date, str(signed)):
                        return EventCheck("confirmed", f"the record has the memorandum signed "
                                          f"{signed}", evid.ids, evid.sources)
                    return EventCheck("conflict", "the record has the memorandum signed on "
                                      "another date", evid.ids, evid.sources,
                                      f"{state} memorandum signed {signed}")
        return self._before_status(ev, "memoranda of obligations", "memorandum_signed")

    # documents --------------------------------------------------------------------------------
    def _doc_steps(self, ev: Event, values: set[str], what: str, at_summits: bool = True
                   ) -> EventCheck:
        date = _date_of(ev)
        if not ev.object:  # which document is not said (a GDELT "sign formal agreement")
            return self._any_document(date, values, what)
        doc = self.find(ev.object, "document")
        if doc is None:
            return EventCheck("new", f"the record has no document like {ev.object!r}")
        ent = self.entity(doc)
        steps: list[StatementView] = [s for s in ent.statements
                                      if s.subject == doc and s.predicate == "status"
                                      and s.value in values and s.start]
        summits = ([s for b in _COUNCILS for s in self.summits(b) if doc in s.documents]
                   if at_summits else [])
        evid = _Evidence()
        for st in steps:
            if compatible(date, st.start):
                evid.add(st.id, st.sources)
                return EventCheck("confirmed", f"the record has it: {doc} {st.value} {st.start}",
                                  evid.ids, evid.sources)
        for s in summits:
            if compatible(date, s.date, s.end_date):
                evid.add(None, s.sources)
                return EventCheck("confirmed", f"the record has {doc} adopted at {s.name} "
                                  f"({s.date})", evid.ids, evid.sources)
        for st in steps:
            evid.add(st.id, st.sources)
        if steps or summits:
            exp = "; ".join([f"{doc} {st.value} {st.start}" for st in steps]
                            + [f"{doc} adopted at {s.name} {s.date}" for s in summits])
            return EventCheck("conflict", f"the record has the document {what} on another date",
                              evid.ids, evid.sources, exp)
        return EventCheck("new", f"the record has {doc} but not its {what}", [],
                          list(ent.sources))

    def _any_document(self, date: str | None, values: set[str], what: str) -> EventCheck:
        """No document named: confirmed when the record has some document's ``what`` that
        day; else new (the record does not list every agreement the SCO signs)."""
        if not date or len(date) < 10:
            return EventCheck("new", "no document named and no day: nothing to compare")
        evid, found = _Evidence(), []
        for doc in sorted({eid for eid, _ in self.names("document")}):
            ent = self.entity(doc)
            for st in (ent.statements if ent is not None else []):
                if (st.subject == doc and st.predicate == "status" and st.value in values
                        and st.start and len(st.start) >= 10 and compatible(date, st.start)):
                    evid.add(st.id, st.sources)
                    found.append(f"{doc} {st.value} {st.start}")
        if found:
            return EventCheck("confirmed", f"the record has a document {what} that day: "
                              + "; ".join(found[:5]), evid.ids, evid.sources)
        return EventCheck("new", f"no document named; the record has no document {what} "
                          f"on {date}")

    def _document_adopted(self, ev: Event) -> EventCheck:
        return self._doc_steps(ev, {"signed", "adopted"}, "adoption")

    def _entered_into_force(self, ev: Event) -> EventCheck:
        return self._doc_steps(ev, {"in_force"}, "entry into force", at_summits=False)

    # officials --------------------------------------------------------------------------------
    def _official_appointed(self, ev: Event) -> EventCheck:
        date = _date_of(ev)
        post = (ev.object or "").strip().casefold().replace("_", "-")
        role, body = _POSTS.get(post, _POSTS.get(post.replace("-", " "), (post or "all", None)))
        if "secretary" in post and "deputy" not in post:
            role, body = "secretary-general", "SCO"
        person = next((a for a in ev.actors if a.startswith("person:")), None)
        if person is None:
            return EventCheck("new", "no person named")
        surname = _norm(person.split(":", 1)[1]).split()[-1:] or [""]
        holders = self.truth.offices(role) if role != "all" else []
        mine = [o for o in holders if surname[0] and surname[0] in o["subject"].replace("-", " ")
                .split() and (body is None or o["body"] == body)]
        evid = _Evidence()
        pent = self.entity(mine[0]["subject"]) if mine else None
        views = {st.id: st for st in (pent.statements if pent is not None else [])}
        for o in mine:
            start = views[o["id"]].start if o["id"] in views else o["start"].isoformat()
            if compatible(date, start):
                self._cite(evid, o)
                return EventCheck("confirmed", f"the record has {o['name']} {role} from {start}",
                                  evid.ids, evid.sources)
        if mine:
            self._cite(evid, *mine)
            return EventCheck("conflict", "the record has the appointment on another date",
                              evid.ids, evid.sources,
                              "; ".join(f"{o['name']} {role} from {o['start']}" for o in mine))
        if date and len(date) >= 7 and holders:
            day = _first_last(date)[0]
            then = [o for o in holders if (body is None or o["body"] == body) and o["start"]
                    and o["start"] <= day and (o["end"] is None or day < o["end"])
                    and compatible(date, o["start"].isoformat())]
            if then:
                self._cite(evid, *then)
                return EventCheck("conflict", "the record has someone else appointed then",
                                  evid.ids, evid.sources,
                                  "; ".join(f"{o['name']} {role} from {o['start']}" for o in then))
        return EventCheck("new", f"the record has no {role} {person}")

    # bodies -----------------------------------------------------------------------------------
    def _body_founded(self, ev: Event) -> EventCheck:
        date = _date_of(ev)
        body = ev.object or "SCO"
        ent = self.entity(body)
        if ent is None:
            bid = self.find(body, "body") or self.find(body, "organization")
            ent = self.entity(bid) if bid else None
        if ent is None:
            return EventCheck("new", f"the record has no body {body!r}")
        founded = [s for s in ent.statements if s.subject == ent.id and s.predicate == "founded"]
        evid = _Evidence()
        want_country = self.place_country(ev.place)
        for st in founded:
            place_ok = not want_country or not st.object or (
                self.place_country(st.object) in (None, want_country))
            if compatible(date, st.start) and place_ok:
                evid.add(st.id, st.sources)
                return EventCheck("confirmed", f"the record has {ent.id} founded {st.start}"
                                  f"{' in ' + st.object_name if st.object_name else ''}",
                                  evid.ids, evid.sources)
        for st in founded:
            evid.add(st.id, st.sources)
        if founded:
            return EventCheck("conflict", "the record has another founding date or place",
                              evid.ids, evid.sources,
                              "; ".join(f"{ent.id} founded {st.start}"
                                        f"{' in ' + st.object_name if st.object_name else ''}"
                                        for st in founded))
        return EventCheck("new", f"the record has {ent.id} but not its founding", [],
                          list(ent.sources))

    # initiatives ------------------------------------------------------------------------------
    def _initiative(self, ev: Event) -> EventCheck:
        date = _date_of(ev)
        ini = self.find(ev.object, "initiative")
        if ini is None:
            return EventCheck("new", f"the record has no initiative like {ev.object!r}")
        ent = self.entity(ini)
        wanted = _STEPS[ev.type]
        steps = [s for s in ent.statements if s.subject == ini and s.start and (
            (s.predicate, None) in wanted or (s.predicate, s.value) in wanted)]
        evid = _Evidence()
        for st in steps:
            if compatible(date, st.start):
                evid.add(st.id, st.sources)
                what = st.value or st.predicate
                return EventCheck("confirmed", f"the record has {ini} {what} {st.start}",
                                  evid.ids, evid.sources)
        for st in steps:
            evid.add(st.id, st.sources)
        if steps:
            return EventCheck("conflict", "the record has this step on another date", evid.ids,
                              evid.sources, "; ".join(f"{ini} {st.value or st.predicate} "
                                                      f"{st.start}" for st in steps))
        return EventCheck("new", f"the record has {ini} but no such step", [],
                          list(ent.sources))


def check_events(kb: KnowledgeBase, events: list[Event], org: str = "SCO") -> None:
    """Set ``event.check`` on every event: confirmed, new or conflict, with the evidence
    (statement ids and source ids from the knowledge base)."""
    checker = EventChecker(kb, org)
    for ev in events:
        ev.check = checker.check(ev)


def verdict_counts(events: Iterable[Event]) -> dict[str, int]:
    """How many events got each verdict (``unchecked``: no check yet)."""
    out = {"confirmed": 0, "conflict": 0, "new": 0}
    for ev in events:
        key = ev.check.verdict if ev.check else "unchecked"
        out[key] = out.get(key, 0) + 1
    return out
