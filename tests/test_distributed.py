"""`igokit process` on a real Dask LocalCluster (2 worker processes) and `igokit load-parquet`:
the Parquet partitions hold what the local pipeline finds, and loading them gives the knowledge
base `igokit ingest` gives for the same files."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from igokit.analysis.claims import check_text
from igokit.analysis.coding import DictionaryCoder
from igokit.analysis.extraction import extract_file
from igokit.analysis.ingest import ingest, iter_files
from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.engine.distributed import process_corpus
from igokit.errors import InputError
from igokit.kb.documents import list_documents, load_extraction, passage_texts
from igokit.kb.parquet_import import load_parquet
from igokit.kb.parquet_schema import MANIFESTS, SCHEMAS, TABLES
from igokit.text.segment import split_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "text"

_EN = [
    "The Shanghai Cooperation Organisation has ten member states.",
    "Kazakhstan chaired the SCO in 2024 and hosted the summit in Astana on 4 July 2024.",
    "Trade and energy security were discussed with China and Russia; terrorism and extremism "
    "remain the main threats, the ministers said.",
    "India and Pakistan joined the organization in 2017.",
]
_RU = [
    "Шанхайская организация сотрудничества была основана в 2001 году.",
    "Казахстан председательствовал в ШОС в 2024 году, саммит прошёл в Астане.",
    "Министры обсудили торговлю, транспорт и борьбу с терроризмом.",
]


def _corpus(folder: Path, n: int = 10) -> list[Path]:
    """n generated texts (English and Russian paragraphs about the SCO), one duplicate of the
    first in another partition, one damaged PDF, one real HTML and DOCX file."""
    folder.mkdir()
    for i in range(n):
        paras = [_EN[(i + k) % len(_EN)] for k in range(1 + i % 3)]
        paras.append(_RU[i % len(_RU)])
        if i % 2:
            paras.insert(0, f"ASTANA, July {1 + i} (Kazinform) – Report {i}.")
        (folder / f"doc{i:02d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    shutil.copy(folder / "doc00.txt", folder / "zz-duplicate.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    shutil.copy(FIXTURES / "article.html", folder / "article.html")
    shutil.copy(FIXTURES / "members.docx", folder / "members.docx")
    return list(iter_files([folder]))


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, kb: KnowledgeBase, client: Client
        ) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("distributed")
    files = _corpus(root / "corpus")
    out = root / "out"
    report = process_corpus(files, out, kb_path=kb.path, client=client, partition_size=4)
    tables = {t: pd.read_parquet(out / t) for t in TABLES}
    return {"files": files, "out": out, "report": report, "tables": tables, "root": root}


def test_partitions_and_row_counts(run: dict[str, Any]) -> None:
    report, tables = run["report"], run["tables"]
    assert report.partitions == 4 and len(report.written) == 4  # 14 files, 4 per partition
    assert report.workers == 2 and not report.failed_partitions
    assert [Path(p).name for p, _ in report.failed_files] == ["broken.pdf"]
    docs = tables["documents"]
    assert len(docs) == report.documents == 13  # the duplicate is in another partition
    assert docs["sha256"].nunique() == 12
    for table, frame in tables.items():
        assert report.rows[table] == len(frame), table
        assert list(frame.columns) == SCHEMAS[table].names, table
        for part in sorted((run["out"] / table).glob("*.parquet")):
            assert pq.read_schema(part).remove_metadata() == SCHEMAS[table], part
    per_doc = docs.set_index("sha256")
    counts = tables["passages"].drop_duplicates(["sha256", "seq"]).groupby("sha256").size()
    assert all(per_doc.loc[s, "n_passages"].max() == counts.get(s, 0) for s in per_doc.index)
    assert len(tables["claims"]) > 0 and len(tables["codes"]) > 0


def test_ran_on_the_cluster_workers(run: dict[str, Any]) -> None:
    manifests = [json.loads(p.read_text()) for p in (run["out"] / MANIFESTS).glob("*.json")]
    assert len(manifests) == 4
    assert sum(m["documents"] for m in manifests) == 13
    assert {Path(f["path"]).name for m in manifests for f in m["failed"]} == {"broken.pdf"}
    # the work ran in the worker processes, not in this one
    pids = {m["worker"]["pid"] for m in manifests}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_offsets_slice_the_text(run: dict[str, Any]) -> None:
    tables = run["tables"]
    text = dict(zip(tables["documents"]["sha256"], tables["documents"]["text"], strict=True))
    for sha, group in tables["passages"].drop_duplicates(["sha256", "seq"]).groupby("sha256"):
        paras = split_paragraphs(text[sha])
        assert [text[sha][r.start:r.end] for r in group.itertuples()] == [p.text for p in paras]
    for r in tables["mentions"].itertuples():
        assert text[r.sha256][r.start:r.end] == r.text
    for r in tables["claims"].itertuples():
        assert text[r.sha256][r.start:r.end] == r.text


def test_mentions_codes_claims_equal_the_local_pipeline(run: dict[str, Any],
                                                        kb: KnowledgeBase) -> None:
    tables = run["tables"]
    docs = tables["documents"].drop_duplicates("sha256").set_index("path")
    mentions = tables["mentions"].drop_duplicates()
    coder = DictionaryCoder()
    for path in run["files"]:
        if path.name == "broken.pdf" or str(path) not in docs.index:
            continue
        local = extract_file(kb, path).to_dict()
        sha = docs.loc[str(path), "sha256"]
        assert local["document"]["sha256"] == sha
        want = sorted((m["start"], m["end"], m["entity"], m["kind"]) for m in local["mentions"])
        got = mentions[mentions["sha256"] == sha]
        assert sorted(zip(got["start"], got["end"], got["entity"], got["kind"],
                          strict=True)) == want, path.name
        codes = tables["codes"].drop_duplicates(["sha256", "passage_seq", "area"])
        codes = codes[codes["sha256"] == sha]
        want_codes = set()
        for seq, p in enumerate(local["paragraphs"]):
            body = local["text"][p["start"]:p["end"]]
            unit = coder.code_text(body, lang=_passage_lang(local, seq), offset=p["start"])
            want_codes |= {(seq, a, s) for a, s in unit.scores.items()}
        assert set(zip(codes["passage_seq"], codes["area"], codes["score"],
                       strict=True)) == want_codes, path.name
        report = check_text(kb, local["text"], doc_date=local["document"].get("date"))
        claims = tables["claims"].drop_duplicates(["sha256", "seq"])
        claims = claims[claims["sha256"] == sha].sort_values("seq")
        assert list(zip(claims["start"], claims["verdict"], strict=True)) == \
            [(c.start, c.verdict) for c in report.claims], path.name


def _passage_lang(extraction: dict[str, Any], seq: int) -> str:
    langs: dict[str, int] = {}
    for s in extraction["sentences"]:
        if s["paragraph"] == seq:
            langs[s["lang"]] = langs.get(s["lang"], 0) + s["end"] - s["start"]
    return max(langs.items(), key=lambda kv: kv[1])[0] if langs else "other"


def _kb_contents(kb: KnowledgeBase) -> dict[str, Any]:
    docs = {}
    for d in list_documents(kb.conn):
        ex = load_extraction(kb.conn, d.id)
        docs[d.sha256] = {"path": d.path, "format": d.format, "title": d.title, "date": d.date,
                          "lang": d.lang, "n_words": d.n_words, "n_mentions": d.n_mentions,
                          "text": ex["text"], "mentions": ex["mentions"],
                          "sentences": ex["sentences"], "dates": ex["dates"]}
    passages = sorted((p.path, p.seq, p.lang, p.text) for p in passage_texts(kb.conn))
    return {"documents": docs, "passages": passages}


def test_load_parquet_gives_what_ingest_gives(run: dict[str, Any], tmp_path: Path) -> None:
    loaded = KnowledgeBase(tmp_path / "loaded.sqlite")
    report = load_parquet(loaded.conn, run["out"])
    assert (report.added, report.skipped) == (12, 1)  # the duplicate is stored once
    ingested = KnowledgeBase(tmp_path / "ingested.sqlite")
    ingest(ingested, run["files"])
    assert _kb_contents(loaded) == _kb_contents(ingested)
    again = load_parquet(loaded.conn, run["out"])
    assert (again.added, again.skipped) == (0, 13)
    loaded.close()
    ingested.close()


def test_resumes_and_redoes_only_what_changed(tmp_path: Path, kb: KnowledgeBase,
                                              client: Client) -> None:
    files = _corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    first = process_corpus(files, out, kb_path=kb.path, client=client, partition_size=4)
    assert len(first.written) == 4
    second = process_corpus(files, out, kb_path=kb.path, client=client, partition_size=4)
    assert second.skipped == ["part-00000", "part-00001", "part-00002", "part-00003"]
    assert second.written == [] and second.documents == 0
    # the failures of a skipped partition are still reported (from its manifest)
    assert [Path(p).name for p, _ in second.failed_files] == ["broken.pdf"]
    # an interrupted run: the last partition's manifest never written, a temp file left over
    (out / MANIFESTS / "part-00003.json").unlink()
    (out / "documents" / ".part-00003.parquet.dead.tmp").write_bytes(b"partial")
    # and one input file (in the first partition) changed since
    changed = next(f for f in files if f.name == "doc00.txt")
    changed.write_text("Kyrgyzstan hosted the SCO summit in Bishkek in 2019.\n",
                       encoding="utf-8")
    third = process_corpus(files, out, kb_path=kb.path, client=client, partition_size=4)
    assert sorted(third.written) == ["part-00000", "part-00003"]
    assert third.skipped == ["part-00001", "part-00002"]
    docs = pd.read_parquet(out / "documents")  # the hidden temp file is not read
    assert len(docs) == 13 and docs["sha256"].nunique() == 13  # doc00 no longer a duplicate
    mentions = pd.read_parquet(out / "mentions")
    assert "KGZ" in set(mentions[mentions["sha256"].isin(
        docs.loc[docs["path"] == str(changed), "sha256"])]["entity"])
    # a smaller corpus: the partitions beyond it are removed
    fourth = process_corpus(files[:5], out, kb_path=kb.path, client=client, partition_size=4)
    assert fourth.partitions == 2
    assert sorted(p.name for p in (out / "documents").glob("*.parquet")) == \
        ["part-00000.parquet", "part-00001.parquet"]


def test_cli_process_and_load_parquet(tmp_path: Path, kb: KnowledgeBase) -> None:
    files = _corpus(tmp_path / "corpus", n=3)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["--db", str(kb.path), "process", str(tmp_path / "corpus"),
                                  "--out", str(out), "--workers", "2", "--partition-size", "3",
                                  "--no-claims", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 6 and data["workers"] == 2
    assert data["rows"]["claims"] == 0 and data["rows"]["codes"] > 0
    assert len(data["failed_files"]) == 1
    fresh = tmp_path / "fresh.sqlite"
    result = runner.invoke(main, ["--db", str(fresh), "load-parquet", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 5
    loaded = KnowledgeBase(fresh)
    assert {d.path for d in list_documents(loaded.conn)} == \
        {str(f) for f in files if f.name not in ("broken.pdf", "zz-duplicate.txt")}
    loaded.close()


def test_bad_input_is_a_clear_error(tmp_path: Path, kb: KnowledgeBase) -> None:
    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    result = runner.invoke(main, ["--db", str(kb.path), "load-parquet", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "not a processed corpus" in result.output
    with pytest.raises(InputError, match="partition-size"):
        process_corpus([], tmp_path / "out", kb_path=kb.path, partition_size=0)
    not_a_kb = tmp_path / "notes.sqlite"
    not_a_kb.write_text("not a database, just words " * 100, encoding="utf-8")
    with pytest.raises(InputError, match="not an IGOkit knowledge base"):
        process_corpus([], tmp_path / "out", kb_path=not_a_kb)
    assert not_a_kb.read_text(encoding="utf-8").startswith("not a database")
