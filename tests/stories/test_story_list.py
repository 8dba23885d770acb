"""The article list with stories folded (reader/store/story_list.py), checked against the plain
list: every page of a folded view equals the plain view with each story kept at its first
article, for every filter and order, on the sample feeds and on a library of huge stories."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.store.story_list import FoldedRow
from tests.perf.bench_stories_view import build_library


def _expected(library: Library, view: ArticleFilter) -> list[tuple[int, int, int, int]]:
    """(article, more, more feeds, more unread) per row, from the plain list and each
    article's story: what folding must give."""
    plain = library.articles(view, 0, 1_000_000)
    stories = library.stories.of_articles([row.id for row in plain])
    rows: dict[int, list[tuple[int, int, bool]]] = {}
    order: list[int] = []
    for row in plain:
        key = stories[row.id][0] if row.id in stories else -row.id
        if key not in rows:
            rows[key] = []
            order.append(key)
        rows[key].append((row.id, row.feed_id, row.read))
    expected = []
    for key in order:
        head, *others = rows[key]
        expected.append(
            (
                head[0],
                len(others),
                len({feed for _, feed, _ in others}),
                sum(1 for _, _, read in others if not read),
            )
        )
    return expected


def _pages(library: Library, view: ArticleFilter, page: int) -> list[FoldedRow]:
    rows: list[FoldedRow] = []
    while True:
        got = library.articles(view, len(rows), page)
        assert all(isinstance(row, FoldedRow) for row in got)
        rows.extend(row for row in got if isinstance(row, FoldedRow))
        if len(got) < page:
            return rows


def _folded(library: Library, view: ArticleFilter, page: int) -> list[FoldedRow]:
    """Every page of the folded view, read from the top of the view (before it is counted)
    and again from the counted view: both must be the same rows."""
    folded = replace(view, fold_stories=True)
    library.stories._folded = None
    from_top = _pages(library, folded, page)
    count = library.count(folded)
    counted = _pages(library, folded, page)
    assert [(r.id, r.more) for r in from_top] == [(r.id, r.more) for r in counted]
    assert count == len(counted)
    return counted


VIEWS = [
    ArticleFilter(),
    ArticleFilter(unread_only=True),
    ArticleFilter(sort="oldest"),
    ArticleFilter(sort="title"),
    ArticleFilter(sort="feed"),
    ArticleFilter(starred_only=True),
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{v.sort}-{v.unread_only}-{v.starred_only}")
def test_folded_sample_views_keep_each_story_once(
    sample_library: Library, view: ArticleFilter
) -> None:
    library = sample_library
    library.stories.update()
    library.mark_read([1, 2, 9])
    library.star([1, 8, 17])
    expected = _expected(library, view)
    rows = _folded(library, view, page=3)
    assert [(r.id, r.more, r.more_feeds, r.more_unread) for r in rows] == expected
    assert library.count(replace(view, fold_stories=True)) == len(expected)
    if view == ArticleFilter():
        # The sample feeds' running refinery story covers three outlets: folded, it is one row.
        assert any(row.more >= 2 and row.more_feeds == 3 for row in rows)
        assert len(rows) < library.count(view)


def test_folded_position_is_the_row_of_the_articles_story(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    view = ArticleFilter(fold_stories=True)
    rows = _folded(library, ArticleFilter(), page=50)
    stories = library.stories.of_articles([a.id for a in library.articles(ArticleFilter(), 0, 99)])
    for article in library.articles(ArticleFilter(), 0, 99):
        place = library.position(view, article.id)
        assert place is not None
        head = rows[place]
        if head.id != article.id:  # folded under another article of its story
            assert head.story_id == stories[article.id][0]
    library.mark_read([rows[0].id])
    unread = ArticleFilter(unread_only=True, fold_stories=True)
    assert library.position(unread, rows[0].id) is None  # read: not in the unread view


def test_folded_feed_view_and_unassigned_articles(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    feed = library.feeds()[0]
    view = ArticleFilter(feed_id=feed.id)
    assert [(r.id, r.more) for r in _folded(library, view, 4)] == [
        (a, m) for a, m, _, _ in _expected(library, view)
    ]
    # Articles the analysis has not assigned yet are rows of their own.
    with library.store.write() as conn:
        conn.execute("DELETE FROM story_articles")
    rows = _folded(library, ArticleFilter(), 10)
    assert len(rows) == library.count(ArticleFilter())
    assert all(row.story_id is None and row.more == 0 for row in rows)


def test_folded_search_keeps_a_story_at_its_best_result(sample_library: Library) -> None:
    library = sample_library
    library.stories.update()
    view = ArticleFilter(search="refinery")
    ranked = [hit.article_id for hit in library.search("refinery", 1000).hits]
    stories = library.stories.of_articles(ranked)
    seen: set[int] = set()
    heads = []
    for article_id in ranked:
        key = stories.get(article_id, (-article_id, 0))[0]
        if key not in seen:
            seen.add(key)
            heads.append(article_id)
    folded = replace(view, fold_stories=True)
    rows = library.articles(folded, 0, 100)
    assert [row.id for row in rows] == heads
    assert library.count(folded) == len(heads)
    assert sum(1 + row.more for row in rows if isinstance(row, FoldedRow)) == len(ranked)


def test_folded_pages_of_huge_stories_match_the_plain_list(tmp_path: Path) -> None:
    """A story of thousands of articles among small ones: a page's prefix must grow past it."""
    path = tmp_path / "huge.sqlite"
    build_library(path, 4_000, feeds=30)
    library = Library(path)
    try:
        for view in (ArticleFilter(), ArticleFilter(unread_only=True), ArticleFilter(sort="feed")):
            expected = _expected(library, view)
            rows = _folded(library, view, page=97)
            assert [(r.id, r.more, r.more_feeds, r.more_unread) for r in rows] == expected
            assert max(row.more for row in rows) >= 300  # a story longer than a prefix
        view = ArticleFilter(fold_stories=True)
        for place, row in enumerate(library.articles(view, 0, 300)):
            assert library.position(view, row.id) == place
    finally:
        library.close()


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_folded_date_orders_list_undated_articles_last(
    sample_library: Library, corpora: Path, sort: str
) -> None:
    """Folded, as unfolded: the dated articles first, then the undated ones (a real feed whose
    entries carry no date), in both date orders and on every page."""
    library = sample_library
    library.import_paths([corpora / "real-world-feeds" / "missing-fields.atom"])
    library.stories.update()
    view = ArticleFilter(sort=sort)
    undated = {row.id for row in library.articles(view, 0, 1000) if row.published is None}
    assert undated, "the corpus feed has undated entries"
    expected = _expected(library, view)
    rows = _folded(library, view, page=3)
    assert [(r.id, r.more, r.more_feeds, r.more_unread) for r in rows] == expected
    heads = [row.id for row in rows]
    firsts = [i for i, article in enumerate(heads) if article in undated]
    assert firsts and min(firsts) == len(heads) - len(firsts)  # all at the end
