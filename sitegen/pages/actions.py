"""/actions/: the 180 actions of the Action Plan as a table (filters need JavaScript, the table does not)."""

from __future__ import annotations

from collections import Counter

from sitegen import charts
from sitegen.charts import Chart
from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import Row, split_list
from sitegen.html import Markup, block, el, esc

TOP_BODIES = 12
FILTER_SCRIPT = "assets/javascripts/actions-filter.js"


def actions(page: PageCtx) -> list[Row]:
    return sorted(page.data.package.table("concept_actions"), key=lambda a: int(a["action_no"]))


def year_chart(page: PageCtx, rows: list[Row]) -> Chart:
    counts = Counter(y for a in rows for y in split_list(a.get("deadline_years")))
    drawn = [{"year": y, "actions": counts[y]} for y in sorted(counts)]
    spec = charts.count_bars(drawn, label_field="year", label_order=[d["year"] for d in drawn],
                             value_field="actions", value_title=page.t("actions.axis_actions"))
    busiest = max(drawn, key=lambda d: (d["actions"], d["year"])) if drawn else {"year": "–", "actions": 0}
    return Chart(
        chart_id="actions-by-year", title=page.t("actions.year_title"),
        summary=page.t("actions.year_summary", year=busiest["year"], n=busiest["actions"]),
        spec=spec, rows=drawn, columns=["year", "actions"], notes=[page.t("actions.year_note")],
    )


def body_chart(page: PageCtx, rows: list[Row]) -> Chart:
    counts = Counter(b for a in rows for b in split_list(a.get("responsible")))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_BODIES]
    drawn = [{"body": b, "actions": n} for b, n in top]
    spec = charts.count_bars(drawn, label_field="body", label_order=None, value_field="actions",
                             value_title=page.t("actions.axis_actions"))
    first = drawn[0] if drawn else {"body": "–", "actions": 0}
    return Chart(
        chart_id="actions-by-body", title=page.t("actions.body_title", n=len(drawn)),
        summary=page.t("actions.body_summary", body=first["body"], n=first["actions"]),
        spec=spec, rows=drawn, columns=["body", "actions"], notes=[page.t("actions.body_note")],
    )


def actions_table(page: PageCtx, rows: list[Row]) -> Markup:
    head = "".join(f'<th scope="col">{esc(page.t(k))}</th>' for k in (
        "actions.col.no", "concept.col.chapter", "actions.col.text", "actions.col.form", "actions.col.deadline",
        "actions.col.responsible", "concept.col.indicator"))
    body = []
    for a in rows:
        years = split_list(a.get("deadline_years"))
        bodies = split_list(a.get("responsible"))
        indicator = str(a.get("indicator_id") or "")
        ind_link = (f'<a href="{esc(page.href(f"concept/{indicator}/"))}">{esc(indicator.split("-")[0])}</a>'
                    if indicator else "")
        body.append(
            f'<tr id="a{esc(a["action_no"])}" data-chapter="{esc(a.get("chapter"))}" '
            f'data-years="{esc(" ".join(years))}">'
            f'<td class="num">{esc(a["action_no"])}</td><td class="num">{esc(a.get("chapter"))}</td>'
            f'<td>{esc(a["text_ru"])} {page.source_link(a["source_id"], a["source_line"]) if a.get("source_id") else ""}</td>'
            f'<td>{esc(a.get("completion_form") or "")}</td>'
            f'<td>{esc(a.get("deadline_text") or "")}</td>'
            f'<td class="bd-bodies">{esc(", ".join(bodies))}</td><td>{ind_link}</td></tr>'
        )
    return Markup(
        f'<div class="bd-table-wrap" role="region" tabindex="0" aria-label="{esc(page.t("actions.table_label"))}">'
        f'<table class="bd-table" id="actions-table"><thead><tr>{head}</tr></thead>'
        f'<tbody lang="ru">{"".join(body)}</tbody></table></div>'
    )


def filters(page: PageCtx, rows: list[Row]) -> Markup:
    """The filter form, hidden until the script shows it (without JavaScript it would do nothing).
    Kept out of the search index: its options are every chapter, year and body, not content."""
    chapters = sorted({int(a["chapter"]) for a in rows if a.get("chapter") is not None})
    years = sorted({y for a in rows for y in split_list(a.get("deadline_years"))})
    bodies = sorted({b for a in rows for b in split_list(a.get("responsible"))})

    def select(name: str, label: str, values: list[object]) -> str:
        options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
        return (f'<label>{esc(label)}<select name="{name}" data-filter="{name}">'
                f'<option value="">{esc(page.t("actions.filter_all"))}</option>{options}</select></label>')

    return Markup(
        f'<form class="bd-filters" id="actions-filters" hidden data-search-exclude aria-label="{esc(page.t("actions.filters"))}">'
        + select("chapter", page.t("concept.col.chapter"), list(chapters))
        + select("year", page.t("actions.filter_year"), list(years))
        + select("body", page.t("actions.col.responsible"), list(bodies))
        + f'<button type="submit">{esc(page.t("fit.filters_apply"))}</button>'
        + f'<output id="actions-count" aria-live="polite" data-template="{esc(page.t("actions.shown"))}"></output>'
        + "</form>"
    )


def actions_page(page: PageCtx) -> str:
    rows = actions(page)
    return (
        front_matter(page.t("page.actions"), page.t("actions.description"), scripts=[FILTER_SCRIPT])
        + heading(1, page.t("page.actions"), "actions")
        + block(el("p", page.t("actions.intro", n=len(rows))))
        + block(page.chart(year_chart(page, rows)))
        + block(page.chart(body_chart(page, rows)))
        + heading(2, page.t("actions.table_heading"), "table")
        + block(filters(page, rows))
        + block(actions_table(page, rows))
    )
