"""Extraction's budget: an article dense with figures is read up to a fixed count of figures and
characters, the rest skipped and counted, the same on every run; a big feed body is parsed in a
worker process even when only one feed is refreshed. Sizes and counts, never timings (those are
printed by tests/perf/run.py)."""

from __future__ import annotations

from reader.figures.extract import (
    MAX_MENTIONS,
    MAX_SCANNED_CHARACTERS,
    extract,
    extract_counted,
    split_sentences,
)
from reader.library import Library
from tests.feedserver import Reply, serve
from tests.perf.corpus import dense_article


def test_a_dense_85_kib_article_is_read_up_to_the_budget_and_the_rest_counted() -> None:
    text = dense_article(85 * 1024)
    found = extract_counted(text)
    assert len(found.mentions) == MAX_MENTIONS
    assert found.skipped_sentences > 0
    # Everything not read is counted: the figure-holding text is nearly the whole article.
    last = found.mentions[-1].end
    assert found.skipped_characters >= 0.99 * (len(text) - last)  # less the spaces between
    assert found.mentions == extract_counted(text).mentions  # the same on every run
    assert extract(text) == list(found.mentions)


def test_one_sentence_longer_than_the_character_budget_is_read_in_pieces() -> None:
    # A single "sentence" (no full stop) three times the character budget, a figure in every
    # thousand characters: the figures of its first part are found, and reading stops at the
    # budget.
    filler = "and then some more words about the matter " * 23
    text = "".join(
        f"{n} rooms {filler}" for n in range(100, 100 + 3 * MAX_SCANNED_CHARACTERS // 1000)
    )
    assert len(split_sentences(text)) == 1
    found = extract_counted(text)
    assert [m.value for m in found.mentions[:2]] == [100, 101]
    assert found.mentions[0].noun == "room"
    assert found.mentions[-1].end <= MAX_SCANNED_CHARACTERS + 100  # and the spaces between pieces
    assert len(found.mentions) >= MAX_SCANNED_CHARACTERS // 1000 - 2
    assert found.skipped_characters > len(text) - MAX_SCANNED_CHARACTERS - 100


def test_an_ordinary_article_is_read_whole() -> None:
    text = "Some 3,000 passengers were stranded. Police arrested 35 protesters. " * 20
    found = extract_counted(text)
    assert found.skipped_sentences == 0 and found.skipped_characters == 0
    assert len(found.mentions) == 40


def test_a_feed_with_a_big_dense_body_refreshes_alone(library: Library) -> None:
    # One feed (below the pool threshold) whose body is far past the in-process limit: it is
    # parsed in a worker process, and its article keeps the figures within the budget.
    body = dense_article(85 * 1024).replace("&", "and").replace("<", " ")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Dense</title>'
        "<link>http://x.example/</link><item><title>Tables</title>"
        "<link>http://x.example/1</link><guid>d1</guid>"
        f"<description>{body}</description></item></channel></rss>"
    ).encode()
    routes = {"/feed": lambda h: Reply(200, feed, {"Content-Type": "application/rss+xml"})}
    with serve(routes) as (base, _):
        feed_id, first = library.add_feed(f"{base}/feed")
    assert first.outcome == "updated" and first.new == 1
    [article] = library.store.query("SELECT id FROM articles WHERE feed_id = ?", (feed_id,))
    library.wait_for_analysis()  # figures follow the store stage, from the analysis queue
    assert len(library.article_figures(article["id"])) == MAX_MENTIONS
