"""The Figures filter reads a number typed as the figure looked for: groups whose label gives
it come first, then those whose sentences do. A tester's "700 m" listed the 700 metres conflict
last, after "100 people" and "400 stories" matched by their shape. The labels are the real
ones the tester saw (development news clusters)."""

from __future__ import annotations

from reader.store.figure_filter import GroupText
from reader.ui.screens.figures import rank_groups

GROUPS = [
    GroupText(1, "100 people", "people were injured in the crash"),
    GroupText(2, "400 stories", "stories about the climbers"),
    GroupText(3, "300 distinct updates", "updates to internet explorer"),
    GroupText(4, "70% vs 75% · computers (explorer)", "computers share of the market"),
    GroupText(
        5,
        "2000ft vs 700 metres · man fell (buckley)",
        "fell 700 metres from the summit of Mount Cook police said",
    ),
    GroupText(6, "4,500 workers evacuated", "workers evacuated from the halvard refinery"),
    GroupText(7, "2 climbers killed", "climbers killed after a fall of 700 m on the ridge"),
]


def test_a_number_typed_puts_the_groups_giving_it_first() -> None:
    ranked = rank_groups("700 m", GROUPS)
    assert ranked[0] == 5  # its label gives 700
    assert ranked[1] == 7  # its sentence does


def test_a_number_is_read_with_or_without_its_thousands_comma() -> None:
    assert rank_groups("4500", GROUPS)[0] == 6
    assert rank_groups("4,500 workers", GROUPS)[0] == 6


def test_words_alone_rank_as_before() -> None:
    assert rank_groups("evacuated workers", GROUPS)[0] == 6
    assert rank_groups("zebra crossing", GROUPS) == []
