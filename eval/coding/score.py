"""Score the dictionary coder against the hand-coded units in tests/eval/coding_units.jsonl.

    python eval/coding/score.py [--shared PATH] [--errors] [--json] [--supervised]

Own sentences carry their text; corpus units point into ../shared/corpus by offsets (the corpus
text is not copied into the repository) and are skipped, with a message, when it is absent.
Prints precision, recall and F1 per area and language, and macro-F1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "tests" / "eval" / "coding_units.jsonl"
HELDOUT = ROOT / "tests" / "eval" / "coding_heldout.jsonl"
SHARED = ROOT.parent / "shared"
AREAS = ["security", "economy", "connectivity", "energy", "digital", "ecology", "humanitarian",
         "institutions"]


def load_units(shared: Path | None = SHARED, path: Path = UNITS
               ) -> tuple[list[dict[str, Any]], int]:
    """Units with their text; returns (units, skipped corpus units)."""
    units, skipped = [], 0
    cache: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "text" not in item:
            src = item["source"]
            path = (shared / "corpus" / src["file"]) if shared else None
            if path is None or not path.exists():
                skipped += 1
                continue
            if src["file"] not in cache:
                cache[src["file"]] = path.read_text(encoding="utf-8")
            item["text"] = cache[src["file"]][src["start"]:src["end"]]
        units.append(item)
    return units, skipped


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(units: list[dict[str, Any]], predictions: list[set[str]]) -> dict[str, Any]:
    """Per-area and per-language P/R/F1, macro-F1 over areas and exact-match accuracy."""
    result: dict[str, Any] = {}
    for lang in ("en", "ru", "kk", "all"):
        idx = [i for i, u in enumerate(units) if lang == "all" or u["lang"] == lang]
        per_area = {}
        for area in AREAS:
            tp = sum(1 for i in idx if area in predictions[i] and area in units[i]["areas"])
            fp = sum(1 for i in idx if area in predictions[i] and area not in units[i]["areas"])
            fn = sum(1 for i in idx if area not in predictions[i] and area in units[i]["areas"])
            p, r, f = prf(tp, fp, fn)
            per_area[area] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
        scored = [v["f1"] for v in per_area.values() if v["support"]]
        exact = sum(1 for i in idx if predictions[i] == set(units[i]["areas"]))
        result[lang] = {"units": len(idx), "per_area": per_area,
                        "macro_f1": sum(scored) / len(scored) if scored else 0.0,
                        "exact_match": exact / len(idx) if idx else 0.0}
    return result


def dictionary_predictions(units: list[dict[str, Any]]) -> list[set[str]]:
    from igokit.analysis.coding import DictionaryCoder

    coder = DictionaryCoder()
    return [set(coder.code_text(u["text"], lang=u["lang"]).areas) for u in units]


def print_table(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"{'area':<14}" + "".join(f"{lang:>22}" for lang in ("en", "ru", "kk", "all")))
    print(f"{'':<14}" + "".join(f"{'P    R    F1   n':>22}" for _ in range(4)))
    for area in AREAS:
        cells = []
        for lang in ("en", "ru", "kk", "all"):
            v = result[lang]["per_area"][area]
            cells.append(f"{v['precision']:.2f} {v['recall']:.2f} {v['f1']:.2f} {v['support']:>3}")
        print(f"{area:<14}" + "".join(f"{c:>22}" for c in cells))
    print(f"{'macro-F1':<14}" + "".join(f"{result[lang]['macro_f1']:>22.3f}"
                                         for lang in ("en", "ru", "kk", "all")))
    print(f"{'exact match':<14}" + "".join(f"{result[lang]['exact_match']:>22.3f}"
                                            for lang in ("en", "ru", "kk", "all")))
    print(f"{'units':<14}" + "".join(f"{result[lang]['units']:>22}"
                                      for lang in ("en", "ru", "kk", "all")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--errors", action="store_true", help="List every wrong unit.")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--heldout", action="store_true",
                    help="Score the blind held-out set (coded without seeing the term lists).")
    ap.add_argument("--supervised", action="store_true",
                    help="Also 5-fold cross-validate the supervised coder on the same units.")
    args = ap.parse_args(argv)
    units, skipped = load_units(args.shared if args.shared.exists() else None,
                                HELDOUT if args.heldout else UNITS)
    if skipped:
        print(f"note: {skipped} corpus units skipped ({args.shared} not found)", file=sys.stderr)
    preds = dictionary_predictions(units)
    result = score(units, preds)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        which = "blind held-out" if args.heldout else "development"
        print_table(f"Dictionary coder on {len(units)} hand-coded units ({which} set)", result)
    if args.errors:
        for u, p in zip(units, preds, strict=True):
            if p != set(u["areas"]):
                print(f"{u['id']}: gold {sorted(u['areas'])} predicted {sorted(p)}\n  "
                      f"{u['text'][:200]}")
    if args.supervised:
        from igokit.analysis.supervised import SupervisedCoder

        cv = SupervisedCoder(AREAS).cross_validate([u["text"] for u in units],
                                                   [u["areas"] for u in units])
        print(f"\nSupervised coder, {cv.folds}-fold CV: macro-F1 {cv.macro_f1:.3f}")
        for area, v in cv.per_area.items():
            print(f"  {area:<14} P {v['precision']:.2f} R {v['recall']:.2f} F1 {v['f1']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
