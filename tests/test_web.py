"""The web app: every API endpoint, the HTML pages and their links, escaping, the write token,
the upload and text limits and the time limit."""

from __future__ import annotations

import os
import sqlite3
import time
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx versions
    from fastapi.testclient import TestClient

from igokit.web.app import create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

HOSTILE_TXT = (
    '<script>alert("doc")</script> The SCO has eight member states. '
    "<img src=x onerror=alert(1)> Kazakhstan chaired the SCO; the summit in Astana opened "
    'on 4 July 2024. <a href="javascript:alert(2)">click</a> [bracketed] words.\n\n'
    "Терроризм и экстремизм остаются угрозами для ШОС. </textarea><script>alert(3)</script>\n"
)
HOSTILE_HTML = (
    "<html><head><title>Evil <script>alert(4)</script> title</title></head><body>"
    "<p>The SCO summit in Astana adopted the Astana Declaration on 4 July 2024.</p>"
    "<p>&lt;script&gt;alert(5)&lt;/script&gt; energy cooperation and trade.</p></body></html>"
)


@pytest.fixture(scope="module")
def web_db(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's knowledge base, so uploads here touch no other test's data."""
    path = tmp_path_factory.mktemp("web") / "web.sqlite"
    dst = sqlite3.connect(path)
    kb.conn.backup(dst)
    dst.close()
    return path


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    """The app with a token, and two hostile documents uploaded through the API."""
    app = create_app(str(web_db), token=TOKEN, max_upload_mb=1)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r1 = c.post("/api/ingest", params={"filename": "hostile.txt", "date": "2024-07-05"},
                    content=HOSTILE_TXT.encode(), headers=AUTH)
        r2 = c.post("/api/ingest", files={"file": ("evil.html", HOSTILE_HTML.encode())},
                    data={"date": "2024-07-04"}, headers=AUTH)
        assert r1.status_code == 200 and r1.json()["status"] == "added", r1.text
        assert r2.status_code == 200 and r2.json()["status"] == "added", r2.text
        c.doc_ids = (r1.json()["doc_id"], r2.json()["doc_id"])  # type: ignore[attr-defined]
        yield c


@pytest.fixture(scope="module")
def readonly(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(web_db)), base_url="http://127.0.0.1") as c:
        yield c


def _problem(r: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    assert set(body) >= {"error", "message", "suggestions"}
    if code:
        assert body["error"] == code
    return body


# --------------------------------------------------------------------------------------------
# JSON API: queries


def test_info_and_openapi(client: TestClient) -> None:
    info = client.get("/api/").json()
    assert info["writes_enabled"] is True and info["documents"] >= 2
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/members", "/api/chair", "/api/summits", "/api/officials", "/api/timeline",
                 "/api/entity/{name}", "/api/sources", "/api/sources.bib", "/api/search",
                 "/api/extract", "/api/check", "/api/code", "/api/indicators", "/api/index",
                 "/api/ingest", "/api/documents", "/api/documents/{doc_id}"):
        assert path in spec["paths"], path
        assert path in info["endpoints"]
    assert "Membership" in str(spec["components"]["schemas"])


def test_members(client: TestClient) -> None:
    body = client.get("/api/members", params={"org": "SCO", "on": "2017-06-09"}).json()
    assert body["query"]["org"] == "SCO" and body["read_as"] == "2017-06-09"
    iso = {r["iso3"] for r in body["results"]}
    assert {"KAZ", "CHN", "RUS", "IND", "PAK"} <= iso and "IRN" not in iso
    assert all(r["sources"] and r["status"] == "member" for r in body["results"])
    every = client.get("/api/members", params={"on": "2016", "status": "all"}).json()
    assert {"observer", "dialogue_partner"} <= {r["status"] for r in every["results"]}
    assert "whole year" in every["read_as"]
    # Names in any language work
    assert client.get("/api/members", params={"org": "ШОС"}).status_code == 200


def test_unknown_organization_is_404_with_suggestions(client: TestClient) -> None:
    body = _problem(client.get("/api/members", params={"org": "Shanghai Cooperatoin Org"}),
                    404, "unknown-entity")
    assert any("SCO" in s for s in body["suggestions"])
    assert "Did you mean" in body["message"]


def test_bad_date_and_bad_parameters(client: TestClient) -> None:
    body = _problem(client.get("/api/members", params={"on": "2017-13-01"}), 422, "date-format")
    assert "2017-13-01" in body["message"]
    _problem(client.get("/api/chair", params={"on": "yesterday"}), 422, "date-format")
    _problem(client.get("/api/members", params={"status": "friend"}), 422, "invalid-request")
    _problem(client.get("/api/timeline", params={"from": "soon"}), 422, "invalid-request")


def test_chair(client: TestClient) -> None:
    now = client.get("/api/chair", params={"on": "2024-01-01"}).json()
    assert [r["iso3"] for r in now["results"]] == ["KAZ"]
    history = client.get("/api/chair", params={"history": "true"}).json()["results"]
    assert len(history) >= 20 and history[0]["start"] < history[-1]["start"]


def test_summits_and_officials(client: TestClient) -> None:
    rows = client.get("/api/summits", params={"council": "SCO-CHS"}).json()["results"]
    assert rows and all(r["council"] == "SCO-CHS" for r in rows)
    assert {"id", "date", "city", "country", "sources", "documents"} <= set(rows[0])
    _problem(client.get("/api/summits", params={"council": "Nope Council"}), 404)
    sg = client.get("/api/officials", params={"on": "2025-06-01"}).json()["results"]
    assert [o["name"] for o in sg] == ["Nurlan Yermekbayev"]
    every = client.get("/api/officials", params={"role": "all", "history": "true"}).json()
    assert len(every["results"]) > len(sg)


def test_timeline(client: TestClient) -> None:
    rows = client.get("/api/timeline", params={"country": "KAZ", "from": 2023}).json()["results"]
    assert rows and all("KAZ" in r["countries"] and int(r["date"][:4]) >= 2023 for r in rows)
    _problem(client.get("/api/timeline", params={"country": "Atlantis"}), 404, "unknown-entity")


def test_entity(client: TestClient) -> None:
    kaz = client.get("/api/entity/Қазақстан").json()
    assert kaz["id"] == "KAZ" and kaz["name"]["ru"] == "Казахстан" and kaz["statements"]
    assert client.get("/api/entity/ШЫҰ").json()["id"] == "SCO"
    _problem(client.get("/api/entity/Qazaqstanx"), 404, "unknown-entity")


def test_sources(client: TestClient) -> None:
    rows = client.get("/api/sources").json()["results"]
    assert len(rows) > 50 and {"id", "title", "url", "cited_by"} <= set(rows[0])
    one = client.get("/api/sources", params={"id": rows[0]["id"]}).json()["results"]
    assert [r["id"] for r in one] == [rows[0]["id"]]
    bib = client.get("/api/sources.bib")
    assert bib.status_code == 200 and bib.text.lstrip().startswith("@")
    assert "bibtex" in bib.headers["content-type"]
    assert isinstance(client.get("/api/sources.csl.json").json(), list)


def test_documents(client: TestClient) -> None:
    listing = client.get("/api/documents").json()["results"]
    paths = {d["path"] for d in listing}
    assert {"upload:hostile.txt", "upload:evil.html"} <= paths
    doc = client.get(f"/api/documents/{client.doc_ids[0]}").json()  # type: ignore[attr-defined]
    assert doc["text"].startswith("<script>") and doc["mentions"]
    _problem(client.get("/api/documents/999999"), 404, "not-found")


def test_search_with_highlights(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "summit Astana"}).json()
    assert body["results"]
    hit = body["results"][0]
    assert "[" in hit["snippet"] and "<mark>" in hit["snippet_html"]
    assert hit["url"].startswith("/documents/")
    ru = client.get("/api/search", params={"q": "терроризм", "lang": "ru"}).json()["results"]
    assert ru and "<mark>Терроризм</mark>" in ru[0]["snippet_html"]
    # the document's own markup is escaped in the HTML snippet
    assert "<script>" not in ru[0]["snippet_html"] and "&lt;script&gt;" in ru[0]["snippet_html"]
    by_entity = client.get("/api/search", params={"q": "summit", "entity": "Kazakhstan"}).json()
    assert by_entity["query"]["entity"] == "KAZ"
    _problem(client.get("/api/search", params={"q": "x", "entity": "Atlantis"}), 404)
    _problem(client.get("/api/search", params={"q": ""}), 422)
    _problem(client.get("/api/search", params={"q": "x", "from": "20-20"}), 422, "date-format")


# --------------------------------------------------------------------------------------------
# JSON API: text analyses


def test_extract(client: TestClient) -> None:
    r = client.post("/api/extract", json={"text": "Kazakhstan joined the SCO on 15 June 2001.",
                                          "date": "2001-06-20"})
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {"text", "document", "paragraphs", "sentences", "mentions", "dates",
                         "quantities", "meta"}
    assert {m["entity"] for m in body["mentions"]} >= {"KAZ", "SCO"}
    assert any(d["value"] == "2001-06-15" for d in body["dates"])
    _problem(client.post("/api/extract", json={"text": "x", "date": "June"}), 422, "date-format")
    _problem(client.post("/api/extract", json={}), 422, "invalid-request")


def test_check(client: TestClient) -> None:
    r = client.post("/api/check", json={"text": "The SCO has eight member states.",
                                        "as_of": "2024-03-01"})
    body = r.json()
    assert r.status_code == 200 and body["as_of"] == "2024-03-01"
    assert body["as_of_source"] == "argument"
    assert body["claims"][0]["verdict"] == "outdated" and body["summary"] == {"outdated": 1}
    _problem(client.post("/api/check", json={"text": "x", "as_of": "2024-02-30"}), 422,
             "date-format")
    _problem(client.post("/api/check", json={"text": "x", "org": "Atlantis Pact"}), 404)


def test_code(client: TestClient) -> None:
    r = client.post("/api/code", json={"text": "Terrorism and extremism threaten the region. "
                                               "Trade between members grew.", "unit": "sentence"})
    body = r.json()
    assert r.status_code == 200 and body["n_units"] == 2
    assert body["area_counts"].get("security") == 1
    assert {"start", "end", "areas", "terms", "text"} <= set(body["units"][0])
    lines = client.post("/api/code", json={"text": "a\nb", "unit": "line"}).json()
    assert [u["line"] for u in lines["units"]] == [1, 2]
    _problem(client.post("/api/code", json={"text": "x", "unit": "word"}), 422)


def test_indicators(client: TestClient) -> None:
    body = client.get("/api/indicators", params={"indicator": "egdi", "entity": "KAZ"}).json()
    assert body["results"] and {"entity", "indicator", "period", "value", "source_id"} <= \
        set(body["columns"])
    assert all(r["entity"] == "KAZ" for r in body["results"])
    empty = client.get("/api/indicators", params={"indicator": "no_such_thing"}).json()
    assert empty["results"] == []
    egov = client.get("/api/indicators/egov")
    assert egov.status_code == 200 and "egdi" in egov.json()["columns"]
    trade = client.get("/api/indicators/trade", params={"reporter": "KAZ"})
    assert trade.status_code == 200 and "turnover" in trade.json()["columns"]
    _problem(client.get("/api/indicators/trade", params={"reporter": "Atlantis"}), 404)
    food = client.get("/api/indicators/food")  # no FAOSTAT data ships: a clear 400
    assert food.status_code in (200, 400)
    if food.status_code == 400:
        assert "faostat" in food.json()["message"].lower()


def test_middle_power_index(client: TestClient) -> None:
    body = client.get("/api/index", params={"year": 2024, "draws": 20}).json()
    assert body["org"] == "SCO" and body["scores"]
    assert {"iso3", "score", "rank"} <= set(body["scores"][0])
    _problem(client.get("/api/index", params={"draws": 10**6}), 422)


# --------------------------------------------------------------------------------------------
# Limits


def test_text_limit_is_413(web_db: Path) -> None:
    with TestClient(create_app(str(web_db), max_text_chars=100), base_url="http://127.0.0.1") as c:
        for path in ("/api/extract", "/api/check", "/api/code"):
            _problem(c.post(path, json={"text": "a" * 101}), 413, "too-large")
        assert c.post("/api/code", json={"text": "a" * 100}).status_code == 200
        # a body far over the limit is refused from its Content-Length, before it is read
        r = c.post("/api/code", content=b"{" + b" " * 2_000_000 + b"}",
                   headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_time_limit_is_503(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from igokit.web import api

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        return []

    monkeypatch.setattr(api, "_code", slow)
    app = create_app(str(web_db), request_timeout_s=0.05)
    app.state.limits.deadline_s = 30.0  # the endpoint's own limit is under test, not the backstop
    with TestClient(app, base_url="http://127.0.0.1") as c:
        r = c.post("/api/code", json={"text": "Trade grew."})
        _problem(r, 503, "timeout")
        assert r.headers.get("retry-after")


# --------------------------------------------------------------------------------------------
# Writes: the token and the upload limit


def test_writes_disabled_without_a_configured_token(readonly: TestClient) -> None:
    assert readonly.get("/api/").json()["writes_enabled"] is False
    r = readonly.post("/api/ingest", params={"filename": "a.txt"}, content=b"The SCO.",
                      headers=AUTH)
    assert "disabled" in _problem(r, 403, "forbidden")["message"]
    _problem(readonly.post("/api/ingest", params={"filename": "a.txt"}, content=b"x"), 403)


def test_token_required_for_ingest(client: TestClient) -> None:
    before = len(client.get("/api/documents").json()["results"])
    r = client.post("/api/ingest", params={"filename": "a.txt"}, content=b"The SCO grew.")
    _problem(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    _problem(client.post("/api/ingest", params={"filename": "a.txt"}, content=b"x",
                         headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
    _problem(client.post("/api/ingest", params={"filename": "a.txt"}, content=b"x",
                         headers={"Authorization": f"Basic {TOKEN}"}), 401)
    assert len(client.get("/api/documents").json()["results"]) == before
    ok = client.post("/api/ingest", params={"filename": "../../etc/ok.txt"},
                     content=b"The SCO summit took place in Astana.", headers=AUTH)
    assert ok.status_code == 200 and ok.json()["status"] == "added"
    assert ok.json()["filename"] == "ok.txt"
    again = client.post("/api/ingest", files={"file": ("copy.txt",
                                                       b"The SCO summit took place in Astana.")},
                        headers=AUTH)
    assert again.json() == {"status": "skipped", "doc_id": ok.json()["doc_id"],
                            "filename": "copy.txt", "message": ""}
    assert len(client.get("/api/documents").json()["results"]) == before + 1


def test_ingest_rejects_bad_uploads(client: TestClient) -> None:
    _problem(client.post("/api/ingest", params={"filename": "tool.exe"}, content=b"MZ",
                         headers=AUTH), 415)
    _problem(client.post("/api/ingest", content=b"no name", headers=AUTH), 422)
    _problem(client.post("/api/ingest", files={"other": ("a.txt", b"x")}, headers=AUTH), 422)
    _problem(client.post("/api/ingest", params={"filename": "x.txt", "date": "someday"},
                         content=b"x", headers=AUTH), 422, "date-format")


def test_upload_size_limit_is_413_while_streaming(client: TestClient) -> None:
    before = len(client.get("/api/documents").json()["results"])
    big = b"The SCO. " * 150_000  # ~1.3 MB, over the 1 MB limit
    sent = {"n": 0}

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must cut the stream
        for i in range(0, len(big), 64 * 1024):
            sent["n"] += 1
            yield big[i:i + 64 * 1024]

    _problem(client.post("/api/ingest", params={"filename": "big.txt"}, content=chunks(),
                         headers=AUTH), 413, "too-large")
    r = client.post("/api/ingest", params={"filename": "big.txt"}, content=big, headers=AUTH)
    assert r.status_code == 413 and "limit" in r.json()["message"]
    r = client.post("/api/ingest", files={"file": ("big.txt", big)}, headers=AUTH)
    assert r.status_code == 413
    assert len(client.get("/api/documents").json()["results"]) == before


# --------------------------------------------------------------------------------------------
# HTML pages


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _accessible(html: str) -> None:
    page = _parse(html)
    tags = [t for t, _ in page.tags]
    assert tags.count("table") == tags.count("caption"), "every table needs a caption"
    assert all(a.get("scope") in ("col", "row") for t, a in page.tags if t == "th")
    assert 'name="viewport"' in html and '<html lang="en">' in html
    assert not any(t == "script" for t in tags)
    assert not any(t in ("link", "img") and str(a.get("href") or a.get("src") or "")
                   .startswith(("http:", "https:", "//")) for t, a in page.tags)


@pytest.mark.parametrize("path, expect", [
    ("/", ["Shanghai Cooperation Organisation", 'href="/country/KAZ"', "Secretary-General",
           "Latest meetings"]),
    ("/org/SCO", ["Chairmanships", "Officials", "Meetings", "Timeline", 'href="/country/IND"']),
    ("/org/RATS", ["SCO Regional Anti-Terrorist Structure"]),
    ("/country/KAZ", ["Statuses in organizations", "Chairmanships", "Hosted meetings",
                      "Nationals in posts", 'href="/person/nurlan-yermekbayev"',
                      "Initiatives proposed"]),
    ("/person/kassym-jomart-tokayev", ["Kassym-Jomart Tokayev", 'href="/country/KAZ"']),
    ("/initiative/sco-world-unity-initiative", ["Status history", "adopted"]),
    ("/entity/place:astana", ["Astana"]),
    ("/documents", ["upload:hostile.txt"]),
    ("/search?q=summit", ["<mark>summit</mark>"]),
    ("/check", ['<textarea id="text" name="text"']),
    ("/sources", ['id="src-', 'href="https://']),
    ("/docs", ["/api/members", "/api/openapi.json"]),
])
def test_pages_render(client: TestClient, path: str, expect: list[str]) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    for text in expect:
        assert text in r.text, text
    _accessible(r.text)


def test_page_errors_and_redirects(client: TestClient) -> None:
    r = client.get("/org/Shanghai Cooperatoin", follow_redirects=False)
    assert r.status_code == 404 and "Did you mean" in r.text and 'href="/entity/SCO"' in r.text
    assert r.headers["content-type"].startswith("text/html")
    assert client.get("/org/ШОС", follow_redirects=False).headers["location"] == "/org/SCO"
    assert client.get("/country/kaz", follow_redirects=False).headers["location"] == \
        "/country/KAZ"
    assert client.get("/entity/Қазақстан", follow_redirects=False).headers["location"] == \
        "/country/KAZ"
    assert client.get("/documents/999999").status_code == 404
    assert client.get("/org/SCO", params={"on": "2017-99"}).status_code == 422


def test_the_org_page_after_the_day_the_facts_were_checked_to_says_so(
        client: TestClient) -> None:
    later = client.get("/org/SCO", params={"on": "2099-01-01"}).text
    assert "checked against sources up to" in later
    assert "checked against sources up to" not in client.get(
        "/org/SCO", params={"on": "2024-07-04"}).text


def test_pages_link_to_each_other(client: TestClient) -> None:
    """Follow every internal link two steps from the overview: each page answers 200."""
    seen: set[str] = set()
    frontier = ["/"]
    for _ in range(2):
        nxt: list[str] = []
        for path in frontier:
            r = client.get(path)
            assert r.status_code == 200, (path, r.status_code)
            if not r.headers["content-type"].startswith("text/html"):
                continue
            for link in _parse(r.text).links:
                target = link.split("#")[0]
                if target.startswith("/") and target not in seen:
                    seen.add(target)
                    nxt.append(target)
        frontier = nxt
    for path in frontier:
        assert client.get(path).status_code == 200, path
    assert {"/country/KAZ", "/org/SCO", "/sources", "/documents"} <= seen
    assert any(p.startswith("/person/") for p in seen)


def test_document_view_escapes_and_marks(client: TestClient) -> None:
    txt_id, html_id = client.doc_ids  # type: ignore[attr-defined]
    r = client.get(f"/documents/{txt_id}")
    html = r.text
    assert r.status_code == 200
    assert "&lt;script&gt;alert(&#34;doc&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/textarea&gt;&lt;script&gt;alert(3)" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "script-src" not in r.headers["content-security-policy"]  # default-src 'none'
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert 'class="mention" href="/org/SCO"' in html  # mentions link to entity pages
    assert '<mark class="claim outdated"' in html and 'id="claim-1"' in html  # checked claims
    assert '<span class="term area-security"' in html  # coded terms
    _accessible(html)
    page = client.get(f"/documents/{html_id}").text
    assert "<script" not in page and "Evil &lt;script&gt;alert(4)&lt;/script&gt; title" in page
    listing = client.get("/documents").text
    assert "<script" not in listing


def test_search_page_escapes_and_highlights(client: TestClient) -> None:
    html = client.get("/search", params={"q": "терроризм"}).text
    assert "<mark>Терроризм</mark>" in html and "&lt;script&gt;alert(3)" in html
    assert "<script" not in html
    hostile_q = client.get("/search", params={"q": '"><script>alert(6)</script>'}).text
    assert "<script" not in hostile_q


def test_check_page(client: TestClient) -> None:
    r = client.post("/check", data={"text": "The SCO has eight member states. "
                                            "<script>alert(7)</script>",
                                    "as_of": "2024-03-01"})
    assert r.status_code == 200
    assert '<span class="badge outdated">' in r.text and "2024-03-01" in r.text
    # the parsed claim and the reason for its verdict
    assert "SCO count 8 member states" in r.text and "true during 2017-06-09" in r.text
    assert "<script" not in r.text and "&lt;script&gt;alert(7)" in r.text
    _accessible(r.text)
    bad = client.post("/check", data={"text": "x", "as_of": "someday"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")


def test_stylesheet_is_local(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "http" not in r.text and "@import" not in r.text


# --------------------------------------------------------------------------------------------
# The command


def test_serve_command(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> None:
    import uvicorn

    from igokit.cli import main

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setenv("IGOKIT_TOKEN", "from-env")
    result = CliRunner().invoke(main, ["--db", str(web_db), "serve", "--port", "8123",
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert calls[0]["app"].state.token == "from-env"
    monkeypatch.delenv("IGOKIT_TOKEN")
    result = CliRunner().invoke(main, ["--db", str(web_db), "serve", "--host", "0.0.0.0",
                                       "--workers", "1"])
    assert result.exit_code == 0 and calls[1]["host"] == "0.0.0.0"
    assert calls[1]["app"].state.token is None
    assert "serve" in CliRunner().invoke(main, ["--help"]).output


def test_serve_with_several_workers(monkeypatch: pytest.MonkeyPatch, web_db: Path) -> None:
    """Several worker processes: uvicorn builds each one's app from the settings the command
    leaves in the environment (the token in IGOKIT_TOKEN only); the default binds 127.0.0.1."""
    import json

    import uvicorn

    from igokit.cli import main
    from igokit.web.app import SETTINGS_ENV, app_from_env

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setenv(SETTINGS_ENV, "")
    monkeypatch.setenv("IGOKIT_TOKEN", "")
    result = CliRunner().invoke(main, ["--db", str(web_db), "serve", "--workers", "3",
                                       "--token", "s3", "--max-text-chars", "77"])
    assert result.exit_code == 0, result.output
    call = calls[0]
    assert call["app"] == "igokit.web.app:app_from_env" and call["factory"] is True
    assert call["workers"] == 3 and call["host"] == "127.0.0.1"
    settings = json.loads(os.environ[SETTINGS_ENV])
    assert "s3" not in os.environ[SETTINGS_ENV] and settings["db"] == str(web_db)
    app = app_from_env()
    assert app.state.token == "s3" and app.state.limits.max_text_chars == 77
    assert app.state.kb.path == web_db


def test_body_limit_stops_reading_the_stream() -> None:
    """At the ASGI level: the app reads no further than the chunk that crosses the limit."""
    import asyncio

    from igokit.web.security import BodyLimitMiddleware, Limits

    consumed = {"n": 0}
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        from starlette.requests import Request

        from igokit.web.security import BodyTooLarge

        try:
            async for _ in Request(scope, receive).stream():
                pass
        except BodyTooLarge:
            await send({"type": "http.response.start", "status": 413, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        consumed["n"] += 1
        return {"type": "http.request", "body": b"x" * 1000, "more_body": consumed["n"] < 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    limits = Limits(max_upload_bytes=10_000)
    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "headers": []}
    asyncio.run(BodyLimitMiddleware(app, limits)(scope, receive, send))
    assert sent[0]["status"] == 413
    assert consumed["n"] == 11  # 11 KB read of the 1 MB offered
    limits.executor.shutdown()


def test_the_knowledge_base_and_limits_dependencies_need_no_thread() -> None:
    """FastAPI runs a plain-function dependency in its thread pool: a hand-over between
    threads on every request (under 50 clients it cost a search endpoint about a fifth of its
    throughput, bench/web.py). The app's two per-request dependencies are coroutines."""
    import inspect
    import typing

    from igokit.web import api as web_api

    for alias in (web_api.KB, web_api.Lim):
        (dep,) = [m for m in typing.get_args(alias)[1:] if hasattr(m, "dependency")]
        assert inspect.iscoroutinefunction(dep.dependency), dep


def test_the_word_analysers_load_in_the_search_thread_at_start(web_db: Path) -> None:
    """The app loads the word analysers (pymorphy3's dictionaries, the stemmers) in its search
    thread as it starts, so that the first searches, and those queued behind them, do not
    wait for them; a search then finds word forms."""
    from igokit.text import forms

    app = create_app(str(web_db))
    assert app.state.warm.result(timeout=60) is None
    assert forms._ru_key("организациями") == "организация"
    app.state.search_pool.shutdown()
