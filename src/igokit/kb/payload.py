"""The stored forms of a document: its extraction (``documents.extraction``: compact JSON,
zlib-compressed) and its text (``documents.text``: UTF-8, zlib-compressed).

``encode(extraction_without_text, text)`` gives bytes that start with the format marker
``FORMAT_V1``; ``decode(stored, text)`` gives back a dict equal to the input, keys in the same
order (the JSON round trip: tuples come back as lists, other values as their ``str``). A ``str``
is the form IGOkit stored before this codec (plain JSON) and decodes as it always did.

What makes it small (about a fifth of the plain JSON, see bench/ingest.py):

- lists of spans (``paragraphs``, ``sentences``, ``mentions``, ``dates``, ``quantities``) are
  stored as rows against a list of their key layouts ("shapes"), so key names are not repeated;
- a span's ``start`` is the distance from the previous span's start and its ``end`` its length
  (small numbers), and a ``text`` equal to ``text[start:end]`` is not stored at all;
- the whole is compressed with zlib (stdlib; zstd would need a new dependency for a few per cent
  on payloads this size).

The text: ``encode_text(text)`` is ``TEXT_V1``, a table of blocks and the blocks: the text cut
every ``TEXT_BLOCK`` code points, each block UTF-8 compressed with zlib on its own (0.40 of the
UTF-8 on the bench corpus; 0.37 in one piece). ``decode_text(stored, start, end)`` gives back
``text[start:end]`` decompressing only the blocks it overlaps, so showing one passage of a long
document costs a block, not the document. A ``str`` (how IGOkit stored the text before) is
sliced as it is.
"""

from __future__ import annotations

import functools
import json
import struct
import zlib
from typing import Any

#: Marker at the start of every stored payload of this format (a newer format gets a new marker).
FORMAT_V1 = b"igx1"

#: Marker at the start of every stored text of this format.
TEXT_V1 = b"igt1"

#: Code points per independently compressed block of a stored text: small enough that reading
#: one passage decompresses little, large enough that zlib loses little (its window is 32 KB).
TEXT_BLOCK = 8192

#: The keys of an extraction that hold lists of spans (dicts with ``start`` and ``end``).
SPAN_LISTS = ("paragraphs", "sentences", "mentions", "dates", "quantities")

_RAW, _START, _LENGTH, _SLICE = 0, 1, 2, 3


def encode(payload: dict[str, Any], text: str, *, level: int = 6) -> bytes:
    """The stored form of ``payload`` (an ``Extraction.to_dict()`` without ``text``)."""
    spans: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in payload.items():
        if key in SPAN_LISTS and isinstance(value, list):
            spans[key] = _encode_spans(value, text)
        else:
            rest[key] = value
    body = {"order": list(payload), "spans": spans, "rest": rest}
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str)
    return FORMAT_V1 + zlib.compress(raw.encode("utf-8"), level)


def decode(stored: bytes | str, text: str) -> dict[str, Any]:
    """The payload back (``text`` is the document's text, for the spans' own texts)."""
    if isinstance(stored, str):  # stored before this format: plain JSON
        data: dict[str, Any] = json.loads(stored)
        return data
    if not stored.startswith(FORMAT_V1):
        raise ValueError(f"unknown extraction format {bytes(stored[:4])!r}")
    body = json.loads(zlib.decompress(stored[len(FORMAT_V1):]).decode("utf-8"))
    out: dict[str, Any] = {}
    for key in body["order"]:
        out[key] = (_decode_spans(body["spans"][key], text) if key in body["spans"]
                    else body["rest"][key])
    return out


def encode_text(text: str, *, level: int = 6, block: int = TEXT_BLOCK) -> bytes:
    """The stored form of a document's text: ``TEXT_V1``, the number of blocks, each block's
    length in code points and in bytes (little-endian uint32), then the zlib blocks."""
    parts = [zlib.compress(text[i:i + block].encode("utf-8"), level)
             for i in range(0, len(text), block)] or [zlib.compress(b"", level)]
    sizes: list[int] = []
    for i, part in enumerate(parts):
        sizes += [min(block, len(text) - i * block), len(part)]
    return b"".join([TEXT_V1, struct.pack(f"<I{len(sizes)}I", len(parts), *sizes), *parts])


def decode_text(stored: bytes | str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` of a document's text from its stored form (a ``str``: stored before
    compression), decompressing only the blocks that hold it."""
    if isinstance(stored, str):
        return stored[start:end]
    if not stored.startswith(TEXT_V1):
        raise ValueError(f"unknown text format {bytes(stored[:4])!r}")
    view = memoryview(stored)
    partial = start > 0 or end is not None
    (n,) = struct.unpack_from("<I", view, len(TEXT_V1))
    sizes = struct.unpack_from(f"<{2 * n}I", view, len(TEXT_V1) + 4)
    pos, first, char = len(TEXT_V1) + 4 + 8 * n, -1, 0
    out: list[str] = []
    for i in range(n):
        chars, size = sizes[2 * i], sizes[2 * i + 1]
        if end is not None and char >= end:
            break
        if char + chars > start:
            if first < 0:
                first = char
            piece = view[pos:pos + size]
            # a part of a text (a passage a search shows) comes from the recent blocks' cache;
            # a whole text (the report, a check) is read once and not kept
            out.append(_inflate(bytes(piece)) if partial else _inflate_once(piece))
        pos += size
        char += chars
    if first < 0:
        return ""
    return "".join(out)[start - first:None if end is None else end - first]


#: Decompressed text blocks kept per process, by their compressed bytes (so never stale: a
#: changed text has other bytes). A search shows passages that other searches showed too: of
#: the 8,897 passages that 1,000 searches of bench/web.py showed, 3,964 were distinct. At most
#: this many blocks of 8,192 code points (about 16 MB of Russian text at 1,024).
INFLATED_BLOCKS = 1024


@functools.lru_cache(maxsize=INFLATED_BLOCKS)
def _inflate(block: bytes) -> str:
    return _inflate_once(block)


def _inflate_once(block: bytes | memoryview) -> str:
    return zlib.decompress(block).decode("utf-8")


def is_current(stored: bytes | str) -> bool:
    return isinstance(stored, bytes) and stored.startswith(FORMAT_V1)


def _is_offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shape(item: dict[str, Any], text: str) -> tuple[tuple[str, int], ...]:
    """How each key of ``item`` is stored: as is, as a start delta, as a length, or as nothing
    (a text that is the slice of the document between start and end)."""
    keys = list(item)
    start, end = item.get("start"), item.get("end")
    spans = (isinstance(start, int) and isinstance(end, int) and _is_offset(start)
             and start <= end <= len(text) and keys.index("start") < keys.index("end"))
    modes = []
    for k in keys:
        mode = _RAW
        if spans and k == "start":
            mode = _START
        elif spans and k == "end":
            mode = _LENGTH
        elif (spans and k == "text" and keys.index("end") < keys.index("text")
              and item["text"] == text[start:end]):
            mode = _SLICE
        modes.append((k, mode))
    return tuple(modes)


def _encode_spans(items: list[Any], text: str) -> dict[str, Any]:
    shapes: dict[tuple[tuple[str, int], ...], int] = {}
    rows: list[list[Any]] = []
    previous = 0
    for item in items:
        if not isinstance(item, dict):
            rows.append([-1, item])
            continue
        shape = _shape(item, text)
        index = shapes.setdefault(shape, len(shapes))
        row: list[Any] = [index]
        for key, mode in shape:
            value = item[key]
            if mode == _START:
                row.append(value - previous)
                previous = value
            elif mode == _LENGTH:
                row.append(value - item["start"])
            elif mode == _RAW:
                row.append(value)
        rows.append(row)
    return {"shapes": [[[k, m] for k, m in s] for s in shapes], "rows": rows}


def _decode_spans(data: dict[str, Any], text: str) -> list[Any]:
    shapes = data["shapes"]
    out: list[Any] = []
    previous = 0
    for row in data["rows"]:
        if row[0] == -1:
            out.append(row[1])
            continue
        item: dict[str, Any] = {}
        values = iter(row[1:])
        for key, mode in shapes[row[0]]:
            if mode == _START:
                previous += next(values)
                item[key] = previous
            elif mode == _LENGTH:
                item[key] = item["start"] + next(values)
            elif mode == _SLICE:
                item[key] = text[item["start"]:item["end"]]
            else:
                item[key] = next(values)
        out.append(item)
    return out
