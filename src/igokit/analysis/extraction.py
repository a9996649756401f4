"""Extraction linked to the knowledge base: a linker built from the kb's names, cached."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from igokit.kb.knowledge_base import KnowledgeBase
from igokit.kb.store import built_stamp
from igokit.text.document import Document
from igokit.text.linking import EntityLinker
from igokit.text.names import NameEntry
from igokit.text.numbers import NUMWORD_FORMS
from igokit.text.pipeline import Extraction, extract_text
from igokit.text.readers import read_document

_LOCK = threading.Lock()
_LINKERS: dict[str, EntityLinker] = {}


def linker_for(kb: KnowledgeBase) -> EntityLinker:
    """The entity linker over every name in ``kb`` (built once per knowledge-base version)."""
    stamp = built_stamp(kb.conn) or ""
    with _LOCK:
        linker = _LINKERS.get(stamp)
        if linker is None:
            # The number words ride along in the same automaton: one scan serves linking and
            # quantities (igokit.text.pipeline.extract_text).
            linker = EntityLinker(kb.name_entries(), words=NUMWORD_FORMS)
            _LINKERS.clear()
            _LINKERS[stamp] = linker
        return linker


def linker_from_names(names: list[NameEntry]) -> EntityLinker:
    return EntityLinker(names, words=NUMWORD_FORMS)


def extract_file(kb: KnowledgeBase, path: str | Path, *, date: str | None = None,
                 **read_options: Any) -> Extraction:
    """Read ``path`` (txt, md, html, pdf, docx) and run the extraction pipeline on it."""
    doc = read_document(path, date=date, **read_options)
    return extract_text(doc.text, linker_for(kb), document=doc)


def extract_string(kb: KnowledgeBase, text: str, *, date: str | None = None) -> Extraction:
    """Run the extraction pipeline on a string (pasted text)."""
    doc = Document(text=text, format="txt", date=date)
    return extract_text(doc.text, linker_for(kb), document=doc)
