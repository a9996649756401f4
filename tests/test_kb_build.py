"""The streamed build writes what the catalog holds, in its order, and nothing when it fails."""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

import pytest

from igokit.errors import DataError
from igokit.kb import catalog, store, yamlfile
from igokit.kb.catalog import load_catalog
from igokit.kb.schema import FACT_TABLES

SOURCES = """\
- {id: src-a, kind: official, title: A source, publisher: Somebody, date: 2001-06-15}
- {id: src-b, kind: news, title: B source, url: "https://example.org/b"}
"""
ENTITIES = """\
- id: XO
  kind: organization
  name: {en: Example Organization, ru: Пример, kk: Мысал}
- {id: XO-CHS, kind: body, name: {en: Example Council}, parent: XO}
- {id: 'place:astana', kind: place, name: {en: Astana}, country: KAZ}
- {id: 'doc:one', kind: document, name: {en: Declaration One}, parent: XO}
- {id: 'doc:two', kind: document, name: {en: Declaration Two}, parent: XO}
"""
EVENTS = """\
- id: event:xo-2024
  org: XO
  body: XO-CHS
  date: 2024-07-03
  last_day: 2024-07-04
  city: place:astana
  country: KAZ
  chair: KAZ
  documents: ['doc:one', 'doc:two']
  sources: [src-a, {id: src-b, locator: p. 2}]
"""


def statements(n: int) -> str:
    """``n`` memberships, then a hand-written step that replaces an adoption the event implies."""
    rows = "".join(
        f"- subject: {c}\n  predicate: membership\n  object: XO\n  value: member\n"
        f"  start: {2000 + i % 20}\n  sources: [src-a{', src-b' if i % 3 == 0 else ''}]\n"
        for i, c in enumerate(["KAZ", "KGZ", "TJK", "UZB", "RUS", "CHN"] * (n // 6)))
    return rows + ("- {subject: 'doc:one', predicate: status, object: 'event:xo-2024', "
                   "value: signed, start: 2024-07-03, sources: [src-b]}\n")


def tree(root: Path, n: int = 60, extra: str = "") -> Path:
    for name, text in {"sources/s.yaml": SOURCES, "entities/e.yaml": ENTITIES,
                       "events/v.yaml": EVENTS, "statements/m.yaml": statements(n) + extra
                       }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture()
def facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tree(tmp_path / "facts")
    monkeypatch.setenv("IGOKIT_FACTS", str(root))
    # pieces of 50 records: a few hundred statements are read in several pieces
    monkeypatch.setattr(catalog, "iter_records", functools.partial(yamlfile.iter_records,
                                                                   chunk=50))
    return root


def fact_rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {t: [tuple(r) for r in conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid")]
            for t in FACT_TABLES}


def test_statements_are_numbered_in_the_catalogs_order(facts: Path, tmp_path: Path) -> None:
    cat = load_catalog(facts)
    conn = store.connect(tmp_path / "kb.sqlite")
    rows = conn.execute("SELECT id, subject, predicate, object, value, origin FROM statements "
                        "ORDER BY id").fetchall()
    assert [r[0] for r in rows] == list(range(1, len(cat.statements) + 1))  # dense, from 1
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in rows] == [
        (s.subject, s.predicate, s.object, s.value, s.where) for s in cat.statements]
    # the event's implied adoption of doc:one gave way to the hand-written signature
    steps = conn.execute("SELECT subject, value FROM statements WHERE predicate = 'status' "
                         "ORDER BY id").fetchall()
    assert [tuple(r) for r in steps] == [("doc:two", "adopted"), ("doc:one", "signed")]
    cited = conn.execute("SELECT rowid, statement_id, source_id, locator FROM statement_sources "
                         "ORDER BY rowid").fetchall()
    assert [r[0] for r in cited] == list(range(1, len(cited) + 1))
    assert [(r[1], r[2], r[3]) for r in cited] == [
        (i, ref.id, ref.locator) for i, s in enumerate(cat.statements, 1) for ref in s.sources]


def test_every_index_is_there_after_a_rebuild(facts: Path, tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "kb.sqlite")
    before = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                          "ORDER BY name").fetchall()
    assert {"entities_parent", "names_entity", "entity_sources_entity",
            "statement_sources_source"} <= {r[0] for r in before}
    assert store.ensure_built(conn, force=True)
    after = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                         "ORDER BY name").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]


def test_a_typo_late_in_a_long_file_names_its_line_and_keeps_the_old_facts(
    facts: Path, tmp_path: Path
) -> None:
    conn = store.connect(tmp_path / "kb.sqlite")
    old = fact_rows(conn)
    # the file is read in several pieces, the typo is in a late one
    tree(facts, n=300, extra="- subject: KAZ\n  predicate: membership\n  object: XO\n"
                              "  value: mmber\n  start: 2001\n  sources: [src-a]\n")
    lines = (facts / "statements/m.yaml").read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataError) as info:
        store.ensure_built(conn)
    assert info.value.problems == [
        f"statements/m.yaml:{lines - 5}: value 'mmber' is not one of "
        "member, observer, dialogue_partner, partner, associate"]
    assert fact_rows(conn) == old  # rolled back: the previous facts stay


def test_a_yaml_syntax_error_late_in_a_long_file_keeps_its_line(
    facts: Path, tmp_path: Path
) -> None:
    conn = store.connect(tmp_path / "kb.sqlite")
    tree(facts, n=300, extra="- subject: KAZ\n  predicate: [membership\n")
    lines = (facts / "statements/m.yaml").read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataError) as info:
        store.ensure_built(conn)
    (problem,) = [p for p in info.value.problems if "YAML syntax error" in p]
    assert problem.startswith(f"statements/m.yaml:{lines + 1}: YAML syntax error")


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x",
                                 "java\tscript:alert(1)", "//evil.example/x", "ftp://host/file"])
def test_a_source_address_that_is_not_http_is_refused_with_its_line(
    facts: Path, tmp_path: Path, url: str
) -> None:
    # a source's url becomes a link in the report and the web app: only http(s) may
    conn = store.connect(tmp_path / "kb.sqlite")
    old = fact_rows(conn)
    (facts / "sources/s.yaml").write_text(
        SOURCES + f"- {{id: src-c, kind: news, title: C, url: {url!r}}}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        store.ensure_built(conn)
    (problem,) = info.value.problems
    assert problem.startswith("sources/s.yaml:3: url ")
    assert fact_rows(conn) == old
