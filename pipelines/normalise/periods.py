"""Periods as the documents give them ("2020", "2023-Q1", "2023-03", "2023-03-01"), in SQL, and the
reporting quarter of a quarterly note as the Ministry writes it in Kazakh or in Russian.

A Kazakh note states its quarter in one of these ways (matched on fold()ed text, where every dash is '–'):

* a quarter number: "2023 жылғы 2 тоқсандағы", "2-тоқсандағы", "2-ші тоқсандағы", a Roman numeral
  ("II тоқсандағы", Latin or Cyrillic I) or an ordinal word ("екінші тоқсандағы");
* the date the figures hold at: "2023 жылғы 1 шілдедегі" or "01.07.2023", which is the quarter of the
  day before (1 July is the end of Q2, 1 October the end of Q3, 30 June still Q2);
* "ағымдағы жылғы" (this year) for the year, or no year at all ("III тоқсандағы"): the year of the note's
  date in its metadata,

always followed by "жағдай бойынша" (as of the situation) or another "<word> бойынша", so that a date
that is not the note's period ("2022 жылғы 30 наурыздағы № 117 бұйрық") is never taken for it.

A Russian note states it in one of these ways:

* the date the figures hold at, after "по состоянию на": "по состоянию на 1 июля 2023 года" (the month in
  the genitive), "по состоянию на 01.07.2023", "по состоянию на 1 июля т.г.", read as above;
* a quarter, often after "за", "в(о)" or "по итогам": "за II квартал 2023 года", "II квартал 2023 года",
  "за 2 квартал 2023 г.", "во 2-м квартале 2023 года", "по итогам второго квартала 2023 года"; its year
  may be "текущего года" or "т.г.", or left out ("за 2 квартал"): the year of the note's date,

so that a date that is not the note's period ("приказ от 30 марта 2022 года № 117") is never taken for it.

A quarter whose year the note leaves to its date ("за IV квартал", "ағымдағы жылғы IV тоқсандағы") is the
last such quarter to have begun by that date: a note dated January 2024 that reports "IV тоқсан" reports
the fourth quarter of 2023, as notes on a quarter are dated at its end or after.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from babel.dates import get_month_names

from pipelines.vocabularies import QUARTER_PATTERN


def period_bounds(column: str = "period", prefix: str = "period") -> str:
    """SQL for a period column ("2020", "2023-Q1", "2023-03", "2023-03-01") as the interval
    [<prefix>_start, <prefix>_end] of dates it covers."""
    c = column
    return f"""
    CASE WHEN length({c}) = 4 THEN make_date(CAST({c} AS INTEGER), 1, 1)
         WHEN {c} LIKE '____-Q_' THEN make_date(CAST(substr({c}, 1, 4) AS INTEGER),
                                                3 * CAST(substr({c}, 7, 1) AS INTEGER) - 2, 1)
         WHEN length({c}) = 7 THEN CAST({c} || '-01' AS DATE)
         ELSE CAST({c} AS DATE) END AS {prefix}_start,
    CASE WHEN length({c}) = 4 THEN make_date(CAST({c} AS INTEGER), 12, 31)
         WHEN {c} LIKE '____-Q_' THEN last_day(make_date(CAST(substr({c}, 1, 4) AS INTEGER),
                                                         3 * CAST(substr({c}, 7, 1) AS INTEGER), 1))
         WHEN length({c}) = 7 THEN last_day(CAST({c} || '-01' AS DATE))
         ELSE CAST({c} AS DATE) END AS {prefix}_end
"""


PERIOD_BOUNDS = period_bounds()

QUARTER_PERIOD = re.compile(QUARTER_PATTERN)


def _month_numbers(locale: str, context: str) -> dict[str, int]:
    """Month name → number, as CLDR writes the names (Babel, as the language module writes dates)."""
    return {name: number for number, name in get_month_names("wide", context, locale=locale).items()}


# The documents print the standard names: Kazakh in the nominative, which a date extends with a case
# ending ("шілдедегі", "қазандағы"); Russian in the nominative ("декабрь 2023 года") and the genitive
# ("1 марта").
KK_MONTHS = _month_numbers("kk", "format")
RU_MONTHS = _month_numbers("ru", "stand-alone")
RU_MONTHS_GENITIVE = _month_numbers("ru", "format")
KK_ORDINALS = {"бірінші": 1, "екінші": 2, "үшінші": 3, "төртінші": 4}
# Russian ordinals by their stems ("второй", "второго", "втором"; "третий", "третьего").
RU_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четв[её]рт": 4}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}

_KK_LETTERS = "а-яёәғқңөұүһі"
_YEAR = r"(?:(?P<year>\d{4})\s*(?:жылғы|жылдың|ж\.)|(?P<this_year>ағымдағы|биылғы)\s+жылғы)"
# "2", "2-ші", "2 – шы", "II", "ІІ" (Cyrillic І), "екінші"; then "тоқсан" with any ending.
_QUARTER = (rf"(?P<quarter>[1-4]|[IІ]{{1,3}}|[IІ]V|{'|'.join(KK_ORDINALS)})(?![\d{_KK_LETTERS}])"
            rf"(?:\s*–\s*(?:ші|шы|нші|ншы|інші))?\s*(?:–\s*)?тоқсан[{_KK_LETTERS}]*")
_DATE = rf"(?P<day>\d{{1,2}})\s+(?P<month>{'|'.join(KK_MONTHS)})[{_KK_LETTERS}]*"
_NUMERIC_DATE = r"(?P<nday>\d{1,2})\.(?P<nmonth>\d{1,2})\.(?P<nyear>\d{4})(?:\s*ж\.?)?"
_AS_OF = rf"\s+[{_KK_LETTERS}–]+\s+бойынша"
# The year may be left out ("III тоқсандағы жағдай бойынша"): the note's date gives it (`quarter_of`).
_KK_PHRASE = rf"(?:(?<![\w.,–])(?:{_YEAR}\s+)?(?:{_QUARTER}|{_DATE})|{_NUMERIC_DATE}){_AS_OF}"
# Russian: "по состоянию на 1 июля 2023 года" / "01.07.2023" / "1 июля т.г."; "за II квартал 2023 года".
_RU_LETTERS = "а-яё"
_RU_YEAR = (r"(?:(?P<{y}>\d{{4}})\s*(?:года|г\.?)(?![{l}])|(?P<{t}>текущего|этого|т\.\s*г\.?)(?:\s+года)?)")
_RU_DATE = (rf"по\s+состоянию\s+на\s+(?:(?P<rday>\d{{1,2}})\s+(?P<rmonth>{'|'.join(RU_MONTHS_GENITIVE)})\s+"
            + _RU_YEAR.format(y="ryear", t="rthis", l=_RU_LETTERS)
            + r"|(?P<rnday>\d{1,2})\.(?P<rnmonth>\d{1,2})\.(?P<rnyear>\d{4})(?:\s*(?:года|г\.?)(?![а-яё]))?)")
_RU_QUARTER = (rf"(?:(?:за|во?|по\s+итогам)\s+)?(?<![\w.,–])(?P<rquarter>[1-4]|[IІ]{{1,3}}|[IІ]V|"
               rf"(?:{'|'.join(RU_ORDINALS)})[{_RU_LETTERS}]*)(?![\d])(?:\s*–\s*(?:й|го|м|ом|ый|ого))?\s+"
               rf"квартал[{_RU_LETTERS}]*(?![{_RU_LETTERS}])(?:\s+"
               + _RU_YEAR.format(y="rqyear", t="rqthis", l=_RU_LETTERS) + ")?")
_PHRASE = rf"(?:{_KK_PHRASE}|{_RU_DATE}|{_RU_QUARTER})"
_NAMED = re.compile(_PHRASE, re.IGNORECASE)

# The same phrase without named groups, to embed in other patterns (pipelines/extract/national_figures.py).
NOTE_PERIOD_PHRASE = "(?i:" + re.sub(r"\(\?P<\w+>", "(?:", _PHRASE) + ")"
EXPECTED_NOTE_PERIOD = ("the note's quarter, such as '2023 жылғы 2 тоқсандағы жағдай бойынша', '2-ші тоқсандағы', "
                        "'II тоқсандағы', 'екінші тоқсандағы' or a date such as '2023 жылғы 1 шілдедегі жағдай "
                        "бойынша' (the end of Q2); in Russian 'за II квартал 2023 года', 'за 2 квартал 2023 г.' or "
                        "'по состоянию на 1 июля 2023 года'")


def find_note_periods(text: str) -> list[re.Match[str]]:
    """Every statement of a reporting period in one line of folded text."""
    return list(_NAMED.finditer(text))


def note_date(date: str) -> tuple[int | None, int | None]:
    """The year and month of a note's metadata date ("2024-01" → (2024, 1); "2023" → (2023, None))."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?", date)
    if match is None:
        return None, None
    return int(match[1]), int(match[2]) if match[2] else None


def _unprinted_year(number: int, this_year: int, this_month: int | None) -> int:
    """The year of quarter `number` when the note prints none: the note's year, or the year before when the
    quarter had not begun by the note's month (IV in a note dated January 2024 is the fourth quarter of 2023)."""
    if this_month is not None and 3 * number - 2 > this_month:
        return this_year - 1
    return this_year


def quarter_of(match: re.Match[str], this_year: int | None, this_month: int | None = None) -> str:
    """The quarter ("2023-Q2") a matched phrase names; ValueError for an impossible date.

    `this_year` is the year "ағымдағы жылғы" or a phrase without a year means (the note's date), `this_month`
    the month of that date if it has one; None when unknown. A quarter without its year is the last one of
    that number to have begun by then (`_unprinted_year`).
    """
    if match.group("nyear"):
        return _quarter_of_date(int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday")))
    if match.group("rnyear"):
        return _quarter_of_date(int(match.group("rnyear")), int(match.group("rnmonth")), int(match.group("rnday")))
    if match.group("rday") or match.group("rquarter"):
        return _russian_quarter(match, this_year, this_month)
    if match.group("year"):
        year = int(match.group("year"))
    elif this_year is not None:
        year = this_year
    else:
        raise ValueError("a year: the metadata date gives none for 'ағымдағы жылғы' or a quarter without its year")
    if match.group("quarter"):
        word = match.group("quarter")
        roman = word.upper().replace("І", "I")
        number = (int(word) if word.isdigit() else ROMAN[roman] if roman in ROMAN
                  else KK_ORDINALS[word.casefold()])
        if not match.group("year"):
            year = _unprinted_year(number, year, this_month)
        return f"{year}-Q{number}"
    return _quarter_of_date(year, KK_MONTHS[match.group("month").casefold()], int(match.group("day")))


def _russian_quarter(match: re.Match[str], this_year: int | None, this_month: int | None) -> str:
    """The quarter of a Russian phrase: "за II квартал 2023 года", "по состоянию на 1 июля 2023 года"."""
    year_text = match.group("ryear") or match.group("rqyear")
    if year_text:
        year = int(year_text)
    elif this_year is not None:
        year = this_year
    else:
        raise ValueError("a year: the metadata date gives none for 'текущего года'")
    if match.group("rday"):
        return _quarter_of_date(year, RU_MONTHS_GENITIVE[match.group("rmonth").casefold()], int(match.group("rday")))
    word = match.group("rquarter")
    roman = word.upper().replace("І", "I")
    number = (int(word) if word.isdigit() else ROMAN[roman] if roman in ROMAN
              else next(n for stem, n in RU_ORDINALS.items() if re.match(stem, word.casefold())))
    if not year_text:
        year = _unprinted_year(number, year, this_month)
    return f"{year}-Q{number}"


def _quarter_of_date(year: int, month: int, day: int) -> str:
    """The quarter a note "as of" this date reports: the quarter of the day before."""
    try:
        reported = date(year, month, day) - timedelta(days=1)
    except ValueError:
        raise ValueError(f"a real date; {day:02d}.{month:02d}.{year} is none") from None
    return f"{reported.year}-Q{(reported.month - 1) // 3 + 1}"


def read_note_period(text: str, this_year: int | None, this_month: int | None = None) -> str:
    """The quarter of a phrase captured whole (as NOTE_PERIOD_PHRASE matches it); ValueError if none."""
    match = _NAMED.fullmatch(text.strip())
    if match is None:
        raise ValueError(EXPECTED_NOTE_PERIOD)
    return quarter_of(match, this_year, this_month)
