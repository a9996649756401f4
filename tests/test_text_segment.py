"""igokit.text.segment: paragraphs and sentences with offsets, in English, Russian and Kazakh."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igokit.text.segment import Segment, split_paragraphs, split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"


def sentences(text: str) -> list[str]:
    out = split_sentences(text)
    for seg in out:
        assert text[seg.start : seg.end] == seg.text
    return [seg.text for seg in out]


# ------------------------------------------------------------------------------- paragraphs


def test_paragraphs_at_blank_lines_with_offsets() -> None:
    text = "  First line\nsecond line.\n\n \t\nSecond paragraph.\n\n\nThird.\n"
    paras = split_paragraphs(text)
    assert [p.text for p in paras] == ["First line\nsecond line.", "Second paragraph.", "Third."]
    for p in paras:
        assert text[p.start : p.end] == p.text


def test_each_table_row_is_a_paragraph() -> None:
    text = "Table 1.\nYear\tCity\n2019\tBishkek\n2024\tAstana\nSource: own data.\n\nNext."
    assert [p.text for p in split_paragraphs(text)] == [
        "Table 1.",
        "Year\tCity",
        "2019\tBishkek",
        "2024\tAstana",
        "Source: own data.",
        "Next.",
    ]


def test_empty_text() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs(" \n\n \n") == []
    assert split_sentences("") == []
    assert split_sentences("  \n ") == []


def test_segment_is_frozen() -> None:
    seg = Segment(0, 3, "SCO")
    with pytest.raises(dataclasses.FrozenInstanceError):
        seg.start = 1  # type: ignore[misc]


# ---------------------------------------------------------------------------- by language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ШОС создана в 2001 г. в Шанхае. Казахстан председательствовал в 2023–2024 гг. "
            "Саммит прошёл в Астане.",
            [
                "ШОС создана в 2001 г. в Шанхае.",
                "Казахстан председательствовал в 2023–2024 гг.",
                "Саммит прошёл в Астане.",
            ],
        ),
        (
            "В июле 2024 г. Казахстан передал председательство Китаю. Встреча прошла в г. Астана.",
            [
                "В июле 2024 г. Казахстан передал председательство Китаю.",
                "Встреча прошла в г. Астана.",
            ],
        ),
        (
            "Оборот составил 139,8 млрд. долл. США, т.е. вырос на 3,2%. Работают 29 тыс. "
            "компаний, банков и т.д. Новые проекты готовятся.",
            [
                "Оборот составил 139,8 млрд. долл. США, т.е. вырос на 3,2%.",
                "Работают 29 тыс. компаний, банков и т.д.",
                "Новые проекты готовятся.",
            ],
        ),
        (
            "Н.А. Назарбаев и К.-Ж. Токаев выступили (см. ст. 5 Хартии). Им. Аль-Фараби назван "
            "университет, напр. КазНУ и др. Вузы страны участвуют.",
            [
                "Н.А. Назарбаев и К.-Ж. Токаев выступили (см. ст. 5 Хартии).",
                "Им. Аль-Фараби назван университет, напр. КазНУ и др.",
                "Вузы страны участвуют.",
            ],
        ),
    ],
    ids=["ru-years", "ru-year-lead-in-and-city", "ru-money-and-etc", "ru-initials"],
)
def test_russian(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ШЫҰ 2001 ж. құрылды. Қазақстан 2023–2024 жж. ұйымға төрағалық етті. Саммит "
            "Астанада өтті.",
            [
                "ШЫҰ 2001 ж. құрылды.",
                "Қазақстан 2023–2024 жж. ұйымға төрағалық етті.",
                "Саммит Астанада өтті.",
            ],
        ),
        (
            "Сауда айналымы 139,8 млрд. АҚШ долларын құрады. Көлік, энергетика т.б. салалар "
            "дамыды. Б.з.б. II ғ. Жібек жолы ашылды.",
            [
                "Сауда айналымы 139,8 млрд. АҚШ долларын құрады.",
                "Көлік, энергетика т.б. салалар дамыды.",
                "Б.з.б. II ғ. Жібек жолы ашылды.",
            ],
        ),
        (
            "Негізгі нәтижелер: 2023 ж. Қазақстанның сыртқы саудасы өсті. Ә.Н. Смағұлов "
            "баяндама жасады.",
            [
                "Негізгі нәтижелер: 2023 ж. Қазақстанның сыртқы саудасы өсті.",
                "Ә.Н. Смағұлов баяндама жасады.",
            ],
        ),
    ],
    ids=["kk-years", "kk-money-and-etc", "kk-lead-in-and-initials"],
)
def test_kazakh(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. and the U.N. sent observers. Mr. Xi met Dr. Tokayev, i.e. the host. "
            "See No. 5 of Jan. 12, e.g. the annex.",
            [
                "The U.S. and the U.N. sent observers.",
                "Mr. Xi met Dr. Tokayev, i.e. the host.",
                "See No. 5 of Jan. 12, e.g. the annex.",
            ],
        ),
        (
            "Papers by Igibayeva M.B. and K.-J. Tokayev were cited. Trade grew by 3.2% to "
            "USD 139.8 billion. Members include China, Russia etc. The list is long.",
            [
                "Papers by Igibayeva M.B. and K.-J. Tokayev were cited.",
                "Trade grew by 3.2% to USD 139.8 billion.",
                "Members include China, Russia etc.",
                "The list is long.",
            ],
        ),
        (
            "Smith et al. (2020) disagree. The answer is yes. 2025 will tell.",
            ["Smith et al. (2020) disagree.", "The answer is yes.", "2025 will tell."],
        ),
    ],
    ids=["en-abbreviations", "en-initials-decimals-etc", "en-et-al-and-digits"],
)
def test_english(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# ------------------------------------------------------------------------------ punctuation


def test_quotes_brackets_and_footnotes_stay_with_their_sentence() -> None:
    text = (
        "He said: “The SCO matters.” Then he left. «Шанхайский дух» важен.» Далее (см. выше.) "
        "Итог. The area grew.¹ Next one."
    )
    assert sentences(text) == [
        "He said: “The SCO matters.”",
        "Then he left.",
        "«Шанхайский дух» важен.»",
        "Далее (см. выше.)",
        "Итог.",
        "The area grew.¹",
        "Next one.",
    ]


def test_ellipses_and_question_marks() -> None:
    text = "Is it over?! Not yet… The talks go on... and on. What next? «Ответ» ясен."
    assert sentences(text) == [
        "Is it over?!",
        "Not yet…",
        "The talks go on... and on.",
        "What next?",
        "«Ответ» ясен.",
    ]


def test_no_split_before_lower_case_or_inside_numbers() -> None:
    text = "Version 2.0 of the plan. it continues here. Rate 7.5% in 2023."
    assert sentences(text) == ["Version 2.0 of the plan. it continues here.", "Rate 7.5% in 2023."]


# ------------------------------------------------------------------------------ line breaks


def test_headings_table_rows_and_list_items_end_at_the_line_break() -> None:
    text = (
        "## **Introduction**\n"
        "Abstract\n"
        "The article assesses the SCO.\n"
        "Key results:\n"
        "Trade grew\n"
        "- first item\n"
        "- second item\n"
        "1. Ensuring security\n"
        "2. Trade\n"
        "Year\tSummit\n"
        "2024\tAstana"
    )
    assert sentences(text) == [
        "## **Introduction**",
        "Abstract",
        "The article assesses the SCO.",
        "Key results:",
        "Trade grew",
        "- first item",
        "- second item",
        "1. Ensuring security",
        "2. Trade",
        "Year\tSummit",
        "2024\tAstana",
    ]


def test_wrapped_lines_of_running_text_are_joined() -> None:
    text = (
        "The SCO was established in 2001 by\nChina, Kazakhstan, Kyrgyzstan, Russia and\n"
        "Tajikistan. Uzbekistan joined later that\nyear."
    )
    assert sentences(text) == [
        "The SCO was established in 2001 by\nChina, Kazakhstan, Kyrgyzstan, Russia and\n"
        "Tajikistan.",
        "Uzbekistan joined later that\nyear.",
    ]


def test_blank_line_ends_a_sentence_unless_a_page_break_cut_it() -> None:
    text = "Благодаря активному диалогу и\n\nсотрудничеству граница стабильна.\n\nНовый абзац"
    assert sentences(text) == [
        "Благодаря активному диалогу и\n\nсотрудничеству граница стабильна.",
        "Новый абзац",
    ]
    assert sentences("Title\n\nText starts.") == ["Title", "Text starts."]


# ---------------------------------------------------------------------------------- offsets


def test_start_offset_gives_document_offsets() -> None:
    doc = "Intro.\n\nШОС создана в 2001 г. в Шанхае. Казахстан — член ШОС."
    out = []
    for para in split_paragraphs(doc):
        out.extend(split_sentences(para.text, start_offset=para.start))
    assert [doc[s.start : s.end] for s in out] == [s.text for s in out]
    assert [s.text for s in out] == [
        "Intro.",
        "ШОС создана в 2001 г. в Шанхае.",
        "Казахстан — член ШОС.",
    ]


def test_offsets_are_code_points() -> None:
    text = "Қазақстан 🇰🇿 төрағалық етті. Next."
    out = split_sentences(text)
    assert out[1] == Segment(len(text) - 5, len(text), "Next.")


_ALPHABET = st.sampled_from([*'ab Аа әҚ.!?…\n\t"»«()0 1 г ж Mr', ". ", ".\n\n", " т.е. ", "\n- "])


@given(st.lists(_ALPHABET, max_size=60).map("".join), st.integers(0, 1000))
def test_segments_always_slice_back_and_are_ordered(text: str, offset: int) -> None:
    for split in (split_sentences, split_paragraphs):
        segs = split(text, offset) if split is split_sentences else split(text)
        base = offset if split is split_sentences else 0
        last_end = base
        for seg in segs:
            assert text[seg.start - base : seg.end - base] == seg.text
            assert seg.text and seg.text == seg.text.strip()
            assert seg.start >= last_end
            last_end = seg.end


# ---------------------------------------------------------------------------- real corpus


def _corpus_texts() -> list[tuple[str, str]]:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared is absent")
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.txt"))]


def test_corpus_sentences_slice_back() -> None:
    for name, text in _corpus_texts():
        segs = split_sentences(text)
        assert len(segs) > 50, name
        for seg in segs:
            assert text[seg.start : seg.end] == seg.text
        by_paragraph = [s for p in split_paragraphs(text) for s in split_sentences(p.text, p.start)]
        for seg in by_paragraph:
            assert text[seg.start : seg.end] == seg.text


def test_corpus_abbreviations_do_not_split() -> None:
    texts = dict(_corpus_texts())
    found = {s.text for t in texts.values() for s in split_sentences(t)}
    # "г.", "тыс.", "жж." inside sentences of the corpus.
    assert any("в 2023 г. составил 139,8 миллиардов долларов США, что на 3,2%" in s for s in found)
    assert any("2021–2024 жж. ҚР Ұлттық статистика" in s for s in found)
    assert any("свыше 29 тыс. компаний" in s and "5 тыс. совместных" in s for s in found)
    assert not any(s.endswith((" тыс.", " млрд.", " долл.", "Doc.")) for s in found)


def test_long_runs_of_dots_and_spaces() -> None:
    # Tables of contents and broken extractions: these must stay linear (no regex backtracking).
    text = "Contents" + "." * 100_000 + " 5\n" + " " * 100_000 + "\n\n" + "\t" * 1000 + "End."
    assert [s.text for s in split_sentences(text)] == ["Contents" + "." * 100_000, "5", "End."]
    assert [p.text for p in split_paragraphs(text)] == [
        "Contents" + "." * 100_000 + " 5",
        "End.",
    ]
