"""The document model: the text of one file, normalized, with where it came from.

Every reader in :mod:`igokit.text.readers` returns a :class:`Document`. Its ``text`` is always
normalized the same way (:func:`normalize_text`), so that offsets computed on it (sentences,
mentions) are stable whichever format the text came from.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from igokit.errors import DateFormatError, InputError

Format = Literal["txt", "md", "html", "pdf", "docx"]
FORMATS: tuple[str, ...] = ("txt", "md", "html", "pdf", "docx")

_DATE_RE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")


def normalize_text(text: str) -> str:
    """Return ``text`` in NFC, with ``\\r\\n`` and lone ``\\r`` turned into ``\\n`` and no NUL.

    A leading byte-order mark (U+FEFF) is dropped too. The function is idempotent.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def normalize_date(value: object) -> str | None:
    """Return ``value`` as an ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` string (or None).

    Accepts those strings, an int year, and :class:`datetime.date` / :class:`datetime.datetime`
    (as YAML loads ``2024-07-04``). Raises :class:`~igokit.errors.DateFormatError` otherwise.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if _DATE_RE.fullmatch(text):
            if len(text) == 10:
                try:
                    dt.date.fromisoformat(text)
                except ValueError as exc:
                    raise DateFormatError(f"Not a real date: {value!r}.") from exc
            return text
    raise DateFormatError(f"Date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD.")


@dataclass
class Document:
    """One read document.

    ``text`` is normalized on construction (see :func:`normalize_text`); ``sha256`` and ``size``
    describe the raw bytes of the file; ``date`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
    ``pages`` is set for PDFs; ``encoding`` for text formats (the codec the bytes were decoded
    with); ``meta`` holds everything else (sidecar keys, author, page offsets ...).
    """

    text: str
    path: str | None = None
    format: Format = "txt"
    title: str | None = None
    date: str | None = None
    url: str | None = None
    sha256: str = ""
    size: int = 0
    pages: int | None = None
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.text = normalize_text(self.text)
        if self.format not in FORMATS:
            raise InputError(f"Unknown document format {self.format!r}; expected one of {FORMATS}.")
        self.date = normalize_date(self.date)
        if self.title is not None:
            self.title = " ".join(normalize_text(self.title).split()) or None

    def to_dict(self) -> dict[str, Any]:
        """Return the document as a plain dict (``meta`` is deep-copied)."""
        return asdict(self)
