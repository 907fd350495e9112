"""Generate every page, chart CSV and download from the data package into site/ (git-ignored parts).

`generate_files` is the whole site's content as {path under site/: text or bytes}; only rendering a
chart touches the disk (its SVG cache). `defer_blocks` moves the large search-excluded HTML blocks out
of the pages into site/_deferred/ (put back by the MkDocs hooks; see sitegen/mkdocs_hooks.py).
`write_files` replaces the generated folders with the result.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown.util import BLOCK_LEVEL_ELEMENTS

from pipelines.atomic import restore, staging_beside, swap_in
from pipelines.paths import SOURCES
from sitegen import charts, figures
from sitegen.charts import Chart
from sitegen.context import PageCtx, SiteData, front_matter, heading
from sitegen.data import MissingResource, Package, read_source_lines
from sitegen.html import Markup, block, el, page_url
from sitegen.i18n import LANGS, Strings, typeset_page
from sitegen.mkdocs_hooks import DEFERRED_DIR, deferred_placeholder
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
from sitegen.paths import CHART_CACHE, CONTENT, DOCS

# Resources the site is built from. A missing one stops the build (unless explicitly allowed while the
# data package is still being produced, when the pages that need it say so instead).
REQUIRED_RESOURCES = (
    "sources", "regions", "large_cities", "security_coverage", "quality_issues", "national_figures",
    "progress", "concept_indicators", "concept_targets", "concept_actions", "abbreviations",
)

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
    if package.has("security_coverage"):
        for period in coverage.earlier_periods(data):
            specs.append(PageSpec(f"coverage/{period.slug}.md", lambda p, x=period: coverage.coverage_page(p, x),
                                  ("security_coverage",), "page.coverage"))
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
    return (front_matter(title) + heading(1, title, title_key.rsplit(".", 1)[-1])
            + block(el("p", page.t("common.not_published") + " (" + ", ".join(missing) + ")")))


def chart_renderer(files: dict[str, str | bytes], cache_dir: Path,
                   images: charts.ImageRenderer | None = None) -> Callable[[Chart, PageCtx], Markup]:
    """Render a chart to a <figure> and add its data and images to the outputs (same chart id, same files)."""

    def render(chart: Chart, page: PageCtx) -> Markup:
        return figures.publish(chart, page, files, cache_dir, images)

    return render


def generate_files(data: SiteData, strings: Strings, *, allow_missing: bool = False,
                   cache_dir: Path = CHART_CACHE, images: charts.ImageRenderer | None = None,
                   chart_files: bool = True, wait: bool = True) -> Generated:
    """Every page and chart file. Charts are rendered by `images` (a renderer of the caller's: the pages
    come back with every chart SVG in place and the chart files done so far; the caller takes the rest
    from `images.finish_files()`; with `wait` False, the pages come back at once, holding a token where
    an SVG goes, for the caller to fill with `images.fill_ready` and `images.fill_rest`), or by a
    renderer of this call's own that finishes every file (with `chart_files` False, of the chart files
    only the CSVs and SVGs: pages to check, not a site to publish)."""
    package = data.package
    missing = [name for name in REQUIRED_RESOURCES if not package.has(name)]
    if missing and not allow_missing:
        raise MissingResource("the data package lacks resources the site is built from: " + ", ".join(missing)
                              + " (run `make data`; `--allow-missing` builds placeholder pages instead)")
    out = Generated(missing=missing)
    own = images is None
    renderer = charts.ImageRenderer(cache_dir, files=chart_files) if images is None else images
    render = chart_renderer(out.files, cache_dir, renderer)
    try:
        # Language by language, in the order MkDocs builds them: the charts, drawn in the order they are
        # asked for, are then ready in the order MkDocs reaches their pages (sitegen/build.py).
        specs = page_specs(data)
        with charts.kept_specs(cache_dir / "specs"):  # a chart's spec built before is read, not built
            for lang in LANGS:
                for spec in specs:
                    page = PageCtx(data, strings, lang, page_url(lang, url_of(spec.path)), render)
                    lacking = [name for name in spec.needs if not package.has(name)]
                    text = placeholder(page, spec.title_key, lacking) if lacking else spec.build(page)
                    out.files[f"{lang}/{spec.path}"] = typeset_page(text, lang)
                    out.charts += len(page.charts)
        name_pages_elsewhere(out.files, [spec.path for spec in specs])
        if own or wait:
            renderer.finish_pages(out.files)
            out.files.update(renderer.finish_files() if own else renderer.ready_files())
    finally:
        if own:
            renderer.close()
    return out


_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def name_pages_elsewhere(files: dict[str, str | bytes], paths: list[str]) -> None:
    """Give each page's front matter `search_names`: its titles in the other languages, which the site
    search indexes with the page (sitegen/search.py, `page_docs`). Changes `files` in place."""
    for path in paths:
        titles = {}
        for lang in LANGS:
            text = files.get(f"{lang}/{path}")
            found = _FRONT_MATTER.match(text) if isinstance(text, str) else None
            # libyaml's safe loader where PyYAML has it: the same reading, a tenth of the time.
            meta = yaml.load(found.group(1), Loader=_SAFE_LOADER) if found else None
            if isinstance(meta, dict) and meta.get("title"):
                titles[lang] = html.unescape(str(meta["title"]))
        for lang, own in titles.items():
            others = list(dict.fromkeys(t for other, t in titles.items() if other != lang and t != own))
            if others:
                text = str(files[f"{lang}/{path}"])
                end = _FRONT_MATTER.match(text).end(1)
                files[f"{lang}/{path}"] = (text[:end] + "search_names: " + json.dumps(others, ensure_ascii=False)
                                           + "\n" + text[end:])


# The attributes of a start tag, values quoted or not.
_ATTRIBUTES = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*"""
_START_TAG = re.compile(rf"<(?P<name>[a-zA-Z][a-zA-Z0-9-]*){_ATTRIBUTES}(?P<empty>/?)>")


@functools.cache
def _tags_named(name: str) -> re.Pattern[str]:
    """Start and end tags of one element name; comments too, so that a tag inside one is not counted."""
    return re.compile(rf"<!--.*?-->|</{name}\s*>|<{name}(?=[\s/>]){_ATTRIBUTES}(?P<empty>/?)>", re.S | re.I)


_FENCE = re.compile(r"(`{3,}|~{3,})")
_EXCLUDED = re.compile(r"\sdata-search-exclude(?=[\s=/>])")
# Python-Markdown rewrites the whole source before it reads raw HTML: it normalises line ends, drops
# two control characters, empties whitespace-only lines (a blank line may end a block) and expands tabs.
# A block holding any of the first three stays in the page. Tabs are expanded here as Markdown does (to
# its tab_length, which MkDocs leaves at 4): a block starts at the start of a line, so its tabs fall in
# the same columns as in the page. Either way a deferred block is what Markdown would have passed on.
_ALTERED_BY_MARKDOWN = re.compile(r"[\r\x02\x03]|\n[ \t]*\n")
MARKDOWN_TAB_LENGTH = 4


def element_end(text: str, start: int) -> int | None:
    """End of the element whose start tag is at `start`, found by counting nested elements of the same
    name; None when there is no start tag at `start` or the element is never closed."""
    first = _START_TAG.match(text, start)
    if first is None:
        return None
    if first.group("empty"):
        return first.end()
    depth = 0
    for match in _tags_named(re.escape(first.group("name"))).finditer(text, start):
        tag = match.group(0)
        if tag.startswith("<!--") or match.group("empty"):
            continue
        depth += -1 if tag.startswith("</") else 1
        if depth == 0:
            return match.end()
    return None


def defer_page(text: str) -> tuple[str, dict[str, str]]:
    """A page's Markdown with its search-excluded raw HTML blocks replaced by placeholders, and the blocks
    by key (a hash of the block).

    Only blocks that Markdown reads as raw HTML are taken: a block-level element at the start of a line
    after a blank line (or at the top), outside fenced code, whose start tag carries
    `data-search-exclude`, ending at the end of a line followed by a blank line (or the end). Elements
    inside any raw HTML block stay with it.
    """
    out: list[str] = []
    blocks: dict[str, str] = {}
    pos, copied, fence, after_blank = 0, 0, "", True
    while pos < len(text):
        newline = text.find("\n", pos)
        line_end = len(text) if newline < 0 else newline
        line = text[pos:line_end]
        if fence:
            if line.strip().startswith(fence):
                fence = ""
        elif (opened := _FENCE.match(line.lstrip(" "))) is not None:
            fence = opened.group(1)
        elif after_blank and line.startswith("<") and (end := element_end(text, pos)) is not None:
            start_tag = _START_TAG.match(text, pos)
            block = text[pos:end]
            ends_block = text.startswith("\n\n", end) or text[end:] in ("", "\n")
            # Markdown keeps a block-level element as it is; any other one it wraps in a paragraph.
            if (start_tag and start_tag.group("name").lower() in BLOCK_LEVEL_ELEMENTS
                    and _EXCLUDED.search(start_tag.group(0)) and ends_block
                    and not _ALTERED_BY_MARKDOWN.search(block)):
                block = block.expandtabs(MARKDOWN_TAB_LENGTH)
                key = hashlib.sha256(block.encode("utf-8")).hexdigest()[:32]
                blocks[key] = block
                out += [text[copied:pos], deferred_placeholder(key)]
                copied = end
            # Whatever the block holds is part of it, not a block of its own: go on after its last line.
            newline = text.find("\n", end)
            pos, after_blank = len(text) if newline < 0 else newline + 1, False
            continue
        after_blank = not line.strip()
        pos = line_end + 1
    out.append(text[copied:])
    return "".join(out), blocks


def defer_blocks(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """`files` with every page's search-excluded HTML blocks moved to `DEFERRED_DIR/<key>.html` (see
    `defer_page`). A block used by several pages is stored once."""
    out: dict[str, str | bytes] = {}
    for path, content in files.items():
        if isinstance(content, str) and path.endswith(".md"):
            content, blocks = defer_page(content)
            for key, block in blocks.items():
                out[f"{DEFERRED_DIR}/{key}.html"] = block
        out[path] = content
    return out


def load_site_data(package: Package, sources_dir: Path = SOURCES) -> SiteData:
    lines = {}
    for row in package.table("sources"):
        sid = str(row["source_id"])
        path = sources_dir / f"{sid}.txt"
        if not path.exists():
            raise MissingResource(f"source document {path} listed in the sources resource does not exist")
        lines[sid] = read_source_lines(path)
    return SiteData(package, lines)


def write_files(files: dict[str, str | bytes], docs: Path = DOCS) -> None:
    """Replace the generated language folders and the deferred blocks' folder with `files` (text as
    UTF-8, LF): written into a folder beside them, then each folder swapped in whole. A file with the same
    bytes as before is the same file (linked, not written): its modification time tells MkDocs, in a
    dirty build, that its page need not be built again."""
    folders = (*LANGS, DEFERRED_DIR)
    for folder in folders:
        restore(docs / folder)
    staging = staging_beside(docs / "pages")
    try:
        for relative in sorted(files):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[relative]
            data = content.encode("utf-8") if isinstance(content, str) else content
            if not _link_if_same(docs / relative, data, target):
                target.write_bytes(data)
        for folder in folders:
            (staging / folder).mkdir(exist_ok=True)
            swap_in(staging / folder, docs / folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _link_if_same(old: Path, data: bytes, target: Path) -> bool:
    """Link `target` to `old` when `old` holds exactly `data`."""
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True
