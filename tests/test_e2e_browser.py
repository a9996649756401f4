"""End to end in headless Chromium: the report and the web app as a person uses them.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and the
``selenium`` package; skipped when they are absent. Screenshots go to ``out/screenshots/`` (or
``$IGOKIT_SCREENSHOTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from igokit.analysis.ingest import ingest
from igokit.api import KnowledgeBase

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="headless Chromium or chromedriver not installed")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "text"
SHOTS = Path(os.environ.get("IGOKIT_SCREENSHOTS", ROOT / "out" / "screenshots"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager fetch a driver
    opts = Options()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1800",
                f"--user-data-dir={tmp_path_factory.mktemp('chrome')}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def filled_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    kb = KnowledgeBase(tmp_path_factory.mktemp("e2e") / "kb.sqlite")
    ingest(kb, [FIXTURES])
    return kb


def _shoot(driver: object, name: str, width: int = 1280) -> None:
    driver.set_window_size(width, 1800)  # type: ignore[attr-defined]
    driver.save_screenshot(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]


def test_e2e_report_opens_offline_with_drawn_charts(browser: object, filled_kb: KnowledgeBase,
                                                     tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from igokit.report.build import build_report

    index = build_report(filled_kb, "SCO", "KAZ", tmp_path / "report")
    driver = browser
    driver.get(index.as_uri())  # type: ignore[attr-defined]
    assert "Shanghai" in driver.title  # type: ignore[attr-defined]
    charts = driver.find_elements(By.CSS_SELECTOR, "figure svg")  # type: ignore[attr-defined]
    assert len(charts) >= 7
    for svg in charts:  # drawn: the browser laid out a non-empty box with marks in it
        box = svg.rect
        assert box["width"] > 100 and box["height"] > 50
        assert svg.find_elements(By.CSS_SELECTOR, "path, rect, line, use")
    anchors = driver.find_elements(By.CSS_SELECTOR, "nav a[href^='#']")  # type: ignore[attr-defined]
    assert len(anchors) >= 8
    for a in anchors:  # every menu link lands on a section
        target = a.get_attribute("href").split("#", 1)[1]
        assert driver.find_elements(By.ID, target), target  # type: ignore[attr-defined]
    downloads = driver.find_elements(  # type: ignore[attr-defined]
        By.CSS_SELECTOR, "a[href^='figures/']")
    assert downloads and all((index.parent / d.get_attribute("href").split("report/", 1)[1])
                             .exists() for d in downloads[:12])
    _shoot(driver, "report-desktop")
    _shoot(driver, "report-phone", 480)


# -- many documents: charts stay readable and the page fits a phone -------------------------

_OPENERS = ("Officials from {a} and {b} met in {city} to talk about the Shanghai Cooperation "
            "Organisation.", "A delegation of {a} arrived in {city} for consultations with {b}.",
            "Experts gathered in {city} to review how {a} and {b} work together in the SCO.")
_TOPICS = ("The sides discussed a new rail route and faster customs checks at the border.",
           "Security services agreed to share more information on extremist groups.",
           "Energy companies presented plans for a pipeline and a solar park.",
           "The ministers spoke about wheat exports and water use in the region.",
           "Universities signed a memorandum on student exchanges and joint research.",
           "Banks looked at settling more trade in national currencies.",
           "A forum on e-government showed online services for small firms.",
           "Health officials compared their plans against infectious diseases.")
_CLAIMS = ("The SCO has {n} member states.", "Kazakhstan chairs the SCO.",
           "India joined the SCO in 2017.", "The next summit will be held in Astana.")
_PLACES = (("Kazakhstan", "Astana"), ("China", "Beijing"), ("Russia", "Moscow"),
           ("Uzbekistan", "Tashkent"), ("Kyrgyzstan", "Bishkek"), ("Tajikistan", "Dushanbe"),
           ("India", "New Delhi"), ("Pakistan", "Islamabad"))


def write_synthetic_corpus(folder: Path, n: int = 320) -> Path:
    """``n`` short notes (a few sentences each, written for this test) with dates spread over
    2001-2025 in sidecar files; every 15th note has no date."""
    import random

    rnd = random.Random(2024)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (a, city), (b, _) = rnd.sample(_PLACES, 2)
        text = " ".join([rnd.choice(_OPENERS).format(a=a, b=b, city=city),
                         *rnd.sample(_TOPICS, 2),
                         rnd.choice(_CLAIMS).format(n=rnd.choice((6, 8, 9, 10)))])
        path = folder / f"note-{i:03d}.txt"
        path.write_text(f"Note {i}: {a} and {b}\n\n{text}\n", encoding="utf-8")
        if i % 15:
            day = f"{2001 + (i * 7) % 25}-{1 + (i * 5) % 12:02d}-{1 + (i * 11) % 28:02d}"
            (folder / f"note-{i:03d}.txt.meta.yaml").write_text(
                f"title: Synthetic note {i} ({a}, {b})\ndate: {day}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from igokit.report.build import build_report

    root = tmp_path_factory.mktemp("e2e-big")
    docs = write_synthetic_corpus(root / "docs")
    kb = KnowledgeBase(root / "kb.sqlite")
    done = ingest(kb, [docs])
    assert len(done.added) == 320 and not done.failed
    index = build_report(kb, "SCO", "KAZ", root / "report")
    kb.close()
    return index


MAX_CHART_HEIGHT = 2500  # px: no chart may grow with the number of documents


@pytest.mark.parametrize("width", [1280, 480])
def test_e2e_report_with_320_documents_fits_desktop_and_phone(
        browser: object, big_report: Path, width: int) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.set_window_size(width, 1800)  # type: ignore[attr-defined]
    driver.get(big_report.as_uri())  # type: ignore[attr-defined]
    figures = driver.find_elements(By.CSS_SELECTOR, "figure")  # type: ignore[attr-defined]
    ids = [f.get_attribute("id") for f in figures]
    assert {"fig-claims-by-document", "fig-content-area-shares-by-year",
            "fig-timeline-events-by-year"} <= set(ids)
    view = driver.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.clientWidth")
    for fig, fid in zip(figures, ids, strict=True):
        box = fig.find_element(By.CSS_SELECTOR, "svg").rect
        assert box["width"] > 0.8 * min(view, 672) and box["height"] > 150, (fid, box)
        assert box["height"] < MAX_CHART_HEIGHT, (fid, box)
        assert box["x"] >= -1 and box["x"] + box["width"] <= view + 1, (fid, box)
        links = fig.find_elements(By.CSS_SELECTOR, "figcaption a.fig-data")
        assert len(links) == 1 and links[0].get_attribute("href").endswith(".csv"), fid
        assert (big_report.parent / "figures" / f"{fid[4:]}.csv").is_file()
        # the caption never lists hundreds of document links
        assert len(fig.find_elements(By.CSS_SELECTOR, "figcaption a[href^='#doc-']")) <= 10
    overflow = driver.execute_script(  # type: ignore[attr-defined]
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} px"
    tag = "desktop" if width > 600 else "phone"
    driver.save_screenshot(str(SHOTS / f"report-320docs-{tag}.png"))  # type: ignore[attr-defined]
    for fid in ("fig-claims-by-document", "fig-content-area-shares-by-year",
                "fig-timeline-events-by-year", "fig-membership-by-status"):
        element = driver.find_element(By.ID, fid)  # type: ignore[attr-defined]
        driver.execute_script(  # type: ignore[attr-defined]
            "arguments[0].scrollIntoView({block: 'center'})", element)
        element.screenshot(str(SHOTS / f"report-320docs-{tag}-{fid[4:]}.png"))


def _wait_for(driver: object, found: Any, timeout: float = 10.0) -> Any:
    """What ``found(driver)`` returns once it is truthy (a submitted form loads a new page
    asynchronously: looking at once can still see the old one, and an element found on the
    old page goes stale when the new one replaces it); the last value on timeout."""
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1,
                             ignored_exceptions=(StaleElementReferenceException,)).until(found)
    except TimeoutException:
        return found(driver)


class _Server:
    def __init__(self, kb_path: Path, token: str) -> None:
        import uvicorn

        from igokit.web.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(create_app(str(kb_path), token=token), host="127.0.0.1",
                                port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def test_e2e_web_app_links_search_and_check(browser: object, filled_kb: KnowledgeBase) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    with _Server(filled_kb.path, "secret") as base:
        driver.get(base + "/")  # type: ignore[attr-defined]
        _shoot(driver, "web-home")
        body = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        assert "Kazakhstan" in body
        links = [a.get_attribute("href") for a in driver.find_elements(  # type: ignore[attr-defined]
            By.CSS_SELECTOR, "a[href^='/'], a[href^='http://127.0.0.1']")]
        internal = [u for u in dict.fromkeys(links) if u and u.startswith(base)][:12]
        assert len(internal) >= 5
        for url in internal:  # follow links: every page renders a heading, none is an error
            driver.get(url)  # type: ignore[attr-defined]
            assert driver.find_elements(By.TAG_NAME, "h1"), url  # type: ignore[attr-defined]
        driver.get(base + "/country/KAZ")  # type: ignore[attr-defined]
        _shoot(driver, "web-country-kaz")
        assert "Kazakhstan" in driver.find_element(By.TAG_NAME, "h1").text  # type: ignore[attr-defined]

        driver.get(base + "/search")  # type: ignore[attr-defined]
        box = driver.find_element(By.CSS_SELECTOR, "form input[name='q']")  # type: ignore[attr-defined]
        box.send_keys("Astana")
        box.submit()
        marks = _wait_for(driver, lambda d: [m.text for m in d.find_elements(By.TAG_NAME, "mark")])
        assert any("Astana" in m for m in marks)
        _shoot(driver, "web-search")

        driver.get(base + "/check")  # type: ignore[attr-defined]
        area = driver.find_element(By.CSS_SELECTOR, "form textarea")  # type: ignore[attr-defined]
        area.send_keys("The SCO has eight member states. Afghanistan is a dialogue partner.")
        date_inputs = driver.find_elements(  # type: ignore[attr-defined]
            By.CSS_SELECTOR, "form input[name='as_of']")
        if date_inputs:
            date_inputs[0].clear()
            date_inputs[0].send_keys("2024-03-01")
        area.submit()
        text = _wait_for(driver, lambda d: (lambda t: t if "contradicted" in t else "")(
            d.find_element(By.TAG_NAME, "body").text))
        assert "outdated" in text and "contradicted" in text
        _shoot(driver, "web-check")
