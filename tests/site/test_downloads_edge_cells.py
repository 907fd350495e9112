"""The cells a spreadsheet could get wrong, written as the site writes them (the CSV for spreadsheets of
sitegen/spreadsheet_csv.py in each setting's notation, and the workbook of sitegen/workbook.py) and
opened in LibreOffice Calc under kk-KZ, ru-RU and en-US (a CSV with "detect special numbers" off and on):
texts a spreadsheet could misread, of any length, and numbers of every shape.

Every text stays exactly the text in every locale: codes ("KZ-10", "004"), periods ("2023-Q1"), things
that look like numbers or dates ("1.2", "3-4", "10/13", "95 %", "7 March 2023"), long digit strings and
leading zeros, texts starting with = + - @, and such texts longer than the 255 characters Excel allows a
text constant in a formula. Every number is its value in the setting the file is written for; opened in
another setting (a reader of the English page whose spreadsheet is set to Russian), a number is its value
or its text as written, never another number or a date ("1,234" is not 1234, "9.5" is not 9 May). The
workbook keeps every text and number in every locale, each number shown in full; a text longer than a
cell holds is refused, not cut short.
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import math
from datetime import datetime
from pathlib import Path

import pytest

from sitegen import spreadsheet_csv, workbook
from tests.site.conftest import missing
from tests.site.test_downloads_spreadsheets import (
    AS_SHOWN,
    DECIMAL,
    GROUPING,
    LOCALES,
    SOFFICE,
    convert,
    csv_filter,
    read_sheet,
)

LONG = "ұзын мәтін, " * 30  # 330 characters
TEXTS = (
    "KZ-10", "004", "0042", "12", "2023-Q1", "2023-03-07", "1.2", "3-4", "10/13", "1/2/2023", "95%", "95 %",
    "1 024", "5,5", "1,234", "1.234", "9.5", "31.12", ".5", "1.", "3:45", "(5)", "−5", "1e5", "1E-3", "$5",
    "12345678901234567890", "0" * 20, "7 March 2023", "12 марта", "Q1 2023", "2023 жылғы 1 тоқсан", "IV",
    "=1+1", "+7 727 000 00 00", "-5", "@home", "- орта білім беру ұйымдары:", "TRUE", "ложь", " 004",
    "№ 117", 'with "quotes"', "two\nlines", "1\n2", "=1+1\nz", "-5\nx", "tab\there", "  lead", "trail  ", "1" * 300, "=" + LONG, "+" + LONG, "-" + LONG, "@" + LONG, "2023-Q1 " + "x" * 260,
    '="' + LONG + '"',
)
NUMBERS = ("9.5", "96.2", "100.0", "1.234", "0.001", "12345.678", "31.12", "1.1", "-9.5", "-1.234", "1e-05",
           "2.5e+20", "100", "-5", "0", "3.14159")
HEADER = ("text", "number")


def rows() -> list[list[tuple[str, str]]]:
    count = max(len(TEXTS), len(NUMBERS))
    return [[(TEXTS[i] if i < len(TEXTS) else "", "string"), (NUMBERS[i] if i < len(NUMBERS) else "", "number")]
            for i in range(count)]


@pytest.fixture(scope="module")
def opened(tmp_path_factory) -> dict[tuple[str, str, bool], list[tuple]]:
    """{(setting the file is written for, locale it is opened in, special numbers): the rows Calc read}."""
    if not Path(SOFFICE).exists():
        missing("LibreOffice is not installed (Debian libreoffice-calc-nogui; make test installs it)")
    root = tmp_path_factory.mktemp("csv-settings")
    jobs = {}
    for setting in ("ru", "en"):  # kk writes as ru does
        source = root / "files" / setting / "edges.csv"
        source.parent.mkdir(parents=True)
        source.write_text(spreadsheet_csv.csv_text(HEADER, rows(), spreadsheet_csv.SETTINGS[setting]), encoding="utf-8",
                          newline="")
        for lang, locale in LOCALES.items():
            for special in (False, True):
                jobs[(setting, lang, special)] = ([source], locale, "xlsx", root / f"{setting}-{lang}-{special}",
                                                  csv_filter(special))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(convert, *args) for key, args in jobs.items()}
        return {key: read_sheet(future.result() / "edges.xlsx") for key, future in futures.items()}


def test_the_settings_agree_on_kazakh_and_russian():
    assert spreadsheet_csv.SETTINGS["kk"] == spreadsheet_csv.SETTINGS["ru"]


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_text_stays_the_text_in_every_locale(opened, lang):
    problems = []
    for setting in ("ru", "en"):
        for special in (False, True):
            got = opened[(setting, lang, special)]
            assert len(got) == len(rows()) + 1, (setting, special, len(got))
            for text, row in zip(TEXTS, got[1:], strict=False):
                if row[0] != text or any(cell not in (None, "") for cell in row[2:]):
                    problems.append(f"[{setting} file, {LOCALES[lang]}, special {special}] {text[:40]!r} → "
                                    f"{type(row[0]).__name__} {str(row[0])[:40]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", list(LOCALES))
def test_every_number_is_its_value_or_its_text_never_another_value(opened, lang):
    """In its own setting a number is the number; in another, at worst the text as written."""
    own = "en" if lang == "en" else "ru"
    problems = []
    for setting in ("ru", "en"):
        written = [spreadsheet_csv.number_cell(n, spreadsheet_csv.SETTINGS[setting]) for n in NUMBERS]
        for special in (False, True):
            got = opened[(setting, lang, special)]
            for number, text, row in zip(NUMBERS, written, got[1:], strict=False):
                value = row[1] if len(row) > 1 else None
                right = (isinstance(value, int | float) and not isinstance(value, bool)
                         and math.isclose(value, float(number), rel_tol=1e-15))
                if not right and (setting == own or value != text):
                    problems.append(f"[{setting} file, {LOCALES[lang]}, special {special}] {number} written "
                                    f"{text!r} → {type(value).__name__} {value!r}")
    assert not problems, "\n".join(problems)


def test_a_long_text_is_written_as_one_formula_of_short_constants():
    """Excel refuses a text constant over 255 characters in a formula: a long text is their concatenation."""
    cell = spreadsheet_csv.text_cell("=" + LONG)
    assert cell.startswith('="=') and cell.count('"&"') == 1
    assert all(len(part) <= spreadsheet_csv.FORMULA_TEXT_LIMIT for part in cell[2:-1].split('"&"'))
    assert spreadsheet_csv.text_cell("ұзын мәтін " * 30) == "ұзын мәтін " * 30  # words: plain


def edge_workbook(folder: Path) -> Path:
    """The edge texts and numbers as a workbook (each number a float, as the package's rows give it)."""
    path = folder / "edges.xlsx"
    path.parent.mkdir(parents=True)
    typed = [{"text": text or None, "number": float(number) if number else None} for (text, _), (number, _) in rows()]
    path.write_bytes(workbook.workbook_bytes("edges", [("text", "string"), ("number", "number")], typed, ["edges"],
                                             datetime(2026, 1, 1)))
    return path

@pytest.mark.parametrize("lang", list(LOCALES))
def test_the_workbook_keeps_every_text_and_shows_every_number_in_full(tmp_path, lang):
    if not Path(SOFFICE).exists():
        missing("LibreOffice is not installed (Debian libreoffice-calc-nogui; make test installs it)")
    source = edge_workbook(tmp_path / "files")
    got = read_sheet(convert([source], LOCALES[lang], "xlsx", tmp_path / "values") / "edges.xlsx")
    shown_text = (convert([source], LOCALES[lang], AS_SHOWN, tmp_path / "shown") / "edges.csv").read_text(
        encoding="utf-8-sig")
    shown = [row[1] if len(row) > 1 else "" for row in csv.reader(io.StringIO(shown_text), delimiter=";")]
    problems = []
    for number, ((text, _), (value, _)) in enumerate(rows(), start=1):
        if (got[number][0] or "") != text:
            problems.append(f"text {text[:40]!r} → {got[number][0]!r}")
        if value:
            cell = got[number][1]
            plain = shown[number].translate({ord(c): None for c in GROUPING[lang]}).replace(DECIMAL[lang], ".")
            if not (isinstance(cell, int | float) and math.isclose(cell, float(value), rel_tol=1e-15)) \
                    or float(plain) != float(value) or "e" in plain.lower():
                problems.append(f"number {value} → {cell!r}, shown {shown[number]!r}")
    assert not problems, "\n".join(problems)


def test_a_text_longer_than_a_cell_holds_is_refused_not_cut_short():
    text = "ұзын мәтін " * 3000  # 33 000 characters
    with pytest.raises(ValueError, match=r"edges: column text, row 3: a text of 33000 characters"):
        workbook.workbook_bytes("edges", [("text", "string")], [{"text": "a"}, {"text": text}], ["edges"],
                                datetime(2026, 1, 1))
