"""Old against new store stage: import the same feed files with two source trees and compare
everything the store stage writes, so a speed-up can be shown to change no stored result.

    uv run python tests/perf/store_digest.py [--one-process] OLD_TREE NEW_TREE PATH...

Each tree imports the paths (files, folders) into a fresh library in its own process; then per
article (keyed by feed and key: with worker processes, ids follow which file finished first)
its fields, its HTML decompressed (the stream's bytes may differ, not what it holds), its
canonical text and block structure (as parsed JSON), its hash; the full-text index's
vocabulary (term, documents, occurrences) and its integrity check; the analysis queue's
articles and count; the feeds; and every file's import outcome (counts or error line). The
differences are printed; the exit status is 1 when there are any. ``--one-process`` imports
without worker processes: files whose feeds are copies of one another (feedparser's psc/ tests)
are stored in the order given, not in the order workers finish them, so two runs of one tree
agree (with workers they may not: a copy updates the feed of whichever path came first).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, sqlite3, sys, zlib
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from reader.library import Library

library = Library(Path(sys.argv[2]))
processes = None if sys.argv[3] == "-" else int(sys.argv[3])
summary = library.import_paths([Path(p) for p in sys.argv[4:]], processes=processes)
outcomes = sorted(
    [r.source, r.new, r.updated, r.unchanged, r.error or ""] for r in summary.results
)
library.close()
conn = sqlite3.connect(sys.argv[2])
conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
feeds = {
    fid: url
    for fid, url in conn.execute("SELECT id, url FROM feeds")
}
articles = {}
for row in conn.execute(
    "SELECT id, feed_id, key, guid, link, title, author, published, updated, sort_date, "
    "undated, html, text, structure, content_hash, read, starred, extractor_version "
    "FROM articles"
):
    (aid, fid, key, guid, link, title, author, published, updated, sort_date, undated,
     html, text, structure, digest, read, starred, version) = row
    articles[aid] = [
        feeds[fid], key, guid, link, title, author, published, updated,
        None if undated else sort_date,  # an undated article's date is the time it was stored
        undated,
        zlib.decompress(html).decode("utf-8", "replace") if html else html,
        text, json.loads(structure), digest, read, starred, version,
    ]
queue = sorted(articles[aid][:2] for (aid,) in conn.execute("SELECT article_id FROM analysis_queue"))
state = dict(conn.execute("SELECT key, value FROM state WHERE key = 'analysis_total'"))
vocab = sorted(conn.execute("SELECT term, doc, cnt FROM articles_vocab"))
matches = {}
for (term,) in conn.execute("SELECT term FROM articles_vocab ORDER BY cnt DESC LIMIT 300"):
    ids = conn.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ['"' + term + '"']
    )
    matches[term] = sorted(articles[i][:2] for (i,) in ids)
feed_rows = sorted(
    list(r) for r in conn.execute("SELECT url, title, site_link, tags, source_kind FROM feeds")
)
print(json.dumps({
    "outcomes": [[Path(o[0]).name, *o[1:]] for o in outcomes],
    "feeds": feed_rows,
    "articles": sorted(articles.values(), key=lambda a: (a[0], a[1])),
    "queue": queue,
    "queue_total": state,
    "vocabulary": vocab,
    "matches": matches,
}))
"""


def digest(tree: Path, paths: list[str], folder: Path, processes: str = "-") -> dict[str, object]:
    db = folder / f"{tree.name}.sqlite"
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(db), processes, *paths],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: {done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    arguments = sys.argv[1:]
    processes = "-"
    if arguments[0] == "--one-process":
        processes, arguments = "1", arguments[1:]
    old, new, *paths = arguments
    with tempfile.TemporaryDirectory() as tmp:
        first = digest(Path(old), paths, Path(tmp), processes)
        second = digest(Path(new), paths, Path(tmp), processes)
    differing = 0
    for part, value in first.items():
        other = second[part]
        if value == other:
            size = len(value) if isinstance(value, list | dict) else 1
            print(f"{part}: same ({size:,} entries)")
            continue
        differing += 1
        print(f"{part}: DIFFERENT")
        if isinstance(value, list) and isinstance(other, list):
            shown = 0
            for a, b in zip(value, other, strict=False):
                if a != b and shown < 3:
                    print(f"  old: {str(a)[:300]}\n  new: {str(b)[:300]}")
                    shown += 1
            if len(value) != len(other):
                print(f"  {len(value)} entries old, {len(other)} new")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    from reader.child_process import children_skip_main

    children_skip_main()  # as the feedlens command: workers need not run this script again
    main()
