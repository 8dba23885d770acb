"""`feedlens refresh`: its exit status says whether its work failed (a dead host, a file gone:
one line each on stderr with why), Ctrl-C says how many feeds were refreshed and kept, and its
progress counts every feed it does (web feeds, then feeds from files read again). Real
processes, a real library file, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.library import Library
from reader.refresh import RefreshProgress
from tests.conftest import ROOT, SAMPLES
from tests.feedserver import Reply, serve

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
DEAD = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens, connection refused


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _library_with(db: Path, urls: list[str], files: tuple[Path, ...] = ()) -> list[int]:
    library = Library(db)
    try:
        ids = [library.subscribe(url) for url in urls]
        for path in files:
            feed_id = library.import_paths([path]).results[0].feed_id
            assert feed_id is not None
            ids.append(feed_id)
        return ids
    finally:
        library.close()


def test_refreshing_one_dead_feed_exits_1_with_one_line_why(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    [feed_id] = _library_with(db, [DEAD])
    result = _run(db, "refresh", "--feed", str(feed_id))
    assert result.returncode == 1, result
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("feedlens: ") and "cannot connect" in line, line
    assert "Traceback" not in result.stderr
    # The summary says what happened: it read "1 feed refreshed" beside the exit status 1.
    summary = result.stdout.strip()
    assert summary.startswith("0 of 1 feed refreshed, 0 new articles"), summary
    assert "; 1 failed: " in summary and "cannot connect" in summary, summary


def test_refreshing_a_feed_whose_file_is_gone_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite"
    path = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", path)
    [feed_id] = _library_with(db, [], (path,))
    path.unlink()
    result = _run(db, "refresh", "--feed", str(feed_id))
    assert result.returncode == 1, result
    assert result.stderr.strip().splitlines() == [f"feedlens: The Meridian Courier: {path} is gone"]
    assert result.stdout.strip() == (
        "0 of 1 feed refreshed, 0 new articles, 0 updated articles, 0 unchanged; "
        f"1 failed: The Meridian Courier ({path} is gone)"
    )
    again = _run(db, "refresh", "--feed", str(feed_id), "--json")  # JSON says it the same way
    assert again.returncode == 1 and '"outcome": "failed"' in again.stdout


def test_several_feeds_exit_0_when_one_was_refreshed_and_1_when_none_was(
    tmp_path: Path,
) -> None:
    with serve({"/a": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        db = tmp_path / "library.sqlite"
        _library_with(db, [f"{base}/a", DEAD])
        some = _run(db, "refresh", "--all")
        assert some.returncode == 0, some
        assert some.stdout.startswith("1 of 2 feeds refreshed, 9 new articles"), some.stdout
        assert "; 1 failed: " in some.stdout
        assert [line for line in some.stderr.splitlines() if "cannot connect" in line]

        dead_only = tmp_path / "dead.sqlite"
        _library_with(dead_only, [DEAD, "http://127.0.0.1:9/other.xml"])
        none = _run(dead_only, "refresh", "--all")
        assert none.returncode == 1, none
        assert len(none.stderr.strip().splitlines()) == 2  # one line per feed, with why


def test_naming_a_gone_feed_is_an_error_not_nothing_to_do(tmp_path: Path) -> None:
    with serve({"/gone": lambda h: Reply(410, b"gone")}) as (base, _):
        db = tmp_path / "library.sqlite"
        [feed_id] = _library_with(db, [f"{base}/gone"])
        first = _run(db, "refresh", "--feed", str(feed_id))
        assert first.returncode == 1, first
        second = _run(db, "refresh", "--feed", str(feed_id))
    assert second.returncode == 1, second
    [line] = second.stderr.strip().splitlines()
    assert "not fetched" in line and "No feed is due" not in second.stdout


def test_progress_counts_file_feeds_as_they_are_read(library: Library, tmp_path: Path) -> None:
    """The reader's status bar said "refreshing 1/1" while files were read after the one web
    feed: every step now counts over web feeds and files, one step per feed, in order."""
    paths = []
    for name in ("meridian-courier.xml", "northwind-ledger.atom"):
        path = tmp_path / name
        shutil.copy(SAMPLES / name, path)
        library.import_paths([path])
        paths.append(path)
    steps: list[RefreshProgress] = []
    with serve({"/a": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        library.subscribe(f"{base}/a")
        summary = library.refresh(None, force=True, progress=steps.append)
    assert len(summary.feeds) == 3
    assert [(s.done, s.total) for s in steps] == [(1, 3), (2, 3), (3, 3)]
    assert [s.feed.feed_id for s in steps] == [f.feed_id for f in summary.feeds]


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _default_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_a_refresh_says_how_many_feeds_were_kept(tmp_path: Path) -> None:
    """Three feeds answer at once, four never do: Ctrl-C once the three are stored says so in
    its one line, exits 130, and the three feeds' articles are in the library."""
    routes = {f"/quick{n}": (lambda h: Reply(200, FEED, RSS_TYPE)) for n in range(3)}
    routes |= {f"/slow{n}": (lambda h: Reply(200, FEED, RSS_TYPE, delay=60)) for n in range(4)}
    with serve(routes) as (base, _):  # type: ignore[arg-type]
        db = tmp_path / "library.sqlite"
        _library_with(db, [f"{base}{path}" for path in routes])
        command = subprocess.Popen(
            [sys.executable, "-m", "reader", "--db", str(db), "refresh"],
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_default_interrupts,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        stored = "SELECT COUNT(*) FROM feeds WHERE last_success IS NOT NULL"
        while _count(db, stored) < 3:
            assert command.poll() is None, command.communicate()
            assert time.monotonic() < deadline, "the quick feeds were never stored"
            time.sleep(0.05)
        time.sleep(0.5)  # their progress is told right after each is stored
        os.killpg(command.pid, signal.SIGINT)
        _, stderr = command.communicate(timeout=60)
    assert command.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        "feedlens: interrupted: 3 of 7 feeds refreshed and kept"
    ], stderr
    assert _count(db, "SELECT COUNT(*) FROM articles") == 3 * 9


def test_kill_int_stops_a_refresh_run_in_the_background_of_a_script(tmp_path: Path) -> None:
    """A shell without job control (a script, ``sh -c``, cron) starts ``cmd &`` with SIGINT
    ignored and stdin from /dev/null: ``kill -INT`` then did nothing and the refresh ran to
    its end. It now stops it as Ctrl-C on a terminal does: one line, status 130, the feeds
    done kept. A real shell, a real process, a real signal to it alone."""
    # As the shell starts it: SIGINT ignored (what Python finds at its start).
    probe = "import signal; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"
    started = subprocess.run(
        ["sh", "-c", '"$0" -c "$1" & wait', sys.executable, probe],
        preexec_fn=_default_interrupts,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.stdout.strip() == "True"
    routes = {f"/quick{n}": (lambda h: Reply(200, FEED, RSS_TYPE)) for n in range(3)}
    routes |= {f"/slow{n}": (lambda h: Reply(200, FEED, RSS_TYPE, delay=60)) for n in range(4)}
    with serve(routes) as (base, _):  # type: ignore[arg-type]
        db = tmp_path / "library.sqlite"
        _library_with(db, [f"{base}{path}" for path in routes])
        err = tmp_path / "stderr.txt"
        script = '"$0" -m reader --db "$1" refresh 2>"$2" & echo $!; wait $!'
        shell = subprocess.Popen(
            ["sh", "-c", script, sys.executable, str(db), str(err)],
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=_default_interrupts,  # the shell itself as a user's would start
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert shell.stdout is not None
        pid = int(shell.stdout.readline())
        deadline = time.monotonic() + 120
        stored = "SELECT COUNT(*) FROM feeds WHERE last_success IS NOT NULL"
        while _count(db, stored) < 3:
            assert shell.poll() is None, shell.communicate()
            assert time.monotonic() < deadline, "the quick feeds were never stored"
            time.sleep(0.05)
        time.sleep(0.5)  # their progress is told right after each is stored
        os.kill(pid, signal.SIGINT)  # kill -INT PID: the command alone, not its group
        shell.communicate(timeout=60)
    assert shell.returncode == 130  # the shell's `wait` gives the command's status
    assert err.read_text().strip().splitlines() == [
        "feedlens: interrupted: 3 of 7 feeds refreshed and kept"
    ]
    assert _count(db, "SELECT COUNT(*) FROM articles") == 3 * 9
