"""The site with two quarterly notes in Chromium, on a phone-sized screen: the period switch takes the
reader to the earlier quarter and back without scripts, and no page is wider than the screen.

The site is built in full (generator, MkDocs, hooks) from a copy of the data with the invented note of
the quarter after the latest committed one (see test_site_periods.py) and served on 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.build import run_mkdocs, source_date_epoch
from sitegen.data import load_package
from sitegen.downloads import package_time
from sitegen.generate import defer_blocks, generate_files, load_site_data, write_files
from sitegen.i18n import load_strings
from sitegen.periods import period_label
from tests.conftest import shared_folder
from tests.site.conftest import copy_site_sources, serve_folder
from tests.site.test_site_periods import Q1, Q2, build_package_with_q2, page_of

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
WIDTH = 360
PAGES = ["", "coverage/", f"{page_of(Q1)}/", "regions/", "regions/kz-27/", "regions/kz-75/", "progress/"]
# The latest quarter (the invented note's) and the one before it, as each language writes them.
LABELS = [(lang, period_label(Q2, lang), period_label(Q1, lang)) for lang in PREFIX]


@pytest.fixture(scope="module")
def q2_site_dir(tmp_path_factory) -> Path:
    """The whole site, built as `python -m sitegen.build` builds it, from the package with the Q2 note."""
    root = tmp_path_factory.mktemp("q2site")
    shutil.copytree(shared_folder(tmp_path_factory, "q2-package", build_package_with_q2), root, dirs_exist_ok=True)
    datapackage = root / "data" / "package" / "datapackage.json"
    copy_site_sources(root)
    package = load_package(datapackage)
    generated = generate_files(load_site_data(package, root / "data" / "sources"), load_strings(), chart_files=False)
    write_files(defer_blocks(generated.files), docs=root / "site")
    run_mkdocs(source_date_epoch(package_time(package)), root / "_site", root / "mkdocs.yml")
    return root / "_site"


@pytest.fixture(scope="module")
def q2_url(q2_site_dir: Path) -> Iterator[str]:
    with serve_folder(q2_site_dir) as url:
        yield url


@pytest.fixture()
def tab(browser, q2_url):
    """A phone-sized page that records console errors and requests to other origins."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 800})
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.foreign = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: not r.url.startswith((q2_url, "data:")) and page.foreign.append(r.url))
    yield page
    context.close()


def visit(tab, base: str, path: str) -> None:
    tab.goto(urljoin(base, path), wait_until="load")
    tab.wait_for_timeout(200)


def switch(tab):
    return tab.locator("nav.bd-periods").first


@pytest.mark.parametrize(("lang", "latest", "earlier"), LABELS)
def test_the_period_switch_goes_to_the_earlier_quarter_and_back(tab, q2_url, lang, latest, earlier):
    visit(tab, q2_url, PREFIX[lang] + "coverage/")
    assert switch(tab).locator('[aria-current="page"]').inner_text() == latest
    switch(tab).get_by_role("link", name=earlier, exact=True).click()
    tab.wait_for_url(urljoin(q2_url, PREFIX[lang] + f"{page_of(Q1)}/"))
    assert earlier in tab.locator("h1").inner_text()
    assert switch(tab).locator('[aria-current="page"]').inner_text() == earlier
    figures = tab.locator("figure.bd-chart")
    assert figures.count() >= 6
    assert all(earlier in figures.nth(i).locator(".bd-chart__title").inner_text() for i in range(figures.count()))
    switch(tab).get_by_role("link", name=latest, exact=True).click()
    tab.wait_for_url(urljoin(q2_url, PREFIX[lang] + "coverage/"))
    assert tab.errors == [] and tab.foreign == [], (tab.errors, tab.foreign)


def test_the_switch_works_without_javascript(browser, q2_url):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        visit(page, q2_url, "en/")
        earlier = period_label(Q1, "en")
        switch(page).get_by_role("link", name=earlier, exact=True).click()
        page.wait_for_url(urljoin(q2_url, f"en/{page_of(Q1)}/"))
        visit(page, q2_url, "en/regions/kz-27/")
        switch(page).get_by_role("link", name=earlier, exact=True).click()
        page.wait_for_url(re.compile(rf"#period-{Q1.lower()}$"))
        heading = page.locator(f"#period-{Q1.lower()}")
        assert heading.inner_text().strip() == earlier
        box = heading.bounding_box()
        assert box is not None and 0 <= box["y"] < 800
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_page_is_wider_than_a_phone(tab, q2_url, lang):
    wide = []
    for path in PAGES:
        visit(tab, q2_url, PREFIX[lang] + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append(f"{path}: {width}px")
    assert wide == []
    assert tab.errors == [] and tab.foreign == [], (tab.errors, tab.foreign)


@pytest.mark.parametrize(("lang", "path"), [(lang, path) for lang in ("kk", "ru", "en")
                                            for path in ("progress/", "regions/kz-27/")])
def test_the_comparison_tables_read_without_sideways_scrolling(tab, q2_url, lang, path):
    """The comparison tables fit the phone's width: nothing hidden to the right of their box."""
    visit(tab, q2_url, PREFIX[lang] + path)
    tables = tab.locator("table.bd-progress")
    if path.startswith("regions/") and tables.count() == 0:
        pytest.skip("the progress resource has no regional series")
    assert tables.count() >= 1
    overflow = tab.evaluate("""() => [...document.querySelectorAll('table.bd-progress')].map(
        t => t.closest('.bd-table-wrap')).map(w => w.scrollWidth - w.clientWidth)""")
    assert max(overflow) <= 1, overflow


# Every link of the result list, in order, with the title it shows (the page's, then its sections').
RESULT_LINKS = """() => [...document.querySelectorAll('a.md-search-result__link')].map(a => ({
  href: a.href, title: (a.querySelector('h1, h2')?.textContent || '').trim()}))"""


@pytest.mark.parametrize(("lang", "query", "latest", "earlier"), [
    (lang, query, latest, earlier) for (lang, latest, earlier), query in zip(
        LABELS, ("Түркістан", "Туркестан", "Turkistan"), strict=True)])
def test_search_puts_the_latest_quarter_first_and_names_the_earlier(tab, q2_url, lang, query, latest, earlier):
    """A reader searching for a large city on the phone: the region page's section of the latest quarter
    comes before the same figures of the earlier quarter, and each result of the earlier quarter says
    which quarter it is."""
    from tests.site.test_search import open_search, type_keys

    visit(tab, q2_url, PREFIX[lang])
    open_search(tab)
    type_keys(tab, query)
    tab.wait_for_function("() => document.querySelectorAll('a.md-search-result__link').length > 0", timeout=10_000)
    tab.wait_for_timeout(300)  # the last key's results
    links = [link for link in tab.evaluate(RESULT_LINKS) if "/regions/kz-61/" in link["href"]]
    anchors = [link["href"].rsplit("#", 1)[-1] if "#" in link["href"] else "" for link in links]
    assert "city" in anchors, links
    earlier_links = [link for link, anchor in zip(links, anchors, strict=True) if anchor.startswith(f"period-{Q1.lower()}")]
    assert earlier_links, links
    assert all(earlier in link["title"] for link in earlier_links), earlier_links
    assert anchors.index("city") < anchors.index(earlier_links[0]["href"].rsplit("#", 1)[-1]), links
    city = links[anchors.index("city")]
    assert latest in city["title"], city
    assert tab.errors == [] and tab.foreign == [], (tab.errors, tab.foreign)
