"""Each command loads what it needs: `import`, `show`, `feeds`, `articles` and `--help` never load the
stories, figure extraction or search modules (a tenth of a second of CPU and more, paid by
every command before this); opening a library loads no worker pools unless some feed's pages
may be fetched; the commands that do need the stories still load them; and the stories part
of the facade, made on first use, is made once when several threads ask at once (the reader
asks from workers). Real commands in real processes, checked by the modules they loaded."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "sample_feeds" / "meridian-courier.xml"

# Runs the command in this process and writes the modules it loaded to argv[1] at exit.
PROBE = textwrap.dedent(
    """
    import atexit, json, sys
    out = sys.argv[1]
    atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
    from reader.cli import main
    main(sys.argv[2:])
    """
)

# Story assignment, figure extraction and search with what they load: only for the commands
# that show stories, figures or search results (and the analysis, in its own processes).
STORIES_AND_SEARCH = (
    "reader.stories.facade",
    "reader.stories.assign",
    "reader.stories.story_filter",
    "reader.stories.figures",
    "reader.search",
    "reader.figures.extract",
    "rapidfuzz",
)


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    modules = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(modules), "--db", str(tmp_path / "lib.sqlite"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(modules.read_text()))


def test_everyday_commands_load_no_stories_figures_or_search(tmp_path: Path) -> None:
    imported = _loaded(tmp_path, "import", str(FEED))
    assert "reader.pipeline" in imported  # the probe sees what a command loads
    assert not [name for name in STORIES_AND_SEARCH if name in imported]
    for command in (["show", "1"], ["feeds"], ["articles"], ["--help"]):
        loaded = _loaded(tmp_path, *command)
        assert "reader.library" in loaded
        assert not [name for name in STORIES_AND_SEARCH if name in loaded], command
        # No feed's pages may be fetched: opening the library starts no pools.
        assert "reader.pipeline" not in loaded, command
        assert "multiprocessing" not in loaded, command


def test_the_commands_that_need_the_stories_load_them(tmp_path: Path) -> None:
    _loaded(tmp_path, "import", str(FEED))
    assert "reader.stories.facade" in _loaded(tmp_path, "stories", "--json")
    assert "reader.search" in _loaded(tmp_path, "search", "harbour")


# In a fresh process (nothing of the stories loaded yet), eight threads ask for the library's
# stories at once; each counts them. One StoryFacade for all, no thread fails.
THREADS = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from reader.library import Library
    assert "reader.stories.facade" not in sys.modules
    library = Library(Path(sys.argv[1]))
    start = threading.Barrier(8)
    made, failed = [], []
    def ask():
        start.wait()
        try:
            facade = library.stories
            facade.count()
            made.append(facade)  # kept: an id is reused once its object is gone
        except BaseException as error:
            failed.append(repr(error))
    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    library.close()
    print(len(made), len({id(facade) for facade in made}), failed)
    """
)


def test_the_stories_are_made_once_when_threads_ask_at_once(tmp_path: Path) -> None:
    db = tmp_path / "lib.sqlite"
    _loaded(tmp_path, "import", str(FEED))
    done = subprocess.run(
        [sys.executable, "-c", THREADS, str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["8", "1", "[]"], done.stdout
