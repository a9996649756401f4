"""Regression floor for the dictionary coder on the hand-coded evaluation units."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "eval" / "coding" / "score.py"


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("coding_score", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_coding_macro_f1_floor_on_own_units() -> None:
    scorer = _scorer()
    units, _ = scorer.load_units(None)  # own sentences only: no ../shared needed
    assert len(units) >= 140
    result = scorer.score(units, scorer.dictionary_predictions(units))
    for lang in ("en", "ru", "kk"):
        assert result[lang]["macro_f1"] >= 0.8, (lang, result[lang]["macro_f1"])


@pytest.mark.shared
def test_eval_coding_corpus_units_resolve(shared: Path) -> None:
    scorer = _scorer()
    units, skipped = scorer.load_units(shared)
    assert skipped == 0 and len(units) >= 220
    assert all(u["text"].strip() for u in units)
