"""Stories on feeds written for these tests: assignment, the figures table (update versus
disagreement), the CLI contract and its error line, and figure conflicts kept in a story."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import main
from reader.library import Library
from reader.stories.figures import AGREE, DIFFERS, DISAGREEMENT, UPDATE, compare_values
from tests.conftest import SAMPLES

QUAKE = [
    # (outlet, time, title, body): one earthquake in Kerovo, reported by three outlets.
    (
        "valley-post",
        "Mon, 02 Nov 2026 08:00:00 +0000",
        "Earthquake of magnitude 6.1 strikes Kerovo",
        "An earthquake of magnitude 6.1 struck Kerovo province on Monday, officials in "
        "Kerovo said. 12 people were killed and 30 people were injured when "
        "buildings collapsed in the old town of Dessin.",
    ),
    (
        "valley-post",
        "Wed, 04 Nov 2026 09:00:00 +0000",
        "Kerovo earthquake toll rises to 15",
        "Officials in Kerovo said on Wednesday that 15 people were killed in the "
        "earthquake, as rescuers searched the old town of Dessin.",
    ),
    (
        "harbour-news",
        "Mon, 02 Nov 2026 09:30:00 +0000",
        "Kerovo quake: buildings collapse in Dessin",
        "A magnitude 6.1 earthquake hit Kerovo province on Monday. Officials in Kerovo "
        "said 12 people were killed and 45 people were injured in the old town of Dessin.",
    ),
    (
        "mountain-wire",
        "Mon, 02 Nov 2026 10:00:00 +0000",
        "Deadly earthquake hits Kerovo province",
        "An earthquake of magnitude 6.1 shook Kerovo province on Monday, killing 12 people "
        "in the old town of Dessin, officials in Kerovo said.",
    ),
]

ROBBERY = (
    "mountain-wire",
    "Tue, 03 Nov 2026 12:00:00 +0000",
    "Jewels worth $2 million stolen from Lindqvist store in Arbor City",
    "Thieves took jewels worth $2 million from the Lindqvist store in Arbor City on "
    "Tuesday, police in Arbor City said. Three people were arrested.",
)


def write_feeds(folder: Path, items: list[tuple[str, str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    by_outlet: dict[str, list[str]] = {}
    for n, (outlet, when, title, body) in enumerate(items):
        by_outlet.setdefault(outlet, []).append(
            f"<item><title>{title}</title><link>https://{outlet}.example/{n}</link>"
            f"<guid>https://{outlet}.example/{n}</guid><pubDate>{when}</pubDate>"
            f"<description>&lt;p&gt;{body}&lt;/p&gt;</description></item>"
        )
    for outlet, entries in by_outlet.items():
        (folder / f"{outlet}.xml").write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet}</title>'
            f"<link>https://{outlet}.example/</link>{''.join(entries)}</channel></rss>",
            encoding="utf-8",
        )
    return folder


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_compare_values_reads_updates_and_disagreements() -> None:
    monday, wednesday = "2026-11-02T08:00:00Z", "2026-11-04T09:00:00Z"
    assert compare_values([(12, 12, monday, 1), (12, 12, monday, 2)]) == AGREE
    # The same outlet, later and larger: the toll was updated.
    assert compare_values([(12, 12, monday, 1), (24, 24, wednesday, 1)]) == UPDATE
    # A figure that rose over days, across outlets: an update too.
    assert compare_values([(12, 12, monday, 1), (24, 24, wednesday, 2)]) == UPDATE
    # Two outlets the same morning with different counts: a disagreement.
    later_that_morning = "2026-11-02T09:30:00Z"
    assert compare_values([(30, 30, monday, 1), (45, 45, later_that_morning, 2)]) == DISAGREEMENT
    # A later, lower figure is no update.
    assert compare_values([(24, 24, monday, 1), (12, 12, wednesday, 1)]) == DISAGREEMENT


def test_one_event_is_one_story_and_another_event_apart(tmp_path: Path) -> None:
    feeds = write_feeds(tmp_path / "feeds", [*QUAKE, ROBBERY])
    library = Library(tmp_path / "l.db")
    library.import_paths([feeds])
    library.wait_for_analysis()  # stories and figures follow the store stage
    stories = library.stories.ranked(min_articles=1)
    sizes = sorted(s.row.articles for s in stories)
    assert sizes == [1, 4]
    quake = stories[0]
    assert quake.row.feeds == 3 and "Kerovo" in quake.row.title
    library.close()


def test_story_figures_table_marks_update_and_disagreement(tmp_path: Path) -> None:
    feeds = write_feeds(tmp_path / "feeds", [*QUAKE, ROBBERY])
    db = tmp_path / "l.db"
    run(db, "import", str(feeds))
    code, out, _ = run(db, "stories", "--json")
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 1  # the robbery is a story of one: not listed by default
    story = listed[0]
    assert set(story) >= {
        "id",
        "title",
        "articles",
        "feeds",
        "first",
        "last",
        "thread",
        "figures",
        "differing",
    }
    assert story["feeds"] == 3 and len(story["articles"]) == 4
    assert set(story["articles"][0]) >= {"id", "title", "link", "feed", "published"}
    code, out, _ = run(db, "stories", str(story["id"]), "--json")
    assert code == 0
    table = {entry["quantity"]: entry for entry in json.loads(out)["table"]}
    killed = next(e for q, e in table.items() if "killed" in q)
    assert killed["kind"] == UPDATE and killed["agree"] is False
    injured = next(e for q, e in table.items() if "injured" in q)
    # Grouped as one figure, but the differing model is not sure enough (about 0.07, below
    # the flagging threshold chosen by cross-validated precision) to tell a reader the
    # outlets disagree: shown as differing, neither counted nor listed as a conflict.
    assert injured["kind"] == DIFFERS and injured["agree"] is False
    assert {v["value"] for v in injured["values"]} == {30.0, 45.0}
    assert set(injured["values"][0]) >= {"value", "text", "qualifier", "article", "published"}
    magnitude = [e for q, e in table.items() if e["values"][0]["value"] == 6.1]
    assert all(e["kind"] == AGREE and e["agree"] for e in magnitude)


def test_unknown_story_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES))
    code, out, err = run(db, "stories", "999")
    assert code == 1 and out == ""
    assert err.strip().splitlines()[-1] == "feedlens: no story 999"
    assert "Traceback" not in err


def test_sample_conflict_is_a_disagreement_inside_the_refinery_story(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    run(db, "import", str(SAMPLES))
    code, out, _ = run(db, "figures", "--json")
    assert code == 0
    conflicts = json.loads(out)["conflicts"]
    evacuated = next(c for c in conflicts if "workers evacuated" in c["label"])
    assert evacuated["kind"] == DISAGREEMENT
    library = Library(db)
    ids = [m["article"]["id"] for m in evacuated["mentions"]]
    threads = {thread for _, thread in library.stories.of_articles(ids).values()}
    assert len(threads) == 1
    library.close()


def test_story_text_shows_each_figure_once_with_its_qualifier(samples_file: Path) -> None:
    """The text output reads like the story screen: "more than 30, 37", each figure once,
    and how many articles and feeds report the quantity."""
    db = samples_file  # the samples imported and analysed (a copy)
    code, out, _ = run(db, "stories", "--json")
    fire = json.loads(out)[0]
    code, out, _ = run(db, "stories", str(fire["id"]))
    assert code == 0
    table = out.split("\nFigures:\n", 1)[1].splitlines()
    injured = next(line for line in table if "more than 30" in line)
    assert "more than 30, 37" in injured and "2 articles, 2 feeds" in injured
    evacuated = next(line for line in table if "workers evacuated" in line)
    assert evacuated.lstrip().startswith("≠") and evacuated.count("4,500") == 1
