"""Pilot tests of the article list with stories folded: z folds and unfolds (remembered across
restarts), a folded row says "+N more from M feeds · K unread", enter opens its article, Z and
a click on "+N more" open its story, unread counts stay honest, and search, filters and the
palette work with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.store.story_list import FoldedRow
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.article_list import PAGE_SIZE, ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.perf.bench_stories_view import build_library
from tests.ui.helpers import run_command, settle


def list_of(app: FeedlensApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def line(articles: ArticleList, index: int, width: int | None = None) -> str:
    row = articles._row(index)
    width = width or articles.scrollable_content_region.width
    return articles._line_text(row, width).plain


def status(app: FeedlensApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def _folded_story_row(app: FeedlensApp, pilot: object) -> tuple[int, FoldedRow]:
    """Move the cursor to the first folded row that stands for several articles."""
    articles = list_of(app)
    for index in range(articles.count):
        row = articles._row(index)
        if isinstance(row, FoldedRow) and row.more:
            articles.move_to(index)
            await settle(pilot)
            return index, row
    raise AssertionError("no folded story in the list")


async def fold_stories(pilot: Any) -> None:
    """Wait for the first paint, then fold the list's stories (z)."""
    await settle(pilot)
    await pilot.press("z")
    await settle(pilot)


async def test_z_folds_stories_to_one_row_and_is_remembered(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        articles = list_of(app)
        assert articles.count == 25
        await pilot.press("z")
        await settle(pilot)
        folded = library.count(ArticleFilter(fold_stories=True))
        assert articles.count == folded < 25
        assert "stories folded" in status(app)
        index, row = await _folded_story_row(app, pilot)
        # Beside the reading pane the list is narrower: the headline keeps its room and the
        # count shortens ('+4 more' or '+4', as the README says), never the feeds and unread.
        beside = line(articles, index).rstrip()
        assert beside.endswith((f"+{row.more}", f"+{row.more} more")), beside
        assert "feed" not in beside.rpartition(f"+{row.more}")[2]
        shown = line(articles, index, width=120)  # the list on its own, at 120 columns
        assert f"+{row.more} more from {row.more_feeds} feed" in shown
        # Unread counts stay honest: the story's other unread articles are counted, and the
        # sidebar still counts every article.
        assert f"{row.more_unread} unread" in shown and row.more_unread == row.more
        assert library.summary().unread == 25
    assert library.remembered("fold_stories") is True
    again = make_app(library, Settings())
    async with again.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert list_of(again).count == folded
        await pilot.press("z")
        await settle(pilot)
        assert list_of(again).count == 25
        assert "stories folded" not in status(again)
    assert library.remembered("fold_stories") is False


async def test_enter_opens_the_row_article_and_Z_its_story(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await fold_stories(pilot)
        index, row = await _folded_story_row(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == row.id
        assert library.article(row.id).row.read  # only the article read, not its story
        assert library.summary().unread == 24
        # Read, but its story's other articles here are not: ○, not a blank.
        assert line(list_of(app), index, width=120).startswith("○")
        await pilot.press("Z")
        await settle(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.story_id == row.story_id
        listed = story.query_one("#story-articles", OptionList)
        articles = [
            listed.get_option_at_index(i).id
            for i in range(listed.option_count)
            if (listed.get_option_at_index(i).id or "").isdigit()
        ]  # after them, the other stories of its thread
        assert len(articles) == row.more + 1
        # An article of the story opens back in the folded list, on its story's row.
        other = next(article for article in articles if article != str(row.id))
        assert other is not None
        listed.focus()
        listed.highlighted = next(
            i for i in range(listed.option_count) if listed.get_option_at_index(i).id == other
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert list_of(app).cursor == index
        assert view.article is not None and view.article.row.id == int(other)


async def test_clicks_open_the_article_or_on_more_the_story(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await fold_stories(pilot)
        articles = list_of(app)
        index, row = await _folded_story_row(app, pilot)
        y = index - round(articles.scroll_offset.y)
        await pilot.click(ArticleList, offset=(30, y))
        await settle(pilot)
        assert app.screen.query_one(ArticleView).article.row.id == row.id  # type: ignore[union-attr]
        width = articles.scrollable_content_region.width
        await pilot.click(ArticleList, offset=(width - 3, y))
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen) and app.screen.story_id == row.story_id


async def test_folding_works_with_unread_only_sort_and_search(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await run_command(pilot, "view: fold stories")
        assert screen.fold_stories
        _, row = await _folded_story_row(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")  # unread only: the story now stands at its next unread article
        await settle(pilot)
        unread = list_of(app)
        assert unread.count == library.count(ArticleFilter(unread_only=True, fold_stories=True))
        rows = [unread._row(i) for i in range(unread.count)]
        same = [r for r in rows if isinstance(r, FoldedRow) and r.story_id == row.story_id]
        assert len(same) == 1 and same[0].id != row.id and same[0].more == row.more - 1
        screen.set_sort("title")
        await settle(pilot)
        titles = [list_of(app)._row(i) for i in range(list_of(app).count)]
        assert [r.title.lower() for r in titles if r] == sorted(
            r.title.lower() for r in titles if r
        )
        library.save_search("fire", "refinery")
        screen.refresh_sidebar()
        await settle(pilot)
        screen.set_view("search:fire")
        await settle(pilot)
        found = list_of(app)
        assert (
            0
            < found.count
            == library.count(ArticleFilter(search="refinery", unread_only=True, fold_stories=True))
        )


async def test_help_lists_the_fold_and_story_keys(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        assert "view.fold_stories" in shown and "Fold stories" in shown
        assert "story.open" in shown


async def test_a_long_folded_list_shows_its_first_page_then_its_count(tmp_path: Path) -> None:
    """More rows than a page: the first page shows at once, the count follows, and the last
    rows (read from the counted view) and an old article's story row are reached."""
    path = tmp_path / "long.sqlite"
    build_library(path, 3_000, feeds=20)
    library = Library(path)
    try:
        folded = ArticleFilter(fold_stories=True)
        expected = library.count(folded)
        assert expected > PAGE_SIZE
        oldest = library.articles(ArticleFilter(sort="oldest"), 0, 1)[0]
        app = make_app(library, Settings())
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("z")
            await settle(pilot)
            articles = list_of(app)
            assert articles.count == expected
            await pilot.press("G")
            await settle(pilot)
            last = articles.current_row
            assert last is not None and articles.cursor == expected - 1
            assert last.id == library.articles(folded, expected - 1, 1)[0].id
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            screen.open_article(oldest.id)
            await settle(pilot)
            row = articles.current_row
            story = library.stories.of_articles([oldest.id]).get(oldest.id)
            assert row is not None
            assert row.id == oldest.id or (story and getattr(row, "story_id", None) == story[0])
    finally:
        library.close()
