"""Workbooks (XLSX) that open right in a spreadsheet of any language setting: typed cells, each number
with a format showing its own decimals, text kept as text. Used for every resource of the package
(sitegen.downloads) and every chart's data (sitegen.charts, in the processes that render charts: this
module imports xlsxwriter and the standard library only)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format as CellFormat
from xlsxwriter.utility import xl_rowcol_to_cell

# Integers from this size on are shown with digit grouping in the workbook; smaller ones (years, line
# numbers, counts of a few thousand) are shown as written.
GROUPING_FROM = 10_000
# The most characters a cell holds (Excel's limit; xlsxwriter cuts a longer text there without a word).
CELL_TEXT_LIMIT = 32_767


def decimals(value: float | int) -> int:
    """Decimal places of a number as the package writes it (shortest round-trip form): 90.2 → 1, 95 → 0."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def number_format(value: float | int, grouped: bool) -> str:
    """An Excel number format showing exactly the value's own decimals, never in scientific notation.
    The codes are locale-neutral: each spreadsheet shows them with its own separators."""
    places = decimals(value)
    whole = "#,##0" if grouped else "0"
    return whole + ("." + "0" * places if places else "")


def _text_width(values: Iterator[object]) -> int:
    return max((len(str(v)) for v in values if v is not None), default=0)


def workbook_bytes(sheet_name: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict],
                   about: Sequence[str], created: datetime,
                   dictionary: Sequence[tuple[str, str, str]] = ()) -> bytes:
    """A workbook for spreadsheets in any language setting. The first sheet holds `rows` under
    `columns` ((name, Table Schema type) pairs): numbers as numeric cells with a number format that
    shows each value's own decimals, booleans as booleans, and every other value as text, whatever it
    looks like (codes, periods, ISO dates); missing values as empty cells. A second sheet, "about",
    holds the lines of `about` (the first in bold) and the field dictionary (name, type, description).

    Raises ValueError naming the column and row of a text longer than a cell holds (CELL_TEXT_LIMIT),
    which a workbook could only cut short."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"title": sheet_name, "author": "Bilim Data", "created": created.replace(tzinfo=None)})
    sheet = workbook.add_worksheet(sheet_name[:31])
    bold = workbook.add_format({"bold": True})
    formats: dict[str, CellFormat] = {}

    def numeric(code: str) -> CellFormat:
        if code not in formats:
            formats[code] = workbook.add_format({"num_format": code})
        return formats[code]

    for col, (key, kind) in enumerate(columns):
        sheet.write_string(0, col, key, bold)
        values = [row.get(key) for row in rows]
        grouped = kind in ("integer", "number") and any(abs(v) >= GROUPING_FROM for v in values if v is not None)
        for index, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            if kind in ("integer", "number"):
                sheet.write_number(index, col, value, numeric(number_format(value, grouped)))  # type: ignore[arg-type]
            elif kind == "boolean":
                sheet.write_boolean(index, col, bool(value))
            else:
                text = str(value)
                if len(text) > CELL_TEXT_LIMIT:
                    raise ValueError(f"{sheet_name}: column {key}, row {index + 1}: a text of {len(text)} characters, "
                                     f"more than a workbook cell holds ({CELL_TEXT_LIMIT})")
                sheet.write_string(index, col, text)
        width = max(len(key), _text_width(iter(values)) if kind == "string" else 12)
        sheet.set_column(col, col, min(width, 50) + 2)
    last_row, last_col = len(rows), max(len(columns) - 1, 0)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, last_row, last_col)
    # Codes and periods are text on purpose: no "number stored as text" markers on them.
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xl_rowcol_to_cell(last_row, last_col)}"})

    sheet_about = workbook.add_worksheet("about")
    for row, text in enumerate(about):
        if text:
            sheet_about.write_string(row, 0, text, bold if row == 0 else None)
    if dictionary:
        top = len(about) + 1
        for col, head in enumerate(("field", "type", "description")):
            sheet_about.write_string(top, col, head, bold)
        for row, entry in enumerate(dictionary, start=top + 1):
            for col, text in enumerate(entry):
                sheet_about.write_string(row, col, text)
        sheet_about.set_column(0, 0, 24)
        sheet_about.set_column(1, 1, 10)
        sheet_about.set_column(2, 2, 90)
    workbook.close()
    return buffer.getvalue()
