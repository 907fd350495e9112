"""The Concept 2023–2029 Action Plan and section 6 targets of document 003."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import replace

import polars as pl
import pytest
import yaml

from pipelines.declarations import Declaration, read_declaration
from pipelines.errors import SourceFormatError
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.plan_deadlines import parse_deadline
from pipelines.extract.plan_findings import compare_section6, find_target_anomalies, find_text_oddities
from pipelines.extract.plan_table import ACTION_NUMBER, split_responsible
from pipelines.paths import ROOT, SOURCES, TRANSLATIONS
from pipelines.sources import Document, load_document
from tests.fresh import SEEDS, run_fresh

FRAMES = ("concept_indicators", "concept_targets", "concept_actions", "abbreviations", "section6_targets")


@pytest.fixture(scope="module")
def doc() -> Document:
    return load_document(SOURCES / "003_c2990e6476669ab7.txt")


@pytest.fixture(scope="module")
def frames(doc) -> dict[str, pl.DataFrame]:
    return parse_concept_plan(doc)


def damaged(doc: Document, replacements: dict[int, tuple[str, str]]) -> Document:
    """A copy with line N replaced; each entry names the text the line must start with first."""
    lines = list(doc.lines)
    for number, (expected_start, text) in replacements.items():
        assert lines[number - 1].startswith(expected_start), (number, lines[number - 1][:40])
        lines[number - 1] = text
    return replace(doc, lines=tuple(lines), sha256="x")


def assert_error_at(doc: Document, line: int, *words: str) -> None:
    with pytest.raises(SourceFormatError) as caught:
        parse_concept_plan(doc)
    message = str(caught.value)
    assert doc.path in message
    assert f"{doc.path}:{line}:" in message
    assert caught.value.line == line
    for word in words:
        assert word in message


def target(frames, indicator_id: str, year: int, breakdown: str = "") -> dict:
    rows = frames["concept_targets"].filter(
        (pl.col("indicator_id") == indicator_id) & (pl.col("year") == year) & (pl.col("breakdown") == breakdown)
    ).to_dicts()
    assert len(rows) == 1
    return rows[0]


def action(frames, number: int) -> dict:
    rows = frames["concept_actions"].filter(pl.col("action_no") == number).to_dicts()
    assert len(rows) == 1
    return rows[0]


# --- counts ------------------------------------------------------------------------------------


def test_counts(frames):
    assert frames["concept_indicators"].height == 28
    assert frames["concept_indicators"]["indicator_no"].to_list() == list(range(1, 29))
    # 23 indicators with 7 yearly targets; PISA score 3×3, PISA shares 2×3 twice, inclusion 3×7,
    # competence centres 3.
    assert frames["concept_targets"].height == 23 * 7 + 9 + 6 + 6 + 21 + 3 == 206
    assert frames["concept_actions"]["action_no"].to_list() == list(range(1, 181))
    assert frames["abbreviations"].height == 71
    assert frames["section6_targets"].height == 59
    assert sorted(frames["section6_targets"]["subitem_no"].unique().to_list()) == [4, 5, 6, 10, 11, 14, 18, 20, 29]


def test_chapters_and_indicator_headings(frames):
    ind = frames["concept_indicators"]
    assert ind["chapter"].to_list() == [1] * 3 + [2] * 10 + [3] * 5 + [4] * 3 + [5] * 3 + [6] * 3 + [7]
    assert ind.filter(pl.col("number_in_source").is_not_null())["indicator_no"].to_list() == [1, 2, 3, 4, 5, 6, 10, 23]
    assert (ind["number_in_source"].drop_nulls() == ind.filter(
        pl.col("number_in_source").is_not_null())["indicator_no"]).all()
    assert ind.row(13, named=True)["chapter_title_ru"] == (
        "Техническое и профессиональное образование – ключевое звено подготовки рабочих кадров")
    assert ind["source_line"].to_list() == [
        635, 814, 858, 893, 898, 904, 1118, 1143, 1236, 1280, 1379, 1433, 1462, 1479, 1631, 1769, 1807, 1851,
        1932, 2068, 2125, 2204, 2411, 2561, 2606, 2652, 2840, 2894]
    assert ind["target_count"].sum() == 206
    counts = dict(zip(ind["indicator_no"], ind["target_count"], strict=True))
    assert (counts[4], counts[5], counts[6], counts[9], counts[18], counts[1]) == (9, 6, 6, 21, 3, 7)


def test_indicator_names_and_units(frames):
    ind = {r["indicator_no"]: r for r in frames["concept_indicators"].to_dicts()}
    assert ind[1]["name_ru"] == "Охват детей качественным дошкольным воспитанием и обучением от 2 до 6 лет"
    assert ind[18]["name_ru"].endswith("отраслевым требованиям (стандартам)")
    assert ind[15]["name_ru"].endswith("по востребованным специальностям (выпускники 9-х классов)")
    assert ind[24]["name_ru"].endswith("(спортивные залы и спортивный инвентарь)")
    assert ind[7]["name_ru"].startswith("Доля государственных дневных")  # the leading space is trimmed
    assert ind[4]["unit"] == "score" and ind[11]["unit"] == "count" and ind[18]["unit"] == "count"
    assert {ind[n]["unit"] for n in ind if n not in (4, 11, 18)} == {"percent"}
    assert ind[20]["direction"] == "lower_is_better"
    assert ind[28]["direction"] == ""
    assert ind[1]["direction"] == "higher_is_better"
    assert (ind[4]["first_year"], ind[4]["last_year"], ind[4]["breakdown_count"]) == (2022, 2029, 3)
    assert (ind[18]["first_year"], ind[18]["last_year"], ind[18]["breakdown_count"]) == (2024, 2026, 0)
    assert ind[28]["indicator_id"] == "ci28-state-attestation"
    assert all(r["name_en"] and r["name_kk"] for r in ind.values())


def test_short_labels_fit_charts():
    names = yaml.safe_load((TRANSLATIONS / "concept_indicators.yml").read_text(encoding="utf-8"))
    assert len(names) == 28
    for entry in names.values():
        for key in ("short_en", "short_ru", "short_kk"):
            assert 0 < len(entry[key]) <= 45, entry[key]


# --- targets -----------------------------------------------------------------------------------


def test_target_values(frames):
    first = target(frames, "ci01-preschool-coverage", 2023)
    assert first["target"] == 90.2
    assert first["target_as_published"] == "90,2 %"
    assert first["source_text"] == "2023 год – 90,2 %"
    assert first["period_label"] == "2023"

    math = target(frames, "ci04-pisa-mean-score", 2029, "math")
    assert (math["target"], math["note"], math["period_label"]) == (445.0, "уровень 2", "PISA-2029")
    assert math["breakdown_ru"] == "по математике средний балл"
    assert math["source_text"] == "PISA-2029 – 445 (уровень 2)"
    assert target(frames, "ci04-pisa-mean-score", 2022, "reading")["note"] == "уровень 1а"
    assert target(frames, "ci04-pisa-mean-score", 2025, "science")["target"] == 433.0

    rural = target(frames, "ci05-pisa-rural-proficiency", 2025, "math")
    assert (rural["target"], rural["source_text"], rural["breakdown_ru"]) == (45.0, "математика – 45 %", "математика")
    assert target(frames, "ci06-pisa-proficiency", 2029, "science")["target"] == 57.0

    places = target(frames, "ci11-new-school-places", 2024)
    assert (places["target"], places["target_as_published"], places["unit"]) == (535000.0, "535000", "count")
    centres = target(frames, "ci18-competence-centres", 2025)
    assert (centres["target"], centres["target_as_published"]) == (9.0, "9 единиц")

    tvet = target(frames, "ci09-inclusive-education-conditions", 2025, "tvet")
    assert (tvet["target"], tvet["source_line"], tvet["breakdown_ru"]) == (90.0, 1237, "в организациях ТиПО")
    assert target(frames, "ci20-children-in-orphanages", 2024)["target_as_published"] == "17,0 %"
    assert target(frames, "ci28-state-attestation", 2027)["target"] == 20.0
    assert target(frames, "ci16-dual-training", 2028)["target"] == 39.5
    # The value printed on the line after its year label.
    split = target(frames, "ci03-preschool-water-sanitation", 2025)
    assert (split["target"], split["source_line"], split["source_text"]) == (97.0, 858, "2025 год –")


def test_targets_sorted_by_indicator_breakdown_year(frames):
    t = frames["concept_targets"]
    pisa = t.filter(pl.col("indicator_id") == "ci04-pisa-mean-score")
    assert pisa["breakdown"].to_list() == ["math"] * 3 + ["reading"] * 3 + ["science"] * 3
    assert pisa["year"].to_list() == [2022, 2025, 2029] * 3
    inclusive = t.filter(pl.col("indicator_id") == "ci09-inclusive-education-conditions")
    assert inclusive["breakdown"].unique(maintain_order=True).to_list() == ["preschool", "secondary", "tvet"]
    order = {r["indicator_id"]: r["indicator_no"] for r in frames["concept_indicators"].to_dicts()}
    numbers = [order[i] for i in t["indicator_id"]]
    assert numbers == sorted(numbers)


# --- actions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "indicator_id", "chapter"), [
    (1, "ci01-preschool-coverage", 1),
    (13, "ci01-preschool-coverage", 1),
    (14, "ci02-preschool-quality-criteria", 1),
    (18, "ci03-preschool-water-sanitation", 1),
    (19, "ci06-pisa-proficiency", 2),  # the block of stacked indicators 4–6 gives its actions to 6
    (35, "ci06-pisa-proficiency", 2),
    (36, "ci07-per-capita-funding-schools", 2),
    (46, "ci09-inclusive-education-conditions", 2),
    (57, "ci11-new-school-places", 2),
    (64, "ci14-tvet-graduate-employment", 3),
    (90, "ci17-worldskills-assessment", 3),
    (91, "ci18-competence-centres", 3),
    (107, "ci20-children-in-orphanages", 4),
    (130, "ci23-extracurricular-coverage", 5),
    (147, "ci26-teacher-qualification-levels", 6),
    (165, "ci27-industry-specialists-tvet", 6),
    (166, "ci28-state-attestation", 7),
    (180, "ci28-state-attestation", 7),
])
def test_action_indicator(frames, number, indicator_id, chapter):
    row = action(frames, number)
    assert (row["indicator_id"], row["chapter"]) == (indicator_id, chapter)


def test_action_cells(frames):
    first = action(frames, 1)
    assert first["text_ru"].startswith("Предоставление государственных услуг постановки на очередь")
    assert first["completion_form"] == "приказ Министра просвещения Республики Казахстан"
    assert first["responsible"] == "МП;МЦРИАП;МИО"
    assert (first["source_line"], first["source_text"], first["text_line"]) == (638, "1.", 642)
    assert action(frames, 11)["text_ru"] == ("Разработка и внедрение программы адаптации к школе детей: "
                                             "не прошедших предшкольную подготовку; слабо подготовленных к школе")
    assert "\xa0" not in "".join(frames["concept_actions"]["text_ru"])
    assert action(frames, 6)["responsible"].split(";")[-2:] == [
        'АО "Национальная атомная компания "Казатомпром" (по согласованию)',
        'АО "Национальная компания "Қазақстан темір жолы" (по согласованию)',
    ]
    assert action(frames, 117)["responsible"] == "МП;МИО;НАО имени Ы. Алтынсарина (по согласованию)"
    assert action(frames, 68)["responsible"] == 'МП;НАО "Talap" (по согласованию)'
    assert action(frames, 146)["responsible"] == 'МИО;МП;РГУ "Институт раннего развития детей" (по согласованию)'
    assert action(frames, 57)["responsible"] == (
        'МИО;МПС;АО "Samruk-Kazyna Construction" (по согласованию);АО "Финансовый центр" (по согласованию)')
    # The responsible cell of action 90 ends with indicator 18, which is not a body.
    assert action(frames, 90)["responsible"].endswith('МИО;НАО "Talap" (по согласованию)')
    stray = frames["concept_actions"].filter(pl.col("has_stray_mark"))
    assert stray["action_no"].to_list() == [83]
    assert stray["source_text"].to_list() == ["83."]


@pytest.mark.parametrize(("number", "start", "end", "recurring", "years"), [
    (1, "2023-07", "2024-12", True, "2023;2024"),
    (2, "2025-12", "2025-12", False, "2025"),
    (3, "2023-12", "2029-12", True, "2023;2024;2025;2026;2027;2028;2029"),
    (13, "2024-09", "2025-05", False, "2024;2025"),
    (37, "2023-12", "2025-12", False, "2023;2025"),
    (49, "2023-12", "2026-12", True, "2023;2024;2025;2026"),  # "декабрь 2023 –2026 годов"
    (58, "2023-07", "2023-12", False, "2023"),
    (72, "2024-01", "2025-01", False, "2024;2025"),
    (74, "", "", True, ""),
    (78, "2023-10", "2029-10", True, "2023;2024;2025;2026;2027;2028;2029"),
    (90, "2023-10", "2029-12", True, "2023;2024;2025;2026;2027;2028;2029"),
    (97, "2023-12", "", False, "2023;2024"),
    (106, "2023-04", "2026-12", True, "2023;2024;2025;2026"),
    (111, "2023-01", "2029-12", True, "2023;2024;2025;2026;2027;2028;2029"),
    (113, "2023-06", "2023-12", False, "2023"),
    (153, "2023", "2024", False, "2023;2024"),
    (167, "2023-12", "2029-12", True, "2023;2024;2025;2026;2027;2028;2029"),
    (173, "2023", "2025", False, "2023;2024;2025"),
    (175, "", "", True, ""),
    (180, "", "", True, ""),
])
def test_action_deadlines(frames, number, start, end, recurring, years):
    row = action(frames, number)
    assert (row["deadline_start"], row["deadline_end"], row["is_recurring"], row["deadline_years"]) == (
        start, end, recurring, years)


def test_deadline_texts_are_whitespace_normalised(frames):
    assert action(frames, 78)["deadline_text"] == "до 1 октября 2023 – 2029 годов"
    assert action(frames, 2)["deadline_text"] == "декабрь 2025 года"
    assert all(t == " ".join(t.split()) for t in frames["concept_actions"]["deadline_text"])


def test_parse_deadline_rejects_unknown_forms():
    assert parse_deadline("март 2025 года").start == "2025-03"
    assert parse_deadline("первое полугодие 2024 года").end == "2024-06"
    for text in ("в течение года", "декабрь 2025", "13 2025 года", "декабрь 2023 – 2029 годов, и далее"):
        with pytest.raises(ValueError):
            parse_deadline(text)


def test_split_responsible_keeps_quoted_commas_together():
    assert split_responsible('МП, АО "Центр, Фонд" (по согласованию), МИО') == [
        "МП", 'АО "Центр, Фонд" (по согласованию)', "МИО"]
    assert split_responsible("МП, МИО (в части, касающейся), МНЭ") == ["МП", "МИО (в части, касающейся)", "МНЭ"]
    with pytest.raises(ValueError):
        split_responsible("МП, , МИО")


# --- abbreviations -----------------------------------------------------------------------------


def test_abbreviations(frames):
    ab = frames["abbreviations"]
    assert ab.row(0, named=True)["abbr"] == "ИКТ"
    assert ab.row(ab.height - 1, named=True)["abbr"] == "TIMSS"
    assert ab["source_line"].to_list() == sorted(ab["source_line"].to_list())
    nao = ab.filter(pl.col("abbr") == "НАО")
    assert nao["expansion_ru"].to_list() == ["некоммерческое акционерное общество", "Национальная академия образования"]
    assert nao["expansion_en"].to_list() == ["non-profit joint-stock company", "National Academy of Education"]
    assert ab.filter(pl.col("is_duplicate"))["abbr"].to_list() == ["НАО", "НАО"]
    mp = ab.filter(pl.col("abbr") == "МП").row(0, named=True)
    assert mp["expansion_ru"] == "Министерство просвещения Республики Казахстан"
    assert mp["expansion_en"] == "Ministry of Education of the Republic of Kazakhstan"
    pisa = ab.filter(pl.col("abbr") == "PISA").row(0, named=True)
    assert pisa["expansion_en"] == pisa["expansion_ru"]


def test_missing_abbreviation_translation_raises(doc, tmp_path):
    shutil.copytree(TRANSLATIONS, tmp_path, dirs_exist_ok=True)
    table = yaml.safe_load((TRANSLATIONS / "abbreviations.yml").read_text(encoding="utf-8"))
    del table["МКШ"]
    (tmp_path / "abbreviations.yml").write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="МКШ"):
        parse_concept_plan(doc, tmp_path)


# --- section 6 ---------------------------------------------------------------------------------


def test_section6(frames):
    s6 = frames["section6_targets"]
    mapping = dict(s6.select("subitem_no", "indicator_id").unique().iter_rows())
    assert mapping == {
        4: "ci04-pisa-mean-score", 5: "ci05-pisa-rural-proficiency", 6: "ci06-pisa-proficiency",
        10: "ci10-school-high-speed-internet", 11: "ci11-new-school-places", 14: "ci14-tvet-graduate-employment",
        18: "ci18-competence-centres", 20: "ci20-children-in-orphanages", 29: "ci28-state-attestation",
    }
    row = s6.filter((pl.col("subitem_no") == 4) & (pl.col("breakdown") == "reading") & (pl.col("year") == 2029)).row(
        0, named=True)
    assert (row["target"], row["note"], row["source_line"], row["source_text"]) == (
        406.0, "уровень 1а", 569, "PISA-2029 – 406 (уровень 1а)")
    assert s6.filter(pl.col("subitem_no") == 29).sort("year")["target"].to_list() == [35, 65, 85, 100, 20, 40, 60]


def test_section6_name_matching(doc):
    near = damaged(doc, {579: ('\xa0', doc.line(579).replace("высокоскоростным", "скоростным"))})
    s6 = parse_concept_plan(near)["section6_targets"]
    assert s6.filter(pl.col("subitem_no") == 10)["indicator_id"].unique().to_list() == [
        "ci10-school-high-speed-internet"]
    unrelated = damaged(doc, {579: ('\xa0', doc.line(579).replace("доля школ, охваченных высокоскоростным Интернетом",
                                                                  "число построенных бассейнов"))})
    assert_error_at(unrelated, 579, "matching one Action Plan indicator")


def test_missing_indicator_translation_raises(doc, tmp_path):
    shutil.copytree(TRANSLATIONS, tmp_path, dirs_exist_ok=True)
    table = yaml.safe_load((TRANSLATIONS / "concept_indicators.yml").read_text(encoding="utf-8"))
    del table["ci17-worldskills-assessment"]["name_kk"]
    (tmp_path / "concept_indicators.yml").write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="name_kk for ci17-worldskills-assessment"):
        parse_concept_plan(doc, tmp_path)


def test_compare_section6(frames):
    targets, s6 = frames["concept_targets"], frames["section6_targets"]
    assert compare_section6(targets, s6).height == 0  # the restated sub-items agree with the plan
    changed = s6.with_columns(
        pl.when((pl.col("subitem_no") == 14) & (pl.col("year") == 2025)).then(99.0).otherwise(pl.col("target"))
        .alias("target"))
    dropped = changed.filter(~((pl.col("subitem_no") == 10) & (pl.col("year") == 2029)))
    result = compare_section6(targets, dropped).to_dicts()
    assert [(r["indicator_id"], r["year"], r["kind"]) for r in result] == [
        ("ci10-school-high-speed-internet", 2029, "missing_in_section6"),
        ("ci14-tvet-graduate-employment", 2025, "differs"),
    ]
    assert (result[1]["plan_target"], result[1]["section6_target"], result[1]["plan_line"],
            result[1]["section6_line"]) == (81.0, 99.0, 1479, 587)
    extra = s6.filter(pl.col("subitem_no") == 18).head(1).with_columns(year=pl.lit(2030, pl.Int64))
    assert compare_section6(targets, pl.concat([s6, extra]))["kind"].to_list() == ["missing_in_plan"]


# --- anomalies ---------------------------------------------------------------------------------


def directions(frames) -> dict[str, str]:
    indicators = frames["concept_indicators"]
    return dict(zip(indicators["indicator_id"], indicators["direction"], strict=True))


def test_target_anomalies(frames):
    anomalies = find_target_anomalies(frames["concept_targets"], directions(frames))
    found = {(r["indicator_id"], r["year"], r["kind"]) for r in anomalies.to_dicts()}
    assert ("ci28-state-attestation", 2027, "large_drop") in found
    assert ("ci28-state-attestation", 2028, "reversal") in found
    assert ("ci20-children-in-orphanages", 2024, "increase") in found
    assert ("ci18-competence-centres", 2026, "reversal") in found
    assert not anomalies.filter(pl.col("kind").is_in(["decrease", "year_gap"])).height
    assert anomalies.filter(pl.col("kind") == "large_drop")["source_line"].to_list() == [2895]


def test_target_anomalies_on_a_made_up_path(frames):
    path = frames["concept_targets"].filter(pl.col("indicator_id") == "ci01-preschool-coverage")
    path = path.with_columns(
        pl.when(pl.col("year") == 2026).then(70.0).otherwise(pl.col("target")).alias("target")
    ).filter(pl.col("year") != 2028)
    kinds = {(r["year"], r["kind"]) for r in find_target_anomalies(path, directions(frames)).to_dicts()}
    assert kinds == {(2026, "large_drop"), (2026, "decrease"), (2026, "reversal"), (2027, "reversal"),
                     (2029, "year_gap")}


def test_text_oddities(doc):
    odd = find_text_oddities(doc)
    by_kind = {k: sorted(g["source_line"].to_list()) for (k,), g in odd.group_by("kind")}
    assert by_kind["mojibake"] == [248, 552, 556, 2105]
    assert by_kind["stray_mark"] == [1747]
    assert by_kind["unclosed_parenthesis"] == [569, 893]
    assert by_kind["split_target"] == [858, 1462]
    assert by_kind["duplicate_abbreviation"] == [3235, 3431]


# --- provenance --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FRAMES)
def test_source_text_is_on_its_line(doc, frames, name):
    frame = frames[name]
    assert frame.height
    assert set(frame["source_id"]) == {"003_c2990e6476669ab7"}
    for row in frame.select("source_line", "source_text").iter_rows():
        line, text = row
        assert text and text in doc.lines[line - 1], row


def test_action_text_line(doc, frames):
    for row in frames["concept_actions"].select("text_line", "text_ru").iter_rows():
        line, text = row
        assert " ".join(doc.lines[line - 1].split()) in text


# The plan parsed in a fresh process (its parse cache empty): every frame as CSV, by its SHA-256.
PARSE = """
import hashlib, json
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.paths import SOURCES
from pipelines.sources import load_document
frames = parse_concept_plan(load_document(SOURCES / "003_c2990e6476669ab7.txt"))
print(json.dumps({name: hashlib.sha256(frame.write_csv().encode()).hexdigest() for name, frame in frames.items()}))
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_parse_is_deterministic(frames, seed):
    """Parsed again in a fresh process, where sets of strings are iterated in another order, the plan gives
    the same frames. (Its speed is measured by `make bench`.)"""
    assert run_fresh(PARSE, seed) == {name: hashlib.sha256(frame.write_csv().encode()).hexdigest()
                                      for name, frame in frames.items()}


# --- damaged documents -------------------------------------------------------------------------


def test_wrong_action_number(doc):
    bad = damaged(doc, {1758: ("84.", "85.\xa0\xa0\xa0\xa0\xa0 ")})
    assert_error_at(bad, 1758, "action number 84.")


def test_removed_action_number(doc):
    bad = damaged(doc, {1758: ("84.", "")})
    assert_error_at(bad, 1758, "an empty cell")


def test_unparseable_target_year(doc):
    bad = damaged(doc, {635: ("Охват детей", doc.line(635).replace("2024 год", "2O24 год"))})
    assert_error_at(bad, 635, "a target like")


def test_unparseable_target_on_continuation_line(doc):
    bad = damaged(doc, {1237: ("2025 год", doc.line(1237).replace("2025 год – 90 %", "2025 год – девяносто %"))})
    assert_error_at(bad, 1237, "a target like")


def test_missing_chapter_heading(doc):
    bad = damaged(doc, {1478: ("Глава 3.", "")})
    assert_error_at(bad, 1479, "a chapter heading")


def test_chapter_out_of_order(doc):
    bad = damaged(doc, {1478: ("Глава 3.", doc.line(1478).replace("Глава 3.", "Глава 4."))})
    assert_error_at(bad, 1478, "'Глава 3.'")


def test_unknown_deadline(doc):
    bad = damaged(doc, {1653: ("декабрь, ежегодно", "когда получится")})
    assert_error_at(bad, 1653, "a deadline like 'декабрь 2023 – 2029 годов'")


def test_unexpected_text_between_rows(doc):
    bad = damaged(doc, {652: ("2.", "Непонятная строка")})
    assert_error_at(bad, 652, "an action number")


def test_unexpected_line_in_section6(doc):
    bad = damaged(doc, {565: ("", "подпункт 7) дополнить словами")})
    assert_error_at(bad, 565, "restated sub-item")


def test_indicator_heading_out_of_order(doc):
    bad = damaged(doc, {2409: ("Целевой индикатор 23", "Целевой индикатор 22")})
    assert_error_at(bad, 2409, "'Целевой индикатор 23'")


def test_targets_run_together_stop(doc):
    """"90,2 %, 2024 год – 92,5" with the words between left out reads as one percent above 100."""
    bad = damaged(doc, {635: ("Охват детей", doc.line(635).replace("90,2 %, 2024 год – 92,5", "90,292,5"))})
    assert_error_at(bad, 635)
    over = damaged(doc, {635: ("Охват детей", doc.line(635).replace("2023 год – 90,2 %", "2023 год – 190,2 %"))})
    assert_error_at(over, 635, "at most 100")


def test_an_indicator_whose_targets_do_not_read_stops_on_its_line(doc):
    """Below an action's responsible bodies, an indicator with a damaged first target must not be
    taken for one more body (and caught only at a later indicator heading)."""
    line = doc.line(1851)
    assert line.startswith(" Количество созданных центров компетенций")
    bad = damaged(doc, {1851: (line[:20], line.replace("(2024 год", "(20 24 год"))})
    assert_error_at(bad, 1851, "responsible bodies (names, no figures)")


def test_stray_parenthesis_in_an_indicator_name_stops(doc):
    bad = damaged(doc, {635: ("Охват детей", doc.line(635).replace("6 лет (2023", "6 лет ((2023"))})
    assert_error_at(bad, 635, "balanced parentheses")


def test_glossary_and_translations_must_agree(doc):
    """A glossary entry left out (or repeated) stops like a new one: the table translates each once."""
    lines = list(doc.lines)
    start = next(n for n, text in enumerate(lines) if text == "ИКТ")
    cut = replace(doc, lines=tuple(lines[:start] + lines[start + 7:]), sha256="x")
    with pytest.raises(SourceFormatError, match=rf"{doc.path}:\d+: expected the glossary to define ИКТ"):
        parse_concept_plan(cut)
    twice = replace(doc, lines=tuple(lines[:start + 7] + lines[start:]), sha256="x")
    assert_error_at(twice, start + 8, "ИКТ defined 1 time(s)")


def test_a_document_cut_inside_the_last_glossary_cell_stops(doc):
    cut = replace(doc, lines=(*doc.lines[:-2], "Trends in Mathem"), sha256="x")
    assert_error_at(cut, len(cut.lines), "closing the glossary's last cell")


# --- a plan of another shape is read as its declaration says ----------------------------------------------

SPEC_PATH = "data/sources/003_c2990e6476669ab7.spec.yml"


def declared(text: str) -> Declaration:
    return read_declaration(text, SPEC_PATH)


def spec_text() -> str:
    return (ROOT / SPEC_PATH).read_text(encoding="utf-8")


def line_of(doc: Document, start: str) -> int:
    (number,) = [n for n, line in doc.numbered() if line.lstrip().startswith(start)]
    return number


def trimmed(doc: Document) -> Document:
    """The plan with chapters 3 to 7 cut (so 13 indicators and actions 1–63 are left) and section 6
    without the sub-items that restate the cut indicators (14, 18, 20, 29), blanked in place."""
    cut_from, note = line_of(doc, "Глава 3."), line_of(doc, "Примечание: расшифровка аббревиатур:")
    lines = [("" if re.match(r'^\s*"?(14|18|20|29)\)\s', line) else line) for line in doc.lines]
    return replace(doc, lines=tuple(lines[:cut_from - 1] + lines[note - 1:]), sha256="trimmed")


def test_a_trimmed_plan_is_read_with_its_trimmed_declaration(doc, frames):
    """Two chapters and 13 indicators, declared as such: the rows of those chapters, exactly."""
    text = re.sub(r"(?m)^chapters: 7$", "chapters: 2", spec_text())
    text = re.sub(r"(?m)^  - \{id: ci(1[4-9]|2\d)-.*\n", "", text)
    plan = parse_concept_plan(replace(trimmed(doc), declaration=declared(text)))
    kept = [f"ci{n:02d}" for n in range(1, 14)]
    assert plan["concept_indicators"]["chapter"].to_list() == [1] * 3 + [2] * 10
    assert plan["concept_indicators"].equals(frames["concept_indicators"].filter(
        pl.col("indicator_id").str.slice(0, 4).is_in(kept)))
    assert plan["concept_targets"].equals(frames["concept_targets"].filter(
        pl.col("indicator_id").str.slice(0, 4).is_in(kept)))
    assert plan["concept_actions"].equals(frames["concept_actions"].filter(pl.col("action_no") <= 63))
    assert plan["section6_targets"].equals(frames["section6_targets"].filter(
        pl.col("subitem_no").is_in([4, 5, 6, 10, 11])))
    glossary = ["abbr", "expansion_ru", "expansion_kk", "expansion_en"]
    assert plan["abbreviations"].select(glossary).equals(frames["abbreviations"].select(glossary))


def test_a_trimmed_plan_with_the_full_declaration_stops_naming_both(doc):
    with pytest.raises(SourceFormatError) as caught:
        parse_concept_plan(trimmed(doc))
    assert str(caught.value).startswith(f"{doc.path}:1476: expected 7 chapters (declared at {SPEC_PATH}:7); "
                                        "found '2 chapters'"), str(caught.value)
    fewer = re.sub(r"(?m)^  - \{id: ci(1[4-9]|2\d)-.*\n", "", spec_text())  # 13 indicators, still 7 chapters
    with pytest.raises(SourceFormatError, match=rf"expected 13 target indicators \(declared at {SPEC_PATH}:\d+\)"):
        parse_concept_plan(replace(doc, declaration=declared(fewer)))


def test_an_extended_plan_is_read_with_its_extended_declaration(doc, frames, tmp_path):
    """An eighth chapter (chapter 7 again, with another indicator and actions 181–195), declared, and
    translated in a copy of the translation tables: 29 indicators, 195 actions."""
    start, note = line_of(doc, "Глава 7."), line_of(doc, "Примечание: расшифровка аббревиатур:")
    end = max(n for n in range(start, note) if doc.line(n).strip())
    chapter = list(doc.lines[start - 1:end])
    chapter[0] = chapter[0].replace("Глава 7.", "Глава 8.", 1)
    name = chapter[1][:chapter[1].index("(")]
    chapter[1] = chapter[1].replace(name, " Доля школ, оснащенных бассейнами ", 1)
    chapter = [re.sub(r"^(\s*)(\d+)\.", lambda m: f"{m.group(1)}{int(m.group(2)) + 15}.", line)
               if ACTION_NUMBER.match(line) else line for line in chapter]
    lines = (*doc.lines[:end], "\t", *chapter, *doc.lines[end:])
    text = re.sub(r"(?m)^chapters: 7$", "chapters: 8", spec_text()).replace(
        "  - {id: ci28-state-attestation, keyword: государственной аттестации}\n",
        "  - {id: ci28-state-attestation, keyword: государственной аттестации}\n"
        "  - {id: ci29-school-swimming-pools, keyword: оснащенных бассейнами, direction: higher_is_better}\n")
    translations = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, translations)
    for lang in ("kk", "en"):
        path = translations / f"concept_actions.{lang}.yml"
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
        table["chapters"][8] = table["chapters"][7]
        table["actions"].update({number + 15: table["actions"][number] for number in range(166, 181)})
        path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    names = yaml.safe_load((translations / "concept_indicators.yml").read_text(encoding="utf-8"))
    names["ci29-school-swimming-pools"] = {"name_en": "Share of schools with swimming pools",
                                           "name_kk": "Бассейндері бар мектептердің үлесі"}
    (translations / "concept_indicators.yml").write_text(yaml.safe_dump(names, allow_unicode=True), encoding="utf-8")

    plan = parse_concept_plan(replace(doc, lines=lines, sha256="extended", declaration=declared(text)), translations)
    indicators = plan["concept_indicators"]
    assert indicators.height == 29
    assert indicators.row(28, named=True)["chapter"] == 8
    assert indicators.row(28, named=True)["name_ru"] == "Доля школ, оснащенных бассейнами"
    assert indicators.head(28).equals(frames["concept_indicators"])
    actions = plan["concept_actions"]
    assert actions["action_no"].to_list() == list(range(1, 196))
    assert set(actions.filter(pl.col("action_no") > 180)["indicator_id"]) == {"ci29-school-swimming-pools"}
    assert actions.head(180).equals(frames["concept_actions"])
    added = plan["concept_targets"].filter(pl.col("indicator_id") == "ci29-school-swimming-pools")
    attestation = frames["concept_targets"].filter(pl.col("indicator_id") == "ci28-state-attestation")
    assert added.select("year", "target").equals(attestation.select("year", "target"))
