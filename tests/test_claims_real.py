"""The claim checker on the real published texts (../shared/corpus/real), development half.

Skips when ../shared is absent. The thresholds guard what a fact-checker relies on — few false
alarms — on texts nobody on the project wrote; the reported numbers (and the test half) are in
docs/claim-checking.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not (REAL / "index.tsv").exists(), reason="needs ../shared/corpus/real"),
]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    sys.path.insert(0, str(ROOT / "eval" / "claims" / "real"))
    import score  # type: ignore[import-not-found]

    _texts, res = score.run("dev", str(tmp_path_factory.mktemp("kb") / "kb.sqlite"))
    return res


def test_alarms_on_real_texts_are_mostly_right(result: dict) -> None:
    for mode in ("pub", "today"):
        assert result[mode]["alarms"] > 0
        assert result[mode]["alarm_precision"] >= 0.85, (mode, result[mode]["alarm_precision"])


def test_some_errors_in_real_texts_are_caught(result: dict) -> None:
    assert result["pub"]["recall"] >= 0.5
    assert result["today"]["recall"] >= 0.3
