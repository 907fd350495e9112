"""The data pages' previews mark a cell in another language than the page's with its language: a field
of one language by its suffix (text_ru on the Kazakh page), a document's text as printed by the language
of the row's document (concept_actions.responsible, Russian, on the English page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import read_published

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


def preview(site_dir: Path, lang: str, resource: str) -> tuple[list[str], list[list]]:
    page = BeautifulSoup((site_dir / PREFIX[lang] / "data" / resource / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    table = page.select_one("h2#preview").find_next("table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    return headers, [row.find_all("td") for row in table.select("tbody tr")]


@pytest.mark.parametrize(("lang", "field", "expected"), [
    ("kk", "text_ru", "ru"), ("kk", "text_en", "en"), ("ru", "text_kk", "kk"), ("en", "text_ru", "ru"),
    ("en", "responsible", "ru"), ("ru", "text_ru", None), ("en", "text_en", None),
])
def test_a_cell_in_another_language_says_which(site_dir, lang, field, expected):
    headers, rows = preview(site_dir, lang, "concept_actions")
    column = headers.index(field)
    assert rows
    for cells in rows:
        marked = cells[column].find("span", attrs={"lang": True})
        assert (marked["lang"] if marked else None) == expected, (field, cells[column])


def test_a_quotation_takes_the_language_of_its_document(site_dir):
    languages = {r["source_id"]: r["language"] for r in read_published("sources")}
    headers, rows = preview(site_dir, "en", "security_coverage")
    text, source = headers.index("source_text"), headers.index("source_id")
    for cells in rows:
        assert cells[text].find("span")["lang"] == languages[cells[source].get_text(strip=True)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_constraints_are_named_in_the_page_s_language(site_dir, lang):
    """"міндетті; қайталанбайды", not "required: True; unique: True": only patterns and allowed values
    are code."""
    english = {"required", "unique", "pattern", "minimum", "maximum", "enum", "True", "False"}
    seen = 0
    for page in sorted((site_dir / PREFIX[lang] / "data").glob("*/index.html")):
        table = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("h2#fields").find_next("table")
        for row in table.select("tbody tr"):
            cell = row.find_all("td")[-1]
            for code in cell.select("code"):
                code.decompose()
            words = set(cell.get_text(" ").replace(":", " ").replace(";", " ").split())
            assert not words & english, (page.parent.name, cell.get_text())
            seen += bool(words)
    assert seen > 50


@pytest.mark.parametrize(("lang", "resource", "field"), [
    ("en", "sources", "title"), ("kk", "sources", "title"), ("ru", "sources", "title"),
    ("kk", "sources", "issuer"), ("ru", "sources", "issuer"), ("en", "sources", "issuer"),
    ("kk", "large_cities", "note"), ("en", "large_cities", "note"),
    ("en", "security_coverage", "name_as_published"), ("ru", "security_coverage", "name_as_published"),
])
def test_every_text_field_is_marked_by_the_language_the_field_dictionary_gives_it(site_dir, lang, resource, field):
    # The document's title and the place names as printed are in their documents' languages; the issuer
    # and the large cities' notes are English.
    from pipelines.publish.fields import DOCUMENT, text_language

    languages = {r["source_id"]: r["language"] for r in read_published("sources")}
    headers, rows = preview(site_dir, lang, resource)
    column = headers.index(field)
    declared = text_language(resource, field)
    checked = 0
    for cells in rows:
        if not cells[column].get_text(strip=True):
            continue
        expected = languages[cells[headers.index("source_id")].get_text(strip=True)] if declared == DOCUMENT else declared
        marked = cells[column].find("span", attrs={"lang": True}, recursive=False)
        assert (marked["lang"] if marked else lang) == expected, (field, cells[column])
        checked += 1
    assert checked


def test_a_quality_issue_s_quotations_are_marked_in_the_preview(site_dir):
    headers, rows = preview(site_dir, "en", "quality_issues")
    column = headers.index("description_kk")
    quotes = [span for cells in rows for span in cells[column].select("span[lang=kk] span[data-search-minor]")]
    assert quotes and any(span.get("lang") == "ru" for span in quotes), [cells[column] for cells in rows][:3]


def test_every_field_of_a_document_s_text_declares_its_language():
    # A field the dictionary describes as a document's words (verbatim, as printed) is in a language:
    # the site marks its cells by it. A field added without one would be shown unmarked.
    import re

    from pipelines.publish.fields import RESOURCES, text_language

    printed = re.compile(r"\b(verbatim|as printed|as written|as published|exactly as)\b", re.I)
    undeclared = [f"{r.name}.{f.name}" for r in RESOURCES for f in r.fields
                  if f.type == "string" and printed.search(f.description) and text_language(r.name, f.name) is None]
    assert undeclared == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_field_names_and_codes_read_as_code_in_the_preview(site_dir, lang):
    # "source_line", "alarm_button", "false" are the data's codes: a screen reader does not read them as
    # Kazakh or Russian words, and a truth value is written as the CSV writes it.
    page = BeautifulSoup((site_dir / PREFIX[lang] / "data" / "abbreviations" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    table = page.select_one("h2#preview").find_next("table")
    assert all(th.find("code") for th in table.select("thead th"))
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    column = headers.index("is_duplicate")
    values = {row.find_all("td")[column].get_text(strip=True) for row in table.select("tbody tr")}
    assert values <= {"true", "false"} and values
    assert all(row.find_all("td")[column].find("code") for row in table.select("tbody tr"))
