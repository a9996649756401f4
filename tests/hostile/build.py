"""Build the hostile-input corpus of issue 14 into a folder (nothing big is ever committed).

``build_hostile_corpus(folder)`` writes every hostile file and returns ``{case name: path}``; the
path is the file to hand to ``read_document`` (for a sidecar case: the document whose
``.meta.yaml`` is hostile). Every file is small on disk: the bombs are compressed streams that
expand hugely (built by repeating one fully flushed deflate block, so building a 300 MB bomb
never holds 300 MB in memory) and the "huge" plain files are sparse.

Run it by hand::

    python tests/hostile/build.py OUTDIR

Cases that the platform cannot build (a FIFO on Windows, an AES PDF without the
``cryptography`` package) are left out of the returned dict, so tests ``skip`` on a missing key.
"""

from __future__ import annotations

import os
import random
import struct
import sys
import zlib
from pathlib import Path

__all__ = ["BOMB_MB", "build_hostile_corpus"]

#: How many megabytes each decompression bomb expands to by default (each is ~1/1000 on disk).
BOMB_MB = 300

_GOOD_TEXT = "Kazakhstan chairs the Shanghai Cooperation Organisation (SCO) in 2024.\n"
_RUSSIAN = (
    "Шанхайская организация сотрудничества (ШОС) была основана в 2001 году.\n"
    "Казахстан председательствует в ШОС в 2024 году; саммит прошёл в Астане.\n"
)

# --------------------------------------------------------------------------------------------
# Deflate and ZIP by hand: zipfile cannot write a precompressed stream or a lying header.


def _flushed_block(data: bytes) -> bytes:
    """``data`` as raw deflate blocks that reference nothing before them (byte-aligned, not
    final), so the block can be repeated or concatenated with others."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


_FINAL_EMPTY_BLOCK = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)


def _deflate_parts(parts: list[tuple[bytes, int]]) -> tuple[bytes, int, int, int]:
    """Raw deflate of ``b"".join(chunk * times for chunk, times in parts)`` without building it.

    Returns ``(compressed, crc32, adler32, uncompressed size)`` of the expanded data.
    """
    out = bytearray()
    crc, adler, size = 0, 1, 0
    for chunk, times in parts:
        block = _flushed_block(chunk)
        for _ in range(times):
            out += block
            crc = zlib.crc32(chunk, crc)
            adler = zlib.adler32(chunk, adler)
        size += len(chunk) * times
    out += _FINAL_EMPTY_BLOCK
    return bytes(out), crc, adler, size


def _zlib_parts(parts: list[tuple[bytes, int]]) -> bytes:
    """The same as a zlib stream (what a PDF ``/FlateDecode`` holds)."""
    raw, _crc, adler, _size = _deflate_parts(parts)
    return b"\x78\xda" + raw + struct.pack(">I", adler)


class _Member:
    def __init__(
        self,
        name: str,
        data: bytes = b"",
        *,
        parts: list[tuple[bytes, int]] | None = None,
        declared_size: int | None = None,
    ) -> None:
        self.name = name.encode()
        if parts is None:
            parts = [(data, 1)]
        self.payload, self.crc, _adler, self.size = _deflate_parts(parts)
        self.declared = self.size if declared_size is None else declared_size


def _zip(members: list[_Member]) -> bytes:
    """A ZIP archive of deflated members whose headers state ``declared`` sizes."""
    out = bytearray()
    central = bytearray()
    for m in members:
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, m.crc, len(m.payload), m.declared,
            len(m.name), 0,
        )
        out += m.name + m.payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, m.crc, len(m.payload),
            m.declared, len(m.name), 0, 0, 0, 0, 0, offset,
        )
        central += m.name
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + _W + b"><w:body>"
)
_DOC_TAIL = b"</w:body></w:document>"
_PARA = b"<w:p><w:r><w:t>SCO</w:t></w:r></w:p>"


def _docx(document: _Member, extra: list[_Member] | None = None) -> bytes:
    return _zip(
        [_Member("[Content_Types].xml", _CONTENT_TYPES), _Member("_rels/.rels", _RELS), document]
        + (extra or [])
    )


def _paragraphs(total_bytes: int) -> list[tuple[bytes, int]]:
    chunk = _PARA * (1_048_576 // len(_PARA))
    return [(_DOC_HEAD, 1), (chunk, max(1, total_bytes // len(chunk))), (_DOC_TAIL, 1)]


def good_docx() -> bytes:
    """A small valid Word document (one paragraph), for batches and mutation."""
    return _docx(_Member("word/document.xml", _DOC_HEAD + _PARA + _DOC_TAIL))


# --------------------------------------------------------------------------------------------
# PDF by hand (one page, one Helvetica text stream; optionally FlateDecode)


def _pdf(content: bytes, *, flate: bool = False, kids: int = 1) -> bytes:
    stream_dict = b"<< /Length %d%s >>" % (len(content), b" /Filter /FlateDecode" if flate else b"")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join([b"4 0 R"] * kids) + b"] /Count %d >>" % kids,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        stream_dict + b"\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


_PDF_TEXT = b"BT /F1 12 Tf 72 770 Td (Kazakhstan chairs the SCO in 2024.) Tj ET"


def good_pdf() -> bytes:
    """A small valid one-page PDF with a text layer."""
    return _pdf(_PDF_TEXT)


def _encrypted_pdf(user_password: str) -> bytes | None:
    try:
        import cryptography  # noqa: F401  (pypdf needs it, or pycryptodome, for AES)
    except ImportError:
        return None
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf())))
    writer.encrypt(user_password, "owner-secret", algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------------------------
# The corpus


def build_hostile_corpus(folder: Path, *, bomb_mb: int = BOMB_MB) -> dict[str, Path]:
    """Write every hostile file into ``folder`` (created if needed); return ``{case: path}``.

    ``bomb_mb``: what each decompression bomb expands to (the on-disk file is ~1/1000 of it).
    Also writes ``good.txt``, ``good.pdf`` and ``good.docx``, so a batch has files to keep.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    bomb = bomb_mb * 1_048_576
    out: dict[str, Path] = {}

    def put(case: str, name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        out[case] = path
        return path

    def with_sidecar(case: str, sidecar: bytes | str) -> Path:
        # a text of its own: an ingest that meets a known text skips it, sidecar and all
        path = put(case, f"{case}.txt", f"{_GOOD_TEXT}({case})\n")
        side = folder / f"{case}.txt.meta.yaml"
        side.write_bytes(sidecar.encode() if isinstance(sidecar, str) else sidecar)
        return path

    put("good_txt", "good.txt", _GOOD_TEXT)
    put("good_pdf", "good.pdf", good_pdf())
    put("good_docx", "good.docx", good_docx())

    # -- failure 2: YAML alias bomb in a sidecar (~500 bytes; 9**9 list items once expanded)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    with_sidecar("yaml_alias_bomb", "\n".join(lines) + "\n")
    with_sidecar("yaml_deep_nesting", "title: " + "[" * 50_000 + "\n")
    with_sidecar("yaml_not_mapping", "- a\n- b\n")
    with_sidecar("yaml_python_tag", "title: !!python/object/apply:os.system ['echo pwned']\n")
    with_sidecar("yaml_not_utf8", b"title: \xff\xfe caf\xe9\n")
    # -- failure 15: a sidecar with a bad date (line 3)
    with_sidecar("yaml_bad_date", "title: Summit\nurl: https://example.org/s\ndate: 2024-13-45\n")
    # a sidecar of 50 MB that takes no disk (sparse)
    huge_side = with_sidecar("yaml_huge", "title: big\n")
    with open(str(huge_side) + ".meta.yaml", "r+b") as fh:
        fh.truncate(50_000_000)

    # -- failure 4: DOCX decompression bombs
    # under max_zip_total_bytes (200 MB) but ~330:1; and over it
    put("docx_bomb_ratio", "bomb_ratio.docx",
        _docx(_Member("word/document.xml", parts=_paragraphs(bomb // 2))))
    put("docx_bomb_total", "bomb_total.docx",
        _docx(_Member("word/document.xml", parts=_paragraphs(bomb))))
    put("docx_bomb_lying_header", "bomb_lying.docx",
        _docx(_Member("word/document.xml", parts=_paragraphs(bomb), declared_size=2_000)))
    declared_huge = _Member("word/document.xml", _DOC_HEAD + _PARA + _DOC_TAIL)
    declared_huge.declared = 0xFFFF_FFF0
    put("docx_declared_huge_member", "declared_huge.docx", _docx(declared_huge))
    many = [_Member(f"word/media/m{i}.xml", b"") for i in range(6_000)]
    put("docx_many_members", "many_members.docx",
        _docx(_Member("word/document.xml", _DOC_HEAD + _PARA + _DOC_TAIL), many))
    depth = 1_000  # libxml2 stops at 256; small enough for no ratio check
    deep = _DOC_HEAD + b"<w:p><w:r><w:t>" + b"<w:x>" * depth + b"SCO" + b"</w:x>" * depth
    deep += b"</w:t></w:r></w:p>" + _DOC_TAIL
    put("docx_deep_xml", "deep_xml.docx", _docx(_Member("word/document.xml", deep)))
    laughs = [b'<!ENTITY lol0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        laughs.append(b"<!ENTITY lol%d \"%s\">" % (i, b"".join(b"&lol%d;" % (i - 1)
                                                               for _ in range(10))))
    billion = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [' + b"".join(laughs)
        + b"]>\n<w:document " + _W + b"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
        + _DOC_TAIL
    )
    put("docx_billion_laughs", "billion_laughs.docx", _docx(_Member("word/document.xml", billion)))
    ext = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xxe = _DOC_HEAD.replace(b"<w:document", ext + b"\n<w:document", 1)
    xxe += b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>" + _DOC_TAIL
    put("docx_external_entity", "external_entity.docx", _docx(_Member("word/document.xml", xxe)))
    put("docx_truncated", "truncated.docx", good_docx()[:300])
    put("docx_not_word", "not_word.docx", _zip([_Member("hello.txt", b"hello")]))

    # -- failure 5: markdown title backtracking (200 KB)
    put("md_title_backtracking", "title_backtracking.md", "# a" + " #" * 100_000 + "x")
    put("md_title_hashes", "title_hashes.md", "#" * 6 + " " + "\t#" * 100_000 + "\n")

    # -- PDFs: random bytes, truncated, FlateDecode bomb, page-tree bomb, encrypted
    put("pdf_random_bytes", "random.pdf", rng.randbytes(5_000))
    put("pdf_random_after_header", "random_header.pdf", b"%PDF-1.7\n" + rng.randbytes(5_000))
    good = good_pdf()
    put("pdf_truncated", "truncated.pdf", good[: len(good) // 2])
    body = _PDF_TEXT + b"\n"
    flate = _zlib_parts([(body, 1), (b" " * 1_048_576, bomb_mb)])
    put("pdf_flate_bomb", "flate_bomb.pdf", _pdf(flate, flate=True))
    put("pdf_many_pages", "many_pages.pdf", _pdf(_PDF_TEXT, kids=3_000))
    aes_empty = _encrypted_pdf("")
    if aes_empty is not None:
        put("pdf_aes_empty_password", "aes_empty_password.pdf", aes_empty)
    aes_secret = _encrypted_pdf("secret")
    if aes_secret is not None:
        put("pdf_aes_password_needed", "aes_password.pdf", aes_secret)

    # -- failure 15: encodings
    put("utf16le_no_bom", "ru_utf16le.txt", _RUSSIAN.encode("utf-16-le"))
    put("utf16be_no_bom", "ru_utf16be.txt", _RUSSIAN.encode("utf-16-be"))
    mixed = (
        "Первая строка в UTF-8: Казахстан и ШОС.\n".encode()
        + "Вторая строка в cp1251: саммит в Астане.\n".encode("cp1251")
        + "Третья строка снова в UTF-8.\n".encode()
    )
    put("mixed_utf8_cp1251", "mixed.txt", mixed)
    put("binary_as_txt", "binary.txt", rng.randbytes(4_000))
    put("nul_bytes", "nul_bytes.txt", _GOOD_TEXT.replace(" ", " \x00") * 3)

    # -- HTML: deep nesting, a huge attribute
    put("html_deep_nesting", "deep.html",
        "<!doctype html><html><body>" + "<div>" * 100_000 + "SCO summit" + "</div>" * 100_000
        + "</body></html>")
    put("html_huge_attribute", "huge_attr.html",
        '<!doctype html><html><body><p title="' + "A" * 1_000_000 + '">SCO summit</p>'
        "</body></html>")
    put("html_unclosed_comment", "unclosed.html",
        "<!doctype html><html><body><p>SCO</p><!--" + "-" * 100_000)

    # -- failures 9, 10, 3: special files and names
    sparse = folder / "sparse_huge.txt"
    with open(sparse, "wb") as fh:
        fh.truncate(300_000_000)
    out["sparse_huge"] = sparse
    # 254 characters: the sidecar's name would be 264
    put("long_name", "n" * 250 + ".txt", _GOOD_TEXT + "(long name)\n")
    bad_name = os.fsdecode(b"bad-\xff-name.txt")
    put("name_not_utf8", bad_name, _GOOD_TEXT + "(not UTF-8)\n")
    (folder / "dir.txt").mkdir(exist_ok=True)
    out["directory"] = folder / "dir.txt"
    dir_side = with_sidecar("sidecar_is_directory", "")
    Path(str(dir_side) + ".meta.yaml").unlink()
    Path(str(dir_side) + ".meta.yaml").mkdir()
    if hasattr(os, "mkfifo"):
        fifo = folder / "fifo.txt"
        os.mkfifo(fifo)
        out["fifo"] = fifo
        fifo_side = with_sidecar("sidecar_is_fifo", "")
        Path(str(fifo_side) + ".meta.yaml").unlink()
        os.mkfifo(str(fifo_side) + ".meta.yaml")
    if os.path.exists("/dev/zero") and hasattr(os, "symlink"):
        zero = folder / "zero.txt"
        zero.symlink_to("/dev/zero")
        out["dev_zero"] = zero
        zero_side = with_sidecar("sidecar_is_dev_zero", "")
        Path(str(zero_side) + ".meta.yaml").unlink()
        Path(str(zero_side) + ".meta.yaml").symlink_to("/dev/zero")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/hostile/build.py OUTDIR", file=sys.stderr)
        return 2
    built = build_hostile_corpus(Path(argv[1]))
    for case, path in sorted(built.items()):
        size = path.stat().st_size if path.is_file() and not path.is_symlink() else 0
        print(f"{case:28} {size:>12,}  {os.fsencode(path.name)[:60]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
