"""The `progress` resource: change since the earliest period, per measure and organisation type.

Derived from `national_figures` in DuckDB SQL: every count after the earliest year of its series is
compared with the earliest count, preferring a base stated by the same document; a multiplier the
document states beside the comparison ("в 11 раз") is set next to the one the numbers give.
"""

from __future__ import annotations

import duckdb
import polars as pl

PROGRESS_SQL = """
WITH points AS (
    SELECT measure, org_type, scope, locality, period, value, source_id, source_line, figure_id,
           CAST(substr(period, 1, 4) AS INTEGER) AS year
    FROM national_figures
    WHERE unit = 'count' AND qualifier = '' AND city_group = '' AND scope IN ('national', 'large_cities')
),
series_start AS (
    SELECT measure, org_type, scope, locality, min(year) AS first_year
    FROM points GROUP BY ALL HAVING count(DISTINCT year) > 1
),
bases AS (
    SELECT p.* FROM points p JOIN series_start s USING (measure, org_type, scope, locality)
    WHERE p.year = s.first_year
),
pairs AS (
    SELECT t.measure, t.org_type, t.scope, t.locality,
           b.period AS period_from, t.period AS period_to, b.value AS value_from, t.value AS value_to,
           b.figure_id AS figure_from, t.figure_id AS figure_to,
           t.source_id, b.source_id AS base_source_id, b.source_line AS source_line_from,
           t.source_line AS source_line_to,
           row_number() OVER (
               PARTITION BY t.figure_id
               ORDER BY (b.source_id = t.source_id) DESC, (b.source_line = t.source_line) DESC, b.figure_id
           ) AS preference
    FROM points t
    JOIN series_start s USING (measure, org_type, scope, locality)
    JOIN bases b USING (measure, org_type, scope, locality)
    WHERE t.year > s.first_year
),
stated AS (
    SELECT measure, org_type, scope, locality, period, base_period, source_id, value AS multiplier_stated,
           source_line AS multiplier_line, figure_id AS multiplier_figure
    FROM national_figures WHERE unit = 'ratio'
)
SELECT p.measure, p.org_type, p.scope, p.locality, p.period_from, p.period_to, p.value_from, p.value_to,
       p.value_to - p.value_from AS change_abs,
       round(100.0 * (p.value_to - p.value_from) / nullif(p.value_from, 0), 1) AS change_rel_percent,
       round(p.value_to / nullif(p.value_from, 0), 2) AS multiplier_computed,
       s.multiplier_stated, coalesce(s.multiplier_figure, '') AS multiplier_figure_id,
       p.figure_from AS figure_id_from, p.figure_to AS figure_id_to,
       p.source_id, p.source_line_to AS source_line, p.base_source_id, p.source_line_from
FROM pairs p
LEFT JOIN stated s
  ON s.measure = p.measure AND s.org_type = p.org_type AND s.scope = p.scope AND s.locality = p.locality
 AND s.period = p.period_to AND s.base_period = p.period_from AND s.source_id = p.source_id
 AND s.multiplier_line = p.source_line_to
WHERE p.preference = 1
ORDER BY ALL
"""


def build_progress(national_figures: pl.DataFrame) -> pl.DataFrame:
    """One row per later figure of a series, compared with the series' earliest figure."""
    con = duckdb.connect()
    con.register("national_figures", national_figures.to_arrow())
    frame = con.sql(PROGRESS_SQL).pl()
    con.close()
    text = national_figures.select(pl.col("figure_id").alias("figure_id_to"), "source_text")
    return frame.join(text, on="figure_id_to", how="left").sort(
        "measure", "org_type", "scope", "locality", "period_to", "source_id", "source_line"
    )
