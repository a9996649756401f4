"""Load the curated YAML into memory and validate all of it.

Validation gathers every problem (``file:line: message``) instead of stopping at the first, and
:func:`load_catalog` raises :class:`~igokit.errors.DataError` with the full list, so a curator fixes
a whole batch in one go. Nothing reaches the database unless everything validates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import DataError, DateFormatError
from igokit.kb.dates import FuzzyDate

# where the curated files are and their digest: a light module, read on every start-up
from igokit.kb.freshness import data_digest, data_files, facts_dir
from igokit.kb.links import link_problem
from igokit.kb.model import (
    AREAS,
    ENTITY_KINDS,
    LANGS,
    MEETING_FORMATS,
    PREDICATES,
    SOURCE_KINDS,
    SourceRef,
    Statement,
)
from igokit.kb.yamlfile import Record, iter_records

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ID_PATTERNS = {
    "country": re.compile(r"^[A-Z]{3}$"),
    "organization": re.compile(r"^[A-Z0-9][A-Z0-9-]*$"),
    "body": re.compile(r"^[A-Z0-9][A-Z0-9-]*$"),
    "person": re.compile(r"^person:[a-z0-9][a-z0-9-]*$"),
    "place": re.compile(r"^place:[a-z0-9][a-z0-9-]*$"),
    "document": re.compile(r"^doc:[a-z0-9][a-z0-9-]*$"),
    "initiative": re.compile(r"^initiative:[a-z0-9][a-z0-9-]*$"),
    "event": re.compile(r"^event:[a-z0-9][a-z0-9-]*$"),
}
#: Interval facts that are meaningless without a first day (an unknown start would read as
#: "since always" and answer questions about any past date).
INTERVAL_NEEDS_START = ("membership", "chair", "office", "priority")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")

SOURCE_KEYS = {"id", "kind", "title", "authors", "publisher", "date", "url", "doi", "language",
               "note"}
ENTITY_KEYS = {"id", "kind", "name", "aliases", "qid", "parent", "country", "area",
               "description", "sources"}
STATEMENT_KEYS = {"subject", "predicate", "object", "value", "start", "end", "sources",
                  "qualifiers", "note"}
EVENT_KEYS = {"id", "org", "body", "ordinal", "date", "last_day", "city", "country", "format",
              "chair", "documents", "name", "aliases", "qid", "sources", "note", "description"}


@dataclass(slots=True)
class Source:
    id: str
    kind: str
    title: str
    authors: list[str]
    publisher: str | None
    date: FuzzyDate | None
    url: str | None
    doi: str | None
    language: str | None
    note: str | None
    where: str


@dataclass(slots=True)
class Entity:
    id: str
    kind: str
    name: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    qid: str | None = None
    parent: str | None = None
    country: str | None = None
    area: str | None = None
    description: str | None = None
    sources: list[SourceRef] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    where: str = "pycountry"


@dataclass(slots=True)
class Catalog:
    """Everything curated, validated and cross-referenced."""

    sources: dict[str, Source]
    entities: dict[str, Entity]
    statements: list[Statement]
    files: list[str]
    digest: str


class _Checker:
    """Collects problems while records are converted."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, rec: Record, message: str) -> None:
        self.problems.append(f"{rec.where}: {message}")

    def keys(self, rec: Record, allowed: set[str], required: tuple[str, ...]) -> bool:
        ok = True
        for key in rec:
            if key not in allowed:
                self.add(rec, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
                ok = False
        for key in required:
            if rec.get(key) in (None, "", [], {}):
                self.add(rec, f"missing {key!r}")
                ok = False
        return ok

    def date(self, rec: Record, key: str) -> FuzzyDate | None:
        value = rec.get(key)
        if value is None:
            return None
        try:
            return FuzzyDate.parse(value)
        except DateFormatError as exc:
            self.add(rec, f"{key}: {exc}")
            return None

    def text(self, rec: Record, key: str) -> str | None:
        value = rec.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.add(rec, f"{key} must be text, not a {type(value).__name__}")
            return None
        return str(value)

    def names(self, rec: Record, key: str) -> dict[str, str]:
        value = rec.get(key) or {}
        if not isinstance(value, dict):
            self.add(rec, f"{key} must be a mapping of language to text, e.g. {{en: ..., ru: ...}}")
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in LANGS and lang != "zh":
                self.add(rec, f"{key}: unknown language {lang!r} (use en, ru, kk or zh)")
            elif not isinstance(text, str) or not text.strip():
                self.add(rec, f"{key}.{lang} must be non-empty text")
            else:
                out[lang] = text.strip()
        return out

    def aliases(self, rec: Record) -> dict[str, list[str]]:
        value = rec.get("aliases") or {}
        if not isinstance(value, dict):
            self.add(rec, "aliases must be a mapping of language to a list of names")
            return {}
        out: dict[str, list[str]] = {}
        for lang, items in value.items():
            if lang not in LANGS and lang != "zh":
                self.add(rec, f"aliases: unknown language {lang!r} (use en, ru, kk or zh)")
                continue
            if isinstance(items, str):
                items = [items]
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip()
                                                      for i in items):
                self.add(rec, f"aliases.{lang} must be a list of names")
                continue
            out[lang] = [i.strip() for i in items]
        return out

    def source_refs(self, rec: Record, required: bool) -> list[SourceRef]:
        value = rec.get("sources")
        if value in (None, [], ""):
            if required:
                self.add(rec, "no source: every fact must cite at least one source")
            return []
        if isinstance(value, (str, Record)):
            value = [value]
        if not isinstance(value, list):
            self.add(rec, "sources must be a list of source ids or {id, locator}")
            return []
        refs: list[SourceRef] = []
        for item in value:
            if isinstance(item, str):
                refs.append(SourceRef(item))
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                extra = set(item) - {"id", "locator"}
                if extra:
                    self.add(rec, f"source reference has unknown keys {sorted(extra)}")
                locator = item.get("locator")
                refs.append(SourceRef(item["id"], None if locator is None else str(locator)))
            else:
                self.add(rec, f"bad source reference {item!r}")
        return refs


def _source(chk: _Checker, rec: Record) -> Source | None:
    if not chk.keys(rec, SOURCE_KEYS, ("id", "kind", "title")):
        return None
    sid = str(rec["id"])
    if not SLUG_RE.match(sid):
        chk.add(rec, f"source id {sid!r} must be lowercase letters, digits and hyphens")
    if rec["kind"] not in SOURCE_KINDS:
        chk.add(rec, f"kind {rec['kind']!r} is not one of {', '.join(SOURCE_KINDS)}")
    authors = rec.get("authors") or []
    if not isinstance(authors, list):
        chk.add(rec, "authors must be a list")
        authors = []
    if not (rec.get("url") or rec.get("doi") or rec.get("publisher")):
        chk.add(rec, "a source needs a url, a doi or a publisher so a reader can find it")
    url = chk.text(rec, "url")
    if url is not None and (problem := link_problem(url)) is not None:
        chk.add(rec, f"url {url!r}: {problem}")
    return Source(
        id=sid, kind=str(rec["kind"]), title=str(rec["title"]),
        authors=[str(a) for a in authors], publisher=chk.text(rec, "publisher"),
        date=chk.date(rec, "date"), url=url, doi=chk.text(rec, "doi"),
        language=chk.text(rec, "language"), note=chk.text(rec, "note"), where=rec.where,
    )


def _entity(chk: _Checker, rec: Record) -> Entity | None:
    if not chk.keys(rec, ENTITY_KEYS, ("id", "kind")):
        return None
    eid, kind = str(rec["id"]), str(rec["kind"])
    if kind not in ENTITY_KINDS:
        chk.add(rec, f"kind {kind!r} is not one of {', '.join(ENTITY_KINDS)}")
        return None
    if not ID_PATTERNS[kind].match(eid):
        chk.add(rec, f"id {eid!r} does not fit kind {kind} (see docs/data-format.md)")
    name = chk.names(rec, "name")
    if kind != "country" and "en" not in name:
        chk.add(rec, "name.en is required")
    qid = chk.text(rec, "qid")
    if qid and not QID_RE.match(qid):
        chk.add(rec, f"qid {qid!r} is not a Wikidata id like Q485207")
    area = chk.text(rec, "area")
    if area and area not in AREAS:
        chk.add(rec, f"area {area!r} is not one of {', '.join(AREAS)}")
    return Entity(
        id=eid, kind=kind, name=name, aliases=chk.aliases(rec), qid=qid,
        parent=chk.text(rec, "parent"), country=chk.text(rec, "country"), area=area,
        description=chk.text(rec, "description"), sources=chk.source_refs(rec, False),
        where=rec.where,
    )


def _statement(chk: _Checker, rec: Record) -> Statement | None:
    if not chk.keys(rec, STATEMENT_KEYS, ("subject", "predicate")):
        chk.source_refs(rec, True)
        return None
    qualifiers = rec.get("qualifiers") or {}
    if not isinstance(qualifiers, dict):
        chk.add(rec, "qualifiers must be a mapping")
        qualifiers = {}
    return Statement(
        subject=str(rec["subject"]), predicate=str(rec["predicate"]),
        object=chk.text(rec, "object"), value=chk.text(rec, "value"),
        start=chk.date(rec, "start"), end=chk.date(rec, "end"),
        sources=chk.source_refs(rec, True), qualifiers=dict(qualifiers),
        note=chk.text(rec, "note"), where=rec.where,
    )


def _event(chk: _Checker, rec: Record) -> tuple[Entity | None, list[Statement]]:
    """Expand a compact meeting record into an event entity and its statements."""
    if not chk.keys(rec, EVENT_KEYS, ("id", "org", "date", "city", "country")):
        chk.source_refs(rec, True)
        return None, []
    eid = str(rec["id"])
    if not ID_PATTERNS["event"].match(eid):
        chk.add(rec, f"event id {eid!r} must look like event:sco-hos-2024")
    refs = chk.source_refs(rec, True)
    first = chk.date(rec, "date")
    last = chk.date(rec, "last_day") if rec.get("last_day") is not None else first
    fmt = str(rec.get("format") or "in_person")
    if fmt not in MEETING_FORMATS:
        chk.add(rec, f"format {fmt!r} is not one of {', '.join(MEETING_FORMATS)}")
    if first and last and last.first_day < first.first_day:
        chk.add(rec, "last_day is before date")
    docs = rec.get("documents") or []
    if not isinstance(docs, list):
        chk.add(rec, "documents must be a list of doc: ids")
        docs = []
    org, body = str(rec["org"]), chk.text(rec, "body")
    ordinal = rec.get("ordinal")
    name = chk.names(rec, "name")
    if "en" not in name and first:
        city = str(rec["city"]).removeprefix("place:").replace("-", " ").title()
        name["en"] = f"{org} meeting in {city} {first.year}"
    attrs = {"org": org, "body": body, "ordinal": ordinal, "date": first.iso() if first else None,
             "last_day": last.iso() if last else None, "city": str(rec["city"]),
             "country": str(rec["country"]), "format": fmt, "chair": chk.text(rec, "chair"),
             "documents": [str(d) for d in docs]}
    entity = Entity(id=eid, kind="event", name=name, aliases=chk.aliases(rec),
                    qid=chk.text(rec, "qid"), parent=org, country=str(rec["country"]),
                    description=chk.text(rec, "description"), sources=refs, attrs=attrs,
                    where=rec.where)
    if first is None:
        return entity, []
    end = FuzzyDate.parse((last or first).after_last_day) if (last or first).precision == "day" \
        else None
    q = {"ordinal": ordinal} if ordinal is not None else {}
    note = chk.text(rec, "note")

    def make(subject: str, predicate: str, obj: str | None, value: str | None = None,
             stop: FuzzyDate | None = None) -> Statement:
        return Statement(subject, predicate, obj, value, first, stop, list(refs), dict(q), note,
                         rec.where)

    out = [make(eid, "held_in", str(rec["city"]), stop=end),
           make(str(rec["country"]), "hosted", eid),
           make(eid, "format", None, fmt)]
    if body:
        out.append(make(eid, "convened_by", body))
    if rec.get("chair"):
        out.append(make(str(rec["chair"]), "presided", eid))
    for doc in docs:
        out.append(make(str(doc), "status", eid, "adopted"))
    return entity, out


def _check_statement(chk: _Checker, st: Statement, entities: dict[str, Entity],
                     sources: dict[str, Source]) -> None:
    where = st.where
    rule = PREDICATES.get(st.predicate)
    if rule is None:
        chk.problems.append(f"{where}: unknown predicate {st.predicate!r} "
                            f"(known: {', '.join(sorted(PREDICATES))})")
        return
    subj = entities.get(st.subject)
    if subj is None:
        chk.problems.append(f"{where}: unknown subject {st.subject!r}")
    elif subj.kind not in rule.subject:
        chk.problems.append(f"{where}: {st.predicate} needs a subject of kind "
                            f"{'/'.join(rule.subject)}, {st.subject} is a {subj.kind}")
    if st.object is not None:
        obj = entities.get(st.object)
        if not rule.object:
            chk.problems.append(f"{where}: {st.predicate} takes no object")
        elif obj is None:
            chk.problems.append(f"{where}: unknown object {st.object!r}")
        elif obj.kind not in rule.object:
            chk.problems.append(f"{where}: {st.predicate} needs an object of kind "
                                f"{'/'.join(rule.object)}, {st.object} is a {obj.kind}")
    elif rule.object_required:
        chk.problems.append(f"{where}: {st.predicate} needs an object")
    if rule.values is None:
        if st.value is not None:
            chk.problems.append(f"{where}: {st.predicate} takes no value")
    elif st.value is None:
        if rule.value_required:
            chk.problems.append(f"{where}: {st.predicate} needs a value")
    elif rule.values and st.value not in rule.values:
        chk.problems.append(f"{where}: value {st.value!r} is not one of {', '.join(rule.values)}")
    if (rule.point or st.predicate in INTERVAL_NEEDS_START) and st.start is None:
        chk.problems.append(f"{where}: {st.predicate} needs a start date")
    if rule.point and st.end is not None and st.predicate != "held_in":
        chk.problems.append(f"{where}: {st.predicate} is a dated step and takes no end")
    if st.start and st.end and st.end.first_day <= st.start.first_day:
        chk.problems.append(f"{where}: end {st.end} is not after start {st.start} "
                            "(intervals are [start, end))")
    for ref in st.sources:
        if ref.id not in sources:
            chk.problems.append(f"{where}: unknown source {ref.id!r}")


def load_catalog(root: Path | None = None) -> Catalog:
    """Read and validate every curated file (under ``root``, default :func:`facts_dir`); raise
    :class:`DataError` listing all problems."""
    reader = CatalogReader(root)
    streamed = [st for batch in reader.statement_batches() for st in batch]
    implied = reader.finish()
    return Catalog(reader.sources, reader.entities, implied + streamed, reader.files,
                   data_digest(reader.root))


class CatalogReader:
    """The curated tree read in the order a build writes it, without holding every statement.

    Constructing it reads and checks the sources, entities and events (they are few and every
    statement is checked against them); :meth:`statement_batches` then streams the statements
    of ``statements/`` checked, a file chunk at a time, and :meth:`finish` returns the
    statements implied by the events (they come first in the catalog's order) and raises
    :class:`DataError` with every problem found. Nothing read is valid before :meth:`finish`
    returns: a build writes inside a transaction and rolls it back on that error.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root = root or facts_dir()
        self._chk = chk = _Checker()
        self.sources: dict[str, Source] = {}
        self.entities: dict[str, Entity] = {}
        paths = data_files(root)
        self.files = [str(p.relative_to(root)) for p in paths]
        self._by_folder: dict[str, list[Path]] = {"sources": [], "entities": [], "statements": [],
                                                  "events": []}
        for path in paths:
            folder = path.parent.name
            if folder == "indicators":  # observations: read by igokit.kb.indicator_data
                continue
            if folder not in self._by_folder:
                chk.problems.append(f"{path.relative_to(root)}:1: unknown folder {folder!r}")
                continue
            self._by_folder[folder].append(path)
        self._read_sources()
        self._read_entities()
        self._implied: list[Statement] = []
        self._read_events()
        #: (statements, source citations) the events imply at most: a build numbers the
        #: statements of statements/ after them, as the catalog's order has it
        self.implied_at_most = (len(self._implied), sum(len(s.sources) for s in self._implied))
        _cross_check(chk, self.entities, self.sources, [])
        # an event's documents imply "adopted there"; a hand-written status of the same document
        # at the same event says more (signed, adopted on another day ...) and replaces it
        self._adoptions = {(s.subject, s.object) for s in self._implied
                           if s.predicate == "status"}
        self._explicit: set[tuple[str | None, str | None]] = set()
        self._implied_problems_at = len(chk.problems)

    def _records(self, folder: str) -> Iterator[Record]:
        for path in self._by_folder[folder]:
            yield from iter_records(path, str(path.relative_to(self.root)), self._chk.problems)

    def _read_sources(self) -> None:
        chk, sources = self._chk, self.sources
        for rec in self._records("sources"):
            src = _source(chk, rec)
            if src:
                if src.id in sources:
                    chk.add(rec, f"source {src.id!r} already defined at {sources[src.id].where}")
                sources[src.id] = src

    def _read_entities(self) -> None:
        from igokit.kb.countries import iso_countries  # pycountry: only when building

        chk, entities = self._chk, self.entities
        for c in iso_countries():
            entities[c.iso3] = Entity(id=c.iso3, kind="country", name=dict(c.name),
                                      aliases={k: list(v) for k, v in c.aliases.items()},
                                      attrs={"iso2": c.iso2})
        self._curated: dict[str, str] = {}
        for rec in self._records("entities"):
            ent = _entity(chk, rec)
            if ent is None:
                continue
            if ent.id in self._curated:
                chk.add(rec, f"entity {ent.id!r} already defined at {self._curated[ent.id]}")
                continue
            self._curated[ent.id] = ent.where
            if ent.kind == "country":
                base = entities.get(ent.id)
                if base is None:
                    chk.add(rec, f"{ent.id!r} is not an ISO 3166-1 alpha-3 code known to "
                                 "pycountry")
                    continue
                _merge_country(base, ent)
            else:
                if ent.id in entities:
                    chk.add(rec, f"entity {ent.id!r} clashes with a country code")
                entities[ent.id] = ent

    def _read_events(self) -> None:
        chk = self._chk
        for rec in self._records("events"):
            ent, sts = _event(chk, rec)
            if ent:
                if ent.id in self._curated:
                    chk.add(rec, f"entity {ent.id!r} already defined at {self._curated[ent.id]}")
                    continue
                self._curated[ent.id] = ent.where
                self.entities[ent.id] = ent
                self._implied.extend(sts)
        del self._curated

    def statement_batches(self, size: int = 2000) -> Iterator[list[Statement]]:
        """The statements of ``statements/``, in file order, checked against the entities and
        sources, in lists of at most ``size``."""
        chk, batch = self._chk, []
        entities, sources, adoptions = self.entities, self.sources, self._adoptions
        for rec in self._records("statements"):
            st = _statement(chk, rec)
            if st is None:
                continue
            _check_statement(chk, st, entities, sources)
            if st.predicate == "status" and (st.subject, st.object) in adoptions:
                self._explicit.add((st.subject, st.object))
            batch.append(st)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def finish(self) -> list[Statement]:
        """The statements the events imply (those a hand-written status replaces left out),
        after every statement was streamed; raises :class:`DataError` listing every problem."""
        chk = self._chk
        implied = [s for s in self._implied
                   if not (s.predicate == "status" and (s.subject, s.object) in self._explicit)]
        found = _Checker()
        for st in implied:
            _check_statement(found, st, self.entities, self.sources)
        at = self._implied_problems_at  # where a full read reports them: before statements/
        chk.problems[at:at] = found.problems
        if chk.problems:
            raise DataError(chk.problems)
        return implied


def _merge_country(base: Entity, extra: Entity) -> None:
    """Fold a curated country record into the pycountry one (the curated name wins)."""
    for lang, name in extra.name.items():
        old = base.name.get(lang)
        if old and old != name:
            base.aliases.setdefault(lang, []).insert(0, old)
        base.name[lang] = name
    for lang, names in extra.aliases.items():
        have = base.aliases.setdefault(lang, [])
        have.extend(n for n in names if n not in have and n != base.name.get(lang))
    base.qid = extra.qid or base.qid
    base.description = extra.description or base.description
    base.sources = extra.sources or base.sources
    base.where = extra.where


def _cross_check(chk: _Checker, entities: dict[str, Entity], sources: dict[str, Source],
                 statements: list[Statement]) -> None:
    for ent in entities.values():
        for ref in ent.sources:
            if ref.id not in sources:
                chk.problems.append(f"{ent.where}: unknown source {ref.id!r}")
        for key in ("parent", "country"):
            target = getattr(ent, key)
            if target and target not in entities:
                chk.problems.append(f"{ent.where}: {key} {target!r} is not a known entity")
        if ent.kind == "event":
            attrs = ent.attrs
            for key, kinds in (("city", ("place",)), ("country", ("country",)),
                               ("chair", ("country",)), ("body", ("body", "organization")),
                               ("org", ("organization",))):
                target = attrs.get(key)
                if target and (target not in entities or entities[target].kind not in kinds):
                    chk.problems.append(f"{ent.where}: {key} {target!r} is not a known "
                                        f"{'/'.join(kinds)}")
            for doc in attrs.get("documents") or []:
                if doc not in entities or entities[doc].kind != "document":
                    chk.problems.append(f"{ent.where}: document {doc!r} is not a known document")
    for st in statements:
        _check_statement(chk, st, entities, sources)
