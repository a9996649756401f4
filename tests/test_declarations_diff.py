"""How declarations change: cross-language alignment by anchors, the commitment diff classes on
two hand-written mini declarations, the cue file's validation, ``igokit diff`` (JSON, CSV), the
web page and JSON endpoints, and the report section with and without documents."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.declarations import anchor_similarity, load_commitment_cues
from igokit.api import (
    KnowledgeBase,
    align_documents,
    diff_declarations,
    ingest,
    list_documents,
    passage_alignment_score,
)
from igokit.cli import main
from igokit.errors import DataError, InputError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

# Two mini declarations, written for these tests. B repeats A's first commitment, changes the
# second, adds a third; A's third is dropped; the last sentence of each has no commitment cue.
DECL_A = (
    "The member states will strengthen practical cooperation in transport and logistics along "
    "the international corridors of the region.\n\n"
    "The member states support the initiative of Kazakhstan to hold a regional forum on water "
    "resources in Astana.\n\n"
    "The parties shall hold joint counter-terrorism exercises every two years in the territory "
    "of each member state in turn.\n\n"
    "The meeting took place in a friendly and constructive atmosphere.\n"
)
DECL_B = (
    "The meeting took place in a friendly and constructive atmosphere.\n\n"
    "The member states support the initiative of Kazakhstan to hold a regional forum on water "
    "resources and call for a joint programme on glaciers and climate.\n\n"
    "The member states will strengthen practical cooperation in transport and logistics along "
    "the international corridors of the region.\n\n"
    "The parties agree to establish a council on the digital economy with its seat in Bishkek.\n"
)
# A short hand-written English text and its Russian counterpart.
EN = ("Kazakhstan and China signed an agreement on 15 June 2005 in Astana.\n\n"
      "Trade between Russia and India reached 12 billion US dollars in 2019.\n\n"
      "The heads of state also discussed the situation in Afghanistan.\n")
RU = ("Казахстан и Китай подписали соглашение 15 июня 2005 года в Астане.\n\n"
      "Товарооборот между Россией и Индией достиг 12 млрд долларов США в 2019 году.\n\n"
      "Главы государств также обсудили положение в Афганистане.\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("decl-files")
    out = {}
    for name, text in (("decl_a_declaration.txt", DECL_A), ("decl_b_declaration.txt", DECL_B),
                       ("en.txt", EN), ("ru.txt", RU)):
        out[name] = root / name
        out[name].write_text(text, encoding="utf-8")
    return out


def _by_status(rows: list) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in rows:
        out.setdefault(r.status, []).append(r)
    return out


def test_diff_classes_on_two_mini_declarations(kb: KnowledgeBase, files: dict[str, Path]
                                               ) -> None:
    rows = diff_declarations(kb, files["decl_a_declaration.txt"],
                             files["decl_b_declaration.txt"])
    got = _by_status(rows)
    assert rows.query["counts"] == {"repeated": 1, "changed": 1, "new": 1, "dropped": 1}
    assert "transport and logistics" in got["repeated"][0].a_text
    assert got["repeated"][0].similarity == 1.0
    changed = got["changed"][0]
    assert "water" in changed.a_text and "glaciers" in changed.b_text
    assert 0.25 <= changed.similarity < 0.6 and changed.basis == "words"
    assert "digital economy" in got["new"][0].b_text and got["new"][0].a_text == ""
    assert "counter-terrorism" in got["dropped"][0].a_text
    # offsets point into the texts
    r = got["repeated"][0]
    assert DECL_A[r.a_start:r.a_end].startswith("The member states will")
    assert DECL_B[r.b_start:r.b_end].startswith("The member states will")
    # the cue-less sentence is not a commitment, unless every sentence is compared
    assert not any("atmosphere" in (x.a_text + x.b_text) for x in rows)
    every = diff_declarations(kb, files["decl_a_declaration.txt"],
                              files["decl_b_declaration.txt"], every_sentence=True)
    assert every.query["counts"]["repeated"] == 2
    frame = rows.to_frame()
    assert list(frame["status"]) == [r.status for r in rows]


def test_cross_language_alignment_by_anchors(kb: KnowledgeBase, files: dict[str, Path]) -> None:
    rows = align_documents(kb, files["en.txt"], files["ru.txt"])
    pairs = [(r.a_text.split()[0], r.b_text.split()[0]) for r in rows
             if r.a_text and r.b_text]
    assert pairs == [("Kazakhstan", "Казахстан"), ("Trade", "Товарооборот"), ("The", "Главы")]
    assert all(r.basis == "anchors" and r.lang_a == "en" and r.lang_b == "ru"
               for r in rows)
    # the same passages taken whole: the sentences about other things do not match
    same, basis, la, lb = passage_alignment_score(kb, EN.split("\n\n")[1], RU.split("\n\n")[1])
    other, _, _, _ = passage_alignment_score(kb, EN.split("\n\n")[0], RU.split("\n\n")[1])
    assert (basis, la, lb) == ("anchors", "en", "ru")
    assert same >= 0.4 > other


def test_anchor_similarity_needs_shared_anchors() -> None:
    assert anchor_similarity({"e:KAZ"}, {"e:CHN"}, 50, 50) == 0.0
    assert anchor_similarity(set(), {"e:CHN"}, 50, 50) == 0.0
    one = anchor_similarity({"e:KAZ"}, {"e:KAZ"}, 50, 50)
    three = anchor_similarity({"e:KAZ", "y:2005", "n:15"}, {"e:KAZ", "y:2005", "n:15"}, 50, 50)
    assert one < three  # one shared anchor is weaker evidence than three
    assert anchor_similarity({"e:KAZ"}, {"e:KAZ"}, 50, 500) < one  # lengths far apart


def test_commitment_cues_match_word_forms() -> None:
    cues = load_commitment_cues()
    assert cues.find("Стороны поддержали инициативу Казахстана.", "ru") == ["поддержать"]
    assert "будут" in cues.find("Государства-члены будут развивать сотрудничество.", "ru")
    assert cues.find("China supported the plan.", "en") == ["support"]
    assert cues.find("The weather was fine.", "en") == []
    assert "қолдайды" in cues.find("Мүше мемлекеттер бастаманы қолдайды.", "kk")


def test_a_bad_cue_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("version: 1\nlanguages:\n  en:\n    any_form: [support]\n  fr:\n"
                   "    as_written: [va]\n  ru:\n    any_forms: [будут]\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_commitment_cues(bad)
    problems = exc.value.problems
    assert any(p.startswith(f"{bad}:3:") and "'fr'" in p for p in problems), problems
    assert any(f"{bad}:8:" in p and "any_forms" in p for p in problems), problems


def test_unknown_reference_is_an_input_error(kb: KnowledgeBase, files: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="neither a file"):
        diff_declarations(kb, "no/such/file.txt", files["en.txt"])
    with pytest.raises(InputError, match="no ingested document"):
        diff_declarations(kb, "99999", files["en.txt"])


# -- ingested: the command line, the web app, the report ------------------------------------------

@pytest.fixture(scope="module")
def decl_db(kb: KnowledgeBase, files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("decl-db")
    path = root / "kb.sqlite"
    dst = sqlite3.connect(path)
    kb.conn.backup(dst)
    dst.close()
    copy = KnowledgeBase(path)
    ingest(copy, [files["decl_a_declaration.txt"]], date="2020-06-01")
    ingest(copy, [files["decl_b_declaration.txt"]], date="2021-06-01")
    yield copy
    copy.close()


def _ids(kb: KnowledgeBase) -> tuple[int, int]:
    by_name = {Path(d.path or "").name: d.id for d in list_documents(kb.conn)}
    return by_name["decl_a_declaration.txt"], by_name["decl_b_declaration.txt"]


def test_cli_diff_json_and_csv(decl_db: KnowledgeBase, files: dict[str, Path]) -> None:
    a, b = _ids(decl_db)
    runner = CliRunner()
    out = runner.invoke(main, ["--db", str(decl_db.path), "diff", str(a), str(b), "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    assert payload["query"]["counts"] == {"repeated": 1, "changed": 1, "new": 1, "dropped": 1}
    assert payload["query"]["a"]["doc_id"] == a
    out = runner.invoke(main, ["--db", str(decl_db.path), "diff", str(files["en.txt"]),
                               str(files["ru.txt"]), "--all", "--csv"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert lines[0].startswith("status,similarity,basis,a_start,a_end,a_text")
    assert sum(1 for line in lines[1:] if line.startswith(("repeated", "changed"))) == 3
    bad = runner.invoke(main, ["--db", str(decl_db.path), "diff", "nowhere.txt", str(b)])
    assert bad.exit_code == 2 and "nowhere.txt" in bad.stderr


def test_web_diff_json_html_and_reuse(decl_db: KnowledgeBase) -> None:
    from igokit.web.app import create_app

    a, b = _ids(decl_db)
    with TestClient(create_app(str(decl_db.path)), base_url="http://127.0.0.1") as c:
        r = c.get("/api/diff", params={"a": a, "b": b})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["query"]["counts"]["new"] == 1
        assert {x["status"] for x in body["results"]} == {"repeated", "changed", "new",
                                                          "dropped"}
        assert c.get("/api/diff", params={"a": a, "b": 999_999}).status_code == 404
        assert c.get("/api/diff", params={"a": a, "b": b, "threshold": 3}).status_code == 422
        page = c.get("/diff", params={"a": a, "b": b})
        assert page.status_code == 200 and "digital economy" in page.text
        assert "dropped" in page.text
        assert c.get("/diff").status_code == 200
        reuse = c.get("/api/reuse")
        assert reuse.status_code == 200 and reuse.json()["query"]["pairs"] >= 1


def _render(section: object) -> str:
    from igokit.report.build import environment

    env = environment()
    tpl = env.from_string('{% import "_macros.html.j2" as m with context %}'
                          "{% include s.template %}")
    return tpl.render(s=section, known_sources=set(), org_name="SCO", listed=set())


def test_report_section_with_and_without_documents(decl_db: KnowledgeBase,
                                                   tmp_path: Path) -> None:
    from igokit.report.charts import FigureWriter
    from igokit.report.context import ReportContext
    from igokit.report.sections import declarations

    def context() -> ReportContext:
        return ReportContext(kb=decl_db, org="SCO", country="KAZ", out_dir=tmp_path,
                             today=dt.date(2024, 1, 1), figures=FigureWriter(tmp_path))

    empty = context()
    empty.cache["documents"] = []
    html = _render(declarations.build(empty))
    assert "Fewer than two documents" in html
    full = declarations.build(context())
    assert full.data["n_declarations"] == 2
    assert full.data["diffs"][0]["new"] == 1 and full.data["diffs"][0]["dropped"] == 1
    html = _render(full)
    assert "digital economy" in html and "Consecutive declarations" in html
    assert (tmp_path / "tables" / "declaration-diff-latest.csv").is_file()
