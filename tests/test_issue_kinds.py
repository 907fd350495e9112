"""Every kind of quality issue is declared whole and can fire.

Each kind of pipelines/check/registry.py has its label and meaning (shown on the site) and its description
template (quality_issues) in every language, and a tiny example below (a few rows) for each of its queries,
or for its finder, that makes it fire on the row it names, through the same run_checks as `make data`
(rows flagged, every finding described in three languages). A kind added without its texts or its
example fails here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
import pytest

from pipelines.check import concept
from pipelines.check.checks import run_checks
from pipelines.check.concept import section6_findings, target_findings, text_findings
from pipelines.check.kind import LANGUAGES
from pipelines.check.registry import KINDS, issue_kind
from pipelines.check.registry import describe as describe_kind
from pipelines.declarations import load_declaration
from pipelines.extract.plan_spec import plan_spec
from pipelines.paths import SOURCES as SOURCE_FOLDER
from pipelines.publish.fields import resource
from pipelines.sources import Document
from sitegen.i18n import load_strings

NOTE = "004_08b2a54d8bb8e082"
BRIEFING = "000_79fb72e18d9edfdc"
PLAN = "003_c2990e6476669ab7"
POLARS_TYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}
DEFAULTS = {"string": "", "integer": 0, "number": None, "boolean": False}


def rows_of(name: str, *rows: dict) -> pl.DataFrame:
    """A frame of resource `name` as the checks get it (every field but flags), each field not given set
    to an empty value of its type."""
    fields = [f for f in resource(name).fields if f.name != "flags"]
    filled = [{f.name: row.get(f.name, DEFAULTS[f.type]) for f in fields} for row in rows]
    return pl.DataFrame(filled, schema={f.name: POLARS_TYPES[f.type] for f in fields})


def coverage(**values: object) -> dict:
    """A region-list entry of the Q1 2023 note: CCTV linked to police, schools, Karaganda region."""
    return {"measure": "cctv_police_link", "area_type": "region", "org_type": "school", "region_code": "KZ-35",
            "period": "2023-Q1", "source_id": NOTE, "source_line": 5, "source_text": "Қарағанды (105-тен 100) – 95%",
            **values}


def figure(figure_id: str, **values: object) -> dict:
    """A national count of the briefing (document 000), line and order from its id."""
    _, line, _ = figure_id.split("-")
    return {"figure_id": figure_id, "measure": "cctv_police_link", "org_type": "all", "scope": "national",
            "period": "2023", "unit": "count", "source_id": BRIEFING, "source_line": int(line[1:]),
            "source_text": "… 100 …", "value_as_published": str(values.get("value", "")), **values}


SOURCES = rows_of("sources", {"source_id": BRIEFING, "date": "2023-03-07", "format": "briefing"},
                  {"source_id": NOTE, "date": "2023-04", "format": "security_note"})
REGIONS = rows_of("regions", {"code": "KZ-35", "kind": "region"}, {"code": "KZ-61", "kind": "region"})
CITIES = rows_of("large_cities", {"city_group": "karaganda", "region_code": "KZ-35", "city_count": 1},
                 {"city_group": "atyrau-kulsary", "region_code": "KZ-23", "city_count": 2})
TARGET = {"source_id": PLAN, "source_line": 600, "unit": "percent", "source_text": "2025 год – 60 %"}


@dataclass(frozen=True)
class Example:
    """Frames (and for a finder kind, its findings) that make one kind fire on `row` of `resource`."""

    frames: dict[str, pl.DataFrame]
    resource: str
    row: str
    findings: list[dict] = field(default_factory=list)
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)


def targets_example(code: str, indicator_id: str, path: dict[int, float], fires: int) -> Example:
    """A target path of the indicator, which has the direction the plan's declaration gives it."""
    targets = rows_of("concept_targets", *({"indicator_id": indicator_id, "year": year, "period_label": str(year),
                                             "target": value, **TARGET} for year, value in path.items()))
    direction = plan_spec(load_declaration(SOURCE_FOLDER / f"{PLAN}.spec.yml", f"{PLAN}.spec.yml")).directions[indicator_id]
    indicators = rows_of("concept_indicators", {"indicator_id": indicator_id, "direction": direction})
    return Example({"concept_targets": targets}, "concept_targets", f"{indicator_id}|{fires}",
                   [f for f in target_findings(targets, indicators) if f["kind"] == code])


def section6_example(code: str, plan: dict[int, float], restated: dict[int, float], resource_: str, row: str
                     ) -> Example:
    iid = "ci01-preschool-coverage"
    targets = rows_of("concept_targets", *({"indicator_id": iid, "year": y, "period_label": str(y), "target": v,
                                            **TARGET, "source_line": 700 + y - 2023} for y, v in plan.items()))
    section6 = pl.DataFrame([{"indicator_id": iid, "breakdown": "", "year": y, "target": v, "source_line": 100 + y - 2023}
                             for y, v in restated.items()])
    return Example({"concept_targets": targets}, resource_, row,
                   [f for f in section6_findings(targets, section6, PLAN) if f["kind"] == code])


def text_example(code: str, frame_name: str, row: dict, key: str, monkeypatch_target: list) -> Example:
    """A text oddity of the plan (as the parser's find_text_oddities reports it) on the row it touches."""
    frames = {name: rows_of(name) for name in ("concept_targets", "concept_indicators", "concept_actions",
                                               "abbreviations")}
    line = 50
    quote = "самоуправлениҰ"
    if frame_name:
        frames[frame_name] = rows_of(frame_name, {**row, "source_id": PLAN, "source_line": line,
                                                  "source_text": quote})
    oddity = pl.DataFrame([{"source_line": line, "kind": code, "description_en": "", "source_text": quote}])
    monkeypatch_target.append(oddity)
    doc = Document(PLAN, f"data/sources/{PLAN}.txt", ("",) * line, "x", {})
    return Example(frames, frame_name or "sources", key, text_findings(doc, frames))


def examples(code: str, oddities: list) -> list[Example]:
    """The examples of one kind: one per query, or one for its finder."""
    key = "cctv_police_link|region|school|KZ-35|2023-Q1"
    if code == "count_exceeds_total":
        return [Example({"security_coverage": rows_of("security_coverage", coverage(
            count_as_published=134, total_as_published=105, count=105, total=134, percent_as_published=78.0))},
            "security_coverage", key)]
    if code == "percent_mismatch":
        printed = figure("000-L010-2", unit="percent", value=100.0, denominator=22.0)
        return [
            Example({"security_coverage": rows_of("security_coverage", coverage(
                count_as_published=17, total_as_published=22, count=17, total=22, percent_as_published=100.0))},
                "security_coverage", key),
            Example({"national_figures": rows_of("national_figures", figure("000-L010-1", value=17.0, denominator=22.0),
                                                 printed)}, "national_figures", "000-L010-2"),
        ]
    if code == "parts_do_not_sum":
        return [Example({"national_figures": rows_of(
            "national_figures", figure("000-L012-1", value=100.0),
            figure("000-L012-2", org_type="kindergarten", value=30.0),
            figure("000-L012-3", org_type="school", value=40.0))}, "national_figures", "000-L012-1")]
    if code == "multiplier_differs":
        return [Example({"progress": rows_of("progress", {
            "comparison": "since_earliest", "measure": "cctv_police_link", "org_type": "all", "scope": "national",
            "period_from": "2020", "period_to": "2022", "value_from": 500.0, "value_to": 5986.0,
            "multiplier_computed": 11.97, "multiplier_stated": 11.0, "figure_id_to": "000-L031-3",
            "figure_id_from": "000-L031-2", "source_id": BRIEFING, "source_line": 31, "base_source_id": BRIEFING,
            "source_line_from": 31, "source_text": "в 11 раз"})}, "progress", "000-L031-3|since_earliest")]
    if code == "large_cities_changed":
        later = "005_0000000000000000"
        cities = [figure(f"{NOTE[:3]}-L010-3", measure="large_cities_total", period="2023-Q1", value=25.0,
                         source_id=NOTE, source_line=10),
                  figure("005-L010-3", measure="large_cities_total", period="2023-Q2", value=26.0,
                         source_id=later, source_line=10)]
        return [Example({"progress": rows_of("progress", {
            "comparison": "since_previous", "measure": "organisations_total", "org_type": "all",
            "scope": "large_cities", "period_from": "2023-Q1", "period_to": "2023-Q2", "value_from": 2621.0,
            "value_to": 2649.0, "figure_id_from": "004-L010-4", "figure_id_to": "005-L010-4", "source_id": later,
            "source_line": 10, "base_source_id": NOTE, "source_line_from": 10, "source_text": "2 649"}),
            "national_figures": rows_of("national_figures", *cities)}, "progress", "005-L010-4|since_previous")]
    if code == "total_differs_between_lists":
        lists = [coverage(measure=m, area_type="city", city_group="karaganda", total_as_published=total,
                          count_as_published=10, count=10, total=total, percent_as_published=round(1000 / total, 1),
                          source_line=line)
                 for m, total, line in (("licensed_security", 100, 20), ("alarm_button", 100, 30), ("turnstile", 90, 40))]
        return [Example({"security_coverage": rows_of("security_coverage", *lists), "regions": REGIONS,
                         "large_cities": CITIES}, "security_coverage", "turnstile|city|school|KZ-35|karaganda|2023-Q1")]
    if code == "differs_between_documents":
        note = figure("004-L003-1", period="2023-Q1", value=120.0, source_id=NOTE, source_line=3)
        return [Example({"national_figures": rows_of("national_figures", figure("000-L020-1", value=100.0), note),
                         "sources": SOURCES}, "national_figures", "000-L020-1")]
    if code == "differs_from_note_list":
        stated = figure("000-L156-2", org_type="school", scope="KZ-61", value=0.0, denominator=61.0)
        listed = coverage(region_code="KZ-61", count=0, total=34, count_as_published=0, total_as_published=34,
                          percent_as_published=0.0)
        return [Example({"national_figures": rows_of("national_figures", stated),
                         "security_coverage": rows_of("security_coverage", listed), "sources": SOURCES},
                        "national_figures", "000-L156-2")]
    if code == "differs_from_list_sum":
        total = figure("004-L002-1", org_type="school", period="2023-Q1", value=50.0, source_id=NOTE, source_line=2)
        entries = [coverage(region_code=region, count=n, total=40, count_as_published=n, total_as_published=40,
                            percent_as_published=round(100 * n / 40, 1), source_line=5)
                   for region, n in (("KZ-35", 10), ("KZ-61", 20))]
        cities = figure("004-L024-5", measure="large_cities_total", value=25.0, source_id=NOTE, source_line=24)
        groups = [coverage(measure="turnstile", area_type="city", city_group=group, region_code=region, count=1,
                           total=1, count_as_published=1, total_as_published=1, percent_as_published=100.0,
                           source_line=40)
                  for group, region in (("karaganda", "KZ-35"), ("atyrau-kulsary", "KZ-23"))]
        # The list's counts add up to the stated count (30), its totals not to the stated total (90 ≠ 80).
        of_total = figure("004-L002-1", org_type="school", period="2023-Q1", value=30.0, denominator=90.0,
                          source_id=NOTE, source_line=2)
        return [
            Example({"national_figures": rows_of("national_figures", total),
                     "security_coverage": rows_of("security_coverage", *entries)}, "national_figures", "004-L002-1"),
            Example({"national_figures": rows_of("national_figures", of_total),
                     "security_coverage": rows_of("security_coverage", *entries)}, "national_figures", "004-L002-1"),
            Example({"national_figures": rows_of("national_figures", cities),
                     "security_coverage": rows_of("security_coverage", *groups), "large_cities": CITIES},
                    "national_figures", "004-L024-5"),
        ]
    if code == "corrected":
        row = coverage(count_as_published=134, total_as_published=105, count=105, total=134, correction_id="swap-x",
                       percent_as_published=78.0)
        return [Example({"security_coverage": rows_of("security_coverage", row)}, "security_coverage", key,
                        reasons={"swap-x": {"en": "Swapped.", "ru": "Переставлены.", "kk": "Ауыстырылды."}})]
    # The Concept plan's kinds: a target path, section 6 against the plan, the text.
    if code == "target_large_drop":
        return [targets_example(code, "ci28-state-attestation", {2026: 100.0, 2027: 20.0}, 2027)]
    if code == "target_decreases":
        return [targets_example(code, "ci01-preschool-coverage", {2023: 90.0, 2024: 89.0}, 2024)]
    if code == "target_increases":
        return [targets_example(code, "ci20-children-in-orphanages", {2023: 16.4, 2024: 17.0}, 2024)]
    if code == "target_reversal":
        return [targets_example(code, "ci11-new-school-places", {2023: 1.0, 2024: 5.0, 2025: 3.0}, 2025)]
    if code == "target_year_gap":
        return [targets_example(code, "ci11-new-school-places", {2023: 1.0, 2025: 2.0}, 2025)]
    if code == "section6_differs":
        return [section6_example(code, {2023: 90.0}, {2023: 91.0}, "concept_targets", "ci01-preschool-coverage|2023")]
    if code == "section6_missing_in_plan":
        return [section6_example(code, {2023: 90.0}, {2023: 90.0, 2024: 92.0}, "sources", f"{PLAN}|L101")]
    if code == "section6_missing_in_section6":
        return [section6_example(code, {2023: 90.0, 2024: 92.0}, {2023: 90.0}, "concept_targets",
                                 "ci01-preschool-coverage|2024")]
    if code == "mojibake":
        return [text_example(code, "", {}, f"{PLAN}|L50", oddities)]
    if code == "stray_mark":
        return [text_example(code, "concept_actions", {"action_no": 83}, "83", oddities)]
    if code == "split_target":
        return [text_example(code, "concept_targets", {"indicator_id": "ci03-preschool-water-sanitation",
                                                       "year": 2025}, "ci03-preschool-water-sanitation|2025", oddities)]
    if code == "unclosed_parenthesis":
        return [text_example(code, "concept_indicators", {"indicator_id": "ci04-pisa-mean-score"},
                             "ci04-pisa-mean-score", oddities)]
    if code == "duplicate_abbreviation":
        return [text_example(code, "abbreviations", {"abbr": "НАО", "expansion_ru": "Национальная академия"},
                             "НАО|Национальная академия", oddities)]
    return []


@pytest.fixture()
def oddities(monkeypatch) -> list:
    """The plan's text oddities the next text example reports (find_text_oddities reads a whole plan)."""
    reported: list[pl.DataFrame] = []
    monkeypatch.setattr(concept, "find_text_oddities", lambda doc: reported.pop())
    return reported


# --- Every kind is declared whole --------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(KINDS))
def test_a_kind_has_its_label_meaning_and_description_in_every_language(code):
    kind = KINDS[code]
    assert kind.code == code
    for part in ("label", "meaning", "description"):
        texts = getattr(kind, part)
        assert sorted(texts) == sorted(LANGUAGES), (code, part)
        assert all(text.strip() for text in texts.values()), (code, part)
    assert kind.queries or kind.found_by, f"{code}: neither queries nor a finder"


def test_codes_are_declared_once():
    declared = [kind.code for module_kinds in _declared() for kind in module_kinds]
    assert len(declared) == len(set(declared)) == len(KINDS)


def _declared() -> list[tuple]:
    from pipelines.check import agreement, arithmetic, comparability, corrected

    return [arithmetic.KINDS, agreement.KINDS, comparability.KINDS, concept.KINDS, corrected.KINDS]


def test_the_site_takes_labels_from_the_kinds_alone():
    """No flag label or meaning is written again in the interface strings (one home)."""
    strings = load_strings()
    again = [key for key in strings.table if key.startswith("flag.") and key.split(".")[1] in KINDS]
    assert again == []


def test_an_undeclared_kind_is_refused():
    with pytest.raises(KeyError, match="no quality issue kind 'no_such_kind'"):
        issue_kind("no_such_kind")
    with pytest.raises(KeyError, match="no_such_kind"):
        describe_kind("no_such_kind", {})


# --- Every kind fires on its example -----------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(KINDS))
def test_each_kind_fires_on_its_example(code, oddities):
    cases = examples(code, oddities)
    assert len(cases) >= max(1, len(KINDS[code].queries)), f"{code}: an example for each query"
    for case in cases:
        out = run_checks(case.frames, case.reasons, case.findings)
        issues = out["quality_issues"].filter(pl.col("kind") == code)
        assert (case.resource, case.row) in set(zip(issues["resource"], issues["row_key"], strict=True)), \
            issues.select("resource", "row_key").rows()
        if case.resource in out and "flags" in out[case.resource].columns:
            flags = out[case.resource]["flags"].to_list()
            assert any(code in f.split(";") for f in flags), flags
        for lang in LANGUAGES:
            assert issues[f"description_{lang}"].str.len_chars().min() > 10


def test_a_finding_on_a_row_a_resource_lacks_is_an_error():
    finding = {"kind": "mojibake", "resource": "concept_actions", "row_key": "999", "source_refs": f"{PLAN}:1",
               "params": {"quote": "x"}}
    with pytest.raises(ValueError, match="rows that do not exist in concept_actions"):
        run_checks({"concept_actions": rows_of("concept_actions", {"action_no": 1})}, {}, [finding])


def test_a_finding_that_names_neither_its_row_nor_its_line_is_an_error():
    finding = {"kind": "mojibake", "resource": "concept_actions", "source_refs": f"{PLAN}:1", "params": {"quote": "x"}}
    with pytest.raises(ValueError, match="mojibake finding names neither its row nor its line"):
        run_checks({"concept_actions": rows_of("concept_actions", {"action_no": 1})}, {}, [finding])


@pytest.mark.parametrize(("later_date", "flagged"), [("2024-05-30", False), ("2023-08-15", True)])
def test_a_briefing_s_year_is_compared_at_the_moment_it_describes(later_date, flagged):
    """A briefing of 30 May 2023 states "2023" as of that day: the next year's briefing (its "2024" as of
    30 May 2024, a year later) is an update, not a contradiction; one of August 2023 about the same year
    is within CLOSE_PERIOD_DAYS of it and is compared."""
    later = "005_0000000000000000"
    sources = rows_of("sources", {"source_id": BRIEFING, "date": "2023-05-30", "format": "briefing"},
                      {"source_id": later, "date": later_date, "format": "briefing"})
    figures = rows_of("national_figures", figure("000-L020-1", period="2023", value=1947.0),
                      figure("005-L020-1", period=later_date[:4], value=2160.0, source_id=later))
    out = run_checks({"national_figures": figures, "sources": sources}, {}, [])
    kinds = out["quality_issues"]["kind"].to_list()
    assert ("differs_between_documents" in kinds) is flagged, kinds
