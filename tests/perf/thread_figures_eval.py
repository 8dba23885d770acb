"""A thread's background quantities shown, printed: for each thread of two or more stories in
the samples, the strike feeds written for the tests and each of
../shared/corpora/real-world-feeds (imported alone), every background quantity of the thread
(reader.stories.thread_figures), its verdict, its values with the story each comes from, and how
long reading one story with them (``Library.stories.get``) took.

    uv run python tests/perf/thread_figures_eval.py                # all
    uv run python tests/perf/thread_figures_eval.py --only real     # one source
    uv run python tests/perf/thread_figures_eval.py --only scale    # cost against articles

``scale`` imports ../shared/corpora/news-clusters as feeds and times the thread table
(lining up the reports, as if they were one thread's) for the first articles (by id) holding
about N reports, for N up to past the bound (thread_figures.MAX_THREAD_REPORTS).

Timings are wall-clock on whatever else the machine runs: read them as rough.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.store import articles as article_store  # noqa: E402
from reader.stories.facade import story_reports  # noqa: E402
from reader.stories.thread_figures import background_quantities  # noqa: E402
from tests.stories.corpus_eval import write_feeds  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
STRIKES = [ROOT / "tests" / "stories" / "glass_strike", ROOT / "tests" / "stories" / "feeds"]


def show_threads(library: Library, name: str) -> int:
    """Prints the background quantities of every thread of two or more stories; returns how
    many background quantities were found."""
    threads: dict[int, list[int]] = defaultdict(list)
    for row in library.store.query("SELECT id, thread_id FROM stories ORDER BY id"):
        threads[int(row[1])].append(int(row[0]))
    found = 0
    for thread_id, stories in sorted(threads.items()):
        if len(stories) < 2:
            continue
        started = time.perf_counter()
        detail = library.stories.get(stories[0])
        took = (time.perf_counter() - started) * 1000
        background = detail.thread_figures
        print(
            f"  {name}: thread {thread_id}, stories {stories}, {len(background.quantities)} "
            f"background quantities ({background.stories_read} stories read, "
            f"get() {took:.0f} ms)"
        )
        for quantity in background.quantities:
            entry = quantity.entry
            values = ", ".join(
                f"{v.mention.text} (story {s}, {v.published[:10]})"
                for v, s in zip(entry.values, quantity.value_stories, strict=True)
            )
            print(f"    {entry.kind:12} {entry.quantity}: {values}")
        found += len(background.quantities)
    return found


def imported(folder: Path, paths: list[Path], name: str) -> Library:
    library = Library(folder / f"{name}.sqlite")
    library.import_paths(paths, processes=1)
    library.wait_for_analysis()
    return library


def scale(folder: Path) -> None:
    corpus = CORPORA / "news-clusters"
    if not corpus.is_dir():
        print(f"news-clusters not found at {corpus}")
        return
    write_feeds(corpus, folder / "clusters")
    library = imported(folder, [folder / "clusters"], "clusters")
    rows = library.store.query(
        "SELECT f.article_id, s.story_id, COUNT(*) AS n FROM figures f "
        "JOIN story_articles s ON s.article_id = f.article_id GROUP BY f.article_id "
        "ORDER BY f.article_id"
    )
    story_of = {int(r[0]): int(r[1]) for r in rows}
    counts = [(int(r[0]), int(r[2])) for r in rows]
    print("scale (news-clusters articles in id order, their reports read as one thread's):")
    for size in (100, 200, 400, 800):
        ids, total = [], 0
        for article_id, count in counts:
            if total >= size:
                break
            ids.append(article_id)
            total += count
        articles = article_store.rows_by_ids(library.store, ids)
        started = time.perf_counter()
        reports = story_reports(library.store, articles)
        read = time.perf_counter() - started
        found = background_quantities(reports, story_of)
        took = time.perf_counter() - started - read
        print(
            f"  {len(ids):>4} articles, {len(reports):>5} reports: read {read * 1000:.0f} ms, "
            f"table {took * 1000:.0f} ms, {len(found)} entries of 2+ stories"
        )
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--only", choices=["samples", "strikes", "real", "scale"], help="One source."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if args.only in (None, "samples"):
            library = Library(folder / "samples.sqlite")
            library.import_samples()
            library.wait_for_analysis()
            print("sample_feeds:")
            show_threads(library, "samples")
            library.close()
        if args.only in (None, "strikes"):
            print("strike feeds (tests/stories):")
            for path in STRIKES:
                library = imported(folder, [path], path.name)
                show_threads(library, path.name)
                library.close()
        if args.only in (None, "scale"):
            scale(folder)
        if args.only in (None, "real"):
            feeds = CORPORA / "real-world-feeds"
            if not feeds.is_dir():
                print(f"real-world-feeds not found at {feeds}")
                return
            print("real-world-feeds (each imported alone):")
            total = 0
            for n, path in enumerate(sorted(p for p in feeds.iterdir() if p.suffix != "")):
                try:
                    library = imported(folder, [path], f"real-{n}")
                except Exception as error:  # an odd feed failing is reported, not fatal
                    print(f"  {path.name}: import failed: {error}")
                    continue
                total += show_threads(library, path.name)
                library.close()
            print(f"  background quantities over all real feeds: {total}")


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
