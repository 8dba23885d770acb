"""f says "Loading figures…" in its first paint, in the list and the hint line, until the
worker's figures come (on a busy machine they took seconds, and the empty box read as a
dialog that stays empty); then the figures replace it. Pilot, the real app and library; the
worker's answer is held back at the screen (Textual's own message check) while the first
paint is looked at, then asked for again."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.article_figures import LOADING, ArticleFiguresScreen
from reader.ui.screens.library import LibraryScreen
from tests.ui.helpers import settle


def prompts(listing: OptionList) -> list[str]:
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_f_says_loading_at_once_then_shows_the_figures(sample_library: Library) -> None:
    target = next(
        r for r in sample_library.articles(limit=100) if r.title.startswith("Fire at Halvard")
    )
    sample_library.remember("article", target.id)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, LibraryScreen) and main.reader.article is not None
        screen = ArticleFiguresScreen(sample_library, main.reader.article)
        held = [True]
        enabled = screen.check_message_enabled

        def check(message: Message) -> bool:
            if held[0] and type(message).__name__ == "_Loaded":
                return False  # the figures have not come yet, as on a busy machine
            return enabled(message)

        screen.check_message_enabled = check  # type: ignore[method-assign]
        await app.push_screen(screen)
        await settle(pilot)
        listing = screen.query_one(OptionList)
        assert prompts(listing) == [LOADING]
        hint = screen.query_one("#article-figures-hint", Static)
        assert str(hint.render()) == LOADING

        held[0] = False
        screen.load()
        await settle(pilot)
        shown = prompts(listing)
        assert LOADING not in shown and shown[0].startswith("4,500"), shown
        assert str(hint.render()) != LOADING


def test_no_mentions_ask_for_no_regroup(sample_library: Library) -> None:
    """While figure groups are out of date (the analysis catching up), f on an article with
    no figures regrouped the whole library before it said so: 27 s on a 2,000-article
    library (measured on /tmp copies of an import not yet analysed), the box empty all that
    time. Nothing to group for: the answer comes at once, and no regroup is run."""
    changed = int(sample_library.store.get_state("figures_changed") or "0")
    sample_library.store.set_state("figures_changed", str(changed + 1))  # groups out of date
    assert not sample_library.figure_groups_current()
    assert sample_library.groups_of_mentions([]) == {}
    assert not sample_library.figure_groups_current()
