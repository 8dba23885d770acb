"""A story quantity's name as a table row says it, before the values it lists.

Two entries of a story's table sharing a name ("employees" of the refinery, "employees" of its
contractor) are told apart by their most reported value ("employees: 6,200",
reader.stories.figure_entries), which keeps their names distinct wherever a name stands alone
(the JSON, a comparison's title). A row that lists the values after the name would then say the
value twice ("employees: 6,200: roughly 6,200, about 6,200"): this module gives the name
without the value the row is about to say.
"""

from __future__ import annotations

from reader.stories.figures import StoryQuantity


def row_name(quantity: StoryQuantity) -> str:
    """The quantity's name without a value of its own it was told apart by ("employees" for
    "employees: 6,200" reporting 6,200), for a row whose values follow it."""
    name = quantity.quantity
    for value in quantity.values:
        told_by = f": {value.mention.text}"
        if name.endswith(told_by) and len(name) > len(told_by):
            return name[: -len(told_by)]
    return name
