"""Two processes assigning stories in one library at once (the reader's analysis child, the
reader's Stories view and a CLI ``import --wait`` all do) store each article's story exactly
once: a story's article count is the number of its members, never members counted twice."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from reader.library import Library

# An assigner: brings stories up to date again and again (as each analysis drain ends) until
# the importer leaves the stop file and nothing is pending.
_ASSIGNER = """
import sys
import time
from pathlib import Path
from typing import Any
from reader.library import Library
library = Library(Path(sys.argv[1]))
stop = Path(sys.argv[2])
while True:
    stopping = stop.exists()
    library.stories.update()
    if stopping:
        break
library.close()
"""


def _miscounted(library: Library) -> list[tuple[int, int, int]]:
    """Stories whose stored article count is not their members': (story, stored, members)."""
    rows = library.store.query(
        "SELECT s.id, s.articles, COUNT(m.article_id) FROM stories s "
        "LEFT JOIN story_articles m ON m.story_id = s.id GROUP BY s.id "
        "HAVING s.articles != COUNT(m.article_id)"
    )
    return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def test_two_processes_assigning_at_once_count_each_article_once(
    news_feeds: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    feeds, _ = news_feeds
    path = tmp_path / "library.sqlite"
    stop = tmp_path / "stop"
    library = Library(path)
    assigners = [
        subprocess.Popen(
            [sys.executable, "-c", _ASSIGNER, str(path), str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for feed in sorted(feeds.iterdir()):  # a feed at a time, as an import stores them
            assert library.import_paths([feed], processes=1).failed == 0
    finally:
        stop.touch()
    for assigner in assigners:
        _, err = assigner.communicate(timeout=600)
        assert assigner.returncode == 0, err
    try:
        assert library.stories.pending() == 0
        assert _miscounted(library) == []
        members = library.store.query_one("SELECT COUNT(*) FROM story_articles")
        stored = library.store.query_one("SELECT COUNT(*) FROM articles")
        assert members is not None and stored is not None and members[0] == stored[0]
        largest = library.stories.ranked(min_articles=2, limit=1)[0]
        assert largest.row.articles == len(largest.articles)
    finally:
        library.close()


def test_an_assigner_that_died_leaves_no_lock(library: Library) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **_OUT)
    library.store.set_state("story_assigner", f"{int(gone.stdout)} {time.time()}")
    library.import_samples()
    assert library.stories.update() == 25  # not waiting for the process killed mid-way
    assert library.store.get_state("story_assigner") is None  # released after


_OUT: dict[str, Any] = {"capture_output": True, "text": True, "check": True}


def test_a_view_does_not_wait_for_another_process_assigning(library: Library) -> None:
    """The Stories view's update (wait=False) leaves the work to an assigner at work in
    another live process, at once; a waiting update takes it over once that one is done."""
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        held = f"{other.pid} {time.time()}"
        library.store.set_state("story_assigner", held)
        library.import_samples()
        started = time.monotonic()
        assert library.stories.update(wait=False) == 0
        assert time.monotonic() - started < 5  # no wait for the lease (it lasts 300 s)
        assert library.stories.pending() == 25  # nothing lost: still pending for the holder
        assert library.store.get_state("story_assigner") == held  # its lease left as it was
    finally:
        other.kill()
        other.wait()
    assert library.stories.update() == 25  # its holder gone: the next update assigns them
    assert library.store.get_state("story_assigner") is None
