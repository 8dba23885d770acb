"""Pilot test of the Stories view while the analysis stage assigns every story again (after an
upgrade that changed how stories are assigned, migration m505): one line says how far it is,
and the view lists the new stories when it ends, without assigning anything itself."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from reader.config import Settings
from reader.library import Library
from reader.stories import service
from reader.ui.app import make_app
from reader.ui.screens import stories as stories_screen
from reader.ui.screens.stories import StoriesScreen
from tests.ui.helpers import settle


async def test_the_stories_view_says_how_far_a_rebuild_is_and_lists_its_stories_after(
    sample_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories_screen, "REBUILD_POLL_SECONDS", 0.05)
    store = sample_library.store
    assert sample_library.stories.rebuilding() is None
    # As the analysis stage leaves it part-way through the rebuild an upgrade asked for.
    store.set_state(service.REBUILD_WANTED, "1")
    store.set_state(service.REBUILD_PROGRESS, "12 40")
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoriesScreen)
        status = str(screen.query_one("#stories-status", Static).render())
        assert status.startswith("Rebuilding stories: 12 of 40 articles assigned")
        # The view never takes the rebuild over: it is still wanted, for the analysis stage.
        assert store.get_state(service.REBUILD_WANTED) == "1"
        store.set_state(service.REBUILD_PROGRESS, "30 40")
        await pilot.pause(0.3)
        status = str(screen.query_one("#stories-status", Static).render())
        assert status.startswith("Rebuilding stories: 30 of 40 articles assigned")

        sample_library.stories.update()  # what the analysis stage does: the whole rebuild
        assert sample_library.stories.rebuilding() is None
        await pilot.pause(0.3)
        await settle(pilot)
        status = str(screen.query_one("#stories-status", Static).render())
        assert "Rebuilding" not in status
        assert "stories with two or more articles" in status or "story with" in status
