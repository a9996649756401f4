"""GDELT event files (1.0 and 2.0) → typed rows, the SCO's among them → events checked
against the knowledge base.

Files are read as GDELT distributes them: tab-separated, no header, optionally zipped
(``*.export.CSV.zip``; every member of the archive is read). The columns are found by a header
line when the file has one (GDELT's own names in any case: ``GLOBALEVENTID`` or
``globaleventid``), else by a header file given with ``header=``, else row by row from the
width: 57 columns (1.0 back-files), 58 (1.0 daily files) or 61 (2.0). A row that cannot be
read is reported as ``file:line: message`` and skipped; the import goes on. Nothing is
downloaded. Python's :mod:`csv` reads the rows (``QUOTE_NONE``: GDELT does not quote, and a
stray quote in a name must not swallow the lines after it).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.analysis.events.gdelt import (
    GdeltMapping,
    GdeltRow,
    SCOContext,
    columns_for_width,
    load_gdelt_mapping,
    norm_column,
    parse_row,
    to_event,
)
from igokit.analysis.events.model import Event
from igokit.errors import CorruptFileError, EncodingError, ReadError
from igokit.kb.knowledge_base import KnowledgeBase

__all__ = ["GdeltFile", "GdeltImport", "import_gdelt", "read_gdelt"]

MAX_SHOWN = 30
csv.field_size_limit(10_000_000)  # a SOURCEURL can be long; GDELT lines are not unbounded


@dataclass(slots=True)
class GdeltFile:
    """What one file gave: its rows, the problems (``file:line: message``) and the widths."""

    path: str
    rows: list[GdeltRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lines: int = 0
    widths: Counter[int] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        widths = ", ".join(f"{n} rows of {w} columns" for w, n in sorted(self.widths.items()))
        out = f"{self.path}: {len(self.rows)} events read of {self.lines} lines ({widths})"
        if self.problems:
            out += f"; {len(self.problems)} skipped"
        return out


@dataclass(slots=True)
class GdeltImport:
    """Several files: every row read, the SCO's rows, their events and the verdict counts."""

    files: list[GdeltFile] = field(default_factory=list)
    relevant: list[GdeltRow] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    checked: bool = False

    @property
    def rows(self) -> list[GdeltRow]:
        return [r for f in self.files for r in f.rows]

    @property
    def problems(self) -> list[str]:
        return [p for f in self.files for p in f.problems]

    def counts(self) -> dict[str, Any]:
        """Rows read, skipped, about the SCO, typed as our events, and each verdict."""
        verdicts: Counter[str] = Counter(
            e.check.verdict if e.check else "unchecked" for e in self.events)
        return {
            "files": len(self.files), "rows": len(self.rows), "skipped": len(self.problems),
            "sco_rows": len(self.relevant), "typed_events": len(self.events),
            "untyped_sco_rows": len(self.relevant) - len(self.events),
            "verdicts": {k: verdicts.get(k, 0) for k in ("confirmed", "conflict", "new")}
            if self.checked else {},
        }

    def table(self, every: bool = False) -> list[dict[str, Any]]:
        """One flat record per SCO row (``every``: per row read), with its type and verdict."""
        by_id = {e.reports[0].source_ref: e for e in self.events if e.reports}
        out = []
        for r in (self.rows if every else self.relevant):
            ev = by_id.get(str(r.event_id))
            out.append({
                "event_id": r.event_id, "date": r.date, "actor1": r.actor1_code,
                "actor1_name": r.actor1_name, "actor1_iso3": r.actor1_iso3,
                "actor2": r.actor2_code, "actor2_name": r.actor2_name,
                "actor2_iso3": r.actor2_iso3, "cameo": r.event_code, "quad_class": r.quad_class,
                "goldstein": r.goldstein, "mentions": r.num_mentions,
                "action_iso3": r.action_iso3 or r.action_country or None,
                "type": ev.type if ev else None,
                "verdict": ev.check.verdict if ev and ev.check else None,
                "reason": ev.check.reason if ev and ev.check else None,
                "expected": ev.check.expected if ev and ev.check else None,
                "url": r.source_url, "where": f"{r.file}:{r.line}",
            })
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "problems": self.problems,
                "files": [f.summary() for f in self.files],
                "rows": [r.to_dict() for r in self.relevant],
                "events": [e.to_dict() for e in self.events]}


# ------------------------------------------------------------------------------------ reading

def _texts(path: Path) -> Iterator[tuple[str, bytes]]:
    """(display name, bytes) of the file, or of every member of a zip archive."""
    try:
        if zipfile.is_zipfile(path):
            try:
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        if not info.is_dir():
                            yield f"{path}!{info.filename}", zf.read(info)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise CorruptFileError(str(path), f"a damaged zip archive ({exc})") from None
            return
        yield str(path), path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except IsADirectoryError:
        raise ReadError(str(path), "a folder, not a file") from None


def _header_index(names: Iterable[str]) -> dict[str, int]:
    return {norm_column(n): i for i, n in enumerate(names)}


def read_header_file(path: Path) -> list[str]:
    """Column names from a header file: one line of names (tab- or comma-separated), or a
    schema table whose first column is the name (``name,type,description``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReadError(str(path), "no such file") from None
    except UnicodeDecodeError as exc:
        raise EncodingError(str(path), f"not UTF-8 ({exc.reason})") from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise ReadError(str(path), "the header file is empty")
    delim = "\t" if "\t" in lines[0] else ","
    records = list(csv.reader(io.StringIO(text), delimiter=delim))  # quoted multi-line cells
    first = [c.strip() for c in records[0]]
    if [c.casefold() for c in first[:2]] == ["name", "type"]:  # a schema table
        return [r[0].strip() for r in records[1:] if r and r[0].strip()]
    return first


def read_gdelt(path: Path | str, header: list[str] | None = None,
               mapping: GdeltMapping | None = None) -> GdeltFile:
    """Every row of one GDELT events file (or zip archive) as :class:`GdeltRow`; bad rows are
    reported in ``problems`` and skipped."""
    mp = mapping or load_gdelt_mapping()
    p = Path(path)
    out = GdeltFile(str(p))
    for name, data in _texts(p):
        _read_text(name, data, header, mp, out)
    return out


def _read_text(name: str, data: bytes, header: list[str] | None, mp: GdeltMapping,
               out: GdeltFile) -> None:
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.splitlines()
    given = _header_index(header) if header else None
    start = 0
    if lines and lines[0].split("\t" if "\t" in lines[0] else ",")[0].strip().casefold() \
            == "globaleventid":  # the file's own header line
        delim = "\t" if "\t" in lines[0] else ","
        given = _header_index(next(csv.reader([lines[0]], delimiter=delim)))
        start = 1
    delim = "\t" if not lines or "\t" in lines[start if start < len(lines) else 0] else ","
    reader = csv.reader(lines[start:], delimiter=delim, quoting=csv.QUOTE_NONE, strict=False)
    for n, fields in enumerate(reader, start=start + 1):
        out.lines += 1
        if not fields or all(not f.strip() for f in fields):
            continue
        where = f"{name}:{n}"
        raw = "\t".join(fields)
        if any("\udc80" <= ch <= "\udcff" for ch in raw):
            out.problems.append(f"{where}: not UTF-8; skipped")
            continue
        out.widths[len(fields)] += 1
        if given is not None:
            index, version = given, "2.0" if "actiongeoadm2code" in given else "1.0"
            if len(fields) < len(given) - 1:  # the last column (SOURCEURL) may be cut
                out.problems.append(f"{where}: {len(fields)} fields, the header has "
                                    f"{len(given)}")
                continue
        else:
            known = columns_for_width(len(fields))
            if known is None:
                out.problems.append(f"{where}: {len(fields)} fields; GDELT 1.0 rows have 57 "
                                    "or 58, GDELT 2.0 rows 61")
                continue
            version, cols = known
            index = _header_index(cols)
        try:
            row = parse_row(fields, index, version, mp)
        except ValueError as exc:
            out.problems.append(f"{where}: {exc}")
            continue
        row.file, row.line = name, n
        out.versions[version] += 1
        out.rows.append(row)


def import_gdelt(kb: KnowledgeBase, paths: Iterable[Path | str], *, check: bool = False,
                 header: Path | str | None = None, org: str = "SCO") -> GdeltImport:
    """Read GDELT event files, keep the rows about the SCO (an SCO actor, or two member states
    on the day by the knowledge base's membership), type them by the CAMEO rules and, with
    ``check``, check the typed events against the knowledge base. A file that cannot be read
    is a problem of its own; the others are still read."""
    from igokit.analysis.events.check import check_events

    mp = load_gdelt_mapping()
    cols = read_header_file(Path(header)) if header else None
    result = GdeltImport()
    ctx = SCOContext(kb, org)
    for p in paths:
        try:
            f = read_gdelt(p, cols, mp)
        except ReadError as exc:
            f = GdeltFile(str(p), problems=[str(exc)])
        result.files.append(f)
        for row in f.rows:
            if ctx.involves(row):
                result.relevant.append(row)
                ev = to_event(row, ctx, mp)
                if ev is not None:
                    result.events.append(ev)
    if check:
        check_events(kb, result.events, org)
        result.checked = True
    return result
