"""How a story's thread (its developing situation) reaches the reader: `stories ID --json`
lists the thread's other stories, the text output and the story screen say "developing: N other
stories" instead of a bare thread id, and a thread's other story opens from the story screen.

The samples form one: the refinery fire, its evacuation warning and its wage fund."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import OptionList, Static

from reader.cli import main
from reader.config import Settings
from reader.library import Library
from reader.ui.app import make_app
from reader.ui.screens.story import STORY_OPTION, StoryScreen
from tests.ui.helpers import settle


def _run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args])
    return result.exit_code, result.stdout


def _sample_with_thread(samples_file: Path) -> tuple[Path, list[int]]:
    """The samples' library (imported as the reader's first start does: one file after
    another, so their articles' ids, and so their stories, are the same on every run), and
    the ids of the stories of its refinery thread (the largest story first)."""
    db = samples_file
    code, out = _run(db, "stories", "--json", "--min-articles", "1")
    stories = json.loads(out)
    first = stories[0]
    assert "Halvard" in first["title"]
    ids = [story["id"] for story in stories if story["thread"] == first["thread"]]
    assert len(ids) >= 2
    return db, ids


def test_story_json_lists_the_other_stories_of_its_thread(samples_file: Path) -> None:
    db, ids = _sample_with_thread(samples_file)
    code, out = _run(db, "stories", str(ids[0]), "--json")
    assert code == 0
    story = json.loads(out)
    others = story["thread_stories"]
    assert sorted(o["id"] for o in others) == sorted(ids[1:])
    assert set(others[0]) >= {"id", "title", "articles", "feeds", "first", "last"}
    assert isinstance(story["thread"], int)  # the contract's field stays
    code, out = _run(db, "stories", str(ids[0]))
    assert f"developing: {len(ids) - 1} other stories" in out
    assert "thread " not in out


def test_a_story_alone_in_its_thread_says_nothing_of_threads(samples_file: Path) -> None:
    db = samples_file
    code, out = _run(db, "stories", "--json", "--min-articles", "1")
    stories = json.loads(out)
    threads = [story["thread"] for story in stories]
    alone = next(s["id"] for s in stories if threads.count(s["thread"]) == 1)
    code, out = _run(db, "stories", str(alone), "--json")
    assert json.loads(out)["thread_stories"] == []
    code, out = _run(db, "stories", str(alone))
    assert "developing" not in out and "thread" not in out


async def test_story_screen_lists_the_thread_and_opens_another_story(samples_file: Path) -> None:
    db, ids = _sample_with_thread(samples_file)
    library = Library(db)
    app = make_app(library, Settings())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.push_screen(StoryScreen(library, ids[0]))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StoryScreen)
        title = str(screen.query_one("#story-title", Static).render())
        assert f"developing: {len(ids) - 1} other stories" in title
        articles = screen.query_one("#story-articles", OptionList)
        thread_rows = [
            i
            for i in range(articles.option_count)
            if (articles.get_option_at_index(i).id or "").startswith(STORY_OPTION)
        ]
        assert len(thread_rows) == len(ids) - 1
        articles.focus()
        articles.highlighted = thread_rows[0]
        await pilot.press("enter")
        await settle(pilot)
        opened = app.screen
        assert isinstance(opened, StoryScreen) and opened.story_id in ids[1:]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    library.close()
