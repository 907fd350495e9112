"""Kazakh endings, counted nouns, periods, dates, units, lists and collation in kk, ru and en.

Built on `numbers` (numbers as each language writes them, CLDR plural categories) and `terms` (the
terminology table). Babel (CLDR) formats dates and lists; ICU collates; Kazakh endings are ours
(kazakh.py), since no library inflects Kazakh numerals. Every function raises ValueError for a language
other than kk, ru, en, and for a code (period, unit) it cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache
from typing import Any, TypeVar

from pipelines.language import kazakh
from pipelines.language.numbers import (
    LOCALES,
    NBSP,
    PERCENT_SUFFIX,
    Number,
    as_written,
    check_lang,
    format_number,
    places,
)
from pipelines.language.terms import term, term_forms

# CLDR's Kazakh list patterns join every item with a comma ("A, B, C"); Kazakh writes the conjunction.
KK_CONJUNCTIONS = {"and": "және", "or": "немесе"}

T = TypeVar("T")


def kk_last_word(value: Number, decimals: int | None = None, percent: bool = False) -> str:
    """The last word of the number as read aloud in Kazakh, as it is written with `decimals`.

    2426 → алты; 40 → қырық; 1000 → мың; 59.9 → тоғыз (елу тоғыз бүтін оннан тоғыз); percent → пайыз.
    """
    number = as_written(value, decimals)
    whole, fraction = kazakh.split_decimal(abs(number))
    return kazakh.last_spoken_word(whole, fraction, percent)


def kk_inflect(value: Number, case: str = "nom", possessive: bool = False, decimals: int | None = None,
               *, percent: bool = False) -> str:
    """A number in digits with its Kazakh ending after a hyphen, chosen by its last spoken word.

    kk_inflect(49, "gen") == "49-дың" (қырық тоғыз); kk_inflect(21, possessive=True) == "21-і";
    kk_inflect(2426, possessive=True) == "2 426-сы" (… жиырма алты); kk_inflect(19, "loc", True) ==
    "19-ында"; kk_inflect(100, possessive=True, percent=True) == "100%-ы" (жүз пайыз). The nominative
    without possessive is the number alone. Raises ValueError for an unknown case.
    """
    if case not in kazakh.CASES:
        raise ValueError(f"unknown Kazakh case {case!r}; expected one of {kazakh.CASES}")
    number = as_written(value, decimals)
    written = format_number(number, "kk", places(number)) + ("%" if percent else "")
    suffix = kazakh.kk_suffix(kk_last_word(number, places(number), percent), case, possessive)
    return f"{written}-{suffix}" if suffix else written


def kk_ordinal(value: int, *, full: bool = False) -> str:
    """A whole number as a Kazakh ordinal in digits, its ending by the harmony of its last spoken word:
    1-ші (бірінші), 2-ші, 6-шы (алтыншы), 9-шы, 10-шы (оныншы), 20-шы, 40-шы (қырқыншы), 50-ші, 100-ші,
    1 000-шы (мыңыншы); `full=True` gives the full ending (1-інші, 6-ншы, 40-ыншы). For a rank, a
    place in a list: "20-дан 13-ші" (kk_inflect(20, "abl") and this). Raises ValueError for a value that
    is not a whole number above zero."""
    number = as_written(value, None)
    if number != number.to_integral_value() or number < 1:
        raise ValueError(f"an ordinal is a whole number above zero, not {value!r}")
    short, long = kazakh.ordinal_suffixes(kazakh.integer_last_word(int(number)))
    return f"{format_number(number, 'kk', 0)}-{long if full else short}"


def kk_suffix(word: str, case: str = "nom", possessive: bool = False) -> str:
    """The ending a Kazakh word takes (see kazakh.kk_suffix)."""
    return kazakh.kk_suffix(word, case, possessive)


def kk_attach(word: str, case: str = "nom", possessive: bool = False) -> str:
    """A Kazakh word (or phrase: its last word) with its ending written on."""
    return kazakh.kk_attach(word, case, possessive)


def kk_plural(word: str, case: str = "nom") -> str:
    """A Kazakh word's plural, with a case ending: ұйым → ұйымдар, ұйымдардың."""
    return kazakh.kk_plural(word, case)


# --- Counted nouns ----------------------------------------------------------------------------------

def count_noun(n: Number, noun: str, lang: str, case: str = "nom", decimals: int | None = None) -> str:
    """A number and a noun of the terminology table agreeing with it.

    ru: "1 организация", "2 организации", "5 организаций", "21 организация"; case="gen": "2 621
    организации", "5 организаций". en: "1 organisation", "2 organisations". kk: the noun stays singular
    and takes the case ending: "5 ұйым", "5 ұйымның".
    """
    check_lang(lang)
    number = as_written(n, decimals)
    written = format_number(number, lang, places(number))
    return f"{written} {term(noun, lang, n=number, case=case)}"


def count_of_total(count: Number, total: Number, lang: str, noun: str | None = None, case: str = "nom") -> str:
    """"count of total" in each language's own construction.

    kk: the total in the genitive, the count with the possessive: "9 986 ұйымның 5 985-і",
    "49-дың 21-і"; `case` is the count's case ("60 ұяшықтың 19-ында"). ru: "5 985 из 9 986 организаций",
    "2 426 из 2 621 организации", "21 из 49". en: "5,985 of 9,986 organisations", "1 of 1 organisation".
    """
    check_lang(lang)
    if lang == "kk":
        part = kk_inflect(count, case, possessive=True)
        whole = (f"{format_number(total, 'kk')} {term(noun, 'kk', case='gen')}" if noun
                 else kk_inflect(total, "gen"))
        return f"{whole} {part}"
    joiner = "из" if lang == "ru" else "of"
    tail = count_noun(total, noun, lang, case="gen" if lang == "ru" else "nom") if noun else format_number(total, lang)
    return f"{format_number(count, lang)} {joiner} {tail}"


# --- Periods and dates -------------------------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_CYCLE = re.compile(r"^([A-Z]+)-(\d{4})$")
PERIOD_CODE = re.compile(r"\b\d{4}-(?:Q[1-4]|\d{2}(?:-\d{2})?)\b")


def _parse_date(iso: str) -> date:
    match = _DATE.match(iso)
    if not match:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {iso!r}")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise ValueError(f"not a valid date: {iso!r} ({error})") from None


def month_name(month: int, lang: str, context: str = "format") -> str:
    """A month (1–12) by name, as Babel (CLDR) writes it in `lang`: "желтоқсан", "декабря" (format: the
    form inside a date), "December"; context "stand-alone" for the form on its own ("Желтоқсан",
    "декабрь")."""
    from babel.dates import get_month_names

    return get_month_names("wide", context, locale=LOCALES[lang])[month]



def date_label(iso: str, lang: str) -> str:
    """An ISO date in words: "2023 жылғы 7 наурыз" kk (as a date written as a period: one Kazakh style on
    every page), "7 марта 2023 г." ru, "7 March 2023" en (Babel's month names). Raises ValueError for
    anything but a valid YYYY-MM-DD."""
    check_lang(lang)
    day = _parse_date(iso)
    if lang == "kk":
        return _kk_period(iso, "nom")
    from babel.dates import format_date

    text = format_date(day, "d MMMM y", locale=LOCALES[lang])
    return text + (" " + term("year", "ru", form="abbr") if lang == "ru" else "")


def _kk_period(code: str, case: str) -> str:
    """Kazakh: "2023 жыл", "2023 жылғы І тоқсан", "2023 жылғы мамыр", "2023 жылғы 7 наурыз"; the last word
    takes the case ending. A year in the locative is "2023 жылы" (the form Kazakh uses for "in 2023")."""
    year_word = term("year", "kk")
    if m := _YEAR.match(code):
        if case == "loc":
            return f"{m[1]} {kazakh.kk_attach(year_word, 'nom', possessive=True)}"
        return f"{m[1]} {term('year', 'kk', case=case)}"
    of_year = term("year", "kk", form="attributive")
    if m := _QUARTER.match(code):
        numeral = term_forms("quarter", "kk", "numerals")[int(m[2]) - 1]
        return f"{m[1]} {of_year} {numeral} {term('quarter', 'kk', case=case)}"
    if m := _MONTH.match(code):
        return f"{m[1]} {of_year} {kazakh.kk_attach(month_name(int(m[2]), 'kk'), case)}"
    day = _parse_date(code)
    return f"{day.year} {of_year} {day.day} {kazakh.kk_attach(month_name(day.month, 'kk'), case)}"


def _ru_period(code: str, case: str) -> str:
    """Russian: "2023 г.", "I квартал 2023 г.", "май 2023 г.", "7 марта 2023 г."; cases by the noun."""
    year = term("year", "ru", form="abbr")
    if m := _YEAR.match(code):
        return f"{m[1]} {year}"
    if m := _QUARTER.match(code):
        numeral = term_forms("quarter", "ru", "numerals")[int(m[2]) - 1]
        return f"{numeral} {term('quarter', 'ru', case=case)} {m[1]} {year}"
    if m := _MONTH.match(code):
        if case in ("nom", "acc"):
            month = month_name(int(m[2]), "ru", "stand-alone").lower()
        elif case == "gen":
            month = month_name(int(m[2]), "ru")
        else:
            raise ValueError(f"Russian month names are given in nom, acc and gen only, not {case!r}")
        return f"{month} {m[1]} {year}"
    return date_label(code, "ru")


def _en_period(code: str) -> str:
    if m := _YEAR.match(code):
        return m[1]
    if m := _QUARTER.match(code):
        return f"Q{m[2]} {m[1]}"
    if m := _MONTH.match(code):
        return f"{month_name(int(m[2]), 'en', 'stand-alone')} {m[1]}"
    return date_label(code, "en")


def period_label(period: str, lang: str, case: str = "nom") -> str:
    """A period code of the data package in words.

    "2023-Q1" → "2023 жылғы І тоқсан" / "I квартал 2023 г." / "Q1 2023"; "2023" → "2023 жыл" /
    "2023 г." / "2023"; "2023-05" → "2023 жылғы мамыр" / "май 2023 г." / "May 2023"; "2023-03-01" →
    date_label. `case` inflects the phrase (kk: period_label("2023-Q1", "kk", "dat") → "2023 жылғы
    І тоқсанға"; ru: gen "I квартала 2023 г."). A study cycle ("PISA-2022") is written "PISA 2022".
    Raises ValueError for a code of another shape.
    """
    check_lang(lang)
    code = str(period).strip()
    if m := _CYCLE.match(code):
        if case != "nom":
            raise ValueError(f"a study cycle ({code}) is given in the nominative only")
        return f"{m[1]} {m[2]}"
    if not (_YEAR.match(code) or _QUARTER.match(code) or _MONTH.match(code) or _DATE.match(code)):
        raise ValueError(f"unknown period code {code!r}; expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
    if _MONTH.match(code) and not 1 <= int(code[5:7]) <= 12:
        raise ValueError(f"not a valid month: {code!r}")
    if lang == "kk":
        return _kk_period(code, case)
    if lang == "ru":
        return _ru_period(code, case)
    return _en_period(code)


def period_range(start: str, end: str, lang: str, *, attributive: bool = False) -> str:
    """From one period to another: "2020 жылдан 2023 жылғы І тоқсанға дейін", "с 2020 г. по I квартал
    2023 г.", "from 2020 to Q1 2023". `attributive=True` gives the Kazakh form before a noun (…дейінгі
    өзгеріс); Russian and English are the same either way."""
    check_lang(lang)
    if lang == "kk":
        until = "дейінгі" if attributive else "дейін"
        return f"{period_label(start, 'kk', 'abl')} {period_label(end, 'kk', 'dat')} {until}"
    if lang == "ru":
        return f"с {period_label(start, 'ru', 'gen')} по {period_label(end, 'ru', 'acc')}"
    return f"from {period_label(start, 'en')} to {period_label(end, 'en')}"


def year_span(first: int | str, last: int | str, lang: str) -> str:
    """From one year to another as the language writes a span of years: "2023–2029" in kk, ru and en (an
    en dash, no spaces: CLDR's interval of years, by Babel). The words around it ("жылдар", "гг.") are the
    caller's. Raises ValueError for a year that is not four digits."""
    check_lang(lang)
    years = [str(first).strip(), str(last).strip()]
    if not all(_YEAR.match(y) for y in years):
        raise ValueError(f"not a span of years (YYYY, YYYY): {first!r}, {last!r}")
    from babel.dates import format_interval

    return format_interval(date(int(years[0]), 1, 1), date(int(years[1]), 1, 1), "y", locale=LOCALES[lang])


# Two years joined by a dash or hyphen, spaced or not, as documents print a span ("2023 – 2029", "2023 –2026",
# "2024-2027"); not a period code ("2023-Q1", "2023-03"), a path or a longer run of numbers.
_YEAR_SPAN = re.compile(r"(?<![\w./\-\u2010-\u2015])((?:1[89]|2\d)\d\d)[ \u00a0\u202f\u2009]*"
                        r"[\-\u2010-\u2015\u2212]\u2060?[ \u00a0\u202f\u2009]*((?:1[89]|2\d)\d\d)(?![\w/\-\u2010-\u2015])")


def year_spans(text: str, lang: str) -> str:
    """Every span of years in a text written as `year_span` writes it: "декабрь 2023 – 2029 годов" →
    "декабрь 2023–2029 годов", "2023 – 2029 жылдардың" → "2023–2029 жылдардың". For a text shown from a
    document or a translation of it (a deadline, a title, an action); the quotation itself is not passed
    here. A pair whose second year is not later than the first is not a span and is left as it is."""
    check_lang(lang)

    def written(match: re.Match[str]) -> str:
        first, last = match.groups()
        return year_span(first, last, lang) if int(last) > int(first) else match.group(0)

    return _YEAR_SPAN.sub(written, text)


def periods_phrase(codes: Iterable[str], lang: str) -> str:
    """Several period codes in words, as one list: runs of three or more consecutive years as a span
    ("2023–2029 жылдар", "2023–2029 гг.", "2023–2029"), the rest by period_label.

    periods_phrase(["2020", "2023-Q1"], "kk") == "2020 жыл және 2023 жылғы І тоқсан"."""
    check_lang(lang)
    codes = [str(c).strip() for c in codes if str(c).strip()]
    parts: list[str] = []
    index = 0
    while index < len(codes):
        end = index
        while (end + 1 < len(codes) and _YEAR.match(codes[end]) and _YEAR.match(codes[end + 1])
               and int(codes[end + 1]) == int(codes[end]) + 1):
            end += 1
        if end - index >= 2:
            span = year_span(codes[index], codes[end], lang)
            parts.append({"kk": f"{span} {term('year', 'kk', form='plural')}",
                          "ru": f"{span} {term('year', 'ru', form='abbr_plural')}", "en": span}[lang])
            index = end + 1
        else:
            parts.append(period_label(codes[index], lang))
            index += 1
    return list_phrase(parts, lang)


# --- Units and lists ---------------------------------------------------------------------------------

def unit_label(unit: str, lang: str, n: Number | None = None, case: str = "nom") -> str:
    """A unit code of the data package in words (count, percent, ratio, people, days, mbps, tenge,
    tenge_per_year, score/points …), agreeing with `n` where the language needs it (ru: 5 дней), in
    `case` where a word before the number governs one (ru: более 2 человек, более 21 человека).
    Raises ValueError for a code the terminology table does not have."""
    check_lang(lang)
    from pipelines.language.terms import UnknownTerm

    try:
        return term(f"unit.{unit}", lang, n=n, case=case)
    except UnknownTerm as error:
        raise ValueError(f"unknown unit code {unit!r} ({error})") from None


def list_phrase(items: Iterable[object], lang: str, style: str = "and") -> str:
    """Items joined as the language lists them: "A, B және C", "A, B и C", "A, B and C" (Babel's
    format_list; Kazakh with its conjunction). style: "and" or "or"."""
    check_lang(lang)
    words = [str(i) for i in items]
    if style not in KK_CONJUNCTIONS:
        raise ValueError(f"unknown list style {style!r}; expected 'and' or 'or'")
    if not words:
        return ""
    if lang == "kk":
        if len(words) == 1:
            return words[0]
        return ", ".join(words[:-1]) + f" {KK_CONJUNCTIONS[style]} " + words[-1]
    from babel.lists import format_list

    return format_list(words, style="standard" if style == "and" else "or", locale=LOCALES[lang])


def source_ref(document: str, line: int | None, lang: str) -> str:
    """Where a figure comes from: "004-құжат, 23-жол" (Kazakh ordinals), "документ 004, строка 23",
    "document 004, line 23"; without a line, the document alone."""
    check_lang(lang)
    doc, row = term("document", lang), term("line", lang)
    if lang == "kk":
        return f"{document}-{doc}" + (f", {line}-{row}" if line else "")
    return f"{doc} {document}" + (f", {row} {line}" if line else "")


def quoted(text: str, lang: str) -> str:
    """`text` in the language's quotation marks (`quotation_marks`, CLDR's), a quotation inside it in the
    inner marks (`nested_quotes`): a title that holds one is never doubled ("«О внесении … "Об утверждении
    …"»" → «О внесении … „Об утверждении …“»). Text already wholly in the outer marks, with no mark inside,
    is left as it is ("«Өрлеу»")."""
    start, end, _, _ = quotation_marks(lang)
    text = text.strip()
    inside = text[1:-1]
    if text[:1] == start and text[-1:] == end and start not in inside and end not in inside:
        return text
    return nested_quotes(start + text + end, lang)


def unmarked(text: str) -> str:
    """Text without Markdown emphasis marks (**65%** → 65%), as a quotation shows it to readers."""
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).replace("**", "")


# A number written with its digit groups apart ("1 366", "2 657", also with a no-break space), its decimal
# part ("78,4", "78.4") and a percent sign after a space or not.
_PROSE_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:([.,])(\d+))?(?![\w])"
                           r"(?:[ \u00a0]?(%))?")
# English prose groups thousands with a comma ("7,000", "1,366,000"); in Kazakh and Russian a comma is the
# decimal sign, so only English text is read this way.
_PROSE_NUMBER_EN = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
                              r"(?:([.,])(\d+))?(?![\w])(?:[ \u00a0]?(%))?")


def typeset_numbers(text: str, lang: str) -> str:
    """Prose numbers written as the language writes them, never broken across lines.

    For text the project writes by hand (a correction's reason, a translation): "1 366 of 2 657" keeps its
    digit groups apart with a no-break space in kk and ru and becomes "1,366 of 2,657" in en; "78,4 %" /
    "78.4 %" become "78,4%" (kk), "78,4 %" with a no-break space (ru), "78.4%" (en). Years and other
    numbers under 1 000 written without groups stay as they are; a decimal separator is the language's.
    """
    check_lang(lang)

    def written(match: re.Match[str]) -> str:
        whole, sep, fraction, percent = match.groups()
        digits = re.sub(r"\D", "", whole)
        if len(digits) > 4 or not whole.isdigit():  # 1 366, 7,000 or 10 061: grouped; 2023 stays a year
            grouped = f"{int(digits):,}"
            whole = grouped.replace(",", NBSP) if lang in ("kk", "ru") else grouped
        number = whole + ((("," if lang in ("kk", "ru") else ".") + fraction) if sep else "")
        return number + (PERCENT_SUFFIX[lang] if percent else "")

    return (_PROSE_NUMBER_EN if lang == "en" else _PROSE_NUMBER).sub(written, text)


# A range of numbers ("2023–2029", "2023 – 2024", "2–6"): an en or em dash between digits, spaced or not.
_RANGE = re.compile(r"(?<=\d)([ \u00a0]?)([\u2013\u2014])([ \u00a0]?)(?=\d)")
WORD_JOINER = "\u2060"


def nobreak_ranges(text: str) -> str:
    """Number ranges that never break across lines: "2023–2029" keeps the dash with both years.

    A line may break after an en dash (Unicode line breaking, class BA), so a word joiner (U+2060,
    invisible) follows the dash, and a space around it becomes a no-break space. Text already joined is
    left as it is."""
    def joined(match: re.Match[str]) -> str:
        before, dash, after = match.groups()
        return (NBSP if before else "") + dash + WORD_JOINER + (NBSP if after else "")

    return _RANGE.sub(joined, text)


# A hyphen between a number or a percentage and the Kazakh or Russian word or ending it carries
# ("20-дан", "004-құжат", "4-сынып", "9-х", "90,6%-ы"), or between a Latin name or a Cyrillic abbreviation
# and its ending ("CSV-сі", "Python-да", "ЖБО-ға"; an ending is at most seven letters, a compound such as "minor-бағдарламалар" may break at
# its hyphen); codes and anchors, "2023-Q1", "#period-2023-q1", are Latin and left alone.
_CAPITALS = "А-ЯЁӘҒҚҢӨҰҮҺІ"
_NUMBER_HYPHEN = re.compile(r"(?<=[\d%])-(?=[\u0400-\u04ff])|(?<=[A-Za-z])-(?=[\u0400-\u04ff]{1,7}(?![\u0400-\u04ff]))"
                            rf"|(?<=[{_CAPITALS}][{_CAPITALS}])-(?=[а-яёәғқңөұүһі]{{1,7}}(?![\u0400-\u04ff]))")


def nobreak_hyphens(text: str) -> str:
    """A number never parted from the ending or word its hyphen joins to it: "20-дан 16-шы", "90,6%-ы" and
    "CSV-сі" are never cut after a hyphen at a line's end. A line may break after a hyphen (Unicode line breaking, class HY), so
    a word joiner (U+2060, invisible) follows it; search reads "-\u2060" as "-" (sitegen/search.py)."""
    return _NUMBER_HYPHEN.sub("-" + WORD_JOINER, text)


def sentence(text: str) -> str:
    """The text ending in one full stop: no second stop after an abbreviation ("… ққ." or "2023 ж.")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


# --- Collation ---------------------------------------------------------------------------------------

@cache
def _collator(lang: str) -> Any:
    import icu

    return icu.Collator.createInstance(icu.Locale(LOCALES[lang]))


def collation_key(lang: str) -> Callable[[str], bytes]:
    """ICU's sort key for the language's alphabet (kk: … К Қ Л … О Ө П … У Ұ Ү … Ы І …; ru; en),
    for sorted(…, key=…). Not code points: Қ sorts after К, Ұ after У, І after Ы."""
    check_lang(lang)
    collator = _collator(lang)
    return lambda text: bytes(collator.getSortKey(str(text)))


def sort_names(items: Iterable[T], lang: str, key: Callable[[T], object] = lambda x: x) -> list[T]:
    """Items sorted by the language's collation of key(item) (ICU)."""
    order = collation_key(lang)
    return sorted(items, key=lambda item: order(str(key(item))))


# --- Quotation marks -----------------------------------------------------------------------------------

# A mark that opens a quotation inside another (the languages' own and the typewriter's), and the marks
# that close it.
_INNER_PAIRS = {"«": "»", "„": "“”", "“": "”", '"': '"'}
# A straight quote in markup's text is often an entity.
_MARKS = re.compile("[«»„“”\"]|&quot;|&#34;")


@cache
def quotation_marks(lang: str) -> tuple[str, str, str, str]:
    """The language's quotation marks from CLDR (ICU): (start, end, start inside a quotation, end inside
    it): kk « » “ ”, ru « » „ “, en “ ” ‘ ’."""
    import icu

    check_lang(lang)
    data, kind = icu.LocaleData(lang), icu.ULocaleDataDelimiterType
    return tuple(data.getDelimiter(k) for k in (kind.QUOTATION_START, kind.QUOTATION_END,
                                                kind.ALT_QUOTATION_START, kind.ALT_QUOTATION_END))


def nested_quotes(text: str, lang: str, skip: re.Pattern[str] | None = None) -> str:
    """A quotation inside a quotation written with the language's inner marks (`quotation_marks`): the
    title «О внесении … "Об утверждении Концепции …"» → «О внесении … „Об утверждении Концепции …“», and
    ««Қазақстан … туралы» қаулысына …» → «“Қазақстан … туралы” қаулысына …». Only what is inside a
    quotation in the language's own marks changes; parts of `text` matching `skip` (markup, quotations of
    a document) are left as they are and hold no marks. Marks that do not pair up leave the text as it is."""
    start, end, inner_start, inner_end = quotation_marks(lang)
    out: list[str] = []
    closers: list[str] = []  # the marks that close each open quotation, the outermost first
    last = 0
    for match in _marks_outside(skip).finditer(text):
        if match.lastgroup != "mark":
            continue
        char = match.group(0) if len(match.group(0)) == 1 else '"'
        if not closers:
            if char == start:
                closers.append(end)
            continue
        if char in closers[-1]:
            closers.pop()
            if not closers:
                continue
            char = inner_end
        elif char in _INNER_PAIRS:
            closers.append(_INNER_PAIRS[char])
            char = inner_start
        out += [text[last:match.start()], char]
        last = match.end()
    out.append(text[last:])
    return "".join(out) if not closers else text


def typographic_quotes(text: str, lang: str) -> str:
    """Straight double quotes as the language writes quotations (`quotation_marks`): 'НАО "Talap"' →
    'НАО «Talap»'; a quotation inside one, as printed with three or four marks ('АО "Национальная
    компания "Қазақстан темір жолы"', the outer closing mark left out as Russian often prints it), with
    the inner marks: 'АО «Национальная компания „Қазақстан темір жолы“»'. Any other number of marks
    leaves the text as it is."""
    start, end, inner_start, inner_end = quotation_marks(lang)
    parts = text.split('"')
    if len(parts) == 3:
        return f"{parts[0]}{start}{parts[1]}{end}{parts[2]}"
    if len(parts) == 4:
        return f"{parts[0]}{start}{parts[1]}{inner_start}{parts[2]}{inner_end}{end}{parts[3]}"
    if len(parts) == 5:
        return f"{parts[0]}{start}{parts[1]}{inner_start}{parts[2]}{inner_end}{parts[3]}{end}{parts[4]}"
    return text


@cache
def _marks_outside(skip: re.Pattern[str] | None) -> re.Pattern[str]:
    """The marks (group "mark") and, matched first, the parts to leave as they are (`skip`, first so that
    its own groups keep their numbers)."""
    if skip is None:
        return re.compile(f"(?P<mark>{_MARKS.pattern})")
    return re.compile(f"{skip.pattern}|(?P<mark>{_MARKS.pattern})", skip.flags)
