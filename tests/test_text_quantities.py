"""Tests of igokit.text.quantities and igokit.text.numbers (money, percent, counts, units)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from igokit.text.numbers import parse_number, parse_number_words
from igokit.text.quantities import Quantity, find_quantities

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"

# (sentence, expected as (text, value, unit, kind))
CASES: list[tuple[str, list[tuple[str, float, str, str]]]] = [
    # --- money, English
    ("Exports reached USD 139.8 billion last year.",
     [("USD 139.8 billion", 139.8e9, "USD", "money")]),
    ("Imports were $139.8 bn.", [("$139.8 bn", 139.8e9, "USD", "money")]),
    ("A fund of €5 million was set up.", [("€5 million", 5e6, "EUR", "money")]),
    ("The market is worth $1.2 trillion.", [("$1.2 trillion", 1.2e12, "USD", "money")]),
    ("A grant of US$ 250,000 was paid.", [("US$ 250,000", 250000.0, "USD", "money")]),
    ("They raised $5m quickly.", [("$5m", 5e6, "USD", "money")]),
    ("Some 1,234,567 dollars were spent.", [("1,234,567 dollars", 1234567.0, "USD", "money")]),
    ("He pledged 5 billion US dollars.", [("5 billion US dollars", 5e9, "USD", "money")]),
    ("The loan is 20 million euros.", [("20 million euros", 20e6, "EUR", "money")]),
    ("Costs of KZT 2 bn were booked.", [("KZT 2 bn", 2e9, "KZT", "money")]),
    ("A bill of ₹300 crore.", [("₹300", 300.0, "INR", "money")]),
    # --- money, Russian
    ("Оборот достиг 43,8 миллиардов долларов США.",
     [("43,8 миллиардов долларов США", 43.8e9, "USD", "money")]),
    ("Инвестиции – 43,8 млрд долл. США.", [("43,8 млрд долл. США", 43.8e9, "USD", "money")]),
    ("Выделено 500 млн долларов.", [("500 млн долларов", 500e6, "USD", "money")]),
    ("Бюджет 2 млрд тенге.", [("2 млрд тенге", 2e9, "KZT", "money")]),
    ("Штраф 10 000 тенге.", [("10 000 тенге", 10000.0, "KZT", "money")]),
    ("Цена 10\u00a0000 тенге.", [("10\u00a0000 тенге", 10000.0, "KZT", "money")]),
    ("Сбор 10\u2009000 тенге.", [("10\u2009000 тенге", 10000.0, "KZT", "money")]),
    ("Итого 1\u202f234\u202f567,5 тенге.",
     [("1\u202f234\u202f567,5 тенге", 1234567.5, "KZT", "money")]),
    ("Товарооборот 12.5 млрд юаней.", [("12.5 млрд юаней", 12.5e9, "CNY", "money")]),
    ("Кредит 1,500 млрд рублей.", [("1,500 млрд рублей", 1.5e9, "RUB", "money")]),
    ("Грант 300 тыс. евро.", [("300 тыс. евро", 300e3, "EUR", "money")]),
    ("Заём 15 млн сомов.", [("15 млн сомов", 15e6, "KGS", "money")]),
    # --- money, Kazakh
    ("Айналым 139,8 млрд АҚШ доллары болды.",
     [("139,8 млрд АҚШ доллары", 139.8e9, "USD", "money")]),
    ("Ол 139,8 млрд. АҚШ долларын құрады.",
     [("139,8 млрд. АҚШ долларын", 139.8e9, "USD", "money")]),
    ("Қаржы 1,5 трлн теңге бөлінді.", [("1,5 трлн теңге", 1.5e12, "KZT", "money")]),
    ("Бағасы 2 миллиард теңгеге жетті.", [("2 миллиард теңгеге", 2e9, "KZT", "money")]),
    # --- percent
    ("Growth was 7.5% in 2023.", [("7.5%", 7.5, "%", "percent")]),
    ("Рост составил 7,5%.", [("7,5%", 7.5, "%", "percent")]),
    ("Торговля выросла (+7,5% г/г).", [("+7,5%", 7.5, "%", "percent")]),
    ("Output fell -1,2% in May.", [("-1,2%", -1.2, "%", "percent")]),
    ("Index: +3.2% vs last year.", [("+3.2%", 3.2, "%", "percent")]),
    ("Бұл 3,2%-ға жоғары.", [("3,2%", 3.2, "%", "percent")]),
    ("Көлемі 12 пайызға өсті.", [("12 пайызға", 12.0, "%", "percent")]),
    ("Доля выросла на 5 процентов.", [("5 процентов", 5.0, "%", "percent")]),
    ("Rates rose 25 percent.", [("25 percent", 25.0, "%", "percent")]),
    ("Ставка выросла на 0,5 п.п. за год.", [("0,5 п.п.", 0.5, "pp", "percent")]),
    ("It rose by 2 percentage points.", [("2 percentage points", 2.0, "pp", "percent")]),
    ("Margins narrowed 1.5 pp.", [("1.5 pp", 1.5, "pp", "percent")]),
    ("Prices: 5–7% higher.", [("7%", 7.0, "%", "percent")]),
    # --- counts with digits
    ("The SCO has 9 Member States.", [("9 Member States", 9.0, "member state", "count")]),
    ("It has 14 Dialogue Partners.",
     [("14 Dialogue Partners", 14.0, "dialogue partner", "count")]),
    ("There are 3 Observer States.", [("3 Observer States", 3.0, "observer state", "count")]),
    ("It covers 26 countries.", [("26 countries", 26.0, "country", "count")]),
    ("Now 12 dialogue partner countries take part.",
     [("12 dialogue partner countries", 12.0, "dialogue partner", "count")]),
    ("It began with 6 founding states.", [("6 founding states", 6.0, "founding state", "count")]),
    ("More than 29,000 companies work there.",
     [("29,000 companies", 29000.0, "company", "count")]),
    ("Over 5,000 joint ventures exist.",
     [("5,000 joint ventures", 5000.0, "joint venture", "count")]),
    ("Действует свыше 29 тыс. компаний.", [("29 тыс. компаний", 29000.0, "company", "count")]),
    ("Более 5 тыс. совместных предприятий.",
     [("5 тыс. совместных предприятий", 5000.0, "joint venture", "count")]),
    ("Есть 25 трансграничных рек.", [("25 трансграничных рек", 25.0, "river", "count")]),
    ("Сегодня в ШОС 10 государств-членов.",
     [("10 государств-членов", 10.0, "member state", "count")]),
    ("Мұнда 29 мыңнан астам компания бар.",
     [("29 мыңнан астам компания", 29000.0, "company", "count")]),
    ("Ұйымда 10 мүше мемлекет бар.", [("10 мүше мемлекет", 10.0, "member state", "count")]),
    # --- counts with number words
    ("The group has eight member states.", [("eight member states", 8.0, "member state", "count")]),
    ("It chaired six international organizations.",
     [("six international organizations", 6.0, "organization", "count")]),
    ("Twenty-five countries signed.", [("Twenty-five countries", 25.0, "country", "count")]),
    ("В состав входят восемь государств-членов.",
     [("восемь государств-членов", 8.0, "member state", "count")]),
    ("Договор подписали лидеры шести стран.", [("шести стран", 6.0, "country", "count")]),
    ("Речь шла о восьми государствах.", [("восьми государствах", 8.0, "state", "count")]),
    ("Встреча с пятью странами региона.", [("пятью странами", 5.0, "country", "count")]),
    ("Обсуждали девять проектов.", [("девять проектов", 9.0, "project", "count")]),
    ("Жиырма бес ел қатысты.", [("Жиырма бес ел", 25.0, "country", "count")]),
    ("Ұйымға сегіз мемлекет кіреді.", [("сегіз мемлекет", 8.0, "state", "count")]),
    ("Мүше мемлекеттер саны онға жетті.",
     [("Мүше мемлекеттер саны онға", 10.0, "member state", "count")]),
    ("The number of members rose to ten.",
     [("number of members rose to ten", 10.0, "member", "count")]),
    ("Онның тоғызы келісті.", [("Онның", 10.0, "", "count"), ("тоғызы", 9.0, "", "count")]),
    ("They discussed three issues.", [("three", 3.0, "", "count")]),
    ("Two hundred and five delegates came.", [("Two hundred and five", 205.0, "", "count")]),
    # --- other quantities
    ("The area is 36 million square kilometers.",
     [("36 million square kilometers", 36e6, "km2", "quantity")]),
    ("Its population is 3.3 billion people.",
     [("3.3 billion people", 3.3e9, "person", "quantity")]),
    ("Собрали 2 000 тонн зерна.", [("2 000 тонн", 2000.0, "tonne", "quantity")]),
    ("Дорога длиной 150 км.", [("150 км", 150.0, "km", "quantity")]),
    ("Участвовали 500 человек.", [("500 человек", 500.0, "person", "quantity")]),
    ("Форумға 300 адам қатысты.", [("300 адам", 300.0, "person", "quantity")]),
    ("Shipped 1.2 million tonnes of grain.", [("1.2 million tonnes", 1.2e6, "tonne", "quantity")]),
    ("Some 36 million lived there.", [("36 million", 36e6, "", "quantity")]),
]

NEGATIVE = [
    "The 2004 SCO Summit in Astana.",
    "2024\tСаммит ШОС в Астане.",
    "See P. 45–62 of the journal.",
    "DOI 10.48371/ISMO.2025.60.2.010",
    "Kazakhstan is one of the founders.",
    "Казахстан – один из основателей ШОС.",
    "Он сказал, что это важно.",
    "Онда бәрі дайын.",
    "Бұл үшін оны қолдады.",
    "The Shanghai Five was formed.",
    "Cited in [3] and [12].",
    "It was adopted in 2001.",
    "Length 5 m.",
    "Hundreds of people came.",
    "Бірінші тоқсанда өсті.",
]


def _tuples(found: list[Quantity]) -> list[tuple[str, float, str, str]]:
    return [(q.text, q.value, q.unit, q.kind) for q in found]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_find_quantities(sentence: str, expected: list[tuple[str, float, str, str]]) -> None:
    found = find_quantities(sentence)
    got = _tuples(found)
    assert [(t, u, k) for t, _, u, k in got] == [(t, u, k) for t, _, u, k in expected]
    for (_, v, _, _), (_, ev, _, _) in zip(got, expected, strict=True):
        assert v == pytest.approx(ev, rel=1e-12)
    for q in found:
        assert sentence[q.start : q.end] == q.text


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_no_false_quantities(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_exact_money_value() -> None:
    (q,) = find_quantities("USD 139.8 billion")
    assert q.value == 139_800_000_000.0


def test_to_dict() -> None:
    (q,) = find_quantities("рост на 3,2%")
    assert q.to_dict() == {
        "start": 8,
        "end": 12,
        "text": "3,2%",
        "value": 3.2,
        "unit": "%",
        "kind": "percent",
    }


def test_sorted_and_disjoint() -> None:
    text = " ".join(s for s, _ in CASES)
    found = find_quantities(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("numeral", "decimal_comma", "value"),
    [
        ("3,2", None, 3.2),
        ("29,000", None, 29000.0),
        ("1,500", True, 1.5),
        ("1,234,567", None, 1234567.0),
        ("1,234,567.5", None, 1234567.5),
        ("1 234 567,5", None, 1234567.5),
        ("1\u00a0234", None, 1234.0),
        ("1.234.567,5", None, 1234567.5),
        ("139.8", None, 139.8),
        ("0,125", None, 0.125),
    ],
)
def test_parse_number(numeral: str, decimal_comma: bool | None, value: float) -> None:
    assert parse_number(numeral, decimal_comma=decimal_comma) == pytest.approx(value)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("eight", 8), ("twenty-five", 25), ("two hundred and five", 205),
        ("three thousand", 3000), ("восьми", 8), ("девяти", 9), ("десятью", 10),
        ("двадцать пять", 25), ("две тысячи", 2000), ("сорока", 40), ("онға", 10),
        ("онның", 10), ("сегізге", 8), ("тоғызы", 9), ("жиырма бес", 25), ("екі жүз", 200),
        ("бес мың", 5000), ("not a number", None),
    ],
)
def test_parse_number_words(words: str, value: int | None) -> None:
    assert parse_number_words(words) == value


# ------------------------------------------------------------------------------- real corpus


def _corpus() -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus absent")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))}


def _values(text: str, kind: str, unit: str) -> list[float]:
    return [q.value for q in find_quantities(text) if q.kind == kind and q.unit == unit]


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_known_amounts() -> None:
    docs = _corpus()
    study = docs["002"]
    # The 2023 trade turnover appears in the en, kk and ru abstracts of the study.
    usd = [q for q in find_quantities(study) if q.kind == "money" and q.unit == "USD"]
    at_139 = [q for q in usd if q.value == 139.8e9]
    assert len(at_139) == 3
    assert any(q.text.startswith("USD") for q in at_139)  # en
    assert any("АҚШ" in q.text for q in at_139)  # kk
    assert any("США" in q.text for q in at_139)  # ru
    assert 43.8e9 in [q.value for q in usd]
    pct = _values(study, "percent", "%")
    assert pct.count(3.2) == 3
    assert pct.count(7.5) == 3
    assert {80.0, 6.8} <= set(pct)
    companies = _values(study, "count", "company")
    assert companies.count(29000.0) == 3
    assert _values(study, "count", "joint venture").count(5000.0) == 3

    art = docs["000"]
    assert {65.0, 42.0} <= set(_values(art, "percent", "%"))
    assert 10.0 in _values(art, "count", "member state")
    assert 14.0 in _values(art, "count", "dialogue partner")
    assert 2.0 in _values(art, "count", "observer state")
    assert 3.3e9 in _values(art, "quantity", "person")
    assert 36e6 in _values(art, "quantity", "km2")


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus absent")
def test_corpus_every_percent_and_currency_is_found() -> None:
    currency = re.compile(
        r"%|\$|€|(?<!\w)(?:доллар\w*|долл\.|USD|теңге(?!р)\w*|тенге|юан\w*|(?-i:евро))(?!\w)",
        re.I,
    )
    for name, text in _corpus().items():
        found = find_quantities(text)
        spans = [(q.start, q.end) for q in found if q.kind in {"money", "percent"}]
        for m in currency.finditer(text):
            assert any(s <= m.start() < e for s, e in spans), (name, text[m.start() - 30 : m.end()])
        for q in found:
            assert text[q.start : q.end] == q.text
