"""A figure its own article says was revised is an update of the figure told before, not an
agreement with it nor a disagreement (tests/stories/story-figures-GUIDELINES.md: "values differ
because the figure changed over time ... which the articles themselves make clear"). The
sample feeds' "at least 37 injured" and, an hour later from another outlet, "revised to 41 by
the hospital, up from an earlier count" (sample_feeds/README.md)."""

from __future__ import annotations

from reader.figures.extract import extract
from reader.library import Library
from reader.stories.figure_entries import candidates, figures_table, told_as_revision
from reader.stories.figures import AGREE, DISAGREEMENT, UPDATE, ReportedValue, read_report

EARLIER = "2026-11-05T14:25:00Z"
LATER = "2026-11-05T15:40:00Z"
AT_LEAST = "At least 37 people were injured in Monday's fire."
REVISED = (
    "The number of people injured in Monday's fire was revised to 41 by the hospital, up "
    "from an earlier count."
)


def reports(article: int, sentence: str, when: str) -> list[ReportedValue]:
    return [
        read_report((article * 100 + n, article, article), when, mention, sentence)
        for n, mention in enumerate(extract(sentence))
    ]


def test_a_figure_told_as_revised_is_read_so() -> None:
    def told(sentence: str) -> bool:
        view = candidates(reports(1, sentence, EARLIER))[0]  # the sentence's first figure
        return told_as_revision(view)

    assert told(REVISED)
    assert told("The death toll rose to 31 on Saturday.")
    assert told("Officials said 41 people were hurt, up from 37 on Monday.")
    assert not told(AT_LEAST)
    # A bound, not a change ("up" is no verb here).
    assert not told("Repairs could take up to 18 months, the company said.")


def test_the_revised_count_counts_people() -> None:
    # "in Monday's fire": a possessive opens the phrase, as a determiner would.
    [mention] = extract(REVISED)
    assert mention.noun == "person"


def test_at_least_37_then_revised_to_41_is_an_update() -> None:
    [entry] = [
        e
        for e in figures_table(reports(1, AT_LEAST, EARLIER) + reports(2, REVISED, LATER))
        if "injured" in e.quantity
    ]
    assert entry.kind == UPDATE, entry
    # Without the revision, the bound holds the later figure: one value.
    plain = "Officials said 41 people were injured in Monday's fire."
    [entry] = figures_table(reports(1, AT_LEAST, EARLIER) + reports(2, plain, LATER))
    assert entry.kind == AGREE


def test_two_outlets_each_revising_to_another_figure_still_disagree() -> None:
    # Each says its figure replaced an earlier one, at one time: they differ on the new one.
    a = "The number of people injured in Monday's fire was revised to 41 by the hospital."
    b = "The number of people injured in Monday's fire was revised to 52 by the hospital."
    [entry] = figures_table(reports(1, a, EARLIER) + reports(2, b, EARLIER))
    assert entry.kind == DISAGREEMENT, entry


def test_the_sample_feeds_injured_count_reads_as_an_update(sample_library: Library) -> None:
    """What sample_feeds/README.md says of it: Northwind's "at least 37" and Coastline's
    "revised to 41" an hour later are an update, shown as such in the story's table."""
    found = [
        (quantity.kind, sorted({v.mention.value for v in quantity.values}))
        for story in sample_library.stories.ranked()
        for quantity in sample_library.stories.get(story.row.story_id).table
        if "injured" in quantity.quantity
        and {37.0, 41.0} <= {v.mention.value for v in quantity.values}
    ]
    assert found == [(UPDATE, [37.0, 41.0])]
