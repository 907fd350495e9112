"""Deadlines of the Concept plan's actions, as printed ("декабрь 2023 – 2029 годов", "4-й квартал 2024 –
2025 годов", "IV квартал 2024 года", "ежегодно"), read by a small grammar into months and years.

Deadlines in words that the grammar does not cover are the plan's own and declared with it
(`deadlines` in its declaration, see `plan_spec.py`), passed to parse_deadline as `known`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.normalise.periods import RU_MONTHS as MONTHS
from pipelines.normalise.periods import RU_MONTHS_GENITIVE as MONTHS_GENITIVE
from pipelines.normalise.text import fold, normalise_ws

EXPECTED_DEADLINE = "a deadline like 'декабрь 2023 – 2029 годов'"


@dataclass(frozen=True, slots=True)  # one per action
class Deadline:
    start: str  # "YYYY-MM", "YYYY" when only the year is printed, "" when not stated
    end: str
    recurring: bool
    years: tuple[int, ...]


_M = "(?:" + "|".join(MONTHS) + ")"
_MG = "(?:" + "|".join(MONTHS_GENITIVE) + ")"
_Y1, _Y2 = r"(?P<y1>\d{4})", r"(?P<y2>\d{4})"
# A quarter as "4-й" or in Roman numerals ("IV"; the key is case-folded).
_Q = r"(?:(?P<q>[1-4])–й|(?P<qr>iv|i{1,3}))"
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# Tried in this order at each position; a deadline is one or more parts separated by ', ' or ' '
# (a cell holding two sub-rows: "апрель 2023 года декабрь 2023 – 2027 годов").
DEADLINE_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("span", re.compile(rf"(?P<m1>{_M}) {_Y1} года – (?P<m2>{_M}) {_Y2} года")),
    ("months_range", re.compile(rf"(?P<months>{_M}(?:, {_M})*) {_Y1} – {_Y2} годов")),
    ("months_year", re.compile(rf"(?P<months>{_M}(?:, {_M})*) {_Y1} года")),
    ("quarter_range", re.compile(rf"{_Q} квартал {_Y1} – {_Y2} годов")),
    ("quarter_year", re.compile(rf"{_Q} квартал {_Y1} года")),
    ("by_date_range", re.compile(rf"до (?P<day>\d{{1,2}}) (?P<mg>{_MG}) {_Y1} – {_Y2} годов")),
    ("half_year", re.compile(rf"(?P<half>первое|второе) полугодие {_Y1} года")),
    ("quarterly", re.compile(rf"ежеквартально, {_Y1} – {_Y2} годы")),
    ("month_yearly", re.compile(rf"(?P<months>{_M}), ежегодно")),
    ("by_date_yearly", re.compile(rf"до (?P<day>\d{{1,2}}) (?P<mg>{_MG}), ежегодно")),
    ("cycle", re.compile(rf"по завершении цикла в {_Y1} – {_Y2} годах")),
)
DEADLINE_SEPARATOR = re.compile(r",? ")


def deadline_key(text: str) -> str:
    """A deadline as the grammar reads it: folded, runs of white space as one, case aside, "2023 –2026" as
    "2023 – 2026"."""
    key = normalise_ws(fold(text)).casefold()
    return re.sub(r"(\d)\s*–\s*(\d)", r"\1 – \2", key)  # "2023 –2026" as "2023 – 2026"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _numbers(groups: Mapping[str, str]) -> dict[str, object]:
    """A part's groups as numbers: "y1", "y2" (years), "months" (a tuple of 1–12), "m1"/"m2" (the months
    of a span), "quarter" (1–4, from "4-й" or "IV"), "month" and "day" (of a date), "half" (1 or 2)."""
    out: dict[str, object] = {k: int(v) for k, v in groups.items() if k in ("y1", "y2", "day")}
    if "months" in groups:
        out["months"] = tuple(MONTHS[name] for name in groups["months"].split(", "))
    for key in ("m1", "m2"):
        if key in groups:
            out[key] = MONTHS[groups[key]]
    if "q" in groups or "qr" in groups:
        out["quarter"] = int(groups["q"]) if "q" in groups else ROMAN_QUARTERS[groups["qr"]]
    if "mg" in groups:
        out["month"] = MONTHS_GENITIVE[groups["mg"]]
    if "half" in groups:
        out["half"] = 1 if groups["half"] == "первое" else 2
    return out


def _deadline_part(kind: str, g: Mapping) -> Deadline:
    y1, y2 = g.get("y1"), g.get("y2", g.get("y1"))
    years = tuple(range(y1, y2 + 1)) if y1 is not None and y2 is not None else ()
    if kind == "span":
        return Deadline(_ym(y1, g["m1"]), _ym(y2, g["m2"]), False, years)
    if kind in ("months_range", "months_year"):
        # Several months over a range of years: every listed month of every year.
        months = g["months"]
        return Deadline(_ym(y1, months[0]), _ym(y2, months[-1]), len(years) > 1, years)
    if kind in ("quarter_range", "quarter_year"):
        quarter = g["quarter"]
        return Deadline(_ym(y1, 3 * quarter - 2), _ym(y2, 3 * quarter), len(years) > 1, years)
    if kind == "by_date_range":
        # "до 1 октября": the month of the date, day dropped.
        return Deadline(_ym(y1, g["month"]), _ym(y2, g["month"]), len(years) > 1, years)
    if kind == "half_year":
        first = 1 if g["half"] == 1 else 7
        return Deadline(_ym(y1, first), _ym(y1, first + 5), False, years)
    if kind == "quarterly":
        # Quarters as months: from the first month of the first quarter to the last of the last.
        return Deadline(_ym(y1, 1), _ym(y2, 12), True, years)
    if kind in ("month_yearly", "by_date_yearly"):
        return Deadline("", "", True, ())  # every year, no year printed
    if kind == "cycle":
        return Deadline(str(y1), str(y2), False, years)  # per survey cycle: only years are known
    raise AssertionError(kind)  # pragma: no cover


def deadline_parts(text: str) -> list[tuple[str, dict[str, object]]]:
    """The parts of a deadline the grammar covers, in order: (kind of DEADLINE_PARTS, its numbers, see
    `_numbers`: {"months": (7, 12), "y1": 2023, "y2": 2024} for "июль, декабрь 2023 – 2024 годов").
    Raises ValueError when the text is not in the grammar (a deadline in words the plan declares, or not
    a deadline)."""
    key = deadline_key(text)
    parts: list[tuple[str, dict[str, object]]] = []
    pos = 0
    while True:
        for kind, pattern in DEADLINE_PARTS:
            m = pattern.match(key, pos)
            if m and (m.end() == len(key) or DEADLINE_SEPARATOR.match(key, m.end())):
                parts.append((kind, _numbers({k: v for k, v in m.groupdict().items() if v is not None})))
                pos = m.end()
                break
        else:
            raise ValueError(f"not a deadline: {text!r}")
        if pos == len(key):
            return parts
        pos = DEADLINE_SEPARATOR.match(key, pos).end()  # type: ignore[union-attr]


def parse_deadline(text: str, known: Mapping[str, Deadline] | None = None) -> Deadline:
    """Parse a deadline cell; raise ValueError when it matches no known form.

    start/end are "YYYY-MM": the first month of the first year and the last month of the last
    year ("июль, декабрь 2023 – 2024 годов" → 2023-07 … 2024-12); quarters and half-years become
    their months ("4-й квартал" → 10 … 12, "ежеквартально, 2023 – 2029 годы" → 2023-01 … 2029-12);
    "YYYY" when only years are printed; "" when the text names no year ("декабрь, ежегодно").
    recurring: "ежегодно", "ежеквартально", or months repeated over a range of years.
    `known`: the deadlines in words a plan declares, by deadline_key, read as declared.
    """
    key = deadline_key(text)
    if known and key in known:
        return known[key]
    parts = [_deadline_part(kind, groups) for kind, groups in deadline_parts(text)]
    years = tuple(sorted({year for part in parts for year in part.years}))
    return Deadline(parts[0].start, parts[-1].end, any(p.recurring for p in parts), years)
