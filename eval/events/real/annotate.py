"""Helpers for annotating events in the real texts by offset (the texts stay in ../shared).

    python eval/events/real/annotate.py locate FILE "exact substring" [--nth N]
    python eval/events/real/annotate.py show FILE          # the file's records with their spans
    python eval/events/real/annotate.py validate           # every gold file: fields, offsets

The commands are eval/annotation.py's; this file says what an event record holds (GUIDE.md).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # eval/: the shared annotation helpers

import annotation  # noqa: E402

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


def check(r: dict[str, Any]) -> list[str]:
    bad = []
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
    return bad


def show(r: dict[str, Any]) -> str:
    return (f"{r['type']} {r['actors']} -> {r['object']} @ {r['date']} in {r['place']}"
            f"{' (reported)' if r['reported'] else ''}: kb={r['kb']}  ({r['event']})")


if __name__ == "__main__":
    raise SystemExit(annotation.main(GOLD, FIELDS, {"expected", "note"}, check, show))
