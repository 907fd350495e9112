"""/glossary/: abbreviations from the Concept's glossary, and the site's own terms."""

from __future__ import annotations

from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import Markup, block, el, esc

SITE_TERMS = ["term.cou", "term.tipo", "term.mio", "term.flag", "term.as_published", "term.large_cities"]


def glossary_page(page: PageCtx) -> str:
    parts = [
        front_matter(page.t("page.glossary"), page.t("glossary.description")),
        heading(1, page.t("page.glossary"), "glossary"),
        heading(2, page.t("glossary.terms_heading"), "terms"),
    ]
    terms = "".join(f"<dt>{esc(page.t(k + '.name'))}</dt><dd>{esc(page.t(k))}</dd>" for k in SITE_TERMS)
    parts.append(block(Markup(f'<dl class="bd-dl">{terms}</dl>')))
    abbreviations = sorted(page.data.optional("abbreviations"), key=lambda a: str(a["abbr"]).casefold())
    parts.append(heading(2, page.t("glossary.abbr_heading"), "abbreviations"))
    if not abbreviations:
        parts.append(block(el("p", page.t("common.not_published"))))
        return "".join(parts)
    parts.append(block(el("p", page.t("glossary.abbr_intro"))))
    items = []
    for a in abbreviations:
        expansion = a.get("expansion_en") if page.lang == "en" and a.get("expansion_en") else a.get("expansion_ru")
        extra = f' <span lang="ru" class="bd-note">({esc(a.get("expansion_ru"))})</span>' if page.lang == "en" else ""
        link = page.source_link(a["source_id"], a["source_line"]) if a.get("source_id") else ""
        items.append(f'<dt lang="ru">{esc(a["abbr"])}</dt><dd>{esc(expansion)}{extra} {link}</dd>')
    parts.append(block(Markup('<dl class="bd-dl">' + "".join(items) + "</dl>")))
    return "".join(parts)
