"""Snapshots pinning the look of the main screen (with its sidebar) and the reading pane, at
120x36 and 80x24."""

from __future__ import annotations

import time
from collections.abc import Iterator
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
    # Reading recounts the sidebar on a 0.8 s timer, which a slow machine may or may not have
    # reached by the snapshot: recount now so the picture is the same on every machine.
    pilot.app.screen.refresh_sidebar()
    await settle(pilot)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates in the list are relative to today, and shown in local time: pin both so the
    snapshots never age nor depend on the machine's time zone."""
    monkeypatch.setenv("FEEDLENS_TODAY", "2026-11-25")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_main_screen(snap_compare: Any, sample_library: Library, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(sample_library, Settings()), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_reading_pane(snap_compare: Any, sample_library: Library, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(sample_library, Settings()), terminal_size=size, run_before=_open_third
    )


async def _show_sidebar(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)


def test_main_screen_with_the_sidebar_at_80_columns(
    snap_compare: Any, sample_library: Library
) -> None:
    """At 120 columns the sidebar is always there; at 80 it is one key (h) away."""
    assert snap_compare(
        make_app(sample_library, Settings()), terminal_size=(80, 24), run_before=_show_sidebar
    )
