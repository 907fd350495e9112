"""Phones: no page is wider than a 360 px screen. Every page of the built site, in every language, its
not-found page included, in Chromium at 360 × 800 with its scripts run (the action plan's filter form
is shown by its script): the document is no wider than the screen, and nothing sticks out past its
right edge except inside a box that scrolls sideways on its own (the tables)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.i18n import LANGS
from tests.site.fit_support import github_pages
from tests.site.sweep import CAPTIONS_OFF, PHONE_WIDTH, SPLIT_WORDS, STICKING_OUT

pytestmark = pytest.mark.browser

WIDTH = PHONE_WIDTH


@pytest.fixture()  # a server only: the module's tests need not share a worker
def site(site_dir: Path):
    with github_pages(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_is_wider_than_a_phone(swept, lang):
    """Measured in the shared visit of every page (tests/site/sweep.py), on a phone as the page loaded."""
    visit = swept(lang)
    assert len(visit["urls"]) > 70
    problems = []
    widest = (0, "")
    for url in visit["urls"]:
        found = visit["pages"][url]
        width = found["scroll_width"]
        widest = max(widest, (width, url))
        if width > WIDTH:
            problems.append(f"{url}: {width} px wide")
        problems += [f"{url}: {what}" for what in found["sticking_out"]]
    print(f"{lang}: widest page {widest[1] or '/'} at {widest[0]} px")
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:40])


def test_the_check_sees_a_page_too_wide(phone, site):
    """Not blind: a wide element outside any scrolling box is reported, one inside a table's box is not."""
    phone.goto(urljoin(site, "actions/"), wait_until="load")
    phone.evaluate("""() => {
        const wide = document.createElement('div');
        wide.id = 'too-wide';
        wide.style.width = '500px';
        wide.style.height = '10px';
        document.querySelector('article').append(wide);
        const inner = document.createElement('div');
        inner.style.width = '900px';
        inner.style.height = '10px';
        document.querySelector('.bd-table-wrap').append(inner);
    }""")
    assert phone.evaluate("document.documentElement.scrollWidth") > WIDTH
    found = phone.evaluate(STICKING_OUT, WIDTH)
    assert any(f.startswith("div#too-wide") for f in found), found
    assert not any(f.startswith("div to 9") for f in found), found


@pytest.mark.parametrize("lang", LANGS)
def test_no_word_of_a_table_is_cut_on_a_phone(swept, lang):
    """A table on a phone never cuts a word between two letters ("Аба/й облысы") nor parts a number from
    its Kazakh ending ("20-/дан", "004-/құжат"): its columns are as wide as their words, and it scrolls."""
    visit = swept(lang)
    problems = [f"{url}: {word!r}" for url in visit["urls"] for word in visit["pages"][url]["split_words"]]
    assert problems == [], f"{len(problems)} words cut\n" + "\n".join(problems[:40])


def test_the_check_sees_a_cut_word(phone, site):
    """Not blind: in a column squeezed narrower than its words, a word and a number's ending are cut; a
    compound word broken at its hyphen is not reported."""
    phone.goto(urljoin(site, "regions/"), wait_until="load")
    phone.evaluate("""() => {
        const cell = document.querySelector('table.bd-table td');
        cell.className = '';
        const narrow = document.createElement('div');
        narrow.style.cssText = 'width: 3em; word-break: break-all; white-space: normal';
        narrow.textContent = 'Қарағанды облысы 20-дан Оқу-ағарту';
        cell.replaceChildren(narrow);
    }""")
    found = phone.evaluate(SPLIT_WORDS)
    assert "Қарағанды" in found and "20-дан" in found and "Оқу-ағарту" not in found, found


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_caption_stays_on_the_screen_while_its_table_scrolls(swept, lang):
    """A wide table scrolls sideways on a phone; its caption (what the table shows, and of which quarter)
    wraps within the screen and stays there, at either end of the table, not laid out as wide as the
    table and cut at the screen's edge."""
    visit = swept(lang)
    problems = [f"{url}: {what}" for url in visit["urls"] for what in visit["pages"][url]["captions_off"]]
    assert problems == [], f"{len(problems)} captions\n" + "\n".join(problems[:40])


def test_the_check_sees_a_caption_off_the_screen(phone, site):
    """Not blind: a caption laid out as wide as its table (the browser's default) is reported."""
    phone.goto(urljoin(site, "coverage/"), wait_until="load")
    assert phone.evaluate(CAPTIONS_OFF, WIDTH) == []
    phone.evaluate("""() => {
        const caption = document.querySelector('.bd-table-wrap > table > caption');
        caption.style.cssText = 'position: static; max-width: none';
        caption.textContent = 'a caption as long as a line of the widest table of the page and longer still';
    }""")
    assert len(phone.evaluate(CAPTIONS_OFF, WIDTH)) == 1
