"""Readable colours in every theme: contrast ratios (WCAG 2) and component styles resolved
against the background they are drawn on.

Textual resolves a component's ``auto`` colour (``$text-muted`` is "auto 60%") only when it
knows the background; a partial component style does not, and light themes then drew list rows
white on light grey. Here every foreground is resolved on its real background and, if it still
reads below ``MIN_CONTRAST`` (a theme's accent on its own surface), moved toward black or white
until it reads. The ANSI themes use the terminal's own colours and are left as they are.
"""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.color import Color
from textual.filter import LineFilter
from textual.widget import Widget

MIN_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def contrast_ratio(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(foreground: Color, background: Color, minimum: float = MIN_CONTRAST) -> Color:
    """``foreground`` (blended onto ``background``), moved toward black or white just enough to
    reach the ``minimum`` contrast ratio."""
    colour = background + foreground
    if contrast_ratio(colour, background) >= minimum:
        return colour
    extreme = Color(0, 0, 0) if luminance(background) > 0.18 else Color(255, 255, 255)
    for step in range(1, 21):
        candidate = colour.blend(extreme, step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return extreme


def component_style(widget: Widget, name: str, on: Color | None = None) -> Style:
    """A component's style (colour, background, text style) resolved on the background it is
    drawn on: its own if it sets one, else ``on``, else the widget's."""
    styles = widget.get_component_styles(name)
    background = on if on is not None else widget.background_colors[1]
    bgcolor: Color | None = None
    if styles.has_rule("background") and styles.background.a > 0:
        bgcolor = background + styles.background
        background = bgcolor
    color: Color | None = None
    if styles.has_rule("color"):
        raw = styles.color
        color = background.get_contrast_text(raw.a) if raw.auto else raw
        if raw.ansi is None:
            color = readable(color, background)
    style = Style(
        color=color.rich_color if color is not None else None,
        bgcolor=bgcolor.rich_color if bgcolor is not None else None,
    )
    return style + styles.text_style


class ReadableText(LineFilter):
    """The last word on colour before the terminal: text whose colour reads below
    ``MIN_CONTRAST`` on its background (a theme's accent on its highlight, red on a purple
    cursor) is moved toward black or white until it reads, and dim text is drawn in a muted
    colour that reads, instead of the terminal's own dim (which varies from terminal to
    terminal). Text in the terminal's own colours (the ANSI themes) is left alone."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(segment.text, _readable_style(segment.style, background), segment.control)
            if segment.style is not None and segment.text.strip()
            else segment
            for segment in segments
        ]


@lru_cache(4096)
def _readable_style(style: Style, background: Color) -> Style:
    color, bgcolor = style.color, style.bgcolor
    if color is None or color.is_default or color.is_system_defined:
        return style
    if bgcolor is not None and bgcolor.is_system_defined:
        return style
    under = background if bgcolor is None or bgcolor.is_default else Color.from_rich_color(bgcolor)
    foreground = Color.from_rich_color(color)
    if style.dim:
        muted = readable(under.blend(foreground, 0.6), under)
        return style + Style(color=muted.rich_color, dim=False)
    if contrast_ratio(foreground, under) >= MIN_CONTRAST:
        return style
    return style + Style(color=readable(foreground, under).rich_color)


def readable_dim(text: Text, foreground: Color, background: Color) -> Text:
    """The text with its dim parts drawn in a muted colour that reads at ``MIN_CONTRAST`` on
    ``background`` (Textual otherwise blends dim text halfway into the background, which reads
    at 3:1 in several themes)."""
    result = text.copy()
    result.spans = [
        Span(span.start, span.end, _muted(span.style, foreground, background))
        if isinstance(span.style, Style) and span.style.dim
        else span
        for span in text.spans
    ]
    if isinstance(result.style, Style) and result.style.dim:
        result.style = _muted(result.style, foreground, background)
    return result


def _muted(style: Style, foreground: Color, background: Color) -> Style:
    if style.color is not None and style.color.is_system_defined:
        return style  # the terminal's own colours: its own dim
    under = (
        Color.from_rich_color(style.bgcolor)
        if style.bgcolor is not None and not style.bgcolor.is_default
        else background
    )
    over = (
        Color.from_rich_color(style.color)
        if style.color is not None and not style.color.is_default
        else foreground
    )
    muted = readable(under.blend(background + over, 0.6), under)
    return style + Style(color=muted.rich_color, dim=False)
