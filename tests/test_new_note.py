"""A new quarterly note in the format of 004 flows through every resource (fixture: invented figures)."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from pipelines.paths import ROOT
from pipelines.run import build_frames

FIXTURE = Path(__file__).parent / "fixtures" / "security_note_2023q2.txt"
NEW_ID = "005_0f1e2d3c4b5a6978"
METADATA = """title: "Ақпарат"
title_en: "Synthetic quarterly note for tests (invented figures)"
description_en: "Invented figures in the format of note 004, used only by the test suite."
issuer: "Test fixture"
date: "2023"
language: kk
periods: ["2023-Q2"]
format: security_note
"""


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(FIXTURE, root / "data/sources" / f"{NEW_ID}.txt")
    (root / "data/sources" / f"{NEW_ID}.yml").write_text(METADATA, encoding="utf-8")
    return build_frames(root / "data/sources", root / "data/reference", root / "data/corrections.yml", root)


def test_the_new_quarter_has_all_240_list_rows(frames):
    coverage = frames["security_coverage"]
    assert coverage.height == 480
    assert coverage.group_by("period").len().sort("period").rows() == [("2023-Q1", 240), ("2023-Q2", 240)]
    west = coverage.filter((pl.col("period") == "2023-Q2") & (pl.col("measure") == "cctv_police_link")
                           & (pl.col("org_type") == "school") & (pl.col("region_code") == "KZ-27"))
    assert west.select("count", "total", "percent", "source_id").row(0) == (185, 373, 49.6, NEW_ID)


def test_the_old_quarter_is_unchanged(frames):
    published = pl.read_csv(ROOT / "data/security_coverage.csv", infer_schema=False)
    q1 = frames["security_coverage"].filter(pl.col("period") == "2023-Q1")
    assert sorted(q1["count"].cast(pl.String).to_list()) == sorted(published["count"].to_list())


def test_national_totals_and_the_period_over_period_comparison(frames):
    figures = frames["national_figures"].filter(pl.col("source_id") == NEW_ID)
    linked = figures.filter((pl.col("measure") == "cctv_police_link") & (pl.col("org_type") == "all")
                            & (pl.col("unit") == "count"))
    assert linked.select("period", "value").row(0) == ("2023-Q2", 7336)
    assert figures["figure_id"].str.starts_with("005-").all()
    progress = frames["progress"].filter((pl.col("comparison") == "since_previous")
                                         & (pl.col("measure") == "cctv_police_link")
                                         & (pl.col("org_type") == "all") & (pl.col("period_to") == "2023-Q2"))
    assert progress.select("period_from", "value_from", "value_to", "change_abs").row(0) == (
        "2023-Q1", 5985, 7336, 1351)


def test_successive_quarters_are_not_flagged_as_contradictions(frames):
    issues = frames["quality_issues"]
    q1_rows_against_q2 = (pl.col("row_key").str.starts_with("004-") & pl.col("source_refs").str.contains(NEW_ID))
    q2_rows_against_q1 = (pl.col("row_key").str.starts_with("005-")
                          & pl.col("source_refs").str.contains("004_08b2a54d8bb8e082"))
    between_notes = issues.filter(q1_rows_against_q2 | q2_rows_against_q1)
    assert between_notes.height == 0, between_notes["issue_id"].to_list()
    # The briefing of March 2023 is compared with the Q1 note, the nearest in time, not with Q2.
    assert "differs_from_note_list" not in set(issues.filter(pl.col("source_refs").str.contains(NEW_ID))["kind"])
    # What the invented note repeats from 004 is still found: Almaty city's 191 kindergartens.
    assert "security_coverage:turnstile|city|kindergarten|KZ-75|2023-Q2:total_differs_between_lists" in set(
        issues["issue_id"])
