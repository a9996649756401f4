"""Shared helpers for numerals in English, Russian and Kazakh text.

Used by :mod:`igokit.text.dates` and :mod:`igokit.text.quantities`:

* :func:`trie_regex` turns a word list into a prefix-factored regex (fast alternation in ``re``);
* :data:`NUM_PATTERN` / :func:`parse_number` read digit numerals with decimal commas or points and
  thousands separators (comma, space, NBSP U+00A0, thin space U+2009, narrow NBSP U+202F);
* :data:`NUMWORD_SEQ_PATTERN` / :func:`parse_number_words` read cardinal number words
  (``eight``, ``twenty-five``, ``восьми``, ``двадцать пять``, ``онға``, ``жиырма бес``);
* :data:`SCALE_PATTERN` / :func:`scale_value` read scale words (thousand, млн, миллиардов, мың...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "KK_LETTER",
    "NUMWORD_FORMS",
    "NUMWORD_PATTERN",
    "NUMWORD_SEQ_PATTERN",
    "NUM_PATTERN",
    "SCALE_PATTERN",
    "SPACES",
    "digit_runs",
    "is_inflected_kk_numeral",
    "number_word_value",
    "parse_number",
    "parse_number_words",
    "scale_value",
    "trie_regex",
]

#: Letters of the Russian and Kazakh Cyrillic alphabets (lower case; use with ``re.I``).
KK_LETTER = "а-яёәғқңөұүһі"
#: Characters accepted as thousands separators / spaces inside a numeral.
SPACES = " \u00a0\u2009\u202f"


def trie_regex(words: Iterable[str], *, after_first: str = "") -> str:
    """Return a non-capturing regex matching exactly ``words``, factored by common prefixes.

    ``re`` tries alternatives one by one; a trie-shaped pattern makes each position cost one branch
    per character instead of one attempt per word. Longer words win over their prefixes.

    ``after_first`` is inserted after the first character of every word: a look-behind placed there
    (``(?<!\\w.)``) acts as a word-start check while the pattern still begins with plain literals,
    which lets ``re`` skip quickly to the positions holding one of the first letters.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict], guard: str = "") -> str:
        ends = "" in node
        branches = [
            re.escape(ch) + guard + build(child) for ch, child in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie, after_first) + ")"


# --------------------------------------------------------------------------------------- numerals

_DIGIT_RUN = re.compile(r"\d+")


def digit_runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every run of digits (``\\d+``) in ``text``, in order.

    Dates and quantities both start from these runs; the extraction pipeline finds them once
    and gives them to both (``digit_runs=`` of :func:`~igokit.text.dates.find_dates` and
    :func:`~igokit.text.quantities.find_quantities`).
    """
    return [m.span() for m in _DIGIT_RUN.finditer(text)]


_SP = f"[{SPACES}]"
#: A digit numeral: ``1 234 567,5``, ``1,234,567.5``, ``139.8``, ``3,2``, ``29,000``, ``10000``.
NUM_PATTERN = (
    r"(?<![\d.,])"
    r"(?:\d{1,3}(?:" + _SP + r"\d{3})+(?:[.,]\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])"
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\d]|[.,]\d)"
)


def parse_number(text: str, *, decimal_comma: bool | None = None) -> float:
    """Parse a digit numeral as matched by :data:`NUM_PATTERN`.

    A single comma is a decimal comma (``3,2`` → 3.2) unless it is followed by exactly three digits
    and ``decimal_comma`` is not true (``29,000`` → 29000 in English text; pass
    ``decimal_comma=True`` for Cyrillic context where ``1,500`` means 1.5). Spaces of any kind and
    repeated commas/points are thousands separators.
    """
    s = re.sub(f"[{SPACES}]", "", text)
    commas, points = s.count(","), s.count(".")
    if commas and points:
        # The later one is the decimal separator.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif commas > 1:
        s = s.replace(",", "")
    elif commas == 1:
        head, tail = s.split(",")
        if len(tail) == 3 and decimal_comma is not True and head != "0":
            s = head + tail
        else:
            s = head + "." + tail
    elif points > 1:
        s = s.replace(".", "")
    return float(s)


# ---------------------------------------------------------------------------------- scale words

_SCALE_FORMS: dict[float, list[str]] = {
    1e3: ["thousand", "thousands", "тыс.", "тыс", "тысяча", "тысячи", "тысяч", "тысячу",
          "тысячами", "тысячам", "мың", "мыңнан", "мыңға", "мыңның", "мыңы", "мыңдай", "мыңды",
          "мыңнан", "мыңға"],
    1e6: ["million", "millions", "mln", "mln.", "mn", "m", "млн.", "млн", "миллион", "миллиона",
          "миллионов", "миллионам", "миллионами", "миллионнан", "миллионға", "миллионның",
          "миллионы", "миллионды"],
    1e9: ["billion", "billions", "bn", "bln", "bln.", "млрд.", "млрд", "миллиард", "миллиарда",
          "миллиардов", "миллиардам", "миллиардами", "миллиардтан", "миллиардқа", "миллиардтың",
          "миллиарды", "миллиардты"],
    1e12: ["trillion", "trillions", "tn", "trn", "трлн.", "трлн", "триллион", "триллиона",
           "триллионов", "триллионнан", "триллионға", "триллионның", "триллионы"],
}
_SCALE_LOOKUP = {form: value for value, forms in _SCALE_FORMS.items() for form in forms}

#: A scale word with its boundary (``млрд.``, ``миллиардов``, ``bn``); not the bare ``m``.
SCALE_PATTERN = (
    "(?:" + trie_regex(f for f in _SCALE_LOOKUP if f != "m") + r"(?<=\.)|"
    + trie_regex(f for f in _SCALE_LOOKUP if f != "m" and not f.endswith("."))
    + f"(?![\\w{KK_LETTER}]))"
)


def scale_value(word: str) -> float:
    """Multiplier of a scale word (``млрд.`` → 1e9); 1.0 for an unknown word."""
    return _SCALE_LOOKUP.get(word.lower(), 1.0)


# --------------------------------------------------------------------------------- number words

def _load_number_words() -> tuple[dict[str, int], dict[str, int], dict[str, int],
                                  dict[str, int], set[str]]:
    """The cardinal number words of ``data/vocabulary/numbers.yaml`` (one source: the claim
    checker reads the same list through :data:`NUMBER_WORDS`)."""
    from importlib import resources
    from pathlib import Path

    import yaml

    path = Path(str(resources.files("igokit") / "data")) / "vocabulary" / "numbers.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    en = {str(k): int(v) for k, v in data["en"].items()}
    ru = {str(k): int(v) for k, v in data["ru"].items()}
    kk = data["kk"]
    stems = {str(k): int(v) for k, v in kk["stems"].items()}
    excluded = {str(x) for x in kk["excluded"]}
    words: dict[str, int] = {}
    for stem, value in stems.items():
        for end in kk["endings"]:
            form = stem + str(end)
            if form not in excluded:
                words.setdefault(form, value)
    return en, ru, stems, words, excluded


_EN_WORDS, _RU_WORDS, _KK_STEMS, _KK_WORDS, _KK_EXCLUDED = _load_number_words()

_NUMBER_WORDS: dict[str, int] = {**_KK_WORDS, **_RU_WORDS, **_EN_WORDS}
#: every cardinal number word form (en, ru, kk) → its value
NUMBER_WORDS = _NUMBER_WORDS

_NUMWORD_FORMS = [f for w in _NUMBER_WORDS for f in (w, w.capitalize(), w.upper())]
#: every written form :data:`NUMWORD_PATTERN` accepts (each word lower, Capitalised and UPPER)
NUMWORD_FORMS: tuple[str, ...] = tuple(dict.fromkeys(_NUMWORD_FORMS))
_WE = r"(?!\w)"
#: One number word at a word start. Case: lower, Capitalised or UPPER (no ``re.I``, for speed).
NUMWORD_PATTERN = trie_regex(_NUMWORD_FORMS, after_first=r"(?<![\w‑-].)") + _WE
#: A sequence of number words (``twenty-five``, ``две тысячи``, ``жиырма бес``, ``Eight``),
#: starting at a word start.
NUMWORD_SEQ_PATTERN = (
    NUMWORD_PATTERN
    + f"(?:(?:[{SPACES}]+|-|[{SPACES}]+and[{SPACES}]+)" + trie_regex(_NUMWORD_FORMS) + _WE + ")*"
)
_NUMWORD_SPLIT = re.compile(f"[{SPACES}-]+(?:and[{SPACES}]+)?", re.I)


_KK_INFLECTED = {f for f in _KK_WORDS if f not in _KK_STEMS and f not in _RU_WORDS}


def is_inflected_kk_numeral(word: str) -> bool:
    """True for a Kazakh numeral with a case/possessive ending (``онның``): it ends a sequence."""
    return word.lower() in _KK_INFLECTED


def number_word_value(word: str) -> int | None:
    """Value of one number word in any of the three languages (``восьми`` → 8), else None."""
    return _NUMBER_WORDS.get(word.lower())


def parse_number_words(text: str) -> int | None:
    """Value of a sequence of number words (``two hundred and five`` → 205), else None."""
    total = 0
    current = 0
    seen = False
    for word in _NUMWORD_SPLIT.split(text.strip()):
        if not word:
            continue
        value = number_word_value(word)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current if seen else None
