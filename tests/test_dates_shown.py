"""Dates as the reader shows them (issue 23): day and month always, the year when not this
year, local time with its zone; undated entries keep the date they were first seen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.library import Library
from reader.store.articles import ArticleFilter
from reader.text.dates_shown import long_date, short_date


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_short_date_has_day_and_month_and_the_year_when_not_this_one(paris: None) -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC).astimezone()
    assert short_date("2026-11-02T07:15:00Z", now) == "2 Nov"
    assert short_date("2024-03-15T10:00:00Z", now) == "15 Mar '24"
    assert short_date("2026-11-29T07:15:00Z", now) == "08:15"  # today, in Paris time
    assert short_date("2026-11-28T23:30:00Z", now) == "00:30"  # already the 29th in Paris
    assert short_date(None, now) == "" and short_date("garbage", now) == ""


def test_long_date_is_local_and_names_its_zone(paris: None) -> None:
    assert long_date("2026-11-02T07:15:00Z") == "Mon 2 Nov 2026, 08:15 CET"
    assert long_date("2026-07-02T07:15:00Z") == "Thu 2 Jul 2026, 09:15 CEST"


UNDATED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Undated</title>
<link>https://undated.example/</link>
<item><title>No date</title><guid>u-1</guid><description>{body}</description></item>
<item><title>Dated</title><guid>u-2</guid><pubDate>Mon, 02 Nov 2026 07:15:00 +0000</pubDate>
<description>x</description></item>
</channel></rss>"""


def test_an_undated_entry_keeps_the_date_it_was_first_seen(
    library: Library, tmp_path: Path
) -> None:
    feed = tmp_path / "undated.xml"
    feed.write_text(UNDATED.format(body="first"), encoding="utf-8")
    library.import_paths([feed])
    first = library.store.query("SELECT sort_date FROM articles WHERE guid = 'u-1'")[0][0]
    feed.write_text(UNDATED.format(body="changed"), encoding="utf-8")
    time.sleep(1.1)  # a second later: a new "now" the update must not take
    assert library.import_paths([feed]).updated == 1
    again = library.store.query("SELECT sort_date FROM articles WHERE guid = 'u-1'")[0][0]
    assert again == first
    rows = library.articles(ArticleFilter())
    # First seen now, after 2 Nov, but listed last: an undated entry goes after the dated.
    assert [r.title for r in rows] == ["Dated", "No date"]
