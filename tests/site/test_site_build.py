"""The built site as files: URL scheme, links, CSP, no foreign requests, charts, search, weight."""

from __future__ import annotations

import functools
import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from sitegen.i18n import LANGS

pytestmark = pytest.mark.slow

PAGES = ["", "coverage/", "regions/", "regions/kz-75/", "regions/kz-35/", "progress/", "concept/",
         "concept/ci10-school-high-speed-internet/", "actions/", "quality/", "sources/",
         "sources/004_08b2a54d8bb8e082/", "data/", "data/security_coverage/", "about/", "glossary/"]
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
WEIGHT_BUDGET = 150 * 1024  # bytes gzipped per page: HTML, CSS, JS and the search worker Material starts


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.inline_scripts = 0
        self.csp = ""
        self.ids: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self._in_script = "src" not in a and a.get("type", "") != "application/json"
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content", "")
        for name in ("href", "src"):
            if a.get(name) and not (tag == "link" and a.get("rel") == "canonical"):
                self.refs.append((tag, name, a[name]))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


@functools.cache
def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url", PAGES)
def test_url_scheme(site_dir: Path, lang: str, url: str):
    assert (site_dir / PREFIX[lang] / url / "index.html").is_file()


def test_every_region_has_a_page(site_dir: Path):
    codes = [p.name for p in (site_dir / "regions").iterdir() if p.is_dir()]
    assert len(codes) == 20 and all(re.fullmatch(r"kz-\d{2}", c) for c in codes)


def test_csp_and_no_inline_scripts(site_dir: Path):
    for path in html_files(site_dir):
        if path.name == "404.html":
            continue
        links = parse(path)
        assert "script-src 'self'" in links.csp and "default-src 'self'" in links.csp, path
        assert links.inline_scripts == 0, path


def test_no_reference_leaves_the_site(site_dir: Path):
    """Every script, style, image, font and link target is a file of the site (or an in-page anchor)."""
    problems = []
    for path in html_files(site_dir):
        if path.name == "404.html":  # rendered for the site_url path, not for a folder
            continue
        links = parse(path)
        page_url = "http://site/" + path.relative_to(site_dir).as_posix()
        for tag, attr, ref in links.refs:
            if ref.startswith(("mailto:", "data:")):
                continue
            absolute = urljoin(page_url, ref)
            parts = urlsplit(absolute)
            if parts.netloc != "site":
                if tag == "a" and attr == "href":
                    continue  # an ordinary link the reader may follow; nothing is loaded
                problems.append(f"{path}: {ref}")
                continue
            target = site_dir / unquote(parts.path).lstrip("/")
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{path}: {ref} → missing {target}")
                continue
            if parts.fragment and target.suffix == ".html" and parts.fragment not in parse(target).ids:
                problems.append(f"{path}: {ref} → no #{parts.fragment}")
    assert not problems, "\n".join(problems[:20])


def test_charts_are_figures_with_svg_caption_and_csv(site_dir: Path):
    html = (site_dir / "coverage" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="bd-chart".*?</figure>', html, flags=re.S)
    assert len(figures) >= 6
    for figure in figures:
        assert "<svg" in figure and "<figcaption>" in figure and "bd-chart__title" in figure
        hrefs = re.findall(r'href="([^"]+\.csv)" download', figure)
        # The Kazakh page's CSV for spreadsheets (semicolons, decimal comma), then the CSV for programs.
        assert [href.endswith(".spreadsheet.csv") for href in hrefs] == [True, False], hrefs
        for href, separator in zip(hrefs, ";,", strict=True):
            lines = (site_dir / "coverage" / href).resolve().read_text(encoding="utf-8-sig").splitlines()
            assert len(lines) > 1 and separator in lines[0], (href, lines[0])
    assert "⚑" in html  # flagged figures are marked


def test_sitemap_has_absolute_hreflang_alternates(site_dir: Path):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    assert len(urls) > 100
    for url in urls:
        langs = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert {"kk", "ru", "en", "x-default"} <= set(langs)
        assert all(href.startswith("https://") for href in langs.values())


def test_no_relative_hreflang_in_pages(site_dir: Path):
    html = (site_dir / "ru" / "regions" / "kz-75" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate"' not in html  # alternates live in sitemap.xml, absolute
    assert 'hreflang="kk"' in html  # the language selector


def test_search_index_per_language(site_dir: Path):
    for lang in LANGS:
        index = json.loads((site_dir / PREFIX[lang] / "search" / "index.json").read_text(encoding="utf-8"))
        assert index["lang"] == lang
        locations = [doc[0] for doc in index["docs"]]
        assert not any(loc.startswith(("ru/", "en/")) for loc in locations), lang
        assert "regions/kz-35/" in locations
        # Material's lunr index is not published: nothing loads it.
        assert not (site_dir / PREFIX[lang] / "search" / "search_index.json").exists()
    kk = json.loads((site_dir / "search" / "index.json").read_text(encoding="utf-8"))
    assert any("Қарағанды" in doc[1] for doc in kk["docs"])
    assert "қарағанды" in kk["terms"]  # Kazakh letters stay inside words


def _assets(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+\.(?:js|css))"', html)


@functools.cache
def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def page_weight(site_dir: Path, url: str) -> int:
    """Bytes a first visit transfers gzipped: the HTML, its CSS and JS, and the search worker Material
    starts on every page (named in the page's config). The search index loads only when the reader
    opens search (test_search.py), so it is not part of a page's weight."""
    page = site_dir / url / "index.html"
    html = page.read_text(encoding="utf-8")
    total = _gz(page) + sum(_gz((page.parent / asset).resolve()) for asset in _assets(html))
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html,
                                  flags=re.S).group(1))
    total += _gz((page.parent / config["search"].split("#")[0]).resolve())
    return total


@pytest.mark.parametrize("url", ["", "coverage/", "regions/kz-75/", "actions/", "quality/",
                                 "ru/concept/ci04-pisa-mean-score/", "en/data/", "data/security_coverage/"])
def test_page_weight(site_dir: Path, url: str):
    total = page_weight(site_dir, url)
    assert total <= WEIGHT_BUDGET, f"{url}: {total / 1024:.0f} KiB gzipped"


def test_every_page_within_the_weight_budget(site_dir: Path):
    """Every page, document pages included (a long document is split over several pages), with no
    allowance: HTML, CSS, JS and the search files a first visit loads, gzipped."""
    over = []
    pages = sorted(site_dir.rglob("index.html"))
    for page in pages:
        url = page.parent.relative_to(site_dir).as_posix() + "/"
        total = page_weight(site_dir, "" if url == "./" else url)
        if total > WEIGHT_BUDGET:
            over.append(f"{url}: {total / 1024:.0f} KiB")
    assert len(pages) > 200
    assert over == [], over


def test_downloads_exist_for_every_resource(site_dir: Path):
    from sitegen.data import load_package
    from sitegen.downloads import FORMATS, format_path

    package = load_package(site_dir / "downloads" / "datapackage.json")
    for name in package.resource_names():
        for fmt in FORMATS:
            assert (site_dir / "downloads" / format_path(package, name, fmt.suffix)).stat().st_size > 0
    locale_csv = format_path(package, "security_coverage", ".semicolon.csv")
    assert (site_dir / "downloads" / locale_csv).read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_language_selector_names_each_language_in_it(site_dir: Path):
    """Each language's name in the selector carries its language (lang), as its link does (hreflang)."""
    checked = 0
    for path in sorted(site_dir.rglob("*.html")):
        for link in re.findall(r'<a [^>]*class="md-select__link"[^>]*>', path.read_text(encoding="utf-8")):
            hreflang = re.search(r'hreflang="([^"]+)"', link)
            lang = re.search(r'\slang="([^"]+)"', link)
            assert hreflang and lang and lang.group(1) == hreflang.group(1), (path, link)
            checked += 1
    assert checked > 3 * 200
