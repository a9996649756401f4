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

__all__ = ["LANGUAGES", "detect_language", "detect_many", "sentence_languages"]

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


def _decide(cyr: int, latin: int, other: int, cyr_words: int, kk_words: int) -> Lang | None:
    """The pre-step's rule on the letter counts of a text with some non-ASCII character."""
    if max(cyr, latin) < other:
        return "other"  # Chinese, Arabic ... (perhaps with a few Latin or Cyrillic words)
    if latin > cyr:
        return "en"
    if not cyr:
        return "other"
    if not kk_words:
        return "ru" if cyr_words >= _MIN_WORDS_FOR_RU else None
    if cyr_words >= _MIN_WORDS_FOR_SHARE and kk_words < _KK_WORD_SHARE * cyr_words:
        return None
    return "kk"


def _prestep_regex(text: str) -> Lang | None:
    """The pre-step on any text, with the regular expressions (the reference form)."""
    if text.isascii():
        return "en" if _LATIN.search(text) else "other"
    cyr_runs = _CYRILLIC.findall(text)
    cyr = sum(map(len, cyr_runs))
    latin = sum(map(len, _LATIN.findall(text)))
    other = sum(map(len, _OTHER_LETTERS.findall(text))) if _OTHER_LETTERS.search(text) else 0
    return _decide(cyr, latin, other, len(cyr_runs), len(_KK_WORD.findall(text)))


# ---------------------------------------------------------------------------------------------
# The same counts on bytes. Nearly every Russian and Kazakh sentence fits in one 8-bit code page
# (Windows Kazakh: ASCII, the Russian and Kazakh alphabets, quotes, dashes, №). Encoded, each
# count is one bytes.translate in C: 2-3x faster than the four Unicode regex scans above, which
# cost 10-30 ns a character on Cyrillic text. The byte classes are derived from those regexes,
# so both forms give the same counts (tests/test_text_fast_paths.py checks it on random text).
_CODEC = "kz1048"


def _byte_tables() -> tuple[bytes, bytes, bytes, bytes, re.Pattern[bytes]]:
    chars = bytes(range(256)).decode(_CODEC, errors="replace")
    if any(chars[i] != chr(i) for i in range(128)) or any(c.isascii() for c in chars[128:]):
        raise RuntimeError(f"{_CODEC} is not an ASCII superset")  # pragma: no cover

    def not_in(rx: re.Pattern[str]) -> bytes:  # the bytes whose character rx does not match
        return bytes(i for i, c in enumerate(chars) if not rx.fullmatch(c))

    cyr_mask = bytes(67 if _CYRILLIC.fullmatch(c) else 32 for c in chars)  # "C" or " "
    kk = re.escape(bytes(i for i, c in enumerate(chars) if _KK_WORD.fullmatch(c)))
    word = re.escape(bytes(i for i, c in enumerate(chars) if re.fullmatch(r"\w", c)))
    kk_word = re.compile(b"[" + kk + b"][" + word + b"]*")  # _KK_WORD: [kk letters]\w*
    return not_in(_CYRILLIC), not_in(_LATIN), not_in(_OTHER_LETTERS), cyr_mask, kk_word


_NOT_CYR, _NOT_LATIN, _NOT_OTHER, _CYR_MASK, _KK_WORD_BYTES = _byte_tables()


def _prestep_bytes(b: bytes) -> Lang | None:
    """The pre-step on ``text.encode(_CODEC)``: the same answer as :func:`_prestep_regex`."""
    if b.isascii():
        return "en" if len(b.translate(None, _NOT_LATIN)) else "other"
    cyr = len(b.translate(None, _NOT_CYR))
    latin = len(b.translate(None, _NOT_LATIN))
    other = len(b.translate(None, _NOT_OTHER))
    mask = b.translate(_CYR_MASK)
    cyr_words = mask.count(b" C") + mask.startswith(b"C")  # runs of Cyrillic letters
    return _decide(cyr, latin, other, cyr_words, len(_KK_WORD_BYTES.findall(b)))


def _prestep(text: str) -> Lang | None:
    """Decide from the letters alone, or return None when lingua must decide."""
    if text.isascii():
        return "en" if _LATIN.search(text) else "other"
    try:
        return _prestep_bytes(text.encode(_CODEC))
    except UnicodeEncodeError:
        return _prestep_regex(text)


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


def sentence_languages(paragraph: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """:func:`detect_language` of each sentence ``paragraph[start:end]`` of ``spans``.

    The same answers, found faster: the paragraph is encoded once for the pre-step's letter
    counts, and a sentence is cut out as a string only when lingua has to decide it.
    """
    try:
        encoded: bytes | None = paragraph.encode(_CODEC)
    except UnicodeEncodeError:
        encoded = None
    out: list[str] = []
    for start, end in spans:
        lang: str | None
        if encoded is not None:
            lang = _prestep_bytes(encoded[start:end])
        else:
            lang = _prestep(paragraph[start:end])
        if lang is None:
            text = paragraph[start:end]
            found = _detector(len(text) > _LONG_TEXT).detect_language_of(text)
            lang = "other" if found is None else _LINGUA_CODES[found.name]
        out.append(lang)
    return out


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
