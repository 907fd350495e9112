"""Switching language keeps the reader's place: the same page and the same anchor (a document line, a
section, a row), which needs headings with stable ids that are the same in kk, ru and en."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from sitegen.i18n import LANGS
from tests.site.fit_support import PREFIX, pages_of

HEADING = re.compile(r"h[1-6]")
# Readable: lowercase words, digits, "-" and "_", at least one letter; not Python-Markdown's "_1", "-".
READABLE_ID = re.compile(r"(?=[a-z0-9_-]*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+)*")


class _Headings(HTMLParser):
    """The headings of a page's first <article>: (tag, id, its text nodes stripped and joined by spaces)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str | None, str]] = []
        self.depth = 0
        self.done = False
        self.heading: tuple[str, str | None, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "article":
            self.depth += 1
        elif self.depth and self.heading is None and HEADING.fullmatch(tag):
            self.heading = (tag, dict(attrs).get("id"), [])

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if self.heading is not None and tag == self.heading[0]:
            name, anchor, texts = self.heading
            self.found.append((name, anchor, " ".join(t.strip() for t in texts if t.strip())))
            self.heading = None
        elif tag == "article" and self.depth:
            self.depth -= 1
            self.done = not self.depth

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading[2].append(data)


def heading_ids(path: Path) -> list[tuple[str, str | None, str]]:
    """(tag, id, text) of every heading in the page's content (its first <article>), read with the
    standard library's parser: a fourth of the time a BeautifulSoup tree takes, over every page."""
    parser = _Headings()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.found


def test_every_heading_has_a_readable_id_the_same_in_every_language(site_dir: Path):
    ids: dict[str, dict[str, list[str]]] = defaultdict(dict)
    problems = []
    for lang in LANGS:
        for url in pages_of(site_dir, lang, not_found=False):
            page = url.removeprefix(PREFIX[lang])
            found = heading_ids(site_dir / url / "index.html")
            for tag, anchor, text in found:
                if not anchor or not READABLE_ID.fullmatch(anchor):
                    problems.append(f"{url}: <{tag} id={anchor!r}> {text[:60]}")
            ids[page][lang] = sorted(anchor or "" for _, anchor, _ in found)
    assert len(ids) > 70
    for page, by_lang in sorted(ids.items()):
        if sorted(by_lang) != sorted(LANGS):
            problems.append(f"{page}: only in {sorted(by_lang)}")
        elif len({tuple(v) for v in by_lang.values()}) > 1:
            problems.append(f"{page}: heading ids differ: {by_lang}")
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:40])


def test_the_readable_id_rule_refuses_generated_ids():
    for generated in ("_1", "_4", "_", "-", "20232029", "9-", "-07-2023"):
        assert not READABLE_ID.fullmatch(generated), generated
    for kept in ("figures", "licence-and-citation", "kind-count_exceeds_total", "000_79fb72e18d9edfdc", "kz-35"):
        assert READABLE_ID.fullmatch(kept), kept


def tap(page, selector: str) -> None:
    """A pointer's click in the middle of the element where it is (a locator's click would first scroll
    the page to bring the element into view, and the header is sticky)."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def switch(page, lang: str) -> None:
    """Open the language selector and choose `lang`, as a reader does on a phone."""
    tap(page, ".md-header .md-select button")
    page.locator(f'a.md-select__link[hreflang="{lang}"]').wait_for(state="visible")
    with page.expect_navigation(wait_until="load"):
        tap(page, f'a.md-select__link[hreflang="{lang}"]')


# (language, page, fragment) → language: every language is a start and a target.
FRAGMENTS = [
    ("kk", "sources/004_08b2a54d8bb8e082/", "L3", "ru"),
    ("ru", "sources/003_c2990e6476669ab7/part-2/", "L400", "en"),
    ("en", "regions/kz-35/", "city", "kk"),
    ("ru", "", "figures", "kk"),
    ("kk", "about/", "licence-and-citation", "en"),
    ("en", "actions/", "a42", "ru"),
    ("en", "quality/", "kind-corrected", "ru"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("start", "path", "fragment", "target"), FRAGMENTS)
def test_switching_language_keeps_the_anchor(page, base_url, start, path, fragment, target):
    page.goto(urljoin(base_url, PREFIX[start] + path + "#" + fragment), wait_until="load")
    switch(page, target)
    assert page.url == urljoin(base_url, PREFIX[target] + path + "#" + fragment)
    assert page.locator("html").get_attribute("lang") == target
    anchor = page.locator(f'[id="{fragment}"]')
    assert anchor.count() == 1
    box = anchor.bounding_box()
    assert box is not None and 0 <= box["y"] < 800, "the anchor is on the screen"
    assert [e for e in page.errors if not e.startswith("failed:")] == []  # not requests the switch cut short


# (language, page, element scrolled to the top of the screen without a fragment) → language.
PLACES = [
    ("ru", "about/", "h2#licence-and-citation", "licence-and-citation", "kk"),
    ("kk", "sources/003_c2990e6476669ab7/part-3/", "#L1000", "L1000", "en"),
    ("en", "concept/ci10-school-high-speed-internet/", "h2#actions", "actions", "ru"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("start", "path", "selector", "fragment", "target"), PLACES)
def test_switching_language_keeps_the_place_read(page, base_url, start, path, selector, fragment, target):
    page.goto(urljoin(base_url, PREFIX[start] + path), wait_until="load")
    # The element's top just below the header, where the reader's eyes are.
    page.locator(selector).evaluate("""el => {
        const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
        window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - header - 2);
    }""")
    page.wait_for_timeout(200)
    switch(page, target)
    assert page.url == urljoin(base_url, PREFIX[target] + path + "#" + fragment)


@pytest.mark.browser
def test_a_fragment_that_names_nothing_is_not_carried(page, base_url):
    page.goto(urljoin(base_url, "en/regions/kz-35/#nothing-here"), wait_until="load")
    switch(page, "kk")
    assert page.url == urljoin(base_url, "regions/kz-35/")


@pytest.mark.browser
@pytest.mark.parametrize(("start", "path", "target"), [("kk", "regions/kz-35/", "ru"), ("ru", "actions/", "en"),
                                                         ("en", "sources/004_08b2a54d8bb8e082/", "kk")])
def test_without_javascript_the_language_links_reach_the_same_page(browser, base_url, start, path, target):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(urljoin(base_url, PREFIX[start] + path + "#L3"), wait_until="load")
        href = page.locator(f'a.md-select__link[hreflang="{target}"]').get_attribute("href")
        assert urlsplit(urljoin(page.url, href)).path == urlsplit(urljoin(base_url, PREFIX[target] + path)).path
    finally:
        context.close()
