"""Every figure is shown for its period: the site built with a second quarterly note.

A copy of the repository's data gets the invented Q2 2023 note of tests/test_new_note.py; the pipeline
builds a package from it, and the site generator turns that package into pages (no MkDocs: the page
sources and chart CSVs are what is checked here; tests/site/test_site_periods_browser.py runs the full
build in Chromium). The same checks that need only one period run on the repository's own data, where
the pages must read without any period switch.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipelines.flow import build_frames
from pipelines.paths import PACKAGE
from pipelines.publish.outputs import derived_files
from pipelines.publish.package import render_package
from pipelines.vocabularies import MEASURES
from sitegen.data import load_package
from sitegen.generate import generate_files, load_site_data
from sitegen.i18n import LANGS, load_strings
from sitegen.periods import period_label
from tests.conftest import shared_folder

ROOT = Path(__file__).resolve().parents[2]
# The invented Q2 2023 note of the test suite (tests/fixtures/make_q2_note.py), added as a maintainer adds
# a new note (CONTRIBUTING.md): the next document number, with its provenance beside it.
FIXTURE = ROOT / "tests" / "fixtures" / "security_note_2023q2.txt"
NEW_ID = "005_0f1e2d3c4b5a6978"
METADATA = """title: "Ақпарат"
title_en: "Synthetic quarterly note for tests (invented figures)"
description_en: "Invented figures in the format of note 004, used only by the test suite."
issuer: "Test fixture"
date: "2023-07"
language: kk
periods: ["2023-Q2"]
format: security_note
title_ru: "Информация"
description_kk: "004 ақпаратының пішініндегі ойдан шығарылған сандар, тек тесттерде қолданылады."
description_ru: "Вымышленные числа в формате информации 004, только для тестов."
issuer_kk: "Тест үлгісі"
issuer_ru: "Тестовый образец"
"""
Q1_ID = "004_08b2a54d8bb8e082"
Q1, Q2 = "2023-Q1", "2023-Q2"
CASES = ("nom", "gen", "loc", "abl", "dat", "acc")
# The pages that show security figures (the ones whose charts and sentences carry a period).
PERIOD_PAGES = re.compile(r"^(index|coverage|coverage/.+|regions/kz-\d\d|progress)\.md$")


def build_package_with_q2(root: Path) -> Path:
    """A copy of data/ with the invented Q2 note, and the package the pipeline builds from it (its
    datapackage.json in data/package/, and the repository's copy)."""
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(FIXTURE, root / "data/sources" / f"{NEW_ID}.txt")
    (root / "data/sources" / f"{NEW_ID}.yml").write_text(METADATA, encoding="utf-8")
    frames = build_frames(root / "data/sources", root / "data/reference", root / "data/corrections.yml", root)
    files = render_package(frames)
    for name, content in files.items():
        (root / "data/package" / name).write_bytes(content)
    for relative, content in derived_files(root, files).items():
        (root / relative).write_bytes(content)
    return root / "data/package/datapackage.json"


def generate(datapackage: Path) -> dict[str, str | bytes]:
    """The site's files from a package (its documents in data/sources/ beside data/package/)."""
    package = load_package(datapackage)
    data = load_site_data(package, datapackage.parent.parent / "sources")
    return generate_files(data, load_strings(), chart_files=False).files


@pytest.fixture(scope="session")
def q2_package(tmp_path_factory) -> Path:
    return shared_folder(tmp_path_factory, "q2-package", build_package_with_q2) / "data/package/datapackage.json"


@pytest.fixture(scope="session")
def q2_site(q2_package) -> dict[str, str | bytes]:
    return generate(q2_package)


@pytest.fixture(scope="session")
def real_site() -> dict[str, str | bytes]:
    return generate(PACKAGE / "datapackage.json")


def table(datapackage: Path, name: str) -> list[dict]:
    package = load_package(datapackage)
    return package.table(name)


def text(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces (no-break ones too) collapsed."""
    markup = re.sub(r"<svg.*?</svg>", " ", markup, flags=re.S)
    markup = re.sub(r"^---\n.*?\n---\n", "", markup, flags=re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", plain.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def labels(period: str, lang: str) -> list[str]:
    """The period in words in every case the language module gives (the nominative at least)."""
    out = []
    for case in CASES:
        try:
            out.append(period_label(period, lang, case=case))
        except (ValueError, KeyError):
            continue
    return out


def says(sentence: str, period: str, lang: str) -> bool:
    """Whether the sentence names the period in words (not as part of a longer numeral: "I" in "II")."""
    flat = sentence.replace("\u00a0", " ")
    return any(re.search(r"(?<![\w\u2160-\u217f])" + re.escape(label.replace("\u00a0", " ")) + r"(?!\w)", flat)
               for label in labels(period, lang))


def figures(page: str) -> list[str]:
    return re.findall(r'<figure class="bd-chart".*?</figure>', page, flags=re.S)


def chart_csv(files: dict, lang: str, figure: str) -> tuple[str, list[dict[str, str]]]:
    """A figure's chart id and the rows of the CSV it links to."""
    chart_id = re.search(r'<figure class="bd-chart" id="([^"]+)"', figure).group(1)
    content = files[f"{lang}/charts/{chart_id}.csv"]
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else str(content).removeprefix("\ufeff")
    return chart_id, list(csv.DictReader(io.StringIO(text)))


def caption(figure: str) -> str:
    return text(re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S).group(1))


def period_pages(files: dict, lang: str) -> Iterator[tuple[str, str]]:
    for path, content in sorted(files.items()):
        if path.startswith(f"{lang}/") and PERIOD_PAGES.match(path.removeprefix(f"{lang}/")):
            yield path, str(content)


def num(value: int, lang: str) -> str:
    return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", " ")


# --- The home page --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_home_cards_show_the_latest_quarter_only(q2_site, q2_package, lang):
    page = str(q2_site[f"{lang}/index.md"])
    cards = re.findall(r'<div class="bd-card">.*?</div></div>', page, flags=re.S)
    assert len(cards) == 4
    rows = [r for r in table(q2_package, "security_coverage") if r["period"] == Q2]
    for card in cards:
        seen = text(card)
        assert says(seen, Q2, lang), seen
        assert not says(seen, Q1, lang) and Q1 not in seen and Q2 not in seen, seen
    cctv = [r for r in rows if r["measure"] == "cctv_police_link"]
    count, total = sum(r["count"] for r in cctv), sum(r["total"] for r in cctv)
    assert (count, total) == (7336, 9986)
    first = text(cards[0])
    assert num(count, lang) in first and num(total, lang) in first, first
    assert num(12931, lang) not in page and num(19983, lang) not in page


# --- Sums, ranks and shares within one period -------------------------------------------------------------

def test_national_sums_per_period_equal_the_notes_totals(q2_site, q2_package):
    """The national chart of each period page adds up that period's lists only: the sums are the totals
    the period's own note states (where the note's total is not itself flagged)."""
    stated = [f for f in table(q2_package, "national_figures")
              if f["source_id"] in (Q1_ID, NEW_ID) and f["unit"] == "count"
              and "differs_from_list_sum" not in str(f["flags"])
              and f["scope"] in ("national", "large_cities") and f["org_type"] != "all"
              and f["measure"] in MEASURES]
    compared = 0
    for path in ("en/coverage.md", "en/coverage/2023-q1.md"):
        national = [f for f in figures(str(q2_site[path])) if 'id="national-measures' in f]
        assert len(national) == 1, path
        _, rows = chart_csv(q2_site, "en", national[0])
        periods = {r["period"] for r in rows}
        assert len(periods) == 1, periods
        period = periods.pop()
        for f in stated:
            if f["period"] != period:
                continue
            row = next(r for r in rows if r["measure"] == f["measure"] and r["org_type"] == f["org_type"])
            assert int(row["count"]) == f["value"], (period, f["figure_id"], row)
            compared += 1
    assert compared >= 20


def competition_rank(rows: list[dict], code: str) -> int:
    mine = next(r for r in rows if r["region_code"] == code)
    return 1 + sum(1 for r in rows if r["percent"] > mine["percent"])


@pytest.mark.parametrize("code", ["KZ-27", "KZ-75", "KZ-10"])
def test_region_pages_rank_and_share_within_the_latest_quarter(q2_site, q2_package, code):
    page = text(str(q2_site[f"en/regions/{code.lower()}.md"]))
    latest = page.split("Earlier periods")[0]
    assert " of 40" not in page
    rows = [r for r in table(q2_package, "security_coverage")
            if r["period"] == Q2 and r["measure"] == "cctv_police_link" and r["org_type"] == "school"]
    assert len(rows) == 20
    mine = next(r for r in rows if r["region_code"] == code)
    share = round(sum(r["count"] for r in rows) / sum(r["total"] for r in rows) * 100, 1)
    assert f"{competition_rank(rows, code)} of 20" in latest
    assert f"{mine['percent']:g}%" in latest and f"{share:g}%" in latest, (mine["percent"], share)
    assert says(latest, Q2, "en")


def test_every_chart_has_its_period_and_none_mixes_periods(q2_site):
    """Every chart CSV has a period column; a chart with more than one period is a time series (its
    rows carry where each period starts and ends); each caption says its period in words."""
    checked = 0
    for lang in LANGS:
        for path, page in period_pages(q2_site, lang):
            for figure in figures(page):
                chart_id, rows = chart_csv(q2_site, lang, figure)
                assert rows and "period" in rows[0], (path, chart_id)
                periods = sorted({r["period"] for r in rows})
                said = caption(figure)
                if len(periods) > 1:
                    assert {"period_start", "period_end"} <= set(rows[0]), (path, chart_id, periods)
                    ordered = sorted(periods, key=lambda p: next(r["period_end"] for r in rows if r["period"] == p))
                    assert says(said, ordered[0], lang) and says(said, ordered[-1], lang), (path, chart_id, said)
                else:
                    assert says(said, periods[0], lang), (path, chart_id, said)
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("lang", LANGS)
def test_periods_are_written_in_words(q2_site, lang):
    for path, page in period_pages(q2_site, lang):
        seen = text(page)
        assert not re.search(r"\b\d{4}-Q[1-4]\b", seen), (path, re.search(r".{40}\d{4}-Q[1-4].{40}", seen))


# --- Earlier periods and the documents ---------------------------------------------------------------------

def test_notes_that_share_a_title_are_named_with_their_quarter(q2_site):
    """Every Kazakh note is printed as «Ақпарат»: the coverage page of each quarter names its note with
    the quarter, so that two notes never read alike."""
    for path, period in (("kk/coverage.md", Q2), ("kk/coverage/2023-q1.md", Q1)):
        page = str(q2_site[path])
        named = re.findall(r'<a href="[^"]*sources/[^"]*">(«Ақпарат»[^<]*)</a>', page)
        assert named, path
        assert all(says(html.unescape(n), period, "kk") for n in named), (path, named)


@pytest.mark.parametrize("lang", LANGS)
def test_earlier_quarters_are_reachable(q2_site, lang):
    coverage = str(q2_site[f"{lang}/coverage.md"])
    switch = re.search(r'<nav class="[^"]*bd-periods[^"]*".*?</nav>', coverage, flags=re.S)
    assert switch, "no period switch on the coverage page"
    assert 'href="2023-q1/"' in switch.group(0) and 'aria-current="page"' in switch.group(0)
    assert says(text(switch.group(0)), Q1, lang) and says(text(switch.group(0)), Q2, lang)
    earlier = str(q2_site[f"{lang}/coverage/2023-q1.md"])
    assert 'href="../"' in re.search(r'<nav class="[^"]*bd-periods.*?</nav>', earlier, flags=re.S).group(0)
    assert num(5985, lang) in text(earlier) and num(7336, lang) not in text(earlier)
    assert 'href="coverage/2023-q1/"' in str(q2_site[f"{lang}/index.md"])
    region = str(q2_site[f"{lang}/regions/kz-27.md"])
    assert 'href="#period-2023-q1"' in region and "{ #period-2023-q1 }" in region


@pytest.mark.parametrize("lang", LANGS)
def test_each_period_page_names_its_own_note(q2_site, lang):
    latest = str(q2_site[f"{lang}/coverage.md"])
    intro = latest.split("<nav", 1)[0].split("\n# ", 1)[1]
    assert f"sources/{NEW_ID}/" in intro and f"sources/{Q1_ID}/" not in intro, intro
    assert says(text(intro), Q2, lang) and not says(text(intro), Q1, lang), text(intro)
    earlier = str(q2_site[f"{lang}/coverage/2023-q1.md"])
    intro = earlier.split("<nav", 1)[0].split("\n# ", 1)[1]
    assert f"sources/{Q1_ID}/" in intro and f"sources/{NEW_ID}/" not in intro, intro
    assert says(text(intro), Q1, lang)


# --- Progress ---------------------------------------------------------------------------------------------

def test_progress_shows_the_quarter_on_quarter_comparison(q2_site):
    page = str(q2_site["en/progress.md"])
    seen = text(page)
    assert re.search(r"Q1 2023 → Q2 2023\W{0,3}5,985 → 7,336", seen), seen[:2000]
    chart = next(f for f in figures(page) if 'id="progress-national' in f)
    _, rows = chart_csv(q2_site, "en", chart)
    assert {"period", "period_start", "period_end", "source_id"} <= set(rows[0])
    q2 = [r for r in rows if r["period"] == Q2 and r["measure"] == "cctv_police_link"]
    assert [(float(r["value"]), r["source_id"], r["period_start"], r["period_end"]) for r in q2] == [
        (7336, NEW_ID, "2023-04-01", "2023-06-30")]
    year = next(r for r in rows if r["period"] == "2022")
    assert (year["period_start"], year["period_end"]) == ("2022-01-01", "2022-12-31")
    # The places of the notes' lists are compared on their regions' pages, not here.
    assert "West Kazakhstan" not in seen and "Oral" not in seen


def test_region_pages_show_their_quarter_on_quarter_comparisons(q2_site, q2_package):
    regional = [r for r in table(q2_package, "progress") if re.fullmatch(r"KZ-\d\d", str(r["scope"]))
                and r["comparison"] == "since_previous"]
    if not regional:
        pytest.skip("the progress resource has no regional series")
    for row in regional:
        page = text(str(q2_site[f"en/regions/{str(row['scope']).lower()}.md"]))
        assert f"{row['value_from']:,.0f} → {row['value_to']:,.0f}" in page, row


# --- One period: no switch, the same facts in words ------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_one_quarter_reads_without_a_switch(real_site, lang):
    assert not any(path.startswith(f"{lang}/coverage/") for path in real_site)
    for path, page in period_pages(real_site, lang):
        assert "bd-periods" not in page, path
        assert "#period-" not in page, path
    coverage = str(real_site[f"{lang}/coverage.md"])
    intro = coverage.split("\n# ", 1)[1].split("\n#", 1)[0]
    assert f"sources/{Q1_ID}/" in intro and says(text(intro), Q1, lang), intro
    home = str(real_site[f"{lang}/index.md"])
    assert all(says(text(card), Q1, lang) for card in re.findall(r'<div class="bd-card">.*?</div></div>', home, re.S))
    assert not re.search(r"\b\d{4}-Q[1-4]\b", text(home))

