"""A view's pages (reader.store.articles.list_articles: ids picked from the index first, then
their rows) hold exactly the articles, in exactly the order, of the view read whole: every sort,
with and without filters, at every offset, pages of any size; on a real library file."""

from __future__ import annotations

import itertools

from reader.library import Library
from reader.store.articles import SORTS, ArticleFilter, list_articles


def whole_view(library: Library, view: ArticleFilter) -> list[int]:
    """The view's article ids in its order, read in one statement with no paging."""
    where, params = view.where()
    rows = library.store.query(
        f"SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id{where} "
        f"ORDER BY {SORTS[view.sort]}",
        params,
    )
    return [int(row[0]) for row in rows]


def test_pages_put_together_are_the_whole_view_in_order(sample_library: Library) -> None:
    first_feed = sample_library.feeds()[0].id
    with sample_library.store.write() as conn:  # some read, some starred: filters that bite
        conn.execute("UPDATE articles SET read = 1 WHERE id % 3 = 0")
        conn.execute("UPDATE articles SET starred = 1 WHERE id % 4 = 0")
    views = [
        ArticleFilter(sort=sort, feed_id=feed, unread_only=unread, starred_only=starred)
        for sort, feed, unread, starred in itertools.product(
            SORTS, (None, first_feed), (False, True), (False, True)
        )
    ]
    for view in views:
        expected = whole_view(sample_library, view)
        assert expected or view.starred_only  # most views hold articles
        for size in (1, 4, 7, 200):
            paged = [
                row.id
                for offset in range(0, len(expected) + size, size)
                for row in list_articles(sample_library.store, view, offset, size)
            ]
            assert paged == expected, (view, size)
        rows = list_articles(sample_library.store, view, 0, 200)
        assert [row.id for row in rows] == expected
        assert all(row.feed_title for row in rows)  # the feed's name joined in
