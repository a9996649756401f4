"""One partition of a distributed corpus job: read, extract, code and check its files, then write
one Parquet file per table (the layout of :mod:`igokit.kb.parquet_schema`).

This function runs on a Dask worker. Each worker process opens the knowledge base once,
read-only, from its path (on shared storage for a real cluster), and builds the entity linker,
the dictionary coder and the claim checker once; every partition it runs after that reuses them.

Writes are atomic per file (a hidden temporary name, then a rename) and the partition's manifest
is written last: a partition with a manifest is complete, one without is redone.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import ReadError

#: a file of the partition: (path, size in bytes, modification time in ns)
FileStat = tuple[str, int, int]


@dataclass(slots=True)
class PartitionSpec:
    """What one task does: its files, where to write, with which settings (all picklable)."""

    name: str
    files: list[FileStat]
    out: str
    kb_path: str
    fingerprint: str
    read_options: dict[str, Any] = field(default_factory=dict)
    codes: bool = True
    claims: bool = True


@dataclass(slots=True)
class PartitionResult:
    name: str
    skipped: bool = False  # already written with a matching manifest
    documents: int = 0
    words: int = 0
    bytes: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker process (all its threads) for this task
    worker_pid: int = 0


class _WorkerState:
    """What a worker process builds once per knowledge base: its connection, linker, coder."""

    def __init__(self, kb_path: str, codes: bool) -> None:
        from igokit.analysis.extraction import linker_for
        from igokit.kb.read_only import ReadOnlyKnowledgeBase

        self.kb = ReadOnlyKnowledgeBase(kb_path)
        self.linker = linker_for(self.kb)
        self.coder: Any = None
        if codes:
            from igokit.analysis.coding import DictionaryCoder

            self.coder = DictionaryCoder()


_STATES: dict[str, _WorkerState] = {}
_LOCK = threading.Lock()


def _state(kb_path: str, codes: bool) -> _WorkerState:
    with _LOCK:
        state = _STATES.get(kb_path)
        if state is None or (codes and state.coder is None):
            state = _WorkerState(kb_path, codes)
            _STATES[kb_path] = state
        return state


def process_partition(spec: PartitionSpec) -> PartitionResult:
    """Run one partition (on a worker): every table written, then the manifest."""
    started, cpu_started = time.perf_counter(), time.process_time()
    state = _state(spec.kb_path, spec.codes)
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [], "passages": [], "mentions": [], "codes": [], "claims": []}
    result = PartitionResult(spec.name, worker_pid=os.getpid())
    seen: set[str] = set()
    for path, size, _mtime in spec.files:
        try:
            doc_rows = _document_rows(state, spec, path)
        except Exception as exc:  # a bad file is reported in the manifest; the partition goes on
            message = str(exc) if isinstance(exc, ReadError) else f"{type(exc).__name__}: {exc}"
            result.failed.append((path, message))
            continue
        sha = doc_rows["documents"][0]["sha256"]
        if sha in seen:  # the same bytes twice in one partition: one document, as in the kb
            continue
        seen.add(sha)
        for table, new in doc_rows.items():
            rows[table].extend(new)
        result.documents += 1
        result.words += doc_rows["documents"][0]["n_words"]
        result.bytes += size
    _write_tables(spec, rows)
    result.rows = {t: len(r) for t, r in rows.items()}
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    _write_manifest(spec, result)
    return result


def _document_rows(state: _WorkerState, spec: PartitionSpec, path: str
                   ) -> dict[str, list[dict[str, Any]]]:
    from igokit.text.pipeline import extract_text
    from igokit.text.readers import read_document

    doc = read_document(path, **spec.read_options)
    extraction = extract_text(doc.text, state.linker, document=doc).to_dict()
    text: str = extraction["text"]
    info = extraction["document"]
    sha = info.get("sha256") or ""
    passages = _passages(sha, extraction)
    starts = [p["start"] for p in passages]
    mentions = []
    for m in extraction["mentions"]:
        i = bisect_right(starts, m["start"]) - 1
        seq = i if i >= 0 and m["start"] < passages[i]["end"] else None
        mentions.append({"sha256": sha, "passage_seq": seq, "start": m["start"],
                         "end": m["end"], "entity": m["entity"], "kind": m["kind"],
                         "text": m["text"]})
    codes = _codes(state, sha, text, passages) if state.coder is not None and spec.codes else []
    claims: list[dict[str, Any]] = []
    verdicts: dict[str, Any] = {}
    if spec.claims:
        claims, verdicts = _claims(state, sha, extraction, info.get("date"))
    payload = {k: v for k, v in extraction.items() if k != "text"}
    document = {
        "sha256": sha, "path": info.get("path"), "format": info.get("format") or "txt",
        "title": info.get("title"), "date": info.get("date"), "url": info.get("url"),
        "lang": next(iter(info.get("languages") or {}), None), "size": info.get("size"),
        "pages": info.get("pages"), "n_chars": len(text), "n_words": len(text.split()),
        "meta": json.dumps(info.get("meta") or {}, ensure_ascii=False, default=str),
        "text": text,
        "extraction": json.dumps(payload, ensure_ascii=False, default=str,
                                 separators=(",", ":")),
        "n_passages": len(passages), "n_mentions": len(mentions),
        "n_claims": len(claims) if spec.claims else None, "partition": spec.name,
        "claims_as_of": verdicts.get("as_of"),
        "claims_as_of_source": verdicts.get("as_of_source"),
        "claims_dating": verdicts.get("dating"),
    }
    return {"documents": [document], "passages": passages, "mentions": mentions,
            "codes": codes, "claims": claims}


def _passages(sha: str, extraction: dict[str, Any]) -> list[dict[str, Any]]:
    """The paragraphs, each with its sentences' main language (as the knowledge base stores
    passages)."""
    from igokit.kb.documents import passage_spans

    return [{"sha256": sha, "seq": seq, "start": start, "end": end, "lang": lang}
            for seq, (start, end, lang) in enumerate(passage_spans(extraction))]


def _codes(state: _WorkerState, sha: str, text: str, passages: list[dict[str, Any]]
           ) -> list[dict[str, Any]]:
    """Every (passage, area) the codebook scores above zero; ``coded`` at the threshold."""
    out = []
    for p in passages:
        unit = state.coder.code_text(text[p["start"]:p["end"]], lang=p["lang"],
                                     offset=p["start"])
        for area, score in unit.scores.items():
            out.append({"sha256": sha, "passage_seq": p["seq"], "start": p["start"],
                        "end": p["end"], "lang": unit.lang, "area": area, "score": score,
                        "coded": area in unit.areas,
                        "terms": [t.text for t in unit.terms if t.area == area]})
    return out


def _claims(state: _WorkerState, sha: str, extraction: dict[str, Any], date: str | None
            ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The claims of the document judged at its own date: the same report as ``check_text``
    on its text, from the extraction already made (not extracted a second time)."""
    from igokit.analysis.claims import check_extraction

    report = check_extraction(state.kb, extraction, doc_date=date)
    rows = []
    for seq, c in enumerate(report.claims):
        rows.append({
            "sha256": sha, "seq": seq, "start": c.start, "end": c.end, "type": c.type,
            "verdict": c.verdict, "text": c.text,
            "read_as": c.parsed.describe() if c.parsed else None, "expected": c.expected,
            "reason": c.reason or None, "correction": c.correction,
            "reference_date": c.reference or None, "valid_during": list(c.valid_during),
            "sources": sorted({s for e in c.evidence for s in e.sources}),
        })
    return rows, {"as_of": report.as_of, "as_of_source": report.as_of_source,
                  "dating": report.dating}


def _atomic_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.tmp")


def _write_tables(spec: PartitionSpec, rows: dict[str, list[dict[str, Any]]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from igokit.kb.parquet_schema import COMPRESSION, SCHEMAS, table_file

    out = Path(spec.out)
    for table, schema in SCHEMAS.items():
        final = table_file(out, table, spec.name)
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = _atomic_path(final)
        try:
            pq.write_table(pa.Table.from_pylist(rows[table], schema=schema), tmp,
                           compression=COMPRESSION)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)


def _write_manifest(spec: PartitionSpec, result: PartitionResult) -> None:
    from igokit.kb.parquet_schema import LAYOUT_VERSION, manifest_file

    final = manifest_file(Path(spec.out), spec.name)
    final.parent.mkdir(parents=True, exist_ok=True)
    data = {"layout": LAYOUT_VERSION, "partition": spec.name, "fingerprint": spec.fingerprint,
            "files": [list(f) for f in spec.files], "documents": result.documents,
            "words": result.words, "bytes": result.bytes, "rows": result.rows,
            "failed": [{"path": p, "error": e} for p, e in result.failed],
            "seconds": round(result.seconds, 3), "cpu_seconds": round(result.cpu_seconds, 3),
            "worker": {"host": socket.gethostname(), "pid": result.worker_pid}}
    tmp = _atomic_path(final)
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def read_manifest(out: Path, name: str) -> dict[str, Any] | None:
    """The manifest of a finished partition, or None (absent or unreadable: redo it)."""
    from igokit.kb.parquet_schema import manifest_file

    try:
        data: dict[str, Any] = json.loads(manifest_file(out, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data
