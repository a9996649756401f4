"""Helpers for annotating the real texts by offset (the texts stay in ../shared).

    python eval/claims/real/annotate.py locate FILE "exact substring" [--nth N]
    python eval/claims/real/annotate.py show FILE          # the file's records with their spans
    python eval/claims/real/annotate.py validate           # every gold file: fields, offsets

``locate`` prints the code-point offsets of a substring, to write into a record; ``show`` prints
each record beside the text it points at (for review only: nothing of the text is stored).
The commands are eval/annotation.py's; this file says what a claim record holds.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # eval/: the shared annotation helpers

import annotation  # noqa: E402

GOLD = HERE / "gold"
TYPES = {"count", "status", "joined", "accession", "founding", "chair", "summit", "official",
         "seat", "document"}
VERDICTS = {"supported", "contradicted", "outdated", "unverifiable"}
FIELDS = {"file", "start", "end", "type", "subjects", "relation", "object", "time", "attributed",
          "claim", "verdict_pub", "verdict_today", "expected", "note"}


def check(r: dict[str, Any]) -> list[str]:
    bad = []
    if r.get("type") not in TYPES:
        bad.append(f"type {r.get('type')!r}")
    for k in ("verdict_pub", "verdict_today"):
        if r.get(k) not in VERDICTS:
            bad.append(f"{k} {r.get(k)!r}")
    return bad


def show(r: dict[str, Any]) -> str:
    return (f"{r['type']}/{r['relation']} {r['subjects']} -> {r['object']} @ {r['time']}: "
            f"pub={r['verdict_pub']} today={r['verdict_today']}  ({r['claim']})")


if __name__ == "__main__":
    raise SystemExit(annotation.main(GOLD, FIELDS, {"expected", "note"}, check, show))
