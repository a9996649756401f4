"""Read curated YAML so that every record knows the file and line it came from.

PyYAML's composer already tracks positions; the records built from its nodes keep them
(``Record.where``), so validation can say ``organizations.yaml:41: unknown key 'nmae'``. Duplicate
keys, which PyYAML silently overwrites, are reported too.

Speed (bench/kb_scale.py): libyaml (PyYAML's C parser, ``CSafeLoader``) composes the nodes with
their line marks, and :func:`_build` turns them into records directly, without PyYAML's generic
constructor machinery: 4-7x faster than the pure-Python loader (bench). A YAML error is
re-read with the pure-Python loader (:class:`_LineLoader`), so its message and line are those
curators always got. :func:`iter_records` streams a long list in chunks of records, so memory
holds one chunk's nodes, not the whole file's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml


class Record(dict[str, Any]):
    """A YAML mapping that remembers where it was written."""

    __slots__ = ("duplicates", "file", "line")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.file = "?"
        self.line = 0
        self.duplicates: list[tuple[str, int]] = []

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds :class:`Record` mappings carrying their line numbers."""

    source_name = "?"

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Record:  # type: ignore[override]
        record = Record()
        record.file = self.source_name
        record.line = node.start_mark.line + 1
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            value = self.construct_object(value_node, deep=True)
            if key in record:
                record.duplicates.append((str(key), key_node.start_mark.line + 1))
            record[key] = value
        return record


# Dates stay text: FuzzyDate parses them with their precision, and an impossible date such as
# 2001-13-01 becomes a reported problem instead of a crash inside PyYAML.
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node),  # type: ignore[attr-defined,arg-type]
)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _LineLoader.yaml_implicit_resolvers

_CLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)  # None: PyYAML without libyaml


_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
#: Tags of plain scalars already resolved (keys and values repeat: "subject", "membership" ...).
_RESOLVED: dict[str, str] = {}


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """SafeLoader's tag resolution without its path-resolver machinery (SafeLoader has no path
    resolvers, so the result is the same); libyaml calls it once per node."""
    if kind is _ScalarNode:
        if not implicit[0]:
            return _STR
        tag = _RESOLVED.get(value)
        if tag is None:
            tag = _STR
            for candidate, regexp in _IMPLICIT.get(value[:1], ()):
                if regexp.match(value):
                    tag = candidate
                    break
            if len(_RESOLVED) < 50_000 and len(value) < 40:
                _RESOLVED[value] = tag
        return tag
    return _SEQ if kind is _SequenceNode else _MAP


def _new_c_loader(text: str) -> Any:
    assert _CLoader is not None
    loader = _CLoader(text)
    loader.resolve = _resolve.__get__(loader)  # per instance: CSafeLoader's class stays as is
    return loader


def _build(loader: Any, node: yaml.Node, name: str, offset: int, memo: dict[int, Any]) -> Any:
    """The Python value of ``node``: mappings as :class:`Record` (line = the node's line +
    ``offset``), dates kept as text, anything unusual (``!!binary``, ``!!set`` ...) through
    PyYAML's own constructors. An alias yields the very object of its anchor, as in PyYAML.
    (Plain text, most of any curated file, is taken inline: this runs once per node.)"""
    tag = node.tag
    cls = node.__class__
    if cls is _ScalarNode:
        if tag in (_STR, _TIMESTAMP):
            return node.value
        if tag == _NULL:
            return None
        if tag == _INT:
            return loader.construct_yaml_int(node)
        if tag == _BOOL:
            return loader.bool_values[node.value.lower()]
        if tag == _FLOAT:
            return loader.construct_yaml_float(node)
        return loader.construct_object(node, deep=True)
    known = memo.get(id(node))
    if known is not None:
        return known
    if cls is _SequenceNode and tag == _SEQ:
        items: list[Any] = []
        memo[id(node)] = items
        for child in node.value:
            items.append(child.value if child.tag == _STR and child.__class__ is _ScalarNode
                         else _build(loader, child, name, offset, memo))
        return items
    if cls is _MappingNode and tag == _MAP:
        pairs = node.value
        for key_node, _ in pairs:
            if key_node.tag == _MERGE:
                loader.flatten_mapping(node)  # "<<: *anchor" keys, as SafeLoader does
                pairs = node.value
                break
        record = Record()
        record.file = name
        record.line = node.start_mark.line + 1 + offset
        memo[id(node)] = record
        for key_node, value_node in pairs:
            key = (key_node.value if key_node.tag == _STR and key_node.__class__ is _ScalarNode
                   else _build(loader, key_node, name, offset, memo))
            value = (value_node.value
                     if value_node.tag == _STR and value_node.__class__ is _ScalarNode
                     else _build(loader, value_node, name, offset, memo))
            if key in record:
                record.duplicates.append((str(key), key_node.start_mark.line + 1 + offset))
            record[key] = value
        return record
    return loader.construct_object(node, deep=True)


def _parse_fast(text: str, name: str, offset: int = 0) -> Any:
    """libyaml's nodes built into records; raises ``yaml.YAMLError`` on bad YAML."""
    loader = _new_c_loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node, name, offset, {})
    finally:
        loader.dispose()


class _Unreadable(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _read(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"{name}:1: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise _Unreadable(f"{name}:1: cannot read ({exc.strerror or exc})") from None


def _parse_text(text: str, name: str) -> Any:
    """The text's YAML data (mappings as :class:`Record`), or :class:`_Unreadable` saying
    ``file:line`` what is wrong."""
    if _CLoader is not None:
        try:
            return _parse_fast(text, name)
        except yaml.YAMLError:
            pass  # the pure-Python loader below says where, in the words curators know
    loader = _LineLoader(text)
    loader.source_name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        raise _Unreadable(f"{name}:{line}: YAML syntax error: {what}") from None
    finally:
        loader.dispose()


def _parse(path: Path, name: str) -> Any:
    """The file's YAML data (mappings as :class:`Record`), or :class:`_Unreadable` saying
    ``file:line`` what is wrong."""
    return _parse_text(_read(path, name), name)


def _list_problems(data: Any, name: str, first: int = 0) -> tuple[list[Record], list[str]]:
    """The records of a parsed list, and what is wrong with its items (``first``: the index of
    its first item in the file)."""
    records: list[Record] = []
    problems: list[str] = []
    for index, item in enumerate(data, start=first):
        if not isinstance(item, Record):
            problems.append(f"{name}: item {index + 1} is not a mapping")
            continue
        for key, line in item.duplicates:
            problems.append(f"{name}:{line}: key {key!r} given twice in the same record")
        records.append(item)
    return records, problems


def load_records(path: Path, display_name: str | None = None) -> tuple[list[Record], list[str]]:
    """Load a YAML file holding a list of mappings.

    Returns ``(records, problems)``; problems are ``file:line: message`` strings and a file with a
    syntax error yields no records.
    """
    name = display_name or path.name
    try:
        data = _parse(path, name)
    except _Unreadable as exc:
        return [], [exc.problem]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [f"{name}:1: the file must hold a YAML list of records"]
    return _list_problems(data, name)


#: A top-level list item: ``-`` in the first column, then a blank or the line's end.
_ITEM_RE = re.compile(r"^-(?=[ \t]|\r?$)", re.M)
#: Directives and document markers: such a file is read whole.
_DOCUMENT_RE = re.compile(r"^(?:---|\.\.\.|%)", re.M)


def _chunks(text: str, items: int) -> Iterator[tuple[int, str]]:
    """(line offset, text) pieces of a top-level block list, ``items`` list items each.

    A ``-`` in the first column can only start an item of the top-level list: a plain or block
    scalar ends where a line is indented less than its parent, a quoted scalar or a flow
    collection cut there leaves its piece unparsable, and an alias cut from its anchor is
    undefined. :func:`iter_records` checks that every piece parses to a list and falls back to
    reading the whole file when one does not, so a wrong cut never goes unnoticed.
    """
    starts = [m.start() for m in _ITEM_RE.finditer(text)]
    if len(starts) <= items or _DOCUMENT_RE.search(text):
        yield 0, text
        return
    cuts = [0, *starts[items::items], len(text)]
    line = 0
    for a, b in pairwise(cuts):
        yield line, text[a:b]
        line += text.count("\n", a, b)


def iter_records(path: Path, display_name: str | None = None, problems: list[str] | None = None,
                 *, chunk: int = 2000) -> Iterator[Record]:
    """Stream the records of a YAML file holding a list of mappings, ``chunk`` items at a time
    (memory holds one chunk's nodes, not the file's), appending ``file:line: message`` problems
    to ``problems`` as :func:`load_records` reports them.

    Records come with the same files and lines as :func:`load_records`. When a piece does not
    parse (a YAML error, or a cut that was not between items), the whole file is read as
    :func:`load_records` does and the records not yielded yet follow; a syntax error then ends
    the file's records with the same message :func:`load_records` gives.
    """
    name = display_name or path.name
    found = problems if problems is not None else []
    try:
        text = _read(path, name)
    except _Unreadable as exc:
        found.append(exc.problem)
        return
    if _CLoader is None:
        records, more = load_records(path, display_name)
        found.extend(more)
        yield from records
        return
    done = 0
    for offset, piece in _chunks(text, chunk):
        try:
            data = _parse_fast(piece, name, offset)
        except yaml.YAMLError:
            data = ...  # not parsable on its own: read the whole file below
        if data is None and done == 0 and piece is text:
            return
        if not isinstance(data, list):
            break
        records, more = _list_problems(data, name, done)
        found.extend(more)
        done += len(data)
        yield from records
    else:
        return
    try:
        whole = _parse_text(text, name)
    except _Unreadable as exc:
        found.append(exc.problem)
        return
    if whole is None:
        return
    if not isinstance(whole, list):
        found.append(f"{name}:1: the file must hold a YAML list of records")
        return
    records, more = _list_problems(whole[done:], name, done)
    found.extend(more)
    yield from records


def load_mapping(path: Path, display_name: str | None = None) -> tuple[Record | None, list[str]]:
    """Load a YAML file holding one mapping (a codebook, a weights file ...), with line numbers."""
    name = display_name or str(path)
    try:
        data = _parse(path, name)
    except _Unreadable as exc:
        return None, [exc.problem]
    if not isinstance(data, Record):
        return None, [f"{name}:1: the file must hold a YAML mapping"]
    problems: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Record):
            problems.extend(f"{name}:{line}: key {key!r} given twice" for key, line
                            in node.duplicates)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return data, problems
