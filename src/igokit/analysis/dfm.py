"""Document-feature matrix of the ingested texts, for quanteda, scikit-learn and the like.

Features are normalized words (:mod:`igokit.text.forms`): Russian lemmas, English Snowball stems,
Kazakh stems. A Kazakh word may have several candidate stems (сауда → сауда or сау?); the matrix
takes, for every word, the candidate shared by the most distinct words of the corpus (саудада,
сауданың, саудасы all have сауда), the longer one on a tie, so every form of a word counts as one
feature and a lone word is not cut short.

Files written to the output folder:

* ``dfm.mtx``: Matrix Market coordinate matrix, integer counts, units × features
* ``features.txt``: one feature per line (the columns), most frequent first
* ``docnames.txt``: one unit name per line (the rows): ``doc12`` or ``doc12_p3`` (passage 3)
* ``docvars.csv``: docname, id, doc_id, title, date, lang, path per row

Python: ``scipy.io.mmread("dfm.mtx").tocsr()``; R: ``quanteda::as.dfm(Matrix::readMM(...))`` with
the two name files as dimnames (``docs/search.md``).
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import InputError
from igokit.kb.documents import passage_texts
from igokit.text.forms import tokenize, word_keys

UNITS = ("document", "passage")


@dataclass(slots=True)
class Dfm:
    """A sparse count matrix as coordinates, with its row and column names."""
    docnames: list[str]
    features: list[str]
    rows: list[int]
    cols: list[int]
    counts: list[int]
    docvars: list[dict[str, Any]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.docnames), len(self.features)

    def to_scipy(self) -> Any:
        """The matrix as ``scipy.sparse.csr_matrix`` (needs scipy)."""
        from scipy import sparse

        return sparse.csr_matrix((self.counts, (self.rows, self.cols)), shape=self.shape)


@dataclass(slots=True)
class DfmExport:
    out: str
    unit: str
    n_docs: int
    n_features: int
    nnz: int
    files: list[str]


def _conn(kb: Any) -> sqlite3.Connection:
    conn = getattr(kb, "conn", kb)
    assert isinstance(conn, sqlite3.Connection)
    return conn


def build_dfm(kb: Any, *, unit: str = "document", lang: str | None = None,
              min_count: int = 1) -> Dfm:
    """Count normalized words per document (or passage); keep features seen ``min_count``+
    times in all. ``lang`` keeps only passages in that language."""
    if unit not in UNITS:
        raise InputError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    if min_count < 1:
        raise InputError("--min-count must be 1 or more")
    names: list[str] = []
    docvars: list[dict[str, Any]] = []
    counts: list[Counter[tuple[str, ...]]] = []
    index: dict[str, int] = {}
    for p in passage_texts(_conn(kb), lang=lang):
        name = f"doc{p.doc_id}" if unit == "document" else f"doc{p.doc_id}_p{p.seq}"
        if name not in index:
            index[name] = len(names)
            names.append(name)
            counts.append(Counter())
            docvars.append({
                "docname": name, "id": p.doc_id if unit == "document" else p.passage_id,
                "doc_id": p.doc_id, "title": p.title, "date": p.date,
                "lang": p.doc_lang if unit == "document" else p.lang, "path": p.path})
        counts[index[name]].update(word_keys(t.text, p.lang) for t in tokenize(p.text))
    if not names:
        raise InputError("no ingested passages" + (f" in {lang}" if lang else "")
                         + ": run `igokit ingest` first")
    chosen = _choose_features({k for c in counts for k in c})
    totals: Counter[str] = Counter()
    per_unit: list[Counter[str]] = []
    for c in counts:
        unit_counts: Counter[str] = Counter()
        for keys, n in c.items():
            unit_counts[chosen[keys]] += n
        per_unit.append(unit_counts)
        totals.update(unit_counts)
    features = sorted((f for f, n in totals.items() if n >= min_count),
                      key=lambda f: (-totals[f], f))
    col = {f: j for j, f in enumerate(features)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[int] = []
    for i, unit_counts in enumerate(per_unit):
        for f, n in sorted(unit_counts.items(), key=lambda kv: col.get(kv[0], -1)):
            if f in col:
                rows.append(i)
                cols.append(col[f])
                values.append(n)
    return Dfm(names, features, rows, cols, values, docvars)


def _choose_features(key_sets: set[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """One feature per word: its only key, or (Kazakh) the candidate stem most words share."""
    support: Counter[str] = Counter()
    for keys in key_sets:
        support.update(keys)
    return {keys: keys[0] if len(keys) == 1 else
            max(keys, key=lambda k: (support[k], len(k))) for keys in key_sets}


def write_dfm(dfm: Dfm, out: Path) -> list[str]:
    """Write the four files into ``out`` (created if needed); returns their names."""
    out.mkdir(parents=True, exist_ok=True)
    _write_mtx(dfm, out / "dfm.mtx")
    (out / "features.txt").write_text("".join(f + "\n" for f in dfm.features), encoding="utf-8")
    (out / "docnames.txt").write_text("".join(d + "\n" for d in dfm.docnames), encoding="utf-8")
    with (out / "docvars.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["docname", "id", "doc_id", "title", "date", "lang", "path"])
        writer.writeheader()
        writer.writerows(dfm.docvars)
    return ["dfm.mtx", "features.txt", "docnames.txt", "docvars.csv"]


def _write_mtx(dfm: Dfm, path: Path) -> None:
    comment = "IGOkit document-feature matrix: rows docnames.txt, columns features.txt"
    try:
        from scipy import io, sparse
    except ImportError:
        n_rows, n_cols = dfm.shape
        with path.open("w", encoding="ascii", newline="\n") as fh:
            fh.write("%%MatrixMarket matrix coordinate integer general\n")
            fh.write(f"% {comment}\n{n_rows} {n_cols} {len(dfm.counts)}\n")
            for i, j, n in zip(dfm.rows, dfm.cols, dfm.counts, strict=True):
                fh.write(f"{i + 1} {j + 1} {n}\n")
        return
    matrix = sparse.coo_matrix((dfm.counts, (dfm.rows, dfm.cols)), shape=dfm.shape,
                               dtype="int64")
    io.mmwrite(str(path), matrix, comment=comment, field="integer")


def export_dfm(kb: Any, out: Path, *, unit: str = "document", lang: str | None = None,
               min_count: int = 1) -> DfmExport:
    """Build the document-feature matrix and write it to the folder ``out``."""
    dfm = build_dfm(kb, unit=unit, lang=lang, min_count=min_count)
    files = write_dfm(dfm, out)
    return DfmExport(str(out), unit, len(dfm.docnames), len(dfm.features), len(dfm.counts),
                     files)
