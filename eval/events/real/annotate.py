"""Helpers for annotating events in the real texts by offset (the texts stay in ../shared).

    python eval/events/real/annotate.py locate FILE "exact substring" [--nth N]
    python eval/events/real/annotate.py show FILE          # the file's records with their spans
    python eval/events/real/annotate.py validate           # every gold file: fields, offsets

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
TYPES = {"summit_held", "chair_handed_over", "chair_assumed", "application_submitted",
         "accession_started", "memorandum_signed", "status_granted", "member_admitted",
         "document_adopted", "entered_into_force", "official_appointed", "body_founded",
         "initiative_proposed", "initiative_supported", "initiative_adopted",
         "initiative_implemented"}
KB = {"confirmed", "new", "conflict"}
PRECISIONS = {"day", "month", "year", None}
FIELDS = {"file", "start", "end", "type", "actors", "object", "date", "precision", "place",
          "reported", "event", "kb", "note"}


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
            if r.get("kb") not in KB:
                bad.append(f"kb {r.get('kb')!r}")
            if r.get("precision") not in PRECISIONS:
                bad.append(f"precision {r.get('precision')!r}")
            date = r.get("date")
            if date is not None and not (isinstance(date, str) and len(date) in (4, 7, 10)):
                bad.append(f"date {date!r}")
            if not isinstance(r.get("actors"), list) or not isinstance(r.get("reported"), bool):
                bad.append("actors must be a list and reported a boolean")
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
        print(f"    {r['type']} {r['actors']} -> {r['object']} @ {r['date']} in {r['place']}"
              f"{' (reported)' if r['reported'] else ''}: kb={r['kb']}  ({r['event']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
