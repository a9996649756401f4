"""Claim checks of ingested documents reuse their stored extractions: the same reports as
checking the text again, no second extraction, lookups read once per knowledge-base version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import igokit.analysis.claims as claims_mod
from igokit.analysis.claims import (
    check_stored,
    check_stored_many,
    check_text,
    checker_for,
    with_context_date,
)
from igokit.analysis.extraction import linker_for
from igokit.analysis.ingest import ingest
from igokit.api import KnowledgeBase, document_text, list_documents
from igokit.cli import main
from igokit.text.pipeline import Extraction, extract_text

#: Texts that exercise what depends on the context date: days without a year (a range across
#: a year's end, 29 February), a dateline, a text with no date at all.
TEXTS = {
    "dateline.txt": "ASTANA, July 4 (Kazinform) – The SCO summit opened on 4 July. "
                    "Kazakhstan chairs the SCO. The SCO has ten member states.\n",
    "yearless.txt": "Iran became a member of the SCO on 4 July. The meeting ran from "
                    "30 December to 2 January. A note dated 29 February followed.\n"
                    "Belarus is an observer state of the SCO.\n",
    "plain.txt": "The SCO has eight member states. Zhang Ming is the SCO Secretary-General. "
                 "RATS is headquartered in Bishkek.\n",
    "dated.txt": "The SCO has nine member states. India chairs the SCO this year, and the "
                 "summit in New Delhi will be held on 4 July.\n",
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("stored")
    docs = root / "docs"
    docs.mkdir()
    for name, text in TEXTS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "dated.txt.meta.yaml").write_text("date: '2023-03-01'\n", encoding="utf-8")
    kb = KnowledgeBase(root / "kb.sqlite")
    assert not ingest(kb, [docs]).failed
    yield kb
    kb.close()


def _stored_docs(kb: KnowledgeBase) -> list[tuple[int, str, str | None]]:
    out = []
    for d in list_documents(kb.conn):
        text, date = document_text(kb.conn, d.id)
        out.append((d.id, text, date))
    return out


def test_extraction_round_trips_through_its_json_form(kb: KnowledgeBase) -> None:
    for text in TEXTS.values():
        ex = extract_text(text, linker_for(kb), context_date="2024-05-01")
        back = Extraction.from_dict(json.loads(json.dumps(ex.to_dict())))
        assert back.to_dict() == ex.to_dict()
        assert [p.text for p in back.paragraphs] == [p.text for p in ex.paragraphs]


@pytest.mark.parametrize("context", ["2024-07-10", "2023", "2025-02", None])
def test_only_the_dates_depend_on_the_context_date(kb: KnowledgeBase,
                                                   context: str | None) -> None:
    for text in TEXTS.values():
        fresh = extract_text(text, linker_for(kb), context_date=context)
        moved = with_context_date(extract_text(text, linker_for(kb)), context)
        assert moved.to_dict() == fresh.to_dict()


@pytest.mark.parametrize("as_of", [None, "2020-01-01", "2012", "2025-09-01"])
def test_stored_check_equals_checking_the_text(stored: KnowledgeBase, as_of: str | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {i: check_text(stored, text, as_of=as_of, doc_date=date).to_dict()
                for i, text, date in _stored_docs(stored)}
    assert any(r["claims"] for r in expected.values())

    def no_extraction(*_a: Any, **_k: Any) -> None:
        raise AssertionError("a stored document was extracted again")

    monkeypatch.setattr(claims_mod, "extract_text", no_extraction)
    got = {i: check_stored(stored, i, as_of=as_of).to_dict() for i in expected}
    assert got == expected


def test_a_stale_extraction_is_made_again(stored: KnowledgeBase,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Made by another pipeline version or with another knowledge base's names: its
    mentions may differ, so the text is extracted again."""
    doc_id, text, date = _stored_docs(stored)[0]
    expected = check_text(stored, text, doc_date=date).to_dict()
    real = claims_mod.load_extraction
    calls: list[str | None] = []
    original = claims_mod.extract_text

    def counting(*a: Any, **k: Any) -> Extraction:
        calls.append(k.get("context_date"))
        return original(*a, **k)

    monkeypatch.setattr(claims_mod, "extract_text", counting)
    for change in ({"pipeline": "igokit.extract.v0"}, {"linker_names": 1}):
        def stale(conn: Any, i: int, change: dict[str, Any] = change) -> dict[str, Any]:
            data = real(conn, i)
            data["meta"] = {**data["meta"], **change}
            return data

        monkeypatch.setattr(claims_mod, "load_extraction", stale)
        calls.clear()
        assert check_stored(stored, doc_id).to_dict() == expected
        assert len(calls) == 1


def test_many_documents_in_processes_equal_one_process(stored: KnowledgeBase) -> None:
    ids = [i for i, _, _ in _stored_docs(stored)]
    serial = [(i, r.to_dict()) for i, r in check_stored_many(stored, ids)]
    parallel = [(i, r.to_dict()) for i, r in check_stored_many(stored, ids, workers=2, chunk=1)]
    assert [i for i, _ in serial] == ids
    assert parallel == serial


def test_check_all_reads_the_stored_extractions(stored: KnowledgeBase,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    expected = []
    for i, text, date in _stored_docs(stored):
        r = check_text(stored, text, doc_date=date)
        expected.append((i, r.as_of, len(r.claims), r.dating))

    def no_extraction(*_a: Any, **_k: Any) -> None:
        raise AssertionError("check --all extracted a stored document again")

    monkeypatch.setattr(claims_mod, "extract_text", no_extraction)
    res = CliRunner().invoke(main, ["--db", str(stored.path), "check", "--all", "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["results"]
    assert [(r["doc_id"], r["as_of"], r["claims"], r["dating"]) for r in rows] == expected


def test_checker_is_kept_per_knowledge_base_version(stored: KnowledgeBase,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = checker_for(stored)
    assert checker_for(stored) is first
    assert checker_for(stored, "SCO") is first
    monkeypatch.setattr(claims_mod, "built_stamp", lambda conn: "another version")
    rebuilt = checker_for(stored)
    assert rebuilt is not first and checker_for(stored) is rebuilt


def test_lookups_are_read_once_per_checker(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    calls: list[str | None] = []
    real = kb.summits

    def counting(org: str, council: str | None = None) -> Any:
        calls.append(council)
        return real(org, council)

    monkeypatch.setattr(kb, "summits", counting)
    text = ("The 2004 SCO summit was held in Astana. The Ufa summit took place in 2015. "
            "The SCO summit in Bishkek was held in 2019. Kazakhstan chairs the SCO.")
    first = check_text(kb, text, as_of="2024-03-01").to_dict()
    again = check_text(kb, text, as_of="2024-03-01").to_dict()
    assert first == again and first["claims"]
    assert len(calls) == len(set(calls))  # each body's summits read once
    kb.close()
