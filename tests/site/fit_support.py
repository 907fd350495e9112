"""Shared by the tests of pages that fit every reader (tests/site/test_site_fit_*.py): the built site
served as GitHub Pages serves it, and the list of its pages by language."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sitegen.i18n import DEFAULT_LANG, LANGS
from tests.site.conftest import ROOT

# The published path (site_url in mkdocs.yml): the site lives below it on GitHub Pages.
SITE_PATH = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path
PREFIX = {lang: "" if lang == DEFAULT_LANG else f"{lang}/" for lang in LANGS}
NOT_FOUND = "404.html"


class GitHubPages(http.server.SimpleHTTPRequestHandler):
    """The site's folder below SITE_PATH, as GitHub Pages serves a project site: a folder without a slash
    is redirected to it, and every missing path — another path, a folder without index.html — gets the
    root 404.html with the status 404."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        plain = urlsplit(path).path
        if plain != SITE_PATH.rstrip("/") and not plain.startswith(SITE_PATH):
            return str(Path(self.directory) / "\0outside")
        return super().translate_path(path[len(SITE_PATH) - 1:])

    def list_directory(self, path: str) -> None:  # type: ignore[override]
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / NOT_FOUND).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def github_pages(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) below SITE_PATH; yields the site's URL
    (http://127.0.0.1:PORT/bilim-data/)."""
    handler = functools.partial(GitHubPages, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def pages_of(site_dir: Path, lang: str, *, not_found: bool = True) -> list[str]:
    """Site-relative URLs of every page of one language, its not-found page (404.html) included."""
    urls = []
    others = tuple(prefix for prefix in PREFIX.values() if prefix)
    for path in sorted(site_dir.rglob("*.html")):
        if path.name != "index.html" and not (not_found and path.name == NOT_FOUND):
            continue
        url = path.relative_to(site_dir).as_posix().removesuffix("index.html")
        if (url.startswith(PREFIX[lang]) if PREFIX[lang] else not url.startswith(others)):
            urls.append(url)
    return urls
