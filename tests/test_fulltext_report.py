"""`feedlens fulltext --feed F --json` tells the truth on a second run: pages that answered
304 are unchanged (not replaced again) and say how long the text they hold is; a 404 is asked
for but not fetched; the plain line says an unchanged page's article already has its full text.
Real pages on a real 127.0.0.1 server."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from tests.feedserver import Handler, Reply, serve
from tests.pages import available, keys, page, rss, teaser_of

pytestmark = pytest.mark.skipif(not available(), reason="article-pages corpus not found")


def test_a_second_pass_reports_unchanged_pages_and_a_404_as_not_fetched(
    library: Library,
) -> None:
    sources = [page(key) for key in keys()[20:22]]
    feed: dict[str, bytes] = {}

    def page_with_etag(handler: Handler) -> Reply:
        index = int(handler.path.rsplit("/", 1)[1])
        if handler.headers.get("If-None-Match") == f'"p{index}"':
            return Reply(304)
        html = sources[index].html
        return Reply(200, html, {"Content-Type": "text/html", "ETag": f'"p{index}"'})

    def feed_now(handler: Handler) -> Reply:
        return Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})

    routes = {"/p/0": page_with_etag, "/p/1": page_with_etag, "/feed": feed_now}
    with serve(routes) as (base, _):
        items = [(f"Story {i}", f"{base}/p/{i}", teaser_of(s.truth)) for i, s in enumerate(sources)]
        items.append(("Missing page", f"{base}/gone", "A teaser of a page that is not there …"))
        feed["body"] = rss(items)
        db = str(library.path)
        runner = CliRunner()
        assert runner.invoke(main, ["--db", db, "add", f"{base}/feed"]).exit_code == 0
        # add fetched the pages once; both runs of fulltext find them unchanged (304)
        runner.invoke(main, ["--db", db, "fulltext", "--feed", "1", "--json"])
        ran = runner.invoke(main, ["--db", db, "fulltext", "--feed", "1", "--json"])
        second = json.loads(ran.stdout)
        by_title = {a["title"]: a for a in second["articles"]}
        # one article's page again: it has its full text, and the line says so plainly
        plain = runner.invoke(main, ["--db", db, "fulltext", str(by_title["Story 0"]["id"])])
    assert plain.exit_code == 0
    assert plain.stdout.strip() == "1 page fetched: 1 already with full text (page unchanged)"
    assert second["replaced"] == 0 and second["unchanged"] == 2
    assert second["fetched"] == 2 and second["failed"] == 1
    for i in range(2):
        story = by_title[f"Story {i}"]
        assert story["text_source"] == "page" and story["unchanged"] is True
        assert story["chars"] == len(library.article(story["id"]).text.text) > 500
    missing = by_title["Missing page"]
    assert missing["fetched"] is False and missing["requested"] is True
    assert missing["page_error"] == "page not found (404)" and missing["text_source"] == "feed"
    # its progress line (errors are said even off a terminal): each thing once, plainly
    [said] = [line for line in ran.stderr.splitlines() if "Missing page" in line]
    assert said.endswith(
        f"article {missing['id']} “Missing page”: page not found (404); the feed's text is kept"
    )


def test_a_page_fetched_again_whole_with_the_same_article_is_unchanged(
    library: Library,
) -> None:
    # A server without conditional GET sends the page whole each time: the same article text
    # is "already with full text", not replaced again (its figures dropped and re-extracted,
    # its notes re-anchored), and the line's parts add up to the pages fetched.
    sources = [page(key) for key in keys()[22:24]]
    feed: dict[str, bytes] = {}

    def plain_page(handler: Handler) -> Reply:
        index = int(handler.path.rsplit("/", 1)[1])
        return Reply(200, sources[index].html, {"Content-Type": "text/html"})

    def feed_now(handler: Handler) -> Reply:
        return Reply(200, feed["body"], {"Content-Type": "application/rss+xml"})

    routes = {"/p/0": plain_page, "/p/1": plain_page, "/feed": feed_now}
    with serve(routes) as (base, _):
        items = [(f"Story {i}", f"{base}/p/{i}", teaser_of(s.truth)) for i, s in enumerate(sources)]
        items.append(("Missing page", f"{base}/gone", "A teaser of a page that is not there …"))
        feed["body"] = rss(items)
        db = str(library.path)
        runner = CliRunner()
        assert runner.invoke(main, ["--db", db, "add", f"{base}/feed"]).exit_code == 0
        library.wait_for_analysis()
        story = next(row for row in library.articles() if row.title == "Story 0")
        text_before = library.article(story.id).text.text
        note = library.annotate_quote(story.id, text_before[200:260], "a note on the page")
        ran = runner.invoke(main, ["--db", db, "fulltext", "--feed", "1"])
    assert ran.exit_code == 0, ran.output
    assert ran.stdout.strip() == (
        "2 pages fetched: 2 already with full text (page unchanged); "
        "1 not fetched (the feed's text kept)"
    )
    assert library.article(story.id).text.text == text_before
    assert library.analysis_progress().pending == 0  # nothing queued to analyse again
    assert library.annotation(note.id).updated_at == note.updated_at
