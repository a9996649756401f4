"""The knowledge base object: a connection and the fact queries (kb level).

The public API (:mod:`igokit.api`) extends it with the analyses (importing layers,
reconciling, proposing); the analyses themselves take this base class, so they never import
the API above them.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from igokit.kb import queries
from igokit.kb.results import Rows
from igokit.kb.store import connect, default_db_path

if TYPE_CHECKING:
    from igokit.kb.entity import EntityInfo
    from igokit.kb.layers import Coverage
    from igokit.kb.timeline import TimelineEvent
    from igokit.text.names import NameEntry

# The modules behind timeline, entity, sources-as-BibTeX, names and coverage are imported by the
# methods that use them: a query command loads only the queries it runs.


class KnowledgeBase:
    """A connection to an IGOkit knowledge base (built from the shipped data on first use)."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.path = Path(db) if db is not None else default_db_path()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    @property
    def conn(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                self._conn = connect(self.path)
            return self._conn

    @property
    def stale_problems(self) -> list[str] | None:
        """The curated data's problems when the knowledge base answers from its last good build
        (kept-degraded mode, see :func:`igokit.kb.store.connect`); ``None`` when it is current."""
        stale = getattr(self.conn, "stale", None)
        return list(stale.problems) if stale is not None else None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def members(self, org: str, on: object | None = None, status: str = "member"
                ) -> Rows[queries.Membership]:
        return queries.members(self.conn, org, on, status)

    def chair(self, org: str, on: object | None = None, history: bool = False
              ) -> Rows[queries.Chair]:
        return queries.chair(self.conn, org, on, history=history)

    def summits(self, org: str, council: str | None = None) -> Rows[queries.Summit]:
        return queries.summits(self.conn, org, council)

    def officials(self, org: str, role: str = "secretary-general", on: object | None = None,
                  history: bool = False) -> Rows[queries.Official]:
        return queries.officials(self.conn, org, role, on, history=history)

    def timeline(self, org: str, country: str | None = None, year_from: int | None = None,
                 year_to: int | None = None) -> Rows[TimelineEvent]:
        from igokit.kb.timeline import timeline

        return timeline(self.conn, org, country, year_from, year_to)

    def entity(self, name: str) -> EntityInfo:
        from igokit.kb.entity import entity_info

        return entity_info(self.conn, name)

    def sources(self, ids: list[str] | None = None) -> Rows[queries.SourceRow]:
        return queries.sources(self.conn, ids)

    def bibtex(self, ids: list[str] | None = None) -> str:
        from igokit.kb.bibtex import to_bibtex

        return to_bibtex(self.sources(ids))

    def csl_json(self, ids: list[str] | None = None) -> list[dict[str, object]]:
        from igokit.kb.bibtex import to_csl_json

        return to_csl_json(self.sources(ids))

    def name_entries(self) -> list[NameEntry]:
        from igokit.kb.names import name_entries

        return name_entries(self.conn)

    def coverage(self, org: str | None = None) -> Rows[Coverage]:
        """What each layer (curated, imported) holds for ``org`` (or every organization)."""
        from igokit.kb.layers import all_coverage, coverage_of
        from igokit.kb.resolve import resolve

        if org is None:
            return Rows(all_coverage(self.conn), read_as="every organization")
        oid = resolve(self.conn, org, queries.ORG_KINDS)
        return Rows(coverage_of(self.conn, oid), query={"org": oid})

    def layers(self) -> list[dict[str, object]]:
        """The imported layers: name, source, when, from which files, how many statements."""
        from igokit.kb.layers import layers

        return layers(self.conn)

    def last_fact_day(self) -> str:
        """The latest day on which a curated statement begins or ends (not after today)."""
        return queries.last_fact_day(self.conn)

    def bodies_of(self, org: str) -> list[str]:
        """Ids of the organization's bodies (its councils, secretariat, RATS ...)."""
        return queries.bodies_of(self.conn, org)

    def entity_names(self) -> dict[str, str]:
        """Every entity id with its English name."""
        return queries.entity_names(self.conn)
