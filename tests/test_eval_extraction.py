"""Regression floor for the extraction evaluation in ``eval/extraction`` (see its ``score.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from igokit.analysis.extraction import linker_for
from igokit.api import KnowledgeBase
from igokit.text.linking import EntityLinker

SCORER = Path(__file__).resolve().parents[1] / "eval" / "extraction" / "score.py"
FLOOR = 0.85


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_extraction_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def linker(kb: KnowledgeBase) -> EntityLinker:
    return linker_for(kb)


def _assert_floor(result: dict, lang: str = "all") -> None:
    low = {t: result[t][lang]["f1"] for t in ("country", "organization", "person", "date",
                                            "quantity") if result[t][lang]["f1"] < FLOOR}
    assert not low, f"F1 below {FLOOR} ({lang}): {low}"


def test_own_set(scorer: ModuleType, linker: EntityLinker) -> None:
    items = scorer.load_own(linker)
    assert len(items) >= 150
    assert {i.lang for i in items} == {"en", "ru", "kk"}
    _assert_floor(scorer.score(items))


def test_corpus_set(scorer: ModuleType, linker: EntityLinker, shared: Path) -> None:
    items = scorer.load_corpus(linker, shared)
    assert {i.lang for i in items} == {"en", "ru", "kk"}
    _assert_floor(scorer.score(items))


def test_matching_rules(scorer: ModuleType) -> None:
    span = scorer.Span
    gold = [span("country", 0, 12, "KAZ"), span("quantity", 20, 30, 10.0),
            span("person", 40, 45, None)]
    pred = [span("country", 0, 10, "KAZ"), span("quantity", 25, 27, 10.0000001),
            span("person", 40, 45, "person:x")]
    tp, fp, fn = scorer.match(scorer.Item("x", "en", gold, pred))
    assert len(tp) == 2 and [s.type for s in fp] == ["person"] and fn == []
    tp, fp, fn = scorer.match(scorer.Item("x", "en", gold, pred), exact=True)
    assert tp == [] and len(fn) == 2
