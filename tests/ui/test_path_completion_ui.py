"""Tab completes a path in the import prompt as a shell does (newcomer tester: no completion
there): one fitting entry is completed (a folder with its /), several complete to what they
share and are listed, ~ stays as typed, and the typed-ahead suggestion comes from a thread.
Real files in a real folder, the real app, Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.path_completion import complete
from reader.ui.screens.prompt import PromptScreen
from tests.ui.helpers import settle, wait_until


def _folder(tmp_path: Path) -> Path:
    feeds = tmp_path / "feeds"
    (feeds / "archive").mkdir(parents=True)
    for name in ("news-meridian.xml", "news-northwind.atom", "opml-list.opml", ".hidden.xml"):
        (feeds / name).write_text("x", encoding="utf-8")
    (feeds / "archive" / "old.xml").write_text("x", encoding="utf-8")
    return feeds


def test_complete_is_a_shells_tab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feeds = _folder(tmp_path)
    base = f"{feeds}/"
    assert complete(f"{base}op").value == f"{base}opml-list.opml"  # one fits: whole
    assert complete(f"{base}arc").value == f"{base}archive/"  # a folder: its / follows
    several = complete(f"{base}ne")
    assert several.value == f"{base}news-"  # what they share
    assert several.choices == ("news-meridian.xml", "news-northwind.atom")
    assert complete(f"{base}zz").value == f"{base}zz"  # nothing fits: unchanged
    assert ".hidden.xml" not in complete(base).choices  # dot files only when asked
    assert complete(f"{base}.h").value == f"{base}.hidden.xml"
    assert complete(f"{tmp_path}/missing/x").value == f"{tmp_path}/missing/x"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert complete("~/fe").value == "~/feeds/"  # ~ stays as typed
    monkeypatch.chdir(feeds)
    assert complete("arch").value == "archive/"  # relative to where the reader runs


async def test_tab_completes_the_import_prompts_path(tmp_path: Path) -> None:
    feeds = _folder(tmp_path)
    library = Library(tmp_path / "library.sqlite")
    app = make_app(library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        field = prompt.query_one("#prompt-input", Input)
        choices = prompt.query_one("#prompt-choices", Static)
        field.value = f"{feeds}/ne"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: field.value == f"{feeds}/news-")
        assert field.has_focus  # tab completed; it did not move the focus away
        listed = str(choices.render())
        assert "news-meridian.xml" in listed and "news-northwind.atom" in listed
        await pilot.press("m", "tab")
        assert await wait_until(pilot, lambda: field.value == f"{feeds}/news-meridian.xml")
        # As one types, the one entry that fits is suggested (dim); right takes it.
        field.value = f"{feeds}/arc"
        field.cursor_position = len(field.value)
        assert await wait_until(pilot, lambda: field._suggestion == f"{feeds}/archive/")
        await pilot.press("right")
        assert field.value == f"{feeds}/archive/"
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: field.value == f"{feeds}/archive/old.xml")
    library.close()


async def test_the_completed_path_imports(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tab-wire.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tab Wire</title>'
        "<link>https://tab.example/</link><description>d</description><item><title>One</title>"
        "<link>https://tab.example/1</link><guid>tab-1</guid><description>Text.</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    library = Library(tmp_path / "library.sqlite")
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        field = app.screen.query_one("#prompt-input", Input)
        field.value = f"{folder}/ta"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: field.value.endswith("tab-wire.xml"))
        await pilot.press("enter")
        assert await wait_until(
            pilot, lambda: any(f.title == "Tab Wire" for f in library.feeds()), seconds=60
        )
    library.close()


async def test_the_add_feed_prompt_completes_and_adds_a_feed_file(tmp_path: Path) -> None:
    """`+` takes a feed file's path too (tab completes it), added as an import adds it; a URL
    is subscribed to as before (tab leaves it alone: nothing on disk fits it)."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tab-wire.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tab Wire</title>'
        "<link>https://tab.example/</link><description>d</description><item><title>One</title>"
        "<link>https://tab.example/1</link><guid>tab-1</guid><description>Text.</description>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    library = Library(tmp_path / "library.sqlite")
    app = make_app(library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        field = app.screen.query_one("#prompt-input", Input)
        field.value = "https://tab.example/fe"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == "https://tab.example/fe"
        field.value = f"{folder}/t"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: field.value == f"{folder}/tab-wire.xml")
        await pilot.press("enter")
        assert await wait_until(
            pilot, lambda: any(f.title == "Tab Wire" for f in library.feeds()), seconds=60
        )
    library.close()


async def test_listed_file_names_reach_the_screen_without_control_sequences(
    tmp_path: Path,
) -> None:
    # A file name is text from the disk: an escape sequence in one must not reach the terminal.
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for name in ("news-\x1b]0;owned\x07a.xml", "news-b.xml"):
        (feeds / name).write_text("x", encoding="utf-8")
    library = Library(tmp_path / "library.sqlite")
    app = make_app(library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        field = prompt.query_one("#prompt-input", Input)
        choices = prompt.query_one("#prompt-choices", Static)
        field.value = f"{feeds}/ne"
        field.cursor_position = len(field.value)
        await pilot.press("tab")
        assert await wait_until(pilot, lambda: "news-b.xml" in str(choices.render()))
        listed = str(choices.render())
        assert "\x1b" not in listed and "\x07" not in listed, repr(listed)
    library.close()
