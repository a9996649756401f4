"""The offline HTML report: files, self-containment, figures, accessibility, membership counts,
sources, and the two cases (nothing ingested / a few fixture documents ingested)."""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from igokit.analysis.ingest import ingest
from igokit.api import KnowledgeBase
from igokit.cli import main
from igokit.report.build import build_report

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SECTIONS = ("overview", "membership", "timeline", "summits", "country", "content", "indicators",
            "claims", "sources")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[KnowledgeBase, Path]]:
    root = tmp_path_factory.mktemp("report-empty")
    kb = KnowledgeBase(root / "kb.sqlite")
    index = build_report(kb, "SCO", "KAZ", root / "site")
    yield kb, index
    kb.close()


@pytest.fixture(scope="module")
def ingested_site(tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[tuple[KnowledgeBase, Path]]:
    root = tmp_path_factory.mktemp("report-ingested")
    docs = root / "docs"
    shutil.copytree(FIXTURES, docs, ignore=shutil.ignore_patterns("*.py"))
    kb = KnowledgeBase(root / "kb.sqlite")
    ingest(kb, [docs])
    # a hostile title must come out escaped
    kb.conn.execute("UPDATE documents SET title = '<script>alert(1)</script>' WHERE id = 2")
    # and so must an address from a sidecar that is not http(s): text, never a live link
    kb.conn.execute("UPDATE documents SET url = 'javascript:alert(2)' WHERE id = 3")
    kb.conn.commit()
    index = build_report(kb, "SCO", "KAZ", root / "site")
    yield kb, index
    kb.close()


def _html(index: Path) -> str:
    return index.read_text(encoding="utf-8")


def _figures(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<figure id="fig-([\w-]+)"(.*?)</figure>', html, re.S)


@pytest.mark.parametrize("site", ["empty_site", "ingested_site"])
def test_site_files_and_sections(site: str, request: pytest.FixtureRequest) -> None:
    kb, index = request.getfixturevalue(site)
    assert index.name == "index.html" and index.is_file()
    html = _html(index)
    for sid in SECTIONS:
        assert f'<section class="part" id="{sid}"' in html
        assert f'href="#{sid}"' in html  # linkable from the navigation
    out = index.parent
    assert (out / "sources.bib").read_text(encoding="utf-8").count("@") >= len(kb.sources())
    csl = json.loads((out / "sources.csl.json").read_text(encoding="utf-8"))
    assert len(csl) == len(kb.sources())
    assert "@media print" in html and "@media (max-width" in html


@pytest.mark.parametrize("site", ["empty_site", "ingested_site"])
def test_no_external_resources(site: str, request: pytest.FixtureRequest) -> None:
    kb, index = request.getfixturevalue(site)
    html = _html(index)
    assert "<script src" not in html.lower()
    assert not re.search(r"<link[^>]+href=[\"']?https?:", html, re.I)
    assert not re.search(r"\bsrc=[\"']?https?:", html, re.I)
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?https?:", html)
    allowed = {s.url for s in kb.sources() if s.url}
    allowed |= {f"https://doi.org/{s.doi}" for s in kb.sources() if s.doi}
    allowed |= {r[0] for r in kb.conn.execute("SELECT url FROM documents WHERE url IS NOT NULL")}
    # the report forbids scripts and network loads itself, like the web app's header
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    policy = unescape(csp.group(1)) if csp else ""
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert not re.search(r'href="\s*(javascript|data|vbscript):', html, re.I)
    links = set(re.findall(r'href="(https?://[^"]+)"', html))
    unescaped = {link.replace("&amp;", "&") for link in links}
    assert unescaped <= allowed, unescaped - allowed
    # http(s) text elsewhere is only XML namespaces inside the inline SVGs
    rest = re.sub(r'href="https?://[^"]+"', "", html)
    for m in re.finditer(r"https?://[^\s\"'<>]+", rest):
        assert m.group(0).startswith(("http://www.w3.org/", "https://doi.org/")), m.group(0)


@pytest.mark.parametrize("site", ["empty_site", "ingested_site"])
def test_every_figure_has_files_caption_and_title(site: str,
                                                  request: pytest.FixtureRequest) -> None:
    _, index = request.getfixturevalue(site)
    html, out = _html(index), index.parent
    figures = _figures(html)
    assert len(figures) >= 5
    manifest = json.loads((out / "figures" / "figures.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in manifest] == [fid for fid, _ in figures]
    for fid, body in figures:
        for ext in ("svg", "png", "csv"):
            path = out / "figures" / f"{fid}.{ext}"
            assert path.is_file() and path.stat().st_size > 0, path
            assert f'href="figures/{fid}.{ext}"' in body
        assert "<figcaption" in body
        assert re.search(r"<svg[^>]*role=\"img\"", body)
        assert f'<title id="{fid}-t">' in body and f'<desc id="{fid}-d">' in body
        assert (out / "figures" / f"{fid}.png").read_bytes()[:4] == b"\x89PNG"
    svgs = {p.stem for p in (out / "figures").glob("*.svg")}
    assert svgs == {fid for fid, _ in figures}


def test_membership_csv_counts(empty_site: tuple[KnowledgeBase, Path]) -> None:
    _, index = empty_site
    with (index.parent / "figures" / "membership-by-status.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    def members_on(day: str) -> int:
        return int([r for r in rows if r["date"] <= day][-1]["member"])

    assert rows[0]["date"] == "2001-06-15"
    assert members_on("2016-06-30") == 6
    assert members_on("2018-06-30") == 8
    assert members_on("2025-06-30") == 10
    assert members_on("2023-12-31") == 9


def test_sources_section_lists_every_source(empty_site: tuple[KnowledgeBase, Path]) -> None:
    kb, index = empty_site
    html = _html(index)
    section = html[html.index('<section class="part" id="sources"'):]
    for s in kb.sources():
        assert f'id="src-{s.id}"' in section, s.id
    # every citation link points at a listed source
    cited = set(re.findall(r'href="#src-([^"]+)"', html))
    assert cited and cited <= {s.id for s in kb.sources()}


def test_tables_and_headings_are_accessible(empty_site: tuple[KnowledgeBase, Path]) -> None:
    _, index = empty_site
    html = _html(index)
    tables = re.findall(r"<table>(.*?)</table>", html, re.S)
    assert len(tables) >= 6
    for t in tables:
        assert t.lstrip().startswith("<caption>")
    ths = re.findall(r"<th\b([^>]*)>", html)
    assert ths and all("scope=" in attrs for attrs in ths)
    levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_nothing_ingested_says_so(empty_site: tuple[KnowledgeBase, Path]) -> None:
    _, index = empty_site
    html = _html(index)
    assert "No documents ingested yet" in html
    assert "content-area-shares-by-year" not in html
    assert 'id="fig-membership-by-status"' in html
    assert 'id="fig-initiatives-by-stage"' in html


def test_with_ingested_documents(ingested_site: tuple[KnowledgeBase, Path]) -> None:
    _, index = ingested_site
    html = _html(index)
    assert "No documents ingested yet" not in html
    for fid in ("content-area-shares-by-year", "content-compare-periods", "claims-by-document"):
        assert f'id="fig-{fid}"' in html
    for doc_id in range(1, 7):
        assert f'id="doc-{doc_id}"' in html
    assert "Contradicted and outdated claims" in html
    assert "b-outdated" in html  # the undated "Казахстан председательствует" is outdated
    assert "read as: KAZ chaired SCO" in html and "why: " in html  # parsed claim and reason
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the document whose address is javascript: is listed, its title plain text
    assert re.search(r'<tr id="doc-3"><td class="n">3</td><th scope="row">(?!<a)', html)
    shares = (index.parent / "figures" / "content-area-shares-by-year.csv").read_text("utf-8")
    assert shares.splitlines()[0] == "year,area,count,units,share"


def test_missing_indicator_module_does_not_break_the_report(
        tmp_path: Path, empty_site: tuple[KnowledgeBase, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from igokit.report.sections import indicators

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name == "igokit.analysis.trade":
            raise ImportError("no module named igokit.analysis.trade")
        return real(name, package)

    monkeypatch.setattr(indicators.importlib, "import_module", fake)
    kb, _ = empty_site
    html = _html(build_report(kb, "SCO", "KAZ", tmp_path / "site"))
    trade = html[html.index('id="indicators-trade"'):html.index('id="indicators-egov"')]
    assert "not available yet" in trade
    assert 'id="fig-egov-ranks"' in html


def test_cli_report(tmp_path: Path, empty_site: tuple[KnowledgeBase, Path]) -> None:
    kb, _ = empty_site
    out = tmp_path / "cli-site"
    result = CliRunner().invoke(main, ["--db", str(kb.path), "report", "--org", "ШОС",
                                       "--country", "Kazakhstan", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out / "index.html") in result.output
    assert (out / "figures" / "membership-by-status.svg").is_file()
    bad = CliRunner().invoke(main, ["--db", str(kb.path), "report", "--country", "Atlantis",
                                    "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2


def test_only_undated_documents(tmp_path: Path) -> None:
    """Nothing to split on: the comparison is left out with the reason, the rest is built."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(("The SCO has ten member states. Kazakhstan chairs the SCO.",
                              "Delegates of the SCO discussed transport and grain exports.",
                              "Security services of the SCO states shared information.")):
        (docs / f"undated-{i}.txt").write_text(text + "\n", encoding="utf-8")
    kb = KnowledgeBase(tmp_path / "kb.sqlite")
    ingest(kb, [docs])
    assert [r[0] for r in kb.conn.execute("SELECT date FROM documents")] == [None] * 3
    html = _html(build_report(kb, "SCO", "KAZ", tmp_path / "site"))
    kb.close()
    assert "No two-period comparison" in html and "none of the documents has a date" in html
    assert 'id="fig-content-area-shares-by-year"' in html
    assert 'id="fig-content-compare-periods"' not in html
    shares = (tmp_path / "site" / "figures" / "content-area-shares-by-year.csv").read_text()
    assert "undated" in shares


def test_many_documents_are_summed_and_listed_once(
        tmp_path: Path, ingested_site: tuple[KnowledgeBase, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the thresholds the claims chart sums documents by year, area shares become a heat
    map, and a figure's data is one CSV link instead of one link per document."""
    from igokit.report.sections import claims, content

    monkeypatch.setattr(claims, "MAX_DOCUMENT_BARS", 3)
    monkeypatch.setattr(content, "MAX_GROUPED_YEARS", 1)
    kb, _ = ingested_site
    index = build_report(kb, "SCO", "KAZ", tmp_path / "site")
    html = _html(index)
    with (index.parent / "figures" / "claims-by-document.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:4] == ["year", "documents", "claims", "supported"]
    assert sum(int(r["documents"]) for r in rows) == 6
    assert rows[-1]["year"] == "undated"
    years = [int(r["year"]) for r in rows[:-1]]
    assert years == list(range(years[0], years[-1] + 1))  # no gap years hidden
    for fid, body in _figures(html):
        data = re.findall(r'<a class="fig-data" href="([^"]+)"', body)
        assert data == [f"figures/{fid}.csv"], fid
    manifest = json.loads((index.parent / "figures" / "figures.json").read_text("utf-8"))
    heat = next(f for f in manifest if f["id"] == "content-area-shares-by-year")
    assert heat["alt"].startswith("Heat map") and len(heat["documents"]) == 6


def test_figure_data_line_summarises_many_documents() -> None:
    from markupsafe import Markup

    from igokit.report.build import environment
    from igokit.report.charts import Figure

    fig = Figure("x", "T", "C", "A", Markup("<svg></svg>"),
                 {e: f"figures/x.{e}" for e in ("svg", "png", "csv")},
                 documents=list(range(1, 400)))
    html = environment().from_string(
        '{% import "_macros.html.j2" as m with context %}{{ m.figure(f) }}').render(
        f=fig, known_sources=set())
    assert html.count('href="#doc-') == 0 and "399 ingested documents" in html
    assert html.count('class="fig-data"') == 1


def _label_boxes(fig: object) -> list[object]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # type: ignore[arg-type]
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = []
    for ax in fig.axes:  # type: ignore[attr-defined]
        for lab in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
            if lab.get_visible() and lab.get_text():
                boxes.append((ax, lab.get_window_extent(renderer)))
    return boxes


def _overlapping(fig: object) -> list[tuple[object, object]]:
    boxes = _label_boxes(fig)
    return [(a, b) for (ax1, a), (ax2, b) in itertools.combinations(boxes, 2)
            if ax1 is ax2 and a.overlaps(b) and a.width and b.width]


def test_charts_labels_never_overlap_and_shares_start_at_zero() -> None:
    import pandas as pd

    from igokit.report import charts

    years = list(range(1995, 2024))
    wide = pd.DataFrame({"year": years, "a": [i % 4 for i in years], "b": [1] * len(years)})
    assert not _overlapping(charts.stacked_bars(wide, "year", ["a", "b"], "events"))
    shown = [t for t in charts.thin_labels([str(y) for y in years] + ["undated"]) if t]
    assert len(shown) <= charts.MAX_TICK_LABELS + 1 and shown[-1] == "undated"
    long = pd.DataFrame([{"year": y, "name": n, "rank": r + y % 7}
                         for y in range(2003, 2025, 2) for r, n in enumerate("ABCDEFGHIJ")])
    assert not _overlapping(charts.lines(long, "year", "name", "rank", "rank", invert=True))
    freq = pd.DataFrame([{"year": str(y), "area": a, "share": 0.1}
                         for y in [*range(2001, 2026), "undated"]
                         for a in ("security", "economy", "humanitarian")])
    assert not _overlapping(charts.heatmap(freq, "area", "year", "share", "%", percent=True))
    # a share moving between 37 and 44 % is drawn from 0, in its own panel, not on a 2nd axis
    trade = pd.DataFrame({"year": years, "turnover": [20.0 + i for i in range(len(years))],
                          "share": [37 + (i % 8) for i in range(len(years))]})
    fig = charts.bars_and_share(trade, "year", "turnover", "share", "bn USD", "%")
    assert len(fig.axes) == 2 and not _overlapping(fig)
    assert [ax.get_ylim()[0] for ax in fig.axes] == [0, 0]
    top, bottom = (ax.get_position() for ax in fig.axes)
    assert bottom.y1 <= top.y0  # two panels, one above the other
