"""Wikidata "member of" (P463) statements → the layer ``wikidata``.

The user downloads the data (IGOkit never goes online): either a saved SPARQL result in the
standard JSON format (``head.vars`` / ``results.bindings``) of a query such as::

    SELECT ?state ?iso3 ?org ?orgLabel ?start ?end WHERE {
      ?state p:P463 ?st . ?st ps:P463 ?org .
      ?state wdt:P298 ?iso3 .                       # ISO 3166-1 alpha-3
      VALUES ?org { wd:Q485207 wd:Q1043527 ... }    # the organizations wanted
      OPTIONAL { ?st pq:P580 ?start } OPTIONAL { ?st pq:P582 ?end }
      SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
    }

or a JSON dump subset (a list of entity documents as in Special:EntityData, whose ``claims``
hold P463 with qualifiers P580/P582 and P298). States map by their ISO alpha-3 (P298, or the
``iso3`` variable), organizations by their QID through the knowledge base's entities (``qid``);
an organization the knowledge base does not know keeps its QID as id. Times keep their
precision (Wikidata 11 = day, 10 = month, 9 = year); P582, an inclusive end, becomes the day
after (half-open intervals). A statement with no start time is skipped and counted.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import InputError
from igokit.kb import facts
from igokit.kb.dates import FuzzyDate
from igokit.kb.layers import Layer, LayerStatement

LAYER = "wikidata"
SOURCE = "wikidata"


@dataclass(slots=True)
class WikidataResult:
    layer: Layer
    shape: str
    skipped: Counter[str] = field(default_factory=Counter)
    unmatched_states: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        out = f"{self.layer.files[-1]}: {len(self.layer.statements)} statements ({self.shape})"
        if self.skipped:
            out += "; skipped: " + ", ".join(f"{n} {why}" for why, n in self.skipped.items())
        if self.unmatched_states:
            out += "\n  states with no ISO code (skipped): " + ", ".join(
                f"{k} ({n})" for k, n in sorted(self.unmatched_states.items()))
        return out


def read(path: Path, progress: Callable[[int, int], None] | None = None,
         conn: sqlite3.Connection | None = None) -> WikidataResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}:1: not a JSON file ({exc})") from None
    result = WikidataResult(Layer(LAYER, "Wikidata P463", SOURCE, [str(path)]), "")
    if isinstance(data, dict) and "results" in data and "head" in data:
        result.shape = "SPARQL JSON"
        for b in data["results"].get("bindings", []):
            _binding(result, b)
    elif isinstance(data, (list, dict)):
        result.shape = "entity documents"
        docs = data if isinstance(data, list) else list(data.get("entities", {}).values())
        for doc in docs:
            _document(result, doc)
    else:
        raise InputError(f"{path}:1: neither a SPARQL JSON result nor a list of entities")
    if progress:
        progress(1, 1)
    return result


def _qid(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _binding(result: WikidataResult, b: dict[str, Any]) -> None:
    value = lambda k: b.get(k, {}).get("value")  # noqa: E731
    iso = value("iso3")
    state = value("state") or ""
    org = value("org")
    if not org:
        result.skipped["rows without ?org"] += 1
        return
    if not iso:
        result.unmatched_states[_qid(state)] = result.unmatched_states.get(_qid(state), 0) + 1
        return
    _add(result, iso, _qid(org), value("orgLabel"), _time(value("start")), _time(value("end")))


def _time(value: str | None, precision: int = 11) -> tuple[str, str] | None:
    """An xsd:dateTime ("2001-06-15T00:00:00Z", or "+2001-06-15T..." in dumps) at a precision
    (11 day, 10 month, 9 year) → (ISO partial date, precision word)."""
    if not value:
        return None
    date = value.lstrip("+")[:10]
    if precision >= 11 and not date.endswith("-00"):
        return date, "day"
    if precision == 10 or (date.endswith("-00") and date[5:7] != "00"):
        return date[:7], "month"
    return date[:4], "year"


def _document(result: WikidataResult, doc: dict[str, Any]) -> None:
    claims = doc.get("claims", {})
    iso = None
    for c in claims.get("P298", []):
        iso = c.get("mainsnak", {}).get("datavalue", {}).get("value")
    for c in claims.get("P463", []):
        snak = c.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        org = snak.get("id") if isinstance(snak, dict) else None
        if not org:
            result.skipped["P463 without a value"] += 1
            continue
        if not iso:
            key = str(doc.get("id"))
            result.unmatched_states[key] = result.unmatched_states.get(key, 0) + 1
            continue
        q = c.get("qualifiers", {})
        start = _qualifier_time(q.get("P580"))
        end = _qualifier_time(q.get("P582"))
        _add(result, iso, org, None, start, end)


def _qualifier_time(snaks: list[dict[str, Any]] | None) -> tuple[str, str] | None:
    if not snaks:
        return None
    v = snaks[0].get("datavalue", {}).get("value", {})
    return _time(v.get("time"), int(v.get("precision", 11)))


def _add(result: WikidataResult, iso: str, org: str, label: str | None,
         start: tuple[str, str] | None, end: tuple[str, str] | None) -> None:
    if start is None:
        result.skipped["statements without a start time (P580)"] += 1
        return
    end_value = None
    if end is not None:  # Wikidata's end time is the last day: the interval ends the day after
        fd = FuzzyDate.parse(end[0])
        end_value = fd.after_last_day.isoformat()
    result.layer.statements.append(
        LayerStatement(iso.upper(), org, "member", start[0], end_value, start[1])
    )
    # a Wikidata result holds what its query asked for: its coverage is never declared complete
    result.layer.entities.setdefault(org, ("organization", label or org, {"qid": org}))


def map_qids(conn: sqlite3.Connection, result: WikidataResult) -> None:
    """Replace organization QIDs by the knowledge base's ids where it knows the QID."""
    ids = facts.organization_qids(conn)
    for s in result.layer.statements:
        s.object = ids.get(s.object, s.object)
    result.layer.entities = {ids.get(k, k): v for k, v in result.layer.entities.items()}
