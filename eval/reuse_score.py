"""Score the reuse detector and the cross-language aligner on a labelled pair set.

    python eval/reuse_score.py [--pairs eval/reuse/pairs.jsonl] [--shared ../shared]
                               [--db PATH] [--k 4] [--json]

Each line of the pair file is one JSON object: ``a_file, a_start, a_end, b_file, b_start,
b_end, label`` with ``label`` one of reuse, translation, paraphrase, unrelated_same_topic,
unrelated (optional ``a_text``/``b_text`` override the cut). Files are looked up under
``shared/corpus/real/``, then ``shared/corpus/``, then ``shared/`` (a path as given); offsets
are code-point offsets into the file read as UTF-8. Each pair's two passages go through:

* **reuse** — :func:`igokit.api.passage_similarity` (word shingles of ``--k`` words, word forms
  normalised); its score is the larger of Jaccard and containment. Positives: ``reuse``.
  Scored over every pair.
* **cross-language alignment** — :func:`igokit.api.passage_alignment_score` (anchors: linked
  entities, dates, quantities, numbers; times the length ratio). Positives: ``translation``, and
  ``reuse`` across languages. Scored over the pairs whose two passages are in different
  languages (within one language the aligner compares words, which the reuse task measures).

Reported per task: precision, recall and F1 at the default threshold and at every threshold of
the sweep (the best F1 marked), and per language pair at the default threshold. Languages come
from the file name (``NNN_xx_...``), else from the extraction. Without ``../shared`` or the pair
file the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "eval" / "reuse" / "pairs.jsonl"
SHARED = ROOT.parent / "shared"
LABELS = ("reuse", "translation", "paraphrase", "unrelated_same_topic", "unrelated")
REUSE_THRESHOLD = 0.5  # igokit.analysis.reuse.DEFAULT_THRESHOLD
ALIGN_THRESHOLD = 0.25  # igokit.analysis.declarations.MIN_ALIGN
SWEEP = [round(0.05 * i, 2) for i in range(1, 20)]
_FILE_LANG = re.compile(r"^\d+_(en|ru|kk)_")


def find_file(shared: Path, name: str) -> Path | None:
    for base in (shared / "corpus" / "real", shared / "corpus", shared):
        path = base / name
        if path.is_file():
            return path
    return None


def load_pairs(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("label") not in LABELS:
            raise SystemExit(f"{path}:{n}: label {item.get('label')!r} is not one of {LABELS}")
        item["_line"] = n
        out.append(item)
    return out


def _passage(shared: Path, item: dict[str, Any], side: str, cache: dict[Path, str]
             ) -> tuple[str, str | None]:
    """The passage text of one side and the language its file name gives."""
    name = str(item[f"{side}_file"])
    lang_match = _FILE_LANG.match(Path(name).name)
    lang = lang_match.group(1) if lang_match else None
    if item.get(f"{side}_text"):
        return str(item[f"{side}_text"]), lang
    path = find_file(shared, name)
    if path is None:
        raise FileNotFoundError(f"{name} (pair on line {item['_line']})")
    if path not in cache:
        cache[path] = path.read_text(encoding="utf-8")
    return cache[path][int(item[f"{side}_start"]):int(item[f"{side}_end"])], lang


def predict(kb: Any, shared: Path, pairs: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    from igokit.api import passage_alignment_score, passage_similarity

    cache: dict[Path, str] = {}
    out = []
    for item in pairs:
        try:
            a, la = _passage(shared, item, "a", cache)
            b, lb = _passage(shared, item, "b", cache)
        except (FileNotFoundError, KeyError, ValueError) as exc:
            out.append({"line": item["_line"], "label": item["label"], "error": str(exc)})
            continue
        align, _, ga, gb = passage_alignment_score(kb, a, b)
        la, lb = la or ga, lb or gb
        reuse = passage_similarity(a, b, la, lb, k=k).score
        out.append({"line": item["_line"], "label": item["label"], "lang_a": la, "lang_b": lb,
                    "langs": "-".join(sorted((la or "?", lb or "?"))),
                    "reuse_score": round(reuse, 4), "align_score": round(align, 4)})
    return out


def _prf(rows: list[dict[str, Any]], score: str, positive: Any, threshold: float
         ) -> dict[str, Any]:
    tp = sum(1 for r in rows if positive(r) and r[score] >= threshold)
    fp = sum(1 for r in rows if not positive(r) and r[score] >= threshold)
    fn = sum(1 for r in rows if positive(r) and r[score] < threshold)
    p = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else None
    f1 = 2 * p * rec / (p + rec) if p and rec else (0.0 if p is not None and rec is not None
                                                     else None)
    return {"threshold": threshold, "n": len(rows), "positives": tp + fn, "tp": tp, "fp": fp,
            "fn": fn, "precision": p, "recall": rec, "f1": f1}


def _task(rows: list[dict[str, Any]], score: str, positive: Any, default: float
          ) -> dict[str, Any]:
    sweep = [_prf(rows, score, positive, t) for t in SWEEP]
    best = max(sweep, key=lambda s: s["f1"] or 0.0) if sweep else None
    per_pair: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        per_pair[r["langs"]].append(r)
    return {"default": _prf(rows, score, positive, default), "best": best, "sweep": sweep,
            "per_language_pair": {lp: _prf(rs, score, positive, default)
                                  for lp, rs in sorted(per_pair.items())}}


def score(predictions: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in predictions if "error" not in r]
    cross = [r for r in ok if r["lang_a"] != r["lang_b"]]
    labels: dict[str, int] = defaultdict(int)
    for r in ok:
        labels[r["label"]] += 1
    return {
        "pairs": len(predictions), "scored": len(ok),
        "errors": [r for r in predictions if "error" in r], "labels": dict(labels),
        "reuse": _task(ok, "reuse_score", lambda r: r["label"] == "reuse", REUSE_THRESHOLD),
        "cross_language_alignment": _task(
            cross, "align_score",
            lambda r: r["label"] == "translation" or r["label"] == "reuse", ALIGN_THRESHOLD),
    }


def _fmt(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def show(result: dict[str, Any]) -> None:
    print(f"pairs: {result['pairs']} (scored {result['scored']}); labels: {result['labels']}")
    for e in result["errors"]:
        print(f"  not scored: line {e['line']}: {e['error']}")
    for task in ("reuse", "cross_language_alignment"):
        t = result[task]
        d, b = t["default"], t["best"]
        print(f"\n{task}: n={d['n']} positives={d['positives']}")
        print(f"  at {d['threshold']}: P={_fmt(d['precision'])} R={_fmt(d['recall'])} "
              f"F1={_fmt(d['f1'])}")
        if b:
            print(f"  best F1 at {b['threshold']}: P={_fmt(b['precision'])} "
                  f"R={_fmt(b['recall'])} F1={_fmt(b['f1'])}")
        print("  threshold  P      R      F1")
        for s in t["sweep"]:
            print(f"  {s['threshold']:<9}  {_fmt(s['precision'])}  {_fmt(s['recall'])}  "
                  f"{_fmt(s['f1'])}")
        for lp, s in t["per_language_pair"].items():
            print(f"  {lp}: n={s['n']} positives={s['positives']} P={_fmt(s['precision'])} "
                  f"R={_fmt(s['recall'])} F1={_fmt(s['f1'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--db", help="knowledge base (default: $IGOKIT_DB or the user's)")
    parser.add_argument("--k", type=int, default=4, help="words per shingle (reuse)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"skipped: {args.shared} is not present")
        return 0
    if not args.pairs.is_file():
        print(f"skipped: no pair file at {args.pairs}")
        return 0
    from igokit.api import KnowledgeBase

    kb = KnowledgeBase(args.db)
    predictions = predict(kb, args.shared, load_pairs(args.pairs), args.k)
    result = score(predictions)
    if args.json:
        print(json.dumps({**result, "predictions": predictions}, ensure_ascii=False, indent=1))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
