"""A feed file imported from a new path is the feed already held when its site link and title
match and its entries overlap (issue 23); otherwise it is another feed."""

from __future__ import annotations

from pathlib import Path

from reader.library import Library
from tests.conftest import SAMPLES

UPDATE = SAMPLES / "updates" / "meridian-courier.xml"


def titles(library: Library) -> list[str]:
    return sorted(f.title for f in library.feeds())


def test_a_newer_copy_elsewhere_updates_the_feed(sample_library: Library) -> None:
    before = {f.title: f.id for f in sample_library.feeds()}
    summary = sample_library.import_paths([UPDATE])
    assert (summary.feeds, summary.new, summary.updated) == (1, 0, 1)
    assert titles(sample_library) == ["Coastline Daily", "Northwind Ledger", "The Meridian Courier"]
    feed = next(f for f in sample_library.feeds() if f.title == "The Meridian Courier")
    assert feed.id == before["The Meridian Courier"] and feed.article_count == 9
    assert feed.url == UPDATE.resolve().as_uri()  # the newest copy is the one re-read


def test_same_path_is_the_same_feed(sample_library: Library) -> None:
    summary = sample_library.import_paths([SAMPLES / "meridian-courier.xml"])
    assert (summary.new, summary.updated) == (0, 0)
    assert len(sample_library.feeds()) == 3


def test_another_title_or_no_shared_entry_is_another_feed(
    sample_library: Library, tmp_path: Path
) -> None:
    text = UPDATE.read_text(encoding="utf-8")
    renamed = tmp_path / "renamed.xml"
    renamed.write_text(
        text.replace("<title>The Meridian Courier</title>", "<title>Meridian Weekly</title>", 1),
        encoding="utf-8",
    )
    disjoint = tmp_path / "disjoint.xml"
    disjoint.write_text(text.replace("mc-0", "other-0"), encoding="utf-8")
    sample_library.import_paths([renamed, disjoint])
    assert titles(sample_library) == [
        "Coastline Daily",
        "Meridian Weekly",
        "Northwind Ledger",
        "The Meridian Courier",
        "The Meridian Courier",
    ]
