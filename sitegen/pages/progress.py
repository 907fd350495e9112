"""/progress/: each measure over the periods the documents give; each count against the previous period
and the earliest, with the multipliers the documents state beside the computed ones.

The chart puts the periods on a time scale: a point at the middle of its period (a year at 1 July, a
quarter halfway through its three months) and a bar across the whole period, so that a year is drawn
four times as wide as a quarter and two years apart look two years apart. The shape of a point says
which document gives it. The comparison table has one group per series (measure × organisation type ×
place) and one row per later period, each row with the two comparisons side by side.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pipelines import vocabularies
from pipelines.language import grammar
from pipelines.vocabularies import MEASURES, ORG_TYPES
from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, el, esc, table
from sitegen.pages.coverage import full_stop
from sitegen.periods import Period, period_label, period_range, periods

MEASURE_ORDER = list(MEASURES)
# All organisations first, then each kind.
ORG_ORDER = ["all", *(org for org in ORG_TYPES if org != "all")]
# The comparison with the previous period first.
COMPARISONS = tuple(sorted(vocabularies.COMPARISONS, key=lambda c: c != "since_previous"))
# Point shapes for documents, in the order the documents are numbered (Vega-Lite's own shape names).
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left",
          "triangle-right"]


def progress_rows(page: PageCtx) -> list[Row]:
    return sorted(
        page.data.optional("progress"),
        key=lambda r: (str(r.get("measure")), str(r.get("org_type")), str(r.get("scope")),
                       str(r.get("period_from")), str(r.get("period_to"))),
    )


def _sort_measures(measures: set[str]) -> list[str]:
    return sorted(measures, key=lambda m: (MEASURE_ORDER.index(m) if m in MEASURE_ORDER else 99, m))


def range_label(page: PageCtx, first: str, last: str, *, attributive: bool = False) -> str:
    """From the first period to the last in words (one period alone when they are the same)."""
    return period_range(first, last, page.lang, attributive=attributive)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def document_label(page: PageCtx, source_id: str) -> str:
    return page.t("progress.document", doc=source_id[:3])


def figure_flags(page: PageCtx) -> dict[str, str]:
    return {str(f["figure_id"]): str(f.get("flags") or "") for f in page.data.optional("national_figures")}


# --- The chart --------------------------------------------------------------------------------------------

def progress_chart(page: PageCtx) -> Chart | None:
    """National counts per measure (all organisation types together) on a time scale, one point per
    period and document."""
    rows = [r for r in progress_rows(page) if r.get("scope") == "national" and not r.get("locality")
            and r.get("org_type") in ("all", "", None) and r.get("measure") in MEASURE_ORDER]
    if not rows:
        return None
    flags = figure_flags(page)
    points: dict[tuple[str, str, str], dict] = {}
    for r in rows:
        ends = ((r["period_from"], r["value_from"], r["base_source_id"], r["figure_id_from"]),
                (r["period_to"], r["value_to"], r["source_id"], r["figure_id_to"]))
        for code, value, source_id, figure_id in ends:
            if value is None:
                continue
            points[(str(r["measure"]), str(code), str(source_id))] = {
                "measure": r["measure"], "measure_label": page.measure(str(r["measure"])), "period": str(code),
                "value": value, "source_id": source_id, "document": document_label(page, str(source_id)),
                "figure_id": figure_id, "flags": flags.get(str(figure_id), ""),
            }
    bounds = {p.code: p for p in periods(code for _, code, _ in points)}
    drawn = []
    for key in sorted(points, key=lambda k: (bounds[k[1]].end, bounds[k[1]].start, k[0], k[2])):
        point, when = points[key], bounds[key[1]]
        point.update({"period_label": period_label(when.code, page.lang), "period_start": when.start.isoformat(),
                      "period_end": when.end.isoformat(), "middle": when.middle.isoformat(),
                      "label": page.num(point["value"]) + (f" {charts.FLAG_MARK}" if point["flags"] else "")})
        drawn.append(point)
    measures = _sort_measures({d["measure"] for d in drawn})
    sources = sorted({str(d["source_id"]) for d in drawn})
    spec = charts.time_points(
        drawn, start_field="period_start", end_field="period_end", middle_field="middle", y_field="value",
        y_title=page.t("progress.axis_count"), series_field="measure_label",
        series_order=[page.measure(m) for m in measures], colours=charts.PALETTE[: len(measures)],
        shape_field="document", shape_order=[document_label(page, s) for s in sources],
        shapes=[SHAPES[i % len(SHAPES)] for i in range(len(sources))], shape_title=page.t("progress.col.document"),
    )
    ordered = list(bounds.values())
    notes = [page.t("progress.chart_note")]
    if any(d["flags"] for d in drawn):
        notes.append(page.t("chart.flag_note", mark=charts.FLAG_MARK))
    return Chart(
        chart_id="progress-national",
        title=page.t("progress.chart_title"),
        summary=grammar.sentence(page.t(
            "progress.chart_summary", range=capitalised(range_label(page, ordered[0].code, ordered[-1].code)),
            measures=grammar.count_noun(len(measures), "measure", page.lang),
            documents=grammar.count_noun(len(sources), "document", page.lang))),
        spec=spec, rows=drawn,
        columns=["measure", "period", "period_start", "period_end", "value", "source_id", "figure_id", "flags"],
        notes=notes,
        sources=charts.source_refs(rows),
    )


# --- The comparisons --------------------------------------------------------------------------------------

def series_key(row: Row) -> tuple[str, ...]:
    return (str(row.get("measure") or ""), str(row.get("org_type") or "all"), str(row.get("scope") or ""),
            str(row.get("locality") or ""), str(row.get("city_group") or ""))


def place_label(page: PageCtx, row: Row) -> str:
    scope = str(row.get("scope") or "")
    if row.get("city_group"):
        return page.city_name(str(row["city_group"]))
    if scope == "national":
        return page.t("progress.scope_national")
    if scope == "large_cities":
        return page.t("progress.scope_large_cities")
    if scope in page.data.city_groups:
        return page.city_name(scope)
    return page.region_name(scope)


def series_label(page: PageCtx, row: Row, with_place: bool = True) -> str:
    parts = [page.measure(str(row["measure"])), page.org(str(row.get("org_type") or "all"))]
    if with_place:
        parts.append(place_label(page, row))
    if row.get("locality"):
        parts.append(page.locality(str(row["locality"])))
    return " · ".join(parts)


def _series_order(page: PageCtx, key: tuple[str, ...]) -> tuple:
    measure, org, scope = key[0], key[1], key[2]
    place = (0 if scope == "national" else 1 if scope == "large_cities" else 2, scope)
    return (MEASURE_ORDER.index(measure) if measure in MEASURE_ORDER else 99, measure, place,
            ORG_ORDER.index(org) if org in ORG_ORDER else 99, org, key[3:])


def signed(page: PageCtx, value: float | int | None, percent: bool = False) -> str:
    if value is None:
        return "–"
    text = page.pct(value) if percent else page.num(value)
    return ("+" + text) if value > 0 else text


def multiplier(page: PageCtx, value: object) -> str:
    return "–" if value in (None, "") else "×" + page.auto(float(value))  # type: ignore[arg-type]


def stated_example(page: PageCtx) -> str:
    """A multiplier a document states, as an example for the page's introduction («11 есе»); none when
    no document states one."""
    stated = [r["multiplier_stated"] for r in progress_rows(page) if r.get("multiplier_stated") is not None]
    return page.t("progress.intro_example", times=page.auto(float(stated[0]))) if stated else ""


def comparison_cell(page: PageCtx, row: Row | None) -> Markup:
    """One comparison, line by line: its two periods in words, the two values, the change and the
    multipliers (computed, and stated where the document states one), then sources and flags."""
    if row is None:
        return Markup("–")
    lines = [
        page.t("progress.pair", first=period_label(str(row["period_from"]), page.lang),
               last=period_label(str(row["period_to"]), page.lang)),
        page.t("progress.pair", first=page.num(row["value_from"]), last=page.num(row["value_to"])),
    ]
    if row.get("change_rel_percent") is None:  # from zero: no relative change
        change = signed(page, row.get("change_abs"))
    else:
        rel = row.get("change_rel_percent")
        if rel == 0 and row.get("change_abs"):  # rounded to zero in the package: the exact share
            rel = 100 * float(row["change_abs"]) / float(row["value_from"])
        change = page.t("progress.change", abs=signed(page, row.get("change_abs")),
                        rel=signed(page, rel, percent=True))
    if row.get("multiplier_computed") is not None:
        change += " · " + multiplier(page, row["multiplier_computed"])
    if row.get("multiplier_stated") is not None:
        change += " " + page.t("progress.multiplier_stated", value=multiplier(page, row["multiplier_stated"]))
    lines.append(change)
    sources = [page.source_link(row["base_source_id"], row["source_line_from"])] if row.get("base_source_id") else []
    if row.get("source_id"):
        sources.append(page.source_link(row["source_id"], row["source_line"]))
    # The comparison's own flags and those of the two figures it compares (a figure another document
    # states otherwise keeps that flag here too: the number shown is the same).
    by_figure = figure_flags(page)
    flags = {c for value in (row.get("flags"), by_figure.get(str(row.get("figure_id_from") or "")),
                             by_figure.get(str(row.get("figure_id_to") or ""))) for c in str(value or "").split(";") if c}
    links = Markup(" · ".join(str(s) for s in sources) + " " + str(page.flags_html(";".join(sorted(flags)))))
    return Markup("<br>".join([*(str(esc(line)) for line in lines), f'<span class="bd-note">{links}</span>']))


def cell(page: PageCtx, pair: dict[str, Row], comparison: str) -> Markup:
    """A comparison's cell; the one with the earliest period says so when it is the previous one too."""
    previous, earliest = pair.get("since_previous"), pair.get("since_earliest")
    if comparison == "since_earliest" and previous and earliest and previous["period_from"] == earliest["period_from"]:
        return esc(page.t("progress.same_as_previous"))
    return comparison_cell(page, pair.get(comparison))


def comparisons_table(page: PageCtx, rows: Iterable[Row], caption: str, with_place: bool = True) -> Markup:
    """One group per series, one row per later period: the comparison with the previous period beside
    the one with the earliest (a column only for the comparisons the rows have). At most three narrow
    columns, so that it reads on a phone."""
    series: dict[tuple[str, ...], dict[str, dict[str, Row]]] = {}
    rows = list(rows)
    for r in rows:
        series.setdefault(series_key(r), {}).setdefault(str(r["period_to"]), {})[str(r["comparison"])] = r
    shown = [c for c in COMPARISONS if any(r["comparison"] == c for r in rows)]
    # Two levels of headings (the series, then the columns): each cell names its headings (WCAG H43).
    tid = "cmp-" + hashlib.sha256(caption.encode("utf-8")).hexdigest()[:6]
    bodies = []
    for s, key in enumerate(sorted(series, key=lambda k: _series_order(page, k))):
        by_period = series[key]
        order = [p.code for p in periods(by_period)]
        any_row = next(iter(next(iter(by_period.values())).values()))
        head = (f'<tr><th colspan="{len(shown) + 1}" scope="colgroup" id="{tid}-s{s}"><strong>'
                f"{esc(series_label(page, any_row, with_place))}</strong></th></tr>")
        lines = []
        for r, code in enumerate(reversed(order)):
            pair = by_period[code]
            to_row = next(iter(pair.values()))
            lines.append(
                f'<tr><th scope="row" id="{tid}-s{s}-r{r}" headers="{tid}-c0 {tid}-s{s}">'
                f'{esc(period_label(code, page.lang))}<br>'
                f'<span class="bd-note">{esc(page.num(to_row["value_to"]))}</span></th>'
                + "".join(f'<td headers="{tid}-c{i + 1} {tid}-s{s} {tid}-s{s}-r{r}">{cell(page, pair, c)}</td>'
                          for i, c in enumerate(shown)) + "</tr>"
            )
        bodies.append(f"<tbody>{head}{''.join(lines)}</tbody>")
    headers = [page.t("progress.col.period"), *(page.t(f"progress.col.{c}") for c in shown)]
    head = "".join(f'<th scope="col" id="{tid}-c{i}">{esc(h)}</th>' for i, h in enumerate(headers))
    return Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="bd-table bd-progress"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>'
        f'{"".join(bodies)}</table></div>'
    )


# --- School internet --------------------------------------------------------------------------------------

def internet_figures(page: PageCtx) -> list[Row]:
    found = [f for f in page.data.optional("national_figures") if "internet" in str(f.get("measure", ""))]
    order = {p.code: i for i, p in enumerate(periods(f["period"] for f in found))}
    return sorted(found, key=lambda f: (order[str(f["period"])], str(f["measure"]), str(f["figure_id"])))


def internet_table(page: PageCtx) -> Markup:
    """The school-internet figures, each with what it states and its value as the document gives it
    (decimals, hedge and unit in one cell, so that a unit is written once; with its total when the
    document gives one: "7 078 of 7 098")."""
    body = []
    for f in internet_figures(page):
        body.append([
            period_label(str(f["period"]), page.lang), page.figure_label(f), page.figure_stated(f),
            Markup(f"{page.source_link(f['source_id'], f['source_line'])} {page.flags_html(f.get('flags'))}"),
        ])
    headers = [page.t("progress.col.period"), page.t("progress.col.figure"), page.t("progress.col.value"),
               page.t("regions.col.source")]
    return table(headers, body, numeric=[2], caption=page.t("progress.internet_caption"))


def documents_list(page: PageCtx, source_ids: Iterable[str]) -> Markup:
    links = []
    for sid in sorted(set(source_ids)):
        row = page.data.sources.get(sid, {})
        date = str(row.get("date") or "")
        label = page.t("progress.document_dated", doc=sid[:3], date=period_label(date, page.lang) if date else "–")
        links.append(f'<a href="{esc(page.href(f"sources/{sid}/"))}">{esc(label)}</a>')
    return Markup(", ".join(links))


# --- The page ---------------------------------------------------------------------------------------------

def all_periods(page: PageCtx) -> list[Period]:
    return periods([r["period_from"] for r in progress_rows(page)] + [r["period_to"] for r in progress_rows(page)])


def progress_page(page: PageCtx) -> str:
    spans = all_periods(page)
    span = range_label(page, spans[0].code, spans[-1].code) if spans else ""
    parts = [
        front_matter(page.t("page.progress"), page.t("progress.description", range=span) if span else None),
        heading(1, page.t("page.progress"), "progress"),
        block(el("p", page.t("progress.intro", example=stated_example(page)))),
    ]
    if span:
        parts.append(block(el("p", grammar.sentence(page.t("progress.periods", range=span)))))
    chart = progress_chart(page)
    if chart is not None:
        parts.append(block(page.chart(chart)))
    # The stated totals; each place of the notes' lists is compared on its region's page.
    rows = [r for r in progress_rows(page) if not r.get("area_type")]
    if rows:
        parts.append(heading(2, page.t("progress.table_heading"), "comparisons"))
        parts.append(block(comparisons_table(page, rows, page.t("progress.table_caption"))))
    else:
        parts.append(block(el("p", page.t("common.not_published"))))
    parts.append(heading(2, page.t("progress.internet_heading"), "internet"))
    figures = internet_figures(page)
    if figures:
        intro = Markup(esc(page.t("progress.internet_intro")) + " "
                       + full_stop(documents_list(page, (str(f["source_id"]) for f in figures))))
        parts.append(block(el("p", intro)))
        parts.append(block(internet_table(page)))
    else:
        parts.append(block(el("p", page.t("common.not_published"))))
    return "".join(parts)
