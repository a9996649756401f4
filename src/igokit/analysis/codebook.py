"""Codebooks: policy areas with definitions and stem/phrase terms in English, Russian and Kazakh.

The shipped codebook is ``data/codebook/areas.v1.yaml`` (documented in docs/codebook.md). Users
pass their own in the same format, or a quanteda-style YAML dictionary (nested keys → lists of
glob patterns), which :func:`load_codebook` recognises and imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from igokit.errors import DataError, InputError
from igokit.kb.freshness import data_dir
from igokit.kb.model import LANGS
from igokit.kb.yamlfile import Record, load_mapping

DEFAULT_CODEBOOK = "areas.v1.yaml"
ANY = "any"
_WORD = re.compile(r"^[\w'’.\-]+\*?$")


@dataclass(frozen=True, slots=True)
class Term:
    """One term: a sequence of words, each exact or a stem (``stem*``), with a weight."""

    text: str
    words: tuple[tuple[str, bool], ...]  # (word, is_stem)
    weight: float
    lang: str


@dataclass(slots=True)
class Area:
    key: str
    label: dict[str, str]
    definition: str = ""
    include: str = ""
    exclude: str = ""
    terms: list[Term] = field(default_factory=list)


@dataclass(slots=True)
class Codebook:
    name: str
    version: str
    description: str
    areas: dict[str, Area]
    source: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "version": self.version, "description": self.description,
            "areas": {
                k: {"label": a.label, "definition": a.definition, "include": a.include,
                    "exclude": a.exclude,
                    "terms": [{"text": t.text, "lang": t.lang, "weight": t.weight}
                              for t in a.terms]}
                for k, a in self.areas.items()
            },
        }


def parse_term(raw: str, weight: float, lang: str) -> Term:
    """``"транспортн* коридор*"`` → words ``(("транспортн", True), ("коридор", True))``."""
    text = " ".join(raw.strip().lower().replace("ё", "е").split())
    words = []
    for word in text.split(" "):
        if not _WORD.match(word):
            raise InputError(f"bad term {raw!r}: {word!r} is not a word or a stem* (letters, "
                             "digits, hyphens; * only at the end)")
        stem = word.endswith("*")
        words.append((word.rstrip("*"), stem))
    return Term(text, tuple(words), weight, lang)


def default_codebook_path() -> Path:
    return data_dir() / "codebook" / DEFAULT_CODEBOOK


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook (IGOkit format or a quanteda YAML dictionary).

    Raises :class:`DataError` listing every problem as ``file:line: message``.
    """
    path = Path(path) if path is not None else default_codebook_path()
    data, problems = load_mapping(path)
    if data is None:
        raise DataError(problems)
    book = _from_igokit(data, problems) if "areas" in data else _from_quanteda(data, path, problems)
    if problems:
        raise DataError(problems)
    book.source = str(path)
    return book


def _terms(node: Any, lang: str, weight: float, where: str, problems: list[str]) -> list[Term]:
    if node is None:
        return []
    if not isinstance(node, list):
        problems.append(f"{where}: terms for {lang!r} must be a list")
        return []
    out: list[Term] = []
    for raw in node:
        if not isinstance(raw, str):
            problems.append(f"{where}: term {raw!r} is not text")
            continue
        try:
            out.append(parse_term(raw, weight, lang))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    return out


def _from_igokit(data: Record, problems: list[str]) -> Codebook:
    allowed = {"name", "version", "description", "areas"}
    for key in data:
        if key not in allowed:
            problems.append(f"{data.where}: unknown key {key!r}")
    areas: dict[str, Area] = {}
    raw_areas = data.get("areas")
    if not isinstance(raw_areas, Record):
        problems.append(f"{data.where}: 'areas' must be a mapping of area keys")
        raw_areas = Record()
    for key, node in raw_areas.items():
        if not isinstance(node, Record):
            problems.append(f"{raw_areas.where}: area {key!r} must be a mapping")
            continue
        for k in node:
            if k not in {"label", "definition", "include", "exclude", "terms", "weak"}:
                problems.append(f"{node.where}: area {key!r}: unknown key {k!r}")
        terms: list[Term] = []
        for group, weight in (("terms", 1.0), ("weak", 0.5)):
            block = node.get(group) or {}
            if not isinstance(block, dict):
                problems.append(f"{node.where}: area {key!r}: {group} must map languages to lists")
                continue
            for lang, items in block.items():
                if lang not in (*LANGS, ANY):
                    problems.append(f"{node.where}: area {key!r}: unknown language {lang!r}")
                    continue
                terms += _terms(items, lang, weight, node.where, problems)
        if not terms:
            problems.append(f"{node.where}: area {key!r} has no terms")
        label = node.get("label") or {"en": str(key)}
        areas[str(key)] = Area(str(key), dict(label) if isinstance(label, dict)
                               else {"en": str(label)}, str(node.get("definition") or ""),
                               str(node.get("include") or ""), str(node.get("exclude") or ""),
                               terms)
    return Codebook(str(data.get("name") or "codebook"), str(data.get("version") or "0"),
                    str(data.get("description") or ""), areas)


def _from_quanteda(data: Record, path: Path, problems: list[str]) -> Codebook:
    """quanteda dictionaries: top-level keys are areas; nested keys are flattened into them;
    every pattern applies to any language (quanteda dictionaries are not language-tagged)."""
    areas: dict[str, Area] = {}

    def collect(node: Any, where: str) -> list[Term]:
        if isinstance(node, list):
            return _terms(node, ANY, 1.0, where, problems)
        if isinstance(node, dict):
            out: list[Term] = []
            for value in node.values():
                out += collect(value, node.where if isinstance(node, Record) else where)
            return out
        problems.append(f"{where}: expected a list of patterns or nested keys")
        return []

    for key, node in data.items():
        areas[str(key)] = Area(str(key), {"en": str(key)}, terms=collect(node, data.where))
    return Codebook(path.stem, "quanteda", f"imported from {path.name}", areas)
