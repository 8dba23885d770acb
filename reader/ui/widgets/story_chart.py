"""A story quantity's chart: each reported value against its report time, one series per outlet.

So a death toll rising report by report, or one outlet's outlier, shows at a glance: the x axis
is the report time (hours after the first report, ticks labelled with dates), the y axis the
value, and every outlet has its own marker (sixteen shapes) and colour pair (by eight colours:
128 outlets before a pair repeats; a palette for dark themes and one for light), named in a legend
above the plot
(Plotext's own legend box would hide the first, highest reports), laid out in as many lines
as its width needs, outlet names shortened as a reader would (reader.ui.outlet_names). Drawn by
textual-plotext (Plotext in a Textual widget); the library loads with the story screen, never
before the reader's first paint. Outlet names come from feeds: they go through ``clean_line``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from reader.stories.figures import StoryQuantity
from reader.stories.time_units import common_unit, in_unit, unit_words
from reader.text.clean import clean_line
from reader.text.dates_shown import day_and_time, short_day
from reader.text.wording import amount
from reader.ui.outlet_names import short_outlet

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

# One marker per outlet besides its colour: series stay apart in a monochrome terminal too,
# and to a reader who cannot tell two colours apart. Sixteen shapes, each one cell wide: a
# story's outlets rarely outnumber them (with eight, a story of news clusters drew
# "● outlet-a … ● outlet-b", told apart by colour alone).
MARKERS = ("●", "■", "▲", "◆", "✚", "✖", "○", "□", "▼", "◇", "△", "▽", "★", "☆", "◉", "▣")
# Okabe and Ito's colours, told apart with any colour vision, each reading at 4.5:1 or more on a
# dark theme's background (their dark blue, 4:1 there, and their grey, near the pink, gave way
# to a lime and a near white).
COLOURS = (
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (213, 94, 0),
    (204, 121, 167),
    (150, 210, 80),
    (220, 220, 220),
    (240, 228, 66),
)
# Eight hues dark enough to read at 4.5:1 on a light theme's background as they are: the colours
# above, darkened there by the reader's contrast filter, turned yellow and orange into two browns
# nobody could tell apart.
LIGHT_COLOURS = (
    (154, 77, 0),
    (11, 80, 190),
    (20, 115, 20),
    (179, 0, 27),
    (110, 50, 160),
    (0, 100, 115),
    (85, 85, 85),
    (170, 20, 120),
)
# How the value axis writes a currency it has a sign for ("$3 billion"); others by code.
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
LEGEND_NAME = 22  # an outlet's name in the legend, at most
LEGEND_GAP = 3  # spaces between two outlets of a legend line
X_TICKS = 4
Y_TICKS = 5


@dataclass(frozen=True)
class ChartSeries:
    """One outlet's reports of a quantity: (hours after the story's first report, value)."""

    outlet: str
    points: tuple[tuple[float, float], ...]
    marker: str = MARKERS[0]
    colour: tuple[int, int, int] = COLOURS[0]


def _stamp(published: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def outlet_look(number: int, dark: bool = True) -> tuple[str, tuple[int, int, int]]:
    """The marker and colour of the ``number``th outlet (from 0): every marker in turn, and
    with each round of markers the colours shifted one along, so no two of the first 128
    outlets share both, and the first sixteen share no shape."""
    colours = COLOURS if dark else LIGHT_COLOURS
    marker = MARKERS[number % len(MARKERS)]
    return marker, colours[(number + number // len(MARKERS)) % len(colours)]


def chart_series(
    quantity: StoryQuantity, outlets: Mapping[int, str], dark: bool = True
) -> tuple[datetime | None, list[ChartSeries]]:
    """The quantity's reports with a value and a time, one series per outlet (by feed id),
    outlets in the order of their first report, in the colours of a dark (or light) theme;
    and the time hours are counted from."""
    unit = common_unit(quantity)  # durations or measures written in different units: in one
    dated = [
        (stamp, value.feed_id, number)
        for value in quantity.values
        if (number := in_unit(value, unit)) is not None
        and (stamp := _stamp(value.published)) is not None
    ]
    if not dated:
        return None, []
    start = min(stamp for stamp, _, _ in dated)
    points: dict[int, list[tuple[float, float]]] = {}
    for stamp, feed_id, value in sorted(dated, key=lambda item: item[0]):
        hours = (stamp - start).total_seconds() / 3600
        points.setdefault(feed_id, []).append((hours, float(value or 0.0)))
    series = [
        ChartSeries(
            clean_line(outlets.get(feed_id) or f"feed {feed_id}"),
            tuple(p),
            *outlet_look(number, dark),
        )
        for number, (feed_id, p) in enumerate(points.items())
    ]
    return start, series


def legend(series: list[ChartSeries], width: int = 0, lines: int = 0) -> Text:
    """Each outlet with its marker in its colour, in lines of at most ``width`` columns (one
    line when 0), an outlet never split across two; past ``lines`` lines (0: no limit) the
    last says how many outlets are left out ("+3 more")."""
    entries: list[tuple[ChartSeries | None, str]] = [
        (one, short_outlet(one.outlet, _name_room(width))) for one in series
    ]
    rows: list[list[tuple[ChartSeries | None, str]]] = [[]]
    used = 0
    for one, name in entries:
        size = 2 + cell_len(name)
        if width and rows[-1] and used + LEGEND_GAP + size > width:
            rows.append([])
            used = 0
        used += (LEGEND_GAP if rows[-1] else 0) + size
        rows[-1].append((one, name))
    if lines and len(rows) > lines:
        rows = _fold_rest(rows, lines, width, len(series))
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for number, row in enumerate(rows):
        if number:
            text.append("\n")
        for place, (one, name) in enumerate(row):
            if place:
                text.append(" " * LEGEND_GAP)
            if one is None:  # "+3 more"
                text.append(name, style=Style(dim=True))
                continue
            text.append(f"{one.marker} ", style=Style(color=f"rgb{one.colour}", bold=True))
            text.append(name)
    return text


def _name_room(width: int) -> int:
    """An outlet's name in a legend ``width`` wide: at most LEGEND_NAME, less when narrow."""
    return LEGEND_NAME if not width else max(6, min(LEGEND_NAME, width - 2))


def _fold_rest(
    rows: list[list[tuple[ChartSeries | None, str]]], lines: int, width: int, total: int
) -> list[list[tuple[ChartSeries | None, str]]]:
    """The first ``lines`` rows, the last ending in "+N more" (outlets dropped to fit it)."""
    kept = rows[:lines]
    last = kept[-1]
    while True:
        shown = sum(len(row) for row in kept[:-1]) + len(last)
        more = f"+{total - shown} more"
        used = sum(2 + cell_len(name) + LEGEND_GAP for _, name in last) + len(more)
        if not width or used <= width or len(last) <= 1:
            break
        last = last[:-1]
    kept[-1] = [*last, (None, more)]
    return kept


def new_chart(widget_id: str) -> PlotextPlot:
    """The chart widget (textual-plotext is imported here, when a story first opens)."""
    from textual_plotext import PlotextPlot

    return PlotextPlot(id=widget_id)


def draw_chart(
    chart: PlotextPlot, quantity: StoryQuantity, outlets: Mapping[int, str]
) -> list[ChartSeries]:
    """Plot a quantity's reports on ``chart``; returns the series drawn."""
    plt = chart.plt
    plt.clear_data()
    plt.clear_figure()
    start, series = chart_series(quantity, outlets, chart.app.current_theme.dark)
    if start is None:
        plt.title("No dated values to chart")
        chart.refresh()
        return series
    for one in series:
        xs = [hours for hours, _ in one.points]
        ys = [value for _, value in one.points]
        plt.scatter(xs, ys, marker=one.marker, color=one.colour)
    hours = [h for one in series for h, _ in one.points]
    values = [v for one in series for _, v in one.points]
    low, high = min(hours), max(hours)
    span = max(high - low, 1.0)  # one report time: a day's width around it
    plt.xlim(low - span * 0.05, high + span * 0.05)
    bottom, top = min(values), max(values)
    room = max(top - bottom, abs(top) * 0.1, 1.0) * 0.15
    plt.ylim(bottom - room, top + room)
    # A tick every third row at most: crowded ticks land on the wrong rows.
    count = max(2, min(Y_TICKS, (chart.size.height or 15) // 3))
    whole = all(value == int(value) for value in values)
    # Every report gives one value (every outlet says 3 billion): that value is the one tick,
    # not a ruler of values nobody reported around it (2.96 … 3.04 billion).
    most_reported = Counter(values).most_common(1)[0][0]
    steps = (
        [top]
        if top == bottom
        else nice_ticks(bottom - room, top + room, count, whole, most_reported)
    )
    prefix, suffix = value_unit(quantity)
    plt.yticks(
        steps,
        [f"{prefix}{label}{suffix}" for label in value_labels(steps, top - bottom + 2 * room)],
    )
    # As many date ticks as fit side by side (a label is up to 12 wide).
    across = max(2, min(X_TICKS, (chart.size.width or 60) // 16))
    ticks, whole_days = round_time_ticks(start, low, high, across)
    if ticks:
        plt.xticks(ticks, [_tick_label(start, t, 1e9 if whole_days else 0.0) for t in ticks])
    else:
        ticks = [low + span * i / (across - 1) for i in range(across)]
        plt.xticks(ticks, date_labels(start, ticks, span))
    plt.xlabel("report time")
    chart.refresh()
    return series


def nice_ticks(
    low: float, high: float, most: int, whole: bool, anchor: float | None = None
) -> list[float]:
    """At most ``most`` ticks between ``low`` and ``high`` at a round stride (1, 2, 2.5 or 5
    times a power of ten), as a person would rule an axis: 4,400 4,600 4,800, never 4,425
    4,642; counts (``whole``) only at whole numbers, never "15.5 games". ``anchor`` (the value
    most reported) is on a tick where a round stride that fits puts it there: 4,500 4,750
    5,000 rather than 4,600 4,800 5,000 when most points sit at 4,500."""
    wanted = (high - low) / max(1, most - 1)
    if wanted <= 0:
        return [low]
    power = 10.0 ** math.floor(math.log10(wanted))
    fitting: list[list[float]] = []
    for multiple in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0):
        stride = multiple * power
        if whole and stride != int(stride):
            continue  # 2.5 or 0.5 between counts: the next round stride instead
        stride = max(stride, 1.0) if whole else stride
        ticks = _ruled(low, high, stride)
        if len(ticks) <= most:
            fitting.append(ticks)
            if anchor is None or any(math.isclose(t, anchor) for t in ticks):
                break
    if not fitting:
        return _ruled(low, high, stride) or [low]
    anchored = [t for t in fitting if len(t) >= 2 and any(math.isclose(x, anchor or 0) for x in t)]
    chosen = anchored[0] if anchor is not None and anchored else fitting[0]
    return chosen or [low]


def _ruled(low: float, high: float, stride: float) -> list[float]:
    """The multiples of ``stride`` from ``low`` to ``high``."""
    first = math.ceil(low / stride - 1e-9) * stride
    ticks: list[float] = []
    while first + stride * len(ticks) <= high + stride * 1e-9:
        ticks.append(round(first + stride * len(ticks), 10))
    return ticks


def value_labels(steps: list[float], span: float) -> list[str]:
    """The value axis's tick labels, no two alike: as ``_value_label`` writes them, with a
    digit more where two read the same (2,995 and 3,005 million both read "3 billion")."""
    labels = [_value_label(step, span) for step in steps]
    digits = 3
    while len(set(labels)) < len(labels) and digits <= 9:
        labels = [_value_label(step, span, digits) for step in steps]
        digits += 1
    return labels


_LARGE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _value_label(value: float, span: float, digits: int | None = None) -> str:
    """A y tick: whole numbers with thousands separators unless the values are close; millions
    and more in words ("3.02 billion"), which a narrow axis has room for. ``digits``: at most
    so many decimals (of the millions, past a million), where the usual two are too few."""
    if digits is None:
        if abs(value) >= 1e6:
            return amount(value)
        if span >= 20:
            return f"{value:,.0f}"
        digits = 2
    for size, word in _LARGE:
        if abs(value) >= size:
            return f"{_decimals(value / size, digits)} {word}"
    return _decimals(value, digits)


def _decimals(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def value_unit(quantity: StoryQuantity) -> tuple[str, str]:
    """What the value axis writes before and after each value so it says its unit: "$" (3
    billion), "%", " km", " days" (a duration or measure in its common unit); nothing for a
    count, whose name says what is counted."""
    first = quantity.values[0].mention if quantity.values else None
    if first is None:
        return "", ""
    units = Counter(v.mention.unit for v in quantity.values if v.mention.kind == first.kind)
    unit = units.most_common(1)[0][0] if units else ""
    if first.kind == "money" and unit:
        symbol = CURRENCY_SYMBOLS.get(unit)
        return (symbol, "") if symbol else ("", f" {unit}")
    if first.kind == "percent":
        return "", "%" if unit in ("%", "") else f" {unit}"
    if first.kind == "duration":
        common = common_unit(quantity) or unit
        return "", f" {unit_words(common)}" if common else ""
    if first.kind == "measure" and unit and unit != "magnitude":
        return "", f" {common_unit(quantity) or unit}"  # "600 m" and "2,000 ft": in metres
    return "", ""


def _tick_label(start: datetime, hours: float, span: float) -> str:
    """A date tick in local time, its day always ("8 Nov", never "10:15" for today: the axis
    reads the days apart), with its hour within two days."""
    stamp = (start + timedelta(hours=hours)).isoformat()
    if span <= 48:  # within two days the hour tells reports apart
        return day_and_time(stamp).replace(",", "")
    return short_day(stamp)


# Date axis strides, in hours: ticks on round local times (whole hours, then midnights), the
# finest stride that fits. Ticks spread evenly between the first and last report were labelled
# with the day they fell in, so an axis over four days read "7 Nov  8 Nov  9 Nov  11 Nov" and
# a "8 Nov" tick stood at 13:20 of that day.
TIME_STRIDES = (1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2880, 8760, 17520, 43824, 87648)


def round_time_ticks(
    start: datetime, low: float, high: float, most: int
) -> tuple[list[float], bool]:
    """Ticks (hours after ``start``) between ``low`` and ``high`` on round local times: every
    whole hour of the finest stride in TIME_STRIDES giving two to ``most`` of them, counted
    back from the last such time (so the last day in sight has its tick); and whether they
    are midnights, labelled with their day alone. ([], False) where none fits."""
    for stride in TIME_STRIDES:
        if (high - low) / stride > most + 1:
            continue  # too many, surely: not stepped through (hours over years)
        ticks = _round_times(start, low, high, stride)
        if len(ticks) > most:
            continue
        return (ticks, stride >= 24) if len(ticks) >= 2 else ([], False)
    return [], False


def _round_times(start: datetime, low: float, high: float, stride: int) -> list[float]:
    """Local times on a ``stride``-hour step between ``low`` and ``high`` hours after
    ``start``, latest first in the stepping, returned in order. Naive local wall-clock
    times, made aware one by one, so a midnight stays a midnight across a change of clocks."""
    last = (start + timedelta(hours=high)).astimezone().replace(tzinfo=None)
    if stride >= 24:
        last = last.replace(hour=0, minute=0, second=0, microsecond=0)
        step = timedelta(days=stride // 24)
    else:
        last = last.replace(hour=last.hour - last.hour % stride, minute=0, second=0, microsecond=0)
        step = timedelta(hours=stride)
    ticks: list[float] = []
    moment = last
    while True:
        hours = (moment.astimezone() - start).total_seconds() / 3600
        if hours < low:
            break
        if hours <= high:
            ticks.append(hours)
        moment -= step
    return ticks[::-1]


def date_labels(start: datetime, ticks: list[float], span: float) -> list[str]:
    """The date axis's tick labels, no two alike: days, and their hours where two ticks of a
    story over two days fall on one day ("3 Nov", "3 Nov" read as the same tick)."""
    labels = [_tick_label(start, tick, span) for tick in ticks]
    if len(set(labels)) < len(labels):
        labels = [_tick_label(start, tick, 0.0) for tick in ticks]
    # Every tick in one format ("11 Oct 00:00", "11 Oct 23:20"): with the day left off after
    # the first, the axis read "11 Oct 00:00 · 23:20 · 12 Oct 22:40".
    return labels
