"""What page builders get: the data (language-independent) and the page (language, URL, charts)."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

import yaml

from pipelines.check.registry import issue_kind
from pipelines.language import grammar
from pipelines.language.numbers import PERCENT_SUFFIX, as_written, format_number, places
from pipelines.language.terms import UnknownTerm, default_terminology
from sitegen.charts import Chart
from sitegen.data import Package, Row
from sitegen.html import Ctx, Markup, esc
from sitegen.i18n import Num, Strings, fmt_auto, fmt_number, fmt_percent

# A document's text is split over pages of at most this many bytes of text (UTF-8), so that every page
# stays within the page-weight budget however long the document is. Line numbers run on across parts.
PART_BYTES = 60_000


def split_parts(lines: list[str], max_bytes: int = PART_BYTES) -> list[tuple[int, int]]:
    """Consecutive line ranges (first, last; 1-based, inclusive) of at most `max_bytes` each.

    A single line longer than `max_bytes` gets a part of its own. A document without lines has one
    empty part, so that it still has a page.
    """
    parts: list[tuple[int, int]] = []
    first, size = 1, 0
    for number, line in enumerate(lines, start=1):
        length = len(line.encode("utf-8")) + 1
        if size and size + length > max_bytes:
            parts.append((first, number - 1))
            first, size = number, 0
        size += length
    parts.append((first, len(lines)))
    return parts


def part_path(source_id: str, index: int) -> str:
    """Page path of a part: the first is the document's page, the others below it ('part-2/', …)."""
    return f"sources/{source_id}/" if index == 0 else f"sources/{source_id}/part-{index + 1}/"


def split_names(value: object) -> list[str]:
    return [n for n in str(value or "").split(";") if n]


@functools.cache
def _city_word(lang: str) -> re.Pattern[str]:
    """Any form of the terminology table's "city" in `lang` (kk: with any ending), as a word."""
    entry = default_terminology().entry("city")[lang]
    if lang == "kk":
        return re.compile(rf"(?<!\w){re.escape(str(entry))}\w*", re.IGNORECASE)
    forms = ({str(f) for number in ("sg", "pl") for f in entry[number].values()} if lang == "ru"
             else {str(entry["one"]), str(entry["other"])})
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?!\w)",
                      re.IGNORECASE)


def _names(text: str, name: str) -> bool:
    """Whether `text` names the place called `name` in any case: each of its capitalised words but its
    last two letters (Петропавловск → "в г.Петропавловске"; "қ.", "and", "және" aside)."""
    words = [w for w in re.findall(r"\w+", name) if w[0].isupper()]
    folded = text.casefold()
    return bool(words) and all(w.casefold()[: max(4, len(w) - 2)] in folded for w in words)


@dataclass
class SiteData:
    """The data package plus lookups every page uses. No language here."""

    package: Package
    source_lines: dict[str, list[str]]

    @cached_property
    def regions(self) -> dict[str, Row]:
        return {str(r["code"]): r for r in sorted(self.package.table("regions"), key=lambda r: str(r["code"]))}

    @cached_property
    def city_groups(self) -> dict[str, Row]:
        rows = sorted(self.package.table("large_cities"), key=lambda r: str(r["city_group"]))
        return {str(r["city_group"]): r for r in rows}

    @cached_property
    def sources(self) -> dict[str, Row]:
        return {str(r["source_id"]): r for r in sorted(self.package.table("sources"), key=lambda r: str(r["source_id"]))}

    @cached_property
    def first_listed(self) -> dict[str, str]:
        """Each large-city group → the first period a list of the notes names it."""
        out: dict[str, str] = {}
        for r in self.package.table("security_coverage"):
            if r.get("city_group"):
                out[str(r["city_group"])] = min(str(r["period"]), out.get(str(r["city_group"]), "~"))
        return out

    @cached_property
    def source_parts(self) -> dict[str, list[tuple[int, int]]]:
        return {sid: split_parts(lines) for sid, lines in self.source_lines.items()}

    def source_path(self, source_id: str, line: int | None = None) -> str:
        """Page path of the part of a document that holds `line` (the document's page without one)."""
        parts = self.source_parts.get(source_id, [])
        if line is not None:
            for index, (first, last) in enumerate(parts):
                if first <= line <= last:
                    return part_path(source_id, index)
        return part_path(source_id, 0)

    def optional(self, name: str) -> list[Row]:
        """Rows of a resource the page can do without (an empty list when the package lacks it)."""
        return self.package.table(name) if self.package.has(name) else []


ChartRenderer = Callable[[Chart, "PageCtx"], Markup]


@dataclass
class PageCtx:
    """One page being built: its language and URL, the strings, and the charts it embeds."""

    data: SiteData
    strings: Strings
    lang: str
    url: str
    render_chart: ChartRenderer
    charts: list[Chart] = field(default_factory=list)

    @property
    def ctx(self) -> Ctx:
        return Ctx(self.lang, self.url)

    def t(self, key: str, **values: object) -> str:
        return self.strings.t(self.lang, key, **values)

    # --- Numbers, counts, periods: every one through the language module ------------------------------

    def num(self, value: float | int | None, decimals: int = 0) -> Num:
        return fmt_number(value, self.lang, decimals)

    def auto(self, value: float | int | None) -> Num:
        return fmt_auto(value, self.lang)

    def pct(self, value: float | int | None) -> Num:
        return fmt_percent(value, self.lang)

    def count(self, n: float | int, noun: str, case: str = "nom") -> str:
        """A number and a noun of the terminology table agreeing with it: 5 ұйым, 5 организаций."""
        return grammar.count_noun(n, noun, self.lang, case)

    def period(self, code: object, case: str = "nom") -> str:
        """A period code in words ("2023-Q1" → "2023 жылғы І тоқсан"); "–" for none."""
        return grammar.period_label(str(code), self.lang, case) if code not in (None, "") else "–"

    def periods(self, codes: object) -> str:
        """Several period codes ("2020;2023-Q1") in words, listed as the language lists them."""
        parts = [c for c in str(codes or "").replace(",", ";").split(";") if c.strip()]
        return grammar.periods_phrase(parts, self.lang) or "–"

    def date(self, iso: object) -> str:
        """An ISO date (or the date part of a timestamp) in words: 7 наурыз 2023 ж."""
        return grammar.date_label(str(iso)[:10], self.lang)

    def unit(self, code: object, n: float | int | None = None) -> str:
        """A unit code of the package in words (Мбит/с, теңге/жыл); "–" for none."""
        return grammar.unit_label(str(code), self.lang, n) if code not in (None, "") else "–"

    def term(self, key: str, n: object = None, case: str = "nom", form: str | None = None) -> str:
        return grammar.term(key, self.lang, n, case, form)

    def listing(self, items: list[str], style: str = "and") -> str:
        return grammar.list_phrase(items, self.lang, style)

    def sorted_names(self, items: list, key: Callable = lambda x: x, lang: str | None = None) -> list:
        """Items in the alphabetical order of the page's language (ICU), or of `lang`."""
        return grammar.sort_names(items, lang or self.lang, key)

    def href(self, path: str, lang: str | None = None) -> str:
        return self.ctx.href(path, lang)

    def asset(self, path: str) -> str:
        return self.ctx.asset(path)

    def chart(self, chart: Chart) -> Markup:
        self.charts.append(chart)
        return self.render_chart(chart, self)

    # --- Figures of the documents: as printed, hedged, labelled, with their totals ---------------------

    @staticmethod
    def published_places(value: object, printed: object) -> int | None:
        """Decimals of a figure as its document prints it: "90,61" → 2, "12,50" → 2, "445" → 0; None
        when the printed number is not the value itself ("6,5 тыс." for 6500, "ни одна" for 0), and for
        a whole number («17,0 %»): the site writes a whole number without decimals (tests/site/
        test_site_fit_numbers.py), which loses nothing of it."""
        match = re.search(r"\d[\d \u00a0\u202f]*(?:[.,]\d+)?", str(printed or ""))
        if value is None or not match:
            return None
        try:
            number = Decimal(re.sub(r"[ \u00a0\u202f]", "", match.group()).replace(",", "."))
            same = number == Decimal(str(value))
        except InvalidOperation:
            return None
        return places(number) if same and number != number.to_integral_value() else None

    def as_published(self, value: float | int | None, printed: object = None, percent: bool = False) -> Num:
        """A figure with the decimals its document prints it with (`printed`, the `…_as_published`
        field): 90.61 → "90,61%" (never 90,6), 12.5 printed «12,50» → "12,50"; a whole number without
        decimals; as many as the value has (up to three) when the document prints it in other words. A
        percent carries its sign."""
        if value is None:
            return Num("–", None)
        number = as_written(value, self.published_places(value, printed))
        text = format_number(number, self.lang, places(number)) + (PERCENT_SUFFIX[self.lang] if percent else "")
        return Num(text, number, percent)

    def hedged(self, qualifier: object, number: Num, words: str = "", unit_code: str = "") -> str:
        """A number with the hedge its document puts on it (qualifier: more_than, less_than, about), as
        the strings `figure.<qualifier>` write it: "more than 6,000", "более 6 000", "6 000-нан астам".
        With unit `words`, a Kazakh case ending goes on the unit ("700 адамнан астам"); the number
        alone takes it by rule otherwise. A qualifier outside the vocabulary (pipelines/vocabularies.py,
        which the package's validation enforces) is shown as it is, in brackets, rather than dropped."""
        shown = f"{number} {words}".strip()
        if not qualifier:
            return shown
        key = f"figure.{qualifier}"
        if not self.strings.has(key):
            return f"{shown} ({qualifier})"
        return self.t(key, x=Num(number, number.value, number.percent, unit=words, unit_code=unit_code if words else ""))

    def figure_value(self, row: Row, with_unit: bool = False) -> str:
        """A national figure's value (a row of national_figures) as its document gives it: its printed
        decimals, its hedge, and with `with_unit` its unit in words (a percent always carries its sign;
        a count needs no word)."""
        unit = str(row.get("unit") or "")
        number = self.as_published(row.get("value"), row.get("value_as_published"), percent=unit == "percent")
        words = self.unit(unit, number.value) if with_unit and unit not in ("", "count", "percent") else ""
        return self.hedged(row.get("qualifier"), number, words, unit)

    def figure_stated(self, row: Row) -> str:
        """A national figure with the total it is a part of, when its document gives one: "0 of 42",
        "42-нің 0-і", "24% of 373", "373-тің 24%-ы"; else figure_value with its unit."""
        total = row.get("denominator")
        if total in (None, ""):
            return self.figure_value(row, with_unit=True)
        whole = as_written(total, None)  # type: ignore[arg-type]
        unit = str(row.get("unit") or "")
        if row.get("qualifier") or unit not in ("count", "percent"):
            return self.t("figure.out_of", x=self.figure_value(row, with_unit=True), total=whole)
        number = self.as_published(row.get("value"), row.get("value_as_published"), percent=unit == "percent")
        if unit == "percent":
            return self.t("figure.percent_of", x=number, total=whole)
        return grammar.count_of_total(number.value, whole, self.lang)

    def figure_label(self, row: Row) -> str:
        """What a national figure states, in the page's language: the row's own statement (statement_kk,
        statement_ru, statement_en), which names each of its dimensions (rural, urban, a share); the
        measure's name with its locality when the row has no statement in that language."""
        text = row.get(f"statement_{self.lang}")
        if text:
            place = self.figure_place(row)
            return self.t("figure.of_place", statement=text, place=place) if place else str(text)
        parts = [self.measure(str(row["measure"]))]
        if row.get("locality"):
            parts.append(self.locality(str(row["locality"])))
        return " · ".join(parts)

    def figure_place(self, row: Row) -> str | None:
        """The place a figure of one city speaks of without naming it ("Schools of the city whose …"), in
        the page's language: its large-city group's name (large_cities), else, for a figure of a region
        whose statement speaks of a city (the terminology table's "city" in any form), the region's
        capital (regions). None when the statement names the place, or the figure is of no one city."""
        text = str(row.get(f"statement_{self.lang}") or "")
        group = self.data.city_groups.get(str(row.get("city_group") or ""))
        region = self.data.regions.get(str(row.get("scope") or ""))
        if group:
            names = [str(group[f"name_{self.lang}"]), *split_names(group.get("cities_kk"))]
        elif region and _city_word(self.lang).search(text):
            names = [str(region[f"capital_{self.lang}"])]
        else:
            return None
        return None if any(_names(text, name) for name in names) else names[0]

    def locality(self, code: str) -> str:
        """A locality code (rural, urban) in words."""
        return self.t(f"locality.{code}")

    # --- Names and labels -----------------------------------------------------------------------------

    def source_title(self, row: Row) -> str:
        """A document's title (its row of `sources`) in the page's language: as printed when the document
        is in that language, else the project's translation (title_kk, title_ru, title_en); its spans of
        years by rule ("2023–2029"), as everywhere the site shows a title, a chart's image included."""
        return grammar.year_spans(str(row.get(f"title_{self.lang}") or row["title"]), self.lang)

    def title_shared_period(self, row: Row) -> str | None:
        """The one period a document reports when another document has the same title in the page's
        language (every Kazakh quarterly note is printed «Ақпарат»): what tells the two apart; else None."""
        title = self.source_title(row)
        periods = [p for p in str(row.get("periods") or "").split(";") if p]
        shared = sum(self.source_title(other) == title for other in self.data.sources.values()) > 1
        return periods[0] if shared and len(periods) == 1 else None

    def source_name(self, row: Row) -> str:
        """A document named apart from every other: its title (`source_title`), with its period when
        another document has the same title ("Ақпарат (2023 жылғы ІІ тоқсан)", `title_shared_period`)."""
        period = self.title_shared_period(row)
        title = self.source_title(row)
        return self.t("sources.title_period", title=title, p=period) if period else title

    def region_name(self, code: str) -> str:
        row = self.data.regions.get(code)
        return str(row[f"name_{self.lang}"]) if row else code

    def region_short(self, code: str) -> str:
        key = f"region_short.{code}"
        return self.t(key) if self.strings.has(key) else self.region_name(code)

    def city_name(self, slug: str) -> str:
        row = self.data.city_groups.get(slug)
        return str(row[f"name_{self.lang}"]) if row else slug

    def org(self, org_type: str) -> str:
        """An organisation type as a label: the plural of its term (Балабақшалар, Детские сады); the
        groupings "all" and "other" are interface strings."""
        key = f"org.{org_type}"
        if self.strings.has(key):
            return self.t(key)
        text = self.term(org_type, form="plural")
        return text[:1].upper() + text[1:]

    def measure(self, measure: str) -> str:
        """A measure code in words, from the terminology table. Raises UnknownTerm for a code it lacks,
        so that no code reaches a page."""
        return self.term(f"measure.{measure}")

    def body(self, plan_abbr: str) -> str:
        """A responsible body as the Concept's plan abbreviates it (МП, МИО …), in the page's language when
        the terminology table has the body (ОАМ, ЖАО; Ministry of Education), else as printed."""
        for key in default_terminology().term_keys():
            ru = default_terminology().entry(key).get("ru")
            if isinstance(ru, dict) and ru.get("plan") == plan_abbr:
                if self.lang == "ru":
                    return plan_abbr
                try:
                    name = self.term(key, form="abbr" if self.lang == "kk" else "short")
                except UnknownTerm:
                    name = self.term(key)
                return name[:1].upper() + name[1:]
        return plan_abbr

    def flag_label(self, code: str) -> str:
        """A flag code's label, from the kind's declaration (pipelines/check/registry.py); KeyError for a
        code no kind declares, so that no code reaches a page."""
        return issue_kind(code).label[self.lang]

    def flag_meaning(self, code: str) -> str:
        """What a flag says about any row it is on, from the kind's declaration."""
        return issue_kind(code).meaning[self.lang]

    # --- Provenance -----------------------------------------------------------------------------------

    def quote(self, text: object, source_id: object) -> Markup:
        """Text quoted from a document, marked with the document's language and shown without its
        Markdown emphasis marks (the data keeps them as printed)."""
        doc_lang = str(self.data.sources.get(str(source_id), {}).get("language", ""))
        return Markup(f'<q class="bd-quote" lang="{esc(doc_lang)}">{esc(grammar.unmarked(str(text or "")))}</q>')

    def source_link(self, source_id: object, line: object, text: object = None) -> Markup:
        """'004 · L23' linking to the highlighted line; the label says which document and line."""
        sid = str(source_id)
        number = int(line) if line not in (None, "") else None  # type: ignore[arg-type]
        label = text if text is not None else grammar.source_ref(sid[:3], number, self.lang)
        return Markup(f'<a class="bd-ref" href="{esc(self.source_href(sid, number))}">{esc(label)}</a>')

    def source_links(self, refs: Iterable[tuple[object, object]]) -> Markup:
        """Several (source_id, line) references, each a link, separated by semicolons: each label has a
        comma of its own ("document 004, line 5"), and a space alone runs them together on a phone."""
        return Markup("; ".join(str(self.source_link(sid, line)) for sid, line in refs))

    def source_href(self, source_id: str, line: int | None = None) -> str:
        """Link to a document's line (#L123) on the page of the part that holds it."""
        return self.href(self.data.source_path(source_id, line)) + (f"#L{line}" if line else "")

    def flags_html(self, flags: object) -> Markup:
        """Flag codes as visible markers linking to their explanation on /quality/."""
        codes = [c for c in str(flags or "").split(";") if c]
        if not codes:
            return Markup("")
        links = ", ".join(
            f'<a href="{esc(self.href("quality/") + "#flag-" + code)}">{esc(self.flag_label(code))}</a>'
            for code in codes
        )
        return Markup(f'<span class="bd-flag" title="{esc(self.t("flag.marker_title"))}">⚑ {links}</span>')


# libyaml's emitter when PyYAML has it (the same YAML, made in C).
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """YAML front matter. Material's templates print the title as HTML (in <title>, the header and the
    search index) without escaping it, so the title is stored escaped; the description is stored as
    text and escaped where main.html prints it (an attribute)."""
    meta: dict[str, object] = {"title": html.escape(title, quote=False)}
    if description:
        meta["description"] = description
    meta.update({k: v for k, v in extra.items() if v is not None})
    return "---\n" + yaml.dump(meta, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=True, width=1000) + "---\n"


def heading(level: int, text: str, anchor: str | None = None, classes: tuple[str, ...] = ()) -> str:
    """A Markdown heading (so it is in the table of contents); the text is escaped for Markdown."""
    safe = esc(text).replace("*", "&#42;").replace("_", "&#95;").replace("[", "&#91;").replace("`", "&#96;")
    attributes = ([f"#{anchor}"] if anchor else []) + [f".{name}" for name in classes]
    suffix = f" {{ {' '.join(attributes)} }}" if attributes else ""
    return f"\n{'#' * level} {safe}{suffix}\n"
