"""Quarter numerals read as numbers, for the checks that compare a translation's numbers with its
original's: Kazakh and Russian number a quarter in Roman numerals ("IV тоқсан", "IV квартал" for "4-й
квартал", "Q4"), from the terminology table's `quarter` numerals, as `grammar.period_label` writes them;
and a quarter numbered otherwise, which the checks of a text's language flag."""

from __future__ import annotations

import functools
import re

from pipelines.language.terms import term_forms

# The noun after a quarter's numeral, by language (every case of the Russian one: "в I квартале").
_NOUN = {"kk": "тоқсан", "ru": "квартал"}
# A quarter in other words than period_label's: in digits, with or without an ordinal ending ("1 квартал",
# "1-м квартале", "4-тоқсан", "1-ші тоқсан"), in words ("первом квартале", "4th quarter", "first quarter").
QUARTER_OTHERWISE = {
    "kk": re.compile(r"(?<![\w.,])[1-4](?:-?(?:ші|шы|інші|ыншы|нші|ншы))?[- \u00a0]тоқсан", re.IGNORECASE),
    "ru": re.compile(r"(?<![\w.,])[1-4](?:-?(?:й|го|му|м|ом|ый|ого|ому))?[ \u00a0]квартал"
                     r"|(?<!\w)(?:перв|втор|трет|четв[её]рт)\w* квартал", re.IGNORECASE),
    "en": re.compile(r"(?<![\w.,])(?:[1-4](?:st|nd|rd|th)|first|second|third|fourth) quarter\b", re.IGNORECASE),
}


@functools.cache
def _quarter(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    numerals = list(term_forms("quarter", lang, "numerals"))
    longest_first = sorted(numerals, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, longest_first))}) {_NOUN[lang]}")
    return pattern, {numeral: str(n) for n, numeral in enumerate(numerals, start=1)}


def quarters_in_digits(text: str) -> str:
    """`text` with each Kazakh and Russian quarter numeral in digits: "2023 жылғы ІV тоқсан" → "2023 жылғы
    4 тоқсан", "в I квартале" → "в 1 квартале"."""
    for lang in _NOUN:
        text = _in_digits(text, lang)
    return text


def kk_quarters_in_digits(text: str) -> str:
    """`text` with each Kazakh quarter numeral in digits: "2023 жылғы ІV тоқсан" → "2023 жылғы 4 тоқсан"."""
    return _in_digits(text, "kk")


def _in_digits(text: str, lang: str) -> str:
    pattern, digits = _quarter(lang)
    return pattern.sub(lambda m: f"{digits[m.group(1)]} {_NOUN[lang]}", text)


def quarter_otherwise(text: str, lang: str) -> list[str]:
    """Each quarter in `text` written in other words than `grammar.period_label` writes it in `lang`."""
    return [m.group(0) for m in QUARTER_OTHERWISE[lang].finditer(text)]
