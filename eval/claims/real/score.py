"""Score the claim checker on the real published texts of ../shared/corpus/real.

    python eval/claims/real/score.py [--half dev|test|all] [--errors] [--json OUT] [--db PATH]

Gold: ``gold/<text>.jsonl`` (blind annotation by offsets; see GUIDE.md). Each text is checked
twice: read on its publication date (index.tsv) and read today (2026-11-23). Reported per mode:

- **alarm precision**: of the checker's alarms (contradicted or outdated), the share that
  overlap a gold claim whose verdict in that mode is an alarm too;
- **recall**: of the gold alarms, the share that overlap an alarm of the checker;
- verdict agreement of every gold claim with the overlapping checker claim (or ``none``);
- **dating**: the share of texts the checker dates, the share whose interval contains the
  publication date, and the median width of the intervals.

Nothing of the texts is stored: results (``--json``) hold numbers and offsets only. The scorer
skips (exit 0) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REAL = ROOT.parent / "shared" / "corpus" / "real"
TODAY = "2026-11-23"
ALARM = {"contradicted", "outdated"}


def load_split() -> dict[str, dict[str, str]]:
    with open(HERE / "split.tsv", encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


def load_index(real: Path) -> dict[str, dict[str, str]]:
    with open(real / "index.tsv", encoding="utf-8") as f:
        return {r["file"]: r for r in csv.DictReader(f, delimiter="\t")}


def gold_of(name: str) -> list[dict[str, Any]]:
    path = HERE / "gold" / f"{name[:-4]}.jsonl"
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def pub_period(value: str) -> tuple[dt.date, dt.date]:
    """The publication date as a period [first day, day after the last)."""
    from igokit.kb.dates import FuzzyDate

    if "/" in value:  # "2017/2021": some time in that range
        a, b = value.split("/")
        return FuzzyDate.parse(a).first_day, FuzzyDate.parse(b).after_last_day
    d = FuzzyDate.parse(value)
    return d.first_day, d.after_last_day


def as_of_for(value: str) -> str:
    """The reference date for "read on the publication date": a range is read at its end,
    a month or year at its last day (what was true by then)."""
    return value.split("/")[-1] if "/" in value else value


def overlaps(a: dict[str, Any], b: Any) -> bool:
    return a["start"] < b.end and b.start < a["end"]


def score_mode(texts: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    """Alarm precision/recall and verdict agreement for one mode (``pub`` or ``today``)."""
    key = f"verdict_{mode}"
    alarms = hits = 0
    gold_alarms = caught = 0
    same_verdict = 0
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[tuple[str, str]] = Counter()
    false_alarms, misses = [], []
    for t in texts:
        claims = t[f"claims_{mode}"]
        gold = t["gold"]
        lang = t["lang"]
        for c in claims:
            if c.verdict not in ALARM:
                continue
            alarms += 1
            by_lang[lang]["alarms"] += 1
            if any(overlaps(g, c) and g[key] in ALARM for g in gold):
                hits += 1
                by_lang[lang]["hits"] += 1
            else:
                false_alarms.append((t, c, [g for g in gold if overlaps(g, c)]))
        for g in gold:
            over = [c for c in claims if overlaps(g, c)]
            got = next((c.verdict for c in over if c.verdict in ALARM), None) or (
                over[0].verdict if over else "none"
            )
            confusion[(g[key], got)] += 1
            if g[key] in ALARM:
                gold_alarms += 1
                by_lang[lang]["gold_alarms"] += 1
                if got in ALARM:
                    caught += 1
                    by_lang[lang]["caught"] += 1
                    same_verdict += got == g[key]
                else:
                    misses.append((t, g, over))
    per_lang = {
        lang: {
            "alarms": c["alarms"],
            "precision": _ratio(c["hits"], c["alarms"]),
            "gold_alarms": c["gold_alarms"],
            "recall": _ratio(c["caught"], c["gold_alarms"]),
        }
        for lang, c in sorted(by_lang.items())
    }
    per_verdict = {}
    for gv in ("supported", "contradicted", "outdated", "unverifiable"):
        row = {got: n for (g, got), n in confusion.items() if g == gv}
        per_verdict[gv] = {"n": sum(row.values()), "checker": dict(sorted(row.items()))}
    return {
        "alarms": alarms,
        "alarm_precision": _ratio(hits, alarms),
        "gold_alarms": gold_alarms,
        "recall": _ratio(caught, gold_alarms),
        "same_alarm_verdict": _ratio(same_verdict, caught),
        "per_language": per_lang,
        "per_gold_verdict": per_verdict,
        "_false_alarms": false_alarms,
        "_misses": misses,
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score_dating(texts: list[dict[str, Any]]) -> dict[str, Any]:
    dated = inside = 0
    widths = []
    for t in texts:
        ivs = t["dating"]
        if not ivs:
            continue
        dated += 1
        lo, hi = pub_period(t["date"])
        hit = False
        for s, e in ivs:
            s_d = dt.date.fromisoformat(s)
            e_d = dt.date.fromisoformat(e) if e else dt.date(9999, 1, 1)
            hit = hit or (s_d < hi and lo < e_d)
        inside += hit
        width = sum(
            ((dt.date.fromisoformat(e) if e else dt.date.fromisoformat(TODAY))
             - dt.date.fromisoformat(s)).days
            for s, e in ivs
        ) / 365.25
        widths.append(width)
    n = len(texts)
    return {
        "texts": n,
        "dated": dated,
        "dated_with_publication_inside": inside,
        "share_dated_correctly": _ratio(inside, n),
        "median_width_years": round(statistics.median(widths), 2) if widths else None,
    }


def run(half: str, db: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from igokit.analysis.claims import check_text
    from igokit.api import KnowledgeBase

    kb = KnowledgeBase(db) if db else KnowledgeBase(os.path.join(tempfile.mkdtemp(), "kb.sqlite"))
    split = load_split()
    index = load_index(REAL)
    texts = []
    for name, row in sorted(split.items()):
        if half != "all" and row["half"] != half:
            continue
        if not (HERE / "gold" / f"{name[:-4]}.jsonl").exists():
            print(f"note: {name} is not annotated yet; left out", file=sys.stderr)
            continue
        text = (REAL / name).read_text(encoding="utf-8")
        date = index[name]["date"]
        written = as_of_for(date)
        pub = check_text(kb, text, as_of=written, doc_date=written)
        now = check_text(kb, text, as_of=TODAY, doc_date=written)
        # dating: from the text alone (no metadata date), read today
        alone = check_text(kb, text, as_of=TODAY)
        texts.append({
            "file": name, "lang": row["lang"], "date": date, "gold": gold_of(name),
            "claims_pub": pub.claims, "claims_today": now.claims,
            "dating": alone.dating_intervals, "text": text,
        })
    result = {
        "half": half,
        "texts": len(texts),
        "gold_claims": sum(len(t["gold"]) for t in texts),
        "checker_claims": sum(len(t["claims_pub"]) for t in texts),
        "pub": score_mode(texts, "pub"),
        "today": score_mode(texts, "today"),
        "dating": score_dating(texts),
    }
    return texts, result


def _excerpt(text: str, s: int, e: int) -> str:
    return " ".join(text[max(0, s - 40) : e + 40].split())


def print_result(result: dict[str, Any], errors: bool, texts: list[dict[str, Any]]) -> None:
    print(f"half: {result['half']}  texts: {result['texts']}  gold claims: "
          f"{result['gold_claims']}  checker claims: {result['checker_claims']}")
    for mode, label in (("pub", "read on the publication date"), ("today", "read today")):
        r = result[mode]
        print(f"\n{label}: alarms {r['alarms']}, alarm precision {r['alarm_precision']}; "
              f"gold alarms {r['gold_alarms']}, caught {r['recall']} "
              f"(same verdict {r['same_alarm_verdict']})")
        for lang, v in r["per_language"].items():
            print(f"  {lang}: alarms {v['alarms']} precision {v['precision']}; "
                  f"gold alarms {v['gold_alarms']} recall {v['recall']}")
        for gv, v in r["per_gold_verdict"].items():
            print(f"  gold {gv:<13} n={v['n']:<4} checker: {v['checker']}")
        if errors:
            for t, c, gold in r["_false_alarms"]:
                gv = [g[f"verdict_{mode}"] for g in gold] or ["no gold claim"]
                print(f"  FALSE ALARM {t['file']} [{c.start}:{c.end}] {c.type} {c.verdict} "
                      f"(gold {', '.join(gv)}): {_excerpt(t['text'], c.start, c.end)}\n"
                      f"      why: {c.reason}")
            for t, g, over in r["_misses"]:
                got = ", ".join(f"{c.type}:{c.verdict}" for c in over) or "none"
                print(f"  MISS {t['file']} [{g['start']}:{g['end']}] {g['type']}/{g['relation']}"
                      f" gold {g[f'verdict_{mode}']} got {got}: {g['claim']}")
    d = result["dating"]
    print(f"\ndating: {d['dated']}/{d['texts']} dated, {d['dated_with_publication_inside']} with "
          f"the publication date inside ({d['share_dated_correctly']}), median width "
          f"{d['median_width_years']} years")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--half", choices=["dev", "test", "all"], default="dev")
    p.add_argument("--errors", action="store_true", help="list false alarms and misses")
    p.add_argument("--json", type=Path, help="write the numbers (no text) to this file")
    p.add_argument("--db", help="knowledge base file (default: a temporary one)")
    a = p.parse_args()
    if not (REAL / "index.tsv").exists():
        print(f"skipped: {REAL} is absent")
        return 0
    texts, result = run(a.half, a.db)
    print_result(result, a.errors, texts)
    if a.json:
        clean = {k: v for k, v in result.items()}
        for mode in ("pub", "today"):
            clean[mode] = {k: v for k, v in result[mode].items() if not k.startswith("_")}
        a.json.write_text(json.dumps(clean, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
