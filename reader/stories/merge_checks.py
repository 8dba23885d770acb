"""What contradicts between two stories the merge step would join (reader.stories.same_event).

Two stories of one event, started by first reports that shared few words, tell one event:
whatever each says of when, who and how old, the other does not say otherwise. Two look-alike
events (two emergency patches of one browser, two arrests of one team's players, two
earthquakes in one region) share the kind of event and most words, but each side's reports
keep telling facts of their own that the other side tells differently. This module owns those
contradictions, read only from what a story's sums already hold (reader.stories.assign
``StoryState``: its summed words, name counts, headline vectors, weekdays and months, facts):

- ``months_conflict``: both stories' headlines and leads name months, and no month of one is
  one of the other's (a patch "in September" against one "in December");
- ``years_conflict``: both stories' reports keep dating their event to years (named in the
  headline or lead by at least half of the story's articles), and no such year of one is a
  year the other's reports ever name;
- ``ages_conflict``: the ages (or magnitudes) most of one story's reports state, against the
  other's, either way (reader.stories.facts: "Fred LaRue, 75" against "Mark Felt, 95");
- ``actors_conflict``: each story has a main actor (a two- or three-word name its headlines
  keep naming: a person, a place, a body) none of whose words the other story ever names:
  two arrests of two players, two fires in two towns.

General mechanisms over extracted names, figures and dates, no phrase lists. A contradiction
stops a merge; it never splits a story (an article joining is the same-event model's call).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.stories.facts import fact_evidence, held_facts
from reader.stories.features import name_stems

if TYPE_CHECKING:
    from reader.stories.assign import StoryState

#: The three-letter months ``ArticleFeatures.when`` holds (the rest of it are weekdays, which
#: reports of one event name differently as days pass: "on Tuesday", then "on Wednesday").
MONTHS = frozenset(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
)
#: A year dates a story's event when at least this share of its articles name it.
YEAR_SHARE = 0.5
#: A main actor weighs at least this much in a story's headlines, on average over its
#: articles (each headline's vector is of unit length); as same_event.MAIN_WEIGHT.
ACTOR_WEIGHT = 0.15


def months_conflict(one: StoryState, other: StoryState) -> bool:
    """Both stories name months in their headlines and leads, none in common."""
    mine = MONTHS.intersection(one.when_counts)
    theirs = MONTHS.intersection(other.when_counts)
    return bool(mine and theirs) and not mine & theirs


def event_years(story: StoryState) -> frozenset[str]:
    """The years (as "year 2013") named in the headline or lead of its articles (its summed
    words' year figures) that at least YEAR_SHARE of its articles name."""
    need = max(1.0, YEAR_SHARE * story.articles)
    counts = story.name_counts
    return frozenset(
        name
        for feature in story.words
        if feature.startswith("f:year ") and counts.get(name := feature[2:], 0) >= need
    )


def years_conflict(one: StoryState, other: StoryState) -> bool:
    """Both stories date their events (``event_years``), and neither names any year the
    other dates its event to."""
    mine, theirs = event_years(one), event_years(other)
    if not mine or not theirs:
        return False
    return not any(other.names_word(year) for year in mine) and not any(
        one.names_word(year) for year in theirs
    )


def ages_conflict(one: StoryState, other: StoryState) -> bool:
    """The facts (ages, magnitudes) most of one story's articles state conflict with the
    other's, read either way."""
    return (
        fact_evidence(held_facts(one.fact_counts), other.fact_counts)[0] > 0
        or fact_evidence(held_facts(other.fact_counts), one.fact_counts)[0] > 0
    )


def main_actors(story: StoryState) -> tuple[tuple[str, ...], ...]:
    """Its main actors, each as its name's words: the names of two or three words its
    headlines name with ACTOR_WEIGHT or more on average (a longer run is a headline set in
    title case, no one's name)."""
    need = ACTOR_WEIGHT * story.articles
    actors = []
    for feature, weight in story.headlines.items():
        if feature.startswith("n:") and weight >= need:
            parts = name_stems(feature[2:])
            if 2 <= len(parts) <= 3:
                actors.append(parts)
    return tuple(sorted(actors))


def _unknown_actor(actors: tuple[tuple[str, ...], ...], other: StoryState) -> bool:
    """Whether one of ``actors`` has no word ``other`` ever names (nor another spelling of
    one: the same first four letters)."""
    known = {stem[:4] for name in other.name_counts for stem in (name, *name.split())}
    known.update(stem[:4] for name in other.names for stem in name.split())
    return any(all(word[:4] not in known for word in actor) for actor in actors)


def actors_conflict(one: StoryState, other: StoryState) -> bool:
    """Each story has a main actor the other never names (see the module's doc)."""
    return _unknown_actor(main_actors(one), other) and _unknown_actor(main_actors(other), one)
