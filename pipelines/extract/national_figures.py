"""National and summary figures of the prose documents 000, 001, 002 and the prose lines of 004.

The documents are free prose, so each kind of statement is declared once below as a `Statement`: a
regex on the folded line (never a line number) with one `Figure` record per number it captures. A
small engine applies them. Statements live in `Section`s; a section opens at a line found by its own
regex and runs to the next section's opening line, so a list item such as "- **51%** детских садов
(1367 из 2657)" is read with the heading that gives it its meaning, and a date stated once ("по
состоянию на 1 марта т.г.", "2023 жылғы 1 тоқсандағы жағдай бойынша") sets the period of what follows.

Every statement must match exactly as often as declared. When a document changes, the engine raises
`SourceFormatError` naming the file, the closest line and what it expected, rather than publishing a
partial table.

Which numbers are figures. Every printed number on the project's topics is one row, including
repeated ones (the 700-person threshold, "25 ірі қалада" twice) and hedged ones ("более 6 тыс."), in
their own units. Not rows: dates and numbers of legal acts, category labels ("объектов 2 категории",
"1 және 2 топтағы"), and speeds that only name a band already carried by the measure name
("4 Мбит/с и выше" in `school_internet_4mbps_plus`). Topics outside the project (digital textbooks,
online platforms, devices, COVID cases, teacher training, gender equality) are not read.

Denominators. A count or percent gets a denominator when the text gives the total it is a share of:
"из N", "от N", "жалпы санының" (of the total), or a total whose breakdown the figure's breakdown
repeats after "Из них" / "оның ішінде". Breakdowns of a total by kind or ownership (the "(2 654
балабақша, 6 935 мектеп ...)" after a total, "оның 6 803-і мемлекеттік") are parts, not shares, and
get none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipelines.errors import SourceFormatError, UnknownPlaces
from pipelines.normalise.numbers import NUMBER_PATTERN, parse_scaled
from pipelines.normalise.periods import KK_MONTHS, NOTE_PERIOD_PHRASE, read_note_period
from pipelines.normalise.text import fold
from pipelines.reference import AliasTable
from pipelines.sources import Document

COLUMNS: dict[str, type[pl.DataType]] = {
    "figure_id": pl.String,
    "measure": pl.String,
    "org_type": pl.String,
    "scope": pl.String,
    "city_group": pl.String,
    "locality": pl.String,
    "period": pl.String,
    "base_period": pl.String,
    "value": pl.Float64,
    "value_as_published": pl.String,
    "unit": pl.String,
    "qualifier": pl.String,
    "denominator": pl.Float64,
    "statement_en": pl.String,
    "source_id": pl.String,
    "source_line": pl.Int64,
    "source_text": pl.String,
}
ORG_TYPES = ("kindergarten", "school", "college", "university", "other", "all")
LOCALITIES = ("", "rural", "urban")
QUALIFIERS = ("", "more_than", "about", "less_than")
UNITS = ("count", "percent", "ratio", "people", "days", "mbps", "tenge", "tenge_per_year")
# The shapes the published `period` field allows (see pipelines/publish/fields.py).
PERIOD = re.compile(r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$")

# Hedging words as the documents print them, folded and case-folded.
QUALIFIER_WORDS = {
    "более": "more_than", "свыше": "more_than", "аса": "more_than", "астам": "more_than",
    "порядка": "about", "около": "about", "практически": "about",
    "менее": "less_than",
}
ORG_WORDS = {
    "балабақша": "kindergarten", "детских садов": "kindergarten", "дет.сады": "kindergarten",
    "мектеп": "school", "школы": "school",
    "колледж": "college", "колледжей": "college", "колледжи": "college",
    "вузов": "university", "вузы": "university",
    "иные": "other",
}
# How statements name an organisation kind in English ("{org_en}" in a template).
ORG_EN = {
    "kindergarten": "kindergartens", "school": "schools", "college": "colleges", "university": "universities",
    "other": "other education organisations", "all": "education organisations",
}
# Figures printed as words rather than digits.
WORD_VALUES = {"ни одна": Decimal(0)}
# Month names as dates print them: Russian genitive, Kazakh nominative.
MONTHS = {
    "января": "01", "февраля": "02", "марта": "03", "апреля": "04", "мая": "05", "июня": "06",
    "июля": "07", "августа": "08", "сентября": "09", "октября": "10", "ноября": "11", "декабря": "12",
    **{name: f"{number:02d}" for name, number in KK_MONTHS.items()},
}

# A whole printed number: never the tail of "7О13" (a letter typed for a digit) or of "1 2345" (also
# with two or three spaces), never the head of "5 9865" or "5 9 85", so a damaged number fails its
# statement instead of yielding a part of itself. (Lookbehinds must have a fixed width, hence three.)
N = rf"(?<![\w,.])(?<!\d )(?<!\d  )(?<!\d   )(?:{NUMBER_PATTERN})(?![\w]|[,.]\d|\s+\d)"
# Where a statement no longer matches, a number or year split by a space still matches a looser
# version of the statement, which finds the damaged line to name.
LOOSE_NUMBERS = ((N, r"\d[\d\s,.]*"), (r"\d{4}", r"\d[\d\s]{3,}"), (r"\d{1,2}", r"\d[\d\s]*"))


def _loose(pattern: str) -> str:
    for strict, loose in LOOSE_NUMBERS:
        pattern = pattern.replace(strict, loose)
    return pattern
B = r"\**"  # markdown emphasis that document 000 puts around numbers and words


@dataclass(frozen=True)
class Group:
    """A field read from the text: the named regex group of the statement, else of its section's opening."""

    name: str


@dataclass(frozen=True)
class Figure:
    """One number a statement captures, and what it means.

    `period`, `base_period` and `statement_en` are templates: `{period}` is the section's period,
    `{year}` and `{date}` come from the document's metadata, any other name is a captured group
    (a group called `month` is turned into its number, `day` is zero-padded).
    """

    value: str  # group holding the number as printed
    measure: str
    statement_en: str
    text: str = ""  # group whose span is the source_text; "t_" + value when empty
    unit: str = "count"
    org_type: str | Group = "all"
    scope: str | Group = "national"
    city_group: str | Group = ""
    locality: str = ""
    period: str = "{period}"
    base_period: str = ""
    qualifier: str | Group = ""
    denominator: str = ""  # group holding the total the figure is a share of

    @property
    def text_group(self) -> str:
        return self.text or f"t_{self.value}"


@dataclass(frozen=True)
class Statement:
    pattern: str  # searched in folded lines; every match yields all `figures`
    figures: tuple[Figure, ...]
    matches: int = 1  # how many times the pattern must match in its section


@dataclass(frozen=True)
class Section:
    opening: str  # finds the section's first line; its groups join the context of later statements
    period: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class DocumentSpec:
    # A one-off document is named by its source id; a recurring format (the quarterly security note)
    # by "*", so that every document of that format is read with the same statements.
    source_id: str
    sections: tuple[Section, ...]
    format: str = ""
    end: str = ""  # the first line not to read (a heading that opens an off-topic part)


# --------------------------------------------------------------------------------------------------
# Builders for statement shapes that recur.

KINDS = tuple((org, ORG_EN[org]) for org in ("kindergarten", "school", "college"))


def _by_kind(prefix: str, measure: str, what: str, **common: object) -> tuple[Figure, ...]:
    """Figures for a "(N балабақша, N мектеп, N колледж)" breakdown captured as <prefix>kindergarten etc."""
    return tuple(Figure(f"{prefix}{org}", measure, what, org_type=org, **common) for org, _ in KINDS)


def _kinds_pattern(prefix: str, conjunction: str = ",") -> str:
    kindergarten, school, college = (f"{prefix}{org}" for org, _ in KINDS)
    return (
        rf"\((?P<t_{kindergarten}>(?P<{kindergarten}>{N}) балабақша), (?P<t_{school}>(?P<{school}>{N}) мектеп)"
        rf"{conjunction} (?P<t_{college}>(?P<{college}>{N}) колледж)\)"
    )


def _dynamics_000(lead: str, measure: str, what: str) -> Statement:
    """Statement "- в **11 раз** увеличено количество организаций образования, <lead> (в 2020 г. - 500, а в 2022 г. – 5 986);"."""
    return Statement(
        rf"(?P<t_ratio>в {B}(?P<ratio>{N}) раза?{B}) увеличено количество организаций образования, {lead} "
        rf"\((?P<t_before>в (?P<y0>\d{{4}}) г\. – (?P<before>{N}))(?:, а|,) "
        rf"(?P<t_after>в (?P<y1>\d{{4}}) г\. – (?P<after>{N}))\)",
        (
            Figure("ratio", measure, f"{what}: times as many in {{y1}} as in {{y0}}", unit="ratio",
                   period="{y1}", base_period="{y0}"),
            Figure("before", measure, f"{what} in {{y0}}", period="{y0}"),
            Figure("after", measure, f"{what} in {{y1}}", period="{y1}"),
        ),
    )


def _dynamics_001(lead: str, verb: str, measure: str, what: str) -> Statement:
    """Statement "- <lead> білім беру ұйымдарының саны 11 есеге артты (2020 ж. – 500, ал 2023 ж. –5 588);"."""
    return Statement(
        rf"{lead} білім беру ұйымдарының саны\s+(?P<t_ratio>(?P<ratio>{N}) есеге {verb}) "
        rf"\((?P<t_before>(?P<y0>\d{{4}}) ж\. – (?P<before>{N}))(?:, ал|,) "
        rf"(?P<t_after>(?P<y1>\d{{4}}) ж\. ?– ?(?P<after>{N}))\)",
        (
            Figure("ratio", measure, f"{what}: times as many in {{y1}} as in {{y0}}", unit="ratio",
                   period="{y1}", base_period="{y0}"),
            Figure("before", measure, f"{what} in {{y0}}", period="{y0}"),
            Figure("after", measure, f"{what} in {{y1}}", period="{y1}"),
        ),
    )


def _large_city_items(measure: str, what: str) -> Statement:
    """The three list items under a large-city heading of document 000: "- **51%** детских садов (1367 из 2657),"."""
    return Statement(
        rf"^– (?P<t_pct>{B}(?P<pct>{N})%{B} (?P<kind>детских садов|колледжей|ВУЗов)) "
        rf"\((?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)[,;.]?$",
        (
            Figure("pct", measure, f"Share of {what} in large cities", unit="percent", org_type=Group("kind"),
                   scope="large_cities", denominator="total"),
            Figure("count", measure, f"Number of {what} in large cities", org_type=Group("kind"),
                   scope="large_cities", denominator="total"),
        ),
        matches=3,
    )


# --------------------------------------------------------------------------------------------------
# Document 000: briefing for the Government meeting of 2023-03-07 (ru).

SCHOOLS_000 = (
    rf"^На сегодняшний день, (?P<t_schools>из (?P<schools>{N}) государственных школ страны) "
    rf"\((?P<t_rural>сельских – (?P<rural>{N})), (?P<t_urban>городских – (?P<urban>{N}))\) "
    rf"(?P<t_connected>к сети Интернет подключено (?P<connected>{N}) школ) "
    rf"\((?P<t_connected_rural>(?P<connected_rural>{N}) сельских) и "
    rf"(?P<t_connected_urban>(?P<connected_urban>{N}) городских школ)\)[^()]*"
    rf"\((?P<t_kuis>за исключением (?P<kuis>{N}) спецшкол КУИС)\)"
)
LINKED = "Education organisations with CCTV connected to police operational control centres"
SECURED = "Education organisations under licensed security"
ALARMED = "Education organisations with an alarm button"
SCHOOL = {"org_type": "school"}

DOC_000 = DocumentSpec(
    "000_79fb72e18d9edfdc",
    end=r"^О вопросах соблюдения гендерного равенства",
    sections=(
        Section(r"в сравнении с \d{4} годом", "{date}", (
            _dynamics_000("обеспеченных системами видеонаблюдения", "cctv_installed",
                          "Education organisations with CCTV"),
            _dynamics_000("подключенных к ЦОУ", "cctv_police_link", LINKED),
            _dynamics_000("имеющих лицензированную охрану", "licensed_security", SECURED),
            _dynamics_000("имеющих тревожную кнопку для оповещения", "alarm_button", ALARMED),
        )),
        # "Итоги мониторинга по состоянию на **1 марта т.г.** показали следующее." dates what follows it.
        Section(rf"Итоги мониторинга по состоянию на {B}(?P<day>\d{{1,2}}) (?P<month>[а-я]+) т\.г\.", "{year}-{month}-{day}", (
            Statement(rf"(?P<t_v>на {B}(?P<v>{N})% обеспечены системами видеонаблюдения{B})", (
                Figure("v", "cctv_installed", "Share of education organisations with CCTV", unit="percent"),
            )),
            Statement(rf"(?P<t_v>к Центрам оперативного управления подключены (?P<q>более) {B}(?P<v>{N} тыс\.){B})", (
                Figure("v", "cctv_police_link", LINKED, qualifier=Group("q")),
            )),
            # "более **1900 тысяч**" is printed as 1.9 million; a declared correction fixes the value later.
            Statement(
                rf"в {B}крупных городах{B} (?P<t_secured>договора с лицензированной охраной заключили "
                rf"(?P<q_secured>более) {B}(?P<secured>{N} тысяч){B}) организаций образования, "
                rf"(?P<t_alarmed>а тревожные кнопки установлены в (?P<q_alarmed>более) {B}(?P<alarmed>{N}){B})",
                (
                    Figure("secured", "licensed_security",
                           "Education organisations in large cities with a licensed-security contract",
                           scope="large_cities", qualifier=Group("q_secured")),
                    Figure("alarmed", "alarm_button", "Education organisations in large cities with an alarm button",
                           scope="large_cities", qualifier=Group("q_alarmed")),
                ),
            ),
        )),
        Section(r"^На сегодня в регионах работают", "{date}", (
            Statement(rf"(?P<t_v>работают (?P<v>{N}) мониторинговые группы)", (
                Figure("v", "monitoring_groups", "Monitoring groups working in the regions"),
            )),
            Statement(rf"(?P<t_v>охвачено (?P<q>более) (?P<v>{N} тыс\.) организаций образования)", (
                Figure("v", "organisations_checked", "Education organisations covered by the safety assessment",
                       qualifier=Group("q")),
            )),
        )),
        Section(r"^По линии МВД РК$", "{date}", (
            # "Ранее" is before the criteria change the text dates to 2021 two sentences on: the year before.
            Statement(rf"(?P<t_v>относились учебные заведения с численностью от {B}(?P<v>{N}){B} человек)", (
                Figure("v", "vulnerable_object_threshold",
                       "Former threshold (people) from which an education institution counted as vulnerable to terrorism",
                       unit="people", period="2020"),
            )),
            Statement(rf"(?P<t_v>насчитывалось {B}(?P<v>{N} тыс\.){B} таких объектов)", (
                Figure("v", "vulnerable_objects",
                       "Education objects vulnerable to terrorism before the 2021 change of criteria", period="2020"),
            )),
            Statement(rf"(?P<t_v>В {B}(?P<y>\d{{4}}){B} году критерии изменены до {B}(?P<v>{N}){B} учащихся)", (
                Figure("v", "vulnerable_object_threshold",
                       "Threshold (pupils) from which an education object counts as vulnerable to terrorism, from {y}",
                       unit="people", period="{y}"),
            )),
            # No date of its own: the briefing presents 9 884 as today's list (its 5740 schools are restated
            # in the present tense below), so it takes the meeting date.
            Statement(
                rf"(?P<t_all>увеличилось до {B}(?P<all>{N}){B}) \((?P<t_kg>дет\.сады – (?P<kg>{N})), "
                rf"(?P<t_school>школы – (?P<school>{N})), (?P<t_college>колледжи – (?P<college>{N})), "
                rf"(?P<t_uni>ВУЗы – (?P<uni>{N})), (?P<t_other>иные – (?P<other>{N}))\)",
                (
                    Figure("all", "vulnerable_objects", "Education objects vulnerable to terrorism"),
                    Figure("kg", "vulnerable_objects", "Kindergartens vulnerable to terrorism",
                           org_type="kindergarten"),
                    Figure("school", "vulnerable_objects", "Schools vulnerable to terrorism", **SCHOOL),
                    Figure("college", "vulnerable_objects", "Colleges vulnerable to terrorism", org_type="college"),
                    Figure("uni", "vulnerable_objects", "Universities vulnerable to terrorism",
                           org_type="university"),
                    Figure("other", "vulnerable_objects", "Other education objects vulnerable to terrorism",
                           org_type="other"),
                ),
            ),
            Statement(rf"(?P<t_v>учреждения, насчитывающие {B}до (?P<v>{N}){B} учащихся)", (
                Figure("v", "security_category_threshold",
                       "Instruction No. 117, category 1: up to this many pupils (CCTV and warning systems)",
                       unit="people"),
            )),
            Statement(rf"(?P<t_v>объекты {B}до (?P<v>{N}){B} учащихся), также обязаны подключить", (
                Figure("v", "security_category_threshold",
                       "Instruction No. 117, category 2: up to this many pupils (also control-centre link and alarm buttons)",
                       unit="people"),
            )),
            Statement(rf"(?P<t_v>организациям образования (?P<q>свыше) {B}(?P<v>{N}){B} человек)", (
                Figure("v", "security_category_threshold",
                       "Instruction No. 117, category 3: over this many people (also licensed security and turnstiles)",
                       unit="people", qualifier=Group("q")),
            )),
            Statement(rf"(?P<t_pct>(?P<pct>{N})% всех учреждений) составляют (?P<t_count>{B}школы{B} \((?P<count>{N})\))", (
                Figure("pct", "vulnerable_objects", "Share of schools among education objects vulnerable to terrorism",
                       unit="percent", **SCHOOL),
                Figure("count", "vulnerable_objects", "Schools vulnerable to terrorism", **SCHOOL),
            )),
        )),
        Section(rf"^На сегодня, большинство школ {B}крупных городов{B}", "{date}", (
            Statement(rf"(?P<t_v>с населением (?P<q>свыше) (?P<v>{N} тыс\.))", (
                Figure("v", "large_city_population_threshold", "Population above which a city counts as large",
                       unit="people", qualifier=Group("q")),
            )),
            Statement(rf"(?P<t_v>{B}тревожными кнопками{B} \((?P<v>{N})%\))", (
                Figure("v", "alarm_button", "Share of schools in large cities with alarm buttons", unit="percent",
                       scope="large_cities", **SCHOOL),
            )),
            Statement(rf"(?P<t_v>{B}турникетами{B} \((?P<v>{N})%\))", (
                Figure("v", "turnstile", "Share of schools in large cities with turnstiles", unit="percent",
                       scope="large_cities", **SCHOOL),
            )),
            Statement(rf"(?P<t_v>{B}видеонаблюдением{B} \((?P<v>{N})%\))", (
                Figure("v", "cctv_installed", "Share of schools in large cities with CCTV", unit="percent",
                       scope="large_cities", **SCHOOL),
            )),
        )),
        Section(r"детальное обследование показало", "{date}", (
            # 4360 of 6936 are the school figures of note 004 (4 360 мектеп, 6 936 мектеп), whatever the
            # "объектов 2 категории" wording says.
            Statement(
                rf"(?P<t_pct>только {B}(?P<pct>{N})%{B} {B}видеокамер{B} интегрированы к ЦОУ) "
                rf"\(или (?P<t_count>(?P<count>{N}) из (?P<total>{N}) объектов 2 категории)\)",
                (
                    Figure("pct", "cctv_police_link", "Share of schools with CCTV integrated with police operational control centres",
                           unit="percent", denominator="total", **SCHOOL),
                    Figure("count", "cctv_police_link", "Schools with CCTV integrated with police operational control centres",
                           denominator="total", **SCHOOL),
                ),
            ),
            Statement(
                rf"(?P<t_pct>в {B}(?P<place>[^*]+?){B} на полицию выведены изображения всего {B}(?P<pct>{N})%{B} школ) "
                rf"\((?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)",
                (
                    Figure("pct", "cctv_police_link", "Share of the region's schools with CCTV shown to the police",
                           unit="percent", scope=Group("place"), denominator="total", **SCHOOL),
                    Figure("count", "cctv_police_link", "Schools of the region with CCTV shown to the police",
                           scope=Group("place"), denominator="total", **SCHOOL),
                ),
            ),
            Statement(
                rf"^(?P<t_pct>В {B}(?P<place>[^*]+?){B} – только {B}(?P<pct>{N})%{B} школ) "
                rf"\(или (?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)",
                (
                    Figure("pct", "cctv_police_link", "Share of the region's schools with CCTV shown to the police",
                           unit="percent", scope=Group("place"), denominator="total", **SCHOOL),
                    Figure("count", "cctv_police_link", "Schools of the region with CCTV shown to the police",
                           scope=Group("place"), denominator="total", **SCHOOL),
                ),
            ),
            Statement(
                rf"^(?P<t_pct>В {B}(?P<place>[^*]+?){B} области интегрированы {B}(?P<pct>{N})%{B}) "
                rf"\(или (?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)",
                (
                    Figure("pct", "cctv_police_link", "Share of the region's schools with CCTV integrated with police operational "
                           "control centres", unit="percent", scope=Group("place"), denominator="total", **SCHOOL),
                    Figure("count", "cctv_police_link", "Schools of the region with CCTV integrated with police operational "
                           "control centres", scope=Group("place"), denominator="total", **SCHOOL),
                ),
            ),
        )),
        Section(rf"{B}не заключили договора{B} с поставщиками услуг на обслуживание каналов связи", "{date}", (
            # The text names only the city; Petropavl lies in North Kazakhstan (data/reference/large_cities.csv).
            Statement(
                rf"в (?P<city>г\.{B}[^*\s]+?{B}) данные договора (?P<t_v>в {B}(?P<v>{N}){B} школах "
                rf"\(из (?P<total>{N})\) были заключены в конце (?P<month>[а-я]+))",
                (
                    Figure("v", "comm_channel_contract_late",
                           "Schools of the city whose communication-channel contracts (needed for the police to see "
                           "their CCTV) were concluded only at the end of the month", scope="KZ-59",
                           city_group=Group("city"), period="{year}-{month}", denominator="total", **SCHOOL),
                ),
            ),
            Statement(
                rf"по {B}(?P<place>[^*]+?){B} области до настоящего времени "
                rf"(?P<t_v>проводятся госзакупки по {B}(?P<v>{N}){B} школе)",
                (
                    Figure("v", "comm_channel_procurement_pending",
                           "Schools of the region whose procurement of communication channels for police access to "
                           "CCTV is still under way", scope=Group("place"), **SCHOOL),
                ),
            ),
            # "Мангистауской – по **154**." and "Актюбинской – по **107**." continue the sentence above.
            Statement(
                rf"^(?P<t_v>(?P<place>[^\W\d_]+ской) – по {B}(?P<v>{N}){B})\.$",
                (
                    Figure("v", "comm_channel_procurement_pending",
                           "Schools of the region whose procurement of communication channels for police access to "
                           "CCTV is still under way", scope=Group("place"), **SCHOOL),
                ),
                matches=2,
            ),
            Statement(
                rf"^В (?P<place>области {B}[^*]+?{B}) (?P<t_v>в {B}(?P<v>{N}){B} школах эти процедуры не завершены)",
                (
                    Figure("v", "comm_channel_procurement_pending",
                           "Schools of the region whose procurement of communication channels for police access to "
                           "CCTV is not completed", scope=Group("place"), **SCHOOL),
                ),
            ),
        )),
        Section(rf"Что касается {B}охраны{B} этих объектов", "{date}", (
            Statement(rf"(?P<t_v>Школы с численностью (?P<q>свыше) {B}(?P<v>{N}){B} человек) должны привлекать", (
                Figure("v", "security_category_threshold",
                       "Schools over this many people must be guarded by licensed security firms", unit="people",
                       qualifier=Group("q"), **SCHOOL),
            )),
            Statement(
                rf"(?P<t_pct>обеспечена охрана {B}(?P<pct>{N})%{B} таких школ) "
                rf"\((?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)",
                (
                    Figure("pct", "licensed_security", "Share of schools over 700 people under licensed security",
                           unit="percent", denominator="total", **SCHOOL),
                    Figure("count", "licensed_security", "Schools over 700 people under licensed security",
                           denominator="total", **SCHOOL),
                ),
            ),
            # "ни одна школа" is the figure (0); the parenthesised numbers are the schools that should be.
            Statement(
                rf"в (?P<t_a>{B}(?P<place_a>[^*]+?){B} \((?P<total_a>{N})\) и "
                rf"(?P<t_b>{B}(?P<place_b>[^*]+?){B} \((?P<total_b>{N})\) областях под лицензированной охраной "
                rf"не находится (?P<none>ни одна) школа))",
                (
                    Figure("none", "licensed_security",
                           "Schools of the region under licensed security, of those that must have it",
                           text="t_a", scope=Group("place_a"), denominator="total_a", **SCHOOL),
                    Figure("none", "licensed_security",
                           "Schools of the region under licensed security, of those that must have it",
                           text="t_b", scope=Group("place_b"), denominator="total_b", **SCHOOL),
                ),
            ),
            Statement(
                rf"^(?P<t_pct>(?P<place>[^–(]+?) – (?P<pct>{N})%) \((?P<t_count>(?P<count>{N}) из (?P<total>{N}))\)\.$",
                (
                    Figure("pct", "licensed_security",
                           "Share of the region's schools under licensed security, of those that must have it",
                           unit="percent", scope=Group("place"), denominator="total", **SCHOOL),
                    Figure("count", "licensed_security",
                           "Schools of the region under licensed security, of those that must have it",
                           scope=Group("place"), denominator="total", **SCHOOL),
                ),
                matches=2,
            ),
        )),
        Section(rf"в {B}крупных городах к ЦОУ подключены:?{B}", "{date}", (
            _large_city_items("cctv_police_link", "{org_en} with CCTV connected to police operational control centres"),
        )),
        Section(rf"^Установлены {B}«тревожные кнопки»:?{B}", "{date}", (
            _large_city_items("alarm_button", "{org_en} with alarm buttons"),
        )),
        Section(r"^Охранными организациями обеспечивается безопасность", "{date}", (
            _large_city_items("licensed_security", "{org_en} guarded by security organisations"),
        )),
        # The opening is the whole first sentence: its totals are the denominators of "Из них:" below.
        Section(SCHOOLS_000, "{date}", (
            Statement(SCHOOLS_000, (
                Figure("schools", "state_schools_total", "State schools", **SCHOOL),
                Figure("rural", "state_schools_total", "Rural state schools", locality="rural", **SCHOOL),
                Figure("urban", "state_schools_total", "Urban state schools", locality="urban", **SCHOOL),
                Figure("connected", "school_internet_connected", "State schools connected to the internet",
                       denominator="schools", **SCHOOL),
                Figure("connected_rural", "school_internet_connected",
                       "Rural state schools connected to the internet", locality="rural", denominator="rural",
                       **SCHOOL),
                Figure("connected_urban", "school_internet_connected",
                       "Urban state schools connected to the internet", locality="urban", denominator="urban",
                       **SCHOOL),
                Figure("kuis", "school_internet_excluded_penitentiary",
                       "Special schools of the penitentiary system (КУИС) left out of the internet connection",
                       **SCHOOL),
            )),
            Statement(
                rf"^– (?P<t_itu>В (?P<itu>{N}) школах) \((?P<t_itu_rural>(?P<itu_rural>{N}) сельских) и "
                rf"(?P<t_itu_urban>(?P<itu_urban>{N}) городских)\) скорость интернета соответствует рекомендациям МСЭ",
                (
                    Figure("itu", "school_internet_itu_speed", "Connected schools with internet at the ITU-recommended "
                           "speed", denominator="connected", **SCHOOL),
                    Figure("itu_rural", "school_internet_itu_speed", "Connected rural schools with internet at the "
                           "ITU-recommended speed", locality="rural", denominator="connected_rural", **SCHOOL),
                    Figure("itu_urban", "school_internet_itu_speed", "Connected urban schools with internet at the "
                           "ITU-recommended speed", locality="urban", denominator="connected_urban", **SCHOOL),
                ),
            ),
            Statement(
                rf"^– (?P<t_slow>В (?P<slow>{N}) школах) \((?P<t_share>(?P<share>{N})% от (?P<base>{N}))\) "
                r"необходимо скорость интернета довести до уровня, рекомендованного МСЭ",
                (
                    Figure("slow", "school_internet_below_itu_speed",
                           "Connected schools whose internet speed must be raised to the ITU-recommended level",
                           denominator="base", **SCHOOL),
                    Figure("share", "school_internet_below_itu_speed",
                           "Share of connected schools whose internet speed must be raised to the ITU-recommended level",
                           unit="percent", denominator="base", **SCHOOL),
                ),
            ),
            Statement(
                rf"(?P<t_rec>МСЭ рекомендует скорость (?P<rec>{N}) Мб/с на одну школу)\. При этом "
                rf"(?P<t_down>скорость загрузки должно быть не менее (?P<down>{N}) Мб/с), а "
                rf"(?P<t_up>скорость выгрузки – (?P<up>{N}) Мб/с)\. Для школ "
                rf"(?P<t_big>с количеством учащихся (?P<q_big>более) (?P<big>{N}) человек) рекомендуется "
                rf"(?P<t_per>минимум (?P<per>{N}) Мб/с на 20 учащихся)",
                (
                    Figure("rec", "itu_recommended_speed", "Internet speed the ITU recommends per school", unit="mbps",
                           **SCHOOL),
                    Figure("down", "itu_recommended_download_speed", "Minimum download speed per school (ITU)",
                           unit="mbps", **SCHOOL),
                    Figure("up", "itu_recommended_upload_speed", "Upload speed per school (ITU)", unit="mbps",
                           **SCHOOL),
                    Figure("big", "itu_large_school_threshold",
                           "Pupils above which the ITU recommends a speed per pupil instead of per school",
                           unit="people", qualifier=Group("q_big"), **SCHOOL),
                    Figure("per", "itu_recommended_speed_per_20_pupils",
                           "Minimum speed per 20 pupils in schools over 400 pupils (ITU)", unit="mbps", **SCHOOL),
                ),
            ),
            Statement(
                rf"^(?P<t_possible>В (?P<possible>{N}) школах имеется техническая возможность) для повышения "
                rf"скорости доступа к сети интернет до уровня, рекомендуемого МСЭ\. Для этого дополнительно "
                rf"(?P<t_cost>требуется (?P<q_cost>порядка) (?P<cost>{N} млрд\.) тенге ежегодно)",
                (
                    Figure("possible", "school_internet_upgrade_possible",
                           "Schools where raising the internet speed to the ITU level is technically possible",
                           **SCHOOL),
                    Figure("cost", "funding_internet_itu_upgrade_required",
                           "Additional yearly funding needed to raise those schools to the ITU-recommended speed",
                           unit="tenge_per_year", qualifier=Group("q_cost"), **SCHOOL),
                ),
            ),
            Statement(
                rf"(?P<t_v>объем выплачиваемых средств за обеспечение доступа к сети интернет всех школ "
                rf"составляет – (?P<v>{N} млрд\.) тенге)",
                (
                    Figure("v", "funding_internet_current", "Amount currently paid for internet access of all schools",
                           unit="tenge", **SCHOOL),
                ),
            ),
            Statement(rf"по (?P<t_v>оставшимся (?P<v>{N}) школам из (?P<total>{N})) нет технической возможности", (
                Figure("v", "school_internet_no_upgrade_possible",
                       "Schools below the ITU speed where raising it is not technically possible",
                       denominator="total", **SCHOOL),
            )),
            Statement(
                rf"(?P<t_cost>требуется (?P<cost>{N} млн\.) тенге ежегодно) "
                rf"\((?P<t_per_school>(?P<per_school>{N}) тенге/школа)\)\. Соответственно, "
                rf"(?P<t_planned>планируется обеспечить (?P<planned>{N}) школ) доступом к сети интернет с применением "
                r"спутниковых технологий",
                (
                    Figure("cost", "funding_internet_satellite_required",
                           "Yearly funding needed to bring schools to the required speed by satellite",
                           unit="tenge_per_year", **SCHOOL),
                    Figure("per_school", "funding_internet_satellite_per_school",
                           "Yearly satellite internet cost per school", unit="tenge_per_year", **SCHOOL),
                    Figure("planned", "school_internet_satellite_planned",
                           "Schools planned to get internet by satellite", **SCHOOL),
                ),
            ),
            Statement(rf"^(?P<t_v>По оставшимся (?P<v>{N}) школам), где нет технической возможности, прокладка ВОЛС", (
                Figure("v", "school_internet_fibre_planned",
                       "Schools to get fibre under the national project «Доступный интернет»", **SCHOOL),
            )),
            # The amount covers 2024-2027; the published period (one year, quarter, month or day) is the
            # date the plan is stated, the span goes into the statement.
            Statement(
                rf"^(?P<t_v>В рамках проекта ВОЛС в СНП будет предусмотрено (?P<v>{N} млрд\.) тенге в период "
                rf"(?P<y0>\d{{4}})–(?P<y1>\d{{4}}) годы)",
                (
                    Figure("v", "funding_internet_fibre_rural",
                           "Funding planned for fibre to rural settlements in {y0}–{y1}", unit="tenge"),
                ),
            ),
        )),
    ),
)

# --------------------------------------------------------------------------------------------------
# Document 001: theses of the vice-minister's report of 2023-05-30 (kk).

DOC_001 = DocumentSpec(
    "001_89a1cac1b016df0e",
    sections=(
        Section(r"\d{4} жылмен салыстырғанда", "{date}", (
            _dynamics_001("жедел басқару орталықтарына қосылған", "артты", "cctv_police_link", LINKED),
            _dynamics_001("лицензияланған күзетпен қамтылған", "ұлғайды", "licensed_security", SECURED),
            _dynamics_001("дабыл түймесі қойылған", "артты", "alarm_button", ALARMED),
            _dynamics_001("турникеттері бар", "артты", "turnstile", "Education organisations with turnstiles"),
        )),
        # "Ағымдағы жылғы 1-ші тоқсанында ... мониторинг жүргізілді": the current year is the document's.
        Section(r"^Ағымдағы жылғы (?P<quarter>[1-4])–ші тоқсанында", "{year}-Q{quarter}", (
            Statement(rf"(?P<t_v>Республика бойынша (?P<v>{N}) мониторингтік топ) жұмыс істеді", (
                Figure("v", "monitoring_groups", "Monitoring groups that worked across the country"),
            )),
            Statement(
                rf"(?P<t_approx>(?P<approx>{N} мыңнан) (?P<q>аса) білім беру нысаны тексерілді) "
                rf"\((?P<t_all>(?P<all>{N}) білім беру ұйымы): (?P<t_kindergarten>(?P<kindergarten>{N}) балабақша), "
                rf"(?P<t_school>(?P<school>{N}) мектеп) және (?P<t_college>(?P<college>{N}) колледж)\)",
                (
                    Figure("approx", "organisations_checked", "Education objects checked by the monitoring",
                           qualifier=Group("q")),
                    Figure("all", "organisations_checked", "Education organisations checked by the monitoring"),
                    *_by_kind("", "organisations_checked", "Education organisations checked by the monitoring: {org_en}"),
                ),
            ),
            Statement(rf"(?P<t_v>(?P<v>{N}) күннен кем емес мерзімге) сақтамау", (
                Figure("v", "cctv_retention_days_required",
                       "Days CCTV recordings must be kept at least (a requirement the monitoring found broken)",
                       unit="days"),
            )),
        )),
        Section(r"^Білім беру ұйымдарының қауіпсіздік құралдарымен жарақтандырылуына келер болсақ", "{date}", (
            Statement(rf"(?P<t_v>(?P<v>{N})% бейнебақылау жүйелерімен қамтамасыз етілген)", (
                Figure("v", "cctv_installed", "Share of the country's education organisations with CCTV",
                       unit="percent"),
            )),
            Statement(rf"(?P<t_v>нұсқаулықта білім беру объектілері (?P<v>{N}) топқа бөлінген)", (
                Figure("v", "security_categories_total", "Security categories of education objects in the Instruction"),
            )),
            Statement(rf"^Бірінші топ\. (?P<t_v>Персонал мен білім алушылар саны (?P<v>{N}) адамға дейінгі объектілер)", (
                Figure("v", "security_category_threshold", "Instruction, category 1: objects with up to this many "
                       "staff and pupils", unit="people"),
            )),
            Statement(
                rf"^Екінші топ\. Нысандар – (?P<t_band>(?P<low>{N})–ден (?P<high>{N}) адамға дейін), .*?"
                rf"(?P<t_district>толымдылығы (?P<district>{N}) адамға дейінгі)",
                (
                    Figure("low", "security_category_threshold", "Instruction, category 2: objects from this many people",
                           text="t_band", unit="people"),
                    Figure("high", "security_category_threshold", "Instruction, category 2: objects up to this many "
                           "people", text="t_band", unit="people"),
                    Figure("district", "security_category_threshold", "Instruction, category 2: objects in district "
                           "centres and towns of district significance with up to this many people", unit="people"),
                ),
            ),
            Statement(rf"^Үшінші топ\. (?P<t_v>Білім беру объектілері – (?P<v>{N})–ден (?P<q>астам) адам)", (
                Figure("v", "security_category_threshold", "Instruction, category 3: objects over this many people",
                       unit="people", qualifier=Group("q")),
            )),
            Statement(
                rf"жедел басқару орталықтарына не ішкі істер органдарының кезекші бөлімдеріне "
                rf"(?P<t_pct>шығару (?P<pct>{N})%–ға) немесе "
                rf"(?P<t_approx>(?P<approx>{N} мыңнан) (?P<q>аса) білім беру ұйымдарында) {_kinds_pattern('')}",
                (
                    Figure("pct", "cctv_police_link", "Share of education organisations with CCTV connected to police operational "
                           "control centres or duty units", unit="percent"),
                    Figure("approx", "cctv_police_link", "Education organisations with CCTV connected to police operational "
                           "control centres or duty units", qualifier=Group("q")),
                    *_by_kind("", "cctv_police_link", "{org_en} with CCTV connected to police operational control centres or duty "
                              "units"),
                ),
            ),
            Statement(
                rf"^(?P<t_pct>Лицензияланған күзетпен қамтамасыз ету (?P<pct>{N})% құрайды) {_kinds_pattern('')}\. "
                rf"Яғни .*?(?P<t_large>ірі қалаларда лицензияланған күзетпен (?P<large>{N})–ден (?P<q>астам) білім "
                r"ұйымдары шарт жасасқан)",
                (
                    Figure("pct", "licensed_security", "Share of education organisations under licensed security",
                           unit="percent"),
                    *_by_kind("", "licensed_security", "{org_en} under licensed security"),
                    Figure("large", "licensed_security",
                           "Education organisations in large cities with a licensed-security contract",
                           scope="large_cities", qualifier=Group("q")),
                ),
            ),
            Statement(
                rf"(?P<t_pct>Күзет фирмаларына қосылған дабыл түймелерін орнатуды білім беру ұйымдарының "
                rf"(?P<pct>{N})%–ы аяқтады) {_kinds_pattern('')}",
                (
                    Figure("pct", "alarm_button", "Share of education organisations with alarm buttons connected to "
                           "security firms", unit="percent"),
                    *_by_kind("", "alarm_button", "{org_en} with alarm buttons connected to security firms"),
                ),
            ),
        )),
        # The amount is printed on the line after the sentence's start; the section keeps them together.
        Section(r"^Қазіргі күні жергілікті бюджетте білім беру ұйымдарын қауіпсіздік жүйелерімен", "{date}", (
            Statement(rf"^(?P<t_v>(?P<v>{N} млрд\. {N} млн\.) теңге мөлшерінде қаражат көзделген)", (
                Figure("v", "funding_security_local_budget",
                       "Local-budget funds for further security systems in education organisations", unit="tenge"),
            )),
        )),
        Section(
            r"Министрлік (?P<y>\d{4}) жылғы \d{1,2}–\d{1,2} (?P<month>[^\W\d_]+) аралығында бүкіл ел бойынша "
            r"жаттығулар өткізді",
            "{y}-{month}",
            (
                Statement(
                    rf"^(?P<t_all>Оқу–жаттығу (?P<all>{N}) мектепте өтті), оның (?P<t_state>(?P<state>{N})–і мемлекеттік) "
                    rf"және (?P<t_private>(?P<private>{N})–сі жекеменшік)\. Сондай–ақ, аталған іс–шаралармен "
                    rf"(?P<t_pupils>(?P<pupils>{N} млн\.) ?(?P<q>астам) оқушы) және "
                    rf"(?P<t_staff>(?P<staff>{N} мың) мектеп персоналы) қамтылды",
                    (
                        Figure("all", "drills_schools", "Schools where the nationwide drills took place", **SCHOOL),
                        Figure("state", "drills_schools_state", "State schools where the drills took place", **SCHOOL),
                        Figure("private", "drills_schools_private", "Private schools where the drills took place",
                               **SCHOOL),
                        Figure("pupils", "drills_pupils", "Pupils covered by the drills", qualifier=Group("q"),
                               **SCHOOL),
                        Figure("staff", "drills_school_staff", "School staff covered by the drills", **SCHOOL),
                    ),
                ),
            ),
        ),
    ),
)

# --------------------------------------------------------------------------------------------------
# Document 002: reply to deputies, figures as of early October 2020 (ru).

DOC_002 = DocumentSpec(
    "002_7d4a5a6f4a884ed0",
    sections=(
        Section(
            r"^В соответствии с постановлением Правительства от \d{1,2} [а-я]+ (?P<y>\d{4}) года МОН выделены средства",
            "{y}",
            (
                # Partly for raising internet speed, partly for systems and servers: not an internet-only amount.
                Statement(rf"(?P<t_v>МОН выделены средства для организации дистанционного обучения в сумме "
                          rf"(?P<v>{N} тыс\.) тенге)", (
                    Figure("v", "funding_distance_learning", "Funds allocated to the ministry for organising distance "
                           "learning (including raising internet speed)", unit="tenge"),
                )),
            ),
        ),
        Section(r"школ[а-я]* подключены к интернету со скоростью", "{year}", (
            Statement(
                rf"(?P<t_fast>(?P<fast>{N}) школ подключены к интернету со скоростью 4 Мбит/с и выше), "
                rf"(?P<t_slow>в (?P<slow>{N}) школе скорость интернета составляет менее 4 Мбит/с), "
                rf"(?P<t_none>в (?P<none>{N}) школах интернет отсутствует)",
                (
                    Figure("fast", "school_internet_4mbps_plus", "Schools with internet at 4 Mbit/s or faster",
                           **SCHOOL),
                    Figure("slow", "school_internet_below_4mbps", "Schools with internet slower than 4 Mbit/s",
                           **SCHOOL),
                    Figure("none", "school_internet_none", "Schools without internet", **SCHOOL),
                ),
            ),
            Statement(rf"(?P<t_v>по увеличению скорости интернета до (?P<v>{N}) Мбит/сек)", (
                Figure("v", "school_internet_target_speed", "Internet speed that schools are being raised to",
                       unit="mbps", **SCHOOL),
            )),
        )),
    ),
)

# --------------------------------------------------------------------------------------------------
# Document 004: information note, figures as of Q1 2023 (kk). Only its prose lines; the region and
# city lists are read by pipelines/extract/security_lists.py.

LARGE_CITY_TOTALS_004 = (
    rf"(?P<t_cities_again>(?P<cities_again>{N}) ірі қалада) (?P<t_all>(?P<all>{N}) білім беру ұйымы) "
    rf"{_kinds_pattern('')} жұмыс істейді, оның ішінде:"
)


def _large_city_measure_004(lead: str, measure: str, what: str) -> Statement:
    """Statement "- 93% немесе 2 426 нысан <lead> (901 балабақша, ...)": shares of the 25 cities' totals."""
    return Statement(
        rf"– (?P<t_pct>(?P<pct>{N})% немесе (?P<count>{N}) нысан {lead}) {_kinds_pattern('n_')}",
        (
            Figure("pct", measure, f"Share of education organisations in the 25 large cities {what}", text="t_pct",
                   unit="percent", scope="large_cities", denominator="all"),
            Figure("count", measure, f"Education organisations in the 25 large cities {what}", text="t_pct",
                   scope="large_cities", denominator="all"),
            *(
                Figure(f"n_{org}", measure, f"{plural.capitalize()} in the 25 large cities {what}", org_type=org,
                       scope="large_cities", denominator=org)
                for org, plural in KINDS
            ),
        ),
    )


DOC_004 = DocumentSpec(
    "*",
    format="security_note",
    sections=(
        # The note's period in any form the Ministry writes it (pipelines/normalise/periods.py).
        Section(rf"(?P<note_period>{NOTE_PERIOD_PHRASE})", "{note_period}", (
            Statement(
                rf"республикада (?P<t_all>(?P<all>{N}) білім беру ұйымдары) {_kinds_pattern('', ' және')} "
                rf"(?P<t_cctv>(?P<cctv>{N})% бейнебақылау жүйелерімен қамтамасыз етілген)\. "
                rf"{NOTE_PERIOD_PHRASE} (?P<t_linked>(?P<linked>{N}) білім беру ұйымдарында) "
                rf"{_kinds_pattern('linked_')} бейнебақылау жүйелері ЖБО–ға қосылған "
                rf"\((?P<t_share>жалпы санының (?P<share>{N})%)\)",
                (
                    Figure("all", "organisations_total", "Education organisations (kindergartens, schools, colleges)"),
                    *_by_kind("", "organisations_total", "{org_en}"),
                    Figure("cctv", "cctv_installed", "Share of those education organisations with CCTV", unit="percent",
                           denominator="all"),
                    Figure("linked", "cctv_police_link", LINKED, denominator="all"),
                    *(
                        Figure(f"linked_{org}", "cctv_police_link",
                               f"{plural.capitalize()} with CCTV connected to police operational control centres", org_type=org,
                               denominator=org)
                        for org, plural in KINDS
                    ),
                    Figure("share", "cctv_police_link", "Share of education organisations with CCTV connected to police operational "
                           "control centres", unit="percent", denominator="all"),
                ),
            ),
        )),
        # The totals of the 25 large cities: the share of each measure below ("- 93% немесе 2 426 нысан")
        # continues the "оның ішінде:" list opened here.
        Section(LARGE_CITY_TOTALS_004, "{note_period}", (
            Statement(rf"(?P<t_cities>(?P<cities>{N}) ірі қалада) \((?P<t_threshold>(?P<threshold>{N} мыңнан) "
                      rf"(?P<q>астам) адам)\)", (
                Figure("cities", "large_cities_total", "Large cities analysed for licensed security"),
                Figure("threshold", "large_city_population_threshold", "Population above which a city counts as large",
                       unit="people", qualifier=Group("q")),
            )),
            Statement(LARGE_CITY_TOTALS_004, (
                Figure("cities_again", "large_cities_total", "Large cities whose education organisations are counted"),
                Figure("all", "organisations_total", "Education organisations in the 25 large cities",
                       scope="large_cities"),
                *_by_kind("", "organisations_total", "{org_en} in the 25 large cities", scope="large_cities"),
            )),
            _large_city_measure_004("лицензияланған күзетпен шарт жасасты", "licensed_security",
                                    "with a licensed-security contract"),
            _large_city_measure_004(
                "жеке күзет кәсіпорындарының немесе ішкі істер органдарының бөлімдерінің орталықтандырылған "
                "бақылау пультіне қосылған дабыл түймелерін орнатты",
                "alarm_button", "with alarm buttons connected to a central monitoring console"),
            _large_city_measure_004(r"өткізу жүйесін \(турникеттер\) орнатты", "turnstile", "with turnstiles"),
        )),
    ),
)

SPECS = (DOC_000, DOC_001, DOC_002, DOC_004)


# --------------------------------------------------------------------------------------------------
# The engine.


def _template_values(doc: Document, line: int, groups: dict[str, str]) -> dict[str, str]:
    """Captured text as template values: month names become numbers, days are zero-padded."""
    values: dict[str, str] = {}
    for name, raw in groups.items():
        text = fold(raw)
        if name == "month":
            if text.casefold() not in MONTHS:
                raise doc.error(line, f"a month name among {sorted(MONTHS)}", raw)
            values[name] = MONTHS[text.casefold()]
        elif name == "day":
            values[name] = text.zfill(2)
        elif name == "note_period":
            date = str(doc.meta.get("date", ""))
            try:
                values[name] = read_note_period(text, int(date[:4]) if re.match(r"^\d{4}", date) else None)
            except ValueError as error:
                raise doc.error(line, str(error), raw) from None
        else:
            values[name] = text
    return values


def _captured(match: re.Match[str], original: str) -> dict[str, str]:
    """Each group that took part in the match, cut from the original line (spans are the same)."""
    return {name: original[match.start(name):match.end(name)]
            for name, text in match.groupdict().items() if text is not None}


def _render(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def _parse_value(doc: Document, line: int, text: str, what: str) -> Decimal:
    words = fold(text).strip().casefold()
    if words in WORD_VALUES:
        return WORD_VALUES[words]
    try:
        return parse_scaled(text)
    except ValueError:
        raise doc.error(line, f"a number for {what}", text) from None


def _best_line(folded: list[str], first: int, last: int, pattern: str, skip: frozenset[int] = frozenset()) -> int:
    """Where a maintainer should look: the line of [first, last] sharing most words with the pattern.

    Lines the pattern did match are skipped; on a tie the shorter line wins, as statements that
    continue a sentence ("Мангистауской – по **154**.") are short.
    """
    words = set(re.findall(r"[^\W\d_]{4,}", re.sub(r"\(\?P<\w+>", "(", pattern).casefold()))
    words = {w for w in words if re.search(r"[\u0400-\u04ff]", w)}
    candidates = [n for n in range(first, last + 1) if n not in skip] or [first]

    def score(number: int) -> tuple[int, int]:
        text = folded[number - 1].casefold()
        return sum(1 for word in words if word in text), -len(text.split())

    return max(candidates, key=score)


def _finditer(pattern: str, folded: list[str], first: int, last: int) -> Iterator[tuple[int, re.Match[str]]]:
    compiled = re.compile(pattern)
    for number in range(first, last + 1):
        for match in compiled.finditer(folded[number - 1]):
            yield number, match


def _document_values(doc: Document) -> dict[str, str]:
    """`{year}` and `{date}`: "т.г." and "ағымдағы жыл" mean the year of the document's date."""
    date = str(doc.meta.get("date", ""))
    if not re.match(r"^\d{4}", date):
        raise doc.error(None, "a metadata date starting with the year", date)
    return {"year": date[:4], "date": date}


def _last_line(doc: Document, folded: list[str], spec: DocumentSpec) -> int:
    if not spec.end:
        return len(folded)
    ends = [number for number, _ in _finditer(spec.end, folded, 1, len(folded))]
    if not ends:
        raise doc.error(len(folded), f"the heading that ends the part this parser reads (/{spec.end}/)",
                        "the end of the document")
    return ends[0] - 1


def _section_bounds(doc: Document, folded: list[str], spec: DocumentSpec, last: int) -> list[tuple[int, int]]:
    starts: list[int] = []
    for section in spec.sections:
        found = [number for number, _ in _finditer(section.opening, folded, 1, last)]
        if len(found) != 1:
            where = found[1] if found else _best_line(folded, starts[-1] if starts else 1, last, section.opening)
            raise doc.error(where, f"exactly one line opening a section, matching /{section.opening}/, "
                                   f"before line {last + 1} (found {len(found)})", doc.lines[where - 1])
        if starts and found[0] <= starts[-1]:
            raise doc.error(found[0], f"the section /{section.opening}/ after line {starts[-1]}",
                            doc.lines[found[0] - 1])
        starts.append(found[0])
    return [(start, (starts[i + 1] - 1) if i + 1 < len(starts) else last) for i, start in enumerate(starts)]


def _group_text(doc: Document, line: int, group: Group, captured: dict[str, str]) -> str:
    if group.name not in captured:
        raise doc.error(line, f"the words for {group.name}", doc.lines[line - 1])
    return captured[group.name]


def _org_type(doc: Document, line: int, field: str | Group, captured: dict[str, str]) -> str:
    if isinstance(field, str):
        return field
    text = _group_text(doc, line, field, captured)
    org = ORG_WORDS.get(fold(text).replace("*", "").strip().casefold())
    if org is None:
        raise doc.error(line, f"an organisation kind among {sorted(ORG_WORDS)}", text)
    return org


def _qualifier(doc: Document, line: int, field: str | Group, captured: dict[str, str]) -> str:
    if isinstance(field, str):
        return field
    if field.name not in captured:
        return ""  # an optional hedge that is not printed
    text = captured[field.name]
    qualifier = QUALIFIER_WORDS.get(fold(text).strip().casefold())
    if qualifier is None:
        raise doc.error(line, f"a hedging word among {sorted(QUALIFIER_WORDS)}", text)
    return qualifier


def _place(doc: Document, line: int, field: str | Group, captured: dict[str, str], kind: str,
           aliases: AliasTable, unknown: list[SourceFormatError] | None) -> str:
    """The code of a place the statement names. An unknown name is added to `unknown` (every one of
    the run is reported together), or raised at once when no list is given."""
    if isinstance(field, str):
        return field
    text = _group_text(doc, line, field, captured)
    code = aliases.resolve(text, kind)
    if code is None:
        error = doc.error(line, f"a {kind.replace('_', ' ')} name known to data/reference/name_aliases.csv", text)
        if unknown is None:
            raise error
        unknown.append(error)
        return ""
    return code


def _figure_row(doc: Document, line: int, match: re.Match[str], figure: Figure, section_values: dict[str, str],
                opened: dict[str, str], aliases: AliasTable,
                unknown: list[SourceFormatError] | None = None) -> tuple[tuple[int, int], dict]:
    """One output row (without its id) and the key that orders it on its line."""
    original = doc.lines[line - 1]
    captured = _captured(match, original)
    if figure.value not in captured:
        raise doc.error(line, f"a number for {figure.measure}", original)
    published = captured[figure.value]
    value = _parse_value(doc, line, published, figure.measure)
    denominator: float | None = None
    if figure.denominator:
        # The statement's own total first; else one captured by the opening line of its section.
        total = captured.get(figure.denominator, opened.get(figure.denominator))
        if total is None:
            raise doc.error(line, f"the total ({figure.denominator}) of {figure.measure}", original)
        denominator = float(_parse_value(doc, line, total, f"the total of {figure.measure}"))
    org_type = _org_type(doc, line, figure.org_type, captured)
    values = {**section_values, **_template_values(doc, line, captured), "org_en": ORG_EN[org_type]}
    period = _render(figure.period, values)
    base_period = _render(figure.base_period, values)
    for shown in (period, base_period):
        if shown and not PERIOD.match(shown):
            raise doc.error(line, "a period such as 2023, 2023-Q1, 2023-03 or 2023-03-01", shown)
    statement = _render(figure.statement_en, values)
    row = {
        "measure": figure.measure,
        "org_type": org_type,
        "scope": _place(doc, line, figure.scope, captured, "region", aliases, unknown),
        "city_group": _place(doc, line, figure.city_group, captured, "city_group", aliases, unknown),
        "locality": figure.locality,
        "period": period,
        "base_period": base_period,
        "value": float(value),
        "value_as_published": published,
        "unit": figure.unit,
        "qualifier": _qualifier(doc, line, figure.qualifier, captured),
        "denominator": denominator,
        "statement_en": statement[:1].upper() + statement[1:],
        "source_id": doc.source_id,
        "source_line": line,
        "source_text": captured[figure.text_group],
    }
    # Order of appearance: where the number is printed, then where its quote starts ("ни одна" is
    # one printed word for two regions).
    return (match.start(figure.value), match.start(figure.text_group)), row


def extract_document(doc: Document, spec: DocumentSpec, aliases: AliasTable,
                     unknown: list[SourceFormatError] | None = None) -> list[dict]:
    """The figures of one document as rows of the output frame, in order of appearance.

    Place names the alias table does not know are added to `unknown` when it is given (the rows
    are then not to be used), else the first one raises SourceFormatError.
    """
    folded = [fold(line) for line in doc.lines]
    last = _last_line(doc, folded, spec)
    document_values = _document_values(doc)
    opened: dict[str, str] = {}  # groups of the section openings so far, as printed
    placed: list[tuple[int, tuple[int, int], dict]] = []
    for section, (first, stop) in zip(spec.sections, _section_bounds(doc, folded, spec, last), strict=True):
        opening = re.search(section.opening, folded[first - 1])
        assert opening is not None  # _section_bounds found it on this line
        # A date stated once ("2023 жылғы 1 тоқсандағы") stays in force for the sections after it.
        opened.update(_captured(opening, doc.lines[first - 1]))
        section_values = {**document_values, **_template_values(doc, first, opened)}
        section_values["period"] = _render(section.period, section_values)
        for statement in section.statements:
            found = list(_finditer(statement.pattern, folded, first, stop))
            if len(found) != statement.matches:
                matched = frozenset(line for line, _ in found)
                loose = [line for line, _ in _finditer(_loose(statement.pattern), folded, first, stop)
                         if line not in matched]
                where = (found[statement.matches][0] if len(found) > statement.matches
                         else loose[0] if loose
                         else _best_line(folded, first, stop, statement.pattern, matched))
                head = statement.figures[0]
                raise doc.error(where, f"{statement.matches} match(es) between lines {first} and {stop} of the "
                                       f"statement of {head.measure} «{head.statement_en}» (found {len(found)}); "
                                       f"pattern /{statement.pattern}/", doc.lines[where - 1])
            for line, match in found:
                for figure in statement.figures:
                    order, row = _figure_row(doc, line, match, figure, section_values, opened, aliases, unknown)
                    placed.append((line, order, row))
    keys = [(line, order) for line, order, _ in placed]
    if len(set(keys)) != len(keys):  # two statements took the same number: a slip in the declarations
        raise AssertionError(f"{doc.source_id}: a number is captured twice: {sorted(k for k in keys if keys.count(k) > 1)}")
    rows = []
    counters: dict[int, int] = {}
    for line, _, row in sorted(placed, key=lambda item: (item[0], item[1])):
        counters[line] = counters.get(line, 0) + 1
        rows.append({"figure_id": f"{doc.source_id[:3]}-L{line:03d}-{counters[line]}", **row})
    return rows


def extract_national_figures(documents: dict[str, Document], aliases: AliasTable) -> pl.DataFrame:
    """Every national and summary figure of documents 000, 001, 002 and the prose of the quarterly
    notes, one row each. Raises UnknownPlaces with every place name of the run the alias table does
    not know, each with its file and line."""
    rows: list[dict] = []
    unknown: list[SourceFormatError] = []
    for spec in SPECS:
        if spec.source_id == "*":
            targets = [doc for _, doc in sorted(documents.items()) if doc.meta.get("format") == spec.format]
        else:
            doc = documents.get(spec.source_id)
            if doc is None:
                raise SourceFormatError(f"data/sources/{spec.source_id}.txt", None, "this document among the sources")
            targets = [doc]
        for doc in targets:
            rows.extend(extract_document(doc, spec, aliases, unknown))
    if unknown:
        raise UnknownPlaces(unknown)
    frame = pl.DataFrame(rows, schema=COLUMNS)
    # Declaration slips (a misspelt unit or kind) would otherwise reach the published package.
    for column, allowed in (("org_type", ORG_TYPES), ("locality", LOCALITIES), ("qualifier", QUALIFIERS),
                            ("unit", UNITS)):
        unknown = set(frame[column].unique()) - set(allowed)
        if unknown:
            raise AssertionError(f"{column} outside its vocabulary: {sorted(unknown)}")
    return frame.sort("source_id", "source_line", "figure_id")
