"""The key bar at 80 columns shows whole keys: in the side-by-side screen its last key read
"n Next ment", cut at the edge; now a key that does not fit whole is left out (? lists it)."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.compare import CompareScreen
from tests.ui.helpers import settle, wait_until


def _keys_whole(app: object) -> bool:
    footer = app.screen.query_one(Footer)  # type: ignore[attr-defined]
    keys = list(footer.query(FooterKey))
    return bool(keys) and all(key.region.right <= footer.region.right for key in keys)


async def test_side_by_side_at_80_columns_shows_only_whole_keys(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert await wait_until(pilot, lambda: _keys_whole(app), seconds=10)
        shown = [key.key for key in app.screen.query_one(Footer).query(FooterKey)]
        # Whether ? moved to the front depends on whether every key fits (they do since the
        # tab key reads "Column"); either way help and the way back are on the bar.
        assert "question_mark" in shown and "escape" in shown, shown
