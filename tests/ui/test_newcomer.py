"""What a newcomer ran into in the Stories view and a story's screen: a list that said nothing
while the analysis stage was still forming stories, rows that wrapped under each other at 80
columns, ISO timestamps, and articles in a story that `enter` did not open."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.stories import StoriesScreen
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.article_view import ArticleView
from tests.perf.corpus import write_corpus
from tests.ui.helpers import open_first_story, settle


def _status(screen: StoriesScreen) -> str:
    return str(screen.query_one("#stories-status", Static).render())


async def test_stories_view_says_it_is_catching_up_while_analysis_runs(tmp_path: Path) -> None:
    library = Library(tmp_path / "queued.sqlite")
    library.import_paths(write_corpus(tmp_path / "corpus", 800, feeds=4))
    assert library.analysis_progress().pending == 800
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("S")
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        seen = ""
        for _ in range(200):
            await pilot.pause(0.05)
            seen = _status(screen)
            if "Catching up" in seen or "with two or more" in seen:
                break
        # the count follows the analysis, which may have done some batches by now
        waiting = re.search(r"Catching up: ([\d,]+) articles? to analyse", seen)
        assert waiting is not None, seen
        assert 0 < int(waiting.group(1).replace(",", "")) <= 800, seen
        await settle(pilot)  # the analysis worker too: the screen then lists stories again
        await pilot.pause(0.2)
        await settle(pilot)
        assert library.analysis_progress().complete
        assert "Catching up" not in _status(screen), _status(screen)
        assert "enter opens a story" in _status(screen)


async def test_story_rows_keep_one_line_each_at_80_columns(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        listing = app.screen.query_one("#stories-list", OptionList)
        assert listing.option_count >= 1
        # One line per story: a long headline is cut, never wrapped under the next row.
        assert listing.virtual_size.height == listing.option_count
        first = str(listing.get_option_at_index(0).prompt)
        assert "2026-" not in first and "Nov" in first  # a date as the article list shows it
        await pilot.press("enter")
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        # Articles keep one line each; a figure's row wraps rather than losing its values
        # (tests/ui/test_story_rough_edges_ui.py). At 80x24 tab shows them (the chart has
        # their room while the figures have the focus).
        await pilot.press("tab")
        await settle(pilot)
        rows = story.query_one("#story-articles", OptionList)
        assert rows.virtual_size.height == rows.option_count
        title = str(story.query_one("#story-title", Static).render())
        assert "T0" not in title and "2 Nov – 8 Nov" in title
        assert len(title.splitlines()) == 2  # the headline, then one line of counts and dates


async def test_enter_on_a_story_article_opens_it_in_the_reader(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen)
        assert story.detail is not None
        wanted = story.detail.articles[2]
        articles = story.query_one("#story-articles", OptionList)
        articles.focus()
        articles.highlighted = 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        opened = app.screen.query_one(ArticleView).article
        assert opened is not None and opened.row.id == wanted.id
        current = app.screen.article_list.current_row
        assert current is not None and current.id == wanted.id


async def test_help_never_runs_keys_into_their_description(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        plain = str(help_screen.query_one("#help-body Static", Static).render())
        assert any(len(row[1]) >= 20 for row in help_screen.rows)  # long key lists are shown
        for _section, keys, description, _ident in help_screen.rows:
            if not keys or not description:
                continue
            # The description follows its keys after a gap, or on the next line below them.
            assert re.search(re.escape(keys) + r"(  +|\s*\n\s+)" + re.escape(description), plain), (
                keys,
                description,
            )


async def test_headlines_keep_room_beside_the_reading_pane(sample_library: Library) -> None:
    for size in ((100, 30), (120, 36)):
        app = make_app(sample_library, Settings())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            listing = screen.article_list
            row = listing.current_row
            assert row is not None
            shown = listing.render_line(0).text
            # The feed column gives way first: the headline shows at least its first words.
            title_shown = shown[shown.index(row.title[:6]) :].rstrip()
            assert title_shown == row.title or len(title_shown.rstrip("…")) >= 12, (size, shown)
            assert "Coastli" in "".join(listing.render_line(y).text for y in range(5)), size
