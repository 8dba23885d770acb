"""A real HTTP server on 127.0.0.1 for fetch tests: routes answer with scripted responses and
the server records every request and how many ran at once."""

from __future__ import annotations

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
def serve(routes: dict[str, Route]) -> Iterator[tuple[str, ServerLog]]:
    """Serve routes on 127.0.0.1 (a free port); yields the base URL and the request log."""
    log = ServerLog()
    handler = type("BoundHandler", (Handler,), {"routes": routes, "log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
