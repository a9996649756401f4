"""Score IGOkit's extractors against the hand-annotated evaluation sets in this folder.

    python eval/extraction/score.py [--shared PATH] [--db PATH] [--json] [--errors] [--heldout]

* ``own.jsonl``: sentences written for the evaluation; gold spans are located by their text
  (``occurrence`` picks the n-th hit).
* ``corpus.jsonl``: windows of the shared corpus, gold spans as code-point offsets into the
  normalized file text. The whole file goes through the pipeline (as in real use) and only the
  predictions inside the window are scored. Skipped when the shared folder is absent.
* ``heldout.jsonl``: blind sentences in the format of ``own.jsonl``, scored the same way but only
  with ``--heldout`` (which scores that set alone).

A prediction matches a gold span when the type is the same, the entity (or the normalized date
value / quantity value) is the same and the spans overlap; the exact-span tables also require the
same offsets. Headline types: country, organization (organization and body kinds), person, date,
quantity. Other kinds (place, document, initiative, event) are scored in a separate table. Gold
mentions whose entity is ``null`` (persons not in the knowledge base) are never counted as misses.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared"
HEADLINE = ("country", "organization", "person", "date", "quantity")
OTHER = ("place", "document", "initiative", "event")
LANGS = ("en", "ru", "kk")
_KIND_TYPE = {"body": "organization"}


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int
    key: Any  # entity id, (value, end_value) for dates, float for quantities
    text: str = ""


@dataclass
class Item:
    id: str
    lang: str
    gold: list[Span]
    pred: list[Span]


def same_key(a: Span, b: Span) -> bool:
    if a.type == "quantity":
        return a.key is not None and b.key is not None and math.isclose(a.key, b.key, rel_tol=1e-6)
    return a.key is not None and a.key == b.key


def gold_span(g: dict[str, Any], start: int, end: int, text: str) -> Span:
    kind = g["type"]
    if kind == "date":
        key: Any = (g["value"], g.get("end_value"))
    elif kind == "quantity":
        key = float(g["value"])
    else:
        key = g.get("entity")
    return Span(kind, start, end, key, text[start:end])


def locate(text: str, needle: str, occurrence: int = 1) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise ValueError(f"{needle!r} (occurrence {occurrence}) not found in {text!r}")
    return pos


def predictions(extraction: Any, lo: int = 0, hi: int | None = None) -> list[Span]:
    """Pipeline output as spans (only those inside ``[lo, hi)``)."""
    hi = len(extraction.text) if hi is None else hi
    out = [Span(_KIND_TYPE.get(m.kind, m.kind), m.start, m.end, m.entity, m.text)
           for m in extraction.mentions]
    out += [Span("date", d.start, d.end, (d.value, d.end_value), d.text) for d in extraction.dates]
    out += [Span("quantity", q.start, q.end, float(q.value), q.text)
            for q in extraction.quantities]
    return [s for s in out if lo <= s.start and s.end <= hi]


def load_own(linker: Any, path: Path = HERE / "own.jsonl") -> list[Item]:
    from igokit.text.pipeline import extract_text

    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        text = rec["text"]
        gold = []
        for g in rec["gold"]:
            start = locate(text, g["text"], g.get("occurrence", 1))
            gold.append(gold_span(g, start, start + len(g["text"]), text))
        ext = extract_text(text, linker, context_date=rec.get("context_date"))
        items.append(Item(rec["id"], rec["lang"], gold, predictions(ext)))
    return items


def load_corpus(linker: Any, shared: Path, path: Path = HERE / "corpus.jsonl") -> list[Item]:
    from igokit.text.document import normalize_text
    from igokit.text.pipeline import extract_text

    cache: dict[str, Any] = {}
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        name = rec["file"]
        if name not in cache:
            raw = (shared / "corpus" / name).read_text(encoding="utf-8")
            cache[name] = extract_text(normalize_text(raw), linker,
                                       context_date=rec.get("context_date"))
        ext = cache[name]
        gold = [gold_span(g, g["start"], g["end"], ext.text) for g in rec["gold"]]
        for g, s in zip(rec["gold"], gold, strict=True):
            if "text" in g and g["text"] != s.text:
                raise ValueError(f"{rec['id']}: gold text {g['text']!r} != slice {s.text!r}")
        items.append(Item(rec["id"], rec["lang"], gold,
                          predictions(ext, rec["start"], rec["end"])))
    return items


def match(item: Item, exact: bool = False) -> tuple[list[Span], list[Span], list[Span]]:
    """(true positives, false positives, false negatives) of one item; greedy one-to-one."""
    used: set[int] = set()
    tp, fp = [], []
    for p in sorted(item.pred, key=lambda s: (s.start, s.end)):
        hit = None
        for i, g in enumerate(item.gold):
            if i in used or g.type != p.type or not same_key(g, p):
                continue
            same = (g.start, g.end) == (p.start, p.end)
            if same if exact else g.start < p.end and p.start < g.end:
                hit = i
                break
        if hit is None:
            fp.append(p)
        else:
            used.add(hit)
            tp.append(p)
    fn = [g for i, g in enumerate(item.gold) if i not in used and g.key is not None]
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn,
            "gold": tp + fn}


def score(items: list[Item], exact: bool = False) -> dict[str, dict[str, dict[str, Any]]]:
    """{type: {lang: prf}} with "all" rows and columns; headline "all" excludes other kinds."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in items:
        for n, spans in enumerate(match(item, exact)):
            for s in spans:
                for t in (s.type, "all" if s.type in HEADLINE else "other"):
                    for lang in (item.lang, "all"):
                        counts[t, lang][n] += 1
    return {t: {lang: prf(*counts[t, lang]) for lang in (*LANGS, "all")}
            for t in (*HEADLINE, "all", *OTHER, "other")}


def table(title: str, result: dict[str, dict[str, dict[str, Any]]],
          rows: tuple[str, ...] = (*HEADLINE, "all")) -> str:
    cols = (*LANGS, "all")
    head = f"{'':13}" + "".join(f"| {c:^22}" for c in cols)
    sub = f"{'type':13}" + "| {:>5} {:>5} {:>5} {:>4} ".format("P", "R", "F1", "n") * len(cols)
    lines = [title, head, sub, "-" * len(sub)]
    for t in rows:
        cells = [result[t][c] for c in cols]
        lines.append(f"{t:13}" + "".join(
            f"| {c['p']:5.2f} {c['r']:5.2f} {c['f1']:5.2f} {c['gold']:4d} " for c in cells))
    return "\n".join(lines)


def build_linker(db: Path | None) -> Any:
    from igokit.analysis.extraction import linker_for
    from igokit.api import KnowledgeBase

    return linker_for(KnowledgeBase(db) if db else KnowledgeBase())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    ap.add_argument("--db", type=Path, help="knowledge-base file (else $IGOKIT_DB / default)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--errors", action="store_true", help="list false positives and negatives")
    ap.add_argument("--heldout", action="store_true", help="score heldout.jsonl (alone) instead")
    args = ap.parse_args(argv)

    linker = build_linker(args.db)
    if args.heldout:
        sets = {"heldout": load_own(linker, HERE / "heldout.jsonl")}
    else:
        sets = {"own": load_own(linker)}
    corpus_dir = args.shared / "corpus"
    if args.heldout:
        pass  # the held-out set is scored alone
    elif corpus_dir.is_dir():
        sets["corpus"] = load_corpus(linker, args.shared)
    else:
        print(f"corpus set skipped: {corpus_dir} not found (use --shared PATH)", file=sys.stderr)
    if len(sets) > 1:
        sets["both"] = [i for items in sets.values() for i in items]

    results = {name: {"overlap": score(items), "exact": score(items, exact=True),
                      "items": len(items)} for name, items in sets.items()}
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for name, res in results.items():
            n = res["items"]
            print(table(f"\n== {name} ({n} items): overlap match", res["overlap"]))
            print(table(f"\n== {name}: exact-span match", res["exact"]))
        last = list(results)[-1]
        print(table(f"\n== {last}: other kinds (overlap, not headline)", results[last]["overlap"],
                    (*OTHER, "other")))
    if args.errors:
        for name, items in sets.items():
            if name == "both":
                continue
            for item in items:
                _, fp, fn = match(item)
                for tag, spans in (("FP", fp), ("FN", fn)):
                    for s in spans:
                        print(f"{tag} {item.id:16} {s.type:12} {s.text!r:42} {s.key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
