"""Correlates of War IGO v3 → a layer of status intervals at year precision.

Both of COW's wide files are read (``.csv`` or ``.csv.gz``):

- **state-year** (``state_year_format3``): ``ccode``, ``year``, ``state``, then one column per
  IGO in lower case (``sco``, ``csto``, ``cis`` …);
- **IGO-year** (``igo_year_format3``): ``ioname``, ``orgname``, ``year``, then one column per
  state named as COW names it (``kazakhstan``, ``russia`` …), plus the IGO's descriptors.

Cell codes: 1 full membership → ``member``, 2 associate membership → ``associate``, 3 observer
→ ``observer``; 0 (none), -9 (missing) and -1 (not a state system member) give no statement.
A state's consecutive years with the same status become one interval ``[first year, year after
the last)``; before 1965 COW observes every fifth year, and an observation then stands until the
next one. COW ends in 2014: a status still held in 2014 ends with the data (``2015``) — COW
cannot say whether it went on. Every interval is cited to the ``cow-igo-v3`` source.

States map through ``data/mappings/cow_states.yaml`` (COW code → ISO 3166 alpha-3) and IGOs
through ``data/mappings/cow_igos.yaml`` (otherwise COW's abbreviation in capitals); a state
with no ISO code is listed as unmatched, never guessed. pandas reads the wide files (they are
8 M cells); the interval logic is ours because no library turns panel codes into sourced
half-open intervals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import InputError
from igokit.kb.freshness import data_dir
from igokit.kb.layers import Layer, LayerStatement
from igokit.kb.yamlfile import load_mapping

LAYER = "cow-igo-v3"
SOURCE = "cow-igo-v3"
CODES = {1: "member", 2: "associate", 3: "observer"}
LAST_YEAR = 2014


@dataclass(slots=True)
class CowMaps:
    ccode_iso: dict[int, str | None]
    name_ccode: dict[str, int]
    igo_ids: dict[str, str]


@dataclass(slots=True)
class CowResult:
    layer: Layer
    shape: str
    cells: int = 0
    unmatched_states: dict[str, int] = field(default_factory=dict)  # COW name → cells skipped

    def summary(self) -> str:
        out = (f"{self.layer.files[-1]}: {self.cells} status cells ({self.shape}) → "
               f"{len(self.layer.statements)} intervals, {len(self.layer.coverage)} organizations")
        if self.unmatched_states:
            out += "\n  states with no ISO code (skipped): " + ", ".join(
                f"{n} ({k} cells)" for n, k in sorted(self.unmatched_states.items()))
        return out


def load_maps() -> CowMaps:
    root = data_dir() / "mappings"
    states, problems = load_mapping(root / "cow_states.yaml", "cow_states.yaml")
    igos, problems2 = load_mapping(root / "cow_igos.yaml", "cow_igos.yaml")
    if states is None or igos is None or problems or problems2:
        raise InputError("; ".join(problems + problems2) or "cow mapping files unreadable")
    ccode_iso = {int(r["ccode"]): (str(r["iso3"]) if r["iso3"] else None)
                 for r in states["states"]}
    name_ccode = {str(r["cow"]): int(r["ccode"]) for r in states["states"]}
    return CowMaps(ccode_iso, name_ccode, {str(k): str(v) for k, v in igos["igos"].items()})


def igo_id(maps: CowMaps, ioname: str) -> str:
    return maps.igo_ids.get(ioname) or ioname.upper()


def read(path: Path, progress: Callable[[int, int], None] | None = None) -> CowResult:
    """Read one COW IGO v3 file (either shape) into a layer."""
    import pandas as pd

    if not path.exists():
        raise InputError(f"{path}: no such file")
    try:
        head = pd.read_csv(path, nrows=0)
    except Exception as exc:  # a corrupt gzip, not a CSV ...
        raise InputError(f"{path}:1: not a COW IGO CSV file ({exc})") from None
    cols = set(head.columns)
    maps = load_maps()
    if {"ccode", "year", "state"} <= cols:
        return _state_year(path, pd.read_csv(path), maps, progress)
    if {"ioname", "orgname", "year"} <= cols:
        return _igo_year(path, pd.read_csv(path, low_memory=False), maps, progress)
    raise InputError(f"{path}:1: neither COW IGO v3 shape: expected the columns ccode, year, "
                     "state (state-year) or ioname, orgname, year (IGO-year)")


_IGO_DESCRIPTORS = {"sdate", "deaddate", "dead", "integrated", "replaced", "longorgname",
                    "ionum", "igocode", "version", "accuracyofpre1965membershipdates",
                    "sourcesandnotes", "imputed", "political", "social", "economic"}


def _state_year(path: Path, df: Any, maps: CowMaps,
                progress: Callable[[int, int], None] | None) -> CowResult:
    igo_cols = [c for c in df.columns if c not in ("ccode", "year", "state")]
    long = df.melt(id_vars=["ccode", "year"], value_vars=igo_cols, var_name="igo",
                   value_name="code")
    alive = long[long["code"].isin([0, *CODES])]  # the IGO existed (0: not a member)
    spans = alive.groupby("igo")["year"].agg(["min", "max"])
    long = long[long["code"].isin(list(CODES))].copy()
    names = {c: c for c in igo_cols}
    # the state-year file names IGOs in lower case; the mapping keys are COW's ionames
    by_lower = {k.lower(): k for k in maps.igo_ids}
    long["org"] = [igo_id(maps, by_lower.get(g, g.upper())) for g in long["igo"]]
    steps = _steps(df["year"])
    result = CowResult(Layer(LAYER, "COW IGO v3", SOURCE, [str(path)]), "state-year",
                       cells=len(long))
    code_name = {int(c): str(n) for c, n in zip(df["ccode"], df["state"], strict=True)}
    _intervals(result, long, maps, steps, code_name, progress)
    for g in igo_cols:
        oid = igo_id(maps, by_lower.get(g, g.upper()))
        result.layer.entities.setdefault(oid, ("organization", names[g].upper(), {"cow": g}))
    spans.index = [igo_id(maps, by_lower.get(g, g.upper())) for g in spans.index]
    _coverage(result, df["year"], per_org=spans)
    return result


def _igo_year(path: Path, df: Any, maps: CowMaps,
              progress: Callable[[int, int], None] | None) -> CowResult:
    state_cols = [c for c in df.columns if c not in {"ioname", "orgname", "year"}
                  and c not in _IGO_DESCRIPTORS]
    unknown = [c for c in state_cols if c not in maps.name_ccode]
    result = CowResult(Layer(LAYER, "COW IGO v3", SOURCE, [str(path)]), "IGO-year")
    for c in unknown:
        result.unmatched_states[c] = 0
    known = [c for c in state_cols if c in maps.name_ccode]
    long = df.melt(id_vars=["ioname", "year"], value_vars=known, var_name="state",
                   value_name="code")
    long = long[long["code"].isin(list(CODES))].copy()
    long["ccode"] = long["state"].map(maps.name_ccode)
    long["org"] = [igo_id(maps, n) for n in long["ioname"]]
    result.cells = len(long)
    code_name = {v: k for k, v in maps.name_ccode.items()}
    _intervals(result, long, maps, _steps(df["year"]), code_name, progress)
    for ioname, orgname in zip(df["ioname"], df["orgname"], strict=True):
        result.layer.entities.setdefault(igo_id(maps, ioname),
                                         ("organization", str(orgname), {"cow": ioname}))
    spans = df.groupby("ioname")["year"].agg(["min", "max"])
    spans.index = [igo_id(maps, str(n)) for n in spans.index]
    _coverage(result, df["year"], per_org=spans)
    return result


def _steps(years: Any) -> dict[int, int]:
    """Each observed year → the next observed year (five-year steps before 1965)."""
    ys = sorted({int(y) for y in years})
    return {y: (ys[i + 1] if i + 1 < len(ys) else y + 1) for i, y in enumerate(ys)}


def _intervals(result: CowResult, long: Any, maps: CowMaps, steps: dict[int, int],
               code_name: dict[int, str], progress: Callable[[int, int], None] | None) -> None:
    long = long.sort_values(["org", "ccode", "year"])
    groups = long.groupby(["org", "ccode"], sort=False)
    total = groups.ngroups
    for i, ((org, ccode), g) in enumerate(groups):
        iso = maps.ccode_iso.get(int(ccode))
        if iso is None:
            name = code_name.get(int(ccode), str(ccode))
            result.unmatched_states[name] = result.unmatched_states.get(name, 0) + len(g)
            continue
        run: tuple[str, int, int] | None = None  # status, first year, year after the last
        for year, code in zip(g["year"], g["code"], strict=True):
            status, y = CODES[int(code)], int(year)
            if run and run[0] == status and run[2] == y:
                run = (status, run[1], steps[y])
                continue
            if run:
                _add(result, iso, str(org), run)
            run = (status, y, steps[y])
        if run:
            _add(result, iso, str(org), run)
        if progress and i % 500 == 0:
            progress(i, total)
    if progress:
        progress(total, total)


def _add(result: CowResult, iso: str, org: str, run: tuple[str, int, int]) -> None:
    status, first, after = run
    note = "COW IGO v3 ends in 2014" if after > LAST_YEAR else None
    result.layer.statements.append(
        LayerStatement(iso, org, status, str(first), str(after), "year", note)
    )


def _coverage(result: CowResult, years: Any, per_org: Any = None) -> None:
    """COW is complete for every IGO it lists, for full, associate and observer status, from
    the IGO's first year in the data to 2014 (or its last year, for IGOs that ended)."""
    first_all, last_all = int(years.min()), int(years.max())
    orgs = sorted({s.object for s in result.layer.statements}
                  | {e for e, v in result.layer.entities.items() if v[0] == "organization"})
    spans: dict[str, tuple[int, int]] = {}
    if per_org is not None:
        for org, row in per_org.iterrows():
            spans[str(org)] = (int(row["min"]), int(row["max"]))
    for org in orgs:
        a, b = spans.get(org, (first_all, last_all))
        result.layer.coverage.append(
            (org, f"{a}-01-01", f"{b + 1}-01-01", ["member", "associate", "observer"],
             "COW IGO v3: every state system member, yearly from 1965 (every fifth year before)")
        )
