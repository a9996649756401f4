"""Middle-power index: indicators from the knowledge base, weights, normalization, sensitivity."""

from __future__ import annotations

from pathlib import Path

import pytest

from igokit.analysis.middle_power import load_weights, middle_power_index
from igokit.api import KnowledgeBase
from igokit.errors import DataError


def test_index_indicators_count_knowledge_base_facts(kb: KnowledgeBase) -> None:
    result = middle_power_index(kb, "SCO", 2024, draws=200)
    ind = result.indicators
    assert set(ind.index) == {"CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "PAK", "IRN",
                              "BLR"}
    assert ind.loc["KAZ", "chairmanships"] == 4  # 2004-05, 2010-11, 2016-17, 2023-24
    assert ind.loc["IRN", "chairmanships"] == 0
    assert ind.loc["CHN", "bodies_seated"] >= 1  # the Secretariat in Beijing
    assert ind.loc["UZB", "bodies_seated"] >= 1  # RATS in Tashkent
    assert ind.loc["KAZ", "official_years"] > 5  # two Secretaries-General and a RATS director
    assert all(result.scores["sources"].map(len)[result.scores["score"] > 0] > 0)


def test_index_weights_normalization_and_ranks(kb: KnowledgeBase) -> None:
    result = middle_power_index(kb, "SCO", 2024, draws=200)
    assert abs(sum(result.weights.values()) - 1) < 1e-9
    assert result.normalized.min().min() >= 0 and result.normalized.max().max() <= 1
    top = result.scores.iloc[0]
    assert top["rank"] == 1 and top["score"] == result.scores["score"].max()
    sens = result.sensitivity
    assert (sens["rank_p05"] <= sens["median_rank"]).all()
    assert (sens["median_rank"] <= sens["rank_p95"]).all()
    assert abs(sens["p_top"].sum() - 1) < 1e-9


def test_index_partial_curation_is_excluded_unless_asked(kb: KnowledgeBase) -> None:
    default = middle_power_index(kb, "SCO", 2024, draws=50)
    assert "initiatives_proposed" in default.excluded
    partial = middle_power_index(kb, "SCO", 2024, draws=50, include_partial=True)
    assert "initiatives_proposed" in partial.indicators.columns
    assert partial.indicators.loc["KAZ", "initiatives_proposed"] >= 20


def test_index_custom_weights_change_the_result(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("normalization: rank\nattributes:\n  coalition_leadership:\n    weight: 1\n"
                    "    indicators: [summits_hosted]\n", encoding="utf-8")
    result = middle_power_index(kb, "SCO", 2024, path, draws=50)
    assert list(result.weights) == ["coalition_leadership"]
    hosts = result.indicators["summits_hosted"]
    assert result.scores.iloc[0]["iso3"] in set(hosts[hosts == hosts.max()].index)


def test_index_bad_weights_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("attributes:\n  x:\n    weight: -1\n    indicators: [nonsense]\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_weights(path)
    text = "\n".join(info.value.problems)
    assert "nonsense" in text and "weight" in text
