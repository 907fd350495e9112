"""Dark mode: under a dark preference and a browser's forced dark mode (Chromium's --force-dark-mode and
WebContentsForceDark, and the DevTools protocol's automatic dark mode, which is what those flags switch
on), the charts stay legible. Measured on the screen's pixels, each chart drawn in a light and in a
forced dark browser:

- each text of a chart (axis labels and titles, value labels, legends, the caption's title) keeps its
  contrast with what is around it;
- the chart keeps its colours: a forced dark mode recolours a chart by guesswork, part by part (the
  legend's colour ramp turned black at 0 while the map's tiles kept their pale colour for 0 %), and a
  legend that no longer matches its marks cannot be read.

The pages hold every kind of chart the site draws (bars ranked and grouped, heat map, tile map, lines,
counts)."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.i18n import LANGS
from tests.site.conftest import CHROMIUM_ARGS, browser_path
from tests.site.fit_support import PREFIX

pytestmark = pytest.mark.browser

PAGES = ["coverage/", "progress/", "actions/"]
FORCED_DARK = ["--force-dark-mode", "--enable-features=WebContentsForceDark"]
KEPT = 0.9  # a text keeps at least this share of its contrast in light mode
LEGIBLE = 4.5  # WCAG AA for text of normal size

# For each chart: its figure's box in page coordinates, and within it the boxes of its texts and of the
# drawing (the SVG).
CHARTS = """() => {
  scrollTo(0, 0);
  return [...document.querySelectorAll('figure.bd-chart')].map(figure => {
    const box = figure.getBoundingClientRect();
    const x = Math.floor(box.left + scrollX), y = Math.floor(box.top + scrollY);
    const texts = [...figure.querySelectorAll('svg text, figcaption .bd-chart__title')].map(t => {
      const r = t.getBoundingClientRect();
      return [t.textContent.trim().slice(0, 30), Math.floor(r.left + scrollX) - x, Math.floor(r.top + scrollY) - y,
              Math.ceil(r.width) + 1, Math.ceil(r.height) + 1];
    }).filter(([label, , , w, h]) => label && w > 2 && h > 2);
    const svg = figure.querySelector('svg').getBoundingClientRect();
    const drawing = [Math.floor(svg.left + scrollX) - x, Math.floor(svg.top + scrollY) - y,
                     Math.floor(svg.width), Math.floor(svg.height)];
    return {id: figure.id, clip: {x, y, width: Math.ceil(box.width), height: Math.ceil(box.height)}, texts, drawing};
  });
}"""
# The contrast ratio (WCAG) between the lightest and the darkest pixel of each box of a PNG image.
CONTRASTS = """async ({png, boxes}) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d', {willReadFrequently: true});
  context.drawImage(image, 0, 0);
  const channel = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  return boxes.map(([x, y, w, h]) => {
    const x0 = Math.max(0, x), y0 = Math.max(0, y);
    const data = context.getImageData(x0, y0, Math.max(1, Math.min(w, image.width - x0)),
                                      Math.max(1, Math.min(h, image.height - y0))).data;
    let low = 1, high = 0;
    for (let i = 0; i < data.length; i += 4) {
      const l = 0.2126 * channel(data[i]) + 0.7152 * channel(data[i + 1]) + 0.0722 * channel(data[i + 2]);
      low = Math.min(low, l);
      high = Math.max(high, l);
    }
    return (high + 0.05) / (low + 0.05);
  });
}"""


# How many pixels of a box of two PNG images of the same size differ by more than 32 in a channel, of how
# many.
DIFFERENCE = """async ({first, second, box: [x, y, w, h]}) => {
  const pixels = async png => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + png;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(x, y, w, h).data;
  };
  const [a, b] = [await pixels(first), await pixels(second)];
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2])) > 32) differ++;
  }
  return [differ, a.length / 4];
}"""
CHANGED = 0.0005  # share of a chart's pixels a dark mode may change (none, with the scheme declared)


def draw(page, url: str) -> dict[str, tuple[str, list, list]]:
    """Chart id → (its figure's PNG screenshot in base64, its texts: [label, x, y, width, height] within
    it, the box of the drawing within it)."""
    page.goto(url, wait_until="load")
    return {chart["id"]: (base64.b64encode(page.screenshot(full_page=True, clip=chart["clip"])).decode(),
                          chart["texts"], chart["drawing"])
            for chart in page.evaluate(CHARTS)}


@pytest.fixture(scope="module")
def light(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme="light")
    yield context.new_page(), context.new_page()
    context.close()


def dark_page(dark_browser):
    context = dark_browser.new_context(viewport={"width": 360, "height": 800}, color_scheme="dark")
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setAutoDarkModeOverride", {"enabled": True})
    return context, page


@pytest.fixture(scope="module")
def dark(browser):
    instance = browser.browser_type.launch(executable_path=browser_path(), args=CHROMIUM_ARGS + FORCED_DARK)
    context, page = dark_page(instance)
    yield page
    context.close()
    instance.close()


def test_forced_dark_mode_is_on(dark):
    """Not blind: in the forced dark browser a page that declares no colour scheme is drawn dark."""
    dark.set_content("<!doctype html><html lang='en'><title>t</title><p>text</p></html>")
    assert dark.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    png = base64.b64encode(dark.screenshot(clip={"x": 0, "y": 0, "width": 20, "height": 20})).decode()
    pixel = dark.evaluate("""async png => {
      const image = new Image(); image.src = 'data:image/png;base64,' + png; await image.decode();
      const canvas = document.createElement('canvas'); canvas.width = canvas.height = 20;
      const context = canvas.getContext('2d'); context.drawImage(image, 0, 0);
      return [...context.getImageData(5, 5, 1, 1).data.slice(0, 3)];
    }""", png)
    assert max(pixel) < 100, f"the background is {pixel}, not dark"


@pytest.mark.parametrize("lang", LANGS)
def test_charts_stay_legible_in_forced_dark_mode(light, dark, base_url, lang):
    page, analysis = light
    problems = []
    texts = 0
    for path in PAGES:
        url = urljoin(base_url, PREFIX[lang] + path)
        before, after = draw(page, url), draw(dark, url)
        assert before.keys() == after.keys() and before, f"{path}: the charts differ"
        for chart, (png, boxes, drawing) in before.items():
            dark_png, dark_boxes, dark_drawing = after[chart]
            assert (boxes, drawing) == (dark_boxes, dark_drawing), f"{path}#{chart}: laid out differently"
            boxes_only = [box[1:] for box in boxes]
            light_ratios = analysis.evaluate(CONTRASTS, {"png": png, "boxes": boxes_only})
            dark_ratios = analysis.evaluate(CONTRASTS, {"png": dark_png, "boxes": boxes_only})
            for (label, *_), ratio, dark_ratio in zip(boxes, light_ratios, dark_ratios, strict=True):
                texts += 1
                if dark_ratio < min(LEGIBLE, ratio * KEPT):
                    problems.append(f"{path}#{chart}: text {label!r} {ratio:.1f}:1 → {dark_ratio:.1f}:1")
            differ, total = analysis.evaluate(DIFFERENCE, {"first": png, "second": dark_png, "box": drawing})
            if differ > total * CHANGED:
                problems.append(f"{path}#{chart}: {differ} of {total} pixels recoloured")
    assert texts > 100
    assert problems == [], f"{len(problems)} problems in forced dark mode\n" + "\n".join(problems[:30])


def test_pages_declare_their_one_colour_scheme(site_dir: Path):
    for lang in LANGS:
        html = (site_dir / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
        assert '<meta name="color-scheme" content="only light">' in html
