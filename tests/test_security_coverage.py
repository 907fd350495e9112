"""The twelve coverage lists of note 004 (its rows, by document and period): exact values, corrections, flags,
and refusal of bad input."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from pipelines.errors import SourceFormatError
from pipelines.extract.security_lists import LIST_WORDS, extract_security_lists, parse_entry
from pipelines.normalise.corrections import load_corrections
from pipelines.normalise.security_coverage import clean_security_coverage, percent_one_decimal
from tests.conftest import NOTE_ID, damaged, read_published, without_line


@pytest.fixture(scope="module")
def raw(note, aliases) -> pl.DataFrame:
    return extract_security_lists(note, aliases)


@pytest.fixture(scope="module")
def published() -> dict[tuple[str, str, str, str], dict[str, str]]:
    """The published rows of note 004 (its quarter, 2023-Q1), keyed by place: later notes have their own."""
    rows = [r for r in read_published("security_coverage") if r["source_id"] == NOTE_ID]
    assert {r["period"] for r in rows} == {"2023-Q1"}
    keyed = {(r["measure"], r["area_type"], r["org_type"], r["region_code"]): r for r in rows}
    assert len(keyed) == len(rows) == 240
    return keyed


def test_twelve_lists_of_twenty(raw):
    assert raw.height == 240
    counts = raw.group_by("measure", "area_type", "org_type").len()
    assert counts.height == 12
    assert set(counts["len"]) == {20}
    assert set(raw.filter(pl.col("measure") == "cctv_police_link")["area_type"]) == {"region"}
    assert set(raw.filter(pl.col("measure") != "cctv_police_link")["area_type"]) == {"city"}
    assert set(raw["period"]) == {"2023-Q1"}


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Астана қ. (96 балабақша) – 100%", ("Астана қ.", 96, 96, "100")),
        ("Ақмола (122-ден 114) – 93%", ("Ақмола", 114, 122, "93")),
        ("Алматы (101- ден 6) – 6%", ("Алматы", 6, 101, "6")),
        ("Атырау (150–ден 17) – 11%", ("Атырау", 17, 150, "11")),
        ("Жамбыл (445-тен 143) –32%", ("Жамбыл", 143, 445, "32")),
        ("Қонаев қ. (3- тен 2-і) – 67%", ("Қонаев қ.", 2, 3, "67")),
        ("Алматы қ. (214 – тен 100) – 47%", ("Алматы қ.", 100, 214, "47")),
        ("Астана қ. (96 балабақшаның 8) – 8%", ("Астана қ.", 8, 96, "8")),
        ("Семей қ. (14-тен 10) - 71%", ("Семей қ.", 10, 14, "71")),
        # The genitive of the total with the count's possessive ending.
        ("Алматы қ. (214-тің 204-і) – 95%", ("Алматы қ.", 204, 214, "95")),
        ("Ақтөбе (400-дің 361-і) – 90%", ("Ақтөбе", 361, 400, "90")),
        ("Қызылорда (160-тың 102-сі) – 64%", ("Қызылорда", 102, 160, "64")),
        ("Астана қ. (96 балабақшаның 8-і) – 8%", ("Астана қ.", 8, 96, "8")),
        # Thousands apart by a space, a no-break space or a narrow one.
        ("Түркістан (1 024-тен 736) – 72%", ("Түркістан", 736, 1024, "72")),
        ("Түркістан (1\u00a0024-тен 1\u202f001) – 98%", ("Түркістан", 1001, 1024, "98")),
        ("Алматы қ. (1 096 мектеп) – 100%", ("Алматы қ.", 1096, 1096, "100")),
        # A former name in brackets belongs to the name; the figures are the last brackets.
        ("Қонаев (Қапшағай) қ. (7-ден 3) – 43%", ("Қонаев (Қапшағай) қ.", 3, 7, "43")),
    ],
)
def test_entry_forms(entry, expected):
    assert parse_entry(entry) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        # A Russian note's entries: the count "из" the total, or one number (with its kind or without).
        ("Акмолинская (114 из 122) – 93%", ("Акмолинская", 114, 122, "93")),
        ("г. Астана (96 детских садов) – 100%", ("г. Астана", 96, 96, "100")),
        ("г. Алматы (193) – 100%", ("г. Алматы", 193, 193, "100")),
        ("г. Астана (8 из 96 детских садов) – 8%", ("г. Астана", 8, 96, "8")),
        ("Туркестанская (1 001 из 1\u00a0024 школ) – 97,8%", ("Туркестанская", 1001, 1024, "97,8")),
        ("гг. Атырау и Кульсары (3 колледжа) – 100%", ("гг. Атырау и Кульсары", 3, 3, "100")),
        # The name as printed: its hyphen is not folded into a dash.
        ("г. Усть-Каменогорск (25 из 37) – 68%", ("г. Усть-Каменогорск", 25, 37, "68")),
        ("Западно-Казахстанская (91 из 373) – 24%", ("Западно-Казахстанская", 91, 373, "24")),
    ],
)
def test_russian_entry_forms(entry, expected):
    assert parse_entry(entry, LIST_WORDS["ru"]) == expected


@pytest.mark.parametrize("entry", ["Акмолинская (122-ден 114) – 93%", "г. Алматы (260) – 0%", "Абай (из 49) – 43%"])
def test_a_russian_list_reads_no_kazakh_entry_nor_a_run_together_number(entry):
    with pytest.raises(ValueError, match=r"Карагандинская|детских садов"):
        parse_entry(entry, LIST_WORDS["ru"])


def test_exact_values_as_published(published):
    west = published[("cctv_police_link", "region", "school", "KZ-27")]
    assert (west["count"], west["total"], west["percent_as_published"], west["percent"]) == ("91", "373", "24", "24.4")
    astana_turnstile = published[("turnstile", "city", "kindergarten", "KZ-71")]
    assert (astana_turnstile["count"], astana_turnstile["total"], astana_turnstile["percent"]) == ("8", "96", "8.3")
    assert astana_turnstile["city_group"] == "astana"
    semey = published[("licensed_security", "city", "kindergarten", "KZ-10")]
    assert (semey["city_group"], semey["count"], semey["total"], semey["percent_as_published"]) == ("semey", "10", "14", "71")
    turkestan = published[("cctv_police_link", "region", "kindergarten", "KZ-61")]
    assert (turkestan["count"], turkestan["total"], turkestan["percent"]) == ("0", "265", "0")
    zhezkazgan = published[("licensed_security", "city", "school", "KZ-62")]
    assert (zhezkazgan["city_group"], zhezkazgan["count"], zhezkazgan["total"]) == ("zhezkazgan", "2", "22")


def test_bare_almaty_is_the_region_and_almaty_city_is_kz75(published):
    assert published[("cctv_police_link", "region", "kindergarten", "KZ-19")]["name_as_published"] == "Алматы"
    assert published[("cctv_police_link", "region", "kindergarten", "KZ-75")]["name_as_published"] == "Алматы қ."


def test_swapped_rows_are_corrected_and_keep_their_flags(published):
    almaty = published[("cctv_police_link", "region", "school", "KZ-19")]
    assert (almaty["count_as_published"], almaty["total_as_published"]) == ("425", "152")
    assert (almaty["count"], almaty["total"], almaty["percent"]) == ("152", "425", "35.8")
    assert almaty["flags"] == "corrected;count_exceeds_total"
    assert almaty["correction_id"] == "swap-004-l007-kz19-school"
    karaganda = published[("cctv_police_link", "region", "kindergarten", "KZ-35")]
    assert (karaganda["count"], karaganda["total"], karaganda["percent"]) == ("105", "134", "78.4")


def test_contradictions_are_flagged(published):
    zhezkazgan = published[("alarm_button", "city", "school", "KZ-62")]
    assert zhezkazgan["flags"] == "percent_mismatch"
    assert (zhezkazgan["percent_as_published"], zhezkazgan["percent"]) == ("100", "77.3")
    almaty = published[("turnstile", "city", "kindergarten", "KZ-75")]
    assert almaty["flags"] == "corrected;total_differs_between_lists"
    assert (almaty["total_as_published"], almaty["total"]) == ("191", "193")
    flagged = {key for key, row in published.items() if row["flags"]}
    assert len(flagged) == 7


def test_list_sums_after_corrections_match_the_totals_the_note_states(note, aliases, reference):
    """Line 3 of the note states 1 366 / 4 360 / 259 connected out of 2 657 / 6 936 / 393."""
    corrections = [c for c in load_corrections() if c.source_id == note.source_id]
    frame = clean_security_coverage(extract_security_lists(note, aliases), reference[1], corrections)
    sums = {
        (r["measure"], r["org_type"]): (r["count"], r["total"])
        for r in frame.group_by("measure", "org_type").agg(pl.col("count").sum(), pl.col("total").sum())
        .iter_rows(named=True)
    }
    assert sums[("cctv_police_link", "kindergarten")] == (1366, 2657)
    assert sums[("cctv_police_link", "school")] == (4360, 6936)
    assert sums[("cctv_police_link", "college")] == (259, 393)
    assert sums[("licensed_security", "school")] == (1191, 1407)
    assert sums[("alarm_button", "college")] == (184, 204)
    # The note states 169 colleges with turnstiles; its own list adds up to 180 (flagged elsewhere).
    assert sums[("turnstile", "college")] == (180, 204)


def wrapped(doc, line: int, before: str):
    """A copy of `doc` with line `line` broken into two lines before `before`, as a converter that wraps
    long paragraphs would print it."""
    lines = list(doc.lines)
    assert before in lines[line - 1], f"{before!r} not on line {line}"
    head, _, tail = lines[line - 1].partition(before)
    lines[line - 1:line] = [head.rstrip(" "), before + tail]
    return replace(doc, lines=tuple(lines), sha256="wrapped")


def test_a_list_wrapped_between_entries_reads_the_same(note, aliases, raw):
    """The school list of the first measure (line 7) broken after an entry's ';', and a large-city list
    broken twice: the same entries, each quoted from the line it is now printed on."""
    broken = wrapped(wrapped(wrapped(note, 7, "Жамбыл (445-тен 143)"), 15, "Жезқазған қ."), 15, "Тараз қ.")
    again = extract_security_lists(broken, aliases)
    assert again.drop("source_line").equals(raw.drop("source_line"))
    moved = again.join(raw, on=["measure", "area_type", "place", "org_type"], suffix="_before")
    assert moved.filter(pl.col("source_line") != pl.col("source_line_before")).height > 20
    for row in again.iter_rows(named=True):
        assert row["source_text"] in broken.line(row["source_line"])
    jambyl = again.filter((pl.col("name_as_published") == "Жамбыл") & (pl.col("org_type") == "school"))
    assert jambyl["source_line"].to_list() == [8]  # the first entry of the list's second line


def test_an_entry_cut_by_a_line_break_stops_at_its_line(note, aliases):
    broken = wrapped(note, 7, "143) –32%")
    with pytest.raises(SourceFormatError, match=r"004_08b2a54d8bb8e082\.txt:7: expected every entry of a list on "
                                                r"one line; this line ends inside an entry"):
        extract_security_lists(broken, aliases)


def test_text_after_a_list_s_last_entry_stops_at_that_entry_as_printed(note, aliases):
    """A remark after the list's last entry ("… – 65%. Ескерту: …") is refused at that entry, quoted: not
    taken for an entry cut by a line break (the advice to convert the document again did not apply)."""
    broken = damaged(note, 5, "Ұлытау (49-дан 32) – 65%.", "Ұлытау (49-дан 32) – 65%. Ескерту: деректер "
                                                         "жергілікті атқарушы органдардан алынды.")
    with pytest.raises(SourceFormatError) as error:
        extract_security_lists(broken, aliases)
    assert error.value.line == 5 and "an entry like" in error.value.expected
    assert "Ескерту" in error.value.found and "ends inside an entry" not in error.value.expected


@pytest.mark.parametrize(("line", "printed", "written"), [
    (5, "Ақмола (122-ден 114)", "Ақмола облысы (122-ден 114)"),
    (5, "ШҚО (114)", "Шығыс Қазақстан облысы (114)"),
    (7, "ШҚО (342)", "Шығыс Қазақстан (342)"),
    (7, "СҚО (461-ден 293)", "Солтүстік Қазақстан обл. (461-ден 293)"),
    (5, "Астана қ. (96 балабақша)", "Астана қаласы (96 балабақша)"),
    (12, "Семей қ. (14-тен 10)", "Семей қаласы (14-тен 10)"),
    (12, "Атырау және Құлсары ққ. (61-ден 14)", "Атырау және Құлсары қалалары (61-ден 14)"),
    (12, "Қарағанды және Теміртау ққ. (64-тен 2)", "Қарағанды қ. және Теміртау қ. (64-тен 2)"),
])
def test_a_place_by_its_kazakh_name_in_the_reference_tables_is_read(note, aliases, raw, line, printed, written):
    """A Kazakh list naming a place as the reference tables do ("Ақмола облысы", "Шығыс Қазақстан облысы",
    "Семей қаласы"), by rule as a Russian list's "Акмолинская область": no alias row needed."""
    again = extract_security_lists(damaged(note, line, printed, written), aliases)
    key = ["measure", "area_type", "place", "org_type", "count_as_published", "total_as_published"]
    assert again.select(key).equals(raw.select(key))
    assert written.split(" (")[0] in again["name_as_published"].to_list()


@pytest.mark.parametrize(("first", "last", "at"), [(5, 7, 5), (4, 7, 4)])
def test_two_lists_run_together_on_one_line_stop_at_that_line(note, aliases, first, last, at):
    """The kindergarten list and the school list's heading and entries on one line (lines 5 to 7 of note 004
    joined, with the kindergarten heading too from line 4): refused at that line, naming the second heading.
    The second list's entries were read as the first list's (its places "again"), or the first list's entries
    before the heading skipped."""
    lines = list(note.lines)
    lines[first - 1:last] = [" ".join(line.strip() for line in lines[first - 1:last])]
    joined = replace(note, lines=tuple(lines), sha256="joined")
    with pytest.raises(SourceFormatError) as error:
        extract_security_lists(joined, aliases)
    assert error.value.line == at and "one list on a line" in error.value.expected
    assert "орта білім беру ұйымдары:" in error.value.found


def test_every_source_text_is_on_its_line(note, raw):
    for row in raw.iter_rows(named=True):
        assert row["source_text"] in note.line(row["source_line"])


def test_percent_rounds_half_up():
    assert percent_one_decimal(1, 8) == 12.5
    assert percent_one_decimal(1, 16) == 6.3  # 6.25 rounds up, not to even
    assert percent_one_decimal(0, 0) is None


def test_unknown_region_stops_with_file_and_line(note, aliases):
    broken = damaged(note, 7, "Жамбыл (445-тен 143)", "Жамбылл (445-тен 143)")
    with pytest.raises(SourceFormatError) as error:
        extract_security_lists(broken, aliases)
    message = str(error.value)
    assert "data/sources/004_08b2a54d8bb8e082.txt:7" in message
    assert "Жамбылл" in message


def test_missing_entry_stops(note, aliases):
    broken = damaged(note, 9, "Жамбыл (18-ден 1) – 6%; ", "")
    with pytest.raises(SourceFormatError, match=r"004_08b2a54d8bb8e082.txt:9: expected 20 entries"):
        extract_security_lists(broken, aliases)


def test_repeated_entry_stops(note, aliases):
    broken = damaged(note, 9, "Жамбыл (18-ден 1) – 6%", "Абай (21-ден 2) – 10%")
    with pytest.raises(SourceFormatError, match=r":9: expected each place once"):
        extract_security_lists(broken, aliases)


def test_unparseable_number_stops(note, aliases):
    broken = damaged(note, 14, "Тараз қ. (68-ден 61) – 90%", "Тараз қ. (68-ден б1) – 90%")
    with pytest.raises(SourceFormatError, match=r":14: expected an entry like"):
        extract_security_lists(broken, aliases)


def test_missing_list_stops(note, aliases):
    with pytest.raises(SourceFormatError, match="missing"):
        extract_security_lists(without_line(without_line(note, 29), 30), aliases)


def test_latin_lookalikes_and_other_dashes_are_harmless(note, aliases, raw):
    # "Ақмола" with a Latin "a" and "o", an em dash and a no-break space: the same rows come out.
    broken = damaged(note, 5, "Ақмола (122-ден 114) – 93%", "Aқмoла (122—ден\u00a0114) – 93%")
    again = extract_security_lists(broken, aliases)
    assert again.drop("source_text", "name_as_published").equals(raw.drop("source_text", "name_as_published"))


def test_a_single_number_counts_all_and_must_print_100_percent():
    """"(26-дан 0) – 0%" with the words between left out is "(260) – 0%": not 260 of 260."""
    with pytest.raises(ValueError, match="100%"):
        parse_entry("Петропавл қ. (260) – 0%")


def test_a_list_without_its_heading_stops_on_the_list(note, aliases):
    broken = damaged(note, 8, "техникалық және кәсіптік білім беру ұйымдары", "техникалық білім беру ұйымдары")
    with pytest.raises(SourceFormatError, match=r"004_08b2a54d8bb8e082\.txt:9: expected an organisation-type heading"):
        extract_security_lists(broken, aliases)


def test_doubled_spaces_in_headings_are_harmless(note, aliases, raw):
    spaced = damaged(note, 8, "техникалық және кәсіптік", "техникалық  және   кәсіптік")
    assert extract_security_lists(spaced, aliases).equals(raw)


@pytest.mark.parametrize(("name", "kind", "code"), [
    # A city of republican significance by a former name the alias table gives, with "г." as a Russian
    # list writes a city: the city in a region list, its group in a large-city list.
    ("г. Нур-Султан", "region", "KZ-71"),
    ("г. Нур-Султан", "city_group", "astana"),
    ("г.Нур-Султан", "city_group", "astana"),
    # The press's names of the regions formed in 2022 (data/reference/README.md), as a Russian list
    # writes a region: the adjective alone, or with "область", in any case.
    ("Абайская", "region", "KZ-10"),
    ("Абайской области", "region", "KZ-10"),
    ("Улытау", "region", "KZ-62"),
    ("Улытауская область", "region", "KZ-62"),
    ("Жетысуская", "region", "KZ-33"),
])
def test_russian_spellings_the_press_uses_name_their_places(aliases, name, kind, code):
    assert aliases.resolve(name, kind) == code


def test_a_former_name_names_no_other_group(aliases):
    """"г. Нур-Султан" is Astana's, by its former name; a group of another city gets no former name."""
    assert aliases.resolve("г. Нур-Султан", "city_group") == "astana"
    assert aliases.resolve("г. Алматы", "city_group") == "almaty"
    assert aliases.resolve("Нур-Султан", "city_group") is None  # a group is named with "г.", as printed
