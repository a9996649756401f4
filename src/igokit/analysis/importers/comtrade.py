"""Trade by partner: UN Comtrade-style CSV and the WITS by-partner series.

Shape ``comtrade`` (one row per reporter, partner, year and flow; values in USD)::

    accepted names (case and punctuation ignored)              -> observation
    reporter, reporteriso, reporter code, reporterdesc         -> entity (ISO3 or a name)
    partner, partneriso, partner code, partnerdesc             -> partner (World -> total)
    year, refyear, period                                      -> period (YYYY)
    flow, flowdesc, trade flow, flowcode                       -> indicator exports/imports
    value, primaryvalue, trade value (us$), tradevalue         -> value (USD)

Flows ``Export``/``X`` and ``Import``/``M`` are kept; re-exports and re-imports are skipped and
counted. A partner ``World``/``WLD``/``0`` becomes a total row (partner empty).

Shape ``wits`` (``date,region,item_code,item_name,value,transformation``, one file per
reporter and flow, as in ../shared/data/trade/wits_kz_exports_by_partner.csv)::

    date (YYYY-12-31) -> period (YYYY);  item_code -> partner (WITS code, kept as is)
    value (thousand USD) -> value x 1000 (USD);  region, transformation -> checked, not stored

The reporter and the flow come from the file name (``wits_<iso2>_<exports|imports>_...``) or
from ``reporter=``/``flow=``. Partner codes that are not current ISO3 codes (``ANT``, ``USP``,
``BLM`` ...) are kept with the WITS name in ``note``; so is ``SDN``, which WITS uses for the
former Sudan until 2010 and for Sudan from 2012.
"""

from __future__ import annotations

import re
from pathlib import Path

import pycountry

from igokit.analysis.importers.base import (
    ImportResult,
    Progress,
    Table,
    unmatched_error,
)
from igokit.analysis.importers.names import iso3_codes, iso3_of
from igokit.errors import InputError
from igokit.kb.indicators import Observation

FLOWS = {"export": "exports", "exports": "exports", "x": "exports",
         "import": "imports", "imports": "imports", "m": "imports"}
SKIPPED_FLOWS = {"re-export", "re-exports", "re-import", "re-imports", "rx", "rm"}
WORLD = {"world", "wld", "0", "w00"}


def read(path: Path, *, source: str | None = None, reporter: str | None = None,
         flow: str | None = None, skip_unmatched: bool = False,
         progress: Progress | None = None) -> ImportResult:
    table = Table(path)
    if table.has("item_code") and table.has("date"):
        return _read_wits(table, source or "wits-comtrade-trade", reporter, flow, progress)
    return _read_comtrade(table, source or "un-comtrade", skip_unmatched, progress)


def _country(name: str) -> str | None:
    text = name.strip()
    if re.fullmatch(r"[A-Z]{3}", text):
        return text
    return iso3_of(text)


def _read_comtrade(table: Table, source: str, skip_unmatched: bool,
                   progress: Progress | None) -> ImportResult:
    c_rep = table.column("reporter", "reporteriso", "reporter iso", "reporter code",
                         "reporterdesc")
    c_par = table.column("partner", "partneriso", "partner iso", "partner code", "partnerdesc")
    c_year = table.column("year", "refyear", "period")
    c_flow = table.column("flow", "flowdesc", "trade flow", "flowcode")
    c_val = table.column("value", "primaryvalue", "trade value (us$)", "tradevalue")
    assert None not in (c_rep, c_par, c_year, c_flow, c_val)
    result = ImportResult(str(table.path), table.path.stem, "comtrade")
    for line, f in table.rows(progress):
        flow_raw = f[c_flow].strip().casefold()  # type: ignore[index]
        if flow_raw in SKIPPED_FLOWS:
            result.skipped["re-export/re-import rows"] += 1
            continue
        indicator = FLOWS.get(flow_raw)
        if indicator is None:
            table.problem(line, f"column 'flow': {f[c_flow]!r} is not Export or Import")  # type: ignore[index]
            continue
        rep_name, par_name = f[c_rep].strip(), f[c_par].strip()  # type: ignore[index]
        rep = _country(rep_name)
        world = par_name.casefold() in WORLD
        par = None if world else _country(par_name)
        missing = [rep_name] if rep is None else []
        if par is None and not world:
            missing.append(par_name)
        for name in missing:
            result.unmatched.setdefault(name, line)
        year = table.year(line, "year", f[c_year])  # type: ignore[index]
        value = table.number(line, "value", f[c_val])  # type: ignore[index]
        if missing or year is None or value is None or rep is None:
            continue
        result.observations.append(Observation(rep, indicator, year, value, "USD", source,
                                               partner=par))
    table.raise_problems()
    if result.unmatched and not skip_unmatched:
        raise unmatched_error(table.path, result.unmatched)
    return result


def _from_name(path: Path) -> tuple[str | None, str | None]:
    m = re.search(r"wits_([a-z]{2})_(exports|imports)", path.stem.casefold())
    if not m:
        return None, None
    country = pycountry.countries.get(alpha_2=m.group(1).upper())
    return (country.alpha_3 if country else None), m.group(2)


def _read_wits(table: Table, source: str, reporter: str | None, flow: str | None,
               progress: Progress | None) -> ImportResult:
    guess_rep, guess_flow = _from_name(table.path)
    rep = (reporter or guess_rep or "").upper()
    fl = FLOWS.get((flow or guess_flow or "").casefold())
    if not rep or fl is None:
        raise InputError(f"{table.path}: a WITS by-partner file does not name its reporter and "
                         "flow; call it wits_<iso2>_<exports|imports>_... or pass --reporter "
                         "and --flow")
    c_date = table.column("date")
    c_code = table.column("item_code")
    c_name = table.column("item_name")
    c_val = table.column("value")
    c_tr = table.column("transformation", required=False)
    result = ImportResult(str(table.path), table.path.stem, "wits")
    codes = iso3_codes()
    for line, f in table.rows(progress):
        if c_tr is not None and f[c_tr].strip() not in ("", "level"):
            table.problem(line, f"column 'transformation': {f[c_tr]!r}, only 'level' is read")
            continue
        year = table.year(line, "date", f[c_date])  # type: ignore[index]
        value = table.number(line, "value", f[c_val])  # type: ignore[index]
        code = f[c_code].strip().upper()  # type: ignore[index]
        name = f[c_name].strip()  # type: ignore[index]
        if not re.fullmatch(r"[A-Z0-9]{3}", code):
            table.problem(line, f"column 'item_code': {code!r} is not a partner code")
            continue
        if year is None or value is None:
            continue
        note = None
        if code not in codes or name.casefold().startswith("fm ") or code == "SDN":
            note = f"WITS partner: {name}"
        result.observations.append(Observation(rep, fl, year, value * 1000, "USD", source,
                                               partner=code, note=note))
    table.raise_problems()
    return result
