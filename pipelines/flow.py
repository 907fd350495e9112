"""`make data` as named steps: what each step reads and what it writes, in the order they run.

    sources ─┬─ extract: security lists ──── normalise: security_coverage ─┬─ derive: progress ─┐
             ├─ extract: national figures ── normalise: national_figures ──┘                    │
             └─ extract: concept plan ──────────────────────────────────── check: concept plan ─┴─ check: flags
                                                                                                   and issues
    reference, corrections ─── (read by the extract, normalise and check steps)

A step is a function of named values; `run_steps` calls each with the values its `reads` names, in that
order, and keeps what it returns under the names of its `writes`. Every value is a frame, a table or a document set,
never a file: reading the inputs is the first steps' work and writing the package is publish's
(pipelines/publish/). `make data` runs all of STEPS (pipelines/run.py); the damaged-document suite
(tests/mutations.py) runs the same steps from `extract` to `normalise` on a damaged document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.check.checks import FLAGGED, QUERIED, QUERY_FLAGGED, run_checks
from pipelines.check.concept import section6_findings, target_findings, text_findings
from pipelines.errors import UnknownPlaces
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.formats import CONCEPT_PLAN, SECURITY_LISTS, STATEMENTS, documents_read_by
from pipelines.extract.national_figures import extract_national_figures
from pipelines.extract.security_lists import extract_all_security_lists
from pipelines.normalise.corrections import Correction, load_corrections
from pipelines.normalise.national_figures import clean_national_figures
from pipelines.normalise.progress import build_progress
from pipelines.normalise.security_coverage import clean_security_coverage
from pipelines.paths import CORRECTIONS, REFERENCE, ROOT, SOURCES
from pipelines.publish.fields import RESOURCES
from pipelines.reference import AliasTable, load_alias_table, load_reference
from pipelines.sources import (
    Document,
    build_sources,
    load_documents,
    the_document_of_format,
)


@dataclass(frozen=True)
class Step:
    name: str  # the step's line in `make data`'s output
    run: Callable[..., Any]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    # What the step's line says of its outputs (given in the order of `writes`).
    describe: Callable[..., str] = lambda *_: ""


# --- The steps' own functions (the rest are the layers' functions, used as they are) -------------------

def read_reference(reference_dir: Path) -> tuple[pl.DataFrame, pl.DataFrame, AliasTable]:
    """Regions, large-city groups and the alias table of their names (and of bodies)."""
    regions, large_cities = load_reference(reference_dir)
    return regions, large_cities, load_alias_table(reference_dir, (regions, large_cities))


def by_parser(documents: dict[str, Document]) -> tuple[dict[str, Document], ...]:
    """The documents each engine reads, by their `format` (pipelines/extract/formats.py): the quarterly
    notes (their lists, and their prose), the Concept plan, and the one-off documents (their prose)."""
    def read_by(engine: str) -> dict[str, Document]:
        return {doc.source_id: doc for doc in documents_read_by(documents, engine)}

    notes = read_by(SECURITY_LISTS)
    return notes, read_by(CONCEPT_PLAN), {sid: doc for sid, doc in read_by(STATEMENTS).items() if sid not in notes}


def extract_lists(notes: dict[str, Document], aliases: AliasTable) -> tuple[pl.DataFrame | None, list]:
    """The lists of every quarterly note, and the place names the alias table does not know."""
    try:
        return extract_all_security_lists([doc for _, doc in sorted(notes.items())], aliases), []
    except UnknownPlaces as error:
        return None, [error]


def extract_figures(notes: dict[str, Document], one_offs: dict[str, Document], aliases: AliasTable
                    ) -> tuple[pl.DataFrame | None, list]:
    """The figures the prose of every document states, and the place names the alias table does not know."""
    try:
        return extract_national_figures({**one_offs, **notes}, aliases), []
    except UnknownPlaces as error:
        return None, [error]


def refuse_unknown_places(unknown_in_lists: list, unknown_in_figures: list) -> None:
    """Unknown place names of the lists and of the prose stop the build together, all in one run, so that
    a maintainer adds every alias at once."""
    if unknown_in_lists or unknown_in_figures:
        raise UnknownPlaces([*unknown_in_lists, *unknown_in_figures])


def extract_plan(plans: dict[str, Document], aliases: AliasTable) -> tuple[Document, dict[str, pl.DataFrame]]:
    """The Concept plan (the one document its engine reads) and its frames, its bodies named by the alias
    table the reference step read."""
    plan_document = the_document_of_format(plans, "concept_plan")
    return plan_document, parse_concept_plan(plan_document, aliases=aliases)


def plan_findings(plan_document: Document, plan: dict[str, pl.DataFrame]) -> list[dict]:
    """The plan's findings: odd target paths, section 6 against the plan, problems in the text."""
    targets = plan["concept_targets"]
    return (target_findings(targets, plan["concept_indicators"])
            + section6_findings(targets, plan["section6_targets"], plan_document.source_id)
            + text_findings(plan_document, plan))


def check_resources(plan: dict[str, pl.DataFrame], corrections: list[Correction], plan_findings: list[dict],
                    *resources: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every resource of the package (those of CHECKED, then the plan's), flagged, with quality_issues."""
    frames = {**dict(zip(CHECKED, resources, strict=True)), **{name: plan[name] for name in PLAN_RESOURCES}}
    return run_checks(frames, {c.id: c.reasons for c in corrections}, plan_findings)


PLAN_RESOURCES = ("concept_indicators", "concept_targets", "concept_actions", "abbreviations")
# The resources check_resources flags, besides the plan's: every other resource of the field dictionary.
CHECKED = tuple(spec.name for spec in RESOURCES if spec.name not in (*PLAN_RESOURCES, "quality_issues"))


# The step after which the resources of `final_before_checks` are known.
FINAL_BEFORE_CHECKS_AFTER = "check: concept plan"


def final_before_checks(values: Mapping[str, Any]) -> dict[str, pl.DataFrame]:
    """The resources whose rows and flags are known before `check: flags and issues` runs, as it will return
    them, from the values of the steps run so far: the plan's, flagged by the checks run on them alone (no
    query reads or flags them, so their flags are the findings on their own rows), and those the checks do
    not flag (the reference's, the sources table). Only resources whose foreign keys point within the set:
    each is validated with the rows its keys point to (pipelines/publish/validate.py validates them ahead)."""
    frames = {name: values[name] for name in CHECKED if name not in FLAGGED and name in values}
    if {"plan", "corrections", "plan_findings"} <= set(values) and not set(PLAN_RESOURCES) & (QUERIED | QUERY_FLAGGED):
        flagged = run_checks({name: values["plan"][name] for name in PLAN_RESOURCES},
                             {c.id: c.reasons for c in values["corrections"]}, values["plan_findings"], issues=False)
        frames.update({name: flagged[name] for name in PLAN_RESOURCES})
    while True:
        outside = {spec.name for spec in RESOURCES if spec.name in frames and any(
            (key["reference"].get("resource") or spec.name) not in frames for key in spec.foreign_keys)}
        if not outside:
            return frames
        frames = {name: frame for name, frame in frames.items() if name not in outside}


def _rows(frame: pl.DataFrame) -> str:
    return f"{frame.height} rows"


STEPS: tuple[Step, ...] = (
    Step("sources: read documents", load_documents, ("sources_dir", "root"), ("documents",),
         lambda documents: f"{len(documents)} documents, {sum(len(d.lines) for d in documents.values())} lines"),
    Step("reference: regions, cities", read_reference, ("reference_dir",), ("regions", "large_cities", "aliases"),
         lambda regions, large_cities, aliases: f"{regions.height} regions, {large_cities.height} city groups"),
    Step("corrections: load", load_corrections, ("corrections_path",), ("corrections",),
         lambda corrections: f"{len(corrections)} declared corrections"),
    Step("sources: table", build_sources, ("documents",), ("sources",), _rows),
    Step("sources: by parser", by_parser, ("documents",), ("notes", "plans", "one_offs"),
         lambda notes, plans, one_offs: f"{len(notes)} quarterly, {len(plans)} plan, {len(one_offs)} one-off"),
    Step("extract: concept plan", extract_plan, ("plans", "aliases"), ("plan_document", "plan"),
         lambda plan_document, plan: f"{plan['concept_indicators'].height} indicators, "
                                     f"{plan['concept_targets'].height} targets, "
                                     f"{plan['concept_actions'].height} actions"),
    Step("check: concept plan", plan_findings, ("plan_document", "plan"), ("plan_findings",),
         lambda plan_findings: f"{len(plan_findings)} findings"),
    Step("extract: security lists", extract_lists, ("notes", "aliases"), ("raw_coverage", "unknown_in_lists"),
         lambda raw_coverage, unknown_in_lists: f"{raw_coverage.height} rows" if raw_coverage is not None else ""),
    Step("extract: national figures", extract_figures, ("notes", "one_offs", "aliases"),
         ("raw_figures", "unknown_in_figures"),
         lambda raw_figures, unknown_in_figures: f"{raw_figures.height} rows" if raw_figures is not None else ""),
    Step("extract: place names known", refuse_unknown_places, ("unknown_in_lists", "unknown_in_figures"), ()),
    Step("normalise: security_coverage", clean_security_coverage, ("raw_coverage", "large_cities", "corrections"),
         ("security_coverage",), _rows),
    Step("normalise: national_figures", clean_national_figures, ("raw_figures", "corrections"),
         ("national_figures",), _rows),
    Step("derive: progress", build_progress, ("national_figures", "security_coverage"), ("progress",), _rows),
    Step("check: flags and issues", check_resources, ("plan", "corrections", "plan_findings", *CHECKED),
         ("resources",), lambda resources: f"{resources['quality_issues'].height} issues"),
)


def report_step(name: str, detail: str, seconds: float) -> None:
    """One line of `make data`'s output: the step, what it made, how long it took."""
    print(f"  {name:<28} {detail:<44} {seconds * 1000:7.0f} ms", flush=True)


Reporter = Callable[[str, str, float], None]


def run_steps(steps: Iterable[Step], values: Mapping[str, Any], report: Reporter | None = report_step,
              earlier: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run `steps` in order on `values` (name → value); return every value, given and made.

    A step reads only what `values` or an earlier step provides. With `earlier` (every value of a previous
    run), a step whose inputs are those of that run (the same objects, or the same documents) is not run
    again: its outputs are taken from it. A step that names its outputs in its report line gets one.
    """
    values = dict(values)
    for step in steps:
        missing = [name for name in step.reads if name not in values]
        if missing:
            raise KeyError(f"step {step.name!r} reads {missing}, which no earlier step writes")
        if earlier is not None and all(_unchanged(values[name], earlier.get(name)) for name in step.reads):
            values.update({name: earlier[name] for name in step.writes})
            continue
        started = time.perf_counter()
        result = step.run(*(values[name] for name in step.reads))
        outputs = dict(zip(step.writes, result if len(step.writes) > 1 else (result,), strict=True)) \
            if step.writes else {}
        values.update(outputs)
        if report is not None and step.writes:
            report(step.name, step.describe(*outputs.values()), time.perf_counter() - started)
    return values


def _unchanged(value: Any, before: Any) -> bool:
    """The same object, or documents with the same lines (a copy read again from the same bytes)."""
    if value is before:
        return True
    if isinstance(value, dict) and isinstance(before, dict) and value.keys() == before.keys() \
            and all(isinstance(v, Document) for v in value.values()):
        return all(value[k] == before[k] for k in value)
    return False


def inputs(sources_dir: Path = SOURCES, reference_dir: Path = REFERENCE, corrections_path: Path = CORRECTIONS,
           root: Path = ROOT) -> dict[str, Path]:
    """The values the first steps read: where the inputs are."""
    return {"sources_dir": sources_dir, "reference_dir": reference_dir, "corrections_path": corrections_path,
            "root": root}


def inputs_under(root: Path) -> dict[str, Path]:
    """The inputs of a repository at `root`, laid out as this one."""
    return inputs(*(root / path.relative_to(ROOT) for path in (SOURCES, REFERENCE, CORRECTIONS)), root)


def build_frames(sources_dir: Path = SOURCES, reference_dir: Path = REFERENCE, corrections_path: Path = CORRECTIONS,
                 root: Path = ROOT, steps: Iterable[Step] = STEPS) -> dict[str, pl.DataFrame]:
    """Every resource of the package as a frame: the steps from the documents to the checks."""
    return run_steps(steps, inputs(sources_dir, reference_dir, corrections_path, root))["resources"]

