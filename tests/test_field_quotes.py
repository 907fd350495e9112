"""The field dictionary quotes as each language quotes (English “…”, Kazakh and Russian «…»), and the data
pages mark each quotation of a document's wording in it with its language when that is not the page's:
«в 11 раз» is read in Russian on the Kazakh page, “(по согласованию)” on the English one."""

from __future__ import annotations

import re

import pytest

from pipelines.paths import TRANSLATIONS
from pipelines.publish.fields import RESOURCES
from pipelines.yaml_files import read_yaml
from sitegen.context import PageCtx, SiteData
from sitegen.i18n import load_strings
from sitegen.pages.data_pages import described, dictionary_quote_language

RU, KK = "003_aaaaaaaaaaaaaaaa", "004_bbbbbbbbbbbbbbbb"
# A straight quotation mark opening a quotation ('|', "…"); an apostrophe inside or after a word
# (document's, documents') is none.
STRAIGHT = re.compile(r"\"|(?<!\w)'(?=\S)")
OUTER = {"kk": re.compile(r"“[^”]*”(?![^«]*»)"), "ru": re.compile(r"„[^“]*“(?![^«]*»)")}


def dictionary_texts() -> list[tuple[str, str, str]]:
    """(where, language, text) of every title and description of the field dictionary, in kk, ru and en."""
    translations = read_yaml(TRANSLATIONS / "fields.yml") or {}
    out = []
    for resource in RESOURCES:
        entry = translations.get(resource.name) or {}
        out += [(resource.name, "en", resource.title), (resource.name, "en", resource.description)]
        out += [(resource.name, lang, (entry.get(key) or {}).get(lang, ""))
                for key in ("title", "description") for lang in ("kk", "ru")]
        for field in resource.fields:
            where = f"{resource.name}.{field.name}"
            out.append((where, "en", field.description))
            texts = (entry.get("fields") or {}).get(field.name) or {}
            out += [(where, lang, texts.get(lang, "")) for lang in ("kk", "ru")]
    return out


def test_the_field_dictionary_quotes_in_each_language_s_own_marks():
    wrong = []
    for where, lang, text in dictionary_texts():
        if STRAIGHT.search(text):
            wrong.append(f"{where} [{lang}]: straight quotation marks: {text}")
        if lang == "en" and re.search("[«»„]", text):
            wrong.append(f"{where} [en]: « » or „ “ in English, which quotes in “ ”: {text}")
        if lang in OUTER and OUTER[lang].search(text):
            wrong.append(f"{where} [{lang}]: the inner marks outside a quotation in « »: {text}")
    assert not wrong, "\n".join(wrong)


def page(lang: str) -> PageCtx:
    data = SiteData(package=None, source_lines={  # type: ignore[arg-type]
        RU: ["Ответственные: МП, МИО (по согласованию)"], KK: ["4 084 мектеп"]})
    data.__dict__["sources"] = {RU: {"language": "ru"}, KK: {"language": "kk"}}  # the cached lookup, filled
    return PageCtx(data, load_strings(), lang, "" if lang == "kk" else f"{lang}/", lambda chart, page: "")


@pytest.mark.parametrize(("quote", "language"), [
    ("(по согласованию)", "ru"),  # in a Russian document
    ("4 084 мектеп", "kk"),  # in a Kazakh one, though every letter is also Russian
    ("Целевой индикатор N", "ru"),  # a document's wording, its number left out: by its letters
    ("Қазақстан N", "kk"),
    (";", ""),  # a sign: no language
])
def test_a_quotation_of_the_dictionary_takes_the_language_of_its_wording(quote, language):
    assert dictionary_quote_language(quote, page("en").data) == language


@pytest.mark.parametrize(("lang", "resource", "field", "quoted"), [
    ("kk", "national_figures", "unit", '<span lang="ru">«в 11 раз»</span>'),
    ("en", "national_figures", "unit", '<span lang="ru">“в 11 раз”</span>'),
    ("en", "concept_indicators", "number_in_source", '<span lang="ru">“Целевой индикатор N”</span>'),
    ("kk", "concept_actions", "by_agreement_body_ids", '<span lang="ru">«(по согласованию)»</span>'),
    ("en", "concept_actions", "by_agreement_body_ids", '<span lang="ru">“(по согласованию)”</span>'),
])
def test_a_quotation_in_another_language_than_the_page_s_is_marked(lang, resource, field, quoted):
    english = next(f.description for r in RESOURCES if r.name == resource for f in r.fields if f.name == field)
    assert quoted in str(described(page(lang), resource, english, field))


def test_the_page_s_own_language_and_signs_stay_unmarked():
    english = next(f.description for r in RESOURCES if r.name == "national_figures" for f in r.fields
                   if f.name == "unit")
    html = str(described(page("ru"), "national_figures", english, "unit"))
    assert "«в 11 раз»" in html and "lang=" not in html
    flags = str(described(page("en"), "progress", "Flags, “;”-separated (see quality_issues).", "flags"))
    assert "“;”" in flags and "lang=" not in flags and "<code>quality_issues</code>" in flags


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(("resource", "field", "code"), [
    ("national_figures", "period", "2023-Q1"), ("concept_targets", "period_label", "PISA-2025"),
])
def test_a_value_s_code_given_as_an_example_is_shown_as_code(lang, resource, field, code):
    """A quarter's code in a field's description is the value's format, not a period in a sentence: it is
    set as code, as a field's name is, where a reader would otherwise take it for the site's period."""
    english = next(f.description for r in RESOURCES if r.name == resource for f in r.fields if f.name == field)
    html = str(described(page(lang), resource, english, field))
    assert f"<code>{code}</code>" in html
