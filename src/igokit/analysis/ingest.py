"""Ingest files into the knowledge base: read, extract, store — resumable and idempotent.

Each finished document is committed in its own transaction, so a crash or Ctrl-C loses no finished
document and a rerun skips what is already stored (by the SHA-256 of the file's bytes, computed
before any extraction work). A bad file is reported and skipped; it never stops the batch.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.engine.local import map_unordered
from igokit.errors import ReadError
from igokit.kb.documents import has_document, store_extraction
from igokit.kb.knowledge_base import KnowledgeBase
from igokit.text.linking import EntityLinker
from igokit.text.names import NameEntry
from igokit.text.pipeline import extract_text
from igokit.text.readers import SUPPORTED_SUFFIXES, read_document

_WORKER_LINKER: EntityLinker | None = None


@dataclass(slots=True)
class IngestReport:
    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already ingested (same content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    words: int = 0
    bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped,
                "failed": [{"path": p, "error": e} for p, e in self.failed],
                "words": self.words, "bytes": self.bytes}


def iter_files(paths: Iterable[str | Path], recursive: bool = False) -> Iterator[Path]:
    """The readable files under ``paths`` (folders one level deep, or all levels)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = path.rglob("*") if recursive else path.glob("*")
            for p in sorted(found):
                if p.is_file() and _wanted(p):
                    yield p
        else:
            yield path


def _wanted(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith(".meta.yaml"):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _init_worker(names: list[NameEntry]) -> None:
    global _WORKER_LINKER
    _WORKER_LINKER = EntityLinker(names)


def _extract_job(job: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    path, options = job
    assert _WORKER_LINKER is not None
    doc = read_document(path, **options)
    return extract_text(doc.text, _WORKER_LINKER, document=doc).to_dict()


def ingest(kb: KnowledgeBase, paths: Iterable[str | Path], *, recursive: bool = False,
           workers: int = 1, date: str | None = None, max_bytes: int = 200_000_000,
           progress: Callable[[Path, str, int], None] | None = None) -> IngestReport:
    """Ingest every file under ``paths``; ``progress(path, outcome, size)`` after each one.

    ``outcome`` is ``added``, ``skipped`` or ``failed``.
    """
    report = IngestReport()
    conn = kb.conn
    todo: list[tuple[str, dict[str, Any]]] = []
    options: dict[str, Any] = {"max_bytes": max_bytes}
    if date:
        options["date"] = date
    for path in iter_files(paths, recursive):
        try:
            size = path.stat().st_size
            known = size <= max_bytes and has_document(conn, sha256_file(path)) is not None
        except OSError as exc:
            report.failed.append((str(path), f"cannot open: {exc.strerror or exc}"))
            if progress:
                progress(path, "failed", 0)
            continue
        if known:
            report.skipped.append(str(path))
            if progress:
                progress(path, "skipped", size)
            continue
        todo.append((str(path), options))
    names = kb.name_entries()
    for (path_str, _), result in map_unordered(_extract_job, todo, workers,
                                               initializer=_init_worker, initargs=(names,)):
        path = Path(path_str)
        size = path.stat().st_size if path.exists() else 0
        if isinstance(result, BaseException):
            message = str(result) if isinstance(result, ReadError) else \
                f"{type(result).__name__}: {result}"
            report.failed.append((path_str, message))
            if progress:
                progress(path, "failed", size)
            continue
        store_extraction(conn, result)
        report.added.append(path_str)
        report.words += len(result["text"].split())
        report.bytes += size
        if progress:
            progress(path, "added", size)
    return report


def default_workers() -> int:
    return min(4, os.cpu_count() or 1)
