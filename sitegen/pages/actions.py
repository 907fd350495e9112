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


def leaders(counts: dict[str, int]) -> tuple[list[str], int]:
    """The keys with the highest count (all of them when several tie) and that count."""
    if not counts:
        return [], 0
    top = max(counts.values())
    return sorted(k for k, n in counts.items() if n == top), top


def year_chart(page: PageCtx, rows: list[Row]) -> Chart:
    counts = Counter(y for a in rows for y in split_list(a.get("deadline_years")))
    drawn = [{"year": y, "actions": counts[y]} for y in sorted(counts)]
    spec = charts.count_bars(drawn, label_field="year", label_order=[d["year"] for d in drawn],
                             value_field="actions", value_title=page.t("actions.axis_actions"))
    years, n = leaders(dict(counts))
    if len(years) > 1:
        summary = page.t("actions.year_summary_tie", years=page.listing(years), n=n)
    else:
        summary = page.t("actions.year_summary", year=years[0] if years else "–", n=n)
    return Chart(
        chart_id="actions-by-year", title=page.t("actions.year_title"), summary=summary,
        spec=spec, rows=drawn, columns=["year", "actions"], notes=[page.t("actions.year_note")],
        sources=charts.source_refs(rows),
    )


def body_chart(page: PageCtx, rows: list[Row]) -> Chart:
    """The bodies responsible for the most actions, named in the page's language where the terminology
    table has them (the chart's data keeps the plan's own abbreviation)."""
    counts = Counter(b for a in rows for b in split_list(a.get("responsible")))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_BODIES]
    drawn = [{"body": b, "body_label": page.body(b), "actions": n} for b, n in top]
    spec = charts.count_bars(drawn, label_field="body_label", label_order=None, value_field="actions",
                             value_title=page.t("actions.axis_actions"))
    bodies, n = leaders(dict(counts))
    names = [page.body(b) for b in bodies]
    if len(names) > 1:
        summary = page.t("actions.body_summary_tie", bodies=page.listing(names), n=n)
    else:
        summary = page.t("actions.body_summary", body=names[0] if names else "–", n=n)
    return Chart(
        chart_id="actions-by-body", title=page.t("actions.body_title", n=len(drawn)), summary=summary,
        spec=spec, rows=drawn, columns=["body", "actions"], notes=[page.t("actions.body_note")],
        sources=charts.source_refs(rows),
    )


def actions_table(page: PageCtx, rows: list[Row]) -> Markup:
    head = "".join(f'<th scope="col">{esc(page.t(k))}</th>' for k in (
        "actions.col.no", "concept.col.chapter", "actions.col.text", "actions.col.form", "actions.col.deadline",
        "actions.col.responsible", "concept.col.indicator"))
    body = []
    # The rows are the plan's Russian text; a source link's label is in the page's language.
    own = (lambda link: f"<span lang={page.lang}>{link}</span>") if page.lang != "ru" else str
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
            f'<td>{esc(a["text_ru"])} {own(page.source_link(a["source_id"], a["source_line"])) if a.get("source_id") else ""}</td>'
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
    # The bodies are named as the (Russian) plan names them: in Russian alphabetical order.
    bodies = page.sorted_names(list({b for a in rows for b in split_list(a.get("responsible"))}), lang="ru")

    def select(name: str, label: str, values: list[object], lang: str | None = None) -> str:
        marked = f' lang="{lang}"' if lang and lang != page.lang else ""
        options = "".join(f'<option value="{esc(v)}"{marked}>{esc(v)}</option>' for v in values)
        return (f'<label>{esc(label)}<select name="{name}" data-filter="{name}">'
                f'<option value="">{esc(page.t("actions.filter_all"))}</option>{options}</select></label>')

    return Markup(
        f'<form class="bd-filters" id="actions-filters" hidden data-search-exclude aria-label="{esc(page.t("actions.filters"))}">'
        + select("chapter", page.t("concept.col.chapter"), list(chapters))
        + select("year", page.t("actions.filter_year"), list(years))
        + select("body", page.t("actions.col.responsible"), list(bodies), lang="ru")
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
