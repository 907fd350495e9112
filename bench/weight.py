"""Part 4: the bytes a first visit to each built page transfers, gzip-compressed (level 6).

For every HTML page of _site/: the page itself and every same-origin resource a browser fetches
for it on a first visit with an empty cache:

* from the HTML: stylesheets, scripts, icons, preloads, images (<img>, <source>, <video poster>,
  <input type=image>, <object>, <embed>);
* from each stylesheet: what its url() and @import name (fonts, images), counted even if no element
  uses them, so the figure is an upper bound;
* what Material's JavaScript fetches at start: when the page has search, the search worker named in
  the page's __config; when its search form is named "search" (Material's own), also the language's
  search_index.json and the lunr language files the worker loads for the index's languages. The
  site's own worker loads its index only when the reader opens search, so that is not counted.

Each file is counted once per page however often it is named. Links to other origins are listed
apart: the site promises none, so any is reported.
"""

from __future__ import annotations

import gzip
import html.parser
import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bench.common import Figure

PAGE_BUDGET_KB = 150.0
GZIP_LEVEL = 6
ORIGIN = "http://site.invalid"  # a stand-in origin to resolve relative URLs against
LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest"}
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]+)(?P=q)\s*\)|@import\s+(?P<q2>['"])(?P<url2>[^'"]+)(?P=q2)""")
KINDS = (("html", (".html",)), ("css", (".css",)), ("js", (".js", ".mjs")),
         ("font", (".woff", ".woff2", ".ttf", ".otf", ".eot")),
         ("image", (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")),
         ("json", (".json",)))


class _Resources(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.search_form = False
        self.search = False
        self._in_config = False
        self.config = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").lower().split()) & LINK_RELS and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "script":
            if a.get("src"):
                self.urls.append(a["src"])
            self._in_config = a.get("id") == "__config"
        elif a.get("src") and (tag in ("img", "iframe", "embed")
                               or (tag == "input" and a.get("type", "").lower() == "image")):
            self.urls.append(a["src"])
        elif tag == "source" and (a.get("src") or a.get("srcset")):
            self.urls.append(a.get("src") or a["srcset"].split(",")[0].split()[0])
        elif tag == "video" and a.get("poster"):
            self.urls.append(a["poster"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True
        if a.get("data-md-component") == "search":
            self.search = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


@dataclass
class PageWeight:
    path: str  # URL path of the page
    gzip_bytes: int
    by_kind: dict[str, int] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=dict)  # URL path → gzip bytes
    external: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


class SiteWeights:
    def __init__(self, site: Path, base_path: str = "/") -> None:
        self.site = site.resolve()
        # The path of site_url ("/bilim-data/"): pages that must work at any depth (404.html) link
        # their resources absolutely under it, and it is the site's root when served.
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self._gzip: dict[Path, int] = {}
        self._css: dict[Path, list[str]] = {}

    def gzip_size(self, path: Path) -> int:
        if path not in self._gzip:
            self._gzip[path] = len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))
        return self._gzip[path]

    def served_path(self, url_path: str) -> str:
        """The URL path relative to where the site is served ("/bilim-data/x" → "/x")."""
        path = unquote(url_path)
        if self.base_path != "/" and path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return path

    def file_of(self, url_path: str) -> Path | None:
        path = self.served_path(url_path)
        target = (self.site / path.lstrip("/")).resolve()
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        return target if target.is_file() and target.is_relative_to(self.site) else None

    def css_urls(self, css: Path, url: str) -> list[str]:
        if css not in self._css:
            text = css.read_text(encoding="utf-8", errors="replace")
            found = [m.group("url") or m.group("url2") for m in CSS_URL.finditer(text)]
            self._css[css] = [u.strip() for u in found if not u.strip().startswith(("data:", "#"))]
        return [urljoin(url, u) for u in self._css[css]]

    def search_urls(self, page_url: str, config: dict, lunr_index: bool = True) -> list[str]:
        """What Material's bundle fetches at start when the page has search: the worker, and with
        `lunr_index` (a form named "search") its index and lunr."""
        if not config.get("search"):
            return []
        base = urljoin(page_url, config.get("base", "."))
        base = base if base.endswith("/") else base + "/"
        if not lunr_index:
            return [urljoin(base, config["search"].split("#")[0])]
        index_url = urljoin(base, "search/search_index.json")
        urls = [urljoin(base, config["search"]), index_url]
        index_file = self.file_of(urlsplit(index_url).path)
        langs: list[str] = []
        if index_file:
            langs = json.loads(index_file.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
        # Mirrors Material's search worker: stemmer support and one file per non-English language,
        # the multi-language file for more than one, and the segmenters for Japanese and Thai, all
        # beside the worker script (so one copy for every language of the site).
        lunr = urljoin(urls[0], "../lunr/")
        others = [lang for lang in langs if lang != "en"]
        if others:
            urls.append(urljoin(lunr, "min/lunr.stemmer.support.min.js"))
        urls += [urljoin(lunr, f"min/lunr.{lang}.min.js") for lang in others]
        if len(langs) > 1:
            urls.append(urljoin(lunr, "min/lunr.multi.min.js"))
        if "ja" in langs:
            urls.append(urljoin(lunr, "tinyseg.js"))
        if "th" in langs:
            urls.append(urljoin(lunr, "wordcut.js"))
        return urls

    def page(self, html_file: Path) -> PageWeight:
        relative = html_file.relative_to(self.site).as_posix()
        url_path = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        page_url = ORIGIN + url_path
        parser = _Resources()
        parser.feed(html_file.read_text(encoding="utf-8", errors="replace"))
        queue = [urljoin(page_url, u) for u in parser.urls]
        if (parser.search or parser.search_form) and parser.config.strip():
            queue += self.search_urls(page_url, json.loads(parser.config), parser.search_form)
        weight = PageWeight(url_path, self.gzip_size(html_file), {"html": self.gzip_size(html_file)})
        weight.resources[url_path] = weight.gzip_bytes
        seen = {url_path}
        while queue:
            url = queue.pop(0)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
                if parts.scheme in ("http", "https") and url not in weight.external:
                    weight.external.append(url)
                continue
            path = self.served_path(parts.path)
            if path in seen:
                continue
            seen.add(path)
            target = self.file_of(path)
            if target is None:
                weight.missing.append(path)
                continue
            size = self.gzip_size(target)
            weight.resources[path] = size
            weight.gzip_bytes += size
            kind = "search" if "/search" in path or "/lunr/" in path else next(
                (name for name, suffixes in KINDS if target.suffix.lower() in suffixes), "other")
            weight.by_kind[kind] = weight.by_kind.get(kind, 0) + size
            if target.suffix.lower() == ".css":
                queue += self.css_urls(target, url)
        return weight

    def all_pages(self) -> list[PageWeight]:
        return [self.page(p) for p in sorted(self.site.rglob("*.html"))]


def kb(value: float) -> float:
    return value / 1024


def site_base_path(mkdocs_yml: Path) -> str:
    match = re.search(r"^site_url:\s*(\S+)", mkdocs_yml.read_text(encoding="utf-8"), re.MULTILINE)
    return urlsplit(match.group(1)).path or "/" if match else "/"


def measure(site: Path, mkdocs_yml: Path, log: callable) -> list[Figure]:
    pages = SiteWeights(site, site_base_path(mkdocs_yml)).all_pages()
    sizes = [kb(p.gzip_bytes) for p in pages]
    heaviest = sorted(pages, key=lambda p: p.gzip_bytes, reverse=True)[:5]
    over = [p for p in pages if kb(p.gzip_bytes) > PAGE_BUDGET_KB]
    log(f"weight: {len(pages)} pages, {len(over)} over {PAGE_BUDGET_KB:g} KB")
    # The same for every page: what a first visit costs before any page content.
    shared = {}
    for page in pages:
        for resource, size in page.resources.items():
            if resource != page.path:
                shared[resource] = size
    details = {
        "pages": len(pages),
        "pages_over_budget": len(over),
        "heaviest": [{"page": p.path, "kb": round(kb(p.gzip_bytes), 1),
                      "by_kind_kb": {k: round(kb(v), 1) for k, v in sorted(p.by_kind.items())}} for p in heaviest],
        "resources_kb": {k: round(kb(v), 1) for k, v in sorted(shared.items())},
        "pages_kb": {p.path: round(kb(p.gzip_bytes), 1) for p in pages},
        "external": sorted({u for p in pages for u in p.external}),
        "missing": sorted({m for p in pages for m in p.missing}),
    }
    lightest = min(pages, key=lambda p: p.gzip_bytes)
    details["lightest"] = {"page": lightest.path, "kb": round(kb(lightest.gzip_bytes), 1),
                           "by_kind_kb": {k: round(kb(v), 1) for k, v in sorted(lightest.by_kind.items())}}
    return [
        Figure("weight.max", "page weight: heaviest page, first visit, gzip", max(sizes), "KB", [max(sizes)],
               budget=f"≤ {PAGE_BUDGET_KB:g} KB (every page)", value=max(sizes), limit=PAGE_BUDGET_KB,
               details=details),
        Figure("weight.median", "page weight: median page, first visit, gzip", statistics.median(sizes), "KB",
               [statistics.median(sizes)]),
    ]
