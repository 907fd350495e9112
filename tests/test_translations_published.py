"""The published package holds every reader-facing text in Kazakh, Russian and English.

Every row of the resources with texts has all three languages (the document's own words where it prints
them, the project's unofficial translations beside them), every translated field says so in its
description, and a text the translation tables lack stops `make data` at the document's line, naming the
translation file and what is missing, instead of publishing an empty cell.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from pipelines.declarations import read_declaration
from pipelines.errors import SourceFormatError
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.formats import STATEMENTS, documents_read_by
from pipelines.extract.national_figures import render_statement
from pipelines.extract.statement_spec import statement_spec
from pipelines.paths import DATAPACKAGE, REFERENCE, ROOT, SOURCES, TRANSLATIONS
from pipelines.sources import load_document, load_metadata
from tests.conftest import read_published

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A quoted name or a parenthesised original may keep its own script in an English text.
QUOTED_OR_ORIGINAL = re.compile(r"«[^»]*»|\"[^\"]*\"|\([^()]*\)")
# A registration number as the document writes it ("ДЗ-121"): a code, not a word.
CODE = re.compile(r"(?<!\w)[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,}-\d+(?!\w)")
PLAN = SOURCES / "003_c2990e6476669ab7.txt"

# resource → (the original column, {language: its column}) for every text the package gives in three
# languages; a row whose original is empty needs no translation.
TRILINGUAL: dict[str, list[tuple[str, dict[str, str]]]] = {
    "concept_actions": [
        ("text_ru", {"kk": "text_kk", "ru": "text_ru", "en": "text_en"}),
        ("completion_form", {"kk": "completion_form_kk", "ru": "completion_form", "en": "completion_form_en"}),
        ("deadline_text", {"kk": "deadline_text_kk", "ru": "deadline_text", "en": "deadline_text_en"}),
    ],
    "concept_indicators": [
        ("name_ru", {"kk": "name_kk", "ru": "name_ru", "en": "name_en"}),
        ("chapter_title_ru", {"kk": "chapter_title_kk", "ru": "chapter_title_ru", "en": "chapter_title_en"}),
    ],
    "concept_targets": [
        ("breakdown_ru", {"kk": "breakdown_kk", "ru": "breakdown_ru", "en": "breakdown_en"}),
        ("note", {"kk": "note_kk", "ru": "note", "en": "note_en"}),
    ],
    "abbreviations": [
        ("expansion_ru", {"kk": "expansion_kk", "ru": "expansion_ru", "en": "expansion_en"}),
        ("abbr", {"kk": "abbr_kk", "ru": "abbr"}),
    ],
    "sources": [
        ("title", {"kk": "title_kk", "ru": "title_ru", "en": "title_en"}),
        ("description_en", {"kk": "description_kk", "ru": "description_ru", "en": "description_en"}),
        ("issuer", {"kk": "issuer_kk", "ru": "issuer_ru", "en": "issuer"}),
    ],
    "national_figures": [
        ("statement_en", {"kk": "statement_kk", "ru": "statement_ru", "en": "statement_en"}),
    ],
}
# The fields holding the project's translations, each of whose descriptions must say so and where the
# original is.
TRANSLATED_FIELDS = {
    "concept_actions": ["text_kk", "text_en", "completion_form_kk", "completion_form_en", "deadline_text_kk",
                        "deadline_text_en"],
    "concept_indicators": ["name_kk", "name_en", "chapter_title_kk", "chapter_title_en"],
    "concept_targets": ["breakdown_kk", "breakdown_en", "note_kk", "note_en"],
    "abbreviations": ["abbr_kk", "expansion_kk", "expansion_en"],
    "sources": ["description_kk", "description_ru", "issuer_kk", "issuer_ru", "title_kk", "title_ru"],
    "national_figures": ["statement_kk", "statement_ru"],
}


def language_fault(lang: str, text: str) -> str:
    """What makes `text` not a text in `lang`, by its script ('' when nothing does)."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    if lang == "kk" and len(words) >= 4 and not KAZAKH_ONLY & set(text):
        return "no Kazakh letter"
    if lang == "ru" and len(words) >= 2 and not CYRILLIC.search(text):
        return "no Cyrillic"
    if lang == "en" and CYRILLIC.search(CODE.sub("", QUOTED_OR_ORIGINAL.sub("", text))):
        return "Cyrillic outside quotes and parentheses"
    return ""


@pytest.mark.parametrize("resource", sorted(TRILINGUAL))
def test_every_row_has_its_texts_in_every_language(resource):
    faults = []
    for number, row in enumerate(read_published(resource), start=2):
        for original, columns in TRILINGUAL[resource]:
            for lang, column in columns.items():
                text = row[column]
                if row[original] and not text.strip():
                    faults.append(f"data/{resource}.csv line {number}: no {column} for {row[original][:60]!r}")
                elif not row[original] and text:
                    faults.append(f"data/{resource}.csv line {number}: {column} without an original")
                elif text and column != original and language_fault(lang, text):
                    faults.append(f"data/{resource}.csv line {number}: {column}: {language_fault(lang, text)}: "
                                  f"{text[:80]!r}")
    assert not faults, f"{len(faults)} fault(s):\n" + "\n".join(faults[:30])


def test_the_kazakh_text_is_never_the_russian_one():
    same = [(row["action_no"], column) for row in read_published("concept_actions")
            for column, russian in (("text_kk", "text_ru"), ("completion_form_kk", "completion_form"),
                                    ("deadline_text_kk", "deadline_text"))
            if row[column] == row[russian] and row[russian] != "стандарт"]
    assert not same


def test_every_translated_field_says_it_is_unofficial_and_where_the_original_is():
    resources = {r["name"]: r for r in json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"]}
    faults = []
    for resource, names in TRANSLATED_FIELDS.items():
        fields = {f["name"]: f for f in resources[resource]["schema"]["fields"]}
        for name in names:
            description = fields[name]["description"]
            if not re.search(r"[Uu]nofficial|\(unofficial\)", description):
                faults.append(f"{resource}.{name}: not marked unofficial: {description!r}")
            if not re.search(r"original is (in|the document's own words in) \w+", description):
                faults.append(f"{resource}.{name}: does not say where the original is: {description!r}")
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    assert "unofficial translations by Bilim Data" in package["description"]
    assert not faults, "\n".join(faults)


def test_responsible_bodies_are_each_body_once_in_the_order_printed():
    with (REFERENCE / "bodies.csv").open(encoding="utf-8", newline="") as handle:
        known = {row["body_id"] for row in csv.DictReader(handle)}
    rows = {int(row["action_no"]): row for row in read_published("concept_actions")}
    for row in rows.values():
        ids = row["responsible_body_ids"].split(";")
        agreed = [b for b in row["by_agreement_body_ids"].split(";") if b]
        assert set(ids) <= known and len(ids) == len(set(ids)), row["action_no"]
        assert set(agreed) <= set(ids), row["action_no"]
        printed_agreement = sum("(по согласованию)" in part for part in row["responsible"].split(";"))
        assert bool(agreed) == bool(printed_agreement), row["action_no"]
    # МИО is printed twice in action 106 and "НАО "Talap" (по согласованию)" twice in action 90.
    assert rows[106]["responsible_body_ids"] == "mp;mio;mps;mne;mz;mks;mtsriap"
    assert rows[90]["responsible_body_ids"] == "mp;npp-atameken;nao-talap;mio"
    assert rows[90]["by_agreement_body_ids"] == "npp-atameken;nao-talap"


# --- A text without its translation stops the build ---------------------------------------------------

def edited_translations(tmp_path: Path, edits: dict[str, object]) -> Path:
    """A copy of data/translations/ with entries removed: {"file:section:key[:lang]": …}."""
    folder = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, folder)
    for spec in edits:
        name, *path = spec.split(":")
        file = folder / name
        table = yaml.safe_load(file.read_text(encoding="utf-8"))
        node = table
        keys = [int(k) if k.isdigit() else k for k in path]
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]
        file.write_text(yaml.safe_dump(table, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_every_missing_translation_of_a_run_is_named_with_its_file_and_line(tmp_path):
    folder = edited_translations(tmp_path, {
        "concept_actions.kk.yml:actions:180": None,
        "concept_actions.en.yml:deadlines:не позднее 1 мая, следующего за отчетным годом": None,
        "concept_actions.kk.yml:completion_forms:отчет в МНЭ": None,
        "concept_actions.en.yml:chapters:3": None,
        "concept_targets.yml:notes:уровень 1а:kk": None,
        "concept_targets.yml:breakdowns:чтение": None,
        "abbreviations.kk.yml:МОН": None,
        "concept_indicators.yml:ci17-worldskills-assessment:name_en": None,
    })
    with pytest.raises(SourceFormatError) as caught:
        parse_concept_plan(load_document(PLAN), folder)
    message = str(caught.value)
    lines = message.splitlines()
    expected = [
        ("concept_actions.kk.yml", "action 180", "section 'actions'"),
        ("concept_actions.en.yml", "English text for the deadline of action", "'не позднее 1 мая"),
        ("concept_actions.kk.yml", "Kazakh text for the form of completion", "'отчет в МНЭ'"),
        ("concept_actions.en.yml", "title of chapter 3", "section 'chapters'"),
        ("concept_targets.yml", "Kazakh text for the note", "'уровень 1а'"),
        ("concept_targets.yml", "for the breakdown", "'чтение'"),
        ("abbreviations.kk.yml", "abbr_kk, expansion_kk", "МОН"),
        ("concept_indicators.yml", "name_en for ci17-worldskills-assessment", ""),
    ]
    for words in expected:
        assert any(all(w in line for w in words) for line in lines), f"{words} not in:\n{message}"
    assert all(re.match(r"^data/sources/003_c2990e6476669ab7\.txt:\d+: expected ", line) for line in lines), message
    # The breakdown "чтение" is printed for four PISA cycles and two languages lack it: reported once each.
    assert len(lines) == 9, message


def test_make_data_stops_at_a_missing_translation_and_keeps_the_previous_package(tmp_path):
    """`make data` in a copy of the repository whose Kazakh table lacks action 180."""
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns(".venv", "node_modules", "_site*", ".git", ".cache", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", "bench", "site", "tests")
    shutil.copytree(ROOT, copy, ignore=ignore)
    path = copy / "data/translations/concept_actions.kk.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^  180: .*\n", "", text), encoding="utf-8")
    before = (copy / "data/package/concept_actions.csv").read_bytes()
    run = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=copy, capture_output=True, text=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "data/translations/concept_actions.kk.yml" in run.stderr and "action 180" in run.stderr, run.stderr
    assert "data/sources/003_c2990e6476669ab7.txt:3078: expected a Kazakh text for action 180" in run.stderr
    assert (copy / "data/package/concept_actions.csv").read_bytes() == before


def test_a_document_without_its_metadata_in_kazakh_and_russian_is_refused(tmp_path):
    meta = (SOURCES / "004_08b2a54d8bb8e082.yml").read_text(encoding="utf-8")
    path = tmp_path / "004_08b2a54d8bb8e082.yml"
    path.write_text(re.sub(r"(?m)^issuer_ru: .*\n", "", meta), encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"004_08b2a54d8bb8e082\.yml: expected the metadata in Kazakh and "
                                                r"Russian: issuer_ru"):
        load_metadata(path, "data/sources/004_08b2a54d8bb8e082.txt")
    path.write_text(meta.replace('title: "Ақпарат"', 'title: "Ақпарат"\ntitle_kk: "Ақпарат"'), encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"\.yml:\d+: expected no title_kk: the document's own title"):
        load_metadata(path, "data/sources/004_08b2a54d8bb8e082.txt")


def test_a_title_in_the_declared_language_names_the_language_the_metadata_may_have_wrong(tmp_path):
    """A Russian note's metadata copied from a Kazakh note's keeps `language: kk`; given `title_kk` (its
    Kazakh title) as a Russian note's is, the stop says which language to declare."""
    meta = (SOURCES / "004_08b2a54d8bb8e082.yml").read_text(encoding="utf-8")
    path = tmp_path / "004_08b2a54d8bb8e082.yml"
    path.write_text(meta.replace('title: "Ақпарат"', 'title: "Информация"\ntitle_kk: "Ақпарат"'), encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"expected no title_kk: .*in a document in ru, `language: ru`"):
        load_metadata(path, "data/sources/004_08b2a54d8bb8e082.txt")


def test_an_unknown_responsible_body_stops_at_its_action():
    doc = load_document(PLAN)
    number = next(n for n, line in doc.numbered() if 'РГП на ПХВ "РНПЦЭСО" (по согласованию)' in line)
    lines = list(doc.lines)
    lines[number - 1] = lines[number - 1].replace("РНПЦЭСО", "РНПЦ НОВЫЙ")
    damaged = replace(doc, lines=tuple(lines), sha256="damaged")
    with pytest.raises(SourceFormatError, match=r"003_c2990e6476669ab7\.txt:\d+: expected responsible bodies known "
                                                r"to data/reference/name_aliases\.csv.*РНПЦ НОВЫЙ"):
        parse_concept_plan(damaged)


# --- Statements in Kazakh and Russian, by rule ---------------------------------------------------------

def test_every_statement_is_declared_in_kazakh_and_russian(documents):
    specs = {id(spec): spec for spec in (statement_spec(doc.declared())
                                         for doc in documents_read_by(documents, STATEMENTS))}
    figures = [figure for spec in specs.values() for section in spec.sections for statement in section.statements
               for figure in statement.figures]
    assert len(figures) > 100
    assert all(figure.statement_kk and figure.statement_ru for figure in figures)


@pytest.mark.parametrize(("template", "lang", "values", "expected"), [
    ("{y0:period.loc} бейнебақылауы бар {org:pl}", "kk", {"y0": "2020", "org": "school"},
     "2020 жылы бейнебақылауы бар мектептер"),
    ("{y1:period.loc} {y0:period.dat} қарағанда неше есе көп", "kk", {"y0": "2020", "y1": "2023"},
     "2023 жылы 2020 жылға қарағанда неше есе көп"),
    ("{y:period.abl} бастап", "kk", {"y": "2021"}, "2021 жылдан бастап"),
    ("ірі қалалардағы {org:pl.gen} үлесі", "kk", {"org": "kindergarten"}, "Ірі қалалардағы балабақшалардың үлесі"),
    ("ірі қалалардағы {org:pl} саны", "kk", {"org": "university"}, "Ірі қалалардағы жоғары оқу орындары саны"),
    ("доля {org:pl.gen} в крупных городах", "ru", {"org": "kindergarten"}, "Доля детских садов в крупных городах"),
    ("число {org:pl.gen}", "ru", {"org": "university"}, "Число вузов"),
    ("{org:pl}, уязвимые в террористическом отношении", "ru", {"org": "college"},
     "Колледжи, уязвимые в террористическом отношении"),
    ("в {y1:period}, чем в {y0:period}", "ru", {"y0": "2020", "y1": "2022"}, "В 2022 г., чем в 2020 г."),
])
def test_statements_are_filled_through_the_language_module(template, lang, values, expected):
    assert render_statement(template, lang, values) == expected


def test_a_statement_without_its_kazakh_wording_is_refused():
    """The wording moves with the declaration: a figure declared without its Kazakh statement stops at its
    line of the declaration, before any document is read."""
    declaration = read_declaration("""\
sections:
  - opening: подключены к интернету
    period: '{year}'
    statements:
      - pattern: '(?P<t_v>(?P<v>\\d+) школ подключены)'
        figures:
          - value: v
            measure: school_internet_4mbps_plus
            statement:
              en: Schools
              ru: Школы
""", "data/sources/002_7d4a5a6f4a884ed0.spec.yml")
    with pytest.raises(SourceFormatError, match=r"^data/sources/002_7d4a5a6f4a884ed0\.spec\.yml:10: expected a "
                                                r"statement in English, Kazakh and Russian \(en, kk, ru\) with kk"):
        statement_spec(declaration)


def test_the_published_statements_agree_in_kind_with_the_english():
    """A statement about kindergartens names kindergartens in all three languages."""
    words = {"kindergarten": ("балабақша", "детск"), "college": ("колледж", "колледж"),
             "university": ("жоғары оқу орны", "вуз")}
    faults = []
    for row in read_published("national_figures"):
        if row["org_type"] in words and row["org_type"] in row["statement_en"].lower().replace("universities",
                                                                                                  "university"):
            kk, ru = words[row["org_type"]]
            stem = kk.split()[0][:6]
            if stem not in row["statement_kk"].lower() or ru not in row["statement_ru"].lower():
                faults.append((row["figure_id"], row["statement_kk"], row["statement_ru"]))
    assert not faults, faults
