"""Text from the documents reaches pages only escaped.

A hostile copy of the data package, where every text that comes from the documents or the reference
tables (document lines and titles, region and city names, indicator names, action texts, quoted source
text, statements, issue descriptions…) starts with markup — `<script>`, a custom element, `"`, `&`,
`&amp;` and `</svg>` — is turned into a site with the real generator, templates and MkDocs. On every
page, and in every inline SVG chart, the markup must be text: no script element, no injected element,
no attribute broken open, every <svg> closed where it should be; in Chromium no alert fires and the text
reads literally.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from pipelines.paths import PACKAGE
from sitegen.build import run_mkdocs, source_date_epoch
from sitegen.data import load_package
from sitegen.downloads import package_time
from sitegen.generate import defer_blocks, generate_files, load_site_data, write_files
from sitegen.i18n import load_strings
from tests.site.conftest import copy_site_sources, serve_folder

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = '<script>alert(1)</script><bd-injected>"q" & &amp; </svg>'
# Columns whose text comes from the documents or the reference tables, not from the generator.
HOSTILE = re.compile(r"^(name_(kk|ru|en)|name_as_published|title(_(kk|ru|en))?|description_(en|ru|kk)|"
                     r"text_(ru|kk|en)|source_text|statement_(en|kk|ru)|expansion_(ru|kk|en)|abbr_kk|responsible|"
                     r"(completion_form|deadline_text)(_(kk|en))?|chapter_title_(ru|kk|en)|short_(kk|ru|en)|"
                     r"capital_(kk|ru|en)|cities_kk|note(_(kk|en))?|details|issuer(_(kk|ru))?|"
                     r"breakdown_(ru|kk|en)|qualifier|value_as_published|target_as_published)$")
ATTRIBUTE = re.compile(r"^[a-z_:][-a-z0-9_:.]*$")


def hostile_csv(text: str) -> tuple[str, int]:
    rows = list(csv.reader(io.StringIO(text)))
    header, changed = rows[0], 0
    for row in rows[1:]:
        for i, name in enumerate(header):
            if HOSTILE.match(name) and row[i]:
                row[i] = f"{PAYLOAD} {row[i]}"
                changed += 1
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue(), changed


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    copy_site_sources(root)
    shutil.copy(ROOT / "datapackage.json", root / "datapackage.json")
    shutil.copytree(PACKAGE, root / "data" / "package")
    changed = 0
    for path in (root / "data" / "package").glob("*.csv"):
        text, count = hostile_csv(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        changed += count
    assert changed > 1000
    (root / "data" / "sources").mkdir()
    for path in (ROOT / "data" / "sources").glob("*.txt"):
        lines = path.read_text(encoding="utf-8").split("\n")
        (root / "data" / "sources" / path.name).write_text(
            "\n".join(f"{PAYLOAD} {line}" if line.strip() else line for line in lines), encoding="utf-8")

    package = load_package(root / "data" / "package" / "datapackage.json")
    generated = generate_files(load_site_data(package, root / "data" / "sources"), load_strings(), chart_files=False)
    write_files(defer_blocks(generated.files), docs=root / "site")
    run_mkdocs(source_date_epoch(package_time(package)), root / "_site", root / "mkdocs.yml")
    return root / "_site"


class Inspector(HTMLParser):
    """Everything on a page that markup in the data could have created."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.svg_depth = 0
        self.svgs = 0
        self.text: list[str] = []
        self.svg_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if tag == "script" and "src" not in names and dict(attrs).get("type") != "application/json":
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "bd-injected":
            self.problems.append(f"injected element at line {self.getpos()[0]}")
        self.problems += [f"attribute {name!r} at line {self.getpos()[0]}" for name in names
                          if not ATTRIBUTE.match(name)]
        if tag == "svg":
            self.svg_depth += 1
            self.svgs += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg_depth -= 1
            if self.svg_depth < 0:
                self.problems.append(f"</svg> without <svg> at line {self.getpos()[0]}")

    def handle_data(self, data):
        (self.svg_text if self.svg_depth else self.text).append(data)


def inspect(path: Path) -> Inspector:
    inspector = Inspector()
    inspector.feed(path.read_text(encoding="utf-8"))
    inspector.close()
    if inspector.svg_depth:
        inspector.problems.append("an <svg> is not closed")
    return inspector


def test_every_page_shows_the_markup_as_text(hostile_site: Path):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 200
    problems, showing, charts_showing = [], 0, 0
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        page = inspect(path)
        problems += [f"{path.relative_to(hostile_site)}: {p}" for p in page.problems]
        if "alert(1)" in raw.replace("&lt;script&gt;alert(1)", ""):
            problems.append(f"{path.relative_to(hostile_site)}: alert(1) outside escaped text")
        showing += PAYLOAD in "".join(page.text)
        charts_showing += "<script>" in "".join(page.svg_text)
    assert not problems, "\n".join(problems[:30])
    assert showing > 200  # nearly every page shows some text from the documents
    assert charts_showing >= 5  # charts whose labels are names from the data (regions, cities) show it as text


def test_search_index_and_titles_hold_the_text(hostile_site: Path):
    # The index holds titles as text; the search worker escapes them (test below).
    index = json.loads((hostile_site / "search" / "index.json").read_text(encoding="utf-8"))
    assert any(PAYLOAD in doc[1] for doc in index["docs"])
    region = (hostile_site / "regions" / "kz-35" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", region, flags=re.S).group(1)
    assert title.startswith("&lt;script&gt;alert(1)&lt;/script&gt;&lt;bd-injected&gt;")


@pytest.mark.browser
def test_no_alert_fires_and_the_text_reads_literally(hostile_site: Path, browser):
    with serve_folder(hostile_site) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            for path, titled in (("regions/kz-35/", True), ("ru/concept/ci10-school-high-speed-internet/", True),
                                 ("sources/004_08b2a54d8bb8e082/", True), ("en/actions/", False),
                                 ("coverage/", False), ("en/quality/", False)):
                tab.goto(urljoin(base_url, path), wait_until="load")
                assert PAYLOAD in tab.evaluate("document.body.innerText"), path
                assert tab.locator("bd-injected").count() == 0
                assert tab.evaluate("document.querySelectorAll('script:not([src]):not([type=\"application/json\"])').length") == 0
                assert tab.evaluate("document.title").startswith(PAYLOAD) == titled, path
            query = tab.locator("input.md-search__input")
            tab.goto(urljoin(base_url, "regions/"), wait_until="load")
            query.click()
            query.fill("bd-injected")
            query.press("End")
            tab.wait_for_timeout(1500)
            assert tab.locator(".md-search-result bd-injected").count() == 0
        finally:
            context.close()
        assert dialogs == []
