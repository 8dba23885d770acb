"""Keypress latency of a real reader process, as a user's terminal sees it: the reader runs in
a pseudo-terminal, a key is written to it and the time until its first screen update comes
back is the press's latency (as ``run.py``'s "keypress to screen, real process").

Why not Pilot: ``pilot.press`` and ``pilot.pause`` each wait until the whole test process has
been quiet for a 20 ms slice (``textual._wait.wait_for_idle``, at least three slices a press),
so a press costs at least 60 ms however fast the reader answers, in 20 ms steps, and any
thread of that process spending 1 ms in a slice (a page pass's follower, a worker reloading
the list) adds a slice whether or not the key was answered meanwhile: it measures until the
process goes quiet, not the user's wait.

The reader here is the installed one (``python -m reader``) on the library file given, with
no configuration file, at its ordinary priority; the measuring process only writes keys,
reads the screen, and between presses asks the library (a read) whether a page pass is over.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class TerminalPresses:
    """Keypress-to-screen latencies (ms) in a real reader process, and its CPU over them."""

    times: list[float]
    cpu_ms: float  # the reader process's CPU (all its threads) while the presses went on
    unanswered: int  # presses with no screen update within the wait


class Terminal:
    """A reader process on a pseudo-terminal: write keys, read what it draws."""

    def __init__(self, master: int, process: subprocess.Popen[bytes]) -> None:
        self.master = master
        self.process = process

    def drain(self, quiet: float, limit: float = 5.0) -> None:
        """Read until the reader has drawn nothing for ``quiet`` seconds (``limit`` at most)."""
        until = time.perf_counter() + limit
        while time.perf_counter() < until:
            ready, _, _ = select.select([self.master], [], [], quiet)
            if not ready:
                return
            os.read(self.master, 65536)

    def wait_for(self, needle: bytes, limit: float) -> bool:
        """Read until ``needle`` has been drawn (True) or ``limit`` seconds passed."""
        seen = b""
        until = time.perf_counter() + limit
        while time.perf_counter() < until:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                seen += os.read(self.master, 65536)
                if needle in seen:
                    return True
        return False

    def press(self, key: bytes, wait: float = 5.0) -> float | None:
        """Milliseconds from writing ``key`` to the first screen update after it (None when
        nothing came within ``wait``)."""
        sent = time.perf_counter()
        os.write(self.master, key)
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return None
        answered = time.perf_counter()
        os.read(self.master, 65536)
        return (answered - sent) * 1000

    def cpu_seconds(self) -> float:
        """The reader process's CPU so far (user and system, all threads)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def presses(
        self, least: int, going: Callable[[], bool] | None = None, most: int = 3000
    ) -> TerminalPresses:
        """``least`` presses of ``j`` and ``k`` in turn, and on while ``going()`` says so;
        after each, what else the reader draws is read until it is quiet for 50 ms, as a user
        pressing a key roughly every 100 ms would see it."""
        times: list[float] = []
        unanswered = 0
        cpu_started = self.cpu_seconds()
        count = 0
        while count < most and (count < least or (going is not None and going())):
            took = self.press(b"j" if count % 2 == 0 else b"k")
            if took is None:
                unanswered += 1
            else:
                times.append(took)
            self.drain(0.05, limit=1.0)
            count += 1
        return TerminalPresses(times, (self.cpu_seconds() - cpu_started) * 1000, unanswered)


@contextmanager
def reader_in_terminal(db: Path, size: tuple[int, int] = (160, 40)) -> Iterator[Terminal]:
    """The reader on ``db`` in a pseudo-terminal of ``size`` (columns, rows), until it quits."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    # As users run it: with compiled modules cached. PYTHONDONTWRITEBYTECODE (set here) would
    # make every lazy import in the reader compile its source, on the interface's thread.
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "TERM": "xterm-256color",
        "FEEDLENS_DB": str(db),
        "FEEDLENS_CONFIG": f"{db}.none.toml",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "reader"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    terminal = Terminal(master, process)
    try:
        yield terminal
    finally:
        with contextlib.suppress(OSError):  # a reader that has ended already (quit, killed)
            os.write(master, b"q")
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master)
