"""Figures reported in headlines, end to end on real feed files: a story's table gathers them,
the CLI says they are the title's, search finds them, and an upgraded library reads them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.figures.extract import EXTRACTOR_VERSION
from reader.library import Library
from reader.models import FIELD_TITLE
from reader.stories.figures import DISAGREEMENT
from tests.stories.test_stories import run, write_feeds

# One earthquake, three outlets, the death toll in the headline only (the bodies tell the rest).
HEADLINES = [
    (
        "valley-post",
        "Mon, 02 Nov 2026 08:00:00 +0000",
        "Earthquake in Kerovo province kills 24",
        "An earthquake of magnitude 6.1 struck Kerovo province on Monday, officials in "
        "Kerovo said, as buildings collapsed in the old town of Dessin.",
    ),
    (
        "harbour-news",
        "Mon, 02 Nov 2026 09:00:00 +0000",
        "Earthquake in Kerovo province kills 24, officials say",
        "A magnitude 6.1 earthquake hit Kerovo province on Monday. Officials in Kerovo "
        "said buildings collapsed in the old town of Dessin.",
    ),
    (
        "mountain-wire",
        "Mon, 02 Nov 2026 10:00:00 +0000",
        "Earthquake in Kerovo province kills 31",
        "An earthquake of magnitude 6.1 shook Kerovo province on Monday, officials in Kerovo "
        "said, and buildings collapsed in the old town of Dessin.",
    ),
]


def _imported(tmp_path: Path) -> Path:
    feeds = write_feeds(tmp_path / "feeds", HEADLINES)
    db = tmp_path / "l.db"
    code, _, err = run(db, "import", "--wait", str(feeds))
    assert code == 0, err
    return db


def _killed(db: Path) -> dict[str, object]:
    code, out, _ = run(db, "stories", "--json")
    assert code == 0
    [story] = json.loads(out)
    code, out, _ = run(db, "stories", str(story["id"]), "--json")
    assert code == 0
    table = json.loads(out)["table"]
    return next(entry for entry in table if "killed" in entry["quantity"])


def test_a_story_table_gathers_and_compares_figures_from_headlines(tmp_path: Path) -> None:
    killed = _killed(_imported(tmp_path))
    values = killed["values"]
    assert isinstance(values, list)
    assert sorted(v["value"] for v in values) == [24.0, 24.0, 31.0]
    assert {v["field"] for v in values} == {FIELD_TITLE}
    assert len({v["article"]["id"] for v in values}) == 3
    # Three outlets within hours of each other: 31 against 24 is a disagreement.
    assert killed["kind"] == DISAGREEMENT


def test_cli_and_search_give_a_headline_figure_as_the_titles(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    library = Library(db)
    try:
        article = next(a for a in library.articles(limit=10) if a.title.endswith("kills 31"))
        code, out, _ = run(db, "figures", "--article", str(article.id), "--json")
        assert code == 0
        [toll] = [m for m in json.loads(out) if m["value"] == 31.0]
        assert toll["field"] == FIELD_TITLE
        assert toll["sentence"] == article.title
        assert article.title[toll["start"] : toll["end"]] == "31"
        code, out, _ = run(db, "figures", "--article", str(article.id))
        assert code == 0
        assert any(line.lstrip().startswith("title  31") for line in out.splitlines())
        code, out, _ = run(db, "search", "31 people killed", "--json")
        assert code == 0
        [hit] = json.loads(out)
        assert hit["id"] == article.id
        start, end = hit["matches"]["title"][-1]
        assert hit["title"][start:end] == "31"  # the figure marked in the title, not the body
        assert "31" not in hit["snippet"]
    finally:
        library.close()


def test_an_upgraded_library_reads_its_headlines_again(tmp_path: Path) -> None:
    db = _imported(tmp_path)
    library = Library(db)
    try:
        # As a library an older extractor analysed: no headline figures, an older version.
        with library.store.write() as conn:
            conn.execute("DELETE FROM figures WHERE field = 'title'")
            conn.execute("UPDATE articles SET extractor_version = ?", (EXTRACTOR_VERSION - 1,))
        assert library.queue_unanalysed() == 3
        library.wait_for_analysis()
        assert library.stale_extraction_count() == 0
        titles = library.store.query("SELECT COUNT(*) FROM figures WHERE field = 'title'")
        assert titles[0][0] >= 3
    finally:
        library.close()
    assert len(_killed(db)["values"]) == 3  # type: ignore[arg-type]


def test_a_library_from_before_headline_figures_keeps_its_mentions_as_the_bodys(
    tmp_path: Path,
) -> None:
    db = _imported(tmp_path)
    with sqlite3.connect(db) as conn:  # as the library was before m120_figure_fields
        conn.execute("DELETE FROM figures WHERE field = 'title'")
        conn.execute("ALTER TABLE figures DROP COLUMN field")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm120_figure_fields'")
    library = Library(db)  # migrates
    try:
        fields = library.store.query("SELECT DISTINCT field FROM figures")
        assert [row[0] for row in fields] == ["text"]
        article = library.articles(limit=1)[0]
        assert all(f.mention.field == "text" for f in library.article_figures(article.id))
    finally:
        library.close()
