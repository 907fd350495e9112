"""/quality/: every quality issue in plain words, with links to every source line involved."""

from __future__ import annotations

from collections import Counter

from sitegen.context import PageCtx, front_matter, heading
from sitegen.data import split_refs
from sitegen.html import Markup, block, el, esc
from sitegen.issues import issue_anchor, issue_description, restated


def flag_definitions(page: PageCtx, codes: list[str]) -> Markup:
    """What each flag code means, with an anchor per code (#flag-<code>) that flag markers link to."""
    items = []
    for code in codes:
        items.append(f'<dt id="flag-{esc(code)}">⚑ {esc(page.flag_label(code))} <code>{esc(code)}</code></dt>'
                     f"<dd>{esc(page.flag_meaning(code))}</dd>")
    return Markup('<dl class="bd-dl">' + "".join(items) + "</dl>")


def resource_title(page: PageCtx, name: str) -> str:
    key = f"resource.{name}"
    return page.t(key) if page.strings.has(key) else name


def used_flag_codes(page: PageCtx) -> list[str]:
    codes: set[str] = set()
    for name in page.data.package.resource_names():
        if not any(f["name"] == "flags" for f in page.data.package.fields(name)):
            continue
        for row in page.data.optional(name):
            codes.update(c for c in str(row.get("flags") or "").split(";") if c)
    codes.update(str(i["kind"]) for i in page.data.optional("quality_issues"))
    # In the alphabetical order of their names in the page's language.
    return page.sorted_names(sorted(codes), key=page.flag_label)


def quality_page(page: PageCtx) -> str:
    every = page.data.package.table("quality_issues")
    # A comparison's issue that restates the issue of a count it compares is that issue: listed once.
    issues = sorted((i for i in every if not restated(i)), key=lambda i: (str(i["kind"]), str(i["issue_id"])))
    counts = Counter(str(i["kind"]) for i in issues)
    parts = [
        front_matter(page.t("page.quality"), page.t("quality.description")),
        heading(1, page.t("page.quality"), "quality"),
        block(el("p", page.t("quality.intro", count=len(issues)))),
        heading(2, page.t("quality.flags_heading"), "flags"),
        block(flag_definitions(page, used_flag_codes(page))),
        heading(2, page.t("quality.issues_heading"), "issues"),
    ]
    for kind in page.sorted_names(sorted(counts), key=page.flag_label):
        parts.append(heading(3, f"{page.flag_label(kind)} ({counts[kind]})", f"kind-{kind}"))
        items = []
        for issue in (i for i in issues if i["kind"] == kind):
            links = page.source_links(split_refs(issue.get("source_refs")))
            resource = esc(resource_title(page, str(issue.get("resource") or "")))
            res_path = f"data/{issue.get('resource')}/"
            res_link = f'<a href="{esc(page.href(res_path))}">{resource}</a>' if issue.get("resource") else ""
            items.append(
                f'<li id="{esc(issue_anchor(str(issue["issue_id"])))}">{issue_description(page, issue)}<br>'
                # Where the issue is, for finding it in the data: minor text for the site search too.
                f'<span class="bd-note" data-search-minor>{esc(page.t("quality.resource"))}: {res_link} · '
                # The key is for finding the row in the CSV: said so, and kept out of the running text.
                f"{esc(page.t('quality.row_key'))}: <code>{esc(issue.get('row_key') or '')}</code> · "
                f"{esc(page.t('quality.lines'))}: {links}</span></li>"
            )
        parts.append(block(Markup("<ul>" + "".join(items) + "</ul>")))
    return "".join(parts)
