"""Every chart's downloadable data (CSV for programs, CSV for spreadsheets, XLSX) speaks the reader's
words: beside every column of codes (a period "2023-Q1", a measure "cctv_police_link", an organisation
type "kindergarten", a region "KZ-10", a document "000_79fb…", a flag) is a column that gives each code
in the page's language ("2023 жылғы І тоқсан", "Видеонаблюдение, подключённое к ЦОУ", "Kindergartens").
The codes stay beside the words, for analysts to join on. Checked on every chart of every language,
whatever it draws: a column is one of codes by the shape of its values, not by its name."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from sitegen.i18n import LANGS
from sitegen.spreadsheet_csv import SETTINGS
from tests.site.fit_support import PREFIX

# A code as the package writes one: snake_case or kebab-case words, a list of them (flags), a region
# (KZ-10), a period ("2023-Q1", "2023-05"), a document id or a figure id. Numbers and ISO dates are not.
CODE = re.compile(r"(?:[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*(?:;[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*)*|KZ-\d\d"
                  r"|\d{4}-(?:Q[1-4]|\d\d)|\d{3}_[0-9a-f]{6,}|\d{3}-L\d{3}-\d+)")
FORMULA = re.compile(r'^="(.*)"$')
LETTER = re.compile(r"[^\W\d_]")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def is_code(value: object) -> bool:
    return isinstance(value, str) and bool(CODE.fullmatch(value))


def is_words(value: object) -> bool:
    """A text with a letter in it that is not itself a code (not a number, not empty)."""
    return isinstance(value, str) and bool(LETTER.search(value)) and not is_code(value)


def code_columns(header: list[str], rows: list[list[object]]) -> list[int]:
    """Columns whose every value (and at least one) has the shape of a code."""
    out = []
    for i in range(len(header)):
        values = [r[i] for r in rows if r[i] not in (None, "")]
        if values and all(is_code(v) for v in values):
            out.append(i)
    return out


def worded(header: list[str], rows: list[list[object]], code: int, lang: str) -> bool:
    """Whether another column gives each code of column `code` in words of `lang`: one value per code,
    present wherever the code is, never itself a code or a number, in Cyrillic on the Kazakh and Russian pages."""
    for i in range(len(header)):
        if i == code:
            continue
        pairs = [(r[code], r[i]) for r in rows if r[code] not in (None, "")]
        words = {str(w) for _, w in pairs}
        if any(not is_words(w) for _, w in pairs) or len(dict(pairs)) != len(set(pairs)):
            continue
        if (lang == "en") != any(CYRILLIC.search(w) for w in words):
            return True
    return False


def tables(site_dir: Path, lang: str) -> list[tuple[str, list[str], list[list[object]]]]:
    """Every chart's data file of `lang`: (file, header, rows)."""
    out = []
    for path in sorted((site_dir / PREFIX[lang] / "charts").iterdir()):
        if path.name.endswith(".spreadsheet.csv"):
            text = path.read_text(encoding="utf-8-sig")
            # A text a spreadsheet could misread is written as the formula of its value: ="2023-Q1".
            found = [[FORMULA.sub(r"\1", v) for v in r]
                     for r in csv.reader(io.StringIO(text), delimiter=SETTINGS[lang].separator)]
        elif path.suffix == ".csv":
            found = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        elif path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
            found = [list(r) for r in sheet.iter_rows(values_only=True)]
        else:
            continue
        out.append((path.name, [str(h) for h in found[0]], found[1:]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_download_gives_its_codes_in_the_readers_words(site_dir: Path, lang):
    files = tables(site_dir, lang)
    assert len(files) >= 3 * 60, "fewer chart downloads than the site has charts"
    unworded, codes = [], 0
    for name, header, rows in files:
        for column in code_columns(header, rows):
            codes += 1
            if not worded(header, rows, column, lang):
                unworded.append(f"{name}: {header[column]}")
    assert codes, "no chart holds a column of codes: the test would prove nothing"
    assert unworded == [], f"{len(unworded)} columns of codes without the reader's words:\n" + "\n".join(unworded[:40])


def test_the_check_finds_codes_without_words():
    header, rows = ["period", "measure", "percent"], [["2023-Q1", "cctv_police_link", 51.4]]
    assert code_columns(header, rows) == [0, 1]
    assert not worded(header, rows, 1, "en")
    labelled = [[*r, "CCTV linked to police", "Q1 2023"] for r in rows]
    assert worded([*header, "measure_name", "period_name"], labelled, 1, "en")
    assert not worded([*header, "measure_name", "period_name"], labelled, 1, "ru")  # English on a Russian page
