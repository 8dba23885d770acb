"""How the reader marks a figure group wherever it lists one (the Figures screen, the
comparison's title, an article's figure list): one mark, colour and word per kind, the same as
the command line's story table (`≠` disagreement, `↑` update, `=` the same figure)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.figures.compare import FigureGroup


@dataclass(frozen=True)
class GroupMark:
    symbol: str
    color: str
    word: str  # what the row says of the group ("conflict", "update")


CONFLICT = GroupMark("≠", "red", "conflict")
# A figure revised as reports came in (a toll that rose) is no disagreement: a red ≠ on it
# sent a fact-checker looking for a dispute that the comparison did not show.
UPDATE = GroupMark("↑", "yellow", "update")
SAME = GroupMark("=", "green", "same")


def group_mark(group: FigureGroup) -> GroupMark:
    """The mark of a group: its kind, and for a conflict its story table's verdict."""
    if group.kind != "conflict":
        return SAME
    return UPDATE if group.verdict == "update" else CONFLICT
