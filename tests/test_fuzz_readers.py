"""Fuzzing the document readers and the sidecar parser (issue 14).

Property: whatever the bytes, ``read_document`` returns a ``Document`` or raises a
``ReadError`` subclass naming the file — never another exception, never a hang (hypothesis's
``deadline`` is the guard). Inputs: random bytes under every suffix, random bytes behind each
format's magic, random YAML-ish sidecars, and mutations (bit flips, truncation, splicing) of the
small real fixtures and of the hostile corpus.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile.build import build_hostile_corpus, good_docx, good_pdf
from igokit.errors import ReadError
from igokit.text.document import Document
from igokit.text.readers import parse_sidecar, read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"
SUFFIXES = [".txt", ".md", ".html", ".pdf", ".docx"]
MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!doctype html><html>", b"\xff\xfe", b"# "]
FUZZ = settings(max_examples=40, deadline=5000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_WORK = tempfile.TemporaryDirectory(prefix="igokit-fuzz-")
WORK = Path(_WORK.name)


def _seeds() -> list[bytes]:
    seeds = [good_docx(), good_pdf()]
    seeds += [p.read_bytes() for p in sorted(FIXTURES.iterdir())
              if p.suffix in {".txt", ".pdf", ".docx", ".html"}]
    corpus = build_hostile_corpus(WORK / "hostile", bomb_mb=1)
    for path in sorted(corpus.values()):
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= 64_000:
            seeds.append(path.read_bytes())
    return seeds


SEEDS = _seeds()


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    _WORK.cleanup()


def _check(data: bytes, suffix: str, sidecar: str | None = None) -> None:
    path = WORK / f"case{suffix}"
    path.write_bytes(data)
    side = Path(str(path) + ".meta.yaml")
    if sidecar is None:
        side.unlink(missing_ok=True)
    else:
        side.write_text(sidecar, encoding="utf-8", errors="surrogatepass")
    try:
        doc = read_document(path)
    except ReadError as exc:
        assert exc.path in (str(path), str(side)), exc
    else:
        assert isinstance(doc, Document)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_under_every_suffix(data: bytes, suffix: str) -> None:
    _check(data, suffix)


@FUZZ
@given(magic=st.sampled_from(MAGIC), data=st.binary(max_size=3000),
       suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_behind_each_magic(magic: bytes, data: bytes, suffix: str) -> None:
    _check(magic + data, suffix)


_YAML_TOKENS = ["&a ", "*a", "[", "]", "{", "}", ": ", "- ", "\n", "  ", "date: ", "title: ",
                "url: ", "2024-13-45", "2024-07-04", "!!python/object:os.system", "!!binary ",
                "'", '"', "? ", "a", "1", "~", "<<: ", "%YAML 1.1\n", "---\n", "\x00", "é"]


@FUZZ
@given(parts=st.lists(st.sampled_from(_YAML_TOKENS), max_size=60) | st.lists(st.text(),
                                                                             max_size=3))
def test_sidecar_parser(parts: list[str]) -> None:
    text = "".join(parts)
    try:
        data, lines = parse_sidecar(text, "fuzz.meta.yaml")
    except ReadError as exc:
        assert exc.path == "fuzz.meta.yaml"
    else:
        assert isinstance(data, dict) and set(lines) >= set()


@FUZZ
@given(parts=st.lists(st.sampled_from(_YAML_TOKENS), max_size=40))
def test_documents_with_fuzzed_sidecars(parts: list[str]) -> None:
    _check(b"Kazakhstan chairs the SCO.\n", ".txt", "".join(parts))


@st.composite
def _mutant(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    how = draw(st.sampled_from(["flip", "truncate", "splice", "flip+truncate"]))
    if "flip" in how and data:
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] ^= 1 << draw(st.integers(0, 7))
    if "truncate" in how and data:
        del data[draw(st.integers(0, len(data) - 1)):]
    if how == "splice":
        other = draw(st.sampled_from(SEEDS))
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + other[draw(st.integers(0, len(other))):]
    return bytes(data)


@settings(FUZZ, max_examples=80)
@given(data=_mutant(), suffix=st.sampled_from(SUFFIXES))
def test_mutated_fixtures_and_hostile_files(data: bytes, suffix: str) -> None:
    _check(data, suffix)
