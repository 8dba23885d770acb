"""Compression bombs against the fetcher: time, peak memory and what the user is told.

Run: ``uv run python tests/perf/bench_fetch_bombs.py [--gib 4] [--code DIR]``. Serves N GiB of
zeros under stacked Content-Encodings (gzip,gzip; deflate,gzip; gzip,deflate,gzip) from a
socket on 127.0.0.1 and fetches each in a child process with an 8 s deadline, printing the
child's wall time, peak resident memory (ru_maxrss) and the feed's error. ``--code`` runs the
fetcher of another checkout (e.g. an older commit unpacked with ``git archive``) to compare.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.feedserver import RawReply, serve_raw

CHILD = """
import asyncio, sys, time
from reader.feeds.fetch import FetchLimits, FetchRequest, fetch_many
started = time.monotonic()
[result] = asyncio.run(fetch_many([FetchRequest(1, sys.argv[1])], FetchLimits(deadline=8.0)))
print(f"{time.monotonic() - started:.1f}|{result.error}|{len(result.body)}")
"""


def compress(data_chunks: list[bytes] | None, layer: str, zeros: int = 0) -> bytes:
    wbits = 31 if layer == "gzip" else 15
    encoder = zlib.compressobj(9, zlib.DEFLATED, wbits)
    out: list[bytes] = []
    if data_chunks is None:
        block = b"\0" * (1 << 20)
        for _ in range(zeros >> 20):
            out.append(encoder.compress(block))
    else:
        out.extend(encoder.compress(chunk) for chunk in data_chunks)
    out.append(encoder.flush())
    return b"".join(out)


def bomb(layers: list[str], zeros: int) -> bytes:
    """``zeros`` bytes of zeros encoded with ``layers`` (in the order they are applied)."""
    data = compress(None, layers[0], zeros)
    for layer in layers[1:]:
        data = compress([data], layer)
    return data


def fetch_in_child(url: str, code: Path) -> tuple[float, str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, env=env, cwd=code
    )
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - started
    return elapsed, output.strip(), usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args()
    zeros = int(args.gib * (1 << 30))
    stacks = [["gzip", "gzip"], ["gzip", "deflate"], ["gzip", "deflate", "gzip"]]
    replies = {}
    for layers in stacks:
        body = bomb(layers, zeros)
        # Content-Encoding lists the encodings in the order they were applied.
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            f"Content-Encoding: {', '.join(layers)}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        replies["/" + "-".join(layers)] = RawReply(head.encode() + body)
        print(f"{'+'.join(layers)}: {args.gib:g} GiB of zeros in {len(body):,} bytes on the wire")
    with serve_raw(replies) as (base, _):
        for path in replies:
            wall, output, peak_mib = fetch_in_child(base + path, args.code)
            print(f"{path[1:]:>20}: {wall:5.1f} s wall, peak {peak_mib:,.0f} MiB; {output}")


if __name__ == "__main__":
    main()
