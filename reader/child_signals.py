"""Ctrl-C in feedlens's child processes: it is their parent's to act on, never theirs.

A terminal's Ctrl-C (and ``timeout -s INT``) signals the whole process group: the command and
every worker it started. Each child then raised KeyboardInterrupt wherever it was and printed
"Process ForkServerProcess-2: Traceback …" before the command's one line. This module is
imported by the fork server alone, as it starts (``pipeline.process_context`` preloads it):
importing it sets SIGINT to be ignored there, which every process the server forks inherits
(the server saves the handlers it finds before setting its own, and gives its children those).
The parent, told of the interrupt, ends its children itself (``end_children``) and prints one
line. Never import it anywhere else: that process would no longer hear Ctrl-C.
"""

from __future__ import annotations

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
