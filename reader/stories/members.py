"""What a story remembers of its founding reports one by one, beside its sums.

A story is weighed against a new article through its summed vectors (``reader.stories.assign``),
and a sum favours a large story: twelve reports of one Watergate figure's death make a better
"Watergate" prototype than the single first report of another figure's death, so the second
event's next reports would rather join the first event's story than the young story of their
own. Comparing the article with the story's reports one by one (the best-matching one) does not
favour size: the second event's report matches its own story's first report best. So a story
keeps the names (who, where) of its first ``MEMBERS_KEPT`` articles, each cut to its heaviest
``MEMBER_NAMES`` (a few dozen numbers a story, kept with its sums in the store), and
``best_member`` says how close an article comes to the closest of them. The first reports,
not the latest: they are the event the story was started for, and a report of a twin event
that joined by mistake later is not among them.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.stories.features import cosine

#: A story keeps the names of this many of its first articles.
MEMBERS_KEPT = 8
#: Each kept article's heaviest this many name words (and years).
MEMBER_NAMES = 12


def kept_names(names: dict[str, float]) -> dict[str, float]:
    """An article's names as a story keeps them: its heaviest MEMBER_NAMES (weights as they
    are in its unit vector, so a cosine with them is a cosine with the article's, cut)."""
    heaviest = sorted(names.items(), key=lambda item: (-item[1], item[0]))[:MEMBER_NAMES]
    return {name: round(weight, 3) for name, weight in heaviest}


def best_member(names: dict[str, float], members: Sequence[dict[str, float]]) -> float:
    """The cosine of an article's names with the closest of a story's kept articles' (0 for
    a story that keeps none)."""
    return max((cosine(names, member) for member in members), default=0.0)
