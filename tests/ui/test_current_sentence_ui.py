"""Which sentence is current in the reading pane: a newcomer pressed j three times, then H,
and the dateline at the top was highlighted, unseen. The sentence H (and a, without a
selection) acts on is marked while the pane has the keys, follows the scrolling, and ? says
what H acts on. Pilot on a real library with a long real feed file."""

from __future__ import annotations

from pathlib import Path

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.help import HelpScreen
from reader.ui.widgets.article_view import MARK_AFTER, ArticleView
from tests.ui.helpers import settle

PARAGRAPH = (
    "Officials in district {n} counted the damage on Tuesday. Crews cleared {n} roads before "
    "noon, the council said. Residents were told to stay away from the river."
)


def _long_feed(folder: Path) -> Path:
    body = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>" for n in range(2, 40))
    path = folder / "long.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
        "<link>https://valley.example/</link><item><title>Flood clean-up goes on</title>"
        "<link>https://valley.example/1</link><pubDate>Mon, 02 Nov 2026 08:00:00 GMT</pubDate>"
        "<description><![CDATA[<p>ESTERBY, Nov 2 (Valley Post) -</p>"
        f"{body}]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    return path


async def test_the_sentence_h_acts_on_is_marked_and_follows_the_scrolling(
    tmp_path: Path,
) -> None:
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([_long_feed(tmp_path)])
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        text = view.article.text.text
        # Marked from the start (H from the list acts on it too): the top, in sight.
        assert view.marked is not None and text[slice(*view.marked)].startswith("ESTERBY")
        await pilot.press("l")
        await settle(pilot)
        assert view.has_focus and view.marked is not None
        assert text[slice(*view.marked)].startswith("ESTERBY")
        for _ in range(8):
            await pilot.press("j")
        await pilot.pause(MARK_AFTER * 3)  # the mark follows once the scrolling pauses
        await settle(pilot)
        assert view.scroll_offset.y >= 8
        marked = view.marked
        assert marked is not None and not text[slice(*marked)].startswith("ESTERBY")
        # The mark is the first sentence starting in sight, and drawn: its text is tinted.
        body = view.query_one("#article-body")
        assert view.layout_result is not None
        line = view.layout_result.line_of(marked[0], body.content_region.width)
        assert view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height
        drawn = view.layout_result.text
        tinted = [span for span in drawn.spans if getattr(span.style, "bgcolor", None)]
        assert tinted, "no sentence is marked on screen"

        await pilot.press("H")
        await settle(pilot)
        [annotation] = library.annotations(view.article.row.id)
        assert annotation.quote == text[slice(*marked)].strip()

        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        described = {ident: description for _, _, description, ident in app.screen.rows}
        assert described["reader.highlight"] == "Highlight the marked sentence"
    library.close()
