"""The fast YAML loader (libyaml) reads exactly what the pure-Python loader reads, with the same
files and lines, streams long lists in pieces, and keeps the curators' error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from igokit.kb import yamlfile
from igokit.kb.yamlfile import Record, iter_records, load_records

pytestmark = pytest.mark.skipif(yamlfile._CLoader is None, reason="PyYAML built without libyaml")

VARIED = """\
# a comment first
- id: a
  date: 2001-06-15
  month: 2001-06
  year: 2001
  count: 12
  hex: 0x1F
  ratio: 1.5
  inf: .inf
  yes_word: yes
  flag: true
  nothing: null
  tilde: ~
  empty:
  quoted: "2001-06-15"
  single: 'it''s'
  list: [x, 2, {k: v}]
  nested:
    deep: {a: 1}
  block: |
    two
    lines
  folded: >
    one
    line
- &base
  id: b
  kind: organization
- <<: *base
  id: c
- id: d
  same: *base
- id: e
  id: twice
- just a string
- id: f
  binary: !!binary aGVsbG8=
"""


def _pure(text: str, name: str) -> Any:
    loader = yamlfile._LineLoader(text)
    loader.source_name = name
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _shape(value: Any) -> Any:
    """Values with every record's file, line and duplicate keys, for comparison."""
    if isinstance(value, Record):
        return ("R", value.file, value.line, value.duplicates,
                {k: _shape(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, value)


def test_the_c_loader_builds_what_the_python_loader_builds() -> None:
    fast = yamlfile._parse_fast(VARIED, "v.yaml")
    assert _shape(fast) == _shape(_pure(VARIED, "v.yaml"))
    assert fast[0]["date"] == "2001-06-15" and fast[0]["year"] == 2001  # dates stay text
    assert fast[0]["hex"] == 31 and fast[0]["yes_word"] is True and fast[0]["nothing"] is None
    assert fast[2]["kind"] == "organization" and fast[2].line == 29  # merge key
    assert fast[3]["same"] is fast[1]  # an alias is its anchor's object
    assert fast[4].duplicates == [("id", 34)]


def _many(n: int) -> str:
    return "# header\n\n" + "".join(
        f"- id: r{i}\n  n: {i}\n  note: \"line {i}\"\n" + ("# between\n" if i % 7 == 0 else "")
        for i in range(n))


@pytest.mark.parametrize("chunk", [1, 3, 10, 1000])
def test_streamed_records_equal_the_whole_file(tmp_path: Path, chunk: int) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(_many(40) + "- id: r0\n  id: again\n", encoding="utf-8")
    records, problems = load_records(path, "many.yaml")
    found: list[str] = []
    streamed = list(iter_records(path, "many.yaml", found, chunk=chunk))
    assert _shape(streamed) == _shape(records)
    assert found == problems == ["many.yaml:130: key 'id' given twice in the same record"]
    assert streamed[-2].where == "many.yaml:126"


@pytest.mark.parametrize("tail", [
    # an alias whose anchor is in an earlier piece
    "- &x {id: anchor}\n- id: y\n- id: z\n- same: *x\n",
    # a quoted scalar whose second line starts with "- " in the first column
    '- id: q\n  note: "first\n- still the note"\n- id: after\n',
])
def test_a_cut_that_is_not_between_items_falls_back_to_the_whole_file(
    tmp_path: Path, tail: str
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(_many(5) + tail, encoding="utf-8")
    records, problems = load_records(path, "odd.yaml")
    found: list[str] = []
    streamed = list(iter_records(path, "odd.yaml", found, chunk=2))
    assert _shape(streamed) == _shape(records) and found == problems == []


def test_a_syntax_error_keeps_the_python_loaders_message_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_many(30) + "- id: XP\n  kind: [organization\n", encoding="utf-8")
    _, problems = load_records(path, "bad.yaml")
    loader = yamlfile._LineLoader(path.read_text(encoding="utf-8"))
    with pytest.raises(yamlfile.yaml.MarkedYAMLError) as info:
        loader.get_single_data()
    mark = info.value.problem_mark
    assert mark is not None
    expected = (f"bad.yaml:{mark.line + 1}: YAML syntax error: {info.value.context}, "
                f"{info.value.problem}")
    assert problems == [expected]
    found: list[str] = []
    list(iter_records(path, "bad.yaml", found, chunk=4))
    assert found == [expected]


def test_a_list_under_a_key_is_not_taken_for_top_level_items(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("key:\n" + "".join(f"- item {i}\n" for i in range(10)), encoding="utf-8")
    found: list[str] = []
    assert list(iter_records(path, "mapping.yaml", found, chunk=2)) == []
    assert found == ["mapping.yaml:1: the file must hold a YAML list of records"]


def test_empty_and_unreadable_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    found: list[str] = []
    assert list(iter_records(empty, "empty.yaml", found)) == [] and found == []
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"- id: caf\xe9\n")
    assert list(iter_records(latin, "latin.yaml", found)) == []
    assert found and found[0].startswith("latin.yaml:1: not UTF-8")
