"""Telling feeds of the same name apart: "reddit: the front page" three times becomes
"reddit: the front page (old.reddit.com)", "… (www.reddit.com/r/news)".

The name is followed by what differs between the same-named feeds' addresses: the host when
the hosts differ, else the path (and the query when only that differs), else the feed id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from reader.models import Feed


def _address_parts(feed: Feed) -> tuple[str, str, str]:
    parts = urlsplit(feed.url)
    if parts.scheme == "file":
        path = unquote(parts.path)
        name = path.rsplit("/", 1)[-1]
        return "", name.rsplit(".", 1)[0] if "." in name else name, path
    return parts.hostname or "", parts.path.rstrip("/"), parts.query


def _qualifiers(feeds: Sequence[Feed]) -> dict[int, str]:
    parts = {feed.id: _address_parts(feed) for feed in feeds}

    def where(feed_id: int, with_query: bool = False) -> str:
        host, path, query = parts[feed_id]
        shown = f"{host}{path}".lstrip("/") or path
        return f"{shown}?{query}" if with_query and query else shown

    for index in range(3):
        values = [parts[feed.id][index] for feed in feeds]
        if len(set(values)) == len(values) and (all(values) or index == 2):
            if index == 0:
                return {feed.id: parts[feed.id][0] for feed in feeds}
            return {feed.id: where(feed.id, with_query=index == 2) for feed in feeds}
    return {feed.id: f"#{feed.id}" for feed in feeds}


def qualifiers(feeds: Sequence[Feed]) -> dict[int, str]:
    """For feeds whose names repeat, what tells each apart (by feed id); others are absent."""
    by_name: dict[str, list[Feed]] = defaultdict(list)
    for feed in feeds:
        by_name[feed.title.casefold()].append(feed)
    found: dict[int, str] = {}
    for same in by_name.values():
        if len(same) > 1:
            found.update(_qualifiers(same))
    return found


def distinct_names(feeds: Sequence[Feed]) -> dict[int, str]:
    """Each feed's name as shown, made unique where names repeat (by feed id)."""
    extra = qualifiers(feeds)
    return {
        feed.id: f"{feed.title} ({extra[feed.id]})" if feed.id in extra else feed.title
        for feed in feeds
    }
