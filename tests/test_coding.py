"""Content coding: codebook loading, dictionary coding in three languages, analyses."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from igokit.analysis.codebook import load_codebook, parse_term
from igokit.analysis.coding import DictionaryCoder
from igokit.analysis.content import (
    area_frequencies,
    compare_areas,
    cooccurrence,
    keyness,
    log_likelihood,
    share_difference,
    top_passages,
    units_frame,
    wilson_interval,
)
from igokit.cli import main
from igokit.errors import DataError

AREAS = ["security", "economy", "connectivity", "energy", "digital", "ecology",
         "humanitarian", "institutions"]


@pytest.fixture(scope="module")
def coder() -> DictionaryCoder:
    return DictionaryCoder()


def test_codebook_has_the_eight_areas_in_three_languages() -> None:
    book = load_codebook()
    assert list(book.areas) == AREAS
    for area in book.areas.values():
        assert {t.lang for t in area.terms} >= {"en", "ru", "kk"}, area.key
        assert area.definition and area.include and area.exclude


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The sides condemned terrorism and agreed to fight drug trafficking.", {"security"}),
        ("Стороны договорились бороться с терроризмом и наркотрафиком.", {"security"}),
        ("Тараптар терроризмге және есірткі саудасына қарсы күресті күшейтеді.", {"security"}),
        ("Trade and investment between the members grew.", {"economy"}),
        ("Товарооборот и инвестиции между странами выросли.", {"economy"}),
        ("A new railway and a dry port will serve the transport corridor.", {"connectivity"}),
        ("Будут развиваться железные дороги и транспортные коридоры.", {"connectivity"}),
        ("Members will cooperate on renewable energy and oil and gas.", {"energy"}),
        ("ШЫҰ елдері экологиялық мәселелерге және су ресурстарына назар аударды.", {"ecology"}),
        ("Kazakhstan took over the SCO chairmanship.", {"institutions"}),
        ("The leaders thanked the hosts for their warm hospitality.", set()),
    ],
)
def test_coding_finds_areas_in_three_languages(coder: DictionaryCoder, text: str,
                                                expected: set[str]) -> None:
    assert set(coder.code_text(text).areas) >= expected
    if not expected:
        assert coder.code_text(text).areas == []


def test_coding_evidence_points_into_the_text(coder: DictionaryCoder) -> None:
    text = "Intro line.\nСтороны осудили терроризм. Затем обсудили экологию."
    units = coder.code(text, "sentence")
    for u in units:
        assert text[u.start:u.end] == u.text
        for t in u.terms:
            assert text[t.start:t.end] == t.text
    lines = coder.code(text, "line")
    assert [u.line for u in lines] == [1, 2]
    assert lines[1].to_dict()["line"] == 2


def test_coding_stems_match_word_starts_only(coder: DictionaryCoder) -> None:
    # "port" must not fire inside "support"/"important", nor a stem in the middle of a word
    unit = coder.code_text("The support was important for everyone.")
    assert "connectivity" not in unit.areas


def test_codebook_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "book.yaml"
    bad.write_text("name: x\nversion: 1\nareas:\n  security:\n    terms:\n"
                   "      en: [terror*, 'bad*word']\n    colour: red\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_codebook(bad)
    text = "\n".join(info.value.problems)
    assert "book.yaml:5" in text or "book.yaml:4" in text
    assert "bad*word" in text and "colour" in text


def test_quanteda_dictionary_imports(tmp_path: Path, coder: DictionaryCoder) -> None:
    qd = tmp_path / "dict.yml"
    qd.write_text("security:\n  hard:\n    - terror*\n  soft:\n    - border*\n"
                  "economy:\n  - trade\n  - invest*\n", encoding="utf-8")
    book = load_codebook(qd)
    assert list(book.areas) == ["security", "economy"]
    own = DictionaryCoder(book)
    assert own.code_text("Borders and terrorism.").areas == ["security"]
    assert own.code_text("Торговля", lang="ru").areas == []  # patterns are English words


def test_parse_term_rejects_inner_wildcards() -> None:
    assert parse_term("Транспортн* Коридор*", 1.0, "ru").words == (("транспортн", True),
                                                                  ("коридор", True))
    with pytest.raises(ValueError):
        parse_term("tr*ade", 1.0, "en")


def test_statistics_match_hand_computed_values() -> None:
    low, high = wilson_interval(5, 10)
    assert round(low, 3) == 0.237 and round(high, 3) == 0.763
    d, lo, hi = share_difference(10, 100, 30, 100)
    assert d == pytest.approx(0.2) and lo < 0.2 < hi and lo > 0
    # G² for 10 of 1000 vs 30 of 1000 words (Rayson's calculator gives 10.46)
    assert log_likelihood(30, 10, 1000, 1000) == pytest.approx(10.46, abs=0.01)


def test_analyses_on_units(coder: DictionaryCoder) -> None:
    a = units_frame(coder.code("Terrorism is a threat. Trade grew. Railways were built."),
                    AREAS, {"doc_id": 1, "date": "2017-06-09"})
    b = units_frame(coder.code("Ecology matters. Climate change and water. Trade grew."),
                    AREAS, {"doc_id": 2, "date": "2024-07-04"})
    both = pd.concat([a, b], ignore_index=True)
    freq = area_frequencies(both, "year")
    eco = freq[(freq["year"] == 2024) & (freq["area"] == "ecology")].iloc[0]
    assert eco["count"] == 2 and eco["share"] == pytest.approx(2 / 3)
    cmp = compare_areas(a, b).set_index("area")
    assert cmp.loc["ecology", "share_b"] > cmp.loc["ecology", "share_a"]
    matrix = cooccurrence(both)
    assert matrix.loc["economy", "economy"] == 2
    top = top_passages(both, "ecology", 1)
    assert len(top) == 1
    assert "Climate" in top.iloc[0]["text"] or "Ecology" in top.iloc[0]["text"]
    words = keyness(["trade trade trade security"], ["climate climate climate trade"],
                    min_count=2)
    assert words.iloc[0]["word"] in {"climate", "trade"}


def test_cli_code_json_line_units(tmp_path: Path) -> None:
    f = tmp_path / "s.txt"
    f.write_text("Terrorism threatens stability.\n\nТранспортные коридоры развиваются.\n",
                 encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "k.sqlite"), "code", str(f),
                                       "--unit", "line", "--json"])
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["line"] for i in items] == [1, 3]
    assert items[0]["areas"] == ["security"] and items[1]["areas"] == ["connectivity"]
    assert {"end", "areas", "scores", "terms"} <= set(items[0])


def test_coding_units_of_a_text_in_one_scan_is_coding_each_alone(coder: DictionaryCoder) -> None:
    """``code_spans`` (the report codes stored sentences with it) gives each unit the areas
    ``code_text`` gives it alone: a term is cut at its unit's end, a negation in the unit before
    does not reach it, and each unit's language picks its terms."""
    text = ("Talks did not cover terrorism. Terrorism and extremism were the topic. "
            "Стороны обсудили борьбу с терроризмом. Energy security\nmatters.  Gap text energy")
    spans = []
    for piece, lang in (("Talks did not cover terrorism.", "en"),
                        ("Terrorism and extremism were the topic.", "en"),
                        ("Стороны обсудили борьбу с терроризмом.", "ru"),
                        ("Energy security", "en"), ("matters.", "en")):
        start = text.index(piece)
        spans.append((start, start + len(piece), lang))
    alone = [coder.code_text(text[s:e], lang, offset=s).areas for s, e, lang in spans]
    assert coder.code_spans(text, spans) == alone
    assert alone[0] == [] and "security" in alone[1] and "security" in alone[2]
    # units given out of order get their own areas; text outside every unit is not coded
    assert coder.code_spans(text, spans[::-1]) == alone[::-1]
    assert coder.code_spans(text, []) == []
    # the Russian sentence read as English finds no Russian term
    s, e, _ = spans[2]
    assert coder.code_spans(text, [(s, e, "en")]) == [coder.code_text(text[s:e], "en").areas]
