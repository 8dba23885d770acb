"""What the Figures screen's filter searches for each figure group: its label, the things its
mentions count as their articles write them ("British Airways passengers"), and the key words
of their sentences and headlines (the story they come from), read from the figures' stored
context in one pass over the groups, in listing order."""

from __future__ import annotations

import json
from dataclasses import dataclass

from reader.store.db import Store
from reader.store.figures import group_order

MENTIONS_READ = 3  # a group's first mentions say enough of its thing and its story


@dataclass(frozen=True)
class GroupText:
    """A group's id, its label, and the words of what it counts and where it was reported."""

    id: int
    label: str
    words: str


def group_texts(store: Store, min_articles: int = 2) -> list[GroupText]:
    """Every cached group's searchable text, in listing order."""
    rows = store.query(
        f"SELECT id, label, mention_ids FROM figure_groups WHERE articles >= ? "
        f"ORDER BY {group_order()}",
        (min_articles,),
    )
    firsts = {row["id"]: json.loads(row["mention_ids"])[:MENTIONS_READ] for row in rows}
    wanted = [mention for ids in firsts.values() for mention in ids]
    found = {
        row["id"]: f"{row['noun_text']} {row['context']}"
        for row in store.query_ids(
            "SELECT id, noun_text, context FROM figures WHERE id IN ({ids})", wanted
        )
    }
    return [
        GroupText(
            row["id"],
            row["label"],
            " ".join(found.get(mention, "") for mention in firsts[row["id"]]),
        )
        for row in rows
    ]
