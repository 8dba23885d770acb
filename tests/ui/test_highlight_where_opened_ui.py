"""H right after opening an article from a search result highlights the matched sentence, not
the first one in sight (a tester's highlight and note went on the dateline: the match was on
the first screen, so the view stayed at the top with no caret). Pilot, the real app, search
and library."""

from __future__ import annotations

from reader.config import Settings
from reader.library import Library
from reader.models import ArticleRow
from reader.ui.app import make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.search import SearchScreen
from tests.ui.helpers import settle

QUERY = "treated for smoke inhalation"
SENTENCE = "Officials said 37 people were treated for smoke inhalation."


def halvard_fire(library: Library) -> tuple[ArticleRow, str]:
    """The samples' Halvard fire article and its canonical text."""
    article = next(r for r in library.articles(limit=100) if r.title.startswith("Fire at Halvard"))
    return article, library.article(article.id).text.text


async def test_h_after_a_search_result_takes_the_matched_sentence(
    sample_library: Library,
) -> None:
    article, text = halvard_fire(sample_library)
    start = text.index(SENTENCE)
    assert text.index("A fire that broke out") < start  # the match is not the first sentence
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *QUERY)
        await pilot.pause(0.3)  # the search box's debounce
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        found = [hit.article_id for hit in screen.hits]
        for _ in range(found.index(article.id)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        assert library_screen.reader.article is not None
        assert library_screen.reader.article.row.id == article.id
        library_screen.reader.focus()
        await pilot.press("H")
        await settle(pilot)
    highlights = sample_library.annotations(article.id)
    assert [text[a.start : a.end] for a in highlights if a.note == ""][-1] == SENTENCE


async def test_h_takes_the_first_sentence_in_sight_once_scrolled_away(
    sample_library: Library,
) -> None:
    article, text = halvard_fire(sample_library)
    start = text.index(SENTENCE)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 12)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.load_article(article.id, scroll_to=start)
        await settle(pilot)
        screen.reader.focus()
        screen.reader.scroll_end(animate=False)  # the opened-at sentence goes out of sight
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
    highlights = [a for a in sample_library.annotations(article.id) if a.note == ""]
    assert highlights and text[highlights[-1].start : highlights[-1].end] != SENTENCE
