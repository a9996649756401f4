"""Load a processed corpus (the Parquet layout of :mod:`igokit.kb.parquet_schema`) into the
knowledge base's document tables.

Each document row carries its text and its extraction (JSON), so the import stores exactly what
``igokit ingest`` of the same files stores (documents, passages, mentions, the search index),
through the same storage functions of :mod:`igokit.kb.documents`. Documents already in the
knowledge base (same SHA-256) are skipped before their extraction is even parsed; rows are read
in batches, so memory stays bounded whatever the corpus size, and every batch is committed:
an interrupted import resumes where it stopped. The codes and claims tables stay in Parquet
(for DuckDB or pandas); the knowledge base has no tables for them.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import InputError
from igokit.kb import documents
from igokit.kb.parquet_schema import DATASET_FILE, LAYOUT_VERSION, SCHEMAS, table_files

_COLUMNS = ["sha256", "text", "extraction"]


@dataclass(slots=True)
class ParquetImportReport:
    folder: str
    files: int = 0
    added: int = 0
    skipped: int = 0  # already in the knowledge base
    seconds: float = 0.0
    doc_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "files": self.files, "added": self.added,
                "skipped": self.skipped, "seconds": round(self.seconds, 3)}


def check_layout(folder: Path) -> None:
    """A clear error unless ``folder`` holds a processed corpus of this layout version."""
    stamp = folder / DATASET_FILE
    if not stamp.is_file():
        raise InputError(f"{folder} is not a processed corpus (no {DATASET_FILE}; "
                         "make one with: igokit process PATHS --out DIR)")
    try:
        layout = json.loads(stamp.read_text(encoding="utf-8")).get("layout")
    except ValueError as exc:
        raise InputError(f"{stamp} is not valid JSON: {exc}") from exc
    if layout != LAYOUT_VERSION:
        raise InputError(f"{folder} has layout {layout!r}; this IGOkit reads {LAYOUT_VERSION!r}")


def load_parquet(conn: sqlite3.Connection, folder: str | Path, *, batch_size: int = 256,
                 progress: Callable[[int, int, int], None] | None = None
                 ) -> ParquetImportReport:
    """Store every document of the processed corpus in ``folder``.

    ``progress(files_done, files_total, documents_added)`` after each partition file.
    """
    import pyarrow.parquet as pq

    started = time.perf_counter()
    root = Path(folder).expanduser()
    check_layout(root)
    files = table_files(root, "documents")
    report = ParquetImportReport(str(root), files=len(files))
    expected = set(SCHEMAS["documents"].names)
    for done, path in enumerate(files, start=1):
        parquet = pq.ParquetFile(path)
        missing = expected - set(parquet.schema_arrow.names)
        if missing:
            raise InputError(f"{path}: not a documents partition (missing {sorted(missing)})")
        for record_batch in parquet.iter_batches(batch_size=batch_size, columns=_COLUMNS):
            todo = []
            seen: set[str] = set()  # the same bytes twice in one batch: stored once
            for sha, text, payload in zip(*(record_batch.column(c).to_pylist()
                                            for c in _COLUMNS), strict=True):
                if sha in seen or documents.has_document(conn, sha) is not None:
                    report.skipped += 1
                    continue
                seen.add(sha)
                extraction = json.loads(payload)
                extraction["text"] = text
                todo.append(extraction)
            if todo:
                ids = documents.store_batch(conn, todo)  # one transaction per batch
                report.doc_ids += ids
                report.added += len(ids)
        if progress:
            progress(done, len(files), report.added)
    report.seconds = time.perf_counter() - started
    return report
