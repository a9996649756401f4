"""Events read from a text: who did what, when, where (eval/events/real/GUIDE.md defines the types).

Two sources, one sentence context (the claim checker's: mentions, dates, places, clauses,
hedges, negations, reported speech):

* the **claims** the claim checker reads (summits, statuses, accession steps, chairmanship
  hand-overs, appointments, the founding) become events when they say something happened;
* the **cues** of ``data/event_rules/events.v1.yaml`` find what the claims do not cover: documents
  adopted or entered into force, chairmanship assumed, bodies founded, appointments without a
  date, and the lifecycle of Kazakhstan's initiatives (proposed, supported, adopted, implemented).

Plans, forecasts and negated statements are not events (the claim checker's hedge and negation
cues decide). An event's date is the date its own clause gives (else none; the document's date
only when the clause says "today").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Any

from igokit.analysis.claims import CheckReport, checker_for, reuse_extraction
from igokit.analysis.claims import lexicon as lx
from igokit.analysis.claims.base import ExtractionIndex
from igokit.analysis.claims.checker import Claim, ClaimChecker, _Sentence
from igokit.analysis.events.model import Event, EventReport
from igokit.analysis.events.rules import EventRules, rules
from igokit.kb.doc_events import entity_countries
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.text.pipeline import Extraction, extract_text

__all__ = ["extract_events", "extract_from_extraction"]

_STATUS_OF = {"became_member": ("member_admitted", "member"),
              "became_observer": ("status_granted", "observer"),
              "became_dialogue_partner": ("status_granted", "dialogue_partner"),
              "became_partner": ("status_granted", "partner")}
_STEP_OF = {"applied": "application_submitted", "memorandum_signed": "memorandum_signed",
            "procedure_started": "accession_started", "admission_approved": "accession_started"}
_STATUSES = ("dialogue_partner", "observer", "partner", "member")
_FOREIGN_MINISTERS = re.compile(
    r"foreign\s+minister|ministers\s+of\s+foreign|министр\w*\s+иностранных\s+дел|мид\b|"
    r"сыртқы\s+істер\s+министр")
_STATUS_WORDS = (("dialogue_partner", r"dialogue|диалог|серіктес"),
                 ("observer", r"observ|наблюдат|бақылаушы"))
_POST_RE = {"secretary-general": lx.SECRETARY_GENERAL_RE, "director": lx.DIRECTOR_RE}


@dataclass(slots=True)
class _Found:
    type: str
    start: int
    end: int
    actors: list[str]
    object: str | None
    date: str | None
    precision: str | None
    place: str | None
    reported: bool


def extract_events(
    text: str | Extraction | dict[str, Any],
    *,
    kb: KnowledgeBase,
    lang: str | None = None,
    doc_date: str | None = None,
    doc_id: int | None = None,
    org: str = "SCO",
) -> list[Event]:
    """The events ``text`` reports (a string, an :class:`Extraction` or its stored dict form,
    whose mentions, dates and sentences are reused). ``doc_date``: the document's own date
    (``YYYY[-MM[-DD]]``); ``lang``: its language (else each sentence's)."""
    ck = checker_for(kb, org)
    if isinstance(text, Extraction):
        ex = text
    elif isinstance(text, dict):
        ex = reuse_extraction(ck, text, doc_date)
    else:
        ex = extract_text(text, ck.linker, context_date=doc_date)
    return extract_from_extraction(ck, ex, lang=lang, doc_date=doc_date, doc_id=doc_id)


def extract_from_extraction(
    ck: ClaimChecker,
    ex: Extraction,
    *,
    lang: str | None = None,
    doc_date: str | None = None,
    doc_id: int | None = None,
) -> list[Event]:
    """The events of an extraction: its claims checked as ``igokit check`` reads them (on
    the text's own date), then read as events (:func:`events_from_report`)."""
    from igokit.analysis.claims import _check

    checked = _check(ck, ex, as_of=None, doc_date=doc_date, info={})
    return events_from_report(ck, checked, lang=lang, doc_date=doc_date, doc_id=doc_id)


def events_from_report(
    ck: ClaimChecker,
    checked: CheckReport,
    *,
    lang: str | None = None,
    doc_date: str | None = None,
    doc_id: int | None = None,
) -> list[Event]:
    """The events of a text whose claims were checked on its own date (``checked``, e.g. by
    the report's pass over the documents): its claims are reused, not read again."""
    from igokit.analysis.claims import _written_day

    if checked.probe is None:
        raise ValueError("the check report does not keep the extraction it read")
    ex = checked.probe
    day = dt.date.fromisoformat(checked.as_of)
    written = _written_day(ex, doc_date)
    claims = checked.claims
    reader = _Reader(ck, ex, rules(), doc_date)
    from_claims = [f for c in claims if (f := reader.from_claim(c)) is not None]
    cued = reader.from_cues(day, written)
    # a body named by the cues is more exact than the claim checker's founding of the SCO
    found = [f for f in cued if f.type == "body_founded"] + from_claims + cued
    titles = _title_lines(ex.text)
    # a headline, or a headline and its dateline read as one sentence (no full stop in it)
    found = [f for f in found if not any(a <= f.start < b for a, b in titles)
             or re.search(r"[.!?]\s", ex.text[f.start:f.end] + " ")]
    found = _split_states(_dedupe(found))
    out = []
    sentence_lang = {s.start: s.lang for s in ex.sentences}
    starts = sorted(sentence_lang)
    for f in found:
        s_lang = lang or _lang_at(starts, sentence_lang, f.start)
        report = EventReport(doc_id, f.start, f.end, ex.text[f.start:f.end], s_lang, f.reported,
                             doc_date=doc_date)
        out.append(Event(f.type, f.actors, f.object, f.date, f.precision,  # type: ignore[arg-type]
                         f.place, [report], cameo=reader.rules.cameo.get(f.type)))
    return out


def _title_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the headlines (not events, GUIDE): the first line of the text, and a line
    in title case, when it has no final punctuation ("Third SCO Summit Meeting Held in Moscow";
    "Главы государств ШОС подписали декларацию 2021-09-18 11:00:09"). An item of a list is
    not one ("9. Granting the Republic of ...")."""
    out = []
    first = True
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if not line:
            continue
        words = line.split()
        caps = sum(w[:1].isupper() for w in words if len(w) > 3)
        long_words = sum(len(w) > 3 for w in words) or 1
        if (line[-1] not in ".!?…:;»\"”)" and not _LIST_ITEM.match(line) and len(words) <= 25
                and (first or (len(words) >= 3 and caps / long_words >= 0.6))):
            out.append((m.start(), m.end()))
        first = False
    return out


def _lang_at(starts: list[int], by_start: dict[int, str], pos: int) -> str | None:
    from bisect import bisect_right

    i = bisect_right(starts, pos) - 1
    return by_start[starts[i]] if i >= 0 else None


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One event per type and overlapping span (the first found: claims before cues; the
    states of a list are gathered for the one-state types)."""
    out: list[_Found] = []
    for f in found:
        same = [g for g in out if g.type == f.type and g.start < f.end and f.start < g.end]
        if same:
            g = same[0]
            if f.type in _PER_STATE and f.object == g.object:
                # the claim named one state of a list the cue reads whole: keep every state
                g.actors += [a for a in f.actors if a not in g.actors]
            continue
        out.append(f)
    out.sort(key=lambda f: (f.start, f.type))
    return out


#: Types whose actor is one state: a list of states ("India and Pakistan") is one event each.
_PER_STATE = ("application_submitted", "accession_started", "memorandum_signed",
              "status_granted", "member_admitted")


def _split_states(found: list[_Found]) -> list[_Found]:
    """One event per state for the admission steps and statuses (the GUIDE's one record per
    state): "India and Pakistan became observers" is two events over one passage."""
    out: list[_Found] = []
    for f in found:
        if f.type not in _PER_STATE or len(f.actors) < 2:
            out.append(f)
            continue
        for actor in dict.fromkeys(f.actors):
            out.append(_Found(f.type, f.start, f.end, [actor], f.object, f.date, f.precision,
                              f.place, f.reported))
    return out


# A nominal mention of a step or of the founding ("по вступлению Индии", "since its creation in
# 2001"): a name of the event, not a report that it happened.
_NOMINAL = re.compile(
    r"^\W*(?:(?:its|the|his|her|their)\s+)?(?:creation|establishment|founding|formation|accession|"
    r"admission|joining|membership|вступлени\w*|присоединени\w*|приняти\w*|прием\w*|"
    r"основани\w*|создани\w*|учреждени\w*|образовани\w*)\b")
_NOMINAL_TYPES = ("accession_started", "member_admitted", "body_founded")


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


class _Reader:
    def __init__(self, ck: ClaimChecker, ex: Extraction, r: EventRules,
                 doc_date: str | None) -> None:
        self.ck, self.ex, self.rules, self.doc_date = ck, ex, r, doc_date
        self.text = ex.text
        self.countries_of = _countries(ck.kb)
        self.index = ExtractionIndex.of(ex)
        self.about_org = ck._document_is_about_org(ex)

    # -- claims ----------------------------------------------------------------------------------
    def from_claim(self, c: Claim) -> _Found | None:
        p = c.parsed
        if p is None or c.hedged or c.negated:
            return None
        found = self._from_claim(c)
        span = self.text[c.start:c.end].lower()
        state = self.rules.not_events.search(self.text[c.start:c.end + 60].lower())
        if state is not None and state.start() < c.end - c.start:
            return None  # "has been an observer since 2005": a state, not an event
        if found is not None and found.type in _NOMINAL_TYPES and _NOMINAL.search(span):
            return None
        if found is not None and found.type == "accession_started" and re.search(
                _STATUS_WORDS[0][1] + "|" + _STATUS_WORDS[1][1], span):
            return None  # "статуса партнера по диалогу ... Катару": a status, not admission
        return found

    def _from_claim(self, c: Claim) -> _Found | None:
        p = c.parsed
        assert p is not None
        reported = bool(p.attribution)
        date, precision = self._clause_date(c.start, c.end, p.clause)
        rel = p.relation
        if rel in _STATUS_OF and c.type == "status_date":
            kind, status = _STATUS_OF[rel]
            return _Found(kind, c.start, c.end, list(p.subjects), status, date, precision,
                          self._place(p.clause), reported)
        if c.type == "status" and rel in _STATUSES and p.time_source in ("past", "clause"):
            win = self.text[max(0, c.start - 40):c.end + 40].lower()
            if not lx.JOIN_RE.search(win) or lx.PRESENT_RE.search(win):
                return None
            kind = "member_admitted" if rel == "member" else "status_granted"
            return _Found(kind, c.start, c.end, list(p.subjects), rel, date, precision,
                          self._place(p.clause), reported)
        if c.type == "accession" and rel in _STEP_OF:
            status = next((s for s in _STATUSES if (p.object or "").startswith(s)), "member")
            kind = _STEP_OF[rel]
            return _Found(kind, c.start, c.end, list(p.subjects),
                          "member" if kind != "application_submitted" else status,
                          date, precision, self._place(p.clause), reported)
        if rel == "handed_over_chair" and len(p.subjects) == 2:
            return _Found("chair_handed_over", c.start, c.end, [p.subjects[0]], p.subjects[1],
                          date, precision, self._place(p.clause), reported)
        if rel == "took_office":
            return _Found("official_appointed", c.start, c.end, list(p.subjects), p.object,
                          date, precision, None, reported)
        if rel in ("founded_on", "founded_in"):
            return _Found("body_founded", c.start, c.end, ["SCO"], "SCO", date, precision,
                          self._place(p.clause), reported)
        if rel == "summit_held" and c.type == "summit":
            sent = self._sentence_low(c.start)
            if not self.rules.cues["summit_held"].search(sent):
                return None  # "became a member at the summit": the summit is a setting here
            parts = [x.strip() for x in (p.object or "").split(",")]
            place = next((x for x in parts if x.startswith("place:")), None)
            host = self.countries_of.get(place or "")
            body = p.subjects[0] if p.subjects else "SCO-CHS"
            if _FOREIGN_MINISTERS.search(sent):
                body = "SCO-CFM"
            return _Found("summit_held", c.start, c.end, [host] if host else ["SCO"], body,
                          date, precision, place, reported)
        return None

    def _sentence_low(self, pos: int) -> str:
        for s in self.ex.sentences:
            if s.start <= pos < s.end:
                return self.text[s.start:s.end].lower().replace("ё", "е")
        return ""

    def _clause_date(self, s: int, e: int, clause: tuple[int, int]
                     ) -> tuple[str | None, str | None]:
        """The date written in the clause ``[lo, hi)`` nearest the span (not a dateline's)."""
        lo, hi = clause
        dates = [d for d in self.index.dates.inside(lo, hi)
                 if d.value and d.value[:4].isdigit() and not _dateline(self.text, d)
                 and not d.spans_years]
        if not dates:
            return self._today(lo, hi)
        d = min(dates, key=lambda x: min(abs(x.start - s), abs(x.end - e)))
        value = d.value
        return value, d.precision or _precision(value)

    def _today(self, lo: int, hi: int) -> tuple[str | None, str | None]:
        low = self.text[lo:hi].lower()
        if self.doc_date and self.rules.today.search(low):
            return self.doc_date, _precision(self.doc_date)
        if self.doc_date and len(self.doc_date) == 10 and self.rules.yesterday.search(low):
            try:
                day = dt.date.fromisoformat(self.doc_date) - dt.timedelta(days=1)
            except ValueError:
                return None, None
            return day.isoformat(), "day"
        return None, None

    def _place(self, clause: tuple[int, int]) -> str | None:
        lo, hi = clause
        hits = self.ck.places.find(self.text[lo:hi].lower().replace("ё", "е"), lo)
        return hits[0].place if hits else None

    # -- cues ------------------------------------------------------------------------------------
    def from_cues(self, day: dt.date, written: dt.date | None) -> list[_Found]:
        out: list[_Found] = []
        in_list = False  # inside a list of decisions ("Among the decisions agreed were: 1. ...")
        for sent in self.ex.sentences:
            low = self.text[sent.start:sent.end].lower().replace("ё", "е")  # as ctx.low
            item = in_list and bool(_LIST_ITEM.match(self.text, sent.start))
            in_list = item or bool(self.rules.list_intros.search(low.rstrip()))
            if not item and not self.rules.any_cue.search(low):
                continue  # no cue of any type: none of the detectors below could fire
            ctx = _Sentence(self.ck, self.text, sent.start, sent.end, self.ex, self.about_org,
                            self.index)
            ctx.as_of, ctx.written = day, written
            if item:
                out += self._list_item(ctx)
                continue
            if not ctx.org_ok or ctx.is_headline():
                continue
            out += self._initiatives(ctx)
            out += self._documents(ctx)
            out += self._chairs(ctx)
            out += self._bodies(ctx)
            out += self._officials(ctx)
            out += self._summits(ctx)
            out += self._steps(ctx)
            out += self._admissions(ctx)
        return out

    def _list_item(self, ctx: _Sentence) -> list[_Found]:
        """An item of a list of decisions: the event it says (a status granted, a memorandum
        signed, an admission launched), else a document adopted (its noun, else its words)."""
        found = self._admissions(ctx) + self._steps(ctx) + self._bodies(ctx)
        if found or any(self.rules.cues[k].search(ctx.low) for k in _ITEM_TYPES):
            return found  # another event (the claims read "Launching the procedure of ...")
        m = _LIST_ITEM.match(self.text, ctx.start)
        s = m.end() if m else ctx.start
        kinds = [(rx.search(ctx.low), kind) for kind, rx in self.rules.document_nouns]
        hits = [(h.start(), kind) for h, kind in kinds if h is not None]
        obj = min(hits)[1] if hits else _phrase(self.text, s, ctx.end)
        return [self._found(ctx, "document_adopted", s, ctx.end, ["SCO"], obj)]

    def _admissions(self, ctx: _Sentence) -> list[_Found]:
        """A status granted ("granting Maldives the status of dialogue partner", "получили
        статус наблюдателя") and an admission procedure launched ("начата процедура приема
        Ирана"): the states after the cue up to the next such cue, else those before it."""
        cues = sorted((s, e, kind) for kind in ("status_granted", "accession_started")
                      for s, e in self._cues(ctx, kind))
        out: list[_Found] = []
        for i, (s, e, kind) in enumerate(cues):
            lo, hi = ctx.clause_of(s, e)
            nxt = min([c[0] for c in cues[i + 1:] if c[0] >= e] + [hi])
            prev = max([c[1] for c in cues[:i] if c[1] <= s] + [lo])
            after = [c.entity for c in ctx.countries if e <= c.start and c.end <= nxt]
            before = [c.entity for c in ctx.countries if prev <= c.start and c.end <= s
                      and s - c.end < 120]
            states = after or before
            if not states:
                continue
            obj = "member"
            if kind == "status_granted":
                win = self.text[max(lo, s - 60):min(hi, e + 100)].lower()
                found = next((st for st, w in _STATUS_WORDS if re.search(w, win)), None)
                if found is None:
                    continue
                obj = found
            out.append(self._found(ctx, kind, s, e, list(dict.fromkeys(states)), obj))
        return out

    def _steps(self, ctx: _Sentence) -> list[_Found]:
        """A memorandum of obligations signed, an application submitted, by a state."""
        out: list[_Found] = []
        for kind in ("memorandum_signed", "application_submitted"):
            for s, e in self._cues(ctx, kind):
                near = self._in_clause(ctx, ctx.countries, s, e, 120)
                if not near:
                    continue
                c = min(near, key=lambda x: (x.start > s, abs(x.start - s)))
                actors = [c.entity]
                if kind == "memorandum_signed" and c.start >= e:
                    # "signed the memoranda on the membership of India and Pakistan": each
                    actors = list(dict.fromkeys(x.entity for x in near if x.start >= e))
                status = "member"
                if kind == "application_submitted":
                    win = ctx.window(s, e, 60)
                    status = next((st for st, w in (("observer", "observ|наблюдат|бақылаушы"),
                                                    ("dialogue_partner", "dialogue|диалог"))
                                   if re.search(w, win)), "member")
                out.append(self._found(ctx, kind, s, e, actors, status))
        return out

    def _cues(self, ctx: _Sentence, kind: str) -> list[tuple[int, int]]:
        """The cue matches of ``kind`` in the sentence that are asserted: not hedged, not
        negated (absolute offsets)."""
        out = []
        for m in self.rules.cues[kind].finditer(ctx.low):
            s, e = m.start() + ctx.start, m.end() + ctx.start
            if _hedged(ctx, s, e) or ctx.negated(s, e) or _future(ctx, s, e):
                continue
            state = self.rules.not_events.search(ctx.low, max(0, m.start() - 60), m.end() + 60)
            if state is not None and state.start() <= m.start() < state.end():
                continue  # "присоединилась к договорам": the verb of a state, not of an event
            out.append((s, e))
        return out

    def _found(self, ctx: _Sentence, kind: str, s: int, e: int, actors: list[str],
               obj: str | None, place: str | None = None,
               date: tuple[str | None, str | None] | None = None) -> _Found:
        clause = ctx.clause_of(s, e)
        day, precision = date or self._clause_date(s, e, clause)
        if place is None:
            near = [p for p in ctx.places if ctx.in_clause(p, s, e)]
            place = near[0].place if near else None
        lo, hi = clause
        lo, hi = _trim(self.text, lo, hi)
        return _Found(kind, lo, hi, actors, obj, day, precision, place,
                      ctx.attribution_cue is not None)

    def _in_clause(self, ctx: _Sentence, items: list[Any], s: int, e: int,
                   reach: int = 90) -> list[Any]:
        return [x for x in items if ctx.in_clause(x, s, e)
                and min(abs(x.start - e), abs(x.end - s)) < reach]

    def _initiatives(self, ctx: _Sentence) -> list[_Found]:
        named = [m for m in ctx.mentions if m.kind == "initiative"]
        nouns = [(m.start() + ctx.start, m.end() + ctx.start)
                 for m in self.rules.initiative_nouns.finditer(ctx.low)]
        kazakh = [m for m in ctx.mentions
                  if m.entity == "KAZ" or self.countries_of.get(m.entity) == "KAZ"]
        if not named and not (nouns and kazakh):
            return []
        out: list[_Found] = []
        for kind in ("initiative_proposed", "initiative_supported", "initiative_adopted",
                     "initiative_implemented"):
            for s, e in self._cues(ctx, kind):
                near = self._in_clause(ctx, named, s, e, 120)
                if near:
                    target = min(near, key=lambda m: abs(m.start - s))
                    obj = target.entity
                else:
                    spans = [n for n in nouns if ctx.same_clause(n[0], s) and abs(n[0] - s) < 80]
                    if not spans or not self._in_clause(ctx, kazakh, s, e, 160):
                        continue
                    obj = (_phrase_before(self.text, ctx.start, spans[0][0])
                           if _KK.search(ctx.low) else _phrase(self.text, spans[0][1], ctx.end))
                    # unnamed: only words that say what the initiative is (events.v1.yaml)
                    if not obj or not self.rules.initiative_phrases.match(obj):
                        continue
                if kind == "initiative_proposed":
                    who = self._in_clause(ctx, kazakh, s, e, 160)
                    if not who and not near:
                        continue
                    if who and who[0].kind == "person" and not any(w.entity == "KAZ" for w in who):
                        actors = [who[0].entity]
                    else:
                        actors = ["KAZ"]
                elif kind == "initiative_supported":
                    states = [c.entity for c in self._in_clause(ctx, ctx.countries, s, e)
                              if c.entity != "KAZ"]
                    actors = states or ["SCO"]
                elif kind == "initiative_adopted":
                    actors = ["SCO-CHS"] if lx.SUMMIT_RE.search(ctx.low) else ["SCO"]
                else:
                    states = [c.entity for c in self._in_clause(ctx, ctx.countries, s, e)]
                    actors = states[:1] or ["KAZ"]
                found = self._found(ctx, kind, s, e, actors, obj)
                if found.date and obj and found.date[:4] in obj:
                    # the year in the initiative's own name ("2024 was declared the Year of
                    # Ecology", initiative:...-2024) says what it is, not when this step was
                    found.date = found.precision = None
                out.append(found)
        return out

    def _document_kind(self, ctx: _Sentence, s: int, e: int) -> tuple[str, int] | None:
        best: tuple[int, str, int] | None = None
        for kind, rx in self.rules.document_nouns:
            for m in rx.finditer(ctx.low):
                a = m.start() + ctx.start
                if not ctx.same_clause(a, s) or abs(a - s) > 90:
                    continue
                if best is None or abs(a - s) < best[0]:
                    best = (abs(a - s), kind, a)
        for m in ctx.mentions:
            if m.kind == "document" and ctx.same_clause(m.start, s) and abs(m.start - s) < 120:
                return m.entity, m.start
        return (best[1], best[2]) if best else None

    def _documents(self, ctx: _Sentence) -> list[_Found]:
        out: list[_Found] = []
        for kind in ("document_adopted", "entered_into_force"):
            for s, e in self._cues(ctx, kind):
                doc = self._document_kind(ctx, s, e)
                if doc is None:
                    continue
                obj = doc[0]
                if kind == "document_adopted":
                    before = [c.entity for c in self._in_clause(ctx, ctx.countries, s, e)
                              if c.end <= s]
                    actors = before if len(before) >= 2 else ["SCO"]
                else:
                    actors = ["SCO"]
                ev = self._found(ctx, kind, s, e, actors, obj)
                more = (self._more_documents(ctx, doc[1], ctx.end)
                        if kind == "document_adopted" else [])
                if more:
                    ev.end = _trim(self.text, ev.start, more[0][0])[1]
                out.append(ev)
                for a, b, other in more:
                    out.append(_Found(kind, a, b, actors, other, ev.date, ev.precision, ev.place,
                                      ev.reported))
        return out

    def _more_documents(self, ctx: _Sentence, first: int, end: int
                        ) -> list[tuple[int, int, str]]:
        """The further documents of a list ("signed the Charter, the Declaration and the
        Agreement"): an item after the first document's that opens with a document noun (within
        its first words; a noun deeper in an item belongs to the first one's title)."""
        out: list[tuple[int, int, str]] = []
        items = list(_LIST_SEP.finditer(self.text, first, end))
        bounds = [m.end() for m in items] + [end]
        for a, b in itertools.pairwise(bounds):
            head = " ".join(_WORD.findall(self.text[a:b].lower())[:4])
            if not head:
                continue
            hits = [(h.start(), kind) for kind, rx in self.rules.document_nouns
                    if (h := rx.search(head)) is not None]
            if hits:
                a, b = _trim(self.text, a, b)
                out.append((a, b, min(hits)[1]))
        return out

    def _chairs(self, ctx: _Sentence) -> list[_Found]:
        out: list[_Found] = []
        for s, e in self._cues(ctx, "chair_assumed"):
            near = self._in_clause(ctx, ctx.countries, s, e)
            if not near:
                continue
            passes = bool(re.search(r"passe|went|перешл|переход", ctx.low[s - ctx.start:
                                                                            e - ctx.start]))
            pool = [c for c in near if (c.start >= e) == passes] or near
            c = min(pool, key=lambda x: min(abs(x.start - e), abs(x.end - s)))
            out.append(self._found(ctx, "chair_assumed", s, e, [c.entity], "SCO"))
        for s, e in self._cues(ctx, "chair_handed_over"):
            near = self._in_clause(ctx, ctx.countries, s, e, 120)
            givers = [c for c in near if c.end <= s]
            takers = [c for c in near if c.start >= e]
            if not givers or not takers:
                continue
            out.append(self._found(ctx, "chair_handed_over", s, e, [givers[-1].entity],
                                   takers[0].entity))
        return out

    def _bodies(self, ctx: _Sentence) -> list[_Found]:
        out: list[_Found] = []
        for s, e in self._cues(ctx, "body_founded"):
            bodies: list[tuple[int, str]] = [
                (m.start, m.entity) for m in ctx.mentions
                if m.kind in ("body", "organization") and m.entity in self.ck.org_ids
                and ctx.same_clause(m.start, s) and min(abs(m.start - e), abs(m.end - s)) < 60
            ]
            lo = _trim(self.text, *ctx.clause_of(s, e))[0]
            subject_first = bool(_KK.search(ctx.low))  # Kazakh: the subject opens, the verb ends
            for bid, rx in self.rules.bodies:
                for m in rx.finditer(ctx.low):
                    a, b = m.start() + ctx.start, m.end() + ctx.start
                    if ctx.same_clause(a, s) and (min(abs(a - e), abs(b - s)) < 60
                                                  or (subject_first and a <= lo + 2 < s)):
                        bodies.append((a, bid))
            # "the SCO Public Diplomacy Center": the SCO names whose body, not the body founded
            bodies = [b for b in bodies if b[1] != "SCO" or not _MODIFIER.match(
                self.text, self._name_end(b[0]))]
            decided = bool(_DECISION.match(ctx.low, s - ctx.start))
            if decided:  # "the SCO decided to set up X": the body is what follows
                owners = [b for b in bodies if b[0] < s]
                bodies = [b for b in bodies if b[0] >= e]
                if not bodies and owners:
                    obj = _phrase(self.text, e, ctx.end, 5)
                    if obj:
                        out.append(self._found(ctx, "body_founded", s, e, ["SCO"], obj))
                    continue
            if not bodies:
                continue
            body = min(bodies, key=lambda b: (b[1] == "SCO", abs(b[0] - s)))[1]
            if body.startswith("SCO-C"):
                continue  # a council is not founded; its meeting is held
            founders = [c.entity for c in self._in_clause(ctx, ctx.countries, s, e, 200)]
            out.append(self._found(ctx, "body_founded", s, e,
                                   founders if len(founders) >= 2 else ["SCO"], body))
        return out

    def _name_end(self, start: int) -> int:
        m = _NAME.match(self.text, start)
        return m.end() if m else start

    def _officials(self, ctx: _Sentence) -> list[_Found]:
        if not ctx.persons:
            return []
        out: list[_Found] = []
        for s, e in self._cues(ctx, "official_appointed"):
            posts = [(m.start() + ctx.start, role) for role, rx in _POST_RE.items()
                     for m in rx.finditer(ctx.low)
                     if ctx.same_clause(m.start() + ctx.start, s)]
            persons = self._in_clause(ctx, ctx.persons, s, e, 120)
            if not posts or not persons:
                continue
            role = min(posts, key=lambda x: abs(x[0] - s))[1]
            person = min(persons, key=lambda p: abs(p.start - s))
            out.append(self._found(ctx, "official_appointed", s, e, [person.entity], role))
        return out

    def _summits(self, ctx: _Sentence) -> list[_Found]:
        cues = (list(lx.SUMMIT_RE.finditer(ctx.low))
                + list(self.rules.summit_attendees.finditer(ctx.low)))
        if not cues:
            return []
        out: list[_Found] = []
        body = "SCO-CHG" if lx.HEADS_OF_GOVERNMENT_RE.search(ctx.low) else (
            "SCO-CFM" if _FOREIGN_MINISTERS.search(ctx.low) else "SCO-CHS")
        for s, e in self._cues(ctx, "summit_held"):
            near = [m for m in cues if ctx.same_clause(m.start() + ctx.start, s)
                    and abs(m.start() + ctx.start - s) < 200]
            if not near:
                continue
            places = [p for p in ctx.places if ctx.in_clause(p, s, e)]
            clause = ctx.clause_of(s, e)
            date = self._clause_date(s, e, clause)
            if date[0] is None and self.doc_date and lx.ONGOING_RE.search(ctx.window(s, e, 30)):
                date = self.doc_date, _precision(self.doc_date)  # "the summit is under way"
            if not places and date[0] is None:
                continue
            place = places[0].place if places else None
            host = self.countries_of.get(place or "")
            out.append(self._found(ctx, "summit_held", s, e, [host] if host else ["SCO"],
                                   body, place, date))
        for m in self.rules.summit_settings.finditer(ctx.low):
            s, e = m.start() + ctx.start, m.end() + ctx.start
            if (out or _hedged(ctx, s, e) or ctx.negated(s, e) or _future(ctx, s, e)
                    or lx.OTHER_SUMMIT_RE.search(ctx.window(s, e, 25))):
                continue
            places = [p for p in ctx.places if ctx.in_clause(p, s, e) and 0 <= p.start - e < 60]
            if not places:
                continue
            clause = ctx.clause_of(s, e)
            day = self._clause_date(s, e, clause)
            if day[0] is None or len(day[0]) < 10:
                continue  # a year alone names the summit ("the 2008 Dushanbe summit")
            host = self.countries_of.get(places[0].place or "")
            out.append(self._found(ctx, "summit_held", s, e, [host] if host else ["SCO"],
                                   body, places[0].place, day))
        return out


_COUNTRIES: dict[tuple[int, str], dict[str, str]] = {}


def _countries(kb: KnowledgeBase) -> dict[str, str]:
    from igokit.kb.store import built_stamp

    key = (id(kb), built_stamp(kb.conn) or "")
    if key not in _COUNTRIES:
        _COUNTRIES.clear()
        _COUNTRIES[key] = entity_countries(kb.conn)
    return _COUNTRIES[key]


def _dateline(text: str, d: Any) -> bool:
    from igokit.analysis.claims.base import _dateline_date

    return _dateline_date(text, d)


def _hedged(ctx: _Sentence, s: int, e: int) -> bool:
    """A hedge or future cue near the event, other than its own verb (the claim checker reads
    "applied for membership" as a hedge of membership: here it is the event)."""
    if not ctx.hedged(s, e):
        return False
    lo, hi = ctx.clause_of(s, e)
    a, b = max(lo, s - 45), min(hi, e + 45)
    return any(not (s <= m.start() + ctx.start < e)
               for m in lx.HEDGE_RE.finditer(ctx.low, ctx.rel(a), ctx.rel(b)))


def _future(ctx: _Sentence, s: int, e: int) -> bool:
    """A plan or an announcement ("will be adopted", "is to be held", "предстоящий")."""
    win = ctx.window(s, e, 30)
    return bool(lx.PREDICTION_RE.search(win) or lx.UPCOMING_RE.search(win))


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and text[lo] in " \t\n,;:—–-":
        lo += 1
    while hi > lo and text[hi - 1] in " \t\n":
        hi -= 1
    return lo, hi


_WORD = re.compile(r"[\w’'-]+")
#: the types an item of a list of decisions may say instead of a document adopted
_ITEM_TYPES = ("status_granted", "accession_started", "memorandum_signed",
               "application_submitted", "body_founded")
#: an item of a numbered or bulleted list: "1. ", "2) ", "- ", "• "
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-•–—*])\s+")
#: what separates the items of a list of documents: a comma, a semicolon, "and", "и", "және"
_LIST_SEP = re.compile(r"[,;]\s*(?:(?:and|и|және)\s+)?|\s(?:and|и|және)\s")
#: a decision to found ("agreed to set up", "решили создать"): the founders come before it
_DECISION = re.compile(r"agreed|decided|решил|договорил")
#: the SCO's name as written (its abbreviation or its full name)
_NAME = re.compile(r"(?i:shanghai\s+cooperation\s+organi[sz]ation|sco|шос|шыұ)")
#: a capitalised word after the SCO's name: the SCO names a body's owner ("SCO Energy Club")
_MODIFIER = re.compile(r"[ \t]+(?!(?:Summit|Was|Has|Is)\b)[A-Z][a-z]")
_KK = re.compile("[әғқңөұүһі]")


def _phrase_before(text: str, start: int, end: int, words: int = 5) -> str | None:
    """Kazakh puts what an initiative is before its noun ("... құру бастамасы")."""
    chunk = re.split(r"[.;:!?()«»\",]", text[start:end])[-1]
    got = _WORD.findall(chunk)[-words:]
    return " ".join(got).lower() or None


def _phrase(text: str, start: int, end: int, words: int = 6) -> str | None:
    """A few words after an initiative noun ("the initiative *to create an SCO fund*"),
    lower-cased: the initiative in short words when the knowledge base has no name for it."""
    chunk = re.split(r"[.;:!?()«»\"]", text[start:end], maxsplit=1)[0]
    got = _WORD.findall(chunk)[:words]
    return " ".join(got).lower() or None
