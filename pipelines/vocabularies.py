"""The codes the published fields take: one home for each vocabulary and each shape of a code.

The field dictionary (pipelines/publish/fields.py) makes `enum` and `pattern` constraints of them; the
parsers that write a code and the checks and pages that read one import it from here, so that a new
code is added once. Tuples keep the order the package lists them in.
"""

from __future__ import annotations

# Kinds of education organisation the quarterly notes' lists count, in the order the lists come.
LIST_ORG_TYPES = ("kindergarten", "school", "college")
# What a national or summary figure may be about: the same kinds, universities, the rest, or all of them.
ORG_TYPES = (*LIST_ORG_TYPES, "university", "other", "all")

# The measures of the quarterly notes' lists, in the notes' order, with the area each measure's lists
# cover: the regions (region) or the large-city groups (city).
LIST_MEASURES = {
    "cctv_police_link": "region",
    "licensed_security": "city",
    "alarm_button": "city",
    "turnstile": "city",
}
MEASURES = tuple(LIST_MEASURES)
AREA_TYPES = ("region", "city")

# Kinds of first-level unit in data/reference/regions.csv.
REGION_KINDS = ("region", "city")
LOCALITIES = ("rural", "urban")
# How a document hedges a figure ("более", "около", "менее").
QUALIFIERS = ("more_than", "less_than", "about")

# Units of the national figures (`ratio` is a multiplier, "в 11 раз") and of the Concept's targets.
FIGURE_UNITS = ("count", "percent", "ratio", "people", "days", "mbps", "tenge", "tenge_per_year")
TARGET_UNITS = ("percent", "count", "score")
DIRECTIONS = ("higher_is_better", "lower_is_better")
COMPARISONS = ("since_earliest", "since_previous")

# Source documents: the parser that reads each (`format` in its metadata) and the languages read.
FORMATS = ("security_note", "concept_plan", "briefing", "theses", "reply")
DOCUMENT_LANGUAGES = ("kk", "ru")

# Shapes of codes. A period is a year, a quarter, a month or a day: 2023, 2023-Q1, 2023-03, 2023-03-01.
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$"
QUARTER_PATTERN = r"^\d{4}-Q[1-4]$"
YEAR_MONTH_PATTERN = r"^\d{4}(-\d{2})?$"
SOURCE_ID_PATTERN = r"^\d{3}_[0-9a-f]{16}$"
REGION_CODE_PATTERN = r"^KZ-\d{2}$"
# What a national figure or a progress series is about: the country, the large cities taken together,
# or one region.
SCOPE_PATTERN = r"^(national|large_cities|KZ-\d{2})$"
# A source line as quality_issues names it: 004_08b2a54d8bb8e082:5.
SOURCE_REF = SOURCE_ID_PATTERN.strip("^$") + r":\d+"
