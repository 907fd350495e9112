"""The glossary's own terms are named by the abbreviations of the terminology table in every language:
each in another language than the page's is marked with its language, and every page names a term by the
Kazakh and the Russian abbreviation alike (the Russian page named technical and vocational education
"ТиПО" alone, and the Kazakh and English pages left "ТиПО" unmarked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.language.terms import UnknownTerm, default_terminology
from sitegen.i18n import LANGS
from tests.site.fit_support import PREFIX

pytestmark = pytest.mark.slow


def abbreviations() -> dict[str, str]:
    """Every abbreviation of the terminology table → its language."""
    table = default_terminology()
    out = {}
    for key in table.term_keys():
        for lang in LANGS:
            try:
                out[table.term(key, lang, form="abbr")] = lang
            except UnknownTerm:
                continue
    return out


def term_names(site_dir: Path, lang: str) -> list[list[tuple[str, str]]]:
    """Each term of the glossary's first list, as its names: (text, the language it is marked with)."""
    page = BeautifulSoup((site_dir / PREFIX[lang] / "glossary" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    names = []
    for dt in page.select_one("h2#terms").find_next("dl").select("dt"):
        parts = []
        for node in dt.children:
            text = node.get_text() if hasattr(node, "get_text") else str(node)
            marked = node.get("lang", lang) if hasattr(node, "get") else lang
            parts += [(part.strip(), marked) for part in text.split("/") if part.strip()]
        names.append(parts)
    return names


@pytest.mark.parametrize("lang", LANGS)
def test_each_abbreviation_is_marked_with_its_language(site_dir: Path, lang: str):
    known = abbreviations()
    shown = [(text, marked) for parts in term_names(site_dir, lang) for text, marked in parts if text in known]
    assert len(shown) >= 6
    assert [(text, marked) for text, marked in shown if marked != known[text]] == []


def test_every_page_names_a_term_by_the_kazakh_and_the_russian_abbreviation(site_dir: Path):
    known = abbreviations()
    named = {lang: [{known[text] for text, _ in parts if text in known} for parts in term_names(site_dir, lang)]
             for lang in LANGS}
    for lang in LANGS:
        for languages in named[lang]:
            assert not languages or {"kk", "ru"} <= languages, (lang, named[lang])
