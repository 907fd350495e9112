"""Interface strings and quality-issue descriptions go through the language module: templates write no
ending, plural or format themselves, use the terminology table's terms, and what they produce reads
right in each language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from pipelines.check.kind import LANGUAGES
from pipelines.check.registry import KINDS, describe
from pipelines.language.terms import default_terminology
from pipelines.paths import TRANSLATIONS
from sitegen.i18n import Num, Strings, fmt_auto, fmt_number, fmt_percent, load_strings
from sitegen.paths import STRINGS
from tests.conftest import read_published
from tests.site.language_scan import EN_NOUNS, KK_ENDINGS, RU_NOUNS, scan_text

PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^}]*))?\}")


@pytest.fixture(scope="module")
def strings() -> Strings:
    return load_strings()


# --- The placeholder language ------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "template", "values", "expected"), [
    ("kk", "{total:gen} {count:poss}", {"total": 49, "count": 21}, "49-дың 21-і"),
    ("kk", "{cells:n=cell.gen} {full:poss.loc}", {"cells": 60, "full": 19}, "60 ұяшықтың 19-ында"),
    ("kk", "{p:poss}", {"p": fmt_percent(100, "kk")}, "100%-ы"),
    ("kk", "{n:gen}", {"n": fmt_auto(59.9, "kk")}, "59,9-дың"),
    ("kk", "{n:dat}", {"n": fmt_number(2426, "kk")}, "2\u00a0426-ға"),
    ("kk", "{of:abl} {rank:ord}", {"of": 20, "rank": 13}, "20-дан 13-ші"),
    ("kk", "{of:abl} {rank:ord}", {"of": 13, "rank": 6}, "13-тен 6-шы"),
    ("ru", "{rows:n=row}", {"rows": 71}, "71 строка"),
    ("ru", "из {n:n=organisation.gen}", {"n": 2621}, "из 2\u00a0621 организации"),
    ("en", "{n:n=organisation}", {"n": 1}, "1 organisation"),
    ("kk", "{a:period.abl} {b:period.dat} дейін", {"a": "2020", "b": "2023-Q1"},
     "2020 жылдан 2023 жылғы І тоқсанға дейін"),
    ("ru", "{d:date}", {"d": "2026-11-22T10:55:00Z"}, "22 ноября 2026 г."),
    ("en", "{u:unit}", {"u": "tenge_per_year"}, "tenge a year"),
    ("kk", "{xs:list}", {"xs": ["А", "Б", "В"]}, "А, Б және В"),
    ("ru", "{n}", {"n": 10061}, "10\u00a0061"),
    ("kk", "Қала: {city}.", {"city": "Атырау және Құлсары ққ."}, "Қала: Атырау және Құлсары ққ."),
])
def test_placeholders_are_written_by_the_module(lang, template, values, expected):
    assert Strings({"k": {lang: template}}).t(lang, "k", **values) == expected


def people(n: int) -> Num:
    """A number as a page writes a figure with its unit: its words agree with it in the nominative."""
    from pipelines.language.grammar import unit_label

    return Num(fmt_number(n, "ru"), fmt_number(n, "ru").value, unit=unit_label("people", "ru", n), unit_code="people")


@pytest.mark.parametrize(("n", "expected"), [
    (2, "более 2 человек"), (21, "более 21 человека"), (24, "более 24 человек"), (700, "более 700 человек"),
    (1, "более 1 человека"),
])
def test_a_russian_preposition_declines_the_unit_it_governs(n, expected):
    """«более», «менее», «около» govern the genitive: the unit's words follow it, not the nominative
    agreement the page wrote ("2 человека" → "более 2 человек")."""
    assert Strings({"k": {"ru": "более {x:gen}"}}).t("ru", "k", x=people(n)) == expected
    assert Strings({"k": {"ru": "более {x:gen}"}}).t("ru", "k", x=fmt_number(6000, "ru")) == "более 6\u00a0000"


@pytest.mark.parametrize(("n", "ru", "en"), [
    (1, "1 ответственный орган", "The 1 body responsible"), (2, "2 ответственных органа", "The 2 bodies responsible"),
    (12, "12 ответственных органов", "The 12 bodies responsible"), (21, "21 ответственный орган", "The 21 bodies"),
])
def test_the_count_of_bodies_in_a_chart_title_agrees_with_it(strings, n, ru, en):
    assert strings.t("ru", "actions.body_title", n=n).startswith(ru)
    assert strings.t("en", "actions.body_title", n=n).startswith(en)


def test_a_kazakh_range_of_lines_is_numbered_as_one_line_is(strings):
    """Lines are numbered (ordinals: "5-жол", source_ref), a range of them too: "638–3 078-жолдар", as
    a chart's credit writes it, not "638–3 078 жолдар" (638 to 3 078 lines)."""
    from pipelines.language.grammar import source_ref

    assert source_ref("003", 638, "kk").endswith("638-жол")
    assert strings.t("kk", "sources.part", start=fmt_number(638, "kk"), end=fmt_number(3078, "kk")) == \
        "638–3\u00a0078-жолдар"


def test_a_kazakh_ending_in_another_language_is_refused():
    with pytest.raises(ValueError, match="Kazakh ending"):
        Strings({"k": {"ru": "{n:gen}"}}).t("ru", "k", n=5)


# --- Templates write no grammar themselves -----------------------------------------------------------

def template_problems(key: str, lang: str, text: str) -> list[str]:
    problems = []
    endings = "|".join(sorted(map(re.escape, [*KK_ENDINGS, "ыншы", "інші", "ншы", "нші", "шы", "ші"]), key=len,
                              reverse=True))
    if lang == "kk" and re.search(r"\}-(?:" + endings + r")(?![\w-])", text):
        problems.append("a Kazakh ending written after a placeholder")
    nouns = RU_NOUNS if lang == "ru" else EN_NOUNS if lang == "en" else {}
    for match in PLACEHOLDER.finditer(text):
        after = text[match.end():].lstrip().split(" ")[0].strip(".,;:)»")
        if nouns and after in nouns and not (match.group(2) or "").startswith("n="):
            problems.append(f"{{{match.group(1)}}} counts «{after}» without n=")
    if re.search(r"\w\((?:s|es|ов|и|ы|ей)\)", text):
        problems.append("a plural hedge")
    return problems


def all_templates(strings: Strings):
    """Every interface string, and every text of the kinds of quality issue (labels and meanings are
    shown on the site; descriptions fill quality_issues)."""
    for key, values in strings.table.items():
        for lang, text in values.items():
            yield key, lang, text
    for code, kind in KINDS.items():
        for part in ("label", "meaning", "description"):
            for lang, text in getattr(kind, part).items():
                yield f"{code}.{part}", lang, text


def test_templates_write_no_ending_count_or_hedge(strings):
    bad = [(k, lang, p) for k, lang, t in all_templates(strings) for p in template_problems(k, lang, t)]
    assert bad == []


def test_the_template_check_finds_the_old_templates():
    assert template_problems("x", "kk", "{total}-ның {count}-і")
    assert template_problems("x", "ru", "{rows} строк. Первичный ключ: {pkey}.")
    assert template_problems("x", "en", "{lists} other list(s)")
    assert not template_problems("x", "kk", "{doc}-құжат, {line}-жол")


# --- Terms: no avoid variant in strings or translations ----------------------------------------------

def avoided(text: str, lang: str) -> list[str]:
    return [variant for _, variant in default_terminology().avoided_in(text, lang)]


def test_strings_use_the_terminology(strings):
    bad = [(k, lang, avoided(t, lang)) for k, lang, t in all_templates(strings) if avoided(t, lang)]
    assert bad == []


def translation_texts(node: object, lang: str | None = None):
    """(language, text) of every translated value: keys ending in _kk/_en/_ru, or a file of one language."""
    if isinstance(node, dict):
        for key, value in node.items():
            suffix = str(key).rsplit("_", 1)[-1]
            yield from translation_texts(value, suffix if suffix in ("kk", "ru", "en") else lang)
    elif isinstance(node, list):
        for value in node:
            yield from translation_texts(value, lang)
    elif isinstance(node, str) and lang:
        yield lang, node


def test_translations_use_the_terminology():
    bad = []
    for path in sorted(Path(TRANSLATIONS).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default = "en" if path.name == "abbreviations.yml" else None
        for lang, text in translation_texts(data, default):
            if avoided(text, lang):
                bad.append((path.name, lang, text[:80], avoided(text, lang)))
    assert bad == []


def test_the_strings_files_are_the_ones_checked():
    assert sorted(p.name for p in STRINGS.glob("*.yml"))


# --- Quality-issue descriptions ----------------------------------------------------------------------

def published_findings():
    return [(row["kind"], json.loads(row["details"])) for row in read_published("quality_issues")]


def test_every_published_description_reads_right():
    bad = []
    for kind, params in published_findings():
        for lang, text in describe(kind, params).items():
            found = scan_text(text, lang)
            if found:
                bad.append((kind, lang, found))
    assert bad == []


@pytest.mark.parametrize(("kind", "params", "lang", "expected"), [
    ("count_exceeds_total", {"count": 5, "total": 1, "quote": "x"}, "en", "for 5 of 1 organisation:"),
    ("count_exceeds_total", {"count": 5, "total": 1, "quote": "x"}, "ru", "у 5 из 1 организации"),
    ("count_exceeds_total", {"count": 5, "total": 1, "quote": "x"}, "kk", "1 ұйымның 5-інде бар"),
    ("count_exceeds_total", {"count": 134, "total": 105, "quote": "x"}, "ru", "у 134 из 105 организаций"),
    ("percent_mismatch", {"count": 17, "total": 22, "printed": 100.0, "computed": 77.3, "quote": "x"}, "kk",
     "(100%) 22 ұйымның 17-сінің үлесіне сәйкес келмейді: бұл 77,3%"),
    ("percent_mismatch", {"count": 17, "total": 22, "printed": 100.0, "computed": 77.3, "quote": "x"}, "ru",
     "(100\u00a0%) не соответствует доле 17 из 22 организаций, то есть 77,3\u00a0%"),
    ("total_differs_between_lists", {"total": 1, "lists": 1, "usual_total": 6, "quote": "x"}, "en",
     "gives the place 1 organisation of this type; the same note's other lists (1 list)"),
    ("total_differs_between_lists", {"total": 2, "lists": 2, "usual_total": 6, "quote": "x"}, "ru",
     "у места 2 организации этого типа, а в других списках той же записки (2 списка)"),
    ("differs_from_note_list", {"value": 0.0, "denominator": 61.0, "list_count": 0, "list_total": 34,
                                "list_quote": "q", "quote": "**Туркестанской** (61)"}, "kk",
     "Мәтінде 61-дің 0-і; тоқсандық ақпараттың тізімі сол жер үшін 34-тің 0-ін береді"),
    ("multiplier_differs", {"stated": 11.0, "computed": 11.97, "value_from": 500.0, "value_to": 5986.0,
                            "quote": "x"}, "ru", "вырос в 11 раз; его же числа (500 → 5\u00a0986) дают рост в 11,97 раза"),
    ("multiplier_differs", {"stated": 2.0, "computed": 1.5, "value_from": 1, "value_to": 2, "quote": "x"}, "en",
     "grew 2 times; its own numbers (1 → 2) give 1.5 times"),
    ("target_reversal", {"previous": 535000.0, "previous_label": "2024", "value": 329000.0, "label": "2025",
                         "quote": "x"}, "kk", "535\u00a0000 (2024 жыл) → 329\u00a0000 (2025 жыл)"),
    ("target_year_gap", {"previous_label": "PISA-2022", "label": "PISA-2029", "quote": "x"}, "en",
     "PISA 2022 → PISA 2029"),
    ("differs_between_documents", {"value": 5986.0, "quote": "в 2022 г. – 5 986",
                                   "others": "5588.0 (2023-Q1, 001_89a1cac1b016df0e:18: «2023 ж. –5 588»)"},
     "ru", "в другом месте: 5\u00a0588 (I квартал 2023 г.; документ 001, строка 18: «2023 ж. –5 588»)."),
])
def test_descriptions(kind, params, lang, expected):
    assert expected in describe(kind, params)[lang]


def test_quotes_lose_markdown_marks():
    text = describe("differs_from_note_list", {"value": 0.0, "denominator": 61.0, "list_count": 0, "list_total": 34,
                                               "list_quote": "q", "quote": "**Туркестанской** (61)"})
    assert all("**" not in t for t in text.values())


def test_an_unreadable_parameter_is_refused():
    with pytest.raises(ValueError, match="cannot read the other figures"):
        describe("differs_between_documents", {"value": 1, "quote": "q", "others": "garbled"})
    with pytest.raises(KeyError, match="needs"):
        describe("differs_from_list_sum", {"value": 1})


def test_description_templates_write_no_grammar_themselves():
    for code, kind in KINDS.items():
        for lang in LANGUAGES:
            assert template_problems(code, lang, kind.description[lang]) == [], (code, lang)


# --- Region names: one spelling, from the reference table -------------------------------------------

def short_name_problem(short: str, name: str) -> str | None:
    """Why a region's short label (a chart's axis) is not a shortening of its name in regions.csv: its
    beginning (Жамбылская of Жамбылская область, Almaty Reg. of Almaty Region), its initials (ЗКО of
    Западно-Казахстанская область, БҚО), the name without its word for region (Абай of область Абай) or
    the name with a city's mark (г. Алматы, Алматы қ.)."""
    stem = short.removesuffix(".")
    words = re.split(r"[\s-]+", name)
    initials = "".join(w[:1].upper() for w in words if w)
    bare = " ".join(w for w in name.split() if w.lower() not in ("область", "облысы", "region"))
    if name.startswith(stem) or short in (initials, bare, f"г. {name}", f"{name} қ."):
        return None
    return f"{short!r} is no shortening of {name!r}"


def test_every_region_s_short_label_spells_it_as_the_reference_table_does(strings):
    """The English of a region is written one way: "Jambyl" on a chart of the region named "Jambyl Region",
    never "Zhambyl"."""
    problems = []
    for region in read_published("regions"):
        for lang in LANGUAGES:
            short = strings.t(lang, f"region_short.{region['code']}")
            problem = short_name_problem(short, region[f"name_{lang}"])
            if problem:
                problems.append(f"{region['code']} {lang}: {problem}")
    assert problems == []


def test_the_short_label_check_finds_another_spelling():
    assert short_name_problem("Zhambyl", "Jambyl Region")
    assert not short_name_problem("West Kaz.", "West Kazakhstan Region")
    assert not short_name_problem("ЗКО", "Западно-Казахстанская область")
