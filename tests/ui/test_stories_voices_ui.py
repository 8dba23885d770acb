"""The Stories view puts the stories heard from one outlet only (one feed, or several feeds'
copies of one placeholder text) under a divider that counts them, below the stories outlets
report in their own words; the divider cannot be opened and the cursor never rests on it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import OptionList, Static

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.stories import DIVIDER_ID, StoriesScreen
from tests.test_cli_story_voices import PLACEHOLDER_FEEDS, placeholder_feeds
from tests.ui.helpers import settle

SHOTS = os.environ.get("FEEDLENS_SHOTS")


async def test_one_outlet_stories_follow_a_divider(sample_library: Library, tmp_path: Path) -> None:
    sample_library.import_paths(placeholder_feeds(tmp_path / "placeholders"))
    assert sample_library.wait_for_analysis().complete
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        if SHOTS:
            app.save_screenshot("stories-120x36.svg", SHOTS)
        listing = screen.query_one("#stories-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids.count(DIVIDER_ID) == 1
        divider = ids.index(DIVIDER_ID)
        above = screen.stories[:divider]
        below = screen.stories[divider:]
        assert above and all(story.voices >= 2 for story in above)
        assert below and all(story.voices < 2 for story in below)
        placeholder = next(s for s in below if s.row.title == "Example Atom")
        assert placeholder.row.feeds == PLACEHOLDER_FEEDS  # many feeds, one text
        divider_line = str(listing.get_option_at_index(divider).prompt)
        assert f"{len(below)} stories" in divider_line or "1 story" in divider_line
        status = str(screen.query_one("#stories-status", Static).render())
        assert f"{len(below)} heard from one outlet, listed last" in status
        # The cursor steps over the divider, and enter on the next row opens that story.
        listing.highlighted = divider - 1
        await pilot.press("j")
        assert listing.highlighted == divider + 1
        await pilot.press("k")
        assert listing.highlighted == divider - 1
