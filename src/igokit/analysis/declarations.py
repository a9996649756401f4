"""How declarations change: aligned passages between two documents, and the commitments one
declaration repeats, changes, adds and drops against another (``igokit diff A B``).

Units are sentences (:mod:`igokit.text.segment`, the extraction pipeline's own). Two units are
compared in one of two ways:

* **same language** — by their words: half the Jaccard index of their sets of word keys (Russian
  lemmas, English stems, Kazakh stems: :mod:`igokit.text.forms`) plus half the Jaccard index of
  their 3-word shingles (:mod:`igokit.analysis.reuse`). 1.0 for the same sentence, about 0.8 when
  a word changed, about 0.5 when a clause was added or replaced, near 0 for unrelated
  sentences (Jaccard, not containment: a commitment extended by a clause has changed).
* **different languages** (en ↔ ru ↔ kk), with no machine translation and no model — by
  language-neutral *anchors*: the knowledge-base entities the linker found in the sentence (it
  links names in all three languages to the same ids), the dates, the quantities (money,
  percentages, counts) and the numbers written in digits. The score is the weighted Jaccard index
  of the two anchor sets (an anchor found in many sentences of the two documents — the SCO, say —
  weighs less: inverse document frequency), with one extra unit in the denominator so that a
  single shared anchor is weak evidence, times the square root of the ratio of the two lengths.
  Two sentences that say different things about the same entities and numbers look alike; a
  translated sentence without any entity, date or number cannot be aligned at all.

:func:`align_documents` aligns two documents' sentences in order (a monotone alignment, as in
Gale and Church's sentence aligner: one sentence with one, two with one, one with two, or with
none). :func:`diff_declarations` keeps the commitment units of both (sentences with a cue of
``data/declarations/cues/commitment_cues.yaml``), matches them without requiring the same order
(declarations reorder their paragraphs), and classes each: **repeated** (matched, similarity at
least ``threshold``), **changed** (matched, lower: both texts shown), **new** (only in B),
**dropped** (only in A).
"""

from __future__ import annotations

import functools
import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.analysis.reuse import WordKey, compare_keys, word_keys_with_spans
from igokit.errors import DataError, InputError
from igokit.kb.freshness import data_dir
from igokit.kb.model import LANGS
from igokit.kb.results import Rows
from igokit.kb.yamlfile import Record, load_mapping
from igokit.text.forms import WORD_RE, query_keys, word_keys

__all__ = [
    "CLASSES",
    "AlignedPair",
    "CommitmentCues",
    "DiffRow",
    "Unit",
    "align_documents",
    "anchor_similarity",
    "diff_declarations",
    "load_commitment_cues",
    "load_units",
    "passage_alignment_score",
]

CLASSES = ("repeated", "changed", "new", "dropped")
#: Similarity from which a matched pair counts as repeated (below it: changed).
DEFAULT_THRESHOLD = 0.6
#: Least similarity for two units to be matched at all.
MIN_ALIGN = 0.25
#: Shingle size of the same-language similarity (shorter than reuse's: sentences are short).
K = 3
#: Widest band of the monotone alignment (cells each side of the diagonal) on long documents.
BAND = 60


# ---------------------------------------------------------------------------------------------
# commitment cues


@dataclass(frozen=True, slots=True)
class Cue:
    phrase: str
    lang: str
    #: per word: the keys it matches (any form), or None (only as written)
    words: tuple[tuple[str, frozenset[str] | None], ...]


@dataclass(slots=True)
class CommitmentCues:
    cues: list[Cue]
    source: str = ""

    def find(self, text: str, lang: str | None) -> list[str]:
        """The cue phrases found in ``text`` (a sentence in language ``lang``)."""
        tokens = [m.group() for m in WORD_RE.finditer(text)]
        low = [t.casefold().replace("ё", "е") for t in tokens]
        keys: list[frozenset[str] | None] = [None] * len(tokens)
        found: list[str] = []
        for cue in self.cues:
            n = len(cue.words)
            for i in range(len(tokens) - n + 1):
                ok = True
                for j, (surface, forms) in enumerate(cue.words):
                    if low[i + j] == surface:
                        continue
                    if forms is None:
                        ok = False
                        break
                    got = keys[i + j]
                    if got is None:
                        got = keys[i + j] = frozenset(word_keys(tokens[i + j], lang))
                    if got.isdisjoint(forms):
                        ok = False
                        break
                if ok:
                    found.append(cue.phrase)
                    break
        return found


def default_cues_path() -> Path:
    return data_dir() / "declarations" / "cues" / "commitment_cues.yaml"


def load_commitment_cues(path: str | Path | None = None) -> CommitmentCues:
    """Load and validate a cue file (default: the shipped one). Raises :class:`DataError`
    listing every problem as ``file:line: message``."""
    if path is None:
        return _default_cues()
    return _load_cues(Path(path))


@functools.cache
def _default_cues() -> CommitmentCues:
    return _load_cues(default_cues_path())


def _load_cues(path: Path) -> CommitmentCues:
    data, problems = load_mapping(path)
    if data is None:
        raise DataError(problems)
    for key in data:
        if key not in ("version", "languages"):
            problems.append(f"{data.where}: unknown key {key!r} (version, languages)")
    langs = data.get("languages")
    cues: list[Cue] = []
    if not isinstance(langs, Record):
        problems.append(f"{data.where}: 'languages' must map en, ru, kk to their cues")
        langs = Record()
    for lang, node in langs.items():
        if lang not in LANGS:
            problems.append(f"{langs.where}: unknown language {lang!r} ({', '.join(LANGS)})")
            continue
        if not isinstance(node, Record):
            problems.append(f"{langs.where}: {lang}: must hold any_form and/or as_written lists")
            continue
        for group, items in node.items():
            if group not in ("any_form", "as_written"):
                problems.append(f"{node.where}: {lang}: unknown key {group!r} "
                                "(any_form, as_written)")
                continue
            if not isinstance(items, list):
                problems.append(f"{node.where}: {lang}.{group} must be a list of phrases")
                continue
            for raw in items:
                cue = _cue(raw, str(lang), group == "any_form")
                if cue is None:
                    problems.append(f"{node.where}: {lang}.{group}: {raw!r} is not a phrase of "
                                    "words (letters and digits)")
                else:
                    cues.append(cue)
    if problems:
        raise DataError(problems)
    return CommitmentCues(cues, str(path))


def _cue(raw: Any, lang: str, any_form: bool) -> Cue | None:
    if not isinstance(raw, str):
        return None
    words = raw.split()
    if not words or not all(WORD_RE.fullmatch(w) for w in words):
        return None
    parts = tuple((w.casefold().replace("ё", "е"),
                   frozenset(query_keys(w, lang)) if any_form else None) for w in words)
    return Cue(" ".join(words), lang, parts)


# ---------------------------------------------------------------------------------------------
# units and their anchors


@dataclass(slots=True)
class Unit:
    """One sentence of a document, with what it is compared by."""

    seq: int
    start: int
    end: int
    lang: str
    text: str
    words: list[WordKey] = field(default_factory=list)
    anchors: frozenset[str] = frozenset()
    cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LoadedDocument:
    label: str
    doc_id: int | None
    path: str | None
    date: str | None
    text: str
    units: list[Unit]


def _anchors_in(extraction: dict[str, Any], start: int, end: int) -> set[str]:
    out: set[str] = set()
    for m in extraction.get("mentions") or []:
        if start <= m["start"] < end:
            out.add("e:" + str(m["entity"]))
    for d in extraction.get("dates") or []:
        if start <= d["start"] < end and d.get("value"):
            value = str(d["value"])
            out.add("d:" + value)
            out.add("y:" + value[:4])
    for q in extraction.get("quantities") or []:
        if start <= q["start"] < end:
            out.add(f"q:{q.get('kind')}:{float(q['value']):g}")
    return out


def units_of(extraction: dict[str, Any], cues: CommitmentCues | None = None) -> list[Unit]:
    """The sentences of an extraction (``Extraction.to_dict()`` form) with their word keys,
    anchors (entities, dates, quantities, digit runs) and commitment cues."""
    text: str = extraction["text"]
    cues = cues or load_commitment_cues()
    out: list[Unit] = []
    for i, s in enumerate(extraction.get("sentences") or []):
        start, end, lang = int(s["start"]), int(s["end"]), str(s.get("lang") or "other")
        piece = text[start:end]
        words = [WordKey(w.key, w.start + start, w.end + start)
                 for w in word_keys_with_spans(piece, lang)]
        anchors = _anchors_in(extraction, start, end)
        anchors |= {"n:" + m.group() for m in WORD_RE.finditer(piece) if m.group().isdigit()}
        out.append(Unit(i, start, end, lang, piece, words, frozenset(anchors),
                        cues.find(piece, lang)))
    return out


def load_units(kb: Any, ref: Any, cues: CommitmentCues | None = None) -> LoadedDocument:
    """A document for comparison: ``ref`` is an ingested document id (int or digits), a file
    path (read and extracted now, not stored), or an extraction dict."""
    from igokit.kb.documents import document_meta, load_extraction

    conn = getattr(kb, "conn", kb)
    if isinstance(ref, dict):
        doc = ref.get("document") or {}
        return LoadedDocument(str(doc.get("title") or doc.get("path") or "text"), None,
                              doc.get("path"), doc.get("date"), ref["text"], units_of(ref, cues))
    path = Path(str(ref))
    if not isinstance(ref, int) and path.is_file():
        from igokit.analysis.extraction import extract_file

        extraction = extract_file(kb, path).to_dict()
        doc = extraction.get("document") or {}
        return LoadedDocument(path.name, None, str(path), doc.get("date"), extraction["text"],
                              units_of(extraction, cues))
    text_ref = str(ref).strip()
    if not text_ref.isdigit():
        raise InputError(f"{ref!r} is neither a file nor the id of an ingested document "
                         "(see `igokit documents`)")
    doc_id = int(text_ref)
    assert isinstance(conn, sqlite3.Connection)
    try:
        extraction = load_extraction(conn, doc_id)
    except KeyError:
        raise InputError(f"no ingested document has the id {doc_id} (see `igokit documents`)"
                         ) from None
    meta = document_meta(conn, doc_id) or {}
    label = meta.get("title") or Path(meta.get("path") or "").name or f"document {doc_id}"
    return LoadedDocument(str(label), doc_id, meta.get("path"), meta.get("date"),
                          extraction["text"], units_of(extraction, cues))


# ---------------------------------------------------------------------------------------------
# similarity


def _weights(units: Sequence[Unit]) -> dict[str, float]:
    """Inverse document frequency of each anchor over these units."""
    df: Counter[str] = Counter()
    for u in units:
        df.update(u.anchors)
    n = max(1, len(units))
    return {a: math.log(1 + n / c) for a, c in df.items()}


def anchor_similarity(a: frozenset[str] | set[str], b: frozenset[str] | set[str],
                      len_a: int, len_b: int, weights: dict[str, float] | None = None) -> float:
    """The cross-language score of two passages from their anchor sets and lengths (see the
    module's docstring).

    >>> round(anchor_similarity({"e:KAZ", "y:2005"}, {"e:KAZ", "y:2005"}, 100, 110), 3)
    0.636
    """
    if not a or not b:
        return 0.0
    w = weights or {}
    shared = sum(w.get(x, 1.0) for x in a & b)
    union = sum(w.get(x, 1.0) for x in a | b)
    length = math.sqrt(min(len_a, len_b) / max(len_a, len_b)) if max(len_a, len_b) else 0.0
    return shared / (union + 1.0) * length


def lexical_similarity(a: Sequence[WordKey], b: Sequence[WordKey]) -> float:
    """The same-language score: half key-set Jaccard, half 3-shingle Jaccard."""
    set_a, set_b = {w.key for w in a}, {w.key for w in b}
    union = len(set_a | set_b)
    jac = len(set_a & set_b) / union if union else 0.0
    return 0.5 * jac + 0.5 * compare_keys(a, b, K).jaccard


def _same_language(a: Unit, b: Unit) -> bool:
    return a.lang == b.lang or "other" in (a.lang, b.lang)


def _similarity(a: Unit, b: Unit, weights: dict[str, float]) -> tuple[float, str]:
    if _same_language(a, b):
        return lexical_similarity(a.words, b.words), "words"
    return anchor_similarity(a.anchors, b.anchors, a.end - a.start, b.end - b.start,
                             weights), "anchors"


def passage_alignment_score(kb: Any, text_a: str, text_b: str) -> tuple[float, str, str, str]:
    """Whether two passages say the same (any languages): ``(score, basis, lang_a, lang_b)``,
    the score of :func:`diff_declarations` for the two passages taken whole."""
    from igokit.analysis.extraction import extract_string

    ua = _whole(extract_string(kb, text_a).to_dict())
    ub = _whole(extract_string(kb, text_b).to_dict())
    score, basis = _similarity(ua, ub, {})
    return score, basis, ua.lang, ub.lang


def _whole(extraction: dict[str, Any]) -> Unit:
    units = units_of(extraction)
    text: str = extraction["text"]
    langs = Counter[str]()
    for u in units:
        langs[u.lang] += u.end - u.start
    lang = langs.most_common(1)[0][0] if langs else "other"
    words = [w for u in units for w in u.words]
    anchors = frozenset(a for u in units for a in u.anchors)
    return Unit(0, 0, len(text), lang, text, words, anchors, [])


def _joined(units: Sequence[Unit]) -> Unit:
    return Unit(units[0].seq, units[0].start, units[-1].end, units[0].lang,
                " ".join(u.text for u in units), [w for u in units for w in u.words],
                frozenset().union(*(u.anchors for u in units)),
                [c for u in units for c in u.cues])


# ---------------------------------------------------------------------------------------------
# monotone alignment


@dataclass(slots=True)
class AlignedPair:
    """One bead of the alignment: sentences of A and of B that say the same (or one side
    empty: a sentence with no counterpart)."""

    a_start: int | None
    a_end: int | None
    a_text: str
    b_start: int | None
    b_end: int | None
    b_text: str
    lang_a: str | None
    lang_b: str | None
    similarity: float
    basis: str


# Written by hand: NLTK's gale_church (not a dependency here) aligns on sentence lengths alone and
# takes no similarity; bleualign needs machine-translated text and vecalign sentence embeddings,
# both of which this offline, model-free aligner avoids. The recurrence is Gale and Church's with
# the length cost replaced by the unit similarity (anchors or words) and a skip costing nothing.
def align_units(units_a: Sequence[Unit], units_b: Sequence[Unit],
                sim: Callable[[Unit, Unit], tuple[float, str]], *,
                min_align: float = MIN_ALIGN, band: int = BAND
                ) -> list[tuple[list[int], list[int], float, str]]:
    """Monotone alignment of two unit lists maximising the summed gain (similarity above
    ``min_align``) of 1-1, 2-1 and 1-2 beads; everything else is left unaligned (1-0, 0-1).
    On long lists only cells within ``band`` of the diagonal (scaled to the two lengths) are
    filled."""
    n, m = len(units_a), len(units_b)
    neg = -1.0
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float, str] | None]] = [[None] * (m + 1)
                                                            for _ in range(n + 1)]
    best[0][0] = 0.0
    width = max(band, abs(n - m) + 5)

    def inside(i: int, j: int) -> bool:
        return n * m <= 40_000 or abs(i * m / max(n, 1) - j) <= width

    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0) or not inside(i, j):
                continue
            cands: list[tuple[float, tuple[int, int, float, str]]] = []
            if i and best[i - 1][j] >= 0:
                cands.append((best[i - 1][j], (1, 0, 0.0, "")))
            if j and best[i][j - 1] >= 0:
                cands.append((best[i][j - 1], (0, 1, 0.0, "")))
            for di, dj in ((1, 1), (2, 1), (1, 2)):
                if i < di or j < dj or best[i - di][j - dj] < 0:
                    continue
                ua = units_a[i - di] if di == 1 else _joined(units_a[i - di:i])
                ub = units_b[j - dj] if dj == 1 else _joined(units_b[j - dj:j])
                s, basis = sim(ua, ub)
                if s < min_align:
                    continue
                gain = s - min_align if (di, dj) == (1, 1) else (s - min_align) * 0.9
                cands.append((best[i - di][j - dj] + gain, (di, dj, s, basis)))
            if cands:
                score, step = max(cands, key=lambda c: c[0])
                best[i][j], back[i][j] = score, step
    beads: list[tuple[list[int], list[int], float, str]] = []
    i, j = n, m
    while i or j:
        cell = back[i][j]
        # outside the band: walk back along the edges
        step = cell if cell is not None else ((1, 0, 0.0, "") if i else (0, 1, 0.0, ""))
        di, dj, s, basis = step
        beads.append((list(range(i - di, i)), list(range(j - dj, j)), s, basis))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def align_documents(kb: Any, a: Any, b: Any, *, min_align: float = MIN_ALIGN
                    ) -> Rows[AlignedPair]:
    """The sentences of ``a`` and ``b`` (ingested ids, file paths, or extraction dicts)
    aligned in order, each bead with its similarity; unaligned sentences on rows of their own."""
    da, db = load_units(kb, a), load_units(kb, b)
    weights = _weights([*da.units, *db.units])
    beads = align_units(da.units, db.units, lambda x, y: _similarity(x, y, weights),
                        min_align=min_align)
    rows = []
    for ia, ib, s, basis in beads:
        ua = _joined([da.units[i] for i in ia]) if ia else None
        ub = _joined([db.units[j] for j in ib]) if ib else None
        rows.append(AlignedPair(
            ua.start if ua else None, ua.end if ua else None, _flat(ua.text) if ua else "",
            ub.start if ub else None, ub.end if ub else None, _flat(ub.text) if ub else "",
            ua.lang if ua else None, ub.lang if ub else None, round(s, 4), basis))
    return Rows(rows, query={"a": da.label, "b": db.label, "min_align": min_align,
                             "aligned": sum(1 for r in rows if r.a_text and r.b_text)})


# ---------------------------------------------------------------------------------------------
# the commitment diff


@dataclass(slots=True)
class DiffRow:
    """One commitment of A and/or B and what became of it."""

    status: str  # repeated, changed, new, dropped
    similarity: float | None
    basis: str  # words (same language), anchors (across languages), or "" (unmatched)
    a_start: int | None
    a_end: int | None
    a_text: str
    b_start: int | None
    b_end: int | None
    b_text: str
    lang_a: str | None
    lang_b: str | None
    cues: list[str]


def _flat(text: str) -> str:
    return " ".join(text.split())


def diff_declarations(kb: Any, a: Any, b: Any, *, threshold: float = DEFAULT_THRESHOLD,
                      min_align: float = MIN_ALIGN, every_sentence: bool = False,
                      cues: CommitmentCues | None = None) -> Rows[DiffRow]:
    """Commitments of declaration ``b`` against the earlier ``a`` (each an ingested document id,
    a file path, or an extraction dict): one row per commitment unit, classed repeated,
    changed, new or dropped. ``every_sentence`` compares every sentence, not only the ones
    with a commitment cue. ``rows.query`` holds the two documents and the counts per class;
    ``rows.to_frame()`` the table."""
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"the threshold must be above 0 and at most 1, not {threshold}")
    if not 0.0 <= min_align <= threshold:
        raise InputError(f"min_align must be between 0 and the threshold ({threshold})")
    da, db = load_units(kb, a, cues), load_units(kb, b, cues)
    ua = [u for u in da.units if every_sentence or u.cues]
    ub = [u for u in db.units if every_sentence or u.cues]
    weights = _weights([*da.units, *db.units])
    scored: list[tuple[float, int, int, str]] = []
    for i, x in enumerate(ua):
        for j, y in enumerate(ub):
            s, basis = _similarity(x, y, weights)
            if s >= min_align:
                scored.append((s, i, j, basis))
    # greedy one-to-one matching, best pairs first (ties: the earlier units)
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    match_a: dict[int, tuple[int, float, str]] = {}
    match_b: dict[int, int] = {}
    for s, i, j, basis in scored:
        if i in match_a or j in match_b:
            continue
        match_a[i] = (j, s, basis)
        match_b[j] = i
    rows: list[DiffRow] = []
    for j, y in enumerate(ub):
        if j in match_b:
            x = ua[match_b[j]]
            _, s, basis = match_a[match_b[j]]
            rows.append(_row("repeated" if s >= threshold else "changed", s, basis, x, y))
        else:
            rows.append(_row("new", None, "", None, y))
    rows += [_row("dropped", None, "", x, None) for i, x in enumerate(ua) if i not in match_a]
    counts = Counter(r.status for r in rows)
    return Rows(rows, query={
        "a": _describe(da, len(ua)), "b": _describe(db, len(ub)), "threshold": threshold,
        "min_align": min_align, "units": "sentences" if every_sentence else "commitments",
        "counts": {c: counts.get(c, 0) for c in CLASSES}})


def _describe(doc: LoadedDocument, n_units: int) -> dict[str, Any]:
    langs = Counter(u.lang for u in doc.units)
    return {"label": doc.label, "doc_id": doc.doc_id, "path": doc.path, "date": doc.date,
            "sentences": len(doc.units), "units": n_units,
            "lang": langs.most_common(1)[0][0] if langs else None}


def _row(status: str, s: float | None, basis: str, x: Unit | None, y: Unit | None) -> DiffRow:
    cues = sorted({*(x.cues if x else []), *(y.cues if y else [])})
    return DiffRow(status, round(s, 4) if s is not None else None, basis,
                   x.start if x else None, x.end if x else None, _flat(x.text) if x else "",
                   y.start if y else None, y.end if y else None, _flat(y.text) if y else "",
                   x.lang if x else None, y.lang if y else None, cues)
