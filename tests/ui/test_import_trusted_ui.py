"""The reader's OPML import and trust (issue 21's gaps), with the real app under Pilot, a real
OPML file and a real feed on 127.0.0.1: an OPML naming an address on this machine is refused
untrusted, and the reader asks once, naming the address, whether to import it as trusted (y,
n, enter, escape or a click); and the notes of a feed deleted and added again from the reader
are back on its articles at once."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from xml.sax.saxutils import quoteattr

from textual.widgets import Input, Label, OptionList

from reader.config import Settings
from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.ui.app import make_app
from reader.ui.screens.annotations import AnnotationsScreen
from reader.ui.screens.library import LibraryScreen
from reader.ui.screens.prompt import ChoiceScreen, PromptScreen
from reader.ui.widgets.article_view import ArticleView
from tests.feedserver import Reply, serve
from tests.ui.helpers import kept_notices, settle, wait_for_notice, wait_until

RSS_TYPE = {"Content-Type": "application/rss+xml"}
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Home Server News</title>'
    b"<link>http://home.example/</link>"
    b"<item><guid>home-1</guid><title>The boiler was serviced</title>"
    b"<description>The engineer replaced the pump on Tuesday and the boiler now runs at 60 "
    b"degrees. The old pump is in the shed.</description></item>"
    b"<item><guid>home-2</guid><title>Solar output doubled</title>"
    b"<description>The panels made 14 kWh on Sunday, twice the week before.</description>"
    b"</item></channel></rss>"
)


def _opml(path: Path, *urls: str) -> Path:
    outlines = "".join(f'<outline text="Home" type="rss" xmlUrl={quoteattr(u)}/>' for u in urls)
    path.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        f"{outlines}</body></opml>"
    )
    return path


async def _import(pilot, opml: Path) -> ChoiceScreen:  # type: ignore[no-untyped-def]
    """i, the OPML's path, enter: the question comes once the import is done."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    assert isinstance(app.screen, PromptScreen)
    app.screen.query_one(Input).value = str(opml)
    await pilot.press("enter")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
    assert isinstance(app.screen, ChoiceScreen)
    return app.screen


async def test_yes_imports_an_opml_naming_this_machine_as_trusted(
    sample_library: Library, tmp_path: Path
) -> None:
    feeds_before = len(sample_library.feeds())
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, log):
        url = f"{base}/feed.xml"
        opml = _opml(tmp_path / "home.opml", url)
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            said = kept_notices(app)
            asked = await _import(pilot, opml)
            address = base.removeprefix("http://")
            assert asked.question == (
                f"This file (home.opml) names addresses on this machine or your own network "
                f"({address}). Import it as trusted? Only for a list you trust, such as your "
                "own export: its feeds may then reach them."
            )
            assert said == []  # the refusal is the question, not a line naming a CLI flag
            await pilot.press("y")
            assert await wait_for_notice(pilot, "Import done as trusted: 0 feeds")
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            assert [n for n in said if "Import done" in n] == [
                "Import done as trusted: 0 feeds, 0 new, 0 updated, 0 failed; "
                "1 web feed subscribed (R fetches them)"
            ]
            assert not any("--trusted" in n for n in said)
        assert log.requests == []  # subscribed, not fetched: R fetches it
        home = sample_library.subscribed(url)
        assert home is not None and len(sample_library.feeds()) == feeds_before + 1
        # Trusted: its fetches may reach this machine (untrusted, this refresh was refused).
        refreshed = await asyncio.to_thread(sample_library.refresh, [home.id], True)
        [outcome] = refreshed.feeds
    assert (outcome.error, outcome.new) == (None, 2)


async def test_no_imports_nothing_and_says_so_in_one_line(
    sample_library: Library, tmp_path: Path
) -> None:
    feeds_before = sample_library.feeds()
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, log):
        # This machine by IPv4 and IPv6, and the user's network.
        urls = (f"{base}/feed.xml", "http://[::1]:9/feed", "http://192.168.1.20:8080/rss")
        opml = _opml(tmp_path / "home.opml", *urls)
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            said = kept_notices(app)
            address = base.removeprefix("http://")
            named = f"{address}, [::1]:9, 192.168.1.20:8080"
            for refuse in ("n", "escape", "enter"):  # enter by habit: No is first
                asked = await _import(pilot, opml)
                assert f"own network ({named}). Import it as trusted?" in asked.question
                await pilot.press(refuse)
                await settle(pilot)
                assert isinstance(app.screen, LibraryScreen), refuse
            # The command's words (ImportSummary.refusal), less the flag: the reader asked.
            line = (
                f"Import done: 0 feeds, 0 new, 0 updated, 0 failed, 3 refused as not trusted "
                f"({named}): an OPML names files outside its folder and web feeds on this "
                "machine or your network only when trusted"
            )
            assert said == [line, line, line]
    assert log.requests == []
    assert sample_library.feeds() == feeds_before


async def test_a_click_on_yes_trusts_and_the_question_names_no_markup_or_controls(
    sample_library: Library, tmp_path: Path
) -> None:
    """The mouse answers as the keys do; what the file names is shown as plain text."""
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        url = f"{base}/feed.xml"
        opml = _opml(tmp_path / "[bold]home\x1b[31m.opml", url)
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(80, 24)) as pilot:
            asked = await _import(pilot, opml)
            assert asked.question.startswith("This file ([bold]home")
            assert "\x1b" not in asked.question
            label = str(asked.query_one(Label).render())
            assert label.startswith("This file ([bold]home")  # shown as written, not as markup
            options = asked.query_one(OptionList)
            assert options.get_option_at_index(1).id == "trust"
            await pilot.click(OptionList, offset=(4, 2))  # the second line: "y  Yes, …"
            assert await wait_for_notice(pilot, "Import done as trusted")
    assert sample_library.subscribed(url) is not None


async def test_notes_of_a_feed_added_again_in_the_reader_are_back_at_once(
    sample_library: Library,
) -> None:
    """Added from the reader, deleted (its note kept, orphaned), added again from the reader:
    the annotations list and the article show the note on its article, anchored, once."""
    with serve({"/feed.xml": lambda h: Reply(200, FEED, RSS_TYPE)}) as (base, _):
        url = f"{base}/feed.xml"
        app = make_app(sample_library, Settings())
        async with app.run_test(size=(80, 24)) as pilot:

            async def add_in_reader() -> None:
                await settle(pilot)
                await pilot.press("plus")
                await settle(pilot)
                assert isinstance(app.screen, PromptScreen)
                app.screen.query_one(Input).value = url
                await pilot.press("enter")
                assert await wait_for_notice(pilot, "Subscribed to Home Server News")
                await settle(pilot)

            await add_in_reader()
            home = sample_library.subscribed(url)
            assert home is not None
            [boiler] = [
                row
                for row in sample_library.articles(ArticleFilter(feed_id=home.id))
                if row.title == "The boiler was serviced"
            ]
            note = sample_library.annotate_quote(boiler.id, "replaced the pump", "ask for the bill")
            sample_library.delete_feed(home.id)
            assert sample_library.annotation(note.id).status == "orphaned"
            await add_in_reader()
            app.action_all_annotations()
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, AnnotationsScreen)
            [(shown, info)] = screen.shown
            assert (shown.uid, shown.status, shown.note) == (note.uid, "anchored", note.note)
            assert shown.article_id > 0 and info.title == "The boiler was serviced"
            await pilot.press("enter")  # to the note in its article
            await settle(pilot)
            view = app.screen.query_one(ArticleView)
            assert view.article is not None and view.article.row.id == shown.article_id
            # The note's highlight is among the spans the article is drawn with.
            assert (shown.start, shown.end) in [(span.start, span.end) for span in view.spans]
            assert [a.uid for a in sample_library.annotations(shown.article_id)] == [note.uid]


async def test_the_import_notice_says_which_files_are_one_feed_as_the_command_does(
    library: Library, corpora: Path, tmp_path: Path
) -> None:
    """Three downloads of one podcast feed in a folder are one feed: the reader's notice says
    so in the line the command prints (ImportSummary.merge_lines), never "3 files, 1 feed"
    unexplained."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    names = ("itunes-category.rss", "itunes-keywords.rss", "itunes-missing-image.rss")
    for name in names:
        shutil.copyfile(corpora / "real-world-feeds" / name, folder / name)
    app = make_app(library, Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        said = kept_notices(app)
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        assert await wait_for_notice(pilot, "Import done")
        [notice] = [n for n in said if n.startswith("Import done")]
    summary, merged = notice.splitlines()
    assert summary.startswith("Import done: 1 feed, ")
    assert merged == (
        "3 files are one feed (same title, site and articles): "
        + ", ".join(names)
        + " → kept as 'Taverncast - Happy Hour in Your Head - Since 2005'"
    )
