"""Tests for igokit.text.morphology: Russian forms (pymorphy3), Kazakh and English endings."""

from __future__ import annotations

import pytest

from igokit.text.morphology import (
    RU_ACRONYM_ENDINGS,
    RU_FALLBACK_ENDINGS,
    english_endings,
    is_acronym_like,
    kazakh_endings,
    russian_forms,
    russian_person_forms,
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Шанхайская организация сотрудничества",
            {
                "Шанхайской организации сотрудничества",
                "Шанхайскую организацию сотрудничества",
                "Шанхайской организацией сотрудничества",
            },
        ),
        ("Казахстан", {"Казахстана", "Казахстану", "Казахстаном", "Казахстане"}),
        (
            "Республика Казахстан",
            {"Республики Казахстан", "Республике Казахстан", "Республикой Казахстан"},
        ),
        ("Астана", {"Астаны", "Астане", "Астану", "Астаной"}),
        ("Индия", {"Индии", "Индию", "Индией"}),
        ("Астанинский саммит", {"Астанинского саммита", "Астанинском саммите"}),
        (
            "Китайская Народная Республика",
            {"Китайской Народной Республики", "Китайскую Народную Республику"},
        ),
        ("Организация Объединённых Наций", {"Организации Объединённых Наций"}),
        ("Объединённые Арабские Эмираты", {"Объединённых Арабских Эмиратов"}),
        ("Секретариат ШОС", {"Секретариата ШОС", "Секретариатом ШОС"}),
    ],
)
def test_russian_forms(name: str, expected: set[str]) -> None:
    forms = russian_forms(name)
    assert forms[0] == name
    assert expected <= set(forms)
    assert len(forms) == len(set(forms))


def test_russian_forms_agree_and_keep_complements() -> None:
    forms = set(russian_forms("Шанхайская организация сотрудничества"))
    # The genitive complement never changes, the adjective always agrees with the head.
    assert all(f.endswith(" сотрудничества") for f in forms)
    assert "Шанхайская организации сотрудничества" not in forms
    # Participles keep their own lexeme (not another participle of the same verb).
    assert not any(
        f.startswith("Объединивш") for f in russian_forms("Объединённые Арабские Эмираты")
    )


@pytest.mark.parametrize("name", ["ШОС", "ОДКБ", "КНР", "Ресей", ""])
def test_russian_forms_not_generated(name: str) -> None:
    """Acronyms and words pymorphy3 does not know get no forms (the linker uses ending lists)."""
    assert russian_forms(name) == ()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Токаев", {"Токаева", "Токаеву", "Токаевым", "Токаеве"}),
        ("Касым-Жомарт Токаев", {"Касым-Жомарта Токаева", "Касым-Жомартом Токаевым"}),
        ("Айгерим Токаева", {"Айгерим Токаевой", "Айгерим Токаеву"}),
        ("Владимир Путин", {"Владимира Путина", "Владимиром Путиным"}),
        ("Си Цзиньпин", {"Си Цзиньпина", "Си Цзиньпином"}),
        ("Андрей Иванович Петров", {"Андрея Ивановича Петрова", "Андреем Ивановичем Петровым"}),
    ],
)
def test_russian_person_forms(name: str, expected: set[str]) -> None:
    forms = russian_person_forms(name)
    assert forms[0] == name
    assert expected <= set(forms)
    assert russian_forms(name, "person") == forms


def test_russian_person_forms_do_not_use_pymorphy_guesses() -> None:
    # pymorphy3 reads Токаев as the plural genitive of "токай"; the hand rule must not.
    assert "Токай" not in russian_person_forms("Токаев")


def test_russian_ending_lists() -> None:
    assert {"", "а", "-а", "ом"} <= RU_ACRONYM_ENDINGS
    assert "ский" not in RU_FALLBACK_ENDINGS
    assert "" in RU_FALLBACK_ENDINGS


@pytest.mark.parametrize(
    ("form", "ending"),
    [
        ("Қазақстан", "ның"),
        ("Қазақстан", "да"),
        ("Қазақстан", "нан"),
        ("Қазақстан", "мен"),
        ("Қазақстан", "ға"),
        ("Қазақстан", "дағы"),
        ("Қазақстан", "дай"),
        ("Қазақстан", "ымыз"),
        ("Қазақстан", "ымыздың"),
        ("Қытай", "ға"),
        ("Қытай", "лар"),
        ("Қытай", "ларымен"),
        ("Ресей", "дің"),
        ("Ресей", "ге"),
        ("Үндістан", "мен"),
        ("Түркия", "ға"),
        ("Тоқаев", "тың"),  # -ев surnames take back endings in practice
        ("Тоқаев", "қа"),
        ("Бішкек", "те"),
        ("Ташкент", "те"),
        ("Берлин", "де"),
        ("Берлин", "да"),  # и: either series
        ("Шанхай ынтымақтастық ұйымы", "ның"),
        ("Шанхай ынтымақтастық ұйымы", "на"),
        ("Шанхай ынтымақтастық ұйымы", "ндағы"),
        ("Қазақстан Республикасы", "ның"),
    ],
)
def test_kazakh_endings_accept(form: str, ending: str) -> None:
    assert ending in kazakh_endings(form)


@pytest.mark.parametrize(
    ("form", "ending"),
    [
        ("Қазақстан", "дық"),  # қазақстандық: an adjective, not the country
        ("Қазақстан", "ге"),  # wrong vowel harmony
        ("Қытай", "ге"),
        ("Бішкек", "та"),
        ("Ресей", "дың"),
        ("Тоқаев", "тің"),
        ("Қазақстан", "құрылыс"),  # a compound, not an ending
        ("Қазақстан", "на"),  # pronominal n only after a possessive
        ("Қытай", "ша"),  # "in Chinese (language)", not the country
        ("Қытай", "ларм"),  # *-ларм: 1st-person possessive needs its vowel after the plural
    ],
)
def test_kazakh_endings_reject(form: str, ending: str) -> None:
    assert ending not in kazakh_endings(form)


def test_kazakh_acronym_endings_are_hyphenated() -> None:
    endings = kazakh_endings("ШЫҰ", acronym=True)
    assert {"", "-ның", "-ға", "-да", "-ны", "-дағы", "-мен"} <= endings
    assert {"-ге", "-нің"} <= endings  # acronym pronunciation varies: both vowel series
    assert "ның" not in endings
    assert all(e == "" or e.startswith("-") for e in endings)


def test_kazakh_endings_size_is_bounded() -> None:
    # A closed list, not "any suffix": a few hundred strings per harmony series.
    assert 100 < len(kazakh_endings("Қазақстан")) < 1000


def test_english_endings() -> None:
    assert english_endings("Kazakhstan") == frozenset({"", "'s"})
    assert "'" in english_endings("United Nations")
    assert "s" in english_endings("Astana summit", kind="event")
    assert "s" not in english_endings("SCO", kind="organization", acronym=True)
    assert "n" not in english_endings("India")  # Indian is a demonym


@pytest.mark.parametrize(
    ("word", "expected"),
    [("SCO", True), ("ШОС", True), ("ШЫҰ", True), ("U.N.", True), ("Sco", False), ("A", False)],
)
def test_is_acronym_like(word: str, expected: bool) -> None:
    assert is_acronym_like(word) is expected
