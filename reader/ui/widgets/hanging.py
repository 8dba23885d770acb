"""Text that wraps with a hanging indent: continuation lines start under its body, not at
column 0 under its lead (a row's mark).

A figures row ("≠ workers evacuated: 4,500, some 4.5k, 5,000  5 articles · 3 feeds") often
wraps, and a second line starting under the mark hides where each row begins. ``HangingText``
is a Rich renderable (an OptionList prompt takes one) that wraps its body in the width left
after its lead and puts the lead's width of spaces before every line after the first. Its
``str`` is the plain text, as a ``Text`` prompt's is.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class HangingText:
    """``lead`` then ``body``; lines of the body past the first start under its first."""

    def __init__(self, lead: Text, body: Text) -> None:
        self.lead = lead
        self.body = body

    @classmethod
    def split(cls, text: Text, lead_cells: int) -> HangingText:
        """The first ``lead_cells`` characters of ``text`` as the lead (a mark such as "≠ ")."""
        return cls(text[:lead_cells], text[lead_cells:])

    @property
    def plain(self) -> str:
        return self.lead.plain + self.body.plain

    def __str__(self) -> str:
        return self.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead_width = self.lead.cell_len
        room = max(1, options.max_width - lead_width)
        lines = self.body.wrap(console, room, overflow="fold")
        indent = Text(" " * lead_width)
        for index, line in enumerate(lines):
            line.rstrip()
            # Segments, not a Text: a Text would be wrapped again, its indent dropped.
            # Each line ends in a newline: Textual counts a renderable's lines by them.
            yield from Text.assemble(self.lead if index == 0 else indent, line).render(
                console, end="\n"
            )

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lead_width = self.lead.cell_len
        body = Measurement.get(console, options, self.body)
        return Measurement(lead_width + body.minimum, lead_width + body.maximum)
