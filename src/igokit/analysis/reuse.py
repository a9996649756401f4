"""Text reuse: passages that two documents share, word for word or nearly.

Each text is cut into words (letters and digits: punctuation goes), NFKC-normalised and
lower-cased, and every word replaced by its key of :mod:`igokit.text.forms` (the Russian lemma,
the English stem, the shortest Kazakh stem its ending rules allow), so that inflection —
*поддерживают* / *поддержали*, *дәліздер* / *дәлізі* — does not hide reuse. A passage's
*shingles* are its runs of ``k`` consecutive keys (default 4).

* Two passages (:func:`passage_similarity`): the exact Jaccard index and containment of their
  shingle sets, and the character spans of each that the shared shingles cover.
* A whole corpus (:func:`find_reuse`): each sentence of each document gets a MinHash of its
  shingles; locality-sensitive hashing (``datasketch``'s :class:`~datasketch.MinHashLSH`) finds
  the candidate pairs without comparing every sentence with every other; each candidate is then
  verified with the exact sets; verified sentence pairs that follow each other in both documents
  are merged into one reused passage.

Reuse is within one language: a translation shares no shingles (see
:mod:`igokit.analysis.declarations` for the cross-language alignment by anchors).
"""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from igokit.errors import InputError
from igokit.kb.documents import passage_starts, passage_texts
from igokit.kb.results import Rows
from igokit.text.forms import feature, tokenize
from igokit.text.segment import sentence_spans

__all__ = [
    "DEFAULT_K",
    "DEFAULT_THRESHOLD",
    "ReusePair",
    "Similarity",
    "Unit",
    "find_reuse",
    "find_reuse_in_units",
    "passage_similarity",
    "shingles",
    "word_keys_with_spans",
]

#: Words per shingle.
DEFAULT_K = 4
#: A verified pair is reuse when its score (the larger of Jaccard and containment) reaches this.
DEFAULT_THRESHOLD = 0.5
#: Permutations of each MinHash (the LSH's precision; datasketch's default).
NUM_PERM = 128
#: Sentences with fewer keys than this are not compared (datelines, headings, "Astana, 2005").
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class WordKey:
    key: str
    start: int
    end: int


def word_keys_with_spans(text: str, lang: str | None = None) -> list[WordKey]:
    """The normalised key of every word of ``text`` with its offsets in ``text``.

    NFKC can change a string's length (ligatures, full-width forms): each word is normalised on
    its own, so the offsets stay those of ``text`` as given."""
    return [WordKey(_key(t.text, lang), t.start, t.end) for t in tokenize(text)]


@functools.lru_cache(maxsize=200_000)
def _key(word: str, lang: str | None) -> str:
    """A word's key, analysed once per process (a corpus repeats its words: 128k words of 1,000
    documents' 150 most recent are about 15k distinct)."""
    return feature(unicodedata.normalize("NFKC", word), lang)


def shingles(keys: Sequence[str], k: int = DEFAULT_K) -> list[str]:
    """The runs of ``k`` consecutive keys, joined by a space, in order (a text shorter than
    ``k`` words is one shingle of all of them; an empty one has none)."""
    if k < 1:
        raise InputError("the shingle size k must be 1 or more")
    if not keys:
        return []
    if len(keys) < k:
        return [" ".join(keys)]
    return [" ".join(keys[i:i + k]) for i in range(len(keys) - k + 1)]


@dataclass(slots=True)
class Similarity:
    """How much of two passages is the same text."""

    #: |A ∩ B| / |A ∪ B| of the shingle sets
    jaccard: float
    #: |A ∩ B| / min(|A|, |B|): 1.0 when the shorter passage is wholly inside the longer
    containment: float
    shared: int
    n_a: int
    n_b: int
    #: the character spans (start, end) of each passage covered by shared shingles
    spans_a: list[tuple[int, int]] = field(default_factory=list)
    spans_b: list[tuple[int, int]] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The larger of Jaccard and containment: what the reuse threshold applies to."""
        return max(self.jaccard, self.containment)


def _covered(words: Sequence[WordKey], sh: Sequence[str], common: set[str], k: int
             ) -> list[tuple[int, int]]:
    """Character spans of the runs of words that shared shingles cover, merged."""
    if not words or not common:
        return []
    width = min(k, len(words))
    hit = [False] * len(words)
    for i, s in enumerate(sh):
        if s in common:
            for j in range(i, i + width):
                hit[j] = True
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and hit[j + 1]:
            j += 1
        spans.append((words[i].start, words[j].end))
        i = j + 1
    return spans


def _set_similarity(set_a: set[str], set_b: set[str]) -> Similarity:
    """Jaccard and containment of two shingle sets (no spans): :func:`compare_keys` for a
    corpus search, where each sentence's set is made once, not once per candidate pair."""
    common = len(set_a & set_b)
    union = len(set_a) + len(set_b) - common
    smaller = min(len(set_a), len(set_b))
    return Similarity(jaccard=common / union if union else 0.0,
                      containment=common / smaller if smaller else 0.0,
                      shared=common, n_a=len(set_a), n_b=len(set_b))


def compare_keys(words_a: Sequence[WordKey], words_b: Sequence[WordKey], k: int = DEFAULT_K
                 ) -> Similarity:
    """The exact similarity of two passages already cut into keys."""
    sh_a = shingles([w.key for w in words_a], k)
    sh_b = shingles([w.key for w in words_b], k)
    set_a, set_b = set(sh_a), set(sh_b)
    common = set_a & set_b
    union = len(set_a | set_b)
    smaller = min(len(set_a), len(set_b))
    return Similarity(
        jaccard=len(common) / union if union else 0.0,
        containment=len(common) / smaller if smaller else 0.0,
        shared=len(common), n_a=len(set_a), n_b=len(set_b),
        spans_a=_covered(words_a, sh_a, common, k), spans_b=_covered(words_b, sh_b, common, k))


def passage_similarity(a: str, b: str, lang_a: str | None = None, lang_b: str | None = None,
                       *, k: int = DEFAULT_K) -> Similarity:
    """Jaccard, containment and the shared spans of two passages (offsets into ``a`` and
    ``b``). ``lang_a``/``lang_b`` pick the analyser of Cyrillic words (``kk``: Kazakh, else
    Russian); Latin words are English, words with Kazakh letters Kazakh, whatever is given.

    >>> s = passage_similarity("The parties will strengthen cooperation in trade.",
    ...                        "The parties will strengthen their cooperation in trade.", k=2)
    >>> round(s.jaccard, 2), s.spans_a[0]
    (0.62, (0, 48))
    """
    return compare_keys(word_keys_with_spans(a, lang_a), word_keys_with_spans(b, lang_b), k)


# ---------------------------------------------------------------------------------------------
# a corpus


@dataclass(slots=True)
class Unit:
    """One sentence of one document: what the corpus search compares."""

    doc_id: int | str
    seq: int
    start: int  # offsets in the document text
    end: int
    lang: str | None
    text: str
    document: str = ""
    date: str | None = None


@dataclass(slots=True)
class ReusePair:
    """A passage of document A found again (nearly) word for word in document B."""

    doc_a: int | str
    document_a: str
    date_a: str | None
    a_start: int
    a_end: int
    doc_b: int | str
    document_b: str
    date_b: str | None
    b_start: int
    b_end: int
    lang: str | None
    #: sentences of A the passage holds
    sentences: int
    jaccard: float
    containment: float
    score: float
    text_a: str
    text_b: str


def _units_of_corpus(conn: sqlite3.Connection, doc_ids: Iterable[int] | None
                     ) -> list[Unit]:
    """Every sentence of the ingested passages (of ``doc_ids`` if given), in document order."""
    wanted = set(doc_ids) if doc_ids is not None else None
    units: list[Unit] = []
    seq: dict[int, int] = defaultdict(int)
    starts: dict[int, list[int]] = {}
    for p in passage_texts(conn):
        if wanted is not None and p.doc_id not in wanted:
            continue
        if p.doc_id not in starts:  # passage seq → its start offset in the document
            starts[p.doc_id] = sorted(passage_starts(conn, p.doc_id))
        offset = starts[p.doc_id][p.seq]
        name = p.title or PurePath(p.path or "").name or f"doc{p.doc_id}"
        for s, e in sentence_spans(p.text):
            units.append(Unit(p.doc_id, seq[p.doc_id], offset + s, offset + e, p.lang,
                              p.text[s:e], name, p.date))
            seq[p.doc_id] += 1
    return units


def find_reuse(kb: Any, *, threshold: float = DEFAULT_THRESHOLD, k: int = DEFAULT_K,
               doc_ids: Iterable[int] | None = None, min_words: int = MIN_WORDS,
               limit: int | None = None) -> Rows[ReusePair]:
    """Passages reused between the ingested documents (every document, or ``doc_ids``): one
    row per pair of documents and passage, best score first.

    ``kb`` is a :class:`igokit.KnowledgeBase` or a connection."""
    conn = getattr(kb, "conn", kb)
    assert isinstance(conn, sqlite3.Connection)
    units = _units_of_corpus(conn, doc_ids)
    rows = find_reuse_in_units(units, threshold=threshold, k=k, min_words=min_words)
    shown = rows[:limit] if limit is not None else rows
    return Rows(shown, query={"threshold": threshold, "k": k, "min_words": min_words,
                              "units": len(units), "pairs": len(rows)})


def _check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"the threshold must be above 0 and at most 1, not {threshold}")


def find_reuse_in_units(units: Sequence[Unit], *, threshold: float = DEFAULT_THRESHOLD,
                        k: int = DEFAULT_K, min_words: int = MIN_WORDS,
                        num_perm: int = NUM_PERM) -> list[ReusePair]:
    """The reused passages among ``units`` (sentences of several documents): candidates by
    MinHash LSH, verified on the exact shingle sets, consecutive pairs merged."""
    from datasketch import MinHash, MinHashLSH

    _check_threshold(threshold)
    keyed = [(u, word_keys_with_spans(u.text, u.lang)) for u in units]
    keyed = [(u, w) for u, w in keyed if len(w) >= min_words]
    if len(keyed) < 2:
        return []
    sets = [set(shingles([w.key for w in words], k)) for _, words in keyed]
    hashes = MinHash.bulk([[s.encode("utf-8") for s in sh] for sh in sets], num_perm=num_perm)
    # LSH is tuned on Jaccard; a short sentence inside a longer one has a high containment but
    # a lower Jaccard, so candidates are looked for at a lower Jaccard than the threshold
    lsh = MinHashLSH(threshold=max(0.1, threshold * 0.5), num_perm=num_perm)
    for i, h in enumerate(hashes):
        lsh.insert(i, h)
    found: dict[tuple[Any, Any], list[tuple[int, int, Similarity]]] = defaultdict(list)
    for i, h in enumerate(hashes):
        for j in lsh.query(h):
            if j <= i or keyed[i][0].doc_id == keyed[j][0].doc_id:
                continue
            a, b = (i, j) if _order(keyed[i][0]) <= _order(keyed[j][0]) else (j, i)
            sim = _set_similarity(sets[a], sets[b])  # the rows need no spans: sets suffice
            if sim.score >= threshold:
                found[(keyed[a][0].doc_id, keyed[b][0].doc_id)].append((a, b, sim))
    rows: list[ReusePair] = []
    for pairs in found.values():
        rows.extend(_merge(pairs, keyed))
    rows.sort(key=lambda r: (-r.score, -(r.a_end - r.a_start), str(r.doc_a), r.a_start))
    return rows


def _order(u: Unit) -> tuple[str, str, int]:
    """A before B: the earlier document (undated last), then the lower id."""
    doc = u.doc_id if isinstance(u.doc_id, int) else 0
    return (u.date or "9999", f"{doc:012d}" if isinstance(u.doc_id, int) else str(u.doc_id),
            u.seq)


def _merge(pairs: list[tuple[int, int, Similarity]],
           keyed: Sequence[tuple[Unit, list[WordKey]]]) -> list[ReusePair]:
    """Sentence pairs of one document pair; runs where both sides advance by one sentence
    become one passage (its score: the shared shingles over the run's)."""
    pairs.sort(key=lambda p: (keyed[p[0]][0].seq, keyed[p[1]][0].seq))
    runs: list[list[tuple[int, int, Similarity]]] = []
    for p in pairs:
        last = runs[-1][-1] if runs else None
        if (last is not None and keyed[p[0]][0].seq == keyed[last[0]][0].seq + 1
                and keyed[p[1]][0].seq == keyed[last[1]][0].seq + 1):
            runs[-1].append(p)
        else:
            runs.append([p])
    out = []
    for run in runs:
        ua, ub = keyed[run[0][0]][0], keyed[run[0][1]][0]
        za, zb = keyed[run[-1][0]][0], keyed[run[-1][1]][0]
        shared = sum(s.shared for _, _, s in run)
        n_a = sum(s.n_a for _, _, s in run)
        n_b = sum(s.n_b for _, _, s in run)
        union = n_a + n_b - shared
        jac = shared / union if union > 0 else 0.0
        con = shared / min(n_a, n_b) if min(n_a, n_b) else 0.0
        text_a = " ".join(keyed[a][0].text for a, _, _ in run)
        text_b = " ".join(keyed[b][0].text for _, b, _ in run)
        out.append(ReusePair(ua.doc_id, ua.document, ua.date, ua.start, za.end, ub.doc_id,
                             ub.document, ub.date, ub.start, zb.end, ua.lang, len(run),
                             round(jac, 4), round(con, 4), round(max(jac, con), 4),
                             " ".join(text_a.split()), " ".join(text_b.split())))
    return out
