"""Content analysis over coded units: frequencies, shares, comparisons, co-occurrence.

Everything returns pandas DataFrames. A *units frame* has one row per coded unit with columns
``doc_id, start, end, lang, text, year, date, period, org, speaker`` plus one boolean column per
area (``area:security`` ...) and its score (``score:security`` ...).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from igokit.analysis.coding import CodedUnit, DictionaryCoder
from igokit.errors import InputError

Z95 = 1.959963984540054


def units_frame(units: Iterable[CodedUnit], areas: Sequence[str],
                meta: dict[str, Any] | None = None) -> pd.DataFrame:
    """Coded units as a frame; ``meta`` (doc_id, date, org, speaker ...) is copied on each row."""
    rows = []
    for u in units:
        row: dict[str, Any] = {**(meta or {}), "start": u.start, "end": u.end, "lang": u.lang,
                               "text": u.text, "terms": [t.text for t in u.terms]}
        for a in areas:
            row[f"area:{a}"] = a in u.areas
            row[f"score:{a}"] = u.scores.get(a, 0.0)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if "date" in frame and "year" not in frame:
        frame["year"] = frame["date"].map(lambda d: int(str(d)[:4]) if d else None)
    return frame


def area_columns(frame: pd.DataFrame) -> list[str]:
    return [c.removeprefix("area:") for c in frame.columns if c.startswith("area:")]


def area_frequencies(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Units coded per area and their share of all units, overall or per group (``by``: any
    column such as doc_id, year, period, org, speaker, lang). Long format: one row per group and
    area, with ``units`` (the group's total units), ``count`` and ``share``."""
    areas = area_columns(frame)
    if frame.empty:
        return pd.DataFrame(columns=[by or "all", "area", "count", "units", "share"])
    groups = frame.groupby(by, dropna=False) if by else [("all", frame)]
    rows = []
    for key, part in groups:
        n = len(part)
        for a in areas:
            count = int(part[f"area:{a}"].sum())
            rows.append({by or "all": key, "area": a, "count": count, "units": n,
                         "share": count / n if n else 0.0})
    return pd.DataFrame(rows)


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def share_difference(k1: int, n1: int, k2: int, n2: int, z: float = Z95
                     ) -> tuple[float, float, float]:
    """Difference of two proportions (p2 - p1) with Newcombe's hybrid score interval
    (method 10), which behaves well for small counts and shares near 0 or 1."""
    p1 = k1 / n1 if n1 else 0.0
    p2 = k2 / n2 if n2 else 0.0
    l1, u1 = wilson_interval(k1, n1, z)
    l2, u2 = wilson_interval(k2, n2, z)
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return d, low, high


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's G² for a word seen ``a`` times in a corpus of ``c`` words and ``b`` times in
    one of ``d`` words (Rayson & Garside's keyness form)."""
    e1 = c * (a + b) / (c + d) if c + d else 0.0
    e2 = d * (a + b) / (c + d) if c + d else 0.0
    g = 0.0
    if a > 0 and e1 > 0:
        g += a * math.log(a / e1)
    if b > 0 and e2 > 0:
        g += b * math.log(b / e2)
    return 2 * g


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's Log Ratio effect size: log2 of the ratio of relative frequencies (0.5 added to
    zero counts)."""
    a = a or 0.5
    b = b or 0.5
    return math.log2((a / c) / (b / d)) if c and d else 0.0


def compare_areas(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Area shares in set A and set B, the difference B − A with a 95% interval, G² and
    Log Ratio of area counts."""
    areas = sorted(set(area_columns(a)) | set(area_columns(b)))
    rows = []
    na, nb = len(a), len(b)
    for area in areas:
        ka = int(a[f"area:{area}"].sum()) if f"area:{area}" in a else 0
        kb = int(b[f"area:{area}"].sum()) if f"area:{area}" in b else 0
        diff, low, high = share_difference(ka, na, kb, nb)
        rows.append({"area": area, "count_a": ka, "units_a": na,
                     "share_a": ka / na if na else 0.0, "count_b": kb, "units_b": nb,
                     "share_b": kb / nb if nb else 0.0, "diff": diff, "diff_low": low,
                     "diff_high": high, "significant": low > 0 or high < 0,
                     "g2": log_likelihood(kb, ka, nb, na), "log_ratio": log_ratio(kb, ka, nb, na)})
    return pd.DataFrame(rows).sort_values("diff", ascending=False, ignore_index=True)


_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*[^\W_]|[^\W\d_]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return [t.lower().replace("ё", "е") for t in _TOKEN.findall(text)]


def keyness(texts_a: Iterable[str], texts_b: Iterable[str], *, min_count: int = 3,
            stopwords: frozenset[str] = frozenset(), top: int = 50) -> pd.DataFrame:
    """Words over-represented in B against A (positive log_ratio) or in A (negative), ranked by
    G² (3.84 ≈ p < 0.05, 6.63 ≈ p < 0.01, 15.13 ≈ p < 0.0001)."""
    ca = Counter(t for text in texts_a for t in tokens(text) if t not in stopwords)
    cb = Counter(t for text in texts_b for t in tokens(text) if t not in stopwords)
    na, nb = sum(ca.values()), sum(cb.values())
    rows = []
    for word in set(ca) | set(cb):
        fa, fb = ca.get(word, 0), cb.get(word, 0)
        if fa + fb < min_count:
            continue
        rows.append({"word": word, "count_a": fa, "count_b": fb,
                     "g2": log_likelihood(fb, fa, nb, na), "log_ratio": log_ratio(fb, fa, nb, na),
                     "key_in": "b" if (fb / nb if nb else 0) > (fa / na if na else 0) else "a"})
    frame = pd.DataFrame(rows, columns=["word", "count_a", "count_b", "g2", "log_ratio",
                                        "key_in"])
    return frame.sort_values("g2", ascending=False, ignore_index=True).head(top)


def cooccurrence(frame: pd.DataFrame) -> pd.DataFrame:
    """Area × area matrix: units coded with both areas (the diagonal: units with the area)."""
    areas = area_columns(frame)
    data = {a: [int((frame[f"area:{a}"] & frame[f"area:{b}"]).sum()) for b in areas]
            for a in areas}
    return pd.DataFrame(data, index=areas)


def top_passages(frame: pd.DataFrame, area: str, n: int = 10) -> pd.DataFrame:
    """The units with the highest score for ``area``."""
    col = f"score:{area}"
    if col not in frame:
        raise InputError(f"unknown area {area!r}; known: {', '.join(area_columns(frame))}")
    keep = [c for c in ("doc_id", "title", "date", "start", "end", "lang", "text", "terms")
            if c in frame]
    part = frame[frame[col] > 0].sort_values(col, ascending=False).head(n)
    return part[[*keep, col]].rename(columns={col: "score"}).reset_index(drop=True)


def code_texts(coder: DictionaryCoder, docs: Iterable[dict[str, Any]], unit: str = "sentence"
               ) -> pd.DataFrame:
    """Code each ``{"text": ..., **meta}`` and return one units frame."""
    frames = []
    areas = list(coder.codebook.areas)
    for doc in docs:
        meta = {k: v for k, v in doc.items() if k != "text"}
        units = coder.code(doc["text"], unit)  # type: ignore[arg-type]
        frames.append(units_frame(units, areas, meta))
    if not frames:
        return units_frame([], areas)
    return pd.concat(frames, ignore_index=True)
