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
        marks = driver.find_elements(By.TAG_NAME, "mark")  # type: ignore[attr-defined]
        assert marks and any("Astana" in m.text for m in marks)
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
        text = driver.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        assert "outdated" in text and "contradicted" in text
        _shoot(driver, "web-check")
