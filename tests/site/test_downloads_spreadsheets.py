"""Every spreadsheet file the data page offers, opened in LibreOffice Calc under kk-KZ, ru-RU and en-US.

LibreOffice runs headless, each conversion with its own profile whose locale setting
(`ooSetupSystemLocale`) is the one under test, and opens a CSV the way a person's Calc does: separators
comma, semicolon and tab (Calc's defaults), quoted fields not forced to text, "detect special numbers"
both off (Calc's default) and on, formulas evaluated (as Excel and Google Sheets do; Calc's dialog asks,
and the data page says to tick it: see sitegen/spreadsheet_csv.py). Calc saves what it read as XLSX, which openpyxl reads back; every
numeric cell must be a number of the package's value, every boolean a boolean, every text the
package's text. XLSX files are also saved as CSV "as shown", to check that the number formats show each
value in full in the locale's own notation.

The CSV for spreadsheets set to Kazakh or Russian keeps every number right, and every text exactly as it
is, in those settings and in English ones too (a year, a KATO code, "95 %", "5 986", "August 2024" stay
text): a field the schema types as string is text in every setting.
"""

from __future__ import annotations

import concurrent.futures
import csv
import io
import math
import re
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from sitegen.data import load_package
from sitegen.downloads import FORMATS, Format, format_path, resource_files
from sitegen.spreadsheet_csv import SETTINGS
from tests.site.conftest import missing

openpyxl = pytest.importorskip("openpyxl")

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-US"}
# Calc's own defaults for opening a CSV (officecfg Office/Calc/Dialogs/CSVImport): separators ",;\t",
# text delimiter '"', quoted fields not as text; the character set UTF-8 (what Calc picks from the BOM).
CALC_SEPARATORS = "44/59/9"
UTF8 = 76
GROUPING = {"kk": "\u00a0\u202f ", "ru": "\u00a0\u202f ", "en": ","}
DECIMAL = {"kk": ",", "ru": ",", "en": "."}

PACKAGE = load_package()
SPREADSHEET_FORMATS = [f for f in FORMATS if f.spreadsheet_langs]


def csv_filter(detect_special: bool) -> str:
    """Calc's CSV import options, token by token: separators, text delimiter, character set, first line,
    column formats (none: Calc detects), language (empty: the locale setting), quoted field as text,
    detect special numbers, (four export options), evaluate formulas."""
    return f"CSV:{CALC_SEPARATORS},34,{UTF8},1,,,false,{str(detect_special).lower()},,,,,true"


# Export as CSV: separator ';', '"', UTF-8, first line, no column formats, language 0 (the locale
# setting), quote all text, (detect special numbers: import only), save cell contents as shown.
AS_SHOWN = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,false,true"


def profile(root: Path, locale: str) -> str:
    """A fresh LibreOffice profile whose locale setting is `locale`; returns its URL."""
    folder = root / f"profile-{uuid.uuid4().hex}"
    (folder / "user").mkdir(parents=True)
    (folder / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        f"<value>{locale}</value></prop></item>\n"
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse">'
        "<value>en-US</value></prop></item>\n"
        "</oor:items>\n", encoding="utf-8")
    return folder.as_uri()


# Headless LibreOffice now and then aborts while it sets up a fresh profile under load (SIGABRT, exit
# 134; a crash, not a refusal of the file): such a run is tried again in a profile of its own, and a
# third crash, or any other failure, fails the test with LibreOffice's output.
CRASH_ATTEMPTS = 3


def crashed(returncode: int) -> bool:
    """Whether soffice ended by a signal (negative, or 128 + the signal as its launcher script reports it)."""
    return returncode < 0 or returncode in (128 + signal.SIGABRT, 128 + signal.SIGSEGV)


def convert(files: list[Path], locale: str, to: str, out: Path, infilter: str | None = None) -> Path:
    """Open `files` in Calc under `locale` and save them as `to` into `out`; returns `out`."""
    out.mkdir(parents=True)
    for attempt in range(CRASH_ATTEMPTS):
        command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile(out.parent, locale)}"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", to, "--outdir", str(out), *map(str, files)]
        result = subprocess.run(command, capture_output=True, timeout=300, check=False)
        if not crashed(result.returncode) or attempt == CRASH_ATTEMPTS - 1:
            break
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, command, result.stdout, result.stderr)
    for source in files:
        produced = out / (source.stem + "." + to.split(":")[0])
        assert produced.exists(), f"LibreOffice did not convert {source.name}: {sorted(out.iterdir())}"
    return out


def read_sheet(path: Path) -> list[tuple]:
    workbook = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return rows


def _text_of(value: object, number: float) -> bool:
    """Whether `value` is a text writing `number` in either notation ('96,200', '1,2340', '9.500')."""
    try:
        return isinstance(value, str) and float(value.replace(",", ".")) == number
    except ValueError:
        return False


def cell_problem(kind: str, expected: object, got: object, *, booleans_as_text: bool,
                 numbers_as_text: bool = False) -> str | None:
    """Why a cell Calc read is not the package's value (None when it is); `numbers_as_text`: a number may
    be its text as written (a file opened in a setting whose notation it is not written in)."""
    if kind in ("integer", "number"):
        if expected is None:
            return None if got in (None, "") else f"expected empty, got {got!r}"
        if numbers_as_text and _text_of(got, float(expected)):  # type: ignore[arg-type]
            return None
        if isinstance(got, bool) or not isinstance(got, int | float):
            return f"expected the number {expected!r}, got {type(got).__name__} {got!r}"
        return None if math.isclose(got, float(expected), rel_tol=1e-12, abs_tol=0) else f"{got!r} ≠ {expected!r}"
    if kind == "boolean":
        if expected is None:
            return None if got in (None, "") else f"expected empty, got {got!r}"
        if got == expected and isinstance(got, bool):
            return None
        if booleans_as_text and got == str(expected).lower():  # a CSV's "true": text in kk/ru Calc
            return None
        return f"expected the boolean {expected!r}, got {type(got).__name__} {got!r}"
    text = "" if expected is None else str(expected)
    if got is None and text == "":
        return None
    if isinstance(got, str) and got == text:
        return None
    return f"expected the text {text!r}, got {type(got).__name__} {got!r}"


def sheet_problems(name: str, rows: list[tuple], *, booleans_as_text: bool = False,
                   texts_only: bool = False, numbers_as_text: bool = False) -> list[str]:
    """Every cell of a resource Calc read that is not the package's value; `texts_only`: of its string
    fields only; `numbers_as_text`: a number may be its text as written, never another number or a date
    (both: a file opened in a setting whose numbers it is not written for)."""
    fields = PACKAGE.fields(name)
    header = [f["name"] for f in fields]
    if not rows or list(rows[0])[: len(header)] != header:
        return [f"{name}: header {rows[0] if rows else None} ≠ {header}"]
    expected_rows = PACKAGE.table(name)
    problems = []
    if len(rows) - 1 != len(expected_rows):
        problems.append(f"{name}: {len(rows) - 1} rows, expected {len(expected_rows)}")
    for number, (got, expected) in enumerate(zip(rows[1:], expected_rows, strict=False), start=2):
        if any(value not in (None, "") for value in got[len(header):]):
            problems.append(f"{name} row {number}: cells beyond the last column: {got[len(header):]}")
        for index, field in enumerate(fields):
            if texts_only and field.get("type", "string") != "string":
                continue
            value = got[index] if index < len(got) else None
            problem = cell_problem(field.get("type", "string"), expected[field["name"]], value,
                                   booleans_as_text=booleans_as_text, numbers_as_text=numbers_as_text)
            if problem:
                problems.append(f"{name} row {number} {field['name']}: {problem}")
    return problems


def shown_problems(name: str, text: str, lang: str) -> list[str]:
    """Numeric cells as Calc shows them (CSV saved "as shown"): the text, read with the locale's
    separators, must be the package's value exactly — no lost decimals, no exponent, no ###."""
    fields = PACKAGE.fields(name)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    problems = []
    for number, (got, expected) in enumerate(zip(rows[1:], PACKAGE.table(name), strict=False), start=2):
        for index, field in enumerate(fields):
            value = expected[field["name"]]
            if field.get("type") not in ("integer", "number") or value is None:
                continue
            shown = got[index]
            plain = shown.translate({ord(c): None for c in GROUPING[lang]}).replace(DECIMAL[lang], ".")
            try:
                ok = float(plain) == float(value) and "e" not in plain.lower()
            except ValueError:
                ok = False
            if not ok:
                problems.append(f"{name} row {number} {field['name']}: shown as {shown!r} for {value!r}")
    return problems


def write_format(folder: Path, fmt: Format) -> list[Path]:
    """The format's file of every resource, as the site publishes it."""
    paths = []
    for name in PACKAGE.resource_names():
        relative = format_path(PACKAGE, name, fmt.suffix)
        target = folder / fmt.key / (name + Path(relative).suffix)  # Calc names its output by the stem
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resource_files(PACKAGE, name)[relative])
        paths.append(target)
    return paths


def jobs_for(fmt: Format, files: list[Path], root: Path) -> dict[tuple, tuple]:
    """The conversions that check one spreadsheet format in each of its languages."""
    jobs: dict[tuple, tuple] = {}
    # A CSV is opened in every setting: its texts must stay text even where its numbers are not read.
    for lang in LOCALES if fmt.suffix.endswith(".csv") else fmt.spreadsheet_langs:
        if fmt.suffix.endswith(".csv"):
            for special in (False, True):
                jobs[(fmt.key, lang, special)] = (files, LOCALES[lang], "xlsx",
                                                  root / f"{fmt.key}-{lang}-{special}", csv_filter(special))
        else:
            jobs[(fmt.key, lang, "values")] = (files, LOCALES[lang], "xlsx", root / f"{fmt.key}-{lang}-values", None)
            jobs[(fmt.key, lang, "shown")] = (files, LOCALES[lang], AS_SHOWN, root / f"{fmt.key}-{lang}-shown", None)
    return jobs


@pytest.fixture(scope="module")
def calc(tmp_path_factory) -> dict[tuple, Path]:
    """Every conversion, two at a time (each with its own profile): {(format, lang, mode): folder}."""
    if not Path(SOFFICE).exists():
        missing("LibreOffice is not installed (Debian libreoffice-calc-nogui; make test installs it)")
    root = tmp_path_factory.mktemp("calc")
    jobs: dict[tuple, tuple] = {}
    for fmt in SPREADSHEET_FORMATS:
        jobs.update(jobs_for(fmt, write_format(root / "files", fmt), root))
    # The programs' CSV under kk-KZ with special numbers on: the original fault, to show the locale
    # setting takes effect (see test_locale_setting_takes_effect).
    plain = [root / "files" / "plain" / "concept_targets.csv"]
    plain[0].parent.mkdir(parents=True)
    plain[0].write_bytes(PACKAGE.csv_path("concept_targets").read_bytes())
    for lang in ("kk", "en"):
        jobs[("plain", lang, True)] = (plain, LOCALES[lang], "xlsx", root / f"plain-{lang}", csv_filter(True))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(convert, *args) for key, args in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


CHART_PAGE = "coverage"


@pytest.fixture(scope="module")
def chart_calc(site_dir, tmp_path_factory) -> dict[str, tuple[list[Path], Path]]:
    """The coverage page's chart workbooks (kk, ru, en) opened in Calc under each locale."""
    if not Path(SOFFICE).exists():
        missing("LibreOffice is not installed (Debian libreoffice-calc-nogui; make test installs it)")
    root = tmp_path_factory.mktemp("chart-calc")
    files = []
    for lang in LOCALES:
        page = site_dir / ("" if lang == "kk" else lang) / CHART_PAGE / "index.html"
        for href in sorted(set(re.findall(r'href="([^"]+\.xlsx)" download', page.read_text(encoding="utf-8")))):
            source = (page.parent / href).resolve()
            target = root / "files" / f"{lang}-{source.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
            files.append(target)
    assert len(files) >= 9
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {lang: pool.submit(convert, files, LOCALES[lang], "xlsx", root / lang) for lang in LOCALES}
        return {lang: (files, future.result()) for lang, future in futures.items()}


@pytest.mark.parametrize("lang", list(LOCALES))
def test_chart_data_workbooks_open_with_every_value_right(chart_calc, site_dir, lang):
    """Each chart's XLSX as Calc reads it: numbers are the numbers of the chart's CSV, texts its texts."""
    files, folder = chart_calc[lang]
    problems = []
    for source in files:
        chart_lang, _, stem = source.stem.partition("-")
        csv_file = site_dir / ("" if chart_lang == "kk" else chart_lang) / "charts" / f"{stem}.csv"
        expected = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
        written = read_sheet(source)
        got = read_sheet(folder / source.name)
        if [list(r) for r in got[:1]] != expected[:1] or len(got) != len(expected):
            problems.append(f"{source.name}: header or rows differ: {got[:1]} vs {expected[:1]}")
            continue
        for number, (row, want, typed) in enumerate(zip(got[1:], expected[1:], written[1:], strict=True), start=2):
            for value, text, cell in zip(row, want, typed, strict=True):
                if isinstance(cell, int | float) and not isinstance(cell, bool):
                    ok = isinstance(value, int | float) and math.isclose(value, float(text), rel_tol=1e-12)
                else:
                    ok = (value or "") == text and (value is None or isinstance(value, str))
                if not ok:
                    problems.append(f"[{LOCALES[lang]}] {source.name} row {number}: {value!r} for {text!r}")
        numeric_columns = {i for i, cell in enumerate(written[1]) if isinstance(cell, int | float)}
        assert numeric_columns, source.name  # the percentages and counts are typed numbers
    assert not problems, "\n".join(problems[:40])


def test_every_spreadsheet_format_is_checked_in_every_language():
    assert SPREADSHEET_FORMATS[0].key == "xlsx"  # offered first
    assert {"kk", "ru", "en"} <= {lang for f in SPREADSHEET_FORMATS for lang in f.spreadsheet_langs}
    xlsx = next(f for f in SPREADSHEET_FORMATS if f.key == "xlsx")
    assert set(xlsx.spreadsheet_langs) == set(LOCALES)


def test_locale_setting_takes_effect(calc):
    """The package's CSV (for programs) under kk-KZ with special numbers on: "16.4" becomes a date and
    "90.2" text — the fault of the old spreadsheet CSV. Under en-US the same file reads right."""
    kk = read_sheet(calc[("plain", "kk", True)] / "concept_targets.xlsx")
    en = read_sheet(calc[("plain", "en", True)] / "concept_targets.xlsx")
    column = [f["name"] for f in PACKAGE.fields("concept_targets")].index("target")
    kinds = {type(row[column]).__name__ for row in kk[1:]}
    assert "datetime" in kinds and "str" in kinds, kinds
    targets = [row["target"] for row in PACKAGE.table("concept_targets")]
    assert [row[column] for row in en[1:]] == targets


@pytest.mark.parametrize(("fmt", "lang"), [(f, lang) for f in SPREADSHEET_FORMATS for lang in f.spreadsheet_langs],
                         ids=lambda v: getattr(v, "key", v))
def test_spreadsheet_opens_with_every_value_right(calc, fmt, lang):
    """Each spreadsheet file in each language whose settings it is offered for."""
    modes = (False, True) if fmt.suffix.endswith(".csv") else ("values",)
    problems = []
    for mode in modes:
        folder = calc[(fmt.key, lang, mode)]
        for name in PACKAGE.resource_names():
            rows = read_sheet(folder / f"{name}.xlsx")
            found = sheet_problems(name, rows, booleans_as_text=fmt.suffix.endswith(".csv"))
            problems += [f"[{LOCALES[lang]}, {mode}] {p}" for p in found]
    assert not problems, f"{len(problems)} cells wrong:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", list(LOCALES))
def test_spreadsheet_csv_keeps_every_text_in_every_setting(calc, lang):
    """The spreadsheet CSV opened under each setting, its own and others: every field the schema types as
    string is the package's text ("95 %", "5 986", "August 2024", "2023", "001" as written), and in a
    setting it is not written for, every number its value or its text, never another number or a date."""
    problems = []
    for fmt in SPREADSHEET_FORMATS:
        if not fmt.suffix.endswith(".csv"):
            continue
        for special in (False, True):
            folder = calc[(fmt.key, lang, special)]
            for name in PACKAGE.resource_names():
                found = sheet_problems(name, read_sheet(folder / f"{name}.xlsx"), booleans_as_text=True,
                                       texts_only=lang in fmt.spreadsheet_langs,
                                       numbers_as_text=lang not in fmt.spreadsheet_langs)
                problems += [f"[{LOCALES[lang]}, special numbers {special}] {p}" for p in found]
    assert not problems, f"{len(problems)} cells wrong:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("lang", list(LOCALES))
def test_workbook_number_formats_show_every_value_in_full(calc, lang):
    folder = calc[("xlsx", lang, "shown")]
    problems = []
    for name in PACKAGE.resource_names():
        text = (folder / f"{name}.csv").read_text(encoding="utf-8-sig")
        problems += shown_problems(name, text, lang)
    assert not problems, f"{len(problems)} cells:\n" + "\n".join(problems[:40])


def test_workbook_cells_are_typed_as_the_schema_says(tmp_path):
    """The workbook as written (before any spreadsheet opens it): numbers are numeric cells with a
    number format, texts are text cells, whatever they look like."""
    for name in PACKAGE.resource_names():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(resource_files(PACKAGE, name)[format_path(PACKAGE, name, ".xlsx")])
        sheet = openpyxl.load_workbook(path).worksheets[0]
        fields = PACKAGE.fields(name)
        for row, expected in zip(sheet.iter_rows(min_row=2), PACKAGE.table(name), strict=True):
            for cell, field in zip(row, fields, strict=False):
                value = expected[field["name"]]
                if value in (None, ""):
                    assert cell.value is None, (name, cell.coordinate)
                elif field.get("type") in ("integer", "number"):
                    assert cell.data_type == "n" and cell.number_format != "General", (name, cell.coordinate)
                    assert "E" not in cell.number_format, (name, cell.coordinate)
                elif field.get("type") == "boolean":
                    assert cell.data_type == "b", (name, cell.coordinate)
                else:
                    assert cell.data_type == "s" and cell.value == value, (name, cell.coordinate)


# The CSV for spreadsheets under each chart (charts/<id>.spreadsheet.csv), of every chart in every language.
CHART_SPREADSHEET_CSV = ".spreadsheet.csv"


@pytest.fixture(scope="module")
def chart_csv_calc(site_dir, tmp_path_factory) -> dict[tuple, tuple[list[Path], Path]]:
    """Every chart's spreadsheet CSV of each language opened in Calc under that language's setting, with
    special numbers off and on: {(lang, special): (files, folder)}."""
    if not Path(SOFFICE).exists():
        missing("LibreOffice is not installed (Debian libreoffice-calc-nogui; make test installs it)")
    root = tmp_path_factory.mktemp("chart-csv-calc")
    jobs = {}
    for lang in LOCALES:
        sources = sorted((site_dir / ("" if lang == "kk" else lang) / "charts").glob(f"*{CHART_SPREADSHEET_CSV}"))
        files = []
        for source in sources:  # Calc names its output by the stem: one stem per chart
            target = root / "files" / lang / (source.name.removesuffix(CHART_SPREADSHEET_CSV) + ".csv")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
            files.append(target)
        for special in (False, True):
            jobs[(lang, special)] = (files, LOCALES[lang], "xlsx", root / f"{lang}-{special}", csv_filter(special))
        # A reader of this page whose spreadsheet is set to another language (special numbers on: the
        # setting that turns the most into dates).
        for other in LOCALES:
            if other != lang:
                jobs[(lang, other)] = (files, LOCALES[other], "xlsx", root / f"{lang}-in-{other}", csv_filter(True))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(convert, *args) for key, args in jobs.items()}
        return {key: (jobs[key][0], future.result()) for key, future in futures.items()}


@pytest.mark.parametrize("lang", list(LOCALES))
def test_chart_spreadsheet_csvs_open_with_every_value_right(chart_csv_calc, site_dir, lang):
    """Every chart's spreadsheet CSV as Calc set to the page's language reads it: each numeric cell is a
    number equal to the chart's data (its workbook's typed cell), no cell is a date, each text is the
    text as written."""
    charts_dir = site_dir / ("" if lang == "kk" else lang) / "charts"
    problems = []
    for special in (False, True):
        files, folder = chart_csv_calc[(lang, special)]
        assert len(files) == len(list(charts_dir.glob("*.xlsx"))) > 30, len(files)
        for source in files:
            written = read_sheet(charts_dir / f"{source.stem}.xlsx")  # the chart's data, typed
            got = read_sheet(folder / f"{source.stem}.xlsx")
            where = f"[{LOCALES[lang]}, special numbers {special}] {source.stem}"
            if len(got) != len(written) or list(got[0]) != list(written[0]):
                problems.append(f"{where}: {len(got)} rows, header {got[:1]}; expected {len(written)}, {written[:1]}")
                continue
            for number, (row, want) in enumerate(zip(got[1:], written[1:], strict=True), start=2):
                for column, value, cell in zip(written[0], row, want, strict=True):
                    if not same_cell(value, cell):
                        problems.append(f"{where} row {number} {column}: {type(value).__name__} {value!r} for {cell!r}")
    assert not problems, f"{len(problems)} cells wrong:\n" + "\n".join(problems[:40])


def same_cell(value: object, cell: object, text: str | None = None) -> bool:
    """Whether a cell as the spreadsheet read it is the workbook's `cell`: the same number (or, given
    `text`, the number's text as written), empty for empty, the same text for a text."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isclose(value, cell, rel_tol=1e-12)) or (text is not None and value == text)
    if cell in (None, ""):
        return value in (None, "")
    return isinstance(value, str) and value == str(cell)


@pytest.mark.parametrize("lang", list(LOCALES))
def test_chart_spreadsheet_csvs_in_another_setting_keep_every_text_and_misread_no_number(chart_csv_calc, site_dir,
                                                                                        lang):
    """A page's chart CSV opened in a spreadsheet set to another of the site's languages: every text is the
    text, and every number its value or, where the notation is not the setting's, the text as written;
    never another number ("1,234" as 1234) or a date ("9.5" as 9 May), and no cell shifted."""
    charts_dir = site_dir / ("" if lang == "kk" else lang) / "charts"
    separator = SETTINGS[lang].separator
    problems = []
    for other in LOCALES:
        if other == lang:
            continue
        files, folder = chart_csv_calc[(lang, other)]
        for source in files:
            written = read_sheet(charts_dir / f"{source.stem}.xlsx")
            raw = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig")), delimiter=separator))
            got = read_sheet(folder / f"{source.stem}.xlsx")
            where = f"[{lang} page, {LOCALES[other]}] {source.stem}"
            if len(got) != len(written) or list(got[0])[: len(written[0])] != list(written[0]):
                problems.append(f"{where}: {len(got)} rows, header {got[:1]}")
                continue
            for number, (row, want, text_row) in enumerate(zip(got[1:], written[1:], raw[1:], strict=True), start=2):
                if any(value not in (None, "") for value in row[len(want):]):
                    problems.append(f"{where} row {number}: cells beyond the last column {row[len(want):]}")
                for column, value, cell, text in zip(written[0], row, want, text_row, strict=False):
                    if not same_cell(value, cell, text):
                        problems.append(f"{where} row {number} {column}: {type(value).__name__} {value!r} for {cell!r}")
    assert not problems, f"{len(problems)} cells wrong:\n" + "\n".join(problems[:40])


def test_a_libreoffice_crash_is_tried_again_and_a_refusal_is_not(tmp_path, monkeypatch):
    """`convert` runs soffice again after a crash (exit 134), not after a refusal (exit 1)."""
    fake = tmp_path / "soffice"
    fake.write_text('#!/bin/sh\necho run >> "$0.runs"\n'
                    'if [ "$(wc -l < "$0.runs")" -lt 2 ]; then exit 134; fi\n'
                    'for last; do :; done; out=""; prev=""\n'
                    'for a; do [ "$prev" = --outdir ] && out="$a"; prev="$a"; done\n'
                    'n=$(basename "$last"); cp "$last" "$out/${n%.*}.xlsx"; exit "${FAKE_EXIT:-0}"\n')
    fake.chmod(0o755)
    source = tmp_path / "a.csv"
    source.write_text("x\n1\n")
    monkeypatch.setattr(sys.modules[__name__], "SOFFICE", str(fake))
    convert([source], "kk-KZ", "xlsx", tmp_path / "once")
    assert (tmp_path / "soffice.runs").read_text().count("run") == 2
    monkeypatch.setenv("FAKE_EXIT", "1")
    with pytest.raises(subprocess.CalledProcessError):
        convert([source], "kk-KZ", "xlsx", tmp_path / "refused")
    assert (tmp_path / "soffice.runs").read_text().count("run") == 3
