"""A story's figures table: for each quantity its articles report, every outlet's value.

A quantity is the thing counted and what happened to it ("people killed", "magnitude"): the
figure extractor's kind, unit, rate, counted thing, event and modality, the same key that
figure conflicts use. Its values agree when their intervals (a bare number its rounding
range, "about" +-5%, "more than" open above) chain together; otherwise the quantity differs,
and reads as an **update** when the figures only grow with report time (a later, larger toll;
one outlet's own later figure) or as a **disagreement** when outlets differ otherwise (at the
same time, or a later report lower). Pure functions over stored mentions; no SQL.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.models import FigureMention

#: Reports of two outlets this close in time describe the same moment: differing, they disagree.
SAME_TIME_HOURS = 24.0

AGREE = "agree"
UPDATE = "update"
DISAGREEMENT = "disagreement"


@dataclass(frozen=True)
class ReportedValue:
    """One article's report of a quantity."""

    mention_id: int
    article_id: int
    feed_id: int
    published: str
    mention: FigureMention


@dataclass(frozen=True)
class StoryQuantity:
    """A quantity of a story with every report of it, oldest first, and how they compare."""

    quantity: str
    values: tuple[ReportedValue, ...]
    kind: str

    @property
    def agree(self) -> bool:
        return self.kind == AGREE

    @property
    def articles(self) -> int:
        return len({v.article_id for v in self.values})

    @property
    def feeds(self) -> int:
        return len({v.feed_id for v in self.values})


def quantity_key(mention: FigureMention) -> tuple[str, str, str, str, str, str]:
    return (
        mention.kind,
        mention.unit,
        mention.rate,
        mention.noun,
        mention.event,
        mention.modality,
    )


def quantity_label(mentions: Sequence[FigureMention]) -> str:
    """'people killed': the counted thing as most reports write it, and its event."""
    first = mentions[0]
    written = Counter(m.noun_text.lower() for m in mentions if m.noun_text)
    noun = written.most_common(1)[0][0] if written else first.noun
    parts = [noun or first.unit or first.kind, first.event]
    if first.rate:
        parts.append(first.rate)
    if first.modality and first.modality != "reported":
        parts.append(f"({first.modality})")
    return " ".join(part for part in parts if part)


def span(mention: FigureMention) -> tuple[float, float]:
    """The values a mention allows, once its qualifier is read as a bound."""
    if mention.high is not None:
        return mention.low or 0.0, mention.high
    value = mention.value or 0.0
    if mention.bound == "approx":
        return value * 0.95, value * 1.05
    if mention.bound == "lower":
        return value, math.inf
    if mention.bound == "upper":
        return 0.0, value
    if value == 0:
        return 0.0, 0.0
    magnitude = math.floor(math.log10(abs(value)))
    granularity = 10.0 ** (magnitude - max(mention.precision, 2) + 1)
    return value - granularity / 2, value + granularity / 2


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _hours(iso: str) -> float:
    try:
        stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp() / 3600.0


def compare_values(values: Sequence[tuple[float, float, str, int]]) -> str:
    """How reports compare, from (low, high, report time, feed) spans: 'agree' when they all
    overlap one another; 'update' when every report that differs from an earlier one is
    higher and comes from the same outlet or a news day (SAME_TIME_HOURS) or more later (the
    figure rose as reports came in); 'disagreement' otherwise (two outlets differing within
    a day of each other, or a later report lower)."""
    if len(values) < 2:
        return AGREE
    ordered = sorted(values, key=lambda v: v[2])
    hours = [_hours(v[2]) for v in ordered]
    differ = False
    for i, earlier in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            later = ordered[j]
            if _overlap(earlier[:2], later[:2]):
                continue
            differ = True
            if later[1] < earlier[0]:
                return DISAGREEMENT
            same_outlet = earlier[3] == later[3]
            if not same_outlet and hours[j] - hours[i] < SAME_TIME_HOURS:
                return DISAGREEMENT
    return UPDATE if differ else AGREE


def value_kind(values: Sequence[ReportedValue]) -> str:
    return compare_values(
        [(*span(v.mention), v.published, v.feed_id) for v in values if v.mention.value is not None]
    )


def figures_table(reports: Iterable[ReportedValue]) -> list[StoryQuantity]:
    """The quantities of a story's figures (only those naming what they count), the most
    widely reported first."""
    by_quantity: dict[tuple[str, ...], list[ReportedValue]] = defaultdict(list)
    for report in reports:
        mention = report.mention
        if mention.value is None or math.isnan(mention.value) or not mention.noun:
            continue
        by_quantity[quantity_key(mention)].append(report)
    table = []
    for values in by_quantity.values():
        values.sort(key=lambda v: (v.published, v.article_id, v.mention.start))
        label = quantity_label([v.mention for v in values])
        table.append(StoryQuantity(label, tuple(values), value_kind(values)))
    table.sort(key=lambda q: (-q.feeds, -q.articles, q.quantity))
    return table
