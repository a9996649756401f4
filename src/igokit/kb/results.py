"""Query results: lists of dataclasses that also turn into DataFrames, JSON and CSV."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

#: Columns holding dates (ISO text) that ``to_frame`` turns into ``datetime64``.
DATE_COLUMNS = frozenset({"start", "end", "date", "end_date", "start_day", "end_day", "as_of",
                          "published", "ingested_at"})
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _first_day(value: str | None) -> str | None:
    if not value:
        return None
    return value + ("-01-01" if len(value) == 4 else "-01" if len(value) == 7 else "")


class Rows(list[T], Generic[T]):
    """A list of result rows with a note on how the query was read (``read_as``)."""

    def __init__(self, rows: Iterable[T] = (), *, read_as: str | None = None,
                 query: dict[str, Any] | None = None,
                 coverage: dict[str, Any] | None = None) -> None:
        super().__init__(rows)
        self.read_as = read_as
        self.query = query or {}
        #: for listings that may be partial: {"complete": bool, "by": [layers], "note": str}
        self.coverage = coverage

    def records(self) -> list[dict[str, Any]]:
        return [as_dict(r) for r in self]

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (list fields stay lists). Date columns (``start``,
        ``end``, ``date`` …, ISO text of any precision) become ``datetime64``: a partial date
        stands for its first day, and its precision stays in the ``*_precision`` column where
        the row has one."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.records())
        for col in frame.columns:
            if col in DATE_COLUMNS and frame[col].map(
                    lambda v: v is None or (isinstance(v, str) and _ISO.match(v) is not None)
            ).all():
                frame[col] = pd.to_datetime(frame[col].map(_first_day), errors="coerce")
        return frame

    def _repr_html_(self) -> str:
        """Jupyter shows the rows as a table."""
        note = f"<p><small>{self.read_as}</small></p>" if self.read_as else ""
        return note + str(self.to_frame()._repr_html_())

    def to_json(self, **kwargs: Any) -> str:
        payload: dict[str, Any] = {"query": self.query, "read_as": self.read_as}
        if self.coverage is not None:
            payload["coverage"] = self.coverage
        payload["results"] = self.records()
        return json.dumps(payload, ensure_ascii=False, indent=2, default=str, **kwargs)

    def to_csv(self) -> str:
        frame = self.to_frame()
        for col in frame.columns:
            if frame[col].map(lambda v: isinstance(v, (list, dict))).any():
                frame[col] = frame[col].map(
                    lambda v: ";".join(map(str, v)) if isinstance(v, list) else
                    (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
                )
        return str(frame.to_csv(index=False))


def as_dict(row: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return dataclasses.asdict(row)
    if isinstance(row, dict):
        return dict(row)
    raise TypeError(f"cannot turn {type(row).__name__} into a record")
