"""Trade, e-government and food computations on small fixtures, and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.egov import egov_table
from igokit.analysis.food import self_sufficiency, warnings
from igokit.analysis.importers import import_files
from igokit.analysis.trade import stated_figures, trade_summary, trade_with_group
from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.errors import InputError
from igokit.kb.indicators import Observation, replace_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "indicators"


@pytest.fixture(scope="module")
def tkb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    kb = KnowledgeBase(tmp_path_factory.mktemp("ind") / "kb.sqlite")
    import_files(kb, "comtrade", [FIXTURES / "kaz_trade_small.csv"])
    yield kb
    kb.close()


def test_group_follows_membership_at_the_time(tkb: KnowledgeBase) -> None:
    frame = trade_with_group(tkb, "KAZ", "SCO", 2016, 2017).set_index("year")
    # 2016: India is an observer, so only CHN and RUS count; 2017: India is a member
    assert "IND" not in frame.loc[2016, "members"] and "IND" in frame.loc[2017, "members"]
    assert frame.loc[2016, "exports"] * 1e9 == pytest.approx(300)
    assert frame.loc[2016, "imports"] * 1e9 == pytest.approx(200)
    assert frame.loc[2017, "turnover"] * 1e9 == pytest.approx(110 + 210 + 60 + 90 + 130 + 40)
    assert frame.loc[2016, "total_turnover"] * 1e9 == pytest.approx(800)
    assert frame.loc[2016, "share"] == pytest.approx(62.5)
    assert frame.loc[2017, "growth"] == pytest.approx((640 / 500 - 1) * 100)
    assert "composition changed: +IND, +PAK" in frame.loc[2017, "note"]
    assert "no exports rows for KGZ" in frame.loc[2016, "note"]
    assert frame.loc[2016, "sources"] == ["un-comtrade"]
    assert frame.loc[2017, "member_sources"]


def test_fixed_composition(tkb: KnowledgeBase) -> None:
    frame = trade_with_group(tkb, "KAZ", "SCO", 2016, 2017, fixed=True).set_index("year")
    assert "IND" in frame.loc[2016, "members"]
    assert frame.loc[2016, "turnover"] * 1e9 == pytest.approx(580)
    assert frame.loc[2017, "growth"] == pytest.approx((640 / 580 - 1) * 100)
    listed = trade_with_group(tkb, "KAZ", "CHN,IND", 2016, 2017).set_index("year")
    assert listed.loc[2016, "turnover"] * 1e9 == pytest.approx(260)
    summary = trade_summary(trade_with_group(tkb, "KAZ", "SCO", 2016, 2017))
    row = summary.set_index("measure").loc["turnover"]
    assert row["cagr"] == pytest.approx(28.0)


def test_stated_figures_are_checked(tkb: KnowledgeBase) -> None:
    stated = stated_figures(tkb, "KAZ")
    growth_row = stated[(stated["indicator"] == "trade_turnover_growth")
                        & stated["partner"].isna()].iloc[0]
    assert growth_row["check"] == "recomputed from 135.5 and 139.8: 3.2%"
    assert all(s for s in stated["sources"])


def test_egov_table_builtin(tkb: KnowledgeBase) -> None:
    t = egov_table(tkb, "SCO", 2022)
    assert list(t["iso3"]) == ["KAZ", "RUS", "CHN", "UZB", "KGZ", "IND", "TJK", "PAK"]
    assert t["compare"].isna().all()
    t24 = egov_table(tkb, "SCO", 2024).set_index("iso3")
    assert t24.loc["KAZ", "rank"] == 24 and t24.loc["KAZ", "rank_change"] == 4
    assert "BLR" in t24.index and t24.loc["BLR", "sources"] == ["un-desa-egov-2022",
                                                                "un-desa-egov-2024"]
    with pytest.raises(InputError, match="no e-government data for 2019"):
        egov_table(tkb, "SCO", 2019)


def test_food_ratio_and_warnings(tmp_path: Path) -> None:
    kb = KnowledgeBase(tmp_path / "f.sqlite")
    rows = []
    for year, (kp, ks, tp, ts) in {2019: (100, 50, 40, 80), 2020: (90, 60, 35, 90),
                                   2021: (120, 55, 30, 95)}.items():
        for iso, p, s in (("KAZ", kp, ks), ("TJK", tp, ts)):
            rows += [Observation(iso, "fbs_wheat_and_products_production", str(year), p,
                                 "1000 t", "faostat-fbs"),
                     Observation(iso, "fbs_wheat_and_products_domestic_supply_quantity",
                                 str(year), s, "1000 t", "faostat-fbs")]
    replace_dataset(kb, "fao", rows)
    frame = self_sufficiency(kb, "SCO", "wheat").set_index(["iso3", "year"])
    assert frame.loc[("KAZ", 2019), "ratio"] == pytest.approx(2.0)
    assert frame.loc[("TJK", 2021), "ratio"] == pytest.approx(30 / 95)
    warn = warnings(frame.reset_index())
    assert list(warn["iso3"]) == ["TJK"]
    assert warn.iloc[0]["years_below"] == [2019, 2020, 2021]
    assert warn.iloc[0]["trend"] == "falling" and warn.iloc[0]["sources"] == ["faostat-fbs"]
    kb.close()


def test_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    res = runner.invoke(main, ["--db", db, "import", "comtrade",
                               str(FIXTURES / "kaz_trade_small.csv"), "--dataset", "fx"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["--db", db, "trade", "KAZ", "--group", "SCO", "--from", "2016",
                               "--to", "2017", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [r["n_members"] for r in data["trade"]] == [5, 7]
    assert all(r["sources"] for r in data["trade"] + data["stated"])
    res = runner.invoke(main, ["--db", db, "egov", "--group", "SCO", "--year", "2022"])
    assert res.exit_code == 0 and "Kazakhstan" in res.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("reporter,partner,year,flow,value\nKAZ,CHN,2020,Export,x\n")
    res = runner.invoke(main, ["--db", db, "import", "comtrade", str(bad)])
    assert res.exit_code == 2 and "bad.csv:2" in "".join(res.output.split())
    res = runner.invoke(main, ["--db", db, "food"])
    assert res.exit_code == 2 and "no FAOSTAT data" in " ".join(res.output.split())
