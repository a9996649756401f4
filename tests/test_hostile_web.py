"""The web app under hostile input and load (issue 14, failures 8, 12 and 13): foreign Host
headers (DNS rebinding), out-of-range document ids, headers on an unexpected 500, a slow
handler's deadline, large documents in pages built off the event loop, idle connections, and
``javascript:`` addresses that must never become links."""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from igokit.api import KnowledgeBase, extract_string, store_extraction

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about httpx versions
    from fastapi.testclient import TestClient

from igokit.web.app import create_app
from igokit.web.security import SECURITY_HEADERS

TOKEN = "hostile-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: about 12,000 characters in 60 paragraphs, with mentions, dates and quantities
LONG_TEXT = "\n\n".join(
    f"Paragraph {i}. The SCO summit in Astana on 4 July 2024 discussed trade with Kazakhstan, "
    f"which grew by {i} percent. Китай и Россия обсудили безопасность в рамках ШОС."
    for i in range(60)) + "\n"


def _secure(r: Any) -> None:
    for key, value in SECURITY_HEADERS.items():
        assert r.headers.get(key) == value, (r.status_code, key, dict(r.headers))


@pytest.fixture(scope="module")
def db(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's knowledge base with a long document and one whose sidecar
    gives a ``javascript:`` address."""
    folder = tmp_path_factory.mktemp("hostile-docs")
    path = folder / "hostile-web.sqlite"
    dst = sqlite3.connect(path)
    kb.conn.backup(dst)
    dst.close()
    k = KnowledgeBase(path)
    try:  # stored as ingest stores them (the readers are tested elsewhere)
        for name, text, date, url in (
                ("long.txt", "A long report\n\n" + LONG_TEXT, "2024-07-05", None),
                ("js.txt", "Kazakhstan chaired the SCO in 2024.\n", "2024-07-05",
                 "javascript:alert(document.cookie)"),  # as a sidecar's url gives it
                ("ok.txt", "Uzbekistan hosted the SCO summit in 2022.\n", "2022-09-16",
                 "https://example.org/sco")):
            data = extract_string(k, text, date=date).to_dict()
            data["document"].update(path=f"/docs/{name}", title=name.split(".")[0].title(),
                                    url=url, sha256=hashlib.sha256(text.encode()).hexdigest(),
                                    size=len(text.encode()))
            store_extraction(k.conn, data)
    finally:
        k.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), token=TOKEN, page_chars=2000),
                    base_url="http://127.0.0.1:8000") as c:
        yield c


def _doc_id(client: TestClient, name: str) -> int:
    for d in client.get("/api/documents").json()["results"]:
        if d["path"].endswith(name):
            return int(d["id"])
    raise AssertionError(name)


# --------------------------------------------------------------------------------------------
# 8. Allowed hosts


def test_a_foreign_host_header_is_400_with_the_security_headers(client: TestClient) -> None:
    for host in ("127.0.0.1:8000", "localhost", "localhost:8000", "[::1]:8000", "LOCALHOST"):
        assert client.get("/api/members", headers={"Host": host}).status_code == 200, host
    # a name an attacker rebound to 127.0.0.1, with and without the port; and junk
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "[::2]",
                 "localhost.", "testserver", "", "a b"):
        r = client.get("/api/members", headers={"Host": host})
        assert r.status_code == 400, host
        _secure(r)
    # a cached answer is not served to a foreign host either
    assert client.get("/org/SCO").status_code == 200
    r = client.get("/org/SCO", headers={"Host": "rebound.example"})
    assert r.status_code == 400 and "SCO" not in r.text


def test_allowed_hosts_come_from_the_host_the_option_and_the_environment(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IGOKIT_ALLOWED_HOSTS", "kb.intranet, Other.Example")
    app = create_app(str(db), host="192.168.1.5", allowed_host=["igokit.lan", "::1"],
                     cache_mb=0)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for host in ("192.168.1.5:8000", "igokit.lan", "kb.intranet", "other.example",
                     "[::1]"):
            assert c.get("/api/health", headers={"Host": host}).status_code == 200, host
        assert c.get("/api/health", headers={"Host": "192.168.1.6"}).status_code == 400
    # a wildcard address names no host: only the loopback names (and the options)
    assert "0.0.0.0" not in create_app(str(db), host="0.0.0.0").state.allowed_hosts


def test_serve_passes_allowed_hosts_and_connection_limits(
        monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    import uvicorn

    from igokit.cli import main
    from igokit.web.server import IdleTimeoutProtocol

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.delenv("IGOKIT_ALLOWED_HOSTS", raising=False)
    result = CliRunner().invoke(main, ["--db", str(db), "serve", "--workers", "1", "--host",
                                       "0.0.0.0", "--allowed-host", "kb.example.org"])
    assert result.exit_code == 0, result.output
    assert "--allowed-host" not in result.output  # given: no warning about it
    call = calls[0]
    assert "kb.example.org" in call["app"].state.allowed_hosts
    assert call["http"] is IdleTimeoutProtocol and 0 < call["timeout_keep_alive"] <= 10
    assert call["limit_concurrency"] >= 2000 and call["backlog"] >= 1500


# --------------------------------------------------------------------------------------------
# 13. Out-of-range ids and unexpected errors


@pytest.mark.parametrize("raw", ["99999999999999999999", "9223372036854775808", "-1", "0",
                                 "-99999999999999999999", "9" * 400])
def test_an_id_no_document_can_have_is_404(client: TestClient, raw: str) -> None:
    r = client.get(f"/api/documents/{raw}")
    assert r.status_code == 404 and r.json()["error"] == "not-found"
    _secure(r)
    page = client.get(f"/documents/{raw}")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    _secure(page)


def test_an_unexpected_error_is_500_with_the_security_headers(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from igokit.web import api, pages

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "document_count", broken)
    monkeypatch.setattr(pages, "document_count", broken)
    with TestClient(create_app(str(db)), base_url="http://localhost",
                    raise_server_exceptions=False) as c:
        r = c.get("/api/")
        assert r.status_code == 500 and r.json()["error"] == "internal-error"
        _secure(r)
        page = c.get("/")
        assert page.status_code == 500 and "bug" in page.text
        _secure(page)


# --------------------------------------------------------------------------------------------
# 12. Slow handlers, large documents, idle connections


def test_a_slow_handler_gets_503_at_its_deadline_and_blocks_no_one(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from igokit.web import api

    entered, release = threading.Event(), threading.Event()

    def stuck(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        release.wait(20)  # (a guard: the test fails instead of hanging)
        return []

    monkeypatch.setattr(api, "list_documents", stuck)
    answers: dict[str, Any] = {}
    with TestClient(create_app(str(db), request_timeout_s=0.2),
                    base_url="http://127.0.0.1") as c:
        slow = threading.Thread(target=lambda: answers.update(slow=c.get("/api/documents")))
        slow.start()
        try:
            assert entered.wait(20)
            # while the handler is stuck, others are answered
            assert c.get("/api/health").status_code == 200
            assert c.get("/api/members").status_code == 200
            slow.join(15)
            assert not release.is_set() and "slow" in answers  # answered, the handler stuck
        finally:
            release.set()
            slow.join(20)
    r = answers["slow"]
    assert r.status_code == 503 and r.json()["error"] == "timeout" and r.headers["retry-after"]
    _secure(r)


def test_a_large_document_comes_in_pages(client: TestClient) -> None:
    doc_id = _doc_id(client, "long.txt")
    first = client.get(f"/api/documents/{doc_id}").json()
    info = first["page"]
    assert info["number"] == 1 and info["pages"] >= 5 and info["text_chars"] > 9_000
    texts: list[str] = []
    mentions = 0
    for n in range(1, info["pages"] + 1):
        r = client.get(f"/api/documents/{doc_id}", params={"page": n})
        assert r.status_code == 200
        page = r.json()
        assert len(page["text"]) <= 2000 and page["page"]["text_start"] == sum(map(len, texts))
        for m in page["mentions"]:  # offsets index the page's text
            assert page["text"][m["start"]:m["end"]] == m["text"]
        assert page["text"][:1].isupper()  # cut where a paragraph or a sentence begins
        texts.append(page["text"])
        mentions += len(page["mentions"])
    assert "".join(texts) == ("A long report\n\n" + LONG_TEXT)
    assert mentions >= 5 * 60
    r = client.get(f"/api/documents/{doc_id}", params={"page": info["pages"] + 1})
    assert r.status_code == 404 and "pages" in r.json()["message"]
    # a short document is one page, as before
    short = client.get(f"/api/documents/{_doc_id(client, 'ok.txt')}").json()
    assert short["page"]["pages"] == 1 and short["text"].startswith("Uzbekistan")


def test_a_large_document_page_is_built_off_the_event_loop(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from igokit.web import pages

    threads: list[str] = []
    mark = pages.mark_text

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return mark(*args, **kwargs)

    monkeypatch.setattr(pages, "mark_text", spy)
    doc_id = _doc_id(client, "long.txt")
    r = client.get(f"/documents/{doc_id}", params={"page": 2})
    assert r.status_code == 200
    assert "Page 2 of" in r.text and f"/documents/{doc_id}?page=3" in r.text
    assert f"/documents/{doc_id}?page=1" in r.text
    assert r.text.count("Paragraph ") < 30  # one page, not the whole text
    assert threads and all(t.startswith("igokit-page") for t in threads)
    assert client.get(f"/documents/{doc_id}", params={"page": 99}).status_code == 404


def test_a_javascript_address_is_never_a_link(client: TestClient) -> None:
    js = client.get(f"/documents/{_doc_id(client, 'js.txt')}")
    assert js.status_code == 200 and "Js" in js.text
    assert "javascript:" not in js.text.lower()
    ok = client.get(f"/documents/{_doc_id(client, 'ok.txt')}").text
    assert 'href="https://example.org/sco"' in ok
    from igokit.web.pages import safe_url

    for url in ("javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:x", "//evil.example"):
        assert safe_url(url) is None, url


class _Server:
    """A real uvicorn server on a free loopback port, in a thread."""

    def __init__(self, app: Any, **options: Any) -> None:
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        for _ in range(400):
            if self.server.started:
                return self
            threading.Event().wait(0.025)
        raise AssertionError("the server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def test_idle_and_slow_connections_are_closed(db: Path) -> None:
    """uvicorn alone holds a connection that never sends a request for as long as the client
    likes; the server of ``igokit serve`` closes it after the idle timeout."""
    from igokit.web.server import uvicorn_options

    app = create_app(str(db), cache_mb=0)
    with _Server(app, **uvicorn_options(idle_timeout_s=0.3)) as srv:
        idle = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        slow = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127")  # ... and no more
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as normal:
            normal.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert normal.recv(100).startswith(b"HTTP/1.1 200")
        try:
            assert idle.recv(1) == b""  # closed by the server (a timeout would raise)
            assert slow.recv(1) == b""
        finally:
            idle.close()
            slow.close()


def test_an_upload_is_read_under_a_time_and_memory_budget(
        db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Uploads are read by igokit.api.extract_file in a child process with a time and memory
    budget; a file past it is refused with the budget error naming it (failure 4 and 5 as the
    web app meets them), and the server goes on."""
    import igokit.api
    from igokit.errors import BudgetExceededError

    seen: dict[str, Any] = {}

    def budgeted(kb: Any, path: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        raise BudgetExceededError(path, "took longer than the budget of 22.5 s")

    monkeypatch.setattr(igokit.api, "extract_file", budgeted)
    copy = tmp_path / "upload.sqlite"
    dst = sqlite3.connect(copy)
    src = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    with TestClient(create_app(str(copy), token=TOKEN), base_url="http://127.0.0.1") as c:
        r = c.post("/api/ingest", params={"filename": "bomb.docx"}, content=b"PK\x03\x04",
                   headers=AUTH)
        assert r.status_code == 422 and r.json()["error"] == "budget-exceeded"
        assert "bomb.docx" in r.json()["message"]
        _secure(r)
        assert c.get("/api/health").status_code == 200
    assert seen["timeout"] == pytest.approx(22.5) and seen["max_memory"] >= 256 * 1024**2
