"""Score the event extractor on the blind real-text annotation (eval/events/real/GUIDE.md).

A predicted event matches a gold record of the same file when the type is the same and the
spans overlap (each gold record matched at most once). Reported: precision and recall per type
and per language, how often matched pairs also agree on actors and on date, and the knowledge-
base check (predicted ``check.verdict`` vs gold ``kb``) on matched pairs.

    python eval/events/real/score.py --half dev [--json] [--gold DIR] [--errors]

``--errors`` (development half only) prints each miss and false alarm with its file, offsets and
passage, for drawing rules from the development half.

Skips cleanly (exit 0, a note) when ../shared is absent. The first run on ``--half test`` is
the lead's (the reported blind run).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[3] / "shared" / "corpus" / "real"


def _person_ok(pred: str, gold: str) -> bool:
    """``person:zhang-ming`` (an id) against ``person:Zhang`` (the guide's surname form)."""
    if not (pred.startswith("person:") and gold.startswith("person:")):
        return False
    g = gold.split(":", 1)[1].lower()
    return g in pred.split(":", 1)[1].lower().split("-")


def actors_agree(pred: list[str], gold: list[str]) -> bool:
    return all(any(p == g or _person_ok(p, g) for p in pred) for g in gold) and bool(pred)


def dates_agree(pred: str | None, gold: str | None) -> bool:
    return (pred or None) == (gold or None)


def load_gold(gold_dir: Path, files: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        path = gold_dir / (Path(f).stem + ".jsonl")
        if not path.exists():
            continue
        out[f] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return out


def predict(files: list[str], index: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    from igokit.api import KnowledgeBase, extract_events

    try:
        from igokit.analysis.events.check import check_events
    except ImportError:  # the knowledge-base check not there yet: no KB agreement
        def check_events(kb: Any, events: Any, org: str = "SCO") -> None:  # type: ignore[misc]
            return None
    kb = KnowledgeBase()
    out: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        text = (SHARED / f).read_text(encoding="utf-8")
        when = index.get(f) or None
        if when and "/" in when:  # "2017/2021": published some time in that range: undated
            when = None
        evs = extract_events(text, kb=kb, doc_date=when)
        if evs:
            check_events(kb, evs)
        out[f] = [{"type": e.type, "start": e.reports[0].start, "end": e.reports[0].end,
                   "actors": e.actors, "date": e.date,
                   "kb": e.check.verdict if e.check else None} for e in evs]
    return out


def match(preds: list[dict[str, Any]], golds: list[dict[str, Any]]
          ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]],
                     list[dict[str, Any]]]:
    """The predictions of one file paired with its gold records (same type, overlapping
    spans; each gold record used once, predictions in order): (pairs, false alarms, misses)."""
    used: set[int] = set()
    pairs, false = [], []
    for p in preds:
        hit = next((i for i, g in enumerate(golds) if i not in used and g["type"] == p["type"]
                    and p["start"] < g["end"] and g["start"] < p["end"]), None)
        if hit is None:
            false.append(p)
        else:
            used.add(hit)
            pairs.append((p, golds[hit]))
    return pairs, false, [g for i, g in enumerate(golds) if i not in used]


def score(pred: dict[str, list[dict[str, Any]]], gold: dict[str, list[dict[str, Any]]],
          langs: dict[str, str]) -> dict[str, Any]:
    tp: Counter[tuple[str, str]] = Counter()
    fp: Counter[tuple[str, str]] = Counter()
    fn: Counter[tuple[str, str]] = Counter()
    actors = dates = kb_agree = kb_n = matched = 0
    for f in sorted(set(pred) | set(gold)):
        lang = langs.get(f, "?")
        pairs, false, missed = match(pred.get(f, []), list(gold.get(f, [])))
        for p in false:
            fp[(p["type"], lang)] += 1
        for g in missed:
            fn[(g["type"], lang)] += 1
        for p, g in pairs:
            tp[(p["type"], lang)] += 1
            matched += 1
            actors += actors_agree(p["actors"], g.get("actors") or [])
            dates += dates_agree(p["date"], g.get("date"))
            if g.get("kb") and p.get("kb"):
                kb_n += 1
                kb_agree += g["kb"] == p["kb"]

    def prf(keys: list[tuple[str, str]]) -> dict[str, Any]:
        t, p_, n = (sum(c[k] for k in keys) for c in (tp, fp, fn))
        return {"tp": t, "fp": p_, "fn": n,
                "precision": round(t / (t + p_), 3) if t + p_ else None,
                "recall": round(t / (t + n), 3) if t + n else None}

    keys = set(tp) | set(fp) | set(fn)
    return {
        "overall": prf(list(keys)),
        "by_type": {ty: prf([k for k in keys if k[0] == ty])
                    for ty in sorted({k[0] for k in keys})},
        "by_lang": {la: prf([k for k in keys if k[1] == la])
                    for la in sorted({k[1] for k in keys})},
        "matched": matched,
        "actors_agree": round(actors / matched, 3) if matched else None,
        "date_agree": round(dates / matched, 3) if matched else None,
        "kb_agree": round(kb_agree / kb_n, 3) if kb_n else None, "kb_pairs": kb_n,
    }


def print_errors(pred: dict[str, list[dict[str, Any]]],
                 gold: dict[str, list[dict[str, Any]]]) -> None:
    """Misses (gold not matched) and false alarms (predictions not matched), as ``score`` pairs
    them, with the passage of the text."""
    for f in sorted(set(pred) | set(gold)):
        text = (SHARED / f).read_text(encoding="utf-8")
        _, false, missed = match(pred.get(f, []), list(gold.get(f, [])))
        for p in false:
            passage = " ".join(text[p["start"]:p["end"]].split())
            print(f"FALSE {f} {p['start']}-{p['end']} {p['type']} {p['actors']}: {passage}")
        for g in missed:
            passage = " ".join(text[g["start"]:g["end"]].split())
            print(f"MISS  {f} {g['start']}-{g['end']} {g['type']} {g.get('actors')} "
                  f"{g.get('date')}: {passage}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=["dev", "test", "all"], default="dev")
    ap.add_argument("--gold", type=Path, default=HERE / "gold")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true",
                    help="print misses and false alarms (development half only)")
    args = ap.parse_args(argv)
    if args.errors and args.half != "dev":
        ap.error("--errors is for the development half only")
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not present")
        return 0
    rows = list(csv.DictReader((HERE / "split.tsv").open(encoding="utf-8"), delimiter="\t"))
    files = [r["file"] for r in rows if args.half == "all" or r["half"] == args.half]
    langs = {r["file"]: r["lang"] for r in rows}
    index: dict[str, str] = {}
    idx = SHARED / "index.tsv"
    if idx.exists():
        for r in csv.DictReader(idx.open(encoding="utf-8"), delimiter="\t"):
            name = r.get("file") or r.get("filename") or ""
            index[name] = (r.get("date") or r.get("published") or "").strip()
    gold = load_gold(args.gold, files)
    scored = [f for f in files if f in gold]
    predicted = predict(scored, index)
    result = score(predicted, gold, langs)
    if args.errors:
        print_errors(predicted, gold)
    result["half"], result["files"] = args.half, len(scored)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        o = result["overall"]
        print(f"{args.half}: {len(scored)} annotated files; P={o['precision']} R={o['recall']} "
              f"(tp {o['tp']}, fp {o['fp']}, fn {o['fn']}); actors agree {result['actors_agree']},"
              f" date agrees {result['date_agree']}, KB check agrees {result['kb_agree']} "
              f"on {result['kb_pairs']} pairs")
        for what in ("by_type", "by_lang"):
            for k, v in result[what].items():
                print(f"  {k:24} P={v['precision']} R={v['recall']} "
                      f"(tp {v['tp']} fp {v['fp']} fn {v['fn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
