"""Dates in search queries: a date that is no date (month 13, day 45, 30 February) stops the
query with one hint, in the command line and the reader alike, never a search without its
filter; relative dates count back from today. Real parts: a library file holding the sample
feeds, the real command, the real reader driven with Pilot."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.search import _parse_date
from reader.ui.app import make_app
from tests.ui.helpers import settle


def _search(library: Library, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(library.store.path), "search", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "query, term",
    [
        ("after:2024-13-45", "after:2024-13-45"),
        ("halvard after:2024-13-45", "after:2024-13-45"),
        ("before:2026-02-30 halvard", "before:2026-02-30"),
        ("halvard after:2023-02-29", "after:2023-02-29"),
        ("halvard after:2026-11-31", "after:2026-11-31"),
        ("after:yesterdayish", "after:yesterdayish"),
    ],
)
def test_a_bad_date_is_one_hint_and_no_search(
    sample_library: Library, query: str, term: str
) -> None:
    key, _, _ = term.partition(":")
    for extra in ((), ("--json",)):
        status, out, err = _search(sample_library, query, *extra)
        assert status == 2
        assert err.splitlines() == [
            f"feedlens: {term} is not a date (use {key}:2024-12-01, {key}:2024-12 or {key}:7d)"
        ]
        assert out == ""  # no listing, no "No matches.", no JSON: nothing was searched


def test_the_library_search_runs_nothing_on_a_bad_date(sample_library: Library) -> None:
    assert sample_library.search("halvard").hits  # the word alone finds the refinery fire
    result = sample_library.search("halvard after:2024-13-45")
    assert result.hits == []
    assert result.query.bad_date
    assert result.hints == (
        "after:2024-13-45 is not a date (use after:2024-12-01, after:2024-12 or after:7d)",
    )


def test_good_dates_filter(sample_library: Library) -> None:
    def found(query: str) -> int:
        status, out, err = _search(sample_library, query, "--json")
        assert (status, err) == (0, "")
        return len(json.loads(out))

    everything = found("halvard")
    assert everything > 0
    assert found("halvard after:2026-11") == everything  # the samples are of November 2026
    assert found("halvard after:2026") == everything
    assert found("halvard before:2026-11-01") == 0
    assert found("halvard after:2026-12-01") == 0
    # Counted back from today: the samples are older than a day, and far younger than 99 years.
    assert found("halvard after:99y") == everything
    assert found("halvard before:@1-day-ago") == everything
    assert found("halvard after:-1d") == 0
    assert found("halvard after:today") == 0


def test_relative_dates_count_back_from_today() -> None:
    today = date(2025, 3, 31)
    assert _parse_date("7d", today) == "2025-03-24"
    assert _parse_date("-2w", today) == "2025-03-17"
    assert _parse_date("@1-week-ago", today) == "2025-03-24"
    assert _parse_date("@3-days-ago", today) == "2025-03-28"
    assert _parse_date("1m", today) == "2025-02-28"  # the last of February, not an error
    assert _parse_date("@2-months-ago", today) == "2025-01-31"
    assert _parse_date("1y", today) == "2024-03-31"
    assert _parse_date("yesterday", today) == "2025-03-30"
    assert _parse_date("today") == datetime.now(UTC).date().isoformat()
    assert _parse_date("1d") == (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    for bad in ("2024-13", "2024-00-10", "2024-02-30", "7x", "@1-week", "2024-12-01x", "0000"):
        assert _parse_date(bad, today) is None, bad


async def test_the_reader_shows_the_hint_and_runs_nothing(sample_library: Library) -> None:
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"halvard after:2024-13-45")
        await pilot.pause(0.3)  # the debounce timer
        await settle(pilot)
        status = str(app.screen.query_one("#search-status").render())
        assert status.strip() == (
            "after:2024-13-45 is not a date (use after:2024-12-01, after:2024-12 or after:7d)"
        )
        assert app.screen.hits == []  # type: ignore[attr-defined]
