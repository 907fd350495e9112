"""English translations of the Concept 2023–2029 Action Plan (data/translations/concept_actions.en.yml).

Every action, completion form, deadline in words (the others are written by rule,
tests/test_deadline_words.py) and chapter the pipeline publishes must have an English text,
in English (Cyrillic only inside a quoted proper name), with the same figures as the Russian original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from pipelines.paths import TRANSLATIONS
from pipelines.yaml_files import read_yaml
from tests.conftest import declared_in_words, read_published

PATH = TRANSLATIONS / "concept_actions.en.yml"
SECTIONS = ("actions", "completion_forms", "deadlines", "chapters")

CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
# A quoted name may keep its own spelling: straight, typographic and guillemet quotes.
QUOTED = re.compile(r'"[^"]*"|«[^»]*»|“[^”]*”')
# Thousands separators: a space (or no-break space) in Russian, a comma in English.
RU_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")
EN_GROUP = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@pytest.fixture(scope="module")
def translations() -> dict:
    assert PATH.exists(), f"{PATH} is missing"
    table = read_yaml(PATH)
    assert isinstance(table, dict), f"{PATH}: expected a mapping at the top"
    return table


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[object, str]]:
    """The Russian text each English entry translates, by section and key as the YAML keys them."""
    actions = read_published("concept_actions")
    indicators = read_published("concept_indicators")
    chapters: dict[object, str] = {}
    for row in indicators:
        chapters[int(row["chapter"])] = row["chapter_title_ru"]
    for row in actions:
        chapters.setdefault(int(row["chapter"]), "")
    return {
        "actions": {int(row["action_no"]): row["text_ru"] for row in actions},
        "completion_forms": {row["completion_form"]: row["completion_form"]
                             for row in actions if row["completion_form"]},
        "deadlines": {row["deadline_text"]: row["deadline_text"] for row in actions
                      if row["deadline_text"] and declared_in_words(row["deadline_text"])},
        "chapters": chapters,
    }


def numbers(text: str, group: re.Pattern) -> set[str]:
    return set(re.findall(r"\d+", group.sub("", text)))


def entries(translations: dict) -> Iterable[tuple[str, object, object]]:
    for section in SECTIONS:
        for key, value in (translations.get(section) or {}).items():
            yield section, key, value


def test_marked_as_an_unofficial_english_translation(translations):
    assert translations.get("language") == "en"
    assert translations.get("status") == "unofficial"


@pytest.mark.parametrize("section", SECTIONS)
def test_every_published_key_has_an_english_text(translations, expected, section):
    table = translations.get(section) or {}
    missing = [key for key in expected[section] if not (isinstance(table.get(key), str) and table[key].strip())]
    assert not missing, f"{PATH}: {section} without an English text: {missing}"


@pytest.mark.parametrize("section", SECTIONS)
def test_no_key_that_the_data_does_not_have(translations, expected, section):
    """A key no row carries (a renumbered action, a reworded deadline) is a stale translation."""
    stale = [key for key in (translations.get(section) or {}) if key not in expected[section]]
    assert not stale, f"{PATH}: {section} keys not in the published data: {stale}"


def test_english_values_have_no_cyrillic_outside_quoted_names(translations):
    bad = [(section, key, value) for section, key, value in entries(translations)
           if isinstance(value, str) and CYRILLIC.search(QUOTED.sub("", value))]
    assert not bad, f"{PATH}: Cyrillic outside quoted names: {bad}"


def test_english_values_keep_the_figures_of_the_original(translations, expected):
    """Every number of the Russian text (a year, a count, an order's number) is in the English one,
    and the English adds none."""
    differing = []
    for section, key, value in entries(translations):
        russian = expected[section].get(key)
        if not russian or not isinstance(value, str):
            continue
        ru, en = numbers(russian, RU_GROUP), numbers(value, EN_GROUP)
        if ru != en:
            differing.append((section, key, sorted(ru - en), sorted(en - ru)))
    assert not differing, f"{PATH}: (section, key, only in Russian, only in English): {differing}"


def test_no_stray_spaces(translations):
    bad = [(section, key) for section, key, value in entries(translations)
           if isinstance(value, str) and (value != value.strip() or "  " in value or " ," in value)]
    assert not bad, f"{PATH}: stray spaces in {bad}"
