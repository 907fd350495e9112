"""`make data`: every step from the documents to a validated data package.

Each step prints one line with its row counts and time. Outputs are staged in a temporary folder,
validated there, and only then moved over data/ and datapackage.json under an undo journal, so a run
that fails at any step, or is killed at any instant, leaves the previous outputs exactly as they were
(a commit cut short is rolled back by the next run's first step; see pipelines/publish/package.py).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polars as pl

from pipelines.check.checks import run_checks
from pipelines.check.concept_checks import section6_findings, target_findings, text_findings
from pipelines.errors import CheckFailure, SourceFormatError, UnknownPlaces
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.national_figures import extract_national_figures
from pipelines.extract.security_lists import extract_all_security_lists
from pipelines.normalise.corrections import load_corrections
from pipelines.normalise.national_figures import clean_national_figures
from pipelines.normalise.progress import build_progress
from pipelines.normalise.security_coverage import clean_security_coverage
from pipelines.paths import CORRECTIONS, REFERENCE, ROOT, SOURCES
from pipelines.publish.package import (
    JOURNAL,
    commit,
    recover,
    render_package,
    render_readme,
    stage,
    staged_root,
)
from pipelines.publish.validate import ValidationPool, validate_package
from pipelines.reference import load_alias_table, load_reference
from pipelines.sources import build_sources, documents_of_format, load_documents

T = TypeVar("T")


def step(name: str, action: Callable[[], T], describe: Callable[[T], str] = lambda _: "") -> T:
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    detail = describe(result)
    print(f"  {name:<28} {detail:<44} {elapsed * 1000:7.0f} ms", flush=True)
    return result


def rows(frame: pl.DataFrame) -> str:
    return f"{frame.height} rows"


def build_frames(sources_dir: Path = SOURCES, reference_dir: Path = REFERENCE,
                 corrections_path: Path = CORRECTIONS, root: Path = ROOT) -> dict[str, pl.DataFrame]:
    """Run extract → normalise → check and return every resource as a frame (no I/O but reading)."""
    # Load inputs
    documents = step("sources: read documents", lambda: load_documents(sources_dir, root),
                     lambda d: f"{len(d)} documents, {sum(len(x.lines) for x in d.values())} lines")
    regions, large_cities = step("reference: regions, cities", lambda: load_reference(reference_dir),
                                 lambda r: f"{r[0].height} regions, {r[1].height} city groups")
    aliases = load_alias_table(reference_dir, (regions, large_cities))
    corrections = step("corrections: load", lambda: load_corrections(corrections_path),
                       lambda c: f"{len(c)} declared corrections")

    # Process data
    notes = documents_of_format(documents, "security_note")
    # Unknown place names of the lists and of the prose are reported together, all in one run.
    unknown: list[UnknownPlaces] = []
    try:
        raw_coverage = step("extract: security lists", lambda: extract_all_security_lists(notes, aliases), rows)
    except UnknownPlaces as error:
        unknown.append(error)
    try:
        raw_figures = step("extract: national figures", lambda: extract_national_figures(documents, aliases), rows)
    except UnknownPlaces as error:
        unknown.append(error)
    if unknown:
        raise UnknownPlaces(unknown)
    coverage = step("normalise: security_coverage",
                    lambda: clean_security_coverage(raw_coverage, large_cities, corrections), rows)
    figures = step("normalise: national_figures", lambda: clean_national_figures(raw_figures, corrections), rows)
    progress = step("derive: progress", lambda: build_progress(figures, coverage), rows)
    plans = documents_of_format(documents, "concept_plan")
    if len(plans) != 1:
        raise SourceFormatError("data/sources", None, "exactly one document of format concept_plan",
                                f"{len(plans)} documents")
    plan_doc = plans[0]
    plan = step("extract: concept plan", lambda: parse_concept_plan(plan_doc),
                lambda p: f"{p['concept_indicators'].height} indicators, {p['concept_targets'].height} targets, "
                          f"{p['concept_actions'].height} actions")
    frames = {
        "sources": build_sources(documents),
        "regions": regions,
        "large_cities": large_cities,
        "security_coverage": coverage,
        "national_figures": figures,
        "progress": progress,
        "concept_indicators": plan["concept_indicators"],
        "concept_targets": plan["concept_targets"],
        "concept_actions": plan["concept_actions"],
        "abbreviations": plan["abbreviations"],
    }
    concept_findings = (target_findings(plan["concept_targets"])
                        + section6_findings(plan["concept_targets"], plan["section6_targets"], plan_doc.source_id)
                        + text_findings(plan_doc, plan))
    reasons = {c.id: c.reasons for c in corrections}
    return step("check: flags and issues", lambda: run_checks(frames, reasons, concept_findings),
                lambda f: f"{f['quality_issues'].height if 'quality_issues' in f else 0} issues")


def publish(files: dict[str, bytes], root: Path, pool: ValidationPool | None = None) -> None:
    """Stage, validate, then commit; whatever fails, the staging folder is removed and nothing moved."""
    staging = stage(files, root)
    try:
        step("validate: frictionless", lambda: validate_package(staged_root(staging), pool),
             lambda _: f"valid ({pool.workers} processes)" if pool else "valid")
        step("publish: commit", lambda: commit(staging, files, root), lambda _: f"{len(files)} files")
    finally:
        if not (root / JOURNAL).exists():  # else the staging folder holds the backup recovery needs
            shutil.rmtree(staging, ignore_errors=True)


def main(root: Path = ROOT) -> int:
    started = time.perf_counter()
    print("Building the data package", flush=True)
    if recover(root):
        print("  an interrupted commit was rolled back: the previous data package is in place", flush=True)
    # Started first, so that the validating processes get ready while the documents are parsed.
    pool = ValidationPool.start()
    try:
        frames = build_frames()
        files = step("publish: render CSV + JSON", lambda: render_package(frames) | render_readme(frames, root),
                     lambda f: f"{len(f)} files")
        publish(files, root, pool)
    except (SourceFormatError, CheckFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        print("The previous data package was left as it was.", file=sys.stderr)
        return 1
    finally:
        if pool is not None:
            pool.close()
    total_rows = sum(f.height for f in frames.values())
    flagged = sum(f.filter(pl.col("flags") != "").height for f in frames.values() if "flags" in f.columns)
    print(f"Done in {time.perf_counter() - started:.1f} s: {len(frames)} resources, {total_rows} rows, "
          f"{flagged} flagged rows, {frames['quality_issues'].height if 'quality_issues' in frames else 0} "
          "quality issues.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
