"""Shared fixtures: one knowledge base built from the shipped data per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from igokit.api import KnowledgeBase

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """A knowledge base built from the curated data into a temporary file."""
    kb = KnowledgeBase(tmp_path_factory.mktemp("kb") / "igokit.sqlite")
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (a fresh clone has none)")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_db(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
                 ) -> None:
    """Never touch the user's own knowledge base from a test."""
    path = tmp_path_factory.getbasetemp() / "default-igokit.sqlite"
    monkeypatch.setenv("IGOKIT_DB", str(path))
