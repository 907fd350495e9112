"""Interface strings and number formats for the three site languages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from sitegen.paths import STRINGS

LANGS: tuple[str, ...] = ("kk", "ru", "en")
DEFAULT_LANG = "kk"
NBSP = "\u00a0"

# d3-format locales for chart axes and labels (vl-convert renders with them, offline).
_KK_RU_LOCALE = {"decimal": ",", "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}₸"]}
D3_LOCALES: dict[str, dict] = {
    "kk": _KK_RU_LOCALE,
    "ru": _KK_RU_LOCALE,
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " KZT"]},
}
# Percent signs as each language writes them: Russian puts a (non-breaking) space before "%".
PERCENT_SUFFIX = {"kk": "%", "ru": f"{NBSP}%", "en": "%"}


class MissingString(KeyError):
    """An interface string is missing in one of the languages."""


@dataclass(frozen=True)
class Strings:
    """Interface strings: key → {language → text}. Every key must exist in every language."""

    table: dict[str, dict[str, str]]

    def t(self, lang: str, key: str, **values: object) -> str:
        try:
            text = self.table[key][lang]
        except KeyError:
            raise MissingString(f"{key!r} in {lang!r}") from None
        return text.format(**values) if values else text

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
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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


def _round(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """5985 → '5 985' (kk, ru; non-breaking space) or '5,985' (en); decimal comma in kk and ru."""
    if value is None:
        return "–"
    rounded = _round(float(value), decimals)
    sign = "−" if rounded < 0 else ""
    text = f"{abs(rounded):,.{decimals}f}"
    if lang in ("kk", "ru"):
        text = text.replace(",", NBSP).replace(".", ",")
    return sign + text


def fmt_auto(value: float | int | None, lang: str, max_decimals: int = 3) -> str:
    """A number with as many decimals as it has (up to max_decimals): 12.5 → '12,5', 7 → '7'."""
    if value is None:
        return "–"
    rounded = _round(float(value), max_decimals).normalize()
    decimals = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    return fmt_number(float(rounded), lang, decimals)


def fmt_percent(value: float | int | None, lang: str, decimals: int = 1) -> str:
    """93.1 → '93,1%' (kk), '93,1 %' (ru), '93.1%' (en); whole numbers without decimals: '100%'."""
    if value is None:
        return "–"
    return fmt_auto(value, lang, decimals) + PERCENT_SUFFIX[lang]
