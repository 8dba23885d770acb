"""Writing a user's output file (exports, backups) so that a failure never costs what was there.

The text goes to a temporary file in the same folder, is flushed to disk, and only then renamed
over the target: on a full disk or a read-only filesystem the previous file stays whole and the
user gets one line. The library's own file (and its WAL and shared-memory companions) is never
a valid target: an export there would destroy the library.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from reader.errors import FeedlensError


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def refuse_library_path(target: Path, library: Path) -> None:
    """One FeedlensError when ``target`` is the library file or one of its companions."""
    companions = [library, *(library.with_name(library.name + end) for end in ("-wal", "-shm"))]
    if any(_same_file(target, path) for path in companions):
        raise FeedlensError(f"{target} is the library itself; choose another file to write")


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC or error.errno == errno.EDQUOT:
        return "the disk is full"
    if error.errno == errno.EROFS:
        return "the filesystem is read-only"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def write_text_atomically(target: Path, text: str, library: Path | None = None) -> None:
    """Replace ``target`` with ``text`` in one step, or leave it as it was and raise one
    FeedlensError saying why."""
    if library is not None:
        refuse_library_path(target, library)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FeedlensError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_dir():
        raise FeedlensError(f"cannot write {target}: it is a folder")
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        kept = " (the previous file is untouched)" if target.exists() else ""
        raise FeedlensError(f"cannot write {target}: {_reason(error)}{kept}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
