"""The command line as a user runs it: outputs, formats, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase
from igokit.cli import main


@pytest.fixture()
def run(kb: KnowledgeBase):
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(main, ["--db", str(kb.path), *args])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def test_cli_members_json_has_the_contract_fields(run) -> None:
    code, stdout, _ = run("members", "SCO", "--on", "2024-07-04", "--json")
    assert code == 0
    payload = json.loads(stdout)
    results = payload["results"]
    assert len(results) == 10
    assert {"iso3", "name", "status", "start", "end", "sources"} <= set(results[0])
    assert payload["read_as"] == "2024-07-04"


def test_cli_members_partial_date_says_how_it_was_read(run) -> None:
    code, _, stderr = run("members", "SCO", "--on", "2017")
    assert code == 0
    assert "whole year" in stderr


def test_cli_members_csv(run) -> None:
    code, stdout, _ = run("members", "SCO", "--on", "2017-06-09", "--csv")
    assert code == 0
    lines = stdout.strip().splitlines()
    assert lines[0].startswith("iso3,name,status,start,end")
    assert len(lines) == 9


def test_cli_unknown_organization_exits_2_with_suggestions(run) -> None:
    code, _, stderr = run("members", "Shanghai Coperation Organisation")
    assert code == 2
    assert "Unknown" in stderr and "SCO" in stderr


def test_cli_bad_date_exits_2(run) -> None:
    code, _, stderr = run("chair", "SCO", "--on", "2024-02-30")
    assert code == 2 and "impossible date" in stderr


def test_cli_chair_summits_officials_timeline(run) -> None:
    code, stdout, _ = run("chair", "SCO", "--on", "2024-01-01", "--json")
    assert code == 0 and json.loads(stdout)["results"][0]["iso3"] == "KAZ"
    code, stdout, _ = run("summits", "SCO", "--council", "SCO-CHS", "--json")
    summits = json.loads(stdout)["results"]
    assert code == 0 and {"date", "end_date", "city", "country", "format", "chair",
                          "documents"} <= set(summits[0])
    code, stdout, _ = run("officials", "SCO", "--role", "secretary-general", "--on",
                          "2025-03-01", "--json")
    (sg,) = json.loads(stdout)["results"]
    assert code == 0 and sg["country"] == "KAZ"
    code, stdout, _ = run("timeline", "SCO", "--country", "KAZ", "--from", "2023", "--to",
                          "2024")
    assert code == 0 and "Kazakhstan" in stdout


def test_cli_entity_in_kazakh(run) -> None:
    code, stdout, _ = run("entity", "ШЫҰ", "--json")
    assert code == 0
    info = json.loads(stdout)
    assert info["id"] == "SCO" and info["statements"]


def test_cli_sources_bibtex(run, tmp_path: Path) -> None:
    code, stdout, _ = run("sources", "--bibtex")
    assert code == 0
    assert "@article{igibayeva-2025-astana-center," in stdout
    assert "doi = {10.48371/ISMO.2025.60.2.010}" in stdout


def test_cli_extract_states_each_language_as_a_share_of_the_text(run, tmp_path) -> None:
    page = tmp_path / "mixed.txt"
    page.write_text("Kazakhstan chaired the SCO in 2024. The summit met in Astana.\n\n"
                    "Казахстан председательствовал в ШОС.\n", encoding="utf-8")
    code, stdout, _ = run("extract", str(page))
    assert code == 0
    header = stdout.splitlines()[0]
    assert "languages (share of the text) en 6" in header and ", ru 3" in header
