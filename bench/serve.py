"""A static server for the built site that compresses like the production host.

The published site is served gzip-compressed (GitHub Pages compresses text), so a benchmark that
served raw bytes would measure a heavier, slower site than readers get. Text responses are gzipped
at level 6 when the client accepts it; the Content-Length is the compressed size.
"""

from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=4096)
def _compressed(path: Path, mtime_ns: int, size: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


def compressed(path: Path) -> bytes:
    """The file gzipped, compressed once (a host keeps its compressed copies): a timed request does
    not wait for the benchmark's own server compressing a large search index again."""
    stat = path.stat()
    return _compressed(path, stat.st_mtime_ns, stat.st_size)


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    base_path: str = "/"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # the base class names it `format`
        return  # quiet: the benchmark prints its own table

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]  # the site as published, below site_url's path
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
        encoded = "gzip" in self.headers.get("Accept-Encoding", "") and compressible(mime)
        body = compressed(target) if encoded else target.read_bytes()
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
            self.server.sent.append((urlsplit(self.path).path, len(body)))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    sent: list[tuple[str, int]]  # (URL path, body bytes as sent) of every GET answered, in order

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection it no longer needs is normal: say nothing. Any other
        error still prints its traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(folder) as server:` serves it on http://127.0.0.1:<server.port>/ from a thread,
    and below `base_path` too ("/bilim-data/", site_url's path: pages that must work at any depth, such
    as 404.html, name their resources absolutely under it)."""

    def __init__(self, root: Path, base_path: str = "/") -> None:
        base_path = base_path if base_path.endswith("/") else base_path + "/"
        handler = type("Handler", (_Handler,), {"root": root.resolve(), "base_path": base_path})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.sent = []
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def sent(self) -> list[tuple[str, int]]:
        """(URL path, body bytes as sent, compressed when it was) of every GET answered so far, in
        order: what a browser fetched, its workers' fetches included (which a page's own network
        events do not show)."""
        return self.httpd.sent

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
