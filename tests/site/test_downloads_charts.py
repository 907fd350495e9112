"""The downloads under each chart: its data as CSV with a byte-order mark (Excel reads Cyrillic right), and
the chart as SVG and PNG with its title, source and licence on the image."""

from __future__ import annotations

import re
import struct
import zlib
from concurrent.futures import Future
from pathlib import Path

import pytest

from sitegen import charts
from sitegen.i18n import LANGS, load_strings

STRINGS = load_strings()
PAGES = ["", "coverage/", "progress/", "actions/", "regions/kz-35/", "concept/ci04-pisa-mean-score/"]
FIGURE = re.compile(r'<figure class="bd-chart" id="([^"]+)".*?</figure>', re.S)
LINK = re.compile(r'<a href="([^"]+\.(csv|xlsx|svg|png))" download>')


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
    source_word = STRINGS.t(lang, "chart.source").split("{")[0].strip()
    licence = STRINGS.t(lang, "chart.licence", site="", url="").split("·")[1].strip()
    seen = 0
    for url in PAGES:
        html = page_html(site_dir, lang, url)
        page_dir = site_dir / ("" if lang == "kk" else lang) / url
        for match in FIGURE.finditer(html):
            figure, chart_id = match.group(0), match.group(1)
            links = {ext: href for href, ext in LINK.findall(figure)}
            assert set(links) == {"csv", "xlsx", "svg", "png"}, (url, chart_id, links)
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
            width, height = (float(v) for v in re.match(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups())
            assert png_size(files["png"].read_bytes()) == (round(width * charts.PNG_SCALE),
                                                          round(height * charts.PNG_SCALE)), chart_id
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


def test_png_is_recompressed_losslessly_and_cached(tmp_path, monkeypatch):
    spec = charts.count_bars([{"label": "Ұлытау", "n": 3}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    svg = charts.render_svg(spec, "kk", tmp_path)
    image = charts.export_svg(svg, charts.Credit("Тақырып", "Дереккөз: 004-құжат, 7-жол.", "CC BY 4.0"))
    raw = charts.vlc.svg_to_png(image, scale=charts.PNG_SCALE)
    png = charts.render_png(image, tmp_path)

    def pixels(data: bytes) -> bytes:
        chunks, pos = b"", 8
        while pos < len(data):
            (length,) = struct.unpack(">I", data[pos:pos + 4])
            if data[pos + 4:pos + 8] == b"IDAT":
                chunks += data[pos + 8:pos + 8 + length]
            pos += 12 + length
        return zlib.decompress(chunks)

    assert pixels(png) == pixels(raw) and len(png) < len(raw)
    monkeypatch.setattr(charts.vlc, "svg_to_png", lambda *a, **k: pytest.fail("rendered again"))
    assert charts.render_png(image, tmp_path) == png


def test_images_rendered_in_workers_are_the_same_bytes_and_cached(tmp_path):
    spec = charts.count_bars([{"label": "Ақмола", "n": 12}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    image = charts.export_svg(charts.render_svg(spec, "ru", tmp_path), charts.Credit("Т", "И", "CC BY 4.0"))
    renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files: dict[str, str | bytes] = {}
    assert renderer.submit("ru/charts/x.png", image) is None  # not cached: rendered by a worker
    renderer.finish(files)
    assert files["ru/charts/x.png"] == charts.rasterise(image)
    again = charts.ImageRenderer(tmp_path / "cache", workers=1)
    assert again.submit("ru/charts/x.png", image) == files["ru/charts/x.png"] and again.pool is None


def test_a_chart_on_two_pages_is_the_last_pages_image_cached_or_not(tmp_path):
    """Same file for the same chart id whichever of its pages' images was in the cache."""
    spec = charts.count_bars([{"label": "a", "n": 1}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    svg = charts.render_svg(spec, "en", tmp_path)
    home, other = (charts.export_svg(svg, charts.Credit("T", "S", url)) for url in ("https://x/", "https://x/p/"))
    charts.render_png(other, tmp_path / "cache")  # the second page's image is cached, the first's is not
    renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
    files: dict[str, str | bytes] = {}
    assert renderer.submit("en/charts/c.png", home) is None
    files["en/charts/c.png"] = renderer.submit("en/charts/c.png", other)
    renderer.finish(files)
    assert files["en/charts/c.png"] == charts.rasterise(other)


def test_the_pages_svgs_go_ahead_of_the_chart_files(tmp_path):
    """While the pages are built, at most one PNG-and-XLSX job per worker waits in the queue: an SVG a page
    needs never waits behind the files of every chart drawn before it. Once the pages are done, every
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
        queued = [job for job in renderer.jobs.values() if isinstance(job.files, Future) and not job.files.done()]
        assert len(queued) <= renderer.workers  # a worker starts in about a second: none is done yet
    renderer.finish(files)
    for n, book in enumerate(books):
        assert "\x00" not in files[f"ru/p{n}.md"]
        assert files[f"ru/charts/c{n}.png"] == charts.rasterise(files[f"ru/charts/c{n}.svg"])
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
