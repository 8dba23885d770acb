"""The library file: opening it, WAL, one serialised writer, per-thread readers.

Writes go through ``Store.write()``: a short ``BEGIN IMMEDIATE`` transaction on the one writer
connection, serialised by a lock, so a refresh, an import and the user's marks never meet as
"database is locked". Reads use a connection per thread (WAL lets them run beside a write).
SQLite errors a user can cause (locked by another program, disk full, not a database) become
a LibraryError with one clear line.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reader.errors import LibraryError
from reader.store.guard import check_library_file, is_writable, read_only_uri
from reader.store.lock_wait import WAIT_NOTICE_SECONDS, LockWaits
from reader.store.schema import SHIPPED_MIGRATIONS

BUSY_TIMEOUT_MS = 10_000
#: Why a library that could be written is open read-only all the same.
DISK_FULL = "disk-full"
#: One try at another program's write lock: short, so a waiting write can say it waits.
LOCK_TRY_MS = 100


def _connect(
    path: Path | str, busy_timeout_ms: int = BUSY_TIMEOUT_MS, uri: bool = False
) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(path),
        check_same_thread=False,
        isolation_level=None,
        timeout=busy_timeout_ms / 1000,
        uri=uri,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -32000")
    return conn


#: Free space below which a disk I/O error at open is read as a full disk.
FULL_DISK_BYTES = 256 * 1024


def _is_disk_full(error: sqlite3.Error, path: Path) -> bool:
    """SQLite says "disk I/O error", not "full", when a full disk stops it making the
    shared-memory file at open: the free space tells which it was."""
    text = str(error).lower()
    if "full" in text:
        return True
    if "i/o" not in text:
        return False
    try:
        disk = os.statvfs(path.parent)
    except OSError:
        return False
    return disk.f_bavail * disk.f_frsize < FULL_DISK_BYTES


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> str:
    """One line for a user: what went wrong with the library file."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return f"the library {path} is locked by another program; close it and try again"
    if ("disk" in text and ("full" in text or "i/o" in text)) or "full" in text:
        return f"could not write the library {path}: the disk is full"
    if "malformed" in text or "corrupt" in text:
        return (
            f"the library {path} is damaged ({error}); restore a backup, or rescue what is "
            "left with `sqlite3 LIBRARY .recover`"
        )
    if "not a database" in text or "encrypted" in text:
        return f"{path} is not a feedlens library (or it is damaged)"
    if "readonly" in text or "read-only" in text:
        return f"the library {path} is read-only"
    if "unable to open" in text:
        return f"cannot open the library {path}"
    return f"library error: {error}"


class Store:
    """One library file: schema migrated on open, writes serialised, reads per thread."""

    def __init__(
        self,
        path: Path,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        on_upgrade: Callable[[], None] | None = None,
    ) -> None:
        """Open (and create or upgrade) a library file. ``on_upgrade`` is called before an
        existing library's schema changes: new indexes on a large library take a while."""
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = False  # a library on a read-only disk or file: it can still be read
        self.read_only_because = ""  # DISK_FULL, or "" for a read-only file or disk
        self._target: Path | str = path
        self._lock = threading.RLock()
        self.lock_waits = LockWaits()  # told while a write waits for another program's lock
        kind = ""
        try:
            # Another program's file, or a newer feedlens's, is refused before anything is written.
            kind = check_library_file(path, SHIPPED_MIGRATIONS)
            if kind == "library" and not is_writable(path):
                self._open_read_only()
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = _connect(path, busy_timeout_ms)
            mode = self._writer.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise LibraryError(f"cannot put the library {path} in WAL mode")
            pending = self._pending_migrations()
            if pending:
                if pending == "upgrade" and on_upgrade is not None:
                    on_upgrade()
                # sqlite-utils (and its import time) is only needed to change the schema
                from reader.store.lean_sqlite_utils import sqlite_utils

                sqlite_utils()  # loaded without numpy, before the migrations load it

                from reader.store import migrations

                with self._lock:
                    migrations.apply(migrations.ScriptedDatabase(self._writer))
            # From here the writer only writes through write_patiently, which waits for
            # another program's lock in short tries so the wait can be told; inside a write
            # (WAL, the write lock held) nothing waits.
            self._writer.execute(f"PRAGMA busy_timeout = {min(LOCK_TRY_MS, busy_timeout_ms)}")
        except sqlite3.Error as error:
            if _is_disk_full(error, path) and kind == "library":
                self._open_on_full_disk()
                return
            raise LibraryError(describe_sqlite_error(error, path)) from error
        except OSError as error:
            raise LibraryError(f"cannot open the library {path}: {error.strerror}") from error
        self._new_reader_pool()

    def _open_on_full_disk(self) -> None:
        """A full disk must not lock a user out of what they already have: the library opens
        for reading, and every write says why it cannot be made."""
        writer = getattr(self, "_writer", None)
        if writer is not None:
            writer.close()
        self._open_read_only()
        self.read_only_because = DISK_FULL

    def refusal(self) -> str:
        """The one line a write gets from a library open read-only."""
        if self.read_only_because == DISK_FULL:
            return (
                f"could not write the library {self.path}: the disk is full (it was when "
                "feedlens started; free some space and start it again)"
            )
        return f"the library {self.path} is read-only; nothing can be changed"

    def _new_reader_pool(self) -> None:
        self._idle_readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        # Taking a reader from the pool, giving it back and closing the pool, one at a time:
        # a connection is closed only by the thread holding it or while idle (closing one a
        # worker thread still reads on crashed the process: a Textual worker outliving its
        # app read the change mark as a test closed the library).
        self._pool_lock = threading.Lock()
        self._closed = False

    def _open_read_only(self) -> None:
        """Open a library that cannot be written: reads work, every write says read-only."""
        self.read_only = True
        self._new_reader_pool()
        for immutable in (False, True):
            self._target = read_only_uri(self.path, immutable)
            try:
                self._writer = _connect(self._target, self.busy_timeout_ms, uri=True)
                self._writer.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as error:
                if immutable:
                    raise LibraryError(describe_sqlite_error(error, self.path)) from error
                continue
            if self._pending_migrations():
                raise LibraryError(
                    f"the library {self.path} is read-only and needs an upgrade for this "
                    "version of feedlens; open it once where it can be written"
                )
            return

    def _pending_migrations(self) -> str:
        """'' when the schema is current, 'create' for a new file, 'upgrade' for an older one
        (cheap: no sqlite-utils needed)."""
        try:
            rows = self._writer.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'feedlens'"
            ).fetchall()
        except sqlite3.OperationalError:
            return "create"
        applied = {row[0] for row in rows}
        if set(SHIPPED_MIGRATIONS) <= applied:
            return ""
        return "upgrade" if applied else "create"

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short ``BEGIN IMMEDIATE`` transaction: all of it is committed, or none."""
        with self.write_patiently(0.0) as connection:
            yield connection

    @contextmanager
    def write_patiently(self, patience_seconds: float) -> Iterator[sqlite3.Connection]:
        """``write()``, but waiting up to ``patience_seconds`` for another process's write
        lock instead of failing after the busy timeout: a long import waits between its
        batches for another import rather than losing its work."""
        if self.read_only:
            raise LibraryError(self.refusal())
        # SQLite's own busy wait would be silent for the whole timeout: short tries instead,
        # so a wait past WAIT_NOTICE_SECONDS is told (reader.store.lock_wait).
        with self._lock:
            started = time.monotonic()  # this process's own writes queue silently, above
            deadline = started + max(patience_seconds, self.busy_timeout_ms / 1000)
            told = False
            try:
                while True:
                    try:
                        self._writer.execute("BEGIN IMMEDIATE")
                        break
                    except sqlite3.OperationalError as error:
                        text = str(error).lower()
                        busy = "locked" in text or "busy" in text
                        if not busy or time.monotonic() >= deadline:
                            raise LibraryError(describe_sqlite_error(error, self.path)) from error
                        if not told and time.monotonic() - started >= WAIT_NOTICE_SECONDS:
                            told = True
                            self.lock_waits.tell(True)
                        time.sleep(0.05)
                    except sqlite3.Error as error:
                        raise LibraryError(describe_sqlite_error(error, self.path)) from error
            finally:
                if told:
                    self.lock_waits.tell(False)
            try:
                yield self._writer
                self._writer.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise LibraryError(describe_sqlite_error(error, self.path)) from error
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self._writer.in_transaction:
            self._writer.execute("ROLLBACK")

    @contextmanager
    def reader(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection of the pool, for this thread while the block runs."""
        with self._pool_lock:
            if self._closed:
                raise LibraryError(f"the library {self.path} is closed")
            try:
                conn = self._idle_readers.get_nowait()
            except queue.Empty:
                conn = None
        if conn is None:
            conn = _connect(self._target, self.busy_timeout_ms, uri=self.read_only)
            conn.execute("PRAGMA query_only = ON")
        try:
            yield conn
        except sqlite3.Error as error:  # damaged pages, a locked file: one line for the user
            raise LibraryError(describe_sqlite_error(error, self.path)) from error
        finally:
            with self._pool_lock:
                closed = self._closed
                if not closed:
                    self._idle_readers.put(conn)
            if closed:
                conn.close()  # the pool closed while this thread read: it closes its own

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of a read-only statement, on a pooled reader connection."""
        try:
            with self.reader() as conn:
                return conn.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise LibraryError(describe_sqlite_error(error, self.path)) from error

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def query_ids(self, sql: str, ids: Sequence[int], chunk: int = 500) -> list[sqlite3.Row]:
        """Rows of ``sql`` whose ``{ids}`` stands for a list of placeholders, run over the ids
        a chunk at a time (SQLite limits how many parameters one statement takes)."""
        rows: list[sqlite3.Row] = []
        for first in range(0, len(ids), chunk):
            part = list(ids[first : first + chunk])
            rows.extend(self.query(sql.format(ids=", ".join("?" for _ in part)), part))
        return rows

    def get_state(self, key: str) -> str | None:
        row = self.query_one("SELECT value FROM state WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def set_state(self, key: str, value: str) -> None:
        with self.write() as conn:
            write_state(conn, key, value)

    def checkpoint_on_commit(self, on: bool) -> None:
        """Whether this process's commits copy the WAL back into the library file (SQLite's
        automatic checkpoint, on by default). Off in analysis worker processes: the process
        handing them batches checkpoints instead, so no worker sleeps on the disk's flush."""
        with self._lock:
            self._writer.execute(f"PRAGMA wal_autocheckpoint = {1000 if on else 0}")

    def checkpoint(self) -> None:
        """Copy what the WAL holds back into the library file, as far as readers let it
        (PASSIVE: it neither waits for nor blocks a writer)."""
        if self.read_only:
            return
        try:
            with self._lock:
                self._writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:
            raise LibraryError(describe_sqlite_error(error, self.path)) from error

    def close(self) -> None:
        with self._pool_lock:
            self._closed = True
            idle = []
            while True:
                try:
                    idle.append(self._idle_readers.get_nowait())
                except queue.Empty:
                    break
        for conn in idle:  # a reader in use is closed by its thread when it is done
            conn.close()
        with self._lock:  # never while another thread writes: closing under it crashes SQLite
            self._writer.close()


def write_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set a state value inside a write transaction already open."""
    conn.execute(
        "INSERT INTO state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
