"""One pass over the ingested documents for the report: each stored extraction is read once,
its claims checked (:func:`igokit.api.check_extraction`), its events read from those claims
(:func:`igokit.api.report_events`, kept in the knowledge base's event cache) and its sentences
coded to policy areas with the languages found at ingestion — in several processes when there
are many documents.

The results do not depend on the number of processes: each document is handled alone, and the
results come back in document order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.api import (
    PIPELINE_VERSION,
    CheckReport,
    DictionaryCoder,
    KnowledgeBase,
    cache_document_events,
    check_extraction,
    load_extraction,
    report_events,
    settle_heap,
)

#: Documents per task sent to a worker process.
CHUNK = 50
#: The most recent documents whose events the pass reads (the report's events section covers
#: them; `igokit events` reads every document): keeps the report's time bounded.
MAX_EVENT_DOCUMENTS = 500
#: Fewer documents than this per worker and the pass runs in this process (starting a worker
#: costs about a second: imports, the linker, the codebook).
MIN_PER_WORKER = 100


VERDICTS = ("supported", "contradicted", "outdated", "unverifiable")
ALARMS = ("contradicted", "outdated")


@dataclass(slots=True)
class DocumentResult:
    """What the report keeps of one document (small: it crosses between processes)."""

    doc_id: int
    #: the check's reference date and where it came from, its dating line, and the number of
    #: claims and of each verdict
    check: dict[str, Any]
    #: the contradicted and outdated claims, as the report lists them
    flagged: list[dict[str, Any]]
    #: the policy areas of each sentence, in text order
    areas: list[list[str]]
    #: the events read from the claims (the event cache's form)
    events: list[dict[str, Any]] = field(default_factory=list)


def summarise(report: CheckReport) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The counts and the flagged claims of a check, as the report shows them."""
    counts = report.summary()
    check = {"as_of": report.as_of, "as_of_source": report.as_of_source,
             "claims": len(report.claims), **{v: counts.get(v, 0) for v in VERDICTS},
             "dating": report.dating}
    flagged = [{"text": c.text, "type": c.type, "verdict": c.verdict, "expected": c.expected,
                "read_as": c.parsed.describe() if c.parsed else "", "reason": c.reason,
                "correction": c.correction, "valid_during": c.valid_during,
                "as_of": report.as_of,
                "sources": sorted({s for e in c.evidence for s in e.sources})}
               for c in report.claims if c.verdict in ALARMS]
    return check, flagged


class _Worker:
    """What one process needs: the knowledge base, the coder; made once per process."""

    def __init__(self, kb: KnowledgeBase, org: str) -> None:
        self.kb, self.org = kb, org
        self.coder = DictionaryCoder()

    def run(self, doc: tuple[int, str | None, bool]) -> DocumentResult:
        doc_id, date, with_events = doc
        data = load_extraction(self.kb.conn, doc_id)
        report = check_extraction(self.kb, data, doc_date=date, org=self.org)
        text: str = data["text"]
        if (data.get("meta") or {}).get("pipeline") == PIPELINE_VERSION:
            # the units ``coder.code(text)`` makes, without splitting and identifying again
            areas = self.coder.code_spans(text, [(s["start"], s["end"], s["lang"])
                                                 for s in data.get("sentences", [])])
        else:
            areas = [list(u.areas) for u in self.coder.code(text)]
        check, flagged = summarise(report)
        events = report_events(self.kb, doc_id, report, org=self.org) if with_events else []
        return DocumentResult(doc_id, check, flagged, areas, events)


_PROCESS: dict[str, _Worker] = {}


def _init(path: str, org: str) -> None:
    _PROCESS["worker"] = _Worker(KnowledgeBase(path), org)
    settle_heap()  # a process of the pass's own: its results and caches grow (engine.heap)


def _run_chunk(docs: list[tuple[int, str | None, bool]]) -> list[DocumentResult]:
    worker = _PROCESS["worker"]
    return [worker.run(d) for d in docs]


def _docs(ctx: Any) -> tuple[list[tuple[int, str | None, bool]], set[int]]:
    """What the pass reads: ``(doc_id, date, with_events)`` of every document, and the ids
    whose events it reads."""
    ids = [d.id for d in ctx.documents()]
    events_for = set(event_scope(ids))
    return [(d.id, d.date, d.id in events_for) for d in ctx.documents()], events_for


def _parallel(docs: Sequence[tuple[int, str | None, bool]], workers: int) -> bool:
    return workers > 1 and len(docs) >= MIN_PER_WORKER * 2


class _Started:
    """The pass running in worker processes while the report's other sections are built (the
    page's sections that need no document are computed meanwhile: the cores are not idle)."""

    def __init__(self, kb: KnowledgeBase, docs: Sequence[tuple[int, str | None, bool]],
                 org: str, workers: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_init,
                                        initargs=(str(Path(kb.path)), org))
        chunks = [list(docs[i:i + CHUNK]) for i in range(0, len(docs), CHUNK)]
        self.futures = [self.pool.submit(_run_chunk, c) for c in chunks]

    def collect(self, progress: Callable[[int], None] | None = None
                ) -> Iterator[DocumentResult]:
        try:
            for fut in self.futures:
                done = fut.result()
                yield from done
                if progress:
                    progress(len(done))
        finally:
            self.close()

    def close(self) -> None:
        for fut in self.futures:
            fut.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


def document_pass(kb: KnowledgeBase, docs: Sequence[tuple[int, str | None, bool]], org: str,
                  workers: int = 1, progress: Callable[[int], None] | None = None
                  ) -> Iterator[DocumentResult]:
    """A :class:`DocumentResult` for each ``(doc_id, date, with_events)``, in the order
    given (``with_events``: read its events too)."""
    if not _parallel(docs, workers):
        worker = _Worker(kb, org)
        for d in docs:
            yield worker.run(d)
            if progress:
                progress(1)
        return
    yield from _Started(kb, docs, org, workers).collect(progress)


def start(ctx: Any) -> None:
    """Start the pass in worker processes now when it will run in several (a no-op
    otherwise): :func:`results` then collects it. :func:`stop` ends it if it is never
    collected (an error in another section)."""
    if "document_pass" in ctx.cache or "document_pass_started" in ctx.cache:
        return
    docs, _ = _docs(ctx)
    if _parallel(docs, ctx.workers):
        ctx.cache["document_pass_started"] = _Started(ctx.kb, docs, ctx.org, ctx.workers)


def stop(ctx: Any) -> None:
    """End worker processes that :func:`start` began and nobody collected."""
    started = ctx.cache.pop("document_pass_started", None)
    if started is not None:
        started.close()


def results(ctx: Any) -> list[DocumentResult]:
    """The pass over every ingested document, made once per report (``ctx.cache``)."""
    if "document_pass" not in ctx.cache:
        docs, events_for = _docs(ctx)
        started = ctx.cache.pop("document_pass_started", None)
        if started is not None:
            done = list(started.collect())
        else:
            done = list(document_pass(ctx.kb, docs, ctx.org, ctx.workers))
        # the events section (and later `igokit events`) read them from the cache
        cache_document_events(ctx.kb, [(r.doc_id, r.events) for r in done
                                        if r.doc_id in events_for])
        ctx.cache["document_pass"] = done
    return ctx.cache["document_pass"]  # type: ignore[no-any-return]


def event_scope(doc_ids: Sequence[int]) -> list[int]:
    """The documents whose events the report reads: the :data:`MAX_EVENT_DOCUMENTS` most
    recent (highest ids)."""
    ordered = sorted(doc_ids)
    return ordered[len(ordered) - MAX_EVENT_DOCUMENTS:] if MAX_EVENT_DOCUMENTS > 0 else []
