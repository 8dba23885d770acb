"""The reader's refresh in a child process (reader/refresh_child.py), on real parts: a real
library file, a real 127.0.0.1 server, the played host names of the address policy. It stores
what the in-process refresh stores, keeps every fetch rule (the library's resolver and the
address policy, conditional GET), reports a dead host on its feed, a locked library as one
line (its lock waits told to the reader's listeners) with nothing lost, and stops at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from reader.errors import LibraryError
from reader.feeds.fetch import FetchLimits
from reader.library import Library
from reader.refresh import RefreshProgress
from tests.conftest import SAMPLES
from tests.feedserver import Reply, serve
from tests.test_fetch_addresses import HOSTS, as_host
from tests.test_lock_wait import locked_by_another_program

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}


def test_a_refresh_in_the_child_stores_what_one_here_stores(tmp_path: Path) -> None:
    routes = {"/feed": lambda h: Reply(200, FEED, {**RSS_TYPE, "ETag": '"v1"'})}
    with serve(routes) as (base, log):
        here = Library(tmp_path / "here.sqlite")
        there = Library(tmp_path / "there.sqlite")
        for library in (here, there):
            library.subscribe(f"{base}/feed", "Good")
            library.subscribe("http://127.0.0.1:9/x.xml", "Dead")
        steps: list[RefreshProgress] = []
        expected = here.refresh(force=True)
        summary = there.refresh(force=True, progress=steps.append, background=True)
        assert summary == expected
        assert "1 of 2 feeds refreshed, 9 new articles" in summary.line()
        dead = next(f for f in summary.feeds if f.title == "Dead")
        assert (dead.error or "").startswith("cannot connect")  # the dead host, on its feed
        assert [s.done for s in steps] == [1, 2] and {s.total for s in steps} == {2}
        assert there.count() == here.count() == 9
        assert [a.title for a in there.articles()] == [a.title for a in here.articles()]
        # the validators it stored make the next fetch conditional (the server saw them)
        there.refresh(force=True, background=True)
        assert log.requests[-1][1].get("if-none-match") == '"v1"'
        here.close()
        there.close()


def test_the_child_fetches_through_the_librarys_resolver_and_policy(tmp_path: Path) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (server, _):
        routes = {"/to-loopback": lambda h: Reply(302, b"", {"Location": f"{server}/feed"})}
        with serve(routes) as (front, _):
            played = Library(tmp_path / "played.sqlite", resolver=HOSTS)
            fine = played.subscribe(f"{as_host(server, 'public.test')}/feed")
            refused = played.subscribe(f"{as_host(front, 'nas.lan')}/to-loopback")
            summary = played.refresh([fine, refused], background=True)
    outcomes = {f.feed_id: f for f in summary.feeds}
    assert outcomes[fine].outcome == "updated"  # public.test resolves only through HOSTS
    assert (outcomes[refused].error or "").startswith("refused: redirect to a loopback address")
    played.close()


def test_a_locked_library_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    with serve({"/feed": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        library = Library(tmp_path / "locked.sqlite", busy_timeout_ms=1500)
        feed_id = library.subscribe(f"{base}/feed", "Good")
        told: list[bool] = []
        library.lock_waits.listen(told.append)
        with (
            locked_by_another_program(library.path, seconds=None),
            pytest.raises(LibraryError) as raised,
        ):
            library.refresh(force=True, background=True, limits=FetchLimits(deadline=10.0))
        message = raised.value.message
        assert "\n" not in message and "is locked by another program" in message
        assert told[0] is True and told[-1] is False  # the status bar said so, then cleared
        assert library.count() == 0
        # once the lock is let go, the same refresh stores the feed whole
        summary = library.refresh([feed_id], background=True)
        assert summary.feeds[0].new == 9 and library.count() == 9
        library.close()


def test_stopping_ends_the_child_at_once(tmp_path: Path) -> None:
    slow = Reply(200, FEED, RSS_TYPE, delay=20.0)
    with serve({"/feed": lambda h: slow}) as (base, log):
        library = Library(tmp_path / "slow.sqlite")
        library.subscribe(f"{base}/feed", "Slow")
        done: list[float] = []

        def refresh() -> None:
            library.refresh(force=True, background=True)
            done.append(time.monotonic())

        worker = threading.Thread(target=refresh)
        worker.start()
        deadline = time.monotonic() + 15
        while not log.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert log.requests, "the child's fetch never reached the server"
        stopped = time.monotonic()
        library.stop_background_work()
        worker.join(10)
        assert done and done[0] - stopped < 3.0  # not the server's 20 s
        library.close()


def test_a_child_that_dies_is_one_line_and_what_it_stored_stays(tmp_path: Path) -> None:
    import multiprocessing
    import os
    import signal

    from reader.refresh_child import CHILD_NAME

    slow = Reply(200, FEED, RSS_TYPE, delay=20.0)
    routes = {"/fast": lambda h: Reply(200, FEED, RSS_TYPE), "/slow": lambda h: slow}
    with serve(routes) as (base, log):
        library = Library(tmp_path / "killed.sqlite")
        library.subscribe(f"{base}/fast", "Fast")
        library.subscribe(f"{base}/slow", "Slow")
        steps: list[RefreshProgress] = []
        failures: list[str] = []

        def refresh() -> None:
            try:
                library.refresh(force=True, progress=steps.append, background=True)
            except LibraryError as error:
                failures.append(error.message)

        worker = threading.Thread(target=refresh)
        worker.start()
        deadline = time.monotonic() + 15
        while not steps and time.monotonic() < deadline:  # the fast feed is stored
            time.sleep(0.05)
        assert steps, "the fast feed never came back"
        [child] = [c for c in multiprocessing.active_children() if c.name == CHILD_NAME]
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        worker.join(10)
        assert failures == ["the refresh stopped before it ended"]
        assert library.count() == 9  # the fast feed's articles stay
        library.close()
