"""What every section builder gets (:class:`ReportContext`) and gives back (:class:`Section`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from igokit.api import STATUS_LABELS as VOCABULARY_LABELS
from igokit.api import (
    KnowledgeBase,
    english_names,
)
from igokit.report.charts import Figure, FigureWriter, csv_frame

if TYPE_CHECKING:
    import pandas as pd

STATUS_LABELS = VOCABULARY_LABELS  # data/vocabulary/statuses.yaml
#: Folder of the site with the full tables behind the page's capped ones.
TABLES_DIR = "tables"


@dataclass(slots=True)
class Section:
    """One part of the page: ``template`` is rendered with ``data`` (and ``figures``)."""

    id: str
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    children: list[tuple[str, str]] = field(default_factory=list)  # (anchor, title) for the nav
    nav: str = ""  # short title for the navigation bar (default: ``title``)


@dataclass(slots=True)
class ReportContext:
    kb: KnowledgeBase
    org: str
    country: str
    out_dir: Path
    today: dt.date
    figures: FigureWriter
    org_name: str = ""
    country_name: str = ""
    split: str | None = None
    mp_year: int | None = None
    #: processes for the claim checks of many documents (1: in this process)
    workers: int = 1
    cache: dict[str, Any] = field(default_factory=dict)
    #: the documents the page lists by id (the others are in ``tables/documents.csv``)
    listed: set[int] = field(default_factory=set)

    def name(self, eid: str | None) -> str:
        """English display name of an id (the id itself when unknown)."""
        if not eid:
            return ""
        names: dict[str, str] = self.cache.setdefault("names", {})
        if not names:
            names.update(english_names(self.kb.conn))
        return names.get(eid, eid)

    def write_table(self, name: str, frame: pd.DataFrame) -> str:
        """Write ``tables/<name>.csv`` (a full table the page shows in part); returns its
        path relative to the site."""
        folder = self.out_dir / TABLES_DIR
        folder.mkdir(parents=True, exist_ok=True)
        csv_frame(frame).to_csv(folder / f"{name}.csv", index=False)
        return f"{TABLES_DIR}/{name}.csv"

    def documents(self) -> list[Any]:
        from igokit.api import list_documents

        if "documents" not in self.cache:
            self.cache["documents"] = list_documents(self.kb.conn)
        return list(self.cache["documents"])
