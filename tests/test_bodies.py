"""The responsible bodies of the Action Plan: every body `concept_actions.responsible` prints resolves
through the alias table (`data/reference/name_aliases.csv`, kind `body`) to exactly one row of
`data/reference/bodies.csv`, which names it in Kazakh, Russian and English.

The printed text stays verbatim in the data; a body written with or without «(по согласованию)» (a
property of its participation) or with or without the space after an initial is one body.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from pipelines.normalise.text import name_key
from pipelines.paths import REFERENCE, TRANSLATIONS
from pipelines.reference import BODY_KINDS, load_alias_table, load_bodies
from pipelines.yaml_files import read_yaml
from tests.conftest import read_published

AGREEMENT = "(по согласованию)"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Letters Kazakh spelling of these names never uses, and words and endings only Russian has.
RUSSIAN_ONLY_LETTERS = set("ёъЁЪ")
RUSSIAN_WORDS = {
    "и", "в", "во", "по", "на", "для", "при", "из", "от", "им", "имени", "согласованию", "республики",
    "казахстан", "министерство", "агентство", "органы", "госорганы", "общество", "учреждение",
    "предприятие", "центр", "бюро", "палата",
}
RUSSIAN_ENDING = re.compile(
    r"[а-яё]{2,}(?:ого|его|ый|ий|ая|яя|ое|ые|ых|ения|ания|ению|ании|ство|ства|ской|ский|ская|ское|ские)$")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
INITIAL = re.compile(r"(?<![^\W\d_])([A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])\.\s*(?=[^\W\d_])")  # "Ы. Алтынсарина"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def bodies() -> dict[str, dict[str, str]]:
    rows = read_csv(REFERENCE / "bodies.csv")
    return {row["body_id"]: row for row in rows}


@pytest.fixture(scope="module")
def table():
    return load_alias_table()


@pytest.fixture(scope="module")
def printed() -> Counter[str]:
    """Each body string of concept_actions.responsible with the number of actions printing it."""
    return Counter(body for row in read_published("concept_actions")
                   for body in row["responsible"].split(";") if body)


def candidates(name: str) -> set[str]:
    """Every body the alias table's rows could give for name: exact keys and prefixes alike."""
    key = name_key(name)
    codes = set()
    for row in read_csv(REFERENCE / "name_aliases.csv"):
        if row["kind"] != "body":
            continue
        alias = name_key(row["alias"])
        if alias == key or (row["match"] == "prefix" and key.startswith(alias)):
            codes.add(row["code"])
    return codes


def variants(name: str) -> set[str]:
    """The same body as printed elsewhere: with or without «(по согласованию)», with or without the
    space after an initial, in straight or typographic quotes."""
    base = name.removesuffix(AGREEMENT).strip()
    forms = {base, f"{base} {AGREEMENT}"}
    forms |= {INITIAL.sub(r"\1. ", f) for f in forms} | {INITIAL.sub(r"\1.", f) for f in forms}
    forms |= {re.sub(r'"([^"]*)"', r"«\1»", f) for f in forms}
    return forms


def kazakh_faults(text: str) -> list[str]:
    """What makes text Russian rather than Kazakh."""
    faults = [f"Russian-only letter {ch!r}" for ch in sorted(RUSSIAN_ONLY_LETTERS & set(text))]
    for word in WORD.findall(text):
        lower = word.casefold()
        if lower in RUSSIAN_WORDS:
            faults.append(f"Russian word {word!r}")
        elif RUSSIAN_ENDING.search(lower):
            faults.append(f"Russian ending in {word!r}")
    if CYRILLIC.search(text) and not KAZAKH_LETTERS & set(text):
        faults.append("no Kazakh letter")
    return faults


# --- The alias table -------------------------------------------------------------------------------

def test_every_printed_body_resolves_to_exactly_one_body(printed, table, bodies):
    faults = []
    for name in sorted(printed):
        codes = candidates(name)
        if len(codes) != 1:
            faults.append(f"{name!r}: {sorted(codes) or 'no body'}")
        elif table.resolve(name, "body") not in bodies:
            faults.append(f"{name!r} resolves to {table.resolve(name, 'body')!r}, not a body of bodies.csv")
    assert not faults, f"{len(faults)} of {len(printed)} printed bodies:\n" + "\n".join(faults)


def test_every_way_of_printing_a_body_resolves_to_the_same_body(printed, table):
    faults = []
    for name in sorted(printed):
        body = table.resolve(name, "body")
        for variant in sorted(variants(name)):
            if candidates(variant) != {body}:
                faults.append(f"{variant!r}: {sorted(candidates(variant)) or 'no body'}, "
                              f"but {name!r} is {body!r}")
    assert not faults, "\n".join(faults)


def test_printed_strings_are_grouped_into_fewer_bodies(printed, table):
    groups = defaultdict(set)
    for name in printed:
        groups[table.resolve(name, "body")].add(name)
    assert len(groups) < len(printed)
    assert groups["nao-altynsarin"] >= {"НАО имени Ы. Алтынсарина (по согласованию)",
                                        "НАО имени Ы.Алтынсарина (по согласованию)"}
    assert groups["nao-talap"] >= {'НАО "Talap"', 'НАО "Talap" (по согласованию)'}
    # Distinct bodies stay distinct: the national and the regional chambers, an agency and its bureau.
    assert table.resolve('НПП "Атамекен"', "body") != table.resolve('РПП "Атамекен"', "body")
    assert table.resolve("АСПиР", "body") != table.resolve("БНС АСПиР", "body")


def test_every_body_is_reached_by_an_alias(bodies):
    codes = {row["code"] for row in read_csv(REFERENCE / "name_aliases.csv") if row["kind"] == "body"}
    assert set(bodies) - codes == set()


def test_an_alias_to_an_unknown_body_is_refused(tmp_path: Path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    with (folder / "name_aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("МСХ,body,msh,exact,ru,\n")
    with pytest.raises(ValueError, match="unknown body 'msh'"):
        load_alias_table(folder)


def test_a_malformed_body_is_refused_with_the_file_and_line(tmp_path: Path):
    folder = tmp_path / "reference"
    shutil.copytree(REFERENCE, folder)
    path = folder / "bodies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.endswith(",ministry\n"))
    lines[at] = lines[at].replace(",ministry", ",ministre")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"bodies\.csv, line {at + 1}: .*kind.*'ministre'"):
        load_bodies(folder)


# --- The bodies ------------------------------------------------------------------------------------

def test_every_body_has_an_id_a_kind_and_names_in_three_languages(bodies):
    assert bodies
    for body_id, row in bodies.items():
        assert SLUG.fullmatch(body_id), body_id
        assert row["kind"] in BODY_KINDS, (body_id, row["kind"])
        for column in ("name_ru", "name_kk", "name_en", "short_kk", "short_en"):
            assert row[column].strip(), (body_id, column)
            assert row[column] == row[column].strip() and "  " not in row[column], (body_id, column)


def test_kazakh_names_are_kazakh(bodies):
    glossary_ru = {row["abbr"] for row in read_published("abbreviations")}
    glossary_kk = {entry["abbr_kk"] for value in read_yaml(TRANSLATIONS / "abbreviations.kk.yml").values()
                   for entry in (value if isinstance(value, list) else [value])}
    # Russian abbreviations (МП, АО, ГЧП …) that Kazakh writes differently must not be left in a name.
    russian_abbreviations = {token for abbr in glossary_ru for token in WORD.findall(abbr)
                             if token.isupper() and not any(token in kk for kk in glossary_kk)}
    faults = []
    for body_id, row in bodies.items():
        faults += [f"{body_id} name_kk {row['name_kk']!r}: {fault}" for fault in kazakh_faults(row["name_kk"])]
        faults += [f"{body_id} {column} {row[column]!r}: Russian abbreviation {token!r}"
                   for column in ("name_kk", "short_kk") for token in WORD.findall(row[column])
                   if token in russian_abbreviations]
        if row["short_kk"] in (row["abbr_ru"], row["name_ru"]):
            faults.append(f"{body_id}: short_kk {row['short_kk']!r} is the Russian one")
    assert not faults, "\n".join(faults)


def test_the_kazakh_check_catches_russian(bodies):
    # Every Russian name would be refused as a Kazakh one, so the check above can fail.
    assert [body_id for body_id, row in bodies.items() if not kazakh_faults(row["name_ru"])] == []


def test_english_names_have_no_cyrillic(bodies):
    assert [(body_id, column, row[column]) for body_id, row in bodies.items()
            for column in ("name_en", "short_en") if CYRILLIC.search(row[column])] == []


@pytest.mark.parametrize("column", ["abbr_ru", "name_ru", "name_kk", "name_en", "short_kk", "short_en"])
def test_no_two_bodies_share_a_name(bodies, column):
    names = Counter(row[column].casefold() for row in bodies.values() if row[column])
    assert [name for name, n in names.items() if n > 1] == []


STRAIGHT = str.maketrans("«»„“", '""""')


def test_glossary_abbreviations_match_the_glossary_and_its_translations(bodies, printed, table):
    """abbr_ru is the glossary's abbreviation of the body (the abbreviations resource); the names contain the
    glossary's expansion and its translations, short_kk is the glossary's Kazakh abbreviation."""
    kk = read_yaml(TRANSLATIONS / "abbreviations.kk.yml")
    en = read_yaml(TRANSLATIONS / "abbreviations.yml")
    glossary = defaultdict(list)
    for row in sorted(read_published("abbreviations"), key=lambda r: int(r["source_line"])):
        n = len(glossary[row["abbr"]])
        kk_entry = kk[row["abbr"]][n] if isinstance(kk[row["abbr"]], list) else kk[row["abbr"]]
        en_entry = en[row["abbr"]][n] if isinstance(en[row["abbr"]], list) else en[row["abbr"]]
        glossary[row["abbr"]].append((row["expansion_ru"], kk_entry, en_entry))
    faults = []
    for body_id, row in bodies.items():
        if not row["abbr_ru"]:
            continue
        # The name writes its quotes as Russian does («…», „…“ inside); the glossary, as printed ("…").
        name = row["name_ru"].translate(STRAIGHT).casefold()
        entries = [e for e in glossary.get(row["abbr_ru"], []) if e[0].translate(STRAIGHT).casefold() in name]
        if len(entries) != 1:
            faults.append(f"{body_id}: {row['abbr_ru']!r} with {row['name_ru']!r} matches {len(entries)} "
                          "glossary entries")
            continue
        _, kk_entry, en_entry = entries[0]
        if row["short_kk"] != kk_entry["abbr_kk"]:
            faults.append(f"{body_id}: short_kk {row['short_kk']!r}, abbreviations.kk.yml {kk_entry['abbr_kk']!r}")
        if kk_entry["expansion_kk"].casefold() not in row["name_kk"].casefold():
            faults.append(f"{body_id}: name_kk {row['name_kk']!r} lacks {kk_entry['expansion_kk']!r}")
        if en_entry.casefold() not in row["name_en"].casefold():
            faults.append(f"{body_id}: name_en {row['name_en']!r} lacks {en_entry!r}")
    # A body printed as a glossary abbreviation carries that abbreviation.
    for name in printed:
        base = name.removesuffix(AGREEMENT).strip()
        body = bodies.get(table.resolve(name, "body"), {})
        if base in glossary and body.get("abbr_ru") != base:
            faults.append(f"{name!r} is a glossary abbreviation, its body has abbr_ru {body.get('abbr_ru')!r}")
    assert not faults, "\n".join(faults)
