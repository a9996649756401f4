"""GDELT event rows → typed records → :class:`~igokit.analysis.events.model.Event`.

GDELT 1.0 daily files have 58 tab-separated columns (57 in the historical back-files, before
SOURCEURL was added on 2013-04-01); GDELT 2.0 files have 61 (ADM2 codes added to the three
geographies). The column lists are the ones of the GDELT codebooks (the schema tables
``gdeltPyR_events1.csv`` / ``gdeltPyR_events2.csv``). Reading files is the importer's work
(:mod:`igokit.analysis.importers.gdelt`); here one row becomes a :class:`GdeltRow`, the SCO
filter decides whether it concerns the SCO (an SCO actor by name, or two SCO members on the
day, membership by date from the knowledge base), and the CAMEO mapping
(``data/mappings/cameo_events.yaml``) gives it an event type where one fits.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from igokit.analysis.claims.truth import KBTruth
from igokit.analysis.events.model import Event, EventReport
from igokit.errors import DataError
from igokit.kb.freshness import data_dir
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.yamlfile import load_mapping

__all__ = ["V1_COLUMNS", "V1_HISTORICAL_COLUMNS", "V2_COLUMNS", "GdeltMapping", "GdeltRow",
           "SCOContext", "columns_for_width", "parse_row", "to_event"]

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_HEAD = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
         *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
         "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
         "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")

#: GDELT 1.0 daily files (from 2013-04-01): 58 columns.
V1_COLUMNS: tuple[str, ...] = (
    *_HEAD, *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL")
#: GDELT 1.0 historical back-files: the same without SOURCEURL (57 columns).
V1_HISTORICAL_COLUMNS: tuple[str, ...] = V1_COLUMNS[:-1]
#: GDELT 2.0 event files: 61 columns (an ADM2 code in each geography).
V2_COLUMNS: tuple[str, ...] = (
    *_HEAD, *(f"Actor1Geo_{c}" for c in _GEO2), *(f"Actor2Geo_{c}" for c in _GEO2),
    *(f"ActionGeo_{c}" for c in _GEO2), "DATEADDED", "SOURCEURL")

_WIDTHS = {len(V1_HISTORICAL_COLUMNS): ("1.0", V1_HISTORICAL_COLUMNS),
           len(V1_COLUMNS): ("1.0", V1_COLUMNS), len(V2_COLUMNS): ("2.0", V2_COLUMNS)}


#: other names of a column in headers seen in the wild (the gdelt-demo header calls SQLDATE "day")
_ALIASES = {"SQLDATE": "day"}


def columns_for_width(width: int) -> tuple[str, tuple[str, ...]] | None:
    """(GDELT version, column names) of a headerless row of ``width`` fields, or None."""
    return _WIDTHS.get(width)


def norm_column(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


# ------------------------------------------------------------------------------------- mapping

@dataclass(slots=True)
class GdeltMapping:
    """The data files: actor codes, place codes and CAMEO rules (``data/mappings/``)."""

    sco_names: list[str]
    sco_codes: set[str]
    cameo_countries: dict[str, str | None]
    fips: dict[str, str]
    rules: list[dict[str, Any]]

    def sco_actor(self, code: str, name: str) -> bool:
        """Is this actor the SCO? By a listed code, or by name as whole words."""
        if code and code in self.sco_codes:
            return True
        up = f" {re.sub(r'[^A-Z0-9-]+', ' ', name.upper())} "
        return any(f" {n} " in up for n in self.sco_names)

    def country(self, cameo: str) -> str | None:
        """ISO3 of a CAMEO country code (UN three-letter codes; the exceptions in the file)."""
        code = cameo[:3].upper()
        if not code:
            return None
        if code in self.cameo_countries:
            return self.cameo_countries[code]
        import pycountry

        return code if pycountry.countries.get(alpha_3=code) is not None else None

    def rule_for(self, codes: tuple[str, str, str]) -> list[dict[str, Any]]:
        """The rules whose CAMEO codes include the event's code, base code or root code."""
        return [r for r in self.rules if set(codes) & set(r["cameo"])]


@functools.cache
def load_gdelt_mapping() -> GdeltMapping:
    folder = data_dir() / "mappings"
    actors, p1 = load_mapping(folder / "cameo_actors.yaml", "mappings/cameo_actors.yaml")
    events, p2 = load_mapping(folder / "cameo_events.yaml", "mappings/cameo_events.yaml")
    problems = p1 + p2
    if actors is None or events is None or problems:
        raise DataError(problems or ["mappings/cameo_*.yaml: not a mapping"])
    rules = []
    for r in events.get("rules") or []:
        codes = [str(c) for c in r.get("cameo") or []]
        if not codes or not r.get("type"):
            problems.append(f"mappings/cameo_events.yaml:{getattr(r, 'line', 0)}: a rule needs "
                            "cameo codes and a type")
            continue
        rules.append({"cameo": codes, "type": str(r["type"]), "when": str(r.get("when") or "")})
    if problems:
        raise DataError(problems)
    return GdeltMapping(
        sco_names=[str(n).upper() for n in actors.get("sco_names") or []],
        sco_codes={str(c) for c in actors.get("sco_codes") or []},
        cameo_countries={str(k): (str(v) if v else None)
                         for k, v in (actors.get("cameo_countries") or {}).items()},
        fips={str(k): str(v) for k, v in (actors.get("fips") or {}).items()},
        rules=rules,
    )


# ----------------------------------------------------------------------------------------- row

@dataclass(slots=True)
class GdeltRow:
    """One GDELT event row, typed. Codes as GDELT gives them plus their ISO3 where known."""

    event_id: int
    date: str  # SQLDATE as YYYY-MM-DD (day precision)
    actor1_code: str
    actor1_name: str
    actor1_country: str  # CAMEO country code as given
    actor2_code: str
    actor2_name: str
    actor2_country: str
    event_code: str
    event_base_code: str
    event_root_code: str
    quad_class: int | None
    goldstein: float | None
    num_mentions: int | None
    num_sources: int | None
    num_articles: int | None
    avg_tone: float | None
    action_country: str  # FIPS 10-4 as given
    action_place: str
    action_lat: float | None
    action_long: float | None
    source_url: str | None
    version: str  # "1.0" or "2.0"
    file: str = ""
    line: int = 0
    actor1_iso3: str | None = None
    actor2_iso3: str | None = None
    action_iso3: str | None = None
    sco_actor: bool = False
    unmapped: list[str] = field(default_factory=list)  # codes no table maps

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _int(value: str, column: str, required: bool = False) -> int | None:
    v = value.strip()
    if not v:
        if required:
            raise ValueError(f"column {column}: empty")
        return None
    try:
        return int(float(v)) if "." in v else int(v)
    except ValueError:
        raise ValueError(f"column {column}: {value!r} is not a number") from None


def _float(value: str, column: str) -> float | None:
    v = value.strip()
    if not v:
        return None
    try:
        return float(v)
    except ValueError:
        raise ValueError(f"column {column}: {value!r} is not a number") from None


def _date(value: str) -> str:
    v = value.strip()
    if not re.fullmatch(r"\d{8}", v):
        raise ValueError(f"column SQLDATE: {value!r} is not a YYYYMMDD date")
    try:
        return dt.date(int(v[:4]), int(v[4:6]), int(v[6:])).isoformat()
    except ValueError:
        raise ValueError(f"column SQLDATE: {value!r} is not a date") from None


def parse_row(fields: list[str], index: dict[str, int], version: str,
              mapping: GdeltMapping | None = None) -> GdeltRow:
    """One row → :class:`GdeltRow`; ``index``: normalized column name → position. Raises
    ``ValueError`` (with the column) for a row that cannot be read."""
    mp = mapping or load_gdelt_mapping()

    def get(name: str) -> str:
        i = index.get(norm_column(name))
        if i is None and name in _ALIASES:
            i = index.get(_ALIASES[name])
        return fields[i] if i is not None and i < len(fields) else ""

    eid = _int(get("GLOBALEVENTID"), "GLOBALEVENTID", required=True)
    assert eid is not None
    row = GdeltRow(
        event_id=eid, date=_date(get("SQLDATE")),
        actor1_code=get("Actor1Code").strip(), actor1_name=get("Actor1Name").strip(),
        actor1_country=get("Actor1CountryCode").strip(),
        actor2_code=get("Actor2Code").strip(), actor2_name=get("Actor2Name").strip(),
        actor2_country=get("Actor2CountryCode").strip(),
        event_code=get("EventCode").strip(), event_base_code=get("EventBaseCode").strip(),
        event_root_code=get("EventRootCode").strip(),
        quad_class=_int(get("QuadClass"), "QuadClass"),
        goldstein=_float(get("GoldsteinScale"), "GoldsteinScale"),
        num_mentions=_int(get("NumMentions"), "NumMentions"),
        num_sources=_int(get("NumSources"), "NumSources"),
        num_articles=_int(get("NumArticles"), "NumArticles"),
        avg_tone=_float(get("AvgTone"), "AvgTone"),
        action_country=get("ActionGeo_CountryCode").strip(),
        action_place=get("ActionGeo_FullName").strip(),
        action_lat=_float(get("ActionGeo_Lat"), "ActionGeo_Lat"),
        action_long=_float(get("ActionGeo_Long"), "ActionGeo_Long"),
        source_url=get("SOURCEURL").strip() or None, version=version,
    )
    if not re.fullmatch(r"\d{2,4}", row.event_code):
        raise ValueError(f"column EventCode: {row.event_code!r} is not a CAMEO code")
    # the country of each actor: its country code, else the code's first three letters (a role
    # code such as GOV or BUS there has no country: nothing is lost, nothing guessed)
    row.actor1_iso3 = mp.country(row.actor1_country or row.actor1_code)
    row.actor2_iso3 = mp.country(row.actor2_country or row.actor2_code)
    row.sco_actor = (mp.sco_actor(row.actor1_code, row.actor1_name)
                     or mp.sco_actor(row.actor2_code, row.actor2_name))
    for given, iso in ((row.actor1_country, row.actor1_iso3), (row.actor2_country,
                                                                row.actor2_iso3)):
        if given and iso is None and given not in mp.cameo_countries:
            row.unmapped.append(f"CAMEO {given}")
    if row.action_country:
        row.action_iso3 = mp.fips.get(row.action_country)
        if row.action_iso3 is None:
            row.unmapped.append(f"FIPS {row.action_country}")
    return row


# ------------------------------------------------------------------------------- SCO context

class SCOContext:
    """What the filter and the CAMEO rules need from the knowledge base: members by date and
    the meetings of the SCO's councils."""

    def __init__(self, kb: KnowledgeBase, org: str = "SCO") -> None:
        self.org = org
        truth = KBTruth(kb, org)
        self._members = [(m["subject"], m["start"], m["end"]) for m in truth.memberships
                         if m["status"] == "member" and m["start"]]
        self.meetings: list[Any] = [s for body in ("SCO-CHS", "SCO-CHG", "SCO-CFM")
                                    for s in truth.summits(body)]

    def members_on(self, day: str) -> set[str]:
        d = dt.date.fromisoformat(day)
        return {s for s, a, b in self._members if a <= d and (b is None or d < b)}

    def meeting_on(self, day: str, country: str | None) -> Any | None:
        """The council meeting held on ``day`` in ``country``, if any."""
        for s in self.meetings:
            if s.date <= day <= (s.end_date or s.date) and (country is None
                                                            or s.country == country):
                return s
        return None

    def involves(self, row: GdeltRow) -> bool:
        """Does the row concern the SCO: an SCO actor, or two SCO members on the day?"""
        if row.sco_actor:
            return True
        members = self.members_on(row.date)
        a, b = row.actor1_iso3, row.actor2_iso3
        return bool(a and b and a != b and a in members and b in members)


def to_event(row: GdeltRow, ctx: SCOContext, mapping: GdeltMapping | None = None
             ) -> Event | None:
    """The row as an event of our types, where a CAMEO rule fits; else None."""
    mp = mapping or load_gdelt_mapping()
    codes = (row.event_code, row.event_base_code, row.event_root_code)
    members = ctx.members_on(row.date)
    states = [c for c in (row.actor1_iso3, row.actor2_iso3) if c]
    for rule in mp.rule_for(codes):
        if rule["when"] == "sco_actor" and row.sco_actor:
            event = Event(rule["type"], list(dict.fromkeys(states)) or [ctx.org], None,
                          row.date, "day", row.action_iso3)
        elif rule["when"] == "summit_day":
            meeting = ctx.meeting_on(row.date, row.action_iso3)
            both = [c for c in states if c in members]
            if meeting is None or row.action_iso3 is None or not (
                    len(set(both)) >= 2 or (row.sco_actor and both)):
                continue
            event = Event(rule["type"], [meeting.country], meeting.council, row.date, "day",
                          row.action_iso3)
        else:
            continue
        event.cameo = row.event_code
        event.reports.append(EventReport(
            doc_id=None, start=0, end=0,
            text=f"{row.actor1_name or row.actor1_code} [{row.event_code}] "
                 f"{row.actor2_name or row.actor2_code}".strip(),
            lang=None, source="gdelt", source_ref=str(row.event_id), doc_date=row.date))
        return event
    return None
