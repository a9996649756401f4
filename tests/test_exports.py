"""Exports: tables keep their sources; formats round-trip; QuickStatements are well-formed;
BibTeX and CSL-JSON types follow what each source is."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.kb.bibtex import clean_note, to_bibtex, to_csl_json
from igokit.report.exports import (
    CHAIR_BY_COUNTRY,
    TABLES,
    export_table,
    quickstatements,
    write_frame,
)


@pytest.mark.parametrize("table", [t for t in TABLES if t not in ("codes", "documents")])
def test_export_tables_carry_sources(kb: KnowledgeBase, table: str) -> None:
    frame = export_table(kb, table)
    if table == "indicators" and frame.empty:
        pytest.skip("no indicator observations")
    assert len(frame) > 0
    source_cols = [c for c in frame.columns if c in ("sources", "source_id")]
    assert source_cols, frame.columns
    assert frame[source_cols[0]].notna().mean() > 0.95


def test_export_members_and_formats_round_trip(kb: KnowledgeBase, tmp_path: Path) -> None:
    frame = export_table(kb, "members")
    assert {"iso3", "status", "start", "end", "sources"} <= set(frame.columns)
    india = frame[frame["iso3"] == "IND"].sort_values("start")
    assert list(india["status"]) == ["observer", "member"]
    for fmt in ("csv", "parquet", "json"):
        path = tmp_path / f"m.{fmt}"
        write_frame(frame, path, fmt)
        back = {"csv": pd.read_csv, "parquet": pd.read_parquet,
                "json": lambda p: pd.DataFrame(json.loads(Path(p).read_text("utf-8")))}[fmt](path)
        assert len(back) == len(frame)


def test_quickstatements_use_inclusive_end_and_references(kb: KnowledgeBase) -> None:
    lines, skipped = quickstatements(kb)
    assert lines and skipped["not a full membership"] > 0
    for line in lines:
        fields = line.split("\t")
        assert fields[0].startswith("Q") and fields[1] == "P463"
        assert "S854" in fields and "P580" in fields
    # Kazakhstan joined on 2001-06-15 (day precision) and still is a member: no end
    kaz_qid = kb.conn.execute("SELECT qid FROM entities WHERE id = 'KAZ'").fetchone()[0]
    kaz = [ln for ln in lines if ln.startswith(f"{kaz_qid}\tP463\t")]
    assert kaz and "P580\t+2001-06-15T00:00:00Z/11" in kaz[0] and "P582" not in kaz[0]
    # a state that left has an inclusive end: the last day it was a member
    ended = [ln for ln in lines if "P582" in ln]
    for ln in ended:
        assert ln.split("P582\t", 1)[1].startswith("+")


def test_quickstatements_never_state_a_country_as_chairperson(kb: KnowledgeBase) -> None:
    lines, skipped = quickstatements(kb)
    countries = {r[0] for r in kb.conn.execute(
        "SELECT qid FROM entities WHERE kind = 'country' AND qid IS NOT NULL")}
    for line in lines:
        fields = line.split("\t")
        if fields[1] == "P488":
            assert fields[2] not in countries, line
    chairs = kb.chair("SCO", history=True)
    assert skipped[CHAIR_BY_COUNTRY] == len(chairs) > 20
    assert "P488" in CHAIR_BY_COUNTRY and "country" in CHAIR_BY_COUNTRY


def _entries(bib: str) -> dict[str, tuple[str, dict[str, str]]]:
    out = {}
    for m in re.finditer(r"@(\w+)\{([^,]+),\n(.*?)\n\}", bib, re.S):
        fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", m.group(3), re.M))
        out[m.group(2)] = (m.group(1), fields)
    return out


def test_bibtex_types_follow_the_source(kb: KnowledgeBase) -> None:
    entries = _entries(kb.bibtex())
    rows = {s.id: s for s in kb.sources()}
    assert set(entries) == set(rows)
    for sid, (etype, fields) in entries.items():
        s = rows[sid]
        expected = {"academic": {"article"}, "dataset": {"dataset"}, "report": {"report"},
                    "news": {"online", "article"}, "official": {"online", "report"},
                    "reference": {"online", "incollection"}}[s.kind]
        assert etype in expected, (sid, etype)
        if etype == "online":
            assert fields["url"] == s.url
            assert "date" in fields or not s.date
            assert "journal" not in fields and "publisher" not in fields
        if s.kind == "news" and etype == "article":
            assert fields["entrysubtype"] == "newspaper"
        if s.authors:
            assert fields["author"].count(" and ") == len(s.authors) - 1
        note = fields.get("note", "")
        assert "../" not in note and "shared/" not in note, (sid, note)
    # an academic article: journal in journaltitle/journal
    etype, art = entries["igibayeva-2025-astana-center"]
    assert etype == "article" and art["journaltitle"].startswith("Bulletin of Ablai Khan")
    assert art["journal"] == art["journaltitle"] and art["doi"]
    # an article whose journal is unknown: the authors' affiliations are no journal
    etype, art = entries["abueva-2025-kazakhstan-role"]
    assert etype == "article" and "journal" not in art and "journaltitle" not in art
    assert "Turan University" in art["note"] and "Abueva, N. A." in art["author"]
    assert entries["tass-2017-india-pakistan-join"][0] == "online"
    assert entries["tass-2017-india-pakistan-join"][1]["organization"] == "TASS"
    assert entries["wits-comtrade-trade"][0] == "dataset"
    assert entries["wikipedia-sco"][0] == "online"
    assert "Pevehouse" in entries["cow-igo-v3"][1]["author"]


def test_csl_types_follow_the_source(kb: KnowledgeBase) -> None:
    items = {i["id"]: i for i in kb.csl_json()}
    assert items["igibayeva-2025-astana-center"]["type"] == "article-journal"
    assert items["igibayeva-2025-astana-center"]["container-title"].startswith("Bulletin")
    abueva = items["abueva-2025-kazakhstan-role"]
    assert abueva["type"] == "article-journal" and "container-title" not in abueva
    assert "publisher" not in abueva and abueva["author"][0] == {"family": "Abueva",
                                                                 "given": "N. A."}
    assert items["tass-2017-india-pakistan-join"]["type"] == "article-newspaper"
    assert items["tass-2017-india-pakistan-join"]["container-title"] == "TASS"
    assert items["kremlin-sco-chs-astana-2024"]["type"] == "webpage"
    assert items["wits-comtrade-trade"]["type"] == "dataset"
    assert items["wikipedia-sco"]["type"] == "webpage"
    assert items["cow-igo-v3"]["author"][0] == {"family": "Pevehouse", "given": "Jon C. W."}
    allowed = {"article-journal", "webpage", "dataset", "report", "article-newspaper",
               "entry-encyclopedia"}
    for item in items.values():
        assert item["type"] in allowed
        assert "../" not in item.get("note", "") and "shared/" not in item.get("note", "")


def test_notes_lose_local_paths_and_keep_the_rest() -> None:
    assert clean_note("Body in Russian (../shared/corpus/002_x.txt).") == "Body in Russian."
    assert clean_note("The copy in ../shared/data/wdi/ comes from GitHub.") == \
        "The copy used comes from GitHub."
    assert clean_note("Read from /home/me/notes.txt today") == "Read from a local copy today"
    assert clean_note("converted from the package's .rda files.") == \
        "converted from the package's .rda files."
    assert clean_note("(../shared/a.txt)") is None


def test_urldate_when_the_note_states_it(kb: KnowledgeBase) -> None:
    row = next(s for s in kb.sources() if s.kind == "news" and s.url)
    seen = dataclasses.replace(row, note="Accessed 2025-03-01 through a stored copy.")
    entry = _entries(to_bibtex([seen]))[row.id][1]
    assert entry["urldate"] == "2025-03-01"
    assert to_csl_json([seen])[0]["accessed"] == {"date-parts": [[2025, 3, 1]]}


def test_cli_export_sources_bibtex_and_parquet_needs_out(kb: KnowledgeBase,
                                                        tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(kb.path), "export", "sources", "--format",
                                  "bibtex"])
    assert result.exit_code == 0 and "@article{igibayeva-2025-astana-center," in result.stdout
    assert "@online{tass-2017-india-pakistan-join," in result.stdout
    result = runner.invoke(main, ["--db", str(kb.path), "export", "summits", "--format",
                                  "parquet"])
    assert result.exit_code == 2
    out = tmp_path / "s.parquet"
    result = runner.invoke(main, ["--db", str(kb.path), "export", "summits", "--format",
                                  "parquet", "--out", str(out)])
    assert result.exit_code == 0 and len(pd.read_parquet(out)) >= 25
