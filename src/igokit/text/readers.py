"""Read txt, md, html, pdf and docx files into :class:`~igokit.text.document.Document`.

``read_document`` picks the format from the magic bytes first (``%PDF``, a ``PK`` zip, ``<html``)
and the file extension second, so a mislabelled file is still read right. Every failure is a
:class:`~igokit.errors.ReadError` subclass naming the file; ``iter_documents`` turns a folder into
a stream of ``(path, Document | ReadError)`` that never stops on one bad file.

Libraries do the parsing: charset-normalizer (encodings), trafilatura (HTML main text), pypdf
(PDF text layer), python-docx (DOCX). Written here: the dispatch, the metadata precedence
(embedded < sidecar ``FILE.meta.yaml`` < ``date=`` argument), and a cp1251/KOI8-R check.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import logging
import math
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

import yaml

from igokit.errors import (
    CorruptFileError,
    DateFormatError,
    EncodingError,
    FileTooLargeError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)
from igokit.text.document import Document, Format, normalize_date, normalize_text

__all__ = [
    "SIDECAR_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "decode_text",
    "iter_documents",
    "read_document",
]

SIDECAR_SUFFIX = ".meta.yaml"
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
_HEAD_BYTES = 4096
#: File name endings read by default when a folder is ingested.
SUPPORTED_SUFFIXES = frozenset(_EXTENSIONS)


# --------------------------------------------------------------------------------------------
# Public API


def read_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = 200_000_000,
    max_pages: int | None = 2000,
    date: object = None,
    meta_sidecar: bool = True,
) -> Document:
    """Read one file into a :class:`Document`.

    ``max_bytes``: larger files raise :class:`FileTooLargeError` before any byte is read.
    ``max_pages``: PDFs with more pages raise :class:`FileTooLargeError` (``None``: no limit).
    ``date``: the document's date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a ``datetime.date``);
    it wins over the sidecar, which wins over metadata embedded in the file.
    ``meta_sidecar``: read ``FILE.meta.yaml`` (e.g. ``report.pdf.meta.yaml``) when present; its
    ``title``, ``date`` and ``url`` set those fields and every other key goes into ``meta``.

    Raises :class:`UnsupportedFormatError`, :class:`FileTooLargeError`,
    :class:`NoTextLayerError` (a scanned PDF), :class:`CorruptFileError`,
    :class:`EncodingError`, or :class:`ReadError` (missing file, bad sidecar);
    :class:`~igokit.errors.DateFormatError` for a bad ``date`` argument.
    """
    p = Path(path)
    name = str(p)
    forced_date = normalize_date(date)  # a bad argument fails before any I/O
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ReadError(name, "no such file") from None
    except OSError as exc:
        raise ReadError(name, f"cannot access the file ({exc.strerror or exc})") from exc
    if not p.is_file():
        raise ReadError(name, "not a regular file")
    if st.st_size > max_bytes:
        raise FileTooLargeError(
            name, f"{st.st_size:,} bytes is more than max_bytes={max_bytes:,}; raise max_bytes"
        )
    try:
        with p.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
            fmt = _detect_format(name, p.suffix.lower(), head)
            data = head + fh.read(max(0, max_bytes + 1 - len(head)))
    except OSError as exc:
        raise ReadError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # the file grew after stat()
        raise FileTooLargeError(name, f"more than max_bytes={max_bytes:,}; raise max_bytes")

    parsed = _PARSERS[fmt](name, data, max_pages)
    sidecar = _load_sidecar(p) if meta_sidecar else {}
    meta = parsed.meta
    title, url, doc_date = parsed.title, parsed.url, parsed.date
    if sidecar:
        if "title" in sidecar:
            title = _str_or_none(sidecar.pop("title"))
        if "url" in sidecar:
            url = _str_or_none(sidecar.pop("url"))
        if "date" in sidecar:
            raw = sidecar.pop("date")
            try:
                doc_date = normalize_date(raw)
            except DateFormatError as exc:
                raise ReadError(name + SIDECAR_SUFFIX, str(exc)) from exc
        meta.update(sidecar)
    return Document(
        text=parsed.text,
        path=name,
        format=cast(Format, fmt),
        title=title,
        date=forced_date or doc_date,
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=parsed.pages,
        encoding=parsed.encoding,
        meta=meta,
    )


def iter_documents(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    recursive: bool = False,
    *,
    max_bytes: int = 200_000_000,
    max_pages: int | None = 2000,
    meta_sidecar: bool = True,
) -> Iterator[tuple[Path, Document | ReadError]]:
    """Read many files, yielding ``(path, Document)`` or ``(path, ReadError)`` for each.

    ``paths`` are files or folders (a folder's files in sorted order; with ``recursive``, its
    subfolders too). Sidecars (``*.meta.yaml``) and hidden files and folders are skipped. A file
    that fails yields its error and the batch goes on; an unexpected library exception is wrapped
    in a :class:`ReadError` (the original is its ``__cause__``).
    """
    for file in _expand(paths, recursive):
        try:
            doc = read_document(
                file, max_bytes=max_bytes, max_pages=max_pages, meta_sidecar=meta_sidecar
            )
        except ReadError as exc:
            yield file, exc
        except Exception as exc:  # the batch contract: one bad file never stops the others
            err = ReadError(str(file), f"unexpected {type(exc).__name__}: {exc}")
            err.__cause__ = exc
            yield file, err
        else:
            yield file, doc


def decode_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes; return ``(text, codec name)``.

    Order: a BOM (UTF-8, UTF-16, UTF-32); strict UTF-8; then, if the bytes read as plausible
    Cyrillic, the better of cp1251 and KOI8-R by letter frequencies; else charset-normalizer.
    Raises :class:`EncodingError` when nothing fits (binary data).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codecs.lookup(codec).name
            except UnicodeDecodeError as exc:
                raise EncodingError(name, f"invalid {codec} after its byte-order mark") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    cyrillic = _best_cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slowish import

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(
            name, "cannot detect the text encoding (binary data?); save it as UTF-8"
        )
    return str(best), codecs.lookup(best.encoding).name


# --------------------------------------------------------------------------------------------
# Format detection and paths


def _detect_format(name: str, suffix: str, head: bytes) -> str:
    by_ext = _EXTENSIONS.get(suffix)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # _parse_docx says so if the zip is not a Word document
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(
            name, "a legacy binary Office file (.doc/.xls); save it as .docx or PDF"
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith((b"<!doctype html", b"<html")) or (by_ext is None and b"<html" in start):
        return "html"
    if by_ext == "pdf":
        raise CorruptFileError(name, "not a PDF (no %PDF header)")
    if by_ext == "docx":
        raise CorruptFileError(name, "not a DOCX (not a ZIP package)")
    if by_ext is None:
        shown = suffix or "(no extension)"
        raise UnsupportedFormatError(
            name, f"unsupported file type {shown}; supported: {', '.join(sorted(_EXTENSIONS))}"
        )
    return by_ext


def _expand(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], recursive: bool
) -> Iterator[Path]:
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            found = root.rglob("*") if recursive else root.iterdir()
            for file in sorted(found):
                rel = file.relative_to(root).parts
                if any(part.startswith(".") for part in rel) or _is_sidecar(file):
                    continue
                if file.is_file():
                    yield file
        elif not (root.name.startswith(".") or _is_sidecar(root)):
            yield root  # missing files too: read_document reports them


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith((SIDECAR_SUFFIX, ".meta.yml"))


def _load_sidecar(path: Path) -> dict[str, Any]:
    side = Path(str(path) + SIDECAR_SUFFIX)
    if not side.is_file():
        return {}
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ReadError(str(side), f"cannot read the metadata sidecar: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError(str(side), "the metadata sidecar must be a YAML mapping (key: value)")
    return {str(k): _plain(v) for k, v in data.items()}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _plain(value: Any) -> Any:
    """YAML dates to ISO strings, recursively, so that ``Document.to_dict`` is JSON-ready."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------------------------
# Parsers: each returns a _Parsed; read_document adds path, hashes and the sidecar.


class _Parsed:
    __slots__ = ("date", "encoding", "meta", "pages", "text", "title", "url")

    def __init__(
        self,
        text: str,
        *,
        title: str | None = None,
        date: str | None = None,
        url: str | None = None,
        pages: int | None = None,
        encoding: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.text, self.title, self.date, self.url = text, title, date, url
        self.pages, self.encoding, self.meta = pages, encoding, meta or {}


def _safe_date(value: object) -> str | None:
    """Embedded metadata is often junk: an unusable date is dropped, not an error."""
    try:
        return normalize_date(value)
    except DateFormatError:
        if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
            return _safe_date(value[:10])
        return None


_MD_TITLE = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _parse_txt(name: str, data: bytes, max_pages: int | None) -> _Parsed:
    text, encoding = decode_text(data, name)
    return _Parsed(text, encoding=encoding)


def _parse_md(name: str, data: bytes, max_pages: int | None) -> _Parsed:
    text, encoding = decode_text(data, name)
    m = _MD_TITLE.search(text)
    title = m.group(1).strip("*_ ") if m else None
    return _Parsed(text, title=title or None, encoding=encoding)


def _parse_html(name: str, data: bytes, max_pages: int | None) -> _Parsed:
    import trafilatura  # imported lazily: heavy

    html, encoding = _decode_html(data, name)
    extracted: Any
    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_tables=True, include_comments=False
        )
    except Exception:  # trafilatura fails on some broken markup: use the fallback below
        extracted = None
    if isinstance(extracted, dict):  # trafilatura's as_dict form: the same fields by key
        from types import SimpleNamespace

        extracted = SimpleNamespace(**{"body": None, "title": None, "date": None, "url": None,
                                       **extracted})
    text = _trafilatura_body(extracted.body) if extracted is not None else ""
    meta: dict[str, Any] = {}
    if not text.strip():
        # Nothing recognised as main text (a footer-only or near-empty page): keep all text.
        text = _strip_tags(html)
        meta["extraction"] = "all-text"
    if extracted is None:
        return _Parsed(text, encoding=encoding, meta=meta)
    for key in ("author", "sitename", "description", "language"):
        value = getattr(extracted, key, None)
        if value:
            meta[key] = value
    return _Parsed(
        text,
        title=extracted.title or None,
        date=_safe_date(extracted.date),
        url=extracted.url or None,
        encoding=encoding,
        meta=meta,
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:_HEAD_BYTES])
    if m and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    return decode_text(data, name)


class _TagStripper(HTMLParser):
    """All visible text, one line per block element, table cells joined by tabs.

    Hand-written on the stdlib parser because trafilatura's own fallback (``html2txt``) drops
    headers and footers and puts the whole page on one line, which breaks sentence splitting.
    """

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset(
        re.findall(
            r"\w+",
            "p div br li tr h1 h2 h3 h4 h5 h6 table section article header footer nav ul ol "
            "blockquote pre aside main form dd dt hr title",
        )
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _strip_tags(html: str) -> str:
    parser = _TagStripper()
    parser.feed(html)
    parser.close()
    lines = (
        "\t".join(" ".join(c.split()) for c in ln.strip(" \t").split("\t"))
        for ln in "".join(parser.parts).split("\n")
    )
    return "\n\n".join(ln.strip("\t") for ln in lines if ln.strip())


def _trafilatura_body(body: Any) -> str:
    """trafilatura's XML body as text: blocks separated by a blank line, table rows as tabs."""
    if body is None:
        return ""
    blocks: list[str] = []
    for el in body:
        if el.tag == "table":
            rows = [
                "\t".join(" ".join("".join(c.itertext()).split()) for c in row.iter("cell"))
                for row in el.iter("row")
            ]
            blocks.append("\n".join(r for r in rows if r.strip()))
        elif el.tag == "list":
            blocks.extend(" ".join("".join(i.itertext()).split()) for i in el.iter("item"))
        else:
            blocks.append(" ".join("".join(el.itertext()).split()))
    return "\n\n".join(b for b in blocks if b)


def _parse_pdf(name: str, data: bytes, max_pages: int | None) -> _Parsed:
    from pypdf import PdfReader

    # pypdf logs every repair it attempts ("EOF marker not found"); the outcome reaches the user
    # as a CorruptFileError or as text, so its chatter would only be noise on the terminal.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedFormatError(name, "the PDF is password-protected")
        n = len(reader.pages)
    except ReadError:
        raise
    except Exception as exc:
        raise CorruptFileError(name, f"damaged PDF ({type(exc).__name__}: {exc})") from exc
    if max_pages is not None and n > max_pages:
        raise FileTooLargeError(
            name, f"{n} pages is more than max_pages={max_pages}; raise max_pages"
        )
    texts: list[str] = []
    for i, page in enumerate(reader.pages, start=1):
        try:
            texts.append(normalize_text(page.extract_text() or "").strip())
        except Exception as exc:
            raise CorruptFileError(
                name, f"damaged PDF: page {i} ({type(exc).__name__}: {exc})"
            ) from exc
    if not any(texts):
        raise NoTextLayerError(
            name,
            f"no text on any of its {n} page(s): it looks scanned and needs OCR "
            "(e.g. ocrmypdf) before it can be read",
        )
    page_starts, pos = [], 0
    for t in texts:  # offsets of each page in the joined text, to cite page numbers
        page_starts.append(pos)
        pos += len(t) + 2
    title = date = None
    meta: dict[str, Any] = {"page_starts": page_starts}
    try:
        info = reader.metadata
        if info is not None:
            title = info.title or None
            if info.author:
                meta["author"] = str(info.author)
            date = _safe_date(info.creation_date)
    except Exception:  # a broken Info dictionary is not worth failing the text for
        pass
    return _Parsed("\n\n".join(texts), title=title, date=date, pages=n, meta=meta)


def _parse_docx(name: str, data: bytes, max_pages: int | None) -> _Parsed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(name, f"damaged DOCX (bad ZIP: {exc})") from exc
    if "word/document.xml" not in parts:
        raise UnsupportedFormatError(name, "a ZIP file but not a Word document (.docx)")
    import docx  # python-docx, imported lazily
    from docx.table import Table

    try:
        doc = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        for item in doc.iter_inner_content():  # paragraphs and tables in document order
            if isinstance(item, Table):
                blocks.append(_docx_table(item))
            else:
                blocks.append(item.text.strip())
        props = doc.core_properties
        title, created, author = props.title, props.created, props.author
    except Exception as exc:
        raise CorruptFileError(name, f"damaged DOCX ({type(exc).__name__}: {exc})") from exc
    meta = {"author": author} if author else {}
    text = "\n\n".join(b for b in blocks if b)
    return _Parsed(text, title=title or None, date=_safe_date(created), meta=meta)


def _docx_table(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell appears once per grid column: keep it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


_PARSERS = {
    "txt": _parse_txt,
    "md": _parse_md,
    "html": _parse_html,
    "pdf": _parse_pdf,
    "docx": _parse_docx,
}


# --------------------------------------------------------------------------------------------
# cp1251 versus KOI8-R
#
# Hand-written because charset-normalizer, on short Russian text, often answers koi8-r for
# cp1251 (or cp874, shift_jis ...) and the other way round. Both code pages put the Cyrillic
# letters at 0xC0-0xFF but in another order and with the case swapped, so the wrong one gives
# implausible letter frequencies and capitals inside words ("лБЪБИУФБО" for "Казахстан").

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CYRILLIC_CODECS = ("cp1251", "koi8_r")
# Letter frequencies of Russian, per cent (National Corpus of the Russian Language).
_RU_FREQ_TABLE = """
о 10.97  е 8.45  а 8.01  и 7.35  н 6.70  т 6.26  с 5.47  р 4.73  в 4.54  л 4.40  к 3.49
м 3.21  д 2.98  п 2.81  у 2.62  я 2.01  ы 1.90  ь 1.74  г 1.70  з 1.65  б 1.59  ч 1.44
й 1.21  х 0.97  ж 0.94  ш 0.73  ю 0.64  ц 0.48  щ 0.36  э 0.32  ф 0.26  ъ 0.04  ё 0.04
"""
_RU_FREQ = {letter: float(pct) for letter, pct in re.findall(r"(\w) ([\d.]+)", _RU_FREQ_TABLE)}
_LOGP = {c: math.log(f / 100) for c, f in _RU_FREQ.items()}
_LOGP.update({c.upper(): lp for c, lp in _LOGP.items()})
_LOGP_OTHER = math.log(0.0005)  # Cyrillic letters that Russian does not use
_LOGP_CASE_FLIP = math.log(0.01)  # a capital right after a small letter, inside a word
_CASE_FLIP = re.compile(r"[а-яё][А-ЯЁ]")
_LATIN = r"[A-Za-z\u00c0-\u024f]"
_MIXED_WORD = re.compile(rf"{_LATIN}[\u0400-\u04ff]|[\u0400-\u04ff]{_LATIN}")
_SAMPLE_BYTES = 65536


def _best_cyrillic(data: bytes) -> tuple[str, str] | None:
    """Decode as cp1251 or KOI8-R if either gives plausible Cyrillic text, else None."""
    sample = data[:_SAMPLE_BYTES]
    best: tuple[float, str] | None = None
    for codec in _CYRILLIC_CODECS:
        try:
            decoded = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _cyrillic_score(decoded)
        if score is not None and (best is None or score > best[0]):
            best = (score, codec)
    if best is None:
        return None
    try:
        return data.decode(best[1]), codecs.lookup(best[1]).name
    except UnicodeDecodeError:
        return None


def _cyrillic_score(text: str) -> float | None:
    """Mean log-probability per Cyrillic letter (unigram model of Russian, case-insensitive,
    with a penalty for capitals inside words), or None if the text is not plausibly Cyrillic.

    Not plausible: under 80 % of the non-ASCII characters are Cyrillic letters, or letters of
    both scripts inside one word (Latin-1 text decoded as cp1251 gives ``cafщ``).
    """
    counts = Counter(text)
    non_ascii = letters = 0
    logp = 0.0
    for ch, n in counts.items():
        if ch < "\x80":
            continue
        non_ascii += n
        if "\u0400" <= ch <= "\u04ff" and ch.isalpha():
            letters += n
            logp += n * _LOGP.get(ch, _LOGP_OTHER)
    if not letters or letters < 0.8 * non_ascii:
        return None
    controls = sum(n for ch, n in counts.items() if ch < " " and ch not in "\t\n\r\f")
    if controls > 0.01 * len(text):
        return None  # binary data
    if len(_MIXED_WORD.findall(text)) > 0.05 * letters:
        return None
    return (logp + _LOGP_CASE_FLIP * len(_CASE_FLIP.findall(text))) / letters
