"""Text reuse: shingle similarity of two passages (identical, near-identical, unrelated,
inflected Russian) and the corpus search by MinHash LSH over ingested documents."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.reuse import Unit, find_reuse_in_units, passage_similarity, shingles
from igokit.api import KnowledgeBase, find_reuse, ingest
from igokit.cli import main
from igokit.errors import InputError

EN = ("The member states will strengthen practical cooperation in transport, logistics and "
      "the digital economy along the new corridors of the region.")
EN_EDITED = ("The member states will strengthen practical cooperation in transport, logistics "
             "and the green economy along the new corridors of the region.")
EN_OTHER = ("Heavy rain closed three mountain passes on Tuesday, and farmers reported losses "
            "of wheat in the northern valleys.")
RU_A = ("Государства-члены поддерживают строительство нового транспортного коридора между "
        "Китаем и Европой через территорию Казахстана и Узбекистана.")
RU_B = ("Государства-члены поддерживают строительство новых транспортных коридоров между "
        "Китаем и Европой через территории Казахстана и Узбекистана.")


def test_identical_passages_share_everything() -> None:
    s = passage_similarity(EN, EN)
    assert s.jaccard == 1.0 and s.containment == 1.0
    assert s.spans_a == [(0, len(EN) - 1)]  # every word, the final stop aside


def test_near_identical_passage_is_reuse_and_the_shared_spans_skip_the_edit() -> None:
    s = passage_similarity(EN, EN_EDITED)
    assert 0.5 <= s.score < 1.0
    # the shared spans cover the text before and after the changed word, not the word
    covered = "".join(EN[a:b] for a, b in s.spans_a)
    assert "digital" not in covered and "practical cooperation" in covered
    assert "green" not in "".join(EN_EDITED[a:b] for a, b in s.spans_b)


def test_punctuation_and_case_do_not_hide_reuse() -> None:
    s = passage_similarity(EN, EN.upper().replace(",", " ;").replace(".", "!"))
    assert s.jaccard == 1.0


def test_unrelated_passages_share_nothing() -> None:
    assert passage_similarity(EN, EN_OTHER).score == 0.0


def test_inflected_russian_reuse_is_found() -> None:
    lemmatised = passage_similarity(RU_A, RU_B, "ru", "ru").score
    surface_a = set(shingles(RU_A.lower().replace(".", "").split(), 4))
    surface_b = set(shingles(RU_B.lower().replace(".", "").split(), 4))
    surface = len(surface_a & surface_b) / min(len(surface_a), len(surface_b))
    assert lemmatised >= 0.5, lemmatised
    assert surface < 0.3  # word forms alone would miss it


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(InputError):
        shingles(["a"], 0)


def _unit(doc: int, seq: int, text: str, lang: str = "en") -> Unit:
    return Unit(doc, seq, seq * 1000, seq * 1000 + len(text), lang, text, f"doc{doc}")


def test_lsh_finds_reuse_across_documents_and_merges_consecutive_sentences() -> None:
    second = ("The parties agreed to hold joint exercises against terrorism every two years in "
              "the territory of each member state in turn.")
    units = [_unit(1, 0, EN), _unit(1, 1, second), _unit(1, 2, EN_OTHER),
             _unit(2, 0, "A completely different opening sentence about the weather today."),
             _unit(2, 1, EN_EDITED), _unit(2, 2, second),
             _unit(3, 0, EN_OTHER[::-1])]
    rows = find_reuse_in_units(units, threshold=0.5)
    assert len(rows) == 1
    r = rows[0]
    assert (r.doc_a, r.doc_b, r.sentences) == (1, 2, 2)
    assert (r.a_start, r.b_start) == (0, 1000)
    assert r.a_end == 1000 + len(second) and r.b_end == 2000 + len(second)
    assert 0.5 <= r.score < 1.0
    # a sentence is never reuse of itself, nor within one document
    assert not find_reuse_in_units([_unit(1, 0, EN), _unit(1, 1, EN)])
    with pytest.raises(InputError):
        find_reuse_in_units(units, threshold=0)


# -- over an ingested corpus, from the API and the command line -------------------------------

DOC_1 = f"Summit report one.\n\n{RU_A} Стороны обсудили ситуацию в регионе и в мире.\n"
DOC_2 = f"Итоги встречи министров.\n\n{RU_B} Погода в тот день была солнечной и тёплой.\n"
DOC_3 = f"{EN_OTHER}\n"


@pytest.fixture(scope="module")
def corpus_db(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("reuse")
    path = root / "kb.sqlite"
    dst = sqlite3.connect(path)
    kb.conn.backup(dst)
    dst.close()
    docs = root / "docs"
    docs.mkdir()
    for name, text in (("a.txt", DOC_1), ("b.txt", DOC_2), ("c.txt", DOC_3)):
        (docs / name).write_text(text, encoding="utf-8")
    copy = KnowledgeBase(path)
    ingest(copy, [docs])
    yield copy
    copy.close()


def _doc_ids(kb: KnowledgeBase) -> dict[str, int]:
    from igokit.api import list_documents

    return {Path(d.path or "").name: d.id for d in list_documents(kb.conn)}


def test_find_reuse_over_ingested_documents(corpus_db: KnowledgeBase) -> None:
    ids = _doc_ids(corpus_db)
    rows = find_reuse(corpus_db)
    pairs = {(r.doc_a, r.doc_b) for r in rows}
    assert (ids["a.txt"], ids["b.txt"]) in pairs or (ids["b.txt"], ids["a.txt"]) in pairs
    assert all(ids["c.txt"] not in p for p in pairs)
    r = rows[0]
    text = {ids["a.txt"]: DOC_1, ids["b.txt"]: DOC_2}
    # the offsets point into each stored text at the shared sentence
    assert text[int(r.doc_a)][r.a_start:r.a_end].startswith("Государства-члены")
    assert text[int(r.doc_b)][r.b_start:r.b_end].startswith("Государства-члены")


def test_cli_reuse_json_and_csv(corpus_db: KnowledgeBase) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(corpus_db.path), "reuse", "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    assert payload["query"]["pairs"] >= 1
    assert {"doc_a", "a_start", "a_end", "doc_b", "b_start", "b_end", "score",
            "text_a", "text_b"} <= set(payload["results"][0])
    out = runner.invoke(main, ["--db", str(corpus_db.path), "reuse", "--csv"])
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0].startswith("doc_a,document_a,date_a,a_start")
    bad = runner.invoke(main, ["--db", str(corpus_db.path), "reuse", "--threshold", "2"])
    assert bad.exit_code == 2 and "threshold" in bad.stderr
