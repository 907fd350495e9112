"""Pure functions of the site generator: formats, links, escaping, SVG handling, search split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen import charts
from sitegen.data import MissingResource, Package, parse_csv, split_refs
from sitegen.generate import url_of
from sitegen.html import Ctx, esc, rel, table
from sitegen.i18n import LANGS, NBSP, fmt_number, fmt_percent, load_strings
from sitegen.mkdocs_hooks import search_worker
from sitegen.pages.sources import source_lines_html


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (5985, "kk", 0, f"5{NBSP}985"),
    (5985, "ru", 0, f"5{NBSP}985"),
    (5985, "en", 0, "5,985"),
    (12777000000, "ru", 0, f"12{NBSP}777{NBSP}000{NBSP}000"),
    (90.61, "kk", 2, "90,61"),
    (90.61, "en", 1, "90.6"),
    (0.05, "en", 1, "0.1"),  # half up, not banker's rounding
])
def test_number_formats(value, lang, decimals, expected):
    assert fmt_number(value, lang, decimals) == expected


def test_percent_formats():
    assert fmt_percent(93.1, "kk") == "93,1%"
    assert fmt_percent(93.1, "ru") == f"93,1{NBSP}%"
    assert fmt_percent(100.0, "en") == "100%"
    assert fmt_percent(None, "en") == "–"
    # A value that is not zero is never shown as zero: 1 in 5 986 is 0.02 %.
    assert fmt_percent(-100 / 5986, "en") == "−0.02%"
    assert fmt_percent(0.04, "kk") == "0,04%"
    assert fmt_percent(0, "en") == "0%"


def test_every_string_in_every_language():
    strings = load_strings()
    for key, values in strings.table.items():
        assert sorted(values) == sorted(LANGS), key
        assert all(v.strip() for v in values.values()), key


@pytest.mark.parametrize(("source", "expected"), [
    ("index.md", ""), ("coverage.md", "coverage/"), ("regions/kz-75.md", "regions/kz-75/"),
    ("concept/index.md", "concept/"), ("data/regions.md", "data/regions/"),
])
def test_url_scheme(source, expected):
    assert url_of(source) == expected


@pytest.mark.parametrize(("src", "dst", "expected"), [
    ("", "coverage/", "coverage/"),
    ("ru/regions/kz-75/", "ru/sources/004_x/#L5", "../../sources/004_x/#L5"),
    ("regions/kz-75/", "downloads/regions.csv", "../../downloads/regions.csv"),
    ("en/", "en/", "./"),
])
def test_relative_links(src, dst, expected):
    assert rel(src, dst) == expected


def test_ctx_links_between_languages():
    ctx = Ctx("ru", "ru/coverage/")
    assert ctx.href("regions/kz-35/") == "../regions/kz-35/"
    assert ctx.href("regions/kz-35/", lang="kk") == "../../regions/kz-35/"


def test_document_text_is_escaped_in_html():
    lines = ["**5 985** <script>alert(1)</script> & «Қарағанды»", ""]
    html = str(source_lines_html(lines, "kk"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "**5 985**" in html  # kept verbatim, not read as Markdown (raw HTML block)
    assert "<li id=L1>" in html and "<li id=L2></li>" in html and "href" not in html
    assert 'start="41"' in str(source_lines_html(lines, "kk", first=41)) and "<li id=L42>" in str(
        source_lines_html(lines, "kk", first=41))
    cell = str(table(["a"], [["<b>x</b>"]]))
    assert "&lt;b&gt;x&lt;/b&gt;" in cell
    assert esc('"') == "&quot;"


def test_long_documents_split_into_parts_of_bounded_size():
    from sitegen.context import part_path, split_parts

    lines = ["x" * 99] * 25  # 100 bytes a line with its newline
    assert split_parts(lines, 1000) == [(1, 10), (11, 20), (21, 25)]
    assert split_parts(["y" * 5000, "z"], 1000) == [(1, 1), (2, 2)]  # an over-long line stands alone
    assert split_parts([], 1000) == [(1, 0)]
    assert part_path("003_x", 0) == "sources/003_x/" and part_path("003_x", 2) == "sources/003_x/part-3/"


def test_svg_ids_are_prefixed_and_labelled():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="10"><defs><clipPath id="clip1"></clipPath>'
           '<linearGradient id="gradient_7"></linearGradient></defs>'
           '<g clip-path="url(#clip1)"><rect fill="url(#gradient_7)"/><use href="#clip1"/></g></svg>')
    out = charts.prepare_svg(svg, "chart-a", "chart-a-title")
    assert 'id="chart-a-0"' in out and "url(#chart-a-0)" in out and 'href="#chart-a-0"' in out
    assert 'id="chart-a-1"' in out and "url(#chart-a-1)" in out
    assert "clip1" not in out and "gradient_7" not in out
    assert 'role="img"' in out and 'aria-labelledby="chart-a-title"' in out
    # The renderer numbers gradients by how many it drew before in the process: the same chart drawn
    # later in another build must give the same page.
    assert charts.prepare_svg(svg.replace("gradient_7", "gradient_0"), "chart-a", "chart-a-title") == out


def test_chart_text_is_escaped_in_svg(tmp_path: Path):
    spec = charts.count_bars([{"label": "<b>&", "n": 1}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    svg = charts.render_svg(spec, "en", tmp_path)
    assert "<b>&" not in svg and "&lt;b&gt;&amp;" in svg


def test_render_cache_skips_rendering(tmp_path: Path, monkeypatch):
    spec = charts.count_bars([{"label": "a", "n": 1}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    first = charts.render_svg(spec, "kk", tmp_path)
    assert len(list(tmp_path.glob("*.svg"))) == 1

    def fail(*args, **kwargs):
        raise AssertionError("rendered again although the spec did not change")

    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", fail)
    assert charts.render_svg(spec, "kk", tmp_path) == first


def test_number_locale_in_charts(tmp_path: Path):
    spec = charts.count_bars([{"label": "a", "n": 12345}], label_field="label", label_order=None,
                             value_field="n", value_title="n")
    spec["layer"][1]["encoding"]["text"] = {"field": "n", "type": "quantitative", "format": ",.1f"}
    assert f"12{NBSP}345,0" in charts.render_svg(spec, "ru", tmp_path)
    assert "12,345.0" in charts.render_svg(spec, "en", tmp_path)


def test_pages_name_the_sites_search_worker():
    config = ('<script id="__config" type="application/json">{"base": "../..", '
              '"search": "../../assets/javascripts/workers/search.a7633da7.min.js", "tags": null}</script>')
    out = search_worker(config, "ru/")
    assert '"search": "../../assets/javascripts/search-worker.js#index=../../ru/search/index.json"' in out
    assert "workers/search." not in out


def test_csv_typed_by_schema():
    fields = [{"name": "a", "type": "integer"}, {"name": "b", "type": "number"}, {"name": "c", "type": "string"}]
    rows = parse_csv("a,b,c\n1,2.5,x\n,,\n", fields)
    assert rows == [{"a": 1, "b": 2.5, "c": "x"}, {"a": None, "b": None, "c": ""}]


def test_refs_parse():
    assert split_refs("004_08b2a54d8bb8e082:5;000_79fb72e18d9edfdc:124") == [
        ("004_08b2a54d8bb8e082", 5), ("000_79fb72e18d9edfdc", 124)]
    assert split_refs("") == []


def test_missing_resource_fails_loudly(tmp_path: Path):
    package = Package({"resources": [{"name": "regions", "path": "data/regions.csv"}]}, tmp_path)
    with pytest.raises(MissingResource, match="no resource 'concept_actions'"):
        package.table("concept_actions")
    with pytest.raises(MissingResource, match="does not exist"):
        package.table("regions")


def test_missing_optional_column_degrades(tmp_path: Path):
    """Indicator pages fall back to the full name when a short name column is absent."""
    from sitegen.context import PageCtx, SiteData
    from sitegen.pages.concept import indicator_short

    (tmp_path / "x.json").write_text(json.dumps({}), encoding="utf-8")
    page = PageCtx(SiteData(Package({}, tmp_path), {}), load_strings(), "en", "concept/", lambda c, p: "")
    row = {"indicator_id": "ci01", "name_ru": "Охват", "name_en": "Coverage"}
    assert indicator_short(page, row) == "Coverage"
    assert indicator_short(page, {**row, "short_en": "Cov."}) == "Cov."
