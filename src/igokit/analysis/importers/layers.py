"""Import reference data as layers of statements (COW IGO v3, Wikidata P463).

Several files of the same kind become one layer (the COW state-year and IGO-year files hold the
same data: their intervals are merged, duplicates dropped); the layer is replaced in one
transaction. Unmatched names are listed in each file's summary, never guessed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from igokit.errors import InputError
from igokit.kb.layers import Layer, write_layer

LAYER_KINDS = ("cow-igo", "wikidata")


def import_layer(conn: sqlite3.Connection, kind: str, paths: list[Path],
                 progress: Callable[[int, int], None] | None = None) -> list[Any]:
    if kind == "cow-igo":
        from igokit.analysis.importers.cow_igo import read
    elif kind == "wikidata":
        from igokit.analysis.importers.wikidata import read  # type: ignore[assignment]
    else:
        raise InputError(f"unknown layer kind {kind!r} (known: {', '.join(LAYER_KINDS)})")
    results = [read(p, progress=progress) for p in paths]
    if kind == "wikidata":
        from igokit.analysis.importers.wikidata import map_qids

        for r in results:
            map_qids(conn, r)  # type: ignore[arg-type]  # wikidata results here
    merged = _merge([r.layer for r in results])
    write_layer(conn, merged)
    return results


def _merge(layers: list[Layer]) -> Layer:
    first = layers[0]
    out = Layer(first.name, first.title, first.source_id, [f for x in layers for f in x.files])
    # COW's two shapes disagree on a few hundred cells: the first file given is used for every
    # state-organization pair it has, later files only add pairs it lacks
    pairs: set[tuple[str, str]] = set()
    for layer in layers:
        mine = {(s.subject, s.object) for s in layer.statements}
        out.statements += [s for s in layer.statements if (s.subject, s.object) not in pairs]
        pairs |= mine
        for eid, v in layer.entities.items():
            out.entities.setdefault(eid, v)
        have = {c[0] for c in out.coverage}
        out.coverage += [c for c in layer.coverage if c[0] not in have]
    return out
