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


V1 = "middle_power.v1.yaml"


def _v1() -> Path:
    from igokit.kb.freshness import data_dir

    return data_dir() / "indices" / V1


def test_index_partial_curation_is_excluded_unless_asked(kb: KnowledgeBase) -> None:
    default = middle_power_index(kb, "SCO", 2024, _v1(), draws=50)
    assert "initiatives_proposed" in default.excluded
    partial = middle_power_index(kb, "SCO", 2024, _v1(), draws=50, include_partial=True)
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


def test_uniform_index_ranks_every_member_and_shows_coverage(kb: KnowledgeBase) -> None:
    result = middle_power_index(kb, "SCO", 2024, draws=50)
    assert result.scores["rank"].notna().all() and len(result.scores) == 10
    cov = result.coverage.set_index("indicator")
    assert cov.loc["chairmanships", "members_with_data"] == 10 and cov.loc["chairmanships",
                                                                           "used"]
    # trade is imported for no member here: left out, with the reason, not scored as zero
    assert not cov.loc["trade_share_with_group", "used"]
    assert "no data" in cov.loc["trade_share_with_group", "why_not"]


def test_missing_values_are_never_zero(kb: KnowledgeBase) -> None:
    # v1 with everything included: initiatives are curated for Kazakhstan only
    unranked = middle_power_index(kb, "SCO", 2024, _v1(), draws=50, include_partial=True)
    assert unranked.missing["policy"] == "unranked"
    imputed = middle_power_index(kb, "SCO", 2024, _v1(), draws=50, include_partial=True,
                                 missing="mean")
    for info in imputed.missing["imputed"].values():
        assert info["method"] == "mean of the states with data" and info["states"]
    assert imputed.scores["rank"].notna().all()


def test_zero_draws_is_a_clear_input_error(kb: KnowledgeBase) -> None:
    # found by the web fuzzing: draws=0 was an IndexError from numpy deep inside
    from igokit.errors import InputError

    with pytest.raises(InputError, match="draws must be at least 1"):
        middle_power_index(kb, draws=0)
