"""One unit for a story quantity whose reports write it in different units.

"time served" may be reported as "136 days" by one outlet and "four and a half months" by
another, a climber's fall as "600 m" and "2,000 ft". The table's verdict already compares them
in one unit (days; a measure's base unit: reader.stories.quantities.scale); a reader must be
able to compare them too, so the table and the chart show such a quantity's values in one unit
and say which. The unit is the one the reports use most (a tie goes to
the smaller unit, whose numbers are whole more often), so most figures read as written and
only the others are converted. Pure functions over a story quantity's reports; no SQL.
"""

from __future__ import annotations

from collections import Counter

from reader.stories import quantities
from reader.stories.figures import ReportedValue, StoryQuantity
from reader.text.wording import amount


def common_unit(quantity: StoryQuantity) -> str:
    """The unit ("day", "month", "m", "ft") a quantity's values are shown in when its reports
    write durations or measures in different units; "" when they share one unit (or are
    neither)."""
    units = Counter(
        value.mention.unit
        for value in quantity.values
        if value.mention.value is not None and _converted(value)
    )
    if len(units) < 2:
        return ""
    return max(units, key=lambda unit: (units[unit], -_factor(unit)))


def in_unit(value: ReportedValue, unit: str) -> float | None:
    """A report's value in ``unit`` (its value as written where ``unit`` is "" or where the
    report is no duration compared in days)."""
    number = value.mention.value
    if number is None or not unit or not _converted(value):
        return number
    return _convert(number, value.mention.unit, unit)


def in_unit_range(value: ReportedValue, unit: str) -> tuple[float, float] | None:
    """A report's low and high in ``unit`` ("two to three weeks": 14 and 21 days); None for
    a single value."""
    mention = value.mention
    if mention.low is None or mention.high is None:
        return None
    if not unit or not _converted(value):
        return mention.low, mention.high
    return (
        _convert(mention.low, mention.unit, unit),
        _convert(mention.high, mention.unit, unit),
    )


def unit_words(unit: str, number: float = 2.0) -> str:
    """'days', 'day', 'months', 'centuries'; a measure's unit as written ('m', 'ft', 'acres')."""
    if unit in quantities.MEASURE_BASE:
        return f"{unit}s" if unit == "acre" and number != 1 else unit
    if number == 1:
        return unit
    return "centuries" if unit == "century" else f"{unit}s"


def converted_text(value: ReportedValue, unit: str) -> str:
    """'137 days' for a report written in another unit than ``unit``; "" when it is written
    in ``unit`` already (or there is no common unit)."""
    if not unit or not _converted(value) or value.mention.unit == unit:
        return ""
    bounds = in_unit_range(value, unit)
    if bounds is not None:
        low, high = bounds
        return f"{rounded_amount(low)}–{rounded_amount(high)} {unit_words(unit)}"
    number = in_unit(value, unit)
    if number is None:
        return ""
    return f"{rounded_amount(number)} {unit_words(unit, round(number, 1))}"


def value_in_unit(value: ReportedValue, unit: str) -> str:
    """A report's value as written in ``unit`` ("1 day" for "24 hours" in days, "14–21 days"
    for "two to three weeks"), so values one quantity writes in two units are compared as
    one ("1 day vs 2 days", never "1 day vs 2 days vs 24 hours"); "" where it is no duration
    compared in days or ``unit`` is ""."""
    if not unit or not _converted(value):
        return ""
    bounds = in_unit_range(value, unit)
    if bounds is not None:
        low, high = bounds
        return f"{rounded_amount(low)}–{rounded_amount(high)} {unit_words(unit)}"
    number = in_unit(value, unit)
    if number is None:
        return ""
    return f"{rounded_amount(number)} {unit_words(unit, round(number, 1))}"


def _converted(value: ReportedValue) -> bool:
    """Whether a report's value is compared in one unit with its quantity's others, as
    quantities.scale reads it: a duration naming no counted thing ("served 136 days"; an age
    or "18 months in prison" are not), or a measure in a unit of a known dimension."""
    mention = value.mention
    if value.form:
        return False
    if mention.kind == "measure":
        return mention.unit in quantities.MEASURE_BASE
    return (
        mention.kind == "duration" and not mention.noun and mention.unit in quantities.DAYS_PER_UNIT
    )


def _factor(unit: str) -> float:
    """How many of its dimension's base unit (a day; a metre, a kilogram...) one unit is."""
    if unit in quantities.MEASURE_BASE:
        return quantities.MEASURE_BASE[unit][1]
    return quantities.DAYS_PER_UNIT[unit]


def _convert(number: float, unit: str, target: str) -> float:
    return number * _factor(unit) / _factor(target)


def rounded_amount(number: float) -> str:
    """Three significant figures at most, as a person would say a converted time."""
    if abs(number) >= 100:
        return amount(round(number))
    return amount(float(f"{number:.3g}"))
