"""The extraction pipeline's fast paths (issue 13) give the same answers as the plain forms.

Each fast path replaces a slower computation that is kept here (or in the module) as the
reference: byte-table letter counts for the language pre-step, one str.replace per character
instead of str.translate, Aho-Corasick candidates instead of a regex search for number words,
a word-start filter before the date pattern, cheap checks before expensive regexes.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from igokit.text import dates, langid, linking, quantities
from igokit.text.dates import find_dates
from igokit.text.langid import detect_language, sentence_languages
from igokit.text.linking import EntityLinker
from igokit.text.names import NameEntry
from igokit.text.numbers import NUMBER_WORDS, NUMWORD_FORMS, digit_runs
from igokit.text.pipeline import extract_text
from igokit.text.quantities import find_quantities
from igokit.text.segment import sentence_spans, split_paragraphs, split_sentences

_CODE_PAGE = [c for c in bytes(range(256)).decode("kz1048", errors="replace") if c != "\ufffd"]
_LETTERS = list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁ") + list("әғқңөұүһіӘҚ") + list("abcXYZ")
_TEXT = st.lists(st.sampled_from(_CODE_PAGE + _LETTERS * 4 + [" "] * 12 + ["¹", "中", "é", "µ"]),
                 max_size=80).map("".join)


# ---------------------------------------------------------------------------- language id
@given(_TEXT)
@settings(max_examples=400, deadline=None)
def test_prestep_on_bytes_matches_the_regex_form(text: str) -> None:
    assert langid._prestep(text) == langid._prestep_regex(text)
    try:
        encoded = text.encode("kz1048")
    except UnicodeEncodeError:
        return
    assert langid._prestep_bytes(encoded) == langid._prestep_regex(text)


PARAGRAPHS = [
    # Kazakh, English and Russian sentences in one paragraph: each keeps its own language.
    "Қазақстан ШЫҰ-ға төрағалық етті. The summit took place in Astana. Это очень важно.",
    "Ол келе жатыр. Сауда артты.",  # short Kazakh without Kazakh letters: lingua decides
    "¹Университет Туран, Алматы. Казахстан вступил в ШОС в 2001 году вместе с Китаем и Россией.",
    "上海合作组织. SCO summit. 2021.",
    "Trade grew. Торговля выросла.",
]


def test_sentence_languages_match_detect_language_per_sentence() -> None:
    for para in PARAGRAPHS:
        spans = sentence_spans(para)
        expected = [detect_language(para[s:e]) for s, e in spans]
        assert sentence_languages(para, spans) == expected


def test_a_sentence_in_another_language_inside_a_paragraph_gets_its_own_language() -> None:
    ex = extract_text(PARAGRAPHS[0], EntityLinker([]))
    assert [s.lang for s in ex.sentences] == ["kk", "en", "ru"]
    assert {s.paragraph for s in ex.sentences} == {0}


# ---------------------------------------------------------------------------- segmentation
_SEG = st.lists(st.sampled_from([*"Аа Бб.!?\n\t«»1 г. Dr. Mr. etc.", " ", "\n\n"]),
                max_size=80).map("".join)


@given(_SEG, st.integers(0, 50))
@settings(max_examples=300, deadline=None)
def test_sentence_spans_are_split_sentences_offsets(text: str, offset: int) -> None:
    segs = split_sentences(text, offset)
    assert [(s.start - offset, s.end - offset) for s in segs] == sentence_spans(text)
    assert all(text[s.start - offset : s.end - offset] == s.text for s in segs)


# ---------------------------------------------------------------------------- linking
_REFERENCE_TABLE = str.maketrans(linking._SHAPE_MAP)
_SHAPE_TEXT = st.lists(st.sampled_from([*linking._SHAPE_MAP, "a", "ё", "Ж", " ", "x"]),
                       max_size=60).map("".join)


@given(_SHAPE_TEXT)
def test_shape_chars_is_the_translate_table(text: str) -> None:
    assert linking._shape_chars(text) == text.translate(_REFERENCE_TABLE)


_NEXT_WORD = re.compile(r" ?([^\W_]+)")  # what the two checks below matched before
_LOW = st.lists(st.sampled_from(["доллар", "долл", "dollar", "s", "саммит", "рух", " ", "$", ".",
                                 "а", "x", "-", "1"]), max_size=12).map("".join)


@given(_LOW, st.integers(0, 40), st.integers(0, 40))
def test_currency_and_blocker_checks_match_the_regex_forms(low: str, start: int, end: int) -> None:
    start, end = min(start, len(low)), min(max(start, end), len(low))
    m = _NEXT_WORD.match(low, end)
    blocker = m is not None and m.group(1).startswith(linking._PLACE_BLOCKERS)
    assert linking._before_blocker(low, end) == blocker
    currency = (
        low[end : end + 1] == "$"
        or bool(m and m.group(1).startswith(linking._CURRENCY_NEXT))
        or bool(linking._CURRENCY_BEFORE.search(low, max(0, start - 12), start))
    )
    assert linking._in_currency(low, start, end) == currency


def test_mentions_after_collapsed_spaces_slice_back() -> None:
    linker = EntityLinker([
        NameEntry("KAZ", "country", "Kazakhstan", "en", "Kazakhstan", iso3="KAZ"),
        NameEntry("CHN", "country", "China", "en", "China", iso3="CHN"),
        NameEntry("SCO", "organization", "Shanghai Cooperation Organisation", "en", "SCO"),
    ])
    text = ("Kazakhstan  and\n\nChina   met.\n\n\n  The Shanghai \n Cooperation   Organisation "
            "met China.")
    found = linker.find(text)
    assert [m.entity for m in found] == ["KAZ", "CHN", "SCO", "CHN"]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert found[2].text == "Shanghai \n Cooperation   Organisation"


# ---------------------------------------------------------------------------- quantities
_FORMS = sorted(NUMBER_WORDS)[::7]
_NUM_TEXT = st.lists(
    st.one_of(st.sampled_from(_FORMS).map(str.capitalize), st.sampled_from(_FORMS),
              st.sampled_from(_FORMS).map(str.upper),
              st.sampled_from([" ", " ", "-", "‑", " and ", "x", "о", ",", "\u00a0", "5"])),
    max_size=14).map("".join)


@given(_NUM_TEXT)
@settings(max_examples=400, deadline=None)
def test_number_word_candidates_hold_every_match_of_the_search(text: str) -> None:
    searched = []
    pos = 0
    while (m := quantities._words_re().search(text, pos)) is not None:
        searched.append(m.start())
        pos = max(m.end(), m.start() + 1)
    starts = set(quantities._number_word_starts(text))
    assert set(searched) <= starts


@given(st.lists(st.sampled_from(["государств-членов", "мемлекеттер", "саны", "санын", "число",
                                 "number of", "members", "the", "rose", "to", "до", "выросло",
                                 "ШОС", "  ", " "]), max_size=10).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_count_before_checks_never_hide_a_match(window: str) -> None:
    text = window + "10"
    start = len(window)
    if quantities._count_before_re().search(text, max(0, start - 80), start):
        near = text[max(0, start - 8) : start]
        last = quantities._COUNT_BEFORE_END.search(near)
        assert last is not None
        assert last.group().startswith("сан") or quantities._COUNT_CUE.search(
            text, max(0, start - 80), start)


def test_counted_noun_before_the_number() -> None:
    assert [(q.value, q.unit) for q in find_quantities("мүше мемлекеттер саны онға жетті")] == [
        (10.0, "member state")]
    assert [(q.value, q.unit) for q in find_quantities(
        "The number of members rose to 10.")] == [(10.0, "member")]
    assert [(q.value, q.unit) for q in find_quantities(
        "число государств-членов выросло до 10")] == [(10.0, "member state")]
    assert find_quantities("в период до 2030 года") == []


# ---------------------------------------------------------------------------- dates
_DATE_TEXT = st.lists(st.sampled_from(
    ["4", "12", "2024", "1999", " ", "  ", "-", "–", ".", ",", "July", "JULY", "июля", "Июля",
     "шілдеде", "с", "со", "по", "from", "between", "and", "to", "г.", "жылы", "year", "x", "в"]),
    max_size=12).map("".join)


@given(_DATE_TEXT)
@settings(max_examples=400, deadline=None)
def test_date_word_start_filter_keeps_every_match(text: str) -> None:
    for w in re.finditer(r"\b\w", text):
        if dates._DATE_RE.match(text, w.start()):
            assert dates._WORD_START.match(text, w.start()), text[w.start():]


@given(_DATE_TEXT)
@settings(max_examples=200, deadline=None)
def test_given_digit_runs_change_nothing(text: str) -> None:
    runs = digit_runs(text)
    assert runs == [m.span() for m in re.finditer(r"\d+", text)]
    assert find_dates(text, digit_runs=runs) == find_dates(text)
    assert find_quantities(text, digit_runs=runs) == find_quantities(text)


def test_pipeline_paragraphs_and_sentences() -> None:
    text = "\n\n".join(PARAGRAPHS)
    ex = extract_text(text, EntityLinker([]))
    expected = [
        (s.start, s.end, detect_language(s.text), i)
        for i, p in enumerate(split_paragraphs(text))
        for s in split_sentences(p.text, p.start)
    ]
    assert [(s.start, s.end, s.lang, s.paragraph) for s in ex.sentences] == expected


_DIGIT_TEXT = st.lists(st.sampled_from(
    ["5", "12", "2024", "1 500", "3,2", "3.", ",", ".", "-", "-ден", "–", " ", "\u00a0", "%", "$",
     "млн", "km", "k", "m", "]", ")", "/", "²", "a", "б", "тонн", "\n", "USD"]),
    max_size=10).map("".join)


@given(_DIGIT_TEXT)
@settings(max_examples=500, deadline=None)
def test_a_digit_run_skipped_before_the_number_pattern_is_a_bare_match(text: str) -> None:
    for p, q in digit_runs(text):
        if quantities._nothing_can_follow(text, q):
            m = quantities._NUM_RE.match(text, p)
            assert m is None or (m.end() == q and m.end("num") == q), (text, p)


_SPACED = st.lists(st.one_of(st.sampled_from(_FORMS), st.sampled_from(_FORMS).map(str.upper),
                             st.sampled_from([" ", "  ", "\n\n", " \t ", "Kazakhstan", "ё", "-",
                                              "‑", "x", "ОН", "он"])),
                   max_size=16).map("".join)
_WORD_LINKER = EntityLinker(
    [NameEntry("KAZ", "country", "Kazakhstan", "en", "Kazakhstan", iso3="KAZ")],
    words=NUMWORD_FORMS,
)


@given(_SPACED)
@settings(max_examples=400, deadline=None)
def test_linker_scan_locates_every_number_word(text: str) -> None:
    mentions, candidates = _WORD_LINKER.scan(text)
    assert mentions == _WORD_LINKER.find(text)
    assert candidates == sorted(set(candidates))
    assert set(quantities._number_word_starts(text)) <= set(candidates)
    assert find_quantities(text, number_word_candidates=candidates) == find_quantities(text)


def test_pipeline_with_a_pickled_linker_still_shares_the_scan() -> None:
    import pickle

    text = "Eight member states and two observers met in Kazakhstan  on 4 July 2024."
    copy = pickle.loads(pickle.dumps(_WORD_LINKER))
    assert copy.words == NUMWORD_FORMS
    assert extract_text(text, copy).to_dict() == extract_text(text, _WORD_LINKER).to_dict()
    assert [q.value for q in extract_text(text, copy).quantities] == [8.0, 2.0]


def _in_url_loop(text: str, start: int) -> bool:
    """The character loop that dates._in_url replaced."""
    lo = max(0, start - 200)
    i = start
    while i > lo and not text[i - 1].isspace() and text[i - 1] not in "<([«\"":
        i -= 1
    j = start
    hi = min(len(text), start + 100)
    while j < hi and not text[j].isspace() and text[j] not in ">)]»\"":
        j += 1
    return bool(dates._URLISH.search(text, i, j))


@given(st.lists(st.sampled_from(["https://", "doi", "www.", ".org", "2024", " ", "\n", "(", ")",
                                 "«", "»", "\"", "<", ">", "[", "]", "a", "/", "x" * 60, "\u2028"]),
                max_size=14).map("".join), st.integers(0, 400))
@settings(max_examples=400, deadline=None)
def test_in_url_matches_the_character_loop(text: str, start: int) -> None:
    start = min(start, len(text))
    assert dates._in_url(text, start) == _in_url_loop(text, start)
