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
from pipelines.duck import connect
from pipelines.normalise.periods import PERIOD_BOUNDS, period_bounds

# A printed whole percent may differ from count/total×100 by rounding (< 0.5) or truncation (< 1).
PERCENT_TOLERANCE_POINTS = 1.0
# Figures of two documents this close in time (gap in days between the moments they describe) may
# describe the same moment; which of them are compared is the nearest-period rule below.
CLOSE_PERIOD_DAYS = 92
# The kinds of finding that question a count within its own document: a progress row built on the
# count carries them too. (A disagreement with another document stays on the figure: a comparison
# across documents is what progress itself shows.)
INHERITED_KINDS = ("corrected", "count_exceeds_total", "percent_mismatch", "total_differs_between_lists",
                   "differs_from_list_sum", "parts_do_not_sum")

# Each figure's moment: its period, ending at its document's date when the period was still running
# then ("2023" in a document of 2023-03-07 is the count as of that day). A figure is compared with a
# figure of another document, or of the series of quarterly notes, whose period it could know (begun
# by its document's date) and that is nearest to that moment, preferring periods that had ended by its
# document's date: a document of 30 May is compared with Q1, the last quarter it could have figures for,
# not with the Q2 still running (Q2's note reports the end of June); a document of 7 March, when no
# quarter had ended yet, with the Q1 that contains it. The quarterly notes never choose: each is compared only with the figures that choose
# it, and two quarters are successive states of a series, not two accounts of one moment.
MOMENTS = f"""
    SELECT n.*, {PERIOD_BOUNDS}, {period_bounds("s.date", "doc")}, s.format = 'security_note' AS is_note,
           CASE WHEN s.format = 'security_note' THEN s.format ELSE n.source_id END AS series
    FROM national_figures n JOIN sources s USING (source_id)
"""
NEAREST = f"""
    SELECT a.figure_id AS chooser, b.*,
           rank() OVER (PARTITION BY a.figure_id, b.series
                        ORDER BY b.period_end > a.doc_end,
                                 greatest(b.period_start - a.moment_end, a.moment_start - b.period_end, 0),
                                 greatest(b.period_start - a.moment_end, a.moment_end - b.period_end, 0)) AS nearness
    FROM moments a JOIN moments b
      ON a.measure = b.measure AND a.org_type = b.org_type AND a.scope = b.scope AND a.locality = b.locality
     AND a.city_group = b.city_group AND a.unit = b.unit AND a.series <> b.series AND NOT a.is_note
     AND b.period_start <= a.doc_end
     AND NOT (a.period LIKE '____-Q_' AND b.period LIKE '____-Q_' AND a.period <> b.period)
     AND greatest(b.period_start - a.moment_end, a.moment_start - b.period_end, 0) <= {CLOSE_PERIOD_DAYS}
"""


def coverage_key(period: str = "period") -> str:
    """SQL for a security_coverage row's key (a region row has no city group: it is left out)."""
    return f"concat_ws('|', measure, area_type, org_type, region_code, nullif(city_group, ''), {period})"


# Each row's key as quality_issues.row_key gives it: the primary key's values, '|'-joined, empty ones left
# out; a comparison of national_figures totals in progress is keyed by its later figure and comparison.
ROW_KEYS = {
    "security_coverage": coverage_key(),
    "national_figures": "figure_id",
    "concept_targets": "concat_ws('|', indicator_id, breakdown, CAST(year AS VARCHAR))",
    "concept_actions": "CAST(action_no AS VARCHAR)",
    "progress": "CASE WHEN coalesce(figure_id_to, '') <> '' THEN figure_id_to || '|' || comparison "
                "ELSE concat_ws('|', comparison, measure, org_type, area_type, region_code, nullif(city_group, ''), "
                "period_to) END",
    "concept_indicators": "indicator_id",
    "abbreviations": "concat_ws('|', abbr, expansion_ru)",
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
        WITH keyed AS (SELECT *, {ROW_KEYS['security_coverage']} AS row_key FROM security_coverage),
        placed AS (
            SELECT c.*,
                   CASE WHEN c.area_type = 'city' THEN c.city_group
                        WHEN r.kind = 'city' THEN l.city_group
                        ELSE c.region_code END AS place
            FROM keyed c JOIN regions r ON r.code = c.region_code
            LEFT JOIN large_cities l ON r.kind = 'city' AND l.region_code = c.region_code
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
    # One measure stated differently by different documents for the same moment (see MOMENTS).
    Check("differs_between_documents", ("national_figures", "sources"), f"""
        WITH figures AS ({MOMENTS} WHERE n.qualifier = '' AND n.unit IN ('count', 'percent')),
        moments AS (
            SELECT *, period_start AS moment_start,
                   CASE WHEN doc_end >= period_start AND doc_end < period_end THEN doc_end ELSE period_end END
                   AS moment_end
            FROM figures
        ),
        chosen AS (SELECT chooser, figure_id AS chosen FROM ({NEAREST}) WHERE nearness = 1),
        compared AS (SELECT chooser AS a_id, chosen AS b_id FROM chosen
                     UNION SELECT chosen, chooser FROM chosen),
        pairs AS (
            SELECT a.figure_id, a.value, a.source_text AS quote,
                   a.source_id || ':' || a.source_line AS own_ref, b.source_id || ':' || b.source_line AS other_ref,
                   b.value AS other_value, b.period AS other_period, b.source_text AS other_quote
            FROM compared c JOIN moments a ON a.figure_id = c.a_id JOIN moments b ON b.figure_id = c.b_id
            WHERE a.value <> b.value
        )
        SELECT 'differs_between_documents' AS kind, 'national_figures' AS resource, figure_id AS row_key,
               own_ref || ';' || string_agg(DISTINCT other_ref, ';' ORDER BY other_ref) AS source_refs,
               any_value(quote) AS quote, any_value(value) AS value,
               string_agg(other_value || ' (' || other_period || ', ' || other_ref || ': «' || other_quote || '»)',
                          '; ' ORDER BY other_ref, other_value) AS others
        FROM pairs GROUP BY figure_id, own_ref
    """),
    # The region statements of the briefing against the list of the note nearest to them (see MOMENTS).
    Check("differs_from_note_list", ("national_figures", "security_coverage", "sources"), f"""
        WITH f AS (
            SELECT *, CASE WHEN doc_end >= period_start AND doc_end < period_end THEN doc_end ELSE period_end END
                      AS moment_end
            FROM ({MOMENTS} WHERE n.unit = 'count' AND n.denominator IS NOT NULL AND n.scope LIKE 'KZ-%')
        ),
        c AS (SELECT *, {PERIOD_BOUNDS} FROM security_coverage),
        statements AS (
            SELECT f.figure_id, f.value, f.denominator, f.source_text, f.source_id, f.source_line,
                   c.count AS list_count, c.total AS list_total, c.source_text AS list_quote,
                   c.source_id || ':' || c.source_line AS list_ref,
                   rank() OVER (PARTITION BY f.figure_id
                                ORDER BY c.period_end > f.doc_end,
                                         greatest(c.period_start - f.moment_end, f.period_start - c.period_end, 0),
                                         greatest(c.period_start - f.moment_end, f.moment_end - c.period_end, 0))
                   AS nearness
            FROM f JOIN c
              ON c.measure = f.measure AND c.org_type = f.org_type AND c.region_code = f.scope
             AND c.area_type = CASE WHEN f.measure = 'cctv_police_link' THEN 'region' ELSE 'city' END
             AND (f.city_group = '' OR c.city_group = f.city_group)
             AND c.period_start <= f.doc_end
        )
        SELECT 'differs_from_note_list' AS kind, 'national_figures' AS resource, figure_id AS row_key,
               source_id || ':' || source_line || ';' || list_ref AS source_refs,
               source_text AS quote, value, denominator, list_count, list_total, list_quote
        FROM statements WHERE nearness = 1 AND (value <> list_count OR denominator <> list_total)
    """),
    # Each list's sum against the total the note states for it (after declared corrections).
    Check("differs_from_list_sum", ("national_figures", "security_coverage"), """
        WITH sums AS (
            SELECT source_id, period, measure, org_type, area_type, sum(count) AS list_count,
                   sum(total) AS list_total, min(source_line) AS list_line
            FROM security_coverage GROUP BY ALL
        )
        SELECT 'differs_from_list_sum' AS kind, 'national_figures' AS resource, f.figure_id AS row_key,
               f.source_id || ':' || f.source_line || ';' || s.source_id || ':' || s.list_line AS source_refs,
               f.source_text AS quote, f.value, s.list_count AS list_sum
        FROM national_figures f
        JOIN sums s ON s.source_id = f.source_id AND s.period = f.period AND s.measure = f.measure
                   AND s.org_type = f.org_type
                   AND s.area_type = CASE f.scope WHEN 'national' THEN 'region' ELSE 'city' END
        WHERE f.unit = 'count' AND f.qualifier = '' AND f.scope IN ('national', 'large_cities')
          AND f.value <> s.list_count
    """),
    # The number of large cities a note states ("25 ірі қалада") against the cities of the groups its
    # lists name (data/reference/large_cities.csv): a group left out of every list shows here.
    Check("differs_from_list_sum", ("national_figures", "security_coverage", "large_cities"), """
        WITH listed AS (
            SELECT c.source_id, c.city_group, min(c.source_line) AS list_line
            FROM security_coverage c WHERE c.area_type = 'city' GROUP BY ALL
        ),
        cities AS (
            SELECT listed.source_id, sum(l.city_count) AS list_count, min(listed.list_line) AS list_line
            FROM listed JOIN large_cities l USING (city_group) GROUP BY ALL
        )
        SELECT 'differs_from_list_sum' AS kind, 'national_figures' AS resource, f.figure_id AS row_key,
               f.source_id || ':' || f.source_line || ';' || s.source_id || ':' || s.list_line AS source_refs,
               f.source_text AS quote, f.value, s.list_count AS list_sum
        FROM national_figures f JOIN cities s ON s.source_id = f.source_id
        WHERE f.measure = 'large_cities_total' AND f.unit = 'count' AND f.value <> s.list_count
    """),
    # Parts printed beside a total (by organisation type, or rural/urban) should add up to it.
    Check("parts_do_not_sum", ("national_figures",), """
        WITH parts AS (
            SELECT a.figure_id, a.value, a.qualifier, a.source_text AS quote,
                   a.source_id || ':' || a.source_line AS ref,
                   sum(p.value) AS parts_sum, count(*) AS parts,
                   string_agg(p.value::VARCHAR, ' + ' ORDER BY p.figure_id) AS parts_text
            FROM national_figures a JOIN national_figures p
              ON p.source_id = a.source_id AND p.source_line = a.source_line AND p.measure = a.measure
             AND p.scope = a.scope AND p.period = a.period AND p.unit = a.unit AND p.figure_id <> a.figure_id
             AND ((a.org_type = 'all' AND p.org_type <> 'all' AND p.locality = a.locality)
               OR (a.locality = '' AND p.locality <> '' AND p.org_type = a.org_type))
            WHERE a.unit = 'count'
            GROUP BY ALL
        )
        SELECT 'parts_do_not_sum' AS kind, 'national_figures' AS resource, figure_id AS row_key,
               ref AS source_refs, quote, value, parts_sum, parts_text
        FROM parts
        WHERE parts > 1 AND CASE qualifier WHEN '' THEN parts_sum <> value
                                           WHEN 'more_than' THEN parts_sum < value ELSE FALSE END
    """),
    # A percent printed with its count and denominator against count / denominator × 100.
    Check("percent_mismatch", ("national_figures",), f"""
        SELECT 'percent_mismatch' AS kind, 'national_figures' AS resource, p.figure_id AS row_key,
               p.source_id || ':' || p.source_line AS source_refs, p.source_text AS quote,
               c.value AS count, p.denominator AS total, p.value AS printed,
               round(100.0 * c.value / p.denominator, 1) AS computed
        FROM national_figures p JOIN national_figures c
          ON c.source_id = p.source_id AND c.source_line = p.source_line AND c.measure = p.measure
         AND c.org_type = p.org_type AND c.scope = p.scope AND c.period = p.period AND c.locality = p.locality
         AND c.unit = 'count' AND c.denominator = p.denominator
        WHERE p.unit = 'percent' AND p.denominator > 0
          AND abs(100.0 * c.value / p.denominator - p.value) >= {PERCENT_TOLERANCE_POINTS}
    """),
    # Stated multipliers against computed ones, to the precision the document states them.
    Check("multiplier_differs", ("progress",), f"""
        SELECT 'multiplier_differs' AS kind, 'progress' AS resource, {ROW_KEYS['progress']} AS row_key,
               source_id || ':' || source_line AS source_refs, source_text AS quote,
               multiplier_stated AS stated, multiplier_computed AS computed, value_from, value_to
        FROM progress
        WHERE multiplier_stated IS NOT NULL
          AND round(multiplier_computed, CASE WHEN multiplier_stated = floor(multiplier_stated) THEN 0 ELSE 1 END)
              <> multiplier_stated
    """),
]


def _connect(frames: dict[str, pl.DataFrame]) -> duckdb.DuckDBPyConnection:
    con = connect()
    for name, frame in frames.items():
        con.register(name, frame.to_arrow())
    return con


def find_issues(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame]) -> list[dict]:
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
    return findings


def correction_findings(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame],
                        reasons: dict[str, dict[str, str]]) -> list[dict]:
    findings = []
    for resource, frame in frames.items():
        if "correction_id" not in frame.columns:
            continue
        query = f"""SELECT {ROW_KEYS[resource]} AS row_key, correction_id, source_id || ':' || source_line
                    AS source_refs, source_text FROM {resource} WHERE correction_id <> '' ORDER BY row_key"""
        for row_key, correction_id, refs, quote in con.sql(query).fetchall():
            findings.append({"kind": "corrected", "resource": resource, "row_key": row_key, "source_refs": refs,
                             "params": {"correction_id": correction_id, "quote": quote,
                                        **{f"reason_{lang}": text for lang, text in reasons[correction_id].items()}}})
    return findings


def inherited_findings(con: duckdb.DuckDBPyConnection, findings: list[dict]) -> list[dict]:
    """Findings of INHERITED_KINDS on the counts a progress row compares, as findings on that row.

    Each keeps the kind, the values and the source lines of the count's own finding (the later count's
    when both counts have one of a kind; the source lines of both), so that its description says what
    is wrong with the number the comparison is built on.
    """
    on_rows: dict[tuple[str, str], list[dict]] = {}
    for finding in findings:
        if finding["kind"] in INHERITED_KINDS:
            on_rows.setdefault((finding["resource"], finding["row_key"]), []).append(finding)
    query = f"""
        SELECT {ROW_KEYS['progress']} AS row_key, 'national_figures' AS resource, figure_id_to, figure_id_from
        FROM progress WHERE coalesce(figure_id_to, '') <> ''
        UNION ALL
        SELECT {ROW_KEYS['progress']}, 'security_coverage', {coverage_key('period_to')}, {coverage_key('period_from')}
        FROM progress WHERE coalesce(figure_id_to, '') = ''
        ORDER BY row_key
    """
    out: list[dict] = []
    for row_key, resource, key_to, key_from in con.sql(query).fetchall():
        by_kind: dict[str, dict] = {}
        for key in (key_to, key_from):
            for finding in on_rows.get((resource, key), []):
                kept = by_kind.setdefault(finding["kind"], {**finding, "resource": "progress", "row_key": row_key,
                                                            "refs": set()})
                kept["refs"].update(finding["source_refs"].split(";"))
        for kind in sorted(by_kind):
            finding = by_kind[kind]
            refs = finding.pop("refs")
            out.append({**finding, "source_refs": ";".join(sorted(refs))})
    return out


def issue_id(finding: dict) -> str:
    return f"{finding['resource']}:{finding['row_key']}:{finding['kind']}"


def unique_findings(findings: list[dict]) -> list[dict]:
    """One finding per issue id; the same problem reached by two routes is one issue."""
    seen: dict[str, dict] = {}
    for finding in findings:
        seen.setdefault(issue_id(finding), finding)
    return list(seen.values())


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


def attach_flags(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, resource: str,
                 findings: list[dict]) -> pl.DataFrame:
    """Add the `flags` column: the sorted kinds of every finding on each row."""
    by_key: dict[str, set[str]] = {}
    for finding in findings:
        if finding["resource"] == resource:
            by_key.setdefault(finding["row_key"], set()).add(finding["kind"])
    keys = [k for (k,) in con.sql(f"SELECT {ROW_KEYS[resource]} FROM {resource}").fetchall()]
    unknown = set(by_key) - set(keys)
    if unknown:
        raise ValueError(f"findings for rows that do not exist in {resource}: {sorted(unknown)[:5]}")
    flags = [";".join(sorted(by_key.get(key, ()))) for key in keys]
    return frame.with_columns(pl.Series("flags", flags, dtype=pl.String))


def run_checks(frames: dict[str, pl.DataFrame], correction_reasons: dict[str, dict[str, str]] | None = None,
               extra_findings: list[dict] | None = None) -> dict[str, pl.DataFrame]:
    """Run every check; return the frames with `flags` and the `quality_issues` resource."""
    con = _connect(frames)
    try:
        findings = unique_findings(find_issues(con, frames)
                                   + correction_findings(con, frames, correction_reasons or {})
                                   + (extra_findings or []))
        if "progress" in frames:
            findings += inherited_findings(con, findings)
        out = dict(frames)
        for resource in ROW_KEYS:
            if resource in out:
                out[resource] = attach_flags(con, out[resource], resource, findings)
    finally:
        con.close()
    out["quality_issues"] = build_quality_issues(findings)
    return out
