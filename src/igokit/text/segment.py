"""Paragraph and sentence splitting for English, Russian and Kazakh, with code-point offsets.

Hand-written (regex plus a few rules) because the measured libraries (razdel, pysbd,
sentencex) got only 2 of 5 Russian and Kazakh test cases right: they do not know ``г.``,
``гг.``, ``млрд. долл. США``, ``ж.``, ``жж.`` or initials such as ``Н.А. Назарбаев``
(see shared/notes/nlp-libraries.md). One regex finds the candidate boundaries (a stop followed
by whitespace, or a line break); a small decision function looks at the word before and the
character after. Every ``Segment`` satisfies ``text[seg.start - start_offset:seg.end -
start_offset] == seg.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "Segment", "sentence_spans", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of a text: ``text == source[start:end]`` (code-point offsets)."""

    start: int
    end: int
    text: str


# --------------------------------------------------------------------------------------------
def _words(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations, lower-cased, without the final period. Three behaviours:
#   _NEVER_END  : never end a sentence (a name or a clause always follows): "Dr.", "т.е.".
#   _BEFORE_NUM : not an end when a number follows ("No. 5", "ст. 12", "Jan. 5").
#   _SOFT       : often end a sentence ("и т.д.", "в 2001 г."): an end only before a word in
#                 Title case (so "млрд. долл. США" and "млрд. АҚШ долларын" stay whole).
ABBREVIATIONS: dict[str, dict[str, frozenset[str]]] = {
    "ru": {
        "never": _words("т.е т.н напр см им ст ср проф акад ген долл англ рус каз кит ул пр-т обл"),
        "num": _words("п пп ч рис табл стр с т гл разд прил"),
        "soft": _words("г гг т.д т.п др млрд млн трлн тыс руб коп в вв н.э"),
    },
    "kk": {
        "never": _words("көш ауд обл"),
        "num": _words("б бет"),
        "soft": _words("ж жж т.б т.с.с млрд млн трлн мың б.з.б б.з ғ ғғ қ"),
    },
    "en": {
        "never": _words(
            "mr mrs ms dr prof gen col lt sgt capt st mt sen rep gov pres amb hon rev "
            "e.g i.e cf vs viz approx ca resp doc sc"
        ),
        "num": _words(
            "no nos art arts para paras p pp fig figs vol vols ch sec ed eds "
            "jan feb mar apr jun jul aug sep sept oct nov dec"
        ),
        "soft": _words("etc al inc ltd co corp bn mln"),
    },
}
_NEVER = frozenset().union(*(v["never"] for v in ABBREVIATIONS.values()))
_BEFORE_NUM = frozenset().union(*(v["num"] for v in ABBREVIATIONS.values()))
_SOFT = frozenset().union(*(v["soft"] for v in ABBREVIATIONS.values()))
# Year words: after a number they are soft, with one more rule: "В 2023 г. Казахстан ..." (a
# short lead-in) is one sentence. Not after a number, "г." is "город": "в г. Астана".
_YEAR = _words("г гг ж жж в вв ғ ғғ")  # years; "в."/"ғ." centuries ("XX в.", "II ғ.")
# Words that open a time lead-in ("В июле 2023 г.", "Также в 2023 г.").
_LEAD_IN = _words(
    "в во с со к ко до по на за от после перед также уже ещё еще начиная летом осенью зимой "
    "весной сондай-ақ осы in since by"
)
_ROMAN = _words("i ii iii iv v vi vii viii ix x xi xii")
_UPPER_ROMAN = _words("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX XXI")

_OPENERS = "«\"“„'‘([{*"
_CLOSERS = "»\"”’')]}*\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"

# A stop (with closing quotes/brackets) and the whitespace after it, or a line break and the
# whitespace after it. The lookahead lets the regex engine skip ahead on its first character
# (about 2.5x faster than the bare alternation); the lookbehind and the possessive quantifiers
# keep long runs of dots (tables of contents) linear.
_CANDIDATE = re.compile(
    rf"(?=[.!?…\n])(?:(?<![.!?…])(?P<stop>[.!?…]++[{re.escape(_CLOSERS)}]*+)(?P<ws>\s+|\Z)"
    r"|\n\s*)"
)
# Initials: "M.B", "Н.А", "K.-J", "Ә" (checked with .isupper() too).
_INITIALS = re.compile(r"(?:[^\W\d_]\.-?)*[^\W\d_]")
# A line that starts a list item or a heading: "# ...", "- ...", "• ...", "1. ...", "| ...".
_LINE_MARK = re.compile(r"[ \t]*(?:[#>|•·▪]|[-*–—+][ \t]|\d{1,3}[.)][ \t])")
_MAX_HEADING_CHARS = 70
_SHORT_HEADING_CHARS = 25
_LEAD_IN_CHARS = 120


def split_paragraphs(text: str) -> list[Segment]:
    """Split ``text`` at blank lines; each line of a flattened table (a line with a tab) is a
    paragraph of its own. Segments are trimmed of surrounding whitespace."""
    out: list[Segment] = []
    start = 0
    for m in _BLANK_LINES.finditer(text):
        _add_block(out, text, start, m.start())
        start = m.end()
    _add_block(out, text, start, len(text))
    return out


# One or more blank (or whitespace-only) lines. Starts with a literal "\n", so it stays linear
# even on huge runs of spaces.
_BLANK_LINES = re.compile(r"\n(?:[ \t\f\v\r]*\n)+")


def _add_block(out: list[Segment], text: str, start: int, end: int) -> None:
    if text.find("\t", start, end) < 0:
        _add_trimmed(out, text, start, end)
        return
    # Table rows each alone; consecutive non-table lines stay together.
    run_start = pos = start
    for line in text[start:end].splitlines(keepends=True):
        line_end = pos + len(line)
        if "\t" in line.strip():
            _add_trimmed(out, text, run_start, pos)
            _add_trimmed(out, text, pos, line_end)
            run_start = line_end
        pos = line_end
    _add_trimmed(out, text, run_start, end)


def _add_trimmed(out: list[Segment], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        out.append(Segment(s, s + len(stripped), stripped))


def split_sentences(text: str, start_offset: int = 0) -> list[Segment]:
    """Split ``text`` into sentences; offsets are ``start_offset`` + code-point offsets.

    Boundaries: ``.``, ``!``, ``?``, ``…`` (with any closing quotes, brackets and superscript
    footnote digits) followed by whitespace and a capital letter, digit or opening quote;
    blank lines; single line breaks around table rows (lines with tabs), list items and
    headings (a short line that is a sentence on its own, followed by a capital). Not a
    boundary: abbreviations (see ``ABBREVIATIONS``), initials, decimal numbers, a stop before a
    lower-case word, and a line break inside a running sentence (PDF line wrapping).
    """
    return [Segment(s + start_offset, e + start_offset, text[s:e]) for s, e in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the sentences of ``text``: :func:`split_sentences`
    without building a :class:`Segment` for each (the extraction pipeline's form)."""
    out: list[tuple[int, int]] = []
    n = len(text)
    sent = n - len(text.lstrip())  # start of the pending sentence
    for m in _CANDIDATE.finditer(text, sent):
        stop, ws = m.group(1, 2)  # "stop", "ws"
        nxt = m.end()
        if stop is None:
            ws = m.group()
            cut = m.start()
            while cut > sent and text[cut - 1] in " \t":
                cut -= 1  # trailing spaces belong to the break
            if cut <= sent:
                continue
        else:
            cut = m.start(2)
        if nxt < n:
            if ws.count("\n") >= 2:
                # A blank line ends a sentence, unless a page break cut running text:
                # "... Благодаря активному диалогу и\n\nвнешнеполитическому ...".
                if stop is None and text[nxt].islower() and _runs_on(text, cut):
                    continue
            elif not (stop is not None and _stop_ends(text, sent, m.start(), stop, nxt)) and (
                "\n" not in ws or not _line_break_ends(text, sent, cut, nxt)
            ):
                continue
        # The sentence without its surrounding whitespace (str.strip removes exactly the
        # characters with isspace()), unless nothing is left.
        chunk = text[sent:cut]
        stripped = chunk.strip()
        if stripped:
            start = sent + len(chunk) - len(chunk.lstrip())
            out.append((start, start + len(stripped)))
        sent = nxt
    chunk = text[sent:]
    stripped = chunk.strip()
    if stripped:
        start = sent + len(chunk) - len(chunk.lstrip())
        out.append((start, start + len(stripped)))
    return out


def _stop_ends(text: str, sent: int, stop_at: int, stop: str, nxt: int) -> bool:
    """Decide a stop followed by whitespace and the character at ``nxt``."""
    c = text[nxt]
    if c.islower():
        return False
    if not (c.isupper() or c.isdigit() or c in _OPENERS):
        return False
    if stop[0] != "." or len(stop) > 1:
        return True  # "?", "!", "…", "...", '."', '.»', '.)': not an abbreviation
    word = _word_before(text, sent, stop_at)
    if not word:
        return True
    low = word.lower()
    if low in _NEVER:
        return False
    if c.isdigit():
        return not (low in _BEFORE_NUM or low in _SOFT)
    if low in _SOFT:
        # An end only before a Title-case word ("млрд. АҚШ долларын" goes on).
        if not (c.isupper() and nxt + 1 < len(text) and text[nxt + 1].islower()):
            return False
        if low in _YEAR:
            before = text[max(sent, stop_at - len(word) - 12) : stop_at - len(word)].rstrip()
            if not (before and (before[-1].isdigit() or before.split()[-1] in _UPPER_ROMAN)):
                return False  # "в г. Астана": г. is "город" here
            return not _year_lead_in(text, sent, stop_at - len(word))
        return True
    if word.isupper() and _INITIALS.fullmatch(word):
        return False  # "Н.А. Назарбаев", "Igibayeva M.B.", "K.-J. Tokayev", "U.S."
    # "1. Introduction", "IV. Results": a numbered heading, not a sentence.
    numbered = (word.isdigit() and len(word) <= 3) or low in _ROMAN
    return not (numbered and sent + len(word) == stop_at)


def _runs_on(text: str, cut: int) -> bool:
    """Whether the text before a blank line stops mid-sentence (a letter or a comma)."""
    last = text[cut - 1]
    if not (last.isalpha() or last == ","):
        return False
    line_start = text.rfind("\n", 0, cut) + 1
    return text[line_start] != "#" and "\t" not in text[line_start:cut].strip()


def _year_lead_in(text: str, sent: int, num_end: int) -> bool:
    """Whether a year ("2023 г.", "2023 ж.") closes a lead-in rather than a sentence.

    "В июле 2023 г. Казахстан ...", "Также в 2023 г. ...", "Негізгі нәтижелер: 2023 ж. ...":
    a short fragment that opens with a preposition or a time word, or a year right after a
    colon, is followed by the rest of its sentence.
    """
    if num_end - sent <= _LEAD_IN_CHARS:
        words = text[sent:num_end].split()
        if len(words) <= 3 or (len(words) <= 8 and words[0].lower() in _LEAD_IN):
            return True
    tail = text[max(sent, num_end - 40) : num_end].split()
    return len(tail) >= 2 and tail[-2].endswith(":")


def _word_before(text: str, sent: int, stop_at: int) -> str:
    """The token that ends at ``stop_at``, without leading quotes or brackets."""
    chunk = text[max(sent, stop_at - 24) : stop_at]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(None, 1)[-1].lstrip(_OPENERS)


def _line_break_ends(text: str, sent: int, cut: int, nxt: int) -> bool:
    """Decide a line break inside a sentence, followed by the character at ``nxt``."""
    line_start = text.rfind("\n", 0, cut) + 1
    next_end = text.find("\n", nxt)
    if next_end < 0:
        next_end = len(text)
    if "\t" in text[line_start:cut].strip() or "\t" in text[nxt:next_end].rstrip():
        return True  # table rows
    c = text[nxt]
    if c.islower():
        return False  # running text wrapped at the line end
    if _LINE_MARK.match(text, nxt):
        return True  # a list item or a heading starts
    if text[line_start] == "#" or text[cut - 1] == ":":
        return True  # a Markdown heading ends, or a lead-in ("Key results:")
    if sent < line_start or text[line_start:sent].strip():
        return False  # the sentence began before this line: running text
    if _LINE_MARK.match(text, line_start):
        return True  # a one-line list item
    # A heading: a short line that is a sentence on its own ("Abstract", a title, authors),
    # not a wrapped line of running text (which ends in "by", "the", "и", ","; or is about as
    # long as the next line).
    length = cut - sent
    if length > _MAX_HEADING_CHARS or text[cut - 1] == ",":
        return False
    last = text[max(sent, cut - 4) : cut].rsplit(None, 1)[-1]
    if len(last) <= 3 and last.islower():
        return False
    return length <= _SHORT_HEADING_CHARS or length < 0.75 * (next_end - nxt)
