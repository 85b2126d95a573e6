"""A forward HTTP proxy on loopback that records what it forwards: proof that a client follows `HTTP_PROXY`.

Plain HTTP only (absolute-form requests, as clients send them to an HTTP proxy); each request is forwarded on a
new connection to its target and the answer is passed back whole. `forward_proxy()` yields the proxy's URL and
the list of (method, absolute URL) it forwarded, in order.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "te",
    "trailer",
    "upgrade",
}
"""Headers that concern one connection only: a proxy does not pass them on."""


class _ForwardingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep the client's connection open, as a real proxy does
    server: _ProxyServer

    def _forward(self) -> None:
        target = urlsplit(self.path)
        if target.scheme != "http" or not target.hostname:
            self.send_error(400, "a forward proxy takes absolute http:// URLs")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        upstream = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        try:
            path = (target.path or "/") + (f"?{target.query}" if target.query else "")
            upstream.request(self.command, path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
        finally:
            upstream.close()
        self.server.forwarded.append((self.command, self.path))
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP | {"content-length", "transfer-encoding"}:
                self.send_header(name, value)
        if answer.status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _forward

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads `forwarded`."""


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ForwardingHandler)
        self.forwarded: list[tuple[str, str]] = []


@contextmanager
def forward_proxy() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(the proxy's URL, what it forwarded so far) while the block runs."""
    server = _ProxyServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.forwarded
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
