"""A worker process's connection to a library: opened on its first task, kept for the next.

Import and analysis run in worker processes that write to the library themselves, a short
transaction at a time; opening the file (and checking its schema) once per process, not once
per task, keeps a task's cost to its work.
"""

from __future__ import annotations

from pathlib import Path

from reader.store.db import Store

_stores: dict[str, Store] = {}


def worker_store(path: str) -> Store:
    """This process's Store for the library at ``path`` (an absolute path)."""
    store = _stores.get(path)
    if store is None:
        store = _stores[path] = Store(Path(path))
    return store
