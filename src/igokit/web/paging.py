"""Pages of a large document: the document page and ``/api/documents/{id}`` send its text in
pages of about ``Limits.page_chars`` characters (``?page=N``), with the extraction's items of
that page only, so a 5 MB document costs one page's work per request, not the whole text's.

Pages end where a paragraph or a sentence begins (the longest such piece that fits); only a
sentence longer than a whole page is cut inside. On a page, every offset indexes the page's
``text`` (``text[m["start"]:m["end"]]`` is the mention, as in a whole extraction); ``page``
says where the page starts in the whole text (``text_start``) and the index of its first
paragraph and sentence (a sentence's ``paragraph`` counts from the whole document's first).
"""

from __future__ import annotations

import bisect
from typing import Any

from fastapi import HTTPException

#: The extraction's lists of items with offsets.
ITEM_LISTS = ("paragraphs", "sentences", "mentions", "dates", "quantities")
#: The largest document id SQLite can hold; a larger number names no document (404).
MAX_ID = 2**63 - 1


def check_doc_id(doc_id: int) -> None:
    """404 for an id no document can have (0, negative, or past SQLite's 64-bit range)."""
    if not 1 <= doc_id <= MAX_ID:
        raise HTTPException(404, f"no document {doc_id}")


def page_bounds(data: dict[str, Any], size: int) -> list[int]:
    """Where each page starts, and the end of the text: ``[0, b1, ..., len(text)]``."""
    n = len(data["text"])
    starts = sorted({int(p["start"]) for key in ("paragraphs", "sentences")
                     for p in data.get(key, []) if isinstance(p.get("start"), int)})
    bounds = [0]
    while n - bounds[-1] > size:
        lo = bounds[-1]
        k = bisect.bisect_right(starts, lo + size) - 1
        bounds.append(starts[k] if k >= 0 and starts[k] > lo else lo + size)
    bounds.append(n)
    return bounds


def split_pages(data: dict[str, Any], bounds: list[int]) -> list[dict[str, Any]]:
    """Every page of the extraction ``data`` cut at ``bounds`` (one pass over its items)."""
    pages = len(bounds) - 1
    text = data["text"]
    out: list[dict[str, Any]] = []
    for n in range(1, pages + 1):
        lo, hi = bounds[n - 1], bounds[n]
        page = {k: v for k, v in data.items() if k not in ITEM_LISTS}
        page["text"] = text[lo:hi] if pages > 1 else text
        page["page"] = {"number": n, "pages": pages, "text_start": lo, "text_end": hi,
                        "text_chars": len(text), "first_paragraph": 0, "first_sentence": 0}
        for key in ITEM_LISTS:
            page[key] = [] if pages > 1 else data.get(key, [])
        out.append(page)
    if pages == 1:
        return out
    for key in ITEM_LISTS:
        counts = [0] * pages
        for item in data.get(key, []):  # (no assumption about the items' order)
            start = int(item.get("start", 0))
            k = min(pages - 1, max(0, bisect.bisect_right(bounds, start) - 1))
            lo = bounds[k]
            out[k][key].append({**item, "start": start - lo, "end": int(item["end"]) - lo})
            counts[k] += 1
        if key in ("paragraphs", "sentences"):
            before = 0
            for k in range(pages):
                out[k]["page"][f"first_{key[:-1]}"] = before
                before += counts[k]
    return out


def no_page(page: int, pages: int) -> HTTPException:
    return HTTPException(404, f"no page {page}: the document has {pages} "
                              f"page{'s' if pages != 1 else ''}")
