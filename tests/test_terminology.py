"""The one terminology table: complete in three languages, the official names of the bodies, the forms
grammar needs, and no `avoid` variant in the interface strings or the translations."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.language import grammar
from pipelines.language.terms import (
    TERMINOLOGY,
    UnknownTerm,
    default_terminology,
    load_terminology,
    term,
)

LANGS = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def table():
    return default_terminology()


def test_every_entry_has_three_languages(table):
    for key in table.term_keys():
        entry = table.entry(key)
        for lang in LANGS:
            assert entry.get(lang) not in (None, "", {}), (key, lang)
            assert term(key, lang), (key, lang)


def test_a_malformed_entry_is_refused_with_the_file_and_key(tmp_path: Path):
    path = tmp_path / "terminology.yml"
    path.write_text("school: {kk: мектеп, ru: школа}\nline: {kk: жол, ru: строка, en: line, avoid: {ru: стр.}}\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"terminology.yml.*school: no en.*line: avoid.ru"):
        load_terminology(path)


def test_unknown_key_form_or_case_is_refused():
    with pytest.raises(UnknownTerm, match="no term 'schol'"):
        term("schol", "kk")
    with pytest.raises(UnknownTerm, match="no form 'abbr'"):
        term("school", "ru", form="abbr")
    with pytest.raises(UnknownTerm, match="unknown case"):
        term("school", "kk", case="genitive")
    with pytest.raises(UnknownTerm, match="no 'de'"):
        term("school", "de")


# --- Official names of state bodies ------------------------------------------------------------------

def test_ministry_of_education_in_each_language():
    assert term("body.ministry_of_education", "ru") == "Министерство просвещения Республики Казахстан"
    assert term("body.ministry_of_education", "kk") == "Қазақстан Республикасы Оқу-ағарту министрлігі"
    assert term("body.ministry_of_education", "en") == "Ministry of Education of the Republic of Kazakhstan"
    assert term("body.ministry_of_education", "ru", form="abbr") == "МП РК"
    assert term("body.ministry_of_education", "kk", case="gen", form="short") == "Оқу-ағарту министрлігінің"
    assert term("body.ministry_of_education", "kk", case="dat") == "Қазақстан Республикасы Оқу-ағарту министрлігіне"
    assert "Білім министрлігі" in default_terminology().avoid("kk")["body.ministry_of_education"]


def test_other_bodies():
    assert term("body.ministry_of_internal_affairs", "ru", form="abbr") == "МВД РК"
    assert term("body.ministry_of_digital_development", "ru", form="abbr") == "МЦРИАП РК"
    assert term("body.ministry_of_national_economy", "ru", form="abbr") == "МНЭ РК"
    assert term("body.ministry_of_national_economy", "kk") == "Қазақстан Республикасы Ұлттық экономика министрлігі"
    assert term("body.local_executive_bodies", "kk") == "жергілікті атқарушы органдар"
    assert term("body.local_executive_bodies", "kk", form="abbr") == "ЖАО"
    assert term("body.local_executive_bodies", "ru", form="abbr") == "МИО"
    assert term("body.local_executive_bodies", "en") == "local executive bodies"
    assert term("body.local_executive_bodies", "ru", case="dat") == "местным исполнительным органам"


def test_one_english_term_for_the_police_control_centres(table):
    assert term("body.police_control_centre", "en") == "police operational control centre"
    assert term("body.police_control_centre", "en", n=20) == "police operational control centres"
    assert term("body.police_control_centre", "kk", form="abbr") == "ЖБО"
    assert term("body.police_control_centre", "ru", form="abbr") == "ЦОУ"
    assert term("body.police_control_centre", "kk", case="dat", form="plural") == \
        "полицияның жедел басқару орталықтарына"
    avoid = table.avoid("en")["body.police_control_centre"]
    assert "police control centres" in avoid
    for variant in avoid:
        assert variant not in term("body.police_control_centre", "en", n=2)


# --- Forms of nouns ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "case", "expected"), [
    ("organisation", "gen", "ұйымның"), ("organisation", "abl", "ұйымнан"), ("school", "dat", "мектепке"),
    ("school", "loc", "мектепте"), ("kindergarten", "gen", "балабақшаның"), ("college", "gen", "колледждің"),
    ("college", "dat", "колледжге"), ("university", "gen", "жоғары оқу орнының"), ("cell", "gen", "ұяшықтың"),
    ("line", "abl", "жолдан"), ("document", "gen", "құжаттың"), ("year", "abl", "жылдан"),
    ("quarter", "dat", "тоқсанға"), ("region", "loc", "өңірде"), ("action", "gen", "іс-шараның"),
])
def test_kazakh_noun_cases(key, case, expected):
    assert term(key, "kk", case=case) == expected


@pytest.mark.parametrize(("key", "expected"), [
    ("organisation", "ұйымдар"), ("school", "мектептер"), ("kindergarten", "балабақшалар"),
    ("college", "колледждер"), ("university", "жоғары оқу орындары"), ("region", "өңірлер"), ("year", "жылдар"),
    ("action", "іс-шаралар"), ("indicator", "көрсеткіштер"), ("line", "жолдар"), ("measure", "шаралар"),
])
def test_kazakh_plurals(key, expected):
    assert term(key, "kk", form="plural") == expected


@pytest.mark.parametrize(("key", "n", "case", "expected"), [
    ("school", 1, "nom", "школа"), ("school", 3, "nom", "школы"), ("school", 5, "nom", "школ"),
    ("school", 21, "gen", "школы"), ("school", 22, "gen", "школ"), ("college", 2, "nom", "колледжа"),
    ("college", 11, "nom", "колледжей"), ("line", 71, "nom", "строка"), ("line", 2, "nom", "строки"),
    ("document", 5, "nom", "документов"), ("cell", 60, "gen", "ячеек"), ("cell", 1, "gen", "ячейки"),
    ("region", 20, "nom", "регионов"), ("action", 180, "nom", "мероприятий"), ("issue", 56, "nom", "проблем"),
    ("year", 5, "nom", "лет"), ("year", 2, "nom", "года"), ("day", 30, "nom", "дней"), ("day", 1, "nom", "день"),
])
def test_russian_forms_agree_with_the_number(key, n, case, expected):
    assert term(key, "ru", n=n, case=case) == expected


@pytest.mark.parametrize(("key", "n", "expected"), [
    ("organisation", 1, "organisation"), ("organisation", 2, "organisations"), ("list", 1, "list"),
    ("list", 3, "lists"), ("cell", 60, "cells"), ("person", 2, "people"), ("university", 2, "universities"),
])
def test_english_forms_agree_with_the_number(key, n, expected):
    assert term(key, "en", n=n) == expected


# --- No avoid variant in what readers see ------------------------------------------------------------

def find_avoided(text: str, lang: str) -> list[str]:
    return [f"{key}: {v!r}" for key, v in default_terminology().avoided_in(text, lang)]


def test_avoid_check_finds_the_known_wrong_wordings():
    assert find_avoided("Сандар Білім министрлігінің ақпаратынан алынды.", "kk")
    assert find_avoided("CCTV linked to police control centres", "en")
    assert find_avoided("док. 004, стр. 5", "ru")
    assert find_avoided("Жауаптылар: МИО", "kk")
    assert not find_avoided("CCTV linked to police operational control centres", "en")
    assert not find_avoided("Білім және ғылым министрлігі", "kk")
    assert not find_avoided("Қазақстан Республикасы Ғылым және жоғары білім министрлігі", "kk")
    assert find_avoided("Сандар білім министрлігінің деректері", "kk") == []  # lower case: a description, not a name


def test_terminology_file_is_the_one_table():
    assert TERMINOLOGY.name == "terminology.yml"
    raw = yaml.safe_load(TERMINOLOGY.read_text(encoding="utf-8"))
    assert set(raw) == set(default_terminology().term_keys())


def test_the_grammar_uses_the_table_for_units_and_periods():
    assert grammar.unit_label("days", "ru", 5) == term("unit.days", "ru", n=5)
    assert grammar.period_label("2023", "kk", "dat").endswith(term("year", "kk", case="dat"))


def test_a_body_is_named_alike_in_the_terminology_and_the_list_of_bodies(table):
    """The bodies the terminology inflects are the bodies of data/reference/bodies.csv (matched by the
    abbreviation the action plan prints): the same official name in each language, so that a page's
    sentence and the action plan's list of bodies never name one ministry two ways."""
    from pipelines.reference import load_bodies

    bodies = {row["abbr_ru"]: row for row in load_bodies().to_dicts() if row["abbr_ru"]}
    matched = 0
    for key in table.term_keys():
        entry = table.entry(key)
        plan = entry["ru"].get("plan") if key.startswith("body.") and isinstance(entry["ru"], dict) else None
        if not plan:
            continue
        assert plan in bodies, f"{key}: no body with abbr_ru {plan} in bodies.csv"
        row = bodies[plan]
        assert (row["name_kk"], row["name_ru"], row["name_en"]) == (
            term(key, "kk"), term(key, "ru"), term(key, "en")), key
        matched += 1
    assert matched >= 4
