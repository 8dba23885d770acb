"""Waiting for the reader's workers in Pilot tests, never by sleeping."""

from __future__ import annotations

import contextlib
from typing import Any

from textual.worker import WorkerCancelled


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Wait until the app's workers are done and their messages handled.

    An exclusive worker replaced by a newer one is cancelled; that is expected, not a failure.
    """
    for _ in range(rounds):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def run_command(pilot: Any, command: str) -> None:
    """Open the command palette, type a command and run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)
