"""CSV written for spreadsheets in a reader's language setting (the package's resources and the charts'
data): what a double click on the file shows must be the data, numbers as numbers, every text as it is.

A spreadsheet reads a CSV cell by the notation of its language setting: Calc and Excel set to Kazakh or
Russian take a comma as the decimal mark and a semicolon between fields (read "9.5" as 9 May and "90.2"
as text), one set to English the reverse. So the file is written per setting (`SETTINGS`): its field
separator and decimal mark, UTF-8 with a byte-order mark (without it Excel reads Cyrillic as the local
code page), CRLF line ends, every non-empty field quoted.

A spreadsheet also turns a text that looks like a number or date into one ("2023" → 2023, "95 %" → 0.95,
"5 986" → 5986, "August 2024" → 1 Aug 2024, "001" → 1, "2020-01-01" → a date), and no quoting stops it.
Such a text is written as the formula `="…"`, whose value is the text itself: Excel, Google Sheets and
Calc opening the file with its import options as given by a program (LibreOffice's filter options,
where formulas are evaluated) show the text exactly. Calc's own import dialog has "Evaluate formulas"
unticked by default, and then shows the formula as written; the data page says to tick it. Only texts a
spreadsheet could misread are written so (`may_be_misread`): words and codes with letters stay plain. A
text longer than the 255 characters Excel allows a text constant is the concatenation of constants
(`="…"&"…"`): a long text starting with "=" or a long digit string is misread like a short one.

A file is written for one setting, but a reader's spreadsheet may be set otherwise (the English page read
with Calc set to Russian). A number is then read as text, which shows, but never as another number or a
date: a decimal comma before exactly three digits is what an English setting takes for digit grouping
("1,234" → 1234), and a decimal point before one or two digits what a Kazakh setting takes for a day and
month ("9.5" → 9 May), so those fractions are written with a trailing zero ("1,2340", "9.50" → "9.500")
(`number_cell`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

BOM = "\ufeff"
# Excel refuses a text constant longer than this inside a formula; a longer text is several constants.
FORMULA_TEXT_LIMIT = 255
# Excel's limit on a formula's length: a text whose formula would be longer is written plain.
FORMULA_LIMIT = 8192
# Texts made of digits, punctuation and at most one run of letters: numbers as printed ("90,2 %",
# "5 986", "1."), dates and periods ("2020-01-01", "August 2024", "12 марта"), codes ("001", "KZ-10").
_WORD = re.compile(r"[^\W\d_]+")
# A text a spreadsheet reads as a truth value, or as a formula when it starts so.
_TRUTH_WORDS = {"true", "false", "истина", "ложь", "ақиқат", "жалған"}
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Setting:
    """A spreadsheet language setting's CSV notation."""

    separator: str
    decimal: str


# The site's languages: the notation their readers' spreadsheets expect.
SETTINGS = {"kk": Setting(";", ","), "ru": Setting(";", ","), "en": Setting(",", ".")}


def may_be_misread(text: str) -> bool:
    """Whether a spreadsheet opening a CSV may read `text` (a text, not a number) as something else: a
    number, percentage, date or time (digits with punctuation and at most one word), a truth value or a
    formula. A text of several lines is never misread."""
    # A field holding a line break is text in Calc whatever else it holds, and a formula holding one is
    # left as written, not evaluated.
    if not text or "\n" in text or "\r" in text:
        return False
    if text.startswith(_FORMULA_START) or text.strip().lower() in _TRUTH_WORDS:
        return True
    return any(c.isdigit() for c in text) and len(_WORD.findall(text)) <= 1


def text_cell(text: str) -> str:
    """A text as a spreadsheet CSV writes it: itself, or the formula whose value it is (the concatenation
    of constants of at most FORMULA_TEXT_LIMIT characters, `="…"&"…"`, for a longer text)."""
    if not may_be_misread(text):
        return text
    parts = [text[start:start + FORMULA_TEXT_LIMIT] for start in range(0, len(text), FORMULA_TEXT_LIMIT)]
    formula = "=" + "&".join('"' + part.replace('"', '""') + '"' for part in parts)
    return formula if len(formula) <= FORMULA_LIMIT else text


def number_cell(text: str, setting: Setting) -> str:
    """A number as written by the package ('90.2', '1e-05') in the setting's notation ('90,2', '0,00001'):
    in full, without an exponent, which every spreadsheet reads as a plain number. A fraction another
    setting would misread is written with a trailing zero (see the module's docstring): after a decimal
    comma, three digits ('1,234' → '1,2340'); after a decimal point, one or two ('9.5' → '9.500')."""
    if "e" in text.lower():
        text = format(Decimal(text), "f")
    whole, point, fraction = text.partition(".")
    if point and setting.decimal == "," and len(fraction) == 3:
        fraction += "0"
    elif point and setting.decimal == "." and len(fraction) < 3:
        fraction = fraction.ljust(3, "0")
    return whole + (setting.decimal + fraction if point else "")


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if value else ""


def csv_text(header: Sequence[str], rows: Iterable[Sequence[tuple[str, str]]], setting: Setting) -> str:
    """The CSV text (starting with a byte-order mark) of `rows`, each a sequence of (value as the
    package's CSV writes it, Table Schema type) in `header`'s order (the header's names as they are). Numbers (`integer`, `number`) and
    `boolean`s are written as values, every other type as text (see `text_cell`); an empty value is an
    empty field."""
    # Field names are names (snake_case, "sha256"): written as they are, never as formulas.
    lines = [setting.separator.join(_quoted(name) for name in header)]
    for row in rows:
        cells = []
        for value, kind in row:
            if value == "":
                cells.append("")
            elif kind in ("integer", "number"):
                cells.append(_quoted(number_cell(value, setting)))
            elif kind == "boolean":
                cells.append(_quoted(value))
            else:
                cells.append(_quoted(text_cell(value)))
        lines.append(setting.separator.join(cells))
    return BOM + "\r\n".join(lines) + "\r\n"
