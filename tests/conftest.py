"""Shared fixtures: a real library file in a temp dir, and where the corpora and samples are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.library import Library

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_feeds"
CORPORA = ROOT.parent / "shared" / "corpora"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()


@pytest.fixture
def sample_library(library: Library) -> Library:
    summary = library.import_samples()
    assert summary.failed == 0
    assert library.wait_for_analysis().complete  # figures and groups, as the reader shows them
    return library


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"feed corpora not found at {CORPORA} (they sit beside the project in shared/)")
    return CORPORA
