"""The `progress` resource: how each count changed since the earliest period and since the previous one.

Derived in DuckDB SQL from two kinds of series:

* the national and large-city totals of `national_figures` (a series is measure × organisation type ×
  scope × locality), as the documents state them;
* every entry of the quarterly notes' lists in `security_coverage` (a series is measure × organisation
  type × region or large-city group), each note's count for the place.

Every count of a series is compared with the latest earlier period of its series ("since_previous":
how a new quarterly note is compared with the one before, for every total, region and city group,
whatever the years) and, when it belongs to a later year than the series' first, with the earliest
period ("since_earliest", preferring a base stated by the same document, as in "в 2020 г. – 500, а в
2022 г. – 5 986"); when the previous period is the earliest, both rows compare the same periods. A
multiplier a document states beside the comparison ("в 11 раз") is set next to the one its numbers
give.
"""

from __future__ import annotations

import polars as pl

from pipelines.duck import connect, release_if_large
from pipelines.normalise.periods import PERIOD_BOUNDS
from pipelines.publish.fields import resource

PROGRESS_SQL = f"""
WITH raw_points AS (
    SELECT measure, org_type, scope, locality, '' AS area_type, '' AS region_code, '' AS city_group,
           period, value, figure_id, figure_id AS point_id, source_id, source_line, source_text,
           -- A document may state one measure twice with two meanings ("25 large cities" analysed, and
           -- counted); a count is compared with the count of the same statement where there is one.
           statement_en AS statement
    FROM national_figures
    WHERE unit = 'count' AND qualifier = '' AND city_group = '' AND scope IN ('national', 'large_cities')
    UNION ALL
    -- A list entry's series is its place; its scope is its region, as for a region's statement.
    SELECT measure, org_type, region_code, '', area_type, region_code, city_group,
           period, CAST(count AS DOUBLE), '', concat_ws('|', measure, area_type, org_type, region_code,
                                                         city_group, period),
           source_id, source_line, source_text, ''
    FROM security_coverage
),
points AS (SELECT *, CAST(substr(period, 1, 4) AS INTEGER) AS year, {PERIOD_BOUNDS} FROM raw_points),
series_start AS (
    SELECT measure, org_type, scope, locality, area_type, region_code, city_group, min(year) AS first_year
    FROM points GROUP BY ALL HAVING count(DISTINCT period) > 1
),
first_points AS (
    SELECT p.*, s.first_year FROM points p
    JOIN series_start s USING (measure, org_type, scope, locality, area_type, region_code, city_group)
    WHERE p.year = s.first_year
),
earliest AS (
    -- since_earliest: for a count of a later year than the series' first, a point of the first year.
    SELECT t.point_id AS point_to, b.point_id AS point_from,
           row_number() OVER (PARTITION BY t.point_id
                              ORDER BY (b.source_id = t.source_id) DESC, (b.source_line = t.source_line) DESC,
                                       (b.statement = t.statement) DESC, b.period_start, b.period_end,
                                       b.point_id) AS preference
    FROM points t JOIN first_points b USING (measure, org_type, scope, locality, area_type, region_code, city_group)
    WHERE t.year > b.first_year
),
period_ends AS (SELECT DISTINCT measure, org_type, scope, locality, area_type, region_code, city_group, period_end
                FROM points),
previous_end AS (
    -- The latest end of a period of the series before this one began (an as-of join: linear in the
    -- number of periods, where comparing every pair of a long series would be quadratic).
    SELECT t.*, e.period_end AS previous_end
    FROM points t ASOF JOIN period_ends e
      ON t.measure = e.measure AND t.org_type = e.org_type AND t.scope = e.scope AND t.locality = e.locality
     AND t.area_type = e.area_type AND t.region_code = e.region_code AND t.city_group = e.city_group
     AND t.period_start > e.period_end
),
previous AS (
    -- since_previous: a point of the latest period that ended before this one began.
    SELECT t.point_id AS point_to, b.point_id AS point_from,
           row_number() OVER (PARTITION BY t.point_id
                              ORDER BY b.period_start DESC, (b.source_id = t.source_id) DESC,
                                       (b.statement = t.statement) DESC, b.point_id) AS preference
    FROM previous_end t JOIN points b USING (measure, org_type, scope, locality, area_type, region_code, city_group)
    WHERE b.period_end = t.previous_end
),
candidates AS (
    SELECT 'since_earliest' AS comparison, point_to, point_from FROM earliest WHERE preference = 1
    UNION ALL
    SELECT 'since_previous', point_to, point_from FROM previous WHERE preference = 1
),
pairs AS (
    SELECT c.comparison, t.measure, t.org_type, t.scope, t.locality, t.area_type, t.region_code, t.city_group,
           b.period AS period_from, t.period AS period_to, b.value AS value_from, t.value AS value_to,
           b.figure_id AS figure_id_from, t.figure_id AS figure_id_to, t.source_id, t.source_line,
           b.source_id AS base_source_id, b.source_line AS source_line_from, t.source_text
    FROM candidates c JOIN points t ON t.point_id = c.point_to JOIN points b ON b.point_id = c.point_from
),
stated AS (
    SELECT measure, org_type, scope, locality, period, base_period, source_id, source_line,
           value AS multiplier_stated, figure_id AS multiplier_figure_id
    FROM national_figures WHERE unit = 'ratio'
)
SELECT p.comparison, p.measure, p.org_type, p.scope, p.locality, p.area_type, p.region_code, p.city_group,
       p.period_from, p.period_to,
       p.value_from, p.value_to, p.value_to - p.value_from AS change_abs,
       round(100.0 * (p.value_to - p.value_from) / nullif(p.value_from, 0), 1) AS change_rel_percent,
       round(p.value_to / nullif(p.value_from, 0), 2) AS multiplier_computed,
       s.multiplier_stated, coalesce(s.multiplier_figure_id, '') AS multiplier_figure_id,
       p.figure_id_from, p.figure_id_to, p.source_id, p.source_line, p.base_source_id, p.source_line_from,
       p.source_text
FROM pairs p
LEFT JOIN stated s
  ON p.figure_id_to <> ''
 AND s.measure = p.measure AND s.org_type = p.org_type AND s.scope = p.scope AND s.locality = p.locality
 AND s.period = p.period_to AND s.base_period = p.period_from AND s.source_id = p.source_id
 AND s.source_line = p.source_line
"""

def build_progress(national_figures: pl.DataFrame, security_coverage: pl.DataFrame) -> pl.DataFrame:
    """Comparisons of each later count with the earliest and with the previous period of its series."""
    con = connect()
    con.register("national_figures", national_figures.to_arrow())
    con.register("security_coverage", security_coverage.to_arrow())
    frame = con.sql(PROGRESS_SQL).pl()
    con.close()
    # A large run's joins keep their memory; it is not carried through the plan's steps (pipelines/duck.py).
    release_if_large(national_figures.height + security_coverage.height)
    return frame.sort(resource("progress").primary_key)
