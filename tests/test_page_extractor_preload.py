"""The page extractor (trafilatura: CPU to load, memory to hold) is loaded by the fork server
that every worker process starts from only when some feed of the library may have its pages
fetched: a library of feeds from files (all ``never``) never loads it; a feed switched to
``auto``, or a feed followed by URL, has it loaded once by the server for every worker.

Each check runs in a fresh interpreter: a process has one fork server, started once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.library import Library
from tests.conftest import ROOT, SAMPLES

# Whether a process holds the extractor loaded (``text.page.load_extractor``: not the
# fallback's stopwords, which only a page that falls back loads), and the page pass child's
# module (what the reader's pass child runs before it steps aside).
LOADED = (
    "(lambda m: 'trafilatura' in m and 'ftfy' in m and 'reader.fulltext_child' in m)"
    "(__import__('sys').modules)"
)
# Opens the library, starts a worker process as the reader's pools do, and says whether the
# worker started with the extractor loaded, and whether the opening process itself loaded it.
CHECK = f"""
import sys
from pathlib import Path
from reader.library import Library
from reader.pipeline import worker_pool
library = Library(Path(sys.argv[1]))
with worker_pool(1) as pool:
    in_worker = pool.submit(eval, {LOADED!r}).result()
print(in_worker, "trafilatura" in sys.modules)
library.close()
"""


def extractor_loaded(path: Path) -> tuple[bool, bool]:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    in_worker, here = done.stdout.split()
    return in_worker == "True", here == "True"


def test_workers_load_the_extractor_only_when_some_feed_may_fetch_pages(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    library = Library(path)
    summary = library.import_paths([SAMPLES], processes=1)
    assert summary.results and not any(r.error for r in summary.results)
    feed_id = library.feeds()[0].id
    library.close()

    assert extractor_loaded(path) == (False, False)  # feeds from files: all never

    library = Library(path)
    library.set_full_text_mode(feed_id, "auto")
    library.close()
    assert extractor_loaded(path) == (True, False)  # loaded by the server, not the reader

    library = Library(path)
    library.set_full_text_mode(feed_id, "never")
    library.subscribe("http://127.0.0.1:9/feed.xml")  # followed by URL: auto by default
    library.close()
    assert extractor_loaded(path) == (True, False)
