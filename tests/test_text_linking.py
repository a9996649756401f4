"""Tests for igokit.text.linking: the Aho-Corasick entity linker and its ending rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from igokit.text.linking import EntityLinker, Mention
from igokit.text.names import NameEntry

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


def _country(iso3: str, canonical: str, names: dict[str, list[str]]) -> list[NameEntry]:
    return [
        NameEntry(iso3, "country", n, lang, canonical, iso3=iso3)
        for lang, forms in names.items()
        for n in forms
    ]


def _org(
    entity: str,
    canonical: str,
    names: dict[str, list[str]],
    acronyms: dict[str, list[str]],
    kind: str = "organization",
) -> list[NameEntry]:
    acronym = acronyms.get("en", [None])[0]
    out = [
        NameEntry(entity, kind, n, lang, canonical, acronym=acronym)
        for lang, forms in names.items()
        for n in forms
    ]
    out += [
        NameEntry(entity, kind, a, lang, canonical, is_acronym=True, acronym=acronym)
        for lang, forms in acronyms.items()
        for a in forms
    ]
    return out


def _simple(entity: str, kind: str, canonical: str, names: dict[str, list[str]]) -> list[NameEntry]:
    return [
        NameEntry(entity, kind, n, lang, canonical) for lang, forms in names.items() for n in forms
    ]


NAMES: list[NameEntry] = [
    *_country(
        "KAZ",
        "Kazakhstan",
        {
            "en": ["Kazakhstan", "Republic of Kazakhstan"],
            "ru": ["Казахстан", "Республика Казахстан"],
            "kk": ["Қазақстан", "Қазақстан Республикасы"],
        },
    ),
    *_country(
        "CHN",
        "China",
        {
            "en": ["China", "People's Republic of China", "PRC"],
            "ru": ["Китай", "Китайская Народная Республика", "КНР"],
            "kk": ["Қытай", "Қытай Халық Республикасы", "ҚХР"],
        },
    ),
    *_country(
        "RUS",
        "Russia",
        {
            "en": ["Russia", "Russian Federation"],
            "ru": ["Россия", "Российская Федерация"],
            "kk": ["Ресей", "Ресей Федерациясы"],
        },
    ),
    *_country("IND", "India", {"en": ["India"], "ru": ["Индия"], "kk": ["Үндістан"]}),
    *_country("IRN", "Iran", {"en": ["Iran"], "ru": ["Иран"], "kk": ["Иран"]}),
    *_country("TUR", "Türkiye", {"en": ["Türkiye", "Turkey"], "ru": ["Турция"], "kk": ["Түркия"]}),
    *_org(
        "SCO",
        "Shanghai Cooperation Organisation",
        {
            "en": ["Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"],
            "ru": ["Шанхайская организация сотрудничества"],
            "kk": ["Шанхай ынтымақтастық ұйымы"],
        },
        {"en": ["SCO"], "ru": ["ШОС"], "kk": ["ШЫҰ"]},
    ),
    *_org(
        "CSTO",
        "Collective Security Treaty Organization",
        {
            "en": ["Collective Security Treaty Organization"],
            "ru": ["Организация Договора о коллективной безопасности"],
        },
        {"en": ["CSTO"], "ru": ["ОДКБ"], "kk": ["ҰҚШҰ"]},
    ),
    *_org(
        "CIS",
        "Commonwealth of Independent States",
        {
            "en": ["Commonwealth of Independent States"],
            "ru": ["Содружество Независимых Государств"],
        },
        {"en": ["CIS"], "ru": ["СНГ"], "kk": ["ТМД"]},
    ),
    *_org(
        "UN",
        "United Nations",
        {
            "en": ["United Nations"],
            "ru": ["Организация Объединённых Наций"],
            "kk": ["Біріккен Ұлттар Ұйымы"],
        },
        {"en": ["UN"], "ru": ["ООН"], "kk": ["БҰҰ"]},
    ),
    *_org(
        "SCO-RATS",
        "SCO Regional Anti-Terrorist Structure",
        {
            "en": ["Regional Anti-Terrorist Structure"],
            "ru": ["Региональная антитеррористическая структура"],
        },
        {"en": ["RATS"], "ru": ["РАТС"]},
        kind="body",
    ),
    *_org(
        "SCO-SEC",
        "SCO Secretariat",
        {"en": ["SCO Secretariat"], "ru": ["Секретариат ШОС"]},
        {},
        kind="body",
    ),
    *_simple(
        "person:kassym-jomart-tokayev",
        "person",
        "Kassym-Jomart Tokayev",
        {
            "en": ["Kassym-Jomart Tokayev"],
            "ru": ["Касым-Жомарт Токаев"],
            "kk": ["Қасым-Жомарт Тоқаев"],
        },
    ),
    # Two persons sharing a surname: "Smith" alone must not link either of them.
    *_simple("person:john-smith", "person", "John Smith", {"en": ["John Smith"]}),
    *_simple("person:jane-smith", "person", "Jane Smith", {"en": ["Jane Smith"]}),
    *_simple(
        "place:astana", "place", "Astana", {"en": ["Astana"], "ru": ["Астана"], "kk": ["Астана"]}
    ),
    *_simple("place:shanghai", "place", "Shanghai", {"en": ["Shanghai"], "ru": ["Шанхай"]}),
    *_simple(
        "event:sco-summit-2024",
        "event",
        "2024 SCO Astana summit",
        {"en": ["Astana summit"], "ru": ["Астанинский саммит"]},
    ),
    *_simple("org:shanghai-five", "organization", "Shanghai Five", {"en": ["Shanghai Five"]}),
    *_simple(
        "org:aifc",
        "organization",
        "Astana International Financial Centre",
        {"en": ["Astana International Financial Centre", "Astana International Financial Center"]},
    ),
]


@pytest.fixture(scope="module")
def linker() -> EntityLinker:
    return EntityLinker(NAMES)


def _links(linker: EntityLinker, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entity) for m in linker.find(text)]


POSITIVE = [
    # English, possessive included in the span.
    ("Kazakhstan's chairmanship in the SCO", [("Kazakhstan's", "KAZ"), ("SCO", "SCO")]),
    ("Kazakhstan’s role", [("Kazakhstan’s", "KAZ")]),
    ("KAZAKHSTAN'S CHAIRMANSHIP", [("KAZAKHSTAN'S", "KAZ")]),
    (
        "the Shanghai Cooperation Organization (SCO)",
        [("Shanghai Cooperation Organization", "SCO"), ("SCO", "SCO")],
    ),
    (
        "China, India, Iran and Türkiye",
        [("China", "CHN"), ("India", "IND"), ("Iran", "IRN"), ("Türkiye", "TUR")],
    ),
    ("the UN and the CIS", [("UN", "UN"), ("CIS", "CIS")]),
    ("the United Nations' agencies", [("United Nations'", "UN")]),
    ("RATS experts", [("RATS", "SCO-RATS")]),
    ("SCO-related projects", [("SCO", "SCO")]),
    ("Kazakhstan-China trade", [("Kazakhstan", "KAZ"), ("China", "CHN")]),
    ("Kassym-Jomart Tokayev said", [("Kassym-Jomart Tokayev", "person:kassym-jomart-tokayev")]),
    ("‘Kazakhstan’ is", [("Kazakhstan", "KAZ")]),
    # Russian: generated case forms, acronyms with the acronym ending rule.
    ("Казахстаном и Китаем", [("Казахстаном", "KAZ"), ("Китаем", "CHN")]),
    ("в Казахстане", [("Казахстане", "KAZ")]),
    (
        "саммит Шанхайской организации сотрудничества",
        [("Шанхайской организации сотрудничества", "SCO")],
    ),
    ("в Шанхайскую организацию сотрудничества", [("Шанхайскую организацию сотрудничества", "SCO")]),
    ("Республики Казахстан", [("Республики Казахстан", "KAZ")]),
    ("председательство в ШОС", [("ШОС", "SCO")]),
    ("роль ШОСа и ШОС-а", [("ШОСа", "SCO"), ("ШОС-а", "SCO")]),
    (
        "ОДКБ, СНГ, ООН, РАТС",
        [("ОДКБ", "CSTO"), ("СНГ", "CIS"), ("ООН", "UN"), ("РАТС", "SCO-RATS")],
    ),
    ("Организации Объединенных Наций", [("Организации Объединенных Наций", "UN")]),
    ("с Индией и КНР", [("Индией", "IND"), ("КНР", "CHN")]),
    (
        "встреча с Касым-Жомартом Токаевым",
        [("Касым-Жомартом Токаевым", "person:kassym-jomart-tokayev")],
    ),
    ("в Астане", [("Астане", "place:astana")]),
    ("на Астанинском саммите", [("Астанинском саммите", "event:sco-summit-2024")]),
    (
        "Региональной антитеррористической структуры",
        [("Региональной антитеррористической структуры", "SCO-RATS")],
    ),
    # Kazakh: hand-written endings, hyphenated after acronyms.
    ("Қазақстанның төрағалығы", [("Қазақстанның", "KAZ")]),
    ("ҚАЗАҚСТАННЫҢ", [("ҚАЗАҚСТАННЫҢ", "KAZ")]),
    (
        "Қытайға, Ресейдің, Үндістанмен",
        [("Қытайға", "CHN"), ("Ресейдің", "RUS"), ("Үндістанмен", "IND")],
    ),
    ("ШЫҰ-ға, ШЫҰ-ның, ШЫҰ-дағы", [("ШЫҰ-ға", "SCO"), ("ШЫҰ-ның", "SCO"), ("ШЫҰ-дағы", "SCO")]),
    ("ҰҚШҰ-ға және ТМД-ның, БҰҰ", [("ҰҚШҰ-ға", "CSTO"), ("ТМД-ның", "CIS"), ("БҰҰ", "UN")]),
    ("Шанхай ынтымақтастық ұйымының", [("Шанхай ынтымақтастық ұйымының", "SCO")]),
    ("Қазақстан Республикасының", [("Қазақстан Республикасының", "KAZ")]),
    ("ҚХР мен Түркияға", [("ҚХР", "CHN"), ("Түркияға", "TUR")]),
    ("Астанада", [("Астанада", "place:astana")]),
    ("Қазақстанымыздың", [("Қазақстанымыздың", "KAZ")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[p[0][:30] for p in POSITIVE])
def test_positive(linker: EntityLinker, text: str, expected: list[tuple[str, str]]) -> None:
    assert _links(linker, text) == expected


NEGATIVE = [
    "индикатор",  # starts with инди-, not India
    "astanahub is a technopark",
    "an unusual fund",  # "un" inside words
    "the European Union",  # Union is not UN
    "un accord",  # lower-case un is not the acronym
    "Iranian and Indian experts",  # demonyms are not the countries
    "казахстанский и китайская",  # ru adjectives
    "қазақстандық сарапшылар",  # kk adjective (-дық is not an allowed ending)
    "Kazakhstani exports",
    "a turkey and some china",  # lower-case common words
    "disco secretariat",
    "Қазақстанқұрылыс",  # a compound word, not an ending
    "ШОСТ",  # upper-case continuation of an acronym
    "Iranxyz",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(linker: EntityLinker, text: str) -> None:
    assert _links(linker, text) == []


def test_offsets_slice_back(linker: EntityLinker) -> None:
    text = "In 2023,\nKazakhstan’s  Shanghai\n  Cooperation Organization role; ШЫҰ-ның\tҚытайға."
    mentions = linker.find(text)
    assert [m.entity for m in mentions] == ["KAZ", "SCO", "SCO", "CHN"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
    # A line break and doubled spaces inside a name still match; the span keeps them.
    assert mentions[1].text == "Shanghai\n  Cooperation Organization"


def test_mention_fields_and_to_dict(linker: EntityLinker) -> None:
    kaz, sco, tok = linker.find("Қазақстанның ШЫҰ-ға Tokayev")
    assert kaz == Mention(0, 12, "Қазақстанның", "KAZ", "country", "Kazakhstan", "KAZ", None, "kk")
    assert kaz.to_dict() == {
        "start": 0,
        "end": 12,
        "text": "Қазақстанның",
        "entity": "KAZ",
        "kind": "country",
        "name": "Kazakhstan",
        "iso3": "KAZ",
    }
    assert sco.to_dict()["acronym"] == "SCO"
    assert "iso3" not in sco.to_dict()
    assert sco.lang == "kk"
    assert set(tok.to_dict()) == {"start", "end", "text", "entity", "kind", "name"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shanghai Cooperation Organisation", [("Shanghai Cooperation Organisation", "SCO")]),
        ("the Shanghai Five", [("Shanghai Five", "org:shanghai-five")]),
        ("in Shanghai", [("Shanghai", "place:shanghai")]),
        ("the SCO Secretariat said", [("SCO Secretariat", "SCO-SEC")]),
        ("Секретариата ШОС", [("Секретариата ШОС", "SCO-SEC")]),
        ("the Republic of Kazakhstan", [("Republic of Kazakhstan", "KAZ")]),
    ],
)
def test_longest_match_wins(
    linker: EntityLinker, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _links(linker, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("held in Astana in July", [("Astana", "place:astana")]),
        ("the Astana summit adopted", [("Astana summit", "event:sco-summit-2024")]),
        # No event entry for these: the city is not emitted either.
        ("the Astana Declaration", []),
        ("the Astana process on Syria", []),
        ("Астана декларациясы", []),
        ("Астана саммитінде", []),
        ("Astana's mayor", [("Astana's", "place:astana")]),
        (
            "the Astana International Financial Center",
            [("Astana International Financial Center", "org:aifc")],
        ),
        # A concept, not the city.
        ("the “Shanghai spirit”", []),
        ("«Шанхай рухын»", []),
    ],
)
def test_astana_city_vs_summit(
    linker: EntityLinker, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _links(linker, text) == expected


@pytest.mark.parametrize(
    "text",
    ["Tokayev said", "Токаев заявил", "с Токаевым", "Тоқаев айтты", "Тоқаевтың сөзі", "Tokayev's"],
)
def test_surname_alone_links(linker: EntityLinker, text: str) -> None:
    mentions = linker.find(text)
    assert [m.entity for m in mentions] == ["person:kassym-jomart-tokayev"]
    assert mentions[0].text == text.split()[1 if text.startswith("с ") else 0]


def test_surname_guards(linker: EntityLinker) -> None:
    # Two persons called Smith: the surname alone is ambiguous, the full names still link.
    assert _links(linker, "Smith said") == []
    assert _links(linker, "John Smith and Jane Smith") == [
        ("John Smith", "person:john-smith"),
        ("Jane Smith", "person:jane-smith"),
    ]
    # A surname links only written with a capital.
    assert _links(linker, "tokayev") == []


def test_surname_colliding_with_another_entity_is_not_indexed() -> None:
    names = [
        NameEntry("person:x", "person", "Ivan Astana", "en", "Ivan Astana"),
        NameEntry("place:astana", "place", "Astana", "en", "Astana"),
    ]
    assert [m.entity for m in EntityLinker(names).find("Astana")] == ["place:astana"]
    # And with surname linking off, only full names link.
    only_full = EntityLinker(NAMES, link_surnames=False)
    assert only_full.find("Tokayev said") == []


def test_language_neutral_entry() -> None:
    names = [
        NameEntry("SCO", "organization", "SCO", "", "SCO", is_acronym=True, acronym="SCO"),
        NameEntry("KAZ", "country", "Қазақстан", "", "Kazakhstan", iso3="KAZ"),
    ]
    linker = EntityLinker(names)
    assert _links(linker, "SCO's Қазақстанда") == [("SCO's", "SCO"), ("Қазақстанда", "KAZ")]


def test_lang_of_a_form_shared_by_ru_and_kk(linker: EntityLinker) -> None:
    (ru,) = linker.find("Саммит прошёл в городе Астана.")
    (kk,) = linker.find("Саммит Астана қаласында өтті.")
    assert (ru.entity, ru.lang) == ("place:astana", "ru")
    assert (kk.entity, kk.lang) == ("place:astana", "kk")


def test_empty_inputs() -> None:
    assert EntityLinker([]).find("Kazakhstan") == []
    assert EntityLinker(NAMES).find("") == []


def test_build_is_fast_enough() -> None:
    """10k synthetic name forms build well under a second (Russian forms are cached per word)."""
    import time

    names = [
        NameEntry(f"E{i}", "organization", f"Organization number {i} of tests", "en", f"E{i}")
        for i in range(5000)
    ] + [NameEntry(f"K{i}", "country", f"Елкөрсеткіш{i}", "kk", f"K{i}") for i in range(5000)]
    t0 = time.perf_counter()
    linker = EntityLinker(names)
    elapsed = time.perf_counter() - t0
    assert len(linker) == 10000
    assert elapsed < 2.0  # generous for slow CI; ~0.1 s measured


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus")
def test_corpus_finds_sco_and_kazakhstan_in_all_languages(linker: EntityLinker) -> None:
    found: dict[str, set[str]] = {"SCO": set(), "KAZ": set()}
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in linker.find(text):
            assert text[m.start : m.end] == m.text
            if m.entity in found:
                found[m.entity].add(m.lang)
    assert found["SCO"] == {"en", "ru", "kk"}
    assert found["KAZ"] == {"en", "ru", "kk"}
