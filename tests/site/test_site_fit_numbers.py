"""Numbers in the pages' running text are written for the reader: never split across lines (the thousands
separator of kk and ru is a no-break space, a percent sign stays with its number), formatted for the
page's language, and never a machine value or an internal id ("5588.0", "001_89a1…:18",
"data/corrections.yml (swap-…)").

Running text is the content of every page except what is shown exactly as it is by design: quotations
of the documents (the document texts, <q>, «…» and “…”, a Russian original beside its translation,
`.bd-original`), code (<code>, <pre>: field names, ids shown
as such), the charts (drawn with the language's number format) and the data pages' field dictionary and
data preview (the package's own names and values).

A page that cannot be fixed at once is listed in OPEN with the generator that writes what fails; the
list is empty, and the test of all pages without exception must pass.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString

from sitegen.i18n import LANGS
from tests.site.fit_support import PREFIX, pages_of

NBSP = "\u00a0"
BREAKABLE = " \u2009"  # a space and a thin space both let a line break
# What is shown exactly as it is (see the module's docstring).
VERBATIM = ("ol.bd-source, q, blockquote, .bd-quote, .bd-original, code, pre, kbd, samp, svg, script, style, "
            "template")
DATA_SECTIONS = ("fields", "preview")  # the data pages' field dictionary and data preview
QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"")
LICENCE_NAMES = re.compile(r"\b(?:CC BY|Attribution) \d\.\d\b")

# kind → what is wrong, the pattern, the languages it applies to.
RULES: dict[str, tuple[str, re.Pattern[str], tuple[str, ...]]] = {
    "split number": ("digit groups split by a breakable space",
                     re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{BREAKABLE}]\d{{3}})+(?!\d)"), LANGS),
    "split percent": ("a percent sign parted from its number by a breakable space",
                      re.compile(rf"\d[{BREAKABLE}]%"), LANGS),
    "machine number": ("a whole number written as a float",
                       re.compile(r"(?<![\d.,])\d+\.0(?![\d.])"), LANGS),
    "decimal point": ("a decimal point where the language writes a comma",
                      re.compile(r"(?<![\d.,])\d+\.\d+(?![\d.])"), ("kk", "ru")),
    "foreign format": ("kk/ru thousands in English text",
                       re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{NBSP}\d{{3}})+(?![\d])"), ("en",)),
    "internal id": ("a document id, correction id or row id",
                    re.compile(r"\b\d{3}_[0-9a-f]{8,}(?::\d+)?\b|\b[a-z]+-\d{3}-l\d{3}\b|\b\d{3}-L\d{3}-\d+\b"), LANGS),
    "field name": ("a field, resource or unit name of the data package",
                   re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"), LANGS),
    "file path": ("a repository file path",
                  re.compile(r"\b[\w.-]+/[\w./-]*\.(?:yml|yaml|csv|txt|json|py)\b"), LANGS),
}

# Pages that fail today, with the generator that writes what fails (patterns relative to a language root).
# A value shown as printed in the document is a quotation: marked as one (<q class="bd-quote">) it is not
# running text.
OPEN: dict[str, str] = {}


def running_text(html: str, page: str) -> Iterator[str]:
    """The text nodes of the page's running text, quotations cut out."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article")
    if article is None:
        return
    for element in article.select(VERBATIM):
        element.decompose()
    if page.startswith("data/"):
        for heading in article.select(", ".join(f"h2#{s}" for s in DATA_SECTIONS)):
            for sibling in list(heading.find_next_siblings()):
                if sibling.name == "h2":
                    break
                sibling.decompose()
    for node in article.find_all(string=True):
        if isinstance(node, NavigableString) and node.strip():
            yield LICENCE_NAMES.sub("", QUOTED.sub("«»", str(node)))


def findings(site_dir: Path, lang: str) -> dict[str, list[str]]:
    """Site-relative page → what is wrong in its running text."""
    out: dict[str, list[str]] = {}
    for url in pages_of(site_dir, lang):
        path = site_dir / url if url.endswith(".html") else site_dir / url / "index.html"
        page = url.removeprefix(PREFIX[lang])
        found = []
        for text in running_text(path.read_text(encoding="utf-8"), page):
            for kind, (_, pattern, langs) in RULES.items():
                if lang in langs:
                    found += [f"{kind}: {m.group(0)!r} in {text.strip()[:90]!r}" for m in pattern.finditer(text)]
        if found:
            out[url] = found
    return out


def owner(url: str, lang: str) -> str | None:
    page = url.removeprefix(PREFIX[lang])
    return next((who for pattern, who in OPEN.items() if page == pattern or (
        "*" in pattern and fnmatch.fnmatchcase(page, pattern))), None)


@pytest.fixture(scope="module")
def found(site_dir: Path) -> dict[str, dict[str, list[str]]]:
    return {lang: findings(site_dir, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_in_running_text_are_whole_and_formatted_for_the_language(found, lang):
    """Every page not listed in OPEN; a page newly failing is a regression."""
    problems = [f"{url}: {p}" for url, items in found[lang].items() if owner(url, lang) is None for p in items]
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_in_running_text_of_every_page(found, lang):
    problems = [f"{url} [{owner(url, lang)}]: {p}" for url, items in found[lang].items() for p in items]
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:60])


def test_the_rules_find_what_they_are_for():
    html = ("<article><p>Мониторинг 10 061 ұйымды қамтыды; 93,1 % (93,1\u00a0% дұрыс); басқа құжатта 5588.0"
            " (001_89a1cac1b016df0e:18); data/corrections.yml (swap-004-l007-kz19-school); бірлік"
            " tenge_per_year; 12.5 млн.</p><p>«2 621 мектеп» дәйексөз</p><code>000-L031-3</code>"
            "<ol class='bd-source'><li>2 426 мектеп</li></ol><p>CC BY 4.0 және 0.1.0 нұсқасы; 2\u00a0621</p>"
            "</article>")
    kinds = sorted(kind for text in running_text(html, "quality/") for kind, (_, pattern, langs) in RULES.items()
                   if "kk" in langs for _ in pattern.finditer(text))
    assert kinds == sorted(["split number", "split percent", "machine number", "decimal point", "decimal point",
                            "internal id", "internal id", "field name", "file path"]), kinds
    english = [kind for text in running_text("<article><p>5,985 and 2\u00a0621</p></article>", "")
               for kind, (_, pattern, langs) in RULES.items() if "en" in langs and pattern.search(text)]
    assert english == ["foreign format"]
