"""The Stories view's and the story screen's remaining rough edges, each on a real library driven
with Pilot: undated stories, figure labels said once, wrapped figure rows, a chart of one value,
and a thread's differing background figures marked in the list."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from click.testing import CliRunner
from rich.text import Text
from textual.widgets import OptionList, Static

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.store.stories import StoryRow
from reader.stories.figures import StoryQuantity
from reader.ui.app import make_app
from reader.ui.screens.stories import StoriesScreen
from reader.ui.screens.story import StoryScreen
from reader.ui.widgets.article_view import ArticleView
from tests.ui.helpers import open_first_story, settle

CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")

UNDATED_ITEM = """<item><title>{title}</title><link>https://{host}/{slug}</link>
<guid>https://{host}/{slug}</guid><description>{body}</description></item>"""


def _undated_feed(path: Path, host: str, items: list[tuple[str, str, str]]) -> Path:
    """An RSS file of items without any date, as some real feeds are."""
    entries = "\n".join(
        UNDATED_ITEM.format(title=title, host=host, slug=slug, body=body)
        for slug, title, body in items
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title>'
        f"<link>https://{host}/</link><description>news</description>{entries}"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


STORY_BODY = (
    "A fire at the Brannock paper mill near Osterfeld forced 900 workers to leave on Tuesday. "
    "Firefighters from Osterfeld and Kelmar fought the blaze at the Brannock mill for six hours. "
    "The mill's owner, Brannock Papers, said 900 workers were evacuated and nobody was hurt."
)


def _undated_library(tmp_path: Path) -> Library:
    library = Library(tmp_path / "l.sqlite")
    paths = [
        _undated_feed(
            tmp_path / f"{host}.xml",
            host,
            [("mill-fire", f"Fire at Brannock paper mill forces 900 workers out ({host})", body)],
        )
        for host, body in (
            ("osterfeld-post.example", STORY_BODY),
            ("kelmar-news.example", STORY_BODY.replace("on Tuesday", "this week")),
        )
    ]
    library.import_paths(paths)
    library.wait_for_analysis()
    return library


async def test_an_undated_story_says_undated_never_a_time_it_was_not_reported(
    tmp_path: Path,
) -> None:
    library = _undated_library(tmp_path)
    stories = library.stories.ranked()
    assert stories and stories[0].row.articles == 2  # one story of the two undated reports
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        listing = app.screen.query_one("#stories-list", OptionList)
        row = str(listing.get_option_at_index(0).prompt)
        assert "Brannock" in row and "undated" in row, row
        assert not CLOCK.search(row), row  # the import's time of day was shown as its time
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StoryScreen)
        header = str(app.screen.query_one("#story-title", Static).render())
        assert "undated" in header and not CLOCK.search(header), header
        articles = app.screen.query_one("#story-articles", OptionList)
        lines = [str(articles.get_option_at_index(i).prompt) for i in range(2)]
        assert all("undated" in line and not CLOCK.search(line) for line in lines), lines
    library.close()


def test_a_story_partly_dated_shows_its_last_dated_report_not_when_an_undated_one_came_in(
    tmp_path: Path,
) -> None:
    dated = tmp_path / "dated.xml"
    _undated_feed(
        dated,
        "harbour-times.example",
        [("mill-fire", "Fire at Brannock paper mill forces 900 workers out", STORY_BODY)],
    )
    # The same story from a feed that dates its items (two hours ago): the newest sort date of
    # the story is then the undated reports' import time, which nobody reported.
    published = format_datetime(datetime.now(UTC) - timedelta(hours=2), usegmt=True)
    dated.write_text(dated.read_text().replace("</guid>", f"</guid><pubDate>{published}</pubDate>"))
    library = _undated_library(tmp_path)
    library.import_paths([dated])
    library.wait_for_analysis()
    story = next(s for s in library.stories.ranked() if "Brannock" in s.row.title)
    assert story.row.articles == 3
    reported = library.store.query_one("SELECT sort_date FROM articles WHERE published IS NOT NULL")
    assert reported is not None and story.row.last > reported[0]  # the undated came in later
    assert library.stories.last_dated([story.row]) == {story.row.story_id: reported[0]}
    library.close()


def _head_before_values(prompt: str, quantity: StoryQuantity) -> str:
    """What a figures row says before its first value (its mark and name)."""
    starts = [prompt.find(v.mention.text) for v in quantity.values]
    return prompt[: min(s for s in starts if s >= 0)]


async def test_a_figure_row_says_its_value_once(sample_library: Library) -> None:
    # "employees: 6,200: roughly 6,200, about 6,200": the name told apart by its value, then
    # the same value again as the first of the values listed.
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        told_apart = [q for q in story.detail.table if q.row_name != q.quantity]
        assert told_apart  # the sample story has two "employees" entries, among others
        figures = story.query_one("#story-figures", OptionList)
        for index, quantity in enumerate(story.detail.table):
            prompt = str(figures.get_option(str(index)).prompt)
            head = _head_before_values(prompt, quantity)
            assert not any(v.mention.text in head for v in quantity.values), prompt
        employees = next(q for q in told_apart if q.row_name == "employees")
        prompt = str(figures.get_option(str(story.detail.table.index(employees))).prompt)
        assert "employees: roughly 6,200" in prompt, prompt


def test_cli_story_table_says_a_figure_once(sample_library: Library) -> None:
    top = sample_library.stories.ranked()[0].row.story_id
    result = CliRunner().invoke(main, ["--db", str(sample_library.path), "stories", str(top)])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "employees:" in line]
    assert rows and all(not re.search(r"employees: [\d,]+: ", line) for line in rows), rows
    assert any("employees: roughly 6,200" in line for line in rows), rows


async def test_a_wrapped_figure_row_hangs_under_its_name(sample_library: Library) -> None:
    # A long row's second line started at column 0, under its mark: where each row begins
    # was lost in a column of wrapped values.
    for size in ((120, 36), (80, 24)):
        app = make_app(sample_library, Settings())
        async with app.run_test(size=size) as pilot:
            await open_first_story(pilot)
            story = app.screen
            assert isinstance(story, StoryScreen)
            figures = story.query_one("#story-figures", OptionList)
            width = figures.scrollable_content_region.width
            height = figures.scrollable_content_region.height
            lines = [figures.render_line(y).text[:width] for y in range(height)]
            starts = ("= ", "≠ ", "↑ ", "~ ", "Across the developing story")
            continued = [line for line in lines if line.strip() and not line.startswith(starts)]
            assert continued, (size, lines)  # rows do wrap at this width
            assert all(line.startswith("  ") for line in continued), (size, lines)


async def test_a_chart_of_one_value_is_ruled_at_that_value(sample_library: Library) -> None:
    # Every outlet reports the repair bill as 3 billion: the axis read 2.96, 2.98, 3, 3.02 and
    # 3.04 billion, values nobody reported, and the label "3 billion … 3 billion".
    from textual_plotext import PlotextPlot

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 44)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        cost = next(i for i, q in enumerate(story.detail.table) if q.quantity == "cost")
        assert len({v.mention.value for v in story.detail.table[cost].values}) == 1
        story.query_one("#story-figures", OptionList).highlighted = cost
        await settle(pilot)
        drawn = Text.from_ansi(story.query_one("#story-chart", PlotextPlot).plt.build()).plain
        assert "3 billion" in drawn, drawn
        assert not re.search(r"\d\.\d+ billion", drawn), drawn  # no ticks around the value
        label = str(story.query_one("#story-chart-label", Static).render()).splitlines()[0]
        assert "3 billion" in label and "…" not in label, label


async def test_stories_view_marks_a_story_whose_thread_figures_differ(
    sample_library: Library,
) -> None:
    # The refinery's developing story: outlets disagree on "workers evacuated" across its
    # stories (story screen: "Across the developing story"); the wage-fund and evacuation
    # stories agree within themselves and showed no mark at all in the list.
    ranked = sample_library.stories.ranked()
    differing = {s.row.story_id: s.differing for s in ranked}
    updates_only = {s.row.story_id for s in ranked if s.only_updates}  # ↑, as Figures marks
    threads = {}
    for story_id in differing:
        detail = sample_library.stories.get(story_id)
        threads[story_id] = sum(1 for q in detail.thread_figures.quantities if q.differing)
    only_thread = [i for i in differing if threads[i] and not differing[i]]
    assert only_thread, (differing, threads)
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        listing = app.screen.query_one("#stories-list", OptionList)
        for story_id, own in differing.items():
            prompt = str(listing.get_option(str(story_id)).prompt)
            mark = "≢" if threads[story_id] else " "
            if own:
                mark = "↑" if story_id in updates_only else "≠"
            assert prompt.startswith(f"{mark} "), (story_id, prompt)
        await pilot.press("question_mark")
        await settle(pilot)
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "≢" in shown and "developing story's background figures differ" in shown


def test_a_threads_mark_is_counted_once_and_again_when_the_thread_changes(
    sample_library: Library,
) -> None:
    from reader.stories import thread_marks

    rows = [s.row for s in sample_library.stories.ranked()]
    with sample_library.store.write() as conn:  # the analysis counted them: as before it had
        conn.execute("DELETE FROM story_thread_marks")
    lined_up: list[int] = []

    def count(row: StoryRow) -> int:
        lined_up.append(row.story_id)
        return sample_library.stories._thread_differing_of(row)

    first = thread_marks.thread_differing(sample_library.store, rows, count)
    assert first and lined_up == list(first)
    lined_up.clear()
    assert thread_marks.thread_differing(sample_library.store, rows, count) == first
    assert lined_up == []  # kept: nothing lined up again
    changed = next(iter(first))
    with sample_library.store.write() as conn:  # the story's figures are to be counted again
        conn.execute("UPDATE stories SET figures = NULL WHERE id = ?", (changed,))
    assert thread_marks.thread_differing(sample_library.store, rows, count) == first
    thread = next(r.thread_id for r in rows if r.story_id == changed)
    assert sorted(lined_up) == sorted(i for i in first if _thread(rows, i) == thread)


def _thread(rows: list[StoryRow], story_id: int) -> int:
    return next(r.thread_id for r in rows if r.story_id == story_id)


async def test_an_undated_article_says_undated_in_the_reading_pane(
    tmp_path: Path, corpora: Path
) -> None:
    # The list says "undated"; the reading pane's header said the feed's name alone.
    library = Library(tmp_path / "l.sqlite")
    library.import_paths([corpora / "real-world-feeds" / "missing-fields.atom"])
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one("#reader", ArticleView)
        assert view.layout_result is not None
        header = view.layout_result.text.plain.splitlines()[:3]
        assert "missing-fields · undated" in header, header
    library.close()


async def test_compare_headers_give_local_day_and_hour_not_a_utc_iso_date(
    sample_library: Library,
) -> None:
    # "1 of 5 · Coastline Daily · 2026-11-02": the UTC date in ISO form, no hour, where every
    # other screen shows the local "2 Nov"; two reports hours apart looked simultaneous.
    from reader.text.dates_shown import day_and_time
    from reader.ui.screens.compare import CompareScreen

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await open_first_story(pilot)
        story = app.screen
        assert isinstance(story, StoryScreen) and story.detail is not None
        evacuated = next(
            i for i, q in enumerate(story.detail.table) if q.quantity == "workers evacuated"
        )
        story.query_one("#story-figures", OptionList).highlighted = evacuated
        await pilot.press("enter")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        # The title names both values of a disagreement, not the most reported one alone.
        title = str(compare.query_one("#compare-title", Static).render())
        assert "4,500 vs 5,000 workers evacuated" in title, title
        for side, index in (("left", compare.shown[0]), ("right", compare.shown[1])):
            first = str(compare.query_one(f"#header-{side}", Static).render()).splitlines()[0]
            published = compare.mentions[index][1].row.published
            assert not re.search(r"\d{4}-\d{2}-\d{2}", first), first
            assert day_and_time(published) in first and CLOCK.search(first), first


async def test_search_results_date_their_hits_as_the_list_does(sample_library: Library) -> None:
    # "Coastline Daily · 2026-11-03": the stored UTC date in ISO form, where the article list
    # and every other screen say "3 Nov".
    from reader.text.dates_shown import short_date
    from reader.ui.screens.search import SearchScreen

    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"refinery")
        await pilot.pause(0.3)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.hits
        results = screen.query_one("#search-results", OptionList)
        for index, hit in enumerate(screen.hits[:5]):
            meta = str(results.get_option_at_index(index).prompt).splitlines()[1]
            assert not re.search(r"\d{4}-\d{2}-\d{2}", meta), meta
            assert f"{hit.feed} · {short_date(hit.published)}" in meta, meta
