"""Starting and following the reader's child processes for its refreshes and page passes: a
process from the reader's start method (``pipeline.process_context``) that sends its messages
through a pipe, followed here until it ends. The pipe's sending end is closed here once the
child holds it (so a child that dies shows as the end of the pipe), and the child is joined
and the pipe closed however the following ends (its summary, a failure, a stop). Helper
processes (the fork server) start with Ctrl-C held back (``interrupts_held``). And what a
process says of its children before it starts any: that they never need its ``__main__``
(``children_skip_main``), that it analyses too (``want_analysis_workers``: what its fork
server preloads)."""

from __future__ import annotations

import importlib.util
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # multiprocessing loads with the first child started (reader.pipeline)
    from multiprocessing.connection import Connection

Result = TypeVar("Result")

_analysis_wanted = False


def want_analysis_workers() -> None:
    """This process analyses too (the reader; a command that waits for the analysis of what it
    imports): its fork server loads the analysis modules even when a store-only pool starts it
    first, so the analysis workers and children it forks later start with them loaded."""
    global _analysis_wanted
    _analysis_wanted = True


def analysis_wanted() -> bool:
    """Whether ``want_analysis_workers`` was called in this process."""
    return _analysis_wanted


def children_skip_main() -> None:
    """Have this process's children skip re-running its ``__main__``: every child the reader
    starts runs a function of the ``reader`` package, never one of the program's script.

    multiprocessing runs the parent's main script again in each child it starts (so that
    functions defined there can be unpickled), unless the main module is a package's
    ``__main__`` (``python -m reader``). ``feedlens`` is a console script that imports the
    whole CLI (reader.cli, some 0.7 s of CPU): each worker of an import loaded it. Naming
    ``reader.__main__`` as the main module's spec, as ``python -m reader`` would, tells
    multiprocessing there is nothing to run. Only for a main module with no spec of its own
    (a script): one run with ``-m`` keeps its own."""
    main = sys.modules.get("__main__")
    if main is not None and getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.util.find_spec("reader.__main__")


def run_child(
    target: Callable[..., None],
    args: tuple[Any, ...],
    name: str,
    follow: Callable[[Any, Connection], Result],
    daemon: bool | None = None,
) -> Result:
    """Run ``target(*args, sending)`` in a child process named ``name`` and return what
    ``follow(child, receiving)`` returns (it reads the child's messages until the end).
    ``daemon``: the child never outlives this process (None: as multiprocessing decides)."""
    from reader.pipeline import process_context

    context = process_context()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(  # type: ignore[attr-defined]
        target=target, args=(*args, sending), name=name, daemon=daemon
    )
    child.start()
    sending.close()
    try:
        return follow(child, receiving)
    finally:
        child.join()
        receiving.close()


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Ctrl-C held back (blocked, not lost) in this thread while it starts a helper process.

    A process started here inherits the thread's signal mask: the fork server starts with
    Ctrl-C blocked, so a Ctrl-C during its own start (before reader.child_signals has it
    ignored) no longer kills it with a "Fatal Python error … KeyboardInterrupt" on the
    terminal, and every worker it forks inherits the same. This thread hears a Ctrl-C held
    back at once when the block ends (the command's handler ends the children then)."""
    if not hasattr(signal, "pthread_sigmask"):  # no signal masks here: nothing to hold back
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
