"""Loading the curated YAML: every mistake is reported with its file and line, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from igokit.errors import DataError
from igokit.kb.catalog import load_catalog

SOURCES = """\
- id: src-a
  kind: official
  title: A source
  publisher: Somebody
  date: 2001-06-15
"""
ORG = """\
- id: XO
  kind: organization
  name: {en: Example Organization, ru: Пример, kk: Мысал}
  aliases: {en: [EXO]}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_catalog(root)
    return info.value.problems


def test_catalog_loads_a_valid_tree(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "sources/s.yaml": SOURCES,
        "entities/e.yaml": ORG,
        "statements/m.yaml": "- {subject: KAZ, predicate: membership, object: XO, value: member,"
                             " start: 2001-06-15, sources: [src-a]}\n",
    })
    cat = load_catalog(root)
    assert cat.entities["XO"].name["kk"] == "Мысал"
    assert cat.entities["KAZ"].name["ru"] == "Казахстан"  # from pycountry's translations
    (st,) = cat.statements
    assert (st.subject, st.value, st.start.precision) == ("KAZ", "member", "day")
    assert st.where == "statements/m.yaml:1"


def test_catalog_refuses_a_statement_without_source(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "sources/s.yaml": SOURCES, "entities/e.yaml": ORG,
        "statements/m.yaml": "- subject: KAZ\n  predicate: membership\n  object: XO\n"
                             "  value: member\n  start: 2001\n",
    })
    assert problems(root) == [
        "statements/m.yaml:1: no source: every fact must cite at least one source"
    ]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("  subjct: KAZ\n", "statements/m.yaml:2: unknown key 'subjct'"),
        ("  start: 2001-13-01\n", "statements/m.yaml:2: start: impossible"),
        ("  end: 1999\n", "statements/m.yaml:2: end 1999 is not after start 2001"),
        ("  value: mmber\n", "statements/m.yaml:2: value 'mmber' is not one of"),
        ("  sources: [nope]\n", "statements/m.yaml:2: unknown source 'nope'"),
        ("  object: KAZ\n", "statements/m.yaml:2: membership needs an object of kind"),
    ],
)
def test_catalog_reports_file_and_line(tmp_path: Path, statement: str, expected: str) -> None:
    base = {"subject": "KAZ", "predicate": "membership", "object": "XO", "value": "member",
            "start": "2001", "sources": "[src-a]"}
    key = statement.split(":")[0].strip()
    lines = "# a comment line first\n- " + "\n  ".join(
        f"{k}: {v}" for k, v in base.items() if k != key) + "\n" + statement
    root = write(tmp_path, {"sources/s.yaml": SOURCES, "entities/e.yaml": ORG,
                            "statements/m.yaml": lines})
    found = problems(root)
    assert any(p.startswith(expected) for p in found), found


def test_catalog_reports_yaml_syntax_errors_with_line(tmp_path: Path) -> None:
    root = write(tmp_path, {"sources/s.yaml": SOURCES,
                            "entities/e.yaml": ORG + "- id: XP\n  kind: [organization\n"})
    (problem,) = problems(root)
    assert problem.startswith("entities/e.yaml:") and "YAML syntax error" in problem


def test_catalog_reports_duplicate_ids_and_keys(tmp_path: Path) -> None:
    root = write(tmp_path, {"sources/s.yaml": SOURCES + SOURCES,
                            "entities/e.yaml": ORG + ORG.replace("  aliases", "  kind: body\n"
                                                                 "  aliases")})
    found = problems(root)
    assert "sources/s.yaml:6: source 'src-a' already defined at sources/s.yaml:1" in found
    assert any("entities/e.yaml:" in p and "given twice" in p for p in found)


def test_catalog_collects_every_problem_not_just_the_first(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "sources/s.yaml": SOURCES, "entities/e.yaml": ORG,
        "statements/m.yaml": "- {subject: XXX, predicate: chair, object: XO, sources: [src-a]}\n"
                             "- {subject: KAZ, predicate: chaired, object: XO, sources: [src-a]}\n",
    })
    found = problems(root)
    assert any(p.startswith("statements/m.yaml:1: unknown subject 'XXX'") for p in found)
    assert any(p.startswith("statements/m.yaml:2: unknown predicate 'chaired'") for p in found)


def test_catalog_expands_events_into_statements(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "sources/s.yaml": SOURCES,
        "entities/e.yaml": ORG + "- {id: 'place:astana', kind: place, name: {en: Astana},"
                                 " country: KAZ}\n"
                                 "- {id: 'doc:decl', kind: document, name: {en: Declaration},"
                                 " parent: XO}\n",
        "events/x.yaml": "- id: event:xo-2024\n  org: XO\n  date: 2024-07-03\n"
                         "  last_day: 2024-07-04\n  city: place:astana\n  country: KAZ\n"
                         "  chair: KAZ\n  documents: [doc:decl]\n  sources: [src-a]\n",
    })
    cat = load_catalog(root)
    preds = {s.predicate: s for s in cat.statements}
    held = preds["held_in"]
    assert held.start.iso() == "2024-07-03" and held.end.iso() == "2024-07-05"  # half-open
    assert preds["status"].subject == "doc:decl" and preds["status"].value == "adopted"
    assert cat.entities["event:xo-2024"].attrs["last_day"] == "2024-07-04"
