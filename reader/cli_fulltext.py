"""The full-text commands: ``feedlens fulltext ID|--feed FEED [--json]``, ``feedlens feeds set
FEED --full-text auto|always|never``, and the page pass that follows a refresh or an import.

Registered on the main group by ``cli.py`` (``register``); helpers of ``cli.py`` are imported
inside the commands, so the two modules load in either order.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from reader.output import echo
from reader.store.pages import MODES

if TYPE_CHECKING:  # fetching and extraction load with the commands that use them
    from reader.fulltext import FullTextSummary, PageOutcome, PageProgress
    from reader.library import Library


def outcome_json(outcome: PageOutcome) -> dict[str, Any]:
    return {
        "id": outcome.article_id,
        "title": outcome.title,
        "link": outcome.link,
        "fetched": outcome.fetched,
        "text_source": outcome.text_source,
        "page_error": outcome.error,
        "chars": outcome.chars,
        "requested": outcome.requested,
        "unchanged": outcome.unchanged,
    }


def summary_json(summary: FullTextSummary) -> dict[str, Any]:
    return {
        "fetched": sum(1 for o in summary.outcomes if o.fetched),
        "replaced": summary.replaced,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "articles": [outcome_json(o) for o in summary.outcomes],
    }


def _printer(show: bool) -> Any:
    from reader.fulltext import kept_words

    def progress(step: PageProgress) -> None:
        outcome = step.outcome
        if show or outcome.error:
            if outcome.error:  # the reason first, then what the article holds, each said once
                detail = f"{outcome.error}; {kept_words(outcome)}"
            elif outcome.unchanged:
                detail = f"page unchanged, {outcome.chars:,} characters"
            elif outcome.text_source == "page":
                detail = f"full text, {outcome.chars:,} characters"
            else:
                detail = f"no page needed; {kept_words(outcome)}"
            # "article 7" and the title quoted: a bare "7 Missing page" read as a count
            echo(
                f"[{step.done}/{step.total}] article {outcome.article_id} "
                f"“{outcome.title[:50]}”: {detail}",
                err=True,
            )

    return progress


def pages_after(library: Library, as_json: bool) -> FullTextSummary | None:
    """Fetch the pages new articles need (after a refresh or an import), with progress on a
    terminal; None when none was needed."""
    from reader.cli import _limits
    from reader.fulltext import PagePassOptions

    show = sys.stderr.isatty() and not as_json
    summary = library.fetch_pending_pages(PagePassOptions(limits=_limits()), _printer(show))
    return summary if any(o.requested for o in summary.outcomes) else None


@click.command("fulltext")
@click.argument("article_id", type=int, required=False)
@click.option("--feed", "feed_name", help="Every article of this feed (id, URL or title).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def fulltext_command(
    ctx: click.Context, article_id: int | None, feed_name: str | None, as_json: bool
) -> None:
    """Fetch an article's page (or a feed's) now and use its full text.

    Exit status 1 when no page came (every one failed, or none could be asked for) or, for
    one article, when its page did not replace its text; each failure is said once."""
    from reader.cli import _echo_json, _fail, _limits, _open_library, resolve_feed
    from reader.fulltext import PagePassOptions, kept_words

    if (article_id is None) == (feed_name is None):
        _fail("give an article id or --feed FEED (one of them)")
    library = _open_library(ctx)
    feed = resolve_feed(library, feed_name) if feed_name else None
    ids = [article_id] if article_id is not None else []
    show = sys.stderr.isatty() and not as_json
    options = PagePassOptions(limits=_limits())
    # One article's failure is the command's last line: its progress line would say it twice.
    progress = _printer(show) if feed is not None else None
    summary = library.fetch_full_text(ids, feed.id if feed else None, options, progress)
    nothing = not any(o.fetched and o.requested for o in summary.outcomes)
    if as_json:
        _echo_json(summary_json(summary))
        if nothing or (article_id is not None and any(o.error for o in summary.outcomes)):
            sys.exit(1)
        return
    if article_id is not None:
        failed = next((o for o in summary.outcomes if o.error or not o.requested), None)
        if failed is not None:
            why = failed.error or "its feed text is not a teaser"
            if not failed.requested:
                why = f"not fetched ({why})"
            _fail(f"article {article_id}: {why}; {kept_words(failed)}")
        echo(summary.line())
        return
    for outcome in summary.outcomes:
        if not outcome.requested:
            reason = outcome.error or "its feed text is not a teaser"
            echo(f"{outcome.article_id} {outcome.title[:50]}: not fetched ({reason})")
    assert feed is not None
    if nothing:
        what = summary.line() if summary.outcomes else "it has no articles"
        _fail(f"{feed.title}: {what}")
    echo(summary.line())


@click.command("set")
@click.argument("feed_name", metavar="FEED")
@click.option(
    "--full-text",
    "full_text",
    type=click.Choice(MODES),
    help="Fetch article pages: auto (teasers only), always, never.",
)
@click.pass_context
def feeds_set_command(ctx: click.Context, feed_name: str, full_text: str | None) -> None:
    """Change a feed's settings."""
    from reader.cli import _fail, _open_library, resolve_feed

    if full_text is None:
        _fail("nothing to set: give --full-text auto|always|never")
        return
    library = _open_library(ctx)
    feed = resolve_feed(library, feed_name)
    library.set_full_text_mode(feed.id, full_text)
    echo(f"{feed.title}: full text {full_text}")


def register(main: click.Group, feeds: click.Group) -> None:
    main.add_command(fulltext_command)
    feeds.add_command(feeds_set_command)
