"""Phones: no page is wider than a 360 px screen. Every page of the built site, in every language, its
not-found page included, in Chromium at 360 × 800 with its scripts run (the action plan's filter form
is shown by its script): the document is no wider than the screen, and nothing sticks out past its
right edge except inside a box that scrolls sideways on its own (the tables)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.i18n import LANGS
from tests.site.fit_support import github_pages, pages_of

pytestmark = pytest.mark.browser

WIDTH = 360
# Elements past the right edge that no sideways-scrolling box of their own holds (at most five a page).
STICKING_OUT = """width => {
  const out = [];
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    let holder = el.parentElement;
    while (holder && holder !== document.body && !scrolls(holder)) holder = holder.parentElement;
    if (holder && holder !== document.body && holder.getBoundingClientRect().right <= width + 0.5) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(`${name} to ${Math.round(box.right)} px`);
    if (out.length === 5) break;
  }
  return out;
}"""


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
def test_no_page_is_wider_than_a_phone(phone, site, site_dir, lang):
    urls = pages_of(site_dir, lang)
    assert len(urls) > 70
    problems = []
    widest = (0, "")
    for url in urls:
        phone.goto(urljoin(site, url), wait_until="load")
        width = phone.evaluate("document.documentElement.scrollWidth")
        widest = max(widest, (width, url))
        if width > WIDTH:
            problems.append(f"{url}: {width} px wide")
        problems += [f"{url}: {what}" for what in phone.evaluate(STICKING_OUT, WIDTH)]
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
