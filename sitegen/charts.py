"""Charts: Altair specs (pure), rendered offline to inline SVG with vl-convert, cached by spec hash.

A chart is its Vega-Lite spec, a title, a one-sentence summary and the rows it draws (published as a
CSV beside the page). The spec carries its rows once, in its top-level `datasets` under the name
`rows`, and its views refer to them by that name: Altair copies a chart's data on every method call,
so the builders work on the name and `finish` adds the rows to the finished dict. The shared look
(`base_config`) is added there too, as Altair's `.configure` would. Builders skip Altair's validation
of every object as it is created (see `finish` for why).

Rendering is the only slow step, so the SVG is cached under .cache/charts/ keyed by a hash of
everything that affects it: the spec, the number locale and the renderer's version. An unchanged
chart is never rendered twice.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import vl_convert as vlc
from altair.utils.schemapi import debug_mode

from sitegen.html import Ctx, Markup, esc
from sitegen.i18n import D3_LOCALES

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


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    summary: str
    spec: dict
    rows: list[dict]
    columns: list[str]
    notes: list[str] = field(default_factory=list)


def base_config() -> dict:
    """Shared look: readable sizes on a phone, no chart title (the figure caption is the title)."""
    return {
        "font": FONT,
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 140, "titleFontWeight": "normal"},
        "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
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


def spec_hash(spec: dict, lang: str) -> str:
    payload = json.dumps(
        {"spec": spec, "locale": D3_LOCALES[lang], "vl_convert": getattr(vlc, "__version__", "")},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render_svg(spec: dict, lang: str, cache_dir: Path) -> str:
    """SVG text for a spec, from the cache when the same spec was rendered before."""
    key = spec_hash(spec, lang)
    cached = cache_dir / f"{key}.svg"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vlc.vegalite_to_svg(spec, format_locale=D3_LOCALES[lang], allowed_base_urls=[])
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_text(svg, encoding="utf-8")
    tmp.replace(cached)
    return svg


_ID = re.compile(r'\bid="([^"]+)"')
# Where an SVG defines or refers to an id: id="x", url(#x), href="#x" (group 2 is the id).
_ID_USE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def prepare_svg(svg: str, chart_id: str, labelled_by: str) -> str:
    """Make a rendered SVG safe to inline: ids unique on the page, one labelled image for assistive tech.

    Ids are renamed by their order in the SVG: the renderer numbers some (gradients) by how many it has
    drawn in the process so far, so the same chart, cached or drawn after other charts, would otherwise
    come out with different ids.
    """
    names = {old: f"{chart_id}-{number}" for number, old in enumerate(dict.fromkeys(_ID.findall(svg)))}
    svg = _ID_USE.sub(lambda m: m.group(1) + names.get(m.group(2), m.group(2)), svg)
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    # Vega still marks some groups as graphics symbols; inside one role="img" they are only drawing.
    svg = re.sub(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"', "", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{labelled_by}" focusable="false" ', 1)
    return svg.strip()


def csv_text(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buffer.getvalue()


def figure(chart: Chart, svg: str, csv_href: str, csv_label: str, ctx: Ctx) -> Markup:
    """<figure> with the inline SVG, its title, summary, notes and the link to the CSV it draws."""
    title_id = f"{chart.chart_id}-title"
    body = prepare_svg(svg, chart.chart_id, title_id)
    notes = "".join(f'<span class="bd-note">{esc(n)}</span><br>' for n in chart.notes)
    return Markup(
        f'<figure class="bd-chart" id="{esc(chart.chart_id)}" data-search-exclude>'
        f"{body}"
        f'<figcaption><span class="bd-chart__title" id="{esc(title_id)}">{esc(chart.title)}</span>'
        f"{esc(chart.summary)}<br>{notes}"
        f'<span class="bd-chart__links"><a href="{esc(csv_href)}" download>{esc(csv_label)}</a></span>'
        f"</figcaption></figure>"
    )


# --- Chart builders: rows in, Vega-Lite spec out (no I/O) -----------------------------------------------

def unchecked(builder: Callable[..., dict]) -> Callable[..., dict]:
    """Build without Altair's schema validation of every object as it is created (its debug mode), for
    the reason `finish` gives."""

    @functools.wraps(builder)
    def build(*args: object, **kwargs: object) -> dict:
        with debug_mode(False):
            return builder(*args, **kwargs)

    return build


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
    data = rows_data()
    y = alt.Y(f"{label_field}:N", sort=alt.EncodingSortField(field=value_field, order="descending"), title=None)
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
    step = 18
    return finish(alt.layer(*layers, width=WIDTH - 120, height={"step": step}), rows)


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
    data = rows_data()
    base = alt.Chart(data).encode(
        x=alt.X(f"{x_field}:N", sort=x_order, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y(f"{y_field}:N", sort=y_order, title=None),
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
    width = max(60 * len(x_order), 150)
    return finish(alt.layer(cells, text, width=width, height={"step": 20}), rows)


@unchecked
def tile_map(rows: list[dict], *, value_field: str, text_field: str, label_field: str, legend_title: str) -> dict:
    """Equal tiles at rough geographic positions (col, row), coloured by a 0–100 value."""
    data = rows_data()
    tile = 46
    base = alt.Chart(data).encode(
        x=alt.X("col:O", axis=None, scale=alt.Scale(paddingInner=0.06)),
        y=alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0.06)),
    )
    rects = base.mark_rect(cornerRadius=3).encode(
        color=alt.Color(f"{value_field}:Q", title=legend_title,
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=[0, 100]),
                        legend=alt.Legend(gradientLength=160, direction="horizontal")),
    )
    dark = f"datum.{value_field} > 60"
    names = base.mark_text(fontSize=8, dy=-6).encode(
        text=alt.Text(f"{label_field}:N"),
        color=colour_if(dark, "#ffffff", "#000000"),
    )
    values = base.mark_text(fontSize=10, fontWeight="bold", dy=7).encode(
        text=alt.Text(f"{text_field}:N"),
        color=colour_if(dark, "#ffffff", "#000000"),
    )
    cols = max(int(r["col"]) for r in rows) + 1
    rows_n = max(int(r["row"]) for r in rows) + 1
    return finish(alt.layer(rects, names, values, width=tile * cols, height=tile * rows_n), rows)


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
    layered = alt.layer(bars, labels, width=WIDTH - 130, height={"step": 14})
    # The facet takes the layers' data (the named rows) to its top level, where Vega-Lite wants it.
    chart = layered.facet(
        row=alt.Row(f"{group_field}:N", sort=group_order, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontSize=11)),
        spacing=6,
    )
    return finish(chart, rows)


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
    """A path over ordered periods per series, points labelled with their values."""
    data = rows_data()
    base = alt.Chart(data).encode(
        x=alt.X(f"{x_field}:O", sort=x_order, title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y_field}:Q", title=y_title, scale=alt.Scale(zero=True)),
        color=alt.Color(f"{series_field}:N", sort=series_order, title=None,
                        scale=alt.Scale(domain=series_order, range=colours),
                        legend=alt.Legend(direction="vertical", labelLimit=WIDTH - 40)),
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=40, filled=True))
    labels = base.mark_text(dy=-9, fontSize=9).encode(text=alt.Text(f"{text_field}:N"))
    return finish(alt.layer(lines, labels, width=WIDTH - 60, height=200), rows)


@unchecked
def count_bars(rows: list[dict], *, label_field: str, label_order: list[str] | None, value_field: str,
               value_title: str, colour: str = BAR_COLOUR) -> dict:
    """Horizontal bars of counts with the count at the bar end."""
    data = rows_data()
    sort = label_order if label_order is not None else alt.EncodingSortField(field=value_field, order="descending")
    base = alt.Chart(data).encode(y=alt.Y(f"{label_field}:N", sort=sort, title=None))
    bars = base.mark_bar(color=colour).encode(x=alt.X(f"{value_field}:Q", title=value_title))
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(x=f"{value_field}:Q", text=f"{value_field}:Q")
    return finish(alt.layer(bars, labels, width=WIDTH - 120, height={"step": 18}), rows)


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
    data = rows_data()
    colour = alt.Color(f"{series_field}:N", sort=series_order, title=None,
                       scale=alt.Scale(domain=series_order, range=colours),
                       legend=alt.Legend(direction="vertical", labelLimit=WIDTH - 40, orient="bottom"))
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
                        legend=alt.Legend(direction="vertical", orient="bottom", labelLimit=WIDTH - 40)),
    )
    chart = alt.layer(spans, path, points, width=WIDTH - 70, height=220).resolve_legend(shape="independent")
    return finish(chart, rows)
