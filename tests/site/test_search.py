"""Site search in Chromium, used as a reader uses it, on the built site.

Each query of search_queries.csv is typed into the search box of its language's site with real key
events, one key at a time (a key-down carrying the character, then a key-up, as a Kazakh, Russian or
English keyboard sends them; Playwright's keyboard.type sends no key events for Cyrillic letters, and
Material reads the query on key-up), and its page must come among the first three results (first, for the
kinds marked FIRST_MARK: a measure's word finds the measure's own page before any other). A few tabs
type at once, each its share of the queries one after another in its own search box, as one reader
types (its keys DELAY_MS apart): what a tab waits for, the others type meanwhile. Also: a
query that finds nothing shows the hint in the reader's language; the index is not requested when a
page loads and is requested when the reader opens search; no script error, no request to another
origin, never Material's lunr index.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from tests.site.conftest import recording_page

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
QUERIES = list(csv.DictReader((HERE / "search_queries.csv").open(encoding="utf-8")))
HINTS = yaml.safe_load((HERE.parents[1] / "site" / "i18n" / "search.yml").read_text(encoding="utf-8"))
TOP = 3
FIRST_MARK = "(first)"  # ends the kind of a query whose page must come first, not only among the first TOP
DELAY_MS = 30  # between a reader's keys
TABS = 3  # typing at once
INDEX = "search/index.json"
# The first link of each result is its page (Material renders the page, then its sections).
FIRST_LINKS = """() => [...document.querySelectorAll('.md-search-result__item')]
  .map(item => item.querySelector('a.md-search-result__link')).filter(Boolean).map(a => a.href)"""


def page_url(base_url: str, lang: str, path: str) -> str:
    return urljoin(base_url, PREFIX[lang] + ("" if path == "./" else path))


def open_search(page) -> None:
    """As on a phone: tap the magnifier in the header; the search box gets the focus."""
    page.locator("label.md-header__button[for=__search]").click()
    page.locator("input.md-search__input").wait_for(state="visible")
    page.wait_for_function("() => document.activeElement?.matches('input.md-search__input')")


def type_keys(page, text: str, delay_ms: int = DELAY_MS) -> None:
    """Type `text` into the focused element: for each character a key-down carrying it, then a key-up."""
    cdp = page.context.new_cdp_session(page)
    try:
        for ch in text:
            cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch, "unmodifiedText": ch})
            cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
            page.wait_for_timeout(delay_ms)
    finally:
        cdp.detach()


def clear_query(page) -> None:
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")


def first_results(page) -> list[str]:
    return [href.split("?")[0].split("#")[0] for href in page.evaluate(FIRST_LINKS)][:TOP]


def top(row: dict) -> int:
    """How many of the first results the row's page must be among."""
    return 1 if row["kind"].endswith(FIRST_MARK) else TOP


def typing(page, base_url: str, lang: str, rows: list[dict], failures: list[str]) -> Iterator[None]:
    """A reader typing `rows`' queries one after another into the open search box of `page`, as
    clear_query, type_keys and a wait for the expected page among the first results do, one step at a
    time: it yields where the reader waits (DELAY_MS after each key; between two looks at the results).
    A query whose page is not among the first `top(row)` within 5 s is added to `failures`."""
    devtools = page.context.new_cdp_session(page)
    try:
        for row in rows:
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            deadline = time.monotonic() + 30
            while page.evaluate("document.querySelectorAll('.md-search-result__item').length"):
                assert time.monotonic() < deadline, f"{row['query']!r}: the results of the last query stay"
                yield
            for ch in row["query"]:
                devtools.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch, "unmodifiedText": ch})
                devtools.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
                yield
            expected = page_url(base_url, lang, row["expected"])
            deadline = time.monotonic() + 5
            while not page.evaluate(f"expected => ({FIRST_LINKS})().slice(0, {top(row)})"
                                    ".some(h => h.split(/[?#]/)[0] === expected)", expected):
                if time.monotonic() > deadline:  # reported by the test, with what came instead
                    failures.append(f"{row['query']!r} ({row['kind']}): expected {row['expected']}, "
                                    f"got {first_results(page)}")
                    break
                yield
    finally:
        devtools.detach()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_typed_queries_find_their_pages(page, base_url, lang):
    rows = [r for r in QUERIES if r["lang"] == lang]
    tabs = [page] + [recording_page(page.context, base_url) for _ in range(TABS - 1)]
    for tab in tabs:
        tab.goto(page_url(base_url, lang, "./"), wait_until="load")
        open_search(tab)
    failures: list[str] = []
    readers = [typing(tab, base_url, lang, rows[i::TABS], failures) for i, tab in enumerate(tabs)]
    while readers:
        for reader in list(readers):
            if next(reader, StopIteration) is StopIteration:
                readers.remove(reader)
        page.wait_for_timeout(DELAY_MS)
    assert len(rows) > 20
    assert failures == [], f"{len(failures)} queries missed their page:\n" + "\n".join(failures)
    for tab in tabs:
        assert tab.errors == [], tab.errors
        assert tab.foreign == [], tab.foreign


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_query_that_finds_nothing_says_what_to_try(page, base_url, lang):
    page.goto(page_url(base_url, lang, "./"), wait_until="load")
    none = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent)"
                         ".translations['search.result.none']")
    open_search(page)
    type_keys(page, "qzxjwq")
    hint = page.locator("[data-bd-search-help]")
    hint.wait_for(state="visible", timeout=5000)
    assert page.locator(".md-search-result__meta").inner_text().strip() == none.strip()
    assert HINTS["search.help.text"][lang] in hint.inner_text()
    links = {a.inner_text(): a.evaluate("a => a.href") for a in hint.locator("a").all()}
    assert links == {HINTS["search.help.regions"][lang]: page_url(base_url, lang, "regions/"),
                     HINTS["search.help.glossary"][lang]: page_url(base_url, lang, "glossary/")}
    clear_query(page)
    type_keys(page, "Караганда")
    page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    assert hint.is_hidden()
    assert page.errors == [], page.errors


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_enter_opens_the_best_result_without_a_script_error(browser, base_url, lang):
    """On a phone, Enter after a query opens the best result. Material's Enter reads every link of the
    result element as a result: the hint's links live outside it ("Cannot read properties of null
    (reading 'getAttribute')" when they did not)."""
    from tests.site.conftest import recording_page

    query = {"kk": "күзет", "ru": "охрана", "en": "guards"}[lang]
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = recording_page(context, base_url)
        page.goto(page_url(base_url, lang, "./"), wait_until="load")
        open_search(page)
        page.keyboard.type(query, delay=DELAY_MS)
        page.locator(".md-search-result__item").first.wait_for(timeout=5000)
        page.wait_for_timeout(500)  # the last key's results
        # What Material's Enter reads (bundle: ":first-child [href]" of the result element, each link's first
        # element's data-md-score): a link without one is the script error, which the navigation may hide.
        unscored = page.evaluate("""() => [...document.querySelectorAll('.md-search-result :first-child [href]')]
            .filter(a => !a.firstElementChild?.hasAttribute('data-md-score')).map(a => a.outerHTML)""")
        assert unscored == []
        start = page.url
        page.keyboard.press("Enter")
        page.wait_for_function("start => location.href !== start", arg=start, timeout=5000)
        page.wait_for_timeout(200)
        assert page.errors == [], page.errors
    finally:
        context.close()


def _opened_by_tapping_the_icon(page) -> None:
    open_search(page)


def _opened_by_clicking_the_box(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})  # the box is in the header at desktop width
    page.locator("input.md-search__input").click()


def _opened_by_the_keyboard_shortcut(page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.press("/")


@pytest.mark.parametrize("how", [_opened_by_tapping_the_icon, _opened_by_clicking_the_box,
                                 _opened_by_the_keyboard_shortcut], ids=["icon", "box", "shortcut"])
@pytest.mark.parametrize(("lang", "path"), [("kk", "regions/kz-35/"), ("ru", "coverage/"), ("en", "./")])
def test_the_index_loads_when_search_opens_not_with_the_page(page, base_url, lang, path, how):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(page_url(base_url, lang, path), wait_until="load")
    page.wait_for_timeout(1500)  # the bundle and the search worker have started
    assert not [u for u in requested if "search/" in u], requested
    index = urljoin(base_url, PREFIX[lang] + INDEX)
    with page.expect_request(lambda r: r.url == index, timeout=5000):
        how(page)
    type_keys(page, "Karaganda")
    page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    assert first_results(page)[0] == page_url(base_url, lang, "regions/kz-35/")
    assert [u for u in requested if u.endswith(INDEX)] == [index]  # once, the page's own language
    assert not [u for u in requested if "search_index" in u or "/lunr/" in u]  # Material's lunr: never
    assert page.errors == [], page.errors
    assert page.foreign == [], page.foreign
