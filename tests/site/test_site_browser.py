"""The site in Chromium (Playwright): pages, charts, language switcher, provenance, search, downloads."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urljoin

import pytest

from sitegen.data import parse_csv

pytestmark = pytest.mark.browser

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
PAGES = {
    "home": ("", True),
    "region": ("regions/kz-35/", True),
    "indicator": ("concept/ci10-school-high-speed-internet/", True),
    "actions": ("actions/", True),
    "quality": ("quality/", False),
    "data": ("data/", False),
}


def visit(page, base_url: str, path: str) -> None:
    page.goto(urljoin(base_url, path), wait_until="load")
    page.wait_for_timeout(300)  # Material's bundle and the search worker start after load


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_load_clean_with_charts(swept, lang):
    """Each page of PAGES as the shared visit of every page found it (tests/site/sweep.py) at 360 × 800:
    its language, no script error, failed request or request to another origin, and each chart drawn as
    one image with its three files (CSV, XLSX, SVG) and its PNG control shown, no wider than the screen."""
    visit = swept(lang)
    problems = []
    for name, (path, has_charts) in sorted(PAGES.items()):
        url = PREFIX[lang] + path
        shown = visit["pages"][url]["shown"]
        if shown["lang"] != lang:
            problems.append(f"{name} ({url}): lang {shown['lang']!r}")
        problems += [f"{name} ({url}): {what}" for at, what in visit["events"] if at == url]
        if has_charts and not shown["charts"]:
            problems.append(f"{name} ({url}): no chart")
        for i, chart in enumerate(shown["charts"] if has_charts else []):
            if (chart["svgs"], chart["images"], chart["downloads"], chart["png"]) != (1, 1, 4, True):
                problems.append(f"{name} ({url}): chart {i + 1} has {chart['svgs']} svg, {chart['images']} "
                                f"role=img, {chart['downloads']} downloads, PNG control shown: {chart['png']} "
                                "(1, 1, 4, True: XLSX, CSV for spreadsheets, CSV for code, SVG)")
            if chart["width"] is None or chart["width"] > 360:
                problems.append(f"{name} ({url}): chart {i + 1} is {chart['width']} px wide")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("start", "lang", "expected"), [
    ("regions/kz-35/", "ru", "ru/regions/kz-35/"),
    ("ru/actions/", "en", "en/actions/"),
    ("en/concept/ci04-pisa-mean-score/", "kk", "concept/ci04-pisa-mean-score/"),
])
def test_language_switcher_keeps_the_page(page, base_url, start, lang, expected):
    visit(page, base_url, start)
    href = page.locator(f'a.md-select__link[hreflang="{lang}"]').get_attribute("href")
    page.goto(urljoin(page.url, href))
    assert page.url == urljoin(base_url, expected)


def test_provenance_link_lands_on_highlighted_line(page, base_url):
    visit(page, base_url, "regions/kz-35/")
    link = page.locator('.bd-quotes a[href*="sources/"]').first
    href = link.get_attribute("href")
    line = re.search(r"#L(\d+)$", href).group(1)
    link.click()
    page.wait_for_url(re.compile(rf"#L{line}$"))
    target = page.locator(f"#L{line}")
    assert target.is_visible()
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 241, 168)"  # --bd-highlight: the :target rule, no script needed
    box = target.bounding_box()
    assert 0 <= box["y"] < 800


def test_search_finds_a_kazakh_word(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, base_url, "")
    query = page.locator("input.md-search__input")
    query.click()  # at desktop width the search field is in the header
    query.fill("Қарағанды")
    query.press("End")  # Material reads the query on keyup; fill() alone types no key
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("regions/kz-35/" in h and "/ru/" not in h and "/en/" not in h for h in hrefs), hrefs


def test_download_links_answer_and_csvs_parse_with_schema(page, base_url):
    visit(page, base_url, "data/")
    hrefs = sorted({page.url and urljoin(page.url, a.get_attribute("href"))
                    for a in page.locator("a[download]").all()})
    assert len(hrefs) >= 40
    descriptor = json.loads(page.request.get(urljoin(base_url, "downloads/datapackage.json")).body())
    schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, href
        name = href.rsplit("/", 1)[1]
        if name.endswith(".semicolon.csv"):  # for spreadsheets; opened in LibreOffice by test_downloads_spreadsheets
            body = response.body()
            fields = schemas[name.removesuffix(".semicolon.csv")]["fields"]
            header = next(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
            assert header == [f["name"] for f in fields] and body.startswith(b"\xef\xbb\xbf"), name
        elif name.endswith(".csv"):
            body = response.body()
            text = body.decode("utf-8-sig")
            resource = name.removesuffix(".csv")
            fields = schemas[resource]["fields"]
            header = next(csv.reader(io.StringIO(text)))
            assert header == [f["name"] for f in fields], name
            rows = parse_csv(text, fields)  # raises on a value that does not fit its type
            for f in fields:
                if f.get("constraints", {}).get("required"):
                    assert all(r[f["name"]] not in (None, "") for r in rows), (name, f["name"])
            assert not body.startswith(b"\xef\xbb\xbf"), name  # the package's own CSV, for programs


# axe-core on every page, the CSP and requests to other origins: test_site_every_page.py.
