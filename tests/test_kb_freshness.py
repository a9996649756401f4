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


def test_every_module_that_registers_a_migration_is_imported_by_migrate() -> None:
    # a command that finds the database current skips importing these modules; one missing from
    # the list would leave its tables uncreated in a new database
    from igokit.kb.schema import MIGRATION_MODULES

    src = Path(__file__).resolve().parents[1] / "src" / "igokit"
    registering = {
        "igokit." + ".".join(p.relative_to(src).with_suffix("").parts)
        for p in src.rglob("*.py")
        if "register_migration(\n" in p.read_text(encoding="utf-8")
        or "register_migration(\"" in p.read_text(encoding="utf-8")
    }
    registering.discard("igokit.kb.schema")
    assert registering and registering <= set(MIGRATION_MODULES)


def test_a_new_database_has_every_table_although_a_query_imports_little(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "new.sqlite")
    sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
    tables = {r[0] for r in conn.execute(sql)}
    assert {"documents", "passages", "mentions", "layers", "observations", "statements",
            "meta"} <= tables


def test_the_status_vocabulary_and_coverage_are_read_from_the_knowledge_base(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from igokit.kb import layers, queries, vocabulary

    def no_yaml(*args: object) -> object:
        raise AssertionError("a query parsed YAML")

    monkeypatch.setattr(vocabulary, "records", no_yaml)
    monkeypatch.setattr(layers, "curated_coverage", no_yaml)
    rows = queries.members(conn, "SCO", "2024-07-05", "all")
    assert {"member", "observer"} <= {m.status for m in rows}
    assert rows.coverage is not None and rows.coverage["complete"]
    with pytest.raises(Exception, match="status must be one of member"):
        queries.members(conn, "SCO", "2024-07-05", "members")


def test_the_settings_copied_into_the_knowledge_base_are_part_of_its_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from igokit.kb import freshness

    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    monkeypatch.setattr(freshness, "data_dir", lambda: root)
    before = freshness.data_digest(root)
    vocab = root / "vocabulary" / "statuses.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert freshness.data_digest(root) != before
