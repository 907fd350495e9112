"""Not-found pages: one per language (Kazakh at the root, /ru/, /en/), served as GitHub Pages serves the
project site — below /bilim-data/, the root 404.html for every missing path — so that a reader who
mistyped an address gets the page in the language of that address, with the address kept, and links
to that language's home and search that work."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitegen.i18n import LANGS, load_strings
from tests.site.fit_support import NOT_FOUND, PREFIX, SITE_PATH, github_pages
from tests.site.sweep import AXE_RUN, CSP_LISTENER, WCAG

STRINGS = load_strings()
# A word in the pages of every language (the PISA indicators).
SEARCH_WORD = "PISA"


@pytest.fixture()  # a server only: the module's tests need not share a worker
def site(site_dir: Path):
    with github_pages(site_dir) as url:
        yield url


def text(lang: str, key: str) -> str:
    return STRINGS.t(lang, key)


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_not_found_page(site_dir: Path, lang: str):
    path = site_dir / PREFIX[lang] / NOT_FOUND
    assert path.exists(), f"{PREFIX[lang]}{NOT_FOUND} is missing"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.title.get_text().startswith(text(lang, "fit.not_found_title"))
    assert soup.select_one("article h1").get_text(strip=True) == text(lang, "fit.not_found_title")
    home = SITE_PATH + PREFIX[lang]
    assert soup.select_one(f'article a[href="{home}"]').get_text(strip=True) == text(lang, "fit.not_found_home")
    form = soup.select_one("article form[role=search]")
    assert form["action"] == home and form.select_one("input[name=q]") is not None
    assert form.select_one("button[type=submit]") is not None
    # The language selector leads to each language's home, not to a page of the last language built.
    selector = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert selector == {other: SITE_PATH + PREFIX[other] for other in LANGS}
    # Every link and resource is absolute under the published path and exists in the built site.
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("form", "action")):
        for element in soup.find_all(tag, attrs={attr: True}):
            target = urlsplit(element[attr]).path
            if not target or element[attr].startswith("#"):
                continue
            assert target.startswith(SITE_PATH), f"{PREFIX[lang]}{NOT_FOUND}: {tag} {element[attr]} is relative"
            file = site_dir / target[len(SITE_PATH):]
            assert file.is_file() or (file / "index.html").is_file(), f"{PREFIX[lang]}{NOT_FOUND}: {target} missing"


MISTYPED = [
    ("kk", "regoins/kz-35/", ""),
    ("kk", "sources/000_nope/part-9/", "#L30"),
    ("ru", "ru/regoins/kz-35/", ""),
    ("ru", "ru/sources/004_08b2a54d8bb8e082/nope/", "#L3"),
    ("en", "en/concept/ci99/", "#targets"),
    ("en", "en/about/nope.html", ""),
]


@pytest.fixture()
def tab(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource: the "
                                                                              "server responded with a status of 404")
            and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
    yield page
    context.close()


@pytest.mark.parametrize(("lang", "path", "fragment"), MISTYPED)
def test_a_mistyped_address_gets_the_not_found_page_of_its_language(tab, site, axe, lang, path, fragment):
    asked = urljoin(site, path) + fragment
    response = tab.goto(asked, wait_until="load")
    assert response.status == 404  # what GitHub Pages answers: the root page, in Kazakh
    tab.wait_for_function(f"document.documentElement.lang === {lang!r}")
    tab.wait_for_load_state("load")
    assert tab.locator("article h1").inner_text() == text(lang, "fit.not_found_title")
    assert tab.url == asked, "the address the reader asked for is kept, to correct it"
    assert tab.title().startswith(text(lang, "fit.not_found_title"))
    tab.evaluate(axe)
    assert tab.evaluate(AXE_RUN, WCAG) == []
    assert tab.evaluate("window.__cspViolations") == []
    assert tab.problems == []
    # Its home link leads to that language's home page.
    tab.locator("article").get_by_role("link", name=text(lang, "fit.not_found_home")).click()
    tab.wait_for_load_state("load")
    assert tab.url == urljoin(site, PREFIX[lang])
    assert tab.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_not_found_search_searches_that_language(tab, site, lang):
    tab.goto(urljoin(site, PREFIX[lang] + "no-such-page/"), wait_until="load")
    tab.wait_for_function(f"document.documentElement.lang === {lang!r}")
    field = tab.locator("article").get_by_role("searchbox", name=text(lang, "fit.not_found_search"))
    field.fill(SEARCH_WORD)
    tab.locator("article").get_by_role("button", name=text(lang, "fit.not_found_search_button")).click()
    tab.wait_for_load_state("load")
    parts = urlsplit(tab.url)
    assert parts.path == SITE_PATH + PREFIX[lang]
    assert parse_qs(parts.query)["q"] == [SEARCH_WORD]
    results = tab.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    paths = [urlsplit(h).path for h in hrefs]
    assert f"{SITE_PATH}{PREFIX[lang]}concept/ci04-pisa-mean-score/" in paths, hrefs
    others = [PREFIX[other] for other in LANGS if PREFIX[other] and other != lang]
    assert not [p for p in paths if p.startswith(tuple(SITE_PATH + o for o in others))], "another language's pages"


def test_without_javascript_the_root_page_links_every_language(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        response = page.goto(urljoin(site, "ru/regoins/"), wait_until="load")
        assert response.status == 404
        for lang in LANGS:
            link = page.locator(f'article a[href="{SITE_PATH}{PREFIX[lang]}"]')
            assert link.count() == 1, lang
            if lang != "kk":
                assert link.get_attribute("hreflang") == lang
    finally:
        context.close()


def test_a_missing_not_found_page_does_not_loop(tab, site_dir, site):
    """Were a language's own 404.html missing, its address would get the root page: that page stays."""
    root_page = (site_dir / NOT_FOUND).read_bytes()
    tab.route("**/ru/404.html*", lambda route: route.fulfill(status=404, body=root_page,
                                                            content_type="text/html; charset=utf-8"))
    tab.goto(urljoin(site, "ru/" + NOT_FOUND), wait_until="load")
    tab.wait_for_timeout(500)
    assert urlsplit(tab.url).path == SITE_PATH + "ru/" + NOT_FOUND
    assert tab.locator("html").get_attribute("lang") == "kk"
