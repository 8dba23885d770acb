"""Every built-in theme is readable (issue 23): the list, reading pane and figures rows, as
drawn (after the app's line filters), reach a contrast ratio of 4.5:1 for all their text. The
ANSI themes are left out: they take the terminal's own colours. And the theme chosen in the
palette is kept for the next start."""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget

from reader.config import Settings
from reader.library import Library
from reader.ui.app import FeedlensApp, make_app
from reader.ui.contrast import contrast_ratio
from tests.ui.helpers import run_command, settle


def low_contrast(app: FeedlensApp, widget: Widget, rows: int) -> list[str]:
    """Text drawn below 4.5:1 in a widget's first rows, as 'text (ratio fg on bg)'."""
    region = Region(0, 0, widget.size.width, min(rows, widget.size.height))
    background = widget.background_colors[1]
    problems = []
    for strip in widget.render_lines(region):
        segments: list[Segment] = list(strip)
        for line_filter in app._filters:
            segments = line_filter.apply(segments, background)
        for segment in segments:
            style = segment.style
            if not segment.text.strip() or style is None or style.color is None:
                continue
            fg = Color.from_rich_color(style.color)
            bg = background if style.bgcolor is None else Color.from_rich_color(style.bgcolor)
            ratio = contrast_ratio(fg, bg)
            if ratio < 4.5:
                problems.append(f"{segment.text.strip()[:20]!r} ({ratio:.1f} {fg.hex} on {bg.hex})")
    return problems


THEMES_SKIPPED = {"ansi-dark", "ansi-light", "textual-ansi"}


async def test_every_builtin_theme_is_readable(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter", "j")  # a read row, the cursor row, unread rows
        await settle(pilot)
        themes = sorted(set(app.available_themes) - THEMES_SKIPPED)
        assert len(themes) >= 15
        failures: dict[str, list[str]] = {}
        screen = app.screen
        parts = [screen.query_one("#articles"), screen.query_one("#article-body")]
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            for widget in parts:
                problems = low_contrast(app, widget, 12)
                if problems:
                    failures[f"{theme} {widget.id}"] = problems[:3]
        await pilot.press("F")
        await settle(pilot)
        figures = app.screen.query_one("#figures-list")
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            problems = low_contrast(app, figures, 12)
            if problems:
                failures[f"{theme} figures"] = problems[:3]
        assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())


async def test_the_theme_chosen_is_kept_for_the_next_start(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await run_command(pilot, "theme")
        await pilot.press(*"solarized-light")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "solarized-light"
    again = make_app(sample_library, Settings())
    async with again.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert again.theme == "solarized-light"
    # A theme set in the config after the choice wins over it.
    configured = make_app(sample_library, Settings(theme="nord"))
    async with configured.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert configured.theme == "nord"
