"""Regular expressions on untrusted text cannot backtrack catastrophically (issue 14).

Every pattern the text and claim-checking code compiles is collected (module-level patterns,
patterns held in module-level containers and in the checker's objects, patterns built lazily by
cached builder functions, the rules file data/claims/cues.v1.yaml, and every literal pattern
passed to ``re.*`` inside a function, found in the source) and run against adversarial strings
built from the pattern's own literals: long runs of each literal character, of its literal
words, of digits, whitespace and separators ("1 1 1 ...", ".....", "a-a-a-..."), each 40,000
characters with a character that makes the match fail at the end.

The work runs in one subprocess with a generous timeout (60 s for all, about 12 s needed), so
a catastrophic pattern fails this test instead of hanging CI; inside it, one string may take at
most STRING_BUDGET seconds with one pattern (a generous guard: linear patterns need < 0.1 s,
the quadratic ones fixed for issue 14 took 1-10 s). Each pattern's time is printed, and shown
only on failure. A dev-time check with regexploit (pip install regexploit; it models nested
quantifiers, not a search retried at every position) found nothing more in these patterns.

The same file is the subprocess (``python tests/test_regex_safety.py KB_PATH``) and a dev-time
audit (``python tests/test_regex_safety.py KB_PATH --audit``: the slowest patterns, timed).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import os
import random
import re
import signal
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: The modules that read untrusted text with regular expressions (readers.py has its own tests).
MODULES = [
    "igokit.text.dates",
    "igokit.text.quantities",
    "igokit.text.segment",
    "igokit.text.numbers",
    "igokit.text.linking",
    "igokit.text.forms",
    "igokit.text.langid",
    "igokit.text.morphology",
    "igokit.text.pipeline",
    "igokit.text.names",
    "igokit.analysis.extraction",
    "igokit.analysis.claims",
    "igokit.analysis.claims.base",
    "igokit.analysis.claims.checker",
    "igokit.analysis.claims.detect_counts",
    "igokit.analysis.claims.detect_events",
    "igokit.analysis.claims.detect_status",
    "igokit.analysis.claims.explain",
    "igokit.analysis.claims.lexicon",
    "igokit.analysis.claims.places",
    "igokit.analysis.claims.truth",
]

LENGTH = int(os.environ.get("REGEX_SAFETY_LENGTH", "40000"))
#: Adversarial strings per pattern: the common ones, then a sample of the pattern's own.
UNITS = 32
#: Seconds one adversarial string may take with one pattern: a generous guard (a linear
#: pattern takes under 0.1 s; a quadratic one over 10 s), so only a real blow-up trips it.
STRING_BUDGET = 2.0
#: Literal patterns used only with these are tried only at the start of the string.
ANCHORED = (" re.match", " re.fullmatch")
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer",
            "split"}


# -- collecting the patterns ----------------------------------------------------------------
def _walk(obj: Any, name: str, owned: set[str], seen: set[int], depth: int
          ) -> Iterator[tuple[str, re.Pattern[Any]]]:
    if isinstance(obj, re.Pattern):
        if id(obj) not in seen:
            seen.add(id(obj))
            yield name, obj
        return
    if depth > 6 or id(obj) in seen or isinstance(obj, str | bytes | int | float | bool):
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:5000]:
            yield from _walk(v, f"{name}[{k!r}]", owned, seen, depth + 1)
    elif isinstance(obj, list | tuple | set | frozenset):
        for i, v in enumerate(list(obj)[:5000]):
            yield from _walk(v, f"{name}[{i}]", owned, seen, depth + 1)
    elif isinstance(obj, types.FunctionType) or hasattr(obj, "cache_info"):
        if getattr(obj, "__module__", None) not in owned:
            return
        fn = getattr(obj, "__wrapped__", obj)
        if hasattr(obj, "cache_info") and not inspect.signature(fn).parameters:
            yield from _walk(obj(), f"{name}()", owned, seen, depth + 1)  # a cached builder
    elif isinstance(obj, type):
        if obj.__module__ in owned:
            for k, v in vars(obj).items():
                yield from _walk(v, f"{name}.{k}", owned, seen, depth + 1)
    elif type(obj).__module__ in owned:  # an instance of an owned class
        fields = getattr(obj, "__dict__", None) or {
            s: getattr(obj, s, None) for s in getattr(type(obj), "__slots__", ())}
        if dataclasses.is_dataclass(obj):
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        for k, v in fields.items():
            yield from _walk(v, f"{name}.{k}", owned, seen, depth + 1)


def _literal_patterns() -> Iterator[tuple[str, re.Pattern[Any]]]:
    """Literal patterns passed to ``re.<function>(...)`` anywhere in the modules' source."""
    for module in MODULES:
        path = Path(importlib.import_module(module).__file__ or "")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCS and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str | bytes)):
                flags = 0
                for kw in node.keywords:
                    if kw.arg == "flags" and isinstance(kw.value, ast.Attribute):
                        flags |= getattr(re, kw.value.attr)
                if len(node.args) > 1 and isinstance(node.args[-1], ast.Attribute) \
                        and node.func.attr in ("compile", "search", "match", "fullmatch",
                                               "findall", "finditer", "split"):
                    flags |= getattr(re, node.args[-1].attr, 0)
                yield (f"{path.name}:{node.lineno} re.{node.func.attr}",
                       re.compile(node.args[0].value, flags))


def collect_patterns(kb_path: str) -> list[tuple[str, re.Pattern[Any]]]:
    """Every pattern of :data:`MODULES`, named where it was found."""
    from igokit.analysis.claims import checker_for
    from igokit.analysis.extraction import linker_for
    from igokit.kb.knowledge_base import KnowledgeBase

    kb = KnowledgeBase(kb_path)
    roots: list[tuple[str, Any]] = [(m, importlib.import_module(m)) for m in MODULES]
    roots += [("checker", checker_for(kb)), ("linker", linker_for(kb))]
    owned, seen = set(MODULES), set[int]()
    found: dict[str, tuple[str, re.Pattern[Any]]] = {}
    for root_name, root in roots:
        items = vars(root).items() if isinstance(root, types.ModuleType) else [("", root)]
        for k, v in items:
            if isinstance(root, types.ModuleType) and isinstance(v, types.ModuleType):
                continue
            if isinstance(root, types.ModuleType) and isinstance(v, type | types.FunctionType) \
                    and v.__module__ != root.__name__:
                continue  # imported from elsewhere: walked from its own module
            for name, p in _walk(v, f"{root_name}.{k}".rstrip("."), owned, seen, 0):
                found.setdefault(_key(p), (name, p))
    for name, p in _literal_patterns():
        found.setdefault(_key(p), (name, p))
    return sorted(found.values(), key=lambda x: x[0])


def _key(p: re.Pattern[Any]) -> str:
    return f"{p.flags}:{p.pattern!r}"


# -- adversarial strings ----------------------------------------------------------------
def _literals(p: re.Pattern[str]) -> tuple[set[str], set[str]]:
    """The pattern's literal characters and its literal runs (words) of two or more."""
    from re import _parser  # type: ignore[attr-defined]  # the stdlib's own regex parser

    chars: set[str] = set()
    words: set[str] = set()

    def visit(items: Any) -> None:
        run = ""
        for op, av in items:
            if str(op) == "LITERAL":
                chars.add(chr(av))
                run += chr(av)
                continue
            if len(run) > 1:
                words.add(run)
            run = ""
            if str(op) == "IN":
                for iop, iav in av:
                    if str(iop) == "LITERAL":
                        chars.add(chr(iav))
                    elif str(iop) == "RANGE":
                        chars.update({chr(iav[0]), chr(iav[1])})
            elif str(op) in ("SUBPATTERN", "MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                visit(av[-1])
            elif str(op) == "BRANCH":
                for branch in av[1]:
                    visit(branch)
            elif str(op) in ("ASSERT", "ASSERT_NOT"):
                visit(av[1])
            elif str(op) == "ATOMIC_GROUP":
                visit(av)
        if len(run) > 1:
            words.add(run)

    visit(_parser.parse(p.pattern, p.flags).data)
    return chars, words


BASE = ["1", "1 ", " ", "\n", "\n \n", ".", ". ", "a-", "a", "ш", "а ", "1-", "1,", "1.",
        "«", '"', ", ", "a.", "Ш", "—", "\u00a0", "1\u00a0"]


def adversarial(p: re.Pattern[Any]) -> Iterator[Any]:
    """Strings of about :data:`LENGTH` characters built from ``p``'s literals, each ending in
    a character that makes a match fail there."""
    if isinstance(p.pattern, bytes):
        for raw in (b"a", b"1 ", b" ", b"\xea", b"a-"):
            yield raw * (LENGTH // len(raw)) + b"!"
        return
    chars, words = _literals(p)
    own = {c for c in chars if c.isprintable() or c.isspace()}
    own |= {c + " " for c in chars if not c.isspace()}
    own |= {w for w in words} | {w + " " for w in words}
    own |= {c + "-" for c in chars if c.isalnum()}
    own -= set(BASE)
    picked = random.Random(p.pattern).sample(sorted(own), min(len(own), UNITS - len(BASE)))
    for unit in BASE + picked:
        yield unit * (LENGTH // len(unit)) + "\x00!"


def uses() -> dict[str, tuple[str, int]]:
    """How the code applies the patterns that are not searched over a whole text: ``match``
    (only at one position: ``match``/``fullmatch``) or ``window`` (searched in a slice of at
    most N characters). Every other pattern is searched over the whole adversarial string.
    Keep this in step with the code: a pattern moved to a wider use must come off this list."""
    from igokit.analysis.claims import _DATELINE_NEWS, base, lexicon
    from igokit.text import linking, quantities, segment

    match_only = [base._LIST_SEP, base._DATELINE_AFTER, segment._LINE_MARK, _DATELINE_NEWS,
                  lexicon.CHAIR_TITLE_AFTER_RE, lexicon.DEADLINE_AFTER_RE,
                  lexicon.NOT_A_PLACE_RE, lexicon.PARTITIVE_AFTER_RE]
    match_only += [rx for codes in (quantities._SUFFIX_CODES, quantities._UNIT_CODES,
                                    quantities._NOUN_CODES) for rx, _ in codes]  # fullmatch
    out = {_key(p): ("match", 0) for p in match_only}
    out[_key(linking._PREV_WORD)] = ("window", 40)
    out[_key(linking._CURRENCY_BEFORE)] = ("window", 12)
    out[_key(quantities._PREV_WORD)] = ("window", 30)
    out[_key(lexicon.OTHER_SUMMIT_RE)] = ("window", 40)
    out[_key(quantities._count_before_re())] = ("window", 80)
    return out


def _apply(p: re.Pattern[Any], s: Any, use: tuple[str, int]) -> None:
    if use[0] == "window":
        for i in range(0, len(s), use[1]):
            p.search(s, i, i + use[1])
    elif use[0] == "search":
        for _ in p.finditer(s):
            pass
    p.match(s)


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Slow  # the regex engine checks for signals while it matches


def run_all(kb_path: str, out: Any) -> list[tuple[float, str, str]]:
    """Each pattern against its adversarial strings; a line per pattern, flushed as it goes.
    A string that takes longer than :data:`STRING_BUDGET` stops its pattern with a ``SLOW``
    line (a linear pattern takes a few hundredths of a second on one)."""
    timings = []
    how = uses()
    guard = hasattr(signal, "setitimer")
    if guard:
        signal.signal(signal.SIGALRM, _alarm)
    for name, p in collect_patterns(kb_path):
        use = ("match", 0) if name.endswith(ANCHORED) else how.get(_key(p), ("search", 0))
        t0 = time.perf_counter()
        worst, worst_unit, slow = 0.0, "", False
        for s in adversarial(p):
            t1 = time.perf_counter()
            try:
                if guard:
                    signal.setitimer(signal.ITIMER_REAL, STRING_BUDGET)
                _apply(p, s, use)
            except _Slow:
                slow = True
            finally:
                if guard:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - t1
            if took > worst:
                worst, worst_unit = took, repr(s[:12])
            if slow:
                break
        total = time.perf_counter() - t0
        mark = "SLOW " if slow else ""
        print(f"{total:8.3f}s worst {worst:6.3f}s on {worst_unit} {mark}{name} "
              f"{p.pattern!r:.150}", file=out, flush=True)
        timings.append((total if not slow else float("inf"), name, worst_unit))
    return timings


# -- the tests ----------------------------------------------------------------
def _run_child(args: list[str], timeout: float) -> tuple[bool, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    try:
        output, _ = proc.communicate(timeout=timeout)
        return proc.returncode == 0, output
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
        return False, f"TIMED OUT after {timeout:.0f} s\n{output}"


def test_collector_finds_the_patterns(kb: Any) -> None:
    """The collector sees module-level, lazily built, rules-file and in-function patterns."""
    from igokit.analysis.claims import lexicon
    from igokit.text import dates, quantities

    found = {_key(p) for _, p in collect_patterns(str(kb.path))}
    assert _key(dates._DATE_RE) in found
    assert _key(quantities._words_re()) in found
    assert _key(lexicon.ATTRIBUTION_RE) in found
    assert _key(lexicon.ACCESSION[0].pattern) in found
    assert _key(re.compile(r"[a-zа-яәғқңөұүһі-]+")) in found  # inside lexicon.ordinal_before
    assert len(found) > 100


def test_adversarial_strings_come_from_the_pattern() -> None:
    units = {s[:4] for s in adversarial(re.compile(r"(?:ab|c)+\s+x"))}
    assert {"abab", "cccc", "1 1 ", "    "} <= units
    assert all(len(s) > LENGTH - 5 for s in adversarial(re.compile("q")))


def test_no_pattern_backtracks_catastrophically(kb: Any) -> None:
    ok, output = _run_child([__file__, str(kb.path)], timeout=60)
    if not ok:
        lines = output.splitlines()
        slow = [line for line in lines if " SLOW " in line]
        slowest = sorted((line for line in lines if line[:9].strip().endswith("s")),
                         reverse=True)[:10]
        pytest.fail("a pattern backtracks on adversarial input (per-pattern times):\n"
                    + "\n".join([*slow, "slowest:", *slowest]) + "\n" + output[-2000:])


#: 2 MB texts that stress the scanners (Python expressions, built in the subprocess).
PATHOLOGICAL = {
    "ones": "'1 ' * 1_000_000",
    "dots": "'. ' * 1_000_000",
    "sco": "'ШОС ' * 500_000",
    "word": "'a' * 2_000_000",
    "digits": "'7' * 2_000_000",
    "punctuation": "'!?.,;:-—«»()' * 170_000",
    "dates": "'31.02.9999 ' * 180_000",
    "kazakh": "'Қазақстандағы' * 150_000",
}

_PIPELINE_CHILD = """
import sys
from igokit.analysis.extraction import extract_string
from igokit.kb.knowledge_base import KnowledgeBase
kb = KnowledgeBase(sys.argv[1])
for name, expr in zip(sys.argv[2::2], sys.argv[3::2]):
    text = eval(expr)
    ex = extract_string(kb, text)
    assert all(m.text == text[m.start:m.end] for m in ex.mentions)
    assert all(d.text == text[d.start:d.end] for d in ex.dates)
    assert all(q.text == text[q.start:q.end] for q in ex.quantities)
    print(name, len(text), len(ex.mentions), len(ex.dates), len(ex.quantities), flush=True)
"""


def test_pipeline_survives_two_megabytes_of_pathological_text(kb: Any) -> None:
    """Each case in a subprocess with a timeout (two at a time: "ones", a million numbers,
    takes the longest), so a stall fails the test instead of hanging CI."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    halves = [["ones"], [k for k in PATHOLOGICAL if k != "ones"]]
    procs = [subprocess.Popen([sys.executable, "-c", _PIPELINE_CHILD, str(kb.path),
                               *[x for k in half for x in (k, PATHOLOGICAL[k])]],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env=env) for half in halves]
    outputs = []
    for proc, half in zip(procs, halves, strict=True):
        try:
            outputs.append(proc.communicate(timeout=120)[0])
        except subprocess.TimeoutExpired:
            for other in procs:
                other.kill()
            pytest.fail(f"the pipeline stalled on pathological text: {half}")
        assert proc.returncode == 0, f"the pipeline failed on pathological text:\n{outputs[-1]}"
    done = [line.split()[0] for out in outputs for line in out.splitlines()]
    assert sorted(done) == sorted(PATHOLOGICAL)


def main(argv: list[str]) -> int:
    timings = run_all(argv[0], sys.stdout)
    failed = any(t == float("inf") for t, _, _ in timings)
    if "--audit" in argv:
        print("\nslowest:")
        for total, name, unit in sorted(timings, reverse=True)[:25]:
            print(f"{total:8.3f}s {name} {unit}")
        print(len(timings), "patterns")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
