"""Imported layers under the curated facts: COW IGO v3 import, precedence, coverage, reconcile."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "cow"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cow_igo"


@pytest.fixture()
def kb(tmp_path: Path) -> KnowledgeBase:
    return KnowledgeBase(tmp_path / "kb.sqlite")


def test_state_year_file_becomes_intervals_with_their_layer(kb: KnowledgeBase) -> None:
    [result] = kb.import_layer("cow-igo", [FIX / "state_year_small.csv"])
    assert "bavariaelect" in result.unmatched_states  # no ISO code: listed, never guessed
    rows = kb.members("TESTIGO", on="2012")
    assert {(m.iso3, m.status, m.start, m.end, m.layer) for m in rows} == {
        ("KAZ", "member", "2012", "2013", "cow-igo-v3"),
        ("RUS", "member", "2011", "2013", "cow-igo-v3"),
    }
    assert rows[0].sources == ["cow-igo-v3"]
    observers = kb.members("TESTIGO", on="2010", status="observer")
    assert [(m.iso3, m.start, m.end) for m in observers] == [("KAZ", "2010", "2012")]
    assert rows.coverage == {"complete": True, "by": ["cow-igo-v3"],
                             "note": "complete (cow-igo-v3)"}


def test_igo_year_file_gives_the_same_layer_and_lists_unknown_states(kb: KnowledgeBase) -> None:
    [result] = kb.import_layer("cow-igo", [FIX / "igo_year_small.csv"])
    assert "atlantis" in result.unmatched_states
    rows = kb.members("TESTIGO", on="2012")
    assert {(m.iso3, m.start) for m in rows} == {("KAZ", "2012"), ("RUS", "2011")}


def test_curated_facts_win_and_reconcile_lists_the_difference(kb: KnowledgeBase) -> None:
    kb.import_layer("cow-igo", [FIX / "state_year_small.csv"])
    # the curated CSTO facts hold Uzbekistan 2006-2012; COW (here) says 2010-2011
    rows = kb.members("CSTO", on="2012-06-01")
    uzb = [m for m in rows if m.iso3 == "UZB"]
    assert uzb and all(m.layer == "curated" for m in uzb)
    diffs = kb.reconcile("CSTO")
    assert any(d.iso3 == "UZB" and d.years == "2012" and d.curated == "member"
               and d.layer_status == "none" for d in diffs)


def test_reimporting_replaces_the_layer(kb: KnowledgeBase) -> None:
    kb.import_layer("cow-igo", [FIX / "state_year_small.csv"])
    kb.import_layer("cow-igo", [FIX / "state_year_small.csv"])
    [layer] = kb.layers()
    assert layer["name"] == "cow-igo-v3"
    assert len(kb.members("TESTIGO", on="2012")) == 2


def test_a_file_of_another_shape_is_refused_clearly(kb: KnowledgeBase, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither COW IGO v3 shape"):
        kb.import_layer("cow-igo", [bad])
    assert kb.layers() == []  # nothing written


@pytest.mark.parametrize("org", ["UN", "CSTO", "BRICS"])
def test_partial_organizations_say_so_in_every_interface(kb: KnowledgeBase, org: str) -> None:
    rows = kb.members(org, on="2024-01-01")
    assert rows.coverage is not None and rows.coverage["complete"] is False
    assert "partial" in rows.coverage["note"]
    assert json.loads(rows.to_json())["coverage"]["complete"] is False
    result = CliRunner().invoke(main, ["--db", str(kb.path), "members", org, "--on",
                                       "2024-01-01"])
    assert result.exit_code == 0 and "PARTIAL" in result.output
    from fastapi.testclient import TestClient

    from igokit.web.app import create_app

    client = TestClient(create_app(db=str(kb.path)), base_url="http://127.0.0.1")
    api = client.get("/api/members", params={"org": org, "on": "2024-01-01"}).json()
    assert api["coverage"]["complete"] is False
    page = client.get(f"/org/{org}")
    assert page.status_code == 200 and "Partial list" in page.text


def test_the_sco_is_complete_from_the_curated_facts(kb: KnowledgeBase) -> None:
    rows = kb.members("SCO", on="2024-07-05")
    assert rows.coverage["complete"] and rows.coverage["by"] == ["curated"]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared/data/cow_igo")
def test_members_match_cow_for_a_sample_of_1000_igo_state_years(kb: KnowledgeBase) -> None:
    import pandas as pd

    kb.import_layer("cow-igo", [SHARED / "state_year_format3.csv.gz"])
    from igokit.analysis.importers.cow_igo import CODES, igo_id, load_maps

    maps = load_maps()
    by_lower = {k.lower(): k for k in maps.igo_ids}
    sy = pd.read_csv(SHARED / "state_year_format3.csv.gz")
    long = sy.melt(id_vars=["ccode", "year"], var_name="igo", value_name="code",
                   value_vars=[c for c in sy.columns if c not in ("ccode", "year", "state")])
    long = long[long["code"].isin(list(CODES)) & (long["year"] >= 1965)]
    sample = long.sample(n=1000, random_state=random.Random(7).randint(0, 10**6))
    overridden = 0
    for r in sample.itertuples():
        iso = maps.ccode_iso.get(int(r.ccode))
        if iso is None:
            continue
        org = igo_id(maps, by_lower.get(r.igo, r.igo.upper()))
        rows = kb.members(org, on=str(r.year), status=CODES[int(r.code)])
        found = [m for m in rows if m.iso3 == iso]
        if found:
            continue
        # a curated fact about this state in this organization took precedence
        curated = kb.members(org, on=str(r.year), status="all")
        assert any(m.iso3 == iso and m.layer == "curated" for m in curated) or \
            any(d.iso3 == iso and str(r.year) in _years(d.years) for d in kb.reconcile(org)), \
            (org, iso, r.year)
        overridden += 1
    assert overridden < 50


def _years(span: str) -> list[str]:
    a, _, b = span.partition("-")
    return [str(y) for y in range(int(a), int(b or a) + 1)]


WIKIDATA = Path(__file__).parent / "fixtures" / "wikidata"


def test_wikidata_p463_from_a_saved_sparql_result(kb: KnowledgeBase) -> None:
    [result] = kb.import_layer("wikidata", [WIKIDATA / "p463_sparql.json"])
    assert result.skipped["statements without a start time (P580)"] == 1  # China: no P580
    assert result.unmatched_states == {"Q1": 1}  # no ISO code: listed
    rows = kb.members("Q999001", on="2000")
    assert {(m.iso3, m.start, m.end, m.layer) for m in rows} == {
        ("KAZ", "1996-04-26", "2001-06-15", "wikidata"),  # P582 inclusive → the day after
        ("RUS", "1996-04-26", None, "wikidata"),
    }
    assert rows.coverage["complete"] is False  # a query result is never declared complete


def test_wikidata_maps_known_qids_to_ids(kb: KnowledgeBase, tmp_path: Path) -> None:
    data = json.loads((WIKIDATA / "p463_sparql.json").read_text(encoding="utf-8"))
    for b in data["results"]["bindings"]:
        b["org"]["value"] = "http://www.wikidata.org/entity/Q485207"  # the SCO's QID
    f = tmp_path / "sco.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    kb.import_layer("wikidata", [f])
    # Kazakhstan and Russia have curated SCO facts: those win; reconcile shows the difference
    assert not [m for m in kb.members("SCO", on="1999") if m.iso3 in ("KAZ", "RUS")]
    diffs = {(d.iso3, d.years, d.layer) for d in kb.reconcile("SCO")}
    assert ("KAZ", "1996-2000", "wikidata") in diffs
