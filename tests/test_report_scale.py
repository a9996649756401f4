"""The report with many ingested documents: nothing on the page grows one mark or one row per
document (figures and tables sum by year and language, lists are cut with a count of the rest,
the full tables are CSV files), the document pass gives the same results in one process or
several, and a knowledge base with only undated documents still builds."""

from __future__ import annotations

import csv
import datetime as dt
import json
import multiprocessing
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from igokit.analysis.ingest import ingest
from igokit.api import (
    KnowledgeBase,
    check_text,
    coded_units,
    document_text,
    extract_events,
    list_documents,
    load_extraction,
)
from igokit.report import docpass
from igokit.report.build import build_report
from igokit.report.sections import claims, content

pytestmark = pytest.mark.slow

#: Short texts with claims the knowledge base flags (outdated or contradicted), in three
#: languages; some get a date, some not.
TEXTS = [
    ("en", "The SCO has eight member states. Kazakhstan chairs the SCO. "
           "RATS is headquartered in Bishkek."),
    ("en", "The SCO was founded in 1996 in Shanghai. Belarus is an observer state of the SCO."),
    ("ru", "ШОС объединяет восемь государств-членов. Председательствует в ШОС Казахстан."),
    ("en", "Zhang Ming is the SCO Secretary-General. The 2004 SCO summit was held in Astana."),
]
DATES = [None, "2019-05-01", "2021-09-17", None, "2023-07-04", "2019"]


def _corpus(folder: Path, n: int, dated: bool = True) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        _, text = TEXTS[i % len(TEXTS)]
        path = folder / f"doc{i:03d}.txt"
        path.write_text(f"{text}\nItem {i}.\n", encoding="utf-8")
        date = DATES[i % len(DATES)] if dated else None
        if date:
            (folder / f"doc{i:03d}.txt.meta.yaml").write_text(f"date: '{date}'\n",
                                                              encoding="utf-8")


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("report-many")
    _corpus(root / "docs", 14)
    kb = KnowledgeBase(root / "kb.sqlite")
    assert not ingest(kb, [root / "docs"]).failed
    yield kb
    kb.close()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims, "MAX_DOCUMENT_BARS", 3)
    monkeypatch.setattr(claims, "MAX_DOCUMENT_ROWS", 3)
    monkeypatch.setattr(claims, "MAX_FLAGGED_ROWS", 4)
    monkeypatch.setattr(content, "MAX_DOCUMENT_ROWS", 5)


def test_many_documents_are_summed_and_cut(many: KnowledgeBase, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _capped(monkeypatch)
    index = build_report(many, "SCO", "KAZ", tmp_path / "site", workers=1)
    html = index.read_text(encoding="utf-8")
    site = index.parent
    n = len(list_documents(many.conn))
    # every document and every flagged claim in the full tables
    per_doc = _rows(site / "tables" / "claims-per-document.csv")
    assert sorted(int(r["doc_id"]) for r in per_doc) == [d.id for d in list_documents(many.conn)]
    flagged = _rows(site / "tables" / "claims-flagged.csv")
    expected_flagged = 0
    for d in list_documents(many.conn):
        text, date = document_text(many.conn, d.id)
        report = check_text(many, text, doc_date=date)
        expected_flagged += sum(c.verdict in ("contradicted", "outdated") for c in report.claims)
        row = next(r for r in per_doc if int(r["doc_id"]) == d.id)
        assert (row["as_of"], int(row["claims"])) == (report.as_of, len(report.claims))
    assert len(flagged) == expected_flagged > 4
    assert len(_rows(site / "tables" / "documents.csv")) == n
    # the page: the first four flagged claims, the count of the rest, no row per document
    section = html[html.index('id="claims"'):html.index('id="sources"')]
    assert section.count('class="badge b-contradicted">contradicted</span></td>') + \
        section.count('class="badge b-outdated">outdated</span></td>') == 4
    assert f"the first 4 of {expected_flagged}" in section
    assert f"{expected_flagged - 4} more flagged claims" in section
    assert "Claims by document year" in section and "Claims by document language" in section
    assert "Claims per document</caption>" not in section
    listed = re.findall(r'<tr id="doc-(\d+)"', html)
    assert len(listed) == 5 and "the 5 most recent of 14" in html
    # links only to documents the page lists
    for target in re.findall(r'href="#doc-(\d+)"', html):
        assert target in listed
    year_csv = _rows(site / "figures" / "claims-by-document.csv")
    assert sum(int(r["documents"]) for r in year_csv) == n


def test_few_documents_keep_a_row_each(many: KnowledgeBase, tmp_path: Path) -> None:
    index = build_report(many, "SCO", "KAZ", tmp_path / "site", workers=1)
    html = index.read_text(encoding="utf-8")
    assert len(re.findall(r'<tr id="doc-(\d+)"', html)) == 14
    assert "Claims per document (also in" in html
    assert "Claims by document year" not in html


def test_the_document_pass_is_the_same_in_processes(many: KnowledgeBase,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [(d.id, d.date, True) for d in list_documents(many.conn)]
    one = list(docpass.document_pass(many, docs, "SCO", workers=1))
    monkeypatch.setattr(docpass, "MIN_PER_WORKER", 1)
    monkeypatch.setattr(docpass, "CHUNK", 2)
    two = list(docpass.document_pass(many, docs, "SCO", workers=2))
    assert [(r.doc_id, r.check, r.flagged, r.areas, r.events) for r in two] == \
        [(r.doc_id, r.check, r.flagged, r.areas, r.events) for r in one]
    # the events the pass reads with the claims are those the event reader finds alone
    dates = {d[0]: d[1] for d in docs}

    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        return (e["type"], e["actors"], e["object"], e["date"],
                [(x["start"], x["end"]) for x in e["reports"]])

    for r in one:
        alone = extract_events(load_extraction(many.conn, r.doc_id), kb=many,
                               doc_date=dates[r.doc_id], doc_id=r.doc_id)
        assert [key(e) for e in r.events] == [key(e.to_dict()) for e in alone]
    assert any(r.events for r in one)
    for r in one:  # what the report keeps of each check is the check of its text
        text, date = document_text(many.conn, r.doc_id)
        report = check_text(many, text, doc_date=date)
        assert (r.check["as_of"], r.check["claims"], r.check["dating"]) == \
            (report.as_of, len(report.claims), report.dating)
        assert [c["text"] for c in r.flagged] == \
            [c.text for c in report.claims if c.verdict in ("contradicted", "outdated")]
    # the sentences coded from the stored extraction are coded_units' own units
    frame = coded_units(many, "all")
    areas = [c.removeprefix("area:") for c in frame.columns if c.startswith("area:")]
    assert [sorted(a for a in areas if row[f"area:{a}"]) for _, row in frame.iterrows()] == \
        [sorted(a) for r in one for a in r.areas]


def test_only_undated_documents_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only undated documents, past every cap: the claims and content sections sum them as
    'undated' and the comparison is left out with its reason (this once failed after all the
    work, in the content template)."""
    _capped(monkeypatch)
    _corpus(tmp_path / "docs", 8, dated=False)
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    ingest(kb, [tmp_path / "docs"])
    assert {d.date for d in list_documents(kb.conn)} == {None}
    html = build_report(kb, "SCO", "KAZ", tmp_path / "site", workers=1).read_text("utf-8")
    kb.close()
    assert "none of the documents has a date" in html
    rows = _rows(tmp_path / "site" / "figures" / "claims-by-document.csv")
    assert [r["year"] for r in rows] == ["undated"] and rows[0]["documents"] == "8"
    assert "<th scope=\"row\">undated</th>" in html


def test_report_is_the_same_when_the_pass_runs_beside_the_sections(
        many: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In worker processes the pass starts first and the other sections are built meanwhile;
    the page, its tables and the figure manifest stay those of the pass run in order."""
    _capped(monkeypatch)
    today = dt.date(2026, 1, 1)
    one = build_report(many, "SCO", "KAZ", tmp_path / "one", workers=1, today=today)
    monkeypatch.setattr(docpass, "MIN_PER_WORKER", 1)
    monkeypatch.setattr(docpass, "CHUNK", 2)
    two = build_report(many, "SCO", "KAZ", tmp_path / "two", workers=2, today=today)

    def page(p: Path) -> str:
        return re.sub(r"built in [\d.]+ s", "", p.read_text(encoding="utf-8"))

    assert page(two) == page(one)
    for rel in ("figures/figures.json", "tables/claims-flagged.csv", "tables/documents.csv"):
        assert (two.parent / rel).read_text("utf-8") == (one.parent / rel).read_text("utf-8")
    ids = [f["id"] for f in json.loads((two.parent / "figures/figures.json").read_text("utf-8"))]
    html = page(two)
    assert ids == sorted(ids, key=lambda i: html.index(f'id="{i}-t"'))  # page order


def test_an_error_in_a_section_stops_the_started_pass(
        many: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docpass, "MIN_PER_WORKER", 1)
    started: list[Any] = []
    real_start = docpass.start

    def spy(ctx: Any) -> None:
        real_start(ctx)
        started.append(ctx.cache.get("document_pass_started"))

    def broken(ctx: Any) -> Any:
        raise RuntimeError("section failed")

    monkeypatch.setattr(docpass, "start", spy)
    from igokit.report import build as build_module
    monkeypatch.setattr(build_module, "BUILDERS",
                        [("overview", broken), *build_module.BUILDERS[1:]])
    with pytest.raises(RuntimeError, match="section failed"):
        build_report(many, "SCO", "KAZ", tmp_path / "site", workers=2)
    assert started and started[0] is not None  # the pass had started in workers
    assert not multiprocessing.active_children()  # and they were ended
