"""`/` in the Stories view narrows the list (newcomer tester: it did nothing there): a fuzzy
filter of every story the view ranks, by title (typos forgiven) and by feed, in a worker;
`esc` clears it (the whole list back), a second `esc` leaves; `?` and the key bar name it.
Real library, real app, Pilot."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.stories import StoriesScreen
from tests.ui.helpers import settle, wait_until


def _rows(screen: StoriesScreen) -> list[str]:
    listing = screen.query_one("#stories-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def _status(screen: StoriesScreen) -> str:
    return str(screen.query_one("#stories-status", Static).render())


async def _stories(pilot: object, app: object) -> StoriesScreen:
    await settle(pilot)
    await pilot.press("S")  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, StoriesScreen)
    assert await wait_until(pilot, lambda: "enter opens a story" in _status(screen))
    return screen


async def test_slash_filters_stories_by_title_with_typos_and_esc_clears_it(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _stories(pilot, app)
        everything = _rows(screen)
        assert len(everything) > 2
        box = screen.query_one("#stories-filter", Input)
        assert not box.display  # the list keeps its rows until / is pressed
        await pilot.press("slash")
        assert box.display and box.has_focus
        await pilot.press(*"idled refinry")  # a typo: "refinery"
        assert await wait_until(pilot, lambda: "Filter “idled refinry”" in _status(screen))
        rows = _rows(screen)
        assert rows and "wage fund" in rows[0], rows
        assert len(rows) < len(everything)
        await pilot.press("enter")  # to the first match; enter again opens it
        listing = screen.query_one("#stories-list", OptionList)
        assert listing.has_focus and listing.highlighted == 0
        await pilot.press("escape")  # clears the filter: every story again
        await settle(pilot)
        assert _rows(screen) == everything and not box.display and box.value == ""
        assert "enter opens a story" in _status(screen)
        assert app.screen is screen
        await pilot.press("escape")  # then leaves
        await settle(pilot)
        assert app.screen is not screen

        # Opened again, the filter's index is the one read before (kept until the stories
        # change): it was read afresh at each opening.
        index = screen.texts
        assert index is not None
        again = await _stories(pilot, app)
        assert again is not screen
        await pilot.press("slash", *"refinry")
        assert await wait_until(pilot, lambda: "Filter “refinry”" in _status(again))
        assert again.texts is index
        await pilot.press("escape", "escape")
        await settle(pilot)
        # A feed renamed: read again, and found by its new name.
        feed = sample_library.feeds()[0]
        sample_library.rename_feed(feed.id, "Zanzibar Wire")
        third = await _stories(pilot, app)
        await pilot.press("slash", *"zanzibar")
        assert await wait_until(pilot, lambda: "Filter “zanzibar”" in _status(third))
        assert third.texts is not None and third.texts is not index
        assert _rows(third)


async def test_the_filter_finds_stories_by_feed_and_beyond_the_rows_listed(
    sample_library: Library,
) -> None:
    """Only the first story is listed here: the filter still finds the others (it ranks
    every story of the view, not the rows on screen), and a feed's name finds its stories."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(StoriesScreen(sample_library, shown=1))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        assert await wait_until(pilot, lambda: "enter opens a story" in _status(screen))
        assert len(_rows(screen)) == 1
        await pilot.press("slash", *"injured count")
        assert await wait_until(pilot, lambda: "Filter “injured count”" in _status(screen))
        assert "Injured count revised" in _rows(screen)[0]
        box = screen.query_one("#stories-filter", Input)
        box.value = "northwind"  # a feed's name: its multi-feed stories
        assert await wait_until(pilot, lambda: "Filter “northwind”" in _status(screen))
        assert len(_rows(screen)) >= 2, _rows(screen)
        box.value = "zzqx"
        assert await wait_until(pilot, lambda: "no story matches" in _status(screen))
        assert _rows(screen) == []


async def test_help_and_key_bar_name_the_filter(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _stories(pilot, app)
        footer = " ".join(str(w.render()) for w in screen.query("FooterKey"))
        assert "Filter" in footer
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(row) for row in app.screen.rows)
        assert "stories.filter" in shown
