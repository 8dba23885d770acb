"""Rough edges of the figures' labels and of the plain `feedlens stories` listing, each on a
real library: a label says the counted thing once ("6,200 employees", never "6,200 employees
employed"), and the plain CLI marks and dates stories as the reader's Stories list does (≢ where
only the developing story's figures differ, "undated" for a story nobody dated)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import OptionList

from reader.cli import main
from reader.config import Settings
from reader.figures.compare import event_restates_thing
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.figures import FiguresScreen
from tests.ui.helpers import settle

CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")

ITEM = """<item><title>{title}</title><link>https://{host}/{slug}</link>
<guid>https://{host}/{slug}</guid><description>{body}</description></item>"""

MILL_BODY = (
    "Brannock Papers, which employs 6,200 employees at its Osterfeld mill, said 900 workers "
    "were evacuated after a fire on Tuesday. Firefighters from Osterfeld and Kelmar fought the "
    "blaze at the Brannock mill for six hours. The Brannock mill has 6,200 employees, the "
    "company said."
)


def undated_feed(path: Path, host: str, title: str, body: str) -> Path:
    """An RSS file of one item without any date, as some real feeds are."""
    item = ITEM.format(title=title, host=host, slug="mill-fire", body=body)
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{host}</title>'
        f"<link>https://{host}/</link><description>news</description>{item}</channel></rss>",
        encoding="utf-8",
    )
    return path


def mill_library(tmp_path: Path) -> Library:
    """Two outlets' undated reports of one mill fire, analysed."""
    library = Library(tmp_path / "l.sqlite")
    library.import_paths(
        [
            undated_feed(tmp_path / f"{host}.xml", host, f"Fire at Brannock mill ({host})", body)
            for host, body in (
                ("osterfeld-post.example", MILL_BODY),
                ("kelmar-news.example", MILL_BODY.replace("on Tuesday", "this week")),
            )
        ]
    )
    library.wait_for_analysis()
    return library


def test_an_event_that_restates_the_counted_thing_is_said_once() -> None:
    assert event_restates_thing("employed", "employees", "employee")
    assert event_restates_thing("injured", "people", "injury")
    assert event_restates_thing("evacuated", "federal evacuees")
    assert not event_restates_thing("evacuated", "workers", "worker")
    assert not event_restates_thing("killed", "people", "person")
    assert not event_restates_thing("", "employees")


async def test_figures_screen_says_a_count_of_employees_once(tmp_path: Path) -> None:
    library = mill_library(tmp_path)
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FiguresScreen)
        listing = app.screen.query_one("#figures-list", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        employees = [p for p in prompts if "6,200" in p]
        assert employees and all("employees employed" not in p for p in employees), prompts
        assert any("6,200 employees" in p for p in employees), prompts
        # An event that says what happened to the thing stays: "900 workers evacuated".
        assert any("900 workers evacuated" in p for p in prompts), prompts
    library.close()


def test_story_figures_table_says_a_count_of_employees_once(tmp_path: Path) -> None:
    library = mill_library(tmp_path)
    [story] = [s for s in library.stories.ranked() if "Brannock" in s.row.title]
    names = [q.quantity for q in library.stories.get(story.row.story_id).table]
    assert "employees" in " ".join(names) and "employees employed" not in names, names
    library.close()


def _plain_stories(db: Path, *more: str) -> list[str]:
    result = CliRunner().invoke(main, ["--db", str(db), "stories", *more])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_plain_stories_say_undated_never_the_import_time(tmp_path: Path) -> None:
    library = mill_library(tmp_path)
    library.close()
    [line] = [line for line in _plain_stories(tmp_path / "l.sqlite") if "Brannock" in line]
    assert "undated" in line and not CLOCK.search(line), line
    story_id = line.split()[0]
    shown = _plain_stories(tmp_path / "l.sqlite", story_id)
    assert "undated" in shown[1] and not CLOCK.search(shown[1]), shown[1]
    articles = [line for line in shown[2:] if "Fire at Brannock" in line]
    assert len(articles) == 2 and all("undated" in line for line in articles), articles
    assert not any(CLOCK.search(line) for line in articles), articles


def test_plain_stories_mark_a_story_whose_thread_figures_differ(sample_library: Library) -> None:
    summaries = sample_library.stories.ranked()
    marks = sample_library.stories.thread_differing([s.row for s in summaries])
    only_thread = [
        s.row.story_id for s in summaries if marks.get(s.row.story_id) and not s.differing
    ]
    own = [s.row.story_id for s in summaries if s.differing and not s.only_updates]
    updated = [s.row.story_id for s in summaries if s.only_updates]  # ↑, as Figures marks
    assert only_thread and own and updated, (marks, own, updated)
    listed = _plain_stories(sample_library.path)[1:]  # under the header naming the columns
    lines = {int(line.split()[0]): line for line in listed if line.split()[0].isdigit()}
    for story_id in only_thread:
        assert lines[story_id].split()[1] == "≢", lines[story_id]
    for story_id in own:
        assert lines[story_id].split()[1] == "≠", lines[story_id]
    for story_id in updated:
        assert lines[story_id].split()[1] == "↑", lines[story_id]
    dated = sample_library.stories.last_dated([s.row for s in summaries])
    for summary in summaries:  # each story's last report as the reader's list shows it
        from reader.text.dates_shown import short_date

        assert short_date(dated[summary.row.story_id]) in lines[summary.row.story_id]
