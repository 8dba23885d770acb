"""Refreshing feeds that came from files: reading each file again from its path.

``r`` on such a feed, ``R`` and ``feedlens refresh --all`` re-read them as they fetch web feeds;
a file gone from its path is that feed's error, in one line. Storing goes through the import
path (the caller's ``store_file``), so a changed file updates articles exactly as an import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from reader.models import ImportResult
from reader.refresh import FeedRefresh
from reader.store.db import Store


@dataclass(frozen=True)
class FileFeed:
    feed_id: int
    title: str
    path: Path


def file_feeds(store: Store, feed_ids: Sequence[int] | None) -> list[FileFeed]:
    """The feeds read from files (all, or those among ``feed_ids``)."""
    rows = store.query("SELECT id, url, title FROM feeds WHERE url LIKE 'file:%' ORDER BY id")
    return [
        FileFeed(
            row["id"], row["title"] or row["url"], Path(url2pathname(urlsplit(row["url"]).path))
        )
        for row in rows
        if feed_ids is None or row["id"] in feed_ids
    ]


def reread(
    feeds: Sequence[FileFeed], store_file: Callable[[Path], ImportResult]
) -> list[FeedRefresh]:
    """Read each file again and store what changed; one FeedRefresh per feed."""
    outcomes: list[FeedRefresh] = []
    for feed in feeds:
        if not feed.path.is_file():
            outcomes.append(
                FeedRefresh(feed.feed_id, feed.title, "failed", error=f"{feed.path} is gone")
            )
            continue
        result = store_file(feed.path)
        if result.error:
            outcomes.append(FeedRefresh(feed.feed_id, feed.title, "failed", error=result.error))
            continue
        changed = result.new or result.updated
        outcomes.append(
            FeedRefresh(
                feed.feed_id,
                result.feed_title or feed.title,
                "updated" if changed else "unchanged",
                new=result.new,
                updated=result.updated,
            )
        )
    return outcomes
