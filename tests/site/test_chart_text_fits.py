"""Every text of every chart image reads on its own and whole: no two texts overlap, none runs past the
image's edge and none is cut short ("…"), in every language, as Chromium lays the exported SVG out (the file readers download, whose chart is
the one on the page). The Kazakh year labels "2023 жыл" of the targets' x axis ran into each other, the
values of two series at one point were printed over each other ("100" three times), the Russian region
names ran out of their tiles ("Кызылординская"), the chart's address ran past the image's right edge, and
long names were cut short ("Павлодар және Екібастұ…", "Ministry of Labour and So…"). A label of a
category axis written in lines is centred on its tick, as a one-line label is (a name of two lines began at
its band's middle and ran into the next band's).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import charts
from sitegen.i18n import LANGS
from tests.site.fit_support import PREFIX

pytestmark = pytest.mark.browser

# The texts of the image, each with its box; pairs that overlap by more than a pixel each way, and texts
# past the image's edge.
CLASHES = """() => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const b = t.getBoundingClientRect();
    return {text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom};
  });
  const found = [];
  boxes.forEach((a, i) => {
    if (a.left < frame.left - 0.5 || a.right > frame.right + 0.5) found.push(`"${a.text}" runs past the edge`);
    if (a.text.trim().endsWith('…')) found.push(`"${a.text}" is cut short`);
    for (const b of boxes.slice(i + 1)) {
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > 1 && down > 1) found.push(`"${a.text}" overlaps "${b.text}"`);
    }
  });
  return found;
}"""
# The labels of every axis whose ticks lie across it (a category axis down the side), each further than
# 3 px from the tick nearest to it: the middle of a label, of one line or several, is its tick's.
OFF_TICK = """() => [...document.querySelectorAll('svg g.role-axis')].flatMap(axis => {
  const middle = b => (b.top + b.bottom) / 2;
  const ticks = [...axis.querySelectorAll('.role-axis-tick line')].map(l => l.getBoundingClientRect())
    .filter(b => b.width > b.height).map(middle);
  if (!ticks.length) return [];
  return [...axis.querySelectorAll('.role-axis-label text')].filter(t => t.textContent.trim()).flatMap(t => {
    const off = Math.min(...ticks.map(y => Math.abs(middle(t.getBoundingClientRect()) - y)));
    return off > 3 ? [`"${t.textContent}" is ${off.toFixed(1)} px off its tick`] : [];
  });
})"""


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_text_overlaps_another_or_leaves_the_image(browser, site_dir: Path, lang: str):
    folder = site_dir / PREFIX[lang] / "charts"
    images = sorted(folder.glob("*.svg"))
    assert len(images) > 40, folder
    page = browser.new_page()
    try:
        problems = []
        for image in images:
            page.set_content(image.read_text(encoding="utf-8"))
            problems += [f"{image.name}: {clash}" for clash in page.evaluate(CLASHES) + page.evaluate(OFF_TICK)]
    finally:
        page.close()
    assert problems == [], f"{len(problems)} clashes:\n" + "\n".join(problems[:40])


def test_a_word_longer_than_a_line_is_broken_after_its_slashes_and_hyphens():
    address = "https://bilimdata.github.io/bilim-data/en/concept/ci09-inclusive-education-conditions/"
    lines = charts.wrap(f"Bilim Data · Licence: CC BY 4.0 · {address}", 200, 11)
    assert all(len(line) <= 200 / (11 * charts.CHAR_EM) for line in lines), lines
    start = next(n for n, line in enumerate(lines) if line.startswith("https:"))
    assert "".join(lines[start:]) == address  # nothing added or lost
    assert all(line.endswith(("/", "-")) for line in lines[start:-1]), lines


def test_a_label_too_long_for_its_tile_is_hyphenated_by_the_language_s_rules():
    assert charts.fit_label("Кызылординская", 40, 8, "ru") == "Кызылор-\nдинская"
    assert charts.fit_label("Абай", 40, 8, "ru") == "Абай"
    assert charts.fit_label("Алматы обл.", 40, 8, "kk") == "Алматы\nобл."
