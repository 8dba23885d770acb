"""Pilot tests: a headline's figure is never drawn over the body (its offsets are the title's),
the article's figure list names it as the headline's, and the comparison marks it in the
column's title."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.models import FIELD_TITLE
from reader.ui.app import make_app
from reader.ui.screens.article_figures import ArticleFiguresScreen
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.library import FIGURE_STYLE
from reader.ui.widgets.article_view import ArticleView
from tests.stories.test_headline_figures import HEADLINES
from tests.stories.test_stories import write_feeds
from tests.ui.helpers import settle


def _library_with_headlines(library: Library, tmp_path: Path) -> int:
    """The headline feeds imported and analysed; the id of the first outlet's article."""
    library.import_paths([write_feeds(tmp_path / "feeds", HEADLINES)])
    library.wait_for_analysis()
    article = next(a for a in library.articles(limit=10) if a.title == HEADLINES[0][2])
    return article.id


async def test_a_headline_figure_is_not_highlighted_in_the_body(
    library: Library, tmp_path: Path
) -> None:
    article_id = _library_with_headlines(library, tmp_path)
    figures = library.article_figures(article_id)
    in_title = [f.mention for f in figures if f.mention.field == FIELD_TITLE]
    assert [m.text for m in in_title] == ["24"]
    in_body = {(f.mention.start, f.mention.end) for f in figures if f.mention.field == "text"}
    assert in_body  # the body's "magnitude 6.1"
    library.remember("article", article_id)
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.row.id == article_id
        drawn = {(s.start, s.end) for s in view.spans if s.style == FIGURE_STYLE}
        assert drawn == in_body  # the title's offsets never land on the body's words

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ArticleFiguresScreen)
        listing = app.screen.query_one(OptionList)
        first = str(listing.get_option_at_index(0).prompt)
        assert first.startswith("24") and "headline:" in first and HEADLINES[0][2] in first

        await pilot.press("enter")  # the same toll in another outlet's headline: compared
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert screen._spans(0) == ()  # nothing drawn over the left column's body
        header = screen.query_one("#header-left", Static).render()  # Textual's Content
        assert hasattr(header, "plain") and hasattr(header, "spans")
        title_at = header.plain.index(HEADLINES[0][2])
        figure_at = title_at + HEADLINES[0][2].index("24")
        assert any(
            span.start <= figure_at and span.end >= figure_at + 2 and "underline" in str(span.style)
            for span in header.spans
        )
