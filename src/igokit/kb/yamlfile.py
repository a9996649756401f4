"""Read curated YAML so that every record knows the file and line it came from.

PyYAML's composer already tracks positions; a loader subclass keeps them on the mappings it builds
(``Record.where``), so validation can say ``organizations.yaml:41: unknown key 'nmae'``. Duplicate
keys, which PyYAML silently overwrites, are reported too.
"""

from __future__ import annotations

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


class _Unreadable(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _parse(path: Path, name: str) -> Any:
    """The file's YAML data (mappings as :class:`Record`), or :class:`_Unreadable` saying
    ``file:line`` what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"{name}:1: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise _Unreadable(f"{name}:1: cannot read ({exc.strerror or exc})") from None
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


def load_records(path: Path, display_name: str | None = None) -> tuple[list[Record], list[str]]:
    """Load a YAML file holding a list of mappings.

    Returns ``(records, problems)``; problems are ``file:line: message`` strings and a file with a
    syntax error yields no records.
    """
    name = display_name or path.name
    problems: list[str] = []
    try:
        data = _parse(path, name)
    except _Unreadable as exc:
        return [], [exc.problem]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [f"{name}:1: the file must hold a YAML list of records"]
    records: list[Record] = []
    for index, item in enumerate(data):
        if not isinstance(item, Record):
            problems.append(f"{name}: item {index + 1} is not a mapping")
            continue
        for key, line in item.duplicates:
            problems.append(f"{name}:{line}: key {key!r} given twice in the same record")
        records.append(item)
    return records, problems


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
