"""A statement about one city names it on every page, in every language: where the document's statement
speaks of "the city" ("Schools of the city whose …", «Школы города, …», «… қала мектептері»), the page
adds the city's name from the data (the figure's large-city group in large_cities, else its region's
capital in regions), so that a reader of the region's page knows which city it is."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pipelines.paths import PACKAGE
from sitegen.i18n import LANGS
from tests.site.fit_support import PREFIX

# "the city" in each language, not "large cities" (a kind of place, not one place).
CITY = {
    "en": re.compile(r"(?<!large )\bcit(?:y|ies)\b", re.IGNORECASE),
    "ru": re.compile(r"(?<!крупный )(?<!крупных )(?<!крупном )(?<!крупного )\bгород\w*", re.IGNORECASE),
    "kk": re.compile(r"(?<!ірі )(?<![\w-])қала\w*", re.IGNORECASE),
}


def read_csv(name: str) -> list[dict[str, str]]:
    with open(PACKAGE / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def city_names(region: dict[str, str], lang: str) -> list[str]:
    """The names a statement of the region may give its city by: its large cities', its capital's."""
    names = [region[f"capital_{lang}"]]
    for group in read_csv("large_cities"):
        if group["region_code"] == region["code"]:
            names += [group[f"name_{lang}"], *[n for n in group["cities_kk"].split(";") if n]]
    return [n for n in names if n]


def statements(html: str) -> list[str]:
    """The region page's statements as a reader reads them, the document's quoted words left out."""
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.select_one("article h2#statements")
    if heading is None:
        return []
    listing = heading.find_next_sibling("ul")
    for quote in listing.select("q, .bd-note"):
        quote.decompose()
    return [" ".join(li.get_text(" ").split()) for li in listing.select("li")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_statement_about_the_city_names_it_on_every_region_page(site_dir: Path, lang):
    unnamed, said = [], 0
    for region in read_csv("regions"):
        path = site_dir / PREFIX[lang] / "regions" / region["code"].lower() / "index.html"
        for text in statements(path.read_text(encoding="utf-8")):
            if CITY[lang].search(text):
                said += 1
                if not any(name in text for name in city_names(region, lang)):
                    unnamed.append(f"{region['code']}: {text[:160]}")
    assert said, "no region page speaks of a city: the test would prove nothing"
    assert unnamed == [], "statements of a city that do not name it:\n" + "\n".join(unnamed)


@pytest.mark.parametrize(("row", "place"), [
    # a large-city group's statement: the group's name
    ({"scope": "KZ-59", "city_group": "petropavl"}, {"kk": "Петропавл қ.", "ru": "Петропавловск", "en": "Petropavl"}),
    # a region's statement that speaks of a city, with no group: the region's capital
    ({"scope": "KZ-11", "city_group": ""}, {"kk": "Көкшетау", "ru": "Кокшетау", "en": "Kokshetau"}),
])
@pytest.mark.parametrize("lang", LANGS)
def test_the_place_comes_from_the_data(row, place, lang):
    from sitegen.data import load_package
    from tests.site.test_site_figures import page_ctx

    page = page_ctx(load_package(PACKAGE / "datapackage.json"), lang)
    said = {"kk": "Шарттары кеш жасалған қала мектептері", "ru": "Школы города, договоры которых заключены поздно",
            "en": "Schools of the city whose contracts were late"}[lang]
    figure = {**row, f"statement_{lang}": said, "measure": "comm_channel_contract_late"}
    assert page.figure_label(figure) == page.t("figure.of_place", statement=said, place=place[lang])
    assert place[lang] in page.figure_label(figure)
    named = {**figure, f"statement_{lang}": f"{said} — {place[lang]}"}
    assert page.figure_label(named) == named[f"statement_{lang}"]  # named already: nothing added
    regional = {**figure, "city_group": "", f"statement_{lang}": {"kk": "Өңір мектептері", "ru": "Школы региона",
                                                                    "en": "Schools of the region"}[lang]}
    assert page.figure_label(regional) == regional[f"statement_{lang}"]  # no city spoken of
