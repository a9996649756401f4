"""What every section builder gets (:class:`ReportContext`) and gives back (:class:`Section`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.api import STATUS_LABELS as VOCABULARY_LABELS
from igokit.api import (
    KnowledgeBase,
    english_names,
)
from igokit.report.charts import Figure, FigureWriter

STATUS_LABELS = VOCABULARY_LABELS  # data/vocabulary/statuses.yaml


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
    cache: dict[str, Any] = field(default_factory=dict)

    def name(self, eid: str | None) -> str:
        """English display name of an id (the id itself when unknown)."""
        if not eid:
            return ""
        names: dict[str, str] = self.cache.setdefault("names", {})
        if not names:
            names.update(english_names(self.kb.conn))
        return names.get(eid, eid)

    def documents(self) -> list[Any]:
        from igokit.api import list_documents

        if "documents" not in self.cache:
            self.cache["documents"] = list_documents(self.kb.conn)
        return list(self.cache["documents"])
