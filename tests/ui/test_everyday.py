"""The everyday reader (issue 23) driven with Pilot: q goes back, Q quits, typing never runs a
command, feeds managed from the reader, palette entries, copy, themes."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Offset, Region
from textual.selection import Selection
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import FeedlensApp, make_app
from reader.ui.screens.library import LibraryScreen
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import run_command, settle, wait_for_pass_line, wait_until


def list_of(app: FeedlensApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


async def test_q_goes_back_one_screen_and_quits_only_from_the_main_one(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert type(app.screen).__name__ == "FiguresScreen"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.is_running
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("q", "Q")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "qQ"  # letters for the query, not commands
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_capital_q_quits_from_a_pushed_screen(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running


def sidebar_on_feed(app: FeedlensApp, title: str) -> int:
    """Highlight a feed in the sidebar and focus it; the feed's id."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    feed = next(f for f in screen.feeds.values() if f.title == title)
    screen.sidebar.focus()
    screen.sidebar.highlighted = screen.sidebar.get_option_index(f"feed:{feed.id}")
    return feed.id


async def test_delete_a_feed_from_the_sidebar_says_how_many_notes_and_keeps_them(
    sample_library: Library,
) -> None:
    feed = next(f for f in sample_library.feeds() if f.title == "The Meridian Courier")
    row = sample_library.articles(ArticleFilter(feed_id=feed.id), 0, 1)[0]
    sample_library.annotate(row.id, 0, 5, note="mine")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        sidebar_on_feed(app, "The Meridian Courier")
        await pilot.press("d")
        await settle(pilot)
        question = str(app.screen.query_one(Label).render())
        assert "Delete The Meridian Courier and its 9 articles?" in question
        assert "1 note on them is kept" in question
        await pilot.press("escape")  # no: nothing happens
        await settle(pilot)
        assert any(f.title == "The Meridian Courier" for f in sample_library.feeds())
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("enter")  # the first choice keeps it
        await settle(pilot)
        assert any(f.title == "The Meridian Courier" for f in sample_library.feeds())
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second: delete
        await settle(pilot)
        assert all(f.title != "The Meridian Courier" for f in sample_library.feeds())
        assert any("1 note kept as orphaned" in n.message for n in app._notifications)
        assert list_of(app).count == 16
        notes = sample_library.all_annotations()
        assert [(a.note, a.status, info.title) for a, info in notes] == [
            ("mine", "orphaned", row.title)
        ]


async def test_rename_tag_and_mark_a_feed_read_from_the_sidebar(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        feed_id = sidebar_on_feed(app, "Coastline Daily")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+u", *"Coast", "enter")
        await settle(pilot)
        sidebar_on_feed(app, "Coast")
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("end", *", sea", "enter")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        feed = next(f for f in sample_library.feeds() if f.id == feed_id)
        assert (feed.title, feed.tags, feed.unread_count) == ("Coast", ("News", "sea"), 0)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", "enter")  # empty: every tag goes
        await settle(pilot)
        feed = next(f for f in sample_library.feeds() if f.id == feed_id)
        assert feed.tags == ()


async def test_palette_lists_the_new_entries(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {
            "feed: add by URL",
            "annotation: list all",
            "feed: delete",
            "feed: rename",
            "feed: edit tags",
            "feed: mark read",
            "feed: mark everything read",
            "search: delete saved search",
        } <= titles
        await run_command(pilot, "annotation: list all")
        assert type(app.screen).__name__ == "AnnotationsScreen"


async def test_mark_everything_read_asks_first(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert sample_library.summary().unread == 25
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert sample_library.summary().unread == 0


async def type_query(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)
    await pilot.pause(0.3)  # the search's debounce timer
    await settle(pilot)


async def test_a_search_result_moves_the_cursor_and_reading_goes_on_in_the_reader(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("u")  # unread only: the article found leaves it once read
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "goverment")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        opened = screen.reader.article
        assert opened is not None and "Government" in opened.row.title

        def cursor_on_it() -> bool:  # the list's page around it loads in a worker of its own
            row = screen.article_list.current_row
            return row is not None and row.id == opened.row.id

        assert await wait_until(pilot, cursor_on_it)
        assert screen.reader.has_focus
        before = screen.reader.scroll_y
        await pilot.press("j", "j")
        assert screen.reader.scroll_y >= before


async def test_a_search_result_outside_the_view_shows_it_in_all_articles(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        sidebar_on_feed(app, "Coastline Daily")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "goverment")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view_id == "all"
        row = screen.article_list.current_row
        assert row is not None and screen.reader.article is not None
        assert row.id == screen.reader.article.row.id


async def test_the_article_opened_at_start_is_the_one_under_the_cursor(
    sample_library: Library,
) -> None:
    first = sample_library.articles(ArticleFilter(), 0, 3)[2]
    sample_library.remember("view", "unread")
    sample_library.remember("article", first.id)
    sample_library.mark_read([first.id])  # it left the unread view since
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.reader.article is None or (
            screen.article_list.current_row is not None
            and screen.reader.article.row.id == screen.article_list.current_row.id
        )


async def test_the_sidebar_shows_from_100_columns_and_the_footer_fits_80(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.sidebar.display and screen.sidebar.region.width >= 20
        assert "Coastline Daily" in str(
            screen.sidebar.get_option(f"feed:{min(screen.feeds)}").prompt
        )
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = footer_text(app)
        for key in ("/ Search", "F Figures", "A Notes", "q Quit", "? Help", "^p Commands"):
            assert key in footer, footer
        await pilot.press("slash")
        await settle(pilot)
        footer = footer_text(app)
        assert "Save search" in footer and "Figures" not in footer


def footer_text(app: FeedlensApp) -> str:
    """The footer's keys as shown, one line (from a screenshot, as a user sees it)."""
    import re

    svg = app.export_screenshot()
    pieces = re.findall(r">([^<]*)</text>", svg)
    text = " ".join(piece.replace("&#160;", " ") for piece in pieces[-30:])
    return re.sub(r"\s+", " ", text)


async def test_feeds_of_the_same_name_are_told_apart(library: Library, tmp_path: Path) -> None:
    for host in ("old.reddit.com", "www.reddit.com"):
        feed = tmp_path / f"{host}.xml"
        feed.write_text(
            "<?xml version='1.0'?><rss version='2.0'><channel>"
            "<title>reddit: the front page of the internet</title>"
            f"<link>https://{host}/</link><item><title>Hi</title><guid>{host}-1</guid>"
            "<description>x</description></item></channel></rss>",
            encoding="utf-8",
        )
        library.import_paths([feed])
    app = make_app(library, Settings())
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        prompts = [str(screen.sidebar.get_option(f"feed:{i}").prompt) for i in sorted(screen.feeds)]
        assert prompts[0] != prompts[1]
        assert "old.reddit.com" in prompts[0] and "www.reddit.com" in prompts[1]


async def test_r_rereads_a_feed_from_a_file(library: Library, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import SAMPLES

    path = tmp_path / "meridian.xml"
    shutil.copy(SAMPLES / "meridian-courier.xml", path)
    library.import_paths([path])
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", path)
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        sidebar_on_feed(app, "The Meridian Courier")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")  # no settle first: the line could come and go meanwhile
        assert await wait_for_pass_line(pilot, "1 updated article")
        screen = app.library_screen
        assert screen is not None and "No feed is due" not in screen.progress
        assert not any("No feed is due" in n.message for n in app._notifications)


async def test_tab_in_the_note_goes_to_the_tags_and_back_and_letters_stay_text(
    sample_library: Library,
) -> None:
    from textual.widgets import TextArea

    from reader.ui.widgets.annotation_pane import AnnotationPane
    from reader.ui.widgets.article_view import ArticleView

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        await pilot.press("l")
        view = app.screen.query_one(ArticleView)
        assert view.article is not None
        article_id = view.article.row.id
        await pilot.press("v", "w", "a")
        await settle(pilot)
        pane = app.screen.query_one(AnnotationPane)
        note, tags = pane.query_one(TextArea), pane.query_one("#annotation-tags", Input)
        assert app.focused is note
        await pilot.press(*"see", "tab")
        assert app.focused is tags
        await pilot.press(*"fs", "tab")  # s and f: letters here, never star / figures
        assert app.focused is note
        await pilot.press("shift+tab")
        assert app.focused is tags
        await pilot.pause(0.8)  # the save debounce
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        [annotation] = sample_library.annotations(article_id)
        assert (annotation.note, annotation.tags) == ("see", ("fs",))
        assert not sample_library.article(article_id).row.starred


async def open_fire_article(pilot) -> ArticleView:  # type: ignore[no-untyped-def]
    """The Meridian Courier's first article, open in the reading pane (focused)."""
    await settle(pilot)
    await pilot.press("G", "enter")
    await settle(pilot)
    await pilot.press("l")
    view = pilot.app.screen.query_one(ArticleView)
    assert view.article is not None and view.article.row.title.startswith("Fire at Halvard")
    return view


async def test_a_mouse_selection_is_saved_where_it_was_dragged(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 60)) as pilot:
        view = await open_fire_article(pilot)
        assert view.article is not None
        text = view.article.text.text
        phrase = "the port authority"
        last = text.rfind(phrase)
        assert text.find(phrase) < last  # said twice: the drag is over the second
        body = view.query_one("#article-body", Static)
        # A drag gives Textual's selection: line and column in the text as displayed.
        lines = str(body.render()).split("\n")
        y = max(i for i, line in enumerate(lines) if phrase in line)
        x = lines[y].index(phrase)
        app.screen.selections = {
            body: Selection.from_offsets(Offset(x, y), Offset(x + len(phrase), y))
        }
        assert app.screen.get_selected_text() == phrase  # what Textual itself selected
        await pilot.press("a")
        await settle(pilot)
        [annotation] = sample_library.annotations(view.article.row.id)
        assert (annotation.start, annotation.quote) == (last, phrase)


async def test_a_mouse_selection_takes_the_whole_words_it_starts_and_ends_in(
    sample_library: Library,
) -> None:
    """A drag from inside one word to inside another highlights both words whole."""
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 60)) as pilot:
        view = await open_fire_article(pilot)
        assert view.article is not None
        phrase = "the port authority"
        body = view.query_one("#article-body", Static)
        lines = str(body.render()).split("\n")
        y = max(i for i, line in enumerate(lines) if phrase in line)
        x = lines[y].index(phrase)
        # from "he" of "the" to "autho" of "authority"
        app.screen.selections = {
            body: Selection.from_offsets(Offset(x + 1, y), Offset(x + len("the port autho"), y))
        }
        await pilot.press("a")
        await settle(pilot)
        [annotation] = sample_library.annotations(view.article.row.id)
        assert annotation.quote == phrase


async def test_y_copies_the_keyboard_selection_and_a_command_copies_the_link(
    sample_library: Library,
) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        view = await open_fire_article(pilot)
        assert view.article is not None
        await pilot.press("v", "w", "w", "y")
        assert app.clipboard == "A fire that"
        await run_command(pilot, "article: copy link")
        assert app.clipboard == view.article.row.link
        await pilot.press("Y")
        assert app.clipboard == view.article.row.link


async def test_help_lists_feedlens_keys_of_the_screen_first_grouped_with_ids(
    sample_library: Library,
) -> None:
    from reader.ui.screens.help import TEXTUAL_SECTION, HelpScreen

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        sections = [section for section, *_ in screen.rows]
        ours = [row for row in screen.rows if row[0] != TEXTUAL_SECTION]
        assert sections[: len(ours)] == [row[0] for row in ours]  # Textual's own come last
        assert sections[0] == "Library"
        grouped = list(dict.fromkeys(section for section, *_ in ours))
        assert grouped[-1] == "Everywhere"
        assert len(grouped) == len(set(grouped))  # each part once: rows grouped
        ids = {row[3] for row in ours}
        assert {"feed.delete", "reader.copy", "app.quit", "article.copy_link"} <= ids
        assert any("link [n]" in row[2] for row in ours)
        await pilot.press("q")  # closes help, not the app
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_the_annotation_pane_at_120_columns_leaves_the_reader_its_room(
    sample_library: Library,
) -> None:
    from reader.ui.widgets.annotation_pane import AnnotationPane

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_fire_article(pilot)
        await pilot.press("A")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        pane = screen.query_one(AnnotationPane)
        assert pane.region.width >= 40 and screen.reader.region.width >= 60
        assert not screen.article_list.display or screen.article_list.region.width >= 30
        tags = pane.query_one("#annotation-tags", Input)
        assert tags.region.bottom <= pane.region.bottom  # not clipped
        await pilot.press("A")
        await settle(pilot)
        # The list comes back; the sidebar stays folded while an article is open (h shows it).
        assert screen.article_list.region.width >= 30 and screen.reader.region.width >= 60
        screen.article_list.focus()
        await pilot.press("h")
        await settle(pilot)
        assert screen.sidebar.region.width >= 20


async def test_compare_headers_keep_the_value_line_the_title_and_say_which_of_how_many(
    library: Library, tmp_path: Path
) -> None:
    from reader.ui.screens.compare import CompareScreen
    from tests.conftest import SAMPLES

    # One outlet with a very long name: its header must still show the value line.
    long_name = "The Meridian Courier and Evening Gazette of the Northern Docks and Coast"
    copy = tmp_path / "meridian.xml"
    copy.write_text(
        (SAMPLES / "meridian-courier.xml")
        .read_text(encoding="utf-8")
        .replace("<title>The Meridian Courier</title>", f"<title>{long_name}</title>", 1),
        encoding="utf-8",
    )
    library.import_paths(
        [SAMPLES / "coastline-daily.json", SAMPLES / "northwind-ledger.atom", copy]
    )
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        for side in ("left", "right"):
            header = screen.query_one(f"#header-{side}", Static)
            lines = rendered(header)
            assert len(lines) == 3
            index = screen.shown[1 if side == "right" else 0]
            figure, article = screen.mentions[index]
            assert f"{index + 1} of {len(screen.mentions)}" in lines[0]
            assert article.row.title[:20] in lines[1]  # the title stays while the text scrolls
            assert f"“{figure.mention.text}”"[:10] in lines[2]
            assert "(lower)" not in lines[2] and "(approx)" not in lines[2]


def rendered(widget: Widget) -> list[str]:
    """A widget's lines as drawn, right-trimmed."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


def test_qualifiers_are_said_in_words() -> None:
    from reader.ui.screens.compare import qualifier_words

    assert qualifier_words("over", "lower") == "more than (“over”)"
    assert qualifier_words("more than", "lower") == "more than"
    assert qualifier_words("roughly", "approx") == "about (“roughly”)"
    assert qualifier_words("or fewer", "upper") == "less than (“or fewer”)"


async def test_every_screen_is_a_key_away(sample_library: Library) -> None:
    from reader.ui.screens.prompt import PromptScreen

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        for key, screen_name in (
            ("i", "PromptScreen"),
            ("plus", "PromptScreen"),
            ("N", "AnnotationsScreen"),
            ("F", "FiguresScreen"),
            ("slash", "SearchScreen"),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == screen_name, key
            if isinstance(app.screen, PromptScreen):
                assert app.screen.question
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)


async def test_list_items_wrap_under_their_own_text(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    # At 100 columns the reading pane's 55 wrap the sample's bullet item (at 120 it fits).
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_fire_article(pilot)
        body = view.query_one("#article-body", Static)
        lines = rendered(body)
        first = next(i for i, line in enumerate(lines) if "• The refinery employs" in line)
        bullet_at = lines[first].index("•")
        continuation = lines[first + 1]
        assert continuation[: bullet_at + 2].strip() == ""  # indented under the text
        assert continuation[bullet_at + 2 :].strip()
        # A drag over the continuation line's first word highlights that word there.
        assert view.article is not None
        word = continuation.strip().split()[0]
        shown = str(body.render()).split("\n")
        y = next(i for i, line in enumerate(shown) if line.strip().startswith(word))
        x = shown[y].index(word)
        app.screen.selections = {
            body: Selection.from_offsets(Offset(x, y), Offset(x + len(word), y))
        }
        await pilot.press("a")
        await settle(pilot)
        [annotation] = sample_library.annotations(view.article.row.id)
        text = view.article.text.text
        assert annotation.quote == word
        assert text.rfind("employs", 0, annotation.start) > text.rfind("\n", 0, annotation.start)


async def test_only_links_that_open_look_like_links(library: Library, tmp_path: Path) -> None:
    """An article whose link is ``javascript:`` shows it as plain text, not underlined as a
    link the reader would open; a web link in the same view is underlined."""
    feed = tmp_path / "links.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Links</title>"
        "<link>https://links.example/</link>"
        "<item><title>Script link</title><guid>s-1</guid>"
        "<link>javascript:alert(document.cookie)</link>"
        "<description>&lt;p&gt;See &lt;a href='https://links.example/a'&gt;the source"
        "&lt;/a&gt;for more.&lt;/p&gt;</description></item></channel></rss>",
        encoding="utf-8",
    )
    library.import_paths([feed])
    assert library.wait_for_analysis(processes=0).complete  # the reader opens on it done
    [row] = library.articles()
    assert row.link.startswith("javascript:")  # kept as the feed gave it (y copies it)
    app = make_app(library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.layout_result is not None
        text = view.layout_result.text
        plain = text.plain
        assert "the source [1] for more." in plain

        def underlined(part: str) -> bool:
            start = plain.index(part)
            return any(
                span.start <= start < span.end and getattr(span.style, "underline", False)
                for span in text.spans
            )

        assert not underlined("javascript:alert")
        assert underlined("https://links.example/a")
