"""Kept-degraded mode: while the curated data is broken, queries answer from the last good
knowledge base with a warning; ``igokit build`` still refuses with every problem."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.test_kb_build import tree

from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.errors import DataError, StaleDataWarning
from igokit.kb import store

TYPO = ("- subject: KAZ\n  predicate: membership\n  object: XO\n"
        "  value: mmber\n  start: 2001\n  sources: [src-a]\n")


@pytest.fixture()
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree(tmp_path / "facts", n=12)
    monkeypatch.setenv("IGOKIT_FACTS", str(root))
    return root


def _members(kb: KnowledgeBase) -> list[str]:
    return sorted(r.iso3 for r in kb.members("XO", "2024-01-01"))


def _break(facts: Path) -> None:
    tree(facts, n=12, extra=TYPO)


def test_broken_data_answers_from_the_last_good_build_with_a_warning(
    facts: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kb.sqlite"
    good = _members(KnowledgeBase(db))
    assert len(good) == 12 and set(good) == {"CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    _break(facts)
    kb = KnowledgeBase(db)
    with pytest.warns(StaleDataWarning, match=r"statements/m\.yaml:\d+: value 'mmber'") as seen:
        assert _members(kb) == good
    (warning,) = seen
    assert isinstance(warning.message, StaleDataWarning)
    assert warning.message.problems == [p for p in warning.message.problems if "mmber" in p]
    assert getattr(kb.conn, "stale", None) is not None


def test_the_same_broken_files_are_not_parsed_again(
    facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "kb.sqlite"
    KnowledgeBase(db).conn.close()
    _break(facts)
    with pytest.warns(StaleDataWarning):
        store.connect(db).close()

    def no_build(*args: object, **kwargs: object) -> bool:
        raise AssertionError("the broken files were read again")

    monkeypatch.setattr(store, "ensure_built", no_build)
    with pytest.warns(StaleDataWarning, match="mmber"):
        store.connect(db).close()


def test_mended_data_is_built_and_the_warning_stops(facts: Path, tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    KnowledgeBase(db).conn.close()
    _break(facts)
    with pytest.warns(StaleDataWarning):
        store.connect(db).close()
    tree(facts, n=18)  # mended, and three more memberships of each country
    with warnings.catch_warnings():
        warnings.simplefilter("error", StaleDataWarning)
        conn = store.connect(db)
    assert getattr(conn, "stale", None) is None
    assert conn.execute("SELECT count(*) FROM statements WHERE predicate = 'membership'"
                        ).fetchone()[0] == 18


def test_without_a_previous_build_broken_data_is_an_error(facts: Path, tmp_path: Path) -> None:
    _break(facts)
    with pytest.raises(DataError, match="mmber"):
        store.connect(tmp_path / "kb.sqlite")


def test_cli_queries_warn_and_answer_build_still_fails(facts: Path, tmp_path: Path) -> None:
    db = tmp_path / "kb.sqlite"
    KnowledgeBase(db).conn.close()
    _break(facts)
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(db), "members", "XO", "--on", "2024", "--json"])
    assert result.exit_code == 0, result.stderr
    assert '"KAZ"' in result.stdout
    assert "warning:" in result.stderr and "last good build" in result.stderr
    result = runner.invoke(main, ["--db", str(db), "build"])
    assert result.exit_code == 1
    assert "mmber" in result.stderr


def test_web_app_says_it_answers_from_the_last_good_build(facts: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from igokit.web.app import create_app

    db = tmp_path / "kb.sqlite"
    KnowledgeBase(db).conn.close()
    _break(facts)
    with pytest.warns(StaleDataWarning), TestClient(create_app(str(db)),
                                                    base_url="http://127.0.0.1") as client:
        info = client.get("/api/")
        page = client.get("/org/XO")
    assert info.status_code == 200 and any("mmber" in p for p in info.json()["stale_data"])
    assert page.status_code == 200 and "last good build" in page.text
