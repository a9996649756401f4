"""A composite "middle power" index with transparent indicators, weights and sensitivity.

Five attributes (niche diplomacy, coalition leadership, issue expertise, mediation capacity,
economic connectivity), each operationalized with indicators counted from the knowledge base up to
the end of a year for every member state of an organization. Indicators are normalized across the
members (min-max or rank), averaged into attributes, and the attributes combined with the weights
of a YAML file. Monte Carlo draws of the weights (flat Dirichlet) show how stable each rank is —
as published power indices do.

Coverage matters: an indicator that the knowledge base documents for fewer than half of the
members (initiatives are curated in depth for Kazakhstan, other memberships for the Central Asian
states) would reward curation, not behaviour, so it is left out by default and reported in
``excluded``; ``include_partial=True`` keeps it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from igokit.errors import DataError, InputError
from igokit.kb import facts
from igokit.kb.freshness import data_dir
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.yamlfile import load_mapping

ADOPTED = ("supported", "adopted", "in_force", "implemented")
DEFAULT_WEIGHTS = "middle_power.v2.yaml"
MISSING = ("unranked", "mean")


@dataclass(slots=True)
class IndexResult:
    org: str
    year: int
    weights: dict[str, float]
    indicators: pd.DataFrame  # one row per country: raw indicator values
    normalized: pd.DataFrame
    attributes: pd.DataFrame
    scores: pd.DataFrame  # country, score, rank, sources
    sensitivity: pd.DataFrame  # country, median_rank, rank_p05, rank_p95, p_top
    excluded: dict[str, str] = field(default_factory=dict)
    #: one row per indicator: how it is measured, members with data, used or why not
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: how missing values were treated: "unranked" states, or "imputed" values (with method)
    missing: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"org": self.org, "year": self.year, "weights": self.weights,
                "excluded": self.excluded, "missing": self.missing,
                "coverage": json.loads(self.coverage.to_json(orient="records")),
                "scores": json.loads(self.scores.to_json(orient="records")),
                "sensitivity": json.loads(self.sensitivity.to_json(orient="records")),
                "indicators": json.loads(self.indicators.reset_index().to_json(orient="records"))}


def load_weights(path: str | Path | None = None) -> dict[str, Any]:
    path = Path(path) if path else data_dir() / "indices" / DEFAULT_WEIGHTS
    data, problems = load_mapping(path)
    if data is None or problems:
        raise DataError(problems)
    attrs = data.get("attributes")
    if not isinstance(attrs, dict) or not attrs:
        raise DataError([f"{data.where}: 'attributes' must map attribute names to settings"])
    errors = []
    for name, spec in attrs.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("indicators"), list):
            errors.append(f"{path}: attribute {name!r} needs a list 'indicators'")
            continue
        unknown = [i for i in spec["indicators"] if i not in INDICATORS]
        if unknown:
            errors.append(f"{getattr(spec, 'where', path)}: unknown indicators {unknown} "
                          f"(known: {', '.join(INDICATORS)})")
        weight = spec.get("weight", 1)
        if not isinstance(weight, (int, float)) or weight < 0:
            errors.append(f"{getattr(spec, 'where', path)}: weight must be a number >= 0")
    if data.get("normalization", "minmax") not in ("minmax", "rank"):
        errors.append(f"{data.where}: normalization must be minmax or rank")
    if errors:
        raise DataError(errors)
    return dict(data)


# -- indicators: each returns {iso3: (value, [sources])} for the given countries --------------

def _sources(kb: KnowledgeBase, ids: list[int]) -> list[str]:
    return facts.sources_of_statements(kb.conn, ids)


Indicator = dict[str, tuple[float, list[str]]]


def _proposals(kb: KnowledgeBase, org: str, end: str) -> dict[str, list[tuple[int, str, str]]]:
    rows = facts.proposals(kb.conn, org, end)
    out: dict[str, list[tuple[int, str, str]]] = {}
    for sid, subject, obj, area, person_country in rows:
        iso3 = obj if len(obj) == 3 and obj.isupper() else person_country
        if iso3:
            out.setdefault(iso3, []).append((sid, subject, area or ""))
    return out


def ind_initiatives_proposed(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                             ) -> Indicator:
    props = _proposals(kb, org, end)
    return {c: (float(len({p[1] for p in props.get(c, [])})),
                _sources(kb, [p[0] for p in props.get(c, [])])) for c in countries}


def ind_initiative_focus(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                         ) -> Indicator:
    """Herfindahl concentration of a state's initiatives over policy areas (1 = one niche)."""
    props = _proposals(kb, org, end)
    out: Indicator = {}
    for c in countries:
        areas = [p[2] for p in props.get(c, []) if p[2]]
        if not areas:
            out[c] = (float("nan"), [])
            continue
        shares = pd.Series(areas).value_counts(normalize=True)
        out[c] = (float((shares ** 2).sum()), _sources(kb, [p[0] for p in props.get(c, [])]))
    return out


def ind_initiatives_adopted(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                            ) -> Indicator:
    props = _proposals(kb, org, end)
    out: Indicator = {}
    for c in countries:
        ids = sorted({p[1] for p in props.get(c, [])})
        if not ids:
            out[c] = (0.0, [])
            continue
        rows = facts.statuses_reached(kb.conn, ids, ADOPTED, end)
        out[c] = (float(len({r[1] for r in rows})), _sources(kb, [r[0] for r in rows]))
    return out


def ind_chairmanships(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                      ) -> Indicator:
    rows = facts.chair_terms(kb.conn, org, end)
    return {c: (float(sum(1 for r in rows if r[1] == c)),
                _sources(kb, [r[0] for r in rows if r[1] == c])) for c in countries}


def ind_summits_hosted(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                       ) -> Indicator:
    rows = facts.meetings_hosted(kb.conn, org, end)
    return {c: (float(sum(1 for r in rows if r[1] == c)),
                _sources(kb, [r[0] for r in rows if r[1] == c])) for c in countries}


def ind_official_years(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                       ) -> Indicator:
    """Years nationals spent in the organization's posts (Secretary-General, directors ...)."""
    rows = facts.office_terms(kb.conn, org, end)
    out: Indicator = {}
    for c in countries:
        mine = [r for r in rows if r[1] == c]
        years = sum((pd.Timestamp(min(r[3], end)) - pd.Timestamp(r[2])).days / 365.25
                    for r in mine)
        out[c] = (round(float(years), 2), _sources(kb, [r[0] for r in mine]))
    return out


def ind_bodies_seated(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                      ) -> Indicator:
    rows = facts.body_seats(kb.conn, org, end)
    return {c: (float(sum(1 for r in rows if r[1] == c)),
                _sources(kb, [r[0] for r in rows if r[1] == c])) for c in countries}


def ind_other_memberships(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                          ) -> Indicator:
    rows = facts.other_memberships(kb.conn, org, end)
    return {c: (float(sum(1 for r in rows if r[1] == c)),
                _sources(kb, [r[0] for r in rows if r[1] == c])) for c in countries}


def ind_other_chairmanships(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                            ) -> Indicator:
    rows = facts.chair_terms(kb.conn, org, end, other=True)
    return {c: (float(sum(1 for r in rows if r[1] == c)),
                _sources(kb, [r[0] for r in rows if r[1] == c])) for c in countries}


def ind_trade_share_with_group(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                               ) -> Indicator:
    """Share of a state's trade that is with the organization's other members, from imported
    trade observations (``igokit import comtrade``); missing where nothing was imported."""
    try:
        from igokit.kb.indicators import observations  # type: ignore[import-not-found]
    except ImportError:
        return {c: (float("nan"), []) for c in countries}
    year = int(end[:4]) - 1  # the index year; the latest imported year up to it is used
    out: Indicator = {}
    members = set(countries)
    for c in countries:
        try:
            frame = observations(kb, indicator=["exports", "imports"], entity=c,
                                 period_from=year - 4, period_to=year)
        except Exception:  # the table or the data is not there
            out[c] = (float("nan"), [])
            continue
        trade = frame[frame["partner"].notna()] if len(frame) else frame
        if len(trade):
            trade = trade[trade["period"].astype(str).str[:4] == trade["period"].astype(str)
                          .str[:4].max()]
        if not len(trade):
            out[c] = (float("nan"), [])
            continue
        total = float(trade["value"].sum())
        group = float(trade[trade["partner"].isin(members - {c})]["value"].sum())
        out[c] = (group / total if total else float("nan"),
                  sorted(set(trade["source_id"].dropna())))
    return out


# -- uniform indicators from the COW IGO v3 layer: measured the same way for every state -------

COW_LAYER = "cow-igo-v3"
_COW_CACHE: dict[tuple[str, int], Any] = {}


def _cow_matrix(kb: KnowledgeBase, year: int) -> tuple[list[str], list[str], Any, int] | None:
    """States × IGOs full-membership matrix of the COW layer in ``year`` (or its last year,
    2014, for later years): (states, igos, matrix, year used); None without the layer."""
    from igokit.kb.layers import last_layer_year, memberships_in_year

    last = last_layer_year(kb.conn, COW_LAYER)
    if last is None:
        return None
    used = min(year, last)
    key = (str(kb.path), used)
    if key not in _COW_CACHE:
        pairs = memberships_in_year(kb.conn, COW_LAYER, used)
        states = sorted({s for s, _ in pairs})
        igos = sorted({o for _, o in pairs})
        si = {s: i for i, s in enumerate(states)}
        oi = {o: i for i, o in enumerate(igos)}
        mat = np.zeros((len(states), len(igos)))
        for s, o in pairs:
            mat[si[s], oi[o]] = 1.0
        _COW_CACHE[key] = (states, igos, mat, used)
    return _COW_CACHE[key]  # type: ignore[no-any-return]


def _cow_sources(used: int) -> list[str]:
    return ["cow-igo-v3"]


def ind_igo_memberships(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                        ) -> Indicator:
    """IGOs a state is a full member of (COW IGO v3, the index year or COW's last, 2014)."""
    cow = _cow_matrix(kb, int(end[:4]) - 1)
    if cow is None:
        return {c: (float("nan"), []) for c in countries}
    states, _, mat, used = cow
    row = {s: i for i, s in enumerate(states)}
    return {c: (float(mat[row[c]].sum()), _cow_sources(used)) if c in row
            else (float("nan"), []) for c in countries}


def ind_igo_centrality(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                       ) -> Indicator:
    """Eigenvector centrality in the network of states linked by shared IGO memberships (COW
    IGO v3): the principal eigenvector of the co-membership matrix M·Mᵀ with a zero diagonal,
    scaled to a maximum of 1 over all states. numpy's symmetric eigensolver computes it; no
    graph library is needed for one eigenvector of a 200 × 200 matrix."""
    cow = _cow_matrix(kb, int(end[:4]) - 1)
    if cow is None:
        return {c: (float("nan"), []) for c in countries}
    states, _, mat, used = cow
    adj = mat @ mat.T
    np.fill_diagonal(adj, 0.0)
    _vals, vecs = np.linalg.eigh(adj)
    vec = np.abs(vecs[:, -1])
    vec = vec / vec.max() if vec.max() > 0 else vec
    row = {s: i for i, s in enumerate(states)}
    return {c: (float(vec[row[c]]), _cow_sources(used)) if c in row
            else (float("nan"), []) for c in countries}


def ind_niche_memberships(kb: KnowledgeBase, org: str, end: str, countries: list[str]
                          ) -> Indicator:
    """IGOs a state belongs to that at most two other members of the group belong to (COW IGO
    v3): specialised ties few of its partners share — a uniform proxy for niche diplomacy."""
    cow = _cow_matrix(kb, int(end[:4]) - 1)
    if cow is None:
        return {c: (float("nan"), []) for c in countries}
    states, _, mat, used = cow
    row = {s: i for i, s in enumerate(states)}
    group = [row[c] for c in countries if c in row]
    shared = mat[group].sum(axis=0)  # group members in each IGO
    niche = (shared >= 1) & (shared <= 3)
    return {c: (float((mat[row[c]] * niche).sum()), _cow_sources(used)) if c in row
            else (float("nan"), []) for c in countries}


INDICATORS = {
    "initiatives_proposed": ind_initiatives_proposed,
    "initiative_focus": ind_initiative_focus,
    "initiatives_adopted": ind_initiatives_adopted,
    "chairmanships": ind_chairmanships,
    "summits_hosted": ind_summits_hosted,
    "official_years": ind_official_years,
    "bodies_seated": ind_bodies_seated,
    "other_memberships": ind_other_memberships,
    "other_chairmanships": ind_other_chairmanships,
    "trade_share_with_group": ind_trade_share_with_group,
    "igo_memberships": ind_igo_memberships,
    "igo_centrality": ind_igo_centrality,
    "niche_memberships": ind_niche_memberships,
}
#: How each indicator is measured: "uniform" (the same source for every state) or "curated"
#: (facts curated for some states only); shown with its coverage in every result.
MEASURED = {
    "initiatives_proposed": "curated for Kazakhstan only",
    "initiative_focus": "curated for Kazakhstan only",
    "initiatives_adopted": "curated for Kazakhstan only",
    "chairmanships": "uniform: the SCO's chair terms (curated, complete)",
    "summits_hosted": "uniform: the SCO's summits (curated, complete)",
    "official_years": "uniform: Secretaries-General and RATS directors (curated, complete)",
    "bodies_seated": "uniform: seats of the SCO's permanent bodies (curated, complete)",
    "other_memberships": "curated for the Central Asian states only",
    "other_chairmanships": "curated for the Central Asian states only",
    "trade_share_with_group": "uniform where imported (igokit import comtrade)",
    "igo_memberships": "uniform: COW IGO v3 (igokit import cow-igo)",
    "igo_centrality": "uniform: COW IGO v3 (igokit import cow-igo)",
    "niche_memberships": "uniform: COW IGO v3 (igokit import cow-igo)",
}
#: Indicators whose facts are curated for some states only (documented per release).
PARTIAL_CURATION = {"initiatives_proposed", "initiative_focus", "initiatives_adopted",
                    "other_chairmanships", "other_memberships"}


def _normalize(col: pd.Series, method: str) -> pd.Series:
    if method == "rank":
        return (col.rank(pct=True) if col.notna().any() else col)
    lo, hi = col.min(), col.max()
    if pd.isna(lo) or hi == lo:
        return col.where(col.isna(), 0.5)
    return (col - lo) / (hi - lo)


def middle_power_index(kb: KnowledgeBase, org: str = "SCO", year: int = 2024,
                       weights: str | Path | dict[str, Any] | None = None, draws: int = 1000,
                       seed: int = 0, include_partial: bool = False,
                       missing: str = "unranked") -> IndexResult:
    """Compute the index for every member of ``org`` at the end of ``year``.

    Missing data is never a zero. An indicator documented for only some members is left out
    (its coverage says why) unless ``include_partial``; then a state lacking a value is left
    unranked (``missing="unranked"``) or given the indicator's mean over the states that have
    it (``missing="mean"``, listed in ``result.missing``)."""
    if draws < 1:
        raise InputError(f"draws must be at least 1 (the Monte Carlo draws of the weights), "
                         f"not {draws}")
    if missing not in MISSING:
        raise InputError(f"missing must be one of {', '.join(MISSING)}")
    spec = weights if isinstance(weights, dict) else load_weights(weights)
    end = f"{year + 1}-01-01"
    countries = [m.iso3 for m in kb.members(org, on=f"{year}-12-31")]
    if not countries:
        raise DataError([f"{org} had no members at the end of {year}"])
    raw: dict[str, dict[str, float]] = {c: {} for c in countries}
    sources: dict[str, set[str]] = {c: set() for c in countries}
    excluded: dict[str, str] = {}
    cover: list[dict[str, Any]] = []
    needed = {i for a in spec["attributes"].values() for i in a["indicators"]}
    for name in sorted(needed):
        values = INDICATORS[name](kb, org, end, countries)
        documented = sum(1 for v, s in values.values() if s)
        with_data = sum(1 for v, _ in values.values() if not np.isnan(v))
        cover.append({"indicator": name, "measured": MEASURED.get(name, ""),
                      "members_with_data": with_data, "members": len(countries),
                      "missing": sorted(c for c, (v, _) in values.items() if np.isnan(v))})
        if name in PARTIAL_CURATION and not include_partial and documented < len(countries):
            excluded[name] = (f"documented for {documented} of {len(countries)} members only "
                              "(keep it with --include-partial, include_partial=True in Python)")
            continue
        if all(np.isnan(v) for v, _ in values.values()):
            excluded[name] = "no data (import trade observations to compute it)"
            continue
        available = sum(1 for v, _ in values.values() if not np.isnan(v))
        if available < len(countries) and not include_partial:
            excluded[name] = (f"data for {available} of {len(countries)} members only "
                              "(keep it with --include-partial, include_partial=True in Python)")
            continue
        for c, (v, s) in values.items():
            raw[c][name] = v
            sources[c].update(s)
    for row in cover:
        row["used"] = row["indicator"] not in excluded
        row["why_not"] = excluded.get(row["indicator"], "")
    indicators = pd.DataFrame.from_dict(raw, orient="index")
    indicators.index.name = "iso3"
    missing_info: dict[str, Any] = {"policy": missing, "unranked": [], "imputed": {}}
    if missing == "mean":
        for col in indicators.columns:
            gaps = indicators[col].isna()
            if gaps.any():
                mean = float(indicators[col].mean())
                missing_info["imputed"][col] = {"states": sorted(indicators.index[gaps]),
                                                "value": mean,
                                                "method": "mean of the states with data"}
                indicators[col] = indicators[col].fillna(mean)
    method = str(spec.get("normalization", "minmax"))
    normalized = indicators.apply(lambda col: _normalize(col, method))
    attrs: dict[str, pd.Series] = {}
    attr_weights: dict[str, float] = {}
    for name, a in spec["attributes"].items():
        cols = [i for i in a["indicators"] if i in normalized.columns]
        if not cols:
            excluded[name] = "attribute without usable indicators"
            continue
        attrs[name] = normalized[cols].mean(axis=1, skipna=True)
        attr_weights[name] = float(a.get("weight", 1))
    attributes = pd.DataFrame(attrs)
    gaps = attributes.isna().any(axis=1)
    missing_info["unranked"] = sorted(attributes.index[gaps])
    total = sum(attr_weights.values()) or 1.0
    w = {k: v / total for k, v in attr_weights.items()}
    score = sum(attributes[k] * v for k, v in w.items())
    scores = pd.DataFrame({"iso3": attributes.index, "score": score.round(4).values})
    # a state with a missing attribute gets no score and no rank (never a zero)
    scores["rank"] = scores["score"].rank(ascending=False, method="min").astype("Int64")
    names = facts.english_names(kb.conn)
    scores["name"] = scores["iso3"].map(names)
    scores["sources"] = scores["iso3"].map(lambda c: sorted(sources[c]))
    scores = scores.sort_values(["rank", "iso3"], ignore_index=True)
    sensitivity = _sensitivity(attributes.dropna(), list(w), draws, seed)
    return IndexResult(org, year, w, indicators, normalized, attributes, scores, sensitivity,
                       excluded, pd.DataFrame(cover), missing_info)


def _sensitivity(attributes: pd.DataFrame, names: list[str], draws: int, seed: int
                 ) -> pd.DataFrame:
    """Ranks under ``draws`` random weight vectors (flat Dirichlet over the attributes)."""
    rng = np.random.default_rng(seed)
    matrix = attributes[names].to_numpy()
    weights = rng.dirichlet(np.ones(len(names)), size=draws)
    scores = matrix @ weights.T  # countries x draws
    # competition ranking per draw (ties share the better rank, as in the point estimate)
    ranks = (scores[None, :, :] > scores[:, None, :]).sum(axis=1) + 1
    frame = pd.DataFrame({
        "iso3": attributes.index,
        "median_rank": np.median(ranks, axis=1),
        "rank_p05": np.percentile(ranks, 5, axis=1),
        "rank_p95": np.percentile(ranks, 95, axis=1),
        "p_top": (ranks == 1).mean(axis=1),
    })
    return frame.sort_values("median_rank", ignore_index=True)
