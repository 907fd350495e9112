"""What the Concept plan's findings are made of: where section 6 and the plan disagree, odd steps in the
target paths, and oddities of the text itself (reported, never fixed)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping

import polars as pl

from pipelines.extract.plan_spec import HIGHER, LOWER, PlanSpec
from pipelines.extract.plan_table import parse_glossary, parse_plan, parse_section6, plan_spec_of
from pipelines.sources import Document

# Anomaly thresholds for find_target_anomalies.
LARGE_DROP_POINTS = 20.0  # a percent target falling by more than this many points in one year


def compare_section6(targets: pl.DataFrame, section6: pl.DataFrame) -> pl.DataFrame:
    """Every (indicator, breakdown, year) of the restated sub-items whose value differs from the
    plan or that only one of the two has. Plan indicators not restated in section 6 are skipped."""
    keys = ["indicator_id", "breakdown", "year"]
    plan = targets.filter(pl.col("indicator_id").is_in(section6["indicator_id"].unique().implode())).select(
        *keys, pl.col("target").alias("plan_target"), pl.col("source_line").alias("plan_line"))
    restated = section6.select(*keys, pl.col("target").alias("section6_target"),
                               pl.col("source_line").alias("section6_line"))
    kind = (
        pl.when(pl.col("plan_target").is_null()).then(pl.lit("missing_in_plan"))
        .when(pl.col("section6_target").is_null()).then(pl.lit("missing_in_section6"))
        .when(pl.col("plan_target") != pl.col("section6_target")).then(pl.lit("differs"))
    )
    return (
        plan.join(restated, on=keys, how="full", coalesce=True)
        .with_columns(kind.alias("kind"))
        .filter(pl.col("kind").is_not_null())
        .select(*keys, "plan_target", "section6_target", "plan_line", "section6_line", "kind")
        .sort(keys)
    )


def find_target_anomalies(targets: pl.DataFrame, directions: Mapping[str, str]) -> pl.DataFrame:
    """Odd steps in each target path (indicator × breakdown, by year); `directions` gives each
    indicator's direction (higher_is_better, lower_is_better, or "" for neither).

    kinds: "large_drop" (a percent target falls by more than LARGE_DROP_POINTS points),
    "decrease" (any fall of a higher_is_better indicator), "increase" (any rise of a
    lower_is_better one), "reversal" (the path turns: a rise after a fall or a fall after a rise),
    "year_gap" (a yearly path skips a year; PISA cycles are not yearly).
    """
    rows: list[dict] = []

    def add(row: dict, kind: str, description: str) -> None:
        rows.append({"indicator_id": row["indicator_id"], "breakdown": row["breakdown"], "year": row["year"],
                     "kind": kind, "description_en": description, "source_line": row["source_line"]})

    for (indicator_id, _breakdown), series in targets.sort("year").group_by(
            ["indicator_id", "breakdown"], maintain_order=True):
        path = series.to_dicts()
        direction = directions.get(str(indicator_id), "")
        last_step = 0.0
        for prev, cur in itertools.pairwise(path):
            step = cur["target"] - prev["target"]
            where = f"{prev['period_label']} {prev['target']:g} → {cur['period_label']} {cur['target']:g}"
            if prev["period_label"] == str(prev["year"]) and cur["year"] - prev["year"] > 1:
                add(cur, "year_gap", f"no target between {prev['year']} and {cur['year']}")
            if cur["unit"] == "percent" and step < -LARGE_DROP_POINTS:
                add(cur, "large_drop", f"falls by {-step:g} points: {where}")
            if direction == HIGHER and step < 0:
                add(cur, "decrease", f"falls although higher is better: {where}")
            if direction == LOWER and step > 0:
                add(cur, "increase", f"rises although lower is better: {where}")
            if step and last_step and (step > 0) != (last_step > 0):
                add(cur, "reversal", f"{'rises' if step > 0 else 'falls'} again after "
                                     f"{'falling' if step > 0 else 'rising'}: {where}")
            if step:
                last_step = step
    schema = {"indicator_id": pl.String, "breakdown": pl.String, "year": pl.Int64, "kind": pl.String,
              "description_en": pl.String, "source_line": pl.Int64}
    return pl.DataFrame(rows, schema=schema).sort("indicator_id", "breakdown", "year", "kind")


MOJIBAKE = re.compile(r"\w*(?<=[а-яё])Ұ\w*")


def find_text_oddities(doc: Document, spec: PlanSpec | None = None) -> pl.DataFrame:
    """Things in the document a reader should know about, reported rather than fixed:
    "mojibake" ('Ұ' for 'ё' inside Russian words), "stray_mark" (action number cell),
    "unclosed_parenthesis" (targets never closed), "split_target" (a target's value on the line
    after its year), "duplicate_abbreviation"."""
    rows: list[dict] = []

    def add(line: int, kind: str, description: str, text: str) -> None:
        rows.append({"source_line": line, "kind": kind, "description_en": description, "source_text": text})

    # Only lines with an 'Ұ' are searched: the pattern tries every word of a line, at every letter.
    for number, line in doc.numbered():
        for m in MOJIBAKE.finditer(line) if "Ұ" in line else ():
            add(number, "mojibake", "'Ұ' inside a Russian word, probably 'ё'", m.group(0))
    spec = plan_spec_of(doc) if spec is None else spec
    plan = parse_plan(doc, spec)
    for action in plan.actions:
        if action.stray_mark:
            add(action.number_line, "stray_mark", f"stray {action.stray_mark!r} after action number {action.number}",
                doc.line(action.number_line).strip())
    items = parse_section6(doc, spec)
    texts = [(f"indicator {i.order}", i.text) for i in plan.indicators]
    texts += [(f"section 6 sub-item {i.number}", i.text) for i in items]
    for label, text in texts:
        if text.unclosed:
            add(text.name_line, "unclosed_parenthesis", f"{label}: the targets parenthesis is never closed",
                text.name)
        for target in text.targets:
            if target.split_across_lines:
                add(target.line, "split_target", f"{label}: the value of {target.period_label} is on the next line",
                    target.text)
    glossary = parse_glossary(doc, plan.last_line)
    counts = Counter(e.abbr for e in glossary)
    for entry in glossary:
        if counts[entry.abbr] > 1:
            add(entry.line, "duplicate_abbreviation", f"{entry.abbr} is defined {counts[entry.abbr]} times", entry.abbr)
    schema = {"source_line": pl.Int64, "kind": pl.String, "description_en": pl.String, "source_text": pl.String}
    return pl.DataFrame(rows, schema=schema).sort("source_line", "kind")
