"""An optional supervised coder: character n-grams and one logistic regression per area.

Users who have coded units of their own (e.g. 300 sentences of their corpus) can train it and
compare it with the dictionary coder; the dictionary coder stays the default because it explains
every decision with evidence. Needs scikit-learn (``pip install igokit[ml]``).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from igokit.analysis.coding import CodedUnit
from igokit.errors import IGOkitError
from igokit.text.langid import detect_language
from igokit.text.segment import split_paragraphs, split_sentences

MODEL_FORMAT = "igokit.supervised-coder.v1"


def _sklearn() -> Any:
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise IGOkitError("the supervised coder needs scikit-learn: pip install 'igokit[ml]'") \
            from exc
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    return TfidfVectorizer, LogisticRegression, OneVsRestClassifier, make_pipeline, \
        MultiLabelBinarizer


@dataclass(slots=True)
class CrossValidation:
    folds: int
    per_area: dict[str, dict[str, float]]
    macro_f1: float

    def to_dict(self) -> dict[str, Any]:
        return {"folds": self.folds, "per_area": self.per_area, "macro_f1": self.macro_f1}


class SupervisedCoder:
    """Multi-label classifier over character 2-5-grams (works across en/ru/kk inflection)."""

    def __init__(self, areas: Sequence[str], threshold: float = 0.5) -> None:
        self.areas = list(areas)
        self.threshold = threshold
        self._model: Any = None

    def _build(self) -> Any:
        tfidf, logreg, ovr, make_pipeline, _ = _sklearn()
        return make_pipeline(
            tfidf(analyzer="char_wb", ngram_range=(2, 5), min_df=1, sublinear_tf=True,
                  lowercase=True),
            ovr(logreg(max_iter=2000, C=4.0, class_weight="balanced")),
        )

    def _y(self, labels: Sequence[Sequence[str]]) -> Any:
        *_, binarizer = _sklearn()
        return binarizer(classes=self.areas).fit_transform(labels)

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]]) -> SupervisedCoder:
        y = self._y(labels)
        self._model = self._build().fit(list(texts), y)
        return self

    def predict(self, texts: Sequence[str]) -> list[tuple[list[str], dict[str, float]]]:
        if self._model is None:
            raise IGOkitError("the supervised coder is not trained")
        probs = self._model.predict_proba(list(texts))
        out = []
        for row in probs:
            scores = {a: round(float(p), 3) for a, p in zip(self.areas, row, strict=True)}
            out.append(([a for a in self.areas if scores[a] >= self.threshold], scores))
        return out

    def code_text(self, text: str, lang: str | None = None, offset: int = 0,
                  line: int | None = None) -> CodedUnit:
        (areas, scores), = self.predict([text])
        return CodedUnit(offset, offset + len(text), text, lang or detect_language(text), areas,
                         scores, [], line)

    def code(self, text: str, unit: str = "sentence") -> list[CodedUnit]:
        pieces: list[tuple[str, int, int | None]] = []
        if unit == "line":
            pos = 0
            for number, raw in enumerate(text.split("\n"), start=1):
                if raw.strip():
                    pieces.append((raw, pos, number))
                pos += len(raw) + 1
        else:
            for para in split_paragraphs(text):
                segs = [para] if unit == "paragraph" else split_sentences(para.text, para.start)
                pieces += [(s.text, s.start, None) for s in segs]
        if not pieces:
            return []
        predictions = self.predict([p[0] for p in pieces])
        return [CodedUnit(start, start + len(t), t, detect_language(t), areas, scores, [], line)
                for (t, start, line), (areas, scores) in zip(pieces, predictions, strict=True)]

    def cross_validate(self, texts: Sequence[str], labels: Sequence[Sequence[str]],
                       folds: int = 5, seed: int = 0) -> CrossValidation:
        """k-fold cross-validated precision, recall and F1 per area (micro within area)."""
        from sklearn.model_selection import KFold

        y = self._y(labels)
        texts = list(texts)
        tp = {a: 0 for a in self.areas}
        fp = dict(tp)
        fn = dict(tp)
        import warnings

        for train, test in KFold(folds, shuffle=True, random_state=seed).split(texts):
            with warnings.catch_warnings():
                # an area with no positive example in a fold: scikit-learn warns once per
                # estimator; the per-area table below says which areas had too few examples
                warnings.simplefilter("ignore", UserWarning)
                model = self._build().fit([texts[i] for i in train], y[train])
                probs = model.predict_proba([texts[i] for i in test])
            for row, truth in zip(probs, y[test], strict=True):
                for j, a in enumerate(self.areas):
                    pred, gold = row[j] >= self.threshold, bool(truth[j])
                    tp[a] += pred and gold
                    fp[a] += pred and not gold
                    fn[a] += gold and not pred
        per_area = {a: _prf(tp[a], fp[a], fn[a]) for a in self.areas}
        # the macro average counts only areas that have examples (an area never seen has no F1)
        seen = [a for a in self.areas if tp[a] + fn[a] > 0]
        macro = sum(per_area[a]["f1"] for a in seen) / len(seen) if seen else 0.0
        return CrossValidation(folds, per_area, round(macro, 4))

    def save(self, path: str | Path) -> None:
        with Path(path).open("wb") as fh:
            pickle.dump({"format": MODEL_FORMAT, "areas": self.areas,
                         "threshold": self.threshold, "model": self._model}, fh)

    @classmethod
    def load(cls, path: str | Path) -> SupervisedCoder:
        """Load a model saved by :meth:`save`. Only load files you trained yourself: pickles can
        run code."""
        with Path(path).open("rb") as fh:
            data = pickle.load(fh)  # the user's own model file (see docstring)
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise IGOkitError(f"{path} is not an IGOkit supervised-coder model")
        coder = cls(data["areas"], data["threshold"])
        coder._model = data["model"]
        return coder


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "support": tp + fn}


def read_units(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Coded units from JSONL lines ``{"text": ..., "areas": [...]}``."""
    texts, labels = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IGOkitError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if "text" not in item or not isinstance(item.get("areas"), list):
            raise IGOkitError(f"{path}:{number}: needs 'text' and a list 'areas'")
        texts.append(item["text"])
        labels.append(item["areas"])
    return texts, labels
