"""Exports: the knowledge base's tables as CSV, Parquet or JSON, and statements as QuickStatements.

Every exported row keeps its sources (``;``-separated ids in CSV), so a table pasted into a paper
or a spreadsheet still says where each fact comes from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from igokit.api import (
    KnowledgeBase,
    entity_kinds,
    entity_qids,
    initiative_entities,
    initiative_status_steps,
    membership_and_chair_statements,
    source_urls,
    statement_export_rows,
    statement_source_map,
)
from igokit.errors import InputError
from igokit.report.formats import FORMATS, TABLES


def _statements(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    conn = kb.conn
    rows = statement_export_rows(conn)
    cols = ["id", "subject", "subject_name", "predicate", "object", "object_name", "value",
            "start", "start_precision", "end", "end_precision", "qualifiers", "note", "origin",
            "sources"]
    frame = pd.DataFrame([tuple(r) for r in rows], columns=cols)
    if country:
        frame = frame[(frame["subject"] == country) | (frame["object"] == country)]
    return frame.reset_index(drop=True)


def _members(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    frame = _statements(kb, org, country)
    frame = frame[(frame["predicate"] == "membership") & (frame["object"] == org)]
    return frame[["subject", "subject_name", "value", "start", "start_precision", "end",
                  "end_precision", "note", "sources"]].rename(
        columns={"subject": "iso3", "subject_name": "name", "value": "status"}
    ).reset_index(drop=True)


def _rows_frame(rows: Any) -> pd.DataFrame:
    frame = rows.to_frame()
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, list)).any():
            frame[col] = frame[col].map(lambda v: ";".join(map(str, v))
                                        if isinstance(v, list) else v)
    return frame


def _initiatives(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    conn = kb.conn
    ents = initiative_entities(conn, org)
    out = []
    for eid, en, ru, kk, area, proposer, desc in ents:
        if country and proposer != country:
            continue
        steps = initiative_status_steps(conn, eid)
        sources = sorted({src for *_, srcs in steps if srcs for src in srcs.split(";")})
        out.append({"id": eid, "name": en, "name_ru": ru, "name_kk": kk, "area": area,
                    "proposer": proposer, "status": steps[-1][0] if steps else None,
                    "status_date": steps[-1][1] if steps else None,
                    "history": "; ".join(f"{v} {d}" for v, d, _ in steps),
                    "description": desc, "sources": ";".join(sources)})
    return pd.DataFrame(out)


def _indicators(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    try:
        from igokit.api import observations
    except ImportError:  # pragma: no cover - the indicators layer ships with the package
        return pd.DataFrame()
    return observations(kb, entity=country)  # type: ignore[no-any-return]


def _codes(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    from igokit.api import coded_units

    frame = coded_units(kb, "all", org=org)
    if "terms" in frame:
        frame["terms"] = frame["terms"].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    return frame


def _documents(kb: KnowledgeBase, org: str, country: str | None) -> pd.DataFrame:
    from igokit.api import list_documents

    return pd.DataFrame([d.__dict__ if hasattr(d, "__dict__") else
                         {k: getattr(d, k) for k in d.__slots__}  # type: ignore[attr-defined]
                         for d in list_documents(kb.conn)])


BUILDERS: dict[str, Callable[[KnowledgeBase, str, str | None], pd.DataFrame]] = {
    "statements": _statements,
    "members": _members,
    "timeline": lambda kb, org, c: _rows_frame(kb.timeline(org, c)),
    "summits": lambda kb, org, c: _rows_frame(kb.summits(org)),
    "initiatives": _initiatives,
    "indicators": _indicators,
    "codes": _codes,
    "documents": _documents,
}


def export_table(kb: KnowledgeBase, table: str, org: str = "SCO", country: str | None = None
                 ) -> pd.DataFrame:
    if table not in BUILDERS:
        raise InputError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    return BUILDERS[table](kb, org, country)


def write_frame(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write ``frame`` as CSV (UTF-8), Parquet (pyarrow) or JSON (records, UTF-8)."""
    if fmt == "csv":
        frame.to_csv(path, index=False)
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    elif fmt == "json":
        path.write_text(json.dumps(json.loads(frame.to_json(orient="records")),
                                   ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


# -- QuickStatements ------------------------------------------------------------------------

_PRECISION = {"year": 9, "month": 10, "day": 11}


def _last_unit_before(date: str, precision: str) -> str:
    """Our ends are exclusive ("first day no longer valid"); Wikidata's end time is the last
    day, month or year the statement held."""
    import datetime as dt

    from igokit.api import FuzzyDate

    d = FuzzyDate.parse(date)
    if precision == "year":
        return f"{d.year - 1:04d}"
    if precision == "month":
        return f"{d.year - 1:04d}-12" if d.month == 1 else f"{d.year:04d}-{d.month - 1:02d}"
    return (d.first_day - dt.timedelta(days=1)).isoformat()


def _qs_time(date: str | None, precision: str | None, end: bool = False) -> str | None:
    if not date or not precision:
        return None
    if end:
        date = _last_unit_before(date, precision)
    parts = [*date.split("-"), "01", "01"][:3]
    if precision == "year":
        parts[1:] = ["00", "00"]
    elif precision == "month":
        parts[2] = "00"
    return f"+{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z/{_PRECISION[precision]}"


#: Why a country's chairmanship is not exported (P488 "chairperson" takes a person).
CHAIR_BY_COUNTRY = ("chairmanship held by a country (P488 chairperson takes a person; no "
                    "Wikidata property for a state holding the presidency)")


def quickstatements(kb: KnowledgeBase, org: str = "SCO") -> tuple[list[str], dict[str, int]]:
    """Membership (P463 member of, with P580/P582 start/end and a P854 reference URL) and
    chairmanship statements whose entities have Wikidata QIDs, as QuickStatements V1 lines for
    an editor to review. Returns (lines, counts of what was left out and why).

    A chairmanship is stated as P488 (chairperson) on the organization only when the chair is a
    person: P488's value must be a human. The SCO's rotating chairmanship is held by a member
    *state*, and Wikidata has no property for "country holding the presidency" of an
    organization, so those are left out (counted under their reason) rather than misstated."""
    conn = kb.conn
    qids = entity_qids(conn)
    urls = source_urls(conn)
    kinds = entity_kinds(conn)
    rows = membership_and_chair_statements(conn, org)
    lines: list[str] = []
    skipped = {"no QID": 0, "not a full membership": 0, "no source URL": 0,
               CHAIR_BY_COUNTRY: 0}
    for sid, subject, predicate, obj, value, start, sp, end, ep in rows:
        if predicate == "membership" and value != "member":
            skipped["not a full membership"] += 1  # observer/partner need a role item to state
            continue
        if predicate == "chair" and kinds.get(subject) != "person":
            skipped[CHAIR_BY_COUNTRY] += 1
            continue
        if subject not in qids or obj not in qids:
            skipped["no QID"] += 1
            continue
        refs = [urls[s] for s in statement_source_map(conn, [sid])[sid] if s in urls]
        if not refs:
            skipped["no source URL"] += 1
            continue
        if predicate == "membership":
            parts = [qids[subject], "P463", qids[obj]]
        else:
            parts = [qids[obj], "P488", qids[subject]]
        for prop, date, prec, is_end in (("P580", start, sp, False), ("P582", end, ep, True)):
            stamp = _qs_time(date, prec, is_end)
            if stamp:
                parts += [prop, stamp]
        parts += ["S854", json.dumps(refs[0])]
        lines.append("\t".join(parts))
    return lines, skipped
