"""One event, many reports: reports of the same event across documents and languages merged.

Two reports are of the same event when they have the same type, actors and object (for a body
founded or a document adopted: the same object, whoever the text names as founders or
signatories) and their dates agree: the same year, month or day at the coarser of the two
precisions (no date agrees with any, but an undated report of an event that recurs, such as a
summit, joins only an event in the same place). Events that happen once to their subject (a
state admitted, a status granted, a body founded, an official appointed, a chairmanship taken
over ...) also merge when their dates
disagree by at most a year ("India joined in 2016" and "on 9 June 2017"): that disagreement is
what a reader needs to see. The merged event shows the date and place most reports give (the
year most reports fall in, then the month, then the day); every date and place the reports
give is kept side by side in ``variants`` when they differ.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterable, Sequence

from igokit.analysis.events.model import PARTICIPANT_ACTORS, Event

__all__ = ["dates_compatible", "merge_events"]


def dates_compatible(a: str | None, b: str | None) -> bool:
    """The same year, month or day at the coarser precision (no date: compatible)."""
    if not a or not b:
        return True
    n = min(len(a[:10]), len(b[:10]))
    return a[:n] == b[:n]


#: Types whose event happens once per subject and object (or once a year at most): reports a
#: year apart are one event with conflicting dates, not two events.
ONCE = frozenset({"body_founded", "member_admitted", "status_granted", "accession_started",
                  "memorandum_signed", "application_submitted", "entered_into_force",
                  "official_appointed", "chair_assumed", "chair_handed_over"})


def _same_event(x: Event, y: Event) -> bool:
    """Whether ``x`` and ``y`` (same key) report one event: dates that agree (an undated report
    of an event that recurs, such as a summit, joins only where its place agrees); events that
    happen once may disagree on the date by a year. Other disagreements are kept as variants."""
    a, b = x.date, y.date
    if x.type in ONCE:
        if dates_compatible(a, b):
            return True
        return bool(a and b and a[:4].isdigit() and b[:4].isdigit()
                    and abs(int(a[:4]) - int(b[:4])) <= 1)
    if not (a and b):  # an undated report of a recurring event: only where the place agrees
        return x.place is None or y.place is None or x.place == y.place
    return dates_compatible(a, b)


def _best_date(dated: Sequence[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The date most reports support, refined level by level: the year most reports fall in,
    then within it the month most reports name, then the day (so three reports of a day beat
    one of the day before, and six reports giving only the year do not hide either)."""
    best: tuple[str, str | None] | None = None
    prefix = ""
    for width, precision in ((4, "year"), (7, "month"), (10, "day")):
        inside = [d for d, _ in dated if len(d) >= width and d.startswith(prefix)]
        if not inside:
            break
        counts = Counter(d[:width] for d in inside)
        first = {v: next(i for i, d in enumerate(inside) if d.startswith(v)) for v in counts}
        prefix = max(counts, key=lambda v: (counts[v], -first[v]))  # ties: the first given
        best = (prefix, precision)
    return best


def _most_reported(values: Sequence[tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The value most reports give (ties: the longer, i.e. more precise, then the earlier)."""
    counts: dict[tuple[str, str | None], int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], len(v[0]), -values.index(v)))


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge reports of the same event (see the module's docstring). The input is not changed;
    the result is ordered by date (undated last), then type."""
    groups: dict[tuple[str, tuple[str, ...], str | None], list[list[Event]]] = {}
    for ev in events:
        buckets = groups.setdefault(ev.key(), [])
        target = next((b for b in buckets if all(_same_event(m, ev) for m in b)), None)
        if target is None:
            buckets.append([ev])
        else:
            target.append(ev)
    out = [_merged(members) for buckets in groups.values() for members in buckets]
    out.sort(key=lambda e: (e.date is None, e.date or "", e.type))
    return out


def _merged(members: list[Event]) -> Event:
    first = members[0]
    new = copy.deepcopy(first)
    new.reports = [copy.deepcopy(r) for m in members for r in m.reports]
    # each member counts as many times as it has reports (a member may be merged already)
    weighted = [m for m in members for _ in range(max(1, len(m.reports)))]
    dated: list[tuple[str, str | None]] = [(m.date, m.precision) for m in weighted if m.date]
    best = _best_date(dated)
    if best is not None:
        new.date, new.precision = best[0], best[1]  # type: ignore[assignment]
    places: list[tuple[str, str | None]] = [(m.place, None) for m in weighted if m.place]
    top = _most_reported(places)
    new.place = top[0] if top else None
    new.cameo = next((m.cameo for m in members if m.cameo), None)
    if new.type in PARTICIPANT_ACTORS:  # every participant any report names, most named first
        named: dict[str, int] = {}
        for m in weighted:
            for actor in m.actors:
                named[actor] = named.get(actor, 0) + 1
        new.actors = sorted(named, key=lambda a: -named[a])
    variants: dict[str, list[str]] = {}
    for m in members:
        for key, values in m.variants.items():
            for v in values:
                if v not in variants.setdefault(key, []):
                    variants[key].append(v)
        for key, value in (("date", m.date), ("place", m.place)):
            if value is not None and value not in variants.setdefault(key, []):
                variants[key].append(value)
    # a detail all reports agree on is no variant
    new.variants = {k: v for k, v in variants.items() if len(v) > 1}
    return new
