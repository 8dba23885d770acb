"""Completing a file path in a text field as a shell does: the import prompt's Tab.

``complete`` reads the one directory the typed path points into and returns what Tab makes of
it: the name completed when one entry fits (a directory gets its ``/``, so Tab goes on inside
it), the part all fitting entries share when several do, with those entries listed to choose
from. ``~`` stands for the home directory and stays as typed; entries starting with a dot are
offered only when the name typed starts with one. Reading a directory may take long on a slow
or network disk, so the field asks from a worker thread (``PathSuggester`` for the dim
suggestion as one types, the prompt's Tab for the completion itself), never the event loop.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from textual.suggester import Suggester

MOST_ENTRIES = 5000  # a directory read no further (a huge folder: what fits so far is offered)
MOST_CHOICES = 60  # choices listed under the field at most (their count is said)


@dataclass(frozen=True)
class Completion:
    """What Tab makes of a typed path: the new text, and the entries it could still be."""

    value: str
    choices: tuple[str, ...] = ()  # names (directories with a trailing /) when ambiguous
    more: int = 0  # choices beyond those listed


def complete(value: str) -> Completion:
    """Complete ``value`` against the directory it points into (blocking: call it in a
    thread). The value comes back unchanged when nothing fits or the directory is unreadable."""
    cut = value.rfind("/") + 1
    folder_text, partial = value[:cut], value[cut:]
    folder = Path(os.path.expanduser(folder_text or "."))
    fitting: list[tuple[str, bool]] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MOST_ENTRIES:
                    break
                name = entry.name
                if not name.startswith(partial) or (name.startswith(".") and partial[:1] != "."):
                    continue
                try:
                    is_folder = entry.is_dir()  # follows links: a linked folder is a folder
                except OSError:
                    is_folder = False
                fitting.append((name, is_folder))
    except OSError:  # no such folder, not one, or not readable: nothing to offer
        return Completion(value)
    if not fitting:
        return Completion(value)
    if len(fitting) == 1:
        name, is_folder = fitting[0]
        return Completion(folder_text + name + ("/" if is_folder else ""))
    shared = _shared_start([name for name, _ in fitting])
    shown = sorted(name + ("/" if is_folder else "") for name, is_folder in fitting)
    return Completion(
        folder_text + shared,
        tuple(shown[:MOST_CHOICES]),
        max(len(shown) - MOST_CHOICES, 0),
    )


def _shared_start(names: list[str]) -> str:
    """The characters every name starts with (the first and last in order bound them all)."""
    first, last = min(names), max(names)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


class PathSuggester(Suggester):
    """The dim suggestion as one types (``right`` takes it): the one entry the path can be,
    or the part the entries it can be share. Asked in a thread; never cached (files come and
    go while the prompt is open)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        completion = await asyncio.to_thread(complete, value)
        return completion.value if len(completion.value) > len(value) else None
