"""Findings about the Concept plan (document 003): odd target paths and problems in the text."""

from __future__ import annotations

import polars as pl

from pipelines.extract.plan_findings import compare_section6, find_target_anomalies, find_text_oddities
from pipelines.sources import Document

ANOMALY_KINDS = {
    "large_drop": "target_large_drop",
    "decrease": "target_decreases",
    "increase": "target_increases",
    "reversal": "target_reversal",
    "year_gap": "target_year_gap",
}


def _target_key(indicator_id: str, breakdown: str, year: int) -> str:
    return f"{indicator_id}|{breakdown}|{year}"


def target_findings(targets: pl.DataFrame, indicators: pl.DataFrame) -> list[dict]:
    """Odd steps in the yearly target paths, on the target row where the step lands (each indicator's
    direction as `indicators` publishes it)."""
    by_key = {(r["indicator_id"], r["breakdown"], r["year"]): r for r in targets.iter_rows(named=True)}
    directions = dict(zip(indicators["indicator_id"], indicators["direction"], strict=True))
    findings = []
    for anomaly in find_target_anomalies(targets, directions).iter_rows(named=True):
        key = (anomaly["indicator_id"], anomaly["breakdown"], anomaly["year"])
        row = by_key[key]
        earlier = [r for (i, b, y), r in by_key.items() if (i, b) == key[:2] and y < key[2]]
        previous = max(earlier, key=lambda r: r["year"])
        findings.append({
            "kind": ANOMALY_KINDS[anomaly["kind"]], "resource": "concept_targets", "row_key": _target_key(*key),
            "source_refs": f"{row['source_id']}:{row['source_line']}",
            "params": {"previous_label": previous["period_label"], "previous": previous["target"],
                       "label": row["period_label"], "value": row["target"], "quote": row["source_text"]},
        })
    return findings


def section6_findings(targets: pl.DataFrame, section6: pl.DataFrame, source_id: str) -> list[dict]:
    """Where the restated sub-items of section 6 disagree with the Action Plan."""
    findings = []
    for diff in compare_section6(targets, section6).iter_rows(named=True):
        refs = ";".join(f"{source_id}:{line}" for line in (diff["plan_line"], diff["section6_line"]) if line)
        findings.append({
            "kind": f"section6_{diff['kind']}", "resource": "concept_targets",
            "row_key": _target_key(diff["indicator_id"], diff["breakdown"], diff["year"]), "source_refs": refs,
            "params": {"plan": diff["plan_target"], "section6": diff["section6_target"]},
        })
    return findings


def text_findings(doc: Document, frames: dict[str, pl.DataFrame]) -> list[dict]:
    """Problems in the text itself, on the row they touch, or on the document when no row holds them."""
    targets = {(r["source_line"], r["source_text"]): r for r in frames["concept_targets"].iter_rows(named=True)}
    indicators = {r["source_line"]: r for r in frames["concept_indicators"].iter_rows(named=True)}
    actions = {r["source_line"]: r for r in frames["concept_actions"].iter_rows(named=True)}
    abbreviations = {r["source_line"]: r for r in frames["abbreviations"].iter_rows(named=True)}
    findings = []
    for odd in find_text_oddities(doc).iter_rows(named=True):
        line, kind, quote = odd["source_line"], odd["kind"], odd["source_text"]
        resource, row_key = "sources", f"{doc.source_id}|L{line}"
        if kind == "split_target" and (line, quote) in targets:
            target = targets[(line, quote)]
            resource, row_key = "concept_targets", _target_key(target["indicator_id"], target["breakdown"],
                                                               target["year"])
        elif kind == "unclosed_parenthesis" and line in indicators:
            resource, row_key = "concept_indicators", indicators[line]["indicator_id"]
        elif kind == "stray_mark" and line in actions:
            resource, row_key = "concept_actions", str(actions[line]["action_no"])
        elif kind == "duplicate_abbreviation" and line in abbreviations:
            entry = abbreviations[line]
            resource, row_key = "abbreviations", f"{entry['abbr']}|{entry['expansion_ru']}"
        findings.append({"kind": kind, "resource": resource, "row_key": row_key,
                         "source_refs": f"{doc.source_id}:{line}", "params": {"quote": quote}})
    return findings
