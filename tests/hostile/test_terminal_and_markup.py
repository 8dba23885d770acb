"""Nothing from a feed reaches the terminal as a control sequence or as markup, in the library,
the CLI, the reader's rendered screen, or the bytes the reader writes to a real terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.widgets.article_list import ArticleList
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


def test_bytes_written_to_a_real_terminal_carry_no_feed_escape(hostile_library: Library) -> None:
    from tests.ptyrun import ReaderInPty

    hostile_library.close()
    reader = ReaderInPty(hostile_library.path)
    try:
        # The keys once the list is drawn (not after a fixed 6 s a loaded start outlasts).
        assert reader.wait_for(b"Raw", 60), "the reader did not draw the hostile articles"
        for keys in ("\r", "j", "\r", "j", "\r", "h"):
            reader.send(keys, 0.8)
        reader.send("q", 2.0)
    finally:
        reader.close()
    text = reader.output.decode("utf-8", "replace")
    assert "Raw" in text or "Title" in text, "the reader did not draw the hostile articles"
    for payload in ("pwned-title", "cHduZWQ=", "evil.example", "dcs-payload", "apc-payload"):
        assert payload not in text
    for sequence in ("\x1b]0;pwned", "\x1b]52;", "\x1b]8;;http://evil", "\x1bP", "\x1b_"):
        assert sequence not in text
    for ch in ("\x9b", "\x9d", "\u202e", "\u2066"):
        assert ch not in text
