"""The page tests full text decides by: words counted up to what a threshold needs, whether a
feed's text is a teaser, and whether a page says clearly more than it."""

from __future__ import annotations

from reader.text.page import (
    LONGER_FACTOR,
    MIN_PAGE_WORDS,
    TEASER_WORDS,
    looks_like_teaser,
    page_says_more,
    word_count,
)


def words(count: int) -> str:
    return " ".join(f"word{i}" for i in range(count))


def test_word_count_stops_at_most_where_asked_and_counts_all_otherwise() -> None:
    text = words(500)
    assert word_count(text) == 500
    assert word_count(text, 100) == 100
    assert word_count(words(7), 100) == 7
    assert word_count("", 10) == 0


def test_a_page_says_more_from_the_exact_threshold_on() -> None:
    feed = words(60)  # a page needs 1.5 times its words
    needed = int(LONGER_FACTOR * 60)
    assert not page_says_more(words(needed - 1), feed)
    assert page_says_more(words(needed), feed)
    short_feed = words(5)  # whatever the feed, a page needs MIN_PAGE_WORDS
    assert not page_says_more(words(MIN_PAGE_WORDS - 1), short_feed)
    assert page_says_more(words(MIN_PAGE_WORDS), short_feed)
    odd_feed = words(31)  # 46.5 words: 46 is not enough, 47 is
    assert not page_says_more(words(46), odd_feed)
    assert page_says_more(words(47), odd_feed)


def test_a_teaser_is_short_or_cut_off() -> None:
    assert looks_like_teaser(words(TEASER_WORDS - 1) + ".")
    assert not looks_like_teaser(words(TEASER_WORDS) + ".")
    assert looks_like_teaser(words(TEASER_WORDS * 3) + " …")
    assert looks_like_teaser(words(TEASER_WORDS * 3) + " Read more")
