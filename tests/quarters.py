"""Quarter numerals read as numbers, for the checks that compare a translation's numbers with its
original's: Kazakh numbers a quarter in Roman numerals ("IV тоқсан" for "4-й квартал", "Q4"), from the
terminology table's `quarter` numerals, as `grammar.period_label` writes them."""

from __future__ import annotations

import functools
import re

from pipelines.language.terms import term_forms


@functools.cache
def _kk_quarter() -> tuple[re.Pattern[str], dict[str, str]]:
    numerals = list(term_forms("quarter", "kk", "numerals"))
    longest_first = sorted(numerals, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, longest_first))}) тоқсан")
    return pattern, {numeral: str(n) for n, numeral in enumerate(numerals, start=1)}


def kk_quarters_in_digits(text: str) -> str:
    """`text` with each Kazakh quarter numeral in digits: "2023 жылғы ІV тоқсан" → "2023 жылғы 4 тоқсан"."""
    pattern, digits = _kk_quarter()
    return pattern.sub(lambda m: f"{digits[m.group(1)]} тоқсан", text)
