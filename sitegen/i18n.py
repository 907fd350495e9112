"""Interface strings for the three site languages, filled through the language module.

Numbers, counts, periods and dates in the strings are written by `pipelines.language` (one home for
every format and ending). A placeholder may say how its value is to be written:

    {n}              a number: 5 985 (kk, ru) or 5,985 (en); text is put in as it is
    {n:gen}          Kazakh: the number with its case ending (gen dat acc loc abl ins), by rule: 49-дың
    {n:poss}         Kazakh: with the 3rd-person possessive (21-і), {n:poss.loc} then a case (19-ында)
                     Russian, of a number a page wrote with its unit (`Num.unit_code`): the unit agreeing
                     in that case, as a preposition governs it: более {x:gen} → более 2 человек
    {n:ord}          Kazakh: a whole number as an ordinal, by rule: 13-ші, 16-шы (a rank: {of:abl} {n:ord})
    {n:n=row}        the number and a noun of the terminology table agreeing with it: 71 строка, 5 жол,
                     71 rows; {n:n=row.gen} in a case (из 5 строк)
    {p:period}       a period code in words: 2023 жылғы І тоқсан; {p:period.abl} in a case
    {d:date}         an ISO date in words: 2023 жылғы 7 наурыз
    {u:unit}         a unit code in words: Мбит/с
    {xs:list}        items joined: A, B және C
    {t:quote}        text in the language's quotation marks, a quotation inside it in the inner ones
                     (CLDR's): «…“…”…» (kk), «…„…“…» (ru), “…‘…’…” (en)
    {l:inner}        a label (a measure, a kind of organisation) inside a sentence or after a colon:
                     Kazakh and Russian write its first letter small ("Регионы: видеонаблюдение, …"),
                     unless the label begins with an abbreviation (ЖБО-ға қосылған …); English keeps it

A number the page formatted (`PageCtx.num`, `pct`, `auto`) keeps its value, so `{x:gen}` inflects it as
written (a percent by «пайыз»).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from string import Formatter

from pipelines.language import grammar, numbers
from pipelines.language.numbers import NBSP, PERCENT_SUFFIX, as_written, format_number, format_percent
from pipelines.yaml_files import read_yaml
from sitegen.paths import STRINGS

LANGS: tuple[str, ...] = numbers.LANGS
DEFAULT_LANG = "kk"
__all__ = [
    "DEFAULT_LANG",
    "FIXED_NUMBERS",
    "LANGS",
    "NBSP",
    "PERCENT_SUFFIX",
    "FixedNumber",
    "MissingString",
    "Num",
    "Strings",
    "fill",
    "fmt_auto",
    "fmt_number",
    "fmt_percent",
    "load_strings",
    "typeset_page",
]


@dataclass(frozen=True)
class FixedNumber:
    """A number written into interface text that is not a figure of the data, and why.

    `texts` are the words it stands in (one per language where they differ), `where` the string keys
    (fnmatch patterns) or `content/<file>` pages that may hold it. tests/test_interface_numbers.py
    refuses any other digit, or number word, in the strings and the hand-written pages."""

    texts: tuple[str, ...]
    where: tuple[str, ...]
    why: str


# Every number the interface writes by hand. Anything the documents state or the package's rows count
# is a placeholder filled by the page from the package, so that the pages follow the next document.
FIXED_NUMBERS: tuple[FixedNumber, ...] = (
    FixedNumber(("CC BY 4.0", "Creative Commons Attribution 4.0"),
                ("chart.licence", "data.intro", "content/about.md"),
                "the name of the package's licence (datapackage.json `licenses`; the test checks they agree)"),
    FixedNumber(("UTF-8",), ("downloads.which.*",), "the name of a character encoding"),
    FixedNumber(("ISO 3166-2:KZ",), ("regions.intro", "content/about.md"), "the name of the standard of the region codes"),
    FixedNumber(("2023–2029",), ("home.title", "page.concept", "concept.intro", "content/about.md"),
                "part of the Concept's own name, as the decree titles it (it names the Concept, it counts nothing)"),
    FixedNumber(("100%", "100\u00a0%"), ("coverage.heatmap_summary",),
                "the rule the summary states (the cells at full coverage), not a figure"),
    FixedNumber(("1 шілде", "1 июля", "1 July", "үш айдың", "трёх месяцев", "three months"), ("progress.chart_note",),
                "where the chart places a period (a year at its middle, a quarter across its months): a rule of "
                "the chart"),
    FixedNumber(("Екі рет",), ("downloads.which.locale_csv",), "a double click"),
)

# d3-format locales for chart axes and labels (vl-convert renders with them, offline); the separators
# are the language module's.
_KK_RU_LOCALE = {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}₸"]}
D3_LOCALES: dict[str, dict] = {
    "kk": _KK_RU_LOCALE,
    "ru": _KK_RU_LOCALE,
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " KZT"]},
}


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


class MissingString(KeyError):
    """An interface string is missing in one of the languages."""


class Num(str):
    """A number as a page wrote it, which still knows its value (for endings and agreement), and the
    words of its unit when they follow it in a sentence ("700" and "адам"): a placeholder writes both,
    and a Kazakh ending goes on the unit's last word ("700 адамнан"). `unit_code`, the unit's code,
    lets a Russian placeholder decline the unit in the case its sentence governs ("более 2 человек")."""

    value: Decimal
    percent: bool
    unit: str
    unit_code: str

    def __new__(cls, text: str, value: Decimal | None, percent: bool = False, unit: str = "",
                unit_code: str = "") -> Num:
        self = super().__new__(cls, text)
        self.value = value  # type: ignore[assignment]
        self.percent = percent
        self.unit = unit
        self.unit_code = unit_code
        return self


def _decimal(value: float | int | Decimal, decimals: int | None) -> Decimal:
    return as_written(value, decimals)


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> Num:
    """5985 → '5 985' (kk, ru; non-breaking space) or '5,985' (en); exactly `decimals` decimals."""
    if value is None:
        return Num("–", None)
    return Num(format_number(value, lang, decimals), _decimal(value, decimals))


def fmt_auto(value: float | int | None, lang: str, max_decimals: int = 3) -> Num:
    """A number with as many decimals as it has (up to max_decimals): 12.5 → '12,5', 7 → '7'."""
    if value is None:
        return Num("–", None)
    number = _decimal(value, max_decimals).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return Num(format_number(number, lang), number)


def fmt_percent(value: float | int | None, lang: str, decimals: int = 1) -> Num:
    """93.1 → '93,1%' (kk), '93,1 %' (ru), '93.1%' (en); whole numbers without decimals: '100%'."""
    if value is None:
        return Num("–", None)
    # A change of 1 in 5 986 is −0.02 %, never "0 %": a value that is not zero keeps its first
    # significant digit (up to three decimals).
    while value and decimals < 3 and not _decimal(value, decimals):
        decimals += 1
    number = _decimal(value, decimals).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return Num(format_percent(number, lang, decimals), number, percent=True)


# Russian cases a placeholder may ask a number's unit to take ({x:gen}).
_RU_CASES = ("nom", "gen", "dat", "acc", "ins", "loc")


class _GrammarFormatter(Formatter):
    """str.format with the placeholder specs of the module docstring, for one language."""

    def __init__(self, lang: str, key: str) -> None:
        self.lang = lang
        self.key = key

    def format_field(self, value: object, format_spec: str) -> str:
        lang, number = self.lang, _number_of(value)
        unit = value.unit if isinstance(value, Num) else ""
        if not format_spec:
            if number is not None and not isinstance(value, str):
                return format_number(number, lang)
            return f"{value} {unit}" if unit else str(value)
        if format_spec.startswith("n="):
            noun, _, case = format_spec[2:].partition(".")
            if number is None:
                raise ValueError(f"{self.key}: {{…:{format_spec}}} needs a number, got {value!r}")
            written = str(value) if isinstance(value, Num) else format_number(number, lang)
            return f"{written} {grammar.term(noun, lang, n=number, case=case or 'nom')}"
        head, _, case = format_spec.partition(".")
        if head == "period":
            return grammar.period_label(str(value), lang, case or "nom")
        if head == "date":
            return grammar.date_label(str(value)[:10], lang)
        if head == "unit":
            return grammar.unit_label(str(value), lang)
        if head == "quote":
            return grammar.quoted(str(value), lang)
        if head == "inner":
            return inner_label(str(value), lang)
        if head == "list":
            items = value if isinstance(value, Iterable) and not isinstance(value, str) else [value]
            return grammar.list_phrase(items, lang)
        if lang == "ru" and isinstance(value, Num) and head in _RU_CASES and number is not None:
            # The number stays as written; its unit's words agree with it in the governed case.
            if value.unit_code:
                return f"{value} {grammar.unit_label(value.unit_code, lang, number, head)}"
            return f"{value} {unit}" if unit else str(value)
        if lang != "kk":
            raise ValueError(f"{self.key}: Kazakh ending {{…:{format_spec}}} in a {lang!r} string")
        if number is None:
            raise ValueError(f"{self.key}: {{…:{format_spec}}} needs a number, got {value!r}")
        if head == "ord":
            return grammar.kk_ordinal(number)
        possessive = head == "poss"
        if unit:
            return f"{value} {grammar.kk_attach(unit, (case if possessive else head) or 'nom', possessive)}"
        percent = isinstance(value, Num) and value.percent
        exponent = number.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return grammar.kk_inflect(number, (case if possessive else head) or "nom", possessive, places,
                                  percent=percent)


def inner_label(label: str, lang: str) -> str:
    """A label inside a sentence or after a colon (`{l:inner}`): in Kazakh and Russian its first letter
    small unless the label begins with an abbreviation (its second letter a capital too); as it is in
    English, whose headings keep the capital."""
    if lang == "en" or not label[1:2].islower():
        return label
    return label[:1].lower() + label[1:]


def _number_of(value: object) -> Decimal | None:
    if isinstance(value, Num):
        return value.value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return as_written(value, None)


@dataclass(frozen=True)
class Strings:
    """Interface strings: key → {language → text}. Every key must exist in every language."""

    table: dict[str, dict[str, str]]

    def t(self, lang: str, key: str, **values: object) -> str:
        try:
            text = self.table[key][lang]
        except KeyError:
            raise MissingString(f"{key!r} in {lang!r}") from None
        if not values:
            return text
        # A value that ends in an abbreviation's full stop ("… ққ.", "2023 ж.") ends the sentence too.
        return _DOUBLE_STOP.sub(".", _GrammarFormatter(lang, key).format(text, **values))

    def has(self, key: str) -> bool:
        return key in self.table


def load_strings(folder: Path = STRINGS) -> Strings:
    """Every `*.yml` in `folder` (one file per topic), as one table.

    Raises MissingString when a key lacks a language or is defined in two files.
    """
    table: dict[str, dict[str, str]] = {}
    problems = []
    paths = sorted(folder.glob("*.yml")) if folder.is_dir() else [folder]
    for path in paths:
        raw = read_yaml(path) or {}
        for key, value in raw.items():
            if key in table:
                problems.append(f"{key} (again in {path.name})")
            elif not isinstance(value, dict) or sorted(value) != sorted(LANGS):
                problems.append(f"{key} ({path.name})")
            else:
                table[key] = {lang: str(value[lang]) for lang in LANGS}
    if problems:
        raise MissingString(f"strings without exactly {LANGS}, or defined twice: {', '.join(problems)}")
    return Strings(table)


# A placeholder of the module docstring in a hand-written page; Markdown's attribute lists ("{ #anchor }")
# start with a space and are not placeholders.
_CONTENT_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([^{}\s]+))?\}")


def fill(text: str, lang: str, where: str, **values: object) -> str:
    """A hand-written page (site/content/<lang>/*.md) with its placeholders filled by the language module,
    as interface strings are (`{documents:n=document.gen}`, `{date:date}`, `{ids:list}`). What a value
    writes is escaped: text from the documents reaches the page as text, never as markup.

    Raises KeyError naming `where` and the placeholder when a value is missing."""
    formatter = _GrammarFormatter(lang, where)

    def one(match: re.Match[str]) -> str:
        name, spec = match.group(1), match.group(2) or ""
        if name not in values:
            raise KeyError(f"{where}: no value for {{{name}}}")
        return html.escape(formatter.format_field(values[name], spec), quote=True)

    return _CONTENT_PLACEHOLDER.sub(one, text)


# What a page shows exactly as it is: quotations of the documents, a document's lines, code, and the charts
# (drawn by vl-convert); and the markup of every tag (attributes, links, a tooltip's quotation).
_VERBATIM = re.compile(r"<(q|code|pre|svg|script|style)\b.*?</\1>|<ol class=\"bd-source\".*?</ol>|<[^>]*>",
                       re.DOTALL)
# A data page's preview of the rows as published: its values are the files', spans of years as printed.
_AS_PUBLISHED = re.compile(r"<div translate=\"no\"><div class=\"bd-table-wrap\".*?</table></div>", re.DOTALL)
# What a page shows as it is, a data page's preview included.
_AS_PRINTED = re.compile(f"{_AS_PUBLISHED.pattern}|{_VERBATIM.pattern}", re.DOTALL)

# What a span of years or a number range has (a dash or a hyphen between digits), or a number and the
# ending its hyphen joins to it: text without one is left as it is, unsearched.
_DASH = re.compile("[\u2013\u2014]|[\\d%A-Za-zА-ЯЁӘҒҚҢӨҰҮҺІ]-[^\\W_]")


def _outside_verbatim(text: str, write: Callable[[str], str]) -> str:
    out, last = [], 0
    for match in _VERBATIM.finditer(text):
        between = text[last:match.start()]
        out += [write(between) if _DASH.search(between) else between, match.group(0)]
        last = match.end()
    out.append(write(text[last:]) if _DASH.search(text[last:]) else text[last:])
    return "".join(out)


def typeset_page(text: str, lang: str) -> str:
    """A generated page (Markdown with HTML blocks) in `lang` whose spans of years are written by rule
    (`grammar.year_spans`: "2023 – 2029" of a document's text is shown "2023–2029") and whose number
    ranges never break across lines (`grammar.nobreak_ranges`), in its running text, title and
    description, where no number is parted from the ending its hyphen joins to it
    (`grammar.nobreak_hyphens`: "20-дан", "004-құжат"); quotations, document lines, code and charts stay
    exactly as they are, and a data page's preview keeps the published values (its ranges only joined). A quotation inside a quotation takes
    the language's inner marks (`grammar.nested_quotes`: a body's name «"Өрлеу" біліктілікті арттыру
    орталығы» → «“Өрлеу” …»), outside the same parts."""
    if grammar.quotation_marks(lang)[0] in text:
        text = grammar.nested_quotes(text, lang, skip=_AS_PRINTED)
    if not _DASH.search(text):
        return text

    def by_rule(part: str) -> str:
        return grammar.nobreak_hyphens(grammar.nobreak_ranges(grammar.year_spans(part, lang)))

    out, last = [], 0
    for match in _AS_PUBLISHED.finditer(text):
        out += [_outside_verbatim(text[last:match.start()], by_rule),
                _outside_verbatim(match.group(0), grammar.nobreak_ranges)]
        last = match.end()
    out.append(_outside_verbatim(text[last:], by_rule))
    return "".join(out)
