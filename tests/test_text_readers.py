"""igokit.text.readers and igokit.text.document: formats, encodings, metadata, errors."""

from __future__ import annotations

import hashlib
import json
import pathlib
import shutil
from pathlib import Path

import pytest

from igokit.errors import (
    CorruptFileError,
    DateFormatError,
    EncodingError,
    FileTooLargeError,
    NoTextLayerError,
    ReadError,
    UnsupportedFormatError,
)
from igokit.text.document import Document, normalize_date, normalize_text
from igokit.text.readers import decode_text, iter_documents, read_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _copy(name: str, dest: Path, new_name: str | None = None) -> Path:
    target = dest / (new_name or name)
    shutil.copyfile(FIXTURES / name, target)
    return target


# ------------------------------------------------------------------------------- plain text


def test_cp1251_text_is_decoded_as_cp1251() -> None:
    doc = read_document(FIXTURES / "ru_cp1251.txt")
    assert doc.format == "txt"
    assert doc.encoding == "cp1251"
    assert doc.text.startswith("Шанхайская организация сотрудничества (ШОС) была основана")
    assert "млрд. долл. США" in doc.text


def test_short_koi8r_text_is_decoded_as_koi8r() -> None:
    # charset-normalizer alone takes these 36 bytes for Thai (cp874).
    doc = read_document(FIXTURES / "ru_koi8r.txt")
    assert doc.encoding == "koi8-r"
    assert doc.text == "Казахстан председательствует в ШОС.\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "Привет, мир",
        "Саммит ШОС прошёл в Астане.",
        "Казахстан председательствует в ШОС.",
        "ЩИТ И МЕЧ",
        "Ёлка",
    ],
)
@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_short_russian_in_cp1251_and_koi8r(sentence: str, codec: str) -> None:
    text, encoding = decode_text(sentence.encode(codec))
    assert text == sentence
    assert encoding == codec.replace("_", "-")


def test_western_text_is_not_taken_for_cyrillic() -> None:
    text, encoding = decode_text("Café crème à Genève, naïve façade.".encode("cp1252"))
    assert encoding not in ("cp1251", "koi8-r")
    assert text.startswith("Café cr")


def test_utf16_with_bom_kazakh() -> None:
    doc = read_document(FIXTURES / "kk_utf16.txt")
    assert doc.encoding == "utf-16"
    assert doc.text.splitlines() == [
        "Шанхай ынтымақтастық ұйымы 2001 ж. құрылды.",
        "Қазақстан 2024 жылы ұйымға төрағалық етті.",
    ]


def test_utf8_with_bom_drops_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "ШЫҰ саммиті Астанада өтті.".encode())
    doc = read_document(path)
    assert doc.encoding == "utf-8-sig"
    assert doc.text == "ШЫҰ саммиті Астанада өтті."


def test_text_is_normalized(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    decomposed = "Казахстан и\u0306 ШОС"  # "й" as и + combining breve
    path.write_bytes(f"{decomposed}\r\nline\x00 two\rthree".encode())
    doc = read_document(path)
    assert doc.text == "Казахстан й ШОС\nline two\nthree"


def test_binary_data_raises_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(EncodingError, match="encoding"):
        read_document(path)


def test_hash_and_size_are_of_the_raw_bytes() -> None:
    raw = (FIXTURES / "ru_cp1251.txt").read_bytes()
    doc = read_document(FIXTURES / "ru_cp1251.txt")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size == len(raw)
    assert doc.path == str(FIXTURES / "ru_cp1251.txt")


def test_markdown_title_is_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("Intro line\n\n## **Astana summit**\n\nText.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "md"
    assert doc.title == "Astana summit"


# ------------------------------------------------------------------------------------ HTML


def test_html_main_text_without_menus_and_footer() -> None:
    doc = read_document(FIXTURES / "article.html")
    assert doc.format == "html"
    assert "Leaders of the member states of the Shanghai Cooperation Organisation" in doc.text
    assert "handed the role over to China" in doc.text
    for boilerplate in ("cookies", "Contacts", "About the ministry", "Privacy policy", "Related"):
        assert boilerplate not in doc.text
    assert "2024\tAstana" in doc.text.splitlines()  # a table row, tab-separated


def test_html_metadata() -> None:
    doc = read_document(FIXTURES / "article.html")
    assert doc.title == "Astana hosts the SCO summit"
    assert doc.date == "2024-07-04"
    assert doc.url == "https://example.org/news/2024/astana-sco-summit"
    assert doc.encoding == "utf-8"


def test_html_date_comes_from_markup_not_from_the_text(tmp_path: Path) -> None:
    """A page without a date in its markup has no date (a year its text mentions is not when
    it was written: the checker would read every claim at that day); a date in its meta tags
    is kept."""
    body = ("<article><h1>Саммит ШОС</h1><p>4 июля 2024 года в Астане прошёл саммит ШОС. "
            "Kazakhstan chaired the SCO in 2023-2024, and the leaders met in Astana.</p>"
            "</article>")
    bare = tmp_path / "bare.html"
    bare.write_text(f"<html><head><title>t</title></head><body>{body}</body></html>", "utf-8")
    assert read_document(bare).date is None
    dated = tmp_path / "dated.html"
    dated.write_text('<html><head><meta property="article:published_time" '
                     f'content="2024-07-05T10:00:00"></head><body>{body}</body></html>', "utf-8")
    assert read_document(dated).date == "2024-07-05"


def test_html_falls_back_to_all_text(tmp_path: Path) -> None:
    # trafilatura finds no main text in a footer-only page.
    path = tmp_path / "contact.html"
    path.write_text(
        "<html><head><script>var x = 1;</script></head>"
        "<body><footer>SCO Secretariat, <b>Beijing</b></footer></body></html>",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert doc.text == "SCO Secretariat, Beijing"
    assert doc.meta["extraction"] == "all-text"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    body = "<p>Шанхайская организация сотрудничества провела саммит в Астане в июле.</p>" * 3
    page = f'<html><head><meta charset="windows-1251"></head><body>{body}</body></html>'
    path.write_bytes(page.encode("cp1251"))
    doc = read_document(path)
    assert doc.encoding == "cp1251"
    assert "провела саммит в Астане" in doc.text


# ------------------------------------------------------------------------------------- PDF


def test_pdf_text_layer_and_embedded_metadata() -> None:
    doc = read_document(FIXTURES / "summit.pdf", meta_sidecar=False)
    assert doc.format == "pdf"
    assert doc.pages == 2
    assert doc.title == "SCO summit note"
    assert doc.date == "2024-07-04"
    assert "The SCO summit took place in Astana in July 2024." in doc.text
    second = doc.meta["page_starts"][1]
    assert doc.text[second:].startswith("Page two: China took over the chair")


def test_sidecar_wins_over_embedded_metadata() -> None:
    doc = read_document(FIXTURES / "summit.pdf")
    assert doc.title == "Briefing on the SCO summit in Astana"
    assert doc.date == "2024-07"
    assert doc.url == "https://example.org/briefings/sco-astana.pdf"
    assert doc.meta["publisher"] == "IGOkit test fixtures"


def test_date_argument_wins_over_everything() -> None:
    doc = read_document(FIXTURES / "summit.pdf", date="2025-01-02")
    assert doc.date == "2025-01-02"
    assert doc.title == "Briefing on the SCO summit in Astana"


def test_bad_date_argument() -> None:
    with pytest.raises(DateFormatError):
        read_document(FIXTURES / "summit.pdf", date="July 2024")


def test_sidecar_with_a_bad_date(tmp_path: Path) -> None:
    path = _copy("ru_cp1251.txt", tmp_path)
    (tmp_path / "ru_cp1251.txt.meta.yaml").write_text("date: 4 July 2024\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"meta\.yaml.*YYYY"):
        read_document(path)


def test_sidecar_dates_become_iso_strings(tmp_path: Path) -> None:
    path = _copy("ru_cp1251.txt", tmp_path)
    (tmp_path / "ru_cp1251.txt.meta.yaml").write_text(
        "date: 2024-07-04\naccessed: 2025-01-10\n", encoding="utf-8"
    )
    doc = read_document(path)
    assert doc.date == "2024-07-04"
    assert doc.meta == {"accessed": "2025-01-10"}
    json.dumps(doc.to_dict())


def test_scanned_pdf_raises_no_text_layer() -> None:
    with pytest.raises(NoTextLayerError, match=r"scanned.*OCR") as info:
        read_document(FIXTURES / "scanned.pdf")
    assert info.value.code == "no-text-layer"
    assert info.value.path == str(FIXTURES / "scanned.pdf")


def test_truncated_pdf_raises_corrupt_file() -> None:
    with pytest.raises(CorruptFileError, match="damaged PDF"):
        read_document(FIXTURES / "corrupt.pdf")


def test_pdf_page_limit() -> None:
    with pytest.raises(FileTooLargeError, match=r"2 pages.*max_pages=1"):
        read_document(FIXTURES / "summit.pdf", max_pages=1)


def test_file_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy("summit.pdf", tmp_path)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_open)
    with pytest.raises(FileTooLargeError, match="max_bytes=1,000"):
        read_document(path, max_bytes=1000)


# ------------------------------------------------------------------------------------ DOCX


def test_docx_paragraphs_and_table_in_order() -> None:
    doc = read_document(FIXTURES / "members.docx")
    assert doc.format == "docx"
    blocks = doc.text.split("\n\n")
    assert blocks == [
        "Members of the SCO",
        "The organisation has ten member states. Belarus joined in 2024.",
        "Country\tStatus\tSince\nKazakhstan\tmember\t2001\nMongolia\tobserver\t2004",
        "Қазақстан ұйымның негізін қалаушылардың бірі.",
        "Казахстан — одно из государств-основателей ШОС.",
    ]
    assert doc.title == "SCO members and observers"
    assert doc.date == "2024-07-04"


def test_docx_merged_cell_appears_once(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "SCO summits"
    for c, value in enumerate(("2019", "Bishkek", "Kyrgyzstan")):
        table.cell(1, c).text = value
    d.save(tmp_path / "t.docx")
    doc = read_document(tmp_path / "t.docx")
    assert doc.text == "SCO summits\n2019\tBishkek\tKyrgyzstan"


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "sheet.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormatError, match="not a Word document"):
        read_document(path)


# ------------------------------------------------------------------------- format detection


def test_magic_bytes_win_over_the_extension(tmp_path: Path) -> None:
    assert read_document(_copy("summit.pdf", tmp_path, "summit.txt")).format == "pdf"
    assert read_document(_copy("members.docx", tmp_path, "members.bin")).format == "docx"
    assert read_document(_copy("article.html", tmp_path, "article.txt")).format == "html"


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(32), UnsupportedFormatError, r"\.png"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + bytes(32), UnsupportedFormatError, "legacy"),
        ("fake.pdf", b"<p>not a pdf</p>", CorruptFileError, "no %PDF header"),
        ("fake.docx", b"plain text", CorruptFileError, "not a ZIP"),
    ],
)
def test_unsupported_and_mislabelled_files(
    tmp_path: Path, name: str, data: bytes, error: type[ReadError], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error, match=message):
        read_document(path)


def test_missing_file() -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_document(FIXTURES / "nothing-here.txt")


# ---------------------------------------------------------------------------------- batches


def test_iter_documents_never_stops_on_a_bad_file(tmp_path: Path) -> None:
    names = ("summit.pdf", "summit.pdf.meta.yaml", "corrupt.pdf", "scanned.pdf", "kk_utf16.txt")
    for name in names:
        _copy(name, tmp_path)
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    _copy("members.docx", sub)

    results = {p.name: r for p, r in iter_documents(tmp_path)}
    assert sorted(results) == ["corrupt.pdf", "kk_utf16.txt", "scanned.pdf", "summit.pdf"]
    assert isinstance(results["corrupt.pdf"], CorruptFileError)
    assert isinstance(results["scanned.pdf"], NoTextLayerError)
    assert isinstance(results["summit.pdf"], Document)
    assert results["summit.pdf"].title == "Briefing on the SCO summit in Astana"

    recursive = [p.name for p, _ in iter_documents([tmp_path], recursive=True)]
    assert "members.docx" in recursive
    assert ".hidden.txt" not in recursive


def test_iter_documents_wraps_unexpected_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import igokit.text.readers as readers

    def boom(name: str, data: bytes, max_pages: int | None) -> None:
        raise RuntimeError("library bug")

    monkeypatch.setitem(readers._PARSERS, "txt", boom)
    _copy("kk_utf16.txt", tmp_path)
    _copy("summit.pdf", tmp_path)
    results = dict(iter_documents(tmp_path))
    err = results[tmp_path / "kk_utf16.txt"]
    assert isinstance(err, ReadError)
    assert "RuntimeError: library bug" in str(err)
    assert isinstance(results[tmp_path / "summit.pdf"], Document)


# ---------------------------------------------------------------------------------- model


def test_document_to_dict_and_normalization() -> None:
    doc = Document(text="a\r\nb\x00", format="md", date="2024", title="  SCO \n summit ")
    assert doc.to_dict() == {
        "text": "a\nb",
        "path": None,
        "format": "md",
        "title": "SCO summit",
        "date": "2024",
        "url": None,
        "sha256": "",
        "size": 0,
        "pages": None,
        "encoding": None,
        "meta": {},
    }


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "24", "2024/07/04", "July 2024"])
def test_bad_dates(value: str) -> None:
    with pytest.raises(DateFormatError):
        normalize_date(value)


def test_normalize_text_is_idempotent() -> None:
    once = normalize_text("\ufeffА\r\nи\u0306\x00")
    assert once == "А\nй"
    assert normalize_text(once) == once


# ---------------------------------------------------------------------------- real corpus


def test_every_corpus_file_reads() -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared is absent")
    results = list(iter_documents(corpus))
    txt = [(p, r) for p, r in results if p.suffix == ".txt"]
    assert txt
    for path, doc in txt:
        assert isinstance(doc, Document), f"{path}: {doc}"
        assert doc.encoding == "utf-8"
        assert len(doc.text) > 1000
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
