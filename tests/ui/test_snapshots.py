"""Snapshots pinning the look of the main screen and the reading pane, wide and narrow."""

from __future__ import annotations

from typing import Any

import pytest

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from tests.ui.helpers import settle


async def _open_third(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("j", "j", "enter")
    await settle(pilot)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates in the list are relative to today; pin it so the snapshots never age."""
    monkeypatch.setenv("FEEDLENS_TODAY", "2026-11-25")


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_main_screen(snap_compare: Any, sample_library: Library, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_library, Settings()), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_reading_pane(snap_compare: Any, sample_library: Library, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_library, Settings()), terminal_size=size, run_before=_open_third
    )
