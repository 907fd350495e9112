"""Every figure is shown for its period: the site built with one more quarterly note.

A copy of the repository's data gets an invented note of the quarter after the latest committed one
(tests/fixtures/quarterly_notes.py, numbered after the last document, as in tests/test_new_note.py;
with the repository's notes of 2023 Q1 it is the committed Q2 fixture); the pipeline
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
from pipelines.sources import load_documents
from pipelines.vocabularies import MEASURES
from sitegen.data import load_package
from sitegen.generate import generate_files, load_site_data
from sitegen.i18n import LANGS, load_strings
from sitegen.periods import period_label
from tests.conftest import shared_folder
from tests.fixtures.quarterly_notes import make_note, next_quarter

ROOT = Path(__file__).resolve().parents[2]


def committed_notes() -> list[tuple[str, str]]:
    """(period, source id) of every committed quarterly note, earliest first."""
    return sorted((str(d.meta["periods"][0]), source_id) for source_id, d in load_documents().items()
                  if d.meta["format"] == "security_note")


# The latest committed note (Q1 2023, document 004, until a maintainer adds the next) and the invented note
# of the quarter after it, added as a maintainer adds a new note (CONTRIBUTING.md): the next document
# number, with its provenance beside it.
NOTES = committed_notes()
Q1, Q1_ID = NOTES[-1]
Q2 = next_quarter(Q1)
NEW_ID = f"{max(int(s[:3]) for s in load_documents()) + 1:03d}_0f1e2d3c4b5a6978"
NOTE = make_note(Q2, "number", step=1)
METADATA = f"""title: "Ақпарат"
title_en: "Synthetic quarterly note for tests (invented figures)"
description_en: "Invented figures in the format of note 004, used only by the test suite."
issuer: "Test fixture"
date: "{Q2[:4]}"
language: kk
periods: ["{Q2}"]
format: security_note
title_ru: "Информация"
description_kk: "004 ақпаратының пішініндегі ойдан шығарылған сандар, тек тесттерде қолданылады."
description_ru: "Вымышленные числа в формате информации 004, только для тестов."
issuer_kk: "Тест үлгісі"
issuer_ru: "Тестовый образец"
"""
CASES = ("nom", "gen", "loc", "abl", "dat", "acc")
# The pages that show security figures (the ones whose charts and sentences carry a period).
PERIOD_PAGES = re.compile(r"^(index|coverage|coverage/.+|regions/kz-\d\d|progress)\.md$")


def page_of(period: str) -> str:
    """The path of an earlier quarter's coverage page under a language root: "coverage/2023-q1"."""
    return f"coverage/{period.lower()}"


def cctv_sum(rows: list[dict], period: str) -> tuple[int, int]:
    """(count, total) of the regional lists of CCTV linked to the police of one quarter."""
    mine = [r for r in rows if r["period"] == period and r["measure"] == "cctv_police_link"
            and r["area_type"] == "region"]
    return sum(r["count"] for r in mine), sum(r["total"] for r in mine)


def note_cctv_sum(note=NOTE) -> tuple[int, int]:
    """(count, total) the generated note prints in its regional CCTV lists (its first three lists)."""
    entries = [v for (line, _), v in note.entries.items() if line in note.list_lines[:3]]
    return sum(e[2] for e in entries), sum(e[3] for e in entries)


def build_package_with_q2(root: Path) -> Path:
    """A copy of data/ with the invented note of the next quarter, and the package the pipeline builds
    from it (its datapackage.json in data/package/, and the repository's copy)."""
    shutil.copytree(ROOT / "data", root / "data")
    (root / "data/sources" / f"{NEW_ID}.txt").write_text(NOTE.text, encoding="utf-8")
    (root / "data/sources" / f"{NEW_ID}.yml").write_text(METADATA, encoding="utf-8")
    return build_package(root)


def build_package_of_one_quarter(root: Path) -> Path:
    """A copy of data/ with the earliest committed note alone (the repository's own data while it holds
    one quarter), and its package."""
    shutil.copytree(ROOT / "data", root / "data")
    for _, source_id in NOTES[1:]:
        for path in (root / "data/sources").glob(f"{source_id}.*"):
            path.unlink()
    return build_package(root)


def build_package(root: Path) -> Path:
    """The package the pipeline builds from the copy of data/ in `root`."""
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
def real_site(tmp_path_factory) -> dict[str, str | bytes]:
    """The site of one quarter: the repository's own while it holds one quarterly note."""
    if len(NOTES) == 1:
        return generate(PACKAGE / "datapackage.json")
    root = shared_folder(tmp_path_factory, "one-quarter-package", build_package_of_one_quarter)
    return generate(root / "data/package/datapackage.json")


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
    count, total = cctv_sum(rows, Q2)
    assert (count, total) == note_cctv_sum()  # as the note prints them, not as the pipeline read them
    first = text(cards[0])
    assert num(count, lang) in first and num(total, lang) in first, first
    earlier = cctv_sum(table(q2_package, "security_coverage"), Q1)
    assert num(count + earlier[0], lang) not in page and num(total + earlier[1], lang) not in page


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
    for path in ("en/coverage.md", f"en/{page_of(Q1)}.md"):
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
    for path, period in (("kk/coverage.md", Q2), (f"kk/{page_of(Q1)}.md", Q1)):
        page = str(q2_site[path])
        named = re.findall(r'<a href="[^"]*sources/[^"]*">(«Ақпарат»[^<]*)</a>', page)
        assert named, path
        assert all(says(html.unescape(n), period, "kk") for n in named), (path, named)


@pytest.mark.parametrize("lang", LANGS)
def test_earlier_quarters_are_reachable(q2_site, q2_package, lang):
    coverage = str(q2_site[f"{lang}/coverage.md"])
    switch = re.search(r'<nav class="[^"]*bd-periods[^"]*".*?</nav>', coverage, flags=re.S)
    assert switch, "no period switch on the coverage page"
    assert f'href="{Q1.lower()}/"' in switch.group(0) and 'aria-current="page"' in switch.group(0)
    assert says(text(switch.group(0)), Q1, lang) and says(text(switch.group(0)), Q2, lang)
    earlier = str(q2_site[f"{lang}/{page_of(Q1)}.md"])
    assert 'href="../"' in re.search(r'<nav class="[^"]*bd-periods.*?</nav>', earlier, flags=re.S).group(0)
    rows = table(q2_package, "security_coverage")
    assert num(cctv_sum(rows, Q1)[0], lang) in text(earlier) and num(cctv_sum(rows, Q2)[0], lang) not in text(earlier)
    assert f'href="{page_of(Q1)}/"' in str(q2_site[f"{lang}/index.md"])
    region = str(q2_site[f"{lang}/regions/kz-27.md"])
    assert f'href="#period-{Q1.lower()}"' in region and f"{{ #period-{Q1.lower()} }}" in region


@pytest.mark.parametrize("lang", LANGS)
def test_each_period_page_names_its_own_note(q2_site, lang):
    latest = str(q2_site[f"{lang}/coverage.md"])
    intro = latest.split("<nav", 1)[0].split("\n# ", 1)[1]
    assert f"sources/{NEW_ID}/" in intro and f"sources/{Q1_ID}/" not in intro, intro
    assert says(text(intro), Q2, lang) and not says(text(intro), Q1, lang), text(intro)
    earlier = str(q2_site[f"{lang}/{page_of(Q1)}.md"])
    intro = earlier.split("<nav", 1)[0].split("\n# ", 1)[1]
    assert f"sources/{Q1_ID}/" in intro and f"sources/{NEW_ID}/" not in intro, intro
    assert says(text(intro), Q1, lang)


# --- Progress ---------------------------------------------------------------------------------------------

def test_progress_shows_the_quarter_on_quarter_comparison(q2_site, q2_package):
    page = str(q2_site["en/progress.md"])
    seen = text(page)
    rows = table(q2_package, "security_coverage")
    (before, _), (after, _) = cctv_sum(rows, Q1), note_cctv_sum()
    comparison = (rf"{re.escape(period_label(Q1, 'en'))} → {re.escape(period_label(Q2, 'en'))}\W{{0,3}}"
                  rf"{num(before, 'en')} → {num(after, 'en')}")
    assert re.search(comparison, seen), (comparison, seen[:2000])
    chart = next(f for f in figures(page) if 'id="progress-national' in f)
    _, rows = chart_csv(q2_site, "en", chart)
    assert {"period", "period_start", "period_end", "source_id"} <= set(rows[0])
    q2 = [r for r in rows if r["period"] == Q2 and r["measure"] == "cctv_police_link"]
    year, quarter = int(Q2[:4]), int(Q2[-1])
    last_day = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[quarter]
    assert [(float(r["value"]), r["source_id"], r["period_start"], r["period_end"]) for r in q2] == [
        (after, NEW_ID, f"{year}-{3 * quarter - 2:02d}-01", f"{year}-{last_day}")]
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
    only, only_id = NOTES[0]
    assert not any(path.startswith(f"{lang}/coverage/") for path in real_site)
    for path, page in period_pages(real_site, lang):
        assert "bd-periods" not in page, path
        assert "#period-" not in page, path
    coverage = str(real_site[f"{lang}/coverage.md"])
    intro = coverage.split("\n# ", 1)[1].split("\n#", 1)[0]
    assert f"sources/{only_id}/" in intro and says(text(intro), only, lang), intro
    home = str(real_site[f"{lang}/index.md"])
    assert all(says(text(card), only, lang) for card in re.findall(r'<div class="bd-card">.*?</div></div>', home, re.S))
    assert not re.search(r"\b\d{4}-Q[1-4]\b", text(home))



def test_a_comparison_restating_a_count_s_issue_is_shown_as_that_issue(q2_site, q2_package):
    """The errors of the earlier note's lists reach the comparisons built on them (their flags): each is
    still one issue on /quality/, counted once, and a region page names it with its own quarter and its
    own line on /quality/, not as an issue of the later quarter."""
    import json

    from sitegen.issues import issue_anchor

    issues = table(q2_package, "quality_issues")
    by_id = {i["issue_id"]: i for i in issues}
    restating = {i["issue_id"]: json.loads(i["details"])["inherited_from"] for i in issues
                 if "inherited_from" in json.loads(i["details"])}
    assert restating and all(o in by_id for origins in restating.values() for o in origins)
    for lang in LANGS:
        page = q2_site[f"{lang}/quality.md"]
        listed = re.findall(r'<li id="(q-[^"]+)"', page)
        assert len(listed) == len(issues) - len(restating)
        assert not {issue_anchor(i) for i in restating} & set(listed)
    for path, page in q2_site.items():
        if not re.fullmatch(r"(kk|ru|en)/regions/kz-\d\d\.md", path):
            continue
        lang = path[:2]
        linked = set(re.findall(r'quality/#(q-[^"]+)"', page))
        assert not {issue_anchor(i) for i in restating} & linked, path
        for anchor in linked:
            issue = next(i for i in issues if issue_anchor(i["issue_id"]) == anchor)
            quarter = next((p for p in str(issue["row_key"]).split("|") if re.fullmatch(r"\d{4}-Q\d", p)), None)
            if quarter:
                item = re.search(rf'<li><span class="bd-flag">[^\n]*?#{re.escape(anchor)}".*?</li>', page).group(0)
                assert says(text(item), quarter, lang), (path, anchor, text(item)[:120])


@pytest.mark.parametrize("lang", LANGS)
def test_no_two_documents_are_listed_alike(q2_site, lang):
    """The list of documents and each document's own page name a note with its quarter when another
    document has the same title («Ақпарат» twice on the Kazakh list looked like one document)."""
    page = str(q2_site[f"{lang}/sources/index.md"])
    names = [text(n) for n in re.findall(r'<a href="(?:[^"]*/)?\d{3}_[0-9a-f]{16}/">(.*?)</a>', page)]
    assert len(names) == len(load_documents()) + 1  # the committed documents and the new note
    assert len(set(names)) == len(names), names
    headings = {}
    for source_id in (Q1_ID, NEW_ID):
        heading = re.search(r"^# (.+?)(?: \{.*\})?$", str(q2_site[f"{lang}/sources/{source_id}.md"]), re.M)
        headings[source_id] = text(heading.group(1))
        assert headings[source_id] in names
    # Two notes printed alike (every Kazakh note is «Ақпарат») are told apart by their quarters.
    titles = {source_id: table_title(source_id, lang) for source_id in headings}
    if titles[Q1_ID] == titles[NEW_ID]:
        assert says(headings[Q1_ID], Q1, lang) and says(headings[NEW_ID], Q2, lang), headings


def table_title(source_id: str, lang: str) -> str:
    """A document's title in a language as its metadata gives it (the committed one's, or the new note's)."""
    import yaml

    path = ROOT / "data/sources" / f"{source_id}.yml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8") if path.exists() else METADATA)
    return str(meta.get(f"title_{lang}") or meta["title"])
