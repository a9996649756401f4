"""Inflection support for name matching: Russian forms, Kazakh and English endings.

The entity linker (:mod:`igokit.text.linking`) matches the *beginning* of a word against known name
forms and then accepts the rest of the word only if it is an allowed ending. This module supplies
both halves:

* **Russian** names are inflected up front with pymorphy3 (``russian_forms``): the head noun and
  the adjectives agreeing with it go through the six cases (``Шанхайская организация
  сотрудничества`` → ``Шанхайской организации сотрудничества`` ...), the words after the head stay
  as they are (``Республика Казахстан`` → ``Республики Казахстан``). Acronyms and words pymorphy3
  does not know get no forms; the linker gives them the small ending lists below instead.
* **Kazakh** has no usable analyser offline (kazstem needs apertium FSTs that Debian lacks, see
  ``shared/notes/nlp-libraries.md``), so its endings are *hand-written* here from the grammar:
  plural, possessive and case suffixes and their combinations, with a loose vowel-harmony filter
  (``kazakh_endings``).
* **English** only needs the possessive and, for a few kinds of names, the plural
  (``english_endings``).

All forms and endings are returned in their written case; the linker lower-cases them.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pymorphy3

__all__ = [
    "EN_PLURAL_KINDS",
    "RU_ACRONYM_ENDINGS",
    "RU_CASES",
    "RU_FALLBACK_ENDINGS",
    "english_endings",
    "is_acronym_like",
    "kazakh_ending_series",
    "kazakh_endings",
    "russian_forms",
    "russian_person_forms",
]

# The six Russian cases, in the usual order. ``gen2``/``loc2`` forms (чаю, в лесу) are folded into
# ``gent``/``loct`` when a lexeme has them.
RU_CASES: tuple[str, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CASE_ALIASES = {"gen2": "gent", "loc2": "loct"}

# Russian acronyms are mostly indeclinable (ШОС, ОДКБ), but colloquial and journalistic texts do
# decline the masculine ones (ШОСа, МИДом, ШОС-е), with or without a hyphen. Hand-written: no
# analyser knows acronym declension (pymorphy3 reads ШОСа as an unknown word "шоса").
RU_ACRONYM_ENDINGS: frozenset[str] = frozenset({"", "а", "у", "ом", "е", "-а", "-у", "-ом", "-е"})

# Noun endings for a Russian name pymorphy3 does not know (so nothing could be generated): the
# common first/second declension endings. Deliberately short: it only has to cover names like
# "Жомарт" → "Жомарта", not derived words (казахстанский is rejected because "ский" is not here).
RU_FALLBACK_ENDINGS: frozenset[str] = frozenset(
    {"", "а", "я", "у", "ю", "ом", "ем", "ой", "ей", "е", "и", "ы", "ою", "ею"}
)

# Kinds whose English names are ordinary countable nouns ("two SCO summits", "the Astana
# Declarations"), so a plural ending is sensible. Countries, organizations and persons never take
# one (Kazakhstans, SCOs would be odd and "Indians" is a demonym, not India).
EN_PLURAL_KINDS: frozenset[str] = frozenset({"event", "document", "initiative"})

_WORD_RE = re.compile(r"\S+")


def is_acronym_like(word: str) -> bool:
    """True for an all-capitals short form such as ``SCO``, ``ШОС``, ``ШЫҰ`` or ``ОДКБ``."""
    letters = [c for c in word if c.isalpha()]
    return 1 < len(letters) <= 8 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------


@functools.cache
def _analyzer() -> pymorphy3.MorphAnalyzer:
    """The pymorphy3 analyser with the Russian dictionaries, built once on first use (~0.1 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _match_case(original: str, new: str) -> str:
    """Give ``new`` (lower-case, from pymorphy3) the capitalisation pattern of ``original``."""
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original.islower():
        return new
    orig_parts = original.split("-")
    new_parts = new.split("-")
    if len(orig_parts) != len(new_parts):
        return new[:1].upper() + new[1:] if original[:1].isupper() else new
    return "-".join(
        part[:1].upper() + part[1:] if op[:1].isupper() else part
        for op, part in zip(orig_parts, new_parts, strict=True)
    )


@functools.lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """pymorphy3's parses of a lower-case word, cached: KB names share most of their words."""
    return tuple(_analyzer().parse(word))


def _noun_nomn_parse(word: str) -> pymorphy3.analyzer.Parse | None:
    """The best parse of ``word`` as a nominative noun, if it has one."""
    for p in _parses(word.lower()):
        if p.tag.POS == "NOUN" and p.tag.case == "nomn":
            return p
    return None


def _modifier_nomn_parse(word: str) -> pymorphy3.analyzer.Parse | None:
    """The best parse of ``word`` as a nominative adjective or participle (Шанхайская)."""
    for p in _parses(word.lower()):
        if p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn":
            return p
    return None


def _noun_case_forms(head: pymorphy3.analyzer.Parse) -> dict[str, list[str]]:
    """All forms of the head noun by case, keeping its number (with variants such as -ою)."""
    number = head.tag.number
    out: dict[str, list[str]] = {c: [] for c in RU_CASES}
    for form in head.lexeme:
        case = _CASE_ALIASES.get(form.tag.case or "", form.tag.case)
        number_ok = number is None or form.tag.number in (number, None)
        if case in out and number_ok and form.word not in out[case]:
            out[case].append(form.word)
    # A noun known only in the nominative (some Fixd words): keep it unchanged in every case.
    for case in RU_CASES:
        if not out[case]:
            out[case] = [head.word]
    return out


def _modifier_case_forms(
    mod: pymorphy3.analyzer.Parse, head: pymorphy3.analyzer.Parse
) -> dict[str, list[str]]:
    """Forms of an agreeing adjective/participle per case: head's gender, number and animacy."""
    number = head.tag.number or "sing"
    gender = head.tag.gender if number == "sing" else None
    animacy = head.tag.animacy
    out: dict[str, list[str]] = {c: [] for c in RU_CASES}
    for form in mod.lexeme:
        tag = form.tag
        if tag.POS != mod.tag.POS or tag.number != number:
            continue
        # A participle's lexeme is the whole verb's: keep the same participle (Объединённые,
        # not Объединившие).
        if tag.POS == "PRTF" and (tag.tense, tag.voice) != (mod.tag.tense, mod.tag.voice):
            continue
        if gender is not None and tag.gender != gender:
            continue
        if tag.case == "accs" and None not in (tag.animacy, animacy) and tag.animacy != animacy:
            continue
        case = _CASE_ALIASES.get(tag.case or "", tag.case)
        if case in out and form.word not in out[case]:
            out[case].append(form.word)
    for case in RU_CASES:
        if not out[case]:
            out[case] = [mod.word]
    return out


def _dedupe(forms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(forms))


@functools.lru_cache(maxsize=65536)
def russian_forms(name: str, kind: str = "") -> tuple[str, ...]:
    """The case forms of a Russian name, the name itself first; ``()`` when none can be generated.

    Multiword names: the head is the first nominative noun that is not itself an adjective
    modifying the next word (``Астанинский`` parses best as a surname, but before ``саммит`` it
    is an adjective). Adjectives/participles before the head agree with it; everything after the
    head is a fixed complement (``сотрудничества``, ``Казахстан`` in ``Республика Казахстан``).

    Nothing is generated (``()``) for acronyms (ШОС, ОДКБ: the linker uses
    ``RU_ACRONYM_ENDINGS``) and when the head is a word pymorphy3 does not know (it would only
    guess from the suffix; the linker uses ``RU_FALLBACK_ENDINGS``). ``kind="person"`` uses
    ``russian_person_forms`` instead, because pymorphy3 mis-reads Central Asian names
    (Токаев → plural genitive of "токай").
    """
    name = " ".join(name.split())
    if not name:
        return ()
    if kind == "person":
        return russian_person_forms(name)
    tokens = _WORD_RE.findall(name)
    if len(tokens) == 1 and is_acronym_like(tokens[0]):
        return ()

    modifiers: list[pymorphy3.analyzer.Parse] = []
    head: pymorphy3.analyzer.Parse | None = None
    head_index = -1
    for i, token in enumerate(tokens):
        if not any(c.isalpha() for c in token) or is_acronym_like(token):
            break
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        mod = _modifier_nomn_parse(token)
        if (
            mod is not None
            and nxt is not None
            and (_noun_nomn_parse(nxt) is not None or _modifier_nomn_parse(nxt) is not None)
        ):
            modifiers.append(mod)
            continue
        noun = _noun_nomn_parse(token)
        if noun is not None:
            head, head_index = noun, i
        break
    if head is None or not (head.is_known or "Geox" in head.tag or "Name" in head.tag):
        return ()

    head_forms = _noun_case_forms(head)
    mod_forms = [_modifier_case_forms(m, head) for m in modifiers]
    rest = tokens[head_index + 1 :]
    out: list[str] = [name]
    for case in RU_CASES:
        columns = [mf[case] for mf in mod_forms] + [head_forms[case]]
        for combo in itertools.product(*columns):
            words = [_match_case(tokens[i], w) for i, w in enumerate(combo)]
            out.append(" ".join([*words, *rest]))
    return _dedupe(out)


# Hand-written surname and first-name declension. pymorphy3 does not know most Central Asian and
# Chinese names and guesses badly (Токаев as plural genitive of "токай", Жомарт as feminine
# "Жомарта"), while the Russian rules for -ов/-ев/-ин surnames and consonant-final male names are
# regular: Токаев → Токаева, Токаеву, Токаевым, Токаеве.
_MASC_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$", re.IGNORECASE)
_FEM_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына)$", re.IGNORECASE)
_ADJ_SURNAME = re.compile(r"(?:ский|цкий|ская|цкая)$", re.IGNORECASE)
_HUSHING = "жшчщц"


def _person_word_forms(word: str, *, feminine: bool) -> dict[str, tuple[str, ...]]:
    """Case forms (nomn..loct) of one word of a person's name (surname, first name, patronymic)."""
    if "-" in word:  # Касым-Жомарт: only the last part declines.
        first, _, last = word.rpartition("-")
        return {
            c: tuple(f"{first}-{f}" for f in fs)
            for c, fs in _person_word_forms(last, feminine=feminine).items()
        }
    low = word.lower()

    def build(*endings: str | tuple[str, ...], cut: int = 0) -> dict[str, tuple[str, ...]]:
        stem = word[: len(word) - cut] if cut else word
        return {
            c: tuple(stem + x for x in ((e,) if isinstance(e, str) else e))
            for c, e in zip(RU_CASES, endings, strict=True)
        }

    if _ADJ_SURNAME.search(low):
        parse = _modifier_nomn_parse(low)
        if parse is not None:
            forms = _modifier_case_forms(parse, parse)
            return {c: tuple(_match_case(word, f) for f in forms[c]) for c in RU_CASES}
    if _FEM_SURNAME.search(low):
        return build("а", "ой", "ой", "у", "ой", "ой", cut=1)
    if _MASC_SURNAME.search(low) and not feminine:
        # -ин/-ын: Russian surnames take -ым (Путиным), Chinese names -ом (Цзиньпином): keep both;
        # the wrong one simply never occurs in text.
        ablt = ("ым", "ом") if low.endswith(("ин", "ын")) else "ым"
        return build("", "а", "у", "а", ablt, "е")
    if low.endswith(("ович", "евич")):
        return build("", "а", "у", "а", "ем", "е")
    if low.endswith(("овна", "евна", "ична")):
        return build("а", "ы", "е", "у", "ой", "е", cut=1)
    if low.endswith("а") and len(low) > 2:
        ablt = "ей" if low[-2] in _HUSHING else "ой"
        gent = "и" if low[-2] in "гкхжшчщ" else "ы"
        return build("а", gent, "е", "у", ablt, "е", cut=1)
    if low.endswith("я") and len(low) > 2:
        return build("я", "и", "е", "ю", "ей", "е", cut=1)
    if feminine or not low[-1:].isalpha() or low[-1] in "аеёиоуыэюяі":
        # Indeclinable: women's consonant-final names (Айгерим), short Chinese names (Си, Ли),
        # names in -о/-и/-е.
        return {c: (word,) for c in RU_CASES}
    if low.endswith("й"):
        return build("й", "я", "ю", "я", "ем", "е", cut=1)
    if low.endswith("ь"):
        return build("ь", "я", "ю", "я", "ем", "е", cut=1)
    ablt = "ем" if low[-1] in _HUSHING else "ом"
    return build("", "а", "у", "а", ablt, "е")


@functools.lru_cache(maxsize=65536)
def russian_person_forms(name: str) -> tuple[str, ...]:
    """Case forms of a person's Russian name, every word in the same case (name itself first).

    ``Касым-Жомарт Токаев`` → ``Касым-Жомарта Токаева``, ``Касым-Жомарту Токаеву`` ...; a single
    surname works too (``Токаев`` → ``Токаевым``). A feminine surname (-ова, -ина, -ская) makes the
    first name indeclinable unless it ends in -а/-я (Айгерим Токаевой, Дариги Назарбаевой).
    """
    words = name.split()
    if not words:
        return ()
    if any(is_acronym_like(w) for w in words):
        return (name,)
    last = words[-1].lower()
    feminine = bool(_FEM_SURNAME.search(last)) or last.endswith(("ская", "цкая"))
    per_word = [_person_word_forms(w, feminine=feminine) for w in words]
    out = [name]
    for case in RU_CASES:
        out.extend(" ".join(combo) for combo in itertools.product(*(f[case] for f in per_word)))
    if len(words) > 1:
        # Chinese (and Korean, Vietnamese) names decline only in their last part: Чжан Мином,
        # Мао Цзэдуна. Extra forms of other names simply never occur in text.
        for case in RU_CASES:
            out.extend(" ".join([*words[:-1], f]) for f in per_word[-1][case])
    return _dedupe(out)


# --------------------------------------------------------------------------------------------
# Kazakh (hand-written: no offline analyser exists for Kazakh)
# --------------------------------------------------------------------------------------------

# Each morpheme slot lists its back-vowel and front-vowel variants. Consonant assimilation
# (-ның after vowels and м/н/ң, -дың after voiced consonants, -тың after voiceless ones) is not
# enforced: all consonant variants are accepted, which keeps loanwords and acronyms working.
_KK_PLURAL = {"back": ("лар", "дар", "тар"), "front": ("лер", "дер", "тер")}
# Possessive: 3rd person (ы/сы), 1st singular (ым/м), 1st plural (ымыз/мыз: "Қазақстанымыз",
# "our Kazakhstan", is common in official texts). 2nd person is left out (not used of entities).
_KK_POSS3 = {"back": ("ы", "сы"), "front": ("і", "сі")}
_KK_POSS1 = {"back": ("ым", "м", "ымыз", "мыз"), "front": ("ім", "м", "іміз", "міз")}
# Case endings after a bare stem or after plural/1st-person possessive.
# fmt: off
_KK_CASES = {
    "back": (
        "ның", "дың", "тың",  # genitive
        "ға", "қа",  # dative
        "ны", "ды", "ты",  # accusative
        "да", "та",  # locative
        "дан", "тан", "нан",  # ablative
        "мен", "бен", "пен", "менен", "бенен", "пенен",  # instrumental
        "дағы", "тағы",  # locative-attributive: "ШЫҰ-дағы" (in the SCO)
        "дай", "тай",  # similative: "Қазақстандай" (like Kazakhstan)
    ),
    "front": (
        "нің", "дің", "тің",
        "ге", "ке",
        "ні", "ді", "ті",
        "де", "те",
        "ден", "тен", "нен",
        "мен", "бен", "пен", "менен", "бенен", "пенен",
        "дегі", "тегі",
        "дей", "тей",
    ),
}
# fmt: on
# After the 3rd-person possessive the "pronominal n" forms are used: ұйымының, ұйымына, ұйымын,
# ұйымында, ұйымынан, ұйымымен, ұйымындағы.
_KK_CASES_AFTER_POSS3 = {
    "back": ("ның", "на", "н", "нда", "нан", "мен", "менен", "ндағы", "ндай"),
    "front": ("нің", "не", "н", "нде", "нен", "мен", "менен", "ндегі", "ндей"),
}
# After the 1st-singular possessive the dative is -а/-е (елім → еліме).
_KK_DATIVE_AFTER_POSS1SG = {"back": ("а",), "front": ("е",)}

_KK_BACK_VOWELS = frozenset("аоұыя")
_KK_FRONT_VOWELS = frozenset("әөүіе")
# и, у, ю, э, ё can go either way in loanwords (Берлинде, Мәскеуге but Тауда), so a stem whose last
# vowel is one of them accepts both series.
_KK_EITHER_VOWELS = frozenset("иуюэё")


def _kk_harmony(form: str) -> tuple[str, ...]:
    """Which vowel series the endings of ``form`` may use: back, front or (if unclear) both.

    The last vowel decides. One exception: the Russian surname suffix -ев is skipped, because
    such names follow the vowel before it (Тоқаевтың, Тоқаевқа, not *Тоқаевтің).
    """
    low = form.lower()
    if low.endswith("ев"):
        low = low[:-2]
    for c in reversed(low):
        if c in _KK_BACK_VOWELS:
            return ("back",)
        if c in _KK_FRONT_VOWELS:
            return ("front",)
        if c in _KK_EITHER_VOWELS:
            return ("back", "front")
    return ("back", "front")


@functools.cache
def _kk_ending_set(series: str, possessed: bool) -> frozenset[str]:
    """All endings of one vowel series: [plural] [possessive] [case], each slot optional."""
    cases = _KK_CASES[series]
    out: set[str] = {"", *cases}
    plurals = _KK_PLURAL[series]
    poss3 = _KK_POSS3[series]
    poss1 = _KK_POSS1[series]
    n_cases = _KK_CASES_AFTER_POSS3[series]
    for pl in ("", *plurals):
        out.add(pl)
        out.update(pl + c for c in cases)
        # After the plural (consonant-final) only the vowel-initial possessives are possible:
        # -лары, -ларым, -ларымыз; never *-ларм, *-ларсы.
        if pl:
            poss3 = poss3[:1]  # type: ignore[assignment]  # a shorter tuple of the same kind
            poss1 = tuple(p for p in poss1 if p[0] in "ыі")  # type: ignore[assignment]
        for p in poss3:
            out.add(pl + p)
            out.update(pl + p + c for c in n_cases)
        for p in poss1:
            out.add(pl + p)
            out.update(pl + p + c for c in cases)
            if not p.endswith(("ыз", "із")):
                out.update(pl + p + c for c in _KK_DATIVE_AFTER_POSS1SG[series])
    if possessed:
        # The name already ends in a possessive (Шанхай ынтымақтастық ұйымы, Қазақстан
        # Республикасы): the case endings are the pronominal-n ones.
        out.update(n_cases)
    return frozenset(out)


def kazakh_endings(form: str, *, acronym: bool = False) -> frozenset[str]:
    """The endings a Kazakh name form may take (``""`` included), lower-case.

    Vowel harmony is applied loosely (``_kk_harmony``). A multiword name whose last word ends in
    ы/і is a possessive (izafet) construction and also takes the pronominal-n case forms
    (``Шанхай ынтымақтастық ұйымының``, ``... ұйымына``). Acronyms take their endings after a
    hyphen, as Kazakh spelling requires (``ШЫҰ-ның``, ``ҰҚШҰ-ға``); both vowel series are allowed
    because acronym pronunciation varies. The returned sets are shared between forms.
    """
    if acronym:
        return _kk_acronym_endings()
    words = form.split()
    last = words[-1].lower() if words else ""
    possessed = len(words) > 1 and last.endswith(("ы", "і"))
    return _kk_endings_for(_kk_harmony(form), possessed)


def kazakh_ending_series(series: str) -> frozenset[str]:
    """Every noun ending of one vowel series (``back`` or ``front``), ``""`` included: plural,
    possessive and case endings and their combinations (used by search to strip endings)."""
    return _kk_ending_set(series, False)


@functools.cache
def _kk_endings_for(series: tuple[str, ...], possessed: bool) -> frozenset[str]:
    out: set[str] = set()
    for one in series:
        out |= _kk_ending_set(one, possessed)
    return frozenset(out)


@functools.cache
def _kk_acronym_endings() -> frozenset[str]:
    both = _kk_ending_set("back", False) | _kk_ending_set("front", False)
    return frozenset({""} | {"-" + e for e in both if e})


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------


def english_endings(form: str, *, kind: str = "", acronym: bool = False) -> frozenset[str]:
    """English endings of a name: the possessive always, a plural only for ``EN_PLURAL_KINDS``.

    The linker normalises ’ and ʼ to ``'`` before comparing, so only ``'`` appears here. A name
    ending in s also takes the bare apostrophe (``the United Nations' agencies``).
    """
    plural = kind in EN_PLURAL_KINDS and not acronym
    return _en_endings_for(form.lower().endswith("s"), plural)


@functools.cache
def _en_endings_for(ends_in_s: bool, plural: bool) -> frozenset[str]:
    out = {"", "'s"}
    if ends_in_s:
        out.add("'")
    if plural:
        out.update({"s", "es", "s'"})
    return frozenset(out)
