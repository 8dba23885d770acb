"""Fetching from the reader (issue 17, items 1, 8 and 9): a dead feed is one line and the
status clears; links open only when safe, a console browser gets the terminal to itself; quit
is quick during a slow refresh; a FIFO never blocks an import."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from reader.config import Settings
from reader.library import Library
from reader.links import openable_link
from reader.ui.app import make_app
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve
from tests.ptyrun import ReaderInPty
from tests.ui.helpers import settle, wait_for_notice, wait_for_pass_line

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml"}


async def test_refresh_with_a_dead_feed_says_so_and_the_status_clears(library: Library) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        library.subscribe(f"{base}/feed", "Good")
        library.subscribe("http://127.0.0.1:9/x.xml", "Dead")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")  # no settle first: the notices could come and go meanwhile
            assert await wait_for_notice(pilot, "feeds refreshed")
            assert await wait_for_notice(pilot, "Dead: cannot connect")
            messages = [n.message for n in app._notifications]
            await settle(pilot)
            screen = app.library_screen
            assert screen is not None and screen.progress == ""
            assert any(
                "1 of 2 feeds refreshed, 9 new articles, 0 updated articles, 0 unchanged; 1 failed: Dead"
                in m
                for m in messages
            )
            assert any(m.startswith("Dead: cannot connect") for m in messages)
    assert library.count() == 9


@pytest.mark.parametrize(
    "link, opened",
    [
        ("https://example.com/a?b=c", "https://example.com/a?b=c"),
        ("HTTP://example.com/", "HTTP://example.com/"),
        ("mailto:editor@example.com", "mailto:editor@example.com"),
        ("mailto:editor@example.com?attach=/home/me/.ssh/id_rsa", "mailto:editor@example.com"),
        (
            "mailto:a@example.com,b@example.com?subject=x&body=y",
            "mailto:a@example.com,b@example.com",
        ),
        ("mailto:?attach=/etc/passwd", None),
        ("mailto:x%0a@example.com", None),
        ("ftp://example.com/file", None),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("http://[::1/x", None),
        ("https://example.com/\x1b]0;x\x07", None),
    ],
)
def test_only_web_and_plain_mail_links_open(link: str, opened: str | None) -> None:
    assert openable_link(link) == opened


def wait_for(terminal: ReaderInPty, marker: bytes, seconds: float, after: int = -1) -> bool:
    """Wait until ``marker`` shows in the output past byte ``after``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if terminal.read(0.2).rfind(marker) > after:
            return True
    return False


def test_a_console_browser_gets_the_terminal_to_itself(
    sample_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "console-browser"
    browser.write_text(
        f'#!/bin/sh\nprintf "%s" "$1" > {opened}\necho CONSOLE-BROWSER-RAN\nsleep 0.5\n'
    )
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    link = sample_library.articles()[0].link
    sample_library.close()
    terminal = ReaderInPty(sample_library.path)
    try:
        assert wait_for(terminal, b"Meridian", 15), terminal.output[-500:]
        terminal.send("o", 0.5)
        assert wait_for(terminal, b"CONSOLE-BROWSER-RAN", 10), terminal.output[-800:]
        ran = terminal.output.index(b"CONSOLE-BROWSER-RAN")
        # the reader left the alternate screen before the browser drew, and came back after
        assert terminal.output.rfind(b"\x1b[?1049l", 0, ran) != -1
        assert wait_for(terminal, b"\x1b[?1049h", 5, after=ran)
        terminal.send("q", 0.5)
        terminal.process.wait(timeout=10)
    finally:
        terminal.close()
    assert opened.read_text() == link


def test_quit_during_a_slow_refresh_is_quick(library: Library) -> None:
    slow = Reply(200, FEED, RSS_TYPE, delay=20.0)
    with serve({f"/f{i}": (lambda h: slow) for i in range(4)}) as (base, log):
        for i in range(4):
            library.subscribe(f"{base}/f{i}", f"Slow {i}")
        library.import_paths([SAMPLES / "coastline-daily.json"])
        library.close()
        terminal = ReaderInPty(library.path)
        try:
            assert wait_for(terminal, b"Coastline", 15), terminal.output[-500:]
            terminal.send("R", 0.2)
            deadline = time.monotonic() + 30  # a loaded machine starts the refresh late
            while not log.requests and time.monotonic() < deadline:
                terminal.read(0.1)
            assert log.requests, "the refresh never reached the server"
            started = time.monotonic()
            terminal.send("q", 0.0)
            terminal.process.wait(timeout=15)
            took = time.monotonic() - started
        finally:
            terminal.close()
    # The server holds every reply for 20 s: a quit that waited for the refresh would take that
    # long. The bound leaves room for a loaded machine's slow process exit, not for the wait.
    assert took < 8.0, f"quit took {took:.1f} s"


def test_an_opml_naming_a_fifo_imports_the_rest_without_blocking(
    library: Library, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    (tmp_path / "good.xml").write_bytes(FEED)
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline text="pipe" xmlUrl="pipe.xml"/><outline text="good" xmlUrl="good.xml"/>'
        "</body></opml>"
    )
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(library.import_paths([opml])))
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # unblock the import so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        worker.join()
        pytest.fail("the import blocked on a FIFO")
    [summary] = results
    errors = [r.error for r in summary.results if r.error]  # type: ignore[attr-defined]
    assert errors == ["not a regular file; skipped"]
    assert library.count() == 9


async def test_with_no_browser_the_link_is_copied_and_shown(
    sample_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    monkeypatch.setenv("BROWSER", "")
    monkeypatch.setenv("PATH", str(tmp_path))  # no console or GUI browser to be found
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # forget what an earlier test found
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.library_screen
        assert screen is not None
        link = sample_library.articles()[0].link
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == link
        assert any(
            n.message.startswith("No browser here") and n.message.endswith(link)
            for n in app._notifications
        )
        screen.open_url("mailto:?attach=/home/me/.ssh/id_rsa")
        await settle(pilot)
        assert any("Only web links and plain mail links" in n.message for n in app._notifications)


async def test_refresh_on_a_locked_library_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    from tests.test_lock_wait import locked_by_another_program

    library = Library(tmp_path / "locked.sqlite", busy_timeout_ms=1500)
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        library.subscribe(f"{base}/feed", "Good")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            with locked_by_another_program(library.path, seconds=None):
                await pilot.press("R")  # the refresh's child waits for the lock, then gives up
                assert await wait_for_notice(pilot, "is locked by another program", 30)
            messages = [n.message for n in app._notifications if "locked" in n.message]
            assert messages and all("\n" not in m and "Traceback" not in m for m in messages)
            await settle(pilot)
            screen = app.library_screen
            assert screen is not None and screen.progress == ""  # not "refreshing…" for ever
            assert library.count() == 0
            await pilot.press("R")  # the lock let go: the same key stores the feed whole
            assert await wait_for_pass_line(pilot, "1 feed refreshed: 9 new articles")
            await settle(pilot)
    assert library.count() == 9
    library.close()
