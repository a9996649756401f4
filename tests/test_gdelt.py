"""The GDELT importer: 1.0 and 2.0 event files (ragged, zipped, with bad rows) → typed rows,
the SCO's rows → events checked against the knowledge base; and ``igokit gdelt``.

Rows are built here field by field (never copied data); the real 710-row sample of
../shared is read when it is present."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.events.gdelt import (
    V1_COLUMNS,
    V1_HISTORICAL_COLUMNS,
    V2_COLUMNS,
    load_gdelt_mapping,
)
from igokit.analysis.importers.gdelt import import_gdelt, read_gdelt, read_header_file
from igokit.api import KnowledgeBase
from igokit.cli import main


def row(columns: tuple[str, ...], **values: str) -> str:
    """One tab-separated GDELT row with ``values`` in their columns (the rest empty)."""
    base = {"GLOBALEVENTID": "1", "SQLDATE": "20240704", "EventCode": "010",
            "EventBaseCode": "010", "EventRootCode": "01", "QuadClass": "1",
            "GoldsteinScale": "0.0", "NumMentions": "2", "NumSources": "1",
            "NumArticles": "2", "AvgTone": "1.5", "DATEADDED": "20240705"}
    base.update(values)
    return "\t".join(base.get(c, "") for c in columns)


# a summit day: Astana, 2024-07-03/04 (SCO Council of Heads of State); Kazakhstan is FIPS KZ
SUMMIT_MEET = dict(GLOBALEVENTID="101", SQLDATE="20240704", Actor1Code="CHNGOV",
                   Actor1Name="CHINA", Actor1CountryCode="CHN", Actor2Code="RUSGOV",
                   Actor2Name="RUSSIA", Actor2CountryCode="RUS", EventCode="043",
                   EventBaseCode="043", EventRootCode="04", ActionGeo_CountryCode="KZ",
                   ActionGeo_FullName="Astana, Kazakhstan", ActionGeo_Lat="51.18",
                   ActionGeo_Long="71.45", SOURCEURL="https://example.org/a")
SCO_SIGNS = dict(GLOBALEVENTID="102", SQLDATE="20240704", Actor1Code="IGO",
                 Actor1Name="SHANGHAI COOPERATION ORGANIZATION", Actor2Code="KAZ",
                 Actor2Name="KAZAKHSTAN", Actor2CountryCode="KAZ", EventCode="057",
                 EventBaseCode="057", EventRootCode="05", ActionGeo_CountryCode="KZ")
WRONG_PLACE = dict(SUMMIT_MEET, GLOBALEVENTID="103", ActionGeo_CountryCode="CH")
UNRELATED = dict(GLOBALEVENTID="104", Actor1Code="USA", Actor1CountryCode="USA",
                 Actor2Code="FRA", Actor2CountryCode="FRA", ActionGeo_CountryCode="FR")
OSCE = dict(GLOBALEVENTID="105", Actor1Code="IGOSCE", Actor1Name="OSCE", Actor2Code="KAZ",
            Actor2CountryCode="KAZ")


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_columns_match_the_gdelt_schema_tables(shared: Path) -> None:
    folder = shared / "data" / "gdelt"
    assert tuple(read_header_file(folder / "gdeltPyR_events1.csv")) == V1_COLUMNS
    assert tuple(read_header_file(folder / "gdeltPyR_events2.csv")) == V2_COLUMNS
    assert len(V1_COLUMNS) == 58 and len(V1_HISTORICAL_COLUMNS) == 57 and len(V2_COLUMNS) == 61


def test_shared_sample_of_710_ragged_rows(shared: Path, kb: KnowledgeBase) -> None:
    sample = shared / "data" / "gdelt" / "gdelt-demo_events_v1_sample.tsv"
    f = read_gdelt(sample)
    assert len(f.rows) == 710 and not f.problems
    assert f.widths == {57: 201, 58: 509}
    first = f.rows[0]
    assert first.event_id == 564111644 and first.date == "2006-07-31"
    assert first.actor1_iso3 == "USA" and first.event_code == "010"
    assert first.source_url and first.source_url.startswith("http")
    back = next(r for r in f.rows if r.line == next(
        i for i, ln in enumerate(sample.read_text().splitlines(), 1) if ln.count("\t") == 56))
    assert back.source_url is None  # a 57-column back-file row has no SOURCEURL
    # the same rows through the schema's own header file
    named = read_gdelt(sample, read_header_file(
        shared / "data" / "gdelt" / "gdelt-demo_events_column_names.csv"))
    assert [r.event_id for r in named.rows] == [r.event_id for r in f.rows]
    result = import_gdelt(kb, [sample], check=True)
    counts = result.counts()
    assert counts["rows"] == 710 and counts["skipped"] == 0
    # 2016-07-28 is no SCO meeting day: the rows about two SCO members are few and untyped
    assert counts["sco_rows"] == len(result.relevant) < 10
    assert sum(counts["verdicts"].values()) == counts["typed_events"]


def test_v1_v2_ragged_and_bad_rows_with_their_line(tmp_path: Path) -> None:
    lines = [
        row(V1_COLUMNS, **SUMMIT_MEET),  # line 1: 1.0, 58 columns
        row(V1_HISTORICAL_COLUMNS, **dict(SUMMIT_MEET, GLOBALEVENTID="2")),  # 57: back-file
        row(V2_COLUMNS, **dict(SUMMIT_MEET, GLOBALEVENTID="3",
                               ActionGeo_ADM2Code="KZ01")),  # 61: 2.0
        "1\t2\t3",  # line 4: no GDELT width
        row(V1_COLUMNS, **dict(SUMMIT_MEET, SQLDATE="2024-07-04")),  # line 5: bad date
        row(V1_COLUMNS, **dict(SUMMIT_MEET, GoldsteinScale="lots")),  # line 6: bad number
        "",
        row(V1_COLUMNS, **dict(SUMMIT_MEET, GLOBALEVENTID="8", Actor1Name='CHINA "X')),
    ]
    path = write(tmp_path / "events.tsv", lines)
    f = read_gdelt(path)
    assert [r.event_id for r in f.rows] == [101, 2, 3, 8]
    assert [r.version for r in f.rows] == ["1.0", "1.0", "2.0", "1.0"]
    assert f.rows[2].action_lat == pytest.approx(51.18)  # 2.0's ADM2 column shifts Lat
    assert f.rows[0].action_iso3 == "KAZ" and f.rows[0].actor2_iso3 == "RUS"
    assert f.rows[0].line == 1 and f.rows[3].line == 8
    assert len(f.problems) == 3
    assert f.problems[0].startswith(f"{path}:4: 3 fields")
    assert f.problems[1].startswith(f"{path}:5: column SQLDATE")
    assert f.problems[2].startswith(f"{path}:6: column GoldsteinScale")


def test_zipped_file_and_header_line(tmp_path: Path) -> None:
    body = [row(V2_COLUMNS, **SUMMIT_MEET), row(V2_COLUMNS, **UNRELATED)]
    archive = tmp_path / "20240704.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("20240704.export.CSV", "\n".join(body) + "\n")
    f = read_gdelt(archive)
    assert [r.event_id for r in f.rows] == [101, 104] and f.rows[0].version == "2.0"
    assert f.rows[0].file.endswith("!20240704.export.CSV")
    headed = write(tmp_path / "headed.tsv", ["\t".join(c.lower() for c in V1_COLUMNS),
                                             row(V1_COLUMNS, **SUMMIT_MEET)])
    g = read_gdelt(headed)
    assert [r.event_id for r in g.rows] == [101] and g.rows[0].line == 2


def test_damaged_zip_is_a_problem_of_its_file_only(tmp_path: Path, kb: KnowledgeBase) -> None:
    bad = tmp_path / "broken.CSV.zip"
    good = write(tmp_path / "good.tsv", [row(V1_COLUMNS, **SUMMIT_MEET)])
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("x.CSV", "x" * 1000)
    data = bytearray(bad.read_bytes())
    data[40:80] = b"\0" * 40  # the member's data and header damaged, the directory intact
    bad.write_bytes(bytes(data))
    result = import_gdelt(kb, [bad, tmp_path / "missing.tsv", good])
    assert len(result.files) == 3 and [r.event_id for r in result.rows] == [101]
    assert any("missing.tsv" in p and "no such file" in p for p in result.problems)
    assert any(p.startswith(f"{bad}: a damaged zip archive") for p in result.problems)


def test_sco_filter_types_and_check(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = write(tmp_path / "day.tsv", [row(V1_COLUMNS, **r) for r in
                                        (SUMMIT_MEET, SCO_SIGNS, WRONG_PLACE, UNRELATED, OSCE)])
    result = import_gdelt(kb, [path], check=True)
    assert [r.event_id for r in result.relevant] == [101, 102, 103]  # not USA-FRA, not OSCE
    by_id = {e.reports[0].source_ref: e for e in result.events}
    summit = by_id["101"]
    assert (summit.type, summit.object, summit.actors, summit.cameo) == (
        "summit_held", "SCO-CHS", ["KAZ"], "043")
    assert summit.check is not None and summit.check.verdict == "confirmed"
    assert summit.check.statement_ids and summit.check.sources
    signed = by_id["102"]
    assert signed.type == "document_adopted" and signed.check is not None
    assert signed.check.verdict == "confirmed"  # the Astana documents were signed that day
    assert "103" not in by_id  # members meeting in China that day: no summit there
    assert result.counts()["verdicts"] == {"confirmed": 2, "conflict": 0, "new": 0}
    assert result.counts()["untyped_sco_rows"] == 1


def test_membership_by_date_from_the_record(tmp_path: Path, kb: KnowledgeBase) -> None:
    # India and Pakistan became members on 2017-06-09: not two members the day before
    before = dict(UNRELATED, GLOBALEVENTID="7", SQLDATE="20170608", Actor1Code="IND",
                  Actor1CountryCode="IND", Actor2Code="PAK", Actor2CountryCode="PAK")
    after = dict(before, GLOBALEVENTID="8", SQLDATE="20170610")
    path = write(tmp_path / "ind.tsv", [row(V1_COLUMNS, **before), row(V1_COLUMNS, **after)])
    assert [r.event_id for r in import_gdelt(kb, [path]).relevant] == [8]


def test_mapping_never_reads_osce_as_sco() -> None:
    mp = load_gdelt_mapping()
    assert mp.sco_actor("IGO", "SHANGHAI COOPERATION ORGANISATION")
    assert not mp.sco_actor("IGOSCE", "ORGANIZATION FOR SECURITY AND COOPERATION IN EUROPE")
    assert mp.fips["RS"] == "RUS" and mp.fips["TI"] == "TJK"  # FIPS, not ISO 3166 alpha-2
    assert mp.country("CHNGOV") == "CHN" and mp.country("GOV") is None


def test_cli_gdelt(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = write(tmp_path / "day.tsv", [row(V1_COLUMNS, **r) for r in
                                        (SUMMIT_MEET, SCO_SIGNS, UNRELATED)] + ["bad\trow"])
    runner = CliRunner()
    res = runner.invoke(main, ["--db", str(kb.path), "gdelt", str(path), "--check", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["counts"]["verdicts"]["confirmed"] == 2 and data["counts"]["skipped"] == 1
    assert any(p.startswith(f"{path}:4:") for p in data["problems"])
    res = runner.invoke(main, ["--db", str(kb.path), "gdelt", str(path), "--check", "--csv"])
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].startswith("event_id,date,")
    assert "summit_held" in res.stdout and "confirmed" in res.stdout
    assert "record confirms 2" in " ".join(res.stderr.split())
