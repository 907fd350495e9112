"""The field dictionary: the one description of every published resource and field.

It generates `datapackage.json` (Table Schemas, keys, constraints) and the site's pages that document
each resource. Naming convention: snake_case; units in the name where a field carries one
(`percent`, `*_percent`, `*_mbps`), `is_`/`has_` for booleans, `*_as_published` for a value exactly as
the document prints it, `source_*` for provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ORG_TYPES = ["kindergarten", "school", "college"]
ALL_ORG_TYPES = [*ORG_TYPES, "university", "other", "all"]
MEASURES = ["cctv_police_link", "licensed_security", "alarm_button", "turnstile"]
SOURCE_ID_PATTERN = r"^\d{3}_[0-9a-f]{16}$"
REGION_CODE_PATTERN = r"^KZ-\d{2}$"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date
    description: str
    required: bool = False
    enum: list[str] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False

    def schema(self) -> dict:
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = self.enum
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

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def provenance(line_note: str = "the line that holds the figure") -> list[Field]:
    return [
        Field("source_id", "string", "The document the row comes from (see the `sources` resource).",
              required=True, pattern=SOURCE_ID_PATTERN),
        Field("source_line", "integer", f"1-based line number, in the file under data/sources/, of {line_note}.",
              required=True, minimum=1),
        Field("source_text", "string", "The exact text of that line that holds the figure, quoted verbatim.",
              required=True),
    ]


FLAGS = Field("flags", "string", "Quality flags, ';'-separated codes (see `quality_issues` and /about/); "
              "empty when the row is clean.")
SOURCE_FK = {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}
REGION_FK = {"fields": "region_code", "reference": {"resource": "regions", "fields": "code"}}

RESOURCES: list[Resource] = [
    Resource(
        "sources", "Source documents",
        "The five government documents every figure is parsed from, kept byte-for-byte under data/sources/.",
        [
            Field("source_id", "string", "Identifier of the document: its file name without extension.",
                  required=True, unique=True, pattern=SOURCE_ID_PATTERN),
            Field("path", "string", "Path of the document relative to the repository root.", required=True),
            Field("title", "string", "Title in the document's own language.", required=True),
            Field("title_en", "string", "Descriptive English title (not an official translation).", required=True),
            Field("description_en", "string", "What the document is and what it holds.", required=True),
            Field("language", "string", "Language of the document (ISO 639-1).", required=True, enum=["kk", "ru"]),
            Field("date", "string", "Date of the document (ISO 8601, as precise as known).", required=True),
            Field("issuer", "string", "Who issued the document.", required=True),
            Field("periods", "string", "Periods the document's figures refer to, ';'-separated.", required=True),
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
                  enum=["region", "city"]),
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
        "The 20 entries of the '25 large cities' (over 100 thousand people) lists of the quarterly notes; "
        "some entries join two cities. Each lies in a different region.",
        [
            Field("city_group", "string", "Stable identifier of the entry, from the English city names.",
                  required=True, unique=True, pattern=r"^[a-z][a-z0-9-]*$"),
            Field("region_code", "string", "Region the cities lie in today (after the 2022-06-08 changes).",
                  required=True, pattern=REGION_CODE_PATTERN),
            Field("name_kk", "string", "Name of the entry in Kazakh, as the documents write it.", required=True),
            Field("name_ru", "string", "Name in Russian.", required=True),
            Field("name_en", "string", "Name in English.", required=True),
            Field("cities_kk", "string", "The cities of the entry in Kazakh, ';'-separated.", required=True),
            Field("city_kato", "string", "KATO codes of the cities, ';'-separated.", required=True),
            Field("city_count", "integer", "Number of cities joined in the entry.", required=True, minimum=1),
            Field("note", "string", "Renamings and region changes to know about."),
        ],
        ["city_group"],
        [REGION_FK],
    ),
    Resource(
        "security_coverage", "Security coverage by region and large city",
        "All twelve lists of the quarterly note 004 (four measures × kindergartens, schools, colleges × 20 "
        "entries): how many organisations have CCTV connected to police operational control centres (20 "
        "regions), licensed security, alarm buttons connected to a central console and turnstiles (20 "
        "large-city groups). Values exactly as printed, and after declared corrections.",
        [
            Field("measure", "string", "cctv_police_link: CCTV connected to police operational control centres "
                  "(ЖБО/ЦОУ); licensed_security: a contract with a licensed security company; alarm_button: alarm "
                  "buttons connected to a central console; turnstile: turnstiles (access control).",
                  required=True, enum=MEASURES),
            Field("area_type", "string", "region: the 20-region list; city: a large-city list.", required=True,
                  enum=["region", "city"]),
            Field("region_code", "string", "The region (for a city row, the region the city group lies in).",
                  required=True, pattern=REGION_CODE_PATTERN),
            Field("city_group", "string", "The large-city group (city rows only; empty for region rows)."),
            Field("org_type", "string", "Kind of education organisation.", required=True, enum=ORG_TYPES),
            Field("period", "string", "Reporting period of the note (year and quarter).", required=True,
                  pattern=r"^\d{4}-Q[1-4]$"),
            Field("name_as_published", "string", "The place name exactly as the list prints it.", required=True),
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
        ["measure", "area_type", "org_type", "region_code"],
        [REGION_FK, SOURCE_FK,
         {"fields": "city_group", "reference": {"resource": "large_cities", "fields": "city_group"}}],
    ),
]

QUALITY_ISSUES = Resource(
    "quality_issues", "Quality issues",
    "One row per problem the checks found in the documents: contradictions inside a list, between lists "
    "and between documents, corrections applied, odd jumps in targets. Every flag in another resource "
    "has its row here.",
    [
        Field("issue_id", "string", "Stable identifier: resource, row key and kind.", required=True, unique=True),
        Field("kind", "string", "What kind of problem (the flag code).", required=True),
        Field("resource", "string", "The resource whose row carries the flag.", required=True),
        Field("row_key", "string", "The flagged row's primary key, '|'-joined.", required=True),
        Field("description_en", "string", "The problem in plain English.", required=True),
        Field("description_ru", "string", "The problem in plain Russian.", required=True),
        Field("description_kk", "string", "The problem in plain Kazakh.", required=True),
        Field("source_refs", "string", "Every source line involved, as source_id:line, ';'-separated.",
              required=True, pattern=r"^\d{3}_[0-9a-f]{16}:\d+(;\d{3}_[0-9a-f]{16}:\d+)*$"),
        Field("details", "string", "The values behind the description, as a JSON object.", required=True),
    ],
    ["issue_id"],
)
RESOURCES.append(QUALITY_ISSUES)


def resource(name: str) -> Resource:
    for candidate in RESOURCES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
