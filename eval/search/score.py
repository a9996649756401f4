"""Score search on the labelled query set: surface matching against word-form matching.

    python eval/search/score.py [--json] [--errors]

``corpus.jsonl`` holds short passages in English, Russian and Kazakh written for this set (no
text from ../shared, which it does not need); ``queries.jsonl`` the queries, in the same
languages, with the ids of the passages relevant to each (by meaning: a passage about grain
exports is relevant to "экспорт зерна" even if it says пшеница). Every passage is stored as its own
document in a temporary knowledge base. Every query runs twice, top 10: with ``lang`` set to the
query's language (``igokit search ... --lang ru``), the main figures; and with no language filter
over the mixed corpus, where a passage in another language counts as not relevant (терроризм,
инвестиции, экспорт are spelled alike in Russian and Kazakh, so this run mostly shows that).

Three modes: ``exact`` (the words as written), ``prefix`` (the former default: also longer words
starting with a query word of 5+ letters) and ``forms`` (the new default: any word form).
Per language and mode: macro-averaged recall@10, precision@10 (relevant share of what was
returned; a query that returned nothing counts 0) and the number of queries that returned nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))

MODES = {"exact": {"forms": False, "prefix": False},
         "prefix": {"forms": False, "prefix": True},
         "forms": {"forms": True, "prefix": True}}
K = 10


def load(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def extraction(passage: dict[str, Any]) -> dict[str, Any]:
    """The minimal ``Extraction.to_dict()`` form ``store_extraction`` needs for one passage."""
    text = passage["text"]
    return {
        "document": {"sha256": "eval-" + passage["id"], "path": passage["id"], "format": "txt",
                     "title": passage["id"], "languages": {passage["lang"]: len(text)}},
        "text": text,
        "paragraphs": [{"start": 0, "end": len(text)}],
        "sentences": [{"start": 0, "end": len(text), "lang": passage["lang"], "paragraph": 0}],
        "mentions": [], "dates": [], "quantities": [],
    }


def build(db: Path, corpus: list[dict[str, Any]]) -> Any:
    from igokit.kb.documents import store_extraction
    from igokit.kb.store import connect

    conn = connect(db, refresh=False)
    for p in corpus:
        store_extraction(conn, extraction(p))
    return conn


def run(conn: Any, queries: list[dict[str, Any]], *, by_lang: bool = True) -> dict[str, Any]:
    from igokit.kb.search import search

    title_of = {}
    results: dict[str, Any] = {"per_query": [], "summary": {}}
    for q in queries:
        row = {"id": q["id"], "lang": q["lang"], "query": q["query"], "relevant": q["relevant"]}
        for mode, kwargs in MODES.items():
            hits = search(conn, q["query"], limit=K, lang=q["lang"] if by_lang else None,
                          **kwargs)
            got = [h.title for h in hits]
            title_of.update({h.title: h.snippet for h in hits})
            rel = set(q["relevant"])
            found = [g for g in got if g in rel]
            row[mode] = {"returned": got,
                         "recall": len(set(found)) / len(rel),
                         "precision": len(found) / len(got) if got else 0.0}
        results["per_query"].append(row)
    for lang in sorted({q["lang"] for q in queries}):
        rows = [r for r in results["per_query"] if r["lang"] == lang]
        results["summary"][lang] = {
            mode: {"queries": len(rows),
                   "recall@10": round(sum(r[mode]["recall"] for r in rows) / len(rows), 3),
                   "precision@10": round(sum(r[mode]["precision"] for r in rows) / len(rows), 3),
                   "empty": sum(1 for r in rows if not r[mode]["returned"])}
            for mode in MODES}
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="Print the full results as JSON.")
    parser.add_argument("--errors", action="store_true",
                        help="List the misses and false hits of word-form search.")
    args = parser.parse_args(argv)
    corpus, queries = load("corpus.jsonl"), load("queries.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        conn = build(Path(tmp) / "eval.sqlite", corpus)
        runs = {"lang": run(conn, queries), "mixed": run(conn, queries, by_lang=False)}
        conn.close()
    if args.json:
        print(json.dumps(runs, ensure_ascii=False, indent=1))
        return 0
    print(f"{len(corpus)} passages, {len(queries)} queries, top {K}; "
          "recall@10 / precision@10 (queries with no result)")
    for name, results in runs.items():
        print("\n" + ("with --lang set to the query's language" if name == "lang"
                      else "no language filter (other-language hits count as wrong)"))
        print(f"{'lang':<5} {'n':>3}  " + "  ".join(f"{m:<20}" for m in MODES))
        for lang, per_mode in results["summary"].items():
            cells = [f"{v['recall@10']:.2f} / {v['precision@10']:.2f} ({v['empty']})"
                     for v in per_mode.values()]
            n = next(iter(per_mode.values()))["queries"]
            print(f"{lang:<5} {n:>3}  " + "  ".join(f"{c:<20}" for c in cells))
    if args.errors:
        print("\nword-form search with --lang: misses and wrong hits")
        for r in runs["lang"]["per_query"]:
            got = r["forms"]["returned"]
            missed = sorted(set(r["relevant"]) - set(got))
            wrong = [g for g in got if g not in r["relevant"]]
            if missed or wrong:
                print(f"{r['id']} {r['query']!r}: missed {missed} wrong {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
