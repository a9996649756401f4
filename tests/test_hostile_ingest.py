"""Ingestion under faults (issue 14: failures 1, 3, 7, 9, 10, 11, 14 and the per-file time budget).

Every hostile input is built here, in tmp_path. Runs that could hang on a regression go through
a subprocess with a ``timeout=`` so that they fail instead.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from igokit.analysis import ingest as ingest_module
from igokit.analysis.ingest import ingest, iter_files
from igokit.api import KnowledgeBase
from igokit.engine.isolated import run_isolated
from igokit.engine.local import map_unordered
from igokit.errors import BudgetExceededError, CorruptFileError, ReadError
from igokit.kb.documents import list_documents

GOOD = "Kazakhstan chairs the Shanghai Cooperation Organisation (SCO) in 2024, file {}.\n"


@pytest.fixture()
def fresh_kb(kb: KnowledgeBase, tmp_path: Path) -> Iterator[KnowledgeBase]:
    """An empty-of-documents knowledge base: a copy of the session's (building one is slow)."""
    path = tmp_path / "kb.sqlite"
    with sqlite3.connect(path) as dest:
        kb.conn.backup(dest)
    dest.close()
    fresh = KnowledgeBase(path)
    yield fresh
    fresh.close()


def _good_files(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"g{i:04d}.txt"
        path.write_text(GOOD.format(i), encoding="utf-8")
        paths.append(path)
    return paths


def _cli(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``igokit --db DB ARGS`` in a subprocess (bounded: a hang fails the test)."""
    return subprocess.run([sys.executable, "-m", "igokit", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=timeout, check=False)


def _skip_as_root() -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root ignores file modes")


# -- 1. workers: an unreadable file is reported, every good file stored -------------------------

def test_workers_store_good_files_and_report_the_bad_one(fresh_kb: KnowledgeBase,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "w"
    _good_files(folder, 20)
    (folder / "a.pdf").write_bytes(os.urandom(5000))
    report = ingest(fresh_kb, [folder], workers=2)
    assert len(report.added) == 20
    assert [Path(p).name for p, _ in report.failed] == ["a.pdf"]
    assert len(list_documents(fresh_kb.conn)) == 20


# -- 3. a file name that is not UTF-8 ----------------------------------------------------------

@pytest.mark.skipif(sys.platform != "linux", reason="byte file names are a POSIX thing")
def test_a_name_that_is_not_utf8_is_shown_escaped_and_stored(fresh_kb: KnowledgeBase,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "names"
    _good_files(folder, 3)
    fd = os.open(os.fsencode(folder) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY, 0o644)
    os.write(fd, b"Kazakhstan and the SCO in a cafe.\n")
    os.close(fd)
    report = ingest(fresh_kb, [folder], workers=1, timeout=None)
    shown = str(folder / "caf\\xe9.txt")
    assert shown in report.added and len(report.added) == 4 and not report.failed
    assert shown in {d.path for d in list_documents(fresh_kb.conn)}
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # printable as is


# -- 7. folders that cannot be listed or searched ----------------------------------------------

def test_unreadable_and_unsearchable_folders_are_reported(tmp_path: Path) -> None:
    _skip_as_root()
    top = tmp_path / "tree"
    _good_files(top / "ok", 2)
    _good_files(top / "noexec", 1)
    _good_files(top / "none", 1)
    (top / "noexec").chmod(0o444)
    (top / "none").chmod(0o000)
    try:
        errors: list[tuple[str, str]] = []
        files = list(iter_files([top], recursive=True, errors=errors))
        assert {f.name for f in files} == {"g0000.txt", "g0001.txt"}
        assert sorted((Path(p).name, m.split(":")[0]) for p, m in errors) == [
            ("noexec", "cannot open folder"), ("none", "cannot open folder")]
    finally:
        (top / "noexec").chmod(0o755)
        (top / "none").chmod(0o755)


def test_a_folder_that_fails_to_open_is_a_named_failure(fresh_kb: KnowledgeBase, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above as root too: the operating system's refusals are simulated."""
    top = tmp_path / "tree"
    _good_files(top / "ok", 2)
    _good_files(top / "noexec", 1)
    _good_files(top / "none", 1)
    real_scandir, real_stat = os.scandir, os.stat

    def scandir(path: object) -> object:
        if str(path).endswith("none"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if "noexec" + os.sep in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    report = ingest(fresh_kb, [top], recursive=True, timeout=None)
    assert len(report.added) == 2
    assert sorted((Path(p).name, m.split(":")[0]) for p, m in report.failed) == [
        ("noexec", "cannot open folder"), ("none", "cannot open folder")]


# -- 9. only regular files: /dev/zero and a FIFO are refused at once ----------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                    reason="needs a FIFO and /dev/zero")
def test_devices_and_fifos_are_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = _cli(tmp_path / "kb.sqlite", "ingest", "/dev/zero", str(fifo), "--json",
                  timeout=60)
    report = json.loads(result.stdout)
    failed = {f["path"]: f["error"] for f in report["failed"]}
    assert "not a regular file (a device)" in failed["/dev/zero"]
    assert "not a regular file (a FIFO)" in failed[str(fifo)]
    assert result.returncode == 1  # nothing could be stored


# -- 10. a 254-character file name -------------------------------------------------------------

def test_a_254_character_name_is_ingested(fresh_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / ("n" * 250 + ".txt")
    path.write_text(GOOD.format("long"), encoding="utf-8")
    report = ingest(fresh_kb, [path], timeout=None)
    assert report.added == [str(path)] and not report.failed


# -- 14. counts that tell what the database did ------------------------------------------------

def test_duplicates_are_counted_as_already_there(fresh_kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "dups"
    files = _good_files(folder, 46)
    for i in range(3):
        (folder / f"zz_copy{i}.txt").write_bytes(files[i].read_bytes())
    report = ingest(fresh_kb, [folder], workers=2)
    assert (len(report.added), len(report.skipped), len(report.failed)) == (46, 3, 0)
    assert len(list_documents(fresh_kb.conn)) == 46


def test_two_concurrent_ingests_add_each_file_once(kb: KnowledgeBase, tmp_path: Path) -> None:
    folder = tmp_path / "same"
    _good_files(folder, 200)
    db = tmp_path / "kb.sqlite"
    with sqlite3.connect(db) as dest:
        kb.conn.backup(dest)
    dest.close()
    command = [sys.executable, "-m", "igokit", "--db", str(db), "ingest", str(folder), "--json"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True) for _ in range(2)]
    reports = [json.loads(run.communicate(timeout=180)[0]) for run in runs]
    for report in reports:
        assert not report["failed"]
        assert len(report["added"]) + len(report["skipped"]) == 200
    assert sum(len(r["added"]) for r in reports) == 200


# -- the time budget per file ------------------------------------------------------------------

def _sleep_on_seven(x: int) -> int:
    if x == 7:
        time.sleep(60)
    return x * 2


@pytest.mark.parametrize("workers", [1, 2])
def test_an_item_over_its_time_budget_is_stopped_and_the_rest_goes_on(workers: int) -> None:
    results = dict(map_unordered(_sleep_on_seven, range(12), workers, timeout=1, batch=2))
    assert sorted(results) == list(range(12))
    assert isinstance(results[7], TimeoutError)
    assert all(results[k] == 2 * k for k in range(12) if k != 7)


def test_ingest_stops_a_stalling_file_and_reports_it(fresh_kb: KnowledgeBase, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "slow"
    _good_files(folder, 5)
    (folder / "stall.txt").write_text(GOOD.format("stall"), encoding="utf-8")
    real = ingest_module.read_document

    def stalling_reader(path: str, **options: object) -> object:
        if path.endswith("stall.txt"):
            time.sleep(60)  # as a reader stuck in C code would
        return real(path, **options)  # type: ignore[arg-type]

    # workers are forked (Linux): they inherit the patched reader
    monkeypatch.setattr(ingest_module, "read_document", stalling_reader)
    if ingest_module.multiprocessing.get_start_method() != "fork":
        pytest.skip("a patched reader reaches forked workers only")
    report = ingest(fresh_kb, [folder], workers=1, timeout=1)
    assert len(report.added) == 5
    ((path, message),) = report.failed
    assert path.endswith("stall.txt") and "took more than 1 s" in message


# -- 11. a killed parent takes its workers with it ---------------------------------------------

def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_killing_the_parent_stops_its_workers(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = "".join(GOOD.format(i) for i in range(3000))  # ~250 KB: slow enough to extract
    for i in range(40):
        (folder / f"d{i:03d}.txt").write_text(f"{i}\n{text}", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    parent = subprocess.Popen([sys.executable, "-m", "igokit", "--db", str(db), "ingest",
                               str(folder), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()
        for _ in range(600):  # until both workers run (bounded: 60 s)
            workers = _children(parent.pid)
            if len(workers) >= 2 or parent.poll() is not None:
                break
            time.sleep(0.1)
        assert len(workers) >= 2, "the workers never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        for _ in range(100):  # bounded: 10 s
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)


# -- run_isolated --------------------------------------------------------------------------------

def _raise_corrupt(path: str) -> None:
    raise CorruptFileError(path, "broken on purpose")


def _raise_value() -> None:
    raise ValueError("no")


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_run_isolated_returns_and_raises_as_a_reader_would() -> None:
    assert run_isolated(divmod, 7, 2, timeout=30, label="x") == (3, 1)
    with pytest.raises(CorruptFileError, match=r"f\.pdf: broken on purpose"):
        run_isolated(_raise_corrupt, "f.pdf", timeout=30, label="f.pdf")
    with pytest.raises(ReadError, match=r"unexpected ValueError: no"):
        run_isolated(_raise_value, timeout=30, label="v")
    with pytest.raises(ReadError, match="SIGSEGV"):
        run_isolated(_kill_self, timeout=30, label="k")
    with pytest.raises(BudgetExceededError, match="took more than 1 s"):
        run_isolated(time.sleep, 60, timeout=1, label="slow")
    with pytest.raises(BudgetExceededError, match="memory"):
        run_isolated(_allocate, 4 << 30, timeout=30, label="big", max_memory=2 << 30)
