"""Numbers as each language writes them, and their CLDR plural categories, in kk, ru and en (Babel).

The lowest layer of `pipelines.language`: `terms` picks a noun's form by `plural_category`, and `grammar`
builds its sentences on both. Every function raises ValueError for a language other than kk, ru, en.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

LANGS = ("kk", "ru", "en")
NBSP = "\u00a0"
MINUS = "\u2212"
# Babel/ICU locales: British English is the site's English (organisation, "A, B and C", 7 March 2023).
LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}
# Percent signs as each language writes them: Russian puts a (no-break) space before "%".
PERCENT_SUFFIX = {"kk": "%", "ru": f"{NBSP}%", "en": "%"}
MAX_AUTO_DECIMALS = 3

Number = int | float | Decimal


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")


def as_written(value: Number | str, decimals: int | None) -> Decimal:
    """The value as it is written: rounded half up to `decimals` places; None: as many places as it has,
    up to three (7.0 → 7, 12.25 → 12.25). Raises ValueError for what is not a finite number."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if decimals is None:
        number = number.quantize(Decimal(1).scaleb(-MAX_AUTO_DECIMALS), rounding=ROUND_HALF_UP)
        number = number.normalize()
        if number.as_tuple().exponent > 0:  # type: ignore[operator]
            number = number.quantize(Decimal(1))
        return number
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Number | None, lang: str, decimals: int | None = None) -> str:
    """A number as readers of `lang` write it.

    kk, ru: no-break space (U+00A0) between thousands, decimal comma (2 426; 59,9); en: 2,426 and 59.9.
    Negative numbers with the minus sign U+2212. `decimals=None`: as many decimals as the value has, up
    to three (12.5 → 12,5; 7.0 → 7); otherwise exactly that many, rounded half up. None → "–".
    """
    check_lang(lang)
    if value is None:
        return "–"
    number = as_written(value, decimals)
    return (MINUS if number < 0 else "") + _digits(abs(number), places(number), lang)


@lru_cache(maxsize=8192)
def _digits(number: Decimal, places: int, lang: str) -> str:
    """Babel's digits of a non-negative number with `places` decimals; kept, as a site writes the same
    numbers on many pages and Babel parses its pattern anew on every call."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    text = format_decimal(number, format=pattern, locale=LOCALES[lang], decimal_quantization=True)
    return text.replace("\u202f", NBSP)


def format_percent(value: Number | None, lang: str, decimals: int = 1) -> str:
    """A percent (93.1 means 93.1 %): "93,1%" kk, "93,1 %" ru (no-break space), "93.1%" en.

    At most `decimals` decimals, none for a whole number: 100 → "100%". None → "–".
    """
    check_lang(lang)
    if value is None:
        return "–"
    number = as_written(value, decimals).normalize()
    if number.as_tuple().exponent > 0:  # type: ignore[operator]
        number = number.quantize(Decimal(1))
    return format_number(number, lang, places(number)) + PERCENT_SUFFIX[lang]


def _plural_operand(n: Number | str) -> Decimal | int:
    """The number as it is written: a Decimal keeps its places (1.00 is plural in English), an int or
    float is written as format_number writes it (1.0 → 1)."""
    number = n if isinstance(n, Decimal) else as_written(n, None)
    return int(number) if places(number) == 0 else number


def plural_category(n: Number, lang: str) -> str:
    """CLDR plural category of `n` as written ("one", "few", "many", "other"), by Babel.

    ru: 1, 21, 101 → one; 2–4, 22 → few; 0, 5–20, 25, 111 → many; 1.5 → other. en: 1 → one, else other.
    kk: 1 → one, else other (a Kazakh noun stays singular after a numeral whatever the category).
    """
    check_lang(lang)
    from babel import Locale

    return Locale.parse(LOCALES[lang]).plural_form(_plural_operand(n))
