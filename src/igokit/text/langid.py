"""Language of a sentence or a short text: ``"en"``, ``"ru"``, ``"kk"`` or ``"other"``.

A deterministic pre-step decides most strings from their letters alone (fast, no model):
Latin-script text is English, Cyrillic text with the Kazakh letters ``әғқңөұүһі`` is Kazakh,
text without letters is ``"other"``. Only Cyrillic text that the letters cannot decide goes to
lingua (restricted to English, Russian and Kazakh, which the shared measurements found accurate
on 2-word pieces): short Kazakh sentences may lack the special letters ("Ол келе жатыр"). A long
Cyrillic sentence (8+ words) without a single Kazakh letter is Russian without asking lingua: a
third of Kazakh words lack those letters, so 8 in a row happen about once in 7,000 sentences,
and lingua (limited to en/ru/kk) said "ru" for every such sentence of the shared corpus. This
rule saves most of the lingua calls, which were the largest single cost of the extraction
pipeline (see bench/README.md).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["LANGUAGES", "detect_language", "detect_many"]

Lang = Literal["en", "ru", "kk", "other"]
LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "other")

_KK_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
# One match per word with a Kazakh letter (from its first Kazakh letter to the word's end).
# Not r"\w*[...]\w*", which backtracks over every word without one (quadratic per word).
_KK_WORD = re.compile(rf"[{_KK_LETTERS}]\w*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# Letters of other scripts (superscript digits are \w but not \d: left out too).
_OTHER_LETTERS = re.compile(
    r"[^\W\d_A-Za-z\u00c0-\u024f\u0400-\u04ff\u00b2\u00b3\u00b9\u2070-\u209f]+"
)
# Above this many characters lingua's low-accuracy mode (trigrams only) is about 2x faster and,
# for ru versus kk on the corpus sentences, exactly as accurate as the default mode.
_LONG_TEXT = 60
# In a long text, Kazakh letters in under this share of the Cyrillic words are names in Russian
# text ("Университет Тұран"): lingua decides.
_KK_WORD_SHARE = 0.1
_MIN_WORDS_FOR_SHARE = 8
# A Cyrillic text of at least this many words and no Kazakh letter at all is Russian.
_MIN_WORDS_FOR_RU = 8

_lock = threading.Lock()
_detectors: dict[bool, LanguageDetector] = {}


def _detector(low_accuracy: bool) -> LanguageDetector:
    """The lingua detector for {en, ru, kk}, built once per mode (thread-safe)."""
    det = _detectors.get(low_accuracy)
    if det is None:
        with _lock:
            det = _detectors.get(low_accuracy)
            if det is None:
                from lingua import Language, LanguageDetectorBuilder

                builder = LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH
                )
                if low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                det = _detectors[low_accuracy] = builder.build()
    return det


def _prestep(text: str) -> Lang | None:
    """Decide from the letters alone, or return None when lingua must decide."""
    if text.isascii():
        return "en" if _LATIN.search(text) else "other"
    cyr_runs = _CYRILLIC.findall(text)
    cyr = sum(map(len, cyr_runs))
    latin = sum(map(len, _LATIN.findall(text)))
    other = sum(map(len, _OTHER_LETTERS.findall(text))) if _OTHER_LETTERS.search(text) else 0
    if max(cyr, latin) < other:
        return "other"  # Chinese, Arabic ... (perhaps with a few Latin or Cyrillic words)
    if latin > cyr:
        return "en"
    if not cyr:
        return "other"
    cyr_words = len(cyr_runs)
    kk_words = _KK_WORD.findall(text)
    if not kk_words:
        return "ru" if cyr_words >= _MIN_WORDS_FOR_RU else None
    if cyr_words >= _MIN_WORDS_FOR_SHARE and len(kk_words) < _KK_WORD_SHARE * cyr_words:
        return None
    return "kk"


_LINGUA_CODES = {"ENGLISH": "en", "RUSSIAN": "ru", "KAZAKH": "kk"}


def detect_language(text: str) -> str:
    """Return the language of ``text``: ``"en"``, ``"ru"``, ``"kk"`` or ``"other"``.

    Mixed-script text goes by the majority of its letters; Latin-script text is always ``"en"``
    (the other Latin-script languages are out of scope); no letters at all gives ``"other"``.
    """
    decided = _prestep(text)
    if decided is not None:
        return decided
    lang = _detector(len(text) > _LONG_TEXT).detect_language_of(text)
    return "other" if lang is None else _LINGUA_CODES[lang.name]


def detect_many(texts: Sequence[str]) -> list[str]:
    """:func:`detect_language` for each of ``texts``, in order.

    Strings the pre-step cannot decide go to lingua in two batches (short and long) that lingua
    runs in parallel.
    """
    out: list[str | None] = [_prestep(t) for t in texts]
    for low_accuracy in (False, True):
        todo = [
            i
            for i, lang in enumerate(out)
            if lang is None and (len(texts[i]) > _LONG_TEXT) == low_accuracy
        ]
        if not todo:
            continue
        found = _detector(low_accuracy).detect_languages_in_parallel_of([texts[i] for i in todo])
        for i, lang in zip(todo, found, strict=True):
            out[i] = "other" if lang is None else _LINGUA_CODES[lang.name]
    return [lang or "other" for lang in out]
