"""Explicit resource budgets for reading one untrusted document (issue 14).

A document may come from anywhere (a folder someone shared, an upload to the web app), so every
reader in :mod:`igokit.text.readers` works inside the budgets below. A file that would need more
raises :class:`~igokit.errors.BudgetExceededError` (or :class:`~igokit.errors.FileTooLargeError`
for the file and page limits, as before) naming the file, the budget and how to raise it. The
defaults let every real document we have seen through and stop the hostile corpus of
``tests/hostile/build.py`` in milliseconds with bounded memory.

Threat model: the attacker controls the bytes of a file and of its ``.meta.yaml`` sidecar, and
the file's name; not the code, the curated data or the command line. Time per file is bounded by
the ingest engine (a worker that exceeds it is stopped), not here.

Fixed limits, enforced by the libraries and not configurable here:

* XML nesting depth: 256 elements (:data:`XML_MAX_DEPTH`) — libxml2's limit, in force because
  python-docx's parser (``docx.oxml.parser.oxml_parser``) does not set ``huge_tree``; the same
  parser has ``resolve_entities=False`` and libxml2 caps entity amplification. On top of that,
  a DOCX whose XML has a ``<!DOCTYPE`` is refused before parsing (Word never writes one, and
  a DTD is what entity expansion and external-entity attacks need).
* HTML nesting: libxml2's HTML parser (trafilatura, lxml) has the same depth limit; the
  stdlib fallback (:class:`html.parser.HTMLParser`) keeps no stack.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from igokit.errors import InputError

__all__ = ["DEFAULT_BUDGETS", "XML_MAX_DEPTH", "ReadBudgets"]

#: libxml2's nesting limit without ``huge_tree`` (python-docx never sets it).
XML_MAX_DEPTH = 256


@dataclass(frozen=True)
class ReadBudgets:
    """What one document may cost. Each field says what it protects; all sizes in bytes.

    Raise one with ``dataclasses.replace(DEFAULT_BUDGETS, max_text_chars=...)`` or
    ``ReadBudgets(max_text_chars=...)`` and pass it as ``read_document(..., budgets=...)``.
    """

    max_file_bytes: int = 200_000_000
    """Size of the file on disk; checked with ``stat`` before a byte is read (memory: the whole
    file is read once)."""

    max_pages: int | None = 2000
    """PDF pages (``None``: no limit); the time of text extraction grows with it."""

    max_text_chars: int = 50_000_000
    """Characters of extracted text, any format: what every later step (segmentation,
    linking, the database) has to hold."""

    max_zip_members: int = 5_000
    """Members of a DOCX (ZIP) package; python-docx loads every part, and a package of
    thousands of tiny members costs time and memory per member. Word writes a few dozen."""

    max_zip_total_bytes: int = 200_000_000
    """Decompressed size of all members of a DOCX together — both as the central directory
    declares it and as counted while stream-decompressing (a header can lie). Protects memory:
    python-docx holds every part in memory and parses the XML into a tree several times larger
    (the 875 KB bomb of issue 14 took 8.1 GB)."""

    max_zip_ratio: int = 100
    """Compression ratio (decompressed / compressed) of one DOCX member larger than
    :attr:`zip_ratio_min_bytes`. Word's XML compresses 5-30 times; a bomb ~1,000 times."""

    zip_ratio_min_bytes: int = 1_000_000
    """Members below this decompressed size are not ratio-checked (a tiny part of repeated
    characters legitimately compresses very well and costs nothing)."""

    max_sidecar_bytes: int = 1_000_000
    """Size of a ``FILE.meta.yaml`` sidecar (a few lines of metadata in practice)."""

    max_sidecar_depth: int = 20
    """Nesting of lists and mappings in a sidecar: PyYAML's composer and the conversion to
    plain data recurse, so ``[[[[...`` 50,000 deep would end in a ``RecursionError``.
    YAML aliases (``*name``) are refused outright in sidecars: nine nested aliases of nine
    items expand to 9**9 items (a 499-byte file took 12 GB in issue 14)."""

    max_sidecar_nodes: int = 10_000
    """Scalars, lists and mappings in one sidecar."""

    max_pdf_stream_bytes: int = 75_000_000
    """Decoded size of one PDF stream (FlateDecode, LZW, RunLength, JBIG2, Brotli, inline
    images): pypdf's ``Configuration`` limits (its ``*_maximum_output_length`` fields, once the
    ``ZLIB_MAX_OUTPUT_LENGTH``-style constants of ``pypdf.filters``) are set to this while a
    PDF is read. Protects memory against a FlateDecode bomb."""

    max_html_bytes: int = 50_000_000
    """Size of an HTML file: lxml's tree (trafilatura) takes ~10 times the markup."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None and f.name == "max_pages":
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise InputError(
                    f"ReadBudgets.{f.name} must be a non-negative int, not {value!r}"
                )

    def replace(self, **changes: int | None) -> ReadBudgets:
        """A copy with ``changes`` applied (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


#: The budgets ``read_document`` uses when given none.
DEFAULT_BUDGETS = ReadBudgets()


def exceeded(what: str, field: str, limit: int) -> str:
    """The message of a :class:`~igokit.errors.BudgetExceededError`: what was too big, the
    budget, and how to raise it."""
    return (
        f"{what} is more than the budget {field}={limit:,}; if the file is trusted, raise it "
        f"(read_document(..., budgets=ReadBudgets({field}=...)))"
    )
