"""A range of numbers ("2023–2029", "2023 – 2024", "2–6 лет") never breaks across lines: the dash stays
with both numbers on every page in every language, in its title and running text, as the thousands of a
number do (tests/site/test_site_fit_numbers.py). Nor is an ending parted from the number, percentage or
Latin abbreviation its hyphen joins it to ("20-дан", "90,6%-ы", "CSV-сі"). Quotations of the documents,
their lines and code are shown exactly as printed and are not running text.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from pipelines.language.grammar import NBSP, WORD_JOINER, nobreak_hyphens, nobreak_ranges
from sitegen.i18n import LANGS, typeset_page
from tests.site.fit_support import PREFIX, pages_of
from tests.site.test_site_fit_numbers import running_text

# A dash between digits that a line may break at: after the dash (no word joiner follows it), or at a
# breakable space before or after it.
BREAKABLE_RANGE = re.compile(r"\d(?: [\u2013\u2014]\u2060?[ \u00a0]?|\u00a0?[\u2013\u2014](?!\u2060)[ \u00a0]?"
                             r"|\u00a0?[\u2013\u2014]\u2060 )\d")


@pytest.mark.parametrize(("text", "expected"), [
    ("Тұжырымдама 2023–2029", f"Тұжырымдама 2023–{WORD_JOINER}2029"),
    ("2023 – 2024 жылдардың", f"2023{NBSP}–{WORD_JOINER}{NBSP}2024 жылдардың"),
    ("дети 2–6 лет", f"дети 2–{WORD_JOINER}6 лет"),
    ("pages 10—12", f"pages 10—{WORD_JOINER}12"),
    ("A – B, 2023-Q1", "A – B, 2023-Q1"),  # words and a period code are not ranges
])
def test_a_range_is_joined(text, expected):
    assert nobreak_ranges(text) == expected
    assert nobreak_ranges(expected) == expected
    assert not BREAKABLE_RANGE.search(expected)

# A hyphen joining a Kazakh or Russian ending to a number, a percentage or a Latin abbreviation that a
# line may break after: no word joiner follows it.
BREAKABLE_ENDING = re.compile(r"[\d%]-(?!\u2060)[\u0400-\u04ff]+|[A-Za-z]-(?!\u2060)[\u0400-\u04ff]{1,7}(?![\u0400-\u04ff])"
                             r"|[А-ЯЁӘҒҚҢӨҰҮҺІ]{2}-(?!\u2060)[а-яёәғқңөұүһі]{1,7}(?![\u0400-\u04ff])")


@pytest.mark.parametrize("text", ["20-дан", "7 078-дің 90,61%-ы", "пакеттің CSV-сі", "Bilim Data-ның", "9-х",
                                  "ЖБО-ға қосылған"])
def test_an_ending_keeps_to_its_number(text):
    joined = nobreak_hyphens(text)
    assert BREAKABLE_ENDING.search(text) and not BREAKABLE_ENDING.search(joined)
    assert joined.replace(WORD_JOINER, "") == text


@pytest.mark.parametrize("text", ["2023-Q1", "#period-2023-q1", "Оқу-ағарту", "kz-75", "minor-бағдарламалар",
                                  "Северо-Казахстанская", "Шығыс-Қазақстан"])
def test_codes_and_compound_words_may_break_at_their_hyphen(text):
    assert nobreak_hyphens(text) == text


def test_the_check_finds_a_range_that_breaks():
    for text in ("2023–2029", "2023 – 2024", f"2023{NBSP}– 2024", f"2023 –{WORD_JOINER}{NBSP}2024"):
        assert BREAKABLE_RANGE.search(text), text


def test_a_page_is_typeset_outside_what_is_shown_as_printed():
    page = ("---\ntitle: Концепция 2023–2029\n---\n<p title=\"x 1–2\">2023–2029 <q lang=\"ru\">2023 – 2024</q>"
            "<code>1–2</code></p>\n<ol class=\"bd-source\"><li id=L1>2023 – 2029</li></ol>\n")
    typeset = typeset_page(page, "ru")
    assert f"title: Концепция 2023–{WORD_JOINER}2029" in typeset
    assert f"<p title=\"x 1–2\">2023–{WORD_JOINER}2029 <q lang=\"ru\">2023 – 2024</q><code>1–2</code>" in typeset
    assert "<li id=L1>2023 – 2029</li>" in typeset


def page_texts(site_dir: Path, lang: str, templates: bool = False) -> list[tuple[str, str]]:
    """(page, text) of every page's title and running text; with `templates`, also the templates a
    script fills and shows (data-template)."""
    out = []
    for url in pages_of(site_dir, lang):
        path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
        html = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        texts = [title.group(1)] if title else []
        texts += running_text(html, url.removeprefix(PREFIX[lang]))
        if templates:
            texts += re.findall(r'data-template="([^"]*)"', html)
        out += [(url, text) for text in texts]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_no_range_breaks_on_any_page(site_dir: Path, lang):
    problems = [f"{url}: {m.group(0)!r} in {text.strip()[:80]!r}" for url, text in page_texts(site_dir, lang)
                for m in BREAKABLE_RANGE.finditer(text)]
    assert problems == [], f"{len(problems)} ranges may break\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", LANGS)
def test_no_ending_parts_from_its_number_on_any_page(site_dir: Path, lang):
    problems = [f"{url}: {m.group(0)!r} in {text.strip()[:80]!r}"
                for url, text in page_texts(site_dir, lang, templates=True) for m in BREAKABLE_ENDING.finditer(text)]
    assert problems == [], f"{len(problems)} endings may part from their numbers\n" + "\n".join(problems[:40])


def test_the_kazakh_home_title_keeps_its_years_on_one_line(page, base_url):
    """On a 360 px phone, in Chromium: "2023–2029" of the Kazakh home page's title is on one line."""
    page.goto(urljoin(base_url, "index.html"), wait_until="load")
    lines = page.evaluate("""() => {
        const h1 = document.querySelector('article h1');
        const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const start = node.data.indexOf('2023');
            if (start < 0) continue;
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, node.data.indexOf('2029') + 4);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }
        return -1;
    }""")
    assert lines == 1


SELECT_AND_COPY = """selector => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(selector));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return String(getSelection());
}"""
CLIPBOARD = """async () => {
    const [item] = await navigator.clipboard.read();
    const html = item.types.includes('text/html') ? await (await item.getType('text/html')).text() : '';
    return {text: await navigator.clipboard.readText(), html};
}"""


@pytest.mark.parametrize(("path", "selector", "shown"), [
    ("index.html", "article h1", "2023–2029"),           # a range without spaces, in the Kazakh title
    ("ru/actions/", "#a1 td:nth-child(5)", "2023–2024"),  # printed with spaces, shown by rule (year_spans)
])
def test_a_copied_range_goes_without_its_word_joiner(page, base_url, path, selector, shown):
    """In Chromium, a reader selects text holding a range and copies it with Ctrl+C: the clipboard holds
    the text as shown, in plain text and in HTML, without the word joiner that keeps the range on one
    line (site.js); what the page holds keeps it."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.goto(urljoin(base_url, path), wait_until="load")
    selected = page.evaluate(SELECT_AND_COPY, selector)
    assert WORD_JOINER in selected
    page.keyboard.press("Control+C")
    copied = page.evaluate(CLIPBOARD)
    assert copied["text"] == selected.replace(WORD_JOINER, "")
    assert shown in copied["text"].replace(NBSP, " ")
    assert WORD_JOINER not in copied["html"] and shown in copied["html"].replace(NBSP, " ").replace("&nbsp;", " ")
    assert page.errors == [], page.errors


def test_a_copy_without_a_range_is_left_to_the_browser(page, base_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.goto(urljoin(base_url, "ru/actions/"), wait_until="load")
    selected = page.evaluate(SELECT_AND_COPY, "article h1")
    assert WORD_JOINER not in selected
    page.keyboard.press("Control+C")
    copied = page.evaluate(CLIPBOARD)
    assert copied["text"] == selected
    assert "<h1" in copied["html"] or selected in copied["html"]
