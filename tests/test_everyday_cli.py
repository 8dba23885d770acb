"""The command line as an analyst lives in it: `stories` names its columns and marks a story
whose only differing figures are updates ↑ as the Figures view does (its JSON keeps
"differing" and adds "updates"); `stories ID` gives report times as people read them, in
local time; `summary` says how many highlights and notes the library holds. The real
command on real library files of the sample feeds."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.library import Library

ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time an hour ahead of the library's UTC, and a fixed today (so no year shows)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setenv("FEEDLENS_TODAY", "2026-12-02")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_stories_list_names_its_columns_and_marks_updates_as_the_figures_view(
    sample_library: Library,
) -> None:
    db = sample_library.path
    code, out, _ = run(db, "stories")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "feeds", "articles", "last", "title"], lines[0]
    stories = {line.split()[0]: line for line in lines[1:] if line.split()[0].isdigit()}
    listed = json.loads(run(db, "stories", "--json")[1])
    by_title = {story["title"]: story for story in listed}
    injured = by_title["Injured count revised to 41"]
    fire = by_title["Thousands flee as Halvard refinery burns"]
    # The contract's count is as it was (a flagged figure of two or more articles); the new
    # field says how many of them are updates.
    assert (injured["differing"], injured["updates"]) == (1, 1)
    assert fire["differing"] >= 1 and fire["updates"] < fire["differing"]
    assert stories[str(injured["id"])].split()[1] == "↑"
    assert stories[str(fire["id"])].split()[1] == "≠"
    # The Figures listing says the same of the two stories' figures.
    figures = run(db, "figures")[1].splitlines()
    assert any(f.startswith("UPDATE") and injured["title"] in f for f in figures), figures
    assert any(f.startswith("CONFLICT") and fire["title"] in f for f in figures), figures
    # The last line says what each mark shown means.
    assert "↑ figures updated" in lines[-1] and "≠ outlets' figures differ" in lines[-1]
    # One story's JSON counts its updates alike.
    detail = json.loads(run(db, "stories", str(injured["id"]), "--json")[1])
    assert (detail["differing"], detail["updates"]) == (1, 1)


def test_a_story_gives_its_report_times_in_local_time_as_people_read_them(
    sample_library: Library, paris: None
) -> None:
    db = sample_library.path
    listed = json.loads(run(db, "stories", "--json")[1])
    fire = next(s for s in listed if s["title"] == "Thousands flee as Halvard refinery burns")
    code, out, _ = run(db, "stories", str(fire["id"]))
    assert code == 0
    assert not ISO_TIME.search(out), out
    header = out.splitlines()[1]
    # 2 Nov 07:15 UTC to 8 Nov 12:30 UTC, an hour later in Paris.
    assert "2 Nov, 08:15 – 8 Nov, 13:30" in header, header
    first = next(a for a in fire["articles"] if a["published"] == "2026-11-02T07:15:00Z")
    [row] = [line for line in out.splitlines() if line.split()[:1] == [str(first["id"])]]
    assert "2 Nov, 08:15" in row and first["title"] in row, row
    # Two reports the same day: the day once.
    injured = next(s for s in listed if s["title"] == "Injured count revised to 41")
    header = run(db, "stories", str(injured["id"]))[1].splitlines()[1]
    assert "5 Nov, 15:25 – 16:40" in header, header


def test_summary_counts_highlights_notes_and_orphaned_ones(sample_library: Library) -> None:
    db = sample_library.path
    code, out, _ = run(db, "summary")
    assert out.splitlines()[2] == "no highlights or notes yet"
    feeds = {f.title: f.id for f in sample_library.feeds()}
    rows = sample_library.articles(limit=100)
    coastline = next(r for r in rows if r.feed_id == feeds["Coastline Daily"])
    meridian = [r for r in rows if r.feed_id == feeds["The Meridian Courier"]]
    sample_library.annotate(coastline.id, 0, 10)
    sample_library.annotate(meridian[0].id, 0, 12, note="check against the union's count")
    sample_library.annotate(meridian[1].id, 0, 8, note="   ")  # blank: a highlight
    code, out, _ = run(db, "summary")
    assert code == 0 and out.splitlines()[2] == "2 highlights, 1 note"
    shown = json.loads(run(db, "summary", "--json")[1])
    assert (shown["highlights"], shown["notes"], shown["orphaned"]) == (2, 1, 0)
    assert shown["articles"] == 25  # the contract's fields stay
    assert run(db, "feeds", "rm", str(feeds["The Meridian Courier"]), "--yes")[0] == 0
    code, out, _ = run(db, "summary")
    assert out.splitlines()[2] == (
        "2 highlights, 1 note (2 orphaned: see `feedlens annotations list`)"
    )
    shown = json.loads(run(db, "summary", "--json")[1])
    assert (shown["highlights"], shown["notes"], shown["orphaned"]) == (2, 1, 2)
