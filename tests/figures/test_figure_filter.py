"""The Figures screen's filter and order: a filter finds a group by the thing it counts, its
sentence and its story, not only by its label; figures one outlet alone reports list after
those several outlets report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input, OptionList

from reader.config import Settings
from reader.library import Library
from reader.store.figure_filter import GroupText
from reader.ui.app import make_app
from reader.ui.screens.figures import FiguresScreen, rank_groups
from tests.figures.test_incremental_groups import dated_feed
from tests.ui.helpers import settle

GROUPS = [
    GroupText(1, "3,000 passengers stranded", "British Airways passengers heathrow flights"),
    GroupText(2, "35 protesters arrested", "Extinction Rebellion protesters london bridge"),
    GroupText(3, "$3 billion · cost", "cost refinery rebuilding halvard"),
]


def test_the_filter_matches_the_label_fuzzily() -> None:
    assert rank_groups("pasengers", GROUPS)[0] == 1
    assert rank_groups("$3 billion", GROUPS)[0] == 3


def test_the_filter_matches_the_thing_the_sentence_and_the_story() -> None:
    assert rank_groups("British Airways", GROUPS) == [1]  # the thing as written
    assert rank_groups("heathrow", GROUPS) == [1]  # a word of the sentence
    assert rank_groups("Extinction Rebellion", GROUPS) == [2]
    assert rank_groups("refinery halvard", GROUPS) == [3]  # the story's words
    assert rank_groups("zebra crossing", GROUPS) == []


def test_groups_carry_the_words_of_their_things_and_stories(sample_library: Library) -> None:
    sample_library.figure_groups()
    texts = {text.label: text for text in sample_library.figure_group_texts()}
    workers = texts["4,500 workers evacuated"]
    assert "workers" in workers.words and "refinery" in workers.words
    assert [g.label for g in sample_library.cached_figure_groups()] == list(texts)


def outlet_feeds(folder: Path) -> list[Path]:
    """Three outlets: two report the evacuation of workers; one alone reports the evacuation
    of residents, twice (a group as large, of one outlet). One outlet giving two different
    counts is no conflict (outlets disagreeing takes two: tests/stories)."""
    folder.mkdir()
    day = datetime(2026, 3, 2, 9, tzinfo=UTC)
    shared = "In Halvard, 4,500 workers were evacuated after the refinery fire."
    alone = "In Halvard, {} residents were evacuated from the harbour after the refinery fire."
    return [
        dated_feed(folder / "a.xml", "alpha", [(1, day, shared)]),
        dated_feed(folder / "b.xml", "bravo", [(2, day, shared)]),
        dated_feed(
            folder / "c.xml",
            "charlie",
            [(3, day, alone.format("1,200")), (4, day, alone.format("1,200"))],
        ),
    ]


def test_single_outlet_groups_list_after_groups_of_several_outlets(
    library: Library, tmp_path: Path
) -> None:
    library.import_paths(outlet_feeds(tmp_path / "feeds"))
    library.wait_for_analysis()
    groups = library.figure_groups()
    # What one outlet alone reports lists after what two outlets report, as many articles
    # each (its label, "1,200 residents", came first before).
    assert [(g.kind, g.feeds, g.articles) for g in groups] == [("same", 2, 2), ("same", 1, 2)]
    assert [t.label for t in library.figure_group_texts()] == [g.label for g in groups]


async def test_the_screen_filters_on_a_word_only_the_story_holds(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        await pilot.press("slash")
        await pilot.press(*"Halvard")  # the town: in no label, in every story's words
        await settle(pilot)
        assert screen.query_one(Input).value == "Halvard"
        listing = screen.query_one("#figures-list", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        # In no label (a conflict's row ends with its story's title, which may hold it).
        labels = [p.split(" · in ")[0] for p in prompts]
        assert prompts and not any("Halvard" in label for label in labels)
        assert any("workers evacuated" in p for p in prompts)
