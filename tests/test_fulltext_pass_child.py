"""The reader's page pass in its child process, as the reader lives with it: a page host that
dies in the middle of a pass (the pages it gave are kept, the rest keep the feed's text, one
line says so), a reader quitting or killed in the middle of a pass (no process of the pass is
left behind, nothing is half-written, the next pass resumes), and the reader answering keys
while a pass goes on, its count in the status bar. Real pages of the corpus from 127.0.0.1,
real reader processes on a pseudo-terminal, the real app through Pilot."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.config import Settings
from reader.fulltext import PagePassOptions
from reader.library import Library
from tests.feedserver import Reply, serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.perf.terminal_keys import reader_in_terminal

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

IN_CHILD = PagePassOptions(background=True)  # as the reader runs its passes


@contextmanager
def host_that_dies(pages: dict[str, bytes], answers: int) -> Iterator[str]:
    """A page host on 127.0.0.1 that answers its first ``answers`` requests, one at a time,
    and dies on the next: it drops that connection unanswered and stops listening, so every
    later request is refused. Yields its base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"

    def run() -> None:
        for served in range(answers + 1):
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    request += chunk
                if served == answers:  # the host dies here, mid-pass
                    listener.close()
                    return
                path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else "/"
                body = pages.get(path, b"not found")
                status = b"200 OK" if path in pages else b"404 Not Found"
                head = (
                    b"HTTP/1.0 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n"
                    b"Connection: close\r\n\r\n"
                )
                conn.sendall(head + body)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        listener.close()
        thread.join(5)


def test_a_page_host_dying_mid_pass_keeps_the_pages_it_gave_and_says_so_in_one_line(
    library: Library,
) -> None:
    sources = [page(key) for key in keys()[30:36]]
    pages = {f"/{i}": source.html for i, source in enumerate(sources)}
    with host_that_dies(pages, answers=3) as host:
        items = [
            (f"Story {i}", f"{host}/{i}", teaser_of(source.truth))
            for i, source in enumerate(sources)
        ]
        with serve({"/feed": feed_route(rss(items))}) as (base, _):
            library.add_feed(f"{base}/feed")
            teasers = {row.id: library.article(row.id).text.text for row in library.articles()}
            summary = library.fetch_pending_pages(IN_CHILD)
    line, failed = summary.notice()
    assert failed and "\n" not in line, line
    assert line.startswith("full text: 3 replaced, 3 failed ("), line
    for outcome in summary.outcomes:
        state = library.page_state(outcome.article_id)
        text = library.article(outcome.article_id).text.text
        if outcome.text_source == "page":  # a page it gave: stored whole
            assert state.text_source == "page" and state.feed_text is not None
            assert len(text) > len(state.feed_text.text)
        else:  # the feed's text kept, with the reason
            assert state.text_source == "feed" and state.page_error, outcome
            assert text == teasers[outcome.article_id]
    assert len(teasers) == 6


def descendants(pid: int) -> set[int]:
    """The processes started from ``pid``, and theirs (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    waiting = [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Of these processes, those still running (a zombie has ended)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_until_gone(pids: set[int], seconds: float = 20.0) -> set[int]:
    """Wait for these processes to end: a bound for a loaded machine, not a measure, but
    shorter than the slow page's fetch deadline (30 s), which would end a pass that went on."""
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def whole(path: Path) -> None:
    """The library is whole: SQLite finds nothing wrong, and every article's text is either
    its feed's or a page's whole text (never a page half-stored)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    library = Library(path)
    try:
        for row in library.articles():
            state = library.page_state(row.id)
            if state.text_source == "page":
                assert state.feed_text is not None
                assert len(library.article(row.id).text.text) > len(state.feed_text.text)
    finally:
        library.close()


@pytest.mark.parametrize("how", ["quits", "is killed"])
def test_a_reader_that_quits_or_is_killed_mid_pass_leaves_no_process_and_nothing_half_written(
    tmp_path: Path, how: str
) -> None:
    sources = [page(key) for key in keys()[40:46]]
    routes = {f"/{i}": page_route(source.html) for i, source in enumerate(sources)}
    slow = sources[0].html  # one page that takes its time: the pass is under way meanwhile
    routes["/0"] = lambda handler: Reply(200, slow, {"Content-Type": "text/html"}, delay=60)
    db = tmp_path / "quit.sqlite"
    with serve(routes) as (base, _):
        items = [
            (f"Story {i}", f"{base}/{i}", teaser_of(source.truth))
            for i, source in enumerate(sources)
        ]
        routes["/feed"] = feed_route(rss(items))
        library = Library(db)
        library.add_feed(f"{base}/feed")  # the teasers, their pages not fetched yet
        library.close()
        with reader_in_terminal(db) as terminal:
            assert terminal.wait_for(b"Story", 60), "the reader drew no article list"
            terminal.press(b"R")  # the feed, then the page pass in its child process
            assert terminal.wait_for(b"full text ", 60), "no page pass under way"
            started = descendants(terminal.process.pid)
            assert started, "the pass runs in no process of its own"
            if how == "quits":
                terminal.press(b"q")
            else:
                os.kill(terminal.process.pid, signal.SIGKILL)
            terminal.process.wait(60)
            left = wait_until_gone(started)
            for pid in left:  # not to leave them to the next test
                os.kill(pid, signal.SIGKILL)
            assert not left, f"processes of the pass outlived the reader ({how})"
        whole(db)
        routes["/0"] = page_route(slow)  # the slow page comes at once now
        again = Library(db)
        try:
            again.fetch_pending_pages()  # the next pass takes the pages this one left
            states = [again.page_state(row.id).text_source for row in again.articles()]
        finally:
            again.close()
    assert states == ["page"] * len(sources)


async def test_the_reader_answers_keys_while_a_page_pass_goes_on(library: Library) -> None:
    from reader.ui import fulltext
    from reader.ui.app import make_app
    from reader.ui.screens.library import LibraryScreen
    from reader.ui.widgets.article_list import ArticleList
    from tests.ui.helpers import settle

    sources = [page(key) for key in keys()[50:56]]
    routes = {f"/{i}": page_route(source.html) for i, source in enumerate(sources)}
    slow = sources[0].html  # the pass lasts until this page comes (or the test has looked)
    routes["/0"] = lambda handler: Reply(200, slow, {"Content-Type": "text/html"}, delay=15)
    with serve(routes) as (base, _):
        items = [
            (f"Story {i}", f"{base}/{i}", teaser_of(source.truth))
            for i, source in enumerate(sources)
        ]
        routes["/feed"] = feed_route(rss(items))
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            await pilot.press("R")  # the feed, then its pages
            # looked for without waiting for the workers (the pass is one, and lasts)
            deadline = time.monotonic() + 60
            while not screen.progress.startswith("full text ") and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert screen.progress.startswith("full text "), screen.progress
            listing = screen.query_one(ArticleList)
            before = listing.cursor
            await pilot.press("j")
            await pilot.pause()
            assert listing.cursor == before + 1
            await pilot.press("k")
            await pilot.pause()
            assert listing.cursor == before
            assert fulltext.passing(app), "the pass ended before the keys were answered"
            app.library.stop_background_work()  # as quitting does: the pass ends at once
