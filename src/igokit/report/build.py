"""``build_report``: the knowledge base (and whatever was ingested) as a static site.

The site opens from disk with no network: one ``index.html`` with every section (each linkable by
its anchor), CSS inline, charts as inline SVG; beside it ``figures/`` (SVG, PNG and CSV of every
chart, and ``figures.json``), ``tables/`` (the full tables behind the page's capped lists),
``sources.bib`` and ``sources.csl.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from igokit import __version__
from igokit.api import KnowledgeBase, resolve, safe_link, settled_heap
from igokit.report import docpass
from igokit.report.charts import FigureWriter
from igokit.report.context import TABLES_DIR, ReportContext, Section
from igokit.report.sections import BUILDERS, READS_DOCUMENT_PASS

TEMPLATES = Path(__file__).parent / "templates"
#: Files this module writes into ``figures/``; older ones are removed before a rebuild.
_FIGURE_SUFFIXES = (".svg", ".png", ".csv", ".json")

NAV = {"overview": "Overview", "membership": "Membership", "timeline": "Timeline",
       "summits": "Summits & chairs", "content": "Documents", "indicators": "Indicators",
       "claims": "Claim checks", "declarations": "Declarations", "events": "Events",
       "sources": "Sources"}

Progress = Callable[[str, int, int], None]

#: The report's Content-Security-Policy: styles and SVG are inline, images come from the report's
#: own folder; no script, no frame, no form and nothing from the network.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
              "base-uri 'none'; form-action 'none'; frame-src 'none'; object-src 'none'")


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = lambda v, d=1: "" if v is None else f"{float(v) * 100:.{d}f}%"
    env.filters["num"] = lambda v, d=2: "" if v is None else f"{float(v):,.{d}f}"
    # only http(s) addresses become links: a source's or a sidecar's url is untrusted text
    env.filters["link"] = safe_link
    return env


def _clean(*folders: Path) -> None:
    for folder in folders:
        if folder.is_dir():
            for p in folder.iterdir():
                if p.is_file() and p.suffix in _FIGURE_SUFFIXES:
                    p.unlink()


def default_workers() -> int:
    """Processes for the claim checks: the cores, at most four."""
    return max(1, min(4, os.cpu_count() or 1))


def build_report(kb: KnowledgeBase, org: str = "SCO", country: str = "KAZ",
                 out_dir: str | Path = "igokit-report", *, split: str | None = None,
                 mp_year: int | None = None, today: dt.date | None = None,
                 progress: Progress | None = None, workers: int | None = None) -> Path:
    """Write the report into ``out_dir`` and return the path of its ``index.html``.

    ``split`` is the date that divides the ingested documents for the two-period comparison
    (default: the start of ``country``'s latest chairmanship, else the median document date);
    ``mp_year`` the year of the middle-power index (default: last year); ``workers`` the
    processes that check the claims of many documents (default: the cores, at most four).
    Whatever the number of documents, the page stays small: figures and tables sum them by
    year and language, long lists are cut with a count of the rest, and the full tables are
    written into ``tables/`` (CSV).
    """
    started = time.perf_counter()
    conn = kb.conn
    org_id = resolve(conn, org, ("organization", "body"))
    country_id = resolve(conn, country, ("country",))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _clean(out / "figures", out / TABLES_DIR)
    ctx = ReportContext(kb=kb, org=org_id, country=country_id, out_dir=out,
                        today=today or dt.date.today(), figures=FigureWriter(out),
                        split=split, mp_year=mp_year,
                        workers=default_workers() if workers is None else workers)
    ctx.org_name = ctx.name(org_id)
    ctx.country_name = ctx.name(country_id)
    nav = {**NAV, "country": ctx.country_name}
    total = len(BUILDERS) + 1
    # the documents' pass starts in worker processes first; the sections that do not read it
    # are built meanwhile, then the ones that do (the page keeps the order of BUILDERS)
    rank = {name: i for i, (name, _) in enumerate(BUILDERS)}
    order = sorted(BUILDERS, key=lambda nb: (nb[0] in READS_DOCUMENT_PASS, rank[nb[0]]))
    # thousands of documents' results stay alive until the page is written: the garbage
    # collector's full passes would walk them again and again (igokit.engine.heap)
    with settled_heap():
        built: dict[str, Section] = {}
        docpass.start(ctx)
        try:
            for i, (name, builder) in enumerate(order):
                if progress:
                    progress(name, i, total)
                ctx.figures.rank = rank[name]
                section = builder(ctx)
                section.nav = section.nav or nav.get(section.id, "")
                built[name] = section
        finally:
            docpass.stop(ctx)
        sections = [built[name] for name, _ in BUILDERS]
        if progress:
            progress("writing", total - 1, total)
        (out / "sources.bib").write_text(kb.bibtex(), encoding="utf-8")
        (out / "sources.csl.json").write_text(
            json.dumps(kb.csl_json(), ensure_ascii=False, indent=1), encoding="utf-8")
        ctx.figures.write_manifest()
        known = {s.id for s in kb.sources()}
        html = environment().get_template("report.html.j2").render(
            sections=sections, org=org_id, org_name=ctx.org_name, country=country_id,
            country_name=ctx.country_name, today=ctx.today.isoformat(), version=__version__,
            csp=REPORT_CSP,
            known_sources=known, n_figures=len(ctx.figures.figures), listed=ctx.listed,
            build_seconds=round(time.perf_counter() - started, 1))
        index = out / "index.html"
        index.write_text(html, encoding="utf-8")
    if progress:
        progress("done", total, total)
    return index
