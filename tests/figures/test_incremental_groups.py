"""Regrouping only the buckets that changed gives exactly the groups a whole-library pass gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.figures.compare import FigureGroup
from reader.library import Library
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
    assert library.update_figure_groups() == -1  # never grouped: the whole library
    first = comparable(library.figure_groups())
    assert first

    library.import_paths([SAMPLES / "northwind-ledger.atom", *corpus[1:3]])
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
    meridian = next(f for f in library.feeds() if "meridian" in f.url)
    with library.store.write() as conn:  # the edited file stands in for the same feed
        conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (edited.as_uri(), meridian.id))
    assert library.import_paths([edited]).updated > 0
    assert library.update_figure_groups() > 0
    assert comparable(library.figure_groups()) == whole_pass(library)


def test_groups_are_current_after_update_and_stale_after_a_new_import(tmp_path: Path) -> None:
    library = Library(tmp_path / "state.sqlite")
    library.import_paths([SAMPLES / "meridian-courier.xml"])
    library.figure_groups()
    assert library.update_figure_groups() == 0  # nothing changed since
    library.import_paths([SAMPLES / "northwind-ledger.atom"])
    assert library.update_figure_groups() > 0
    assert library.update_figure_groups() == 0


def test_groups_cached_before_buckets_are_built_again_once(tmp_path: Path) -> None:
    """A library upgraded from before m007 has groups without buckets: they are rebuilt, and an
    article's mentions find their groups through the buckets afterwards."""
    library = Library(tmp_path / "upgrade.sqlite")
    library.import_samples()
    library.figure_groups()
    with library.store.write() as conn:  # as an older feedlens left it
        conn.execute("UPDATE figure_groups SET bucket = ''")
        conn.execute("DELETE FROM state WHERE key = 'figures_bucketed'")
    assert not library.figure_groups_current()
    conflict = next(g for g in library.figure_groups() if g.kind == "conflict")
    assert conflict.bucket and library.figure_groups_current()
    found = library.groups_of_mentions(conflict.mention_ids)
    assert all(conflict.id in {g.id for g in found[m]} for m in conflict.mention_ids)
