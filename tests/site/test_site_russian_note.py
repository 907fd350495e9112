"""The site built with a Russian quarterly note shows what the same note in Kazakh shows.

tests/site/test_site_periods.py builds a package with an invented Kazakh note of the quarter after the
latest committed one and generates the site's pages from it (no MkDocs). Here the same note, in the
Ministry's Russian wording (tests/fixtures/quarterly_notes.py, `russian_note`), with the same metadata
but its language and title, goes the same way: every page is the Kazakh note's page, but for the quotes
of the note (Russian, marked lang="ru", each linked to its line), the document's own page and the pages
that list the documents' languages or the published rows' printed names and quotes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.i18n import LANGS, load_strings
from tests.conftest import shared_folder
from tests.fixtures.quarterly_notes import russian_note
from tests.site.test_site_periods import (
    METADATA,
    NEW_ID,
    Q2,
    ROOT,
    build_package,
    generate,
    q2_package,
    q2_site,
)

__all__ = ["q2_package", "q2_site"]  # the Kazakh note's package and pages, shared with test_site_periods

NOTE = russian_note(Q2, "roman", step=1)
RU_METADATA = (METADATA.replace('title: "Ақпарат"', 'title: "Информация"')
               .replace('title_ru: "Информация"', 'title_kk: "Ақпарат"').replace("language: kk", "language: ru"))
# A quotation of a document: an entry or statement (<q>), or the entry an issue quotes (a span in quotes).
QUOTE = re.compile(r'<q class="bd-quote" lang="(?P<lang>kk|ru)">(?P<text>.*?)</q>'
                   r'|<span data-search-minor(?: lang="(?P<issue_lang>kk|ru)")?>[“«„](?P<issue_text>[^”»“]*)[”»“]</span>', re.S)
# What a page adds after a document it names in another language than the document's: the title in the
# project's translation, marked so, with the title as printed (coverage.title_translated). Which pages
# carry it depends on the note's language, as the title as printed does.
TITLE_NOTE = re.compile("|".join(
    ", " + re.escape(str(load_strings().t(lang, "coverage.title_translated", original="\0"))).replace(
        re.escape("\0"), r'<span lang="(?:kk|ru)">[^<]*</span>') for lang in LANGS))
# Pages that name the documents' languages (about, the list of documents), show the note itself (its page),
# or preview the published rows with their printed names and quotes (the data pages).
OWN_TEXT = re.compile(rf"^(?:{'|'.join(LANGS)})/(?:about\.md|sources/(?:index|{NEW_ID})\.md|data/(?:sources|security_coverage|"
                      r"national_figures|progress|quality_issues)\.md|.*\.(?:csv|xlsx|ods|json|zip|svg))$")


def build_package_with_russian_q2(root: Path) -> Path:
    shutil.copytree(ROOT / "data", root / "data")
    (root / "data/sources" / f"{NEW_ID}.txt").write_text(NOTE.text, encoding="utf-8")
    (root / "data/sources" / f"{NEW_ID}.yml").write_text(RU_METADATA, encoding="utf-8")
    return build_package(root)


@pytest.fixture(scope="session")
def ru_q2_site(tmp_path_factory) -> dict[str, str | bytes]:
    root = shared_folder(tmp_path_factory, "russian-q2-package", build_package_with_russian_q2)
    return generate(root / "data/package/datapackage.json")


def same_text(page: str) -> str:
    """A page as it must be whatever the note's language: without the note's quotes and without the
    notes that a document's title is translated (TITLE_NOTE), read without the word joiners that keep an
    ending with its word ("Bilim Data-\u2060ның")."""
    return TITLE_NOTE.sub("", QUOTE.sub("", page).replace("\u2060", ""))


def test_the_russian_note_s_pages_are_the_kazakh_note_s(ru_q2_site, q2_site):
    """Every page but those of OWN_TEXT is the Kazakh note's page, its quotes and the notes on its
    translated title aside."""
    assert set(ru_q2_site) == set(q2_site)
    differ = sorted(path for path, page in ru_q2_site.items() if isinstance(page, str) and not OWN_TEXT.match(path)
                    and same_text(page) != same_text(str(q2_site[path])))
    assert not differ, differ


@pytest.mark.parametrize("lang", LANGS)
def test_the_russian_note_is_quoted_in_russian_at_its_lines(ru_q2_site, lang):
    """A region's page quotes the Russian entry as printed, marked Russian, linked to its line."""
    entry = next(m.group(0) for m in re.finditer(r"Акмолинская \(\d+ из 122\) – \d+%", NOTE.text))
    page = str(ru_q2_site[f"{lang}/regions/kz-11.md"])
    assert f'<q class="bd-quote" lang="ru">{entry}</q> <a class="bd-ref" href="../../sources/{NEW_ID}/#L5">' in page
    quotes = [m for m in QUOTE.finditer(page) if NEW_ID in page[m.end():m.end() + 200]]
    assert quotes and all(m.group("lang") == "ru" for m in quotes)
    # An issue of the note quotes its Russian entry, marked Russian (Almaty's schools: a total its other
    # lists do not give, as note 004's).
    almaty = str(ru_q2_site[f"{lang}/regions/kz-75.md"])
    issues = [m for m in QUOTE.finditer(almaty) if m.group("issue_text")
              and NEW_ID in almaty[m.end():m.end() + 200]]
    # (marked Russian, or unmarked on a Russian page)
    assert issues and all((m.group("issue_lang") or lang) == "ru" and " из " in m.group("issue_text") for m in issues)
    source = str(ru_q2_site[f"{lang}/sources/{NEW_ID}.md"])
    assert "<li id=L5>" + NOTE.text.split("\n")[4].split(";")[0] in source
