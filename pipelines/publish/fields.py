"""The field dictionary: the one description of every published resource and field.

It generates `datapackage.json` (Table Schemas, keys, constraints) and the site's pages that document
each resource. Naming convention: snake_case; units in the name where a field carries one
(`percent`, `*_percent`, `*_mbps`), `is_`/`has_` for booleans, `*_as_published` for a value exactly as
the document prints it, `source_*` for provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.check.registry import INHERITED_KINDS, KINDS, kinds_flagging
from pipelines.vocabularies import (
    AREA_TYPES,
    COMPARISONS,
    DIRECTIONS,
    DOCUMENT_LANGUAGES,
    FIGURE_UNITS,
    FORMATS,
    LIST_ORG_TYPES,
    LOCALITIES,
    MEASURES,
    ORG_TYPES,
    PERIOD_PATTERN,
    QUALIFIERS,
    QUARTER_PATTERN,
    REGION_CODE_PATTERN,
    REGION_KINDS,
    SCOPE_PATTERN,
    SOURCE_ID_PATTERN,
    SOURCE_REF,
    TARGET_UNITS,
    YEAR_MONTH_PATTERN,
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date
    description: str
    required: bool = False
    enum: tuple[str, ...] | list[str] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    # The language of a text field whose name has no language suffix (title_kk, name_en): "kk", "ru" or
    # "en", or DOCUMENT for the language of the row's document (its text as printed). Not published: the
    # site marks such a cell with its language (lang) where the page's differs.
    language: str | None = None

    def schema(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[dict] = field(default_factory=list)
    # A row's key in quality_issues is its primary key's values, '|'-joined, empty ones left out; a row
    # whose short_key fields all have values is keyed by those alone (see pipelines/publish/keys.py).
    short_key: list[str] = field(default_factory=list)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}
DOCUMENT = "document"  # Field.language: the language of the row's document


def translated(what: str, lang: str, original: str, original_lang: str = "ru") -> str:
    """The description of a field that holds the project's own translation of another field."""
    return (f"{what} in {LANGUAGE_NAMES[lang]}. Unofficial translation by Bilim Data; the "
            f"{LANGUAGE_NAMES[original_lang]} original is in {original}.")


def provenance(line_note: str = "the line that holds the figure") -> list[Field]:
    return [
        Field("source_id", "string", "The document the row comes from (see the `sources` resource).",
              required=True, pattern=SOURCE_ID_PATTERN),
        Field("source_line", "integer", f"1-based line number, in the file under data/sources/, of {line_note}.",
              required=True, minimum=1),
        Field("source_text", "string", "The exact text of that line that holds the figure, quoted verbatim.",
              required=True, language=DOCUMENT),
    ]


FLAGS = Field("flags", "string", "Quality flags, “;”-separated codes (see `quality_issues` and /about/); "
              "empty when the row is clean.")
SOURCE_FK = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
REGION_FK = {"fields": "region_code", "reference": {"resource": "regions", "fields": "code"}}

RESOURCES: list[Resource] = [
    Resource(
        "sources", "Source documents",
        "The government documents every figure is parsed from, kept byte-for-byte under data/sources/, "
        "with their titles, descriptions and issuers in Kazakh, Russian and English (a title as printed in "
        "the document's own language, the rest unofficial translations by Bilim Data).",
        [
            Field("source_id", "string", "Identifier of the document: its file name without extension.",
                  required=True, unique=True, pattern=SOURCE_ID_PATTERN),
            Field("path", "string", "Path of the document relative to the repository root.", required=True),
            Field("title", "string", "Title in the document's own language.", required=True, language=DOCUMENT),
            Field("title_kk", "string", "Title in Kazakh: the title as printed for a Kazakh document, else an "
                  "unofficial translation by Bilim Data (the original is in title).", required=True),
            Field("title_ru", "string", "Title in Russian: the title as printed for a Russian document, else an "
                  "unofficial translation by Bilim Data (the original is in title).", required=True),
            Field("title_en", "string", "Descriptive English title (not an official translation).", required=True),
            Field("description_en", "string", "What the document is and what it holds.", required=True),
            Field("description_kk", "string", translated("What the document is and what it holds", "kk",
                                                         "description_en", "en"), required=True),
            Field("description_ru", "string", translated("What the document is and what it holds", "ru",
                                                         "description_en", "en"), required=True),
            Field("language", "string", "Language of the document (ISO 639-1).", required=True, enum=DOCUMENT_LANGUAGES),
            Field("date", "string", "Date of the document (ISO 8601, as precise as known).", required=True),
            Field("issuer", "string", "Who issued the document.", required=True, language="en"),
            Field("issuer_kk", "string", "Who issued the document, in Kazakh, with the bodies' official Kazakh "
                  "names. Unofficial translation by Bilim Data; the English original is in issuer.", required=True),
            Field("issuer_ru", "string", "Who issued the document, in Russian, with the bodies' official Russian "
                  "names. Unofficial translation by Bilim Data; the English original is in issuer.", required=True),
            Field("periods", "string", "Periods the document's figures refer to, “;”-separated.", required=True),
            Field("format", "string", "Which parser reads the document: a quarterly security note, the Concept "
                  "plan, or a one-off document.", required=True,
                  enum=FORMATS),
            Field("line_count", "integer", "Number of lines in the file.", required=True, minimum=1),
            Field("sha256", "string", "SHA-256 of the file's bytes.", required=True, pattern=r"^[0-9a-f]{64}$"),
        ],
        ["source_id"],
    ),
    Resource(
        "regions", "Regions",
        "Kazakhstan's 20 first-level units: 17 regions (including Abai, Jetisu and Ulytau, created on "
        "2022-06-08) and the cities of Astana, Almaty and Shymkent.",
        [
            Field("code", "string", "ISO 3166-2:KZ code as of the 2022 change (numeric, equal to the KATO prefix).",
                  required=True, unique=True, pattern=REGION_CODE_PATTERN),
            Field("code_old", "string", "The earlier ISO 3166-2 letter code; empty for the three new regions."),
            Field("kato_prefix", "string", "Two-digit KATO prefix of the unit.", required=True, pattern=r"^\d{2}$"),
            Field("kind", "string", "Region or city of republican significance.", required=True,
                  enum=REGION_KINDS),
            Field("name_kk", "string", "Name in Kazakh.", required=True),
            Field("name_ru", "string", "Name in Russian.", required=True),
            Field("name_en", "string", "Name in English.", required=True),
            Field("capital_kk", "string", "Administrative centre, in Kazakh.", required=True),
            Field("capital_ru", "string", "Administrative centre, in Russian.", required=True),
            Field("capital_en", "string", "Administrative centre, in English.", required=True),
        ],
        ["code"],
    ),
    Resource(
        "large_cities", "Large-city groups",
        "The entries of the quarterly notes' large-city lists (cities of over 100 thousand people; note 004 "
        "speaks of 25 large cities and lists them in 20 entries); some entries join two cities.",
        [
            Field("city_group", "string", "Stable identifier of the entry, from the English city names.",
                  required=True, unique=True, pattern=r"^[a-z][a-z0-9-]*$"),
            Field("region_code", "string", "Region the cities lie in today (after the 2022-06-08 changes).",
                  required=True, pattern=REGION_CODE_PATTERN),
            Field("name_kk", "string", "Name of the entry in Kazakh, as the documents write it.", required=True),
            Field("name_ru", "string", "Name in Russian.", required=True),
            Field("name_en", "string", "Name in English.", required=True),
            Field("cities_kk", "string", "The cities of the entry in Kazakh, “;”-separated.", required=True),
            Field("city_kato", "string", "KATO codes of the cities, “;”-separated.", required=True),
            Field("city_count", "integer", "Number of cities joined in the entry.", required=True, minimum=1),
            Field("note", "string", "Renamings and region changes to know about.", language="en"),
        ],
        ["city_group"],
        [REGION_FK],
    ),
    Resource(
        "security_coverage", "Security coverage by region and large city",
        f"The {len(MEASURES) * len(LIST_ORG_TYPES)} lists of each quarterly note, 004 and its successors "
        f"({len(MEASURES)} measures × {len(LIST_ORG_TYPES)} kinds of organisation × every place listed): how many "
        "organisations have CCTV linked to police operational control centres (every region), licensed "
        "security, alarm buttons connected to a central console and turnstiles (the large-city groups the note "
        "lists, 20 in note 004). One row per place, measure, kind and quarter. Values exactly as printed, and "
        "after declared corrections.",
        [
            Field("measure", "string", "cctv_police_link: CCTV linked to police operational control centres "
                  "(ЖБО/ЦОУ); licensed_security: a contract with a licensed security company; alarm_button: alarm "
                  "buttons connected to a central console; turnstile: turnstiles (access control).",
                  required=True, enum=MEASURES),
            Field("area_type", "string", "region: the list of every region; city: a large-city list.", required=True,
                  enum=AREA_TYPES),
            Field("region_code", "string", "The region (for a city row, the region the city group lies in).",
                  required=True, pattern=REGION_CODE_PATTERN),
            Field("city_group", "string", "The large-city group (city rows only; empty for region rows)."),
            Field("org_type", "string", "Kind of education organisation.", required=True, enum=LIST_ORG_TYPES),
            Field("period", "string", "Reporting period of the note (year and quarter).", required=True,
                  pattern=QUARTER_PATTERN),
            Field("name_as_published", "string", "The place name exactly as the list prints it.", required=True,
                  language=DOCUMENT),
            Field("count_as_published", "integer", "Organisations with the measure, exactly as printed.",
                  required=True, minimum=0),
            Field("total_as_published", "integer", "Organisations in the place, exactly as printed.",
                  required=True, minimum=0),
            Field("percent_as_published", "number", "Percent exactly as printed.", required=True, minimum=0),
            Field("count", "integer", "Organisations with the measure, after declared corrections.",
                  required=True, minimum=0),
            Field("total", "integer", "Organisations in the place, after declared corrections.", required=True,
                  minimum=0),
            Field("percent", "number", "count / total × 100, rounded half up to one decimal.", minimum=0,
                  maximum=100),
            Field("correction_id", "string", "The declared correction applied to the row (data/corrections.yml); "
                  "empty when none."),
            FLAGS,
            *provenance("the list entry"),
        ],
        ["measure", "area_type", "org_type", "region_code", "city_group", "period"],
        [REGION_FK, SOURCE_FK,
         {"fields": "city_group", "reference": {"resource": "large_cities", "fields": "city_group"}}],
    ),
]

UNOFFICIAL = "Unofficial translation by Bilim Data; the Russian text is authoritative."
INDICATOR_FK = {"fields": "indicator_id", "reference": {"resource": "concept_indicators", "fields": "indicator_id"}}

RESOURCES += [
    Resource(
        "national_figures", "National and summary figures",
        "Every national or summary figure of the documents 000, 001 and 002 and of every quarterly note on "
        "CCTV, control-centre "
        "connection, licensed security, alarm buttons, turnstiles, monitoring, numbers of organisations and "
        "school internet, and the region statements of document 000. One row per printed number.",
        [
            Field("figure_id", "string", "Stable identifier: document number, line and the figure's place on "
                  "the line.", required=True, unique=True, pattern=r"^\d{3}-L\d{3,4}-\d+$"),
            Field("measure", "string", "What is counted (see /about/ for the list of measures).", required=True),
            Field("org_type", "string", "Kind of organisation the figure is about; `all` for every kind.",
                  required=True, enum=ORG_TYPES),
            Field("scope", "string", "national, large_cities, or the ISO code of the region the statement names.",
                  required=True, pattern=SCOPE_PATTERN),
            Field("city_group", "string", "The large-city group when the statement is about one city."),
            Field("locality", "string", "rural or urban when the figure is for one of them.",
                  enum=LOCALITIES),
            Field("period", "string", "When the figure holds: a year, a quarter (2023-Q1), a month or a day.",
                  required=True, pattern=PERIOD_PATTERN),
            Field("base_period", "string", "For a multiplier or change: the period compared against.",
                  pattern=PERIOD_PATTERN),
            Field("value", "number", "The figure, after declared corrections.", required=True),
            Field("value_as_published", "string", "The figure exactly as printed.", required=True, language=DOCUMENT),
            Field("unit", "string", "Unit of the value; ratio is a multiplier (“в 11 раз”).", required=True,
                  enum=FIGURE_UNITS),
            Field("qualifier", "string", "more_than, less_than or about when the document hedges the figure.",
                  enum=QUALIFIERS),
            Field("denominator", "number", "The total a count or percent refers to, when printed with it."),
            Field("statement_en", "string", "What the figure states, in short English.", required=True),
            Field("statement_kk", "string", "What the figure states, in short Kazakh: the statement of "
                  "statement_en, worded by Bilim Data (unofficial); the original is the document's own words in "
                  "source_text.", required=True),
            Field("statement_ru", "string", "What the figure states, in short Russian: the statement of "
                  "statement_en, worded by Bilim Data (unofficial); the original is the document's own words in "
                  "source_text.",
                  required=True),
            Field("correction_id", "string", "The declared correction applied (data/corrections.yml), if any."),
            FLAGS,
            *provenance(),
        ],
        ["figure_id"],
        [SOURCE_FK],
    ),
    Resource(
        "progress", "Progress quarter by quarter and since the earliest period",
        "Derived from national_figures and security_coverage: each count compared with the previous period "
        "of its series and, for a later year, with the earliest period of its series, with absolute "
        "and relative change, and the multiplier a document states beside the one its numbers give. A series "
        "is either a total the documents state (national or for the large cities, per measure and kind of "
        "organisation; figure_id_* name its rows) or one place of the quarterly notes' lists (a region or a "
        "large-city group, per measure and kind; area_type, region_code and city_group name it). A row "
        "carries the flags of the counts it compares that question them within their own document "
        f"({', '.join(INHERITED_KINDS)}), besides its own ({', '.join(kinds_flagging('progress'))}).",
        [
            Field("comparison", "string", "since_previous: against the latest earlier period of the series "
                  "(every count that has one); since_earliest: against the earliest period, for a count of a "
                  "later year than the series' first (the same periods as since_previous when the previous "
                  "period is the earliest).",
                  required=True, enum=COMPARISONS),
            Field("measure", "string", "The measure (as in national_figures and security_coverage).", required=True),
            Field("org_type", "string", "Kind of organisation.", required=True, enum=ORG_TYPES),
            Field("scope", "string", "national or large_cities for a stated total; for a place of the notes' "
                  "lists, the region's ISO code (the region the large-city group lies in, for a city).",
                  required=True, pattern=SCOPE_PATTERN),
            Field("locality", "string", "rural or urban when the series is for one of them.", enum=LOCALITIES),
            Field("area_type", "string", "For a place of the notes' lists: region (a region list) or city (a "
                  "large-city list), as in security_coverage; empty for a stated total.",
                  enum=AREA_TYPES),
            Field("region_code", "string", "For a place of the notes' lists: the region (for a city, the region "
                  "its group lies in), as in security_coverage; empty for a stated total.",
                  pattern=REGION_CODE_PATTERN),
            Field("city_group", "string", "For a large-city list's place: the large-city group, as in "
                  "security_coverage and large_cities; empty otherwise."),
            Field("period_from", "string", "The earlier period.", required=True, pattern=PERIOD_PATTERN),
            Field("period_to", "string", "The later period.", required=True, pattern=PERIOD_PATTERN),
            Field("value_from", "number", "Count in the earlier period.", required=True),
            Field("value_to", "number", "Count in the later period.", required=True),
            Field("change_abs", "number", "value_to − value_from.", required=True),
            Field("change_rel_percent", "number", "(value_to − value_from) / value_from × 100, one decimal."),
            Field("multiplier_computed", "number", "value_to / value_from, two decimals."),
            Field("multiplier_stated", "number", "The multiplier the document states beside the comparison."),
            Field("multiplier_figure_id", "string", "The national_figures row of the stated multiplier."),
            Field("figure_id_from", "string", "The national_figures row of the earlier count; empty for a place "
                  "of the notes' lists (its security_coverage row has the place, measure, org_type and "
                  "period_from)."),
            Field("figure_id_to", "string", "The national_figures row of the later count; empty for a place of "
                  "the notes' lists (its security_coverage row has the place, measure, org_type and period_to)."),
            Field("source_id", "string", "Document of the later count.", required=True, pattern=SOURCE_ID_PATTERN),
            Field("source_line", "integer", "Line of the later count.", required=True, minimum=1),
            Field("base_source_id", "string", "Document of the earlier count.", required=True,
                  pattern=SOURCE_ID_PATTERN),
            Field("source_line_from", "integer", "Line of the earlier count.", required=True, minimum=1),
            Field("source_text", "string", "The later count's text, quoted verbatim.", required=True,
                  language=DOCUMENT),
            FLAGS,
        ],
        ["figure_id_to", "comparison", "measure", "org_type", "area_type", "region_code", "city_group", "period_to"],
        [SOURCE_FK, {"fields": "figure_id_to", "reference": {"resource": "national_figures",
                                                              "fields": "figure_id"}},
         REGION_FK, {"fields": "city_group", "reference": {"resource": "large_cities", "fields": "city_group"}}],
        short_key=["figure_id_to", "comparison"],
    ),
    Resource(
        "concept_indicators", "Concept 2023–2029: target indicators",
        "The target indicators of the Action Plan of the Concept for preschool, secondary, technical and "
        "vocational education 2023–2029, in the order of the plan (28 in Decree No. 465 of 2024-06-13).",
        [
            Field("indicator_id", "string", "Stable identifier: order number and a short English slug.",
                  required=True, unique=True, pattern=r"^ci\d{2}-[a-z0-9-]+$"),
            Field("indicator_no", "integer", "Order of the indicator in the Action Plan.", required=True,
                  minimum=1),
            Field("chapter", "integer", "Chapter of the Action Plan.", required=True, minimum=1),
            Field("chapter_title_ru", "string", "Chapter title, verbatim.", required=True),
            Field("chapter_title_kk", "string", translated("Chapter title", "kk", "chapter_title_ru"),
                  required=True),
            Field("chapter_title_en", "string", translated("Chapter title", "en", "chapter_title_ru"),
                  required=True),
            Field("number_in_source", "integer", "The number of its “Целевой индикатор N” heading, when printed."),
            Field("name_ru", "string", "Name verbatim, up to the parenthesis that opens its targets.",
                  required=True),
            Field("name_kk", "string", translated("Name", "kk", "name_ru"), required=True),
            Field("name_en", "string", translated("Name", "en", "name_ru"), required=True),
            Field("short_ru", "string", "Short label for charts, in Russian."),
            Field("short_kk", "string", f"Short label for charts, in Kazakh. {UNOFFICIAL}"),
            Field("short_en", "string", f"Short label for charts, in English. {UNOFFICIAL}"),
            Field("unit", "string", "Unit of the targets; score is a PISA mean score.", required=True,
                  enum=TARGET_UNITS),
            Field("direction", "string", "higher_is_better, lower_is_better, or empty when unclear.",
                  enum=DIRECTIONS),
            Field("breakdown_count", "integer", "Number of breakdowns (subjects, levels) of its targets.",
                  required=True, minimum=0),
            Field("target_count", "integer", "Number of yearly targets.", required=True, minimum=1),
            Field("first_year", "integer", "First target year.", required=True),
            Field("last_year", "integer", "Last target year.", required=True),
            FLAGS,
            *provenance("the indicator's name"),
        ],
        ["indicator_id"],
        [SOURCE_FK],
    ),
    Resource(
        "concept_targets", "Concept 2023–2029: yearly targets",
        "One row per indicator, breakdown and year of the Action Plan; PISA targets by cycle.",
        [
            Field("indicator_id", "string", "The indicator.", required=True),
            Field("breakdown", "string", "Subject or level of education the target is for; empty when none."),
            Field("breakdown_ru", "string", "The breakdown as printed."),
            Field("breakdown_kk", "string", translated("The breakdown", "kk", "breakdown_ru")),
            Field("breakdown_en", "string", translated("The breakdown", "en", "breakdown_ru")),
            Field("year", "integer", "Target year (for PISA, the cycle's year).", required=True),
            Field("period_label", "string", "The year, or the PISA cycle (PISA-2025).", required=True),
            Field("target", "number", "The target value.", required=True),
            Field("target_as_published", "string", "The target exactly as printed.", required=True, language=DOCUMENT),
            Field("unit", "string", "Unit of the target (as its indicator's).", required=True, enum=TARGET_UNITS),
            Field("note", "string", "What the document adds, such as the PISA proficiency level.",
                  language=DOCUMENT),
            Field("note_kk", "string", translated("The note", "kk", "note")),
            Field("note_en", "string", translated("The note", "en", "note")),
            FLAGS,
            *provenance("the target"),
        ],
        ["indicator_id", "breakdown", "year"],
        [INDICATOR_FK, SOURCE_FK],
    ),
    Resource(
        "concept_actions", "Concept 2023–2029: action plan",
        "The numbered actions of the Action Plan (180 in Decree No. 465) with completion form, deadline and "
        "responsible bodies, as printed in Russian and in unofficial Kazakh and English translations by Bilim "
        "Data; the responsible bodies also as ids of the bodies they name.",
        [
            Field("action_no", "integer", "Number of the action.", required=True, unique=True, minimum=1),
            Field("chapter", "integer", "Chapter of the Action Plan.", required=True, minimum=1),
            Field("indicator_id", "string", "The target indicator the action stands under.", required=True),
            Field("text_ru", "string", "The action, verbatim (white space normalised).", required=True),
            Field("text_kk", "string", translated("The action", "kk", "text_ru"), required=True),
            Field("text_en", "string", translated("The action", "en", "text_ru"), required=True),
            Field("completion_form", "string", "Form of completion, verbatim.", required=True, language=DOCUMENT),
            Field("completion_form_kk", "string", translated("Form of completion", "kk", "completion_form"),
                  required=True),
            Field("completion_form_en", "string", translated("Form of completion", "en", "completion_form"),
                  required=True),
            Field("deadline_text", "string", "Deadline, verbatim.", required=True, language=DOCUMENT),
            Field("deadline_text_kk", "string", translated("Deadline", "kk", "deadline_text"), required=True),
            Field("deadline_text_en", "string", translated("Deadline", "en", "deadline_text"), required=True),
            Field("deadline_start", "string", "Parsed start of the deadline (YYYY-MM or YYYY); empty when the "
                  "text names no date.", pattern=YEAR_MONTH_PATTERN),
            Field("deadline_end", "string", "Parsed end of the deadline (YYYY-MM or YYYY).",
                  pattern=YEAR_MONTH_PATTERN),
            Field("deadline_years", "string", "Years the deadline covers, “;”-separated."),
            Field("is_recurring", "boolean", "The action recurs (yearly, quarterly) over its years."),
            Field("responsible", "string", "Responsible bodies as written, “;”-separated.", required=True,
                  language=DOCUMENT),
            Field("responsible_body_ids", "string", "The responsible bodies as ids of data/reference/bodies.csv "
                  "(which names each body in Kazakh, Russian and English), “;”-separated, in the order printed, "
                  "each body once: every printed form of a body (with or without “(по согласованию)”, "
                  "printed twice) is one id.", required=True, pattern=r"^[a-z0-9-]+(;[a-z0-9-]+)*$"),
            Field("by_agreement_body_ids", "string", "The bodies of responsible_body_ids the plan marks "
                  "“(по согласованию)”: they take part by agreement; “;”-separated, empty when none.",
                  pattern=r"^[a-z0-9-]+(;[a-z0-9-]+)*$"),
            Field("has_stray_mark", "boolean", "The printed number cell carries a stray character."),
            FLAGS,
            *provenance("the action's number"),
            Field("text_line", "integer", "1-based line where the action's text begins.", required=True,
                  minimum=1),
        ],
        ["action_no"],
        [INDICATOR_FK, SOURCE_FK],
    ),
    Resource(
        "abbreviations", "Abbreviations",
        "The glossary at the end of the Action Plan (document 003), with the Kazakh abbreviations and the "
        "Kazakh and English expansions (unofficial translations by Bilim Data).",
        [
            Field("abbr", "string", "The abbreviation as printed.", required=True, language=DOCUMENT),
            Field("abbr_kk", "string", "The abbreviation Kazakh official documents use for the same thing "
                  "(МП → ОАМ), the same letters where Kazakh uses them. Unofficial translation by Bilim Data; "
                  "the Russian original is in abbr.", required=True),
            Field("expansion_ru", "string", "Its expansion, verbatim.", required=True),
            Field("expansion_kk", "string", translated("Its expansion", "kk", "expansion_ru"), required=True),
            Field("expansion_en", "string", translated("Its expansion", "en", "expansion_ru"), required=True),
            Field("is_duplicate", "boolean", "The glossary defines the abbreviation more than once.",
                  required=True),
            FLAGS,
            *provenance("the abbreviation"),
        ],
        ["abbr", "expansion_ru"],
        [SOURCE_FK],
    ),
]

QUALITY_ISSUES = Resource(
    "quality_issues", "Quality issues",
    "One row per problem the checks found in the documents: contradictions inside a list, between lists "
    "and between documents, corrections applied, odd jumps in targets. Every flag in another resource "
    "has its row here.",
    [
        Field("issue_id", "string", "Stable identifier: resource, row key and kind.", required=True, unique=True),
        Field("kind", "string", "What kind of problem (the flag code; see /quality/ on the site).", required=True,
              enum=tuple(KINDS)),
        Field("resource", "string", "The resource whose row carries the flag.", required=True),
        Field("row_key", "string", "The flagged row's primary key, “|”-joined, empty values left out (a region "
              "row of security_coverage has no city_group); a progress row comparing national_figures totals is "
              "keyed figure_id_to|comparison; a problem in a document's text that no row holds is keyed "
              "source_id|L<line>, under the resource sources.", required=True),
        Field("description_en", "string", "The problem in plain English.", required=True),
        Field("description_ru", "string", "The problem in plain Russian.", required=True),
        Field("description_kk", "string", "The problem in plain Kazakh.", required=True),
        Field("source_refs", "string", "Every source line involved, as source_id:line, “;”-separated.",
              required=True, pattern=f"^{SOURCE_REF}(;{SOURCE_REF})*$"),
        Field("details", "string", "The values behind the description, as a JSON object. A progress row's issue "
              "that restates an issue of a count it compares names that issue's issue_id in inherited_from "
              "(a list): count such a problem once.", required=True),
    ],
    ["issue_id"],
)
RESOURCES.append(QUALITY_ISSUES)


def text_language(resource_name: str, field_name: str) -> str | None:
    """The language a field's text is in: by its suffix ("text_ru" → "ru"), else as declared
    (Field.language: a language or DOCUMENT), else None (codes, numbers, identifiers)."""
    suffix = field_name.rpartition("_")[2]
    if suffix in LANGUAGE_NAMES and field_name != suffix:
        return suffix
    found = [f for f in resource(resource_name).fields if f.name == field_name]
    return found[0].language if found else None


def resource(name: str) -> Resource:
    for candidate in RESOURCES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
