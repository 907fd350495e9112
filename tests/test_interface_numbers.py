"""Every number the site's own text publishes comes from the package: the interface strings
(site/i18n/*.yml) and the hand-written pages (site/content/<lang>/*.md) hold a count, a year or an
identifier of the data only as a placeholder the page fills, never typed by hand.

A number that is not a figure of the data (a licence's name, an encoding, the Concept's own name, a
rule the page states) is declared once, with its reason and the keys that may hold it, in
`sitegen.i18n.FIXED_NUMBERS`. Anything else written in digits, or as a number word, is refused.

Then the pages themselves: with the package's rows changed (21, 22, 25 regions, actions, indicators, …)
the pages built from it say so, with the noun agreeing as each language's rules want (CLDR plurals in
Russian and English; in Kazakh a noun stays singular after a numeral).
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re

import pytest

from pipelines.language.kazakh import ONES, TENS
from pipelines.paths import ROOT
from sitegen.context import PageCtx, SiteData
from sitegen.data import load_package
from sitegen.html import Markup
from sitegen.i18n import FIXED_NUMBERS, LANGS, load_strings
from sitegen.pages import about, actions, concept, glossary, regions, sources

CONTENT = ROOT / "site" / "content"
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^{}\s]*)?\}")
DIGITS = re.compile(r"\d+")
# Number words, as whole words. "one" (бір, один) is left out: it is the article of a sentence as often as
# a count ("Бір іс-шараның бірнеше жауаптысы болуы мүмкін").
NUMBER_WORDS = {
    "kk": {*ONES[2:], *TENS[1:3], "екеуі", "үшеуі", "төртеуі", "бесеуі"},
    "ru": {"два", "две", "двух", "двум", "двумя", "три", "трёх", "трех", "трём", "тремя", "четыре", "четырёх",
           "четырех", "четырём", "четырьмя", "пять", "пяти", "пятью", "шесть", "шести", "семь", "семи", "восемь",
           "девять", "десять", "двадцать"},
    "en": {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty"},
}


def typed_numbers(key: str, lang: str, text: str) -> list[str]:
    """The digits and number words of `text` that no placeholder writes and FIXED_NUMBERS does not
    declare for `key`."""
    text = PLACEHOLDER.sub(" ", text)
    declared = [t for fixed in FIXED_NUMBERS if any(fnmatch.fnmatchcase(key, w) for w in fixed.where)
                for t in fixed.texts]
    for fixed_text in sorted(declared, key=len, reverse=True):
        text = text.replace(fixed_text, " ")
    words = [w for w in re.findall(r"\w+", text.lower()) if w in NUMBER_WORDS[lang]]
    return DIGITS.findall(text) + words


def interface_texts():
    """(key, language, text) of every interface string and every hand-written page."""
    for key, values in load_strings().table.items():
        for lang, text in values.items():
            yield key, lang, text
    for lang in LANGS:
        for path in sorted((CONTENT / lang).glob("*.md")):
            yield f"content/{path.name}", lang, path.read_text(encoding="utf-8")


def test_no_number_is_typed_by_hand():
    typed = [(key, lang, found) for key, lang, text in interface_texts() if (found := typed_numbers(key, lang, text))]
    assert typed == [], "numbers typed into interface text (fill them from the package, or declare them in " \
                        "sitegen.i18n.FIXED_NUMBERS with the reason):\n" + "\n".join(map(str, typed))


@pytest.mark.parametrize(("key", "lang", "text", "expected"), [
    ("regions.description", "en", "Kazakhstan's 20 regions: every figure", ["20"]),
    ("actions.description", "ru", "180 мероприятий по реализации Концепции", ["180"]),
    ("sources.description", "en", "The five government documents", ["five"]),
    ("regions.intro", "ru", "17 областей и три города", ["17", "три"]),
    ("regions.description", "en", "{n:n=region} of Kazakhstan", []),
    ("chart.licence", "en", "Licence: CC BY 4.0", []),
    ("actions.description", "en", "Licence: CC BY 4.0", ["4", "0"]),  # declared for other keys only
    ("content/about.md", "kk", "## Лицензия { #licence }\n\n{documents:n=document}", []),
])
def test_the_check_finds_typed_numbers(key, lang, text, expected):
    assert typed_numbers(key, lang, text) == expected


def test_every_declared_number_has_a_reason_and_is_used():
    texts = list(interface_texts())
    for fixed in FIXED_NUMBERS:
        assert fixed.why.strip() and fixed.where, fixed
        for pattern in fixed.where:
            assert any(fnmatch.fnmatchcase(key, pattern) and any(t in text for t in fixed.texts)
                       for key, _, text in texts), f"{fixed.texts} declared for {pattern} but not found there"


def test_the_licence_named_in_the_strings_is_the_package_licence():
    licences = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["licenses"]
    names = {licence["name"].replace("-", " ") for licence in licences} | {licence["title"] for licence in licences}
    (fixed,) = [f for f in FIXED_NUMBERS if "chart.licence" in f.where]
    assert set(fixed.texts) <= names


# --- The pages say what the package holds ----------------------------------------------------------------

@pytest.fixture(scope="module")
def base_package():
    package = load_package()
    for name in package.resource_names():
        package.table(name)
    return package


def with_rows(base, **tables):
    """A copy of the package with some resources' rows replaced."""
    package = copy.copy(base)
    package._tables = {**base._tables, **tables}
    return package


def render(package, lang: str, build) -> str:
    page = PageCtx(SiteData(package, {}), load_strings(), lang, "" if lang == "kk" else f"{lang}/",
                   lambda chart, page: Markup(""))
    return build(page)


def grown(rows: list[dict], n: int, key: str, **changes) -> list[dict]:
    """`n` rows: the first rows of the resource, then copies of its last row with a new key."""
    out = [dict(r) for r in rows[:n]]
    while len(out) < n:
        out.append({**rows[-1], key: f"{rows[-1][key]}-x{len(out)}", **changes})
    return out


# Russian after 21, 22 and 25 (CLDR one, few, many); English one/other; Kazakh singular after a numeral.
REGION_FORMS = {21: ("21 өңір", "21 регион Казахстана", "21 regions"),
                22: ("22 өңір", "22 региона Казахстана", "22 regions"),
                25: ("25 өңір", "25 регионов Казахстана", "25 regions")}


@pytest.mark.parametrize("n", sorted(REGION_FORMS))
def test_the_regions_page_counts_the_regions(base_package, n):
    rows = grown(sorted(base_package.table("regions"), key=lambda r: r["code"]), n, "code", kind="region")
    package = with_rows(base_package, regions=rows)
    oblasts = sum(r["kind"] == "region" for r in rows)
    cities = n - oblasts
    for lang, expected in zip(LANGS, REGION_FORMS[n], strict=True):
        text = render(package, lang, regions.regions_index)
        assert expected in text, (lang, text[:400])
    assert f"{oblasts} облыс және республикалық маңызы бар {cities} қала" in render(package, "kk", regions.regions_index)
    ru = render(package, "ru", regions.regions_index)
    assert f"{oblasts} {'областей' if oblasts % 10 >= 5 or 11 <= oblasts % 100 <= 14 else 'области'}" in ru
    assert "3 города республиканского значения" in ru
    assert f"{oblasts} regions and 3 cities of republican significance" in render(package, "en", regions.regions_index)


ACTION_FORMS = {21: ("жөніндегі 21 іс-шара", "21 мероприятие по реализации", "The 21 actions"),
                22: ("жөніндегі 22 іс-шара", "22 мероприятия по реализации", "The 22 actions"),
                25: ("жөніндегі 25 іс-шара", "25 мероприятий по реализации", "The 25 actions")}


@pytest.mark.parametrize("n", sorted(ACTION_FORMS))
def test_the_actions_page_counts_the_actions(base_package, n):
    rows = base_package.table("concept_actions")[:n]
    package = with_rows(base_package, concept_actions=rows)
    for lang, expected in zip(LANGS, ACTION_FORMS[n], strict=True):
        assert expected in render(package, lang, actions.actions_page), (lang, expected)


INDICATOR_FORMS = {21: ("Тұжырымдамадағы 21 нысаналы көрсеткіш", "21 целевой индикатор Концепции",
                        "21 target indicators: targets"),
                   22: ("Тұжырымдамадағы 22 нысаналы көрсеткіш", "22 целевых индикатора Концепции",
                        "22 target indicators: targets"),
                   25: ("Тұжырымдамадағы 25 нысаналы көрсеткіш", "25 целевых индикаторов Концепции",
                        "25 target indicators: targets")}


@pytest.mark.parametrize("n", sorted(INDICATOR_FORMS))
def test_the_concept_page_counts_the_indicators(base_package, n):
    package = with_rows(base_package, concept_indicators=base_package.table("concept_indicators")[:n])
    for lang, expected in zip(LANGS, INDICATOR_FORMS[n], strict=True):
        assert expected in render(package, lang, concept.concept_index), (lang, expected)


def test_the_concept_page_follows_the_plan_years(base_package):
    """A plan whose targets run to 2031: the last column is the 2031 target, and the years are the plan's."""
    targets = [dict(t) for t in base_package.table("concept_targets")]
    for t in targets:
        if str(t["year"]) == "2029":
            t["year"] = 2031
            t["period_label"] = str(t["period_label"]).replace("2029", "2031")
    package = with_rows(base_package, concept_targets=targets)
    kk, ru, en = (render(package, lang, concept.concept_index) for lang in LANGS)
    assert "2031 жылға" in kk and "2029" not in kk.split("## ")[0].replace("2023–2029", "")
    assert "Target 2031" in en and "На 2031 г." in ru
    # The yearly targets the plan holds now, each year named (a reader searches by year): 2023 to 2028, 2031.
    assert "2023, 2024, 2025, 2026, 2027, 2028 and 2031" in en


def test_the_glossary_counts_the_large_cities(base_package):
    from pipelines.language.grammar import count_noun

    groups = base_package.table("large_cities")
    # One group more than the package has (a later note may list one; a maintainer may commit it).
    extra = {**groups[-1], "city_group": "test-extra-group", "city_count": 1, "name_kk": "Тест қ."}
    package = with_rows(base_package, large_cities=[*groups, extra])
    entries = len(groups) + 1
    # The number of cities and the threshold are what the latest note states; the entries are counted.
    notes = [r for r in base_package.table("sources") if r["format"] == "security_note"]
    latest = max(notes, key=lambda r: str(r["periods"]))["source_id"]
    stated = {str(f["measure"]): f["value"] for f in base_package.table("national_figures")
              if f["source_id"] == latest}
    cities, threshold = int(stated["large_cities_total"]), int(stated["large_city_population_threshold"])
    kk, ru, en = (render(package, lang, glossary.glossary_page) for lang in LANGS)
    assert f"<dt>{cities} ірі қала</dt>" in kk and f"тізімдерде {entries} жол," in kk
    assert f"{threshold:,}".replace(",", "\u00a0") + " адамнан" in kk
    assert f"<dt>{cities} крупных городов</dt>" in ru and f"в списках {count_noun(entries, 'row', 'ru')}," in ru
    assert f"<dt>{cities} large cities</dt>" in en and f"{entries} rows" in en and f"{threshold:,} people" in en


@pytest.mark.parametrize(("n", "forms"), [
    (5, ("5 құжат", "5 документов", "5 documents")),
    (21, ("21 құжат", "21 документ,", "21 documents")),
    (22, ("22 құжат", "22 документа", "22 documents")),
])
def test_the_sources_and_about_pages_count_the_documents(base_package, n, forms):
    rows = grown(sorted(base_package.table("sources"), key=lambda r: r["source_id"]), n, "source_id")
    package = with_rows(base_package, sources=rows)
    for lang, expected in zip(LANGS, forms, strict=True):
        assert expected.rstrip(",") in render(package, lang, sources.sources_index), (lang, expected)
    ru = render(package, "ru", lambda p: about.about_page(p, CONTENT))
    doc = {5: "документов", 21: "документа", 22: "документов"}[n]  # "из 21 документа": genitive singular
    assert f"цифры {n} {doc} Правительства" in ru


def test_the_about_page_names_the_documents_by_language(base_package):
    rows = [dict(r) for r in base_package.table("sources")]
    # One more Kazakh document, numbered after the last (the committed documents may be more than five).
    added = f"{max(int(r['source_id'][:3]) for r in rows) + 1:03d}"
    rows.append({**rows[-1], "source_id": f"{added}_0000000000000000", "language": "kk"})
    package = with_rows(base_package, sources=rows)
    en = " ".join(render(package, "en", lambda p: about.about_page(p, CONTENT)).split())
    numbers = {lang: [r["source_id"][:3] for r in sorted(rows, key=lambda r: r["source_id"]) if r["language"] == lang]
               for lang in ("ru", "kk")}
    assert numbers["kk"][-1] == added and len(numbers["kk"]) >= 3
    russian, kazakh = (", ".join(numbers[lang][:-1]) + " and " + numbers[lang][-1] for lang in ("ru", "kk"))
    assert f"documents {russian} in Russian, {kazakh} in Kazakh" in en, en
    assert "Decree No. 465" in en and "13 June 2024" in en


@pytest.mark.parametrize(("years", "runs"), [
    (["2023", "2024", "2025", "2027"], "2023-2025 2027"), (["2025"], "2025"), ([], ""),
    (["2029", "2023", "2024"], "2023-2024 2029"),
])
def test_an_action_s_years_are_written_as_runs_for_the_filter(years, runs):
    assert actions.year_runs(years) == runs
