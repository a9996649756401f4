"""One module per part of the report; each has ``build(ctx) -> Section``."""

from __future__ import annotations

from collections.abc import Callable

from igokit.report.context import ReportContext, Section
from igokit.report.sections import (
    claims,
    content,
    country,
    declarations,
    events,
    indicators,
    membership,
    overview,
    sources,
    summits,
    timeline,
)

#: In page order. ``sources`` must stay last: it lists what the others cite.
BUILDERS: list[tuple[str, Callable[[ReportContext], Section]]] = [
    ("overview", overview.build),
    ("membership", membership.build),
    ("timeline", timeline.build),
    ("summits", summits.build),
    ("country", country.build),
    ("content", content.build),
    ("indicators", indicators.build),
    ("claims", claims.build),
    ("declarations", declarations.build),
    ("events", events.build),
    ("sources", sources.build),
]

#: The sections that read the pass over the ingested documents (:mod:`igokit.report.docpass`):
#: built after the others, which are built while the pass runs in worker processes.
READS_DOCUMENT_PASS = frozenset({"content", "claims", "events"})

__all__ = ["BUILDERS", "READS_DOCUMENT_PASS"]
