"""New quarterly notes, as a maintainer adds them, flow through every resource or are refused at their line.

The notes are generated (tests/fixtures/quarterly_notes.py: note 004 some quarters on, with invented
figures) for the quarters after the latest note committed, numbered after the last document, so that
the tests hold whatever notes are committed. Each states its period in another of the Ministry's forms;
one lists a new large-city group (with its reference and alias rows) and prints an entry count first
(with its declared correction); one states a total its own list does not add up to. The same notes in
Russian (the Ministry publishes each note in either language) are read as the Kazakh ones: the same rows,
quoted from the Russian text, compared with the Kazakh notes before them, refused at the same lines.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from pipelines.declarations import load_declaration
from pipelines.errors import SourceFormatError, UnknownPlaces
from pipelines.extract.national_figures import extract_document
from pipelines.extract.security_lists import extract_security_lists
from pipelines.extract.statement_spec import statement_spec
from pipelines.flow import build_frames
from pipelines.normalise.periods import find_note_periods, quarter_of, read_note_period
from pipelines.normalise.text import fold
from pipelines.paths import ROOT, SOURCES
from pipelines.publish.package import render_package
from pipelines.publish.validate import validate_package
from pipelines.reference import load_alias_table
from pipelines.sources import Document, decode_document, load_documents
from tests.conftest import read_published
from tests.fixtures.quarterly_notes import (
    RU_STYLES,
    STYLES,
    NewGroup,
    Note,
    make_note,
    metadata,
    next_quarter,
    quarter_phrase,
    ru_quarter_phrase,
    russian_note,
)

FIXTURE = Path(__file__).parent / "fixtures" / "security_note_2023q2.txt"
COVERAGE_KEY = ("measure", "area_type", "org_type", "region_code", "city_group", "period")
# The statements every quarterly note shares: its format's declaration, so a new note needs none.
NOTE_SPEC = statement_spec(load_declaration(SOURCES / "security_note.spec.yml", "data/sources/security_note.spec.yml"))
# A Russian note's: its statements worded in Russian, beside it (read only once it exists: before, every
# test of a Russian note fails at reading it, not at collecting this module).
RU_SPEC_PATH = SOURCES / "security_note.ru.spec.yml"


def ru_spec():
    return statement_spec(load_declaration(RU_SPEC_PATH, "data/sources/security_note.ru.spec.yml"))
# Set in the copy of the repository that test_a_maintainer_s_copy_passes_its_own_data_tests runs.
IN_COPY = "BILIM_TESTS_IN_A_COPY"


def committed() -> tuple[str, int]:
    """The latest quarter a committed note reports, and the next free document number."""
    documents = load_documents()
    periods = [str(d.meta["periods"][0]) for d in documents.values() if d.meta["format"] == "security_note"]
    return max(periods), max(int(source_id[:3]) for source_id in documents) + 1


LATEST, NEXT_NUMBER = committed()
P1, P2, P3 = (next_quarter(LATEST, step) for step in (1, 2, 3))


def new_id(offset: int) -> str:
    number = NEXT_NUMBER + offset
    return f"{number:03d}_{hashlib.sha256(f'test-note-{number}'.encode()).hexdigest()[:16]}"


ID1, ID2, ID3 = new_id(0), new_id(1), new_id(2)
# A group no reference table lists (Arkalyk was a regional centre, never one of the notes' large cities).
UNLISTED = NewGroup(name_kk="Арқалық қ.", slug="arkalyk", region="KZ-39", reference_row="", alias_row="")


def repository(base: Path, notes: dict[str, Note], reference_rows: bool = True, corrections: bool = True) -> Path:
    """A copy of data/ with the notes added as a maintainer adds them (and their reference rows and
    declared corrections, unless left out)."""
    root = base / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    for source_id, note in notes.items():
        note.write(root / "data/sources", source_id)
    groups = [n.new_group for n in notes.values() if n.new_group]
    if reference_rows and groups and groups[0].slug not in known_groups():
        group = groups[0]
        with (root / "data/reference/large_cities.csv").open("a", encoding="utf-8") as handle:
            handle.write(group.reference_row + "\n")
        with (root / "data/reference/name_aliases.csv").open("a", encoding="utf-8") as handle:
            handle.write(group.alias_row + "\n")
    if corrections:
        with (root / "data/corrections.yml").open("a", encoding="utf-8") as handle:
            handle.write("".join(n.corrections for n in notes.values()))
    return root


def known_groups() -> set[str]:
    """The large-city groups of the committed reference table (a new group may be committed already)."""
    return {row["city_group"] for row in read_published("large_cities")}


def build(root: Path) -> dict[str, pl.DataFrame]:
    with contextlib.redirect_stdout(io.StringIO()):
        return build_frames(root / "data/sources", root / "data/reference", root / "data/corrections.yml", root)


def refusal(root: Path) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as caught:
        build(root)
    return caught.value


@dataclass
class Built:
    root: Path
    notes: dict[str, Note]
    frames: dict[str, pl.DataFrame]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    notes = {
        ID1: make_note(P1, "suffix", step=1, varied=True),
        ID2: make_note(P2, "date", step=2, new_group=NewGroup(), swap=(9, "Ұлытау", "KZ-62"), source_id=ID2),
        ID3: make_note(P3, "roman", step=3, new_group=NewGroup(), list_sum_off=5),
    }
    root = repository(tmp_path_factory.mktemp("notes"), notes)
    return Built(root, notes, build(root))


def keyed(frame: pl.DataFrame, key: tuple[str, ...]) -> dict[tuple, dict]:
    rows = {tuple(row[k] for k in key): row for row in frame.iter_rows(named=True)}
    assert len(rows) == frame.height, "the key does not identify the rows"
    return rows


def test_the_generator_writes_the_committed_fixture():
    assert make_note("2023-Q2", "number", step=1).text == FIXTURE.read_text(encoding="utf-8")


def note_document(note: Note, declared: str) -> Document:
    """The note as a document whose metadata declares the quarter `declared` (dated in the year of the
    note's own quarter, which "ағымдағы жылғы" means)."""
    return Document(ID1, f"data/sources/{ID1}.txt", decode_document(note.text.encode(), ID1), "x",
                    {"format": "security_note", "language": "kk", "periods": [declared], "date": note.period[:4]})


@pytest.mark.parametrize("style", STYLES)
def test_every_form_of_the_period_is_read_by_both_parsers(style, aliases):
    """The period comes from the note's words, in each form, not from its metadata: a note whose words
    name the next quarter is read as that quarter by the prose parser and refused by the list parser."""
    note = make_note(P1, style)
    assert quarter_phrase(P1, style) in note.text
    doc = note_document(note, P1)
    assert set(extract_security_lists(doc, aliases)["period"]) == {P1}
    assert {row["period"] for row in extract_document(doc, NOTE_SPEC, aliases)} == {P1}
    other = note_document(make_note(P2, style), P1)  # P2's words, P1's metadata
    assert {row["period"] for row in extract_document(other, NOTE_SPEC, aliases)} == {P2}
    with pytest.raises(SourceFormatError, match=rf"the quarter the metadata declares .*\({P2}\)"):
        extract_security_lists(other, aliases)


def test_a_list_printed_on_its_heading_s_line_is_read_from_after_the_heading(aliases):
    """"Анықтама: мектепке дейінгі білім беру ұйымдары: Астана қ. (96 балабақша) – 100%; ...": a heading and its
    list in one paragraph, for every list of the note. The same rows as with the list on a line of its own,
    each entry quoted from after the heading (the heading was read as the first place's name)."""
    note = make_note(P1, "number")
    joined = re.sub(r"(ұйымдары:)[ \t]*\n[ \t]*(?=\S+[^\n]*\) – \d)", r"\1 ", note.text)
    assert joined.count("\n") == note.text.count("\n") - 12

    def rows(text: str) -> pl.DataFrame:
        doc = Document(ID1, f"data/sources/{ID1}.txt", decode_document(text.encode(), ID1), "x",
                       {"format": "security_note", "language": "kk", "periods": [P1], "date": P1[:4]})
        return extract_security_lists(doc, aliases)

    read = rows(joined)
    assert read.select(LIST_KEY[:-1]).equals(rows(note.text).select(LIST_KEY[:-1]))
    lines = joined.split("\n")
    for row in read.iter_rows(named=True):
        assert row["source_text"].startswith(row["name_as_published"]) and row["source_text"] in \
            lines[row["source_line"] - 1]
        assert "ұйымдары" not in row["name_as_published"]


def test_every_entry_of_every_new_note_is_published_as_printed(built):
    """Per key, not as sorted counts: a permutation of places would fail here."""
    coverage = built.frames["security_coverage"]
    for source_id, note in built.notes.items():
        rows = coverage.filter(pl.col("source_id") == source_id)
        assert set(rows["period"]) == {note.period}
        by_entry = {(row["source_line"], row["name_as_published"]): row for row in rows.iter_rows(named=True)}
        assert set(by_entry) == set(note.entries)
        for entry, (count_printed, total_printed, count, total) in note.entries.items():
            row = by_entry[entry]
            assert (row["count_as_published"], row["total_as_published"], row["count"], row["total"]) == \
                (count_printed, total_printed, count, total), entry
    template = {(r["source_line"], r["name_as_published"]): tuple(r[k] for k in COVERAGE_KEY[:-1])
                for r in coverage.filter(pl.col("source_id") == "004_08b2a54d8bb8e082").iter_rows(named=True)}
    for row in coverage.filter(pl.col("source_id") == ID1).iter_rows(named=True):
        # The same place in the same list of the template: the same key, but the new quarter.
        assert tuple(row[k] for k in COVERAGE_KEY[:-1]) == template[(row["source_line"], row["name_as_published"])]
    counts = dict(coverage.group_by("period").len().iter_rows())
    assert (counts[P1], counts[P2], counts[P3]) == (240, 249, 249)


def rendered_rows(built: Built, name: str) -> list[dict[str, str]]:
    text = render_package(built.frames)[f"{name}.csv"].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_earlier_quarters_are_unchanged_per_key(built):
    """Every published row is published again, byte for byte, under the same key."""
    def key(row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row[k] for k in COVERAGE_KEY)

    now = {key(row): row for row in rendered_rows(built, "security_coverage")}
    for row in read_published("security_coverage"):
        assert now[key(row)] == row, key(row)
    figures = {row["figure_id"]: row for row in rendered_rows(built, "national_figures")}
    for row in read_published("national_figures"):
        again = figures[row["figure_id"]]
        assert {k: v for k, v in again.items() if k != "flags"} == {k: v for k, v in row.items() if k != "flags"}
        if row["source_id"].startswith("000_"):
            # The briefing of 7 March 2023 cannot know a later quarter: its rows keep their flags.
            assert again["flags"] == row["flags"], row["figure_id"]


def test_each_series_is_compared_with_its_previous_quarter(built):
    assert_compared_with_previous(built)


def assert_compared_with_previous(built: Built) -> None:
    """Every list entry and every total of each new note is compared with the same of the note before."""
    progress = built.frames["progress"].filter(pl.col("comparison") == "since_previous")
    coverage = built.frames["security_coverage"]
    for earlier, later in ((LATEST, P1), (P1, P2), (P2, P3)):
        before = keyed(coverage.filter(pl.col("period") == earlier), COVERAGE_KEY[:-1])
        after = keyed(coverage.filter(pl.col("period") == later), COVERAGE_KEY[:-1])
        rows = keyed(progress.filter((pl.col("period_to") == later) & (pl.col("area_type") != "")),
                     ("measure", "area_type", "org_type", "region_code", "city_group"))
        assert set(rows) >= set(before) & set(after)
        for key in set(before) & set(after):
            row = rows[key]
            assert (row["period_from"], row["value_from"], row["value_to"], row["figure_id_to"]) == \
                (earlier, before[key]["count"], after[key]["count"], ""), key
        for key in set(rows) - set(before):  # a place the note before left out: the last note that listed it
            assert rows[key]["period_from"] < earlier, key
        # Every total the notes state, per measure and kind of organisation: each is compared with the
        # same total of the note before.
        notes = built.frames["sources"].filter(pl.col("format") == "security_note")
        source_of = dict(zip(notes["periods"], notes["source_id"], strict=True))
        figures = built.frames["national_figures"].filter(
            (pl.col("unit") == "count") & (pl.col("qualifier") == "") & pl.col("scope").is_in(["national", "large_cities"]))
        series = ("measure", "org_type", "scope", "locality")
        # The same statement of the note before: a note states "25 large cities" twice, as analysed and
        # as counted, and each is compared with its own.
        stated_before: dict[tuple, dict] = {}
        for row in figures.filter(pl.col("source_id") == source_of[earlier]).iter_rows(named=True):
            stated_before[(*(row[k] for k in series), row["statement_en"])] = row
        stated_after = figures.filter(pl.col("source_id") == source_of[later])
        assert stated_after.height >= 25
        for row in stated_after.iter_rows(named=True):
            compared = progress.filter(pl.col("figure_id_to") == row["figure_id"])
            assert compared.height == 1, row["figure_id"]
            base = stated_before[(*(row[k] for k in series), row["statement_en"])]
            assert (compared["period_from"][0], compared["figure_id_from"][0], compared["value_from"][0],
                    compared["value_to"][0]) == (earlier, base["figure_id"], base["value"], row["value"])


def contradictions_between_notes(built) -> pl.DataFrame:
    """The `differs_between_documents` issues of `built` that cite two of its quarterly notes (the committed
    one and the added ones)."""
    notes = {"004_08b2a54d8bb8e082", *built.notes}
    issues = built.frames["quality_issues"]
    return issues.filter(
        pl.col("source_refs").map_elements(lambda refs: len({r.split(":")[0] for r in refs.split(";")} & notes) > 1,
                                           return_dtype=pl.Boolean)
        & (pl.col("kind") == "differs_between_documents"))


def test_successive_quarters_are_not_contradictions(built):
    issues = built.frames["quality_issues"]
    between = contradictions_between_notes(built)
    assert between.height == 0, between["issue_id"].to_list()
    # Statements of the briefing (7 March 2023) are compared with the Q1 note, never with a later one.
    later = issues.filter(pl.col("row_key").str.starts_with("000-")
                          & pl.col("source_refs").str.contains("|".join(built.notes)))
    assert later.height == 0, later["issue_id"].to_list()
    # The theses of 30 May 2023 are compared with the last quarter ended by then (Q1), not the running Q2.
    running = issues.filter(pl.col("row_key").str.starts_with("001-")
                            & pl.col("source_refs").str.contains("|".join(built.notes)))
    assert running.height == 0, running["issue_id"].to_list()


def test_progress_built_on_a_total_off_its_list_carries_the_flag(built):
    figures = built.frames["national_figures"]
    flagged = figures.filter(pl.col("flags").str.contains("differs_from_list_sum"))
    off = flagged.filter((pl.col("source_id") == ID3) & (pl.col("measure") == "alarm_button")
                         & (pl.col("org_type") == "school"))
    assert off.height == 1  # the total stated 5 above its list, in the third note
    progress = built.frames["progress"]
    for figure_id in flagged["figure_id"]:
        built_on = progress.filter((pl.col("figure_id_to") == figure_id) | (pl.col("figure_id_from") == figure_id))
        assert built_on.height, figure_id
        assert built_on["flags"].str.contains("differs_from_list_sum").all(), figure_id
    issues = built.frames["quality_issues"]
    assert issues.filter((pl.col("resource") == "progress") & (pl.col("kind") == "differs_from_list_sum")).height \
        == progress.filter(pl.col("flags").str.contains("differs_from_list_sum")).height


def test_a_comparison_of_the_large_cities_across_a_new_city_is_flagged(built):
    """The second and third new notes count one large city more: a comparison of the large cities' totals
    across that change carries large_cities_changed, one of the same cities (the third new note against
    the second) does not."""
    figures = built.frames["national_figures"].filter(pl.col("measure") == "large_cities_total")
    cities = {row["period"]: row["value"] for row in figures.group_by("period").agg(pl.col("value").max())
              .iter_rows(named=True)}
    assert (cities[P1], cities[P2], cities[P3]) == (25, 26, 26)  # note 004's 25, then NewGroup's one more
    progress = built.frames["progress"].filter(pl.col("scope") == "large_cities")
    changed = [cities[row["period_from"]] != cities[row["period_to"]] for row in progress.iter_rows(named=True)]
    flagged = ["large_cities_changed" in (row["flags"] or "") for row in progress.iter_rows(named=True)]
    assert flagged == changed and any(changed) and not all(changed)
    issues = built.frames["quality_issues"].filter(pl.col("kind") == "large_cities_changed")
    assert issues.height == sum(changed)
    assert all("25" in text and "26" in text for text in issues["description_en"])


def test_a_new_large_city_group_is_a_reference_row_and_an_alias(built):
    cities = built.frames["large_cities"]
    assert cities.height == len(known_groups() | {"satbayev"})
    assert cities.filter(pl.col("city_group") == "satbayev")["region_code"].to_list() == ["KZ-62"]
    coverage = built.frames["security_coverage"]
    satbayev = coverage.filter(pl.col("city_group") == "satbayev")
    listed_before = {r["period"] for r in read_published("security_coverage") if r["city_group"] == "satbayev"}
    assert dict(satbayev.filter(pl.col("period").is_in([P1, P2, P3])).group_by("period").len().iter_rows()) == \
        {P2: 9, P3: 9}
    assert set(satbayev["region_code"]) == {"KZ-62"}  # the region of Zhezkazgan too: keyed by group
    assert coverage.filter((pl.col("city_group") == "zhezkazgan") & (pl.col("period") == P2)).height == 9
    progress = built.frames["progress"].filter(pl.col("city_group") == "satbayev")
    # First listed in P2 (unless a committed note lists it already): nothing to compare with there.
    assert set(progress["period_to"]) == ({P2, P3} if listed_before else {P3})
    issues = built.frames["quality_issues"]
    stated = built.frames["national_figures"].filter((pl.col("source_id") == ID2)
                                                     & (pl.col("measure") == "large_cities_total"))
    assert set(stated["value"]) == {26}
    assert not issues.filter(pl.col("row_key").is_in(stated["figure_id"].to_list())).height


def test_a_declared_swap_in_a_new_note_is_corrected_and_flagged(built):
    row = built.frames["security_coverage"].filter(
        (pl.col("source_id") == ID2) & (pl.col("measure") == "cctv_police_link") & (pl.col("org_type") == "college")
        & (pl.col("region_code") == "KZ-62")).row(0, named=True)
    printed_count, printed_total, count, total = built.notes[ID2].entries[(9, "Ұлытау")]
    assert (row["count_as_published"], row["total_as_published"]) == (printed_count, printed_total)
    assert printed_count > printed_total and (row["count"], row["total"]) == (count, total)
    assert row["flags"] == "corrected;count_exceeds_total"
    assert row["correction_id"] == f"swap-{ID2[:3]}-l009-test"


def test_the_package_with_new_notes_validates(built, tmp_path):
    files = render_package(built.frames)
    for relative, data in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(data)
    validate_package(tmp_path)


# --- What a maintainer gets wrong is refused at the new note's file and line -------------------------------


def test_a_period_phrase_left_from_the_previous_note_is_refused_at_the_new_note(tmp_path):
    note = make_note(P1, "number")
    note.text = note.text.replace(quarter_phrase(P1, "number"), quarter_phrase(LATEST, "number"))
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 3)
    assert f"the quarter the metadata declares ({ID1}.yml: periods: [\"{P1}\"])" in str(error)
    assert "004_" not in str(error)


def test_a_period_the_parser_cannot_read_is_refused_at_its_line(tmp_path):
    note = make_note(P1, "number")
    note.text = note.text.replace(quarter_phrase(P1, "number"), f"{P1[:4]} жылғы 5 тоқсандағы жағдай бойынша")
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 3)
    assert "2 тоқсандағы" in error.expected and "1 шілдедегі" in error.expected


@pytest.mark.parametrize(("language", "wording"), [
    ("kk", "{year} жылдың қорытындысы бойынша"),
    ("kk", "{year} жылғы 9 айы бойынша"),
    ("ru", "По итогам {year} года"),
    ("ru", "За 9 месяцев {year} года"),
])
def test_a_period_in_a_wording_no_form_reads_is_refused_at_its_line(language, wording, aliases):
    """A note that words its period as a year's results or months ("2023 жылдың қорытындысы бойынша", "по итогам
    2023 года"), in none of the forms read, is refused at the line that says so (it was refused at the end of
    the document, a line that holds no period)."""
    note = russian_note(P1, "quarter") if language == "ru" else make_note(P1, "number")
    phrase = ru_quarter_phrase(P1, "quarter") if language == "ru" else quarter_phrase(P1, "number")
    text = note.text.replace(phrase, wording.format(year=P1[:4]))
    line = next(n for n, row in enumerate(text.split("\n"), 1) if wording.format(year=P1[:4]) in row)
    doc = Document(ID1, f"data/sources/{ID1}.txt", decode_document(text.encode(), ID1), "x",
                   {"format": "security_note", "language": language, "periods": [P1], "date": P1[:4]})
    with pytest.raises(SourceFormatError) as refused:
        extract_security_lists(doc, aliases)
    assert refused.value.line == line and "the note's quarter" in refused.value.expected


def test_two_notes_of_one_quarter_are_refused_naming_both(tmp_path):
    error = refusal(repository(tmp_path, {ID1: make_note(P1, "word"), ID2: make_note(P1, "hyphen")}))
    assert error.path == f"data/sources/{ID2}.yml"
    assert f"data/sources/{ID1}.yml declares {P1} too" in str(error)


def test_two_documents_of_one_number_are_refused_naming_both_and_the_free_number(tmp_path):
    """Two notes added on two branches, each as the next number: readers would see one "document 005"."""
    twin = f"{ID1[:3]}_{'f' * 16}"
    error = refusal(repository(tmp_path, {ID1: make_note(P1, "word"), twin: make_note(P2, "hyphen")}))
    first, second = sorted((ID1, twin))
    assert error.path == f"data/sources/{second}.txt"
    assert f"{ID1[:3]} is already {first}.txt" in str(error)
    assert f"to {NEXT_NUMBER + 1:03d}_{second[4:]}" in str(error)


def test_a_document_not_named_by_its_number_and_hash_is_refused(tmp_path):
    root = repository(tmp_path, {"note-q3": make_note(P1, "word")})
    error = refusal(root)
    assert error.path == "data/sources/note-q3.txt"
    assert f"NNN the next free number ({NEXT_NUMBER:03d})" in str(error)


def test_a_count_above_its_total_stops_at_its_line_and_names_the_way_through(tmp_path):
    note = make_note(P2, "date", step=2, swap=(9, "Ұлытау", "KZ-62"), source_id=ID1)
    error = refusal(repository(tmp_path, {ID1: note}, corrections=False))
    assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 9)
    assert "data/corrections.yml" in str(error) and "swap_count_total" in str(error)
    assert "Ұлытау" in str(error)


BRIEFING = "data/sources/000_79fb72e18d9edfdc.txt"


def test_every_unknown_place_of_a_run_is_reported_at_once(tmp_path):
    """Every unknown place of the run, in the new note's lists and in another document's prose, is in one
    report: a maintainer adds all the aliases at once."""
    note = make_note(P1, "number", new_group=UNLISTED)
    lines = note.text.split("\n")
    lines[6] = lines[6].replace("Жамбыл (", "Жамбылл (", 1)
    note.text = "\n".join(lines)
    root = repository(tmp_path, {ID1: note}, reference_rows=False)
    briefing = root / BRIEFING
    text = briefing.read_text(encoding="utf-8")
    prose_line = text[:text.index("**Туркестанской** (61)")].count("\n") + 1
    briefing.write_text(text.replace("**Туркестанской** (61)", "**Приморской** (61)", 1), encoding="utf-8")
    with pytest.raises(UnknownPlaces) as caught:
        build(root)
    errors = caught.value.errors
    assert {(e.path, e.line, e.found.strip("*")) for e in errors} == {
        (f"data/sources/{ID1}.txt", 7, "Жамбылл"),
        *((f"data/sources/{ID1}.txt", line, UNLISTED.name_kk) for line in note.list_lines[3:]),
        (BRIEFING, prose_line, "Приморской"),
    }
    message = str(caught.value)
    assert message.count(f"data/sources/{ID1}.txt:") == 10 and message.count(f"{BRIEFING}:") == 1
    assert "data/reference/large_cities.csv" in message and "data/reference/name_aliases.csv" in message


def test_a_note_in_another_language_than_it_declares_is_refused_at_its_first_list_line(tmp_path):
    """A Russian note whose metadata says Kazakh (copied from the Kazakh note's), and a Kazakh one that says
    Russian, are refused at their first list, naming the metadata's language."""
    russian = russian_note(P1)
    russian.metadata = metadata(P1, "kk")
    kazakh = make_note(P1)
    kazakh.metadata = metadata(P1, "ru")
    for note, declared in ((russian, "Kazakh"), (kazakh, "Russian")):
        error = refusal(repository(tmp_path / declared, {ID1: note}))
        assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 5)
        assert f"this list is not in {declared}, the language its metadata declares" in error.expected


# --- A maintainer's own copy of the repository, with a new note committed ----------------------------------

DATA_TESTS = ("tests/test_docs.py", "tests/test_package.py", "tests/test_security_coverage.py",
              "tests/test_national_figures.py", "tests/test_sources.py", "tests/test_new_note.py")


@pytest.mark.skipif(bool(os.environ.get(IN_COPY)), reason="already running in the copy")
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_maintainer_s_copy_passes_its_own_data_tests(tmp_path, language):
    """Drop a realistic note (Kazakh or Russian) into a copy of the repository, run `make data`'s pipeline
    there, then the copy's own data tests: none assumes five documents, one quarter, the README's old
    counts or a Kazakh note."""
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns(".venv", "node_modules", "_site*", ".git", ".cache", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", "bench", "site")
    shutil.copytree(ROOT, copy, ignore=ignore)
    note = make_note(P1, "date", step=1) if language == "kk" else russian_note(P1, "date", step=1)
    note.write(copy / "data/sources", ID1)
    env = {**os.environ, IN_COPY: "1", "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=copy, env=env, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr
    assert f"| `sources` | {len(list((copy / 'data/sources').glob('*.txt')))} |" in \
        (copy / "README.md").read_text(encoding="utf-8")
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *DATA_TESTS],
                           cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert tests.returncode == 0, tests.stdout[-4000:]


def test_a_group_a_note_leaves_out_of_every_list_shows_in_its_stated_number_of_cities(tmp_path):
    note = make_note(P1, "hyphen")
    note.text = re.sub(r";\s*Жезқазған қ\. \([^()]*\) – \d+%", "", note.text)
    frames = build(repository(tmp_path, {ID1: note}))
    coverage = frames["security_coverage"].filter(pl.col("source_id") == ID1)
    assert coverage.height == 240 - 9 and "zhezkazgan" not in set(coverage["city_group"])
    stated = frames["national_figures"].filter((pl.col("source_id") == ID1) & (pl.col("measure") == "large_cities_total"))
    assert stated.height == 2 and (stated["flags"] == "differs_from_list_sum").all()
    issue = frames["quality_issues"].filter(pl.col("row_key") == stated["figure_id"][0]).row(0, named=True)
    assert "25" in issue["description_en"] and "24" in issue["description_en"]


def test_a_reference_row_added_twice_is_refused_at_its_line(tmp_path):
    group = NewGroup()
    root = repository(tmp_path, {ID2: make_note(P2, "date", step=2, new_group=group)})
    path = root / "data/reference/large_cities.csv"
    path.write_text(path.read_text(encoding="utf-8") + group.reference_row + "\n", encoding="utf-8")
    error = refusal(root)
    assert error.path.endswith("data/reference/large_cities.csv")
    assert error.line == len(path.read_text(encoding="utf-8").splitlines())
    assert "once" in error.expected


def test_a_metadata_date_the_checks_cannot_read_is_refused_at_its_line(tmp_path):
    note = make_note(P1, "number")
    note.metadata = note.metadata.replace(f'date: "{P1[:4]}"', f'date: "July {P1[:4]}"')
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.yml", 5)


def test_a_note_dated_before_its_quarter_s_last_month_is_refused_at_its_date(tmp_path):
    """A note reports its quarter at the quarter's end: one dated in the quarter's first month names the
    wrong quarter or the wrong date (often copied from another note)."""
    note = make_note(P1, "number")
    first_month = 3 * int(P1[-1]) - 2
    note.metadata = note.metadata.replace(f'date: "{P1[:4]}"', f'date: "{P1[:4]}-{first_month:02d}"')
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.yml", 5)
    assert f"the last month of the quarter the note reports ({P1})" in error.expected


# --- The next notes a maintainer drops in: a later year, a restated quarter, other spellings, a gap ------------


def test_a_note_restating_an_earlier_quarter_is_refused_quoting_both_periods(tmp_path):
    """A note that names a second quarter (the quarter before restated with another figure, in its prose)
    is refused at that line, quoting both statements of a period: the restated figure is neither read as
    the note's own, nor summed with, nor put in place of the earlier note's."""
    note = make_note(P1, "hyphen")
    restated = quarter_phrase(LATEST, "number")
    lines = note.text.split("\n")
    lines[2] = (lines[2].rstrip() + f" {restated} 5 990 білім беру ұйымдарында (1 370 балабақша, 4 360 мектеп, "
                "260 колледж) бейнебақылау жүйелері ЖБО-ға қосылған (жалпы санының 60%). ")
    note.text = "\n".join(lines)
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 3)
    assert "exactly one line opening a section" in error.expected
    assert f"line 3: '{quarter_phrase(P1, 'hyphen').replace('-', '–')}'" in error.found
    assert f"line 3: '{restated}'" in error.found


def test_a_note_stating_its_own_quarter_twice_is_read_as_that_quarter(aliases):
    """The note's quarter in its title as well as in its text ("2023 жылғы IV тоқсандағы жағдай бойынша
    ақпарат", then "2024 жылғы 1 қаңтардағы жағдай бойынша"): one quarter, read; only a second, different
    quarter is refused (above)."""
    note = make_note(P1, "date")
    lines = note.text.split("\n")
    lines[0] = f"{quarter_phrase(P1, 'roman')} ақпарат"
    text = "\n".join(lines)
    assert len([m for line in text.split("\n") for m in find_note_periods(fold(line))]) == 2
    doc = Document(ID1, f"data/sources/{ID1}.txt", decode_document(text.encode(), ID1), "x",
                   {"format": "security_note", "language": "kk", "periods": [P1], "date": P1[:4]})
    expected = extract_document(note_document(note, P1), NOTE_SPEC, aliases)
    assert [(row["measure"], row["value"], row["period"], row["source_line"]) for row in
            extract_document(doc, NOTE_SPEC, aliases)] == \
        [(row["measure"], row["value"], row["period"], row["source_line"]) for row in expected]
    assert set(extract_security_lists(doc, aliases)["period"]) == {P1}


def test_a_revised_note_of_a_published_quarter_is_not_read_in_its_place(tmp_path):
    """Two notes of one quarter: the refusal does not tell the maintainer to replace the published one,
    which would change published figures without a trace."""
    error = refusal(repository(tmp_path, {ID1: make_note(P1, "number", step=1), ID2: make_note(P1, "date", step=2)}))
    assert error.path == f"data/sources/{ID2}.yml"
    assert "replace the earlier file" not in error.expected and "does not replace a published one" in error.expected


# (0-based line, the place as note 004 prints it, another spelling of it, alias kind, code)
# Places of the generated note (its line index, the name as printed) and spellings a later note may give
# them, most likely first. A maintainer adds the alias rows of the spellings real notes print, so the test
# takes the first spelling the committed alias table does not know yet.
RESPELLINGS = ((4, "ШҚО", ("Шығыс Қазақстан", "Шығыс Қазақстан облысы", "Шығыс-Қазақстан обл.", "ШҚ облысы"),
                "region", "KZ-63"),
               (11, "Семей қ.", ("Семей қаласы", "Семей к.", "Семей шаһары", "Семей қ-сы"), "city_group", "semey"),
               (11, "Қонаев қ.", ("Қонаев (Қапшағай) қ.", "Қонаев қаласы", "Конаев қ.", "Қонаев шаһары"),
                "city_group", "konaev"))


def respelt() -> list[tuple[int, str, str, str, str]]:
    """(line index, name as printed, a spelling no alias row names, kind, code) for each place of
    RESPELLINGS that has one."""
    aliases = load_alias_table()
    out = []
    for index, printed, spellings, kind, code in RESPELLINGS:
        unknown = next((s for s in spellings if aliases.resolve(s, kind) is None), None)
        if unknown is not None:
            out.append((index, printed, unknown, kind, code))
    return out


RESPELT = respelt()


def test_a_known_place_spelled_another_way_is_one_alias_row_away(tmp_path):
    """Each new spelling is named at its line, as a known place's alias to add (not a new place); with the
    alias rows, the note's entries have the keys of the same places in the note before, and each is
    compared with it."""
    assert RESPELT, "every spelling of RESPELLINGS has its alias row: give the test spellings no row names"
    note = make_note(P1, "suffix")
    lines = note.text.split("\n")
    for index, printed, spelt, _, _ in RESPELT:
        assert f"{printed} (" in lines[index]
        lines[index] = lines[index].replace(f"{printed} (", f"{spelt} (", 1)
    note.text = "\n".join(lines)
    root = repository(tmp_path, {ID1: note})
    with pytest.raises(UnknownPlaces) as caught:
        build(root)
    assert {(e.path, e.line, e.found) for e in caught.value.errors} == \
        {(f"data/sources/{ID1}.txt", index + 1, spelt) for index, _, spelt, _, _ in RESPELT}
    assert all("a new spelling of a known place: its alias row" in e.expected for e in caught.value.errors)
    with (root / "data/reference/name_aliases.csv").open("a", encoding="utf-8") as handle:
        for _, _, spelt, kind, code in RESPELT:
            handle.write(f"{spelt},{kind},{code},exact,kk,another spelling in a later note\n")
    frames = build(root)
    coverage = frames["security_coverage"]

    def keys(period: str) -> set[tuple]:
        return {tuple(r[k] for k in COVERAGE_KEY[:-1])
                for r in coverage.filter(pl.col("period") == period).iter_rows(named=True)}

    # Each entry is a place of the note before (which may list more than note 004, the notes' template).
    assert len(keys(P1)) == len(note.entries) and keys(P1) <= keys(LATEST)
    progress = frames["progress"].filter((pl.col("comparison") == "since_previous") & (pl.col("period_to") == P1))
    for index, _, spelt, kind, code in RESPELT:
        row = coverage.filter((pl.col("source_id") == ID1) & (pl.col("source_line") == index + 1)
                              & (pl.col("name_as_published") == spelt)).row(0, named=True)
        assert row["region_code" if kind == "region" else "city_group"] == code
        compared = progress.filter((pl.col("measure") == row["measure"]) & (pl.col("org_type") == row["org_type"])
                                   & (pl.col("region_code") == row["region_code"])
                                   & (pl.col("city_group") == row["city_group"]))
        assert compared["period_from"].to_list() == [LATEST], spelt


def test_a_region_left_out_of_a_list_is_refused_at_its_line_naming_it(tmp_path):
    note = make_note(P1, "word")
    lines = note.text.split("\n")
    lines[6] = re.sub(r" Жамбыл \([^()]*\) – \d+%;", "", lines[6])
    note.text = "\n".join(lines)
    error = refusal(repository(tmp_path, {ID1: note}))
    assert (error.path, error.line) == (f"data/sources/{ID1}.txt", 7)
    assert "20 entries in the school list" in error.expected and error.found == "19 entries; missing Жамбыл"


def test_a_note_after_a_gap_of_quarters_is_compared_with_the_last_note_before_it(tmp_path):
    """A note a year and a half after the last one (no note between): each place of its lists is compared
    with the last quarter that listed it, and its quarter is the latest, apart from every other."""
    later = next_quarter(LATEST, 6)
    note = make_note(later, "roman", step=3)
    frames = build(repository(tmp_path, {ID1: note}))
    coverage = frames["security_coverage"]
    assert set(coverage.filter(pl.col("source_id") == ID1)["period"]) == {later}
    # Every entry of the note (note 004's places: the latest note may list more) is a row of its quarter.
    assert coverage.filter(pl.col("period") == later).height == len(note.entries)
    lists = frames["progress"].filter((pl.col("comparison") == "since_previous") & (pl.col("period_to") == later)
                                      & (pl.col("area_type") != ""))
    assert lists.height == coverage.filter(pl.col("period") == later).height
    assert set(lists["period_from"]) == {LATEST}


def test_a_percent_printed_after_a_space_is_read_in_the_statements_as_in_the_lists(aliases):
    """"(жалпы санының 71,8 %)", "– 83 % немесе 2 176 нысан": the same figures as without the space, in the
    prose statements as in the lists (whose entries "– 96,7 %" were read either way)."""
    note = make_note(P1, "number")
    spaced = re.sub(r"(\d)%", r"\1 %", note.text)
    assert spaced != note.text and not re.search(r"\d%", spaced)

    def document(text: str) -> Document:
        return Document(ID1, f"data/sources/{ID1}.txt", decode_document(text.encode(), ID1), "x",
                        {"format": "security_note", "language": "kk", "periods": [P1], "date": P1[:4]})

    def values(rows: list[dict]) -> list[tuple]:
        return [(row["measure"], row["org_type"], row["scope"], row["unit"], row["value"], row["source_line"])
                for row in rows]

    assert values(extract_document(document(spaced), NOTE_SPEC, aliases)) == \
        values(extract_document(document(note.text), NOTE_SPEC, aliases))
    assert extract_security_lists(document(spaced), aliases).select(LIST_KEY[:-2]).equals(
        extract_security_lists(document(note.text), aliases).select(LIST_KEY[:-2]))


@pytest.mark.parametrize(("phrase", "date", "quarter"), [
    ("IV тоқсандағы жағдай бойынша", "2024-01", "2023-Q4"),  # dated in the new year: the old year's Q4
    ("4-ші тоқсандағы жағдай бойынша", "2024-01", "2023-Q4"),
    ("ағымдағы жылғы IV тоқсандағы жағдай бойынша", "2024-01", "2023-Q4"),
    ("ІІІ тоқсандағы жағдай бойынша", "2023-10", "2023-Q3"),
    ("3-тоқсандағы жағдай бойынша", "2023", "2023-Q3"),
    ("үшінші тоқсандағы жағдай бойынша", "2023-12", "2023-Q3"),
    ("за IV квартал", "2024-01", "2023-Q4"),
    ("за 4 квартал текущего года", "2024-02", "2023-Q4"),
    ("по итогам четвёртого квартала", "2024-01", "2023-Q4"),
    ("за I квартал", "2024-04", "2024-Q1"),
    ("по состоянию на 1 января т.г.", "2024-01", "2023-Q4"),  # a date without its year: the date's year
])
def test_a_quarter_without_its_year_is_the_last_one_begun_by_the_note_s_date(phrase, date, quarter):
    """A note that leaves the year to its date ("IV тоқсандағы", "за IV квартал") reports the last quarter of
    that number to have begun by then: a note on Q4 is dated in January of the next year."""
    year, month = int(date[:4]), int(date[5:]) if len(date) > 4 else None
    assert read_note_period(fold(phrase), year, month) == quarter
    found = find_note_periods(fold(f"Ақпарат. {phrase} 5 990 білім беру ұйымдарында"))
    assert [quarter_of(match, year, month) for match in found] == [quarter]


@pytest.mark.parametrize("phrase", ["IV тоқсандағы жағдай бойынша", "ағымдағы жылғы 4-тоқсандағы жағдай бойынша"])
def test_a_fourth_quarter_note_without_its_year_dated_in_the_new_year_is_read_by_both_parsers(phrase, aliases):
    """A Q4 note dated January of the next year (as step 4 of CONTRIBUTING.md asks) whose phrase names no year."""
    fourth = next(p for p in (next_quarter(LATEST, step) for step in range(1, 5)) if p.endswith("Q4"))
    year = int(fourth[:4])
    note = make_note(fourth, "number")
    text = note.text.replace(quarter_phrase(fourth, "number"), phrase)
    assert phrase in text
    doc = Document(ID1, f"data/sources/{ID1}.txt", decode_document(text.encode(), ID1), "x",
                   {"format": "security_note", "language": "kk", "periods": [fourth], "date": f"{year + 1}-01"})
    assert set(extract_security_lists(doc, aliases)["period"]) == {fourth}
    assert {row["period"] for row in extract_document(doc, NOTE_SPEC, aliases)} == {fourth}


@pytest.mark.parametrize("style", ["date", "numeric_date"])
def test_a_fourth_quarter_note_as_of_the_new_year_reports_the_old_year(tmp_path, style):
    """A note on Q4 holds its figures "as of 1 January" of the next year and is dated then: its rows are
    the old year's Q4, compared with the quarter before, and the next year's first note follows it."""
    fourth = next(p for p in (next_quarter(LATEST, step) for step in range(1, 5)) if p.endswith("Q4"))
    year = int(fourth[:4])
    note = make_note(fourth, style, step=2)
    assert f"{year + 1}" in quarter_phrase(fourth, style) and f"{year}" not in quarter_phrase(fourth, style)
    note.metadata = note.metadata.replace(f'date: "{year}"', f'date: "{year + 1}-01"')
    first = make_note(f"{year + 1}-Q1", "word", step=3)
    first.metadata = first.metadata.replace(f'date: "{year + 1}"', f'date: "{year + 1}-04"')
    frames = build(repository(tmp_path, {ID1: note, ID2: first}))
    coverage = frames["security_coverage"]
    assert set(coverage.filter(pl.col("source_id") == ID1)["period"]) == {fourth}
    lists = frames["progress"].filter((pl.col("comparison") == "since_previous") & (pl.col("area_type") != ""))
    assert set(lists.filter(pl.col("period_to") == f"{year + 1}-Q1")["period_from"]) == {fourth}
    # The series of the notes' own statements (another document may state a figure of that quarter too).
    stated = frames["progress"].filter((pl.col("comparison") == "since_previous") & (pl.col("source_id") == ID2)
                                       & (pl.col("period_to") == f"{year + 1}-Q1") & (pl.col("area_type") == ""))
    assert stated.height and set(stated["period_from"]) == {fourth}


# --- A note in Russian is read as the Kazakh note of its quarter ---------------------------------------------


def russian_document(note: Note, declared: str | None = None) -> Document:
    """A generated Russian note as a document (its metadata: Russian, the quarter `declared` or its own)."""
    return Document(ID1, f"data/sources/{ID1}.txt", decode_document(note.text.encode(), ID1), "x",
                    {"format": "security_note", "language": "ru", "periods": [declared or note.period],
                     "date": note.period[:4]})


LIST_KEY = ("measure", "area_type", "place", "org_type", "period", "count_as_published", "total_as_published",
            "percent_as_published", "source_line")


@pytest.mark.parametrize(("phrase", "quarter"), [
    ("по состоянию на 1 июля 2023 года", "2023-Q2"),
    ("По состоянию на 01.10.2023", "2023-Q3"),
    ("по состоянию на 1 января 2024 года", "2023-Q4"),  # as of 1 January: the year before's Q4
    ("по состоянию на 1 апреля т.г.", "2023-Q1"),
    ("за II квартал 2023 года", "2023-Q2"),
    ("II квартал 2023 года", "2023-Q2"),
    ("за 2 квартал", "2023-Q2"),
    ("за 3 квартал 2023 г.", "2023-Q3"),
    ("во 2-м квартале 2023 года", "2023-Q2"),
    ("по итогам четвёртого квартала 2023 года", "2023-Q4"),
    ("за ІІІ квартал текущего года", "2023-Q3"),  # Cyrillic І, as the Kazakh notes may type it
])
def test_every_russian_form_of_the_period_is_read(phrase, quarter):
    """The Russian forms of a note's quarter (the year of its date where it names none); a date that is
    not the note's period ("приказ от 30 марта 2022 года") is none of them."""
    found = find_note_periods(fold(f"Информация. {phrase} к ЦОУ подключены"))
    assert [quarter_of(match, 2023) for match in found] == [quarter]
    assert read_note_period(fold(phrase), 2023) == quarter
    assert not find_note_periods(fold("(приказ от 30 марта 2022 года № 117) в 2020 г. по сравнению с 12 кварталами"))


@pytest.mark.parametrize("style", RU_STYLES)
def test_a_russian_note_is_read_as_the_kazakh_note_of_its_quarter(style, aliases):
    """Each form of a Russian note's period, and every entry and statement of the note: the rows the Kazakh
    note of the same quarter and figures gives, line for line, each quoting the Russian text of its line."""
    russian, kazakh = russian_note(P1, style, step=2), make_note(P1, "number", step=2)
    assert ru_quarter_phrase(P1, style) in russian.text
    doc = russian_document(russian)
    lists = extract_security_lists(doc, aliases)
    assert lists.select(LIST_KEY).equals(extract_security_lists(note_document(kazakh, P1), aliases).select(LIST_KEY))
    assert set(lists["period"]) == {P1}
    for row in lists.iter_rows(named=True):
        assert row["source_text"] in doc.line(row["source_line"])
        assert row["source_text"].startswith(row["name_as_published"])
    assert {(row["source_line"], row["name_as_published"]) for row in lists.iter_rows(named=True)} == \
        set(russian.entries)
    figures = extract_document(doc, ru_spec(), aliases)
    expected = extract_document(note_document(kazakh, P1), NOTE_SPEC, aliases)
    quoted = ("source_text", "value_as_published")
    assert [{k: v for k, v in row.items() if k not in quoted} for row in figures] == \
        [{k: v for k, v in row.items() if k not in quoted} for row in expected]
    for row in figures:
        assert row["source_text"] in doc.line(row["source_line"]) and row["value_as_published"] in row["source_text"]
        assert not re.search("[әғқңөұүһі]", row["source_text"]), row["source_text"]  # Russian, not Kazakh


def test_a_russian_note_reads_russian_numbers_and_entries(aliases):
    """Decimal commas ("60,4%"), thousands apart ("5 990"), an entry naming its kind after its total
    ("(8 из 96 детских садов)") and a group of two cities each with "г."."""
    note = russian_note(P1, "quarter")
    lines = note.text.split("\n")
    lines[2] = re.sub(r"\((\d+)% от общего числа\)", r"(\1,4% от общего числа)", lines[2])
    lines[25] = re.sub(r"г\. Астана \(\d+(?: из \d+)?\) – \d+%", "г. Астана (8 из 96 детских садов) – 8%", lines[25])
    lines[11] = lines[11].replace("гг. Атырау и Кульсары (", "г. Атырау и г. Кульсары (")
    note.text = "\n".join(lines)
    doc = russian_document(note)
    share = next(row for row in extract_document(doc, ru_spec(), aliases)
                 if row["measure"] == "cctv_police_link" and row["unit"] == "percent")
    assert share["value"] == float(share["value_as_published"].replace(",", ".")) and \
        share["value_as_published"].endswith(",4")
    rows = {(r["source_line"], r["place"]): r for r in extract_security_lists(doc, aliases).iter_rows(named=True)}
    astana = rows[(26, "astana")]
    assert (astana["count_as_published"], astana["total_as_published"], astana["name_as_published"]) == \
        (8, 96, "г. Астана")
    assert rows[(12, "atyrau-kulsary")]["name_as_published"] == "г. Атырау и г. Кульсары"


@pytest.fixture(scope="module")
def built_ru(tmp_path_factory) -> Built:
    """Two Russian notes after the Kazakh ones committed (the second with a new large-city group and an entry
    printed the wrong way round, with its correction), then a Kazakh note again."""
    notes = {
        ID1: russian_note(P1, "date", step=1),
        ID2: russian_note(P2, "roman", step=2, new_group=NewGroup(), swap=(9, "Ұлытау", "KZ-62"), source_id=ID2),
        ID3: make_note(P3, "word", step=3, new_group=NewGroup(), list_sum_off=5),
    }
    root = repository(tmp_path_factory.mktemp("russian"), notes)
    return Built(root, notes, build(root))


def test_every_entry_of_a_russian_note_is_published_as_printed_in_russian(built_ru):
    coverage = built_ru.frames["security_coverage"]
    for source_id, note in built_ru.notes.items():
        rows = coverage.filter(pl.col("source_id") == source_id)
        assert set(rows["period"]) == {note.period}
        by_entry = {(row["source_line"], row["name_as_published"]): row for row in rows.iter_rows(named=True)}
        assert set(by_entry) == set(note.entries)
        text = note.text.split("\n")
        for entry, (count_printed, total_printed, count, total) in note.entries.items():
            row = by_entry[entry]
            assert (row["count_as_published"], row["total_as_published"], row["count"], row["total"]) == \
                (count_printed, total_printed, count, total), entry
            assert row["source_text"] in text[row["source_line"] - 1]
    # The same places as the Kazakh template's, under the same keys: the Russian names resolve to them.
    template = {(r["source_line"], tuple(r[k] for k in COVERAGE_KEY[:-1]))
                for r in coverage.filter(pl.col("source_id") == "004_08b2a54d8bb8e082").iter_rows(named=True)}
    assert {(r["source_line"], tuple(r[k] for k in COVERAGE_KEY[:-1]))
            for r in coverage.filter(pl.col("source_id") == ID1).iter_rows(named=True)} == template
    counts = dict(coverage.group_by("period").len().iter_rows())
    assert (counts[P1], counts[P2], counts[P3]) == (240, 249, 249)
    first = coverage.filter((pl.col("source_id") == ID1) & (pl.col("source_line") == 5)
                            & (pl.col("region_code") == "KZ-11")).row(0, named=True)
    assert first["name_as_published"] == "Акмолинская" and re.fullmatch(r"Акмолинская \(\d+ из 122\) – \d+%",
                                                                         first["source_text"])


def test_the_figures_of_a_russian_note_quote_its_russian_lines(built_ru):
    figures = built_ru.frames["national_figures"]
    kazakh = figures.filter(pl.col("source_id") == ID3)
    for source_id in (ID1, ID2):
        rows = figures.filter(pl.col("source_id") == source_id)
        # The statements of a Kazakh note: the same measures and wording, one figure each.
        assert sorted(zip(rows["measure"], rows["org_type"], rows["scope"], rows["unit"], rows["statement_en"],
                          rows["statement_ru"], strict=True)) == \
            sorted(zip(kazakh["measure"], kazakh["org_type"], kazakh["scope"], kazakh["unit"], kazakh["statement_en"],
                       kazakh["statement_ru"], strict=True))
        text = built_ru.notes[source_id].text.split("\n")
        for row in rows.iter_rows(named=True):
            assert row["source_text"] in text[row["source_line"] - 1]
            assert not re.search("[әғқңөұүһі]", row["source_text"]), row["source_text"]
    threshold = figures.filter((pl.col("source_id") == ID1)
                               & (pl.col("measure") == "large_city_population_threshold")).row(0, named=True)
    assert (threshold["value"], threshold["qualifier"], threshold["source_text"]) == \
        (100_000, "more_than", "более 100 тысяч человек")
    linked = figures.filter((pl.col("source_id") == ID1) & (pl.col("measure") == "cctv_police_link")
                            & (pl.col("unit") == "count") & (pl.col("org_type") == "all")).row(0, named=True)
    assert linked["source_text"].endswith("организаций образования") and linked["source_line"] == 3


def test_a_russian_note_is_compared_with_the_kazakh_note_before_it(built_ru):
    """Each series of the first Russian note is compared with the committed Kazakh note's, the second's with
    the first, and the Kazakh note after them with the second Russian one."""
    assert_compared_with_previous(built_ru)


def test_russian_and_kazakh_notes_are_no_contradictions_and_their_issues_are_found(built_ru):
    issues = built_ru.frames["quality_issues"]
    between = contradictions_between_notes(built_ru)
    assert between.height == 0, between["issue_id"].to_list()
    row = built_ru.frames["security_coverage"].filter(
        (pl.col("source_id") == ID2) & (pl.col("measure") == "cctv_police_link") & (pl.col("org_type") == "college")
        & (pl.col("region_code") == "KZ-62")).row(0, named=True)
    printed_count, printed_total, count, total = built_ru.notes[ID2].entries[(9, "Ұлытау")]
    assert (row["count_as_published"], row["total_as_published"], row["count"], row["total"]) == \
        (printed_count, printed_total, count, total)
    assert row["flags"] == "corrected;count_exceeds_total" and row["correction_id"] == f"swap-{ID2[:3]}-l009-test"
    satbayev = built_ru.frames["security_coverage"].filter((pl.col("city_group") == "satbayev")
                                                           & (pl.col("source_id") == ID2))
    assert satbayev.height == 9 and set(satbayev["name_as_published"]) == {NewGroup().name_ru}
    changed = issues.filter(pl.col("kind") == "large_cities_changed")
    assert changed.height and all("25" in text and "26" in text for text in changed["description_en"])


def test_the_package_with_russian_notes_validates(built_ru, tmp_path):
    files = render_package(built_ru.frames)
    for relative, data in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes(data)
    validate_package(tmp_path)


def _cut_region(line: str, name: str) -> str:
    return re.sub(rf" {re.escape(name)} \([^()]*\) – \d+%;", "", line)


# (what is damaged, the Kazakh note's damage, the Russian note's, the line, words of what is expected)
DAMAGES = (
    ("the previous quarter's phrase",
     lambda t: t.replace(quarter_phrase(P1, "number"), quarter_phrase(LATEST, "number")),
     lambda t: t.replace(ru_quarter_phrase(P1, "quarter"), ru_quarter_phrase(LATEST, "quarter")),
     3, "the quarter the metadata declares"),
    ("an impossible quarter",
     lambda t: t.replace(quarter_phrase(P1, "number"), f"{P1[:4]} жылғы 5 тоқсандағы жағдай бойынша"),
     lambda t: t.replace(ru_quarter_phrase(P1, "quarter"), f"За 5 квартал {P1[:4]} года"),
     3, "the note's quarter, such as"),
    ("a region left out of a list",
     lambda t: "\n".join(_cut_region(line, "Жамбыл") if n == 6 else line for n, line in enumerate(t.split("\n"))),
     lambda t: "\n".join(_cut_region(line, "Жамбылская") if n == 6 else line for n, line in enumerate(t.split("\n"))),
     7, "20 entries in the school list of cctv_police_link"),
    ("an entry without its count",
     lambda t: re.sub(r"Ақмола \(\d+–?-?ден \d+\)", "Ақмола (122-ден)", t, count=1),
     lambda t: re.sub(r"Акмолинская \(\d+ из \d+\)", "Акмолинская (из 122)", t, count=1),
     5, "an entry like"),
    ("a list without its heading",
     lambda t: "\n".join("" if n == 5 else line for n, line in enumerate(t.split("\n"))),
     lambda t: "\n".join("" if n == 5 else line for n, line in enumerate(t.split("\n"))),
     7, "an organisation-type heading"),
    ("a total its statement cannot read",
     lambda t: t.replace("9 986 білім беру", "9 9866 білім беру", 1),
     lambda t: t.replace("9 986 организаций", "9 9866 организаций", 1),
     3, "expected 1 match"),
)


@pytest.mark.parametrize("damage", DAMAGES, ids=[d[0] for d in DAMAGES])
def test_a_damaged_russian_note_is_refused_as_the_kazakh_note(tmp_path, damage):
    """The same damage in the Kazakh and in the Russian note: refused at the same file and line, saying what
    was expected there (in the Russian note's terms, quoting its line)."""
    _, damage_kk, damage_ru, line, expected = damage
    errors = {}
    for language, note, damaged in (("kk", make_note(P1, "number"), damage_kk),
                                     ("ru", russian_note(P1, "quarter"), damage_ru)):
        text = damaged(note.text)
        assert text != note.text, language
        note.text = text
        errors[language] = refusal(repository(tmp_path / language, {ID1: note}))
    for language, error in errors.items():
        assert (error.path, error.line) == (f"data/sources/{ID1}.txt", line), (language, str(error))
        assert expected in str(error), (language, str(error))
    if "cannot read" in damage[0]:
        assert "security_note.ru.spec.yml" in str(errors["ru"]) and "security_note.spec.yml" in str(errors["kk"])
    if "left out" in damage[0]:
        assert errors["ru"].found == "19 entries; missing Жамбылская"


def test_an_unknown_russian_place_is_reported_with_the_others(tmp_path):
    """A Russian place name no alias row or reference name gives is reported at its line, as a Kazakh one."""
    note = russian_note(P1, "results")
    lines = note.text.split("\n")
    lines[6] = lines[6].replace("Жамбылская (", "Приморская (", 1)
    lines[13] = lines[13].replace("г. Тараз (", "г. Таразз (", 1)
    note.text = "\n".join(lines)
    with pytest.raises(UnknownPlaces) as caught:
        build(repository(tmp_path, {ID1: note}))
    assert {(e.path, e.line, e.found) for e in caught.value.errors} == {
        (f"data/sources/{ID1}.txt", 7, "Приморская"), (f"data/sources/{ID1}.txt", 14, "г. Таразз")}
    assert all("data/reference/name_aliases.csv" in e.expected for e in caught.value.errors)
