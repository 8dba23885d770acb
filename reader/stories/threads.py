"""Threads: which developing situation (strike, shutdown, investigation) a story follows.

A thread is a run of stories about one situation: a walkout, the court ruling on it and the
union vote that ends it are three events (three stories) but one thread. Two events that merely
look alike (two earthquakes in one region, two robberies in one city, two strikes in one town)
share the kind of event and its words, never its own who, where and which body. So a story
joins the thread of an earlier story, within ``THREAD_WINDOW_DAYS`` of it, only when

- the earlier story already holds most of the story's content (``held``: the share of the
  story's unit feature vector, words, names and figures, on features the earlier story has,
  and at least ``MIN_SHARED`` of them): the same background (the 1,200 workers on strike,
  the €90 a week of strike pay), not only the same kind of event;
- the story names few rare names of its own that the earlier story never named (``own``,
  by weight): another town, company or person is another situation;
- and it names most of the earlier story's core names, weighted by rarity (``covered``),
  unless it names no one at all (a follow-up that says "the refinery" and "the union").
- and the two stories' reports do not mostly state different values of one kind of fact
  (another person's age, another quake's magnitude: ``reader.stories.facts``).

The decision is made when a story starts, and again while it is young (at most
``GROWTH_ARTICLES`` articles) and still alone in the thread it started: a first report is
often a thin one. For the same reason a young story that moved into another story's thread
goes back to its own when its later reports no longer follow that story. A story never leaves
a thread another story joined it in, so thread ids stay stable; every input is the stories'
own sums (never the library's), so a refresh places a story in the same thread as a whole
rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.stories.facts import fact_evidence, held_facts

if TYPE_CHECKING:
    from reader.stories.assign import StoryIndex, StoryInput, StoryState

#: A developing situation's stories come within this many days of each other.
THREAD_WINDOW_DAYS = 21.0
#: A story still alone in its thread looks for one while it has at most this many articles.
GROWTH_ARTICLES = 4
#: The share of a story's content an earlier story must already hold.
MIN_HELD = 0.35
#: At least this many of a story's features (words, names, figures) the earlier story must hold:
#: one shared word ("sensing" in two headlines) is no situation, however much of a headline it is.
MIN_SHARED = 3
#: At most this share (by weight) of the names a story's articles name may be unknown to the
#: earlier story (a podcast's episodes share the show's name, not the games each one covers).
MAX_OWN_NAMES = 0.4
#: At least this share (by weight) of the earlier story's core names the story must name.
MIN_COVERED = 0.5


@dataclass(frozen=True)
class ThreadEvidence:
    """How a story relates to an earlier one: shares 0..1, and how many features it holds."""

    held: float
    shared: int
    own: float
    covered: float
    names_anyone: bool
    #: The two stories mostly state different values of one kind of fact (another person's
    #: age, another quake's magnitude: reader.stories.facts): two events, not one situation.
    facts_conflict: bool = False

    @property
    def same_situation(self) -> bool:
        if self.held < MIN_HELD or self.shared < MIN_SHARED or self.own > MAX_OWN_NAMES:
            return False
        if self.facts_conflict:
            return False
        return self.covered >= MIN_COVERED or not self.names_anyone


def _core(story: StoryState) -> tuple[tuple[str, float], ...]:
    """A story's core names with their weights (rarity, in its unit names vector): those most
    of its articles name, or, for a story of one, every name its article names."""
    return story.core() if story.articles >= 2 else tuple(story.unit_vectors()[1].items())


def _held(story: StoryState, earlier: StoryState) -> tuple[float, int]:
    """(held, shared) of ``evidence``: how much of the story's content ``earlier`` holds, and
    how many of its features."""
    content = story.unit_vectors()[0]
    held_features = [weight for feature, weight in content.items() if feature in earlier.words]
    return sum(weight * weight for weight in held_features), len(held_features)


def evidence(story: StoryState, earlier: StoryState) -> ThreadEvidence:
    """What ties ``story`` to ``earlier``: see the module docstring."""
    held, shared = _held(story, earlier)
    names = story.unit_vectors()[1]
    names_weight = sum(names.values())
    unknown = sum(weight for name, weight in names.items() if not earlier.names_word(name))
    own = unknown / names_weight if names_weight else 0.0
    theirs = _core(earlier)
    their_weight = sum(weight for _, weight in theirs)
    named = sum(weight for name, weight in theirs if story.names_word(name))
    covered = named / their_weight if their_weight else 1.0
    conflict, _ = fact_evidence(held_facts(story.fact_counts), earlier.fact_counts)
    return ThreadEvidence(held, shared, own, covered, names_weight > 0.0, conflict > 0)


def follow_thread(index: StoryIndex, story: StoryState, item: StoryInput) -> None:
    """After ``item`` joined (or started) ``story``: while the story is young and alone in its
    own thread, move it into the thread of the earlier story of the same situation, if any."""
    if story.articles > GROWTH_ARTICLES:
        return
    if story.followed:
        _leave_if_apart(index, story)
    if not story.thread_alone:
        return
    best: StoryState | None = None
    best_held = 0.0
    for earlier in index.candidates(item, THREAD_WINDOW_DAYS):
        if earlier.story_id >= story.story_id:
            continue
        # The held content first (a few dict lookups): most earlier stories of the weeks
        # around hold too little of it to be the same situation, or less than the best so far,
        # and need no more of the evidence (the same choice).
        held, shared = _held(story, earlier)
        if held < MIN_HELD or shared < MIN_SHARED or held <= best_held:
            continue
        found = evidence(story, earlier)
        if found.same_situation and found.held > best_held:
            best, best_held = earlier, found.held
    if best is None:
        return
    story.thread_id = best.thread_id
    story.thread_alone = False
    story.followed = best.story_id if story.own_thread_id else 0
    story.changed = True
    if best.thread_alone:
        best.thread_alone = False
        best.changed = True


def _leave_if_apart(index: StoryIndex, story: StoryState) -> None:
    """A young story that moved into an earlier story's thread goes back to its own thread
    when, with the reports it has now, it no longer follows that story's situation: a first
    report is often a thin one, and a look-alike event's first report can read as a follow-up
    until its own names come in."""
    earlier = index.stories.get(story.followed)
    if earlier is None or evidence(story, earlier).same_situation:
        return
    story.thread_id = story.own_thread_id
    story.thread_alone = True
    story.followed = 0
    story.changed = True
