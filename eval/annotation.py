"""What the offset-annotation helpers of eval/claims/real and eval/events/real share: reading a
real text, loading a gold file, finding a substring's offsets, and validating every gold file
(fields, file name, offsets) with a per-task check of the values.

The texts stay in ../shared/corpus/real; the gold files hold offsets and our own words only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"

Check = Callable[[dict[str, Any]], list[str]]
Show = Callable[[dict[str, Any]], str]


def text_of(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def records(gold: Path, stem: str) -> list[dict[str, Any]]:
    path = gold / f"{stem}.jsonl"
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def validate(gold: Path, fields: set[str], optional: set[str], check: Check) -> int:
    """Print every problem of every gold file; 1 if there is any."""
    problems = 0
    for name in sorted(p.name for p in REAL.glob("*.txt")):
        path = gold / f"{name[:-4]}.jsonl"
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
            if set(r) - fields:
                bad.append(f"unknown fields {sorted(set(r) - fields)}")
            if fields - set(r) - optional:
                bad.append(f"missing fields {sorted(fields - set(r) - optional)}")
            if r.get("file") != name:
                bad.append("file does not match the file name")
            if not (0 <= r.get("start", -1) < r.get("end", -1) <= len(text)):
                bad.append("offsets out of range")
            bad += check(r)
            for b in bad:
                print(f"{path.name}:{i}: {b}")
            problems += len(bad)
    print(f"{problems} problem(s)")
    return 1 if problems else 0


def main(gold: Path, fields: set[str], optional: set[str], check: Check, show: Show) -> int:
    """The command line: ``locate FILE "substring" [--nth N]``, ``show FILE``, ``validate``."""
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
        return validate(gold, fields, optional, check)
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
    for r in records(gold, a.file[:-4]):
        print(f"[{r['start']}:{r['end']}] {text[r['start']:r['end']]!r}")
        print(f"    {show(r)}")
    return 0
