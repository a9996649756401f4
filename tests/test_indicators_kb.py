"""The indicator table: built-in observations, replacing datasets, queries, YAML validation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from igokit.analysis.trade import cagr, growth
from igokit.api import KnowledgeBase
from igokit.errors import DataError, InputError
from igokit.kb.catalog import load_catalog
from igokit.kb.indicator_data import load_indicator_files
from igokit.kb.indicators import Observation, best, observations, replace_dataset


@pytest.fixture()
def fresh_kb(tmp_path: Path) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    yield kb
    kb.close()


def test_builtin_figures_are_loaded_with_sources(kb: KnowledgeBase) -> None:
    turnover = observations(kb, indicator="trade_turnover", entity="KAZ", totals_only=True)
    values = dict(zip(turnover["period"], turnover["value"], strict=True))
    assert values["2023"] == pytest.approx(139.8)
    assert set(turnover["source_id"]) == {"abueva-2025-kazakhstan-role"}
    ranks = observations(kb, indicator="egov_rank", period_from=2022, period_to=2022)
    got = dict(zip(ranks["entity"], ranks["value"], strict=True))
    assert got == {"KAZ": 28, "RUS": 42, "CHN": 43, "UZB": 69, "KGZ": 81, "IND": 105,
                   "TJK": 129, "PAK": 150, "IRN": 91, "BLR": 58}
    assert set(ranks["source_id"]) == {"un-desa-egov-2022"}
    assert observations(kb)["source_id"].notna().all()


def test_growth_from_two_stated_turnovers(kb: KnowledgeBase) -> None:
    obs = observations(kb, indicator="trade_turnover", entity="KAZ", totals_only=True)
    v = dict(zip(obs["period"], obs["value"], strict=True))
    stated = observations(kb, indicator="trade_turnover_growth", entity="KAZ",
                          totals_only=True)["value"].iloc[0]
    assert round(growth(v["2022"], v["2023"]) or 0, 1) == stated == 3.2
    assert cagr(100, 121, 2) == pytest.approx(10.0)
    assert growth(0, 5) is None and cagr(-1, 5, 2) is None


def test_replace_dataset_is_idempotent(fresh_kb: KnowledgeBase) -> None:
    rows = [Observation("KAZ", "x_test", "2020", 1.0, "USD", "world-bank-wdi"),
            Observation("KAZ", "x_test", "2021", 2.0, "USD", "world-bank-wdi")]
    assert replace_dataset(fresh_kb, "t", rows) == 2
    assert replace_dataset(fresh_kb, "t", rows) == 2
    assert len(observations(fresh_kb, indicator="x_test")) == 2
    replace_dataset(fresh_kb, "t", rows[:1])
    assert list(observations(fresh_kb, indicator="x_test")["period"]) == ["2020"]
    with pytest.raises(InputError, match="unknown source"):
        replace_dataset(fresh_kb, "t", [Observation("KAZ", "x", "2020", 1, "u", "nope")])
    with pytest.raises(InputError, match="period"):
        replace_dataset(fresh_kb, "t", [Observation("KAZ", "x", "20-1", 1, "u",
                                                    "world-bank-wdi")])
    assert len(observations(fresh_kb, indicator="x_test")) == 1   # rolled back, kept


def test_imported_value_wins_and_agreeing_sources_merge(fresh_kb: KnowledgeBase) -> None:
    replace_dataset(fresh_kb, "egdi-2022", [
        Observation("KAZ", "egov_rank", "2022", 28, "rank", "un-desa-egov-survey")])
    got = best(observations(fresh_kb, indicator="egov_rank", entity="KAZ", period_from=2022,
                            period_to=2022))
    assert len(got) == 1
    assert got["sources"].iloc[0] == ["un-desa-egov-2022", "un-desa-egov-survey"]
    assert got["dataset"].iloc[0] == "egdi-2022"


def test_rebuild_keeps_imported_rows(fresh_kb: KnowledgeBase) -> None:
    from igokit.kb.store import ensure_built

    replace_dataset(fresh_kb, "mine", [Observation("KAZ", "x_keep", "2020", 1, "u",
                                                   "world-bank-wdi")])
    assert ensure_built(fresh_kb.conn, force=True)
    assert len(observations(fresh_kb, indicator="x_keep")) == 1
    assert len(observations(fresh_kb, indicator="egov_rank")) == 20


def test_indicator_yaml_errors_have_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "indicators"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        "- entity: KAZ\n  indicator: trade_turnover\n  period: 2023\n  value: 1\n"
        "  unit: bn USD\n"
        "- entity: XXQ\n  indicator: Bad-Name\n  period: 2023-13\n  value: lots\n  unit: x\n"
        "  source: nope\n  colour: red\n"
        "- indicator: egov_rank\n  period: 2022\n  unit: rank\n  source: un-desa-egov-2022\n"
        "  values: {KAZ: 28, RUS: high}\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_indicator_files(load_catalog(), tmp_path)
    text = "\n".join(exc.value.problems)
    assert "indicators/bad.yaml:1: no source" in text
    for needle in ("bad.yaml:6: unknown key 'colour'", "bad.yaml:6: unknown source 'nope'",
                   "bad.yaml:6: unknown entity 'XXQ'", "bad.yaml:6: period '2023-13'",
                   "bad.yaml:6: indicator 'Bad-Name'", "bad.yaml:6: value for XXQ",
                   "bad.yaml:17: value for RUS must be a number"):
        assert needle in text, text
