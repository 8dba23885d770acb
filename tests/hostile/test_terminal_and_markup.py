"""Nothing from a feed reaches the terminal as a control sequence or as markup, in the library,
the CLI, the reader's rendered screen, or the bytes the reader writes to a real terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.widgets.article_list import ArticleList
from tests.conftest import ROOT
from tests.hostile import fixtures as fx
from tests.ui.helpers import settle


def assert_clean(text: str, where: str) -> None:
    for ch in fx.FORBIDDEN:
        assert ch not in text, f"{where}: {ch!r} survived in {text[:200]!r}"
    for payload in ("pwned-title", "cHduZWQ=", "evil.example", "dcs-payload", "apc-payload"):
        assert payload not in text, f"{where}: escape payload {payload!r} leaked"


@pytest.fixture
def hostile_library(library: Library, tmp_path: Path) -> Library:
    for name, data in (
        ("tricks.xml", fx.tricks_rss()),
        ("raw.xml", fx.raw_tricks_rss()),
        ("markup.xml", fx.markup_rss()),
    ):
        (tmp_path / name).write_bytes(data)
    summary = library.import_paths(sorted(tmp_path.glob("*.xml")))
    assert summary.failed == 0
    return library


def test_every_stored_field_is_clean(hostile_library: Library) -> None:
    conn = hostile_library.store
    for table, columns in (
        ("feeds", ("title", "site_link", "url")),
        ("articles", ("title", "author", "link", "guid", "text", "structure")),
    ):
        for row in conn.query(f"SELECT {', '.join(columns)} FROM {table}"):
            for column in columns:
                assert_clean(str(row[column]), f"{table}.{column}")


def test_cli_output_is_clean(hostile_library: Library) -> None:
    runner = CliRunner()
    db = str(hostile_library.path)
    outputs = []
    for args in (
        ["feeds"],
        ["feeds", "--json"],
        ["articles"],
        ["articles", "--json"],
        ["search", "body"],
        ["search", "workers", "--json"],
        ["figures", "--json"],
        ["export-opml"],
    ):
        result = runner.invoke(main, ["--db", db, *args])
        assert result.exit_code == 0, result.output
        outputs.append((args, result.stdout))
    for row in hostile_library.articles(limit=10):
        for args in (["show", str(row.id)], ["show", str(row.id), "--json"]):
            outputs.append((args, runner.invoke(main, ["--db", db, *args]).stdout))
    for args, output in outputs:
        assert_clean(output, " ".join(args))
        if "--json" in args:
            assert_clean(json.dumps(json.loads(output), ensure_ascii=False), "cli json")


async def test_rendered_screen_is_clean_and_markup_is_literal(hostile_library: Library) -> None:
    app = make_app(hostile_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("j")
        await pilot.press("h")  # the sidebar with the feed titles
        await settle(pilot)
        strips = app.screen._compositor.render_strips()
        text = "\n".join(strip.text for strip in strips)
        assert "Read me" in text, "the hostile articles were not on screen"
        assert_clean(text, "screen")
        assert "[@click=app.quit]Read me[/]" in text  # shown literally, not as markup
        assert app.is_running


async def test_clicking_a_markup_title_does_nothing(hostile_library: Library) -> None:
    app = make_app(hostile_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        for y in range(articles.count):
            await pilot.click(ArticleList, offset=(60, y))
            await settle(pilot)
        assert app.is_running


def _read_all(fd: int, seconds: float) -> bytes:
    data = b""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


def test_bytes_written_to_a_real_terminal_carry_no_feed_escape(hostile_library: Library) -> None:
    hostile_library.close()
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "FEEDLENS_DB": str(hostile_library.path),
        "FEEDLENS_CONFIG": str(hostile_library.path.parent / "none.toml"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "reader"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        output = _read_all(master, 6.0)
        for keys in (b"\r", b"j", b"\r", b"j", b"\r", b"h"):
            os.write(master, keys)
            output += _read_all(master, 0.8)
        os.write(master, b"q")
        output += _read_all(master, 2.0)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        os.close(master)
    text = output.decode("utf-8", "replace")
    assert "Raw" in text or "Title" in text, "the reader did not draw the hostile articles"
    for payload in ("pwned-title", "cHduZWQ=", "evil.example", "dcs-payload", "apc-payload"):
        assert payload not in text
    for sequence in ("\x1b]0;pwned", "\x1b]52;", "\x1b]8;;http://evil", "\x1bP", "\x1b_"):
        assert sequence not in text
    for ch in ("\x9b", "\x9d", "\u202e", "\u2066"):
        assert ch not in text
