"""A number's hedge ("more than", "about", none) is the figure's own, never the interface string's: the
strings of site/i18n hold a number as a placeholder that the page fills with the figure and the hedge its
document puts on it (`qualifier`, written by the strings `figure.<qualifier>` through PageCtx.hedged), so
that a next note stating its threshold without a hedge, or with another, is written as it states it.
"""

from __future__ import annotations

import re

import pytest

from sitegen.i18n import LANGS, load_strings
from sitegen.pages import coverage, glossary
from sitegen.periods import period
from tests.test_interface_numbers import base_package, render, with_rows  # noqa: F401 (a fixture)

# The words of every hedge in each language, beside a placeholder: "более {x}", "{x:abl} астам",
# "{threshold} асатын" (exceeding), "more than {threshold}", "over {n}".
HEDGE_WORDS = (r"более|менее|около|свыше|почти|примерно|больше|меньше|не менее|не более|more than|less than"
               r"|fewer than|about|over|almost|nearly|up to|at least|approximately|шамамен|кем дегенде|жуық")
SUFFIXED = r"астам|асатын|асқан|артық|кем|жуық"
HEDGED_PLACEHOLDER = re.compile(rf"(?<!\w)(?:{HEDGE_WORDS})\s*(?:чем\s*)?\{{[^{{}}]+\}}"
                                rf"|\{{[^{{}}]+\}}\s*(?:{SUFFIXED})(?!\w)")
# The strings that write a hedge: one per qualifier of the vocabulary.
HEDGE_STRINGS = {"figure.more_than", "figure.less_than", "figure.about"}

THRESHOLD = "large_city_population_threshold"
# What the intro and the glossary say of a threshold of 100 000 people, by its hedge.
SAID = {
    "more_than": {"kk": "100\u00a0000 адамнан астам", "ru": "более 100\u00a0000 человек", "en": "more than 100,000 people"},
    "about": {"kk": "шамамен 100\u00a0000 адам", "ru": "около 100\u00a0000 человек", "en": "about 100,000 people"},
    None: {"kk": "100\u00a0000 адам", "ru": "100\u00a0000 человек", "en": "100,000 people"},
}
# The hedge's own words in a threshold's phrase.
HEDGES = {"more_than": {"kk": "астам", "ru": "более", "en": "more than"},
          "about": {"kk": "шамамен", "ru": "около", "en": "about"}}


def test_no_string_hedges_a_number_of_its_own():
    found = [f"{key} [{lang}]: {m.group(0)}" for key, values in load_strings().table.items()
             if key not in HEDGE_STRINGS for lang, text in values.items()
             for m in HEDGED_PLACEHOLDER.finditer(str(text))]
    assert found == [], "strings that write a hedge the data should give:\n" + "\n".join(found)


def test_the_check_finds_a_hedge_in_a_string():
    for text in ("с населением более {threshold}", "Халқы {threshold} асатын", "those of more than {n}",
                 "{x:abl} астам"):
        assert HEDGED_PLACEHOLDER.search(text), text
    assert not HEDGED_PLACEHOLDER.search("Cities of {threshold}; the lists have {entries}")


@pytest.mark.parametrize("qualifier", list(SAID))
def test_the_large_cities_threshold_has_its_notes_hedge(base_package, qualifier):  # noqa: F811
    figures = [{**f, "value": 100000, "value_as_published": "100 000", "qualifier": qualifier}
               if f["measure"] == THRESHOLD else f for f in base_package.table("national_figures")]
    assert sum(f["measure"] == THRESHOLD for f in figures) >= 1
    package = with_rows(base_package, national_figures=figures)
    lists = max(str(r["period"]) for r in base_package.table("security_coverage") if r["area_type"] == "city")
    for lang in LANGS:
        intro = render(package, lang, lambda page: coverage.cities_intro(page, period(lists)))
        terms = render(package, lang, glossary.glossary_page)
        assert SAID[qualifier][lang] in intro, (lang, intro)
        assert SAID[qualifier][lang] in terms, lang
        others = [HEDGES[q][lang] for q in HEDGES if q != qualifier]
        assert not any(word in intro for word in others), (lang, intro)
