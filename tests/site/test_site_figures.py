"""A figure of the documents reads on every page as the document gives it, in the reader's language.

Checked on the pages the generator writes from the repository's package (no MkDocs, as in
tests/site/test_site_periods.py), in kk, ru and en:

- a hedged figure («более 6 тыс.», «5,5 мыңнан аса», «порядка 10,0 млрд.») keeps its hedge wherever
  its number is shown: "more than 6,000", "более 6 000", "6 000-нан астам" (the Kazakh ending by rule);
- a figure keeps the decimals it is printed with (90,61 is never 90.6; 17,0 % is never 17), and a
  unit is written once;
- a figure is labelled by every dimension it has (rural and urban schools never read alike), and a
  target of one breakdown of an indicator never stands without its breakdown's name;
- a region's other statements give their figure in the reader's language, beside the quote.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from pipelines.language import grammar
from pipelines.language.numbers import PERCENT_SUFFIX, format_number
from pipelines.paths import PACKAGE
from pipelines.vocabularies import FIGURE_UNITS, QUALIFIERS, TARGET_UNITS
from sitegen.data import load_package
from sitegen.i18n import LANGS, load_strings
from tests.site.test_site_periods import generate

# A link to a document's line, as every figure's source cell has one.
SOURCE_LINK = re.compile(r'href="[^"]*sources/(\d{3}_[0-9a-f]{16})/(?:part-\d+/)?#L(\d+)"')
# The hedge each language puts on a number (the Kazakh comparisons take the ablative of what precedes).
HEDGES = {
    "more_than": {"kk": ("", " астам"), "ru": ("более ", ""), "en": ("more than ", "")},
    "less_than": {"kk": ("", " кем"), "ru": ("менее ", ""), "en": ("less than ", "")},
    "about": {"kk": ("шамамен ", ""), "ru": ("около ", ""), "en": ("about ", "")},
}


@pytest.fixture(scope="module")
def site() -> dict[str, str | bytes]:
    return generate(PACKAGE / "datapackage.json")


@pytest.fixture(scope="module")
def package():
    return load_package(PACKAGE / "datapackage.json")


def seen(markup: str) -> str:
    """What a reader sees of some markup: tags dropped, entities decoded, every kind of space one space."""
    markup = re.sub(r"<svg.*?</svg>", " ", markup, flags=re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u2060", "")  # word joiners are not seen
    return re.sub(r"\s+", " ", plain.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def unquoted(markup: str) -> str:
    """Markup without its quotations of the documents (they keep the document's own words)."""
    return re.sub(r'<q class="bd-quote".*?</q>', " ", markup, flags=re.S)


def blocks(page: str) -> Iterator[str]:
    """Every table row and list item of a page: the places a figure is shown with its source."""
    yield from re.findall(r"<tr\b.*?</tr>", page, flags=re.S)
    yield from re.findall(r"<li\b.*?</li>", page, flags=re.S)


def pages(site: dict, lang: str) -> Iterator[tuple[str, str]]:
    for path, content in sorted(site.items()):
        if path.startswith(f"{lang}/") and path.endswith(".md") and f"{lang}/sources/" not in path:
            yield path, str(content)


def spaced(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def written(value: object, lang: str, decimals: int | None = None) -> str:
    return spaced(format_number(Decimal(str(value)), lang, decimals))


def has_number(text: str, number: str) -> bool:
    """Whether the text shows the number itself (not as part of a longer one)."""
    return re.search(r"(?<![\d.,])" + re.escape(number) + r"(?![\d]|[.,]\d)", text) is not None


def hedged(value: object, qualifier: str, lang: str) -> str:
    """The number with its hedge as a reader of `lang` reads it; the Kazakh ending by the language module."""
    before, after = HEDGES[qualifier][lang]
    if lang == "kk" and after:
        return spaced(before + grammar.kk_inflect(Decimal(str(value)), "abl") + after)
    return before + written(value, lang) + after


def published_places(row: dict, field: str, printed: str) -> int | None:
    """Decimals of the number as the document prints it, when the printed number is the value itself and
    not a whole number (the site writes a whole number without decimals: «17,0 %» is 17)."""
    match = re.search(r"\d[\d \u00a0]*(?:,\d+)?", str(row.get(printed) or ""))
    if not match or row.get(field) is None:
        return None
    number = Decimal(re.sub(r"[ \u00a0]", "", match.group()).replace(",", "."))
    if number != Decimal(str(row[field])) or number == number.to_integral_value():
        return None
    return max(0, -number.as_tuple().exponent)


# --- Hedged figures --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_hedged_figure_keeps_its_hedge_wherever_it_is_shown(site, package, lang):
    """Every row or list item that shows a hedged figure (its number, beside a link to its line) says
    the hedge: "more than 6,000" on /coverage/, "about 10,000,000,000" on /progress/."""
    hedged_rows = {}
    for f in package.table("national_figures"):
        if f.get("qualifier"):
            hedged_rows.setdefault((f["source_id"], int(f["source_line"])), []).append(f)
    checked = set()
    for path, page in pages(site, lang):
        if path.endswith("/quality.md"):  # a correction's explanation speaks of the printed number itself
            continue
        for block in blocks(page):
            links = {(sid, int(line)) for sid, line in SOURCE_LINK.findall(block)}
            shown = seen(unquoted(block))
            for key in links & hedged_rows.keys():
                for f in hedged_rows[key]:
                    if not has_number(shown, written(f["value"], lang)):
                        continue
                    assert hedged(f["value"], f["qualifier"], lang) in shown, (path, f["figure_id"], shown)
                    checked.add(f["figure_id"])
    # The figures readers found without their hedge (document 000 lines 39, 41, 199; 001 lines 39, 40).
    assert {"000-L039-1", "000-L041-1", "000-L041-2", "000-L199-2", "001-L039-2", "001-L040-5"} <= checked


def test_every_qualifier_of_the_vocabulary_has_its_words():
    """Each hedge the package may hold (the field dictionary's enum) is written in every language."""
    strings = load_strings()
    for code in QUALIFIERS:
        for lang in LANGS:
            assert "{x" in strings.t(lang, f"figure.{code}"), (code, lang)
    assert set(HEDGES) == set(QUALIFIERS)


# --- Decimals and units ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_keeps_the_decimals_it_is_printed_with(site, package, lang):
    """90,61 is shown as 90.61% (en), 90,61% (kk), 90,61 % (ru) wherever its line is linked, never 90.6."""
    precise = [f for f in package.table("national_figures")
               if (published_places(f, "value", "value_as_published") or 0) > 0]
    assert any(f["figure_id"] == "000-L195-2" for f in precise)
    for f in precise:
        places = published_places(f, "value", "value_as_published")
        exact = written(f["value"], lang, places)
        shown_somewhere = False
        for path, page in pages(site, lang):
            for block in blocks(page):
                if (f["source_id"], str(f["source_line"])) not in SOURCE_LINK.findall(block):
                    continue
                shown = seen(unquoted(block))
                for fewer in range(places):
                    rounded = written(f["value"], lang, fewer)
                    assert not has_number(shown, rounded) or rounded == exact, (path, f["figure_id"], shown)
                shown_somewhere |= has_number(shown, exact)
        assert shown_somewhere, (f["figure_id"], exact)


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_keeps_the_decimals_it_is_printed_with(site, package, lang):
    """Each indicator's table of targets shows every target with the decimals it is printed with (16,4;
    14,5), a whole one as a whole number («17,0 %» is 17, never "17.0")."""
    targets = [t for t in package.table("concept_targets") if t.get("target") is not None]
    assert any(published_places(t, "target", "target_as_published") == 1 for t in targets)
    for iid in sorted({t["indicator_id"] for t in targets}):
        page = str(site[f"{lang}/concept/{iid}.md"])
        table = re.search(r'<table class="bd-table[^"]*"><caption>[^<]*</caption>.*?</table>',
                          page.split("{ #targets }", 1)[1], flags=re.S).group(0)
        cells = [seen(re.findall(r"<td\b.*?</td>", row, flags=re.S)[2])
                 for row in re.findall(r"<tr>(?:(?!</tr>).)*<td\b.*?</tr>", table, flags=re.S)]
        expected = [written(t["target"], lang, published_places(t, "target", "target_as_published"))
                    for t in targets if t["indicator_id"] == iid]
        assert sorted(cells) == sorted(expected), (iid, cells, expected)


def unit_words(lang: str) -> set[str]:
    words = {PERCENT_SUFFIX[lang].strip()}
    for unit in {*FIGURE_UNITS, *TARGET_UNITS}:
        for n in (1, 2, 5):
            words.add(spaced(grammar.unit_label(unit, lang, n)))
    return words


@pytest.mark.parametrize("lang", LANGS)
def test_a_unit_is_written_once(site, lang):
    """No figure is followed by its unit twice ("90.6% %"), in a sentence or across a table's cells."""
    twice = re.compile("(?<![^\\W\\d_])(" + "|".join(re.escape(w) for w in sorted(unit_words(lang), key=len, reverse=True))
                       + r")\s+\1(?!\w)")
    for path, page in pages(site, lang):
        for block in [*blocks(page), page]:
            shown = seen(unquoted(block))
            match = twice.search(shown)
            assert match is None, (path, shown[max(0, match.start() - 60):match.end() + 10])


# --- Labels ----------------------------------------------------------------------------------------------

def figure_rows(page: str) -> list[list[str]]:
    """The rows of a page's tables that link to a document's line, each as the texts of its cells."""
    out = []
    for row in re.findall(r"<tr\b.*?</tr>", page, flags=re.S):
        if SOURCE_LINK.search(row):
            out.append([seen(unquoted(c)) for c in re.findall(r"<t[dh]\b.*?</t[dh]>", row, flags=re.S)])
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("path", "section", "measures"), [
    ("concept/ci10-school-high-speed-internet.md", "actual",
     ("state_schools_total", "school_internet_connected", "school_internet_itu_speed")),
    ("progress.md", "internet", ("school_internet_connected", "school_internet_itu_speed")),
])
def test_figures_of_different_dimensions_never_read_alike(site, package, lang, path, section, measures):
    """On the tables of national figures (the actual figures beside a target, school internet), two rows
    for different figures never have the same period and label: a rural and an urban count say which
    they are (the row's own statement), a share says it is a share."""
    page = str(site[f"{lang}/{path}"]).split(f"{{ #{section} }}", 1)[1].split("\n#", 1)[0]
    labelled = [(r[0], r[1]) for r in figure_rows(page)]
    assert len(labelled) >= 10, labelled
    assert len(set(labelled)) == len(labelled), [k for k in labelled if labelled.count(k) > 1]
    localities = [f for f in package.table("national_figures") if f.get("locality") and f["measure"] in measures]
    assert len(localities) == 2 * len(measures)
    for f in localities:
        assert any(f[f"statement_{lang}"] == label for _, label in labelled), (f["figure_id"], labelled)


def breakdown_name(t: dict, lang: str) -> str:
    text = str(t["breakdown_ru" if lang == "ru" else f"breakdown_{lang}"])
    return text[:1].upper() + text[1:]


@pytest.mark.parametrize("lang", LANGS)
def test_a_final_target_names_its_breakdown(site, package, lang):
    """/concept/: an indicator with several breakdowns shows the final year's target of each, named
    (PISA: mathematics 445, reading 406, science 443), never one of them alone."""
    targets = [t for t in package.table("concept_targets") if t.get("target") is not None and t.get("year")]
    last = max(str(t["year"]) for t in targets)
    index = str(site[f"{lang}/concept/index.md"])
    several = 0
    for iid in sorted({t["indicator_id"] for t in targets}):
        final = [t for t in targets if t["indicator_id"] == iid and str(t["year"]) == last]
        if len({t["breakdown"] for t in final}) < 2:
            continue
        several += 1
        row = next(r for r in re.findall(r"<tr>.*?</tr>", index, flags=re.S) if f'href="{iid}/"' in r)
        cell = seen(re.findall(r"<td\b.*?</td>", row, flags=re.S)[4])
        values = {written(t["target"], lang, published_places(t, "target", "target_as_published")) for t in final}
        for t in final:
            number = written(t["target"], lang, published_places(t, "target", "target_as_published"))
            assert has_number(cell, number), (iid, cell)
            if len(values) > 1:
                assert f"{breakdown_name(t, lang)}: {number}" in cell, (iid, cell)
        if len(values) == 1:  # one target for every breakdown: said so, not shown as one breakdown's
            assert len(re.findall(r"\d", cell)) == len(re.sub(r"\D", "", next(iter(values)))), (iid, cell)
            assert cell != next(iter(values)), (iid, cell)
    assert several >= 4


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_chart_summary_names_each_series(site, package, lang):
    """The summary of a chart of several breakdowns says each breakdown's targets with its name."""
    targets = [t for t in package.table("concept_targets") if t.get("target") is not None]
    for iid in sorted({t["indicator_id"] for t in targets}):
        mine = [t for t in targets if t["indicator_id"] == iid]
        if len({t["breakdown"] for t in mine}) < 2:
            continue
        page = str(site[f"{lang}/concept/{iid}.md"])
        summary = seen(re.search(r'<figure class="bd-chart".*?<figcaption>(.*?)</figcaption>', page, re.S).group(1))
        for t in mine:
            assert breakdown_name(t, lang) in summary, (iid, summary)


# --- A region's other statements -------------------------------------------------------------------------

def stated_value(f: dict, lang: str) -> str:
    """The figure of a statement as the reader's language writes it, with its total when it has one."""
    value = Decimal(str(f["value"]))
    if f["unit"] == "percent":
        number = written(value, lang) + spaced(PERCENT_SUFFIX[lang])
        if f.get("denominator") is None:
            return number
        if lang == "kk":
            return spaced(f"{grammar.kk_inflect(f['denominator'], 'gen')} "
                          f"{grammar.kk_inflect(value, possessive=True, percent=True)}")
        return f"{number} {'из' if lang == 'ru' else 'of'} {written(f['denominator'], lang)}"
    if f.get("denominator") is not None:
        return spaced(grammar.count_of_total(value, f["denominator"], lang))
    return written(value, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_regions_other_statements_give_their_figure_in_the_readers_language(site, package, lang):
    """«ни одна школа», «30 из 59» are quoted as printed, and beside the quote the reader reads the
    statement and its figure in their own language: "0 of 42", "59-дың 30-ы"."""
    statements = [f for f in package.table("national_figures") if re.fullmatch(r"KZ-\d\d", str(f["scope"]))]
    assert len(statements) >= 10
    for f in statements:
        page = str(site[f"{lang}/regions/{str(f['scope']).lower()}.md"])
        section = page.split("{ #statements }", 1)[1].split("\n#", 1)[0]
        # The statement, then its figure; or first the place it speaks of without naming it (test_site_places.py).
        items = [i for i in re.findall(r"<li\b.*?</li>", section, flags=re.S)
                 if re.search(re.escape(str(f[f"statement_{lang}"])) + r"(?: \([^()]+\))?:", seen(unquoted(i)))]
        assert len(items) == 1, (f["figure_id"], section)
        shown = seen(unquoted(items[0]))
        assert stated_value(f, lang) in shown, (f["figure_id"], shown)
        assert '<q class="bd-quote"' in items[0] and (f["source_id"], str(f["source_line"])) in SOURCE_LINK.findall(items[0])


# --- Every kind of figure, beyond the documents' own -------------------------------------------------------

def page_ctx(package, lang: str):
    from sitegen.context import PageCtx, SiteData
    from sitegen.html import Markup

    return PageCtx(SiteData(package, {}), load_strings(), lang, "" if lang == "kk" else f"{lang}/",
                   lambda chart, page: Markup(""))


@pytest.mark.parametrize(("row", "expected"), [
    ({"value": 700, "value_as_published": "700", "unit": "people", "qualifier": "more_than"},
     {"kk": "700 адамнан астам", "ru": "более 700 человек", "en": "more than 700 people"}),
    ({"value": 50, "value_as_published": "50", "unit": "percent", "qualifier": "less_than"},
     {"kk": "50%-дан кем", "ru": "менее 50 %", "en": "less than 50%"}),
    ({"value": 40, "value_as_published": "40", "unit": "count", "qualifier": "more_than"},
     {"kk": "40-тан астам", "ru": "более 40", "en": "more than 40"}),
    ({"value": 12.5, "value_as_published": "12,50", "unit": "percent", "qualifier": "about"},
     {"kk": "шамамен 12,50%", "ru": "около 12,50 %", "en": "about 12.50%"}),
])
@pytest.mark.parametrize("lang", LANGS)
def test_a_hedge_reads_with_any_unit_and_any_number(package, row, expected, lang):
    """A hedge on a figure with a unit: the Kazakh ending goes on the unit, on a percent after its sign,
    on a number by its last spoken word (қырық → 40-тан); printed decimals stay (12,50)."""
    assert spaced(page_ctx(package, lang).figure_value(row, with_unit=True)) == expected[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_count_of_a_total_shows_its_total_on_the_progress_page(site, package, lang):
    """/progress/'s school-internet table: "7 078 of 7 098" connected state schools, not a bare 7 078 (the
    document gives the total, and /concept/ci10/ shows it beside the same figure)."""
    page = str(site[f"{lang}/progress.md"])
    section = page.split("{ #internet }", 1)[1] if "{ #internet }" in page else page
    rows = re.findall(r"<tr\b.*?</tr>", section, flags=re.S)
    with_totals = 0
    for f in package.table("national_figures"):
        if f.get("denominator") is None:
            continue
        mine = [r for r in rows if (f["source_id"], str(f["source_line"])) in SOURCE_LINK.findall(r)
                and f"{f[f'statement_{lang}']}" in seen(unquoted(r))]
        if mine:
            with_totals += 1
            assert any(stated_value(f, lang) in seen(unquoted(r)) for r in mine), (f["figure_id"], mine)
    assert with_totals >= 5
