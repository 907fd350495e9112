"""The documents' texts on the built site, in the reader's language: the action plan, the indicator
pages, the glossary, the documents' metadata and the field dictionary show our translations on the
Kazakh and English pages, the Russian original beside them marked as the original, the translation
marked unofficial once; the Russian pages show the original."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest
import yaml

from pipelines.language.grammar import collation_key, nested_quotes, year_spans
from pipelines.paths import PACKAGE, REFERENCE, TRANSLATIONS

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def page_html(site_dir: Path, lang: str, path: str) -> str:
    return (site_dir / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


def text_of(fragment: str) -> str:
    """The fragment's text, its number ranges as the package writes them (pages keep a range on one line
    with a word joiner and no-break spaces: grammar.nobreak_ranges)."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u2060", "")
    return re.sub(r"(?<=\d)\u00a0?[\u2013\u2014]\u00a0?(?=\d)", lambda m: m.group(0).replace("\u00a0", " "), text)


@pytest.fixture(scope="module")
def actions() -> dict[int, dict[str, str]]:
    return {int(row["action_no"]): row for row in read_csv(PACKAGE / "concept_actions.csv")}


@pytest.fixture(scope="module")
def bodies() -> dict[str, dict[str, str]]:
    return {row["body_id"]: row for row in read_csv(REFERENCE / "bodies.csv")}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_action_plan_is_in_the_page_language(site_dir, actions, lang):
    page = page_html(site_dir, lang, "actions")
    rows = dict(re.findall(r'<tr id="a(\d+)"[^>]*>(.*?)</tr>', page, re.S))
    assert len(rows) == 180
    column = {"kk": "{}_kk", "ru": "{}", "en": "{}_en"}[lang]
    for number, row in actions.items():
        cells = re.findall(r"<td[^>]*>(.*?)</td>", rows[str(number)], re.S)
        # The package's texts, their spans of years written by rule ("2023 – 2029" → "2023–2029").
        text = year_spans(row["text_ru"] if lang == "ru" else row[f"text_{lang}"], lang)
        assert text_of(cells[2]).startswith(text), number
        assert text_of(cells[3]) == year_spans(row[column.format("completion_form")], lang), number
        assert text_of(cells[4]) == year_spans(row[column.format("deadline_text")], lang), number
    # Unofficial, once; the Russian page links no translation.
    note = {"kk": "ресми емес аударма", "ru": "неофициальный перевод", "en": "unofficial translation"}[lang]
    assert page.count(note) == 1


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_responsible_bodies_are_named_once_in_the_page_language(site_dir, actions, bodies, lang):
    page = page_html(site_dir, lang, "actions")
    rows = dict(re.findall(r'<tr id="a(\d+)"[^>]*>(.*?)</tr>', page, re.S))
    agreement = {"kk": "(келісім бойынша)", "ru": "(по согласованию)", "en": "(by agreement)"}[lang]
    for number, row in actions.items():
        cell = re.search(r'<td class="bd-bodies">(.*?)</td>', rows[str(number)], re.S).group(1)
        linked = re.findall(r"#body-([a-z0-9-]+)>", cell)
        assert linked == row["responsible_body_ids"].split(";"), number
        assert text_of(cell).count(agreement) == len([b for b in row["by_agreement_body_ids"].split(";") if b])
        if lang != "ru":
            shown = [text_of(m) for m in re.findall(r"<a [^>]*>(.*?)</a>", cell)]
            assert shown == [bodies[b][f"short_{lang}"] for b in linked], number
    # The list of bodies below the table: each once, full name in the page's language (a quotation inside
    # its quotation in the language's inner marks).
    legend = dict(re.findall(r'<dt id="body-([a-z0-9-]+)">.*?</dt><dd>(.*?)</dd>', page, re.S))
    used = {b for row in actions.values() for b in row["responsible_body_ids"].split(";")}
    assert set(legend) == used
    assert all(text_of(legend[b]) == nested_quotes(bodies[b][f"name_{lang}"], lang) for b in used)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_filter_lists_each_body_once_in_alphabetical_order(site_dir, actions, bodies, lang):
    page = page_html(site_dir, lang, "actions")
    select = re.search(r'<select name="body".*?</select>', page, re.S).group(0)
    options = [(value, text_of(label)) for value, label in re.findall(r'<option value="([^"]*)">(.*?)</option>',
                                                                       select) if value]
    values = [value for value, _ in options]
    assert len(values) == len(set(values)) == len({b for r in actions.values()
                                                   for b in r["responsible_body_ids"].split(";")})
    labels = [label for _, label in options]
    order = collation_key(lang)
    assert labels == sorted(labels, key=lambda x: order(x.translate(str.maketrans("", "", "«»\""))))
    if lang != "ru":
        assert all(label == bodies[value][f"short_{lang}"] for value, label in options)
    assert ' lang="ru"' not in select or lang == "ru"


def test_an_indicator_page_shows_its_actions_translated_with_the_original(site_dir, actions):
    for lang in ("kk", "en"):
        page = page_html(site_dir, lang, "concept/ci01-preschool-coverage")
        items = re.search(r'<h2 id="actions".*?<ul>(.*?)</ul>', page, re.S).group(1)
        first = actions[1]
        assert year_spans(first[f"text_{lang}"], lang) in text_of(items)
        assert year_spans(first[f"deadline_text_{lang}"], lang) in text_of(items)
        original = re.search(r'<details class="bd-original" lang="ru"[^>]*>(.*?)</details>', items, re.S).group(1)
        assert year_spans(first["text_ru"], "ru") in text_of(original)
        indicator = read_csv(PACKAGE / "concept_indicators.csv")[0]
        assert indicator[f"chapter_title_{lang}"] in text_of(page)
        assert re.search(r'<span lang="ru">' + re.escape(html.escape(indicator["chapter_title_ru"], quote=True)), page)
        assert text_of(page).count({"kk": "ресми емес аударма", "en": "unofficial translation"}[lang]) == 1


def test_the_glossary_gives_kazakh_abbreviations_on_the_kazakh_page(site_dir):
    rows = read_csv(PACKAGE / "abbreviations.csv")
    kk = page_html(site_dir, "kk", "glossary")
    terms = [text_of(t) for t in re.findall(r"<dt>(.*?)</dt>", kk.split('id="abbreviations"')[1])]
    assert sorted(terms, key=collation_key("kk")) == terms
    assert {r["abbr_kk"] for r in rows} <= set(terms)
    for row in rows[:5]:
        assert row["expansion_kk"] in text_of(kk) and row["expansion_ru"] in text_of(kk)
    en = page_html(site_dir, "en", "glossary")
    assert all(row["expansion_en"] in text_of(en) for row in rows)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_documents_are_described_in_the_page_language(site_dir, lang):
    for row in read_csv(PACKAGE / "sources.csv"):
        page = text_of(page_html(site_dir, lang, f"sources/{row['source_id']}"))
        # The texts of the package, their spans of years written by rule ("2023 – 2029" → "2023–2029").
        assert year_spans(row[f"title_{lang}"], lang) in page
        assert year_spans(row[f"description_{lang}"], lang) in page
        assert year_spans(row["issuer" if lang == "en" else f"issuer_{lang}"], lang) in page
        if row["language"] != lang:
            # the title as printed, beside its translation
            assert year_spans(row["title"], row["language"]) in page


def test_data_pages_describe_fields_in_the_page_language(site_dir):
    table = yaml.safe_load((TRANSLATIONS / "fields.yml").read_text(encoding="utf-8"))
    for lang in ("kk", "ru"):
        page = text_of(page_html(site_dir, lang, "data/concept_actions"))
        assert table["concept_actions"]["description"][lang] in page
        assert table["concept_actions"]["fields"]["text_kk"][lang] in page
        assert "unofficial" not in page.lower()


def test_region_statements_are_in_the_page_language(site_dir):
    figures = [r for r in read_csv(PACKAGE / "national_figures.csv") if r["scope"] == "KZ-15"]
    assert figures
    for lang in ("kk", "ru", "en"):
        page = text_of(page_html(site_dir, lang, "regions/kz-15"))
        assert all(r[f"statement_{lang}"] in page for r in figures), lang


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_region_names_its_large_city_group_in_the_number_it_has(site_dir, lang):
    """A group of two cities (Karaganda and Temirtau) is spoken of in the plural, a single city in the
    singular, as large_cities.city_count says."""
    plural = {"kk": "ірі қалалар", "ru": "Крупные города", "en": "large cities"}[lang]
    for row in read_csv(PACKAGE / "large_cities.csv"):
        page = page_html(site_dir, lang, f"regions/{row['region_code'].lower()}")
        name = html.escape(row[f"name_{lang}"], quote=False)
        intro = re.search(rf"<p>([^<]*: {re.escape(name)}\.?)</p>", page).group(1)
        assert (plural in intro) == (int(row["city_count"]) > 1), (row["city_group"], intro)


# --- Our translations read as our own text does --------------------------------------------------------

TRANSLATED = ("concept_actions", "concept_indicators", "concept_targets", "abbreviations", "sources",
              "national_figures", "quality_issues", "regions", "large_cities")


def test_our_kazakh_and_english_texts_in_the_package_read_right():
    """Every Kazakh and English text the package publishes (`…_kk`, `…_en`: our translations, the
    statements, the issues) passes the checks the pages pass (tests/site/language_scan.py): endings and
    ordinals by rule, counts by CLDR, periods in words ("IV тоқсан", "Q4"), spans of years as year_span
    writes them ("2023–2029 жылдардың желтоқсаны"), in the downloads as on the pages."""
    from tests.site.language_scan import scan_text

    found = []
    for name in TRANSLATED:
        for row in read_csv(PACKAGE / f"{name}.csv"):
            for field, text in row.items():
                lang = field.rsplit("_", 1)[-1]
                if lang in ("kk", "en") and text:
                    found += [f"{name}.{field}: {kind}: {excerpt}" for kind, excerpt in scan_text(text, lang)]
    assert not found, f"{len(found)} findings, e.g.\n" + "\n".join(found[:20])
