"""Every reader-facing text of the data package exists in Kazakh, Russian and English.

The documents print the glossary, the target breakdowns and notes in Russian, and the field dictionary
is written in English; their other languages live in data/translations/ and the documents' metadata
beside each document (data/sources/<id>.yml). The lists of what must be translated are read from the published
package (data/package/), so a new abbreviation, breakdown, document, resource or field
fails here until it is translated, and a translation left behind by a removed one fails too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import pytest

from pipelines.language.terms import default_terminology
from pipelines.paths import DATA, DATAPACKAGE, TRANSLATIONS
from pipelines.yaml_files import read_yaml
from tests.conftest import read_published
from tests.quarters import quarter_otherwise, quarters_in_digits

LANGUAGES = ("kk", "ru", "en")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04FF]{2,}")
PARENTHESES = re.compile(r"\([^()]*\)")
# A registration number as the document writes it ("ДЗ-121"): a code, not a word.
CODE = re.compile(r"(?<!\w)[А-ЯЁӘҒҚҢӨҰҮҺІ]{2,}-\d+(?!\w)")

# Terms the project does not use are the terminology table's `avoid` variants (data/reference/terminology.yml).


# What a translation must carry over from its English original unchanged: code in backticks,
# snake_case names (fields, enum values, resources), paths, and every number.
BACKTICKED = re.compile(r"`[^`]+`")
SNAKE_CASE = re.compile(r"(?<![\w`])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w`])")
PATH = re.compile(r"(?<![\w/])(?:[A-Za-z0-9_.-]*/)+[A-Za-z0-9_.-]*")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NUMBER = re.compile(r"\d+")


def read_csv(name: str) -> list[dict[str, str]]:
    return read_published(name)


def read_translation(name: str) -> dict:
    path = TRANSLATIONS / name
    assert path.exists(), f"{path.relative_to(DATA.parent)} is missing"
    table = read_yaml(path)
    assert isinstance(table, dict), f"{name}: expected a mapping at the top level"
    return table


def numbers(text: str) -> Counter:
    """The numbers of a text; an ISO date counts as its year and day (the month is written in words), a
    quarter's Roman numeral as its number ("I квартал", "IV тоқсан")."""
    text = quarters_in_digits(ISO_DATE.sub(lambda m: f"{m[1]} {int(m[3])}", text))
    return Counter(int(n) for n in NUMBER.findall(text))


def kept_tokens(english: str, enum: list[str] | None = None) -> set[str]:
    """The parts of an English text a translation keeps verbatim."""
    tokens = set(BACKTICKED.findall(english)) | set(SNAKE_CASE.findall(english)) | set(PATH.findall(english))
    for value in enum or []:
        if re.search(rf"(?<![\w`]){re.escape(value)}(?![\w`])", english):
            tokens.add(value)
    return {t.rstrip(".") for t in tokens if t.strip("/.")}


def language_faults(lang: str, text: str) -> list[str]:
    """What is wrong with a text as a text in lang, regardless of what it translates."""
    faults = [f"avoided term {variant!r}" for _, variant in default_terminology().avoided_in(text, lang)]
    if lang == "en" and CYRILLIC.search(CODE.sub("", PARENTHESES.sub("", text))):
        faults.append("Cyrillic outside parentheses")
    if lang == "kk" and len(CYRILLIC_WORD.findall(text)) >= 4 and not KAZAKH_LETTERS & set(text):
        faults.append("no Kazakh letter in a Kazakh text (Russian left untranslated?)")
    if lang == "ru" and not CYRILLIC.search(text):
        faults.append("no Cyrillic in a Russian text (English left untranslated?)")
    faults += [f"a quarter written {q!r}, not as the site writes it (I квартал 2023 года, 2023 жылғы І тоқсан, "
               "Q1 2023)" for q in quarter_otherwise(text, lang)]
    return faults


def check_texts(where: str, texts: dict, required: tuple[str, ...], original: dict | None = None) -> list[str]:
    """Faults of the translations of one item (texts, by language): a missing language, an empty text,
    a text that is not in its language, a Kazakh text that is the Russian one. original holds the
    document's own text by its language, compared with but not checked as a translation."""
    faults = []
    if not isinstance(texts, dict):
        return [f"{where}: expected a mapping of languages, found {texts!r}"]
    for lang in required:
        value = texts.get(lang)
        if not isinstance(value, str) or not value.strip():
            faults.append(f"{where}: no {lang} text")
    for lang in set(texts) - set(LANGUAGES):
        faults.append(f"{where}: unknown language {lang!r}")
    for lang, value in texts.items():
        if isinstance(value, str) and lang in LANGUAGES:
            faults += [f"{where} [{lang}]: {fault}: {value!r}" for fault in language_faults(lang, value)]
    every = {**texts, **(original or {})}
    if isinstance(every.get("kk"), str) and every.get("kk") == every.get("ru"):
        faults.append(f"{where}: the Kazakh text is the Russian one: {every['kk']!r}")
    return faults


def assert_no_faults(faults: list[str]) -> None:
    assert not faults, f"{len(faults)} fault(s):\n" + "\n".join(faults)


# ---------------------------------------------------------------------------------------------
# The glossary


def glossary_rows() -> list[dict[str, str]]:
    """The glossary in document order (the CSV is sorted by abbreviation)."""
    return sorted(read_csv("abbreviations"), key=lambda row: int(row["source_line"]))


def entries_in_order(table: dict, rows: list[dict[str, str]]) -> Iterator[tuple[dict, object]]:
    """Each row with its entry in table; a repeated abbreviation takes its list's items in order."""
    seen: Counter[str] = Counter()
    for row in rows:
        value = table.get(row["abbr"])
        if isinstance(value, list):
            value = value[seen[row["abbr"]]] if seen[row["abbr"]] < len(value) else None
        seen[row["abbr"]] += 1
        yield row, value


def test_every_abbreviation_has_its_kazakh_abbreviation_and_expansion():
    table = read_translation("abbreviations.kk.yml")
    rows = glossary_rows()
    faults = []
    for row, entry in entries_in_order(table, rows):
        where = f"abbreviations.kk.yml: {row['abbr']} (line {row['source_line']}, {row['expansion_ru']!r})"
        if not isinstance(entry, dict):
            faults.append(f"{where}: no entry")
            continue
        if set(entry) != {"abbr_kk", "expansion_kk"}:
            faults.append(f"{where}: expected abbr_kk and expansion_kk, found {sorted(entry)}")
        abbr, expansion = entry.get("abbr_kk"), entry.get("expansion_kk")
        if not isinstance(abbr, str) or not abbr.strip():
            faults.append(f"{where}: no abbr_kk")
        faults += check_texts(where, {"kk": expansion}, ("kk",), {"ru": row["expansion_ru"]})
    counts = Counter(row["abbr"] for row in rows)
    for abbr, value in table.items():
        defined = len(value) if isinstance(value, list) else 1
        if counts[abbr] != defined:
            faults.append(f"abbreviations.kk.yml: {abbr} translated {defined} time(s), the glossary defines it "
                          f"{counts[abbr]} time(s)")
    assert_no_faults(faults)


def test_english_glossary_uses_the_project_terms():
    table = read_translation("abbreviations.yml")
    faults = []
    for row, expansion in entries_in_order(table, glossary_rows()):
        where = f"abbreviations.yml: {row['abbr']} (line {row['source_line']})"
        faults += check_texts(where, {"en": expansion}, ("en",))
    assert_no_faults(faults)


# ---------------------------------------------------------------------------------------------
# Target breakdowns and notes


@pytest.mark.parametrize(("section", "column"), [("breakdowns", "breakdown_ru"), ("notes", "note")])
def test_every_breakdown_and_note_of_the_targets_is_translated(section, column):
    table = read_translation("concept_targets.yml").get(section) or {}
    values = {row[column] for row in read_csv("concept_targets")} - {""}
    faults = []
    for value in sorted(values):
        texts = table.get(value)
        where = f"concept_targets.yml: {section}: {value!r}"
        if not isinstance(texts, dict):
            faults.append(f"{where}: not translated")
            continue
        faults += check_texts(where, texts, ("kk", "en"), {"ru": value})
        if "ru" in texts:
            faults.append(f"{where}: the Russian text is the key; no ru entry")
    faults += [f"concept_targets.yml: {section}: {key!r} is no {column} of the targets"
               for key in sorted(set(table) - values)]
    assert_no_faults(faults)


# ---------------------------------------------------------------------------------------------
# The documents' metadata


def test_every_document_has_its_title_description_and_issuer_in_every_language():
    """The metadata beside each document (data/sources/<id>.yml) gives its title, description and issuer in
    Kazakh, Russian and English, as published in sources; the title in the document's own language is the
    one printed."""
    faults = []
    for document in read_csv("sources"):
        where = f"data/sources/{document['source_id']}.yml"
        original = document["language"]
        if document[f"title_{original}"] != document["title"]:
            faults.append(f"{where}: title_{original} is not the title as printed")
        titles = {lang: document[f"title_{lang}"] for lang in LANGUAGES}
        others = tuple(lang for lang in LANGUAGES if lang != original)
        faults += check_texts(f"{where}: title", {k: v for k, v in titles.items() if k in others}, others,
                              {original: document["title"]})
        faults += check_texts(f"{where}: description", {lang: document[f"description_{lang}"] for lang in LANGUAGES},
                              LANGUAGES)
        faults += check_texts(f"{where}: issuer", {"kk": document["issuer_kk"], "ru": document["issuer_ru"],
                                                   "en": document["issuer"]}, LANGUAGES)
        for lang in ("kk", "ru"):
            faults += carried_over(f"{where}: description [{lang}]", document["description_en"],
                                   document[f"description_{lang}"])
    assert_no_faults(faults)


# ---------------------------------------------------------------------------------------------
# The field dictionary


def carried_over(where: str, english: str, translation: object, enum: list[str] | None = None) -> list[str]:
    """Faults where a translation lost a number or a code name of its English original."""
    if not isinstance(translation, str):
        return []
    faults = [f"{where}: {token!r} of the English text is missing" for token in sorted(kept_tokens(english, enum))
              if token not in translation]
    lost = numbers(english) - numbers(translation)
    if lost:
        faults.append(f"{where}: number(s) {sorted(lost)} of the English text missing: {translation!r}")
    return faults


def test_every_resource_and_field_is_described_in_kazakh_and_russian():
    table = read_translation("fields.yml")
    resources = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"]
    names = {r["name"] for r in resources}
    faults = [f"fields.yml: {key} is no resource of datapackage.json" for key in sorted(set(table) - names)]
    for resource in resources:
        name = resource["name"]
        entry = table.get(name)
        if not isinstance(entry, dict):
            faults.append(f"fields.yml: {name}: not translated")
            continue
        for key in ("title", "description"):
            texts = entry.get(key) or {}
            faults += check_texts(f"fields.yml: {name}: {key}", texts, ("kk", "ru"))
            for lang in ("kk", "ru"):
                faults += carried_over(f"fields.yml: {name}: {key} [{lang}]", resource[key], texts.get(lang))
        fields = entry.get("fields") or {}
        schema = resource["schema"]["fields"]
        faults += [f"fields.yml: {name}: {key} is no field of the resource"
                   for key in sorted(set(fields) - {f["name"] for f in schema})]
        for field in schema:
            where = f"fields.yml: {name}.{field['name']}"
            texts = fields.get(field["name"])
            if texts is None:
                faults.append(f"{where}: not translated")
                continue
            faults += check_texts(where, texts, ("kk", "ru"))
            enum = field.get("constraints", {}).get("enum")
            for lang in ("kk", "ru"):
                faults += carried_over(f"{where} [{lang}]", field["description"], texts.get(lang), enum)
    assert_no_faults(faults)


# ---------------------------------------------------------------------------------------------
# The checks themselves


@pytest.mark.parametrize(("lang", "text"), [
    ("kk", "Білім министрлігінің ақпараты"),
    ("ru", "Министерство образования Республики Казахстан"),
    ("en", "CCTV linked to police control centres"),
    ("en", "Ministry of Education (МП) and ЦОУ"),
    ("kk", "Министерство просвещения Республики Казахстан"),
    ("ru", "Ministry of Education"),
    ("ru", "мониторинг в 1 квартале 2023 года"),
    ("ru", "за 2-й квартал 2023 года"),
    ("ru", "в первом квартале 2023 года"),
    ("kk", "2023 жылғы 1-тоқсандағы мониторинг"),
    ("en", "the first quarter of 2023"),
])
def test_the_language_checks_catch_what_they_are_for(lang, text):
    assert language_faults(lang, text)


@pytest.mark.parametrize(("lang", "text"), [
    ("kk", "Қазақстан Республикасы Білім және ғылым министрлігі"),
    ("kk", "Қазақстан Республикасы Ғылым және жоғары білім министрлігі"),
    ("ru", "Министерство образования и науки Республики Казахстан"),
    ("en", "CCTV linked to police operational control centres (ЖБО/ЦОУ)"),
    ("ru", "мониторинг в I квартале 2023 года"),
    ("kk", "2023 жылғы І тоқсандағы мониторинг"),
    ("en", "the Q1 2023 monitoring"),
])
def test_the_language_checks_let_the_right_terms_pass(lang, text):
    assert not language_faults(lang, text)


def test_a_lost_number_or_code_name_is_caught():
    english = "Regions created on 2022-06-08; see `quality_issues` and data/sources/; cctv_police_link: 20 lists."
    good = "2022 жылғы 8 маусымда құрылған облыстар; `quality_issues` және data/sources/ қараңыз; cctv_police_link: 20 тізім."
    assert carried_over("x", english, good) == []
    assert carried_over("x", english, good.replace("20 тізім", "тізімдер"))
    assert carried_over("x", english, good.replace("`quality_issues`", "сапа мәселелері"))
    assert carried_over("x", english, good.replace("cctv_police_link", "бейнебақылау"))
    assert carried_over("x", "region: the 20-region list", "өңір: 20 өңір тізімі", ["region", "city"])
