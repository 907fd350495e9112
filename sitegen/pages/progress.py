"""/progress/: each measure over the periods the documents give; stated and computed multipliers."""

from __future__ import annotations

from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row
from sitegen.html import Markup, block, el, table

MEASURE_ORDER = ["cctv_police_link", "licensed_security", "alarm_button", "turnstile"]


def progress_rows(page: PageCtx) -> list[Row]:
    return sorted(
        page.data.optional("progress"),
        key=lambda r: (str(r.get("measure")), str(r.get("org_type")), str(r.get("scope")),
                       str(r.get("period_from")), str(r.get("period_to"))),
    )


def _sort_measures(measures: set[str]) -> list[str]:
    return sorted(measures, key=lambda m: (MEASURE_ORDER.index(m) if m in MEASURE_ORDER else 99, m))


def progress_chart(page: PageCtx) -> Chart | None:
    """National counts per measure over the periods given (all organisation types together)."""
    rows = [r for r in progress_rows(page) if r.get("scope") == "national"
            and r.get("org_type") in ("all", "", None) and r.get("measure") in MEASURE_ORDER]
    if not rows:
        return None
    points: dict[tuple[str, str], dict] = {}
    for r in rows:
        for period, value in ((r["period_from"], r["value_from"]), (r["period_to"], r["value_to"])):
            if value is None:
                continue
            points[(str(r["measure"]), str(period))] = {
                "measure": r["measure"], "measure_label": page.measure(str(r["measure"])), "period": str(period),
                "value": value, "label": page.num(value) + (f" {charts.FLAG_MARK}" if r.get("flags") else ""),
                "flags": r.get("flags") or "",
            }
    drawn = [points[k] for k in sorted(points)]
    measures = _sort_measures({d["measure"] for d in drawn})
    spec = charts.line_path(
        drawn, x_field="period", x_order=sorted({d["period"] for d in drawn}), y_field="value",
        y_title=page.t("progress.axis_count"), series_field="measure_label",
        series_order=[page.measure(m) for m in measures], text_field="label",
        colours=charts.PALETTE[: len(measures)],
    )
    periods = sorted({d["period"] for d in drawn})
    return Chart(
        chart_id="progress-national",
        title=page.t("progress.chart_title"),
        summary=page.t("progress.chart_summary", first=periods[0], last=periods[-1], n=len(measures)),
        spec=spec, rows=drawn, columns=["measure", "period", "value", "flags"],
        notes=[page.t("chart.flag_note", mark=charts.FLAG_MARK)] if any(d["flags"] for d in drawn) else [],
    )


def multiplier(page: PageCtx, value: object) -> str:
    return "–" if value in (None, "") else "×" + page.auto(float(value))  # type: ignore[arg-type]


def progress_table(page: PageCtx) -> Markup:
    body = []
    for r in progress_rows(page):
        scope = str(r.get("scope") or "")
        where = page.t("progress.scope_national") if scope == "national" else (
            page.t("progress.scope_large_cities") if scope == "large_cities" else page.region_name(scope))
        ref = page.source_link(r["source_id"], r["source_line"]) if r.get("source_id") else ""
        body.append([
            page.measure(str(r["measure"])), page.org(str(r.get("org_type") or "all")), where,
            f"{r['period_from']} → {r['period_to']}",
            f"{page.num(r['value_from'])} → {page.num(r['value_to'])}",
            page.pct(r.get("change_rel_percent")) if r.get("change_rel_percent") is not None else "–",
            multiplier(page, r.get("multiplier_computed")), multiplier(page, r.get("multiplier_stated")),
            Markup(f"{ref} {page.flags_html(r.get('flags'))}"),
        ])
    headers = [page.t("progress.col.measure"), page.t("regions.col.org"), page.t("progress.col.scope"),
               page.t("progress.col.periods"), page.t("progress.col.values"), page.t("progress.col.change"),
               page.t("progress.col.mult_computed"), page.t("progress.col.mult_stated"),
               page.t("regions.col.source")]
    return table(headers, body, numeric=[4, 5, 6, 7], caption=page.t("progress.table_caption"))


def internet_figures(page: PageCtx) -> list[Row]:
    return sorted(
        (f for f in page.data.optional("national_figures") if "internet" in str(f.get("measure", ""))),
        key=lambda f: (str(f["period"]), str(f["measure"]), str(f["figure_id"])),
    )


def internet_table(page: PageCtx) -> Markup:
    body = []
    for f in internet_figures(page):
        unit = str(f.get("unit") or "")
        value = page.pct(f["value"]) if unit == "percent" else page.auto(f["value"])
        statement = f.get("statement_en") if page.lang == "en" else f.get("value_as_published")
        body.append([
            f["period"], statement or f["measure"], value, unit,
            Markup(f"{page.source_link(f['source_id'], f['source_line'])} {page.flags_html(f.get('flags'))}"),
        ])
    headers = [page.t("progress.col.period"), page.t("progress.col.figure"), page.t("progress.col.value"),
               page.t("progress.col.unit"), page.t("regions.col.source")]
    return table(headers, body, numeric=[2], caption=page.t("progress.internet_caption"))


def progress_page(page: PageCtx) -> str:
    parts = [
        front_matter(page.t("page.progress"), page.t("progress.description")),
        heading(1, page.t("page.progress"), "progress"),
        block(el("p", page.t("progress.intro"))),
    ]
    chart = progress_chart(page)
    if chart is not None:
        parts.append(block(page.chart(chart)))
    if progress_rows(page):
        parts.append(block(progress_table(page)))
    else:
        parts.append(block(el("p", page.t("common.not_published"))))
    parts.append(heading(2, page.t("progress.internet_heading"), "internet"))
    if internet_figures(page):
        parts.append(block(el("p", page.t("progress.internet_intro"))))
        parts.append(block(internet_table(page)))
    else:
        parts.append(block(el("p", page.t("common.not_published"))))
    return "".join(parts)
