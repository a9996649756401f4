"""The whole hostile corpus through ``igokit ingest --workers 2``, as a user would run it: every
good file stored, every hostile one named in the summary with a reason, no traceback, a sound
database, and the run bounded in time (a subprocess with a timeout: a hang fails the test)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.build import build_hostile_corpus
from igokit.analysis.ingest import shown as shown_path

#: Cases a reader should refuse (the summary names each); everything else should be stored.
REFUSED_PREFIXES = ("docx_", "pdf_", "yaml_", "sidecar_is_")
REFUSED = {"sparse_huge", "fifo", "dev_zero", "binary_as_txt"}
READABLE = {"good_docx", "good_pdf", "pdf_aes_empty_password"}
SKIPPED = {"directory"}  # a folder named like a document is not a file: not listed


def _expected_refused(case: str) -> bool:
    return case not in READABLE and (case.startswith(REFUSED_PREFIXES) or case in REFUSED)


@pytest.mark.slow
def test_ingest_of_the_hostile_corpus_keeps_the_good_and_names_the_bad(tmp_path: Path) -> None:
    cases = build_hostile_corpus(tmp_path / "in")
    db = tmp_path / "kb.sqlite"
    env = dict(os.environ, IGOKIT_DB=str(db), COLUMNS="400")
    run = subprocess.run(
        [sys.executable, "-m", "igokit.cli", "ingest", str(tmp_path / "in"), "--workers", "2",
         "--timeout-per-file", "60"],
        capture_output=True, env=env, timeout=600)
    out = (run.stdout + run.stderr).decode("utf-8", "replace")
    assert run.returncode == 0, out
    assert "Traceback" not in out and "internal error" not in out, out
    failed_lines = [line for line in out.splitlines() if line.startswith("failed ")]

    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT path FROM documents")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    missing, wrong = [], []
    for case, path in cases.items():
        if case in SKIPPED:
            continue
        shown = shown_path(path)  # a name that is not UTF-8 is shown with \\xNN
        was_stored = shown in stored
        was_failed = any(line.startswith(f"failed {shown}:") for line in failed_lines)
        if was_stored == was_failed:  # each file exactly one of the two
            missing.append(f"{case}: stored={was_stored} failed={was_failed}")
        elif was_failed != _expected_refused(case):
            wrong.append(f"{case}: {'refused' if was_failed else 'stored'}")
    assert not missing, "\n".join(missing) + "\n" + out
    assert not wrong, "\n".join(wrong) + "\n" + out
    summary = next(line for line in out.splitlines() if line.startswith("added "))
    n_failed = sum(1 for c in cases if c not in SKIPPED and _expected_refused(c))
    assert summary.startswith(f"added {len(stored)}, already there 0, failed {n_failed} ")
