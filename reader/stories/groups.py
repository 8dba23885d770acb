"""Figure groups kept inside a story: the same figure, or a conflict, only between reports of
one event (or, for the background quantities of a developing situation, of one thread).

Grouping (reader.figures.compare) guesses sameness figure by figure from nearby words; on a
library of many stories it joins unrelated events ("3 people killed" in a firebomb, an
earthquake and an attack). ``within_stories`` takes the groups it built and regroups, with the
same rules, only the mentions of each thread apart; a group already inside one thread is kept
as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reader.figures.compare import (
    FigureGroup,
    MentionRecord,
    claim_key,
    conflict_groups,
    same_figure_groups,
)
from reader.store import figures as figure_store
from reader.store import stories as story_store
from reader.store.db import Store


def _threads_of_mentions(store: Store, mention_ids: Sequence[int]) -> dict[int, int]:
    """Each mention's thread; an article not yet in a story is a thread of its own
    (negative ids, apart from every real thread)."""
    article_of = {
        int(r[0]): int(r[1])
        for r in store.query_ids(
            "SELECT id, article_id FROM figures WHERE id IN ({ids})", mention_ids
        )
    }
    stories = story_store.stories_of_articles(store, sorted(set(article_of.values())))
    return {
        mention: stories[article][1] if article in stories else -article
        for mention, article in article_of.items()
    }


def within_stories(store: Store, groups: Sequence[FigureGroup]) -> list[FigureGroup]:
    """The groups with none spanning two threads: those that did are regrouped thread by
    thread (a part needs two articles to be a group at all)."""
    mention_ids = sorted({m for group in groups for m in group.mention_ids})
    thread_of = _threads_of_mentions(store, mention_ids)
    kept: list[FigureGroup] = []
    for group in groups:
        threads = {thread_of.get(m) for m in group.mention_ids}
        if len(threads) == 1 and None not in threads:
            kept.append(group)
            continue
        parts: dict[int, list[MentionRecord]] = defaultdict(list)
        for record in figure_store.records_by_ids(store, group.mention_ids):
            parts[thread_of.get(record.id, -record.article_id)].append(record)
        for part in parts.values():
            if len({r.article_id for r in part}) < 2:
                continue
            if group.kind == "conflict":
                kept.extend(conflict_groups(sorted(part, key=lambda r: (*claim_key(r), r.id))))
            else:
                by_value = sorted(part, key=lambda r: (r.kind, r.unit, r.rate, r.value, r.id))
                kept.extend(same_figure_groups(by_value))
    return kept
