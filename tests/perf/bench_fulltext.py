"""Full-text benchmark: the article-pages corpus (111 real news pages) served from 127.0.0.1,
a feed of teasers pointing at them, and the whole path (fetch, extract, clean, figures, store).

    uv run python tests/perf/bench_fulltext.py [--pages 111] [--processes 2] [--no-ui | --ui-only]
        [--presses 150] [--rounds 1] [--pilot]

Prints the shingle precision/recall/F1 of the stored canonical text against the true article
text (target F1 >= 0.94), the pages per second of the page pass (target >= 50 on two cores)
with the CPU it cost (this process: fetching, storing, and loading the extractor when the
extraction processes are forked from it; those processes: starting up and extracting; the
pages come from a server in a process of its own, whose CPU is printed too: it shares the
cores) and what that CPU gives on two idle cores, and the reader's keypress latency: in a real
reader process on a pseudo-terminal, a ``j``/``k`` press until its first screen update
(``terminal_keys``), idle, all through a page pass started with ``R`` as a user starts one
(the reader leaves the pages it stores to its analysis after the pass), while it analyses
them, and idle again, back to back, with the CPU the reader's process spent a press (what the pass
makes the reader itself do), and the reader's CPU through a whole pass with no key pressed.
With ``--pilot``, also the older figures through Pilot, which wait until the whole test process
is quiet (60 ms at least a press; see ``terminal_keys``).
Wall-clock figures from a shared, busy machine are noisy (the load average is printed): run
it twice, and read the CPU figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.config import Settings
from reader.fulltext import PagePassOptions
from reader.library import Library
from tests.feedserver import Route, serve
from tests.pages import Page, available, feed_route, keys, page, page_route, rss, teaser_of
from tests.perf.terminal_keys import TerminalPresses, reader_in_terminal
from tests.shingles import mean, score


def subscribe(library: Library, base: str) -> None:
    summary = library.refresh([library.subscribe(f"{base}/feed")])
    assert not summary.feeds[0].error, summary.feeds[0].error


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[int(share * (len(values) - 1))]


@dataclass(frozen=True)
class Presses:
    """Keypress latencies (ms), and the CPU the reader's process (Pilot included) spent in
    each: latency a busy machine lengthens, CPU what the reader itself had to do meanwhile."""

    times: list[float]
    cpu: list[float]


def quartiles(presses: Presses) -> str:
    times = presses.times
    return (
        f"{statistics.median(times):.0f}/{percentile(times, 0.95):.0f} ms ({len(times)} presses; "
        f"the reader's CPU {statistics.mean(presses.cpu):.1f} ms a press)"
    )


async def keypresses(
    library: Library, paging: bool, least: int = 30, analysis: bool = True
) -> Presses:
    """Keypress latencies: ``least`` presses idle; with ``paging``, presses until the page pass
    (one extraction process, at a lower priority, as in the reader) has ended, so all of it
    is sampled: starting the process, fetching, extracting, storing. Without ``analysis`` the
    reader does not start analysing the pages stored meanwhile (their figures and stories,
    which it does every few seconds in the real reader): the pass's own cost alone."""
    from textual.worker import WorkerState

    from reader.ui import fulltext
    from reader.ui.app import make_app
    from reader.ui.screens.library import LibraryScreen

    app = make_app(library, Settings())
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(10):
            await app.workers.wait_for_complete()
            await pilot.pause()
        if not analysis:
            app._analysis_retry_at = float("inf")  # the reader's analysis waits (bench only)
        if paging:
            screen = app.screen
            assert isinstance(screen, LibraryScreen)
            fulltext.start_page_pass(screen)  # what follows a refresh in the reader

        def paging_now() -> bool:
            running = (WorkerState.PENDING, WorkerState.RUNNING)
            return any(w.group == "pages" and w.state in running for w in app.workers)

        presses = 0
        while presses < least or (paging and paging_now() and presses < 2000):
            started, cpu_started = time.perf_counter(), time.process_time()
            await pilot.press("j" if presses % 2 == 0 else "k")
            await pilot.pause()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            presses += 1
        await app.workers.wait_for_complete()
    return Presses(times, cpu)


def serve_corpus(pages: int, conn: Connection, niceness: int = 0) -> None:
    """In a process of its own: the corpus pages and their teaser feed, until told to stop;
    at a lower priority when told (``niceness``)."""
    if niceness:
        with contextlib.suppress(OSError):
            os.nice(niceness)
    chosen = [page(key) for key in keys()[:pages]]
    routes: dict[str, Route] = {f"/p/{p.key}": page_route(p.html) for p in chosen}
    with serve(routes) as (base, _):
        items = [(f"Article {p.key[:8]}", f"{base}/p/{p.key}", teaser_of(p.truth)) for p in chosen]
        routes["/feed"] = feed_route(rss(items))
        conn.send(base)
        while conn.recv() == "cpu":  # until "stop"
            conn.send(time.process_time())


@dataclass(frozen=True)
class ServedCorpus:
    """The corpus's server in its process: its address, and the CPU it has spent so far."""

    base: str
    conn: Connection

    def cpu(self) -> float:
        self.conn.send("cpu")
        return float(self.conn.recv())


@contextmanager
def serve_elsewhere(pages: int, niceness: int = 0) -> Iterator[ServedCorpus]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve_corpus, args=(pages, theirs, niceness), daemon=True)
    server.start()
    try:
        yield ServedCorpus(str(ours.recv()), ours)
    finally:
        ours.send("stop")
        server.join(5)


def measure_pass(args: argparse.Namespace, chosen: list[Page]) -> None:
    """The page pass as the command line runs it: quality, pages/s, CPU. The pages come from
    a server in a process of its own (on the same two cores), as the reader's would come from
    elsewhere: this process's CPU is the reader's alone."""
    with serve_elsewhere(len(chosen)) as served, tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "bench.sqlite")
        subscribe(library, served.base)
        load = os.getloadavg()[0]
        stored_at: list[float] = []
        server_started = served.cpu()
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = library.fetch_pending_pages(
            PagePassOptions(processes=args.processes),
            lambda step: stored_at.append(time.perf_counter() - started),
        )
        wall = time.perf_counter() - started
        here_cpu = time.process_time() - cpu_started
        server_cpu = served.cpu() - server_started
        for outcome in summary.outcomes:
            if outcome.error:
                print(f"  kept the feed's text: {outcome.title}: {outcome.error}")
        truth = {f"Article {p.key[:8]}": p.truth for p in chosen}
        scores = [
            score(library.article(row.id).text.text, truth[row.title])
            for row in library.articles(limit=len(chosen) + 10)
        ]
        precision, recall, f1 = mean(scores)
        print(
            f"{len(chosen)} pages: {summary.replaced} with full text, {summary.failed} kept "
            f"the feed's text"
        )
        print(
            f"shingle P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f} (target F1 >= 0.94; "
            f"lowest page F1 {min(s.f1 for s in scores):.3f})"
        )
        print(
            f"page pass {wall:.2f} s: {len(chosen) / wall:.1f} pages/s with "
            f"{summary.workers} extraction processes (target >= 50 on two cores; load average "
            f"{load:.1f} on {os.cpu_count()} cores as it started)"
        )
        how = "forked from this process" if summary.extraction_forked else "from the fork server"
        print(
            f"start-up: first page stored {stored_at[0]:.2f} s after the pass began "
            f"(extraction processes {how}); the last {wall - stored_at[-1]:.2f} s before its end"
        )
        # CPU is what a busy machine distorts least. The pass is three processes on two
        # cores, overlapping (extraction runs while the next pages are fetched), after a
        # start that runs alone: loading the extractor, in the extraction processes or (when
        # they are forked from this one) here, before them. On two idle cores it takes at
        # least that start, then the rest of its CPU over two (or its busiest process's).
        workers_cpu = summary.extraction_cpu
        total_cpu = here_cpu + workers_cpu
        loading = extractor_load_cpu()
        here_start = loading if summary.extraction_forked else 0.0
        worker_start = summary.extraction_start_cpu / max(summary.workers, 1)
        start = here_start + worker_start
        rest = max(
            (total_cpu - here_start - summary.extraction_start_cpu) / 2,
            here_cpu - here_start,
            (workers_cpu - summary.extraction_start_cpu) / max(summary.workers, 1),
        )
        print(
            f"page pass CPU {total_cpu:.2f} s ({total_cpu / len(chosen) * 1000:.0f} ms a page): "
            f"this process {here_cpu:.2f} s (fetching, storing"
            f"{', loading the extractor once' if summary.extraction_forked else ''}), "
            f"extraction processes {workers_cpu:.2f} s (of which starting up "
            f"{summary.extraction_start_cpu:.2f} s); loading the extractor takes "
            f"{loading:.2f} s (a fresh process)"
        )
        # The sites' work is not the reader's, but here it is done on the same two cores, at
        # the same priority: the pages/s above paid for it, the estimate below does not.
        print(
            f"the page server (standing for the sites, on the same cores) spent "
            f"{server_cpu:.2f} s of CPU ({server_cpu / len(chosen) * 1000:.1f} ms a page)"
        )
        print(
            f"on two idle cores: start {start:.2f} s, then {rest:.2f} s: about "
            f"{len(chosen) / (start + rest):.0f} pages/s; "
            f"{(total_cpu - start) / len(chosen) * 1000:.0f} ms of CPU a page once started"
        )
        library.close()
        from reader.text.page import page_article

        cpu_started = time.process_time()
        for p in chosen:
            page_article(p.html, "text/html", "")
        per_page = (time.process_time() - cpu_started) / len(chosen)
        print(f"extraction alone {per_page * 1000:.0f} ms CPU per page (in this process)")


def extractor_load_cpu() -> float:
    """CPU seconds a fresh process takes to load the extractor (with the reader loaded), as
    the pass's process does before forking its extraction processes (``load_extractor``)."""
    code = (
        "import time, reader.library, reader.page_workers; t = time.process_time(); "
        "reader.page_workers.load_extractor(); print(time.process_time() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(done.stdout.strip() or 0.0)


def spread(times: list[float]) -> str:
    """Latency quartiles and tail: p25/p50/p75/p95/max."""
    shares = (0.25, 0.5, 0.75, 0.95)
    return "/".join(f"{percentile(times, share):.1f}" for share in shares) + (
        f"/{max(times):.1f}" if times else ""
    )


def terminal_line(label: str, presses: TerminalPresses) -> str:
    times = presses.times
    if not times:
        return f"keypress {label}: no press answered ({presses.unanswered} unanswered)"
    missed = f", {presses.unanswered} unanswered" if presses.unanswered else ""
    return (
        f"keypress {label} p50/p95 {statistics.median(times):.1f}/{percentile(times, 0.95):.1f} "
        f"ms (p25/p50/p75/p95/max {spread(times)}; {len(times)} presses{missed}; the reader's "
        f"CPU {presses.cpu_ms / max(len(times), 1):.1f} ms a press; load average "
        f"{os.getloadavg()[0]:.1f})"
    )


def pass_over(library: Library, ids: list[int]) -> Callable[[], bool]:
    """Whether the page pass still has pages to store (asked at most twice a second)."""
    state = {"asked": 0.0, "over": False}

    def going() -> bool:
        if not state["over"] and time.perf_counter() - state["asked"] > 0.5:
            state["asked"] = time.perf_counter()
            states = (library.page_state(article_id) for article_id in ids)
            state["over"] = all(s.fetched_at or s.page_error for s in states)
        return not state["over"]

    return going


def analysis_going(library: Library) -> Callable[[], bool]:
    """Whether the reader still has stored pages to analyse (asked at most twice a second)."""
    state = {"asked": 0.0, "pending": 1}

    def going() -> bool:
        if state["pending"] and time.perf_counter() - state["asked"] > 0.5:
            state["asked"] = time.perf_counter()
            state["pending"] = library.analysis_progress().pending
        return bool(state["pending"])

    return going


@dataclass(frozen=True)
class TerminalRound:
    """One reader on a fresh library, back to back: idle, all through a page pass started
    with ``R``, while it analyses the last pages stored, idle again."""

    idle: TerminalPresses
    during: TerminalPresses
    after: TerminalPresses
    again: TerminalPresses
    seconds: float  # how long the pass took, from ``R``


def pooled(rounds: list[TerminalPresses]) -> TerminalPresses:
    """Several rounds' presses as one sample (a pass is a few seconds: one round's p95 rests
    on a few presses)."""
    return TerminalPresses(
        [t for r in rounds for t in r.times],
        sum(r.cpu_ms for r in rounds),
        sum(r.unanswered for r in rounds),
    )


def measure_terminal(base: str, pages: int, idle_presses: int, rounds: int = 1) -> None:
    """Keypress to screen in a real reader process on a terminal (``terminal_keys``): idle,
    all through a page pass started with ``R`` (as a user starts one; the reader analyses the
    pages stored after the pass, as it does), then while that analysis runs, then idle
    again, back to back; ``rounds`` times on fresh libraries, each round printed, then all of
    them pooled."""
    done = []
    for number in range(1, rounds + 1):
        print(f"round {number} of {rounds}:")
        done.append(terminal_round(base, pages, idle_presses))
    if rounds > 1:
        print(f"all {rounds} rounds pooled:")
        print(terminal_line("idle (real process)", pooled([r.idle for r in done])))
        print(
            terminal_line(
                f"all through a page pass ({statistics.mean(r.seconds for r in done):.1f} s a "
                "pass; target p95 within 20% of idle)",
                pooled([r.during for r in done]),
            )
        )
        print(
            terminal_line(
                "while the reader analyses the pages stored", pooled([r.after for r in done])
            )
        )
        print(terminal_line("idle again (real process)", pooled([r.again for r in done])))
    print(quiet_pass_line(base, pages))
    idle = pooled([r.idle for r in done] + [r.again for r in done])
    for label, busy in (
        ("through a pass", pooled([r.during for r in done])),
        ("while analysing its pages", pooled([r.after for r in done])),
    ):
        if idle.times and busy.times:
            ratio = percentile(busy.times, 0.95) / percentile(idle.times, 0.95)
            print(
                f"p95 {label} / p95 idle (before and after, pooled): {ratio:.2f} "
                f"(target <= 1.20); the reader's CPU a press "
                f"{busy.cpu_ms / max(len(busy.times), 1):.1f} vs "
                f"{idle.cpu_ms / max(len(idle.times), 1):.1f} ms"
            )


# Seconds the reader's idle CPU is measured for before the quiet pass (``quiet_pass_line``).
IDLE_SPAN = 5.0


def quiet_pass_line(base: str, pages: int) -> str:
    """The CPU a page pass costs the reader's own process, no key pressed: from ``R`` until
    the pass has stored its pages and the reader has shown what it gave (a second later).
    Its following of the pass, progress and closing line (and ``R``'s refresh, which starts
    it): what a busy machine distorts least, where the keypress figures need quiet cores.
    Also that CPU less what the reader spends idle over as long (its input thread and timers,
    measured for ``IDLE_SPAN`` seconds before ``R``): a pass a busy machine makes longer
    costs the reader more idle time, not more work."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "quiet.sqlite"
        library = Library(db)
        subscribe(library, base)
        library.reextract_figures()
        ids = [row.id for row in library.articles(limit=pages + 10)]
        with reader_in_terminal(db) as terminal:
            assert terminal.wait_for(b"Article", 60), "the reader drew no article list"
            terminal.drain(1.5, limit=30)
            idle_started, idle_cpu = time.perf_counter(), terminal.cpu_seconds()
            time.sleep(IDLE_SPAN)  # nothing drawn: the reader is idle
            idle_rate = (terminal.cpu_seconds() - idle_cpu) / (time.perf_counter() - idle_started)
            terminal.drain(0.05, limit=1.0)
            passing = pass_over(library, ids)
            started, cpu_started = time.perf_counter(), terminal.cpu_seconds()
            terminal.press(b"R")
            while passing():
                terminal.drain(0.05, limit=0.5)
            terminal.drain(1.0, limit=3.0)
            cpu = (terminal.cpu_seconds() - cpu_started) * 1000
            took = time.perf_counter() - started
        library.close()
    above = cpu - idle_rate * took * 1000
    return (
        f"the reader's CPU through a page pass, no key pressed: {cpu:.0f} ms over {took:.1f} s "
        f"(R until a second after the pass; {cpu / max(pages, 1):.2f} ms a page; load average "
        f"{os.getloadavg()[0]:.1f}); above its idle CPU over as long "
        f"({idle_rate * 1000:.1f} ms a second): {above:.0f} ms"
    )


def terminal_round(base: str, pages: int, idle_presses: int) -> TerminalRound:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "terminal.sqlite"
        library = Library(db)
        subscribe(library, base)
        library.reextract_figures()  # analysed before the reader opens: idle is idle
        ids = [row.id for row in library.articles(limit=pages + 10)]
        with reader_in_terminal(db) as terminal:
            assert terminal.wait_for(b"Article", 60), "the reader drew no article list"
            terminal.drain(1.5, limit=30)
            idle = terminal.presses(idle_presses)
            print(terminal_line("idle (real process)", idle))
            passing = pass_over(library, ids)
            started = time.perf_counter()
            terminal.press(b"R")  # refresh all: the page pass follows
            terminal.drain(0.05, limit=1.0)
            during = terminal.presses(30, passing)
            took = time.perf_counter() - started
            print(
                terminal_line(
                    f"all through a page pass ({took:.1f} s; the reader analyses the pages "
                    "after it; target p95 within 20% of idle)",
                    during,
                )
            )
            after = terminal.presses(10, analysis_going(library))
            print(terminal_line("while the reader analyses the pages stored", after))
            again = terminal.presses(idle_presses)
            print(terminal_line("idle again (real process)", again))
            stored = sum(library.page_state(i).text_source == "page" for i in ids)
            print(f"  {stored} of {len(ids)} articles have their page's text")
        library.close()
    return TerminalRound(idle, during, after, again, took)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=111)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-ui", action="store_true", help="skip the keypress measurement")
    parser.add_argument("--ui-only", action="store_true", help="only the keypress measurement")
    parser.add_argument("--presses", type=int, default=150, help="idle presses (each time)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="readers on fresh libraries, each idle/pass/idle back to back; presses pooled",
    )
    parser.add_argument(
        "--pilot",
        action="store_true",
        help="also the keypresses through Pilot (until the whole process is quiet; see "
        "terminal_keys for why that is not the user's wait)",
    )
    args = parser.parse_args()
    if not available():
        sys.exit("the article-pages corpus is not in ../shared/corpora")
    chosen = [page(key) for key in keys()[: args.pages]]
    if not args.ui_only:
        measure_pass(args, chosen)
    if args.no_ui:
        return
    from reader.fulltext_child import CHILD_NICENESS

    with serve_elsewhere(args.pages, CHILD_NICENESS) as corpus:
        measure_terminal(corpus.base, args.pages, args.presses, args.rounds)
    if args.pilot:
        measure_pilot(args)


def measure_pilot(args: argparse.Namespace) -> None:
    """The keypresses through Pilot, in this process (see ``keypresses``)."""
    # The reader never shares its process with the sites it reads: for the keypresses the
    # pages are served by a process of their own (on the same two cores), at the page pass's
    # priority: it stands for the sites, whose work is not on the reader's machine, so it
    # must not take the cores from the reader ahead of the pass itself.
    from reader.fulltext_child import CHILD_NICENESS

    served = serve_elsewhere(args.pages, CHILD_NICENESS)
    with served as corpus, tempfile.TemporaryDirectory() as tmp:
        base = corpus.base
        quiet = Library(Path(tmp) / "ui.sqlite")
        subscribe(quiet, base)
        idle = asyncio.run(keypresses(quiet, paging=False, least=100))
        print(f"keypress p50/p95 idle {quartiles(idle)} (load average {os.getloadavg()[0]:.1f})")
        alone = asyncio.run(keypresses(quiet, paging=True, analysis=False))
        print(
            f"keypress p50/p95 all through a page pass, the analysis it queues held back "
            f"{quartiles(alone)} (target p95 within 20% of idle; load {os.getloadavg()[0]:.1f})"
        )
        # idle again, the pass over: on a shared machine the load drifts between the two
        idle_after = asyncio.run(keypresses(quiet, paging=False, least=100))
        print(
            f"keypress p50/p95 idle again {quartiles(idle_after)} "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        quiet.close()
        again = Library(Path(tmp) / "ui-again.sqlite")
        subscribe(again, base)
        busy = asyncio.run(keypresses(again, paging=True))
        print(
            f"keypress p50/p95 all through a page pass with the reader's analysis checks on "
            f"(it analyses the pages after the pass) {quartiles(busy)} "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        again.close()


if __name__ == "__main__":
    main()
