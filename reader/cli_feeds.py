"""The ``feedlens feeds …`` management commands and ``feedlens searches rm``.

``feeds rm FEED [--yes]`` deletes a feed and its articles (the notes on them are kept,
orphaned; ``feedlens annotations list`` still shows them): on a terminal it asks first, and
without one it refuses unless ``--yes`` is given. ``feeds rename``, ``feeds tag``, ``feeds
untag`` and ``feeds read`` change a feed in place. ``FEED`` is an id, URL, exact title or a
unique part of a title, as everywhere in the CLI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from reader.errors import FeedlensError
from reader.library import Library
from reader.models import Feed
from reader.output import echo
from reader.text.clean import strip_controls
from reader.text.wording import counted

OpenLibrary = Callable[[click.Context], Library]
ResolveFeed = Callable[[Library, str], Feed]


def deletion_question(title: str, articles: int, notes: int) -> str:
    """What deleting a feed takes away and keeps, as the question asked before it."""
    verb = "is" if notes == 1 else "are"
    kept = f"; {counted(notes, 'note')} on them {verb} kept, listed as orphaned" if notes else ""
    return f"Delete {title} and its {counted(articles, 'article')}{kept}?"


def add_feed_commands(
    feeds: click.Group, main: click.Group, open_library: OpenLibrary, resolve: ResolveFeed
) -> None:
    """Register the management commands under ``feeds`` and the ``searches`` group on main."""

    def target(ctx: click.Context, name: str) -> tuple[Library, Feed]:
        library = open_library(ctx)
        return library, resolve(library, name)

    @feeds.command("rm")
    @click.argument("feed")
    @click.option("--yes", is_flag=True, help="Delete without asking.")
    @click.pass_context
    def feeds_rm(ctx: click.Context, feed: str, yes: bool) -> None:
        """Delete a feed and its articles (the notes on them are kept, orphaned)."""
        library, found = target(ctx, feed)
        contents = library.feed_contents(found.id)
        question = strip_controls(
            deletion_question(contents.title, contents.articles, contents.annotations)
        )
        if not yes:
            if not sys.stdin.isatty():
                raise FeedlensError(
                    f"{question[:-1].replace('Delete', 'deleting', 1)}: "
                    "not asked without a terminal; add --yes to delete"
                )
            if not click.confirm(question, default=False, err=True):
                echo("Nothing deleted.")
                return
        done = library.delete_feed(found.id)
        kept = (
            f"; {counted(done.annotations, 'note')} kept as orphaned until the feed is added or "
            "imported again (feedlens annotations list)"
            if done.annotations
            else ""
        )
        echo(strip_controls(f"Deleted {done.title}: {counted(done.articles, 'article')}{kept}"))

    @feeds.command("rename")
    @click.argument("feed")
    @click.argument("title")
    @click.pass_context
    def feeds_rename(ctx: click.Context, feed: str, title: str) -> None:
        """Give a feed your own name (imports and refreshes keep it)."""
        library, found = target(ctx, feed)
        library.rename_feed(found.id, title)
        echo(f"Renamed {found.title} to {' '.join(title.split())}")

    @feeds.command("tag")
    @click.argument("feed")
    @click.argument("tags", nargs=-1, required=True)
    @click.pass_context
    def feeds_tag(ctx: click.Context, feed: str, tags: tuple[str, ...]) -> None:
        """Add tags (folders) to a feed."""
        library, found = target(ctx, feed)
        now = library.tag_feed(found.id, add=tags)
        echo(f"{found.title}: tags {', '.join(now) or '(none)'}")

    @feeds.command("untag")
    @click.argument("feed")
    @click.argument("tags", nargs=-1, required=True)
    @click.pass_context
    def feeds_untag(ctx: click.Context, feed: str, tags: tuple[str, ...]) -> None:
        """Remove tags from a feed."""
        library, found = target(ctx, feed)
        missing = [t for t in tags if t not in found.tags]
        if missing:
            raise FeedlensError(f"{found.title} has no tag {', '.join(missing)}")
        now = library.tag_feed(found.id, remove=tags)
        echo(f"{found.title}: tags {', '.join(now) or '(none)'}")

    @feeds.command("read")
    @click.argument("feed")
    @click.pass_context
    def feeds_read(ctx: click.Context, feed: str) -> None:
        """Mark every article of a feed read."""
        library, found = target(ctx, feed)
        changed = library.mark_feed_read(found.id)
        echo(f"{found.title}: {counted(changed, 'article')} marked read")

    @main.group("searches")
    def searches_group() -> None:
        """Saved searches (the sidebar's views made with ctrl+s in search)."""

    @searches_group.command("rm")
    @click.argument("name")
    @click.pass_context
    def searches_rm(ctx: click.Context, name: str) -> None:
        """Delete a saved search."""
        open_library(ctx).delete_saved_search(name)
        echo(f"Deleted the saved search {name}")
