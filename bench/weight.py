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

That model is checked against a real first view: every page is opened in Chromium (a 360 × 800
phone viewport, HTTP cache disabled), served gzip-compressed by bench/serve.py as the production
host serves it, and the bytes the server sent until the network is idle are summed (the search
worker's fetches included, which the page's own network events do not show). The budget holds
Chromium's figure. The same pass checks that no page fetches the search index or the
search engine on its first view, and that opening search on each language's home page does fetch
them (search.js tells the worker when the reader opens search).

`python -m bench.weight [--site _site] [--no-browser]` lists every page of every language by weight.
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bench.common import ROOT, Figure

PAGE_BUDGET_KB = 90.0
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


# What a first view must not fetch: the search index and the engine that reads it (only on opening search).
SEARCH_ON_USE = ("/search/index.json", "/assets/javascripts/search-engine.js")
SEARCH_ICON = "label.md-header__button[for=__search]"


@dataclass
class BrowserWeight:
    path: str  # URL path of the page (below the site's root)
    body_bytes: int  # response bodies as sent (gzip where the server compresses)
    by_kind: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    search_fetched: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def kind_of(path: str) -> str:
    return "search" if "/search" in path else next(
        (name for name, suffixes in KINDS if path.lower().endswith(suffixes)), "html" if path.endswith("/") else "other")


def browser_weights(site: Path, base_path: str, paths: list[str], log: callable) -> tuple[list[BrowserWeight],
                                                                                         dict[str, list[str]]]:
    """Every page's first view in Chromium (see the module's docstring), and per language home page
    what opening search fetched. The bytes are the server's count of what it sent while the page
    loaded until the network was idle: the search worker's own fetches are not in the page's network
    events, and a worker script shows there without its body."""
    from playwright.sync_api import sync_playwright

    from bench.lighthouse import chromium_path
    from bench.serve import SiteServer
    from tests.site.conftest import CHROMIUM_ARGS

    out: list[BrowserWeight] = []
    on_open: dict[str, list[str]] = {}
    with SiteServer(site, base_path) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 360, "height": 800})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # every view a first view
            requested: list[str] = []
            failed: list[str] = []
            context.on("request", lambda r: requested.append(r.url))
            context.on("requestfailed", lambda r: failed.append(r.url))
            for number, path in enumerate(paths, 1):
                requested.clear()
                failed.clear()
                page.goto("about:blank")
                start = len(server.sent)
                page.goto(server.url + base_path + path.lstrip("/"), wait_until="load")
                page.wait_for_load_state("networkidle")
                weight = BrowserWeight(path, 0, failed=list(failed),
                                       external=[u for u in requested if u.startswith(("http:", "https:"))
                                                 and not u.startswith(server.url)])
                for sent, size in server.sent[start:]:
                    weight.requests += 1
                    weight.body_bytes += size
                    kind = kind_of(sent)
                    weight.by_kind[kind] = weight.by_kind.get(kind, 0) + size
                    if sent.endswith(SEARCH_ON_USE):
                        weight.search_fetched.append(sent)
                out.append(weight)
                if number % 50 == 0:
                    log(f"weight: {number} of {len(paths)} pages opened in Chromium")
            context.close()
            for path in (p for p in paths if p.strip("/") in ("", "ru", "en")):
                # A language's home page, in a browser context of its own (the worker's fetches are
                # cached apart from the page's): opening search must fetch the index and the engine.
                context = browser.new_context(viewport={"width": 360, "height": 800})
                page = context.new_page()
                page.goto(server.url + base_path + path.lstrip("/"), wait_until="load")
                page.wait_for_load_state("networkidle")
                start = len(server.sent)
                page.locator(SEARCH_ICON).click()
                page.wait_for_timeout(1500)  # the worker's fetches are not in the page's network events
                on_open[path] = sorted({sent[len(base_path) - 1:] for sent, _ in server.sent[start:]
                                        if sent.endswith(SEARCH_ON_USE)})
                context.close()
        finally:
            browser.close()
    return out, on_open


def measure(site: Path, mkdocs_yml: Path, log: callable, browser: bool = True) -> list[Figure]:
    base_path = site_base_path(mkdocs_yml)
    pages = SiteWeights(site, base_path).all_pages()
    static_kb = {p.path: kb(p.gzip_bytes) for p in pages}
    measured: dict[str, BrowserWeight] = {}
    on_open: dict[str, list[str]] = {}
    if browser:
        found, on_open = browser_weights(site, base_path, [p.path for p in pages], log)
        measured = {w.path: w for w in found}
    weigh = (lambda p: kb(measured[p.path].body_bytes)) if browser else (lambda p: static_kb[p.path])
    sizes = {p.path: weigh(p) for p in pages}
    ranked = sorted(pages, key=lambda p: (-sizes[p.path], p.path))
    over = [p for p in pages if sizes[p.path] > PAGE_BUDGET_KB]
    log(f"weight: {len(pages)} pages, {len(over)} over {PAGE_BUDGET_KB:g} KB")
    # The same for every page: what a first visit costs before any page content.
    shared = {}
    for page in pages:
        for resource, size in page.resources.items():
            if resource != page.path:
                shared[resource] = size

    def row(p: PageWeight) -> dict:
        entry = {"page": p.path, "kb": round(sizes[p.path], 1), "static_kb": round(static_kb[p.path], 1),
                 "by_kind_kb": {k: round(kb(v), 1) for k, v in sorted(p.by_kind.items())}}
        if p.path in measured:
            entry["chromium_by_kind_kb"] = {k: round(kb(v), 1) for k, v in sorted(measured[p.path].by_kind.items())}
            entry["requests"] = measured[p.path].requests
        return entry

    first_view_search = sorted(p for p, w in measured.items() if w.search_fetched)
    not_on_open = sorted(p for p, fetched in on_open.items()
                         if not all(any(f.endswith(end) for f in fetched) for end in SEARCH_ON_USE))
    differences = [sizes[p] - static_kb[p] for p in sizes] if browser else [0.0]
    details = {
        "measured_in": "chromium" if browser else "static model",
        "pages": len(pages),
        "pages_over_budget": len(over),
        "heaviest": [row(p) for p in ranked[:5]],
        "lightest": row(ranked[-1]),
        "by_weight": [row(p) for p in ranked],
        "resources_kb": {k: round(kb(v), 1) for k, v in sorted(shared.items())},
        "pages_kb": {p.path: round(sizes[p.path], 1) for p in pages},
        "static_model_max_kb": round(max(static_kb.values()), 1),
        "chromium_minus_static_kb": [round(min(differences), 1), round(max(differences), 1)],
        "external": sorted({u for p in pages for u in p.external}
                           | {u for w in measured.values() for u in w.external}),
        "missing": sorted({m for p in pages for m in p.missing} | {u for w in measured.values() for u in w.failed}),
    }
    values = list(sizes.values())
    figures = [
        Figure("weight.max", "page weight: heaviest page, first view in Chromium, gzip", max(values), "KB",
               [max(values)], budget=f"≤ {PAGE_BUDGET_KB:g} KB (every page)", value=max(values),
               limit=PAGE_BUDGET_KB, details=details),
        Figure("weight.median", "page weight: median page, first view, gzip", statistics.median(values), "KB",
               [statistics.median(values)]),
    ]
    if browser:
        faults = len(first_view_search) + len(not_on_open)
        figures.append(Figure(
            "weight.search_on_use", "search index and engine: fetched on a first view (pages) or not on "
            "opening search (languages)", faults, "", [faults], budget="none", value=faults, limit=0,
            details={"fetched_on_first_view": first_view_search, "fetched_on_opening_search": on_open}))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.weight", description="Every page's first view, by weight.")
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--no-browser", action="store_true", help="the static model only (no Chromium)")
    args = parser.parse_args(argv)
    figures = measure(args.site, ROOT / "mkdocs.yml", lambda m: print(m, file=sys.stderr),
                      browser=not args.no_browser)
    details = figures[0].details
    print(f"{'KB':>6}  {'model':>6}  page")
    for entry in details["by_weight"]:
        print(f"{entry['kb']:6.1f}  {entry['static_kb']:6.1f}  {entry['page']}")
    for figure in figures:
        print(f"{figure.label}: {figure.median:.1f} {figure.unit} {figure.budget} "
              f"{'' if figure.passed is None else 'pass' if figure.passed else 'FAIL'}")
    return 0 if all(f.passed is not False for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
