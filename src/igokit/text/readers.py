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
import contextlib
import datetime as dt
import errno
import hashlib
import io
import logging
import math
import os
import re
import stat
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

import yaml

from igokit.errors import (
    BudgetExceededError,
    CorruptFileError,
    DateFormatError,
    EncodingError,
    FileTooLargeError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)
from igokit.text.budgets import DEFAULT_BUDGETS, XML_MAX_DEPTH, ReadBudgets, exceeded
from igokit.text.document import Document, Format, normalize_date, normalize_text

__all__ = [
    "SIDECAR_SUFFIX",
    "SUPPORTED_SUFFIXES",
    "ReadBudgets",
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


_UNSET: Any = object()  # "not given": the budget's value applies


def read_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = None,
    max_pages: int | None = _UNSET,
    date: object = None,
    meta_sidecar: bool = True,
    budgets: ReadBudgets | None = None,
) -> Document:
    """Read one file into a :class:`Document`.

    ``budgets``: what reading may cost (:class:`~igokit.text.budgets.ReadBudgets`; the
    defaults when None). Going over one raises :class:`~igokit.errors.BudgetExceededError`
    naming the file and the budget.
    ``max_bytes``: larger files raise :class:`FileTooLargeError` before any byte is read
    (overrides ``budgets.max_file_bytes``).
    ``max_pages``: PDFs with more pages raise :class:`FileTooLargeError` (``None``: no limit;
    overrides ``budgets.max_pages``).
    ``date``: the document's date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a ``datetime.date``);
    it wins over the sidecar, which wins over metadata embedded in the file.
    ``meta_sidecar``: read ``FILE.meta.yaml`` (e.g. ``report.pdf.meta.yaml``) when present; its
    ``title``, ``date`` and ``url`` set those fields and every other key goes into ``meta``.

    Only regular files are opened (never a FIFO, a device or a folder, which could hang or never
    end). Raises :class:`UnsupportedFormatError`, :class:`FileTooLargeError`,
    :class:`BudgetExceededError`, :class:`NoTextLayerError` (a scanned PDF),
    :class:`CorruptFileError`, :class:`EncodingError`, or :class:`ReadError` (missing file,
    bad sidecar: then the sidecar is named); :class:`~igokit.errors.DateFormatError` for a bad
    ``date`` argument.
    """
    b = budgets or DEFAULT_BUDGETS
    if max_bytes is not None:
        b = b.replace(max_file_bytes=max_bytes)
    if max_pages is not _UNSET:
        b = b.replace(max_pages=max_pages)
    p = Path(path)
    name = str(p)
    forced_date = normalize_date(date)  # a bad argument fails before any I/O
    with _open_regular(p, name, b.max_file_bytes, "file", "max_file_bytes") as fh:
        try:
            head = fh.read(_HEAD_BYTES)
            fmt = _detect_format(name, p.suffix.lower(), head)
            data = head + fh.read(max(0, b.max_file_bytes + 1 - len(head)))
        except OSError as exc:
            raise ReadError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > b.max_file_bytes:  # the file grew after stat()
        raise FileTooLargeError(name, _too_big(len(data), "max_file_bytes", b.max_file_bytes))
    parsed = _PARSERS[fmt](name, data, b)
    if len(parsed.text) > b.max_text_chars:
        raise BudgetExceededError(
            name, exceeded(f"{len(parsed.text):,} characters of text", "max_text_chars",
                           b.max_text_chars)
        )
    sidecar, lines = _load_sidecar(p, b) if meta_sidecar else ({}, {})
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
                where = f"line {lines['date']}: " if "date" in lines else ""
                raise ReadError(name + SIDECAR_SUFFIX, f"{where}bad date: {exc}") from exc
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
    max_bytes: int | None = None,
    max_pages: int | None = _UNSET,
    meta_sidecar: bool = True,
    budgets: ReadBudgets | None = None,
) -> Iterator[tuple[Path, Document | ReadError]]:
    """Read many files, yielding ``(path, Document)`` or ``(path, ReadError)`` for each.

    ``paths`` are files or folders (a folder's files in sorted order; with ``recursive``, its
    subfolders too). Sidecars (``*.meta.yaml``) and hidden files and folders are skipped. A file
    that fails yields its error and the batch goes on; an unexpected library exception is wrapped
    in a :class:`ReadError` (the original is its ``__cause__``). ``budgets``, ``max_bytes`` and
    ``max_pages`` as in :func:`read_document`.
    """
    for file in _expand(paths, recursive):
        try:
            doc = read_document(
                file, max_bytes=max_bytes, max_pages=max_pages, meta_sidecar=meta_sidecar,
                budgets=budgets,
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

    Order: a BOM (UTF-8, UTF-16, UTF-32); UTF-16/32 without a BOM when NUL bytes say so
    (charset-normalizer confirms); strict UTF-8; UTF-8 mixed line by line with a single-byte
    code page (codec ``"utf-8+cp1251"``); then, if the bytes read as plausible Cyrillic, the
    better of cp1251 and KOI8-R by letter frequencies; else charset-normalizer.
    Raises :class:`EncodingError` when nothing fits (binary data). ``read_document`` also
    records a warning in ``Document.meta["encoding_warning"]`` for a mixed or doubtful guess.
    """
    text, codec, _warning = _decode(data, name)
    return text, codec


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


def _too_big(size: int, field: str, limit: int) -> str:
    if field == "max_file_bytes":  # the read_document argument (ReadBudgets.max_file_bytes)
        return f"{size:,} bytes is more than max_bytes={limit:,}; raise max_bytes"
    return f"{size:,} bytes is more than {field}={limit:,}; raise ReadBudgets.{field}"


@contextlib.contextmanager
def _open_regular(
    path: Path, name: str, limit: int, what: str, field: str
) -> Iterator[io.BufferedReader]:
    """Open ``path`` for reading only if it is a regular file of at most ``limit`` bytes.

    ``O_NONBLOCK`` makes opening a FIFO return at once instead of waiting for a writer, and the
    type is checked again on the open descriptor (the path may have changed since ``stat``), so
    nothing here ever waits on a FIFO or reads a device such as ``/dev/zero``.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ReadError(name, f"no such {what}") from None
    except OSError as exc:
        raise ReadError(name, f"cannot access the {what} ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(name, f"the {what} is not a regular file (a folder, FIFO or device)")
    if st.st_size > limit:
        cls = BudgetExceededError if field == "max_sidecar_bytes" else FileTooLargeError
        raise cls(name, _too_big(st.st_size, field, limit))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(name, f"cannot open the {what} ({exc.strerror or exc})") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReadError(name, f"the {what} is not a regular file (a folder, FIFO or device)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        yield cast(io.BufferedReader, fh)


# A name too long for the file system (a 254-character file name plus ".meta.yaml") cannot
# have a sidecar: that is "no sidecar", not an error.
_NO_SIDECAR_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG})


def _load_sidecar(path: Path, budgets: ReadBudgets) -> tuple[dict[str, Any], dict[str, int]]:
    """The sidecar's mapping (plain data) and the line of each top-level key; ``({}, {})``
    when there is none. Errors name the sidecar (with a line when YAML gives one)."""
    side = Path(str(path) + SIDECAR_SUFFIX)
    sname = str(side)
    try:
        side.lstat()
    except OSError as exc:
        if exc.errno in _NO_SIDECAR_ERRNOS:
            return {}, {}
        raise ReadError(sname, f"cannot access the metadata sidecar ({exc.strerror or exc})"
                        ) from exc
    if not side.exists():  # a dangling symbolic link: no sidecar
        return {}, {}
    with _open_regular(side, sname, budgets.max_sidecar_bytes, "metadata sidecar",
                       "max_sidecar_bytes") as fh:
        try:
            raw = fh.read(budgets.max_sidecar_bytes + 1)
        except OSError as exc:
            raise ReadError(sname, f"cannot read the metadata sidecar ({exc.strerror or exc})"
                            ) from exc
    if len(raw) > budgets.max_sidecar_bytes:
        raise BudgetExceededError(
            sname, _too_big(len(raw), "max_sidecar_bytes", budgets.max_sidecar_bytes)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(sname, f"the metadata sidecar is not UTF-8 (byte {exc.start}); save it "
                               "as UTF-8") from exc
    return parse_sidecar(text, sname, budgets)


class _SidecarLimit(yaml.YAMLError):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


class _SidecarLoader(yaml.SafeLoader):
    """PyYAML's safe loader with no aliases, a depth and a node budget, and bad dates as YAML
    errors with a line (the stock timestamp constructor raises a bare ``ValueError``)."""

    max_depth = DEFAULT_BUDGETS.max_sidecar_depth
    max_nodes = DEFAULT_BUDGETS.max_sidecar_nodes

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _SidecarLimit(
                "YAML aliases (*name) are not allowed in a metadata sidecar (they can expand a "
                "few hundred bytes into gigabytes); write the values out",
                self.peek_event().start_mark,
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > self.max_depth:
                raise _SidecarLimit(
                    exceeded("nesting", "max_sidecar_depth", self.max_depth),
                    self.peek_event().start_mark,
                )
            if self._nodes > self.max_nodes:
                raise _SidecarLimit(
                    exceeded("the number of values", "max_sidecar_nodes", self.max_nodes),
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"not a real date: {node.value!r} ({exc})", node.start_mark
            ) from exc


_SidecarLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _SidecarLoader.construct_yaml_timestamp
)


def parse_sidecar(
    text: str, name: str = "<sidecar>", budgets: ReadBudgets | None = None
) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse sidecar YAML ``text`` into ``(mapping of plain data, {key: line number})``.

    Refuses aliases, nesting deeper than ``budgets.max_sidecar_depth`` and more than
    ``budgets.max_sidecar_nodes`` values; raises :class:`ReadError` (or
    :class:`BudgetExceededError`) naming ``name`` and the line.
    """
    b = budgets or DEFAULT_BUDGETS
    loader: _SidecarLoader | None = None
    try:
        loader = _SidecarLoader(text)  # the reader checks for unprintable characters here
        loader.max_depth, loader.max_nodes = b.max_sidecar_depth, b.max_sidecar_nodes
        node = loader.get_single_node()
        data = None if node is None else loader.construct_document(node)
    except _SidecarLimit as exc:
        raise BudgetExceededError(name, f"{_line(exc.mark)}{exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ReadError(
            name, f"{_line(mark)}cannot read the metadata sidecar: {exc.problem or exc}"
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise ReadError(name, f"cannot read the metadata sidecar: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ReadError(name, "the metadata sidecar must be a YAML mapping (key: value)")
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _value in node.value:
            lines.setdefault(str(getattr(key_node, "value", "")), key_node.start_mark.line + 1)
    return {str(k): _plain(v) for k, v in data.items()}, lines


def _line(mark: Any) -> str:
    return f"line {mark.line + 1}: " if mark is not None else ""


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


def _md_title(text: str) -> str | None:
    """The first ATX heading (``# Title #``) of markdown ``text``, or None.

    Plain string code, linear in the text: the regular expression it replaces
    (``^#{1,6}[ \t]+(.+?)[ \t#]*$``) backtracked quadratically on ``'# a' + ' #' * 100000``
    (a 200 KB file stalled an ingest for minutes, issue 14).
    """
    for line in io.StringIO(text):
        if not line.startswith("#"):
            continue
        hashes = len(line) - len(line.lstrip("#"))
        rest = line[hashes:]
        if hashes > 6 or not rest.startswith((" ", "\t")):
            continue
        title = rest.strip(" \t\r\n").rstrip(" \t#").strip("*_ ")
        if title:
            return title
        return None
    return None


def _parse_txt(name: str, data: bytes, b: ReadBudgets) -> _Parsed:
    text, encoding, warning = _decode(data, name)
    return _Parsed(text, encoding=encoding, meta=_warned(warning))


def _parse_md(name: str, data: bytes, b: ReadBudgets) -> _Parsed:
    text, encoding, warning = _decode(data, name)
    return _Parsed(text, title=_md_title(text), encoding=encoding, meta=_warned(warning))


def _warned(warning: str | None) -> dict[str, Any]:
    return {"encoding_warning": warning} if warning else {}


def _parse_html(name: str, data: bytes, b: ReadBudgets) -> _Parsed:
    import trafilatura  # imported lazily: heavy

    if len(data) > b.max_html_bytes:
        raise BudgetExceededError(name, exceeded(f"{len(data):,} bytes of HTML",
                                                 "max_html_bytes", b.max_html_bytes))
    html, encoding, warning = _decode_html(data, name)
    extracted: Any
    try:
        extracted = trafilatura.bare_extraction(
            html, with_metadata=True, include_tables=True, include_comments=False,
            # the date the page's markup gives (meta tags, <time>, its address), never one
            # guessed from its text: htmldate's "extensive search" dated a page that only
            # mentions "2023-2024" 2023-01-01, and the claim checker then read every claim
            # of the page at that day, as if the page said so
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura fails on some broken markup: use the fallback below
        extracted = None
    if isinstance(extracted, dict):  # trafilatura's as_dict form: the same fields by key
        from types import SimpleNamespace

        extracted = SimpleNamespace(**{"body": None, "title": None, "date": None, "url": None,
                                       **extracted})
    text = _trafilatura_body(extracted.body) if extracted is not None else ""
    meta: dict[str, Any] = _warned(warning)
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


# Bounded: at most 1,000 characters between "<meta" and "charset" and possessive whitespace
# (no two quantifiers compete for the same spaces), on the first 4 KB only.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,1000}?charset\s*+=\s*+["']?\s*+([A-Za-z0-9_.:-]{1,40})""", re.I
)


def _decode_html(data: bytes, name: str) -> tuple[str, str, str | None]:
    m = _META_CHARSET.search(data[:_HEAD_BYTES])
    if m and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
            return data.decode(codec), codec, None
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    return _decode(data, name)


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


@contextlib.contextmanager
def _pypdf_limits(b: ReadBudgets) -> Iterator[None]:
    """pypdf's own decompression limits, set to ``b.max_pdf_stream_bytes`` while a PDF is
    read (pypdf >= 6 has a ``Configuration``; older versions keep their built-in limits)."""
    try:
        from pypdf import apply_configuration  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - pypdf < 6
        yield
        return
    n = b.max_pdf_stream_bytes
    with apply_configuration(
        maximum_declared_stream_length=n,
        array_based_stream_maximum_output_length=n,
        jbig2_maximum_output_length=n,
        lzw_maximum_output_length=n,
        run_length_maximum_output_length=n,
        zlib_maximum_output_length=n,
        brotli_maximum_output_length=n,
        image_maximum_buffer_size=n,
    ):
        yield


def _pdf_limit_error(name: str, exc: Exception, b: ReadBudgets) -> ReadError:
    return BudgetExceededError(
        name,
        exceeded(f"a stream that decompresses to more ({exc})", "max_pdf_stream_bytes",
                 b.max_pdf_stream_bytes),
    )


def _parse_pdf(name: str, data: bytes, b: ReadBudgets) -> _Parsed:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, LimitReachedError

    # pypdf logs every repair it attempts ("EOF marker not found"); the outcome reaches the user
    # as a CorruptFileError or as text, so its chatter would only be noise on the terminal.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    max_pages = b.max_pages
    with _pypdf_limits(b):
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # most "protected" PDFs open with no password
                except DependencyError as exc:
                    raise UnsupportedFormatError(
                        name, "an AES-encrypted PDF; reading it needs the 'cryptography' package "
                        "(pip install cryptography)") from exc
                if not opened:
                    raise UnsupportedFormatError(
                        name, "an encrypted PDF that needs a password to open; save a copy "
                        "without the password (e.g. qpdf --decrypt) and read that")
            n = len(reader.pages)
        except ReadError:
            raise
        except LimitReachedError as exc:
            raise _pdf_limit_error(name, exc, b) from exc
        except Exception as exc:
            raise CorruptFileError(name, f"damaged PDF ({type(exc).__name__}: {exc})") from exc
        if max_pages is not None and n > max_pages:
            raise FileTooLargeError(
                name, f"{n} pages is more than max_pages={max_pages}; raise max_pages"
            )
        texts: list[str] = []
        chars = 0
        for i, page in enumerate(reader.pages, start=1):
            try:
                texts.append(normalize_text(page.extract_text() or "").strip())
            except LimitReachedError as exc:
                raise _pdf_limit_error(name, exc, b) from exc
            except Exception as exc:
                raise CorruptFileError(
                    name, f"damaged PDF: page {i} ({type(exc).__name__}: {exc})"
                ) from exc
            chars += len(texts[-1]) + 2
            if chars > b.max_text_chars:
                raise BudgetExceededError(
                    name, exceeded(f"the text of pages 1-{i} ({chars:,} characters)",
                                   "max_text_chars", b.max_text_chars))
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


# A DTD in a package part: Word never writes one, and entity expansion (billion laughs) and
# external entities need one. Also in UTF-16, which XML allows.
_DOCTYPE_MARKS = tuple(
    "<!DOCTYPE".encode(c) for c in ("ascii", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 << 20


def _check_docx_package(name: str, data: bytes, b: ReadBudgets) -> None:
    """Refuse a DOCX bomb before python-docx touches it, in bounded memory.

    First what the ZIP central directory declares (member count, total decompressed size,
    compression ratio per member), then every member is stream-decompressed 1 MB at a time with
    a running total, because the directory can lie (zipfile stops at the declared size and the
    CRC check then fails). XML parts with a ``<!DOCTYPE`` are refused.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise CorruptFileError(name, f"damaged DOCX (bad ZIP: {exc})") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > b.max_zip_members:
            raise BudgetExceededError(name, exceeded(
                f"{len(infos):,} ZIP members", "max_zip_members", b.max_zip_members))
        declared = sum(i.file_size for i in infos)
        if declared > b.max_zip_total_bytes:
            raise BudgetExceededError(name, exceeded(
                f"{declared:,} bytes once decompressed (as its ZIP directory declares)",
                "max_zip_total_bytes", b.max_zip_total_bytes))
        for i in infos:
            ratio = i.file_size / max(1, i.compress_size)
            if i.file_size >= b.zip_ratio_min_bytes and ratio > b.max_zip_ratio:
                raise BudgetExceededError(name, exceeded(
                    f"member {i.filename!r} ({i.file_size:,} bytes from {i.compress_size:,}): a "
                    f"compression ratio of {ratio:,.0f}:1", "max_zip_ratio", b.max_zip_ratio))
        if "word/document.xml" not in {i.filename for i in infos}:
            raise UnsupportedFormatError(name, "a ZIP file but not a Word document (.docx)")
        total = 0
        for i in infos:
            if i.is_dir():
                continue
            xml = i.filename.lower().endswith((".xml", ".rels")) or "." not in i.filename
            tail = b""
            try:
                with zf.open(i) as fh:
                    while chunk := fh.read(_CHUNK):
                        total += len(chunk)
                        if total > b.max_zip_total_bytes:
                            raise BudgetExceededError(name, exceeded(
                                f"more than {b.max_zip_total_bytes:,} bytes once decompressed "
                                f"(at member {i.filename!r})", "max_zip_total_bytes",
                                b.max_zip_total_bytes))
                        if xml:
                            window = tail + chunk
                            if any(mark in window for mark in _DOCTYPE_MARKS):
                                raise CorruptFileError(name, (
                                    f"member {i.filename!r} declares a DTD (<!DOCTYPE>), which "
                                    "Word never writes: refused (XML entity expansion)"))
                            tail = window[-32:]
            except ReadError:
                raise
            except zipfile.BadZipFile as exc:
                raise CorruptFileError(name, (
                    f"damaged DOCX: member {i.filename!r} does not match its ZIP header ({exc}); "
                    "a damaged file or a decompression bomb")) from exc
            except (RuntimeError, NotImplementedError, ValueError, OSError, EOFError,
                    zlib.error) as exc:
                raise CorruptFileError(
                    name, f"damaged DOCX: member {i.filename!r} ({type(exc).__name__}: {exc})"
                ) from exc


def _parse_docx(name: str, data: bytes, b: ReadBudgets) -> _Parsed:
    _check_docx_package(name, data, b)
    import docx  # python-docx, imported lazily
    from docx.table import Table
    from lxml import etree

    try:
        doc = docx.Document(io.BytesIO(data))
        blocks: list[str] = []
        chars = 0
        for item in doc.iter_inner_content():  # paragraphs and tables in document order
            if isinstance(item, Table):
                blocks.append(_docx_table(item))
            else:
                blocks.append(item.text.strip())
            chars += len(blocks[-1]) + 2
            if chars > b.max_text_chars:
                raise BudgetExceededError(name, exceeded(
                    f"{chars:,} characters of text", "max_text_chars", b.max_text_chars))
        props = doc.core_properties
        title, created, author = props.title, props.created, props.author
    except ReadError:
        raise
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            raise BudgetExceededError(name, (
                f"XML nested more than {XML_MAX_DEPTH} elements deep (libxml2's fixed limit): "
                "not a document Word writes")) from exc
        raise CorruptFileError(name, f"damaged DOCX (XMLSyntaxError: {exc})") from exc
    except Exception as exc:
        raise CorruptFileError(name, f"damaged DOCX ({type(exc).__name__}: {exc})") from exc
    meta = {"author": author} if author else {}
    text = "\n\n".join(bl for bl in blocks if bl)
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
# Decoding: the order of the steps, the NUL check and the line-by-line mixed decoding are written
# here; the guesses themselves are charset-normalizer's (and the cp1251/KOI8-R check below).

# charset-normalizer's mess ratio (0 = clean) above which a guess is kept with a warning.
_DOUBTFUL_CHAOS = 0.05


def _decode(data: bytes, name: str) -> tuple[str, str, str | None]:
    """``(text, codec, warning or None)``; see :func:`decode_text`."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codecs.lookup(codec).name, None
            except UnicodeDecodeError as exc:
                raise EncodingError(name, f"invalid {codec} after its byte-order mark") from exc
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    mixed = _mixed_utf8(data)
    if mixed is not None:
        return mixed
    cyrillic = _best_cyrillic(data)
    if cyrillic is not None:
        return (*cyrillic, None)
    return _charset_normalizer(data, name)


def _charset_normalizer(data: bytes, name: str) -> tuple[str, str, str | None]:
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slowish import

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(
            name, "cannot detect the text encoding (binary data?); save it as UTF-8"
        )
    codec = codecs.lookup(best.encoding).name
    warning = None
    if best.chaos > _DOUBTFUL_CHAOS:
        warning = (f"the encoding is a low-confidence guess ({codec}, "
                   f"{best.percent_chaos:.0f}% of the text looks garbled); save it as UTF-8")
    return str(best), codec, warning


def _utf16_without_bom(data: bytes) -> tuple[str, str, str | None] | None:
    """UTF-16 (or UTF-32) without a byte-order mark, or None.

    Hand-written check, because such bytes are valid UTF-8 (Russian in UTF-16LE is bytes like
    ``04 28 00 20``) and strict UTF-8 would store them as garbage: NUL bytes on one side of
    each byte pair say "UTF-16"; charset-normalizer then confirms and names the byte order.
    """
    sample = data[:_SAMPLE_BYTES]
    nuls = sample.count(0)
    if len(sample) < 4 or nuls < 0.05 * len(sample):
        return None
    even = sample[0::2].count(0)
    if min(even, nuls - even) > 0.1 * nuls:  # NULs on both sides: binary, or stray NULs
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return str(best), codecs.lookup(best.encoding).name, None


def _mixed_utf8(data: bytes) -> tuple[str, str, str | None] | None:
    """Lines in UTF-8 mixed with lines in a single-byte code page (cp1251 ...), or None.

    Each line is decoded on its own: UTF-8 when it is valid, else the code page that the other
    lines fit best. The result carries a warning, since such a file is damaged in some way.
    """
    lines = data.split(b"\n")
    utf8_rich = 0
    bad: list[bytes] = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
        else:
            utf8_rich += not line.isascii()
    if not utf8_rich or not bad:
        return None
    rest = b"\n".join(bad)
    guess = _best_cyrillic(rest)
    if guess is not None:
        codec = guess[1]
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(rest).best()
        if best is None:
            return None
        codec = codecs.lookup(best.encoding).name
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(codec, errors="replace"))
    good = sum(1 for line in lines if line) - len(bad)
    warning = (f"mixed encodings: {good} line(s) read as UTF-8 and {len(bad)} "
               f"as {codec}; check the text and save the file as UTF-8")
    return "\n".join(out), f"utf-8+{codec}", warning


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
