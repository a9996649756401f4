"""Find money amounts, percentages, counts and simple quantities in en/ru/kk text.

Regex only (see ``shared/notes/nlp-libraries.md``): digit runs and number words are located with two
fast scans, then one compiled pattern is matched at each of them to read the numeral, an optional
scale word and what follows (currency, ``%``, percentage points, a unit or a counted noun).

Kinds and units:

* ``money``: ISO 4217 code (``USD 139.8 billion`` → 139.8e9 USD; ``139,8 млрд. АҚШ долларын``;
  ``43,8 миллиардов долларов США``; ``1,5 трлн теңге``; ``€5 million``; ``12.5 млрд юаней``);
* ``percent``: ``%`` (``7,5%`` → 7.5, ``+3.2%`` → 3.2, ``-1,2%`` → -1.2) or ``pp`` for percentage
  points (``0,5 п.п.``);
* ``count``: the counted noun's English lemma (``eight member states`` → 8 ``member state``,
  ``восемь государств-членов``, ``14 Dialogue Partners``, ``29 мыңнан астам компания`` → 29000
  ``company``); a number word with no recognised noun (``онға`` → 10) has unit ``""``;
* ``quantity``: ``tonne``, ``km``, ``km2``, ``m3``, ``kg``, ``ha``, ``barrel``, ``MW``, ``person``
  (``3.3 billion people``), or ``""`` for a bare scaled number (``36 million``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import ahocorasick

from igokit.text.numbers import (
    NUM_PATTERN,
    NUMWORD_FORMS,
    NUMWORD_PATTERN,
    NUMWORD_SEQ_PATTERN,
    SCALE_PATTERN,
    is_inflected_kk_numeral,
    number_word_value,
    parse_number,
    parse_number_words,
    scale_value,
)
from igokit.text.numbers import digit_runs as _digit_runs  # the argument has the plain name

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it measures.

    ``start``/``end``: code-point offsets of ``text``. ``value``: in units (scale applied, sign
    kept). ``unit``: ISO currency code, ``%``, ``pp``, a unit or a counted noun's English lemma
    (``""`` when unknown). ``kind``: ``money``, ``percent``, ``count`` or ``quantity``.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
        }


# ------------------------------------------------------------------------------------- currencies

# Suffix forms (after the number), in the order they are tried.
_CURRENCY_SUFFIXES: list[tuple[str, str]] = [
    ("USD", r"АҚШ\s{1,2}доллар\w*|доллар\w*(?:\s{1,2}США)?|долл\.?(?:\s{1,2}США)?"),
    ("USD", r"(?i:U\.?S\.?\s?dollars?|dollars?)|USD|US\$|\$"),
    ("KZT", r"(?i:теңге\w*|тенге|tenge)|KZT|₸|тг\.?(?!\w)"),
    ("RUB", r"(?i:рубл\w*|руб\.?(?!\w)|roubles?|rubles?)|RUB|₽"),
    ("CNY", r"(?i:юан\w*|yuan|renminbi)|CNY|RMB"),
    ("EUR", r"(?i:евро|euros?)|EUR|€"),
    ("INR", r"(?i:рупи\w*|rupees?)|INR|₹"),
    ("GBP", r"(?i:фунт\w*\s{1,2}стерлинг\w*|pounds?\s{1,2}sterling)|GBP|£"),
    ("TJS", r"(?i:сомони|somoni)|TJS"),
    ("KGS", r"(?i:сом(?:а|ов|ом|ы)?(?!\w)|soms?(?!\w))|KGS"),
    ("UZS", r"(?i:сум(?:а|ов|ы)?(?!\w))|UZS"),
    ("JPY", r"(?i:иен\w*|yen(?!\w))|JPY"),
    ("PKR", r"PKR"),
    ("IRR", r"IRR"),
    ("BYN", r"BYN"),
]
_CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP",
    "₸": "KZT", "KZT": "KZT", "₽": "RUB", "RUB": "RUB", "₹": "INR", "INR": "INR", "CNY": "CNY",
    "RMB": "CNY", "KGS": "KGS", "UZS": "UZS", "TJS": "TJS", "JPY": "JPY", "PKR": "PKR",
    "IRR": "IRR", "BYN": "BYN",
}
_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?:US\$|USD|EUR|GBP|KZT|RUB|INR|CNY|RMB|KGS|UZS|TJS|JPY|PKR|IRR|BYN)"
    r"|[$€£₸₽₹])[ \u00a0\u2009\u202f]?\Z"
)
_SUFFIX_CODES = [(re.compile(pat), code) for code, pat in _CURRENCY_SUFFIXES]

# ------------------------------------------------------------------------------- percent and units

_PP = (
    r"п\.\s?п\.|(?i:p\.\s?p\.|pp(?!\w)|percentage\s{1,2}points?|процентн\w+\s{1,2}пункт\w*|"
    r"пайыздық\s{1,2}(?:пункт|тармақ)\w*)"
)
_PCT = r"%|(?i:per\s?cent(?!\w)|percent(?!\w)|pct(?!\w)|процент\w*|пайыз\w*)"

_UNITS: list[tuple[str, str]] = [
    ("km2", r"square\s{1,2}kilomet(?:er|re)s?|sq\.?\s?km|km²|km2|кв\.\s?км|км²|км2|"
            r"квадратн\w+\s{1,2}километр\w*|шаршы\s{1,2}(?:км|шақырым\w*|километр\w*)"),
    ("m3", r"cubic\s{1,2}met(?:er|re)s?|m³|куб\.\s?м(?!\w)|м³|кубометр\w*|"
           r"кубическ\w+\s{1,2}метр\w*|"
           r"текше\s{1,2}метр\w*"),
    ("km", r"km(?!\w)|км(?!\w)|kilomet(?:er|re)s?|километр\w*|шақырым\w*"),
    ("tonne", r"tonnes?|tons?(?!\w)|тонн\w*|тонна\w*"),
    ("kg", r"kg(?!\w)|кг(?!\w)|kilograms?|килограмм\w*"),
    ("ha", r"hectares?|ha(?!\w)|гектар\w*|га(?!\w)"),
    ("barrel", r"barrels?|баррел\w*"),
    ("MW", r"MW(?!\w)|МВт(?!\w)|megawatts?|мегаватт\w*"),
    ("person", r"(?i:people|persons|человек(?!\w)|чел\.|адам\w*)"),
]
_UNIT_CODES = [(re.compile(pat), unit) for unit, pat in _UNITS]

# ---------------------------------------------------------------------------------- counted nouns

# Russian noun endings (all cases, both numbers) after the stems below.
_RN = r"(?:[аеиоуыьюя]|ов|ой|ою|ам|ах|ом|ей|ем|ям|ях|ами|ями|й)?(?!\w)"

# (lemma, pattern); longer phrases first. English plural/singular is checked separately.
_NOUNS: list[tuple[str, str]] = [
    ("member state", r"(?i:member[\s-]{1,2}(?:states?|countries|country|nations?))|"
                     r"государств\w*[-‑–]член\w*|стран\w*[-‑–]член\w*|"
                     r"государств\w*[-‑–]участни\w*|стран\w*[-‑–]участни\w*|"
                     r"(?i:мүше\s{1,2}(?:мемлекет|ел)\w*)"),
    ("observer state", r"(?i:observer[\s-]{1,2}(?:states?|countries|country)|observers?)|"
                       r"государств\w*[-‑–]наблюдател\w*|(?i:наблюдател" + _RN + r")|"
                       r"(?i:бақылаушы(?:\s{1,2}(?:мемлекет|ел)\w*|\w*))"),
    ("dialogue partner", r"(?i:dialog(?:ue)?[\s-]{1,2}partners?(?:\s{1,2}(?:countries|states))?)|"
                         r"партн[её]р\w*\s{1,2}по\s{1,2}диалогу|"
                         r"(?i:диалог(?:\s{1,2}бойынша)?\s{1,2}серіктес\w*)"),
    ("founding state", r"(?i:founding\s{1,2}(?:states?|members?|countries|country)|founders?)|"
                       r"государств\w*[-‑–]основател\w*|(?i:(?:основател|учредител)" + _RN + r")|"
                       r"(?i:құрылтайшы\s{1,2}(?:мемлекет|ел)\w*)"),
    ("joint venture", r"(?i:joint\s{1,2}ventures?)|совместн\w+\s{1,2}предприяти" + _RN + r"|"
                      r"(?i:бірлескен\s{1,2}кәсіпор\w*)"),
    ("country", r"(?i:countries|country|nations?(?!\w))|(?i:стран" + _RN + r")|"
                r"ел(?:дер(?:і|ге|ден|де|ді|дің|мен|інің|іне|інде|ін)?|і|ге|ден|де|ді|дің|мен|інің|"
                r"іне|інде|ін)?(?!\w)"),
    ("state", r"(?i:states?(?!\w))|(?i:государств" + _RN + r")|(?i:мемлекет\w*)"),
    ("organization", r"(?i:organi[sz]ations?|организаци" + _RN + r"|ұйым(?:дар)?\w{0,6})"),
    ("company", r"(?i:compan(?:y|ies)|firms?(?!\w)|enterprises?|(?:компани|предприяти|фирм)"
                + _RN + r"|кәсіпор\w*)"),
    ("leader", r"(?i:leaders?|лидер" + _RN + r"|көшбасшы\w*)"),
    ("continent", r"(?i:continents?|(?:континент|материк)" + _RN + r"|құрлық\w*)"),
    ("summit", r"(?i:summits?|саммит" + _RN + r"|саммит\w*)"),
    ("project", r"(?i:projects?|проект" + _RN + r"|жоба\w*)"),
    ("agreement", r"(?i:agreements?|treaty|treaties|(?:соглашени|договор)" + _RN
                  + r"|келісім\w*)"),
    ("document", r"(?i:documents?|документ" + _RN + r"|құжат\w*)"),
    ("member", r"(?i:members?(?!\w)|член" + _RN + r"|мүше\w*)"),
    ("partner", r"(?i:partners?(?!\w)|партн[её]р" + _RN + r"|серіктес\w*)"),
    ("student", r"(?i:students?|студент" + _RN + r")"),
    ("area", r"(?i:areas?(?!\w)|spheres?|(?:направлени|сфер|област)" + _RN + r"|бағыт\w*)"),
    ("river", r"(?i:rivers?|рек" + _RN + r"|өзен\w*)"),
    ("region", r"(?i:regions?|регион" + _RN + r"|өңір\w*|аймақ\w*)"),
    ("city", r"(?i:cities|city|город" + _RN + r"|қала(?:сы|лар\w*|ға|да)?(?!\w))"),
    ("event", r"(?i:events?(?!\w)|мероприяти" + _RN + r"|іс-шара\w*)"),
    ("exercise", r"(?i:exercises?|drills?(?!\w)|учени" + _RN + r"|жаттығу\w*)"),
    ("programme", r"(?i:programmes?|programs?(?!\w)|программ" + _RN + r"|бағдарлама\w*)"),
    ("crime", r"(?i:crimes?(?!\w)|offences?|преступлени" + _RN + r"|қылмыс\w*)"),
    ("delegation", r"(?i:delegations?|делегаци" + _RN + r"|делегация\w*)"),
    ("meeting", r"(?i:meetings?|встреч" + _RN + r"|заседани" + _RN + r"|кездесу\w*|отырыс\w*)"),
    ("initiative", r"(?i:initiatives?|инициатив" + _RN + r"|бастама\w*)"),
    # Durations: kind "quantity" (a year-like number before these is a date, not a duration).
    ("year", r"(?i:years?(?!\w)|год(?:а|ов|ам|ами)?(?!\w)|лет(?!\w)|жыл(?:дан|да|ға|ы)?(?!\w))"),
]
_NOUN_CODES = [(re.compile(pat), lemma) for lemma, pat in _NOUNS]
_EN_SINGULAR = re.compile(
    r"(?i:(?:member|observer|founding)\s+(?:state|country|nation|member)|dialog(?:ue)?\s+partner|"
    r"joint\s+venture|country|nation|state|organi[sz]ation|company|firm|enterprise|leader|"
    r"continent|summit|project|agreement|treaty|document|member|partner|student|area|sphere|river|"
    r"region|city|observer|founder|event|exercise|drill|programme|program|crime|offence|"
    r"delegation|meeting|initiative|year)\Z"
)
_LATIN = re.compile(r"[A-Za-z]")

_FILLER = r"(?:астам|артық|жуық|шамасында|шамамен|ғана)"
_ADJ = r"[^\W\d_]{3,}(?:-[^\W\d_]+)?"
_SP = r"[ \u00a0\u2009\u202f]"


def _alt(items: list[tuple[str, str]]) -> str:
    return "(?:" + "|".join(f"(?:{pat})" for _, pat in items) + ")"


_TAIL = (
    r"(?:(?P<short>[mkK])(?!\w)|\s{0,2}(?P<scale>" + SCALE_PATTERN + r"))?"
    r"(?:\s?(?P<pp>" + _PP + r")"
    r"|\s?(?P<pct>" + _PCT + r")"
    r"|\s{0,2}(?P<cur>" + _alt(_CURRENCY_SUFFIXES) + r")"
    r"|\s{0,2}(?P<unit>" + _alt(_UNITS) + r")"
    r"|" + _SP + r"{1,2}(?:" + _FILLER + _SP + r"{1,2})?"
    r"(?:(?P<adj>" + _ADJ + r"(?:" + _SP + r"{1,2}" + _ADJ + r")?)" + _SP + r"{1,2})??"
    r"(?P<noun>" + _alt(_NOUNS) + r"))?"
)
# "150-ден астам іс-шара" (more than 150 events): a Kazakh case ending after the digits.
_KK_NUM_CASE = r"(?:-(?:ден|дан|нан|нен|тан|тен)(?!\w))?"
_NUM_RE = re.compile(r"(?P<num>" + NUM_PATTERN + ")" + _KK_NUM_CASE + _TAIL)
# A day number before a month name is a date, not a count ("4 шілдеде ұйымның").
_MONTH_AFTER = re.compile(
    r"[ \u00a0]{1,2}(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?!\w)|(?i:январ|феврал|марта?(?!\w)|апрел|мая(?!\w)|июн|июл|август|"
    r"сентябр|октябр|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|"
    r"қазан|қараша|желтоқсан))"
)
_WORDS_PATTERN = r"(?P<num>" + NUMWORD_SEQ_PATTERN + ")" + _TAIL  # 37 KB: compiled on first use
_SEQ_SPLIT = re.compile(r"[\s-]+")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]")

# "мүше мемлекеттер саны онға жетті" · "the number of members rose to 10" · "число ... до десяти"
_COUNT_BEFORE_PATTERN = (
    r"(?P<noun>" + _alt(_NOUNS) + r")\s{1,2}(?:саны|санын)\s{1,2}\Z"
    r"|(?i:number\s{1,2}of|число|количество)\s{1,2}(?:the\s{1,2})?(?:[^\W\d_]+\s{1,2})??"
    r"(?P<noun2>" + _alt(_NOUNS) + r")(?:\s{1,2}[^\W\d_]+){0,3}?\s{1,2}(?:to|до)\s{1,2}\Z"
)  # compiled on first use

# What every match of _COUNT_BEFORE_PATTERN ends with, and the cue its second form holds.
_COUNT_BEFORE_END = re.compile(r"(?:саны|санын|to|до)\s{1,2}\Z")
_COUNT_CUE = re.compile(r"(?i:number\s{1,2}of|число|количество)")

# Number words that need a counted noun after them to count (ambiguous or vague on their own).
_NEEDS_NOUN = {
    "он", "тоқсан", "семью", "ста", "сто", "hundred", "dozen", "thousand", "million", "billion",
    "trillion", "жүз", "мың", "миллион", "миллиард",
}

_NEEDS_NOUN_STEMS = ("тоқсан", "жүз", "мың", "миллион", "миллиард", "тысяч")


def _classify(code_list: list[tuple[re.Pattern[str], str]], text: str) -> str:
    for rx, code in code_list:
        if rx.fullmatch(text):
            return code
    return ""


def _scaled(num: Decimal, scale: str | None) -> float:
    if scale:
        num *= Decimal(repr(scale_value(scale)))
    return float(num)


def find_quantities(text: str, *, digit_runs: Sequence[tuple[int, int]] | None = None,
                    number_word_candidates: Sequence[int] | None = None) -> list[Quantity]:
    """Find money amounts, percentages, counts and quantities in ``text``, in text order.

    Mentions do not overlap. See the module docstring for kinds and units. ``digit_runs``:
    :func:`~igokit.text.numbers.digit_runs` of ``text``, when the caller has it already.
    ``number_word_candidates``: sorted offsets that include every start of a number word (any
    superset: each is checked), e.g. from :meth:`EntityLinker.scan` with ``NUMWORD_FORMS`` as
    its words; without it one Aho-Corasick scan of ``text`` finds them.
    """
    found: list[Quantity] = []
    last_end = 0
    for p, run_end in _digit_runs(text) if digit_runs is None else digit_runs:
        if p < last_end:
            continue
        if _nothing_can_follow(text, run_end) and not _may_be_money_or_count(text, p):
            last_end = run_end  # what the match below would find: a bare digit run
            continue
        m = _NUM_RE.match(text, p)
        if m is None:
            continue
        if m.end() == run_end and not _may_be_money_or_count(text, p):
            last_end = run_end  # a bare digit run (a year, a page): nothing follows it
            continue
        q = _from_match(text, m, digits=True)
        if q is not None:
            found.append(q)
            last_end = q.end
        else:
            last_end = m.end("num")
    words: list[Quantity] = []
    pos = 0
    starts = _number_word_starts(text) if number_word_candidates is None else number_word_candidates
    for p in starts:
        # The positions where ``_words_re().search`` can match, in order: the loop finds the same
        # matches as searching from ``pos`` again and again, without scanning the whole text
        # with the 36 KB pattern (which cost more than the rest of this function).
        if p < pos or (m := _words_re().match(text, p)) is None:
            continue
        parts = _SEQ_SPLIT.split(m.group("num"))
        if len(parts) > 1 and any(is_inflected_kk_numeral(w) for w in parts[:-1]):
            # "онның тоғызы": an inflected Kazakh numeral ends its number; read it alone.
            m = _word_re().match(text, m.start())
            if m is None:  # pragma: no cover - the sequence pattern starts with a word
                break
        q = _from_match(text, m, digits=False)
        if q is not None:
            words.append(q)
        pos = max(m.end(), m.start() + 1)
    if words:
        found = _merge(found, words)
    return found


@functools.cache
def _numword_automaton() -> ahocorasick.Automaton:
    """Every written form of every number word (lower, Capitalised, UPPER), as the regex has."""
    automaton = ahocorasick.Automaton()
    for form in NUMWORD_FORMS:
        automaton.add_word(form, len(form))
    automaton.make_automaton()
    return automaton


def _number_word_starts(text: str) -> list[int]:
    r"""Sorted positions where a number word form starts a word, as ``NUMWORD_PATTERN`` requires.

    One Aho-Corasick scan finds every occurrence of every form (the pattern's alternatives); a
    start counts unless the character before it is ``\w``, ``‑`` or ``-`` (the pattern's
    look-behind: ``str.isalnum`` or ``_`` is exactly ``\w`` for ``str`` patterns). Every position
    where ``NUMWORD_SEQ_PATTERN`` matches is in the list.
    """
    starts: set[int] = set()
    for last, size in _numword_automaton().iter(text):
        p = last - size + 1
        if p:
            c = text[p - 1]
            if c.isalnum() or c in "_‑-":
                continue
        starts.add(p)
    return sorted(starts)


@functools.cache
def _words_re() -> re.Pattern[str]:
    """A sequence of number words and its tail (0.3 s to compile: only once it is needed)."""
    return re.compile(_WORDS_PATTERN)


@functools.cache
def _count_before_re() -> re.Pattern[str]:
    """A counted noun before the number ("мүше мемлекеттер саны", "number of members ... to")."""
    return re.compile(_COUNT_BEFORE_PATTERN)


@functools.cache
def _word_re() -> re.Pattern[str]:
    """One number word and its tail (compiled on first use: rare, and 0.1 s to compile)."""
    return re.compile(r"(?P<num>" + NUMWORD_PATTERN + ")" + _TAIL)


def _merge(a: list[Quantity], b: list[Quantity]) -> list[Quantity]:
    """Both lists sorted; keep ``a`` and the items of ``b`` that overlap nothing in ``a``."""
    out = sorted(a + b, key=lambda q: (q.start, -q.end))
    keep: list[Quantity] = []
    for q in out:
        if keep and q.start < keep[-1].end:
            continue
        keep.append(q)
    return keep


def _from_match(text: str, m: re.Match[str], *, digits: bool) -> Quantity | None:  # noqa: C901 — one match to a quantity: money, percent and count branches share the number parsing
    """Build a :class:`Quantity` from a match of ``_NUM_RE`` / ``_words_re()`` (or None)."""
    start, num_end = m.span("num")
    num_text = m.group("num")
    g = m.group
    end = m.end()

    # Parse the numeral. Digits are parsed only once a branch below keeps the match: most digit
    # runs (years, pages, references) measure nothing, and parsing was half the cost here.
    if digits:
        if not (g("cur") or g("pp") or g("pct") or g("unit") or g("noun") or g("scale")
                or g("short")) and not _may_be_money_or_count(text, start):
            return None
        value = _digit_value(text, num_text, start, end)
    else:
        words_value = parse_number_words(num_text)
        if words_value is None:
            return None
        value = Decimal(words_value)

    # Currency before the number: "USD 139.8 billion", "$1.2 trillion", "€5 million".
    prefix = None
    if digits and start:
        c = text[start - 1]
        if c.isspace() and start > 1:
            c = text[start - 2]
        if c in "$€£₸₽₹" or "A" <= c <= "Z":
            prefix = _PREFIX_RE.search(text, max(0, start - 5), start)
    if prefix is not None:
        code = _CURRENCY_PREFIXES[prefix.group().strip(" \u00a0\u2009\u202f")]
        scale = g("scale")
        short = g("short")
        if short:
            mult = {"m": Decimal(10**6), "k": Decimal(1000), "K": Decimal(1000)}[short]
            q_end = m.end("short")
            amount = float(value * mult)
        else:
            q_end = m.end("scale") if scale else num_end
            amount = _scaled(value, scale)
        if g("cur") and _classify(_SUFFIX_CODES, g("cur")) == code:
            q_end = m.end("cur")  # "$5 million USD"
        s = prefix.start()
        return Quantity(s, q_end, text[s:q_end], amount, code, "money")
    if g("short"):
        return None
    scale = g("scale")

    if g("pp") or g("pct"):
        s = start
        sign = text[start - 1] if start >= 1 else " "
        if digits and sign in "+-−–" and (start < 2 or text[start - 2] in " \t\n(«\"[/:;"):
            s = start - 1
            if sign != "+":
                value = -value
        unit = "pp" if g("pp") else "%"
        e = m.end("pp") if g("pp") else m.end("pct")
        return Quantity(s, e, text[s:e], _scaled(value, scale), unit, "percent")

    if g("cur"):
        code = _classify(_SUFFIX_CODES, g("cur"))
        e = m.end("cur")
        return Quantity(start, e, text[start:e], _scaled(value, scale), code, "money")

    if g("unit"):
        unit = _classify(_UNIT_CODES, g("unit"))
        e = m.end("unit")
        return Quantity(start, e, text[start:e], _scaled(value, scale), unit, "quantity")

    amount = _scaled(value, scale)
    if g("noun"):
        noun = g("noun")
        lemma = _classify(_NOUN_CODES, noun)
        year_like = digits and not scale and re.fullmatch(r"(?:1[89]|20)\d\d", num_text)
        english = bool(_LATIN.match(noun))
        ok = bool(lemma)
        if ok and english and amount != 1 and _EN_SINGULAR.match(noun):
            ok = False  # "the 2004 SCO Summit", "5 member state" is not English
        if ok and year_like and (g("adj") or english or noun[0].isupper() or lemma == "year"):
            ok = False  # "2024 SCO summits", "2024 Саммит ШОС", "2024 год": a year
        if ok and digits and _MONTH_AFTER.match(text, num_end):
            ok = False
        if ok:
            e = m.end("noun")
            kind = "quantity" if lemma == "year" else "count"
            return Quantity(start, e, text[start:e], amount, lemma, kind)

    # Counted noun written before the number: "мүше мемлекеттер саны онға".
    near = text[max(0, start - 8) : start]
    before = None
    if "сан" in near or near.endswith(("to ", "до ")):
        # _count_before_re() backtracks through its noun list at every position of the window
        # (0.1-0.4 ms a call): first check the two things every match of it has, its last word
        # and, for the "number of ... to" form, the cue word.
        lo = max(0, start - 80)
        last = _COUNT_BEFORE_END.search(near)
        if last and (last.group().startswith("сан") or _COUNT_CUE.search(text, lo, start)):
            before = _count_before_re().search(text, lo, start)
    if before is not None:
        noun = before.group("noun") or before.group("noun2")
        lemma = _classify(_NOUN_CODES, noun)
        if lemma:
            s = before.start()
            return Quantity(s, num_end, text[s:num_end], float(value), lemma, "count")

    if scale:
        e = m.end("scale")
        return Quantity(start, e, text[start:e], amount, "", "quantity")
    if not digits:
        words = num_text.split()
        single = len(words) == 1 and "-" not in num_text
        lower = num_text.lower()
        if single and (value < 2 or lower in _NEEDS_NOUN or lower.startswith(_NEEDS_NOUN_STEMS)):
            return None
        if single and (number_word_value(num_text) or 0) >= 1000:
            return None
        if single and num_text[0].isupper() and _after_capitalised_word(text, start):
            return None  # "the Shanghai Five": part of a name
        return Quantity(start, num_end, num_text, float(value), "", "count")
    return None


def _digit_value(text: str, num_text: str, start: int, end: int) -> Decimal:
    """The value of a digit numeral; a decimal comma when Cyrillic is near (``1,500`` = 1.5)."""
    window = text[max(0, start - 30) : min(len(text), end + 15)]
    decimal_comma = bool(_CYRILLIC.search(window))
    return Decimal(repr(parse_number(num_text, decimal_comma=decimal_comma)))


def _nothing_can_follow(text: str, run_end: int) -> bool:
    """Whether ``_NUM_RE`` matched at a digit run ending at ``run_end`` can only be the run.

    ``_NUM_RE`` costs about 4 microseconds a digit run (its tail tries every scale, currency,
    unit and noun). Nothing longer can match when the character after the run starts none of
    them: not a space, a letter, ``%`` or a currency sign; not ``.`` or ``,`` before a digit (a
    decimal part or thousands); not ``-`` before a letter (a Kazakh case ending). That is a
    third to a half of the digit runs of the corpus (references, ranges, dates, page numbers).
    """
    if run_end >= len(text):
        return True
    c = text[run_end]
    if c.isspace() or c.isalpha() or c in "%$€£₸₽₹":
        return False
    nxt = text[run_end + 1 : run_end + 2]
    if c in ".,":
        return not nxt.isdecimal()
    if c == "-":
        return not nxt.isalpha()
    return True


def _may_be_money_or_count(text: str, start: int) -> bool:
    """Whether a digit numeral with nothing after it may still be a quantity.

    Only two branches of :func:`_from_match` keep such a numeral: a currency before it (the same
    test as there) and a counted noun before it (the ``near`` test there). When both say no,
    the match gives no quantity whatever its value, so it need not be parsed.
    """
    if start:
        c = text[start - 1]
        if c.isspace() and start > 1:
            c = text[start - 2]
        if c in "$€£₸₽₹" or "A" <= c <= "Z":
            return True
    near = text[max(0, start - 8) : start]
    return "сан" in near or near.endswith(("to ", "до "))


_PREV_WORD = re.compile(r"([^\W\d_])[^\W\d_]*[ \u00a0]\Z")


def _after_capitalised_word(text: str, start: int) -> bool:
    """True when the word just before ``start`` (same line, one space) is capitalised."""
    m = _PREV_WORD.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).isupper()
