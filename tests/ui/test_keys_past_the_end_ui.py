"""j and k where the reading pane cannot scroll: in an article shorter than the screen (or with
its end in sight) j did nothing and H then took the first sentence, though ? says the mark
follows j. There j steps the mark to the next sentence in sight (nothing past the last), k
steps it back, and H takes the sentence reached. Pilot on a real library from a feed file."""

from __future__ import annotations

from pathlib import Path

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import settle, wait_until

SHORT = "Crews cleared the roads. The river fell overnight. Schools open on Monday."
LONG_PARAGRAPH = "Officials in district {n} counted the damage. Crews cleared {n} roads by noon."


def _feed(folder: Path) -> Path:
    long_body = "".join(f"<p>{LONG_PARAGRAPH.format(n=n)}</p>" for n in range(2, 40))
    items = [
        ("Long report", "Mon, 02 Nov 2026 08:00:00 GMT", long_body),
        ("Short note", "Tue, 03 Nov 2026 08:00:00 GMT", f"<p>{SHORT}</p>"),
    ]
    path = folder / "valley.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
        "<link>https://valley.example/</link>"
        + "".join(
            f"<item><title>{title}</title><link>https://valley.example/{n}</link>"
            f"<pubDate>{date}</pubDate><description><![CDATA[{body}]]></description></item>"
            for n, (title, date, body) in enumerate(items)
        )
        + "</channel></rss>",
        encoding="utf-8",
    )
    return path


def _marked(view: ArticleView) -> str:
    assert view.article is not None and view.marked is not None
    return view.article.text.text[slice(*view.marked)]


async def test_j_and_k_step_the_mark_where_the_pane_cannot_scroll(tmp_path: Path) -> None:
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([_feed(tmp_path)])
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "l")  # the newest: the short note, whole on screen
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.has_focus and view.max_scroll_y == 0
        assert _marked(view) == "Crews cleared the roads."
        await pilot.press("j", "j")
        assert _marked(view) == "Schools open on Monday."
        await pilot.press("j")  # past the last sentence: nothing moves
        assert _marked(view) == "Schools open on Monday." and view.scroll_offset.y == 0
        await pilot.press("k")
        assert _marked(view) == "The river fell overnight."
        await pilot.press("H")
        await settle(pilot)
        assert view.article is not None
        [annotation] = library.annotations(view.article.row.id)
        assert annotation.quote == "The river fell overnight."
        await pilot.press("k", "k")  # at the top, on the first: k does nothing more
        assert _marked(view) == "Crews cleared the roads." and view.scroll_offset.y == 0

        # A long article at its end: j steps on from the first sentence in sight, k steps
        # back before it scrolls up again.
        await pilot.press("h", "j", "enter", "l", "G")
        await settle(pilot)
        assert view.article is not None and view.article.row.title == "Long report"
        assert view.max_scroll_y > 0 and view.scroll_offset.y == view.max_scroll_y
        # The mark follows a scroll once it pauses (MARK_AFTER): wait for it to leave the
        # article's first sentence, out of sight at the end.
        assert await wait_until(pilot, lambda: "district 2 " not in _marked(view))
        first_in_sight = _marked(view)
        await pilot.press("j", "j")
        assert view.scroll_offset.y == view.max_scroll_y
        assert _marked(view) != first_in_sight
        await pilot.press("k", "k")
        assert _marked(view) == first_in_sight and view.scroll_offset.y == view.max_scroll_y
        await pilot.press("k")
        await settle(pilot)
        assert view.scroll_offset.y < view.max_scroll_y
    library.close()
