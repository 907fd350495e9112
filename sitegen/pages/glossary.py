"""/glossary/: abbreviations from the Concept's glossary, and the site's own terms."""

from __future__ import annotations

from pipelines.language.grammar import term
from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import Markup, block, el, esc

# Site terms whose name is a state body of the terminology table: its abbreviations in the page's
# language first, then in the other language of the documents.
BODY_TERMS = {"term.cou": "body.police_control_centre", "term.mio": "body.local_executive_bodies"}
SITE_TERMS = ["term.cou", "term.tipo", "term.mio", "term.flag", "term.as_published", "term.large_cities"]


def abbreviation(page: PageCtx, body: str, lang: str) -> Markup:
    text = esc(term(body, lang, form="abbr"))
    return text if lang == page.lang else Markup(f'<span lang="{lang}">{text}</span>')


def term_name(page: PageCtx, key: str) -> Markup:
    body = BODY_TERMS.get(key)
    if body is None:
        return esc(page.t(key + ".name"))
    order = {"kk": ["kk", "ru"], "ru": ["ru", "kk"], "en": ["ru", "kk"]}[page.lang]
    return Markup(" / ".join(abbreviation(page, body, lang) for lang in order))


def glossary_page(page: PageCtx) -> str:
    parts = [
        front_matter(page.t("page.glossary"), page.t("glossary.description")),
        heading(1, page.t("page.glossary"), "glossary"),
        heading(2, page.t("glossary.terms_heading"), "terms"),
    ]
    terms = "".join(f"<dt>{term_name(page, k)}</dt><dd>{esc(page.t(k))}</dd>" for k in SITE_TERMS)
    parts.append(block(Markup(f'<dl class="bd-dl">{terms}</dl>')))
    # The abbreviations are the plan's own (Russian): in Russian alphabetical order, in every language.
    abbreviations = page.sorted_names(page.data.optional("abbreviations"), key=lambda a: str(a["abbr"]), lang="ru")
    parts.append(heading(2, page.t("glossary.abbr_heading"), "abbreviations"))
    if not abbreviations:
        parts.append(block(el("p", page.t("common.not_published"))))
        return "".join(parts)
    parts.append(block(el("p", page.t("glossary.abbr_intro"))))
    items = []
    for a in abbreviations:
        english = page.lang == "en" and a.get("expansion_en")
        expansion = esc(a["expansion_en"]) if english else Markup(f'<span lang="ru">{esc(a.get("expansion_ru"))}</span>')
        extra = f' <span lang="ru" class="bd-note">({esc(a.get("expansion_ru"))})</span>' if english else ""
        link = page.source_link(a["source_id"], a["source_line"]) if a.get("source_id") else ""
        items.append(f'<dt lang="ru">{esc(a["abbr"])}</dt><dd>{expansion}{extra} {link}</dd>')
    parts.append(block(Markup('<dl class="bd-dl">' + "".join(items) + "</dl>")))
    return "".join(parts)
