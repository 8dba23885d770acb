"""Importing the real-world and feedparser edge-case corpora: no crash, no hang, real text."""

from __future__ import annotations

import time
from pathlib import Path

from reader.library import Library
from reader.store.articles import ArticleFilter


def test_real_world_feeds_import_with_titles_links_dates_text(
    library: Library, corpora: Path
) -> None:
    folder = corpora / "real-world-feeds"
    summary = library.import_paths([folder])
    by_name = {Path(r.source).name: r for r in summary.results}
    failed = {name for name, r in by_name.items() if r.error}
    assert failed <= {"unrecognized.rss"}, failed
    assert summary.new > 500
    for feed in library.feeds():
        rows = library.articles(library_filter(feed.id), limit=200)
        if not rows or "fields" in feed.url:  # the deliberately odd feeds
            continue
        assert any(r.title for r in rows), feed.title
        if feed.title in ("The Guardian", "heise online News"):
            assert all(r.link.startswith("http") for r in rows)
            assert all(r.published for r in rows)
    guardian = next(f for f in library.feeds() if "guardian" in f.url.lower())
    article = library.article(library.articles(library_filter(guardian.id), limit=1)[0].id)
    assert len(article.text.text) > 50
    assert "<" not in article.text.text[:200]


def library_filter(feed_id: int) -> ArticleFilter:
    return ArticleFilter(feed_id=feed_id)


def test_feedparser_edge_cases_never_crash_or_hang(library: Library, corpora: Path) -> None:
    files = sorted(
        p for p in (corpora / "feedparser-tests").rglob("*") if p.is_file() and p.name != "LICENSE"
    )
    assert len(files) > 2000
    slowest = 0.0
    for path in files:
        # CPU seconds, not the wall clock: a loaded machine made one file take 6 s of it.
        started = time.process_time()
        summary = library.import_paths([path], processes=1)
        slowest = max(slowest, time.process_time() - started)
        for result in summary.results:
            if result.error:
                assert "\n" not in result.error and len(result.error) < 400
    assert slowest < 5


def test_encoding_corpus_comes_out_in_the_right_characters(library: Library, corpora: Path) -> None:
    folder = corpora / "feedparser-tests" / "encoding"
    library.import_paths([folder / "big5.xml", folder / "euc-kr.xml", folder / "utf-16le-bom.xml"])
    text = " ".join(r.title for r in library.articles(limit=100))
    assert "\ufffd" not in text
