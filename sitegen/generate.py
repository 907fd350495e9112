"""Generate every page, chart CSV and download from the data package into site/ (git-ignored parts).

`generate_files` is the whole site's content as {path under site/: text or bytes}; only rendering a
chart touches the disk (its SVG cache). `write_files` replaces the generated folders with it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import charts
from sitegen.atomic import restore, staging_beside, swap_in
from sitegen.charts import Chart
from sitegen.context import PageCtx, SiteData, front_matter, heading
from sitegen.data import MissingResource, Package, read_source_lines
from sitegen.html import Markup, block, el, page_url
from sitegen.i18n import LANGS, Strings
from sitegen.pages import (
    about,
    actions,
    concept,
    coverage,
    data_pages,
    glossary,
    home,
    progress,
    quality,
    regions,
)
from sitegen.pages import sources as sources_pages
from sitegen.paths import CHART_CACHE, CONTENT, DOCS, DOWNLOADS, SOURCES_DIR, lang_dir

# Resources the site is built from. A missing one stops the build (unless explicitly allowed while the
# data package is still being produced, when the pages that need it say so instead).
REQUIRED_RESOURCES = (
    "sources", "regions", "large_cities", "security_coverage", "quality_issues", "national_figures",
    "progress", "concept_indicators", "concept_targets", "concept_actions", "abbreviations",
)
GENERATED_DIRS = (*(lang_dir(lang) for lang in LANGS), DOWNLOADS)

PageBuilder = Callable[[PageCtx], str]


@dataclass(frozen=True)
class PageSpec:
    path: str                         # source path in the language folder, e.g. "regions/kz-75.md"
    build: PageBuilder
    needs: tuple[str, ...] = ()       # resources without which the page cannot be built
    title_key: str = ""               # for the placeholder when a resource is missing


@dataclass
class Generated:
    files: dict[str, str | bytes] = field(default_factory=dict)
    charts: int = 0
    missing: list[str] = field(default_factory=list)


def url_of(path: str) -> str:
    """'regions/kz-75.md' → 'regions/kz-75/'; 'index.md' → ''; 'concept/index.md' → 'concept/'."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def page_specs(data: SiteData) -> list[PageSpec]:
    package = data.package
    specs = [
        PageSpec("index.md", home.home_page, ("security_coverage",), "page.home"),
        PageSpec("coverage.md", coverage.coverage_page, ("security_coverage",), "page.coverage"),
        PageSpec("regions/index.md", regions.regions_index),
        PageSpec("progress.md", progress.progress_page, ("progress",), "page.progress"),
        PageSpec("concept/index.md", concept.concept_index,
                 ("concept_indicators", "concept_targets", "concept_actions"), "page.concept"),
        PageSpec("actions.md", actions.actions_page, ("concept_actions",), "page.actions"),
        PageSpec("quality.md", quality.quality_page, ("quality_issues",), "page.quality"),
        PageSpec("sources/index.md", sources_pages.sources_index),
        PageSpec("data/index.md", data_pages.data_index),
        PageSpec("glossary.md", glossary.glossary_page),
        PageSpec("about.md", lambda p: about.about_page(p, CONTENT)),
    ]
    for code in data.regions:
        specs.append(PageSpec(f"regions/{code.lower()}.md", lambda p, c=code: regions.region_page(p, c),
                              ("security_coverage",), "page.regions"))
    for source_id in data.sources:
        specs.append(PageSpec(f"sources/{source_id}.md", lambda p, s=source_id: sources_pages.source_page(p, s)))
        for index in range(1, len(data.source_parts[source_id])):
            specs.append(PageSpec(f"sources/{source_id}/part-{index + 1}.md",
                                  lambda p, s=source_id, i=index: sources_pages.source_page(p, s, i)))
    for name in package.resource_names():
        specs.append(PageSpec(f"data/{name}.md", lambda p, n=name: data_pages.resource_page(p, n)))
    if package.has("concept_indicators"):
        for ind in package.table("concept_indicators"):
            specs.append(PageSpec(f"concept/{ind['indicator_id']}.md", lambda p, i=ind: concept.indicator_page(p, i),
                                  ("concept_targets", "concept_actions"), "page.concept"))
    return sorted(specs, key=lambda s: s.path)


def placeholder(page: PageCtx, title_key: str, missing: list[str]) -> str:
    title = page.t(title_key)
    return (front_matter(title) + heading(1, title)
            + block(el("p", page.t("common.not_published") + " (" + ", ".join(missing) + ")")))


def chart_renderer(files: dict[str, str | bytes], cache_dir: Path) -> Callable[[Chart, PageCtx], Markup]:
    """Render a chart to a <figure> and add its CSV to the outputs (same chart id, same file)."""

    def render(chart: Chart, page: PageCtx) -> Markup:
        csv_path = f"{page.lang}/charts/{chart.chart_id}.csv"
        files[csv_path] = charts.csv_text(chart.rows, chart.columns)
        svg = charts.render_svg(chart.spec, page.lang, cache_dir)
        href = page.asset(page_url(page.lang, f"charts/{chart.chart_id}.csv"))
        return charts.figure(chart, svg, href, page.t("chart.csv_link"), page.ctx)

    return render


def generate_files(data: SiteData, strings: Strings, *, allow_missing: bool = False,
                   cache_dir: Path = CHART_CACHE) -> Generated:
    package = data.package
    missing = [name for name in REQUIRED_RESOURCES if not package.has(name)]
    if missing and not allow_missing:
        raise MissingResource("the data package lacks resources the site is built from: " + ", ".join(missing)
                              + " (run `make data`; `--allow-missing` builds placeholder pages instead)")
    out = Generated(missing=missing)
    render = chart_renderer(out.files, cache_dir)
    for spec in page_specs(data):
        for lang in LANGS:
            page = PageCtx(data, strings, lang, page_url(lang, url_of(spec.path)), render)
            lacking = [name for name in spec.needs if not package.has(name)]
            text = placeholder(page, spec.title_key, lacking) if lacking else spec.build(page)
            out.files[f"{lang}/{spec.path}"] = text
            out.charts += len(page.charts)
    return out


def load_site_data(package: Package, sources_dir: Path = SOURCES_DIR) -> SiteData:
    lines = {}
    for row in package.table("sources"):
        sid = str(row["source_id"])
        path = sources_dir / f"{sid}.txt"
        if not path.exists():
            raise MissingResource(f"source document {path} listed in the sources resource does not exist")
        lines[sid] = read_source_lines(path)
    return SiteData(package, lines)


def write_files(files: dict[str, str | bytes], docs: Path = DOCS) -> None:
    """Replace the generated language folders with `files` (text as UTF-8, LF): written into a folder
    beside them, then each language folder swapped in whole."""
    for lang in LANGS:
        restore(docs / lang)
    staging = staging_beside(docs / "pages")
    try:
        for relative in sorted(files):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[relative]
            if isinstance(content, str):
                target.write_text(content, encoding="utf-8", newline="\n")
            else:
                target.write_bytes(content)
        for lang in LANGS:
            (staging / lang).mkdir(exist_ok=True)
            swap_in(staging / lang, docs / lang)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
