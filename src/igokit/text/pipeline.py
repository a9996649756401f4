"""The extraction pipeline: sentences and their languages, entity mentions, dates, quantities.

One pass per component over the whole text (each is a compiled regex or an Aho-Corasick scan),
so the pipeline runs at the speed of its slowest scanner rather than per token in Python.
The JSON form (:meth:`Extraction.to_dict`) is the contract of ``igokit extract --json``: offsets are
code-point offsets into ``text``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from igokit.text.dates import DateMention, find_dates
from igokit.text.document import Document
from igokit.text.langid import detect_language
from igokit.text.linking import EntityLinker, Mention
from igokit.text.quantities import Quantity, find_quantities
from igokit.text.segment import Segment, split_paragraphs, split_sentences

PIPELINE_VERSION = "igokit.extract.v1"


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    lang: str
    paragraph: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "lang": self.lang,
                "paragraph": self.paragraph}


@dataclass(slots=True)
class Extraction:
    """What the pipeline found in one document."""

    text: str
    document: dict[str, Any]
    paragraphs: list[Segment]
    sentences: list[Sentence]
    mentions: list[Mention]
    dates: list[DateMention]
    quantities: list[Quantity]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> dict[str, int]:
        """Characters per language, over the sentences."""
        counts: Counter[str] = Counter()
        for s in self.sentences:
            counts[s.lang] += s.end - s.start
        return dict(counts.most_common())

    @property
    def main_language(self) -> str:
        langs = self.languages
        return next(iter(langs)) if langs else "other"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "document": {**self.document, "languages": self.languages},
            "paragraphs": [{"start": p.start, "end": p.end} for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "mentions": [m.to_dict() for m in self.mentions],
            "dates": [d.to_dict() for d in self.dates],
            "quantities": [q.to_dict() for q in self.quantities],
            "meta": self.meta,
        }


def extract_text(text: str, linker: EntityLinker, *, document: Document | None = None,
                 context_date: str | None = None) -> Extraction:
    """Run every extractor over ``text`` (the normalized text of ``document`` when given)."""
    if document is not None:
        text = document.text
        context_date = context_date or document.date
    paragraphs = split_paragraphs(text)
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        for seg in split_sentences(para.text, para.start):
            sentences.append(Sentence(seg.start, seg.end, detect_language(seg.text), index))
    doc_info: dict[str, Any] = document.to_dict() if document is not None else {}
    doc_info.pop("text", None)
    return Extraction(
        text=text,
        document=doc_info,
        paragraphs=paragraphs,
        sentences=sentences,
        mentions=linker.find(text),
        dates=find_dates(text, context_date=context_date),
        quantities=find_quantities(text),
        meta={"pipeline": PIPELINE_VERSION, "context_date": context_date,
              "linker_names": len(linker)},
    )
