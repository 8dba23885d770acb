"""Stacked Content-Encodings over a real socket: decoded a bounded step at a time, so memory
stays near the body cap and the deadline holds (issue 17, item 2). Peak figures for big bombs:
tests/perf/bench_fetch_bombs.py."""

from __future__ import annotations

import time
import tracemalloc
import zlib

import pytest

from reader.feeds.decoding import STEP, BoundedDecoder, DecodingError
from reader.feeds.fetch import FetchLimits
from reader.library import Library
from tests.conftest import SAMPLES
from tests.feedserver import RawReply, serve_raw
from tests.perf.bench_fetch_bombs import bomb

FEED = (SAMPLES / "meridian-courier.xml").read_bytes()


def reply(body: bytes, encoding: str) -> RawReply:
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
        f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return RawReply(head.encode() + body)


@pytest.mark.parametrize(
    "layers", [["gzip", "gzip"], ["deflate", "gzip"], ["gzip", "deflate", "gzip"]]
)
def test_stacked_bombs_are_refused_within_the_cap_and_the_deadline(
    library: Library, layers: list[str]
) -> None:
    body = bomb(layers, 256 << 20)
    assert len(body) < 20_000
    with serve_raw({"/feed": reply(body, ", ".join(layers))}) as (base, _):
        feed_id = library.subscribe(f"{base}/feed")
        tracemalloc.start()
        started = time.monotonic()
        outcome = library.refresh([feed_id], limits=FetchLimits(deadline=8.0)).feeds[0]
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert "larger than 15 MiB once decompressed" in (outcome.error or "")
    assert elapsed < 8
    assert peak < 15 * (1 << 20) + 16 * STEP + (8 << 20)  # the cap, a few steps, the rest


def test_stacked_encodings_decode_a_real_feed(library: Library) -> None:
    gzipped = zlib.compressobj(9, zlib.DEFLATED, 31)
    once = gzipped.compress(FEED) + gzipped.flush()
    deflated = zlib.compressobj(9, zlib.DEFLATED, 15)
    twice = deflated.compress(once) + deflated.flush()
    with serve_raw({"/feed": reply(twice, "gzip, deflate")}) as (base, _):
        feed_id, outcome = library.add_feed(f"{base}/feed")
    assert outcome.outcome == "updated" and outcome.new == 9


def test_too_many_layers_and_unknown_encodings_are_refused(library: Library) -> None:
    with serve_raw(
        {
            "/four": reply(b"x", "gzip, gzip, gzip, gzip"),
            "/odd": reply(b"x", "compress"),
        }
    ) as (base, _):
        four = library.subscribe(f"{base}/four")
        odd = library.subscribe(f"{base}/odd")
        outcomes = {f.feed_id: f for f in library.refresh([four, odd]).feeds}
    assert "4 layers of compression; refused" in (outcomes[four].error or "")
    assert "cannot read" in (outcomes[odd].error or "")


def test_every_decoded_piece_is_at_most_one_step() -> None:
    body = bomb(["gzip", "gzip"], 8 << 20)
    decoder = BoundedDecoder("gzip, gzip")
    sizes = [len(piece) for piece in decoder.decode([body])]
    assert max(sizes) <= STEP and sum(sizes) == 8 << 20
    with pytest.raises(DecodingError):
        list(BoundedDecoder("gzip").decode([b"\x1f\x8b\x08garbage"]))
    # raw deflate (no zlib header), as some servers send it
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = raw.compress(b"hello " * 1000) + raw.flush()
    assert b"".join(BoundedDecoder("deflate").decode([data])) == b"hello " * 1000


def encode(data: bytes, layer: str) -> bytes:
    if layer == "br":
        import brotli

        return bytes(brotli.compress(data, quality=11))
    if layer == "zstd":
        from backports import zstd

        return bytes(zstd.compress(data, level=19))
    wbits = 31 if layer == "gzip" else 15
    encoder = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return encoder.compress(data) + encoder.flush()


@pytest.mark.parametrize("layers", [["br"], ["zstd"], ["zstd", "br", "gzip"], ["br", "deflate"]])
def test_br_and_zstd_decode_and_their_bombs_are_bounded(
    library: Library, layers: list[str]
) -> None:
    body = FEED
    for layer in layers:
        body = encode(body, layer)
    big = b"\0" * (64 << 20)
    for layer in layers:
        big = encode(big, layer)
    with serve_raw(
        {"/feed": reply(body, ", ".join(layers)), "/bomb": reply(big, ", ".join(layers))}
    ) as (base, _):
        feed_id, outcome = library.add_feed(f"{base}/feed")
        bomb_id = library.subscribe(f"{base}/bomb")
        tracemalloc.start()
        refused = library.refresh([bomb_id]).feeds[0]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert outcome.outcome == "updated" and outcome.new == 9
    assert "larger than 15 MiB once decompressed" in (refused.error or "")
    assert peak < 15 * (1 << 20) + 16 * STEP + (8 << 20)
    sizes = [len(piece) for piece in BoundedDecoder(", ".join(layers)).decode([big])]
    assert max(sizes) <= 2 * STEP
