"""igokit.text.langid: en / ru / kk / other, on short sentences and on the real corpus."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from igokit.text import langid
from igokit.text.langid import detect_language, detect_many
from igokit.text.segment import split_paragraphs, split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"

KAZAKH = [
    "Ол келе жатыр.",  # no Kazakh-only letter: lingua decides
    "Ол кеше Астанаға келді.",
    "Бұл маңызды.",
    "Саммит Астанада өтті.",
    "Біз ШЫҰ туралы жаздық.",
    "Сауда артты.",
    "Ынтымақтастық нығайды.",
    "Қазақстан ұйымға төрағалық етті.",
]
RUSSIAN = [
    "Это важно.",
    "Саммит прошёл в Астане.",
    "Мы писали о ШОС.",
    "Казахстан вступил в ШОС.",
    "Торговля выросла.",
    "Встреча состоится завтра.",
    "Организация была создана в 2001 году.",
]
ENGLISH = [
    "The summit took place in Astana.",
    "Trade grew.",
    "SCO",
    "Kazakhstan (Қазақстан) chairs the SCO this year.",  # mixed: Latin letters win
]
OTHER = ["2021.", "12:30 — 3,2%", "", "   ", "上海合作组织", "上海合作组织 (ШОС)"]


@pytest.mark.parametrize("text", KAZAKH)
def test_short_kazakh(text: str) -> None:
    assert detect_language(text) == "kk"


@pytest.mark.parametrize("text", RUSSIAN)
def test_short_russian(text: str) -> None:
    assert detect_language(text) == "ru"


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", OTHER)
def test_other(text: str) -> None:
    assert detect_language(text) == "other"


def test_kazakh_name_in_a_long_russian_sentence_is_still_russian() -> None:
    text = (
        "Доклад представил профессор университета Тұран из Алматы, который рассказал о "
        "торговле и инвестициях стран организации за последние десять лет."
    )
    assert detect_language(text) == "ru"


def test_mixed_script_goes_by_the_majority_of_letters() -> None:
    assert detect_language("Ключевые слова: Шанхайская организация сотрудничества, SCO") == "ru"
    assert detect_language("Key words: Shanghai Cooperation Organisation, ШОС") == "en"


def test_letters_alone_decide_without_lingua(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lingua(low_accuracy: bool) -> None:
        raise AssertionError("lingua was called")

    monkeypatch.setattr(langid, "_detector", no_lingua)
    assert detect_language("Қазақстан төрағалық етті.") == "kk"
    assert detect_language("The SCO summit.") == "en"
    assert detect_language("2024") == "other"


def test_long_cyrillic_text_without_kazakh_letters_is_russian_without_lingua(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_lingua(low_accuracy: bool) -> None:
        raise AssertionError("lingua was called")

    monkeypatch.setattr(langid, "_detector", no_lingua)
    text = "Организация была создана в 2001 году шестью государствами региона."  # 8 Cyrillic words
    assert detect_language(text) == "ru"
    assert detect_many([text]) == ["ru"]


def test_detect_many_matches_detect_language() -> None:
    long_ru = " ".join(RUSSIAN) * 3  # long: low-accuracy mode
    texts = [*KAZAKH, *RUSSIAN, *ENGLISH, *OTHER, long_ru]
    assert detect_many(texts) == [detect_language(t) for t in texts]
    assert detect_many([]) == []


def test_thread_safe_lazy_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(langid, "_detectors", {})
    texts = (KAZAKH + RUSSIAN) * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(detect_language, texts))
    assert found == ["kk"] * len(KAZAKH) + ["ru"] * len(RUSSIAN) + found[len(KAZAKH + RUSSIAN) :]
    assert set(found) == {"kk", "ru"}
    assert set(langid._detectors) == {False}


# ---------------------------------------------------------------------------- real corpus


def _corpus(name_prefix: str) -> str:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared is absent")
    (path,) = corpus.glob(f"{name_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _section(text: str, start: str, end: str) -> list[str]:
    """Sentences of the paragraphs from the one starting with ``start`` up to ``end``."""
    i, j = text.index(start), text.index(end)
    return [
        s.text
        for p in split_paragraphs(text[i:j])
        for s in split_sentences(p.text)
        if not s.text.startswith("**")  # the bold "Аңдатпа." label
    ]


def test_corpus_abstracts_of_000() -> None:
    text = _corpus("000")
    kk = _section(text, "**Аңдатпа.**", "**Тірек сөздер:**")
    ru = _section(text, "**Аннотация.**", "**Ключевые слова:**")
    en = _section(text, "**Abstract.**", "**Key words:**")
    assert len(kk) >= 10 and len(ru) >= 10 and len(en) >= 8
    assert detect_many(kk) == ["kk"] * len(kk)
    assert detect_many(ru) == ["ru"] * len(ru)
    assert detect_many(en) == ["en"] * len(en)


def test_corpus_kazakh_abstract_of_002() -> None:
    text = _corpus("002")
    kk = _section(text, "Түйін", "Кілттік сөздері:")
    assert len(kk) >= 5
    assert all(detect_language(s) == "kk" for s in kk), kk


def test_corpus_sentences_by_script() -> None:
    """Sentences of 5+ words: with Kazakh letters kk, Latin only en, other Cyrillic ru."""
    for prefix in ("000", "002", "003"):
        sentences = [s.text for s in split_sentences(_corpus(prefix)) if len(s.text.split()) >= 5]
        for s, lang in zip(sentences, detect_many(sentences), strict=True):
            if re.search("[a-z]", s, re.I):
                if not re.search("[а-яё]", s, re.I):
                    assert lang == "en", s
            elif re.search("[әғқңөұүһі]", s, re.I):
                assert lang == "kk", s
            elif re.search("[а-яё]{4}", s, re.I):
                assert lang == "ru", s
