"""Regrouping only the buckets that changed gives exactly the groups a whole-library pass gives."""

from __future__ import annotations

import random
import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reader.errors import LibraryError
from reader.figures.compare import FigureGroup
from reader.library import Library
from reader.store import figures as figure_store
from tests.conftest import SAMPLES
from tests.perf.corpus import write_corpus


def comparable(groups: list[FigureGroup]) -> list[tuple[object, ...]]:
    """Groups without their row ids, in listing order."""
    return [
        (g.kind, g.label, g.value, g.unit, g.noun, g.mention_ids, g.articles, g.feeds, g.bucket)
        for g in groups
    ]


def whole_pass(library: Library) -> list[tuple[object, ...]]:
    library.rebuild_figure_groups()
    return comparable(library.figure_groups())


def test_import_in_steps_then_update_matches_a_whole_pass(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 400, feeds=4)
    library = Library(tmp_path / "steps.sqlite")
    library.import_paths([SAMPLES / "meridian-courier.xml", corpus[0]])
    library.reextract_figures()  # figures only: the test regroups
    assert library.update_figure_groups() == -1  # never grouped: the whole library
    first = comparable(library.figure_groups())
    assert first

    library.import_paths([SAMPLES / "northwind-ledger.atom", *corpus[1:3]])
    library.reextract_figures()  # figures only: the test regroups
    regrouped = library.update_figure_groups()
    assert regrouped > 0  # only the buckets the new articles touched
    stepwise = comparable(library.figure_groups())
    assert stepwise == whole_pass(library)
    assert stepwise != first
    assert any(g[0] == "conflict" for g in stepwise)  # 4,500 vs 5,000 across two outlets

    # An edited feed replaces some articles' figures: their old buckets are regrouped too.
    edited = tmp_path / "meridian-courier.xml"
    shutil.copy(SAMPLES / "updates" / "meridian-courier.xml", edited)
    library.import_paths([SAMPLES / "coastline-daily.json", corpus[3]])
    library.reextract_figures()  # figures only: the test regroups
    meridian = next(f for f in library.feeds() if "meridian" in f.url)
    with library.store.write() as conn:  # the edited file stands in for the same feed
        conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (edited.as_uri(), meridian.id))
    assert library.import_paths([edited]).updated > 0
    library.reextract_figures()  # figures only: the test regroups
    assert library.update_figure_groups() > 0
    assert comparable(library.figure_groups()) == whole_pass(library)


def test_groups_are_current_after_update_and_stale_after_a_new_import(tmp_path: Path) -> None:
    library = Library(tmp_path / "state.sqlite")
    library.import_paths([SAMPLES / "meridian-courier.xml"])
    library.reextract_figures()  # figures only: the test regroups
    library.figure_groups()
    assert library.update_figure_groups() == 0  # nothing changed since
    library.import_paths([SAMPLES / "northwind-ledger.atom"])
    library.reextract_figures()  # figures only: the test regroups
    assert library.update_figure_groups() > 0
    assert library.update_figure_groups() == 0


def test_groups_cached_before_buckets_are_built_again_once(sample_library: Library) -> None:
    """A library upgraded from before m007 has groups without buckets: they are rebuilt, and an
    article's mentions find their groups through the buckets afterwards."""
    library = sample_library
    library.figure_groups()
    with library.store.write() as conn:  # as an older feedlens left it
        conn.execute("UPDATE figure_groups SET bucket = ''")
        conn.execute("DELETE FROM state WHERE key = 'figures_bucketed'")
    assert not library.figure_groups_current()
    conflict = next(g for g in library.figure_groups() if g.kind == "conflict")
    assert conflict.bucket and library.figure_groups_current()
    found = library.groups_of_mentions(conflict.mention_ids)
    assert all(conflict.id in {g.id for g in found[m]} for m in conflict.mention_ids)


# --- regrouping only around the dates that changed ------------------------------------------

STORIES = ["harbour flood", "refinery fire", "rail strike", "dam collapse", "mine rescue"]
PLACES = ["Halvard", "Brenmouth", "Oskarsvik", "Corrow", "Vellmar", "Lindau"]


def dated_feed(path: Path, name: str, items: list[tuple[int, datetime, str]]) -> Path:
    """An RSS file of articles (number, date, body sentence) under one outlet name."""
    rows = "".join(
        f"<item><title>{escape(body[:40])}</title><guid>{name}-{n}</guid>"
        f"<link>https://{name}.example/{n}</link><pubDate>{format_datetime(date)}</pubDate>"
        f"<description>{escape(f'<p>{body}</p>')}</description></item>"
        for n, date, body in items
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
        f"<link>https://{name}.example/</link>{rows}</channel></rss>",
        encoding="utf-8",
    )
    return path


def story_body(rng: random.Random, value: int) -> str:
    story = rng.choice(STORIES)
    place = rng.choice(PLACES)
    return (
        f"In {place}, {value:,} workers were evacuated after the {story}, officials said. "
        f"The {story} in {place} also left {rng.choice([40, 45, 50])} people injured."
    )


def dated_items(
    rng: random.Random, count: int, start: datetime, days: int, values: list[int]
) -> list[tuple[int, datetime, str]]:
    return [
        (
            rng.randrange(10**9),
            start + timedelta(minutes=rng.randrange(days * 24 * 60)),
            story_body(rng, rng.choice(values)),
        )
        for _ in range(count)
    ]


def test_regrouping_around_changed_dates_matches_a_whole_pass(tmp_path: Path) -> None:
    """Stories spread over a year, with buckets dense enough that each mention meets only
    its nearest neighbours: imports into old and new dates, and edits that move an article's
    date, regroup only part of a bucket and still give what a whole-library pass gives."""
    rng = random.Random(5)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    values = [4500, 4700, 5000, 1200]
    library = Library(tmp_path / "dated.sqlite")
    first = dated_items(rng, 240, start, 365, values)
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", first)])
    library.reextract_figures()  # figures only: the test regroups
    library.update_figure_groups()
    before = comparable(library.figure_groups())
    assert before

    # New articles in one fortnight of summer, and a dense burst in late autumn.
    summer = dated_items(rng, 30, start + timedelta(days=180), 14, values)
    burst = dated_items(rng, 90, start + timedelta(days=300), 10, [4500])
    library.import_paths(
        [
            dated_feed(tmp_path / "b.xml", "bravo", summer),
            dated_feed(tmp_path / "c.xml", "charlie", burst),
        ]
    )
    library.reextract_figures()  # figures only: the test regroups
    dirty = figure_store.dirty_buckets(library.store, figure_store.change_counter(library.store))
    assert dirty
    reaches = [figure_store.regroup_reach(library.store, bucket) for bucket in dirty]
    assert all(reach is not None for reach in reaches)
    assert any(reach and reach.first > "2025-02-01" for reach in reaches)  # not the whole year
    library.update_figure_groups()
    stepwise = comparable(library.figure_groups())
    assert stepwise != before
    assert stepwise == whole_pass(library)

    # Edits: some spring articles move to winter with other figures.
    edited = [
        (n, date + timedelta(days=200), story_body(rng, 5000)) if date.month in (3, 4) else item
        for item in first
        for n, date, _body in [item]
    ]
    assert edited != first
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", edited)])
    library.reextract_figures()  # figures only: the test regroups
    library.update_figure_groups()
    assert comparable(library.figure_groups()) == whole_pass(library)


def test_groups_without_dates_are_regrouped_whole(tmp_path: Path) -> None:
    """Groups cached before groups recorded their dates: a change regroups their bucket whole."""
    rng = random.Random(9)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    library = Library(tmp_path / "undated.sqlite")
    items = dated_items(rng, 80, start, 200, [4500, 5000])
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", items)])
    library.reextract_figures()  # figures only: the test regroups
    library.update_figure_groups()
    with library.store.write() as conn:  # as feedlens left them before m008
        conn.execute("UPDATE figure_groups SET first_date = NULL, last_date = NULL")
    more = dated_items(rng, 10, start + timedelta(days=100), 5, [4500])
    library.import_paths([dated_feed(tmp_path / "b.xml", "bravo", more)])
    library.reextract_figures()  # figures only: the test regroups
    changed = figure_store.change_counter(library.store)
    dirty = figure_store.dirty_buckets(library.store, changed) or []
    # Conflict buckets hold no groups now (conflicts come from the stories' tables).
    same = [b for b in dirty if b.bucket.startswith("same")]
    assert same and all(figure_store.regroup_reach(library.store, b) is None for b in same)
    library.update_figure_groups()
    # Sorted: groups of buckets left alone still have no dates, which places them after their
    # equals in the listing until they are regrouped.
    assert sorted(comparable(library.figure_groups())) == sorted(whole_pass(library))


def test_regrouping_in_a_child_process_gives_the_same_groups(tmp_path: Path) -> None:
    """The reader regroups a large library in a child process: what it writes is what
    regrouping in the reader's own process would write."""
    rng = random.Random(3)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    library = Library(tmp_path / "apart.sqlite")
    library.group_apart(above_mentions=0)  # every library counts as large here
    items = dated_items(rng, 120, start, 120, [4500, 4700, 5000])
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", items)])
    library.reextract_figures()  # figures only: the test regroups
    assert library.update_figure_groups() == -1  # never grouped: the whole library, apart
    more = dated_items(rng, 30, start + timedelta(days=60), 10, [4500, 5000])
    library.import_paths([dated_feed(tmp_path / "b.xml", "bravo", more)])
    library.reextract_figures()  # figures only: the test regroups
    assert library.update_figure_groups() > 0
    assert library.figure_groups_current()
    apart = comparable(library.figure_groups())
    assert apart
    assert library._grouped_apart()
    plain = Library(tmp_path / "apart.sqlite")  # the same file, regrouped in this process
    assert not plain._grouped_apart()
    assert whole_pass(plain) == apart


def test_closing_the_library_stops_a_regroup_running_apart(tmp_path: Path) -> None:
    """Quitting the reader must not wait minutes for a regroup in a child: closing the library
    stops the child, and the groups stay as they were (the child writes in one transaction)."""
    rng = random.Random(4)
    path = tmp_path / "stop.sqlite"
    library = Library(path)
    items = dated_items(rng, 200, datetime(2025, 1, 1, tzinfo=UTC), 200, [4500, 5000])
    library.import_paths([dated_feed(tmp_path / "a.xml", "alpha", items)])
    library.reextract_figures()  # figures only: the test regroups
    library.group_apart(above_mentions=0)
    outcome: list[object] = []

    def regroup() -> None:
        try:
            outcome.append(library.update_figure_groups())
        except LibraryError as error:
            outcome.append(error)

    worker = threading.Thread(target=regroup)
    worker.start()
    deadline = time.monotonic() + 30
    while not library._children and time.monotonic() < deadline:
        time.sleep(0.005)
    library.close()  # the child is still starting: it has not grouped anything yet
    worker.join(30)
    assert not worker.is_alive()
    assert isinstance(outcome[0], LibraryError)
    reopened = Library(path)
    assert not reopened.figure_groups_current()  # nothing was written
    assert reopened.update_figure_groups() == -1 and reopened.figure_groups()
