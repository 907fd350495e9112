"""MkDocs starts before every chart is drawn (sitegen/build.py): the pages are written with the charts
drawn by then, a deferred block whose chart is still being drawn is written as soon as it is, and
MkDocs waits for it when it reaches its page (sitegen/mkdocs_hooks.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from sitegen import charts
from sitegen.build import write_whole
from sitegen.generate import defer_blocks
from sitegen.mkdocs_hooks import DEFERRED_DIR, PENDING_NAME, deferred_placeholder, restore_deferred


def test_a_block_written_while_mkdocs_waits_goes_in(tmp_path: Path):
    text = f"<p>a</p>\n{deferred_placeholder('a' * 32)}\n"
    later = threading.Timer(0.3, write_whole, (f"{DEFERRED_DIR}/{'a' * 32}.html", "<figure>x</figure>", tmp_path))
    (tmp_path / DEFERRED_DIR).mkdir()
    (tmp_path / DEFERRED_DIR / PENDING_NAME).write_text("a" * 32 + "\n", encoding="utf-8")
    later.start()
    try:
        assert restore_deferred(text, tmp_path / DEFERRED_DIR, "kk/p.md", wait_s=30) == \
            "<p>a</p>\n<figure>x</figure>\n"
    finally:
        later.cancel()
    assert sorted(p.name for p in (tmp_path / DEFERRED_DIR).iterdir()) == [PENDING_NAME, f"{'a' * 32}.html"]


def test_a_block_never_written_fails_after_the_wait(tmp_path: Path):
    text = deferred_placeholder("b" * 32)
    (tmp_path / PENDING_NAME).write_text("b" * 32 + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(PluginError, match=r"kk/p\.md: deferred block b{32} is missing"):
        restore_deferred(text, tmp_path, "kk/p.md", wait_s=0.2)
    assert time.monotonic() - started >= 0.2
    with pytest.raises(PluginError):  # without a wait (a plain `mkdocs build`): at once
        restore_deferred(text, tmp_path, "kk/p.md")


def test_a_block_not_pending_fails_at_once(tmp_path: Path):
    """Only the blocks the build lists as still to come are waited for: any other missing one is an
    error now, not after the build's wait."""
    (tmp_path / PENDING_NAME).write_text("c" * 32 + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(PluginError, match=r"deferred block d{32} is missing"):
        restore_deferred(deferred_placeholder("d" * 32), tmp_path, "kk/p.md", wait_s=30)
    assert time.monotonic() - started < 5


def chart(chart_id: str, n: int) -> charts.Chart:
    rows = [{"label": "Ақмола", "n": n}]
    spec = charts.count_bars(rows, label_field="label", label_order=None, value_field="n", value_title="n")
    return charts.Chart(chart_id, "Т", "С", spec, rows, ["label", "n"])


def book(item: charts.Chart) -> charts.Workbook:
    return charts.Workbook(item.chart_id, tuple(charts.column_types(item)), tuple(item.rows), ("Т", "И", "L"),
                           "2026-01-01T00:00:00+00:00")


def test_pages_go_out_with_the_charts_drawn_and_the_rest_follows(tmp_path: Path):
    """`fill_ready` puts in the SVGs drawn so far and sets aside the texts waiting for one; `fill_rest`
    hands those over with every SVG in place. The result is what waiting for every chart gives."""
    cache = tmp_path / "cache"
    drawn, pending = chart("drawn", 1), chart("pending", 2)
    charts.render_svg(drawn.spec, "kk", cache)  # in the cache: there at once
    about = charts.Credit("Т", "И", "L")
    renderer = charts.ImageRenderer(cache, workers=1)
    files: dict[str, str | bytes] = {}
    for name, item in (("a", drawn), ("b", pending)):
        token = renderer.chart(item, "kk", about, book(item), f"charts/{item.chart_id}")
        files[f"kk/{name}.md"] = f"# {name}\n\n<figure data-search-exclude>{token}</figure>\n"
    pages = defer_blocks(files)
    waiting = renderer.fill_ready(pages)
    assert isinstance(renderer.svgs[charts.spec_hash(pending.spec, "kk")], Future)
    assert list(waiting) and all(path.startswith(f"{DEFERRED_DIR}/") for path in waiting)
    assert all(charts.TOKEN_MARK not in text for text in pages.values() if isinstance(text, str))
    handed: dict[str, str] = {}
    renderer.fill_rest(waiting, handed.__setitem__)
    assert set(handed) == set(waiting)
    renderer.close()

    expected = charts.ImageRenderer(cache, workers=1)
    again: dict[str, str | bytes] = {}
    for name, item in (("a", drawn), ("b", pending)):
        token = expected.chart(item, "kk", about, book(item), f"charts/{item.chart_id}")
        again[f"kk/{name}.md"] = f"# {name}\n\n<figure data-search-exclude>{token}</figure>\n"
    expected.finish_pages(again)
    expected.close()
    assert restored(pages | handed, tmp_path / "a") == restored(defer_blocks(again), tmp_path / "b")


def restored(files: dict[str, str | bytes], folder: Path) -> dict[str, str]:
    """The pages as MkDocs' hook puts them back together."""
    for path, text in files.items():
        if path.startswith(f"{DEFERRED_DIR}/"):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(str(text), encoding="utf-8")
    return {path: restore_deferred(str(text), folder / DEFERRED_DIR, path)
            for path, text in files.items() if path.endswith(".md")}


def test_the_token_is_the_spec_and_the_chart_id(tmp_path: Path):
    """A page holding a token is a content address as good as one holding the SVG: the same spec and
    chart id give the same token in any build, another spec another token."""
    about = charts.Credit("Т", "И", "L")
    tokens = []
    for n in (1, 1, 2):
        renderer = charts.ImageRenderer(tmp_path / "cache", workers=1)
        item = chart("c", n)
        tokens.append(renderer.chart(item, "ru", about, book(item), "charts/c"))
        renderer.close()
    assert tokens[0] == tokens[1] != tokens[2]
