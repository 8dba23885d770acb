"""The story screen: one story's articles and its figures table, with a chart of a quantity.

The articles read one a line (feed, time, title), oldest first. The figures table lists each
quantity the story reports ("people killed", "magnitude") with every outlet's value, marked
``≠`` where outlets disagree and ``↑`` where the figure was updated as reports came in. Beside
it, a chart (reader/ui/widgets/story_chart.py) shows the highlighted quantity's values against
report time, one marker per outlet, so a rising toll or a lone outlier shows at a glance.
``enter`` on a figure (or a second click on it) opens the side-by-side comparison of its
reports; one click only picks it, so the chart follows. A story of a developing
situation lists, under its own figures, the thread's background quantities (reported by two or
more of the thread's stories: reader.stories.thread_figures), marked with the stories they come
from, with the same chart and comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Click, Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.figures.compare import FigureGroup
from reader.library import Library
from reader.models import ArticleRow
from reader.store.stories import StoryRow
from reader.stories.facade import StoryDetail
from reader.stories.figures import AGREE, DIFFERS, UPDATE, StoryQuantity
from reader.stories.story_groups import conflict_label
from reader.stories.thread_figures import ThreadQuantity
from reader.stories.time_units import common_unit, converted_text, in_unit, rounded_amount
from reader.text.clean import clean_line
from reader.text.dates_shown import UNDATED, local_moment, short_date, short_day
from reader.text.wording import amount, counted, qualified
from reader.ui.list_keys import ListKeys, list_bindings
from reader.ui.outlet_names import short_outlet
from reader.ui.screens.compare import CompareScreen
from reader.ui.widgets.hanging import HangingText
from reader.ui.widgets.pick_list import PickList
from reader.ui.widgets.story_chart import (
    ChartSeries,
    draw_chart,
    legend,
    new_chart,
    value_unit,
)

NARROW = 110  # below this many columns the chart goes under the figures table, not beside it
SHORT = 32  # below this many rows, under the table, the chart shows its range and outlets only
LEGEND_LINES = 3  # the chart's legend at least, when it needs them; past it, "+3 more" outlets
CHART_ROWS = 9  # the plot keeps this many rows (box, ticks, dates); a taller pane's rest names
# outlets: the legend said "+5 more" beside a plot of twenty empty rows, and a repeated marker
# could not be told to an outlet
# "differs": values grouped as one figure, not surely enough to say the outlets disagree.
KIND_MARKS = {AGREE: ("= ", "green"), UPDATE: ("↑ ", "yellow"), DIFFERS: ("~ ", "grey50")}
MARK_CELLS = 2  # a figures row's mark ("≠ ") and its space


def quantity_prompt(quantity: StoryQuantity, scope: str = "") -> Text:
    """One row of the figures table: mark, quantity, the values as the outlets put them.
    ``scope`` (dim, after the quantity) says where its reports come from, if not the story.
    A row too long for the table's width wraps: its values are what a reader came for."""
    mark, colour = KIND_MARKS.get(quantity.kind, ("≠ ", "red"))
    if quantity.kind == AGREE and quantity.articles < 2:
        mark = " " * MARK_CELLS  # one article's report agrees with no other: no mark
    text = Text(end="")
    text.append(mark, style=Style(color=colour, bold=True))
    text.append(clean_line(quantity.row_name), style=Style(bold=True))
    if scope:
        text.append(f" ({scope})", style=Style(dim=True))
    text.append(": ")
    shown: list[str] = []
    unit = common_unit(quantity)  # "136 days, four and a half months (137 days)"
    for value in quantity.values:
        written = clean_line(qualified(value.mention.qualifier, value.mention.text))
        converted = converted_text(value, unit)
        written = f"{written} ({converted})" if converted else written
        if written not in shown:
            shown.append(written)
    text.append(", ".join(shown))
    text.append(
        f"  {counted(quantity.articles, 'article')} · {counted(quantity.feeds, 'feed')}",
        style=Style(dim=True),
    )
    if quantity.kind not in KIND_MARKS:
        text.append(" · disagreement", style=Style(color="red"))
    elif quantity.kind == UPDATE:
        text.append(" · updated", style=Style(color="yellow"))
    elif quantity.kind == DIFFERS:
        text.append(" · differs, low confidence", style=Style(dim=True))
    return text


def _hanging(prompt: Text) -> HangingText:
    """A figures row whose wrapped lines start under its name, not under its mark."""
    return HangingText.split(prompt, MARK_CELLS)


#: Option ids in the articles list that stand for another story of the thread, not an article.
STORY_OPTION = "story:"
#: Option ids in the figures list that stand for a background quantity of the thread.
THREAD_OPTION = "thread:"


def thread_quantity_prompt(quantity: ThreadQuantity) -> Text:
    """A background quantity of the thread: its row as the story's own, with how many of the
    thread's stories report it."""
    return quantity_prompt(quantity.entry, counted(len(quantity.stories), "story", "stories"))


def _thread_note(detail: StoryDetail) -> str:
    """The header's word on the thread: how many other stories follow the same developing
    situation (nothing when the story is the only one)."""
    if not detail.thread:
        return ""
    return f" · developing: {counted(len(detail.thread), 'other story', 'other stories')}"


def _thread_line(other: StoryRow, last_dated: str | None = None) -> Text:
    """Another story of the thread as one line: its last report day ("undated" when none of
    its articles is dated: ``last_dated`` ""), size, title."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    line.append(f"{'story':22} ", style=Style(dim=True))
    shown = short_date(other.last if last_dated is None else last_dated) or UNDATED
    line.append(f"{shown:10} ", style=Style(dim=True))
    line.append(clean_line(other.title))
    line.append(f"  ({counted(other.articles, 'article')})", style=Style(dim=True))
    return line


def _reopener(screen: Screen[Any]) -> Callable[[], Screen[Any]] | None:
    """How to open again a screen on the way to a story's article (the Stories list, a
    story, a story of its thread), for q or esc in the main list to go back there."""
    if isinstance(screen, StoryScreen):
        return partial(StoryScreen, screen.library, screen.story_id)
    from reader.ui.screens.stories import StoriesScreen  # it imports this module

    if isinstance(screen, StoriesScreen):
        return partial(StoriesScreen, screen.library)
    return None


def _users_key(app: App[object], binding_id: str, default: str) -> str:
    """The key of a binding: its default, or the user's own from the keymap."""
    # the user's [keymap] as the app was given it (Textual keeps its own copy private)
    keymap: dict[str, str] = dict(getattr(getattr(app, "settings", None), "keymap", {}) or {})
    return keymap.get(binding_id, default).split(",")[0].strip() or default


def _span(first: str, last: str) -> str:
    """'2 Nov – 8 Nov', or one day once."""
    return first if first == last else f"{first} – {last}"


def _dated_span(articles: Sequence[ArticleRow]) -> str:
    """The story's first and last report days from its dated articles; "undated" when none
    carries a date (the times they came in were never reported)."""
    dated = sorted((moment, a.published) for a in articles if (moment := local_moment(a.published)))
    if not dated:
        return UNDATED
    # days, even today's: "2 Nov – 12:30" reads as a time of the first day
    return _span(short_day(dated[0][1]), short_day(dated[-1][1]))


def _value_range(
    values: Sequence[float], unit: tuple[str, str] = ("", ""), converted: bool = False
) -> str:
    """'4,500 … 5,000', or the one value all reports give once ('3 billion'), in the unit
    the chart's value axis writes ('$3 billion', '6 months'). ``converted``: the values are
    in the quantity's common unit, some converted from another, and are rounded as the
    figures table writes a converted value ("700 metres (2,297 ft)", not 2,296.59 ft)."""
    prefix, suffix = unit
    said = rounded_amount if converted else amount
    low, high = (f"{prefix}{said(v)}{suffix}" for v in (min(values), max(values)))
    return low if low == high else f"{low} … {high}"


def quantity_group(quantity: StoryQuantity) -> FigureGroup:
    """A quantity as a figure group, for the side-by-side comparison of its reports."""
    first = quantity.values[0].mention
    return FigureGroup(
        kind="same" if quantity.agree else "conflict",
        # A differing quantity's title names its values ("2,029 vs 2,129 points"): its own
        # name names only the most reported one, and a tester read that as the only value.
        label=quantity.quantity if quantity.agree else conflict_label(quantity),
        value=first.value or 0.0,
        unit=first.unit,
        noun=first.noun,
        mention_ids=tuple(v.mention_id for v in quantity.values),
        articles=quantity.articles,
        feeds=quantity.feeds,
    )


def chart_values(quantity: StoryQuantity) -> list[float]:
    """The quantity's values in report order, one per report, for the chart (durations in
    different units in one unit: reader.stories.time_units)."""
    unit = common_unit(quantity)
    return [number for v in quantity.values if (number := in_unit(v, unit)) is not None]


@dataclass
class StoryLoaded(Message):
    detail: StoryDetail
    # The thread's other stories' last report times among their dated articles.
    thread_dated: dict[int, str] = field(default_factory=dict)


def _figures_title(detail: StoryDetail) -> Text:
    """The figures table's title, and one quiet line when the table reads only the story's
    newest articles (a story past the budgets of reader.stories.story_groups): a reader
    counting 458 articles above it took the table for all of them."""
    title = Text("Figures", style=Style(bold=True), end="")
    if detail.table_cut and detail.table_articles is not None:
        title.append(
            f"  from the newest {detail.table_articles:,} of {len(detail.articles):,} articles",
            style=Style(dim=True, bold=False),
        )
    return title


def tab_label(name: str, count: int | None, selected: bool) -> Text:
    """One tab of the story screen's strip: "▸ Figures 8" for the one that has the keys (and,
    where only one list fits, is shown), "  Articles 21" for the other; the mark says it even
    without colours."""
    text = Text(end="")
    text.append("▸ " if selected else "  ")
    text.append(name, style=Style(bold=selected))
    if count is not None:
        text.append(f" {count:,}", style=Style(dim=not selected))
    return text


class StoryScreen(ListKeys, Screen[None]):
    """One story: its articles and figures table, a tab each; the strip under the title says
    which has the keys (and which is shown where one list fits) and how to switch."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="story.back"),
        Binding("tab", "switch", "Switch tab", id="story.switch"),
        Binding("shift+tab", "switch", "Switch tab", id="story.switch_back", show=False),
        Binding("down,j", "move(1)", "Down", id="story.down", show=False),
        Binding("up,k", "move(-1)", "Up", id="story.up", show=False),
        *list_bindings("story"),
    ]

    def __init__(self, library: Library, story_id: int) -> None:
        super().__init__()
        self.library = library
        self.story_id = story_id
        self.detail: StoryDetail | None = None
        # The quantity the chart shows, its values and series: the label is laid out again
        # when the screen's width changes.
        self._charted: tuple[StoryQuantity, list[float], list[ChartSeries]] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="story-body"):
            yield Static("", id="story-title", markup=False)
            with Horizontal(id="story-tabs"):
                yield Static(tab_label("Articles", None, False), id="story-tab-articles")
                yield Static(tab_label("Figures", None, True), id="story-tab-figures")
                yield Static("", id="story-tab-keys", markup=False)
            yield OptionList(id="story-articles")
            yield Static(Text("Figures", style=Style(bold=True)), id="story-figures-title")
            with Horizontal(id="story-figures-row"):
                yield PickList(id="story-figures")  # a click picks a figure, the chart follows
                with Vertical(id="story-chart-pane"):
                    yield Static("", id="story-chart-label", markup=False)
                    yield new_chart("story-chart")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#story-figures", OptionList).focus()
        self.app.theme_changed_signal.subscribe(self, self._recolour)
        self._fit(self.app.size.width, self.app.size.height)
        self.load()

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width, event.size.height)
        self.call_after_refresh(self._show_chart_label)  # once the label has its new width

    def _fit(self, width: int, height: int) -> None:
        self.set_class(width < NARROW, "-narrow")
        self.set_class(height < SHORT, "-short")

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def load(self) -> None:
        detail = self.library.stories.get(self.story_id)
        dated = self.library.stories.last_dated(detail.thread) if detail.thread else {}
        self.post_message(StoryLoaded(detail, dated))

    def on_story_loaded(self, message: StoryLoaded) -> None:
        self.detail = detail = message.detail
        row = detail.row
        title = Text(end="")
        title.append(clean_line(row.title), style=Style(bold=True))
        title.append(
            f"\n{counted(row.articles, 'article')} · {counted(row.feeds, 'feed')} · "
            f"{_dated_span(detail.articles)}{_thread_note(detail)}",
            style=Style(dim=True),
        )
        self.query_one("#story-title", Static).update(title)
        articles = self.query_one("#story-articles", OptionList)
        articles.clear_options()
        for article in detail.articles:
            line = Text(no_wrap=True, overflow="ellipsis", end="")
            line.append(f"{short_outlet(article.feed_title, 22):22} ", style=Style(bold=True))
            line.append(f"{short_date(article.published) or UNDATED:10} ", style=Style(dim=True))
            line.append(clean_line(article.title))
            articles.add_option(Option(line, id=str(article.id)))
        if detail.thread:
            articles.add_option(
                Option(Text("Also in this developing story", style="bold"), disabled=True)
            )
            for other in detail.thread:
                articles.add_option(
                    Option(
                        _thread_line(other, message.thread_dated.get(other.story_id)),
                        id=f"{STORY_OPTION}{other.story_id}",
                    )
                )
        if detail.articles:
            articles.highlighted = 0  # after tab, a cursor shows where the keys act
        self.query_one("#story-figures-title", Static).update(_figures_title(detail))
        figures = self.query_one("#story-figures", OptionList)
        figures.clear_options()
        if not detail.table:
            figures.add_option(Option(Text("No figures reported", style="dim"), disabled=True))
        figures.add_options(
            [Option(_hanging(quantity_prompt(q)), id=str(i)) for i, q in enumerate(detail.table)]
        )
        background = detail.thread_figures.quantities
        if background:
            figures.add_option(
                Option(Text("Across the developing story", style="bold"), disabled=True)
            )
            figures.add_options(
                [
                    Option(_hanging(thread_quantity_prompt(q)), id=f"{THREAD_OPTION}{i}")
                    for i, q in enumerate(background)
                ]
            )
        if detail.table or background:
            figures.highlighted = 0 if detail.table else 2
        # Nothing to chart: no empty plot box beside "No figures reported".
        self.set_class(not (detail.table or background), "-no-figures")
        self._show_focus()

    @on(OptionList.OptionHighlighted, "#story-figures")
    def _chart(self, event: OptionList.OptionHighlighted) -> None:
        quantity = self._quantity(event.option.id)
        if quantity is not None:
            self._draw(quantity)

    def _recolour(self, _theme: object) -> None:
        """A theme chosen while the story is open: the outlets in the new theme's colours."""
        if self._charted is not None:
            self._draw(self._charted[0])

    def _draw(self, quantity: StoryQuantity) -> None:
        values = chart_values(quantity)
        from textual_plotext import PlotextPlot  # loaded with the chart, on this screen

        outlets = (
            {
                a.feed_id: a.feed_title
                for a in (*self.detail.articles, *self.detail.thread_figures.articles)
            }
            if self.detail
            else {}
        )
        series = draw_chart(self.query_one("#story-chart", PlotextPlot), quantity, outlets)
        self._charted = (quantity, values, series)
        self._show_chart_label()

    def _show_chart_label(self) -> None:
        """The chart's title line and its legend, laid out in the label's width (again after
        a resize): every outlet named, in as many lines as it takes (one, then "+3 more",
        where a short terminal keeps no room)."""
        if self._charted is None:
            return
        quantity, values, series = self._charted
        converted = bool(common_unit(quantity))
        label_widget = self.query_one("#story-chart-label", Static)
        width = label_widget.content_size.width or max(20, self.app.size.width // 2)
        label = Text(no_wrap=True, overflow="ellipsis", end="")
        label.append(f"{clean_line(quantity.row_name)}", style=Style(bold=True))
        label.append(
            f" by report time: {_value_range(values, value_unit(quantity), converted)}"
            if values
            else "",
            style=Style(dim=True),
        )
        label.append("\n")
        lines = 1 if self.has_class("-narrow") and self.has_class("-short") else LEGEND_LINES
        if lines == LEGEND_LINES:
            pane = self.query_one("#story-chart-pane")
            lines = max(LEGEND_LINES, pane.content_size.height - 1 - CHART_ROWS)
        label.append_text(legend(series, width, lines))
        label_widget.update(label)

    @on(OptionList.OptionSelected, "#story-articles")
    def _read(self, event: OptionList.OptionSelected) -> None:
        """Read the article in the reader: back on the main screen, the list's cursor on it;
        on another story of the thread, open that story."""
        if event.option.id is None:
            return
        if event.option.id.startswith(STORY_OPTION):
            story_id = int(event.option.id.removeprefix(STORY_OPTION))
            self.app.push_screen(StoryScreen(self.library, story_id))
            return
        from reader.ui.screens.library import LibraryScreen

        way_back: list[Callable[[], Screen[Any]]] = []
        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, LibraryScreen):
            reopen = _reopener(self.app.screen)
            if reopen is not None:
                way_back.append(reopen)
            self.app.pop_screen()
        if isinstance(self.app.screen, LibraryScreen):
            self.app.screen.open_article(int(event.option.id), tuple(reversed(way_back)))
            # The story screen is gone: without a word, q (back) there seemed to quit.
            self.app.notify(
                f"Reading it in the main list · {_users_key(self.app, 'app.back', 'q')} or "
                f"{_users_key(self.app, 'pane.back', 'esc')} goes back to the story",
                timeout=5,
                markup=False,
            )

    @on(OptionList.OptionSelected, "#story-figures")
    def _compare(self, event: OptionList.OptionSelected) -> None:
        quantity = self._quantity(event.option.id)
        if quantity is None:
            return
        if quantity.articles < 2:
            self.notify("Only one article reports this figure", timeout=3, markup=False)
            return
        self.app.push_screen(CompareScreen(self.library, quantity_group(quantity)))

    def _quantity(self, option_id: str | None) -> StoryQuantity | None:
        if self.detail is None or option_id is None:
            return None
        if option_id.startswith(THREAD_OPTION):
            background = self.detail.thread_figures.quantities
            index = int(option_id.removeprefix(THREAD_OPTION))
            return background[index].entry if index < len(background) else None
        if not option_id.isdigit():
            return None
        index = int(option_id)
        return self.detail.table[index] if index < len(self.detail.table) else None

    def on_descendant_focus(self) -> None:
        self._show_focus()

    def on_descendant_blur(self) -> None:
        self._show_focus()

    def _show_focus(self) -> None:
        """The tab of the list that has the keys marked and highlighted, the figures title in
        the accent colour while the table has them (the lists' own bars say it too,
        styles/stories.tcss), and the key that switches, as the user's keymap has it."""
        articles = self.query_one("#story-articles", OptionList)
        on_articles = articles.has_focus
        self.set_class(not on_articles, "-figures-focused")
        detail = self.detail
        counts = (
            (len(detail.articles), len(detail.table) + len(detail.thread_figures.quantities))
            if detail
            else (None, None)
        )
        for name, count, selected in (
            ("Articles", counts[0], on_articles),
            ("Figures", counts[1], not on_articles),
        ):
            tab = self.query_one(f"#story-tab-{name.lower()}", Static)
            tab.update(tab_label(name, count, selected))
            tab.set_class(selected, "-selected")
        key = _users_key(self.app, "story.switch", "tab")
        other = "figures" if on_articles else "articles"
        self.query_one("#story-tab-keys", Static).update(
            Text(f"{key}: {other}", style=Style(dim=True))
        )

    @on(Click, "#story-tab-articles, #story-tab-figures")
    def _tab_clicked(self, event: Click) -> None:
        """A click on the tab not selected switches to it, as tab does."""
        wanted = event.widget is not None and event.widget.id == "story-tab-articles"
        if wanted != self.query_one("#story-articles", OptionList).has_focus:
            self.action_switch()

    def action_switch(self) -> None:
        articles = self.query_one("#story-articles", OptionList)
        figures = self.query_one("#story-figures", OptionList)
        if articles.has_focus:
            self.remove_class("-on-articles")
            figures.focus()
        else:
            # On a short narrow terminal the articles are shown only while they have the
            # focus (the chart has their room otherwise): shown first, then focused.
            self.add_class("-on-articles")
            self.call_after_refresh(articles.focus)

    def keyed_list(self) -> OptionList:
        articles = self.query_one("#story-articles", OptionList)
        return articles if articles.has_focus else self.query_one("#story-figures", OptionList)

    def action_move(self, step: int) -> None:
        """j/k (and the arrows) in whichever list has the focus, as in every other list."""
        articles = self.query_one("#story-articles", OptionList)
        focused = articles if articles.has_focus else self.query_one("#story-figures", OptionList)
        if step > 0:
            focused.action_cursor_down()
        else:
            focused.action_cursor_up()

    def action_back(self) -> None:
        self.dismiss()
