"""A static server for the built site that compresses like the production host.

The published site is served gzip-compressed (GitHub Pages compresses text), so a benchmark that
served raw bytes would measure a heavier, slower site than readers get. Text responses are gzipped
at level 6 when the client accepts it; the Content-Length is the compressed size.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import sys
import threading
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

GZIP_LEVEL = 6
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
# Production caches static files for 10 minutes (GitHub Pages); Lighthouse reads this header.
CACHE_CONTROL = "max-age=600"


def content_type(path: Path) -> str:
    if path.suffix == ".js":
        return "application/javascript"
    if path.suffix == ".json":
        return "application/json"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def compressible(mime: str) -> bool:
    return mime.startswith(TEXT_TYPES)


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        return  # quiet: the benchmark prints its own table

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirected by do_GET
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        target = self._resolve()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
            if not target.is_file():
                self.send_error(404)
                return
        mime = content_type(target)
        body = target.read_bytes()
        encoded = "gzip" in self.headers.get("Accept-Encoding", "") and compressible(mime)
        if encoded:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", f"{mime}; charset=utf-8" if compressible(mime) else mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection it no longer needs is normal: say nothing. Any other
        error still prints its traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(folder) as server:` serves it on http://127.0.0.1:<server.port>/ from a thread."""

    def __init__(self, root: Path) -> None:
        handler = type("Handler", (_Handler,), {"root": root.resolve()})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
