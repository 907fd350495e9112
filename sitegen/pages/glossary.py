"""/glossary/: abbreviations from the Concept's glossary, and the site's own terms."""

from __future__ import annotations

from pipelines.language.grammar import term
from pipelines.language.terms import UnknownTerm
from sitegen.context import PageCtx, front_matter, heading
from sitegen.html import Markup, block, el, esc
from sitegen.pages.actions import original_note
from sitegen.pages.coverage import large_city_statements, population_threshold

# Site terms named by the abbreviations of a term of the terminology table: the page's language's first,
# then the other language of the documents (an English page: the English one when the term has one,
# then the Russian and the Kazakh).
BODY_TERMS = {"term.cou": "body.police_control_centre", "term.mio": "body.local_executive_bodies",
              "term.tipo": "tvet"}
SITE_TERMS = ["term.cou", "term.tipo", "term.mio", "term.flag", "term.as_published", "term.large_cities"]


def abbreviation(page: PageCtx, body: str, lang: str) -> Markup:
    text = esc(term(body, lang, form="abbr"))
    return text if lang == page.lang else Markup(f'<span lang="{lang}">{text}</span>')


def term_values(page: PageCtx) -> dict[str, object]:
    """What the site's terms say of the data: the large cities as the latest quarterly note that lists
    them states (how many, above which population) and how many entries the lists have in all."""
    groups = page.data.city_groups
    cities = sum(int(g.get("city_count") or 1) for g in groups.values())
    lists = [r for r in page.data.optional("security_coverage") if r["area_type"] == "city"]
    latest = max((str(r["period"]) for r in lists), default="")
    stated = large_city_statements(page, {r["source_id"] for r in lists if str(r["period"]) == latest})
    total = stated.get("large_cities_total")
    values: dict[str, object] = {"cities": int(total["value"]) if total else cities,
                                 "entries": page.count(len(groups), "row")}
    if "large_city_population_threshold" in stated:
        values["threshold"] = population_threshold(page, stated["large_city_population_threshold"])
    return values


def term_text(page: PageCtx, key: str, values: dict[str, object]) -> str:
    """A term's explanation; for the large cities without a stated threshold, the lists alone."""
    if key == "term.large_cities" and "threshold" not in values:
        return page.t("coverage.cities_intro_lists", **values)
    return page.t(key, **values)


def term_name(page: PageCtx, key: str, values: dict[str, object] | None = None) -> Markup:
    body = BODY_TERMS.get(key)
    if body is None:
        return esc(page.t(key + ".name", **(values or {})))
    order = {"kk": ["kk", "ru"], "ru": ["ru", "kk"], "en": ["en", "ru", "kk"]}[page.lang]
    return Markup(" / ".join(abbreviation(page, body, lang) for lang in order if has_abbreviation(body, lang)))


def has_abbreviation(body: str, lang: str) -> bool:
    try:
        term(body, lang, form="abbr")
    except UnknownTerm:
        return False
    return True


def glossary_page(page: PageCtx) -> str:
    parts = [
        front_matter(page.t("page.glossary"), page.t("glossary.description")),
        heading(1, page.t("page.glossary"), "glossary"),
        heading(2, page.t("glossary.terms_heading"), "terms"),
    ]
    values = term_values(page)
    terms = "".join(f"<dt>{term_name(page, k, values)}</dt><dd>{esc(term_text(page, k, values))}</dd>"
                    for k in SITE_TERMS)
    parts.append(block(Markup(f'<dl class="bd-dl">{terms}</dl>')))
    abbreviations = page.data.optional("abbreviations")
    parts.append(heading(2, page.t("glossary.abbr_heading"), "abbreviations"))
    if not abbreviations:
        parts.append(block(el("p", page.t("common.not_published"))))
        return "".join(parts)
    parts.append(block(el("p", page.t("glossary.abbr_lead"))))
    items = "".join(abbreviation_item(page, a) for a in ordered(page, abbreviations))
    parts.append(block(Markup('<dl class="bd-dl">' + items + "</dl>")))
    return "".join(parts)


def ordered(page: PageCtx, rows: list) -> list:
    """The abbreviations in the alphabetical order (ICU) of the language they are shown in: the Kazakh
    ones on the Kazakh page, the plan's own (Russian) on the others."""
    if page.lang == "kk":
        return page.sorted_names(rows, key=lambda a: f"{a['abbr_kk']} {a['expansion_kk']}")
    return page.sorted_names(rows, key=lambda a: f"{a['abbr']} {a['expansion_ru']}", lang="ru")


def abbreviation_item(page: PageCtx, a: dict) -> str:
    """One abbreviation in the page's language: the Kazakh abbreviation and expansion on the Kazakh page,
    the plan's abbreviation with its English expansion on the English page, and on both the Russian
    original beside it; the plan's own on the Russian page."""
    link = page.source_link(a["source_id"], a["source_line"]) if a.get("source_id") else ""
    if page.lang == "ru":
        return f"<dt>{esc(a['abbr'])}</dt><dd>{esc(a.get('expansion_ru'))} {link}</dd>"
    term_ = a["abbr_kk"] if page.lang == "kk" else a["abbr"]
    marked = "" if page.lang == "kk" else ' lang="ru" class="bd-original"'
    original = original_note(page, f"{a['abbr']} – {a.get('expansion_ru')}")
    return (f"<dt{marked}>{esc(term_)}</dt><dd>{esc(a.get(f'expansion_{page.lang}'))} {link}"
            f"{original}</dd>")
