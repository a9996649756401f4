"""What every importer shares: reading a CSV with line numbers, finding columns by their
accepted names, parsing numbers, collecting problems as ``file:line: message``."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from igokit.errors import InputError
from igokit.kb.indicators import Observation

Progress = Callable[[int, int], None]
MAX_SHOWN = 30


@dataclass(slots=True)
class ImportResult:
    """What one file gave: its observations, the rows skipped (by reason) and unmatched names."""

    path: str
    dataset: str
    shape: str
    observations: list[Observation] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unmatched: dict[str, int] = field(default_factory=dict)   # name -> first line

    def summary(self) -> str:
        parts = [f"{self.path}: {len(self.observations)} observations ({self.shape}) "
                 f"-> dataset {self.dataset}"]
        if self.skipped:
            parts.append("skipped: " + ", ".join(f"{n} {why}" for why, n in
                                                 sorted(self.skipped.items())))
        if self.unmatched:
            parts.append("unmatched names (skipped): " + "; ".join(
                f"{name!r} (line {line})" for name, line in self.unmatched.items()))
        return "\n  ".join(parts)


def norm_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.casefold())


class Table:
    """A CSV file read whole (UTF-8, BOM and CRLF tolerated, quoted commas kept) whose rows
    know their line numbers."""

    def __init__(self, path: Path, *, skip_to: str | None = None) -> None:
        self.path = path
        self.name = str(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}:1: not UTF-8 ({exc.reason} at byte {exc.start})") from None
        self.offset = 0
        if skip_to:  # the classic World Bank download has 4 lines of metadata before the header
            lines = text.splitlines(keepends=True)
            for i, line in enumerate(lines):
                if line.lstrip('"').startswith(skip_to):
                    self.offset = i
                    text = "".join(lines[i:])
                    break
        self.total = max(text.count("\n"), 1)
        self._reader = csv.reader(io.StringIO(text, newline=""))
        try:
            self.header = [h.strip() for h in next(self._reader)]
        except StopIteration:
            raise InputError(f"{path}:1: the file is empty") from None
        self.index = {norm_header(h): i for i, h in enumerate(self.header)}
        self.problems: list[str] = []

    def where(self, line: int) -> str:
        return f"{self.name}:{line}"

    def has(self, *names: str) -> bool:
        return any(norm_header(n) in self.index for n in names)

    def column(self, *names: str, required: bool = True) -> int | None:
        """The index of the first column called one of ``names`` (case, spaces and punctuation
        ignored); a missing required column is an error naming the accepted names."""
        for n in names:
            if norm_header(n) in self.index:
                return self.index[norm_header(n)]
        if required:
            raise InputError(f"{self.where(1 + self.offset)}: missing column "
                             f"{' / '.join(repr(n) for n in names)}; the header is "
                             f"{', '.join(self.header)}")
        return None

    def rows(self, progress: Progress | None = None) -> Iterator[tuple[int, list[str]]]:
        """``(line number, fields)`` for every non-empty row; short rows are reported."""
        width = len(self.header)
        step = max(self.total // 100, 1)
        for n, fields in enumerate(self._reader):
            line = self._reader.line_num + self.offset
            if progress and n % step == 0:
                progress(min(line, self.total), self.total)
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) < width:
                self.problem(line, f"{len(fields)} fields, the header has {width}")
                continue
            yield line, fields
        if progress:
            progress(self.total, self.total)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.where(line)}: {message}")

    def number(self, line: int, column: str, text: str) -> float | None:
        """A number (``1,234.5`` and ``1 234`` accepted); else a reported problem and None."""
        raw = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        try:
            return float(raw)
        except ValueError:
            self.problem(line, f"column {column!r}: {text!r} is not a number")
            return None

    def year(self, line: int, column: str, text: str) -> str | None:
        raw = text.strip()
        m = re.match(r"^(\d{4})(?:\.0+)?$", raw) or re.match(r"^(\d{4})-\d{2}-\d{2}$", raw)
        if not m:
            self.problem(line, f"column {column!r}: {text!r} is not a year")
            return None
        return m.group(1)

    def raise_problems(self) -> None:
        if self.problems:
            shown = self.problems[:MAX_SHOWN]
            more = (f"\n... and {len(self.problems) - MAX_SHOWN} more"
                    if len(self.problems) > MAX_SHOWN else "")
            raise InputError(f"{len(self.problems)} problem(s) in {self.name}:\n"
                             + "\n".join(shown) + more)


def unmatched_error(path: Path, unmatched: dict[str, int]) -> InputError:
    names = "\n".join(f"{path}:{line}: unknown country name {name!r}"
                      for name, line in unmatched.items())
    return InputError(f"{len(unmatched)} country name(s) in {path} match no ISO 3166 country "
                      f"(names are never guessed; add an alias or pass --skip-unmatched):\n"
                      f"{names}")


def year_from_name(path: Path) -> str | None:
    m = re.search(r"(19|20)\d{2}", path.stem)
    return m.group(0) if m else None
