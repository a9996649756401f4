"""Link mentions of countries, organizations, persons ... in en/ru/kk text to knowledge-base ids.

Design (measured in ``shared/notes/nlp-libraries.md``): one pyahocorasick automaton over the
lower-cased name forms, one scan of the lower-cased text, then an *ending rule* per match:

1. A match counts only at a word start.
2. What follows the match up to the end of the word must be empty or an allowed ending for that
   name form: Russian names are inflected up front (``Казахстаном`` is itself a key), Kazakh and
   English names take ending lists (``Қазақстан`` + ``ның``, ``ШЫҰ`` + ``-ға``, ``Kazakhstan`` +
   ``'s``), see :mod:`igokit.text.morphology`. So ``индикатор`` does not link India and
   ``astanahub`` does not link Astana. Demonyms and adjectives (Kazakh, казахстанский, Iranian,
   қазақстандық) are not the country unless the knowledge base lists them as aliases.
3. Overlaps are resolved leftmost-longest: ``Shanghai Cooperation Organisation`` beats
   ``Shanghai``, ``SCO Secretariat`` beats ``SCO``, ``Astana summit`` beats ``Astana``.

Acronyms (``is_acronym``) must match case-sensitively (UN is not "un"), names written with a
capital must start with a capital in the text (Turkey is not "turkey", China not "china"), and a
person's surname alone links when it is unambiguous (``Tokayev said``, ``Токаевым``).

A mention's span covers the whole inflected word, ending included (``Қазақстанның``,
``Kazakhstan's``, ``ШЫҰ-ға``), so ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

from igokit.text.morphology import (
    RU_ACRONYM_ENDINGS,
    RU_FALLBACK_ENDINGS,
    english_endings,
    kazakh_endings,
    russian_forms,
)
from igokit.text.names import NameEntry

__all__ = ["EntityLinker", "Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One linked mention: ``text == source[start:end]`` (offsets into the text given to find)."""

    start: int
    end: int
    text: str
    entity: str
    kind: str
    name: str  # the entity's canonical English name
    iso3: str | None
    acronym: str | None
    lang: str  # the language of the name form that matched (en, ru, kk)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: start, end, text, entity, kind, name (+ iso3 / acronym if relevant)."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "entity": self.entity,
            "kind": self.kind,
            "name": self.name,
        }
        if self.kind == "country":
            out["iso3"] = self.iso3
        if self.kind in ("organization", "body"):
            out["acronym"] = self.acronym
        return out


@dataclass(frozen=True, slots=True)
class _Target:
    """What one automaton key may stand for, and the rules a match must pass to link it."""

    entity: str
    kind: str
    canonical: str
    iso3: str | None
    acronym: str | None
    lang: str
    endings: frozenset[str]
    exact: str | None  # acronyms: the text must equal this, case included
    capital: bool  # the first letter in the text must be upper-case
    surname: bool  # a person's surname alone (loses ties to full names)
    order: int  # input order, for deterministic ties


# Text normalisation that keeps offsets: every character maps to exactly one character.
_SHAPE_MAP: dict[str, str] = {
    **dict.fromkeys("\t\n\r\x0b\x0c\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000", " "),
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **dict.fromkeys("’‘ʼ′`", "'"),
    **dict.fromkeys("\u2010\u2011", "-"),
    "ё": "е",
    "Ё": "Е",
}
_SHAPE_PAIRS: tuple[tuple[str, str], ...] = tuple(_SHAPE_MAP.items())
_SHAPE_ASCII: tuple[tuple[str, str], ...] = tuple(p for p in _SHAPE_PAIRS if p[0].isascii())


def _shape_chars(s: str) -> str:
    """``s`` with each character of ``_SHAPE_MAP`` replaced (same length, same offsets).

    One ``str.replace`` per character that occurs: ``str.translate`` with a dict table looks
    every character up in Python objects and was 20x slower on the corpus (it was the largest
    single cost of :meth:`EntityLinker.find`).
    """
    for c, r in _SHAPE_ASCII if s.isascii() else _SHAPE_PAIRS:
        if c in s:
            s = s.replace(c, r)
    return s


_MULTISPACE = re.compile(r"  +")
# The rest of a word after a match: letters, digits and apostrophes (for 's).
_TAIL = re.compile(r"(?:[^\W_]|')*")
_KK_LETTERS = re.compile("[әғқңөұүһі]")

# A place name followed by one of these words is part of an event or document name (the Astana
# summit, Астана декларациясы, Astana process) or of a concept (the Shanghai spirit, Шанхай рухы):
# when no event/document entry matched the longer name, emitting the city would be wrong, so the
# place mention is dropped.
_PLACE_BLOCKERS: tuple[str, ...] = (
    "summit",
    "declaration",
    "process",
    "саммит",  # саммит, саммита ... and Kazakh саммиті, саммитінде
    "декларац",  # декларация, декларации ... and Kazakh декларациясы
    "процесс",
    "процес",  # Kazakh процесі
    "spirit",
    "рух",  # Kazakh рухы, рухын (spirit)
    "дух",  # Russian "Шанхай дух" is rare (Шанхайский дух is an adjective anyway)
)

# Surnames that are also everyday words are not indexed alone even when unique among persons
# (capitalised at a sentence start they would still link). Hand-written and short on purpose: the
# capital-letter requirement already filters most common-word hits.
# fmt: off
_COMMON_SURNAMES: frozenset[str] = frozenset({
    "said", "long", "king", "young", "white", "black", "green", "brown", "rice", "bush", "will",
    "grant", "price", "page", "hope", "mark", "rose", "may", "well", "small", "chen", "wang",
    "zhang", "liu", "yang", "huang", "zhao", "khan", "singh", "kumar",
    "мир", "лев", "роза", "море", "сила", "мирный",
})
# fmt: on
_MIN_SURNAME_LEN = 4
# Capitalised words that may stand before a surname alone (titles): any other capitalised word
# there is taken for a different first name ("Utkir Alimov" is not Rashid Alimov). Prefixes,
# lower-cased; Russian and Kazakh titles are matched with their endings.
_TITLES: tuple[str, ...] = (
    "president", "mr", "mrs", "ms", "dr", "prof", "general", "minister", "secretary", "ambassador",
    "director", "chairman", "premier", "prime", "deputy", "senator", "former", "elbasy", "his",
    "her", "sir", "madam", "colonel", "major", "lieutenant", "marshal", "foreign", "chair",
    "президент", "г-н", "господин", "генерал", "министр", "посол", "директор", "председател",
    "секретар", "генсек", "премьер", "глав", "экс", "елбасы", "мемлекет", "бас", "елші",
    "сыртқы", "төраға", "хатшы",
)
_PREV_WORD = re.compile(r"([^\W\d_][\w.-]*) \Z")
# A country name that is part of a currency name: "АҚШ доллары", "US$", "долларов США".
_CURRENCY_NEXT = ("доллар", "долл", "dollar")
_CURRENCY_BEFORE = re.compile(r"(?:доллар\w*|долл\.?|dollars?) \Z")
_LATIN = re.compile(r"[A-Za-z]")


def _normalize(s: str) -> str:
    """The lower-cased key form of a name: same normalisation as the text, then lower()."""
    return " ".join(_shape_chars(s).split()).lower()


def _shape(s: str) -> str:
    """A name's written form after normalisation (for case-sensitive acronym comparison)."""
    return " ".join(_shape_chars(s).split())


class EntityLinker:
    """Finds knowledge-base entities in text with one Aho-Corasick scan plus ending rules.

    Build once from ``NameEntry`` rows (the knowledge base supplies them), then call
    :meth:`find` on any number of texts; the text's language does not need to be known.
    """

    def __init__(self, names: Iterable[NameEntry], *, link_surnames: bool = True,
                 words: Sequence[str] = ()) -> None:
        """Index every name form; with ``link_surnames`` also unambiguous persons' surnames.

        ``words``: more word forms (without spaces) that :meth:`scan` locates in the same
        Aho-Corasick pass, case-insensitively (the extraction pipeline gives the number words
        here, so that quantities need no scan of their own). :meth:`find` ignores them.
        """
        self.words = words
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Target]] = {}
        seen: set[tuple[object, ...]] = set()
        order = 0
        entries = list(names)

        def add(key: str, target: _Target) -> None:
            sig = (key, target.entity, target.lang, target.endings, target.exact, target.surname)
            if not key or sig in seen:
                return
            seen.add(sig)
            table.setdefault(key, []).append(target)

        for entry in entries:
            for lang, form, endings in self._forms(entry):
                order += 1
                shape = _shape(form)
                add(
                    _normalize(form),
                    _Target(
                        entity=entry.entity,
                        kind=entry.kind,
                        canonical=entry.canonical,
                        iso3=entry.iso3,
                        acronym=entry.acronym,
                        lang=lang,
                        endings=endings,
                        exact=shape if entry.is_acronym else None,
                        capital=not entry.is_acronym and shape[:1].isupper(),
                        surname=False,
                        order=order,
                    ),
                )

        if link_surnames:
            for key, target in self._surname_targets(entries, table, order):
                add(key, target)

        word_keys = {_word_key(w) for w in words}
        for key, targets in table.items():
            # Full names before surnames, then input order: the first target that passes wins.
            targets.sort(key=lambda t: (t.surname, t.order))
            self._automaton.add_word(key, (len(key), tuple(targets), key in word_keys))
        for key in word_keys - table.keys():
            self._automaton.add_word(key, (len(key), (), True))
        self._size = len(table)
        if table or word_keys:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        """The number of distinct (lower-cased) name forms indexed."""
        return self._size

    # ---------------------------------------------------------------------------------------
    # Building
    # ---------------------------------------------------------------------------------------

    @staticmethod
    def _forms(entry: NameEntry) -> list[tuple[str, str, frozenset[str]]]:
        """(lang, form, allowed endings) for one entry: Russian inflected, kk/en with endings.

        A language-neutral entry (``lang == ""``) gets the English rules when written in Latin
        letters and both the Russian and the Kazakh rules otherwise.
        """
        name = " ".join(entry.name.split())
        if not name:
            return []
        if entry.lang:
            langs: tuple[str, ...] = (entry.lang,)
        else:
            langs = ("en",) if _LATIN.search(name) else ("ru", "kk")
        out: list[tuple[str, str, frozenset[str]]] = []
        for lang in langs:
            if lang == "ru":
                if entry.is_acronym:
                    out.append((lang, name, RU_ACRONYM_ENDINGS))
                    continue
                forms = russian_forms(name, entry.kind)
                if forms:
                    out.extend((lang, f, _EXACT) for f in forms)
                else:  # nothing generated (word unknown to pymorphy3): generic noun endings
                    out.append((lang, name, RU_FALLBACK_ENDINGS))
            elif lang == "kk":
                out.append((lang, name, kazakh_endings(name, acronym=entry.is_acronym)))
            else:  # en and any other Latin-script language
                endings = english_endings(name, kind=entry.kind, acronym=entry.is_acronym)
                out.append((lang, name, endings))
        return out

    @staticmethod
    def _surname_targets(
        entries: list[NameEntry], table: dict[str, list[_Target]], order: int
    ) -> list[tuple[str, _Target]]:
        """Surname-alone keys for persons, kept only when they point to exactly one person.

        A surname is dropped when another person shares it, when any of its forms equals a name
        form of a different entity, when it is short (< 4 letters: Xi, Li) or a common word.
        """
        by_surname: dict[str, set[str]] = {}
        candidates: list[tuple[str, NameEntry, str]] = []
        for entry in entries:
            if entry.kind != "person" or entry.is_acronym:
                continue
            words = _shape(entry.name).split()
            if len(words) < 2:
                continue
            surname = words[-1]
            base = _normalize(surname)
            by_surname.setdefault(base, set()).add(entry.entity)
            candidates.append((base, entry, surname))

        proposed: dict[str, list[_Target]] = {}
        owners: dict[str, set[str]] = {}
        for base, entry, surname in candidates:
            if (
                len(by_surname[base]) > 1
                or len(base) < _MIN_SURNAME_LEN
                or base in _COMMON_SURNAMES
                or not surname[:1].isupper()
            ):
                continue
            alias = NameEntry(entry.entity, "person", surname, entry.lang, entry.canonical)
            for lang, form, endings in EntityLinker._forms(alias):
                order += 1
                key = _normalize(form)
                owners.setdefault(key, set()).add(entry.entity)
                proposed.setdefault(key, []).append(
                    _Target(
                        entity=entry.entity,
                        kind="person",
                        canonical=entry.canonical,
                        iso3=entry.iso3,
                        acronym=entry.acronym,
                        lang=lang,
                        endings=endings,
                        exact=None,
                        capital=True,
                        surname=True,
                        order=order,
                    )
                )
        out: list[tuple[str, _Target]] = []
        for key, targets in proposed.items():
            others = {t.entity for t in table.get(key, ())} - owners[key]
            if len(owners[key]) == 1 and not others:
                out.extend((key, t) for t in targets)
        return out

    # ---------------------------------------------------------------------------------------
    # Matching
    # ---------------------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """All linked mentions in ``text``, in order, non-overlapping (leftmost-longest)."""
        return self._find(text, False)[0] if self._size else []

    def scan(self, text: str) -> tuple[list[Mention], list[int]]:
        """:meth:`find`, and where the ``words`` given to the constructor occur in ``text``.

        The second list holds, sorted, the start offset of every occurrence of one of the words
        in any case (inside other words too): a superset of where they occur as written, for
        the caller to check.
        """
        return self._find(text, True)

    def _find(self, text: str, want_words: bool) -> tuple[list[Mention], list[int]]:  # noqa: C901 — the hot loop of entity linking: per-match boundary, ending and ambiguity rules inline for speed
        if not text:
            return [], []
        shaped = _shape_chars(text)
        shift_at: list[int] = []
        shift_by: list[int] = []
        if "  " in shaped:
            shaped, shift_at, shift_by = _collapse_spaces(shaped)
        low = shaped.lower()
        if len(low) != len(shaped):  # e.g. "İ" lower-cases to two characters: keep offsets
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in shaped)
        n = len(low)

        found: list[tuple[int, int, int, int, _Target]] = []
        word_hits: list[int] = []
        ends: set[int] = set()  # where a match ends: "Казахстана Токаев" is not a first name
        tail_match = _TAIL.match
        for last, (klen, targets, is_word) in self._automaton.iter(low):
            start = last - klen + 1
            if is_word and want_words:
                word_hits.append(start)
            if not targets:
                continue  # only one of the words
            if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
                continue  # not at a word start
            end = last + 1
            tail = ""
            hyphen_tail = ""
            if end < n:
                c = low[end]
                if c.isalnum() or c == "'":
                    tail = tail_match(low, end).group()  # type: ignore[union-attr]  # matches ""
                elif c == "-":
                    hyphen_tail = "-" + tail_match(low, end + 1).group()  # type: ignore[union-attr]
            best: _Target | None = None
            best_ext = -1
            for t in targets:
                if tail or hyphen_tail:
                    ext = _ending_length(t, tail, hyphen_tail, shaped, end)
                    if ext < best_ext or ext < 0:
                        continue  # rejected, or shorter than an earlier target's reading
                else:
                    ext = 0
                if ext == best_ext and not (
                    # Same form in ru and kk (Астана, Иран): report kk when the text around
                    # has Kazakh-only letters.
                    best is not None
                    and best.lang == "ru"
                    and t.lang == "kk"
                    and t.entity == best.entity
                    and _KK_LETTERS.search(low, max(0, start - 80), end + 80)
                ):
                    continue
                if t.exact is not None and shaped[start:end] != t.exact:
                    continue
                if t.capital and not shaped[start].isupper():
                    continue
                kind = t.kind
                if kind == "place" and _before_blocker(low, end + ext):
                    continue
                if kind == "country" and _in_currency(low, start, end + ext):
                    continue
                if t.surname and start - 1 not in ends and _after_other_name(shaped, start):
                    continue
                best, best_ext = t, ext
            if best is not None:
                rank = best.order + (1 << 30 if best.surname else 0)
                # Sorted below as (start, longest first, rank); the index keeps _Target out of
                # the comparison (no two entries share start, end and rank anyway).
                found.append((start, -(end + best_ext), rank, len(found), best))
                ends.add(end + best_ext)

        found.sort()
        mentions: list[Mention] = []
        last_end = -1
        shifts = len(shift_at)
        i = 0  # shift_at[i] is the first collapse point after the current position
        for start, neg_end, _, _, t in found:
            end = -neg_end
            if start < last_end:
                continue
            last_end = end
            if shifts:
                # Mentions come in text order: walk the collapse points instead of bisecting.
                while i < shifts and shift_at[i] <= start:
                    i += 1
                o_start = start + (shift_by[i - 1] if i else 0)
                j = i
                while j < shifts and shift_at[j] <= end:
                    j += 1
                o_end = end + (shift_by[j - 1] if j else 0)
            else:
                o_start, o_end = start, end
            mentions.append(
                Mention(o_start, o_end, text[o_start:o_end], t.entity, t.kind, t.canonical,
                        t.iso3, t.acronym, t.lang)
            )
        if not word_hits:
            return mentions, []
        word_hits = sorted(set(word_hits))
        if shifts:
            i = 0
            for k, pos in enumerate(word_hits):
                while i < shifts and shift_at[i] <= pos:
                    i += 1
                if i:
                    word_hits[k] = pos + shift_by[i - 1]
        return mentions, word_hits


_EXACT: frozenset[str] = frozenset({""})


def _ending_length(t: _Target, tail: str, hyphen_tail: str, shaped: str, end: int) -> int:
    """How many characters after the match belong to the mention, or -1 if the word is rejected.

    ``tail`` is the rest of the word (letters, digits, apostrophes); ``hyphen_tail`` is set
    instead when a hyphen follows: ``-ның`` is an ending, anything else (``SCO-related``,
    ``Kazakhstan-China``) is a compound boundary and the match stands alone.
    """
    endings = t.endings
    if hyphen_tail:
        return len(hyphen_tail) if hyphen_tail in endings else 0
    if not tail:
        return 0
    for cand in (tail, tail.rstrip("'")):  # a closing quote is not part of the word
        if cand in endings:
            # An acronym's unhyphenated ending must be lower-case (ШОСа, not ШОСТ).
            if (
                t.exact is not None
                and cand
                and cand[0] != "'"
                and not shaped[end : end + len(cand)].islower()
            ):
                return -1
            return len(cand)
    return -1


def _next_word_at(low: str, end: int) -> int:
    r"""Where the word after ``end`` starts: after one optional space.

    The callers test it with ``low.startswith(prefixes, pos)``; the prefixes are letters only, so
    this is the same as matching ``" ?([^\W_]+)"`` at ``end`` and testing the word's start, in one
    C call instead of a regex match and a group.
    """
    return end + 1 if low[end : end + 1] == " " else end


def _before_blocker(low: str, end: int) -> bool:
    """True if the word after ``end`` makes a place name part of an event/document name."""
    return low.startswith(_PLACE_BLOCKERS, _next_word_at(low, end))


def _in_currency(low: str, start: int, end: int) -> bool:
    """True if the country name at ``start:end`` is part of a currency name (АҚШ доллары)."""
    if low[end : end + 1] == "$":
        return True
    if low.startswith(_CURRENCY_NEXT, _next_word_at(low, end)):
        return True
    if not start or low[start - 1] != " ":
        return False  # _CURRENCY_BEFORE ends with a space
    window = low[max(0, start - 12) : start]
    if "дол" not in window and "dollar" not in window:
        return False
    return bool(_CURRENCY_BEFORE.search(low, max(0, start - 12), start))


def _after_other_name(shaped: str, start: int) -> bool:
    """True if a capitalised word that is not a title stands just before ``start``."""
    m = _PREV_WORD.search(shaped, max(0, start - 40), start)
    word = m.group(1) if m else ""
    if not word[:1].isupper() or word.endswith(".") or word.isupper():
        return False  # no word, a lower-case word, an initial or an acronym (ШОС Ермекбаев)
    return not word.lower().startswith(_TITLES)


def _word_key(word: str) -> str:
    """The automaton key of one of the ``words``: the text's normalisation, lower-cased."""
    key = _shape_chars(word)
    if not key or " " in key or any(len(c.lower()) != 1 for c in key) or key.lower() != "".join(
        c.lower() for c in key
    ):
        raise ValueError(f"cannot locate {word!r} by position (empty, spaces or special case)")
    return key.lower()


def _collapse_spaces(s: str) -> tuple[str, list[int], list[int]]:
    """Collapse runs of spaces to one; return the text and the offset map back to ``s``.

    ``shift_at[i]`` is a position in the collapsed text from which ``shift_by[i]`` characters
    have been removed before it. Names are indexed with single spaces, so "Shanghai  Cooperation"
    (a stray double space or line break) still matches.
    """
    parts: list[str] = []
    shift_at: list[int] = []
    shift_by: list[int] = []
    removed = 0
    last = 0
    for m in _MULTISPACE.finditer(s):
        parts.append(s[last : m.start() + 1])
        removed += m.end() - m.start() - 1
        last = m.end()
        shift_at.append(m.end() - removed)
        shift_by.append(removed)
    parts.append(s[last:])
    return "".join(parts), shift_at, shift_by
