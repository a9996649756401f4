"""FAOSTAT Food Balances: the classic CSV and the DDF (open-numbers) shape.

Shape ``faostat`` (bulk or web download, long)::

    Area Code (ISO3) -> entity when present, else Area -> ISO3 (names module; never guessed)
    Area Code        -> FAO area code: 5000 and above are regions, 351 is "China" including
                        Hong Kong, Macao and Taiwan: both skipped as aggregates
    Item    -> item slug  (Wheat and products -> wheat_and_products)
    Element -> element slug (Domestic supply quantity -> domestic_supply_quantity)
    Year    -> period;  Value -> value;  Unit -> unit (default 1000 t)
    indicator = fbs_<item>_<element>   (e.g. fbs_wheat_and_products_production)

Shape ``ddf`` (``geo,year,fbs_<item>_<element>``, one file per series, as in
../shared/data/faostat/)::

    geo  -> FAO area code, mapped to ISO3 with the key file ddf--entities--geo.csv (column
            iso3_code), found beside the data file or given as geo_file=
    year -> period;  the third column's name -> indicator;  value -> value (1000 t)

Areas with code 5000 or above (FAO regions and groups, e.g. 5707 EU-27, which the key file
lacks) and areas that are not current ISO 3166 countries in the key file (351 China incl.
Taiwan as ``CPR``, the USSR ...) are skipped and counted; any other geo code missing from the
key file is an error. Negative values (stock effects, e.g. geo 188 in 2020) are kept.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from igokit.analysis.importers.base import ImportResult, Progress, Table, unmatched_error
from igokit.analysis.importers.names import iso3_codes, iso3_of
from igokit.errors import InputError
from igokit.kb.indicators import Observation

AGGREGATE_CODES = {"351"}   # "China" = mainland + Hong Kong + Macao + Taiwan


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.casefold()).strip("_")


def read(path: Path, *, source: str | None = None, geo_file: Path | None = None,
         skip_unmatched: bool = False, progress: Progress | None = None,
         **_: object) -> ImportResult:
    table = Table(path)
    src = source or "faostat-fbs"
    if table.has("geo"):
        return _ddf(table, src, geo_file or path.with_name("ddf--entities--geo.csv"), progress)
    return _classic(table, src, skip_unmatched, progress)


def _is_aggregate(code: str) -> bool:
    return code in AGGREGATE_CODES or (code.isdigit() and int(code) >= 5000)


def load_geo(path: Path) -> dict[str, tuple[str, str]]:
    """FAO area code -> (ISO3 or '', name), from a DDF geo key file."""
    if not path.is_file():
        raise InputError(f"{path}: the DDF geo key file (ddf--entities--geo.csv) is needed to "
                         "map FAO area codes to ISO3; put it beside the data or pass --geo")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"geo", "iso3_code", "name"} - set(reader.fieldnames or [])
        if missing:
            raise InputError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
        return {row["geo"].strip(): ((row["iso3_code"] or "").strip(), row["name"])
                for row in reader}


def _ddf(table: Table, source: str, geo_path: Path, progress: Progress | None) -> ImportResult:
    c_geo = table.column("geo")
    c_year = table.column("year")
    concepts = [i for i, h in enumerate(table.header) if i not in (c_geo, c_year)]
    if len(concepts) != 1:
        raise InputError(f"{table.where(1)}: a DDF datapoints file has geo, year and one "
                         f"value column; the header is {', '.join(table.header)}")
    c_val = concepts[0]
    indicator = slug(table.header[c_val])
    geo = load_geo(geo_path)
    codes = iso3_codes()
    result = ImportResult(str(table.path), f"faostat-{indicator}", "ddf")
    for line, f in table.rows(progress):
        code = f[c_geo].strip()  # type: ignore[index]
        if _is_aggregate(code):
            result.skipped["aggregate areas (FAO code 5000+ or 351)"] += 1
            continue
        if code not in geo:
            table.problem(line, f"geo {code!r} is not in {geo_path.name}")
            continue
        iso, name = geo[code]
        if iso not in codes:
            result.skipped[f"areas without a current ISO3 code ({name})"] += 1
            continue
        year = table.year(line, "year", f[c_year])  # type: ignore[index]
        value = table.number(line, table.header[c_val], f[c_val])
        if year and value is not None:
            result.observations.append(Observation(iso, indicator, year, value, "1000 t",
                                                   source))
    table.raise_problems()
    return result


def _classic(table: Table, source: str, skip_unmatched: bool,
             progress: Progress | None) -> ImportResult:
    c_iso = table.column("Area Code (ISO3)", required=False)
    c_code = table.column("Area Code", required=False)
    c_area = table.column("Area")
    c_item = table.column("Item")
    c_el = table.column("Element")
    c_year = table.column("Year")
    c_val = table.column("Value")
    c_unit = table.column("Unit", required=False)
    codes = iso3_codes()
    result = ImportResult(str(table.path), table.path.stem, "faostat")
    for line, f in table.rows(progress):
        if c_code is not None and _is_aggregate(f[c_code].strip()):
            result.skipped["aggregate areas (FAO code 5000+ or 351)"] += 1
            continue
        area = f[c_area].strip()  # type: ignore[index]
        iso = f[c_iso].strip().upper() if c_iso is not None else iso3_of(area)
        if not iso or iso not in codes:
            result.unmatched.setdefault(area, line)
            continue
        item, element = slug(f[c_item]), slug(f[c_el])  # type: ignore[index]
        if not item or not element:
            table.problem(line, "empty Item or Element")
            continue
        if not f[c_val].strip():  # type: ignore[index]
            result.skipped["empty values"] += 1
            continue
        year = table.year(line, "Year", f[c_year])  # type: ignore[index]
        value = table.number(line, "Value", f[c_val])  # type: ignore[index]
        unit = (f[c_unit].strip() if c_unit is not None else "") or "1000 t"
        if unit == "t":
            value, unit = (None if value is None else value / 1000), "1000 t"
        if year and value is not None:
            result.observations.append(Observation(iso, f"fbs_{item}_{element}", year, value,
                                                   unit, source))
    table.raise_problems()
    if result.unmatched and not skip_unmatched:
        raise unmatched_error(table.path, result.unmatched)
    return result
