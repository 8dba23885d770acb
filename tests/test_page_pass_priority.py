"""The reader's page pass steps aside for the keys (issue 21): its child and the extraction
process forked from it run in a session of their own at the least priority (read from outside
with os.getpriority), and while the user is at the keys their session's scheduling group is
lowered too, back when the keys are quiet; where a platform refuses every one of these, the
pass runs as before, its pages stored. A real pass in its real child process over real HTTP
on 127.0.0.1 with real news pages, and a real library file."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.background_priority import (
    AT_WORK_GROUP_NICENESS,
    QUIET_SECONDS,
    group_niceness,
)
from reader.fulltext import FullTextSummary, PagePassOptions
from reader.library import Library
from tests.feedserver import Reply, Route, serve
from tests.pages import available, feed_route, keys, page, page_route, rss, teaser_of
from tests.test_fulltext_pass_child import descendants

pytestmark = [
    pytest.mark.skipif(not available(), reason="article-pages corpus not found"),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc"),
]

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def teasers(first: int, count: int, slow_seconds: float = 0.0) -> Iterator[str]:
    """Corpus pages behind a feed of their teasers on 127.0.0.1; the first page answers after
    ``slow_seconds`` (the pass lasts meanwhile). Yields the feed's URL."""
    sources = [page(key) for key in keys()[first : first + count]]
    routes: dict[str, Route] = {f"/{i}": page_route(p.html) for i, p in enumerate(sources)}
    if slow_seconds:
        slow = sources[0].html
        routes["/0"] = lambda handler: Reply(
            200, slow, {"Content-Type": "text/html"}, delay=slow_seconds
        )
    with serve(routes) as (base, _):
        items = [(f"Story {i}", f"{base}/{i}", teaser_of(p.truth)) for i, p in enumerate(sources)]
        routes["/feed"] = feed_route(rss(items))
        yield f"{base}/feed"


def wait_for(holds: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not holds():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def groups_change_here() -> bool:
    """Whether this kernel has session groups whose nice value a process may raise (autogroups
    on): a throwaway process in a session of its own tries."""
    code = (
        "import os; os.setsid(); from reader.background_priority import set_group_niceness; "
        "print(set_group_niceness(3))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip() == "3"


def test_the_pass_runs_niced_and_its_group_steps_aside_while_the_user_is_at_work(
    library: Library,
) -> None:
    with teasers(60, 4, slow_seconds=30) as feed:
        library.add_feed(feed)  # the teasers, their pages not fetched yet
        stop = threading.Event()
        ended: list[FullTextSummary | BaseException] = []

        def run() -> None:
            try:
                ended.append(
                    library.fetch_pending_pages(PagePassOptions(background=True, stop=stop))
                )
            except BaseException as error:
                ended.append(error)

        passing = threading.Thread(target=run)
        passing.start()
        try:
            children: list[int] = []

            def child_and_worker() -> bool:
                found = [
                    c.pid
                    for c in multiprocessing.active_children()
                    if c.name == "feedlens full text" and c.pid is not None
                ]
                children[:] = [*found, *(d for pid in found for d in descendants(pid))]
                return len(children) >= 2  # the child and its extraction process

            assert wait_for(child_and_worker, 60), "the pass ran in no child with a worker"
            for pid in children:
                assert os.getpriority(os.PRIO_PROCESS, pid) == 19, pid  # the least priority
                assert os.getsid(pid) == children[0] != os.getsid(0)  # a session of its own
                if hasattr(os, "sched_getscheduler"):
                    assert os.sched_getscheduler(pid) == os.SCHED_IDLE, pid
            child = children[0]
            if groups_change_here():
                assert group_niceness(child) == 0  # no key yet: the ordinary share
                for _ in range(4):  # keys pressed, as the reader tells them
                    library.user_at_work()
                    time.sleep(0.3)
                assert wait_for(lambda: group_niceness(child) == AT_WORK_GROUP_NICENESS, 10)
                assert group_niceness(children[1]) == AT_WORK_GROUP_NICENESS  # one group
                # The keys quiet again: the pass has its share back.
                assert wait_for(lambda: group_niceness(child) == 0, QUIET_SECONDS + 10)
            assert passing.is_alive()  # all this while the slow page kept it going
        finally:
            stop.set()
            passing.join(60)
    assert ended and not isinstance(ended[0], BaseException), ended


REFUSED = """
import errno, json, os, sys
from multiprocessing import Pipe
from pathlib import Path

def refuse(*args, **kwargs):
    raise PermissionError(errno.EPERM, "not permitted in this sandbox")

# A platform that refuses every step aside: a new session, nice, the idle policy, and writing
# the session group's nice value.
os.setsid = os.nice = os.sched_setscheduler = refuse
opening = os.open
os.open = lambda path, *a, **k: refuse() if str(path).endswith("autogroup") else opening(path, *a, **k)

from reader.fulltext import PagePassOptions
from reader.fulltext_child import _child_pass

receiving, sending = Pipe(duplex=False)
told, telling = Pipe(duplex=False)
telling.send_bytes(b"k")  # the user is at work: the child tries to lower its group
_child_pass(sys.argv[1], None, PagePassOptions(processes=1, in_workers=True), told, sending)
said = []
while receiving.poll(1):
    try:
        kind, value = receiving.recv()
    except EOFError:
        break
    said.append(kind)
    if kind == "done":
        replaced = value.replaced
    if kind == "failed":
        print(json.dumps({"failed": value}))
        sys.exit(1)
print(json.dumps({
    "said": said, "replaced": replaced,
    "priority": os.getpriority(os.PRIO_PROCESS, 0),
    "session": os.getsid(0) == os.getpid(),
}))
"""


def test_a_platform_that_refuses_every_step_aside_still_gets_its_pages(tmp_path: Path) -> None:
    db = tmp_path / "refused.sqlite"
    with teasers(70, 3) as feed:
        library = Library(db)
        library.add_feed(feed)  # the teasers, their pages not fetched yet
        library.close()
        done = subprocess.run(
            [sys.executable, "-c", REFUSED, str(db)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["said"][-1] == "done" and shown["replaced"] == 3, shown
    assert shown["priority"] == 0 and not shown["session"]  # refused indeed, and harmless
    library = Library(db)
    try:
        states = [library.page_state(row.id).text_source for row in library.articles()]
    finally:
        library.close()
    assert states == ["page"] * 3
