"""/about/: the hand-written text of site/content/<lang>/about.md, then generated facts."""

from __future__ import annotations

from pathlib import Path

from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import block, el
from sitegen.i18n import fill
from sitegen.pages.concept import plan_source
from sitegen.pages.quality import flag_definitions, used_flag_codes


def content_values(page: PageCtx) -> dict[str, object]:
    """What the hand-written text says of the data, from the package: how many documents, which are in
    Russian and which in Kazakh, and the decree the plan comes from (issuer, date, document)."""
    sources = page.data.sources
    plan = plan_source(page)
    return {
        "documents": len(sources),
        "ru_docs": [sid[:3] for sid, row in sources.items() if row["language"] == "ru"],
        "kk_docs": [sid[:3] for sid, row in sources.items() if row["language"] == "kk"],
        "plan_issuer": plan.get("issuer" if page.lang == "en" else f"issuer_{page.lang}", ""),
        "plan_date": plan.get("date", ""),
        "plan_doc": str(plan.get("source_id", ""))[:3],
    }


def about_page(page: PageCtx, content_dir: Path) -> str:
    path = content_dir / page.lang / "about.md"
    text = fill(path.read_text(encoding="utf-8"), page.lang, str(path), **content_values(page))
    package = page.data.package
    return (
        front_matter(page.t("page.about"), page.t("about.description"))
        + heading(1, page.t("page.about"), "about")
        + "\n" + text.strip() + "\n"
        + heading(2, page.t("about.flags_heading"), "flags")
        + block(flag_definitions(page, used_flag_codes(page)))
        + heading(2, page.t("about.version_heading"), "version")
        + block(el("p", page.t("about.version", version=package.version, created=package.created[:10])))
    )
