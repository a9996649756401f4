"""Request and response models of the JSON API (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from igokit.api import STATUSES

T = TypeVar("T")

Status = Literal[(*STATUSES, "all")]  # type: ignore[valid-type]  # data/vocabulary/statuses.yaml
Unit = Literal["sentence", "paragraph", "line"]


class Listing(BaseModel, Generic[T]):
    """A query's rows, how its date was read, and the query as understood."""

    query: dict[str, Any] = Field(default_factory=dict)
    read_as: str | None = None
    #: listings that may be partial: {"complete": bool, "by": [layers], "note": str}
    coverage: dict[str, Any] | None = None
    results: list[T]


class Problem(BaseModel):
    """Every error: a stable ``error`` code, a message, and close names for unknown ones."""

    error: str
    message: str
    suggestions: list[str] = Field(default_factory=list)


class TextIn(BaseModel):
    text: str = Field(description="The text (plain UTF-8).")
    date: str | None = Field(None, description="The text's date, YYYY[-MM[-DD]] (optional).")


class CheckIn(BaseModel):
    text: str = Field(description="The text whose claims to check.")
    as_of: str | None = Field(None, description="Reference date YYYY[-MM[-DD]]; default: a "
                                                "dateline in the text, else today.")
    org: str = Field("SCO", description="The organization the claims are about.")


class CodeIn(BaseModel):
    text: str
    unit: Unit = "sentence"


class CodeOut(BaseModel):
    unit: Unit
    n_units: int
    area_counts: dict[str, int]
    units: list[dict[str, Any]]


class CheckOut(BaseModel):
    as_of: str
    as_of_source: str
    summary: dict[str, int]
    dating: str
    dating_intervals: list[list[str | None]]
    document: dict[str, Any]
    claims: list[dict[str, Any]]


class ExtractOut(BaseModel):
    """The extraction JSON contract (``igokit extract --json``): offsets index ``text``."""

    text: str
    document: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    quantities: list[dict[str, Any]]
    meta: dict[str, Any]


class PageInfo(BaseModel):
    """Which part of a stored document's text a page holds (:mod:`igokit.web.paging`)."""

    number: int
    pages: int
    text_start: int
    text_end: int
    text_chars: int
    first_paragraph: int
    first_sentence: int


class DocumentOut(ExtractOut):
    """A page of a stored document: its text and the extraction's items in it, offsets
    indexing this page's ``text`` (add ``page.text_start`` for offsets in the whole text)."""

    page: PageInfo


class Table(BaseModel):
    """A data table (an indicator frame) as records."""

    query: dict[str, Any] = Field(default_factory=dict)
    columns: list[str]
    results: list[dict[str, Any]]
    #: why there is nothing (or less than asked): what to import, what is missing
    note: str | None = None


class SearchResult(BaseModel):
    doc_id: int
    passage_id: int
    title: str | None
    path: str | None
    date: str | None
    lang: str | None
    score: float
    snippet: str = Field(description="Plain text; matches between [ and ].")
    snippet_html: str = Field(description="Escaped HTML; matches in <mark>.")
    start: int
    end: int
    url: str


class IngestOut(BaseModel):
    status: Literal["added", "skipped", "processing"]
    doc_id: int | None = None
    filename: str
    message: str = ""


class Info(BaseModel):
    name: str
    version: str
    documents: int
    writes_enabled: bool
    limits: dict[str, int | float]
    endpoints: list[str]
    #: the curated data's problems while answers come from the last good build (else null)
    stale_data: list[str] | None = None
