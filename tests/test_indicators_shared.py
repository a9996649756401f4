"""The importers on the real files in ../shared/data (skipped when it is absent): the values
its README documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from igokit.analysis.egov import egov_table
from igokit.analysis.food import self_sufficiency, warnings
from igokit.analysis.importers import import_files
from igokit.analysis.trade import trade_with_group
from igokit.api import KnowledgeBase
from igokit.kb.indicators import observations


@pytest.fixture(scope="module")
def skb(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(tmp_path_factory.mktemp("shared") / "kb.sqlite")
    data = shared / "data"
    import_files(kb, "comtrade", sorted((data / "trade").glob("wits_kz_*.csv")))
    import_files(kb, "egov", sorted((data / "egdi").glob("egdi-*.csv")))
    import_files(kb, "faostat", sorted((data / "faostat").glob("ddf--datapoints--*.csv")))
    yield kb
    kb.close()


def test_wits_sums(skb: KnowledgeBase) -> None:
    exp = observations(skb, indicator="exports", entity="KAZ")
    imp = observations(skb, indicator="imports", entity="KAZ")
    assert len(exp) == 3331 and len(imp) == 4621
    sums = exp.groupby("period")["value"].sum() / 1e9
    assert round(sums["2010"], 1) == 57.2 and round(sums["2019"], 1) == 58.1
    assert round(sums["2023"], 1) == 78.7
    isums = imp.groupby("period")["value"].sum() / 1e9
    assert round(isums["2010"], 1) == 24.0 and round(isums["2020"], 1) == 22.1
    assert round(isums["2023"], 1) == 61.0
    sdn = exp[exp["partner"] == "SDN"]
    assert {"WITS partner: Fm Sudan", "WITS partner: Sudan"} <= set(sdn["note"])


def test_trade_flags_gaps(skb: KnowledgeBase) -> None:
    frame = trade_with_group(skb, "KAZ", "SCO", 2009, 2023).set_index("year")
    assert "customs union" in frame.loc[2010, "note"]
    for year in (2020, 2021, 2022):
        assert "imports incomplete" in frame.loc[year, "note"]
    assert frame.loc[2016, "n_members"] == 5 and frame.loc[2017, "n_members"] == 7
    assert frame.loc[2023, "n_members"] == 8
    assert round(frame.loc[2023, "total_turnover"], 1) == 139.7   # stated: 139.8 (BNS)


def test_egov_values(skb: KnowledgeBase) -> None:
    t22 = egov_table(skb, "SCO", 2022).set_index("iso3")
    assert t22.loc["KAZ", "rank"] == 28 and t22.loc["KAZ", "egdi"] == pytest.approx(0.8628)
    assert t22.loc["KAZ", "compare"] == 2018
    t24 = egov_table(skb, "SCO", 2024).set_index("iso3")
    assert t24.loc["KAZ", "rank"] == 24 and t24.loc["KAZ", "egdi"] == pytest.approx(0.90093)
    assert len(observations(skb, indicator="egov_rank", period_from=2022,
                            period_to=2022)) == 193 + 10  # imported + built in
    noisy = observations(skb, indicator="tii", entity="IRQ", period_from=2010, period_to=2010)
    assert noisy["value"].iloc[0] == pytest.approx(0.05522)


def test_faostat_values(skb: KnowledgeBase) -> None:
    prod = observations(skb, indicator="fbs_wheat_and_products_production", entity="KAZ")
    assert list(prod["value"]) == [9638, 22732, 9841, 13941, 12997, 13747, 14985, 14803,
                                   13944, 11452, 14258, 11814, 16404]
    frame = self_sufficiency(skb, "SCO", "cereals").set_index(["iso3", "year"])
    assert frame.loc[("KAZ", 2022), "ratio"] == pytest.approx(22128 / 9337)
    warn = warnings(self_sufficiency(skb, "SCO", "wheat"))
    assert "TJK" in set(warn["iso3"]) and "KAZ" not in set(warn["iso3"])


def test_wdi_long_file(shared: Path, tmp_path: Path) -> None:
    kb = KnowledgeBase(tmp_path / "wdi.sqlite")
    (res,) = import_files(kb, "wdi", [shared / "data" / "wdi" / "ny.gdp.mktp.cd.csv"])
    assert res.shape == "wdi-long" and len(res.observations) > 10_000
    kaz = observations(kb, indicator="NY.GDP.MKTP.CD", entity="KAZ")
    assert set(kaz["unit"]) == {"USD"} and set(kaz["source_id"]) == {"world-bank-wdi"}
    assert kaz["value"].max() > 1e11
    kb.close()
