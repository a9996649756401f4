"""Dictionary coding: multi-label policy areas per unit, with the matched terms as evidence.

Matching is one Aho-Corasick scan over the lower-cased text for the first word of every term,
then an anchored check of the whole term (stems accept any word ending, exact words must end
there). This is the morphology-aware part that general keyword tools lack: Russian and Kazakh
inflect the stem (терроризмом, экологиялық), and a stem* term catches every form.
No library does stem-with-phrases matching with word-start and word-end rules at this speed,
hence this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ahocorasick

from igokit.analysis.codebook import ANY, Codebook, Term, load_codebook
from igokit.text.langid import detect_language
from igokit.text.segment import split_paragraphs, split_sentences

Unit = Literal["sentence", "paragraph", "line"]
THRESHOLD = 1.0

# A topic the sentence says is absent does not count ("the talks would not touch upon military
# matters", "не поднимала вопрос о расширении", "әскери мәселелер қозғалған жоқ"), but
# "not only X but also Y" keeps both. Kazakh negates after the word, en/ru before it.
_NEG_BEFORE = re.compile(
    r"(?<![\w-])(?:not|never|no|neither|nor|не|ни)(?![\w-])(?![\s,]+(?:only|just|merely|только|"
    r"лишь))(?:\W+[\w-]+){0,3}\W+$"
)
_NEG_AFTER = re.compile(r"^(?:\W+[\w-]+){0,2}?\W+(?:[\w-]+(?:ған|ген|қан|кен)\s+)?(?:жоқ|емес)"
                        r"(?![\w-])(?!\s+(?:тек|ғана))")


@dataclass(slots=True)
class TermHit:
    area: str
    term: str
    text: str
    start: int
    end: int
    weight: float


@dataclass(slots=True)
class CodedUnit:
    start: int
    end: int
    text: str
    lang: str
    areas: list[str]
    scores: dict[str, float]
    terms: list[TermHit] = field(default_factory=list)
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.line is not None:
            out["line"] = self.line
        out.update({"start": self.start, "end": self.end, "lang": self.lang,
                    "areas": self.areas, "scores": self.scores,
                    "terms": [{"area": t.area, "term": t.term, "text": t.text,
                               "start": t.start, "end": t.end} for t in self.terms]})
        return out


def _lower(text: str) -> str:
    """Lower-case without changing the length (offsets must stay valid); ё → е."""
    low = text.lower()
    if len(low) != len(text):  # e.g. 'İ' lowers to two code points
        low = "".join(c.lower()[0] if c.lower() else c for c in text)
    return low.replace("ё", "е")


def _term_regex(term: Term) -> re.Pattern[str]:
    parts = []
    for word, stem in term.words:
        parts.append(re.escape(word) + (r"[\w'’\-]*" if stem else r"(?![\w\-])"))
    return re.compile(r"[\s\-]+".join(parts))


class DictionaryCoder:
    """Codes texts with a :class:`Codebook`. Build once, code many units."""

    def __init__(self, codebook: Codebook | None = None, threshold: float = THRESHOLD) -> None:
        self.codebook = codebook or load_codebook()
        self.threshold = threshold
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, Term, re.Pattern[str]]]] = {}
        for key, area in self.codebook.areas.items():
            for term in area.terms:
                table.setdefault(term.words[0][0], []).append((key, term, _term_regex(term)))
        for first, items in table.items():
            self._automaton.add_word(first, tuple(items))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def find_terms(self, text: str, langs: Iterable[str] | None = None) -> list[TermHit]:
        """Every term occurrence in ``text``; where terms overlap, the longest counts."""
        if self._empty or not text:
            return []
        allowed = None if langs is None else {*langs, ANY}
        low = _lower(text)
        hits: list[TermHit] = []
        for end_idx, items in self._automaton.iter(low):
            start = _first_word_start(end_idx, items)
            for area, term, end in _matches(low, start, items, 0, len(low), allowed):
                hits.append(TermHit(area, term.text, text[start:end], start, end, term.weight))
        return [h for h in _longest_per_area(hits) if not _negated(low, h.start, h.end)]

    def code_spans(self, text: str, spans: Sequence[tuple[int, int, str]]) -> list[list[str]]:
        """The policy areas of each ``(start, end, lang)`` unit of ``text``: what
        ``code_text(text[start:end], lang).areas`` gives for each, with one scan of the whole
        text instead of one per unit (the units of a stored extraction, coded for the report).
        Units must not overlap; hits are bounded by their unit exactly as when it is alone."""
        out: list[list[str]] = [[] for _ in spans]
        if self._empty or not text or not spans:
            return out
        order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        starts = [spans[i][0] for i in order]
        low = _lower(text)
        hits: dict[int, list[TermHit]] = {}
        for end_idx, items in self._automaton.iter(low):
            start = _first_word_start(end_idx, items)
            k = bisect_right(starts, start) - 1
            if k < 0:
                continue
            unit = order[k]
            u_start, u_end, lang = spans[unit]
            if end_idx >= u_end:
                continue  # outside the unit, or across its end
            for area, term, end in _matches(low, start, items, u_start, u_end, _allowed(lang)):
                hits.setdefault(unit, []).append(
                    TermHit(area, term.text, "", start, end, term.weight))
        for unit, found in hits.items():
            u_start, u_end, _ = spans[unit]
            scores: dict[str, float] = {}
            for h in _longest_per_area(found):
                if not _negated(low, h.start, h.end, u_start, u_end):
                    scores[h.area] = scores.get(h.area, 0.0) + h.weight
            out[unit] = [a for a in self.codebook.areas if scores.get(a, 0.0) >= self.threshold]
        return out

    def code_text(self, text: str, lang: str | None = None, offset: int = 0,
                  line: int | None = None) -> CodedUnit:
        """Code one unit. ``lang`` restricts terms to that language (plus language-neutral
        ones); it is detected when not given. Terms of both Cyrillic languages apply to a
        Cyrillic unit, since short Russian/Kazakh units are the ones language id gets wrong."""
        lang = lang or detect_language(text)
        allowed = _allowed(lang)
        hits = self.find_terms(text, None if allowed is None else allowed - {ANY})
        scores: dict[str, float] = {}
        for h in hits:
            scores[h.area] = scores.get(h.area, 0.0) + h.weight
        areas = [a for a in self.codebook.areas if scores.get(a, 0.0) >= self.threshold]
        for h in hits:
            h.start += offset
            h.end += offset
        return CodedUnit(offset, offset + len(text), text, lang, areas,
                         {a: round(s, 3) for a, s in scores.items()}, hits, line)

    def code(self, text: str, unit: Unit = "sentence") -> list[CodedUnit]:
        """Split ``text`` into units and code each (empty units are skipped, lines keep their
        numbers from 1)."""
        out: list[CodedUnit] = []
        if unit == "line":
            pos = 0
            for number, raw in enumerate(text.split("\n"), start=1):
                if raw.strip():
                    out.append(self.code_text(raw, offset=pos, line=number))
                pos += len(raw) + 1
            return out
        for para in split_paragraphs(text):
            if unit == "paragraph":
                out.append(self.code_text(para.text, offset=para.start))
                continue
            for seg in split_sentences(para.text, para.start):
                out.append(self.code_text(seg.text, offset=seg.start))
        return out


_Items = tuple[tuple[str, Term, "re.Pattern[str]"], ...]


def _first_word_start(end_idx: int, items: _Items) -> int:
    """Where the first word of the automaton's hit ``items`` (ending at ``end_idx``) starts."""
    return end_idx - len(items[0][1].words[0][0]) + 1


def _matches(low: str, start: int, items: _Items, u_start: int, u_end: int,
             allowed: Iterable[str] | None) -> list[tuple[str, Term, int]]:
    """The terms of ``items`` whose whole wording matches at ``start`` within the unit
    ``low[u_start:u_end]``, in a language ``allowed`` (None: any): (area, term, end). None when
    ``start`` is not at a word start."""
    if start > u_start and (low[start - 1].isalnum() or low[start - 1] == "-"):
        return []
    out = []
    for area, term, regex in items:
        if allowed is not None and term.lang not in allowed:
            continue
        m = regex.match(low, start, u_end)
        if m:
            out.append((area, term, m.end()))
    return out


def _allowed(lang: str) -> frozenset[str] | None:
    """The term languages that apply to a unit in ``lang`` (None: all). Terms of both Cyrillic
    languages apply to a Cyrillic unit."""
    return _ALLOWED.get(lang, frozenset({lang, ANY})) if lang != "other" else None


_ALLOWED = {"ru": frozenset({"ru", "kk", ANY}), "kk": frozenset({"ru", "kk", ANY})}


def _negated(low: str, start: int, end: int, u_start: int = 0, u_end: int | None = None
             ) -> bool:
    """The term at ``start:end`` is negated within its unit ``u_start:u_end`` of ``low``."""
    before = low[max(u_start, start - 48):start]
    if _NEG_BEFORE.search(before):
        return True
    stop = end + 40 if u_end is None else min(end + 40, u_end)
    return bool(_NEG_AFTER.match(low[end:stop]))


def _longest_per_area(hits: list[TermHit]) -> list[TermHit]:
    """Each stretch of text counts once: where terms overlap, the one with more words wins, then
    the longer match, then the strong over the weak ("energy security" counts for energy, not
    also as the weak "security"). A term listed in two areas (ecotourism) counts for both."""
    ranked = sorted(hits, key=lambda h: (-h.term.count(" "), -(h.end - h.start), -h.weight,
                                         h.start))
    kept: list[TermHit] = []
    spans: list[tuple[int, int]] = []
    for h in ranked:
        if (h.start, h.end) in spans:
            if all(k.area != h.area for k in kept if (k.start, k.end) == (h.start, h.end)):
                kept.append(h)
            continue
        if any(h.start < e and s < h.end for s, e in spans):
            continue
        kept.append(h)
        spans.append((h.start, h.end))
    kept.sort(key=lambda h: (h.start, h.area))
    return kept
