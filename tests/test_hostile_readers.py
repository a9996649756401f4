"""Issue 14, reader side: hostile files are refused fast, in bounded memory, naming the file.

The hostile corpus is built at test time by ``tests/hostile/build.py``. Every read that could
hang or eat the machine if a fix regressed (bombs, the regex, FIFOs) runs in one child process
with an address-space cap and a timeout, so a regression fails instead of hanging CI.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hostile.build import build_hostile_corpus
from igokit.errors import (
    BudgetExceededError,
    CorruptFileError,
    EncodingError,
    FileTooLargeError,
    InputError,
    ReadError,
    UnsupportedFormatError,
    error_from_data,
)
from igokit.text.budgets import ReadBudgets
from igokit.text.readers import _md_title, iter_documents, parse_sidecar, read_document

SRC = Path(__file__).resolve().parents[1] / "src"
RUSSIAN = (
    "Шанхайская организация сотрудничества (ШОС) была основана в 2001 году.\n"
    "Казахстан председательствует в ШОС в 2024 году; саммит прошёл в Астане.\n"
)

# Runs in a child: the whole folder as a batch, then each case the batch skipped (FIFOs,
# devices, folders) on its own; prints JSON.
_CHILD = r"""
import json, resource, sys
from pathlib import Path
limit = 1536 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from igokit.text.readers import iter_documents, read_document

def outcome(result):
    if isinstance(result, BaseException):
        return {"class": type(result).__name__, "path": getattr(result, "path", None),
                "message": str(result)}
    return {"class": "Document", "text": result.text[:200], "title": (result.title or "")[:20]}

cases = json.loads(sys.argv[1])
batch = [[str(p), outcome(r)] for p, r in iter_documents(sys.argv[2])]
seen = dict(batch)  # the batch reads every regular file with read_document's defaults
out = {}
for case, path in cases.items():
    if path in seen:
        out[case] = seen[path]
        continue
    try:
        out[case] = outcome(read_document(path))
    except BaseException as exc:
        out[case] = outcome(exc)
print(json.dumps({"cases": out, "batch": batch}))
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_hostile_corpus(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def bounded(corpus: dict[str, Path]) -> dict[str, Any]:
    """Every case read by ``read_document`` in a child capped at 1.5 GB of address space
    (the docx bomb of issue 14 took 8.1 GB) with a generous timeout (it took 397 s)."""
    if sys.platform == "win32":  # pragma: no cover - resource is POSIX
        pytest.skip("RLIMIT_AS is POSIX")
    cases = {case: str(path) for case, path in corpus.items()}
    folder = corpus["good_txt"].parent
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(cases), str(folder)],
        capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(SRC),
                                                          "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _expect(bounded: dict[str, Any], corpus: dict[str, Path], case: str, cls: str,
            *, sidecar: bool = False, message: str = "") -> dict[str, Any]:
    if case not in corpus:
        pytest.skip(f"{case} cannot be built on this platform")
    got = bounded["cases"][case]
    assert got["class"] == cls, got
    named = str(corpus[case]) + (".meta.yaml" if sidecar else "")
    assert got["path"] == named
    assert named in got["message"]
    assert message.lower() in got["message"].lower()
    return dict(got)


# ---------------------------------------------------------------- failure 2: YAML alias bomb


def test_sidecar_alias_bomb_is_refused_naming_the_sidecar(bounded: dict[str, Any],
                                                          corpus: dict[str, Path]) -> None:
    got = _expect(bounded, corpus, "yaml_alias_bomb", "BudgetExceededError", sidecar=True,
                  message="aliases")
    assert "line 2" in got["message"]


@pytest.mark.parametrize(
    ("case", "cls", "message"),
    [
        ("yaml_deep_nesting", "BudgetExceededError", "max_sidecar_depth"),
        ("yaml_huge", "BudgetExceededError", "max_sidecar_bytes"),
        ("yaml_not_mapping", "ReadError", "mapping"),
        ("yaml_python_tag", "ReadError", "line 1"),
        ("yaml_not_utf8", "ReadError", "not UTF-8"),
        ("sidecar_is_directory", "ReadError", "not a regular file"),
        ("sidecar_is_fifo", "ReadError", "not a regular file"),
        ("sidecar_is_dev_zero", "ReadError", "not a regular file"),
    ],
)
def test_hostile_sidecars_are_refused_naming_the_sidecar(
    bounded: dict[str, Any], corpus: dict[str, Path], case: str, cls: str, message: str
) -> None:
    _expect(bounded, corpus, case, cls, sidecar=True, message=message)


def test_sidecar_without_aliases_still_reads(tmp_path: Path) -> None:
    doc_path = tmp_path / "a.txt"
    doc_path.write_text("SCO\n", encoding="utf-8")
    (tmp_path / "a.txt.meta.yaml").write_text(
        "title: Summit\ndate: 2024-07-04\ntags: [sco, summit]\nsource: {name: MFA}\n",
        encoding="utf-8",
    )
    doc = read_document(doc_path)
    assert (doc.title, doc.date) == ("Summit", "2024-07-04")
    assert doc.meta == {"tags": ["sco", "summit"], "source": {"name": "MFA"}}


def test_sidecar_budgets_can_be_raised() -> None:
    text = "a: [[[1]]]\n"
    with pytest.raises(BudgetExceededError, match="max_sidecar_depth=2"):
        parse_sidecar(text, "x.meta.yaml", ReadBudgets(max_sidecar_depth=2))
    assert parse_sidecar(text, "x.meta.yaml")[0] == {"a": [[[1]]]}


# ---------------------------------------------------------------- failure 4: DOCX bombs


@pytest.mark.parametrize(
    ("case", "cls", "message"),
    [
        ("docx_bomb_ratio", "BudgetExceededError", "max_zip_ratio"),
        ("docx_bomb_total", "BudgetExceededError", "max_zip_total_bytes"),
        ("docx_bomb_lying_header", "CorruptFileError", "does not match its ZIP header"),
        ("docx_declared_huge_member", "BudgetExceededError", "max_zip_total_bytes"),
        ("docx_many_members", "BudgetExceededError", "max_zip_members"),
        ("docx_deep_xml", "BudgetExceededError", "256"),
        ("docx_billion_laughs", "CorruptFileError", "DOCTYPE"),
        ("docx_external_entity", "CorruptFileError", "DOCTYPE"),
        ("docx_truncated", "CorruptFileError", "damaged DOCX"),
        ("docx_not_word", "UnsupportedFormatError", "not a Word document"),
    ],
)
def test_docx_bombs_are_refused_in_bounded_memory(
    bounded: dict[str, Any], corpus: dict[str, Path], case: str, cls: str, message: str
) -> None:
    _expect(bounded, corpus, case, cls, message=message)


def test_docx_budget_can_be_raised_for_a_trusted_file(corpus: dict[str, Path]) -> None:
    path = corpus["docx_many_members"]
    with pytest.raises(BudgetExceededError, match="raise it"):
        read_document(path)
    doc = read_document(path, budgets=ReadBudgets(max_zip_members=10_000))
    assert doc.text == "SCO"


def test_pdf_flate_bomb_is_a_budget_error(bounded: dict[str, Any],
                                         corpus: dict[str, Path]) -> None:
    _expect(bounded, corpus, "pdf_flate_bomb", "BudgetExceededError",
            message="max_pdf_stream_bytes")


# ---------------------------------------------------------------- failure 5: markdown title


def test_markdown_title_that_used_to_backtrack_reads(bounded: dict[str, Any],
                                                    corpus: dict[str, Path]) -> None:
    got = bounded["cases"]["md_title_backtracking"]
    assert got["class"] == "Document"
    assert got["title"].startswith("a # #")
    assert bounded["cases"]["md_title_hashes"]["class"] == "Document"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Summit in Astana\nbody", "Summit in Astana"),
        ("intro\n## *Astana* ##  \n", "Astana"),
        ("###### Six\n", "Six"),
        ("####### seven\n# Real\n", "Real"),
        ("#hashtag\n#\tTabbed #\n", "Tabbed"),
        ("# #\n# Later\n", None),
        ("no heading\n", None),
    ],
)
def test_markdown_title_rules(text: str, title: str | None) -> None:
    assert _md_title(text) == title


# ------------------------------------------------ only regular files; 254-character names


@pytest.mark.parametrize("case", ["fifo", "dev_zero", "directory"])
def test_special_files_are_refused_without_opening(
    bounded: dict[str, Any], corpus: dict[str, Path], case: str
) -> None:
    _expect(bounded, corpus, case, "ReadError", message="not a regular file")


def test_254_character_name_reads_without_a_sidecar(bounded: dict[str, Any],
                                                    corpus: dict[str, Path]) -> None:
    assert len(corpus["long_name"].name) == 254
    assert bounded["cases"]["long_name"]["class"] == "Document"
    assert read_document(corpus["long_name"]).text.startswith("Kazakhstan")


def test_other_sidecar_os_errors_name_the_sidecar(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    doc_path = tmp_path / "a.txt"
    doc_path.write_text("SCO\n", encoding="utf-8")
    real_lstat = Path.lstat

    def lstat(self: Path) -> Any:
        if self.name.endswith(".meta.yaml"):
            raise PermissionError(13, "Permission denied", str(self))
        return real_lstat(self)

    monkeypatch.setattr(Path, "lstat", lstat)
    with pytest.raises(ReadError, match="Permission denied") as info:
        read_document(doc_path)
    assert info.value.path == str(doc_path) + ".meta.yaml"


def test_file_over_max_bytes_is_refused(corpus: dict[str, Path]) -> None:
    with pytest.raises(FileTooLargeError, match="max_bytes=200,000,000"):
        read_document(corpus["sparse_huge"])


# ---------------------------------------------------------------- failure 15


@pytest.mark.parametrize(("case", "codec"), [("utf16le_no_bom", "utf-16-le"),
                                             ("utf16be_no_bom", "utf-16-be")])
def test_utf16_without_bom_is_decoded(corpus: dict[str, Path], case: str, codec: str) -> None:
    doc = read_document(corpus[case])
    assert (doc.text, doc.encoding) == (RUSSIAN, codec)
    assert "encoding_warning" not in doc.meta


def test_mixed_utf8_and_cp1251_is_decoded_line_by_line_with_a_warning(
    corpus: dict[str, Path],
) -> None:
    doc = read_document(corpus["mixed_utf8_cp1251"])
    assert doc.text.splitlines() == [
        "Первая строка в UTF-8: Казахстан и ШОС.",
        "Вторая строка в cp1251: саммит в Астане.",
        "Третья строка снова в UTF-8.",
    ]
    assert doc.encoding == "utf-8+cp1251"
    assert "2 line(s) read as UTF-8 and 1 as cp1251" in doc.meta["encoding_warning"]


def test_binary_text_is_an_encoding_error(corpus: dict[str, Path]) -> None:
    with pytest.raises(EncodingError) as info:
        read_document(corpus["binary_as_txt"])
    assert info.value.path == str(corpus["binary_as_txt"])


def test_nul_bytes_in_utf8_text_are_dropped(corpus: dict[str, Path]) -> None:
    doc = read_document(corpus["nul_bytes"])
    assert doc.encoding == "utf-8"
    assert "\x00" not in doc.text and doc.text.startswith("Kazakhstan chairs")


def test_aes_pdf_with_empty_password_is_read(corpus: dict[str, Path]) -> None:
    if "pdf_aes_empty_password" not in corpus:
        pytest.skip("building an AES PDF needs the cryptography package")
    doc = read_document(corpus["pdf_aes_empty_password"])
    assert doc.text == "Kazakhstan chairs the SCO in 2024."


def test_pdf_needing_a_password_says_so(corpus: dict[str, Path]) -> None:
    if "pdf_aes_password_needed" not in corpus:
        pytest.skip("building an AES PDF needs the cryptography package")
    with pytest.raises(UnsupportedFormatError, match="needs a password") as info:
        read_document(corpus["pdf_aes_password_needed"])
    assert "damaged" not in str(info.value)


def test_sidecar_bad_date_names_the_sidecar_and_line(corpus: dict[str, Path]) -> None:
    with pytest.raises(ReadError, match=r"line 3: .*2024-13-45") as info:
        read_document(corpus["yaml_bad_date"])
    assert info.value.path == str(corpus["yaml_bad_date"]) + ".meta.yaml"


def test_sidecar_date_of_wrong_shape_names_the_line(tmp_path: Path) -> None:
    doc_path = tmp_path / "a.txt"
    doc_path.write_text("SCO\n", encoding="utf-8")
    (tmp_path / "a.txt.meta.yaml").write_text("title: t\n\ndate: July 2024\n", encoding="utf-8")
    with pytest.raises(ReadError, match="line 3: bad date") as info:
        read_document(doc_path)
    assert info.value.path.endswith("a.txt.meta.yaml")


# ---------------------------------------------------------------- budgets and the batch


def test_text_budget(corpus: dict[str, Path]) -> None:
    with pytest.raises(BudgetExceededError, match="max_text_chars=10") as info:
        read_document(corpus["good_txt"], budgets=ReadBudgets(max_text_chars=10))
    rebuilt = error_from_data(info.value.to_data())  # crosses a process boundary as data
    assert isinstance(rebuilt, BudgetExceededError) and rebuilt.path == info.value.path
    assert isinstance(pickle.loads(pickle.dumps(info.value)), BudgetExceededError)


def test_budgets_refuse_nonsense() -> None:
    with pytest.raises(InputError, match="max_zip_members"):
        ReadBudgets(max_zip_members=-1)


def test_batch_keeps_every_good_file_and_names_every_bad_one(bounded: dict[str, Any],
                                                             corpus: dict[str, Path]) -> None:
    batch = {Path(p).name: r for p, r in bounded["batch"]}
    for good in ("good.txt", "good.pdf", "good.docx", "ru_utf16le.txt", "mixed.txt"):
        assert batch[good]["class"] == "Document", batch[good]
    for name, result in batch.items():
        if result["class"] != "Document":
            assert result["class"] in {
                c.__name__ for c in (ReadError, BudgetExceededError, CorruptFileError,
                                     EncodingError, FileTooLargeError, UnsupportedFormatError)
            }, (name, result)
            assert result["path"].startswith(str(corpus["good_txt"].parent))
    assert batch["bomb_ratio.docx"]["class"] == "BudgetExceededError"


def test_iter_documents_passes_budgets(corpus: dict[str, Path]) -> None:
    results = dict(iter_documents([corpus["good_txt"], corpus["good_docx"]],
                                  budgets=ReadBudgets(max_text_chars=2)))
    assert all(isinstance(r, BudgetExceededError) for r in results.values())
