"""The checks the pipeline runs and publishes: each finding becomes a row flag and a quality issue.

Checks are DuckDB SQL over the Polars frames: each query returns the rows it finds with the columns
`kind`, `resource`, `row_key`, `source_refs` and the named values its description needs. Thresholds
are named constants; none is tuned to hide a finding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.check.descriptions import describe

# A printed whole percent may differ from count/total×100 by rounding (< 0.5) or truncation (< 1).
PERCENT_TOLERANCE_POINTS = 1.0

ROW_KEYS = {
    "security_coverage": "concat_ws('|', measure, area_type, org_type, region_code)",
    "national_figures": "figure_id",
    "concept_targets": "concat_ws('|', indicator_id, breakdown, CAST(year AS VARCHAR))",
    "concept_actions": "CAST(action_no AS VARCHAR)",
}


@dataclass(frozen=True)
class Check:
    name: str
    requires: tuple[str, ...]
    sql: str


CHECKS = [
    Check("count_exceeds_total", ("security_coverage",), f"""
        SELECT 'count_exceeds_total' AS kind, 'security_coverage' AS resource,
               {ROW_KEYS['security_coverage']} AS row_key,
               source_id || ':' || source_line AS source_refs,
               source_text AS quote, count_as_published AS count, total_as_published AS total
        FROM security_coverage WHERE count_as_published > total_as_published
    """),
    Check("percent_mismatch", ("security_coverage",), f"""
        SELECT 'percent_mismatch' AS kind, 'security_coverage' AS resource,
               {ROW_KEYS['security_coverage']} AS row_key,
               source_id || ':' || source_line AS source_refs,
               source_text AS quote, count, total, percent_as_published AS printed,
               round(100.0 * count / total, 1) AS computed
        FROM security_coverage
        WHERE total > 0 AND abs(100.0 * count / total - percent_as_published) >= {PERCENT_TOLERANCE_POINTS}
    """),
    # The same place and organisation type should have one total in every list of a note: the
    # region list's city rows (Astana, Almaty, Shymkent) and the large-city lists included.
    Check("total_differs_between_lists", ("security_coverage", "regions", "large_cities"), f"""
        WITH placed AS (
            SELECT c.*, {ROW_KEYS['security_coverage']} AS row_key,
                   CASE WHEN c.area_type = 'city' THEN c.city_group
                        WHEN r.kind = 'city' THEN (SELECT l.city_group FROM large_cities l
                                                   WHERE l.region_code = c.region_code)
                        ELSE c.region_code END AS place
            FROM security_coverage c JOIN regions r ON r.code = c.region_code
        ),
        modes AS (
            SELECT period, org_type, place, total_as_published AS total, count(*) AS lists,
                   row_number() OVER (PARTITION BY period, org_type, place
                                      ORDER BY count(*) DESC, total_as_published) AS rank,
                   count(*) OVER (PARTITION BY period, org_type, place) AS distinct_totals
            FROM placed GROUP BY period, org_type, place, total_as_published
        )
        SELECT 'total_differs_between_lists' AS kind, 'security_coverage' AS resource, p.row_key,
               (SELECT string_agg(DISTINCT q.source_id || ':' || q.source_line, ';'
                                  ORDER BY q.source_id || ':' || q.source_line)
                FROM placed q WHERE q.period = p.period AND q.org_type = p.org_type AND q.place = p.place)
               AS source_refs,
               p.source_text AS quote, p.total_as_published AS total, m.total AS usual_total, m.lists AS lists
        FROM placed p
        JOIN modes m ON m.period = p.period AND m.org_type = p.org_type AND m.place = p.place AND m.rank = 1
        WHERE m.distinct_totals > 1 AND p.total_as_published <> m.total
    """),
]


def _connect(frames: dict[str, pl.DataFrame]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in frames.items():
        con.register(name, frame.to_arrow())
    return con


def find_issues(frames: dict[str, pl.DataFrame]) -> list[dict]:
    con = _connect(frames)
    findings: list[dict] = []
    for check in CHECKS:
        if not all(name in frames for name in check.requires):
            continue
        result = con.sql(check.sql)
        columns = result.columns
        for values in result.fetchall():
            row = dict(zip(columns, values, strict=True))
            params = {k: v for k, v in row.items() if k not in ("kind", "resource", "row_key", "source_refs")}
            findings.append({"kind": row["kind"], "resource": row["resource"], "row_key": row["row_key"],
                             "source_refs": row["source_refs"], "params": params})
    con.close()
    return findings


def correction_findings(frames: dict[str, pl.DataFrame], reasons: dict[str, dict[str, str]]) -> list[dict]:
    findings = []
    for resource, frame in frames.items():
        if "correction_id" not in frame.columns:
            continue
        con = _connect({resource: frame})
        query = f"""SELECT {ROW_KEYS[resource]} AS row_key, correction_id, source_id || ':' || source_line
                    AS source_refs, source_text FROM {resource} WHERE correction_id <> '' ORDER BY row_key"""
        for row_key, correction_id, refs, quote in con.sql(query).fetchall():
            findings.append({"kind": "corrected", "resource": resource, "row_key": row_key, "source_refs": refs,
                             "params": {"correction_id": correction_id, "quote": quote,
                                        **{f"reason_{lang}": text for lang, text in reasons[correction_id].items()}}})
        con.close()
    return findings


def issue_id(finding: dict) -> str:
    return f"{finding['resource']}:{finding['row_key']}:{finding['kind']}"


def build_quality_issues(findings: list[dict]) -> pl.DataFrame:
    rows = []
    for finding in findings:
        text = describe(finding["kind"], finding["params"])
        rows.append({
            "issue_id": issue_id(finding),
            "kind": finding["kind"],
            "resource": finding["resource"],
            "row_key": finding["row_key"],
            "description_en": text["en"],
            "description_ru": text["ru"],
            "description_kk": text["kk"],
            "source_refs": finding["source_refs"],
            "details": json.dumps(finding["params"], ensure_ascii=False, sort_keys=True, default=str),
        })
    frame = pl.DataFrame(rows, schema={
        "issue_id": pl.String, "kind": pl.String, "resource": pl.String, "row_key": pl.String,
        "description_en": pl.String, "description_ru": pl.String, "description_kk": pl.String,
        "source_refs": pl.String, "details": pl.String,
    })
    duplicated = frame.filter(pl.col("issue_id").is_duplicated())
    if duplicated.height:
        raise ValueError(f"duplicate quality issues: {duplicated['issue_id'].to_list()[:5]}")
    return frame.sort("issue_id")


def attach_flags(frame: pl.DataFrame, resource: str, findings: list[dict]) -> pl.DataFrame:
    """Add the `flags` column: the sorted kinds of every finding on each row."""
    by_key: dict[str, set[str]] = {}
    for finding in findings:
        if finding["resource"] == resource:
            by_key.setdefault(finding["row_key"], set()).add(finding["kind"])
    con = _connect({resource: frame})
    keys = [k for (k,) in con.sql(f"SELECT {ROW_KEYS[resource]} FROM {resource}").fetchall()]
    con.close()
    unknown = set(by_key) - set(keys)
    if unknown:
        raise ValueError(f"findings for rows that do not exist in {resource}: {sorted(unknown)[:5]}")
    flags = [";".join(sorted(by_key.get(key, ()))) for key in keys]
    return frame.with_columns(pl.Series("flags", flags, dtype=pl.String))


def run_checks(frames: dict[str, pl.DataFrame], correction_reasons: dict[str, dict[str, str]] | None = None
               ) -> dict[str, pl.DataFrame]:
    findings = find_issues(frames) + correction_findings(frames, correction_reasons or {})
    out = dict(frames)
    for resource in ROW_KEYS:
        if resource in out:
            out[resource] = attach_flags(out[resource], resource, findings)
    out["quality_issues"] = build_quality_issues(findings)
    return out
