"""On the built pages that describe quality issues (/quality/ and the region pages, every language), a
quotation found in the documents of one language only is marked with that language, unless it is the
page's own: a screen reader reads «4 084 мектеп» from a Kazakh note in Kazakh on the Russian page, and
«приҰмных» from a Russian document in Russian, whatever its letters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from pipelines.language.grammar import unmarked
from sitegen.i18n import LANGS
from tests.site.conftest import ROOT
from tests.site.fit_support import PREFIX

pytestmark = pytest.mark.slow

SOURCES = ROOT / "data" / "sources"


def _plain(text: str) -> str:
    """Text as readers see it: no word joiners, no Markdown emphasis marks ("**Туркестанской**"), one
    space for each run of spaces."""
    return re.sub(r"\s+", " ", unmarked(text.replace("\u2060", ""))).strip()


def documents_by_language() -> dict[str, str]:
    """Each language's documents, their lines joined (spaces as compared)."""
    texts: dict[str, list[str]] = {}
    for meta in sorted(SOURCES.glob("[0-9][0-9][0-9]_*.yml")):
        if meta.name.endswith(".spec.yml"):
            continue
        language = yaml.safe_load(meta.read_text(encoding="utf-8"))["language"]
        texts.setdefault(language, []).append(_plain(meta.with_suffix(".txt").read_text(encoding="utf-8")))
    return {language: "\n".join(parts) for language, parts in texts.items()}


def issue_pages(site_dir: Path, lang: str) -> list[Path]:
    root = site_dir / PREFIX[lang]
    return [root / "quality" / "index.html", *sorted((root / "regions").glob("kz-*/index.html"))]


@pytest.mark.parametrize("lang", LANGS)
def test_quotations_carry_the_language_of_their_documents(site_dir: Path, lang: str):
    documents = documents_by_language()
    checked, wrong = 0, []
    for path in issue_pages(site_dir, lang):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for span in soup.select("span[data-search-minor]"):
            text = span.get_text()
            if len(text) < 3 or text[0] not in "«“" or text[-1] not in "»”":
                continue
            quote = _plain(text[1:-1])
            holders = [language for language, joined in documents.items() if quote in joined]
            if len(holders) != 1:
                continue
            checked += 1
            expected = "" if holders[0] == lang else holders[0]
            if span.get("lang", "") != expected:
                wrong.append(f"{path.relative_to(site_dir)}: {text} lang={span.get('lang')!r}, "
                             f"expected {expected or 'none'}")
    assert checked > 20
    assert not wrong, "\n".join(wrong[:20])
