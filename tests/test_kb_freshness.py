"""The knowledge base notices when the curated data changed, without hashing it on every command."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from igokit.kb import store
from igokit.kb.freshness import data_dir, quick_stamp


@pytest.fixture()
def conn(tmp_path: Path) -> sqlite3.Connection:
    return store.connect(tmp_path / "kb.sqlite")


def test_an_unchanged_installation_skips_the_content_hash(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_hashing() -> str:
        raise AssertionError("the full stamp was computed")

    monkeypatch.setattr(store, "_stamp", no_hashing)
    assert store.ensure_built(conn) is False


def test_a_touched_but_unchanged_file_costs_one_hash_then_none(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'quick_stamp'")
    assert store.ensure_built(conn) is False  # same content: no rebuild
    assert store._meta(conn, "quick_stamp") == quick_stamp()  # remembered for next time


def test_changed_data_rebuilds(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "quick_stamp", lambda: "edited")
    monkeypatch.setattr(store, "_stamp", lambda: "new content")
    assert store.ensure_built(conn) is True
    assert store.built_stamp(conn) == "new content"


def test_the_quick_stamp_moves_when_a_file_changes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    before = quick_stamp(root)
    assert quick_stamp(root) == before
    target = next(p for p in sorted(root.glob("*/*.yaml")) if p.parent.name == "statements")
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert quick_stamp(root) != before
