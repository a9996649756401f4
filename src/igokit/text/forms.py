"""Word forms for search, keyword-in-context and the document-feature matrix.

Every word gets one or more *keys*; two words are forms of each other when their keys overlap:

* **Russian**: the normal form of pymorphy3's best parse (коридоры, коридорами → коридор;
  транспортные → транспортный), ё read as е.
* **English**: the Snowball (Porter 2) stem (corridors → corridor, cooperation → cooper).
* **Kazakh** has no offline analyser: a word's keys are the word itself and every stem left by
  stripping one valid ending (plural, possessive, case and their combinations, from the name
  linker's grammar in :mod:`igokit.text.morphology`, plus ``data/kazakh_search.yaml``) whose vowel
  series fits the stem. ``дәліздер`` → {дәліздер, дәліз}, ``дәлізі`` → {дәлізі, дәліз}: they share
  ``дәліз``. Several keys per word keep the rule conservative: a wrong strip adds a key, it never
  removes the word itself.

Which analyser a word gets depends on its letters and on the language of its passage: Latin
letters → English; a Kazakh-only letter (ә ғ қ ң ө ұ ү һ і) → Kazakh; other Cyrillic → the
passage's language (Kazakh in a Kazakh passage, else Russian). A query word with no language of its
own (Cyrillic without Kazakh letters, no ``lang``) gets both Russian and Kazakh keys.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = [
    "FORMS_VERSION",
    "QueryMatcher",
    "Token",
    "feature",
    "forms_version",
    "kazakh_keys",
    "norm_text",
    "query_keys",
    "tokenize",
    "word_keys",
]

#: Bump when the keys change for reasons the data file and library versions do not show.
FORMS_VERSION = "1"

# Letters and digits, like FTS5's unicode61 tokenizer (the underscore separates words there too).
WORD_RE = re.compile(r"[^\W_]+")  # a word, as tokenize() and search cut them
_KK_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_VOWELS = frozenset("аәеёиоөуұүыіэюяaeiouy")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Words (runs of letters and digits) with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


def _low(word: str) -> str:
    return word.casefold().replace("ё", "е")


def word_lang(word: str, lang: str | None) -> str | None:
    """The analyser for ``word`` in a passage of language ``lang``: en, ru, kk or None (as is)."""
    if any(c in _KK_ONLY for c in word):
        return "kk"
    if _CYRILLIC.search(word):
        return "kk" if lang == "kk" else "ru"
    if _LATIN.search(word):
        return "en"
    return None


# --------------------------------------------------------------------------------------------
# the three analysers
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=200_000)
def _ru_key(low: str) -> str:
    from igokit.text.morphology import _analyzer

    parses = _analyzer().parse(low)
    return parses[0].normal_form.replace("ё", "е") if parses else low


_STEMMERS = threading.local()


def _en_stemmer() -> Any:
    """One snowball stemmer per thread: a stemmer object keeps state while it stems a word, so
    two threads sharing one (the web app's search threads) corrupt each other's words."""
    stemmer = getattr(_STEMMERS, "en", False)
    if stemmer is False:
        try:
            import snowballstemmer
        except ImportError:  # pragma: no cover - a dependency; lower-case only without it
            stemmer = None
        else:
            stemmer = snowballstemmer.stemmer("english")
        _STEMMERS.en = stemmer
    return stemmer


@functools.lru_cache(maxsize=200_000)
def _en_key(low: str) -> str:
    stemmer = _en_stemmer()
    return str(stemmer.stemWord(low)) if stemmer is not None else low


@functools.cache
def _kk_config() -> dict[str, Any]:
    import yaml

    raw = (resources.files("igokit") / "data" / "kazakh_search.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(raw) or {}
    from igokit.text.morphology import kazakh_ending_series

    series: dict[str, frozenset[str]] = {}
    for name in ("back", "front"):
        extra = (data.get("extra_endings") or {}).get(name) or []
        series[name] = frozenset(e for e in kazakh_ending_series(name) | set(extra) if e)
    return {
        "series": series,
        "max_len": max(len(e) for s in series.values() for e in s),
        "min_stem": int(data.get("min_stem", 2)),
        "alternations": dict(data.get("alternations") or {}),
        "digest": hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12],
    }


@functools.lru_cache(maxsize=200_000)
def kazakh_keys(low: str) -> tuple[str, ...]:
    """The word itself and every stem one valid ending leaves (longest stem first)."""
    from igokit.text.morphology import _kk_harmony

    cfg = _kk_config()
    out = [low]
    limit = min(cfg["max_len"], len(low) - cfg["min_stem"])
    for n in range(1, limit + 1):
        ending, stem = low[-n:], low[:-n]
        if not any(c in _VOWELS for c in stem):
            continue
        fits = _kk_harmony(stem)
        if not any(s in fits and ending in cfg["series"][s] for s in ("back", "front")):
            continue
        out.append(stem)
        alt = cfg["alternations"].get(stem[-1])
        if alt and ending[0] in _VOWELS:
            out.append(stem[:-1] + alt)
    return tuple(dict.fromkeys(out))


def word_keys(word: str, lang: str | None) -> tuple[str, ...]:
    """The index keys of one word of a passage in language ``lang``."""
    low = _low(word)
    kind = word_lang(word, lang)
    if kind == "ru":
        return (_ru_key(low),)
    if kind == "en":
        return (_en_key(low),)
    if kind == "kk":
        return kazakh_keys(low)
    return (low,)


def warm() -> None:
    """Load the three analysers now, in the calling thread (pymorphy3's dictionaries take about
    0.2 s, the stemmer is one per thread): the web app does it in its search thread when it
    starts, so that the first searches do not wait for it (and the searches queued behind them)."""
    word_keys("организациями", "ru")
    word_keys("cooperation", "en")
    word_keys("ұйымдары", "kk")


def query_keys(word: str, lang: str | None = None) -> tuple[str, ...]:
    """The keys a query word matches: Cyrillic without Kazakh letters and no ``lang`` → both
    the Russian and the Kazakh keys."""
    low = _low(word)
    kind = word_lang(word, lang)
    if kind == "ru" and lang not in ("ru", "kk"):
        return tuple(dict.fromkeys((_ru_key(low), *kazakh_keys(low))))
    return word_keys(word, lang)


def feature(word: str, lang: str | None) -> str:
    """One normalized token per word (the document-feature matrix): the lemma, the stem, or for
    Kazakh the shortest stem its rules allow (so every form of a word counts once)."""
    keys = word_keys(word, lang)
    return min(keys, key=len) if len(keys) > 1 else keys[0]


def norm_text(text: str, lang: str | None) -> str:
    """The keys of every word of ``text``, space-separated: the normalized FTS column."""
    keys: list[str] = []
    for m in WORD_RE.finditer(text):
        keys.extend(word_keys(m.group(), lang))
    return " ".join(keys)


@functools.cache
def forms_version() -> str:
    """What the stored keys were made with: this module, the Kazakh data, the libraries."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [FORMS_VERSION, _kk_config()["digest"]]
    for dist in ("pymorphy3", "pymorphy3-dicts-ru", "snowballstemmer"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:  # pragma: no cover
            parts.append(f"{dist}=none")
    return ";".join(parts)


class QueryMatcher:
    """Which query word (if any) a passage word is a form of."""

    def __init__(self, words: Sequence[str], lang: str | None = None, *,
                 forms: bool = True) -> None:
        self.words = [w for w in words if WORD_RE.fullmatch(w)]
        self.forms = forms
        self.surface = [_low(w) for w in self.words]
        self.keys = [frozenset(query_keys(w, lang)) for w in self.words] if forms else []

    @classmethod
    def from_query(cls, query: str, lang: str | None = None, *,
                   forms: bool = True) -> QueryMatcher:
        return cls([t.text for t in tokenize(query)], lang, forms=forms)

    def match(self, word: str, passage_lang: str | None) -> int | None:
        """The index of the first query word ``word`` is a form of, else None."""
        low = _low(word)
        keys: Iterable[str] | None = None
        for i, surface in enumerate(self.surface):
            if low == surface:
                return i
            if self.forms:
                if keys is None:
                    keys = word_keys(word, passage_lang)
                if not self.keys[i].isdisjoint(keys):
                    return i
        return None

    def is_form(self, word: str, passage_lang: str | None, i: int) -> bool:
        """Whether ``word`` is a form of query word ``i``."""
        if _low(word) == self.surface[i]:
            return True
        return self.forms and not self.keys[i].isdisjoint(word_keys(word, passage_lang))
