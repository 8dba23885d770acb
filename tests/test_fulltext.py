"""Full text over real HTTP on 127.0.0.1 with real news pages: auto/always/never, what a page
that fails leaves, the feed's text kept, figures re-extracted, notes re-anchored, refreshes
that never undo the full text, and the command line's JSON contract."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.feeds.addresses import Resolver
from reader.feeds.fetch import FetchLimits
from reader.fulltext import PagePassOptions
from reader.library import Library
from reader.pipeline import figures_safely
from reader.store.articles import ArticleFilter
from reader.text.page import page_article
from tests.conftest import SAMPLES
from tests.feedserver import Handler, Reply, Route, serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")


def ids_by_title(library: Library) -> dict[str, int]:
    return {row.title: row.id for row in library.articles(ArticleFilter(), 0, 100)}


@contextmanager
def site(
    routes: dict[str, Route], items: list[tuple[str, str, str]]
) -> Iterator[tuple[str, list[str]]]:
    """A server with these routes and a /feed of these items (links relative to the server);
    yields the base URL and the paths requested."""
    feed: dict[str, bytes] = {}

    def feed_route(handler: object) -> Reply:
        return Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})

    with serve({**routes, "/feed": feed_route}) as (base, log):
        feed["body"] = rss([(t, base + link, d) for t, link, d in items])
        paths: list[str] = []
        yield base, paths
        paths.extend(path for path, _ in log.requests)


def first_page_with_figures() -> str:
    for key in keys():
        truth = page(key).truth
        if len(figures_safely(truth, "")) >= 3 and not figures_safely(teaser_of(truth), ""):
            return key
    raise AssertionError("no corpus page with figures")


def test_auto_fetches_teasers_and_leaves_full_entries_alone(library: Library) -> None:
    one, two, three = (page(k) for k in keys()[:3])
    routes = {"/a": page_route(one.html), "/b": page_route(two.html), "/c": page_route(three.html)}
    items = [
        ("Teaser A", "/a", teaser_of(one.truth)),
        ("Teaser B", "/b", teaser_of(two.truth)),
        ("Full C", "/c", three.truth),  # the whole article: its page is not needed
    ]
    with site(routes, items) as (base, requested):
        feed_id, _ = library.add_feed(f"{base}/feed")
        assert library.feeds()[0].full_text == "auto"
        summary = library.fetch_pending_pages()
    assert sorted(requested) == ["/a", "/b", "/feed"]
    assert summary.replaced == 2 and summary.failed == 0
    ids = ids_by_title(library)
    for title, source in (("Teaser A", one), ("Teaser B", two)):
        state = library.page_state(ids[title])
        assert state.text_source == "page" and state.page_error is None
        text = library.article(ids[title]).text.text
        assert len(text) > 3 * len(teaser_of(source.truth))
        # the feed's own text is kept beside the page's
        assert state.feed_text is not None
        assert state.feed_text.text == teaser_of(source.truth)
    assert library.page_state(ids["Full C"]).text_source == "feed"
    assert library.page_state(ids["Full C"]).page_error is None
    assert library.fetch_pending_pages().outcomes == ()  # each article is weighed once
    # search finds words only the page had
    word = next(w for w in library.article(ids["Teaser A"]).text.text.split()[60:] if len(w) > 7)
    assert ids["Teaser A"] in [
        hit.article_id for hit in library.search(word.strip(".,;:'\"()")).hits
    ]


def test_always_fetches_every_page_and_never_none(library: Library) -> None:
    one, two = page(keys()[3]), page(keys()[4])
    routes = {"/a": page_route(one.html), "/b": page_route(two.html)}
    items = [("Teaser", "/a", teaser_of(one.truth)), ("Full", "/b", two.truth)]
    with site(routes, items) as (base, requested):
        feed_id, _ = library.add_feed(f"{base}/feed")
        library.set_full_text_mode(feed_id, "never")
        assert library.fetch_pending_pages().outcomes == ()
        library.set_full_text_mode(feed_id, "always")
        summary = library.fetch_pending_pages()
    assert sorted(requested) == ["/a", "/b", "/feed"]
    assert summary.replaced == 2
    assert library.feeds()[0].full_text == "always"


def test_file_feeds_default_to_never(sample_library: Library) -> None:
    assert {feed.full_text for feed in sample_library.feeds()} == {"never"}
    assert sample_library.fetch_pending_pages().outcomes == ()


def slow_page(handler: object) -> Reply:
    return Reply(200, page(keys()[0]).html, {"Content-Type": "text/html"}, delay=3)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (lambda h: Reply(404, b"gone"), "page not found (404)"),
        (lambda h: Reply(500, b"oops"), "server error (500)"),
        (slow_page, "no complete answer within 1 s"),
        (
            lambda h: Reply(
                200, b"<html><body>" + b"<p>x</p>" * 800_000, {"Content-Type": "text/html"}
            ),
            "larger than 5 MiB",
        ),
        (
            lambda h: Reply(200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"}),
            "not a web page (application/pdf)",
        ),
        (
            lambda h: Reply(
                200, b"<html><body><nav>Home</nav></body></html>", {"Content-Type": "text/html"}
            ),
            "no article found in the page",
        ),
    ],
    ids=["404", "500", "slow", "huge", "non-html", "empty"],
)
def test_a_failing_page_keeps_the_feed_text_and_says_why(
    library: Library, route: Route, expected: str
) -> None:
    teaser = teaser_of(page(keys()[0]).truth)
    with site({"/a": route}, [("Teaser", "/a", teaser)]) as (base, _):
        library.add_feed(f"{base}/feed")
        summary = library.fetch_pending_pages(PagePassOptions(limits=FetchLimits(deadline=1.0)))
    [outcome] = summary.outcomes
    assert outcome.text_source == "feed" and outcome.error is not None
    assert expected in outcome.error
    [article_id] = ids_by_title(library).values()
    assert library.article(article_id).text.text == teaser
    state = library.page_state(article_id)
    assert state.text_source == "feed" and state.page_error == outcome.error
    # tried once: the next pass does not fetch it again
    assert library.fetch_pending_pages().outcomes == ()


def test_figures_are_extracted_again_from_the_page(library: Library) -> None:
    source = page(first_page_with_figures())
    with site({"/a": page_route(source.html)}, [("Numbers", "/a", teaser_of(source.truth))]) as (
        base,
        _,
    ):
        library.add_feed(f"{base}/feed")
        [article_id] = ids_by_title(library).values()
        assert library.article_figures(article_id) == []
        library.fetch_pending_pages()
    library.wait_for_analysis()  # a page's text is analysed again through the queue
    figures = library.article_figures(article_id)
    text = library.article(article_id).text.text
    assert len(figures) >= 3
    assert all(text[f.mention.start : f.mention.end] == f.mention.text for f in figures)
    assert not library.figure_groups_current() or library.update_figure_groups() == 0


def test_the_story_is_assigned_again_from_the_page(library: Library) -> None:
    """The teaser chose the article's story; the page's text chooses it again."""
    from reader.store.stories import pending_article_ids

    source = page(first_page_with_figures())
    with site({"/a": page_route(source.html)}, [("Numbers", "/a", teaser_of(source.truth))]) as (
        base,
        _,
    ):
        library.add_feed(f"{base}/feed")
        [article_id] = ids_by_title(library).values()
        library.wait_for_analysis()
        assert article_id not in pending_article_ids(library.store)
        library.fetch_pending_pages()
    assert article_id in pending_article_ids(library.store)
    library.wait_for_analysis()
    assert article_id not in pending_article_ids(library.store)


def test_a_note_made_on_the_teaser_survives_the_switch(library: Library) -> None:
    source = page(keys()[5])
    teaser = teaser_of(source.truth)
    quote = teaser.split(". ")[0][:60].strip()
    with site(
        {"/a": page_route(source.html)}, [("Noted", "/a", teaser + " Only in the feed.")]
    ) as (
        base,
        _,
    ):
        library.add_feed(f"{base}/feed")
        [article_id] = ids_by_title(library).values()
        kept = library.annotate_quote(article_id, quote, "my note", ())
        orphan = library.annotate_quote(article_id, "Only in the feed.", "feed only", ())
        library.fetch_pending_pages()
    assert library.page_state(article_id).text_source == "page"
    text = library.article(article_id).text.text
    notes = {a.id: a for a in library.annotations(article_id)}
    assert set(notes) == {kept.id, orphan.id}  # never lost
    moved = notes[kept.id]
    assert moved.status == "anchored" and text[moved.start : moved.end] == quote
    assert moved.note == "my note"
    assert notes[orphan.id].status == "orphaned" and notes[orphan.id].note == "feed only"


def sentence_with_a_link_reference() -> tuple[str, str]:
    """A corpus page and a sentence of its canonical text with a link reference ("[1]") inside."""
    for key in keys():
        clean = page_article(page(key).html, "text/html")
        if isinstance(clean, str):
            continue
        for sentence in clean.text.split("\n"):
            inside = re.search(r"\w\s*\[\d+\]\s*\w", sentence)
            if inside and 60 < len(sentence) < 300 and inside.start() > 20:
                return key, sentence
    raise AssertionError("no corpus page with a link reference inside a sentence")


def test_a_highlight_on_the_teaser_keeps_all_its_words_when_the_page_has_links(
    library: Library,
) -> None:
    """The page's text keeps its links as "[1]" after the linked words, which the teaser did
    not have: the highlight moves with every word it had, never cut short before its end."""
    key, sentence = sentence_with_a_link_reference()
    teaser = re.sub(r"\s*\[\d+\]\s*", " ", sentence).strip()
    with site({"/a": page_route(page(key).html)}, [("Linked", "/a", teaser)]) as (base, _):
        library.add_feed(f"{base}/feed")
        [article_id] = ids_by_title(library).values()
        kept = library.annotate_quote(article_id, teaser, "", ())
        library.fetch_pending_pages()
    assert library.page_state(article_id).text_source == "page"
    [moved] = library.annotations(article_id)
    assert moved.id == kept.id and moved.status == "moved"
    assert re.sub(r"\s*\[\d+\]\s*", " ", moved.quote).split() == teaser.split()


def test_a_refresh_with_the_same_teaser_never_undoes_the_full_text(library: Library) -> None:
    source = page(keys()[6])
    teaser = teaser_of(source.truth)
    feed: dict[str, bytes] = {}

    def feed_route(handler: object) -> Reply:
        return Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})

    with serve({"/a": page_route(source.html), "/feed": feed_route}) as (base, log):
        feed["body"] = rss([("First title", f"{base}/a", teaser)])
        feed_id, _ = library.add_feed(f"{base}/feed")
        library.fetch_pending_pages()
        [article_id] = ids_by_title(library).values()
        full = library.article(article_id).text.text
        # the entry changes (a new title) but its teaser does not
        feed["body"] = rss([("Second title", f"{base}/a", teaser)])
        assert library.refresh([feed_id]).feeds[0].updated == 1
        assert library.article(article_id).text.text == full
        assert library.article(article_id).row.title == "Second title"
        assert library.fetch_pending_pages().outcomes == ()  # nothing to fetch again
        # a changed teaser keeps the page's text and fetches the page again
        feed["body"] = rss([("Second title", f"{base}/a", teaser + " Updated.")])
        library.refresh([feed_id])
        assert library.article(article_id).text.text == full
        again = library.fetch_pending_pages()
        assert [o.article_id for o in again.outcomes] == [article_id]
    state = library.page_state(article_id)
    assert state.text_source == "page"
    assert state.feed_text is not None and state.feed_text.text == teaser + " Updated."
    assert [p for p, _ in log.requests].count("/a") == 2


def test_a_page_no_longer_than_the_feed_text_is_not_used_in_auto(library: Library) -> None:
    short = (
        b"<html><body><article><p>"
        + b"Just a short note here. " * 3
        + b"</p></article></body></html>"
    )
    with site({"/a": page_route(short)}, [("Short", "/a", "Just a short note here.")]) as (base, _):
        library.add_feed(f"{base}/feed")
        [outcome] = library.fetch_pending_pages().outcomes
    assert outcome.text_source == "feed"
    assert outcome.error == "the page's article is no longer than the feed's text"


def test_a_page_that_tells_another_story_keeps_the_feed_text(library: Library) -> None:
    """A page whose article is about something else (the extraction found a widget, a cookie
    wall's text, another story) never replaces the teaser, and the note made on the teaser
    stays anchored."""
    other = page_article(page(keys()[7]).html, "text/html")
    assert not isinstance(other, str)
    page_words = set(re.findall(r"\w{4,}", other.text.lower()))
    teaser = next(  # another page's teaser sharing none of its longer words with this page
        teaser
        for teaser in (teaser_of(page(key).truth) for key in keys()[8:])
        if len(set(re.findall(r"\w{4,}", teaser.lower()))) >= 8
        and not set(re.findall(r"\w{4,}", teaser.lower())) & page_words
    )
    quote = teaser.split(". ")[0][:60].strip()
    with site({"/a": page_route(page(keys()[7]).html)}, [("Mixed", "/a", teaser)]) as (base, _):
        library.add_feed(f"{base}/feed")
        [article_id] = ids_by_title(library).values()
        note = library.annotate_quote(article_id, quote, "", ())
        [outcome] = library.fetch_pending_pages().outcomes
    assert outcome.text_source == "feed"
    assert outcome.error == "the page's article does not tell the feed's story"
    assert library.article(article_id).text.text == teaser
    [kept] = library.annotations(article_id)
    assert (kept.id, kept.status) == (note.id, "anchored")


def test_scripts_styles_and_control_sequences_never_reach_the_text(library: Library) -> None:
    body = "".join(
        f"<p>Paragraph {i} of a hostile page says something \x1b[31mred\x1b[0m plainly [b]bold[/b].</p>"
        for i in range(60)
    )
    html = (
        "<html><head><style>p{color:red}</style><script>var secret='SCRIPTTEXT';</script></head>"
        f"<body><article><h1>Title</h1>{body}<script>alert('SCRIPTTEXT')</script></article></body></html>"
    ).encode()
    with site({"/a": page_route(html)}, [("Hostile", "/a", "Paragraph 0 …")]) as (base, _):
        library.add_feed(f"{base}/feed")
        library.fetch_pending_pages()
    [article_id] = ids_by_title(library).values()
    text = library.article(article_id).text.text
    assert library.page_state(article_id).text_source == "page"
    assert "SCRIPTTEXT" not in text and "color:red" not in text and "\x1b" not in text
    assert "[b]bold[/b]" in text  # markup-looking text stays inert text


def test_cli_feeds_set_fulltext_and_show_json(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    one, two = page(keys()[7]), page(keys()[8])
    routes = {"/a": page_route(one.html), "/b": page_route(two.html)}
    items = [("Teaser A", "/a", teaser_of(one.truth)), ("Gone B", "/missing", teaser_of(two.truth))]
    with site(routes, items) as (base, _):
        added = runner.invoke(main, ["--db", db, "add", f"{base}/feed"])
        assert added.exit_code == 0, added.output
        listed = json.loads(runner.invoke(main, ["--db", db, "feeds", "--json"]).output)
        assert listed[0]["full_text"] == "auto" and listed[0]["title"] == "Teaser Times"
        assert "Teaser Times" in runner.invoke(main, ["--db", db, "feeds"]).output
        result = runner.invoke(main, ["--db", db, "feeds", "set", "Teaser", "--full-text", "never"])
        assert result.exit_code == 0 and "full text never" in result.output
        assert (
            json.loads(runner.invoke(main, ["--db", db, "feeds", "--json"]).output)[0]["full_text"]
            == "never"
        )
        bad = runner.invoke(
            main, ["--db", db, "feeds", "set", "Teaser", "--full-text", "sometimes"]
        )
        assert bad.exit_code != 0
        rows = json.loads(runner.invoke(main, ["--db", db, "articles", "--json"]).output)
        by_title = {r["title"]: r["id"] for r in rows}
        fetched = runner.invoke(main, ["--db", db, "fulltext", str(by_title["Teaser A"]), "--json"])
        assert fetched.exit_code == 0, fetched.output
        report = json.loads(fetched.output)
        # add fetched the page already: fetched again whole, it is the same article (unchanged)
        assert report["replaced"] == 0 and report["unchanged"] == 1 and report["failed"] == 0
        [entry] = report["articles"]
        assert entry["id"] == by_title["Teaser A"] and entry["text_source"] == "page"
        assert entry["page_error"] is None and entry["chars"] > 500 and entry["fetched"] is True
        failed = runner.invoke(main, ["--db", db, "fulltext", str(by_title["Gone B"])])
        assert failed.exit_code == 1
        assert failed.output.strip().splitlines()[-1] == (
            f"feedlens: article {by_title['Gone B']}: page not found (404); the feed's text is kept"
        )
    shown = json.loads(
        runner.invoke(main, ["--db", db, "show", str(by_title["Teaser A"]), "--json"]).output
    )
    assert shown["text_source"] == "page" and shown["page_error"] is None
    assert shown["feed_text"] == teaser_of(one.truth) and len(shown["text"]) > 500
    gone = json.loads(
        runner.invoke(main, ["--db", db, "show", str(by_title["Gone B"]), "--json"]).output
    )
    assert gone["text_source"] == "feed" and gone["page_error"] == "page not found (404)"
    assert gone["text"] == teaser_of(two.truth) and gone["feed_text"] is None
    plain = runner.invoke(main, ["--db", db, "show", str(by_title["Teaser A"])]).output
    assert "full text from the article's page" in plain
    neither = runner.invoke(main, ["--db", db, "fulltext"])
    assert neither.exit_code == 1 and neither.output.startswith("feedlens: give an article id")
    assert (
        runner.invoke(main, ["--db", db, "fulltext", "999"]).output.strip()
        == "feedlens: no article with id 999"
    )


def test_refresh_fetches_pages_after_and_reports_them(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    one = page(keys()[9])
    with site({"/a": page_route(one.html)}, [("Teaser", "/a", teaser_of(one.truth))]) as (base, _):
        runner.invoke(main, ["--db", db, "feeds"])  # creates the library
        library = Library(Path(db))
        library.subscribe(f"{base}/feed")
        library.close()
        result = runner.invoke(main, ["--db", db, "refresh", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["feeds"][0]["new"] == 1
    assert report["pages"]["replaced"] == 1
    assert report["pages"]["articles"][0]["text_source"] == "page"


def test_import_of_files_fetches_no_page(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    result = CliRunner().invoke(main, ["--db", db, "import", str(SAMPLES), "--json"])
    assert result.exit_code == 0 and "pages" not in json.loads(result.output)


HOSTS = Resolver(
    {
        "public.test": ("127.0.0.1", "public"),
        "nas.lan": ("127.0.0.1", "private"),
    }
)


def test_a_public_feeds_page_never_reaches_a_private_address(tmp_path: Path) -> None:
    """The address policy for pages, through an injected resolver that plays a public host
    and a private one on 127.0.0.1: a page link or a page's redirect into the private network
    is refused before any request reaches it."""
    source = page(keys()[12])
    library = Library(tmp_path / "played.sqlite", resolver=HOSTS)
    try:
        with serve({"/inside": page_route(source.html)}) as (inner, inner_log):
            private_page = inner.replace("127.0.0.1", "nas.lan") + "/inside"
            routes = {
                "/ok": page_route(source.html),
                "/hop": lambda h: Reply(302, b"", {"Location": private_page}),
            }
            with serve(routes) as (server, _):
                public = server.replace("127.0.0.1", "public.test")
                items = [
                    ("Direct", private_page, teaser_of(source.truth)),
                    ("Redirected", f"{public}/hop", teaser_of(source.truth)),
                    ("Public", f"{public}/ok", teaser_of(source.truth)),
                ]
                routes["/feed"] = feed_route(rss(items))
                library.subscribe(f"{public}/feed")
                library.refresh()
                summary = library.fetch_pending_pages()
            inner_requests = list(inner_log.requests)
        outcomes = {o.title: o for o in summary.outcomes}
        assert inner_requests == []  # the private address was never asked
        assert (outcomes["Direct"].error or "").startswith(
            "refused: the address is a private address (nas.lan)"
        )
        assert (outcomes["Redirected"].error or "").startswith(
            "refused: redirect to a private address (nas.lan)"
        )
        assert outcomes["Public"].text_source == "page"
        ids = ids_by_title(library)
        assert library.article(ids["Direct"]).text.text == teaser_of(source.truth)
        assert library.page_state(ids["Redirected"]).page_error == outcomes["Redirected"].error
    finally:
        library.close()


def test_a_file_feeds_page_counts_as_public_origin(tmp_path: Path, library: Library) -> None:
    """A feed imported from a file leads only to public addresses: its page on 127.0.0.1 is
    refused even in always mode."""
    source = page(keys()[13])
    with serve({"/a": page_route(source.html)}) as (base, log):
        feed_file = tmp_path / "teasers.xml"
        feed_file.write_bytes(rss([("Local", f"{base}/a", teaser_of(source.truth))]))
        library.import_paths([feed_file])
        [feed] = library.feeds()
        assert feed.full_text == "never"
        library.set_full_text_mode(feed.id, "always")
        [outcome] = library.fetch_full_text(feed_id=feed.id).outcomes
        assert log.requests == []
    assert (outcome.error or "").startswith("refused: the address is a loopback address")


def test_a_page_fetched_again_uses_a_conditional_get(library: Library) -> None:
    source = page(keys()[14])
    teaser = teaser_of(source.truth)
    feed: dict[str, bytes] = {}

    def page_with_etag(handler: Handler) -> Reply:
        if handler.headers.get("If-None-Match") == '"p1"':
            return Reply(304)
        return Reply(200, source.html, {"Content-Type": "text/html", "ETag": '"p1"'})

    def feed_route_now(handler: Handler) -> Reply:
        return Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})

    with serve({"/a": page_with_etag, "/feed": feed_route_now}) as (base, log):
        feed["body"] = rss([("Story", f"{base}/a", teaser)])
        feed_id, _ = library.add_feed(f"{base}/feed")
        library.fetch_pending_pages()
        [article_id] = ids_by_title(library).values()
        full = library.article(article_id).text.text
        feed["body"] = rss([("Story", f"{base}/a", teaser + " More.")])  # the teaser changes
        library.refresh([feed_id])
        [again] = library.fetch_pending_pages().outcomes
        page_requests = [headers for path, headers in log.requests if path == "/a"]
    assert len(page_requests) == 2 and page_requests[1].get("if-none-match") == '"p1"'
    assert again.text_source == "page" and again.error is None
    assert library.article(article_id).text.text == full
    assert library.page_state(article_id).text_source == "page"


def test_a_pass_stopped_as_the_reader_quits_leaves_pages_for_the_next(tmp_path: Path) -> None:
    source = page(keys()[15])
    path = tmp_path / "stopped.sqlite"
    with site({"/a": page_route(source.html)}, [("Story", "/a", teaser_of(source.truth))]) as (
        base,
        requested,
    ):
        first = Library(path)
        first.add_feed(f"{base}/feed")
        first.stop_background_work()  # the reader quit: a pass started now ends at once
        assert first.fetch_pending_pages().outcomes == ()
        first.close()
        second = Library(path)
        [outcome] = second.fetch_pending_pages().outcomes
        second.close()
    assert outcome.text_source == "page"
    assert requested.count("/a") == 1


def test_links_to_reserved_example_hosts_are_never_looked_up(tmp_path: Path) -> None:
    """The sample feeds link to *.example hosts (reserved, never on the web): served over
    HTTP in auto mode, their teasers are weighed but no page is fetched nor name looked up."""
    db = str(tmp_path / "samples.sqlite")
    feed = (SAMPLES / "meridian-courier.xml").read_bytes()
    with serve({"/feed": lambda h: Reply(200, feed, {"Content-Type": "application/rss+xml"})}) as (
        base,
        log,
    ):
        result = CliRunner().invoke(main, ["--db", db, "add", f"{base}/feed"])
        assert result.exit_code == 0, result.output
        assert [path for path, _ in log.requests] == ["/feed"]
    shown = json.loads(CliRunner().invoke(main, ["--db", db, "show", "1", "--json"]).output)
    assert shown["text_source"] == "feed"
    assert shown["page_error"] == (
        "the link's host (meridian-courier.example) is a reserved name, never on the web"
    )
