"""Importers: third-party CSV files into the indicator table (``observations``).

Each importer reads one file shape (or a few), maps its columns as documented in its module and in
docs/indicators.md, and returns an :class:`~igokit.analysis.importers.base.ImportResult`; the
rows are written with :func:`import_files`, which replaces the dataset in one transaction.
Problems are reported as ``file:line: message`` (:class:`~igokit.errors.InputError`); a country
name that cannot be matched is listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from igokit.analysis.importers.base import ImportResult
from igokit.errors import InputError
from igokit.kb.indicators import replace_dataset

KINDS = ("comtrade", "wdi", "egov", "faostat")


def reader(kind: str) -> Callable[..., ImportResult]:
    """The ``read(path, **options)`` function of an importer."""
    if kind == "comtrade":
        from igokit.analysis.importers.comtrade import read
    elif kind == "wdi":
        from igokit.analysis.importers.wdi import read
    elif kind == "egov":
        from igokit.analysis.importers.egov import read
    elif kind == "faostat":
        from igokit.analysis.importers.faostat import read
    else:
        raise InputError(f"unknown importer {kind!r} (known: {', '.join(KINDS)})")
    return read


def import_files(kb: Any, kind: str, paths: list[Path], dataset: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 **options: Any) -> list[ImportResult]:
    """Read every file, then write: one dataset per file (named after the file), or all files
    into ``dataset``. Returns what was read (rows, skipped rows, unmatched names)."""
    read = reader(kind)
    results = [read(Path(p), progress=progress, **options) for p in paths]
    if dataset:
        rows = [o for r in results for o in r.observations]
        replace_dataset(kb, dataset, rows)
        for r in results:
            r.dataset = dataset
    else:
        for r in results:
            replace_dataset(kb, r.dataset, r.observations)
    return results


__all__ = ["KINDS", "ImportResult", "import_files", "reader"]
