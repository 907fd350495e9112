"""Charts: Altair specs (pure), rendered offline to inline SVG with vl-convert, cached by spec hash.

A chart is its Vega-Lite spec, a title, a one-sentence summary and the rows it draws (published as a
CSV beside the page). The spec carries its rows once, in its top-level `datasets` under the name
`rows`, and its views refer to them by that name: Altair copies a chart's data on every method call,
so the builders work on the name and `finish` adds the rows to the finished dict. The shared look
(`base_config`) is added there too, as Altair's `.configure` would. Builders skip Altair's validation
of every object as it is created (see `finish` for why).

Rendering is the only slow step, so the SVG is cached under .cache/charts/ keyed by a hash of
everything that affects it: the spec, the number locale, the renderer's version and its faces. An
unchanged chart is never rendered twice.

Every chart is measured and drawn with the same faces on every machine (`use_chart_faces`): the Liberation
Sans that vl-convert holds in memory (the metrics of Helvetica and Arial, which the pages' SVGs name), and
DejaVu Sans only for the glyphs Liberation Sans lacks (the flag mark). The faces installed on the machine
are left out: the rasteriser opens and maps a face's file about four times for every glyph it lays out
(counted with strace), which made text three quarters of a cold build's CPU time, and which installed
faces a machine has would otherwise change the layout.

Each chart is also published for reuse beside its page: the rows it draws as CSV (UTF-8 with a
byte-order mark, which spreadsheet programs need to read Cyrillic) and as XLSX (typed cells, right in a
spreadsheet of any language setting), and the chart as an image, SVG, with its title above it and its
source (document, title and lines, in the page's language) and licence (CC BY 4.0, the site's name and the
page's address) below it. The image is the cached inline SVG set inside a larger SVG with those texts (no
second Vega run). Its PNG is drawn from that SVG by the reader's browser, at PNG_SCALE, when the reader
asks for it (site/assets/javascripts/chart-png.js): rasterising and compressing every chart's PNG in
every build took half of a cold build's CPU, for files few readers fetch.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import csv
import functools
import hashlib
import importlib
import io
import json
import math
import multiprocessing
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sitegen import spreadsheet_csv
from sitegen.html import Ctx, Markup, esc
from sitegen.i18n import D3_LOCALES


class _OnFirstUse:
    """A module imported when one of its attributes is first read: a rebuild whose specs and renders all
    come from the cache imports neither Altair (0.6 s) nor vl-convert (0.4 s)."""

    def __init__(self, name: str) -> None:
        self.__dict__["_name"] = name

    def __getattr__(self, attribute: str) -> object:
        return getattr(importlib.import_module(self.__dict__["_name"]), attribute)


alt = _OnFirstUse("altair")
vlc = _OnFirstUse("vl_convert")


@functools.cache
def package_version(name: str) -> str:
    """An installed distribution's version, without importing it (in the cache keys)."""
    from importlib import metadata

    return metadata.version(name)


# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
ORG_COLOURS = {"kindergarten": "#E69F00", "school": "#0072B2", "college": "#009E73"}
BAR_COLOUR = "#0072B2"
FLAG_COLOUR = "#B35900"
REFERENCE_COLOUR = "#000000"
# A sequential single-hue scale (lightness carries the value, so it reads in greyscale too).
SEQUENTIAL_SCHEME = "blues"
FONT = "Helvetica, Arial, sans-serif"
FLAG_MARK = "⚑"
WIDTH = 300  # drawn for a phone column; SVG scales down, never up (see site.css)
AXIS_LABEL_SIZE = 11  # px: read on a phone


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    summary: str
    spec: dict
    rows: list[dict]
    columns: list[str]
    notes: list[str] = field(default_factory=list)
    # Where the drawn figures come from: (source_id, line) pairs, as `source_refs` collects them.
    sources: tuple[tuple[str, int], ...] = ()


# Package fields that say where a row comes from: (document id, line) pairs.
SOURCE_FIELDS = (("source_id", "source_line"), ("base_source_id", "source_line_from"))


def source_refs(rows: Iterable[dict]) -> tuple[tuple[str, int], ...]:
    """The (source_id, line) pairs package rows come from, sorted and without repeats."""
    refs = set()
    for row in rows:
        for id_field, line_field in SOURCE_FIELDS:
            if row.get(id_field) and row.get(line_field) not in (None, ""):
                refs.add((str(row[id_field]), int(row[line_field])))
    return tuple(sorted(refs))


def base_config() -> dict:
    """Shared look: readable sizes on a phone, no chart title (the figure caption is the title)."""
    return {
        "font": FONT,
        "axis": {"labelFontSize": AXIS_LABEL_SIZE, "titleFontSize": AXIS_LABEL_SIZE, "labelLimit": AXIS_LABEL_LIMIT, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": AXIS_LABEL_SIZE, "titleFontSize": AXIS_LABEL_SIZE, "orient": "bottom"},
        "view": {"stroke": None},
        "background": "#ffffff",
        # ARIA labels are generated per mark by Vega; the figure's caption and data table describe the
        # chart instead, so the SVG is one image (role="img") rather than hundreds of unlabeled nodes.
        "aria": False,
    }


ROWS = "rows"


def rows_data() -> alt.NamedData:
    """The chart's rows by name; `finish` puts them in the spec's top-level `datasets`."""
    return alt.NamedData(name=ROWS)


@functools.cache
def _shared_data_layer() -> type:
    """alt.LayerChart for layers that need nothing merged (see `layer`). alt.LayerChart merges its layers'
    data, parameters and sizes each time one is made, deep-copying every layer to do it, and Altair makes
    one again at every copy, `to_dict`'s included: that was most of the time spent building specs. Made
    on first use, as a subclass of an Altair class: defined with this module, it imported Altair in every
    build, a rebuild whose charts come from the cache included."""

    class SharedDataLayer(alt.LayerChart):
        def __init__(self, data: object = alt.Undefined, layer: Sequence[alt.Chart] = (), **kwargs: object) -> None:
            super(alt.LayerChart, self).__init__(data=data, layer=list(layer), **kwargs)

    return SharedDataLayer


def layer(*charts: alt.Chart, **props: object) -> alt.LayerChart:
    """`alt.layer(*charts, **props)`, made without the copies of every layer that alt.layer makes to
    merge the layers' data, parameters and sizes, when there is nothing to merge but their data: every
    layer draws the same data (moved to the layered chart, as alt.layer moves it) and none has
    parameters or a size of its own. Otherwise alt.layer itself."""
    data = charts[0].data if charts else alt.Undefined
    simple = data is not alt.Undefined and all(
        chart.data is data and all(chart._get(name) is alt.Undefined for name in ("params", "width", "height", "view"))
        for chart in charts
    )
    if not simple:
        return alt.layer(*charts, **props)
    layers = []
    for chart in charts:
        own = chart.copy(deep=False)
        own.data = alt.Undefined
        layers.append(own)
    return _shared_data_layer()(data=data, layer=layers, **props)


def _merged(base: dict, override: dict) -> dict:
    """`override` laid over `base`, nested dicts merged, as Altair lays a chart's config over its theme's."""
    out = dict(base)
    for key, value in override.items():
        nested = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if nested else value
    return out


def colour_if(test: str, if_true: str, otherwise: str) -> alt.ColorValue:
    """A fixed colour chosen per datum by a Vega expression, as `alt.condition(test, alt.value(if_true),
    alt.value(otherwise))` gives it; built as the channel class itself, because for `alt.condition`'s
    plain dict Altair searches its schema for the class, which costs more than the rest of the chart."""
    return alt.ColorValue(otherwise, condition={"test": test, "value": if_true})


def finish(chart: alt.TopLevelMixin, rows: list[dict]) -> dict:
    """Altair chart → plain Vega-Lite dict with its rows and the shared config; deterministic key order.

    Altair's JSON-schema validation costs more than a cached render, so it is skipped here: a spec
    that is not valid Vega-Lite fails in vl-convert on the first (uncached) render, and the golden
    spec tests catch any change in review.
    """
    spec = chart.to_dict(validate=False)  # with the theme's config (default view size)
    spec["datasets"] = {ROWS: rows}
    spec["config"] = _merged(spec.get("config", {}), base_config())
    return json.loads(json.dumps(spec, sort_keys=True, ensure_ascii=False))


# What a cached SVG holds besides the renderer's output: its ids renumbered (see `numbered_ids`), its
# coordinates to the hundredth of a pixel (see `rounded_coordinates`).
SVG_FORMAT = 3


# The faces charts are measured and drawn with (see the module's docstring): vl-convert's own Liberation
# Sans, then these files of DejaVu Sans (Debian: fonts-dejavu-core) for the glyphs it lacks.
FALLBACK_FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FACE_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                Path.home() / ".fonts")
CHART_FACES = "vl-convert Liberation Sans; DejaVu Sans for missing glyphs"  # in the cache keys


def find_face(name: str, folders: Sequence[Path] = FACE_FOLDERS) -> Path:
    """The installed font file `name` (the first found, folders in order, each searched in sorted order);
    FileNotFoundError saying what to install when there is none."""
    for folder in folders:
        if folder.is_dir():
            found = sorted(folder.rglob(name))
            if found:
                return found[0]
    raise FileNotFoundError(f"font file {name} not found under {', '.join(map(str, folders))}: "
                            "install DejaVu Sans (Debian: apt-get install fonts-dejavu-core)")


@functools.cache
def use_chart_faces() -> None:
    """Before this process's first conversion: give vl-convert no installed faces but FALLBACK_FACES, so
    that text is laid out with its own Liberation Sans, held in memory. Its font database is made once per
    process, at the first conversion, from the folders FONTCONFIG_FILE lists (fontdb reads that
    variable as fontconfig does): for that conversion only, it names a configuration listing one empty
    folder. Raises FileNotFoundError when DejaVu Sans is not installed."""
    faces = [find_face(name) for name in FALLBACK_FACES]
    folder = Path(tempfile.mkdtemp(prefix="bilim-chart-faces-"))
    (folder / "none").mkdir()
    (folder / "fallback").mkdir()
    for face in faces:
        (folder / "fallback" / face.name).symlink_to(face)
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{folder / "none"}</dir></fontconfig>\n',
                      encoding="utf-8")
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(config)
    try:
        vlc.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous
    vlc.register_font_directory(str(folder / "fallback"))
    atexit.register(shutil.rmtree, folder, True)


def spec_hash(spec: dict, lang: str) -> str:
    payload = json.dumps(
        {"spec": spec, "locale": D3_LOCALES[lang], "vl_convert": package_version("vl-convert-python"),
         "format": SVG_FORMAT, "faces": CHART_FACES},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def svg_cache_path(spec: dict, lang: str, cache_dir: Path) -> Path:
    return cache_dir / f"{spec_hash(spec, lang)}.svg"


def render_svg(spec: dict, lang: str, cache_dir: Path) -> str:
    """SVG text for a spec, from the cache when the same spec was rendered before."""
    cached = svg_cache_path(spec, lang, cache_dir)
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    use_chart_faces()
    svg = rounded_coordinates(numbered_ids(vlc.vegalite_to_svg(spec, format_locale=D3_LOCALES[lang],
                                                               allowed_base_urls=[])))
    _store(cached, svg.encode("utf-8"))
    return svg


_TAG = re.compile(r"<[^>]+>")
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")


def rounded_coordinates(svg: str) -> str:
    """`svg` with every number of three or more decimals in its tags (coordinates, transforms, path
    data; never the texts between them) to two: the renderer writes "71.99999999999999" for 72, and a
    hundredth of a pixel is finer than any screen draws. Makes every page with a chart lighter."""
    def rounded(match: re.Match[str]) -> str:
        text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    return _TAG.sub(lambda tag: _LONG_DECIMAL.sub(rounded, tag.group(0)), svg)


_ID = re.compile(r'\bid="([^"]+)"')
# Where an SVG defines or refers to an id: id="x", url(#x), href="#x" (group 2 is the id).
_ID_USE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def renamed_ids(svg: str, prefix: str) -> str:
    """`svg` with every id it defines renamed `<prefix><number>`, numbered by order of definition, and
    every reference to one renamed with it."""
    names = {old: f"{prefix}{number}" for number, old in enumerate(dict.fromkeys(_ID.findall(svg)))}
    return _ID_USE.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)), svg)


def numbered_ids(svg: str) -> str:
    """The renderer's SVG with its ids numbered by their order in it: the renderer numbers some
    (gradients) by how many it has drawn in the process so far, so the same chart, drawn in another
    process or after other charts, would otherwise come out with other ids (in the exported image too)."""
    return renamed_ids(svg, "id-")


def prepare_svg(svg: str, chart_id: str, labelled_by: str) -> str:
    """Make a rendered SVG safe to inline: ids unique on the page, one labelled image for assistive tech.

    Ids are renamed `<chart id>-<number>` by their order in the SVG (see `numbered_ids`).
    """
    svg = renamed_ids(svg, f"{chart_id}-")
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    # Vega still marks some groups as graphics symbols; inside one role="img" they are only drawing.
    svg = re.sub(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{labelled_by}" focusable="false" ', 1)
    return svg.strip()


def csv_text(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """The rows a chart draws as CSV text, starting with a byte-order mark (U+FEFF): without it, Excel
    reads UTF-8 as the local code page and garbles Cyrillic."""
    buffer = io.StringIO("\ufeff")
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buffer.getvalue()


def spreadsheet_csv_text(rows: Sequence[dict], columns: Sequence[str], lang: str) -> str:
    """The rows a chart draws as CSV for a spreadsheet in the notation of `lang`'s readers (see
    sitegen/spreadsheet_csv.py: `;` and a decimal comma for kk and ru, `,` and a decimal point for en;
    every text kept as text), each column typed as in the chart's workbook (`value_types`)."""
    kinds = [kind for _, kind in value_types(rows, columns)]

    def written(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        return repr(value) if isinstance(value, float) else str(value)

    return spreadsheet_csv.csv_text(
        columns, ([(written(row.get(c)), kind) for c, kind in zip(columns, kinds, strict=True)] for row in rows),
        spreadsheet_csv.SETTINGS[lang])


def figure(chart: Chart, svg: str, ctx: Ctx, downloads: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
           inline: bool = True, png_from: str | None = None) -> Markup:
    """<figure> with the inline SVG, its title, summary, notes and its downloads: groups of links, each
    (label, [(format name, href), …]), e.g. ("Chart data", [("CSV", …), ("XLSX", …)]). `png_from`: the
    href of the exported SVG, whose PNG the last group then offers (`png_button`). `inline` False:
    `svg` is a token that stands for the SVG until it is rendered (see ImageRenderer)."""
    title_id = f"{chart.chart_id}-title"
    body = prepare_svg(svg, chart.chart_id, title_id) if inline else svg
    notes = "".join(f'<span class="bd-note">{esc(n)}</span><br>' for n in chart.notes)
    groups = " · ".join(
        f"{esc(label)}: " + ", ".join(f'<a href="{esc(href)}" download>{esc(name)}</a>' for name, href in links)
        + (png_button(png_from, f"{chart.chart_id}.png") if png_from and number == len(downloads) - 1 else "")
        for number, (label, links) in enumerate(downloads)
    )
    return Markup(
        f'<figure class="bd-chart" id="{esc(chart.chart_id)}" data-search-exclude>'
        f"{body}"
        f'<figcaption><span class="bd-chart__title" id="{esc(title_id)}">{esc(chart.title)}</span>'
        f"{esc(chart.summary)}<br>{notes}"
        f'<span class="bd-chart__links">{groups}</span>'
        f"</figcaption></figure>"
    )


# --- The chart as an image for reuse: title, chart, source and licence --------------------------------

PNG_SCALE = 2          # a PNG has twice the image's CSS pixels: sharp on phones and in print
# The image's faces: Liberation Sans, the face the layout was measured with (see `use_chart_faces`: it has
# every Kazakh letter; the flag mark is drawn from DejaVu Sans), then faces of the same widths for
# programs that open the SVG on a machine without it.
EXPORT_FONT = "'Liberation Sans', Helvetica, Arial, sans-serif"
EXPORT_PAD = 16
EXPORT_MIN_WIDTH = 360  # the text column of the image; a wider chart widens it
TITLE_SIZE, TEXT_SIZE, LINE_HEIGHT = 15, 11, 1.35
TEXT_COLOUR = "#333333"
# Average advance of a character in em, generous for the sans-serif faces a program opening the SVG may
# pick (DejaVu Sans is the widest common one), so that wrapped lines fit the image's width.
CHAR_EM, BOLD_CHAR_EM = 0.6, 0.68
TILE_PADDING = 0.06  # the gap between two tiles, as a share of a tile
MAX_LINE_RANGES = 4    # more separate runs of lines than this are given as their first–last span


def png_button(svg_href: str, name: str, scale: float = PNG_SCALE) -> str:
    """The control that saves a chart's image as PNG, drawn by the browser from the exported SVG at
    `svg_href` at `scale` (site/assets/javascripts/chart-png.js, which site.js loads on first use) and
    saved as `name`. Hidden, with the comma before it, until site.js shows it: without the script there
    is no PNG, and nothing says there is."""
    return (f'<span class="bd-png" hidden>, <button type="button" data-svg="{esc(svg_href)}" '
            f'data-scale="{scale:g}" data-name="{esc(name)}">PNG</button></span>')


@dataclass(frozen=True)
class Credit:
    """What an exported image says about itself, in the page's language."""

    title: str
    source: str
    licence: str
    lang: str = ""  # the page's language, the exported image's own (lang, xml:lang)


def _filled(text: str, per_line: float, long_word: Callable[[str], list[str]]) -> list[str]:
    """The words of `text` joined into lines of at most `per_line` characters; a word longer than that
    is given in the lines `long_word` makes of it."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        elif len(word) > per_line:
            lines += long_word(word)
        else:
            lines.append(word)
    return lines


def wrap(text: str, width: float, size: float, em: float = CHAR_EM, least: int = 10) -> list[str]:
    """Words of `text` in lines of at most `width` pixels at font size `size` (estimated by `em`; at least
    `least` characters a line); a word longer than a line (a page's address) is broken after a '/' or a
    '-' (else where the line ends), nothing added."""
    per_line = max(int(width / (size * em)), least)

    def broken(word: str) -> list[str]:
        parts = []
        while len(word) > per_line:
            cut = max(word.rfind("/", 0, per_line), word.rfind("-", 0, per_line - 1)) + 1 or per_line
            parts.append(word[:cut])
            word = word[cut:]
        return [*parts, word]

    return _filled(text, per_line, broken)


def line_ranges(lines: Iterable[int]) -> str:
    """[23, 24, 25, 30] → '23–25, 30'; more than MAX_LINE_RANGES runs → 'first–last'."""
    numbers = sorted(set(lines))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    if len(runs) > MAX_LINE_RANGES:
        runs = [[numbers[0], numbers[-1]]]
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


_VEGA_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def export_svg(svg: str, about: Credit) -> str:
    """A standalone SVG: `about.title` above the rendered chart `svg`, source and licence below it."""
    found = _SVG_SIZE.search(svg)
    if not found:
        raise ValueError("the rendered chart has no width and height")
    chart_width, chart_height = float(found.group(1)), float(found.group(2))
    inner = max(chart_width, EXPORT_MIN_WIDTH)
    width = inner + 2 * EXPORT_PAD
    parts: list[str] = []
    y = float(EXPORT_PAD)

    def text(content: str, size: float, em: float, weight: str) -> None:
        nonlocal y
        for line in wrap(content, inner, size, em):
            y += size * LINE_HEIGHT
            parts.append(f'<text x="{EXPORT_PAD}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
                         f'fill="{TEXT_COLOUR}">{esc(line)}</text>')

    text(about.title, TITLE_SIZE, BOLD_CHAR_EM, "bold")
    y += 10
    body = re.sub(r"<\?xml[^>]*\?>\s*", "", svg).strip().replace(f'font-family="{FONT}"', f'font-family="{EXPORT_FONT}"')
    # The renderer's own ARIA words are English ("Title text 'Мектептер'", "group mark container") whatever
    # the chart's language: the image is one, named by its <title>, as on the page (prepare_svg).
    body = _VEGA_ARIA.sub("", body)
    # Visible overflow: a face wider than the one the layout was measured with must not be clipped.
    parts.append(body.replace("<svg ", f'<svg x="{EXPORT_PAD}" y="{y:.1f}" overflow="visible" ', 1))
    y += chart_height + 6
    for content in (about.source, about.licence):
        if content:
            text(content, TEXT_SIZE, CHAR_EM, "normal")
    height = y + EXPORT_PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{EXPORT_FONT}"'
        + (f' lang="{esc(about.lang)}" xml:lang="{esc(about.lang)}"' if about.lang else "") + ">"
        f"<title>{esc(about.title)}</title>"
        '<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(parts) + "</svg>\n"
    )


def _store(cached: Path, data: bytes) -> bytes:
    """Write a cache entry whole (a name of its own per process, so that two processes rendering the
    same chart do not write into one temporary file) and return `data`."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(cached)
    return data


def column_types(chart: Chart) -> list[tuple[str, str]]:
    """(column, Table Schema type) of the rows a chart draws, from their values: numbers, booleans, text."""
    return value_types(chart.rows, chart.columns)


def value_types(rows: Sequence[dict], columns: Sequence[str]) -> list[tuple[str, str]]:
    """(column, Table Schema type) of `rows` from their values: numbers, booleans, text."""
    out = []
    for column in columns:
        values = [row.get(column) for row in rows if row.get(column) not in (None, "")]
        if values and all(isinstance(v, bool) for v in values):
            out.append((column, "boolean"))
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            out.append((column, "number"))
        else:
            out.append((column, "string"))
    return out


@dataclass(frozen=True)
class Workbook:
    """What a chart's XLSX is made of (the arguments of `workbook.workbook_bytes`)."""

    sheet: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[dict, ...]
    about: tuple[str, ...]
    created: str  # ISO 8601, UTC

    def cache_path(self, cache_dir: Path) -> Path:
        import xlsxwriter

        payload = json.dumps({"sheet": self.sheet, "columns": self.columns, "rows": self.rows, "about": self.about,
                              "created": self.created, "xlsxwriter": xlsxwriter.__version__},
                             sort_keys=True, ensure_ascii=False, default=str)
        return cache_dir / f"{hashlib.sha256(payload.encode('utf-8')).hexdigest()}.xlsx"

    def build(self) -> bytes:
        from datetime import datetime

        from sitegen.workbook import workbook_bytes  # xlsxwriter only: a worker loads no data library

        return workbook_bytes(self.sheet, self.columns, self.rows, self.about, datetime.fromisoformat(self.created))


def render_workbook(book: Workbook, cache_dir: Path) -> bytes:
    """A chart's XLSX, from the cache when the same workbook was made before."""
    cached = book.cache_path(cache_dir)
    return cached.read_bytes() if cached.exists() else _store(cached, book.build())


@dataclass(frozen=True)
class Rendered:
    """A chart's outputs: the SVG as rendered (ids numbered), the exported image as SVG, the XLSX."""

    svg: str
    image: str
    xlsx: bytes


def render_chart(spec: dict, lang: str, about: Credit, book: Workbook, cache_dir: Path) -> Rendered:
    """Everything a chart publishes that takes time to make, each from the cache when it was made before:
    the SVG (vl-convert), the exported SVG and the XLSX."""
    svg = render_svg(spec, lang, cache_dir)
    return Rendered(svg, export_svg(svg, about), render_workbook(book, cache_dir))


def _cached(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _warm_up() -> None:
    use_chart_faces()
    vlc.vegalite_to_svg({"mark": "point"}, allowed_base_urls=[])


# The processes that render charts: as many as the cores but the build's own, at a lower priority (see
# ImageRenderer._submit).
WORKER_NICENESS = 10
MAX_WORKERS = 4
# Where a chart's inline SVG goes in a page until it is rendered (see ImageRenderer.chart): the hash of
# its spec and its chart id, all the inline SVG is made of. A page or block holding it is as good a
# content address (sitegen.generate.defer_page) as one holding the SVG.
_PENDING = re.compile("\x00bd-chart ([0-9a-f]{64}) ([^\x00]+)\x00")
TOKEN_MARK = "\x00bd-chart "
Future = concurrent.futures.Future


@dataclass
class _Job:
    """One chart being rendered: its SVG (rendered, or being rendered), then its files."""

    about: Credit
    book: Workbook
    book_path: Path  # where its workbook is cached
    svg: Future[str] | str
    xlsx: Future[bytes] | bytes | None = None
    image: str = ""
    looked_up: bool = False  # the workbook's cache entry was looked for (once: see `_follow_up`)


class ImageRenderer:
    """Renders charts in worker processes while the pages go on being built: first each chart's SVG (the
    pages need it), then its XLSX (only a file beside the page), each in the order asked for. A cold
    build's rendering (about 0.03 s of CPU per SVG) then runs beside the rest of the build on a machine
    with two or more cores; whatever is in the cache is taken from it at once, without a worker.

    `chart` returns a token for the chart's inline SVG, put in the page where the SVG goes; `finish_pages`
    waits for every SVG and puts each in place of its token; `finish_files` returns the exported SVG and
    XLSX files (`ready_files` those done so far). `finish` does both. Or, to go on while the SVGs are
    drawn: `fill_ready` puts in the SVGs drawn so far and sets aside the texts still waiting for one,
    and `fill_rest` hands each of them over as soon as its SVGs are drawn. A chart id on two pages is one
    file, the last page's (as for its CSV). `close` stops the workers; what they have not rendered is
    dropped (a failed build writes nothing)."""

    def __init__(self, cache_dir: Path, workers: int | None = None, files: bool = True) -> None:
        self.cache_dir = cache_dir
        self.files = files  # False: the inline and exported SVGs only, no XLSX (pages to check)
        # One core is the build's own (the pages, then MkDocs): the charts get the others, at least one.
        self.workers = workers if workers is not None else max(1, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.charts: list[tuple[_Job, str, str]] = []  # job, chart id, title id
        self.outputs: dict[str, tuple[int, str]] = {}  # path → (chart number, "svg" or "xlsx")
        self.svgs: dict[str, Future[str] | str] = {}   # by spec hash: a chart on two pages is drawn once
        self.jobs: dict[tuple[str, str], _Job] = {}    # by the chart's SVG hash and its credit and rows
        self.pages_done = False  # every SVG drawn (`_draw_all`): from then on every workbook is queued at once
        self.unstarted: list[_Job] = []  # the charts whose workbook is not started (nor taken from the cache)
        self.in_workers: list[Future] = []  # workbooks queued or being made

    def start(self) -> None:
        """Start a worker now and its renderer with it (a process's first conversion starts a JavaScript
        runtime, about 0.4 s): a chart the pages wait for is then drawn without that wait."""
        self._submit(_warm_up)

    def _submit(self, function: Callable, *args: object) -> Future:
        if self.pool is None:
            # spawn: the renderer runs threads of its own, which a forked child would not have. At a
            # lower priority: the pages, then MkDocs, are what a build waits for; the charts take the
            # rest of the machine, and MkDocs waits for a chart only when it reaches its page.
            context = multiprocessing.get_context("spawn")
            self.pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=context,
                                                               initializer=os.nice, initargs=(WORKER_NICENESS,))
        return self.pool.submit(function, *args)

    def chart(self, chart: Chart, lang: str, about: Credit, book: Workbook, stem: str) -> str:
        """Render `chart` in the page's language `lang` (from the cache, or in a worker) and name its
        image and workbook `<lang>/<stem>.svg|xlsx`; returns the token of its inline SVG."""
        key = spec_hash(chart.spec, lang)
        if key not in self.svgs:
            cached = self.cache_dir / f"{key}.svg"
            text = _cached(cached)
            self.svgs[key] = text.decode("utf-8") if text is not None else \
                self._submit(render_svg, chart.spec, lang, self.cache_dir)
        book_path = book.cache_path(self.cache_dir)
        job_key = (key, json.dumps([about.__dict__, book_path.name]))
        if job_key not in self.jobs:
            self.jobs[job_key] = _Job(about, book, book_path, self.svgs[key])
            self.unstarted.append(self.jobs[job_key])
        job = self.jobs[job_key]
        number = len(self.charts)
        self.charts.append((job, chart.chart_id, f"{chart.chart_id}-title"))
        for output in ("svg", "xlsx") if self.files else ("svg",):
            self.outputs[f"{lang}/{stem}.{output}"] = (number, output)
        self._follow_up()
        return f"{TOKEN_MARK}{key} {chart.chart_id}\x00"

    def _follow_up(self) -> None:
        """Make the exported SVG of every chart whose SVG is there and start its workbook; while the pages
        are being built (`pages_done` false), at most one workbook per worker is queued at a time."""
        # Only the charts whose workbook is not started are looked at, and only the workbooks in a
        # worker counted: this runs for every chart added.
        self.in_workers = [future for future in self.in_workers if not future.done()]
        self.unstarted = [job for job in self.unstarted if job.xlsx is None]
        for job in self.unstarted:
            if isinstance(job.svg, Future) and not job.svg.done():
                continue
            if isinstance(job.svg, Future):
                job.svg = job.svg.result()
            if not job.image:
                job.image = export_svg(job.svg, job.about)
            if not self.files:
                job.xlsx = b""
                continue
            # Looked for once: every chart added calls this again while the workbooks wait their turn.
            if not job.looked_up:
                job.looked_up = True
                job.xlsx = _cached(job.book_path)
                if job.xlsx is not None:
                    continue
            if self.pages_done or len(self.in_workers) < self.workers:
                # The pages wait for every SVG, nothing waits for a workbook until MkDocs has the pages:
                # workbooks queued ahead of the SVGs still to come would hold the pages back.
                job.xlsx = self._submit(render_workbook, job.book, self.cache_dir)
                self.in_workers.append(job.xlsx)

    def _drawn(self, key: str) -> str | None:
        svg = self.svgs[key]
        if isinstance(svg, Future):
            if not svg.done():
                return None
            svg = self.svgs[key] = svg.result()
        return svg

    def _fill(self, text: str) -> str:
        """`text` with every token whose SVG is drawn replaced by the inline SVG."""
        def inline(match: re.Match[str]) -> str:
            svg = self._drawn(match.group(1))
            chart_id = match.group(2)
            return match.group(0) if svg is None else prepare_svg(svg, chart_id, f"{chart_id}-title")

        return _PENDING.sub(inline, text)

    def fill_ready(self, files: dict[str, str | bytes]) -> dict[str, str]:
        """Put every SVG drawn so far in place of its tokens in `files`; the texts still holding a token
        are taken out of `files` and returned (by path), for `fill_rest`."""
        self._follow_up()
        waiting = {}
        for path, content in list(files.items()):
            if isinstance(content, str) and TOKEN_MARK in content:
                content = self._fill(content)
                if TOKEN_MARK in content:
                    waiting[path] = content
                    del files[path]
                else:
                    files[path] = content
        return waiting

    def fill_rest(self, waiting: dict[str, str], done: Callable[[str, str], None]) -> None:
        """Call `done(path, text)` for each text of `waiting` (see `fill_ready`) with its SVGs in place,
        as soon as they are drawn, the soonest first; raises what a worker raised."""
        waiting = dict(waiting)
        while waiting:
            for path in list(waiting):
                text = self._fill(waiting[path])
                if TOKEN_MARK in text:
                    waiting[path] = text
                else:
                    del waiting[path]
                    done(path, text)
            keys = {m.group(1) for text in waiting.values() for m in _PENDING.finditer(text)}
            futures = [svg for key in keys if isinstance(svg := self.svgs[key], Future)]
            if futures:
                concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
            self._follow_up()

    def _draw_all(self) -> None:
        """Wait for every SVG; then every workbook not yet started is queued."""
        while True:
            waiting = [job.svg for job in self.jobs.values() if isinstance(job.svg, Future)]
            if not waiting:
                break
            concurrent.futures.wait(waiting, return_when=concurrent.futures.FIRST_COMPLETED)
            self._follow_up()
        self.pages_done = True
        self._follow_up()

    def finish_pages(self, files: dict[str, str | bytes]) -> None:
        """Wait for every SVG and put each in place of its tokens in `files`."""
        self.fill_rest(self.fill_ready(files), files.__setitem__)
        self._draw_all()

    def ready_files(self) -> dict[str, str | bytes]:
        """The exported SVG and XLSX files done so far (all of them once `finish_pages` returned and no
        worker is left rendering)."""
        out: dict[str, str | bytes] = {}
        for path, (number, output) in sorted(self.outputs.items()):
            job = self.charts[number][0]
            if output == "svg" and job.image:
                out[path] = job.image
            elif output == "xlsx" and isinstance(job.xlsx, bytes):
                out[path] = job.xlsx
        return out

    def late_paths(self) -> list[str]:
        """The paths of every exported SVG and XLSX file (done or not)."""
        return sorted(self.outputs)

    def finish_files(self) -> dict[str, str | bytes]:
        """Wait for every exported SVG and XLSX and return them by path; stops the workers."""
        self._draw_all()
        for job in self.jobs.values():
            if isinstance(job.xlsx, Future):
                job.xlsx = job.xlsx.result()
        out = self.ready_files()
        self.close()
        return out

    def finish(self, files: dict[str, str | bytes]) -> None:
        self.finish_pages(files)
        files.update(self.finish_files())

    def close(self) -> None:
        """Stop the workers; what they have not rendered is dropped (a failed build writes nothing)."""
        self.charts.clear()
        self.outputs.clear()
        self.svgs.clear()
        self.jobs.clear()
        self.unstarted.clear()
        self.in_workers.clear()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


# --- Chart builders: rows in, Vega-Lite spec out (no I/O) -----------------------------------------------

def unchecked(builder: Callable[..., dict]) -> Callable[..., dict]:
    """Build without Altair's schema validation of every object as it is created (its debug mode), for
    the reason `finish` gives; while `kept_specs` names a folder, a spec built before from the same
    arguments by the same code is read from there instead (a rebuild builds only the changed charts)."""

    @functools.wraps(builder)
    def build(*args: object, **kwargs: object) -> dict:
        folder = _SPECS["folder"]
        path = None
        if folder is not None:
            try:
                key = json.dumps([builder.__qualname__, _typed(args), _typed(kwargs), _builders_version()],
                                 ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError):  # an argument a key cannot tell apart from another: built
                key = None
            if key is not None:
                path = folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.spec.json"
                kept = _cached(path)
                if kept is not None:
                    return json.loads(kept)
        from altair.utils.schemapi import debug_mode

        with debug_mode(False):
            spec = builder(*args, **kwargs)
        if path is not None:
            _store(path, json.dumps(spec, ensure_ascii=False).encode("utf-8"))
        return spec

    return build


# Where built specs are kept while a build runs (`kept_specs`); None: every spec is built.
_SPECS: dict[str, Path | None] = {"folder": None}


@contextlib.contextmanager
def kept_specs(folder: Path) -> Iterator[None]:
    """While the block runs, chart builders keep the specs they build in `folder` and read them from
    there when called again with the same arguments (see `unchecked`)."""
    previous = _SPECS["folder"]
    _SPECS["folder"] = folder
    try:
        yield
    finally:
        _SPECS["folder"] = previous


@functools.cache
def _builders_version() -> str:
    """What a kept spec depends on besides its arguments: this module's code and Altair's version."""
    return hashlib.sha256(Path(__file__).read_bytes() + package_version("altair").encode()).hexdigest()


def _typed(value: object) -> object:
    """`value` as JSON with every value's type beside it, so that no two different arguments share a key
    (a string and a Markup, a tuple and a list, 1 and 1.0 and True); TypeError for any other type.
    A text of a str subclass is keyed with its type and its attributes."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return [kind.__name__, value]
    if kind is Decimal:
        return ["Decimal", str(value)]  # its exponent too: 5.0 is not 5
    if isinstance(value, str):  # a text that knows more (a number as written: sitegen.i18n.Num)
        return [f"{kind.__module__}.{kind.__qualname__}", str(value), _typed(vars(value))]
    if kind in (list, tuple):
        return [kind.__name__, [_typed(item) for item in value]]
    if kind is dict and all(type(k) is str for k in value):
        return ["dict", [[k, _typed(v)] for k, v in value.items()]]
    raise TypeError(f"no key for {kind.__name__}")


@unchecked
def bar_ranked(
    rows: list[dict],
    *,
    label_field: str,
    value_field: str,
    value_title: str,
    text_field: str,
    reference: float | None = None,
    reference_label: str = "",
    flag_field: str = "flag_mark",
    colour: str = BAR_COLOUR,
    domain_max: float | None = 100,
) -> dict:
    """Horizontal bars sorted by value, value labels at the bar ends, flagged bars marked ⚑ in orange."""
    rows, _, lines = in_lines(rows, label_field, None, AXIS_LABEL_LIMIT)
    data = rows_data()
    y = alt.Y(f"{label_field}:N", sort=alt.EncodingSortField(field=value_field, order="descending"), title=None,
              axis=multiline_axis(lines))
    scale = alt.Scale(domain=[0, domain_max]) if domain_max is not None else alt.Scale(zero=True)
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(height={"band": 0.75}).encode(
        x=alt.X(f"{value_field}:Q", title=value_title, scale=scale),
        color=colour_if(f"datum.{flag_field} != ''", FLAG_COLOUR, colour),
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X(f"{value_field}:Q"), text=alt.Text(f"{text_field}:N"),
    )
    layers: list = [bars, labels]
    if reference is not None:
        ref = alt.Chart(alt.Data(values=[{"value": reference, "label": reference_label}]))
        layers.append(ref.mark_rule(color=REFERENCE_COLOUR, strokeDash=[4, 3]).encode(x="value:Q"))
    return finish(layer(*layers, width=WIDTH - 120, height={"step": band_step(lines, 18)}), rows)


@unchecked
def heatmap(
    rows: list[dict],
    *,
    x_field: str,
    x_order: list[str],
    y_field: str,
    y_order: list[str],
    value_field: str,
    text_field: str,
    legend_title: str,
) -> dict:
    """Cells coloured by a 0–100 value with the value printed in each cell (dark text on light cells)."""
    rows, y_order, lines = in_lines(rows, y_field, y_order, AXIS_LABEL_LIMIT)
    data = rows_data()
    base = alt.Chart(data).encode(
        x=alt.X(f"{x_field}:N", sort=x_order, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y(f"{y_field}:N", sort=y_order, title=None, axis=multiline_axis(lines)),
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color(f"{value_field}:Q", title=legend_title,
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=[0, 100]),
                        legend=alt.Legend(gradientLength=160, direction="horizontal")),
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text(f"{text_field}:N"),
        color=colour_if(f"datum.{value_field} > 60", "#ffffff", "#000000"),
    )
    return finish(layer(cells, text, width=max(column_step(x_order) * len(x_order), 150),
                            height={"step": band_step(lines, 20)}), rows)


# Labels are never cut short ("Павлодар және Екібастұ…"): a label longer than its room is written in
# lines (`in_lines`), which Vega draws from the "\n" in it (MULTILINE_LABELS), its band made tall enough.
AXIS_LABEL_LIMIT = 140  # px of a category axis' labels
LEGEND_LABEL_LIMIT = WIDTH - 40
LABEL_LINE_PX = 13  # a line of an 11 px label
MULTILINE_LABELS = "split(datum.label, '\\n')"


def in_lines(rows: list[dict], field: str, order: Sequence[str] | None, width: float,
             size: float = AXIS_LABEL_SIZE, least: int = 10) -> tuple[list[dict], list[str] | None, int]:
    """Copies of `rows` (and `order`) with each value of `field` in lines ("\n") of at most `width` px
    at font size `size` (`wrap`, at least `least` characters a line), and the most lines a value takes."""
    values = {str(r[field]) for r in rows} | set(order or ())
    lines = {v: "\n".join(wrap(v, width, size, least=least)) for v in values}
    most = max((text.count("\n") + 1 for text in lines.values()), default=1)
    out = [dict(r, **{field: lines[str(r[field])]}) for r in rows]
    return out, [lines[v] for v in order] if order is not None else None, most


# Moves a label of a vertical axis up by half of its lines but one: Vega puts a label's first line on
# its tick, and the rest below it.
CENTRED_ON_TICK = f"-{LABEL_LINE_PX / 2:g} * (length(split(datum.label, '\\n')) - 1)"


def multiline_axis(lines: int, vertical: bool = True, **props: object) -> object:
    """A category axis (with `props`) whose labels are drawn in their lines when any has more than one; on
    a `vertical` axis (y) each label's lines are centred on its tick (CENTRED_ON_TICK), on a horizontal one
    they run down from it."""
    if lines > 1:
        if vertical:
            props = {"labelOffset": alt.ExprRef(CENTRED_ON_TICK), **props}
        return alt.Axis(labelExpr=MULTILINE_LABELS, labelLineHeight=LABEL_LINE_PX, **props)
    return alt.Axis(**props) if props else alt.Undefined


def band_step(lines: int, least: int) -> int:
    """The height of a band whose label takes `lines` lines: at least `least` px."""
    return max(least, LABEL_LINE_PX * lines + 5)


def column_step(labels: Sequence[str], least: int = 60) -> int:
    """Width in px of a column whose label is written above it: the longest label at the axis' size
    (CHAR_EM per character, generous) and a gap, so that no two labels run into each other."""
    return max(least, math.ceil(max((len(label) for label in labels), default=0) * AXIS_LABEL_SIZE * CHAR_EM) + 8)


# Languages whose words a label may be hyphenated in (pyphen's dictionaries, from LibreOffice); a word of
# another language that does not fit stays whole.
HYPHENATION = {"ru": "ru_RU", "en": "en_GB"}


@functools.cache
def _hyphenator(lang: str) -> object | None:
    import pyphen

    return pyphen.Pyphen(lang=HYPHENATION[lang]) if lang in HYPHENATION else None


def fit_label(text: str, width: float, size: float, lang: str, em: float = CHAR_EM) -> str:
    """`text` in lines (joined by "\n") of at most `width` pixels at font size `size` (estimated by
    `em`): whole when it fits, else broken at its spaces, and a word still too long hyphenated where the
    language's dictionary allows, the break that leaves the longest line shortest ("Кызылор-\nдинская");
    a word of a language without a dictionary (HYPHENATION: Kazakh) stays whole."""
    per_line = width / (size * em)
    if len(text) <= per_line:
        return text
    hyphenator = _hyphenator(lang)

    def hyphenated(word: str) -> list[str]:
        cuts = hyphenator.positions(word) if hyphenator is not None else []  # type: ignore[attr-defined]
        if not cuts:
            return [word]
        cut = min(cuts, key=lambda c: max(c + 1, len(word) - c))
        return [word[:cut] + "-", word[cut:]]

    return "\n".join(_filled(text, per_line, hyphenated))


TILE_LABEL_SIZE, TILE_LINE_HEIGHT = 8, 9


@unchecked
def tile_map(rows: list[dict], *, value_field: str, text_field: str, label_field: str, legend_title: str,
             lang: str) -> dict:
    """Equal tiles at rough geographic positions (col, row), coloured by a 0–100 value; as wide as a
    phone's column allows, each name in lines that fit its tile (`fit_label`, in language `lang`)."""
    cols = max(int(r["col"]) for r in rows) + 1
    rows_n = max(int(r["row"]) for r in rows) + 1
    tile = max(46, WIDTH // cols)
    inner = tile * (1 - TILE_PADDING) - 4
    rows = [dict(r, tile_name=fit_label(str(r[label_field]), inner, TILE_LABEL_SIZE, lang)) for r in rows]
    for row in rows:
        row["tile_lines"] = row["tile_name"].count("\n") + 1
    data = rows_data()
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(paddingInner=TILE_PADDING)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=TILE_PADDING)),
    )
    rects = base.mark_rect(cornerRadius=3).encode(
        color=alt.Color(f"{value_field}:Q", title=legend_title,
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=[0, 100]),
                        legend=alt.Legend(gradientLength=160, direction="horizontal")),
    )
    dark = f"datum.{value_field} > 60"
    # The name's last line sits just above the tile's middle, the value just below it: Vega sets a name's
    # first line at the mark's place and the others under it, so a name of n lines is raised n − 1 lines.
    counts = sorted({r["tile_lines"] for r in rows})
    names = [
        base.mark_text(fontSize=TILE_LABEL_SIZE, baseline="bottom", lineBreak="\n", lineHeight=TILE_LINE_HEIGHT,
                       dy=-1 - TILE_LINE_HEIGHT * (count - 1)).encode(
            text=alt.Text("tile_name:N"),
            color=colour_if(dark, "#ffffff", "#000000"),
        )
        for count in counts
    ]
    if len(names) > 1:
        names = [name.transform_filter(f"datum.tile_lines == {count}") for name, count in zip(names, counts, strict=True)]
    values = base.mark_text(fontSize=10, fontWeight="bold", dy=8).encode(
        text=alt.Text(f"{text_field}:N"),
        color=colour_if(dark, "#ffffff", "#000000"),
    )
    return finish(layer(rects, *names, values, width=tile * cols, height=tile * rows_n), rows)


@unchecked
def grouped_bars(
    rows: list[dict],
    *,
    group_field: str,
    group_order: list[str],
    series_field: str,
    series_order: list[str],
    series_colours: list[str],
    value_field: str,
    value_title: str,
    text_field: str,
    domain_max: float | None = 100,
) -> dict:
    """Bars per group (rows) and series (colour within the group), value labels at the bar ends."""
    data = rows_data()
    scale = alt.Scale(domain=[0, domain_max]) if domain_max is not None else alt.Scale(zero=True)
    base = alt.Chart(data).encode(
        y=alt.Y(f"{series_field}:N", sort=series_order, title=None, axis=None),
    )
    bars = base.mark_bar().encode(
        x=alt.X(f"{value_field}:Q", title=value_title, scale=scale),
        color=alt.Color(f"{series_field}:N", sort=series_order, title=None,
                        scale=alt.Scale(domain=series_order, range=series_colours)),
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(
        x=alt.X(f"{value_field}:Q"), text=alt.Text(f"{text_field}:N"),
    )
    layered = layer(bars, labels, width=WIDTH - 130, height={"step": 14})
    # The facet takes the layers' data (the named rows) to its top level, where Vega-Lite wants it.
    chart = layered.facet(
        row=alt.Row(f"{group_field}:N", sort=group_order, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontSize=11)),
        spacing=6,
    )
    return finish(chart, rows)


LINE_HEIGHT_PX = 200  # the plot of a line chart
POINT_LABEL_SIZE = 9
# Where a point's value label is drawn, in pixels from the point (its centre), and the box it takes.
POINT_LABEL_ABOVE, POINT_LABEL_BELOW, POINT_LABEL_HALF = -9, 11, 5
POINT_HALF = 3.5  # a point's radius (its area: 40 px²)


def nice_top(value: float, count: int = 10) -> float:
    """The top of a zero-based linear scale reaching `value` as Vega makes it nice (d3's tick step for
    `count` ticks: 1, 2 or 5 × a power of ten): 89 → 90, 445 → 450."""
    if value <= 0:
        return 1.0
    raw = value / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    step = power * (10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1)
    return math.ceil(value / step - 1e-9) * step


def place_point_labels(rows: list[dict], *, x_field: str, y_field: str, text_field: str,
                       height: float = LINE_HEIGHT_PX) -> list[dict]:
    """Copies of `rows` with where each point's value label goes ("label_at": "above", "below" or
    "none"; "label_shared": drawn once, in the text colour, for every series at the point), so that no
    two labels at one x overlap, nor a label a point: the highest value's label above its point, each
    next one above its point if that space is free, else below it; the same value at the same height is
    one label. Heights are estimated on the scale Vega makes (`nice_top`) over `height` pixels."""
    top = nice_top(max((float(r[y_field]) for r in rows), default=0.0))
    out = [dict(r, label_at="none", label_shared=False) for r in rows]
    def y_of(row: dict) -> float:
        return height * (1 - float(row[y_field]) / top)

    for x in dict.fromkeys(r[x_field] for r in out):
        at_x = sorted((r for r in out if r[x_field] == x), key=lambda r: -float(r[y_field]))
        points = [(y_of(r) - POINT_HALF, y_of(r) + POINT_HALF) for r in at_x]  # no label covers a point
        taken: list[tuple[float, float, float, dict]] = []  # (point's y, box's top, box's bottom, row)
        for row in at_x:
            y = y_of(row)
            same = next((t for t in taken if t[3][text_field] == row[text_field] and abs(t[0] - y) < 1), None)
            if same is not None:
                same[3]["label_shared"] = True
                continue
            labels = [(t[1], t[2]) for t in taken]
            place, dy = "above", POINT_LABEL_ABOVE
            # Free of labels and points, else of labels (a label over a point reads; two labels do not).
            for boxes in (labels + points, labels):
                free = [(candidate, offset) for candidate, offset in (("above", POINT_LABEL_ABOVE),
                                                                      ("below", POINT_LABEL_BELOW))
                        if all(y + offset + POINT_LABEL_HALF <= box_top + 0.5 or
                               y + offset - POINT_LABEL_HALF >= box_bottom - 0.5 for box_top, box_bottom in boxes)]
                if free:  # touching is no overlap
                    place, dy = free[0]
                    break
            row["label_at"] = place
            taken.append((y, y + dy - POINT_LABEL_HALF, y + dy + POINT_LABEL_HALF, row))
    return out


@unchecked
def line_path(
    rows: list[dict],
    *,
    x_field: str,
    x_order: list[str],
    y_field: str,
    y_title: str,
    series_field: str,
    series_order: list[str],
    text_field: str,
    colours: list[str],
) -> dict:
    """A path over ordered periods per series, points labelled with their values (`place_point_labels`);
    the periods' labels in lines at their spaces when the longest does not fit its place ("2023 жыл")."""
    rows = place_point_labels(rows, x_field=x_field, y_field=y_field, text_field=text_field)
    rows, series_order, _ = in_lines(rows, series_field, series_order, LEGEND_LABEL_LIMIT)
    width = WIDTH - 60
    rows, x_order, x_lines = in_lines(rows, x_field, x_order, width / max(len(x_order), 1) - 4, least=1)
    data = rows_data()
    base = alt.Chart(data).encode(
        x=alt.X(f"{x_field}:O", sort=x_order, title=None, axis=multiline_axis(x_lines, vertical=False, labelAngle=0)),
        y=alt.Y(f"{y_field}:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color(f"{series_field}:N", sort=series_order, title=None,
                        scale=alt.Scale(domain=series_order, range=colours),
                        legend=alt.Legend(direction="vertical", labelLimit=LEGEND_LABEL_LIMIT,
                                          labelExpr=MULTILINE_LABELS)),
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=40, filled=True))
    text = alt.Text(f"{text_field}:N")
    above = base.mark_text(dy=POINT_LABEL_ABOVE, fontSize=POINT_LABEL_SIZE).encode(text=text)
    layers = [lines]
    # Only the layers a chart needs (each costs the renderer): one series has every label above.
    if any(r["label_at"] != "above" or r["label_shared"] for r in rows):
        layers.append(above.transform_filter("datum.label_at == 'above' && !datum.label_shared"))
    else:
        layers.append(above)
    if any(r["label_at"] == "below" for r in rows):
        layers.append(base.mark_text(dy=POINT_LABEL_BELOW, fontSize=POINT_LABEL_SIZE).encode(text=text)
                      .transform_filter("datum.label_at == 'below'"))
    if any(r["label_shared"] for r in rows):
        layers.append(base.mark_text(dy=POINT_LABEL_ABOVE, fontSize=POINT_LABEL_SIZE)
                      .encode(text=text, color=alt.ColorValue(TEXT_COLOUR)).transform_filter("datum.label_shared"))
    return finish(layer(*layers, width=width, height=LINE_HEIGHT_PX), rows)


@unchecked
def count_bars(rows: list[dict], *, label_field: str, label_order: list[str] | None, value_field: str,
               value_title: str, colour: str = BAR_COLOUR) -> dict:
    """Horizontal bars of counts with the count at the bar end."""
    rows, label_order, lines = in_lines(rows, label_field, label_order, AXIS_LABEL_LIMIT)
    data = rows_data()
    sort = label_order if label_order is not None else alt.EncodingSortField(field=value_field, order="descending")
    base = alt.Chart(data).encode(y=alt.Y(f"{label_field}:N", sort=sort, title=None, axis=multiline_axis(lines)))
    bars = base.mark_bar(color=colour).encode(x=alt.X(f"{value_field}:Q", title=value_title))
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(x=f"{value_field}:Q", text=f"{value_field}:Q")
    return finish(layer(bars, labels, width=WIDTH - 120, height={"step": band_step(lines, 18)}), rows)


PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


@unchecked
def time_points(
    rows: list[dict],
    *,
    start_field: str,
    end_field: str,
    middle_field: str,
    y_field: str,
    y_title: str,
    series_field: str,
    series_order: list[str],
    colours: list[str],
    shape_field: str,
    shape_order: list[str],
    shapes: list[str],
    shape_title: str,
) -> dict:
    """Values over time on a temporal x axis: a bar across each period (first to last day), a point at
    its middle, the points of a series joined in time order; colour is the series, shape the source.

    Dates are ISO strings ('2023-04-01'). Ticks show years only, so no month name needs a locale.
    """
    rows, series_order, _ = in_lines(rows, series_field, series_order, LEGEND_LABEL_LIMIT)
    rows, shape_order, _ = in_lines(rows, shape_field, shape_order, LEGEND_LABEL_LIMIT)
    data = rows_data()
    colour = alt.Color(f"{series_field}:N", sort=series_order, title=None,
                       scale=alt.Scale(domain=series_order, range=colours),
                       legend=alt.Legend(direction="vertical", labelLimit=LEGEND_LABEL_LIMIT, orient="bottom",
                                         labelExpr=MULTILINE_LABELS))
    y = alt.Y(f"{y_field}:Q", title=y_title, scale=alt.Scale(zero=True))
    x_axis = alt.Axis(format="%Y", tickCount="year", labelAngle=0, grid=False)
    base = alt.Chart(data)
    spans = base.mark_rule(strokeWidth=3, opacity=0.45).encode(
        x=alt.X(f"{start_field}:T", title=None, axis=x_axis), x2=f"{end_field}:T", y=y, color=colour)
    path = base.mark_line(strokeWidth=1).encode(
        x=alt.X(f"{middle_field}:T"), y=y, color=colour, order=alt.Order(f"{middle_field}:T"))
    points = base.mark_point(size=60, filled=True, opacity=1).encode(
        x=alt.X(f"{middle_field}:T"), y=y, color=colour,
        shape=alt.Shape(f"{shape_field}:N", sort=shape_order, title=shape_title,
                        scale=alt.Scale(domain=shape_order, range=shapes),
                        legend=alt.Legend(direction="vertical", orient="bottom", labelLimit=LEGEND_LABEL_LIMIT,
                                          labelExpr=MULTILINE_LABELS)),
    )
    chart = layer(spans, path, points, width=WIDTH - 70, height=220).resolve_legend(shape="independent")
    return finish(chart, rows)
