"""The `progress` resource: how each count changed since the earliest period and since the previous one.

Derived from `national_figures` in DuckDB SQL. Every count of a series (measure × organisation type ×
scope × locality) after its earliest year is compared with the earliest count ("since_earliest",
preferring a base stated by the same document, as in "в 2020 г. – 500, а в 2022 г. – 5 986") and,
when there is one in between, with the latest earlier period ("since_previous", which is how a new
quarterly note is compared with the one before). A multiplier a document states beside the
comparison ("в 11 раз") is set next to the one its numbers give.
"""

from __future__ import annotations

import polars as pl

from pipelines.duck import connect
from pipelines.normalise.periods import PERIOD_BOUNDS

PROGRESS_SQL = f"""
WITH points AS (
    SELECT measure, org_type, scope, locality, period, value, source_id, source_line, figure_id,
           CAST(substr(period, 1, 4) AS INTEGER) AS year, {PERIOD_BOUNDS}
    FROM national_figures
    WHERE unit = 'count' AND qualifier = '' AND city_group = '' AND scope IN ('national', 'large_cities')
),
series_start AS (
    SELECT measure, org_type, scope, locality, min(year) AS first_year
    FROM points GROUP BY ALL HAVING count(DISTINCT period) > 1
),
candidates AS (
    -- since_earliest: any point of the earliest year; since_previous: the latest earlier period
    -- when that is not already the earliest year.
    SELECT 'since_earliest' AS comparison, t.figure_id AS figure_to, b.figure_id AS figure_from,
           row_number() OVER (PARTITION BY t.figure_id
                              ORDER BY (b.source_id = t.source_id) DESC, (b.source_line = t.source_line) DESC,
                                       b.period DESC, b.figure_id) AS preference
    FROM points t JOIN series_start s USING (measure, org_type, scope, locality)
    JOIN points b USING (measure, org_type, scope, locality)
    WHERE b.year = s.first_year AND t.year > s.first_year
    UNION ALL
    SELECT 'since_previous', t.figure_id, b.figure_id,
           row_number() OVER (PARTITION BY t.figure_id
                              ORDER BY b.period_end DESC, (b.source_id = t.source_id) DESC, b.figure_id)
    FROM points t JOIN series_start s USING (measure, org_type, scope, locality)
    JOIN points b USING (measure, org_type, scope, locality)
    WHERE b.period_end < t.period_start AND b.year > s.first_year
),
pairs AS (
    SELECT c.comparison, t.measure, t.org_type, t.scope, t.locality,
           b.period AS period_from, t.period AS period_to, b.value AS value_from, t.value AS value_to,
           b.figure_id AS figure_id_from, t.figure_id AS figure_id_to, t.source_id, t.source_line,
           b.source_id AS base_source_id, b.source_line AS source_line_from
    FROM candidates c JOIN points t ON t.figure_id = c.figure_to JOIN points b ON b.figure_id = c.figure_from
    WHERE c.preference = 1
),
stated AS (
    SELECT measure, org_type, scope, locality, period, base_period, source_id, source_line,
           value AS multiplier_stated, figure_id AS multiplier_figure_id
    FROM national_figures WHERE unit = 'ratio'
)
SELECT p.comparison, p.measure, p.org_type, p.scope, p.locality, p.period_from, p.period_to,
       p.value_from, p.value_to, p.value_to - p.value_from AS change_abs,
       round(100.0 * (p.value_to - p.value_from) / nullif(p.value_from, 0), 1) AS change_rel_percent,
       round(p.value_to / nullif(p.value_from, 0), 2) AS multiplier_computed,
       s.multiplier_stated, coalesce(s.multiplier_figure_id, '') AS multiplier_figure_id,
       p.figure_id_from, p.figure_id_to, p.source_id, p.source_line, p.base_source_id, p.source_line_from
FROM pairs p
LEFT JOIN stated s
  ON s.measure = p.measure AND s.org_type = p.org_type AND s.scope = p.scope AND s.locality = p.locality
 AND s.period = p.period_to AND s.base_period = p.period_from AND s.source_id = p.source_id
 AND s.source_line = p.source_line
"""


def build_progress(national_figures: pl.DataFrame) -> pl.DataFrame:
    """Comparisons of each later count with the earliest and with the previous period of its series."""
    con = connect()
    con.register("national_figures", national_figures.to_arrow())
    frame = con.sql(PROGRESS_SQL).pl()
    con.close()
    text = national_figures.select(pl.col("figure_id").alias("figure_id_to"), "source_text")
    return frame.join(text, on="figure_id_to", how="left").sort("figure_id_to", "comparison")
