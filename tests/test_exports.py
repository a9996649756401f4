"""Exports: tables keep their sources; formats round-trip; QuickStatements are well-formed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.report.exports import TABLES, export_table, quickstatements, write_frame


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
        assert fields[0].startswith("Q") and fields[1] in ("P463", "P488")
        assert "S854" in fields
    # Kazakhstan's 2023-24 chairmanship ends (inclusive) on the day of the Astana summit's end
    kaz = [ln for ln in lines if "\tP488\t" in ln and "+2023-07-05" in ln]
    assert kaz and "P582\t+2024-07-04T00:00:00Z/11" in kaz[0]


def test_cli_export_sources_bibtex_and_parquet_needs_out(kb: KnowledgeBase,
                                                        tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(kb.path), "export", "sources", "--format",
                                  "bibtex"])
    assert result.exit_code == 0 and "@article{igibayeva-2025-astana-center," in result.stdout
    result = runner.invoke(main, ["--db", str(kb.path), "export", "summits", "--format",
                                  "parquet"])
    assert result.exit_code == 2
    out = tmp_path / "s.parquet"
    result = runner.invoke(main, ["--db", str(kb.path), "export", "summits", "--format",
                                  "parquet", "--out", str(out)])
    assert result.exit_code == 0 and len(pd.read_parquet(out)) >= 25
