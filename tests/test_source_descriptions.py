"""The counts a document's description states (written by hand in data/sources/<id>.yml, in three
languages) agree with what the pipeline parsed from that document: the description of the Concept's plan
says how many chapters, target indicators and actions it has, and the package's rows must say the same."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "data" / "package"
# Counts written as words in the descriptions (a test's own reading aid, not published).
WORDS = {"en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
         "ru": ["одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять"],
         "kk": ["бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он"]}
# What each count is called in each language: (chapters, target indicators, actions).
NOUNS = {"en": (r"chapters", r"target indicators", r"(?:numbered )?actions"),
         "ru": (r"глав", r"целевых индикаторов", r"(?:пронумерованных )?мероприятий"),
         "kk": (r"тарау", r"нысаналы көрсеткіш", r"(?:нөмірленген )?іс-шара")}
NUMBER = r"(\d+|[^\W\d]+)"


def rows(name: str) -> list[dict]:
    with (PACKAGE / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value(word: str, lang: str) -> int:
    return int(word) if word.isdigit() else WORDS[lang].index(word.lower()) + 1


def stated(text: str, noun: str, lang: str) -> list[int]:
    """Every count written before `noun` in `text` (a number, or a number word of WORDS)."""
    found = []
    for match in re.finditer(NUMBER + r"\s+" + noun, text):
        word = match.group(1)
        if word.isdigit() or word.lower() in WORDS[lang]:
            found.append(value(word, lang))
    return found


PLANS = [row for row in rows("sources") if row["format"] == "concept_plan"]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@pytest.mark.parametrize("source", PLANS, ids=[row["source_id"] for row in PLANS])
def test_a_plans_description_states_the_parsed_counts(source: dict, lang: str):
    indicators = [r for r in rows("concept_indicators") if r["source_id"] == source["source_id"]]
    actions = [r for r in rows("concept_actions") if r["source_id"] == source["source_id"]]
    parsed = (len({r["chapter"] for r in indicators} | {r["chapter"] for r in actions}), len(indicators), len(actions))
    text = source[f"description_{lang}"]
    for noun, count in zip(NOUNS[lang], parsed, strict=True):
        numbers = stated(text, noun, lang)
        assert numbers, f"{source['source_id']} description_{lang} states no count of {noun!r}"
        assert set(numbers) == {count}, (f"{source['source_id']} description_{lang} states {numbers} {noun!r}, "
                                         f"the package has {count}")


def test_a_wrong_count_is_found():
    assert stated("семь глав, 29 целевых индикаторов", NOUNS["ru"][1], "ru") == [29]
    assert stated("seven chapters", NOUNS["en"][0], "en") == [7]
