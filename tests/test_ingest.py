"""Ingestion, search and extraction as a user runs them (fixtures in tests/fixtures/text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis import ingest as ingest_module
from igokit.analysis.extraction import extract_file
from igokit.analysis.ingest import ingest
from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.kb.documents import list_documents, load_extraction
from igokit.kb.search import search

FIXTURES = Path(__file__).parent / "fixtures" / "text"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    dest = tmp_path / "docs"
    shutil.copytree(FIXTURES, dest, ignore=shutil.ignore_patterns("*.py"))
    return dest


@pytest.fixture()
def fresh_kb(tmp_path: Path) -> KnowledgeBase:
    return KnowledgeBase(tmp_path / "kb.sqlite")


def test_ingest_reports_bad_files_and_keeps_going(fresh_kb: KnowledgeBase, folder: Path) -> None:
    report = ingest(fresh_kb, [folder])
    failed = dict(report.failed)
    assert {Path(p).name for p in failed} == {"corrupt.pdf", "scanned.pdf"}
    assert "OCR" in failed[str(folder / "scanned.pdf")]
    assert len(report.added) == 6
    assert {d.format for d in list_documents(fresh_kb.conn)} == {"txt", "html", "pdf", "docx"}


def test_ingest_is_idempotent(fresh_kb: KnowledgeBase, folder: Path) -> None:
    ingest(fresh_kb, [folder])
    again = ingest(fresh_kb, [folder])
    assert again.added == [] and len(again.skipped) == 6
    assert len(list_documents(fresh_kb.conn)) == 6


def test_ingest_resumes_after_a_crash(fresh_kb: KnowledgeBase, folder: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real = ingest_module.store_prepared
    calls = {"n": 0}

    def crash_on_second_batch(conn, docs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(conn, docs)

    monkeypatch.setattr(ingest_module, "store_prepared", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        ingest(fresh_kb, [folder], batch_docs=2, batch_seconds=1e9)
    assert len(list_documents(fresh_kb.conn)) == 2  # the committed batch survived, not the open one
    monkeypatch.setattr(ingest_module, "store_prepared", real)
    report = ingest(fresh_kb, [folder], batch_docs=2, batch_seconds=1e9)
    assert len(report.skipped) == 2 and len(report.added) == 4
    assert len(list_documents(fresh_kb.conn)) == 6


def test_search_ranks_passages_with_highlights_and_filters(fresh_kb: KnowledgeBase,
                                                           folder: Path) -> None:
    ingest(fresh_kb, [folder])
    hits = search(fresh_kb.conn, "Казахстан")
    assert hits and all("[" in h.snippet for h in hits)
    assert any("[Казахстан]" in h.snippet for h in hits)
    ru_only = search(fresh_kb.conn, "ШОС", lang="ru")
    assert ru_only and {h.lang for h in ru_only} == {"ru"}
    with_entity = search(fresh_kb.conn, "summit", entity="KAZ")
    without = search(fresh_kb.conn, "summit")
    assert len(with_entity) <= len(without)
    assert search(fresh_kb.conn, 'NEAR("x" OR) *') == []  # FTS syntax is never injected


def test_stored_extraction_offsets_slice_back(fresh_kb: KnowledgeBase, folder: Path) -> None:
    ingest(fresh_kb, [folder / "ru_cp1251.txt"])
    (doc,) = list_documents(fresh_kb.conn)
    data = load_extraction(fresh_kb.conn, doc.id)
    for m in data["mentions"]:
        assert data["text"][m["start"]:m["end"]] == m["text"]
    assert {m["entity"] for m in data["mentions"]} >= {"SCO", "KAZ"}


def test_extract_json_contract(fresh_kb: KnowledgeBase) -> None:
    result = extract_file(fresh_kb, FIXTURES / "ru_cp1251.txt", date="2024-07-10").to_dict()
    text = result["text"]
    assert result["document"]["date"] == "2024-07-10"
    for s in result["sentences"]:
        assert {"start", "end", "lang"} <= set(s) and s["lang"] in {"en", "ru", "kk", "other"}
    kaz = [m for m in result["mentions"] if m["entity"] == "KAZ"]
    assert kaz and kaz[0]["kind"] == "country" and kaz[0]["iso3"] == "KAZ"
    sco = [m for m in result["mentions"] if m["entity"] == "SCO"]
    assert sco and sco[0]["acronym"] == "SCO"
    for item in result["mentions"] + result["dates"] + result["quantities"]:
        assert text[item["start"]:item["end"]] == item["text"]
    assert any(d["value"] == "2001" and d["precision"] == "year" for d in result["dates"])
    assert any(q["kind"] == "percent" and q["value"] == 7.5 for q in result["quantities"])
    money = [q for q in result["quantities"] if q["kind"] == "money"]
    assert money and money[0]["unit"] == "USD" and money[0]["value"] == 40e9


def test_cli_ingest_search_documents(tmp_path: Path, folder: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")
    result = runner.invoke(main, ["--db", db, "ingest", str(folder), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert len(report["added"]) == 6 and len(report["failed"]) == 2
    result = runner.invoke(main, ["--db", db, "search", "Astana", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["results"]
    result = runner.invoke(main, ["--db", db, "documents", "--csv"])
    assert result.exit_code == 0 and len(result.stdout.strip().splitlines()) == 7
    result = runner.invoke(main, ["--db", db, "extract", str(folder / "article.html"), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["mentions"]
