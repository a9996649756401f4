"""Vocabularies read from ``data/vocabulary/`` — one source for every interface.

``STATUSES`` (ids in listing order) and their labels come from ``statuses.yaml``; the CLI's
choices, the web API's schema and the labels of the web pages and the report are built from
them, so a status added there appears everywhere.

The module attributes are read on first use (PEP 562), and a query takes them from the
knowledge base (:func:`statuses`), where the build copies them: a query command never needs a
YAML parser.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from typing import Any

from igokit.errors import DataError
from igokit.kb.freshness import data_dir

#: The meta key under which the build stores the status records.
META_KEY = "statuses"


@functools.cache
def records() -> tuple[dict[str, str], ...]:
    """The status records of ``statuses.yaml`` (id, label, plural ...), validated."""
    from igokit.kb.yamlfile import load_records

    path = data_dir() / "vocabulary" / "statuses.yaml"
    found, problems = load_records(path, path.name)
    for r in found:
        if not isinstance(r.get("id"), str) or not isinstance(r.get("label"), str):
            problems.append(f"{r.where}: each status needs an id and a label")
    if problems:
        raise DataError(problems)
    return tuple({k: str(v) for k, v in r.items()} for r in found)


def statuses(conn: sqlite3.Connection | None = None) -> tuple[str, ...]:
    """The status ids in listing order: from the knowledge base's copy when it has one (written
    by the same build from the same file, see ``kb.freshness.SETTINGS_IN_KB``), else the file."""
    if conn is not None:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        if row is not None:
            return tuple(str(r["id"]) for r in json.loads(row[0]))
    return tuple(r["id"] for r in records())


def __getattr__(name: str) -> Any:
    if name == "STATUSES":
        return tuple(r["id"] for r in records())
    if name == "STATUS_LABELS":
        return {r["id"]: r["label"] for r in records()}
    if name == "STATUS_PLURALS":
        return {r["id"]: r.get("plural", r["label"] + "s") for r in records()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
