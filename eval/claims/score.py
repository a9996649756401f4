"""Score the claim checker on eval/claims/claims.jsonl (sentences with known verdicts).

    python eval/claims/score.py [--db PATH] [--errors] [--json]

Each item holds one checkable claim (or none). The checker's claim of the item's type is
compared with the gold verdict. Reported: accuracy per verdict and per claim type, the share of
contradicted/outdated claims caught (flagged as either), and false alarms (a true, hedged or
claim-free sentence flagged contradicted or outdated).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ITEMS = ROOT / "eval" / "claims" / "claims.jsonl"
HELDOUT = ROOT / "eval" / "claims" / "claims_heldout.jsonl"
HELDOUT2 = ROOT / "eval" / "claims" / "claims_heldout2.jsonl"
HELDOUT3 = ROOT / "eval" / "claims" / "claims_heldout3.jsonl"
HELDOUT4 = ROOT / "eval" / "claims" / "claims_heldout4.jsonl"
CORPUS_GOLD = ROOT / "eval" / "claims" / "corpus_gold.jsonl"
SHARED = ROOT.parent / "shared"
ALARM = {"contradicted", "outdated"}
TYPE_ALIASES = {"status_date": {"status_date", "status"}, "status": {"status", "status_date"},
                "founding": {"founding"}, "member_count": {"member_count", "founding"}}


def load_items(path: Path = ITEMS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def predict(kb: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each item: the verdict of the checker's claim of the item's type (or 'none')."""
    from igokit.analysis.claims import check_text

    out = []
    for item in items:
        report = check_text(kb, item["text"], as_of=item["as_of"])
        wanted = TYPE_ALIASES.get(item["type"], {item["type"]})
        same = [c for c in report.claims if c.type in wanted]
        # a sentence may hold several claims of the type ("founded in 2001 in Beijing"):
        # the item is about the one that is wrong, so a flagged one is taken first
        same.sort(key=lambda c: c.verdict not in ALARM)
        chosen = same[0] if same else (report.claims[0] if report.claims else None)
        if item["type"] == "none":
            flagged = [c for c in report.claims if c.verdict in ALARM]
            chosen = flagged[0] if flagged else None
        out.append({"verdict": chosen.verdict if chosen else "none",
                    "type": chosen.type if chosen else None,
                    "expected": chosen.expected if chosen else None,
                    "claims": [c.to_dict() for c in report.claims]})
    return out


def score(items: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    by_verdict: dict[str, list[bool]] = defaultdict(list)
    by_type: dict[str, list[bool]] = defaultdict(list)
    by_lang: dict[str, list[bool]] = defaultdict(list)
    caught, alarms, honest = [], [], []
    confusion: Counter[tuple[str, str]] = Counter()
    for item, pred in zip(items, preds, strict=True):
        gold, got = item["verdict"], pred["verdict"]
        ok = gold == got
        by_verdict[gold].append(ok)
        by_type[item["type"]].append(ok)
        by_lang[item["lang"]].append(ok)
        confusion[(gold, got)] += 1
        if gold in ALARM:
            caught.append(got in ALARM)
        else:
            alarms.append(got in ALARM)
        if gold == "unverifiable":
            honest.append(got in ("unverifiable", "none"))

    def rate(xs: list[bool]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    return {
        "items": len(items),
        "accuracy": rate([i["verdict"] == p["verdict"] for i, p in zip(items, preds,
                                                                        strict=True)]),
        "per_verdict": {k: {"n": len(v), "accuracy": rate(v)} for k, v in by_verdict.items()},
        "per_type": {k: {"n": len(v), "accuracy": rate(v)} for k, v in by_type.items()},
        "per_language": {k: {"n": len(v), "accuracy": rate(v)} for k, v in by_lang.items()},
        "caught_contradicted_or_outdated": rate(caught),
        "false_alarms_on_true_hedged_or_none": rate(alarms),
        "hedged_left_unverifiable": rate(honest),
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
    }


def score_corpus(kb: Any, shared: Path) -> dict[str, Any]:
    """Run the checker on each corpus document (at the gold reference date) and compare with
    the hand-made list of its claims: which errors it catches, which it misses, and what it
    flags that is not an error (false alarms)."""
    from igokit.analysis.claims import check_document

    gold = [json.loads(line) for line in CORPUS_GOLD.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    out: dict[str, Any] = {"documents": {}}
    caught, missed, false_alarms, right = [], [], [], 0
    for file in sorted({g["file"] for g in gold}):
        rows = [g for g in gold if g["file"] == file]
        report = check_document(kb, str(shared / "corpus" / file), as_of=rows[0]["as_of"])
        flagged = [c for c in report.claims if c.verdict in ALARM]
        for g in rows:
            hits = [c for c in report.claims if c.start < g["end"] and g["start"] < c.end]
            alarms = [c for c in hits if c.verdict in ALARM]
            got = (alarms or hits)[0].verdict if hits else "none"
            right += got == g["verdict"]
            if g["verdict"] in ALARM:
                (caught if got in ALARM else missed).append(f"{file}:{g['start']} {g['quote']}")
        for c in flagged:
            near = [g for g in rows if c.start < g["end"] + 20 and g["start"] - 20 < c.end]
            if not any(g["verdict"] in ALARM or g.get("contested") for g in near):
                false_alarms.append(f"{file}:{c.start} {c.verdict} {c.text[:60]!r}")
        out["documents"][file] = {"as_of": report.as_of, "claims_found": len(report.claims),
                                  "summary": report.summary(), "dating": report.dating}
    errors = len(caught) + len(missed)
    out.update({"gold_claims": len(gold), "verdict_agreement": right / len(gold),
                "errors_in_gold": errors, "errors_caught": len(caught),
                "caught": caught, "missed": missed, "false_alarms": false_alarms})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="knowledge base file (default: a temporary one)")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--heldout", action="store_true",
                    help="the first held-out set (blind when written; its errors were then "
                         "used for a second round of rules)")
    ap.add_argument("--heldout2", action="store_true",
                    help="the second held-out set (blind for its first run, then its errors "
                         "informed a third round)")
    ap.add_argument("--heldout3", action="store_true",
                    help="the third held-out set (blind for its first run, then its errors "
                         "informed a fourth round)")
    ap.add_argument("--heldout4", action="store_true",
                    help="the fourth blind held-out set (never used for tuning)")
    ap.add_argument("--corpus", action="store_true",
                    help="the shared corpus against eval/claims/corpus_gold.jsonl")
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    from igokit.api import KnowledgeBase

    db = args.db or Path(os.environ.get("IGOKIT_DB") or Path(tempfile.mkdtemp()) / "kb.sqlite")
    kb = KnowledgeBase(db)
    if args.corpus:
        if not (args.shared / "corpus").is_dir():
            print(f"{args.shared}/corpus not found: nothing to score")
            return 0
        result = score_corpus(kb, args.shared)
        if args.json:
            print(json.dumps(result, indent=1, ensure_ascii=False))
            return 0
        for file, info in result["documents"].items():
            print(f"{file}: as of {info['as_of']}, {info['claims_found']} claims, "
                  f"{info['summary']}\n  dating: {info['dating']}")
        print(f"\ngold claims {result['gold_claims']}, verdict agreement "
              f"{result['verdict_agreement']:.3f}; errors caught {result['errors_caught']} of "
              f"{result['errors_in_gold']}; false alarms {len(result['false_alarms'])}")
        for key in ("caught", "missed", "false_alarms"):
            print(f"\n{key}:")
            for line in result[key]:
                print(f"  {line}")
        return 0
    items = load_items(HELDOUT4 if args.heldout4 else HELDOUT3 if args.heldout3
                       else HELDOUT2 if args.heldout2
                       else HELDOUT if args.heldout else ITEMS)
    preds = predict(kb, items)
    result = score(items, preds)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"{result['items']} claims; accuracy {result['accuracy']:.3f}")
        print(f"caught (contradicted or outdated flagged): "
              f"{result['caught_contradicted_or_outdated']:.3f}")
        print(f"false alarms on true/hedged/claim-free: "
              f"{result['false_alarms_on_true_hedged_or_none']:.3f}")
        for key in ("per_verdict", "per_type", "per_language"):
            print(f"\n{key.replace('_', ' ')}:")
            for k, v in sorted(result[key].items()):
                print(f"  {k:<14} n={v['n']:>3}  accuracy {v['accuracy']:.3f}")
        print("\nconfusion (gold->predicted):", result["confusion"])
    if args.errors:
        for item, pred in zip(items, preds, strict=True):
            if item["verdict"] != pred["verdict"]:
                print(f"\n{item['id']} [{item['type']}] gold {item['verdict']} "
                      f"({item['expected']}) got {pred['verdict']} ({pred['expected']})\n"
                      f"  {item['text']}  @ {item['as_of']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
