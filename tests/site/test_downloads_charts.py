"""The downloads under each chart: its data as XLSX, as CSV for spreadsheets in the page's language setting
(tests/site/test_downloads_spreadsheets.py opens it in Calc) and as CSV for programs, each CSV with a
byte-order mark (Excel reads Cyrillic right), and
the chart as SVG and PNG with its title, source and licence on the image (the PNG drawn by the reader's
browser from the SVG)."""

from __future__ import annotations

import base64
import re
import struct
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen import charts
from sitegen.i18n import LANGS, load_strings

STRINGS = load_strings()
PAGES = ["", "coverage/", "progress/", "actions/", "regions/kz-35/", "concept/ci04-pisa-mean-score/"]
FIGURE = re.compile(r'<figure class="bd-chart" id="([^"]+)".*?</figure>', re.S)
LINK = re.compile(r'<a href="([^"]+\.(csv|xlsx|svg|png))" download>')
PNG_BUTTON = re.compile(r'<span class="bd-png" hidden>, <button type="button" data-svg="([^"]+)" '
                        r'data-scale="([^"]+)" data-name="([^"]+)">PNG</button></span>')


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def page_html(site_dir: Path, lang: str, url: str) -> str:
    prefix = "" if lang == "kk" else f"{lang}/"
    return (site_dir / prefix / url / "index.html").read_text(encoding="utf-8")


def test_chart_csv_starts_with_a_byte_order_mark():
    text = charts.csv_text([{"region": "Ақмола", "percent": 92.0}], ["region", "percent"])
    assert text.startswith("\ufeff") and text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert text.lstrip("\ufeff").splitlines() == ["region,percent", "Ақмола,92.0"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_offers_csv_svg_and_png_with_credits(site_dir: Path, lang: str):
    """XLSX, the two CSVs and SVG as files; the PNG as a control that draws the SVG file at PNG_SCALE (hidden until
    the page's script shows it; see test_png_is_the_exported_image_drawn_by_the_browser)."""
    source_word = STRINGS.t(lang, "chart.source").split("{")[0].strip()
    licence = STRINGS.t(lang, "chart.licence", site="", url="").split("·")[1].strip()
    seen = 0
    for url in PAGES:
        html = page_html(site_dir, lang, url)
        page_dir = site_dir / ("" if lang == "kk" else lang) / url
        for match in FIGURE.finditer(html):
            figure, chart_id = match.group(0), match.group(1)
            found = LINK.findall(figure)
            assert [ext for _, ext in found] == ["xlsx", "csv", "csv", "svg"], (url, chart_id, found)
            # Spreadsheets first: the workbook, the CSV in the page's readers' notation; then the CSV for
            # programs, named so in the page's language.
            sheet_csv, program_csv = found[1][0], found[2][0]
            assert sheet_csv.endswith(f"/{chart_id}.spreadsheet.csv"), sheet_csv
            labels = re.findall(r'<a href="[^"]+" download>([^<]+)</a>', figure)
            assert labels[:3] == ["XLSX", STRINGS.t(lang, "chart.csv_spreadsheet"),
                                  STRINGS.t(lang, "downloads.format.csv")], labels
            spreadsheet = (page_dir / sheet_csv).resolve().read_bytes()
            assert spreadsheet.startswith(b"\xef\xbb\xbf") and spreadsheet.count(b"\r\n") > 1, chart_id
            assert spreadsheet.split(b"\r\n")[0].count(b";" if lang in ("kk", "ru") else b",") > 0, chart_id
            links = {ext: href for href, ext in found if href not in (sheet_csv,)}
            assert links["csv"] == program_csv
            button = PNG_BUTTON.findall(figure)
            assert button == [(links["svg"], f"{charts.PNG_SCALE:g}", f"{chart_id}.png")], (url, chart_id, button)
            assert STRINGS.t(lang, "chart.image") in figure and STRINGS.t(lang, "chart.data") in figure
            files = {ext: (page_dir / href).resolve() for ext, href in links.items()}
            assert all(path.name == f"{chart_id}.{ext}" for ext, path in files.items())
            data = files["csv"].read_bytes()
            assert data.startswith(b"\xef\xbb\xbf") and b"\xef\xbb\xbf" not in data[3:], chart_id
            svg = files["svg"].read_text(encoding="utf-8")
            title = re.search(r'class="bd-chart__title" id="[^"]+">([^<]+)<', figure).group(1)
            assert f"<title>{title}</title>" in svg, chart_id  # the page's own (escaped) title text
            assert source_word in svg and re.search(r">[^<]*\d{3}[^<]*<", svg), chart_id
            assert licence in svg and "CC BY 4.0" in svg, chart_id
            assert "https://" in svg and ("/" + lang + "/" if lang != "kk" else "bilim-data/") in svg, chart_id
            seen += 1
    assert seen >= 10


def test_every_chart_on_the_site_names_its_source(site_dir: Path):
    """Every exported image, in every language, carries a source line (the chart builders pass the rows
    they draw from)."""
    for lang in LANGS:
        folder = site_dir / ("" if lang == "kk" else lang) / "charts"
        source_word = STRINGS.t(lang, "chart.source").split("{")[0].strip()
        images = sorted(folder.glob("*.svg"))
        assert len(images) > 30
        lacking = [p.name for p in images if source_word not in p.read_text(encoding="utf-8")]
        assert not lacking, (lang, lacking)


def test_line_ranges_and_wrapping():
    assert charts.line_ranges([25, 23, 24, 30]) == "23–25, 30"
    assert charts.line_ranges([7]) == "7"
    assert charts.line_ranges(range(1, 100, 2)) == "1–99"  # too many runs: the span
    lines = charts.wrap("a " * 100, 100, 10)
    assert all(len(line) <= 100 / (10 * charts.CHAR_EM) for line in lines) and len(lines) > 5


def test_refs_collect_both_sources_of_a_comparison():
    rows = [{"source_id": "001_x", "source_line": 5, "base_source_id": "000_y", "source_line_from": 9},
            {"source_id": "001_x", "source_line": 5}]
    assert charts.source_refs(rows) == (("000_y", 9), ("001_x", 5))


def test_workbooks_made_in_workers_are_the_same_bytes_and_cached(tmp_path):
    rows = [{"label": "Ақмола", "n": 12}]
    spec = charts.count_bars(rows, label_field="label", label_order=None, value_field="n", value_title="n")
    chart = charts.Chart("x", "Т", "С", spec, rows, ["label", "n"])
    book = charts.Workbook("x", tuple(charts.column_types(chart)), tuple(rows), ("Т", "И", "CC BY 4.0"),
                           "2026-01-01T00:00:00+00:00")
    about = charts.Credit("Т", "И", "CC BY 4.0")
    renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files: dict[str, str | bytes] = {"ru/p.md": renderer.chart(chart, "ru", about, book, "charts/x")}
    renderer.finish(files)
    assert files["ru/charts/x.xlsx"] == book.build() and "ru/charts/x.png" not in files
    assert files["ru/charts/x.svg"] == charts.export_svg(charts.render_svg(spec, "ru", tmp_path), about)
    again = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files = {"ru/p.md": again.chart(chart, "ru", about, book, "charts/x")}
    again.finish(files)
    assert again.pool is None and files["ru/charts/x.xlsx"] == book.build()  # all from the cache


def test_a_chart_on_two_pages_is_the_last_pages_image(tmp_path):
    """Same file for the same chart id whichever of its pages' files were in the cache: the last page's."""
    rows = [{"label": "a", "n": 1}]
    spec = charts.count_bars(rows, label_field="label", label_order=None, value_field="n", value_title="n")
    chart = charts.Chart("c", "T", "S", spec, rows, ["label", "n"])
    credits = [charts.Credit("T", "S", url) for url in ("https://x/", "https://x/p/")]
    books = [charts.Workbook("c", tuple(charts.column_types(chart)), tuple(rows), ("T", "S", about.licence),
                             "2026-01-01T00:00:00+00:00") for about in credits]
    charts.render_workbook(books[1], tmp_path / "cache")  # the second page's workbook is cached, the first's not
    renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files: dict[str, str | bytes] = {}
    for n, (about, book) in enumerate(zip(credits, books, strict=True)):
        files[f"en/p{n}.md"] = renderer.chart(chart, "en", about, book, "charts/c")
    renderer.finish(files)
    assert files["en/charts/c.xlsx"] == books[1].build()
    assert files["en/charts/c.svg"] == charts.export_svg(charts.render_svg(spec, "en", tmp_path), credits[1])


def test_the_pages_svgs_go_ahead_of_the_chart_files(tmp_path):
    """While the pages are built, at most one workbook per worker waits in the queue: an SVG a page needs
    never waits behind the workbooks of every chart drawn before it. Once the pages are done, every
    chart's files are made, the same bytes as made one by one."""
    renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files: dict[str, str | bytes] = {}
    books = []
    for n in range(4):
        rows = [{"label": "Ақмола", "n": n + 1}]
        spec = charts.count_bars(rows, label_field="label", label_order=None, value_field="n", value_title="n")
        charts.render_svg(spec, "ru", tmp_path / "cache")  # cached: the SVG is there at once
        chart = charts.Chart(f"c{n}", "Т", "С", spec, rows, ["label", "n"])
        about = charts.Credit("Т", "И", "CC BY 4.0")
        book = charts.Workbook(chart.chart_id, tuple(charts.column_types(chart)), tuple(rows), ("Т", "И", "CC BY 4.0"),
                               "2026-01-01T00:00:00+00:00")
        books.append(book)
        files[f"ru/p{n}.md"] = renderer.chart(chart, "ru", about, book, f"charts/c{n}")
        queued = [job for job in renderer.jobs.values() if isinstance(job.xlsx, Future) and not job.xlsx.done()]
        assert len(queued) <= renderer.workers  # a worker starts in about a second: none is done yet
    renderer.finish(files)
    for n, book in enumerate(books):
        assert "\x00" not in files[f"ru/p{n}.md"]
        assert files[f"ru/charts/c{n}.xlsx"] == book.build()


def test_heatmap_column_labels_never_run_into_each_other():
    """Each column is at least as wide as the longest column label takes at the axis' size (the Kazakh
    "Балабақшалар" ran into "Мектептер" on 60 px columns)."""
    labels = ["Балабақшалар", "Мектептер", "Колледждер"]
    rows = [{"org": o, "region": "Абай", "percent": 50.0, "label": "50%"} for o in labels]
    spec = charts.heatmap(rows, x_field="org", x_order=labels, y_field="region", y_order=["Абай"],
                          value_field="percent", text_field="label", legend_title="Пайыз")
    widest = max(len(label) for label in labels) * charts.AXIS_LABEL_SIZE * charts.CHAR_EM
    assert spec["width"] / len(labels) >= widest + 4


# Two PNGs decoded as a browser decodes them: their sizes, the share of pixels that differ clearly (in any
# channel by more than a quarter of its range) and the share that are not white in the first.
PNG_DIFFERENCE = """async ({first, second}) => {
  const pixels = async data => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const [a, b] = [await pixels(first), await pixels(second)];
  if (a.length !== b.length) return {differ: 1, ink: 0};
  let differ = 0, ink = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2])) > 64) differ++;
    if (a[i] < 200 || a[i + 1] < 200 || a[i + 2] < 200) ink++;
  }
  return {differ: differ / (a.length / 4), ink: ink / (a.length / 4)};
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_png_is_the_exported_image_drawn_by_the_browser(page, base_url, lang):
    """In Chromium, as a reader does: the PNG control under each chart of the coverage page saves a PNG
    named after the chart, twice the exported SVG's size, the same drawing as another renderer makes of
    the SVG. The script that draws it is fetched on the first use, not with the page."""
    prefix = "" if lang == "kk" else f"{lang}/"
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(urljoin(base_url, prefix + "coverage/"), wait_until="load")
    page.wait_for_timeout(300)
    assert not [url for url in fetched if url.endswith("/chart-png.js")]  # the drawing script: on first use
    buttons = page.locator(".bd-png > button")
    assert buttons.count() == page.locator("figure.bd-chart").count() > 0
    for n in range(buttons.count()):
        button = buttons.nth(n)
        assert button.is_visible(), n
        with page.expect_download() as download_info:
            button.click()
        download = download_info.value
        assert download.suggested_filename == button.get_attribute("data-name")
        data = Path(download.path()).read_bytes()
        svg = page.request.get(urljoin(page.url, button.get_attribute("data-svg"))).text()
        width, height = (float(v) for v in re.match(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups())
        assert png_size(data) == (round(width * charts.PNG_SCALE), round(height * charts.PNG_SCALE))
        # The same image rasterised by another renderer (vl-convert's): the same drawing, text aside.
        charts.use_chart_faces()
        other = charts.vlc.svg_to_png(svg, scale=charts.PNG_SCALE)
        drawn = page.evaluate(PNG_DIFFERENCE, {"first": base64.b64encode(data).decode(),
                                               "second": base64.b64encode(other).decode()})
        assert drawn["differ"] < 0.03 and drawn["ink"] > 0.05, (button.get_attribute("data-name"), drawn)
    assert page.errors == [] and page.foreign == []


def test_without_the_script_no_png_is_offered(browser, base_url):
    """A reader without JavaScript sees the SVG link and no PNG control (nor a comma before it)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(urljoin(base_url, "ru/coverage/"), wait_until="load")
        links = tab.locator(".bd-chart__links").first
        assert links.inner_text().rstrip().endswith("SVG"), links.inner_text()
        assert not tab.locator(".bd-png > button").first.is_visible()
    finally:
        context.close()


def test_every_exported_chart_declares_its_language(site_dir):
    """A chart's SVG, opened on its own, says which language its title and credits are in."""
    import re as _re

    for lang, prefix in (("kk", ""), ("ru", "ru/"), ("en", "en/")):
        images = sorted((site_dir / prefix / "charts").glob("*.svg"))
        assert images, lang
        for image in images:
            root = _re.match(r"<svg [^>]*>", image.read_text(encoding="utf-8"))
            assert root and f'lang="{lang}"' in root.group(0) and f'xml:lang="{lang}"' in root.group(0), image
