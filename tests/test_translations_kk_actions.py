"""Kazakh translations of the Concept 2023–2029 action plan (data/translations/concept_actions.kk.yml).

Every action, completion form, deadline in words (the others are written by rule,
tests/test_deadline_words.py) and chapter of the published package has a Kazakh text that is
not the Russian one, keeps the Russian's numbers and Latin names, quotes names with «», and reads as
Kazakh: no Russian-only words (function words, Russian case endings) are left in it.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pipelines.paths import TRANSLATIONS
from pipelines.yaml_files import read_yaml
from tests.conftest import declared_in_words, read_published
from tests.quarters import kk_quarters_in_digits

PATH = TRANSLATIONS / "concept_actions.kk.yml"

# Letters that Kazakh has and Russian lacks: a word holding one is not Russian.
KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ") | KAZAKH_ONLY
LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# ASCII double quotes are not among them: Kazakh text quotes names with «».
PUNCTUATION = set(" .,;:!?()«»'’–—-/%№+…")
ALLOWED = CYRILLIC | LATIN | set("0123456789") | PUNCTUATION

# Words and endings that occur in Russian and never in a Kazakh word (Kazakh declines loanwords with
# its own suffixes: «интеграциясы», not «интеграции»). Checked only on words without a Kazakh-only
# letter, so a Kazakh word ending like a Russian one («тарих») is never taken for Russian.
RUSSIAN_WORDS = {"и", "в", "во", "на", "по", "для", "с", "со", "от", "к", "о", "об", "при", "из", "за",
                 "или", "также", "том", "числе", "что", "как", "через", "после", "без", "под", "над",
                 "года", "годов", "годы", "год", "ежегодно", "приказ", "отчет", "организаций", "детей"}
RUSSIAN_ENDINGS = ("ого", "его", "ых", "ыми", "ции", "ций", "ние", "ния", "нии", "нию", "ость", "ости",
                   "ться", "ются", "ется", "ный", "ная", "ное", "ные", "ной", "ным", "ская", "ский",
                   "ские", "ской", "ств", "ами", "ями")

# A value may equal its Russian only where the word is the same in both languages.
SAME_IN_BOTH = {"стандарт"}


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def russian_words(text: str) -> list[str]:
    """The words of text that are Russian by the lists above (lower case)."""
    found = []
    for word in (w.lower() for w in _words(text)):
        if set(word) & KAZAKH_ONLY or not set(word) <= CYRILLIC:
            continue
        if word in RUSSIAN_WORDS or (len(word) > 4 and word.endswith(RUSSIAN_ENDINGS)):
            found.append(word)
    return found


@pytest.fixture(scope="module")
def kk() -> dict:
    assert PATH.exists(), f"{PATH.as_posix()}: missing"
    table = read_yaml(PATH)
    assert isinstance(table, dict), f"{PATH.as_posix()}: expected a mapping"
    return table


@pytest.fixture(scope="module")
def russian() -> dict[str, dict]:
    """section name → {key: Russian text} for every section of the file."""
    actions = read_published("concept_actions")
    indicators = read_published("concept_indicators")
    chapters: dict[int, str] = {}
    for row in indicators:
        chapters[int(row["chapter"])] = row["chapter_title_ru"]
    missing_titles = {int(r["chapter"]) for r in actions} - chapters.keys()
    assert not missing_titles, f"chapters of actions without a title in concept_indicators: {missing_titles}"
    return {
        "actions": {int(r["action_no"]): r["text_ru"] for r in actions},
        "completion_forms": {r["completion_form"]: r["completion_form"] for r in actions},
        "deadlines": {r["deadline_text"]: r["deadline_text"] for r in actions if declared_in_words(r["deadline_text"])},
        "chapters": chapters,
    }


def _pairs(kk: dict, russian: dict) -> list[tuple[str, object, str, str]]:
    """(section, key, Russian, Kazakh) for every translated value."""
    return [(section, key, ru, kk[section][key])
            for section, table in russian.items() for key, ru in table.items()
            if isinstance(kk.get(section), dict) and isinstance(kk[section].get(key), str)]


def test_header(kk):
    assert kk.get("language") == "kk"
    assert kk.get("status") == "unofficial"


@pytest.mark.parametrize("section", ["actions", "completion_forms", "deadlines", "chapters"])
def test_every_key_has_a_kazakh_text(kk, russian, section):
    table = kk.get(section)
    assert isinstance(table, dict), f"{PATH.as_posix()}: section {section!r} missing"
    expected = set(russian[section])
    missing = sorted(expected - table.keys())
    stale = sorted(table.keys() - expected, key=str)
    empty = sorted((k for k, v in table.items() if not isinstance(v, str) or not v.strip()), key=str)
    assert not missing, f"{section}: no Kazakh text for {len(missing)} key(s): {missing[:10]}"
    assert not stale, f"{section}: key(s) not in the published data: {stale[:10]}"
    assert not empty, f"{section}: empty text for {empty[:10]}"


def test_no_text_is_left_in_russian(kk, russian):
    same = [(s, k) for s, k, ru, text in _pairs(kk, russian)
            if text.strip() == ru.strip() and text.strip() not in SAME_IN_BOTH]
    assert not same, f"values identical to the Russian: {same[:10]}"
    leftover = {(s, k): found for s, k, _ru, text in _pairs(kk, russian) if (found := russian_words(text))}
    assert not leftover, f"Russian words in Kazakh texts: {dict(list(leftover.items())[:10])}"


def test_texts_use_kazakh_letters_and_punctuation(kk, russian):
    strange = {(s, k): sorted(set(text) - ALLOWED) for s, k, _ru, text in _pairs(kk, russian)
               if set(text) - ALLOWED}
    assert not strange, f"characters outside Kazakh Cyrillic, Latin, digits and punctuation: {strange}"
    unbalanced = [(s, k) for s, k, _ru, text in _pairs(kk, russian) if text.count("«") != text.count("»")]
    assert not unbalanced, f"unbalanced «» in {unbalanced}"
    # A text of several words with no Kazakh-only letter at all is not Kazakh.
    foreign = [(s, k) for s, k, _ru, text in _pairs(kk, russian)
               if len(_words(text)) >= 3 and not any(set(w) & KAZAKH_ONLY for w in _words(text))]
    assert not foreign, f"texts without a single Kazakh word: {foreign}"


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", kk_quarters_in_digits(text))


def test_numbers_and_latin_names_are_kept(kk, russian):
    numbers = {(s, k): (sorted(re.findall(r"\d+", ru)), sorted(_digits(text)))
               for s, k, ru, text in _pairs(kk, russian)
               if Counter(re.findall(r"\d+", ru)) != Counter(_digits(text))}
    assert not numbers, f"numbers differ from the Russian (Russian, Kazakh): {numbers}"
    latin = {(s, k): sorted(set(re.findall(r"[A-Za-z]+", ru)) - set(re.findall(r"[A-Za-z]+", text)))
             for s, k, ru, text in _pairs(kk, russian)}
    latin = {key: lost for key, lost in latin.items() if lost}
    assert not latin, f"Latin names of the Russian missing in the Kazakh: {latin}"


@pytest.mark.parametrize(("text", "expected"), [
    ("Мектепке дейінгі ұйымдар желісін кеңейту", []),
    ("Ұлттық білім беру деректер қорында тарих пәні", []),
    ("ТжКБ ұйымдарында интеграция және модернизация", []),
    ("Расширение сети дошкольных организаций", ["расширение", "дошкольных", "организаций"]),
    ("ұйымдар в том числе", ["в", "том", "числе"]),
])
def test_russian_word_check(text, expected):
    assert russian_words(text) == expected
