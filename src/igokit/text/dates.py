"""Find dates, date ranges, months and years in English, Russian and Kazakh text.

One compiled regular expression scans the text once; the few matches are then checked and
normalised in Python. No dateparser: it is slow, fills a missing day or year from today and takes
``3,2%`` or "may" for dates (see ``shared/notes/nlp-libraries.md``).

Values are ISO 8601: ``2024-07-04`` (day), ``2024-07`` (month), ``2024`` (year), and ``--07-04`` for
a day and month whose year is neither written nor given by ``context_date``. A range keeps its first
day/month/year in ``value`` and its last one, at the same precision, in ``end_value``.

Handled forms (with their inflections)::

    4 июля 2024 г. · 4 июля 2024 года · 2024 жылғы 4 шілдеде · 2024 жылы 4 шілде · 4 шілде 2024 ж.
    July 4, 2023 · 4 July 2024 · 2024-07-04 · 04.07.2024 · 4 July · 4 июля · 4 шілдеде
    3–4 July 2024 · 3-4 июля 2024 г. · с 18 по 19 мая 2023 года · June 15–16, 2009
    30 June – 1 July 2025 · 2023-2024 · 2004–2005 гг. · 2023–2024 жж. · from 2016 to 2025
    between 2001 and 2025 · с 2024 по 2030 год · 2016 жылдан 2025 жылға дейін · 2023/24
    July 2024 · в июле 2024 года · 2024 жылдың шілдесінде · шілде 2024 · June–July 2024
    in 2001 · в 2001 году · 2001 г. · 2001 жылы · 2001 жылғы · since 1996 · Strategy 2030

Not dates: percentages (``3,2%``), page ranges (``P. 45–62``), DOIs, URLs, ISBN/UDC codes, amounts
(``2001 млн``), "No. 2", the verb "may", decades (``1990s``, ``1990-х``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from igokit.errors import InputError
from igokit.text.numbers import KK_LETTER, trie_regex
from igokit.text.numbers import digit_runs as _digit_runs  # the argument has the plain name

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date, range, month or year found in a text.

    ``start``/``end``: code-point offsets of ``text`` in the searched string.
    ``value``: ISO 8601 (``2024-07-04``, ``2024-07``, ``2024`` or ``--07-04`` without a year).
    ``precision``: ``day``, ``month`` or ``year``.
    ``end_value``: for a range, its last day/month/year at the same precision, else None.
    ``year_from_context``: the year was not written but taken from ``context_date``.
    """

    start: int
    end: int
    text: str
    value: str
    precision: str
    end_value: str | None = None
    year_from_context: bool = False

    @property
    def spans_years(self) -> bool:
        """A range over several years ("the Action Plan for 2018-2022", "2023-2027 жылдарға"):
        the period something covers, not the day an event happened."""
        end = self.end_value
        return bool(end and end[:4].isdigit() and end[:4] != self.value[:4])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; ``end_value`` is left out when there is none."""
        d: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
        }
        if self.end_value is not None:
            d["end_value"] = self.end_value
        d["year_from_context"] = self.year_from_context
        return d


# ------------------------------------------------------------------------------------ month names

_EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
_EN_ABBR = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}
_RU_MONTHS = [
    ("январ", ["ь", "я", "е", "ём", "ем"]), ("феврал", ["ь", "я", "е", "ём", "ем"]),
    ("март", ["", "а", "е", "ом"]), ("апрел", ["ь", "я", "е", "ем"]),
    ("ма", ["й", "я", "е", "ем"]), ("июн", ["ь", "я", "е", "ем"]), ("июл", ["ь", "я", "е", "ем"]),
    ("август", ["", "а", "е", "ом"]), ("сентябр", ["ь", "я", "е", "ём", "ем"]),
    ("октябр", ["ь", "я", "е", "ём", "ем"]), ("ноябр", ["ь", "я", "е", "ём", "ем"]),
    ("декабр", ["ь", "я", "е", "ём", "ем"]),
]
_RU_ABBR = {
    "янв.": 1, "фев.": 2, "февр.": 2, "апр.": 4, "авг.": 8, "сент.": 9, "сен.": 9, "окт.": 10,
    "нояб.": 11, "ноя.": 11, "дек.": 12,
}
_KK_MONTHS = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
    "қазан", "қараша", "желтоқсан",
]

_MONTH_LOOKUP: dict[str, int] = {}
for _i, _name in enumerate(_EN_MONTHS, 1):
    _MONTH_LOOKUP[_name.lower()] = _i
for _abbr, _i in _EN_ABBR.items():
    _MONTH_LOOKUP[_abbr.lower()] = _i
    _MONTH_LOOKUP[_abbr.lower() + "."] = _i
for _i, (_stem, _ends) in enumerate(_RU_MONTHS, 1):
    for _end in _ends:
        _MONTH_LOOKUP[_stem + _end] = _i
_MONTH_LOOKUP.update(_RU_ABBR)

_EN_FORMS = (
    _EN_MONTHS + [m.upper() for m in _EN_MONTHS] + list(_EN_ABBR) + [a + "." for a in _EN_ABBR]
)
# English: Title Case or UPPER CASE only, so that "may", "march" (verbs) are never months.
_EN_MONTH = trie_regex(_EN_FORMS) + r"(?:(?<=\.)|(?!\w))"
_RU_MONTH = (
    r"(?<!\w)(?i:"
    + trie_regex(k for k in _MONTH_LOOKUP if re.match("[а-я]", k) and not k.endswith("."))
    + r"(?!\w)|" + trie_regex(_RU_ABBR) + ")"
)
_KK_MONTH = r"(?<!\w)(?i:" + trie_regex(_KK_MONTHS) + f"[{KK_LETTER}]{{0,8}}(?!\\w))"
_ANY_MONTH = f"(?:{_EN_MONTH}|{_RU_MONTH}|{_KK_MONTH})"


def _month_number(word: str) -> int:
    """Month number of an en/ru/kk month word (with any Kazakh ending)."""
    w = word.lower()
    if w in _MONTH_LOOKUP:
        return _MONTH_LOOKUP[w]
    for i, stem in enumerate(_KK_MONTHS, 1):
        if w.startswith(stem):
            return i
    raise KeyError(word)


# ----------------------------------------------------------------------------------- the pattern

_S0 = r"\s{0,2}"
_S1 = r"\s{1,2}"
_DASH = r"\s{0,2}[-–—‑−]\s{0,2}"
_DAYN = r"(?:0?[1-9]|[12]\d|3[01])(?!\d|[.,:]\d)"
_DAY = r"(?<![\w.,/:#№=+‑−-])" + _DAYN
_YEARN = r"(?:1[89]\d\d|20\d\d)(?!\d|[.,]\d)"
_YEAR = r"(?<![\w.,/:#№=+‑−-])" + _YEARN
_ORD = r"(?:st|nd|rd|th)?"
_RU_YW = r"(?:год(?:ах|ами|ам|ов|ом|а|у|ы)?(?!\w)|г\.\s?г\.|гг?\.|гг?(?!\w))"
_KK_YW = r"(?:жыл\w*|жж\.|ж\.|жж?(?!\w))"
_YW = f"(?:{_RU_YW}|{_KK_YW})"


def _g(name: str, body: str) -> str:
    return f"(?P<{name}>{body})"


_ALTERNATIVES = [
    # 04.07.2024 (г.)
    r"(?<![\w.,/:#№=-])" + _g("a1d", r"0?[1-9]|[12]\d|3[01]") + r"\."
    + _g("a1m", r"0?[1-9]|1[0-2]") + r"\." + _g("a1y", _YEARN) + r"(?!\.\d)"
    + f"(?:{_S0}{_YW})?",
    # 2024-07-04
    r"(?<![\w.,/:#№=-])" + _g("a2y", _YEARN) + "-" + _g("a2m", r"0[1-9]|1[0-2]") + "-"
    + _g("a2d", r"0[1-9]|[12]\d|3[01]") + r"(?![\d-])",
    # 30 June – 1 July 2025
    _g("a3d1", _DAY) + _ORD + _S1 + _g("a3m1", _ANY_MONTH) + _DASH + _g("a3d2", _DAYN) + _ORD
    + _S1 + _g("a3m2", _ANY_MONTH) + f"(?:,?{_S1}" + _g("a3y", _YEARN) + f"(?:{_S0}{_YW})?)?",
    # 3–4 July 2024 · с 18 по 19 мая 2023 года · 3–4 шілдеде
    _g("a4pre", r"(?<!\w)(?:[Сс]о?|[Ff]rom|[Bb]etween)\s{1,2}") + "?" + _g("a4d1", _DAY)
    + _ORD + f"(?:{_DASH}|{_S1}(?:по|to|until|till|through|and|и){_S1})" + _g("a4d2", _DAYN)
    + _ORD + _S1 + _g("a4m", _ANY_MONTH)
    + f"(?:,?{_S1}" + _g("a4y", _YEARN) + f"(?:{_S0}{_YW})?)?",
    # 4 July 2024 · 4 июля 2024 г. · 4 шілде 2024 ж. · 4 июля · 4 шілдеде
    _g("a5d", _DAY) + _ORD + _S1 + r"(?:of\s)?" + _g("a5m", _ANY_MONTH)
    + f"(?:,?{_S1}" + _g("a5y", _YEARN) + f"(?:{_S0}{_YW})?)?",
    # June 15–16, 2009
    _g("a6m", _EN_MONTH) + _S1 + _g("a6d1", _DAYN) + _ORD + _DASH + _g("a6d2", _DAYN) + _ORD
    + f"(?:,?{_S1}" + _g("a6y", _YEARN) + ")?",
    # July 4, 2023 · July 4
    _g("a7m", _EN_MONTH) + _S1 + _g("a7d", _DAYN) + _ORD + r"(?!\w)"
    + f"(?:,?{_S1}" + _g("a7y", _YEARN) + ")?",
    # 2024 жылғы 4 шілдеде · 2024 жылы 3-4 шілде
    _g("a8y", _YEAR) + _S0 + r"(?:жылғы|жылы|ж\.)" + _S1 + _g("a8d1", _DAYN)
    + f"(?:{_DASH}" + _g("a8d2", _DAYN) + ")?" + _S1 + _g("a8m", _KK_MONTH),
    # 2024 жылдың шілдесінде · 2024 жылғы қазанда (айында)
    _g("a9y", _YEAR) + _S0 + _g("a9w", r"жылдың|жылғы|жылы|ж\.") + _S1 + _g("a9m", _KK_MONTH)
    + f"(?:{_S1}ай\\w*)?",
    # June–July 2024 · июнь–июль 2024 г.
    _g("a10m1", _ANY_MONTH) + _DASH + _g("a10m2", _ANY_MONTH) + ",?" + _S1 + _g("a10y", _YEARN)
    + f"(?:{_S0}{_YW})?",
    # July 2024 · в июле 2024 года · шілде 2024
    _g("a11m", _ANY_MONTH) + ",?" + _S1 + _g("a11y", _YEARN) + f"(?:{_S0}{_YW})?",
    # from 2016 to 2025 · between 2001 and 2025 · с 2024 по 2030 год
    _g("a12pre", r"(?<!\w)(?:[Ff]rom|[Bb]etween|[Сс]о?)") + _S1 + _g("a12y1", _YEARN)
    + f"(?:{_S0}{_YW})?" + _S1 + r"(?:to|until|till|through|and|по|до)" + _S1
    + _g("a12y2", _YEARN) + f"(?:{_S0}{_YW})?",
    # 2016 жылдан 2025 жылға дейін
    _g("a13y1", _YEAR) + _S0 + r"(?:жылдан|ж\.)" + f"(?:{_DASH}|{_S1})" + _g("a13y2", _YEARN)
    + _S0 + r"(?:жылға|ж\.)" + _S1 + r"(?:дейін|шейін)",
    # 2023-2024 · 2004–2005 гг. · 2023/24 · 2024 to 2030
    _g("a14y1", _YEAR) + f"(?:{_DASH}|/|{_S1}(?:to|until|till|through){_S1})"
    + "(?:" + _g("a14y2", _YEARN) + "|" + _g("a14yy", r"\d\d(?!\d|[.,]\d)") + ")"
    + _g("a14w", f"{_S0}{_YW}") + "?",
    # 2001 · 2001 г. · в 2001 году · 2001 жылғы
    _g("a15y", _YEAR) + _g("a15w", f"{_S0}{_YW}") + "?",
]
_DATE_RE = re.compile("|".join(f"(?:{alt})" for alt in _ALTERNATIVES))

# A bare year is not a year before these (amounts, units, decades, more digits).
_AFTER_BAD = re.compile(
    r"(?:s(?!\w)|-?(?:х|е|ые|ых|ies)(?!\w)|[-‑]\d|\s?%|\s?(?i:млн|млрд|трлн|тыс|мың|million|"
    r"billion|trillion|thousand|bn|mln|тонн|tonnes?|tons?|km|км|кг|kg|доллар|долл|usd|\$|"
    r"тенге|теңге|евро|eur|руб|people|persons|человек|адам|компани|companies|students|студент|"
    r"пайыз|процент|percent|per cent))"
)
# ... nor after these (pages, issues, codes).
_BEFORE_BAD = re.compile(
    r"(?:(?<!\w)(?:[PpСсТтSs]|pp|Vol|vol|No|no|Nr|стр|Стр|Вып|вып)\.|№|#|(?<!\w)(?:ISBN|ISSN|UDC|"
    r"УДК|ӘОЖ|IRSTI|ГРНТИ|МРНТИ|ХҒТАР|Art|Article|Resolution|Резолюция|ст))\s{0,2}$"
)
_URLISH = re.compile(r"://|www\.|doi|@|\.(?:org|com|kz|ru|net|gov|int|edu)\b", re.I)


def _days_ok(year: int | None, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year if year is not None else 2000, month)[1]


def _in_url(text: str, start: int) -> bool:
    """True when ``start`` lies inside a whitespace-free token that looks like a URL or DOI."""
    # The token around start: at most 200 characters back and 100 on, to the nearest
    # whitespace (str.split's whitespace is isspace()) or bracket; C string calls, not a loop.
    i = j = start
    before = text[max(0, start - 200) : start]
    if before and not before[-1].isspace():
        before = before.rsplit(None, 1)[-1]
        i = start - len(before) + max(map(before.rfind, "<([«\"")) + 1
    after = text[start : start + 100]
    if after and not after[0].isspace():
        after = after.split(None, 1)[0]
        j = start + min((k for k in map(after.find, ">)]»\"") if k >= 0), default=len(after))
    return bool(_URLISH.search(text, i, j))


class _Builder:
    """Turns regex matches into :class:`DateMention` objects for one call of ``find_dates``."""

    def __init__(self, text: str, context_year: int | None) -> None:
        self.text = text
        self.context_year = context_year
        self.out: list[DateMention] = []

    def add(
        self,
        start: int,
        end: int,
        value: str,
        precision: str,
        end_value: str | None = None,
        from_context: bool = False,
    ) -> None:
        self.out.append(
            DateMention(start, end, self.text[start:end], value, precision, end_value, from_context)
        )

    def year_ok(self, start: int, end: int, *, has_word: bool) -> bool:
        """Reject years that are page numbers, codes, URL parts or amounts.

        ``has_word``: the year carries a year word (г., жылы...) or is part of a range, so what
        follows it is not checked.
        """
        text = self.text
        if _BEFORE_BAD.search(text, max(0, start - 12), start):
            return False
        if not has_word and _AFTER_BAD.match(text, end):
            return False
        return not _in_url(text, start)

    def day(
        self,
        start: int,
        end: int,
        year: str | None,
        days: list[tuple[str, str]],
    ) -> None:
        """Emit a day or a day range; ``days`` holds (month word or number, day) pairs."""
        parsed = [
            (int(m) if m.isdigit() else _month_number(m), int(d)) for m, d in days
        ]
        from_context = False
        y: int | None
        if year is not None:
            y = int(year)
        elif self.context_year is not None:
            y, from_context = self.context_year, True
        else:
            y = None
        (m1, d1), (m2, d2) = parsed[0], parsed[-1]
        y1 = y
        if y is not None and (m1, d1) > (m2, d2):
            y1 = y - 1  # 30 December – 2 January 2025
        if not (_days_ok(y1, m1, d1) and _days_ok(y, m2, d2)):
            return
        if len(parsed) > 1 and y is None and (m1, d1) > (m2, d2):
            return

        def iso(yy: int | None, mm: int, dd: int) -> str:
            return f"--{mm:02d}-{dd:02d}" if yy is None else f"{yy:04d}-{mm:02d}-{dd:02d}"

        end_value = iso(y, m2, d2) if len(parsed) > 1 else None
        self.add(start, end, iso(y1, m1, d1), "day", end_value, from_context)


def _context_year(context_date: str | None) -> int | None:
    if context_date is None:
        return None
    m = re.match(r"\s*(\d{4})(?:-\d{2}(?:-\d{2})?)?", context_date)
    if not m:
        raise InputError(f"context_date must be an ISO date (YYYY[-MM[-DD]]), not {context_date!r}")
    return int(m.group(1))


def find_dates(  # noqa: C901 — one scan over all date shapes in three languages; splitting it would rescan the text
    text: str, *, context_date: str | None = None,
    digit_runs: Sequence[tuple[int, int]] | None = None,
) -> list[DateMention]:
    """Find dates, ranges, months and years in ``text`` (English, Russian, Kazakh).

    ``context_date`` is the document's own date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); it gives
    the year of a day written without one (``4 июля``), flagged ``year_from_context``. Without it
    such a day gets the year-less ISO value ``--07-04``. The year is never taken from today.

    >>> [(d.value, d.precision) for d in find_dates("Саммит прошёл 4 июля 2024 года в Астане.")]
    [('2024-07-04', 'day')]
    >>> [d.value for d in find_dates("on 4 July", context_date="2024")]
    ['2024-07-04']

    Mentions are returned in text order and do not overlap. ``digit_runs``:
    :func:`~igokit.text.numbers.digit_runs` of ``text``, when the caller has it already.
    """
    b = _Builder(text, _context_year(context_date))
    for m in _scan(text, _digit_runs(text) if digit_runs is None else digit_runs):
        g = m.group
        s, e = m.span()
        if g("a1y") is not None:
            if b.year_ok(s, e, has_word=True):
                b.day(s, e, g("a1y"), [(g("a1m"), g("a1d"))])
        elif g("a2y") is not None:
            if b.year_ok(s, e, has_word=True):
                b.day(s, e, g("a2y"), [(g("a2m"), g("a2d"))])
        elif g("a3d1") is not None:
            b.day(s, e, g("a3y"), [(g("a3m1"), g("a3d1")), (g("a3m2"), g("a3d2"))])
        elif g("a4d1") is not None:
            b.day(s, e, g("a4y"), [(g("a4m"), g("a4d1")), (g("a4m"), g("a4d2"))])
        elif g("a5d") is not None:
            b.day(s, e, g("a5y"), [(g("a5m"), g("a5d"))])
        elif g("a6m") is not None:
            b.day(s, e, g("a6y"), [(g("a6m"), g("a6d1")), (g("a6m"), g("a6d2"))])
        elif g("a7m") is not None:
            b.day(s, e, g("a7y"), [(g("a7m"), g("a7d"))])
        elif g("a8y") is not None:
            days = [(g("a8m"), g("a8d1"))]
            if g("a8d2"):
                days.append((g("a8m"), g("a8d2")))
            b.day(s, e, g("a8y"), days)
        elif g("a9y") is not None:
            month = g("a9m")
            if g("a9w") == "жылы" and month[0].isupper():
                # "2024 жылы Қазанда": a place (Kazan), not October.
                ye = m.end("a9w")
                if b.year_ok(s, ye, has_word=True):
                    b.add(s, ye, g("a9y"), "year")
            else:
                b.add(s, e, f"{g('a9y')}-{_month_number(month):02d}", "month")
        elif g("a10m1") is not None:
            m1, m2 = _month_number(g("a10m1")), _month_number(g("a10m2"))
            if m1 < m2:
                y = g("a10y")
                b.add(s, e, f"{y}-{m1:02d}", "month", f"{y}-{m2:02d}")
            else:
                ms = m.start("a10m2")
                b.add(ms, e, f"{g('a10y')}-{m2:02d}", "month")
        elif g("a11m") is not None:
            b.add(s, e, f"{g('a11y')}-{_month_number(g('a11m')):02d}", "month")
        elif g("a12y1") is not None:
            _year_range(b, m, "a12y1", "a12y2", None, s, e)
        elif g("a13y1") is not None:
            _year_range(b, m, "a13y1", "a13y2", None, s, e)
        elif g("a14y1") is not None:
            _year_range(b, m, "a14y1", "a14y2", "a14yy", s, e)
        elif g("a15y") is not None:
            has_word = g("a15w") is not None
            # A bare year must be 1900-2099; 18xx only with a year word (1812 г.).
            if (has_word or g("a15y") >= "1900") and b.year_ok(s, e, has_word=has_word):
                b.add(s, e, g("a15y"), "year")
    return b.out


def _date_start_pattern() -> str:
    """A word start where ``_DATE_RE`` can match: what every one of its alternatives begins with.

    A digit (days, years, ``04.07.2024``), the first three letters of a month word (English in
    its own case; Russian and Kazakh case-insensitively, as in the pattern), or a range opener
    ("с", "со", "from", "between") and a space. Trying ``_DATE_RE`` only there gives the same
    matches as trying it at every word start, with about a quarter of the attempts.
    """
    en = {f[:3] for f in _EN_FORMS}
    ru_kk = {k[:3] for k in _MONTH_LOOKUP if re.match("[а-я]", k)} | {m[:3] for m in _KK_MONTHS}
    if any(len(f) < 3 for f in [*_EN_FORMS, *_MONTH_LOOKUP, *_KK_MONTHS]):  # pragma: no cover
        raise RuntimeError("a month word shorter than 3 letters: widen _date_start_pattern")
    return (
        r"\b(?=[0-9]|(?:[Сс]о?|[Ff]rom|[Bb]etween)\s|" + trie_regex(en)
        + "|(?i:" + trie_regex(ru_kk) + r"))\w"
    )


_WORD_START = re.compile(_date_start_pattern())
_DAY_NEXT = re.compile(r"(?:st|nd|rd|th)?\s{1,2}[^\W\d_]")
# A match starts at most _BEFORE characters before the digit run that triggers it (month words,
# "between", "30 June – 1"...).
_BEFORE = 48


def _scan(text: str, runs: Iterable[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The matches of ``_DATE_RE`` that ``finditer`` would give, found much faster.

    Every date holds a trigger: a 4-digit run 18xx-20xx, or a 1-2 digit run followed by a word
    (``4 July``) or preceded by a word (``July 4``). Only the word starts shortly before each
    trigger are tried, left to right, with ``match``; look-behinds still see the whole text.
    (Unlike ``finditer``, a match never starts inside a word.)
    """
    last_end = 0
    tried = 0
    for p, q in runs:
        if p < last_end:
            continue
        size = q - p
        if size == 4:
            if text[p : p + 2] not in ("18", "19", "20"):
                continue
        elif size > 2 or not (
            _DAY_NEXT.match(text, q)
            or (p >= 2 and text[p - 1].isspace() and (text[p - 2].isalpha() or text[p - 2] == "."))
        ):
            continue
        lo = max(last_end, tried, p - _BEFORE)
        tried = p + 1
        for w in _WORD_START.finditer(text, lo, p + 1):
            m = _DATE_RE.match(text, w.start())
            if m is not None:
                last_end = m.end()
                yield m
                break


def _year_range(
    b: _Builder, m: re.Match[str], g1: str, g2: str, g_yy: str | None, s: int, e: int
) -> None:
    """Emit a year range, or its parts when it is not a plausible range."""
    y1 = int(m.group(g1))
    if g_yy is not None and m.group(g_yy) is not None:
        yy = int(m.group(g_yy))
        y2 = y1 // 100 * 100 + yy
        if not y1 < y2 <= y1 + 20:
            # Not a range; "2023-07" is an ISO year-month.
            sep = m.group()[m.end(g1) - s : m.start(g_yy) - s]
            iso_month = sep == "-" and 1 <= yy <= 12 and m.group("a14w") is None
            if iso_month and b.year_ok(s, m.end(g_yy), has_word=False):
                b.add(s, m.end(g_yy), f"{y1}-{yy:02d}", "month")
            return
    else:
        y2 = int(m.group(g2))
    if y1 < y2 <= y1 + 100 and b.year_ok(s, e, has_word=True):
        b.add(s, e, str(y1), "year", str(y2))
        return
    # Not a range (2025-2021): two separate years.
    for g in (g1, g2):
        if m.group(g) is not None and b.year_ok(m.start(g), m.end(g), has_word=True):
            b.add(m.start(g), m.end(g), m.group(g), "year")
