"""``feedlens stories``: the stories of the library, or one story with its figures table.

Registered from cli.py. ``feedlens stories [--json] [--min-articles N] [--limit N]`` lists
stories ranked by their voices (feeds whose texts differ: reader.stories.voices), then feeds,
then recency, those heard from one outlet only after a dividing line; ``feedlens stories ID
[--json]`` shows one story's articles and figures table. Both assign pending articles first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from reader.cli import _echo_json, _open_library, wait_for_analysis
from reader.library import Library
from reader.models import Article, ArticleRow
from reader.output import echo
from reader.stories.thread_marks import OWN_DIFFERING, OWN_UPDATED, THREAD_DIFFERING
from reader.text.clean import strip_controls
from reader.text.dates_shown import UNDATED, day_and_time, local_moment, short_date
from reader.text.wording import counted, qualified

if TYPE_CHECKING:  # the stories facade (and the search it loads) comes with Library.stories
    from reader.store.figures import StoredFigure
    from reader.store.stories import StoryRow
    from reader.stories.facade import StoryDetail, StorySummary
    from reader.stories.figures import ReportedValue, StoryQuantity
    from reader.stories.thread_figures import ThreadQuantity

# As the reader's Stories list and story screen say them (reader/ui/screens/stories.py).


def _article_json(row: ArticleRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "link": row.link,
        "feed": row.feed_title,
        "published": row.published,
    }


def _value_json(
    value: ReportedValue, articles: dict[int, ArticleRow], unit: str = ""
) -> dict[str, Any]:
    from reader.stories import time_units  # with the story figures, only for `stories`

    mention = value.mention
    row = articles[value.article_id]
    return {
        "value": mention.value,
        "low": mention.low,
        "high": mention.high,
        "text": mention.text,
        "qualifier": mention.qualifier,
        "article": _article_json(row),
        "published": row.published,
        "mention": value.mention_id,
        "field": mention.field,  # "title": a headline's figure (its offsets are the title's)
        # The value in the quantity's common_unit (durations written in different units).
        "common_value": time_units.in_unit(value, unit),
    }


def _quantity_json(quantity: StoryQuantity, articles: dict[int, ArticleRow]) -> dict[str, Any]:
    from reader.stories import time_units

    unit = time_units.common_unit(quantity)
    return {
        "quantity": quantity.quantity,
        "values": [_value_json(v, articles, unit) for v in quantity.values],
        # "day", "month": the unit of time its values are compared in when its reports write
        # different units ("" when they write one); each value's common_value is in it.
        "common_unit": unit,
        "agree": quantity.agree,
        "kind": quantity.kind,
        "scope": "story",  # "thread": a background quantity of the story's thread
    }


def _summary_json(summary: StorySummary) -> dict[str, Any]:
    row = summary.row
    return {
        "id": row.story_id,
        "title": row.title,
        "articles": [_article_json(a) for a in summary.articles],
        "feeds": row.feeds,
        "first": row.first,
        "last": row.last,
        "thread": row.thread_id,
        "figures": summary.figures,
        "differing": summary.differing,
        # How many of "differing" are updates (a figure revised with report time, not
        # outlets that disagree): the list marks ↑ where they are all of them.
        "updates": summary.updates,
        "voices": summary.voices,  # feeds whose texts differ: the list ranks by it first
    }


def _detail_json(detail: StoryDetail) -> dict[str, Any]:
    row = detail.row
    articles = {a.id: a for a in detail.articles}
    # Counted as the list counts it and the Figures view lists it (story_groups.is_conflict):
    # flagged entries of two or more articles, not values only grouped.
    from reader.stories.story_groups import is_conflict  # loaded by the commands that count

    conflicts = [q for q in detail.table if is_conflict(q)]
    return {
        "id": row.story_id,
        "title": row.title,
        "articles": [_article_json(a) for a in detail.articles],
        "feeds": row.feeds,
        "first": row.first,
        "last": row.last,
        "thread": row.thread_id,
        "figures": len(detail.table),
        "differing": len(conflicts),
        "updates": sum(1 for q in conflicts if q.kind == "update"),  # of "differing"
        # The articles (the newest) the table reads: fewer than "articles" past the budgets
        # every view reads a story's table within (reader/stories/story_groups.py).
        "table_articles": len(detail.articles)
        if detail.table_articles is None
        else detail.table_articles,
        "table": [_quantity_json(q, articles) for q in detail.table],
        "thread_stories": [_thread_story_json(other) for other in detail.thread],
        **_thread_quantities_json(detail),
    }


def _thread_quantities_json(detail: StoryDetail) -> dict[str, Any]:
    """The thread's background quantities (reader.stories.thread_figures): each entry as the
    story's table gives one, with ``"scope": "thread"``, the stories its values come from, and
    each value's story; ``thread_differing`` counts those that differ."""
    background = detail.thread_figures
    articles = {a.id: a for a in (*detail.articles, *background.articles)}
    return {
        "thread_quantities": [_thread_quantity_json(q, articles) for q in background.quantities],
        "thread_differing": sum(1 for q in background.quantities if q.differing),
    }


def _thread_quantity_json(
    quantity: ThreadQuantity, articles: dict[int, ArticleRow]
) -> dict[str, Any]:
    entry = _quantity_json(quantity.entry, articles)
    for value, story in zip(entry["values"], quantity.value_stories, strict=True):
        value["story"] = story
    entry["scope"] = "thread"
    entry["stories"] = list(quantity.stories)
    return entry


def _thread_story_json(row: StoryRow) -> dict[str, Any]:
    """Another story of the same developing situation, as one story's JSON lists it."""
    return {
        "id": row.story_id,
        "title": row.title,
        "articles": row.articles,
        "feeds": row.feeds,
        "first": row.first,
        "last": row.last,
    }


def conflict_kind(mentions: Sequence[tuple[StoredFigure, Article]]) -> str:
    """'update' when a conflict's figures only grew with report time, else 'disagreement'."""
    from reader.stories.figures import DISAGREEMENT, UPDATE, compare_values, span

    spans = [
        (*span(figure.mention), article.row.published or "", article.row.feed_id)
        for figure, article in mentions
        if figure.mention.value is not None
    ]
    return UPDATE if compare_values(spans) == UPDATE else DISAGREEMENT


def _catch_up(library: Library) -> None:
    """Stories come from the analysis stage: wait for it (a bar on a terminal), then assign
    anything still pending, so the listing and its JSON are whole."""
    wait_for_analysis(library)
    pending = library.stories.pending()
    if pending:
        echo(f"feedlens: assigning {counted(pending, 'article')} to stories…", err=True)
        library.stories.update()


def _line(text: str) -> str:
    return strip_controls(text).replace("\n", " ")


@click.command("stories")
@click.argument("story_id", required=False, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--min-articles",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Only stories with at least this many articles.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@click.option("--rebuild", is_flag=True, help="Assign every article to stories again first.")
@click.pass_context
def stories_command(
    ctx: click.Context,
    story_id: int | None,
    as_json: bool,
    min_articles: int,
    limit: int | None,
    rebuild: bool,
) -> None:
    """List stories (articles from any feeds reporting one event), or show story ID."""
    library = _open_library(ctx)
    if rebuild:
        echo("feedlens: assigning every article to stories again…", err=True)
        library.stories.rebuild()
    _catch_up(library)
    if story_id is not None:
        _show_story(library, story_id, as_json)
        return
    summaries = library.stories.ranked(min_articles, limit)
    if as_json:
        _echo_json([_summary_json(s) for s in summaries])
        return
    if not summaries:
        echo(f"No story has {counted(min_articles, 'article')} or more yet.")
        return
    rows = [summary.row for summary in summaries]
    dated = library.stories.last_dated(rows)
    thread_marks = library.stories.thread_differing(rows)
    # Names the columns, as `feeds` and `annotations list` do (the mark's meanings close it).
    echo(f"{'id':>6}  {'':1} {'feeds':>9} {'articles':>12}  {'last':10} title")
    marks: list[str] = []
    divided = False
    for summary in summaries:
        row = summary.row
        if summary.voices < 2 and not divided:
            # The reader hides these by default; here they follow a line saying what they are.
            divided = True
            echo(f"-- {ONE_VOICE_NOTE} --")
        mark = _list_mark(summary, thread_marks.get(row.story_id, 0))
        if mark.strip() and mark not in marks:
            marks.append(mark)
        shown = short_date(dated.get(row.story_id, row.last)) or UNDATED
        echo(
            f"{row.story_id:>6}  {mark} {counted(row.feeds, 'feed'):>9} "
            f"{counted(row.articles, 'article'):>12}  {shown:10} {_line(row.title)}"
        )
    if marks:  # what the marks shown mean, in the order they first appear
        echo(" · ".join(f"{mark} {MARK_MEANINGS[mark]}" for mark in marks))


ONE_VOICE_NOTE = "heard from one outlet only (one feed, or several feeds' copies of one text)"
#: What a mark of the list means, said under the list once for the marks it shows.
MARK_MEANINGS = {
    OWN_DIFFERING: "outlets' figures differ",
    OWN_UPDATED: "figures updated as reports came in",
    THREAD_DIFFERING: "its developing story's figures differ",
}


def _list_mark(summary: StorySummary, thread_differing: int) -> str:
    """As the reader's Stories list marks a story: ≠ where its own outlets' figures differ
    (↑ where each that differs is an update, as the Figures view marks it), else ≢ where its
    developing story's background figures differ, else a space."""
    if summary.differing:
        return OWN_UPDATED if summary.only_updates else OWN_DIFFERING
    return THREAD_DIFFERING if thread_differing else " "


def _thread_note(detail: StoryDetail) -> str:
    """What the story's thread means to a reader: how many other stories follow the same
    developing situation (nothing when it is the only one)."""
    if not detail.thread:
        return ""
    return f" · developing: {counted(len(detail.thread), 'other story', 'other stories')}"


def _span(first: str | None, last: str | None) -> str:
    """A story's first and last report times to the minute, as its articles are listed, in
    local time ("2 Nov, 08:15 – 8 Nov, 13:30"); one time once (a story of one article read
    "2005-07-18T18:00:00Z – 2005-07-18T18:00:00Z"), the day once when both fall on it
    ("5 Nov, 15:25 – 16:40")."""
    start, end = _when(first), _when(last)
    if start == end:
        return start
    start_moment, end_moment = local_moment(first), local_moment(last)
    if start_moment and end_moment and start_moment.date() == end_moment.date():
        return f"{start} – {end_moment.strftime('%H:%M')}"
    return f"{start} – {end}"


def _when(published: str | None) -> str:
    """An article's report time as people read it ("5 Nov, 15:25", local time; the year when
    not this one), as the reader's comparison says it; ``undated`` when it has none."""
    return day_and_time(published) or UNDATED


def _dated_span(articles: Sequence[ArticleRow]) -> str:
    """The story's first and last report times among its dated articles ("undated" when none
    is, as the reader says): an undated article sorts by when it was imported, which nobody
    reported."""
    dated = sorted(a.published for a in articles if a.published)
    return _span(dated[0], dated[-1]) if dated else UNDATED


def _show_story(library: Library, story_id: int, as_json: bool) -> None:
    detail = library.stories.get(story_id)
    if as_json:
        _echo_json(_detail_json(detail))
        return
    row = detail.row
    echo(f"{_line(row.title)}")
    echo(
        f"{counted(row.articles, 'article')} · {counted(row.feeds, 'feed')} · "
        f"{_dated_span(detail.articles)}{_thread_note(detail)}"
    )
    echo("")
    for article in detail.articles:
        echo(
            f"  {article.id:>6}  {_when(article.published):17}  "
            f"{_line(article.feed_title)[:24]:24}  {_line(article.title)}"
        )
    if not detail.table:
        echo("\nNo figures reported.")
    else:
        # A story past the budgets is read from its newest articles, in every view alike.
        newest = f"{detail.table_articles} of {len(detail.articles)}"
        echo(f"\nFigures (of the newest {newest} articles):" if detail.table_cut else "\nFigures:")
        feeds = {article.id: _line(article.feed_title) for article in detail.articles}
        for quantity in detail.table:
            _echo_quantity(quantity)
            if quantity.kind != "agree":
                _echo_who_said_what(quantity, feeds)
    background = detail.thread_figures.quantities
    if background:
        stories = counted(detail.thread_figures.stories_read, "story", "stories")
        echo(f"\nAcross the developing story ({stories} read):")
        for thread_quantity in background:
            numbers = ", ".join(str(s) for s in thread_quantity.stories)
            _echo_quantity(thread_quantity.entry, f", stories {numbers}")


def _echo_who_said_what(quantity: StoryQuantity, feeds: Mapping[int, str]) -> None:
    """Under a figure whose reports differ, one line per value with the feeds that report it,
    first reported first: which outlet said 31 and which 32 is what a fact-checker asks next
    (the reader's comparison and --json say it; the table row listed the values alone)."""
    from reader.stories import time_units

    unit = time_units.common_unit(quantity)
    said: dict[tuple[float | None, float | None, float | None], tuple[str, list[str]]] = {}
    for value in sorted(quantity.values, key=lambda v: v.published or "~"):
        number = time_units.in_unit(value, unit)
        low, high = value.mention.low, value.mention.high
        key = (number, low, high) if number is None else (round(number, 6), low, high)
        written = _line(qualified(value.mention.qualifier, value.mention.text))
        converted = time_units.converted_text(value, unit)
        label, outlets = said.setdefault(
            key, (f"{written} ({converted})" if converted else written, [])
        )
        feed = feeds.get(value.article_id, f"article {value.article_id}")
        if feed not in outlets:
            outlets.append(feed)
    for label, outlets in said.values():
        echo(f"      {label}: {', '.join(outlets)}")


def _echo_quantity(quantity: StoryQuantity, more: str = "") -> None:
    # "differs": grouped as one figure, not surely enough to flag (reader/stories/figures.py).
    from reader.stories import time_units

    mark = {"agree": " ", "update": "↑", "disagreement": "≠", "differs": "~"}[quantity.kind]
    shown: list[str] = []  # each figure once, as written, with its qualifier
    unit = time_units.common_unit(quantity)  # "136 days, four and a half months (137 days)"
    for value in quantity.values:
        written = _line(qualified(value.mention.qualifier, value.mention.text))
        converted = time_units.converted_text(value, unit)
        written = f"{written} ({converted})" if converted else written
        if written not in shown:
            shown.append(written)
    echo(
        f"  {mark} {_line(quantity.row_name)}: {', '.join(shown)}"
        f"  ({counted(quantity.articles, 'article')}, {counted(quantity.feeds, 'feed')}{more})"
    )
