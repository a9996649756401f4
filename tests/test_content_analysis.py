"""Summit comparison table, the supervised coder and the compare/areas commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.summits import chair_summit_table
from igokit.api import KnowledgeBase
from igokit.cli import main

UNITS = Path(__file__).parent / "eval" / "coding_units.jsonl"


def test_summit_table_for_kazakhstan(kb: KnowledgeBase) -> None:
    table = chair_summit_table(kb, "SCO", "KAZ")
    assert list(table["date"].str[:4]) == ["2005", "2011", "2017", "2024"]
    assert set(table["city"]) == {"Astana"}
    by_year = table.set_index(table["date"].str[:4])
    assert by_year.loc["2017", "admitted"] == ["IND", "PAK"]
    assert by_year.loc["2024", "admitted"] == ["BLR"]
    assert by_year.loc["2024", "n_members"] == 9
    assert any("Anti-Drug" in d for d in by_year.loc["2024", "documents"])
    assert by_year.loc["2024", "initiatives"]  # Kazakhstan's 2023-24 proposals
    assert all(len(s) > 0 for s in table["sources"])


def test_supervised_coder_cross_validates_and_round_trips(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from igokit.analysis.supervised import SupervisedCoder

    texts, labels = [], []
    for line in UNITS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "text" in item:
            texts.append(item["text"])
            labels.append(item["areas"])
    areas = ["security", "economy", "connectivity", "energy", "digital", "ecology",
             "humanitarian", "institutions"]
    coder = SupervisedCoder(areas)
    cv = coder.cross_validate(texts, labels, folds=3)
    assert set(cv.per_area) == set(areas) and 0.0 < cv.macro_f1 <= 1.0
    coder.fit(texts, labels).save(tmp_path / "m.pkl")
    loaded = SupervisedCoder.load(tmp_path / "m.pkl")
    unit = loaded.code_text("Terrorism, extremism and drug trafficking remain threats.")
    assert set(unit.scores) == set(areas)


def test_cli_areas_and_compare_on_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "2017.txt").write_text("Terrorism and extremism. Border security. Trade grew.",
                                encoding="utf-8")
    (b / "2024.txt").write_text("Ecology and climate. Water resources. Glaciers melt. Trade.",
                                encoding="utf-8")
    db = str(tmp_path / "k.sqlite")
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "compare", "--a", str(a), "--b", str(b), "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    areas = {r["area"]: r for r in payload["areas"]}
    assert areas["ecology"]["share_b"] > areas["ecology"]["share_a"]
    assert areas["security"]["diff"] < 0
    result = runner.invoke(main, ["--db", db, "areas", "--select", str(b), "--csv"])
    assert result.exit_code == 0 and result.stdout.startswith("all,area,count,units,share")
    result = runner.invoke(main, ["--db", db, "areas", "--select", str(b)])
    header = next(line for line in result.stdout.splitlines() if "area" in line)
    assert result.exit_code == 0 and "all" not in header  # the table: no constant group column
    result = runner.invoke(main, ["--db", db, "areas", "--select", "nonsense"])
    assert result.exit_code == 2 and "selector" in result.stderr
