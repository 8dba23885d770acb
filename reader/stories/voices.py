"""How many outlets a story really hears: feeds whose articles' texts differ from each other.

A story covered by 27 feeds whose articles all read "Example Atom" (a test suite's placeholder
entry), or by five sites reprinting one wire report word for word, is one voice repeated, not
27 or five independent reports. This module owns that count for the Stories list's ranking:
the articles are grouped by near-identical text (title and body words: word sets of Jaccard
similarity ``SAME_TEXT`` or more, or differing by at most ``FEW_WORDS`` words, against each
group's first article), and the voices
are the most feeds that can each be given a group of their own (a maximum matching of feeds to
text groups: a feed with one text of its own counts once, however many it echoes; echoes alone
count once between them). Pure functions on text; the store keeps the counts
(reader.store.story_voices).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Word sets this similar (Jaccard) are one text: reprints, a teaser and its feed's copy,
#: boilerplate with a number changed. Two outlets' own reports of one event share far fewer
#: of their words (0.2-0.5 on the news corpora).
SAME_TEXT = 0.7
#: Texts differing by at most this many words are one text too, however short: a placeholder
#: entry ("Example Atom") and its variant with a word or two added ("Example Atom test
#: description"), where one added word already moves the Jaccard similarity a long way.
FEW_WORDS = 2

_WORD = re.compile(r"\w+")
#: Characters of an article's text read: two copies of one text agree from the start, and a
#: story's first count reads every member (a story of thousands of long articles).
READ_CHARS = 2000


@dataclass(frozen=True)
class VoiceText:
    """What the count reads of one of a story's articles."""

    feed_id: int
    title: str
    text: str


def _words(article: VoiceText) -> frozenset[str]:
    return frozenset(_WORD.findall(f"{article.title}\n{article.text[:READ_CHARS]}".lower()))


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a and not b:
        return True  # neither says anything: no voice of its own
    return len(a ^ b) <= FEW_WORDS or len(a & b) >= SAME_TEXT * len(a | b)


def text_groups(articles: Iterable[VoiceText]) -> list[set[int]]:
    """The feeds of each group of near-identical texts (leader grouping: an article joins the
    first group whose first text it matches; linear in groups, so a 1,000-article story of
    few texts stays cheap)."""
    leaders: list[frozenset[str]] = []
    groups: list[set[int]] = []
    for article in articles:
        words = _words(article)
        for index, leader in enumerate(leaders):
            if _same(words, leader):
                groups[index].add(article.feed_id)
                break
        else:
            leaders.append(words)
            groups.append({article.feed_id})
    return groups


def distinct_voices(articles: Sequence[VoiceText]) -> int:
    """The most feeds each given a text group of its own (0 for no article)."""
    groups = text_groups(articles)
    groups_of: dict[int, list[int]] = {}
    for index, group in enumerate(groups):
        for feed in group:
            groups_of.setdefault(feed, []).append(index)
    holder: dict[int, int] = {}  # group index → the feed given it
    for feed in sorted(groups_of):
        # An augmenting path by breadth-first search (Kuhn's matching, without recursion: a
        # story of a thousand feeds must not reach Python's recursion limit).
        came_from: dict[int, tuple[int, int | None]] = {}  # group → (feed, group it freed)
        queue: list[tuple[int, int | None]] = [(feed, None)]
        end: int | None = None
        while queue and end is None:
            current, via = queue.pop(0)
            for index in groups_of[current]:
                if index in came_from:
                    continue
                came_from[index] = (current, via)
                if index not in holder:
                    end = index
                    break
                queue.append((holder[index], index))
        while end is not None:  # hand each group on the path to the feed that reached it
            current, via = came_from[end]
            holder[end] = current
            end = via
    return len(holder)
