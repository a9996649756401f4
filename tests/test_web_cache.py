"""Answers cached per knowledge-base version: a hit is the same answer, with an ETag; a
conditional request gets 304; any commit (an upload here, a write by another process) makes
every cached answer stale; errors, writes and the health check are never cached."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from igokit.api import KnowledgeBase
from igokit.kb.version import ChangeWatch
from igokit.web.app import create_app
from igokit.web.cache import ResponseCache, etag_of
from igokit.web.models import Listing, SearchResult
from igokit.web.render import highlight_snippet
from igokit.web.security import SECURITY_HEADERS

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

TOKEN = "cache-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def db(kb: KnowledgeBase, tmp_path: Path) -> Path:
    path = tmp_path / "cache.sqlite"
    dst = sqlite3.connect(path)
    kb.conn.backup(dst)
    dst.close()
    return path


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), token=TOKEN), base_url="http://127.0.0.1") as c:
        yield c


def _cache(client: TestClient) -> ResponseCache:
    stack = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(stack, ResponseCache):
        stack = stack.app
    return stack


def _upload(client: TestClient, name: str, text: str) -> Any:
    r = client.post("/api/ingest", params={"filename": name, "date": "2024-07-05"},
                    content=text.encode(), headers=AUTH)
    assert r.status_code == 200 and r.json()["status"] == "added", r.text
    return r.json()


def test_a_hit_is_the_same_answer_with_an_etag(client: TestClient) -> None:
    cache = _cache(client)
    first = client.get("/api/members", params={"org": "SCO", "on": "2017-06-09"})
    misses = cache.misses
    again = client.get("/api/members", params={"org": "SCO", "on": "2017-06-09"})
    assert cache.misses == misses and cache.hits >= 1
    assert again.status_code == first.status_code == 200
    assert again.content == first.content and again.json()["results"]
    assert again.headers["etag"] == first.headers["etag"] == etag_of(first.content).decode()
    assert again.headers["cache-control"] == "no-cache"
    for name, value in SECURITY_HEADERS.items():  # kept on answers from the cache
        assert again.headers[name] == value
    other = client.get("/api/members", params={"org": "SCO", "on": "2001-06-15"})
    assert other.headers["etag"] != first.headers["etag"]
    page = client.get("/org/SCO")
    assert page.headers["etag"] and "text/html" in page.headers["content-type"]
    assert client.get("/org/SCO").content == page.content


def test_conditional_request_is_304_without_a_body(client: TestClient) -> None:
    first = client.get("/api/chair", params={"org": "SCO", "on": "2024-01-01"})
    tag = first.headers["etag"]
    for header in (tag, f'W/{tag}', f'"nope", {tag}', "*"):
        r = client.get("/api/chair", params={"org": "SCO", "on": "2024-01-01"},
                       headers={"If-None-Match": header})
        assert r.status_code == 304 and r.content == b"", header
        assert r.headers["etag"] == tag and "content-type" not in r.headers
        assert r.headers["content-security-policy"] == SECURITY_HEADERS[
            "content-security-policy"]
    r = client.get("/api/chair", params={"org": "SCO", "on": "2024-01-01"},
                   headers={"If-None-Match": '"stale"'})
    assert r.status_code == 200 and r.content == first.content
    # a first request may be conditional too (the tag a client kept from another worker)
    _cache(client).clear()
    r = client.get("/api/chair", params={"org": "SCO", "on": "2024-01-01"},
                   headers={"If-None-Match": tag})
    assert r.status_code == 304


def test_an_upload_makes_every_cached_answer_stale(client: TestClient) -> None:
    before = client.get("/api/documents")
    info = client.get("/api/")
    assert client.get("/api/documents").headers["etag"] == before.headers["etag"]
    doc = _upload(client, "fresh.txt", "The SCO summit in Astana opened on 4 July 2024.")
    after = client.get("/api/documents")
    assert after.headers["etag"] != before.headers["etag"]
    assert doc["doc_id"] in {d["id"] for d in after.json()["results"]}
    assert client.get("/api/").json()["documents"] == info.json()["documents"] + 1
    found = client.get("/api/search", params={"q": "Astana"}).json()["results"]
    assert doc["doc_id"] in {h["doc_id"] for h in found}
    r = client.get("/api/documents", headers={"If-None-Match": before.headers["etag"]})
    assert r.status_code == 200  # the old tag no longer matches


def test_a_write_by_another_process_makes_answers_stale(client: TestClient, db: Path
                                                        ) -> None:
    from igokit.api import store_extraction

    before = client.get("/api/documents").json()["results"]
    other = KnowledgeBase(db)  # another connection, as another process would have
    store_extraction(other.conn, {
        "document": {"sha256": "cache-test-other", "path": "other.txt", "format": "txt",
                     "title": "written elsewhere", "date": "2024-01-02",
                     "languages": {"en": 20}},
        "text": "Written elsewhere.", "paragraphs": [{"start": 0, "end": 18}],
        "sentences": [{"start": 0, "end": 18, "lang": "en", "paragraph": 0}],
        "mentions": [], "dates": [], "quantities": []})
    other.close()
    after = client.get("/api/documents").json()["results"]
    assert len(after) == len(before) + 1
    assert "written elsewhere" in {d["title"] for d in after}


def test_what_is_never_cached(client: TestClient) -> None:
    cache = _cache(client)
    health = client.get("/api/health")
    assert health.json() == {"status": "ok"} and health.headers["cache-control"] == "no-store"
    assert "etag" not in health.headers
    missing = client.get("/api/entity/Atlantis")
    assert missing.status_code == 404 and "etag" not in missing.headers
    post = client.post("/api/extract", json={"text": "Kazakhstan chaired the SCO."})
    assert post.status_code == 200 and "etag" not in post.headers
    assert all(k[0] not in ("/api/health", "/api/entity/Atlantis", "/api/extract")
               for k in cache.entries)


def test_memory_bound_and_switch(db: Path) -> None:
    with TestClient(create_app(str(db), cache_mb=0.05),  # about 50 KB
                    base_url="http://127.0.0.1") as c:
        cache = _cache(c)
        for year in range(2002, 2025):
            c.get("/api/members", params={"org": "SCO", "on": str(year)})
            assert cache.size <= cache.max_bytes
        assert 0 < len(cache.entries) < 23
    with TestClient(create_app(str(db), cache_mb=0), base_url="http://127.0.0.1") as c:
        r = c.get("/api/summits")
        assert r.status_code == 200 and "etag" not in r.headers
        assert not _cache(c).entries


def test_change_watch(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    watch = ChangeWatch(path)
    v1 = watch.version()
    assert v1 is not None and watch.version() == v1  # nothing committed: same version
    writer.execute("INSERT INTO t VALUES (1)")
    v2 = watch.version()
    assert v2 is not None and v2 > v1 and watch.version() == v2
    writer.execute("BEGIN")
    writer.execute("INSERT INTO t VALUES (2)")
    assert watch.version() == v2  # not committed yet
    writer.execute("ROLLBACK")
    assert watch.version() == v2
    watch.close()
    assert ChangeWatch(":memory:").version() is None


def test_search_answer_matches_its_schema(client: TestClient) -> None:
    _upload(client, "schema.txt", "Kazakhstan proposed transport corridors [to] <b>Caspian</b>.")
    body = client.get("/api/search", params={"q": "corridor Caspian"}).json()
    listing = Listing[SearchResult].model_validate(body)
    hit = listing.results[0]
    assert "[corridors]" in hit.snippet and "<mark>corridors</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html and "<b>" not in hit.snippet_html
    assert set(body["results"][0]) == set(SearchResult.model_fields)
    assert set(body) == set(Listing[SearchResult].model_fields)  # as the model would give it


def _marks_reference(snippet: str) -> str:
    """The marking rule, one character at a time."""
    from markupsafe import escape

    out, open_mark = [], False
    for ch in str(escape(snippet)):
        if ch == "[" and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif ch == "]" and open_mark:
            out.append("</mark>")
            open_mark = False
        else:
            out.append(ch)
    if open_mark:
        out.append("</mark>")
    return "".join(out)


def test_snippet_marks_follow_the_rule() -> None:
    import itertools

    for n in range(7):
        for chars in itertools.product("[]a<", repeat=n):
            text = "".join(chars)
            assert str(highlight_snippet(text)) == _marks_reference(text), text


def test_a_document_page_cut_short_by_the_time_limit_is_not_kept(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from igokit.web import api

    with TestClient(create_app(str(db), token=TOKEN), base_url="http://127.0.0.1") as c:
        doc_id = _upload(c, "slow.txt", "Kazakhstan chaired the SCO in 2024.")["doc_id"]

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        return []

    monkeypatch.setattr(api, "_code", slow)
    app = create_app(str(db), request_timeout_s=0.05)
    # the page's own time limit is under test, not the request deadline that backs it up
    # (0.31 s here, which a busy machine can reach before the page is cut short)
    app.state.limits.deadline_s = 30.0
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get(f"/documents/{doc_id}")
        assert page.status_code == 200 and "time limit" in page.text
        assert page.headers["cache-control"] == "no-store" and "etag" not in page.headers
        assert not any(k[0].startswith("/documents/") for k in _cache(c).entries)
