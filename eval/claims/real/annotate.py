"""Helpers for annotating the real texts by offset (the texts stay in ../shared).

    python eval/claims/real/annotate.py locate FILE "exact substring" [--nth N]
    python eval/claims/real/annotate.py show FILE          # the file's records with their spans
    python eval/claims/real/annotate.py validate           # every gold file: fields, offsets

``locate`` prints the code-point offsets of a substring, to write into a record; ``show`` prints
each record beside the text it points at (for review only: nothing of the text is stored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE.parents[2].parent / "shared" / "corpus" / "real"
GOLD = HERE / "gold"
TYPES = {"count", "status", "joined", "accession", "founding", "chair", "summit", "official",
         "seat", "document"}
VERDICTS = {"supported", "contradicted", "outdated", "unverifiable"}
FIELDS = {"file", "start", "end", "type", "subjects", "relation", "object", "time", "attributed",
          "claim", "verdict_pub", "verdict_today", "expected", "note"}


def text_of(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def records(stem: str) -> list[dict]:
    path = GOLD / f"{stem}.jsonl"
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def validate() -> int:
    problems = 0
    names = sorted(p.name for p in REAL.glob("*.txt"))
    for name in names:
        stem = name[:-4]
        path = GOLD / f"{stem}.jsonl"
        if not path.exists():
            print(f"{path.name}: missing")
            problems += 1
            continue
        text = text_of(name)
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path.name}:{i}: bad JSON: {e}")
                problems += 1
                continue
            bad = []
            if set(r) - FIELDS:
                bad.append(f"unknown fields {sorted(set(r) - FIELDS)}")
            if FIELDS - set(r) - {"expected", "note"}:
                bad.append(f"missing fields {sorted(FIELDS - set(r) - {'expected', 'note'})}")
            if r.get("file") != name:
                bad.append("file does not match the file name")
            if not (0 <= r.get("start", -1) < r.get("end", -1) <= len(text)):
                bad.append("offsets out of range")
            if r.get("type") not in TYPES:
                bad.append(f"type {r.get('type')!r}")
            for k in ("verdict_pub", "verdict_today"):
                if r.get(k) not in VERDICTS:
                    bad.append(f"{k} {r.get(k)!r}")
            for b in bad:
                print(f"{path.name}:{i}: {b}")
            problems += len(bad)
    print(f"{problems} problem(s)")
    return 1 if problems else 0


def main() -> int:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    loc = sub.add_parser("locate")
    loc.add_argument("file")
    loc.add_argument("needle")
    loc.add_argument("--nth", type=int, default=1)
    sh = sub.add_parser("show")
    sh.add_argument("file")
    sub.add_parser("validate")
    a = p.parse_args()
    if a.cmd == "validate":
        return validate()
    text = text_of(a.file)
    if a.cmd == "locate":
        pos = -1
        for _ in range(a.nth):
            pos = text.find(a.needle, pos + 1)
            if pos < 0:
                print("not found", file=sys.stderr)
                return 1
        print(json.dumps({"start": pos, "end": pos + len(a.needle)}))
        return 0
    for r in records(a.file[:-4]):
        print(f"[{r['start']}:{r['end']}] {text[r['start']:r['end']]!r}")
        print(f"    {r['type']}/{r['relation']} {r['subjects']} -> {r['object']} @ {r['time']}: "
              f"pub={r['verdict_pub']} today={r['verdict_today']}  ({r['claim']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
