"""Full text through extraction worker processes, over real HTTP on 127.0.0.1 with real news
pages: a page that kills its worker keeps its feed text with one line saying why while the
others get theirs, pages that fail in a worker reach the command line as one line each, and
the pass after a refresh goes newest first, in batches, with progress, and resumes where a
stopped pass left off."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader import fulltext
from reader.cli import main
from reader.fulltext import PagePassOptions, PageProgress
from reader.library import Library
from reader.models import CleanText
from reader.page_workers import WORKER_DIED, over_time
from reader.store.articles import ArticleFilter
from reader.store.db import Store
from reader.text.page import page_article
from tests.feedserver import Reply, Route, ServerLog, serve
from tests.pages import Page, available, feed_route, keys, page, page_route, rss, teaser_of

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")

KILL_MARK = b"<!-- feedlens test: this page stops the process reading it -->"


def die_on_marked_page(body: bytes, content_type: str, url: str) -> CleanText | str:
    """The extractor, except that a marked page ends the worker process reading it, as a
    crash in the extractor's C code or the kernel's out-of-memory killer would."""
    if KILL_MARK in body:
        os._exit(3)
    return page_article(body, content_type, url)


def marked(html: bytes) -> bytes:
    return html.replace(b"<body", KILL_MARK + b"<body", 1)


def titles_to_ids(library: Library) -> dict[str, int]:
    return {row.title: row.id for row in library.articles(ArticleFilter(), 0, 200)}


@dataclass
class Stories:
    """Real pages of the corpus as "Story 0", "Story 1", … of one teaser feed: each page at
    ``/i``, each item (title, path, teaser) pointing at its page. A test changes routes and
    items before serving them."""

    sources: list[Page]
    routes: dict[str, Route]
    items: list[tuple[str, str, str]]

    @contextmanager
    def served(self) -> Iterator[tuple[str, ServerLog]]:
        """The pages and their feed on 127.0.0.1: the feed's URL and the request log."""
        with serve(self.routes) as (base, log):
            items = [(title, base + path, teaser) for title, path, teaser in self.items]
            self.routes["/feed"] = feed_route(rss(items))
            yield f"{base}/feed", log


@pytest.fixture
def stories() -> Callable[[int, int], Stories]:
    """``stories(first, count)``: the corpus pages ``keys()[first:first + count]``."""

    def make(first: int, count: int) -> Stories:
        sources = [page(key) for key in keys()[first : first + count]]
        routes: dict[str, Route] = {f"/{i}": page_route(p.html) for i, p in enumerate(sources)}
        items = [(f"Story {i}", f"/{i}", teaser_of(p.truth)) for i, p in enumerate(sources)]
        return Stories(sources, routes, items)

    return make


# The reader's pass (in its child process, one extraction worker) and the command line's.
IN_CHILD = PagePassOptions(background=True)
TWO_WORKERS = PagePassOptions(in_workers=True, processes=2)
PASS_KINDS = ["the reader's pass in its child process", "the command line's two workers"]


def pass_alone(path: str, options: PagePassOptions, sending: Connection) -> None:
    """A pass in a process running no other thread, as the command line runs one: it forks
    its extraction workers from itself (this test's process runs its server in a thread)."""
    store = Store(Path(path))
    try:
        sending.send(fulltext.fetch_pending(store, options))
    finally:
        store.close()
        sending.close()


def run_alone(path: Path, options: PagePassOptions) -> fulltext.FullTextSummary:
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=pass_alone, args=(str(path), options, sending))
    process.start()
    sending.close()
    try:
        return receiving.recv()  # type: ignore[no-any-return]
    finally:
        process.join(30)
        receiving.close()


@pytest.mark.parametrize(
    ("how", "workers", "alone", "forked"),
    [(IN_CHILD, 1, False, True), (TWO_WORKERS, 2, False, False), (TWO_WORKERS, 2, True, True)],
    ids=[*PASS_KINDS, "the command line's two workers forked from a process with no thread"],
)
def test_a_page_that_kills_its_worker_keeps_the_feed_text_and_the_others_are_read(
    library: Library,
    stories: Callable[[int, int], Stories],
    how: PagePassOptions,
    workers: int,
    alone: bool,
    forked: bool,
) -> None:
    site = stories(20, 6)
    sources = site.sources
    site.routes["/2"] = page_route(marked(sources[2].html))
    with site.served() as (feed, _):
        library.add_feed(feed)
        options = replace(how, reader=die_on_marked_page)
        if alone:
            summary = run_alone(library.store.path, options)
        else:
            summary = fulltext.fetch_pending(library.store, options)
    assert summary.extraction_forked == forked
    by_title = {o.title: o for o in summary.outcomes}
    ids = titles_to_ids(library)
    killer = by_title["Story 2"]
    assert killer.text_source == "feed" and killer.error == WORKER_DIED
    assert "\n" not in WORKER_DIED and "Traceback" not in WORKER_DIED
    assert library.article(ids["Story 2"]).text.text == teaser_of(sources[2].truth)
    assert library.page_state(ids["Story 2"]).page_error == WORKER_DIED
    for i in (0, 1, 3, 4, 5):
        outcome = by_title[f"Story {i}"]
        assert outcome.text_source == "page" and outcome.error is None, outcome
        assert library.page_state(ids[f"Story {i}"]).text_source == "page"
    assert summary.workers == workers and summary.extraction_cpu > 0


def huge_listing(paragraphs: int) -> bytes:
    """A long listing page (thousands of short linked paragraphs): its extraction's cost grows
    faster than its size (2,000 take some 2 s of CPU, 30,000 about a minute)."""
    entry = "<div class='entry'><p>Entry {i} of a very long listing, <a href='/e/{i}'>read it</a>.</p></div>"
    entries = "".join(entry.format(i=i) for i in range(paragraphs))
    return (
        "<!doctype html><html><head><title>Everything</title></head>"
        f"<body><article>{entries}</article></body></html>"
    ).encode()


@pytest.mark.parametrize("how", [IN_CHILD, TWO_WORKERS], ids=PASS_KINDS)
def test_a_page_whose_extraction_takes_too_long_is_given_up_and_the_pass_goes_on(
    library: Library, stories: Callable[[int, int], Stories], how: PagePassOptions
) -> None:
    limit = 0.5  # seconds of CPU: a news page takes some 30 ms, the listing several seconds
    site = stories(30, 4)
    sources = site.sources
    site.routes["/huge"] = page_route(huge_listing(2500))
    site.items.insert(2, ("Everything", "/huge", "All our entries in one page …"))
    options = replace(how, page_cpu_limit=limit)
    with site.served() as (feed, _):
        library.add_feed(feed)
        summary = fulltext.fetch_pending(library.store, options)
    by_title = {o.title: o for o in summary.outcomes}
    ids = titles_to_ids(library)
    slow = by_title["Everything"]
    reason = over_time(limit)
    assert slow.text_source == "feed" and slow.error == reason
    assert "\n" not in reason and "Traceback" not in reason
    assert library.article(ids["Everything"]).text.text == "All our entries in one page …"
    assert library.page_state(ids["Everything"]).page_error == reason
    for i in range(len(sources)):  # before and after it: the pass went on
        assert by_title[f"Story {i}"].text_source == "page", by_title[f"Story {i}"]
        assert library.page_state(ids[f"Story {i}"]).text_source == "page"
    # given up on, not tried again by the next pass
    assert fulltext.fetch_pending(library.store, options).outcomes == ()


def with_failing_pages(site: Stories) -> Stories:
    """Besides its real pages, three that fail in the extraction process (not a web page by
    its first bytes, no article, a page the extractor finds nothing in)."""

    def reply(body: bytes, kind: str) -> Route:
        return lambda handler: Reply(200, body, {"Content-Type": kind})

    site.routes["/binary"] = reply(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "application/octet-stream")
    site.routes["/menu"] = reply(b"<html><body><nav>Home | World</nav></body></html>", "text/html")
    site.routes["/blank"] = reply(b"<!doctype html><html><body></body></html>", "text/html")
    teaser = "The council met on Monday to weigh the city's budget for next year …"
    site.items += [("Binary", "/binary", teaser), ("Menu", "/menu", teaser)]
    site.items.append(("Blank", "/blank", teaser))
    return site


def test_pages_that_fail_in_the_workers_reach_the_command_line_as_one_line_each(
    tmp_path: Path, stories: Callable[[int, int], Stories]
) -> None:
    db = str(tmp_path / "cli.sqlite")
    site = with_failing_pages(stories(30, 10))
    items = site.items
    assert len(items) >= fulltext.POOL_THRESHOLD  # the command line uses its worker processes
    with site.served() as (feed, _):
        runner = CliRunner()
        # adding the feed fetches its teasers' pages after it (13: in worker processes)
        added = runner.invoke(main, ["--db", db, "add", feed])
        result = runner.invoke(main, ["--db", db, "fulltext", "--feed", feed])
    assert added.exit_code == 0, added.output
    assert "Traceback" not in added.output
    assert sum("the feed's text is kept" in line for line in added.output.splitlines()) == 3
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    expected = {
        "Binary": "not a web page (application/octet-stream)",
        "Menu": "no article found in the page",
        "Blank": "no article found in the page",
    }
    for title, reason in expected.items():
        [line] = [line for line in lines if f" “{title}”: " in line]
        assert line.endswith(f": {reason}; the feed's text is kept")
    assert lines[-1].endswith("3 kept the feed's text")
    shown = {
        title: json.loads(runner.invoke(main, ["--db", db, "show", str(i), "--json"]).output)
        for title, i in titles_to_ids(Library(Path(db))).items()
    }
    assert shown["Menu"]["text_source"] == "feed"
    assert shown["Menu"]["page_error"] == "no article found in the page"
    assert shown["Menu"]["text"] == items[-1][2]
    assert {shown[f"Story {i}"]["text_source"] for i in range(10)} == {"page"}


def test_the_pass_after_a_refresh_goes_newest_first_in_batches_and_resumes(
    tmp_path: Path, stories: Callable[[int, int], Stories]
) -> None:
    path = tmp_path / "batches.sqlite"
    in_twos = PagePassOptions(batch_size=2)
    # rss() dates item i at i o'clock: the last item is the newest
    with stories(40, 5).served() as (feed, log):
        first = Library(path)
        first.add_feed(feed)
        stop = threading.Event()
        steps: list[PageProgress] = []

        def progress(step: PageProgress) -> None:
            steps.append(step)
            if step.done == 2:  # the reader quits after the first batch
                stop.set()

        summary = fulltext.fetch_pending(first.store, replace(in_twos, stop=stop), progress)
        first.close()
        assert sorted(o.title for o in summary.outcomes) == ["Story 3", "Story 4"]
        assert [(s.done, s.total) for s in steps] == [(1, 5), (2, 5)]
        second = Library(path)
        steps.clear()
        rest = fulltext.fetch_pending(second.store, in_twos, steps.append)
        requested = [p for p, _ in log.requests]
    assert sorted(o.title for o in rest.outcomes) == ["Story 0", "Story 1", "Story 2"]
    assert {s.outcome.title for s in steps[:2]} == {"Story 1", "Story 2"}  # newest first
    assert [(s.done, s.total) for s in steps] == [(1, 3), (2, 3), (3, 3)]
    assert all(requested.count(f"/{i}") == 1 for i in range(5))  # none fetched twice
    assert second.fetch_pending_pages().outcomes == ()
    second.close()


def test_articles_added_long_ago_are_left_to_the_fulltext_command(library: Library) -> None:
    source = page(keys()[50])
    routes: dict[str, Route] = {"/a": page_route(source.html)}
    with serve(routes) as (base, log):
        routes["/feed"] = feed_route(rss([("Old story", f"{base}/a", teaser_of(source.truth))]))
        library.add_feed(f"{base}/feed")
        with library.store.write() as conn:  # as if it had come in long before RECENT
            conn.execute("UPDATE articles SET added_at = '2000-01-01T00:00:00Z'")
        assert library.fetch_pending_pages().outcomes == ()
        [article_id] = titles_to_ids(library).values()
        [outcome] = library.fetch_full_text([article_id]).outcomes
        requested = [p for p, _ in log.requests]
    assert requested == ["/feed", "/a"]
    assert outcome.text_source == "page"


async def test_in_the_reader_a_page_that_fails_in_the_worker_is_one_line_and_the_teaser_stays(
    library: Library,
) -> None:
    from reader.config import Settings
    from reader.ui.app import make_app
    from reader.ui.widgets.article_view import ArticleView
    from tests.ui.helpers import kept_notices, settle, wait_for_pass_line, wait_until

    teaser = "The council met on Monday to weigh the city's budget for next year …"
    menu = b"<html><body><nav>Home | World | Sport</nav></body></html>"
    routes: dict[str, Route] = {"/a": lambda h: Reply(200, menu, {"Content-Type": "text/html"})}
    with serve(routes) as (base, _):
        routes["/feed"] = feed_route(rss([("Budget", f"{base}/a", teaser)]))
        library.subscribe(f"{base}/feed")
        app = make_app(library, Settings())
        said = kept_notices(app)  # a notice lasts 5 s, which a settle can outlast when busy
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(pilot)
            await pilot.press("R")  # the feed, then its page in a worker process
            # looked for as it comes: a notice lasts 5 s, which settling can outlast when busy
            assert await wait_for_pass_line(
                pilot, "full text: 1 kept the feed's text (no article in the page)"
            )
            await settle(pilot, rounds=6)
            await pilot.press("enter", "l")
            view = app.screen.query_one(ArticleView)  # t reads the article shown: wait for it
            assert await wait_until(pilot, lambda: view.article is not None)
            await pilot.press("t")
            await settle(pilot)
            reasons = [message for message in said if "own text" in message]
            assert reasons == [
                "This article shows its feed's own text: no article found in the page"
            ]
    [row] = library.articles()
    assert library.article(row.id).text.text == teaser
    assert library.page_state(row.id).page_error == "no article found in the page"


def test_the_readers_pass_in_its_child_process_stops_at_once_and_the_next_resumes(
    tmp_path: Path, stories: Callable[[int, int], Stories]
) -> None:
    site = stories(60, 4)
    slow = site.sources[0].html
    site.routes["/0"] = lambda handler: Reply(200, slow, {"Content-Type": "text/html"}, delay=30)
    path = tmp_path / "stopped.sqlite"
    with site.served() as (feed, _):
        first = Library(path)
        first.add_feed(feed)
        stop = threading.Event()
        stored: list[PageProgress] = []

        def progress(step: PageProgress) -> None:
            stored.append(step)
            if step.done == 3:  # the reader quits while the slow page is still coming
                stop.set()

        options = replace(IN_CHILD, stop=stop)
        summary = fulltext.fetch_pending(first.store, options, progress)
        assert summary.outcomes == ()  # stopped: what the child stored stays
        # The child tells the latest count a few times a second, not each page: the counts
        # told go up to the three pages stored, each told once at most.
        counts = [s.done for s in stored]
        assert counts == sorted(set(counts)) and counts[-1] == 3 and stored[-1].total == 4
        assert stored[-1].outcome.title in {"Story 1", "Story 2", "Story 3"}
        first.close()
        second = Library(path)
        ids = titles_to_ids(second)
        assert {second.page_state(ids[f"Story {i}"]).text_source for i in (1, 2, 3)} == {"page"}
        site.routes["/0"] = page_route(slow)
        [rest] = second.fetch_pending_pages().outcomes
        second.close()
    assert rest.title == "Story 0" and rest.text_source == "page"
