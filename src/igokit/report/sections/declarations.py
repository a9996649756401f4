"""How the ingested declarations change: passages reused between documents, and the
commitments each declaration repeats, changes, adds and drops against the one before.

Declarations are the ingested documents whose title or file name says so (declaration,
communiqué, декларация, коммюнике, декларациясы, мәлімдеме ...), in date order (undated ones by
id). The page shows the counts of each consecutive pair (the last :data:`MAX_DIFFS` pairs) and
the rows of the latest pair; the reuse search covers the last :data:`MAX_REUSE_DOCUMENTS`
documents, with every pair in ``tables/reuse-pairs.csv``.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pandas as pd

from igokit.api import as_dict, diff_declarations, find_reuse
from igokit.report.context import ReportContext, Section

#: Consecutive declaration pairs compared on the page.
MAX_DIFFS = 5
#: Rows of the latest diff shown on the page (the CSV has all).
MAX_DIFF_ROWS = 60
#: Reuse pairs shown on the page (the CSV has all).
MAX_REUSE_ROWS = 50
#: Documents the reuse search covers (the most recent by id): keeps the report's time bounded.
MAX_REUSE_DOCUMENTS = 150
#: The columns of tables/reuse-pairs.csv (the fields of igokit.api's ReusePair).
REUSE_COLUMNS = ["doc_a", "document_a", "date_a", "a_start", "a_end", "doc_b", "document_b",
                 "date_b", "b_start", "b_end", "lang", "sentences", "jaccard", "containment",
                 "score", "text_a", "text_b"]
DECLARATION = re.compile(r"declaration|communiqu|statement|декларац|коммюнике|заявлени|"
                         r"мәлімдеме", re.IGNORECASE)


def _name(d: Any) -> str:
    return str(d.title or (d.path or "").replace("\\", "/").rsplit("/", 1)[-1] or f"doc{d.id}")


def declarations(docs: list[Any]) -> list[Any]:
    """The documents that look like declarations, oldest first (undated last, by id)."""
    found = [d for d in docs if DECLARATION.search(f"{d.title or ''} {d.path or ''}")]
    return sorted(found, key=lambda d: (d.date or "9999", d.id))


def build(ctx: ReportContext) -> Section:
    docs = ctx.documents()
    data: dict[str, Any] = {"n_documents": len(docs), "reuse": [], "n_reuse": 0,
                            "reuse_csv": "", "reuse_scope": 0, "diffs": [], "latest": None,
                            "latest_rows": [], "latest_csv": "", "n_declarations": 0,
                            "listed": ctx.listed}
    if len(docs) < 2:
        return _section(data)
    scope = [d.id for d in docs][-MAX_REUSE_DOCUMENTS:]
    pairs = find_reuse(ctx.kb, doc_ids=scope)
    data["reuse_scope"] = len(scope)
    data["n_reuse"] = len(pairs)
    # only the rows shown become dicts; the table is built from the flat rows directly (a
    # corpus of syndicated news can hold tens of thousands of pairs)
    data["reuse"] = [as_dict(r) for r in list(pairs)[:MAX_REUSE_ROWS]]
    if pairs:
        frame = pd.DataFrame([[getattr(r, f) for f in REUSE_COLUMNS] for r in pairs],
                             columns=REUSE_COLUMNS)
        data["reuse_csv"] = ctx.write_table("reuse-pairs", frame)
    decl = declarations(docs)
    data["n_declarations"] = len(decl)
    couples = list(itertools.pairwise(decl))[-MAX_DIFFS:]
    for a, b in couples:
        rows = diff_declarations(ctx.kb, a.id, b.id)
        data["diffs"].append({"a": a.id, "a_name": _name(a), "a_date": a.date, "b": b.id,
                              "b_name": _name(b), "b_date": b.date, **rows.query["counts"]})
        data["latest"], latest = data["diffs"][-1], rows
    if couples:
        data["latest_rows"] = latest.records()[:MAX_DIFF_ROWS]
        data["n_latest"] = len(latest)
        if latest:
            data["latest_csv"] = ctx.write_table("declaration-diff-latest", latest.to_frame())
        if data["diffs"]:
            ctx.write_table("declaration-diffs", pd.DataFrame(data["diffs"]))
    return _section(data)


def _section(data: dict[str, Any]) -> Section:
    return Section("declarations", "How declarations change", "section_declarations.html.j2",
                   data)
