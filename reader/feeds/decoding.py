"""Undoing Content-Encoding with bounded memory: every layer (gzip, deflate, and br or zstd
when a decoder that can bound its output is installed) hands on at most ``STEP`` bytes at a
time, so a stack of encodings over gigabytes of zeros costs the body cap plus a few steps of
memory, never the whole expansion of one network chunk through every layer at once.

A layer that cannot bound its output is refused rather than trusted.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

STEP = 64 * 1024
MAX_LAYERS = 3  # more than this is an attack, not a server's configuration


class DecodingError(Exception):
    """The body cannot be decoded; the message is one line."""


class _Layer(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Zlib:
    """gzip (possibly several members) or deflate (zlib-wrapped or raw, as servers differ)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.wbits = 16 + zlib.MAX_WBITS if kind == "gzip" else zlib.MAX_WBITS
        self.decoder = zlib.decompressobj(self.wbits)
        self.started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                piece = self.decoder.decompress(data, STEP)
            except zlib.error as error:
                if self.kind == "deflate" and not self.started:
                    self.decoder = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
                    self.started = True
                    continue
                raise DecodingError(f"bad {self.kind} data ({error})") from None
            self.started = True
            if piece:
                yield piece
            data = self.decoder.unconsumed_tail
            if self.decoder.eof:
                data = self.decoder.unused_data + data
                if self.kind != "gzip" or not data.strip(b"\0"):
                    return  # bytes after the end of a deflate stream are ignored
                self.decoder = zlib.decompressobj(self.wbits)  # the next gzip member
                continue
            # A full step may leave output inside zlib even with no input left: ask again.
            if not data and len(piece) < STEP:
                return

    def finish(self) -> Iterator[bytes]:
        if self.started and not self.decoder.eof and self.kind == "gzip":
            raise DecodingError("the gzip data ends too soon")
        tail = self.decoder.flush(STEP)
        if tail:
            yield tail


class _Brotli:
    """br through the ``brotli`` package, only when it can bound its output (1.2 and later)."""

    def __init__(self, module: Any) -> None:
        self.decoder = module.Decompressor()
        self.error = getattr(module, "error", Exception)

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            piece = self.decoder.process(data, output_buffer_limit=STEP)
            while True:
                if piece:
                    yield piece
                if self.decoder.can_accept_more_data() or self.decoder.is_finished():
                    return
                piece = self.decoder.process(b"", output_buffer_limit=STEP)
        except self.error as error:
            raise DecodingError(f"bad br data ({error})") from None

    def finish(self) -> Iterator[bytes]:
        return iter(())


class _Zstd:
    """zstd through a decompressor with ``max_length`` (compression.zstd or backports.zstd)."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.decoder = module.ZstdDecompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        try:
            while True:
                piece = self.decoder.decompress(data, max_length=STEP)
                data = b""
                if piece:
                    yield piece
                if self.decoder.eof:
                    rest = self.decoder.unused_data
                    if not rest:
                        return
                    self.decoder = self.module.ZstdDecompressor()  # the next frame
                    data = rest
                elif self.decoder.needs_input:
                    return
        except self.module.ZstdError as error:
            raise DecodingError(f"bad zstd data ({error})") from None

    def finish(self) -> Iterator[bytes]:
        return iter(())


def _brotli() -> _Layer | None:
    try:
        import brotli  # type: ignore[import-not-found]
    except ImportError:
        return None
    if not hasattr(brotli.Decompressor(), "can_accept_more_data"):
        return None  # an older brotli cannot bound its output
    return _Brotli(brotli)


def _zstd() -> _Layer | None:
    for name in ("compression.zstd", "backports.zstd"):
        try:
            module = __import__(name, fromlist=["ZstdDecompressor"])
        except ImportError:
            continue
        return _Zstd(module)
    return None


_OPTIONAL: dict[str, Callable[[], _Layer | None]] = {"br": _brotli, "zstd": _zstd}


def accept_encoding() -> str:
    """The encodings to offer a server: the ones this process can decode with a bound."""
    offered = ["gzip", "deflate"]
    offered += [name for name, make in _OPTIONAL.items() if make() is not None]
    return ", ".join(offered)


class BoundedDecoder:
    """The Content-Encoding layers of one response, undone a step at a time."""

    def __init__(self, content_encoding: str) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        names = [name for name in names if name != "identity"]
        if len(names) > MAX_LAYERS:
            raise DecodingError(f"{len(names)} layers of compression; refused")
        self.layers: list[_Layer] = []
        for name in reversed(names):  # the last encoding applied is undone first
            self.layers.append(_make(name))

    def decode(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The decoded bytes of raw chunks, in pieces of at most ``STEP`` bytes."""
        stream: Iterable[bytes] = chunks
        for layer in self.layers:
            stream = _through(layer, stream)
        return iter(stream)

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold once the body has ended."""
        stream: Iterable[bytes] = iter(())
        for layer in self.layers:
            stream = _chain_finish(layer, stream)
        return iter(stream)


def _make(name: str) -> _Layer:
    if name in ("gzip", "x-gzip"):
        return _Zlib("gzip")
    if name == "deflate":
        return _Zlib("deflate")
    maker = _OPTIONAL.get(name)
    layer = maker() if maker is not None else None
    if layer is None:
        raise DecodingError(f"compressed with {name[:20]!r}, which feedlens cannot read")
    return layer


def _through(layer: _Layer, stream: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in stream:
        yield from layer.decode(chunk)


def _chain_finish(layer: _Layer, stream: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in stream:
        yield from layer.decode(chunk)
    yield from layer.finish()
