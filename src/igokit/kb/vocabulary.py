"""Vocabularies read from ``data/vocabulary/`` — one source for every interface.

``STATUSES`` (ids in listing order) and their labels come from ``statuses.yaml``; the CLI's
choices, the web API's schema and the labels of the web pages and the report are built from
them, so a status added there appears everywhere.
"""

from __future__ import annotations

from igokit.errors import DataError
from igokit.kb.freshness import data_dir
from igokit.kb.yamlfile import load_records


def _load() -> list[dict[str, str]]:
    path = data_dir() / "vocabulary" / "statuses.yaml"
    records, problems = load_records(path, path.name)
    for r in records:
        if not isinstance(r.get("id"), str) or not isinstance(r.get("label"), str):
            problems.append(f"{r.where}: each status needs an id and a label")
    if problems:
        raise DataError(problems)
    return [{k: str(v) for k, v in r.items()} for r in records]


_RECORDS = _load()
STATUSES: tuple[str, ...] = tuple(r["id"] for r in _RECORDS)
STATUS_LABELS: dict[str, str] = {r["id"]: r["label"] for r in _RECORDS}
STATUS_PLURALS: dict[str, str] = {r["id"]: r.get("plural", r["label"] + "s") for r in _RECORDS}
