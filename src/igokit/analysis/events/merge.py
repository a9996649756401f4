"""One event, many reports: reports of the same event across documents and languages merged.

Two events are the same when they have the same type, actors and object and compatible dates:
the same year, month or day at the coarser of the two precisions (no date is compatible with
any). The merged event keeps the most precise date; details the reports disagree on (dates of
different precision, places) are kept side by side in ``variants``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from igokit.analysis.events.model import Event

__all__ = ["dates_compatible", "merge_events"]

_RANK = {"year": 4, "month": 7, "day": 10}


def dates_compatible(a: str | None, b: str | None) -> bool:
    """The same year, month or day at the coarser precision (no date: compatible)."""
    if not a or not b:
        return True
    n = min(len(a[:10]), len(b[:10]))
    return a[:n] == b[:n]


def _finer(a: Event, b: Event) -> Event:
    """The event with the more precise date (the first on a tie)."""
    ra = len((a.date or "")[:10])
    rb = len((b.date or "")[:10])
    return b if rb > ra else a


def _add_variant(ev: Event, key: str, value: str | None) -> None:
    if value is None:
        return
    seen = ev.variants.setdefault(key, [])
    if value not in seen:
        seen.append(value)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge reports of the same event (see the module's docstring). The input is not changed;
    the result is ordered by date (undated last), then type."""
    groups: dict[tuple[str, tuple[str, ...], str | None], list[Event]] = {}
    for ev in events:
        bucket = groups.setdefault(ev.key(), [])
        target = next((m for m in bucket if dates_compatible(m.date, ev.date)
                       and all(dates_compatible(v, ev.date)
                               for v in m.variants.get("date", []))), None)
        if target is None:
            new = copy.deepcopy(ev)
            new.variants = {k: list(v) for k, v in ev.variants.items()}
            _add_variant(new, "date", new.date)
            _add_variant(new, "place", new.place)
            bucket.append(new)
            continue
        target.reports.extend(copy.deepcopy(ev.reports))
        _add_variant(target, "date", ev.date)
        _add_variant(target, "place", ev.place)
        if _finer(target, ev) is ev:
            target.date, target.precision = ev.date, ev.precision
        if target.place is None:
            target.place = ev.place
        target.cameo = target.cameo or ev.cameo
    out = [m for bucket in groups.values() for m in bucket]
    for m in out:
        # a detail all reports agree on is no variant
        m.variants = {k: v for k, v in m.variants.items() if len(v) > 1}
    out.sort(key=lambda e: (e.date is None, e.date or "", e.type))
    return out
