"""Fuzzing the extraction pipeline (issue 14): any text in, a consistent extraction out.

Texts mix random Unicode (every category but surrogates: combining marks, right-to-left
marks and scripts, NUL and other controls) with the pieces the extractors key on: names of
the organization and its states in three languages, numbers (huge ones too), and dates real
and impossible (31 February, 99999-99-99, year 0). Properties: only IGOkitError may be raised,
and every sentence, mention, date and quantity lies within the (normalized) text and quotes it
exactly.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from igokit.analysis.extraction import extract_string
from igokit.errors import IGOkitError
from igokit.text.document import normalize_text

#: IGOKIT_FUZZ_EXAMPLES=5000 runs a deeper, randomized search (at dev time); CI runs a fixed one.
DEEP = int(os.environ.get("IGOKIT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=DEEP or 200, deadline=5000, derandomize=not DEEP,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PIECES = [
    "SCO", "ШОС", "ШЫҰ", "Shanghai Cooperation Organisation", "Шанхайская организация "
    "сотрудничества", "Kazakhstan", "Қазақстан", "Казахстан", "Iran", "Belarus", "Astana",
    "member states", "государства-члены", "мүше мемлекет", "observer", "dialogue partner",
    "9", "10", "2001", "15 June 2001", "31 February 2020", "31.02.2020", "99999-99-99",
    "0000-00-00", "2024-13-45", "0001-01-01", "9999-12-31", "1 января 10000 года",
    "29 ақпан 2023 жыл", "9" * 400, "1e309", "1,000,000,000,000,000,000", "$5 billion",
    "12.5%", "ten", "десять", "он", "twenty-one", "½", "٣", "五", "\u0301", "\u0308\u0308",
    "\u202e", "\u200f", "\u200b", "\ufeff", "\x00", "\r\n", "\n\n", "\u2028", " ", ".", "—",
    "«", "»", "“", '"', "ﬁ", "İ", "ß", "ǅ", "עברית", "العربية", "𝟘𝟙", "\U0001F600",
]

TEXT = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(st.characters(codec="utf-8"), max_size=40),
        st.text(st.characters(min_codepoint=0x400, max_codepoint=0x4FF), max_size=20),
    ),
    max_size=60,
).map(" ".join)

DATES = st.one_of(st.none(), st.sampled_from(
    ["2024-03-01", "0001-01-01", "9999-12-31", "1990-01-01", "2024-02-30", "99999-99-99",
     "2024", "2024-06", "", "not a date", "\x00"]))


def _check(given: str, ex: Any) -> None:
    text = ex.text  # offsets are into the normalized text (NFC, no NUL, \n line ends)
    assert text == normalize_text(given)
    n = len(text)
    for s in [*ex.paragraphs, *ex.sentences]:
        assert 0 <= s.start <= s.end <= n
    for m in [*ex.mentions, *ex.dates, *ex.quantities]:
        assert 0 <= m.start < m.end <= n, m
        assert m.text == text[m.start:m.end], m


@FUZZ
@given(text=TEXT, date=DATES)
def test_extraction_of_any_text_is_consistent(kb: Any, text: str, date: str | None) -> None:
    try:
        ex = extract_string(kb, text, date=date)
    except IGOkitError:
        return  # refused on purpose, with a message: allowed
    _check(text, ex)
    assert ex.to_dict()["text"] == ex.text  # the JSON form is built without error


@FUZZ
@given(text=st.text(st.characters(codec="utf-8"), max_size=3000))
def test_extraction_of_random_unicode(kb: Any, text: str) -> None:
    try:
        ex = extract_string(kb, text)
    except IGOkitError:
        return
    _check(text, ex)


def test_the_pieces_are_found_where_they_are(kb: Any) -> None:
    """The fuzzed properties are not vacuous: real mentions, dates and quantities occur."""
    text = "On 15 June 2001 the SCO was founded; Kazakhstan is one of its 10 member states."
    ex = extract_string(kb, text)
    assert ex.mentions and ex.dates and ex.quantities
    _check(text, ex)
