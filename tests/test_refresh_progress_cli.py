"""``refresh`` on a terminal: one progress line counting the feeds, redrawn in place, and above
it only the feeds that changed or failed, then the summary (286 lines of "unchanged (0 new, 0
updated)" hid them). Piped, the lines are as before: failures and the summary. A real
pseudo-terminal, a real HTTP server on 127.0.0.1, a real library file, the real command."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from reader.library import Library
from tests.conftest import ROOT, SAMPLES
from tests.feedserver import Reply, serve
from tests.ptyrun import ReaderInPty

FEED = (SAMPLES / "meridian-courier.xml").read_text(encoding="utf-8")
RSS_TYPE = {"Content-Type": "application/rss+xml; charset=utf-8"}
DEAD = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens
EXTRA = (
    "<item><title>Harbour reopens after the fire</title><guid>extra-1</guid>"
    "<link>https://meridian-courier.example/news/extra-1</link>"
    "<pubDate>Mon, 30 Nov 2026 09:00:00 +0000</pubDate>"
    "<description>The harbour reopened on Monday.</description></item></channel>"
)


def _feed(n: int, extra: bool = False) -> bytes:
    text = FEED.replace("<title>The Meridian Courier</title>", f"<title>Outlet {n}</title>", 1)
    return (text.replace("</channel>", EXTRA, 1) if extra else text).encode("utf-8")


def _screen(raw: bytes) -> list[str]:
    """The lines a person sees at the end: each carriage return writes over its line from
    the start (the progress line is redrawn in place, and erased with spaces)."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    seen = []
    for line in text.split("\n"):
        shown = ""
        for piece in line.split("\r"):
            shown = piece + shown[len(piece) :]
        if shown.strip():
            seen.append(shown.rstrip())
    return seen


def _setup(tmp_path: Path, base: str) -> Path:
    db = tmp_path / "library.sqlite"
    library = Library(db)
    try:
        for n in range(6):
            library.subscribe(f"{base}/f{n}")
        library.subscribe(DEAD)
        library.refresh(None, force=True)  # all read once: the next refresh finds them as they are
    finally:
        library.close()
    return db


def test_on_a_terminal_one_progress_line_and_only_the_feeds_that_changed_or_failed(
    tmp_path: Path,
) -> None:
    changed = {"now": False}
    routes = {
        f"/f{n}": (lambda h, n=n: Reply(200, _feed(n, n == 3 and changed["now"]), RSS_TYPE))
        for n in range(6)
    }
    with serve(routes) as (base, _):  # type: ignore[arg-type]
        db = _setup(tmp_path, base)
        changed["now"] = True
        command = ReaderInPty(db, columns=120, args=("refresh", "--all"))
        try:
            deadline = time.monotonic() + 120
            while command.process.poll() is None and time.monotonic() < deadline:
                command.read(0.2)
            raw = command.read(0.3)
        finally:
            command.close()
    assert b"refreshing 7/7 feeds" in raw  # the progress line, drawn in place
    seen = _screen(raw)
    assert len(seen) == 3, seen
    failure = f"feedlens: {DEAD}: cannot connect to 127.0.0.1:9 (the connection was refused)"
    assert failure in seen[:2], seen
    [update] = [line for line in seen[:2] if line != failure]
    assert re.fullmatch(r"\[\d/7\] Outlet 3: updated \(1 new, 0 updated\)", update), seen
    assert seen[2].startswith("6 of 7 feeds refreshed, 1 new article, 0 updated articles, 5 "), seen
    assert b"unchanged (0 new" not in raw
    assert b"\x1b" not in raw  # no escape sequence: spaces erase the line


def test_piped_the_lines_are_the_failures_and_the_summary(tmp_path: Path) -> None:
    routes = {f"/f{n}": (lambda h, n=n: Reply(200, _feed(n), RSS_TYPE)) for n in range(6)}
    with serve(routes) as (base, _):  # type: ignore[arg-type]
        db = _setup(tmp_path, base)
        result = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(db), "refresh", "--all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result
    [failure] = result.stderr.splitlines()
    assert failure.startswith("feedlens: ") and "cannot connect" in failure
    assert "\x1b" not in result.stderr and "refreshing" not in result.stderr
    assert result.stdout.startswith("6 of 7 feeds refreshed, 0 new articles")
