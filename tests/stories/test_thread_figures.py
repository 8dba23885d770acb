"""A thread's background quantities (reader.stories.thread_figures) on real feed files and a
real library: a glass strike over three weeks (tests/stories/glass_strike: the walkout, the
court ruling and the union vote, three stories of one thread from three outlets) repeats the
number of workers on strike, which rises from 1,200 to 1,350 (an update), and the strike pay,
which one outlet gives as €75 where the others say €90 (a disagreement seen only across the
thread's stories); event-specific figures stay in their own story's table; look-alike events
(another company's strike, a second earthquake) in other threads never share an entry; the
samples' refinery thread; the JSON contract; the story screen's section, chart and compare."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.widgets import OptionList, Static

from reader.cli import main
from reader.config import Settings
from reader.figures.extract import extract
from reader.library import Library
from reader.stories import thread_figures
from reader.stories.figures import (
    DISAGREEMENT,
    UPDATE,
    ReportedValue,
    StoryQuantity,
    read_report,
    story_names,
)
from reader.stories.thread_figures import ThreadFigures, same_named, thread_verdict
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.story import THREAD_OPTION, StoryScreen
from tests.stories.test_stories import QUAKE, write_feeds
from tests.stories.test_threads import SECOND_QUAKE
from tests.ui.helpers import settle

GLASS_STRIKE = Path(__file__).parent / "glass_strike"
LOOK_ALIKE_STRIKES = Path(__file__).parent / "feeds"  # Orlov's strike and Tessaro's


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout


def _listed(db: Path) -> list[dict[str, Any]]:
    code, out = _run(db, "stories", "--json", "--min-articles", "1")
    assert code == 0
    stories: list[dict[str, Any]] = json.loads(out)
    return stories


def _story(db: Path, story_id: int) -> dict[str, Any]:
    code, out = _run(db, "stories", str(story_id), "--json")
    assert code == 0
    story: dict[str, Any] = json.loads(out)
    return story


def _glass_library(tmp_path: Path) -> tuple[Path, list[int]]:
    """The glass strike imported; the ids of the Varga strike's stories (one thread)."""
    db = tmp_path / "l.db"
    assert _run(db, "import", str(GLASS_STRIKE))[0] == 0
    varga = [s for s in _listed(db) if any("Varga" in a["title"] for a in s["articles"])]
    assert len(varga) >= 3, "the walkout, the ruling and the vote are three stories"
    assert len({s["thread"] for s in varga}) == 1, "of one developing situation"
    return db, sorted(s["id"] for s in varga)


def _values(entry: dict[str, Any]) -> list[float]:
    return sorted({v["value"] for v in entry["values"]})


def test_a_strikes_background_figures_are_compared_across_its_stories(tmp_path: Path) -> None:
    db, ids = _glass_library(tmp_path)
    for story_id in ids:
        story = _story(db, story_id)
        background = story["thread_quantities"]
        by_values = {tuple(_values(entry)): entry for entry in background}
        # The count of strikers rose as the strike went on: an update, not a disagreement.
        rising = by_values[(1200.0, 1350.0)]
        assert rising["kind"] == "update" and rising["agree"] is False
        # One outlet gives the strike pay as €75 where the others say €90, in another story
        # than theirs: a disagreement only the thread shows.
        pay = by_values[(75.0, 90.0)]
        assert pay["kind"] == "disagreement"
        lower = [v for v in pay["values"] if v["value"] == 75.0]
        assert {v["article"]["feed"] for v in lower} == {"Radio Holmby News"}
        for entry in (rising, pay):
            assert entry["scope"] == "thread"
            assert len(entry["stories"]) >= 2 and set(entry["stories"]) <= set(ids)
            assert {v["story"] for v in entry["values"]} == set(entry["stories"])
        # Figures of one event only stay in that story's own table.
        assert not any(70.0 < v <= 72.0 for e in background for v in _values(e))  # "71 per cent"
        # Counted as flagged: a disagreement or an update, not values only grouped ("differs").
        flagged = ("disagreement", "update")
        assert story["thread_differing"] == sum(1 for e in background if e["kind"] in flagged)


def test_story_json_keeps_its_own_table_and_counts(tmp_path: Path) -> None:
    db, ids = _glass_library(tmp_path)
    listed = {s["id"]: s for s in _listed(db)}
    vote = _story(db, ids[-1])
    assert {"id", "title", "articles", "feeds", "thread", "figures", "differing", "table"} <= set(
        vote
    )
    assert vote["figures"] == len(vote["table"]) == listed[ids[-1]]["figures"]
    assert vote["differing"] == listed[ids[-1]]["differing"]
    assert all(entry["scope"] == "story" for entry in vote["table"])
    # The own table is the story's: every value's article is one of its own.
    own = {a["id"] for a in vote["articles"]}
    assert all(v["article"]["id"] in own for e in vote["table"] for v in e["values"])
    value_keys = {"value", "text", "qualifier", "article", "published", "mention", "story"}
    for entry in vote["thread_quantities"]:
        assert {"quantity", "values", "agree", "kind", "scope", "stories"} <= set(entry)
        assert all(value_keys <= set(value) for value in entry["values"])
    code, out = _run(db, "stories", str(ids[-1]))
    assert code == 0 and "Across the developing story (3 stories read):" in out
    assert "↑ workers" in out


def test_look_alike_strikes_in_other_threads_never_share_an_entry(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    assert _run(db, "import", str(LOOK_ALIKE_STRIKES))[0] == 0
    stories = _listed(db)
    thread_of = {s["id"]: s["thread"] for s in stories}
    company = {
        a["id"]: ("Orlov" if "Orlov" in s["title"] else "Tessaro")
        for s in stories
        for a in s["articles"]
    }
    found = 0
    for story in stories:
        detail = _story(db, story["id"])
        for entry in detail["thread_quantities"]:
            found += 1
            assert {thread_of[v["story"]] for v in entry["values"]} == {story["thread"]}
            assert len({company[v["article"]["id"]] for v in entry["values"]}) == 1
    assert found, "the Orlov thread repeats its strikers and strike pay"


def test_two_earthquakes_in_one_region_share_no_thread_entry(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    feeds = write_feeds(tmp_path / "feeds", [*QUAKE, *SECOND_QUAKE])
    assert _run(db, "import", str(feeds))[0] == 0
    stories = _listed(db)
    village = {
        a["id"]: "Ostrel" in a["title"] or a["published"].startswith("2026-11-12")
        for s in stories
        for a in s["articles"]
    }
    for story in stories:
        for entry in _story(db, story["id"])["thread_quantities"]:
            assert len({village[v["article"]["id"]] for v in entry["values"]}) == 1


def test_the_samples_refinery_thread_compares_the_evacuation_across_stories(
    sample_library: Library,
) -> None:
    ranked = sample_library.stories.ranked(min_articles=1)
    fund = next(s for s in ranked if "wage fund" in s.row.title)
    detail = sample_library.stories.get(fund.row.story_id)
    assert detail.thread, "the wage fund follows the refinery fire"
    evacuated = [q for q in detail.thread_figures.quantities if "evacuated" in q.entry.quantity]
    assert evacuated and len(evacuated[0].stories) >= 2
    assert fund.row.story_id in evacuated[0].stories
    alone = next(
        s for s in ranked if sum(1 for o in ranked if o.row.thread_id == s.row.thread_id) == 1
    )
    assert sample_library.stories.get(alone.row.story_id).thread_figures.quantities == ()


def _reports(sentences: list[tuple[int, str]]) -> tuple[list[ReportedValue], dict[int, int]]:
    """Each (story, sentence)'s first figure as the story table reads it, one article each."""
    known = story_names(sentence for _, sentence in sentences)
    reports, story_of = [], {}
    for article, (story, sentence) in enumerate(sentences, start=1):
        published = f"2026-11-0{article}T08:00:00Z"
        ids = (article, article, article)
        reports.append(read_report(ids, published, extract(sentence)[0], sentence, known))
        story_of[article] = story
    return reports, story_of


def test_a_story_counting_about_another_named_company_is_left_out() -> None:
    reports, story_of = _reports(
        [
            (1, "About 1,200 workers at Orlov Glassworks went on strike on Monday."),
            (2, "The ruling means the 1,200 workers at Orlov can stay out."),
            (3, "The 1,200 strikers stayed out for a third week."),
            (4, "Some 1,200 workers at Tessaro Ceramics went on strike on Monday."),
        ]
    )
    kept = same_named(reports, story_of, frozenset())
    assert sorted(story_of[v.article_id] for v in kept) == [1, 2, 3]


def test_a_figure_rising_from_one_event_to_the_next_is_an_update() -> None:
    reports, story_of = _reports(
        [
            (1, "About 1,200 workers went on strike at the plant."),
            (1, "Some 1,200 workers went on strike at the plant."),
            (2, "1,350 workers are now on strike at the plant."),
        ]
    )
    stories = [story_of[r.article_id] for r in reports]
    rising = StoryQuantity("workers", tuple(reports), DISAGREEMENT)
    assert thread_verdict(rising, stories) == UPDATE
    # Two outlets differing about one event stay a disagreement, however it goes on.
    apart, story_of = _reports(
        [
            (1, "About 1,200 workers went on strike at the plant."),
            (1, "Some 1,600 workers went on strike at the plant."),
            (2, "1,700 workers are now on strike at the plant."),
        ]
    )
    split = StoryQuantity("workers", tuple(apart), DISAGREEMENT)
    assert thread_verdict(split, [story_of[r.article_id] for r in apart]) == DISAGREEMENT
    # A later event reporting less is no update either.
    falling, story_of = _reports(
        [
            (1, "1,350 workers are on strike at the plant."),
            (2, "About 1,200 workers are on strike at the plant."),
        ]
    )
    lower = StoryQuantity("workers", tuple(falling), DISAGREEMENT)
    assert thread_verdict(lower, [story_of[r.article_id] for r in falling]) == DISAGREEMENT
    # Two of the thread's stories told at one time by two outlets, with different figures:
    # they disagree, whichever event each reports.
    at_once = tuple(replace(r, published="2026-11-01T08:00:00Z") for r in reports[1:])
    assert thread_verdict(StoryQuantity("workers", at_once, DISAGREEMENT), [1, 2]) == DISAGREEMENT


async def test_story_screen_lists_the_threads_background_quantities(tmp_path: Path) -> None:
    db, ids = _glass_library(tmp_path)
    library = Library(db)
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(library, ids[1]))  # the court ruling
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        figures = screen.query_one("#story-figures", OptionList)
        prompts = [str(figures.get_option_at_index(i).prompt) for i in range(figures.option_count)]
        assert "Across the developing story" in prompts
        rows = [
            i
            for i in range(figures.option_count)
            if (figures.get_option_at_index(i).id or "").startswith(THREAD_OPTION)
        ]
        assert rows and all(i > prompts.index("Across the developing story") for i in rows)
        rising = next(i for i in rows if "1,350" in prompts[i] and "1,200" in prompts[i])
        assert prompts[rising].startswith("↑ workers") and "(3 stories)" in prompts[rising]
        figures.focus()
        figures.highlighted = rising
        await settle(pilot)
        label = str(screen.query_one("#story-chart-label", Static).render())
        assert "1,200 … 1,350" in label and "Radio Holmby News" in label
        await pilot.press("enter")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen) and screen.detail is not None
        option = figures.get_option_at_index(rising).id or ""
        shown = screen.detail.thread_figures.quantities[int(option.removeprefix(THREAD_OPTION))]
        assert set(compare.group.mention_ids) == {v.mention_id for v in shown.entry.values}
        assert len(shown.stories) >= 2, "the comparison holds reports of several stories"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    library.close()


def test_the_thread_table_reads_no_more_reports_than_its_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, ids = _glass_library(tmp_path)
    library = Library(db)
    try:
        whole = library.stories.get(ids[1]).thread_figures
        assert whole.stories_read == 3 and whole.quantities
        # No room for the other stories' reports: the story's own table is all there is.
        monkeypatch.setattr(thread_figures, "MAX_THREAD_REPORTS", 0)
        monkeypatch.setattr(thread_figures, "MIN_OTHER_REPORTS", 0)
        assert library.stories.get(ids[1]).thread_figures == ThreadFigures()
    finally:
        library.close()
