"""igokit propose: candidate statements from recent documents, as a reviewable YAML patch."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from igokit.api import KnowledgeBase
from igokit.cli import main


def _news(folder: Path) -> None:
    folder.mkdir()
    (folder / "new.txt").write_text(
        "BISHKEK, 20 October 2099 – Azerbaijan is now a full member state of the Shanghai "
        "Cooperation Organisation, its leaders decided.\n", encoding="utf-8")
    (folder / "new.txt.meta.yaml").write_text(
        "date: 2099-10-20\ntitle: Azerbaijan joins\nurl: https://example.org/a\n",
        encoding="utf-8")
    (folder / "old.txt").write_text("In 2017 India and Pakistan became SCO members.\n",
                                    encoding="utf-8")
    (folder / "old.txt.meta.yaml").write_text("date: 2017-06-10\n", encoding="utf-8")
    (folder / "undated.txt").write_text("Azerbaijan is a member of the SCO.\n", encoding="utf-8")


def test_propose_writes_a_patch_with_citations_and_applies_nothing(tmp_path: Path) -> None:
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    _news(tmp_path / "news")
    before = kb.members("SCO", on="2099-12-31")
    result = kb.propose([tmp_path / "news"], after="2026-11-23")
    patch = yaml.safe_load(result.to_yaml())
    [stmt] = patch["statements"]
    assert stmt == {"subject": "AZE", "predicate": "membership", "object": "SCO",
                    "value": "member", "start": "2099-10-20", "sources": stmt["sources"]}
    [source] = patch["sources"]
    assert stmt["sources"] == [source["id"]] and source["url"] == "https://example.org/a"
    assert "Azerbaijan is now a full member" in result.to_yaml()  # the passage, for review
    skipped = {Path(d["path"]).name: d.get("skipped", "") for d in result.documents}
    assert "before" in skipped["old.txt"] and "no date" in skipped["undated.txt"]
    # nothing applied
    assert [m.iso3 for m in kb.members("SCO", on="2099-12-31")] == [m.iso3 for m in before]


def test_propose_command_writes_the_file(tmp_path: Path) -> None:
    _news(tmp_path / "news")
    out = tmp_path / "patch.yaml"
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "kb.sqlite"), "propose",
                                       str(tmp_path / "news"), "--after", "2026-11-23",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["statements"][0]["subject"] == "AZE"
