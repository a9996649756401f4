"""The extraction pipeline: sentences and their languages, entity mentions, dates, quantities.

One pass per component over the whole text (each is a compiled regex or an Aho-Corasick scan),
so the pipeline runs at the speed of its slowest scanner rather than per token in Python. Scans
are shared where two components need the same one: the digit runs for dates and quantities, and
the linker's Aho-Corasick pass (when the linker was built with ``words=NUMWORD_FORMS``, as
:func:`igokit.analysis.extraction.linker_for` does) also locates the number words.
The JSON form (:meth:`Extraction.to_dict`) is the contract of ``igokit extract --json``: offsets are
code-point offsets into ``text``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from igokit.text.dates import DateMention, find_dates
from igokit.text.document import Document
from igokit.text.langid import sentence_languages
from igokit.text.linking import EntityLinker, Mention
from igokit.text.numbers import NUMWORD_FORMS, digit_runs
from igokit.text.quantities import Quantity, find_quantities
from igokit.text.segment import Segment, sentence_spans, split_paragraphs

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """The extraction back from its JSON form (:meth:`to_dict`, e.g. a stored one).

        Segment texts are cut from ``text`` again. A mention's ``lang`` (the language of the
        name form that matched) is not in the JSON form and comes back empty; ``iso3`` and
        ``acronym`` come back where the form has them."""
        text: str = data["text"]
        document = {k: v for k, v in (data.get("document") or {}).items() if k != "languages"}
        return cls(
            text=text,
            document=document,
            paragraphs=[Segment(p["start"], p["end"], text[p["start"]:p["end"]])
                        for p in data.get("paragraphs", [])],
            sentences=[Sentence(s["start"], s["end"], s["lang"], s.get("paragraph", 0))
                       for s in data.get("sentences", [])],
            mentions=[Mention(m["start"], m["end"], m["text"], m["entity"], m["kind"],
                              m.get("name", ""), m.get("iso3"), m.get("acronym"), "")
                      for m in data.get("mentions", [])],
            dates=[DateMention(d["start"], d["end"], d["text"], d["value"], d["precision"],
                               d.get("end_value"), bool(d.get("year_from_context", False)))
                   for d in data.get("dates", [])],
            quantities=[Quantity(q["start"], q["end"], q["text"], float(q["value"]), q["unit"],
                                 q["kind"]) for q in data.get("quantities", [])],
            meta=dict(data.get("meta") or {}),
        )


def extract_text(text: str, linker: EntityLinker, *, document: Document | None = None,
                 context_date: str | None = None) -> Extraction:
    """Run every extractor over ``text`` (the normalized text of ``document`` when given)."""
    if document is not None:
        text = document.text
        context_date = context_date or document.date
    paragraphs = split_paragraphs(text)
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        ptext, offset = para.text, para.start
        spans = sentence_spans(ptext)
        langs = sentence_languages(ptext, spans)
        sentences.extend(
            Sentence(s + offset, e + offset, lang, index)
            for (s, e), lang in zip(spans, langs, strict=True)
        )
    runs = digit_runs(text)  # where dates and quantities start from: found once for both
    words = linker.words
    if words is NUMWORD_FORMS or words == NUMWORD_FORMS:  # (equal after pickling)
        # One Aho-Corasick pass finds the names and where number words may start.
        mentions, number_words = linker.scan(text)
    else:
        mentions, number_words = linker.find(text), None
    doc_info: dict[str, Any] = document.to_dict() if document is not None else {}
    doc_info.pop("text", None)
    return Extraction(
        text=text,
        document=doc_info,
        paragraphs=paragraphs,
        sentences=sentences,
        mentions=mentions,
        dates=find_dates(text, context_date=context_date, digit_runs=runs),
        quantities=find_quantities(text, digit_runs=runs, number_word_candidates=number_words),
        meta={"pipeline": PIPELINE_VERSION, "context_date": context_date,
              "linker_names": len(linker)},
    )
