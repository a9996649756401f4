"""Tests of igokit.text.dates: dates, ranges, months and years in en/ru/kk."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from igokit.text.dates import DateMention, find_dates

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

# (sentence, expected mentions as (text, value, precision, end_value))
CASES: list[tuple[str, list[tuple[str, str, str, str | None]]]] = [
    # --- days, Russian
    ("Встреча прошла 4 июля 2024 г. в Астане.", [("4 июля 2024 г.", "2024-07-04", "day", None)]),
    ("Договор подписан 4 июля 2024 года.", [("4 июля 2024 года", "2024-07-04", "day", None)]),
    ("Он вступил в должность 1 января 2025 г.", [("1 января 2025 г.", "2025-01-01", "day", None)]),
    ("Документ от 15.06.2001 утратил силу.", [("15.06.2001", "2001-06-15", "day", None)]),
    ("Срок – 28 февраля 2023 г.", [("28 февраля 2023 г.", "2023-02-28", "day", None)]),
    ("Отчёт датирован 12 Сентября 2022 года.",
     [("12 Сентября 2022 года", "2022-09-12", "day", None)]),
    # --- days, Kazakh
    ("Саммит 2024 жылғы 4 шілдеде өтті.", [("2024 жылғы 4 шілдеде", "2024-07-04", "day", None)]),
    ("Шешім 2024 жылы 4 шілде қабылданды.", [("2024 жылы 4 шілде", "2024-07-04", "day", None)]),
    ("Құжат 4 шілде 2024 ж. бекітілді.", [("4 шілде 2024 ж.", "2024-07-04", "day", None)]),
    ("Кездесу 2023 жылғы 12 қазанда болды.",
     [("2023 жылғы 12 қазанда", "2023-10-12", "day", None)]),
    ("Мерзімі 2025 ж. 1 наурыз.", [("2025 ж. 1 наурыз", "2025-03-01", "day", None)]),
    ("Келісім 20 желтоқсанда 2022 жылы жасалды.",
     [("20 желтоқсанда 2022 жылы", "2022-12-20", "day", None)]),
    # --- days, English
    ("The leaders met on July 4, 2023, in Delhi.", [("July 4, 2023", "2023-07-04", "day", None)]),
    ("It entered into force on 15 June 2001.", [("15 June 2001", "2001-06-15", "day", None)]),
    ("Signed 4 July 2024 at the summit.", [("4 July 2024", "2024-07-04", "day", None)]),
    ("Published 2024-07-04 online.", [("2024-07-04", "2024-07-04", "day", None)]),
    ("Dated 04.07.2024.", [("04.07.2024", "2024-07-04", "day", None)]),
    ("Filed on Sept. 5, 2021 by the bureau.", [("Sept. 5, 2021", "2021-09-05", "day", None)]),
    ("Issued on Jan 10, 2020 in Beijing.", [("Jan 10, 2020", "2020-01-10", "day", None)]),
    ("Talks resumed on March 3rd, 2022.", [("March 3rd, 2022", "2022-03-03", "day", None)]),
    ("On the 4th of July 2024 it was signed.", [("4th of July 2024", "2024-07-04", "day", None)]),
    ("Leap day 29 February 2024 was chosen.",
     [("29 February 2024", "2024-02-29", "day", None)]),
    # --- day ranges
    ("The summit took place on 3–4 July 2024 in Astana.",
     [("3–4 July 2024", "2024-07-03", "day", "2024-07-04")]),
    ("Саммит прошёл 3-4 июля 2024 г. в столице.",
     [("3-4 июля 2024 г.", "2024-07-03", "day", "2024-07-04")]),
    ("Форум прошёл с 18 по 19 мая 2023 года в Сиане.",
     [("с 18 по 19 мая 2023 года", "2023-05-18", "day", "2023-05-19")]),
    ("Саммит 2024 жылғы 3-4 шілдеде өтті.",
     [("2024 жылғы 3-4 шілдеде", "2024-07-03", "day", "2024-07-04")]),
    ("Meetings were held June 15–16, 2009 in the city.",
     [("June 15–16, 2009", "2009-06-15", "day", "2009-06-16")]),
    ("The forum ran 30 June – 1 July 2025.",
     [("30 June – 1 July 2025", "2025-06-30", "day", "2025-07-01")]),
    ("A break 30 December – 2 January 2025 followed.",
     [("30 December – 2 January 2025", "2024-12-30", "day", "2025-01-02")]),
    # --- year ranges
    ("The programme covers 2023-2024.", [("2023-2024", "2023", "year", "2024")]),
    ("Программа на 2004–2005 гг. принята.", [("2004–2005 гг.", "2004", "year", "2005")]),
    ("Стратегия 2023–2024 жж. бекітілді.", [("2023–2024 жж.", "2023", "year", "2024")]),
    ("Бағдарлама 2025-2027 жылдарға арналған.",
     [("2025-2027 жылдарға", "2025", "year", "2027")]),
    ("В 2023-2024 годах он работал.", [("2023-2024 годах", "2023", "year", "2024")]),
    ("The plan runs from 2016 to 2025.", [("from 2016 to 2025", "2016", "year", "2025")]),
    ("Trade grew between 2001 and 2025.", [("between 2001 and 2025", "2001", "year", "2025")]),
    ("План рассчитан на период с 2024 по 2030 год.",
     [("с 2024 по 2030 год", "2024", "year", "2030")]),
    ("Жоспар 2016 жылдан 2025 жылға дейін жүзеге асады.",
     [("2016 жылдан 2025 жылға дейін", "2016", "year", "2025")]),
    ("The 2023/24 season ended.", [("2023/24", "2023", "year", "2024")]),
    # --- months
    ("Kazakhstan took over in July 2024.", [("July 2024", "2024-07", "month", None)]),
    ("Это произошло в июле 2024 года.", [("июле 2024 года", "2024-07", "month", None)]),
    ("Форум состоялся в октябре 2023 г. в Астане.",
     [("октябре 2023 г.", "2023-10", "month", None)]),
    ("Отчёт: октябрь 2023 г.", [("октябрь 2023 г.", "2023-10", "month", None)]),
    ("Бұл 2024 жылдың шілдесінде болды.",
     [("2024 жылдың шілдесінде", "2024-07", "month", None)]),
    ("Есеп: шілде 2024.", [("шілде 2024", "2024-07", "month", None)]),
    ("Кездесу 2023 жылғы қазан айында өтті.",
     [("2023 жылғы қазан айында", "2023-10", "month", None)]),
    ("At the end of May 2024 an article appeared.", [("May 2024", "2024-05", "month", None)]),
    ("Trials ran June–July 2024.", [("June–July 2024", "2024-06", "month", "2024-07")]),
    ("Data for 2023-07 were revised.", [("2023-07", "2023-07", "month", None)]),
    # --- years
    ("It was founded in 2001 by six states.", [("2001", "2001", "year", None)]),
    ("Организация создана в 2001 году.", [("2001 году", "2001", "year", None)]),
    ("Создана в 2001 г. в Шанхае.", [("2001 г.", "2001", "year", None)]),
    ("Ұйым 2001 жылы құрылды.", [("2001 жылы", "2001", "year", None)]),
    ("Бұл 2001 жылғы құжат.", [("2001 жылғы", "2001", "year", None)]),
    ("Нәтиже 2023 ж. жақсарды.", [("2023 ж.", "2023", "year", None)]),
    ("The group has existed since 1996.", [("1996", "1996", "year", None)]),
    ("The Strategy until 2030 sets goals.", [("2030", "2030", "year", None)]),
    ("Стратегия до 2030 года утверждена.", [("2030 года", "2030", "year", None)]),
    ("Summits took place in 2004, 2010 and 2016.",
     [("2004", "2004", "year", None), ("2010", "2010", "year", None),
      ("2016", "2016", "year", None)]),
    ("2024 жылы Қазанда саммит өтті.", [("2024 жылы", "2024", "year", None)]),
    ("Война 1812 г. закончилась.", [("1812 г.", "1812", "year", None)]),
    # --- several in one sentence
    ("In 2023 and on 4 July 2024 Kazakhstan spoke.",
     [("2023", "2023", "year", None), ("4 July 2024", "2024-07-04", "day", None)]),
    # --- day and month without a year and without a context date
    ("Встреча назначена на 4 июля.", [("4 июля", "--07-04", "day", None)]),
    ("The vote is on 4 July.", [("4 July", "--07-04", "day", None)]),
    ("Кездесу 4 шілдеде өтеді.", [("4 шілдеде", "--07-04", "day", None)]),
    ("Deadline: July 4.", [("July 4", "--07-04", "day", None)]),
    ("Сессия 3–4 июля.", [("3–4 июля", "--07-03", "day", "--07-04")]),
]

NEGATIVE = [
    "Trade grew by 3,2% in the period.",
    "Рост составил 3,2% за год.",
    "See P. 45–62 and pp. 101–120.",
    "DOI: 10.48371/ISMO.2025.60.2.010",
    "https://doi.org/10.48371/ISMO.2025.60.2.010",
    "<https://example.org/2022/report>",
    "Available at www.example.com/2024/news",
    "Journal, No. 2, Vol. 14.",
    "№ 2024 от ведомства.",
    "ISBN 978-601-2024-15-3",
    "UDC 2024",
    "It may be useful; they may agree.",
    "Members may 5 times a year vote.",
    "Выделено 2001 млн тенге.",
    "About 2000 people attended.",
    "The 1990s were hard.",
    "В 1990-х гг. ситуация изменилась.",
    "Проект стоил 2030 тыс. тенге.",
    "Call 12 345 or 1 2 3.",
    "Лимит 1500 тонн в год.",
    "Самая 24 эпоха.",
    "Mayor 5 spoke.",
    "Order 1812 was issued.",
]


def _tuples(mentions: list[DateMention]) -> list[tuple[str, str, str, str | None]]:
    return [(d.text, d.value, d.precision, d.end_value) for d in mentions]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_find_dates(sentence: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = find_dates(sentence)
    assert _tuples(found) == expected
    for d in found:
        assert sentence[d.start : d.end] == d.text
        assert not d.year_from_context


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_no_false_dates(sentence: str) -> None:
    assert find_dates(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "context", "value", "end_value"),
    [
        ("Встреча назначена на 4 июля.", "2024-06-30", "2024-07-04", None),
        ("The vote is on 4 July.", "2023", "2023-07-04", None),
        ("Кездесу 4 шілдеде өтеді.", "2025-01", "2025-07-04", None),
        ("Deadline: July 4.", "2022-12-01", "2022-07-04", None),
        ("Сессия 3–4 июля.", "2024-05-05", "2024-07-03", "2024-07-04"),
    ],
)
def test_year_from_context(sentence: str, context: str, value: str, end_value: str | None) -> None:
    (d,) = find_dates(sentence, context_date=context)
    assert d.value == value
    assert d.end_value == end_value
    assert d.year_from_context


def test_written_year_wins_over_context() -> None:
    (d,) = find_dates("Signed 4 July 2021.", context_date="2024-01-01")
    assert d.value == "2021-07-04"
    assert not d.year_from_context


def test_bad_context_date() -> None:
    with pytest.raises(ValueError):
        find_dates("4 July", context_date="yesterday")


def test_invalid_day_is_dropped() -> None:
    assert find_dates("on 31 June 2024 and 30 February 2023") == []


def test_to_dict() -> None:
    (d,) = find_dates("on 3–4 July 2024")
    assert d.to_dict() == {
        "start": 3,
        "end": 16,
        "text": "3–4 July 2024",
        "value": "2024-07-03",
        "precision": "day",
        "end_value": "2024-07-04",
        "year_from_context": False,
    }
    (y,) = find_dates("in 2001")
    assert "end_value" not in y.to_dict()


def test_offsets_are_code_points() -> None:
    text = "Қазақстан 🇰🇿 2024 жылғы 4 шілдеде"
    (d,) = find_dates(text)
    assert text[d.start : d.end] == "2024 жылғы 4 шілдеде"


def test_whitespace_variants() -> None:
    text = "4\u00a0июля\u00a02024\u00a0г. и 2023\u2009г."
    assert [d.value for d in find_dates(text)] == ["2024-07-04", "2023"]


def test_mentions_are_sorted_and_disjoint() -> None:
    text = " ".join(s for s, _ in CASES)
    found = find_dates(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert len(found) == sum(len(e) for _, e in CASES)


# ------------------------------------------------------------------------------- real corpus


def _corpus(name_start: str) -> str:
    files = sorted(CORPUS.glob(f"{name_start}*.txt"))
    if not files:
        pytest.skip(f"corpus file {name_start}* not found")
    return files[0].read_text(encoding="utf-8")


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_known_dates() -> None:
    art = _corpus("000_")
    study = _corpus("002_")
    news = _corpus("003_")
    art_values = {(d.value, d.end_value) for d in find_dates(art)}
    assert ("2023-07-04", None) in art_values  # July 4, 2023 (en)
    assert ("2023-07", None) in art_values
    assert ("2023", "2024") in art_values  # "from 2023 to 2024" and "2023-2024"
    assert ("2024", "2029") in art_values
    assert ("2025-06-09", None) in art_values  # Received: June 9, 2025
    study_values = {(d.value, d.end_value) for d in find_dates(study)}
    assert ("2024-07-04", None) in study_values  # ru day
    assert ("2024-07-03", "2024-07-04") in study_values  # ru day range
    assert ("2001-06-15", None) in study_values
    assert ("2023-05-18", "2023-05-19") in study_values  # с ... по ... мая
    assert ("2001", "2025") in study_values  # ru гг. and kk жж.
    assert ("2025-01", None) in study_values  # в январе 2025 г.
    assert ("2024", "2030") in study_values  # с 2024 по 2030 год
    kk = [d for d in find_dates(study) if d.text.endswith("жж.")]
    assert {(d.value, d.end_value) for d in kk} >= {("2001", "2025"), ("2021", "2024")}
    assert ("2023-08", None) in {(d.value, d.end_value) for d in find_dates(news)}


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_no_dates_in_codes_pages_urls() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = find_dates(text)
        covered = [(d.start, d.end) for d in found]
        bad_spans = [
            m.span()
            for rx in (r"https?://\S+", r"doi\.org\S+", r"ISMO\.\S+", r"P\. ?\d+ ?[–-] ?\d+")
            for m in re.finditer(rx, text)
        ]
        for bs, be in bad_spans:
            assert not any(s < be and bs < e for s, e in covered), text[bs:be]
        for d in found:
            assert text[d.start : d.end] == d.text
            assert "%" not in d.text
