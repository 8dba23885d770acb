"""A real HTTP server on 127.0.0.1 for fetch tests: routes answer with scripted responses and
the server records every request and how many ran at once."""

from __future__ import annotations

import contextlib
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0  # seconds between single bytes, for slow servers


Route = Callable[["Handler"], Reply]


@dataclass
class ServerLog:
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route]
    log: ServerLog

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        with self.log.lock:
            self.log.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            self.log.active += 1
            self.log.max_active = max(self.log.max_active, self.log.active)
        try:
            route = self.routes.get(self.path)
            reply = route(self) if route else Reply(404, b"not found")
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if "Content-Length" not in reply.headers and not reply.drip:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.drip:
                for index in range(len(reply.body)):
                    self.wfile.write(reply.body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(reply.drip)
            else:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.log.lock:
                self.log.active -= 1


@contextmanager
def serve(
    routes: dict[str, Route], tls: ssl.SSLContext | None = None
) -> Iterator[tuple[str, ServerLog]]:
    """Serve routes on 127.0.0.1 (a free port), over TLS with ``tls``; yields the base URL and
    the request log."""
    log = ServerLog()
    handler = type("BoundHandler", (Handler,), {"routes": routes, "log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        scheme = "https" if tls is not None else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


_STATUS_LINE = re.compile(rb"HTTP/1\.[01] \d{3}( .*)?")


@dataclass
class RawReply:
    """Bytes written as they are (a broken status line, a lying Content-Length, a body cut
    short), then the connection is closed, or reset when ``reset`` is set. One thing is
    added: where the status line is well formed and the head names no ``Connection``, a
    ``Connection: close`` after it (``on_the_wire``), since the server closes after one
    reply. Without it a client may keep a complete answer's connection for its next request
    and, in this process (one GIL), send it before the server's thread has closed the
    socket: that request would fail "Server disconnected"."""

    data: bytes = b""
    reset: bool = False

    def on_the_wire(self) -> bytes:
        status, crlf, rest = self.data.partition(b"\r\n")
        head = rest.split(b"\r\n\r\n", 1)[0].lower()
        if not crlf or not _STATUS_LINE.fullmatch(status):
            return self.data
        if head.startswith(b"connection:") or b"\r\nconnection:" in head:
            return self.data
        return status + b"\r\nConnection: close\r\n" + rest


@contextmanager
def serve_raw(replies: dict[str, RawReply]) -> Iterator[tuple[str, list[str]]]:
    """A raw socket server on 127.0.0.1 for answers no well-behaved HTTP server would send;
    yields the base URL and the paths asked for."""
    import socket
    import struct

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    asked: list[str] = []
    stopping = threading.Event()

    open_connections: set[socket.socket] = set()
    connections_lock = threading.Lock()

    def answer(conn: socket.socket) -> None:
        # No time limit on the request: a client on a loaded machine can take seconds to
        # send it after connecting, and a server that gave up after 5 s closed the socket
        # unanswered ("Server disconnected", the /bad-gzip flake). It waits for the request
        # or the client's close; the server's own stop closes what is still open.
        conn.settimeout(None)
        with connections_lock:
            open_connections.add(conn)
        request = b""
        try:
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode("ascii", "replace")
            asked.append(path)
            reply = replies.get(
                path, RawReply(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            )
            conn.sendall(reply.on_the_wire())
            if reply.reset:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        finally:
            with connections_lock:
                open_connections.discard(conn)
            conn.close()

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", asked
    finally:
        stopping.set()
        thread.join(timeout=2)
        listener.close()
        with connections_lock:
            waiting = list(open_connections)
        for conn in waiting:  # a request never sent: its reader wakes to the shutdown
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
