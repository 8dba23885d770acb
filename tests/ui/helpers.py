"""Waiting for the reader's workers in Pilot tests, never by sleeping."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
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


def kept_notices(app: Any) -> list[str]:
    """Every notice the app gives from now on, kept in a list: a notice stays five seconds,
    and a settle round on a busy machine can outlast it (it came and went unseen)."""
    said: list[str] = []
    shown = app.notify

    def notify(message: Any, *args: Any, **kwargs: Any) -> Any:
        said.append(str(message))
        return shown(message, *args, **kwargs)

    app.notify = notify
    return said


async def wait_for_notice(pilot: Any, text: str, seconds: float = 60.0) -> bool:
    """Wait until a notification holding ``text`` is on screen (a refresh or an import on a
    busy machine can outlast a few settle rounds: its worker finishes, then posts); returns
    whether it came within ``seconds`` of wall-clock time.

    It looks every twentieth of a second and never waits for the workers in between: a
    notice stays five seconds, and one settle round (waiting on, say, the analysis check in
    its child process) can outlast that on a loaded machine, so the notice came and went
    unseen and the wait ran its whole minute."""
    deadline = time.monotonic() + seconds
    while True:
        if any(text in notice.message for notice in pilot.app._notifications):
            return True
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)


async def wait_until(pilot: Any, holds: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Wait until ``holds()`` is true, settling the app's workers between looks (a chain of
    workers, each started by the one before, can outlast a few settle rounds on a loaded
    machine); returns whether it held within ``seconds`` of wall-clock time."""
    deadline = time.monotonic() + seconds
    while not holds():
        if time.monotonic() > deadline:
            return False
        await settle(pilot, rounds=1)
        await pilot.pause(0.05)
    return True


async def open_first_story(pilot: Any) -> None:
    """From the main screen, open the Stories view and its first (most covered) story."""
    await settle(pilot)
    await pilot.press("S")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def wait_for_pass_line(pilot: Any, text: str, seconds: float = 60.0) -> bool:
    """Wait until the page pass's closing line holding ``text`` is shown, or a refresh's (the
    pass after a refresh follows its line): in the status bar (where its count was, for ten
    seconds) or, when some page or feed did not come, as a notice;
    returns whether it came within ``seconds`` of wall-clock time. Looked for every
    twentieth of a second, never waiting for the workers (see ``wait_for_notice``)."""
    deadline = time.monotonic() + seconds
    while True:
        screen = getattr(pilot.app, "library_screen", None)
        if screen is not None and text in screen.progress:
            return True
        if any(text in notice.message for notice in pilot.app._notifications):
            return True
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.05)
