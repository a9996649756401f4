"""Hand-made extractions (the ``Extraction.to_dict()`` form) for storage and search tests: one
paragraph is one sentence of the given language; ``mentions`` are (word, entity) pairs found in
the text by their first occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def extraction(name: str, paragraphs: Sequence[str], lang: str = "ru",
               date: str | None = "2024-01-02",
               mentions: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    text = "\n\n".join(paragraphs)
    paras, sentences, pos = [], [], 0
    for i, body in enumerate(paragraphs):
        paras.append({"start": pos, "end": pos + len(body)})
        sentences.append({"start": pos, "end": pos + len(body), "lang": lang, "paragraph": i})
        pos += len(body) + 2
    found = []
    for word, entity in mentions:
        start = text.index(word)
        found.append({"start": start, "end": start + len(word), "text": word, "entity": entity,
                      "kind": "country", "name": entity.title()})
    return {"text": text,
            "document": {"sha256": "sha-" + name, "path": name + ".txt", "format": "txt",
                         "title": name, "date": date, "languages": {lang: len(text)}},
            "paragraphs": paras, "sentences": sentences, "mentions": found, "dates": [],
            "quantities": [], "meta": {"pipeline": "test"}}
