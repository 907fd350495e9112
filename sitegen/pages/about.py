"""/about/: the hand-written text of site/content/<lang>/about.md, then generated facts."""

from __future__ import annotations

from pathlib import Path

from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import block, el
from sitegen.pages.quality import flag_definitions, used_flag_codes


def about_page(page: PageCtx, content_dir: Path) -> str:
    text = (content_dir / page.lang / "about.md").read_text(encoding="utf-8")
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
