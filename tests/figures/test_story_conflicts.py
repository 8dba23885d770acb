"""Conflicts of the Figures view and `feedlens figures` are the stories' figures tables'
differing entries (reader/stories/story_groups.py): same reports, same counts, same kind, and
never two stories' reports joined (the cases a newcomer found on the news clusters)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.text.wording import shortened
from reader.ui.app import make_app
from reader.ui.screens.figures import STORY_TITLE_WIDTH, FiguresScreen
from tests.conftest import CORPORA, SAMPLES
from tests.ui.helpers import settle

CLUSTERS = CORPORA / "news-clusters"
# The clusters the newcomer's wrong conflicts came from: two injured running backs of one
# team (t25a, t25b), two office shootings (t18a, t18b), two award hosts (t02a, t02b) and a
# pin-up model's marriages (t04a).
NEWCOMER_CLUSTERS = ("t25a", "t25b", "t18a", "t18b", "t02a", "t02b", "t04a")


def _run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _story_entries(db: str) -> dict[frozenset[int], dict[str, Any]]:
    """Every entry of every story's figures table, by its mentions' ids."""
    entries: dict[frozenset[int], dict[str, Any]] = {}
    for story in _run(db, "stories", "--json", "--limit", "100000"):
        table = _run(db, "stories", str(story["id"]), "--json")["table"]
        for entry in table:
            entries[frozenset(int(v["mention"]) for v in entry["values"])] = entry
    return entries


def _assert_conflicts_are_story_entries(db: str) -> list[dict[str, Any]]:
    """Each listed conflict is one differing entry of a story's table, with its kind and
    article count, and every differing entry of two or more articles is listed."""
    conflicts: list[dict[str, Any]] = _run(db, "figures", "--json")["conflicts"]
    entries = _story_entries(db)
    listed = set()
    for conflict in conflicts:
        ids = frozenset(int(m["id"]) for m in conflict["mentions"])
        entry = entries.get(ids)
        assert entry is not None, conflict["label"]
        assert conflict["kind"] == entry["kind"] != "agree"
        articles = {v["article"]["id"] for v in entry["values"]}
        assert conflict["articles"] == len(articles)
        listed.add(ids)
    differing = {
        ids
        for ids, entry in entries.items()
        # Flagged entries only: "differs" (values grouped, not surely enough) is no conflict.
        if entry["kind"] in ("disagreement", "update")
        and len({v["article"]["id"] for v in entry["values"]}) >= 2
    }
    assert differing == listed
    return conflicts


def test_sample_conflicts_are_the_story_tables_differing_entries(tmp_path: Path) -> None:
    db = str(tmp_path / "library.sqlite")
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xml", ".atom", ".json"))
    CliRunner().invoke(main, ["--db", db, "import", *map(str, paths)])
    conflicts = _assert_conflicts_are_story_entries(db)
    workers = [c for c in conflicts if c["label"] == "4,500 vs 5,000 workers evacuated"]
    assert len(workers) == 1 and workers[0]["kind"] == "disagreement"
    assert {m["value"] for m in workers[0]["mentions"]} == {4500.0, 5000.0}


def test_a_conflict_names_its_story_in_json_and_text(tmp_path: Path) -> None:
    """Each conflict says which story it belongs to: the JSON gains "story" and "story_id"
    (the story's title and id, as `feedlens stories` lists them; no field renamed), and the
    text listing ends its conflict rows with the title."""
    db = str(tmp_path / "library.sqlite")
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xml", ".atom", ".json"))
    CliRunner().invoke(main, ["--db", db, "import", *map(str, paths)])
    listed = _run(db, "figures", "--json")
    [workers] = [c for c in listed["conflicts"] if "workers evacuated" in c["label"]]
    assert {"label", "articles", "feeds", "mentions", "kind"} <= set(workers)
    titles = {s["id"]: s["title"] for s in _run(db, "stories", "--json")}
    assert titles[workers["story_id"]] == workers["story"]
    # The story holding the conflict's reports (every one of them, here).
    table = _run(db, "stories", str(workers["story_id"]), "--json")["table"]
    held = {int(v["mention"]) for entry in table for v in entry["values"]}
    assert {int(m["id"]) for m in workers["mentions"]} <= held
    assert all("story" not in group for group in listed["same"])
    # The sample feeds' injured count, revised: listed as an update, in its own story.
    [injured] = [c for c in listed["conflicts"] if "injured" in c["label"]]
    assert injured["kind"] == "update" and injured["story"] != workers["story"]
    text = CliRunner().invoke(main, ["--db", db, "figures"]).stdout
    [row] = [line for line in text.splitlines() if line.startswith(f"CONFLICT  {workers['label']}")]
    assert row.endswith(f"· in “{workers['story']}”"), row
    assert f"UPDATE    {injured['label']}" in text


def test_groups_brought_up_to_date_equal_a_whole_pass(tmp_path: Path) -> None:
    """After more feeds come in, the conflicts brought up to date (the stories the new
    articles joined or left built again) equal those of a whole pass."""
    path = tmp_path / "library.sqlite"
    library = Library(path)
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xml", ".atom", ".json"))
    library.import_paths(samples[:2])
    library.wait_for_analysis()
    before = library.count_figure_groups()
    library.import_paths(samples[2:])
    library.wait_for_analysis()
    updated = sorted((g.label, g.mention_ids, g.verdict) for g in library.figure_groups())
    library.rebuild_figure_groups()
    whole = sorted((g.label, g.mention_ids, g.verdict) for g in library.figure_groups())
    assert updated == whole and library.count_figure_groups() != before
    library.close()


def _cluster_library(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """A library of the newcomer's clusters, as feeds one per outlet (the corpus's to_feeds.py);
    and each article link's cluster."""
    chosen = tmp_path / "clusters"
    for folder in sorted((CLUSTERS / "clusters").iterdir()):
        if folder.name.split("_")[0] in NEWCOMER_CLUSTERS:
            shutil.copytree(folder, chosen / folder.name)
    feeds = tmp_path / "feeds"
    subprocess.run(
        [sys.executable, str(CLUSTERS / "to_feeds.py"), str(chosen), str(feeds)],
        check=True,
        capture_output=True,
    )
    index = json.loads((feeds / "index.json").read_text())
    db = str(tmp_path / "library.sqlite")
    CliRunner().invoke(main, ["--db", db, "import", *sorted(map(str, feeds.glob("*.xml")))])
    return db, {link: str(entry["cluster"]).split("_")[0] for link, entry in index.items()}


@pytest.mark.skipif(not CLUSTERS.is_dir(), reason="news clusters not found (shared corpora)")
def test_the_newcomers_conflicts_are_gone_and_the_rest_are_story_entries(
    tmp_path: Path,
) -> None:
    db, cluster_of = _cluster_library(tmp_path)
    conflicts = _assert_conflicts_are_story_entries(db)
    for conflict in conflicts:
        sentences = " ".join(str(m["sentence"]) for m in conflict["mentions"]).lower()
        label = str(conflict["label"])
        # Different players' games missed are not one figure.
        assert not ("thomas missed" in sentences and "bush missed" in sentences), label
        assert "phillips" not in sentences or "missed" not in label, label
        # The 58th Tony Awards and the 81st Academy Awards, a second and a third marriage:
        # ordinals naming which one, not a disputed count.
        assert "Tony Awards" not in label and "marriage" not in label, label
        # Two shootings' tolls are not one.
        clusters = {cluster_of.get(m["article"]["link"], "") for m in conflict["mentions"]}
        assert not {"t18a", "t18b"} <= clusters, label
        assert not {"t25a", "t25b"} <= clusters, label


async def test_figures_view_counts_agree_with_the_story_table(sample_library: Library) -> None:
    """F lists the 4,500 vs 5,000 conflict with the articles its story's table counts, and
    the story's title."""
    entry, title = next(
        (quantity, story.row.title)
        for story in sample_library.stories.ranked()
        for quantity in sample_library.stories.get(story.row.story_id).table
        if quantity.quantity == "workers evacuated"
    )
    assert entry.kind == "disagreement"
    app = make_app(sample_library, Settings())
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        first = str(screen.query_one("#figures-list").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert "4,500 vs 5,000 workers evacuated" in first and "conflict" in first
        assert f"{entry.articles} articles" in first
        assert first.endswith(f" · in {shortened(title, STORY_TITLE_WIDTH)}"), first
        listing = screen.query_one("#figures-list")
        rows = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]  # type: ignore[attr-defined]
        [injured] = [row for row in rows if "people injured" in row and " vs " in row]
        assert "· update ·" in injured and "conflict" not in injured, injured
