"""Issue 21's last gap: a feed removed and added back brings its articles back with the
feed's text, and a note made in the page's full text found no place in it: orphaned until the
page was fetched again, and for good where the feed's text did not read as a teaser. Now such
a note waits for the full text (so said, not orphaned), the page pass fetches that article's
page whatever its feed text looks like (its feed's mode permitting), and the note comes back
anchored; never lost. Real news pages on a real 127.0.0.1 server, a real library file."""

from __future__ import annotations

import re

import pytest

from reader.library import Library
from reader.store.articles import ArticleFilter
from tests.feedserver import Reply, serve
from tests.pages import available, keys, page, page_route, rss

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

RSS_TYPE = {"Content-Type": "application/rss+xml"}


def _long_page() -> tuple[bytes, str, str]:
    """A corpus page, a feed text of its first sentences that is no teaser (over 150 words,
    no ellipsis), and a sentence of the article far past that text."""
    for key in keys():
        source = page(key)
        sentences = re.split(r"(?<=[.!?])\s+", source.truth.replace("\n", " "))
        if len(source.truth.split()) < 600:
            continue
        lead: list[str] = []
        while len(" ".join(lead).split()) < 170:
            lead.append(sentences[len(lead)])
        late = [s for s in sentences[len(lead) + 5 :] if 60 < len(s) < 200 and "[" not in s]
        if late:
            return source.html, " ".join(lead), late[0]
    raise AssertionError("no long corpus page")


def _only_article(library: Library) -> int:
    [row] = library.articles(ArticleFilter(), 0, 10)
    return row.id


@pytest.mark.parametrize("mode", ["auto", "never"])
def test_a_note_in_the_page_text_comes_back_when_its_feed_is_added_back(
    library: Library, mode: str
) -> None:
    html, lead, late = _long_page()
    feed: dict[str, bytes] = {}
    routes = {
        "/a": page_route(html),
        "/feed": lambda h: Reply(200, feed["body"], RSS_TYPE),
    }
    with serve(routes) as (base, log):
        feed["body"] = rss([("A long read", f"{base}/a", lead)])
        url = f"{base}/feed"
        feed_id, _ = library.add_feed(url)
        article = _only_article(library)
        # Its feed text is no teaser: auto leaves the page alone; the user asks for it.
        assert library.fetch_pending_pages().replaced == 0
        assert library.fetch_full_text([article]).replaced == 1
        assert late in library.article(article).text.text
        note = library.annotate_quote(article, late, "only the page says this", ())
        library.delete_feed(feed_id)
        requested = len(log.requests)

        feed_id, _ = library.add_feed(url)  # added back: the feed's text again
        article = _only_article(library)
        assert late not in library.article(article).text.text
        if mode == "never":
            library.set_full_text_mode(feed_id, "never")
        [back] = library.annotations(article)
        assert (back.uid, back.status, back.note) == (note.uid, "orphaned", note.note)
        waiting = library.notes_waiting_for_page(article)
        assert waiting == ({back.id} if mode == "auto" else frozenset())

        library.fetch_pending_pages()
        pages = [path for path, _ in log.requests[requested:] if path == "/a"]
    [after] = library.annotations(article)  # never lost, in either mode
    assert (after.uid, after.note) == (note.uid, "only the page says this")
    if mode == "never":
        assert pages == [] and after.status == "orphaned"
        return
    assert pages == ["/a"]  # fetched though the feed text reads as no teaser: a note waits
    text = library.article(article).text.text
    assert after.status == "anchored" and text[after.start : after.end] == late
    assert library.notes_waiting_for_page(article) == frozenset()
