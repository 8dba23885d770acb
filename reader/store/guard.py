"""What a file given as the library is, checked before anything is written to it.

feedlens only ever creates its schema in a new or empty file, or upgrades a file that is
already a feedlens library: another program's SQLite file is refused untouched (switching it to
WAL and adding twenty tables would damage it), and so is a library written by a newer feedlens
(its unknown schema changes could not be honoured). The look is read-only, so a library on a
read-only disk or without write permission can still be opened for reading.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from reader.errors import LibraryError

MIGRATION_SET = "feedlens"


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """The SQLite URI that opens ``path`` without ever writing to it."""
    tail = "&immutable=1" if immutable else ""
    return f"file:{quote(str(path.resolve()))}?mode=ro{tail}"


def is_writable(path: Path) -> bool:
    """Whether the library (or, for a new one, its folder) can be written."""
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def check_library_file(path: Path, known_migrations: tuple[str, ...]) -> str:
    """'new' for a missing or empty file, 'library' for a feedlens library this version
    knows; else one LibraryError line saying why it is refused."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return "new"
    except OSError as error:
        raise LibraryError(f"cannot open the library {path}: {error.strerror}") from None
    tables, applied = _look(path)
    if applied is None:
        if not tables:
            return "new"
        shown = ", ".join(sorted(tables)[:3]) + ("…" if len(tables) > 3 else "")
        raise LibraryError(
            f"{path} is another program's SQLite file (tables {shown}), not a feedlens "
            "library; give --db a new file or an existing library"
        )
    unknown = sorted(set(applied) - set(known_migrations))
    if unknown:
        raise LibraryError(
            f"the library {path} was written by a newer feedlens (schema {unknown[-1]}); "
            "upgrade feedlens to open it"
        )
    return "library"


def _look(path: Path) -> tuple[set[str], list[str] | None]:
    """The file's table names and feedlens's applied migrations (None: not a library)."""
    for immutable in (False, True):
        try:
            conn = sqlite3.connect(read_only_uri(path, immutable), uri=True)
        except sqlite3.Error:
            continue
        try:
            tables = {
                str(row[0])
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "_sqlite_migrations" not in tables:
                return tables, None
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
            ).fetchall()
            return tables, ([str(row[0]) for row in rows] if rows else None)
        except sqlite3.Error as error:
            text = str(error).lower()
            if "not a database" in text or "malformed" in text or "encrypted" in text:
                from reader.store.db import describe_sqlite_error

                raise LibraryError(describe_sqlite_error(error, path)) from None
            if immutable:
                raise LibraryError(f"cannot open the library {path}: {error}") from None
        finally:
            conn.close()
    raise LibraryError(f"cannot open the library {path}")
