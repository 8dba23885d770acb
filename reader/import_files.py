"""Storing feed files: reading one, preparing it (reader/pipeline.py) and storing it in the
library, a batch of articles per transaction; what an import runs for each file, in its own
process or in a worker process.

Apart from the facade (reader/library.py) so that a worker process of an import loads only
what storing needs: the facade imports the analysis, stories and figures modules, some half a
second of CPU that an import's fork server and workers need not spend (reader/pipeline.py's
``STORE_WORKER_MODULES``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import FeedlensError, FeedParseError
from reader.models import ImportResult
from reader.store import annotations as annotation_store
from reader.store import articles as article_store
from reader.store import feed_identity
from reader.store.db import Store
from reader.store.workers import worker_store

if TYPE_CHECKING:
    from reader.pipeline import PreparedFeed

MAX_FILE_BYTES = 64 * 1024 * 1024
STORE_BATCH = 1000  # articles per write transaction of an import: well under a second
LOCK_PATIENCE_SECONDS = 600.0  # how long an import waits for another process's write lock


@dataclass(frozen=True)
class Job:
    """One feed file to import, with the tags an OPML folder gave it."""

    path: Path
    tags: tuple[str, ...] = ()
    title: str = ""


def file_url(path: Path) -> str:
    """A feed file's URL in the library (as store_prepared stores it)."""
    return path.resolve().as_uri()


def read_file(path: Path, limit: int | None = None) -> bytes:
    """A feed file's bytes (the first ``limit`` of them), or one clear FeedParseError.

    Only regular files are read: a FIFO or a device named by an OPML list would block the
    import (and the reader's quit) for ever. The file is opened without blocking and checked
    before a byte is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                if stat.S_ISDIR(status.st_mode):
                    raise IsADirectoryError
                raise FeedParseError("not a regular file; skipped")
            if limit is not None:
                return handle.read(limit)
            if status.st_size > MAX_FILE_BYTES:
                raise FeedParseError(f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
            return handle.read()
    except FileNotFoundError:
        raise FeedParseError("no such file") from None
    except IsADirectoryError:
        raise FeedParseError("is a directory") from None
    except PermissionError:
        raise FeedParseError("permission denied") from None
    except OSError as error:
        raise FeedParseError(f"cannot read ({error.strerror})") from None


def prepare_file(path: Path) -> PreparedFeed:
    """Read and prepare one feed file."""
    # Here, not at the top: the reader imports this module (through the facade) before its
    # first paint, and parsing and cleaning are not needed for that.
    from reader.pipeline import prepare_bytes

    return prepare_bytes(read_file(path))


def clean_title(value: object) -> str:
    """A one-line string from outside (a file name, an imported tag), safe for a terminal."""
    from reader.text.clean import clean_line

    return clean_line(value, 500)


def prepare_safely(path: Path) -> PreparedFeed | FeedlensError:
    try:
        return prepare_file(path)
    except FeedlensError as error:
        return error
    except RecursionError:
        return FeedParseError("feed is nested too deeply to read")
    except Exception as error:  # a parser bug must cost one file, never the whole import
        return FeedParseError(f"unreadable feed ({type(error).__name__})")


def store_prepared(store: Store, job: Job, prepared: PreparedFeed | FeedlensError) -> ImportResult:
    """Store a prepared feed file, a batch of articles per transaction (queued for analysis)."""
    source = str(job.path)
    if isinstance(prepared, FeedlensError):
        return ImportResult(source, None, job.title, error=prepared.message)
    title = prepared.title or job.title or clean_title(job.path.stem)
    url = file_url(job.path)
    new = updated = unchanged = 0
    feed_id: int | None = None
    articles = prepared.articles
    try:
        annotation_store.plan_reanchors(  # outside the write lock
            store, url, [(a.key, a.content_hash, a.text) for a in articles]
        )
        # A batch of a feed per transaction: no write lock is held for more than about a
        # second, and another import's lock is waited for between batches.
        for first in range(0, max(len(articles), 1), STORE_BATCH):
            with store.write_patiently(LOCK_PATIENCE_SECONDS) as conn:
                if feed_id is None:
                    # A copy of a feed already imported from another path updates that feed.
                    feed_identity.follow_moved_file(
                        conn, url, title, prepared.site_link, [a.key for a in articles]
                    )
                    feed_id = article_store.upsert_feed(
                        conn, url, title, prepared.site_link, job.tags
                    )
                added, changed, same = article_store.save_articles(
                    conn, feed_id, articles[first : first + STORE_BATCH]
                )
            new, updated, unchanged = new + len(added), updated + len(changed), unchanged + same
    except FeedlensError as error:
        return ImportResult(source, feed_id, title, new, updated, unchanged, error=error.message)
    return ImportResult(
        source,
        feed_id,
        title,
        new,
        updated,
        unchanged,
        warnings=prepared.warnings,
    )


def import_in_worker(path: str, job: Job) -> ImportResult:
    """Worker-process entry point: prepare one feed file and store it in the library."""
    return store_prepared(worker_store(path), job, prepare_safely(job.path))
