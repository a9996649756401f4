"""World Bank World Development Indicators (WDI) CSV, long or wide.

Shape ``long`` (as in ../shared/data/wdi/*.csv, one file per indicator)::

    Country Name -> (checked only);  Country Code -> entity;  Year -> period;  Value -> value

The indicator code is not in the file: it comes from ``indicator=`` or the file name
(``sp.pop.totl.csv`` -> ``SP.POP.TOTL``).

Shape ``wide`` (the classic download ``API_<code>_DS2_...csv``; up to 4 metadata lines before
the header are skipped)::

    Country Name, Country Code -> entity;  Indicator Code -> indicator;  1960 ... 2024 -> one
    observation per non-empty year cell

Aggregates (``WLD``, ``EAS`` ...) are kept under their World Bank codes. Units come from a
small table of known codes (``.CD`` current USD, ``.ZS`` percent, ``SP.POP.TOTL`` persons) or
are ``WDI units``. Empty values are skipped and counted.
"""

from __future__ import annotations

import re
from pathlib import Path

from igokit.analysis.importers.base import ImportResult, Progress, Table
from igokit.errors import InputError
from igokit.kb.indicators import Observation

UNITS = {"SP.POP.TOTL": "persons", "AG.PRD.FOOD.XD": "index 2014-2016=100",
         "IT.NET.BBND.P2": "per 100 people"}


def unit_of(code: str) -> str:
    if code in UNITS:
        return UNITS[code]
    if code.endswith(".CD") or code.endswith(".CD.WD") or code.endswith(".CD.WT"):
        return "USD"
    if code.endswith(".ZS"):
        return "%"
    return "WDI units"


def read(path: Path, *, source: str | None = None, indicator: str | None = None,
         progress: Progress | None = None, **_: object) -> ImportResult:
    table = Table(path, skip_to="Country Name")
    src = source or "world-bank-wdi"
    if table.has("Year") and table.has("Value"):
        code = (indicator or path.stem.split("_")[0]).upper()
        if not re.fullmatch(r"[A-Z0-9]+(\.[A-Z0-9]+)+", code):
            raise InputError(f"{path}: cannot tell the indicator code from the file name; "
                             "pass --indicator (e.g. NY.GDP.MKTP.CD)")
        return _long(table, code, src, progress)
    return _wide(table, indicator, src, progress)


def _long(table: Table, code: str, source: str, progress: Progress | None) -> ImportResult:
    c_code = table.column("Country Code")
    c_year = table.column("Year")
    c_val = table.column("Value")
    result = ImportResult(str(table.path), table.path.stem, "wdi-long")
    unit = unit_of(code)
    for line, f in table.rows(progress):
        if not f[c_val].strip():  # type: ignore[index]
            result.skipped["empty values"] += 1
            continue
        entity = f[c_code].strip().upper()  # type: ignore[index]
        if not re.fullmatch(r"[A-Z0-9]{3}", entity):
            table.problem(line, f"column 'Country Code': {entity!r} is not a 3-letter code")
            continue
        year = table.year(line, "Year", f[c_year])  # type: ignore[index]
        value = table.number(line, "Value", f[c_val])  # type: ignore[index]
        if year and value is not None:
            result.observations.append(Observation(entity, code, year, value, unit, source))
    table.raise_problems()
    return result


def _wide(table: Table, indicator: str | None, source: str,
          progress: Progress | None) -> ImportResult:
    c_code = table.column("Country Code")
    c_ind = table.column("Indicator Code", required=indicator is None)
    years = [(i, h) for i, h in enumerate(table.header) if re.fullmatch(r"\d{4}", h.strip())]
    if not years:
        raise InputError(f"{table.where(1 + table.offset)}: no Year/Value columns and no year "
                         f"columns (1960, 1961 ...); the header is {', '.join(table.header)}")
    result = ImportResult(str(table.path), table.path.stem, "wdi-wide")
    for line, f in table.rows(progress):
        code = (indicator or f[c_ind]).strip().upper()  # type: ignore[index]
        entity = f[c_code].strip().upper()  # type: ignore[index]
        for i, year in years:
            cell = f[i] if i < len(f) else ""
            if not cell.strip():
                result.skipped["empty values"] += 1
                continue
            value = table.number(line, year, cell)
            if value is not None:
                result.observations.append(Observation(entity, code, year.strip(), value,
                                                       unit_of(code), source))
    table.raise_problems()
    return result
