#!/usr/bin/env python3
"""Validate eval/reuse/pairs.jsonl and print counts per label and language pair.

Each line pairs two passages, given as character offsets (Python code points of the
file read as UTF-8) into two different files of the shared corpus.  File names are
relative to the corpus root (default /work/shared/corpus, or $IGOKIT_CORPUS, or --corpus).
The texts themselves are never stored here.

Exit status: 0 if valid (or corpus absent: offsets are then only checked for shape),
1 on any error.
"""
import argparse
import collections
import json
import os
import re
import sys

LABELS = ("reuse", "translation", "paraphrase", "unrelated_same_topic", "unrelated")
POSITIVE = {"reuse", "translation", "paraphrase"}
FIELDS = {"a_file": str, "a_start": int, "a_end": int, "b_file": str,
          "b_start": int, "b_end": int, "label": str, "note": str}
# language of the three long documents (their main body); real/ files carry it in the name
LONG_DOC_LANG = {"000": "en", "002": "ru", "003": "en"}
# script-based guess of a passage's language, used for the long mixed-language documents
KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def file_lang(name):
    base = os.path.basename(name)
    m = re.match(r"\d{3}_(en|ru|kk)_", base)
    if m:
        return m.group(1)
    return LONG_DOC_LANG.get(base[:3], "?")


def passage_lang(text, fallback):
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return fallback
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyr / len(letters) < 0.5:
        return "en"
    return "kk" if any(c in KK_LETTERS for c in text) else "ru"


def main(argv=None):  # noqa: C901 - one pass of checks, listed in order
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("pairs", nargs="?", default=os.path.join(here, "pairs.jsonl"))
    ap.add_argument("--corpus", default=os.environ.get("IGOKIT_CORPUS", "/work/shared/corpus"))
    args = ap.parse_args(argv)

    corpus_present = os.path.isdir(args.corpus)
    if not corpus_present:
        print(f"corpus not found at {args.corpus}: skipping offset/file checks "
              "(only the shape of each line is checked)")

    errors = []
    rows = []
    with open(args.pairs, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {n}: bad JSON ({e})")
                continue
            missing = [k for k in FIELDS if k not in o]
            extra = [k for k in o if k not in FIELDS]
            if missing or extra:
                errors.append(f"line {n}: missing {missing} extra {extra}")
                continue
            bad = [k for k, t in FIELDS.items()
                   if not isinstance(o[k], t) or isinstance(o[k], bool)]
            if bad:
                errors.append(f"line {n}: wrong type for {bad}")
                continue
            if o["label"] not in LABELS:
                errors.append(f"line {n}: unknown label {o['label']!r}")
            if o["a_file"] == o["b_file"]:
                errors.append(f"line {n}: both passages in the same file")
            if not o["note"].strip():
                errors.append(f"line {n}: empty note")
            for s in "ab":
                if not 0 <= o[f"{s}_start"] < o[f"{s}_end"]:
                    errors.append(f"line {n}: bad offsets for {s}")
            rows.append((n, o))

    texts = {}
    seen = set()
    counts = collections.Counter()
    by_pair = collections.defaultdict(collections.Counter)
    for n, o in rows:
        key = tuple(sorted([(o["a_file"], o["a_start"], o["a_end"]),
                            (o["b_file"], o["b_start"], o["b_end"])]))
        if key in seen:
            errors.append(f"line {n}: duplicate pair")
        seen.add(key)
        langs = []
        for s in "ab":
            f = o[f"{s}_file"]
            lang = file_lang(f)
            if corpus_present:
                p = os.path.join(args.corpus, f)
                if not os.path.isfile(p):
                    errors.append(f"line {n}: file not found: {f}")
                    langs.append(lang)
                    continue
                if p not in texts:
                    with open(p, encoding="utf-8") as fh:
                        texts[p] = fh.read()
                t = texts[p]
                if o[f"{s}_end"] > len(t):
                    errors.append(f"line {n}: {s}_end {o[f'{s}_end']} beyond {f} ({len(t)} chars)")
                else:
                    seg = t[o[f"{s}_start"]:o[f"{s}_end"]]
                    if not seg.strip():
                        errors.append(f"line {n}: empty passage {s}")
                    if f[:3] in LONG_DOC_LANG and "/" not in f:
                        lang = passage_lang(seg, lang)
            langs.append(lang)
        lp = "-".join(sorted(langs))
        counts[o["label"]] += 1
        by_pair[lp][o["label"]] += 1

    print(f"pairs: {len(rows)}")
    for lab in LABELS:
        print(f"  {lab:22s} {counts[lab]}")
    pos = sum(counts[lab] for lab in POSITIVE)
    print(f"  positives (reuse+translation+paraphrase) {pos}; "
          f"hard negatives {counts['unrelated_same_topic']}; plain negatives {counts['unrelated']}")
    note = "" if corpus_present else " (long documents counted by their main language)"
    print("by language pair" + note + ":")
    head = "  {:8s}" + " {:>7s}" * (len(LABELS) + 1)
    print(head.format("pair", "reuse", "transl", "para", "hardneg", "unrel", "total"))
    for lp in sorted(by_pair):
        c = by_pair[lp]
        print(head.format(lp, *[str(c[lab]) for lab in LABELS], str(sum(c.values()))))
    if errors:
        print(f"{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
