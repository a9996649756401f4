"""The public Python API: one :class:`KnowledgeBase` and module-level shortcuts.

>>> import igokit
>>> rows = igokit.members("SCO", on="2017-06-09")
>>> len(rows), sorted(m.iso3 for m in rows if m.start == "2017-06-09")
(8, ['IND', 'PAK'])
>>> igokit.members("SCO", on="2017-06-09").to_frame()        # doctest: +SKIP
>>> kb = igokit.KnowledgeBase("my.sqlite"); kb.chair("SCO", on="2024-01-01")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from igokit.kb.knowledge_base import KnowledgeBase as _KnowledgeBase
from igokit.kb.results import Rows

if TYPE_CHECKING:  # annotations only: a query command imports what it runs, nothing more
    from igokit.kb import queries
    from igokit.kb.entity import EntityInfo
    from igokit.kb.layers import Coverage
    from igokit.kb.timeline import TimelineEvent


class KnowledgeBase(_KnowledgeBase):
    """A connection to an IGOkit knowledge base (built from the shipped data on first use),
    with every query of :class:`igokit.kb.knowledge_base.KnowledgeBase` and the analyses that
    write or compare layers."""

    def import_layer(self, kind: str, paths: list[Path | str],
                     progress: Callable[[int, int], None] | None = None) -> list[Any]:
        """Import reference data as a layer: ``cow-igo`` (COW IGO v3 state-year and/or
        IGO-year files) or ``wikidata`` (a saved SPARQL JSON result of P463 statements)."""
        from igokit.analysis.importers.layers import import_layer

        return import_layer(self.conn, kind, [Path(p) for p in paths], progress)

    def reconcile(self, org: str) -> Rows[Any]:
        """Every disagreement between the curated facts and the imported layers for ``org``."""
        from igokit.analysis.reconcile import reconcile

        return reconcile(self.conn, org)

    def propose(self, paths: list[Path | str] | None = None, org: str = "SCO",
                after: str | None = None) -> Any:
        """Candidate statements from documents dated after the last fact: the files under
        ``paths`` (read, not ingested) or every ingested document. Returns a
        :class:`~igokit.analysis.propose.Proposal` (``.to_yaml()`` is the patch)."""
        from igokit.analysis.propose import propose

        return propose(self, self._documents_for(paths), org, after)

    def _documents_for(self, paths: list[Path | str] | None) -> list[Any]:
        from igokit.text.document import Document
        from igokit.text.readers import read_document

        if paths:
            files: list[Path] = []
            for p in map(Path, paths):
                files += sorted(f for f in p.rglob("*") if f.is_file()
                                and not f.name.endswith(".meta.yaml")) if p.is_dir() else [p]
            return [read_document(f) for f in files]
        from igokit.kb.documents import document_texts

        return [Document(text=t, path=path, title=title, date=date, sha256=sha, url=url)
                for t, path, title, date, sha, url in document_texts(self.conn)]


def extract_file(kb: _KnowledgeBase, path: str | Path, *, date: str | None = None,
                 timeout: float | None = None, max_memory: int | None = None,
                 **read_options: Any) -> Any:
    """Read ``path`` (txt, md, html, pdf, docx) and run the extraction pipeline on it: an
    :class:`~igokit.text.pipeline.Extraction`.

    With ``timeout`` (seconds) the file is read in a child process
    (:func:`igokit.engine.isolated.run_isolated`), stopped past the budget
    (:class:`~igokit.errors.BudgetExceededError`) and, with ``max_memory`` (bytes), with its
    address space capped. Reading is the step that meets the untrusted bytes (decompression,
    XML, PDF, regexes on raw markup); the extraction then runs here on the read text, which the
    reader's text budget bounds, with the linker this process keeps (rebuilding it in a child
    would cost more than most reads).
    """
    from igokit.analysis.extraction import extract_file as _extract_file

    if timeout is None:
        return _extract_file(kb, path, date=date, **read_options)
    from igokit.analysis.extraction import extract_text, linker_for
    from igokit.engine.isolated import run_isolated

    options = dict(read_options, date=date)
    doc = run_isolated(_read_with_options, str(path), options, timeout=timeout,
                       label=str(path), max_memory=max_memory)
    return extract_text(doc.text, linker_for(kb), document=doc)


def _read_with_options(path: str, options: dict[str, Any]) -> Any:
    """``read_document(path, **options)``: a module-level function, as a child process needs."""
    from igokit.text.readers import read_document

    return read_document(path, **options)


_default: KnowledgeBase | None = None


def default_kb() -> KnowledgeBase:
    global _default
    if _default is None:
        _default = KnowledgeBase()
    return _default


def members(org: str, on: object | None = None, status: str = "member"
            ) -> Rows[queries.Membership]:
    """States with ``status`` in ``org`` on ``on`` (YYYY, YYYY-MM, YYYY-MM-DD; default today)."""
    return default_kb().members(org, on, status)


def chair(org: str, on: object | None = None, history: bool = False) -> Rows[queries.Chair]:
    """The chair of ``org`` on a date (or every chair with ``history=True``)."""
    return default_kb().chair(org, on, history)


def summits(org: str, council: str | None = None) -> Rows[queries.Summit]:
    """Every meeting of ``org`` (or of one council, e.g. ``SCO-CHS``)."""
    return default_kb().summits(org, council)


def officials(org: str, role: str = "secretary-general", on: object | None = None,
              history: bool = False) -> Rows[queries.Official]:
    """Holders of a post in ``org`` or its bodies."""
    return default_kb().officials(org, role, on, history)


def entity(name: str) -> EntityInfo:
    """Everything known about the entity called ``name`` in English, Russian or Kazakh."""
    return default_kb().entity(name)


def sources(ids: list[str] | None = None) -> Rows[queries.SourceRow]:
    """The bibliography of the knowledge base."""
    return default_kb().sources(ids)


def get_timeline(org: str, country: str | None = None, year_from: int | None = None,
                 year_to: int | None = None) -> Rows[TimelineEvent]:
    """Dated events of ``org``, optionally those that involve ``country``."""
    return default_kb().timeline(org, country, year_from, year_to)


def coverage(org: str | None = None) -> Rows[Coverage]:
    """What each layer of the knowledge base holds for ``org`` (complete for which period and
    statuses, or whom it covers)."""
    return default_kb().coverage(org)


def reconcile(org: str) -> Rows[Any]:
    """Where the curated facts and the imported layers disagree about ``org``."""
    return default_kb().reconcile(org)


# -- The rest of the library surface ------------------------------------------------------------
# Every capability the command line, the web app and the report use is reached through this
# module. Heavy modules load on first use (PEP 562 ``__getattr__``): importing ``igokit.api``
# stays cheap for a query command.

_LAZY: dict[str, str] = {
    # reading and extraction
    "read_document": "igokit.text.readers:read_document",
    "SUPPORTED_SUFFIXES": "igokit.text.readers:SUPPORTED_SUFFIXES",
    "normalize_date": "igokit.text.document:normalize_date",
    "extract_string": "igokit.analysis.extraction:extract_string",
    # ingestion, documents, search
    "ingest": "igokit.analysis.ingest:ingest",
    "iter_files": "igokit.analysis.ingest:iter_files",
    "sha256_file": "igokit.analysis.ingest:sha256_file",
    # a corpus on a Dask cluster into Parquet partitions, and those into the knowledge base
    "process_corpus": "igokit.engine.distributed:process_corpus",
    "load_parquet": "igokit.kb.parquet_import:load_parquet",
    "list_documents": "igokit.kb.documents:list_documents",
    "load_extraction": "igokit.kb.documents:load_extraction",
    "store_extraction": "igokit.kb.documents:store_extraction",
    "has_document": "igokit.kb.documents:has_document",
    "search": "igokit.kb.search:search",
    "ChangeWatch": "igokit.kb.version:ChangeWatch",
    "tune_for_reads": "igokit.kb.pragmas:tune_for_reads",
    "warm_word_forms": "igokit.text.forms:warm",
    # the cyclic garbage collector kept off long-lived objects (servers, batch jobs)
    "settle_heap": "igokit.engine.heap:settle_heap",
    "settled_heap": "igokit.engine.heap:settled_heap",
    "document_count": "igokit.kb.documents:document_count",
    "document_text": "igokit.kb.documents:document_text",
    "document_meta": "igokit.kb.documents:document_meta",
    "passage_starts": "igokit.kb.documents:passage_starts",
    "passage_languages": "igokit.kb.documents:passage_languages",
    "table_counts": "igokit.kb.queries:table_counts",
    "organization_ids": "igokit.kb.queries:organization_ids",
    "entity_kinds_and_names": "igokit.kb.queries:entity_kinds_and_names",
    "english_names": "igokit.kb.facts:english_names",
    "country_initiatives": "igokit.kb.facts:country_initiatives",
    "initiative_steps": "igokit.kb.facts:initiative_steps",
    "entity_sources": "igokit.kb.facts:entity_sources",
    "statement_source_map": "igokit.kb.facts:statement_source_map",
    "kb_counts": "igokit.kb.facts:kb_counts",
    "build_stamp": "igokit.kb.facts:build_stamp",
    "membership_change_days": "igokit.kb.facts:membership_change_days",
    "document_urls": "igokit.kb.facts:document_urls",
    "safe_link": "igokit.kb.links:safe_link",
    "build_report": "igokit.report.build:build_report",
    "export_table": "igokit.report.exports:export_table",
    "write_frame": "igokit.report.exports:write_frame",
    "quickstatements": "igokit.report.exports:quickstatements",
    "NUMBER_WORDS": "igokit.text.numbers:NUMBER_WORDS",
    "statement_export_rows": "igokit.kb.facts:statement_export_rows",
    "initiative_entities": "igokit.kb.facts:initiative_entities",
    "initiative_status_steps": "igokit.kb.facts:initiative_status_steps",
    "entity_qids": "igokit.kb.facts:entity_qids",
    "source_urls": "igokit.kb.facts:source_urls",
    "entity_kinds": "igokit.kb.facts:entity_kinds",
    "membership_and_chair_statements": "igokit.kb.facts:membership_and_chair_statements",
    "SearchHit": "igokit.kb.search:SearchHit",
    "StoredDocument": "igokit.kb.documents:StoredDocument",
    "kwic": "igokit.analysis.kwic:kwic",
    "export_dfm": "igokit.analysis.dfm:export_dfm",
    # how declarations change: reuse, alignment, commitment diff
    "find_reuse": "igokit.analysis.reuse:find_reuse",
    "passage_similarity": "igokit.analysis.reuse:passage_similarity",
    "diff_declarations": "igokit.analysis.declarations:diff_declarations",
    "align_documents": "igokit.analysis.declarations:align_documents",
    "passage_alignment_score": "igokit.analysis.declarations:passage_alignment_score",
    "load_commitment_cues": "igokit.analysis.declarations:load_commitment_cues",
    # content analysis
    "load_codebook": "igokit.analysis.codebook:load_codebook",
    "DictionaryCoder": "igokit.analysis.coding:DictionaryCoder",
    "SupervisedCoder": "igokit.analysis.supervised:SupervisedCoder",
    "read_units": "igokit.analysis.supervised:read_units",
    "coded_units": "igokit.analysis.corpus:coded_units",
    "area_frequencies": "igokit.analysis.content:area_frequencies",
    "compare_areas": "igokit.analysis.content:compare_areas",
    "keyness": "igokit.analysis.content:keyness",
    "chair_summit_table": "igokit.analysis.summits:chair_summit_table",
    # claim checking
    "check_text": "igokit.analysis.claims:check_text",
    "check_document": "igokit.analysis.claims:check_document",
    "check_stored": "igokit.analysis.claims:check_stored",
    "check_stored_many": "igokit.analysis.claims:check_stored_many",
    "PIPELINE_VERSION": "igokit.text.pipeline:PIPELINE_VERSION",
    "check_extraction": "igokit.analysis.claims:check_extraction",
    "CheckReport": "igokit.analysis.claims:CheckReport",
    # events checked against the knowledge base; GDELT events imported and checked
    "check_events": "igokit.analysis.events.check:check_events",
    "EventChecker": "igokit.analysis.events.check:EventChecker",
    "import_gdelt": "igokit.analysis.importers.gdelt:import_gdelt",
    "read_gdelt": "igokit.analysis.importers.gdelt:read_gdelt",
    # events read from documents (issue 15)
    "extract_events": "igokit.analysis.events.extract:extract_events",
    "merge_events": "igokit.analysis.events.merge:merge_events",
    "document_events": "igokit.analysis.events.service:document_events",
    "report_events": "igokit.analysis.events.service:report_events",
    "cache_document_events": "igokit.analysis.events.service:cache_document_events",
    "events": "igokit.analysis.events.service:events",
    "event_counts": "igokit.analysis.events.service:event_counts",
    "initiative_chronology": "igokit.analysis.events.service:initiative_chronology",
    "event_type_years": "igokit.analysis.events.service:type_year_table",
    "Event": "igokit.analysis.events.model:Event",
    "EVENT_TYPES": "igokit.analysis.events.model:EVENT_TYPES",
    # indicators
    "import_files": "igokit.analysis.importers:import_files",
    "observations": "igokit.kb.indicators:observations",
    "datasets": "igokit.kb.indicators:datasets",
    "trade_with_group": "igokit.analysis.trade:trade_with_group",
    "trade_summary": "igokit.analysis.trade:trade_summary",
    "stated_figures": "igokit.analysis.trade:stated_figures",
    "egov_table": "igokit.analysis.egov:egov_table",
    "egov_series": "igokit.analysis.egov:egov_series",
    "self_sufficiency": "igokit.analysis.food:self_sufficiency",
    "food_warnings": "igokit.analysis.food:warnings",
    "middle_power_index": "igokit.analysis.middle_power:middle_power_index",
    # names, dates, types
    "resolve": "igokit.kb.resolve:resolve",
    "FuzzyDate": "igokit.kb.dates:FuzzyDate",
    "ORG_KINDS": "igokit.kb.queries:ORG_KINDS",
    "StatementView": "igokit.kb.queries:StatementView",
    "Membership": "igokit.kb.queries:Membership",
    "Chair": "igokit.kb.queries:Chair",
    "Official": "igokit.kb.queries:Official",
    "SourceRow": "igokit.kb.queries:SourceRow",
    "Summit": "igokit.kb.queries:Summit",
    "TimelineEvent": "igokit.kb.timeline:TimelineEvent",
    "EntityInfo": "igokit.kb.entity:EntityInfo",
    "Coverage": "igokit.kb.layers:Coverage",
    "MEMBERSHIP_STATUSES": "igokit.kb.model:MEMBERSHIP_STATUSES",
    "STATUSES": "igokit.kb.vocabulary:STATUSES",
    "STATUS_LABELS": "igokit.kb.vocabulary:STATUS_LABELS",
    "STATUS_PLURALS": "igokit.kb.vocabulary:STATUS_PLURALS",
    "as_dict": "igokit.kb.results:as_dict",
    "ensure_built": "igokit.kb.store:ensure_built",
    "connect": "igokit.kb.store:connect",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'igokit.api' has no attribute {name!r}")
    import importlib

    module, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
