"""Running the real reader in a pseudo-terminal, as a user's terminal would: for tests that
look at the bytes it writes or kill it hard."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Run by a new session's leader: make its standard input (the pty) its controlling terminal,
# then run the command in its place (same process: the reader leads the session).
CONTROLLING = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


class ReaderInPty:
    """``python -m reader`` (with ``args``, a command) on a pty of the given size, with its own
    library file."""

    def __init__(
        self,
        db: Path,
        columns: int = 160,
        lines: int = 40,
        args: tuple[str, ...] = (),
        controlling: bool = False,
    ) -> None:
        """``controlling``: the pty is the reader's controlling terminal, as a terminal
        emulator's is its shell's, so closing it (``hang_up``) signals the reader."""
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "FEEDLENS_DB": str(db),
            "FEEDLENS_CONFIG": str(db.parent / "no-config.toml"),
        }
        command = [sys.executable, "-m", "reader", *args]
        if controlling:  # take the pty in the new session, then become the reader
            command = [sys.executable, "-c", CONTROLLING, *command]
        self.process = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> bytes:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.output += chunk
        return self.output

    def wait_for(self, text: bytes, seconds: float) -> bool:
        """Read until ``text`` has been written after what was read so far (or ``seconds``
        pass; a busy machine starts and answers slowly); True if it came."""
        start = len(self.output)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.read(0.1)
            if text in self.output[start:]:
                return True
        return False

    def send(self, keys: str | bytes, pause: float = 0.3) -> None:
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)
        self.read(pause)

    def hang_up(self) -> None:
        """Close the terminal, as a user closing its window: the kernel hangs the pty up
        (SIGHUP to a reader whose controlling terminal it is)."""
        os.close(self.master)
        self.master = os.open(os.devnull, os.O_RDONLY)  # what ``close`` closes

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 9)
        self.process.wait(timeout=10)

    def close(self) -> None:
        self.kill()
        os.close(self.master)
