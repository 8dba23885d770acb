"""Worker processes that extract articles from fetched pages, for the full-text passes.

Extraction (trafilatura, about 30 ms of CPU a page) is what limits a page pass, so it runs in
worker processes while fetching and storing go on in the caller's process. This module owns
those processes: starting them at once with the extractor already loaded (forked from the
pass's own process when that is safe, else from the fork server, which loads it as it starts)
while the first pages are being fetched, the CPU time they spent (what a busy machine
distorts least), and a worker that dies: the page that killed it keeps the feed's text with
one line saying why, and a new pool reads the others. It imports only what a worker needs.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from reader.models import CleanText
from reader.text.page import load_extractor, page_article

if TYPE_CHECKING:
    import asyncio
    from multiprocessing.context import BaseContext

PageReader = Callable[[bytes, str, str], CleanText | str]

# A pool whose worker died is replaced at most this many times in one pass (a page that kills
# its worker breaks two); pages after that keep their feed's text (something is killing every
# worker: memory, a signal, a bad build).
MAX_RESTARTS = 8
WORKER_DIED = "the page could not be read (its extraction stopped the worker process)"
# A news page's article takes some 30 ms of CPU; a page taking this long is one no reader
# wants whole (a multi-megabyte listing whose extraction grows faster than its size: a 4 MiB
# one takes about a minute). CPU time, not wall time: a busy machine gives up no page.
PAGE_CPU_LIMIT = 5.0


def over_time(limit: float) -> str:
    """Why a page given up on keeps its feed's text (one line)."""
    return f"the page took too long to read (more than {limit:g} s of CPU); given up"


class _OverTime(BaseException):
    """Raised in a worker when its page's CPU time runs out. A BaseException: the extractor's
    own ``except Exception`` clauses must not swallow it."""


def _out_of_time(signum: int, frame: object) -> None:
    raise _OverTime


# The CPU a worker spent starting (loading the extractor), set as it starts.
_start_cpu = 0.0


def start_worker() -> None:
    """Each worker's start: the default end on SIGTERM (a worker forked from the reader's
    pass child would inherit its handler, which raises SystemExit, and a pool ending its
    workers with SIGTERM would wait for them for ever), Ctrl-C ignored (the parent ends its
    workers itself, see reader.child_signals; a worker forked from a command would inherit its
    handler and print a traceback), and the extractor loaded now (when the process it came
    from had not loaded it), before the first page arrives."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_extractor()

    global _start_cpu
    _start_cpu = time.process_time()


def worker_ready() -> tuple[int, float, float]:
    """A worker's id, the CPU it has spent, and of that what starting up took."""
    return os.getpid(), time.process_time(), _start_cpu


def read_page(
    reader: PageReader, body: bytes, content_type: str, url: str, limit: float = PAGE_CPU_LIMIT
) -> tuple[CleanText | str, int, float, float]:
    """Run in a worker (in its main thread, where signals arrive): the page's article (or why
    none; why it was given up when its extraction used ``limit`` seconds of CPU), the
    worker's id, its CPU so far and what starting up took of it."""
    previous = signal.signal(signal.SIGPROF, _out_of_time)
    article: CleanText | str
    try:
        try:
            signal.setitimer(signal.ITIMER_PROF, limit)  # counts this process's CPU time
            article = reader(body, content_type, url)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except _OverTime:
        article = over_time(limit)
    finally:
        signal.signal(signal.SIGPROF, previous)
    return article, os.getpid(), time.process_time(), _start_cpu


def can_fork_here() -> bool:
    """Whether workers may be forked from this process itself, now: it runs no other thread
    (fork() beside a thread may copy a lock that thread holds; a pool forks all its workers
    before it starts its own thread). The command line's passes and the reader's pass in its
    child process run so; the reader's own process never does."""
    import multiprocessing

    # A forked worker ends with os._exit (as multiprocessing ends every process it starts):
    # it never closes the library connection it was copied with, which could checkpoint the
    # WAL under the process that opened it.
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


class ExtractionPool:
    """Worker processes reading pages' articles; ``extract`` is awaited from the pass's loop.

    A process running no other thread (the command line, the reader's pass in its child
    process) loads the extractor and forks its workers at once: they start with it. Otherwise
    they come from the fork server (which loads the extractor when it starts if the library
    has a feed whose pages may be fetched, see ``pipeline.want_page_extractor``; else each
    worker loads it) in a thread of their own, and the pass fetches its first pages meanwhile;
    so does a pool replacing one whose worker died."""

    def __init__(
        self, workers: int, reader: PageReader = page_article, limit: float = PAGE_CPU_LIMIT
    ):
        self.workers = max(1, workers)
        self.reader = reader
        self.limit = limit  # seconds of CPU one page's extraction may take
        self.restarts = 0
        self._cpu_by_worker: dict[int, float] = {}
        self._start_cpu_by_worker: dict[int, float] = {}
        self._retry_lock: asyncio.Lock | None = None
        self._retry_loop: asyncio.AbstractEventLoop | None = None
        self.forked = can_fork_here()  # how the first workers started (the benchmark says)
        if self.forked:
            import multiprocessing

            # trafilatura itself once here (some 0.2 s of CPU; the pass has fetched nothing to
            # extract yet); the mojibake repairer (another 0.2 s) each worker loads as it
            # starts, on both cores while the first pages are fetched: loaded here, it held up
            # the start of a short pass by that much. (The fallback's stopwords load only in a
            # worker that reads a page needing them: ``load_extractor``.)
            import trafilatura  # noqa: F401

            # What is loaded stays out of the workers' garbage collections: a collection
            # walking the inherited objects would write to (and so copy) their memory pages.
            # A heap frozen already (the reader freezes what its start-up loaded) stays so.
            frozen_before = gc.get_freeze_count() > 0
            gc.freeze()
            self._ready: Future[ProcessPoolExecutor] = Future()
            self._open(self._ready, multiprocessing.get_context("fork"))
            if not frozen_before:  # forked (all at once, for a fork context): collect all here
                gc.unfreeze()
        else:
            self._ready = self._start()

    @property
    def cpu_seconds(self) -> float:
        """CPU the workers spent, starting up included (a worker's CPU as it last reported)."""
        return sum(self._cpu_by_worker.values())

    @property
    def start_cpu_seconds(self) -> float:
        """Of ``cpu_seconds``, what starting the workers took (loading the extractor)."""
        return sum(self._start_cpu_by_worker.values())

    def _start(self) -> Future[ProcessPoolExecutor]:
        """Workers from the fork server, started in a thread (the first may wait for the
        server to start and load what workers run)."""
        from reader.pipeline import process_context

        ready: Future[ProcessPoolExecutor] = Future()
        context = process_context()  # here, not in the thread: it swaps sys.stderr
        threading.Thread(
            target=self._open, args=(ready, context), name="extraction processes", daemon=True
        ).start()
        return ready

    def _open(self, ready: Future[ProcessPoolExecutor], context: BaseContext) -> None:
        executor = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=start_worker
        )
        try:
            # A task now: the workers start (forked now, or from the fork server once it has
            # loaded the extractor) before any page is ready.
            for _ in range(self.workers):
                executor.submit(worker_ready).add_done_callback(self._count_ready)
        except Exception as error:  # no process could start: every page will say so
            executor.shutdown(wait=False, cancel_futures=True)
            ready.set_exception(error)
            return
        ready.set_result(executor)

    def _count_ready(self, future: Future[tuple[int, float, float]]) -> None:
        if not future.cancelled() and future.exception() is None:
            self._note_cpu(*future.result())

    def _note_cpu(self, pid: int, cpu: float, start_cpu: float) -> None:
        self._cpu_by_worker[pid] = max(cpu, self._cpu_by_worker.get(pid, 0.0))
        self._start_cpu_by_worker[pid] = start_cpu

    async def extract(self, body: bytes, content_type: str, url: str) -> CleanText | str:
        """The page's article or why none. A worker that dies breaks the pool: every page it
        was reading is tried again in a new pool, one such page at a time, so the page that
        kills its worker is found (and keeps its feed's text) while the others are read."""
        import asyncio

        loop = asyncio.get_running_loop()
        try:
            return await self._read(loop, body, content_type, url)
        except (BrokenProcessPool, OSError):
            pass
        async with self._one_at_a_time(loop):
            try:
                return await self._read(loop, body, content_type, url)
            except (BrokenProcessPool, OSError):
                return WORKER_DIED

    async def _read(
        self, loop: asyncio.AbstractEventLoop, body: bytes, content_type: str, url: str
    ) -> CleanText | str:
        import asyncio

        ready = self._ready
        try:
            executor = await asyncio.wrap_future(ready)
            article, pid, cpu, start_cpu = await loop.run_in_executor(
                executor, read_page, self.reader, body, content_type, url, self.limit
            )
        except (BrokenProcessPool, OSError):
            self._replace(ready)
            raise
        self._note_cpu(pid, cpu, start_cpu)
        return article

    def _one_at_a_time(self, loop: asyncio.AbstractEventLoop) -> asyncio.Lock:
        """The lock for pages tried again, one per event loop (each batch runs its own)."""
        import asyncio

        if self._retry_lock is None or self._retry_loop is not loop:
            self._retry_lock, self._retry_loop = asyncio.Lock(), loop
        return self._retry_lock

    def _replace(self, broken: Future[ProcessPoolExecutor]) -> None:
        """A new pool for a broken one (once, however many pages saw it break)."""
        if self._ready is not broken or self.restarts >= MAX_RESTARTS:
            return
        self.restarts += 1
        if broken.exception() is None:
            broken.result().shutdown(wait=False, cancel_futures=True)
        self._ready = self._start()

    def shutdown(self) -> None:
        """Stop the workers (a page being read is finished first, none is started)."""
        if self._ready.exception() is None:
            self._ready.result().shutdown(wait=True, cancel_futures=True)
