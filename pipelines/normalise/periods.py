"""Periods as the documents give them ("2020", "2023-Q1", "2023-03", "2023-03-01"), in SQL."""

# A period ("2020", "2023-Q1", "2023-03", "2023-03-01") as the interval [period_start, period_end].
PERIOD_BOUNDS = """
    CASE WHEN length(period) = 4 THEN make_date(CAST(period AS INTEGER), 1, 1)
         WHEN period LIKE '____-Q_' THEN make_date(CAST(substr(period, 1, 4) AS INTEGER),
                                                   3 * CAST(substr(period, 7, 1) AS INTEGER) - 2, 1)
         WHEN length(period) = 7 THEN CAST(period || '-01' AS DATE)
         ELSE CAST(period AS DATE) END AS period_start,
    CASE WHEN length(period) = 4 THEN make_date(CAST(period AS INTEGER), 12, 31)
         WHEN period LIKE '____-Q_' THEN last_day(make_date(CAST(substr(period, 1, 4) AS INTEGER),
                                                            3 * CAST(substr(period, 7, 1) AS INTEGER), 1))
         WHEN length(period) = 7 THEN last_day(CAST(period || '-01' AS DATE))
         ELSE CAST(period AS DATE) END AS period_end
"""
