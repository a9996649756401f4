"""UN E-Government Survey CSV (UN DESA), in the three shapes of ../shared/data/egdi/.

Each shape's columns map to the same indicators (``egov_rank`` unit ``rank``; the indices unit
``index``, 0-1)::

    indicator     unu (2010-2018)   data center (2022)                     edited (2024)
    entity        country-code      Country Name -> ISO3                   Country -> ISO3
    period        file name / year= Survey Year                            Survey Year
    egov_rank     e-gov-rank        E-Government Rank                      Rank
    egdi          e-gov-index       E-Government Index                     E_Index
    epart_index   e-pat-index       E-Participation Index                  E_Participation
    osi           osi               Online Service Index                   Online_Service
    hci           hci               Human Capital Index                    Human_Capital
    tii           tii               Telecommunication Infrastructure Index Tele_Infra

Names are trimmed (the 2022 export pads them: ``"Kazakhstan "``) and matched with
:mod:`igokit.analysis.importers.names` (pycountry + UN aliases such as Türkiye,
"Georgia (Country)"). The 2024 file's hand-made ``Region`` column is ignored. Ranks such as
``136.0`` are read as numbers; float noise (0.17969000000000002) is rounded to 5 decimals.
The source is ``un-desa-egov-<year>`` when the knowledge base has it, else
``un-desa-egov-survey`` (or ``source=``).
"""

from __future__ import annotations

from pathlib import Path

from igokit.analysis.importers.base import (
    ImportResult,
    Progress,
    Table,
    unmatched_error,
    year_from_name,
)
from igokit.analysis.importers.names import iso3_codes, iso3_of
from igokit.errors import InputError
from igokit.kb.indicators import Observation

#: indicator -> accepted column names (any shape), and its unit
COLUMNS: dict[str, tuple[tuple[str, ...], str]] = {
    "egov_rank": (("e-gov-rank", "E-Government Rank", "Rank"), "rank"),
    "egdi": (("e-gov-index", "E-Government Index", "E_Index", "EGDI"), "index"),
    "epart_index": (("e-pat-index", "E-Participation Index", "E_Participation", "EPART"),
                    "index"),
    "osi": (("osi", "Online Service Index", "Online_Service"), "index"),
    "hci": (("hci", "Human Capital Index", "Human_Capital"), "index"),
    "tii": (("tii", "Telecommunication Infrastructure Index", "Tele_Infra"), "index"),
}
YEAR_SOURCES = {"2022": "un-desa-egov-2022", "2024": "un-desa-egov-2024"}


def read(path: Path, *, source: str | None = None, year: str | int | None = None,
         skip_unmatched: bool = False, progress: Progress | None = None,
         **_: object) -> ImportResult:
    table = Table(path)
    c_iso = table.column("country-code", "Country Code", "ISO3", required=False)
    c_name = table.column("country-name", "Country Name", "Country")
    c_year = table.column("Survey Year", "Year", required=False)
    shape = "unu" if c_iso is not None else ("data-center" if table.has("Country Name")
                                             else "edited")
    cols = {ind: (table.column(*names, required=ind in ("egov_rank", "egdi")), unit)
            for ind, (names, unit) in COLUMNS.items()}
    fixed_year = str(year) if year is not None else None
    if c_year is None and fixed_year is None:
        fixed_year = year_from_name(path)
        if fixed_year is None:
            raise InputError(f"{path}: no 'Survey Year' column and no year in the file name; "
                             "pass --year")
    result = ImportResult(str(path), path.stem, shape)
    codes = iso3_codes()
    for line, f in table.rows(progress):
        name = f[c_name].strip()  # type: ignore[index]
        if c_iso is not None:
            iso = f[c_iso].strip().upper()
            if iso not in codes:
                table.problem(line, f"column 'country-code': {iso!r} is not an ISO3 code")
                continue
        else:
            found = iso3_of(name)
            if found is None:
                result.unmatched.setdefault(name, line)
                continue
            iso = found
        period = fixed_year or table.year(line, "Survey Year", f[c_year])  # type: ignore[index]
        if period is None:
            continue
        src = source or YEAR_SOURCES.get(period, "un-desa-egov-survey")
        for ind, (col, unit) in cols.items():
            if col is None or not f[col].strip():
                continue
            value = table.number(line, table.header[col], f[col])
            if value is None:
                continue
            value = round(value) if ind == "egov_rank" else round(value, 5)
            result.observations.append(Observation(iso, ind, period, float(value), unit, src))
    table.raise_problems()
    if result.unmatched and not skip_unmatched:
        raise unmatched_error(path, result.unmatched)
    return result
