"""Numbers as the documents print them: "5 985", "90,61", "12 млрд. 777 млн.", "6,5 тыс."."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.normalise.text import fold, fold_spaces_and_dashes

# Digits grouped by spaces in threes ("5 985", "454 362"), or a plain run, with an optional
# decimal comma or point.
NUMBER_PATTERN = r"\d{1,3}(?: \d{3})+(?:[,.]\d+)?|\d+(?:[,.]\d+)?"
_NUMBER = re.compile(rf"^(?:{NUMBER_PATTERN})$")

SCALE_WORDS = {
    "тыс": 1_000, "тысяч": 1_000, "тысячи": 1_000, "мың": 1_000, "мыңнан": 1_000,
    "млн": 1_000_000, "миллион": 1_000_000,
    "млрд": 1_000_000_000, "миллиард": 1_000_000_000,
}
_SCALED_PART = re.compile(rf"({NUMBER_PATTERN})\s*({'|'.join(sorted(SCALE_WORDS, key=len, reverse=True))})\.?")


def parse_number(text: str) -> Decimal:
    """Parse one printed number; raise ValueError when the text is not exactly a number."""
    cleaned = fold_spaces_and_dashes(text).strip()
    if not _NUMBER.match(cleaned):
        raise ValueError(f"not a number: {text!r}")
    return Decimal(cleaned.replace(" ", "").replace(",", "."))


def parse_scaled(text: str) -> Decimal:
    """Parse amounts written with scale words, summing the parts: "12 млрд. 777 млн." → 12777000000.

    Folded in full, so a scale word typed with a Latin look-alike ("млн" with a Latin 'm') still reads.
    """
    cleaned = fold(text).strip()
    parts = list(_SCALED_PART.finditer(cleaned))
    if not parts:
        return parse_number(cleaned)
    rest = _SCALED_PART.sub("", cleaned).strip()
    if rest:
        raise ValueError(f"not an amount: {text!r}")
    total = Decimal(0)
    for part in parts:
        total += parse_number(part.group(1)) * SCALE_WORDS[part.group(2)]
    return total


def as_plain(value: Decimal) -> int | float:
    """An int when the value is whole, else a float; what the CSV files print."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
