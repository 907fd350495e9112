"""MkDocs hooks: reproducible build dates, deferred blocks, valid HTML, one search index per language.

Loaded by mkdocs.yml (`hooks:`), so a plain `mkdocs build` gives the same site as `python -m
sitegen.build`. Standard library, MkDocs and its dependencies only: MkDocs loads this file by path,
without the project on sys.path.

Deferred blocks. Most of the generated Markdown is large raw HTML blocks that are kept out of the search
index (inline SVG charts, document texts), and MkDocs spends most of a build parsing them: Python-Markdown
to find where each ends, MkDocs to collect its anchors, the search plugin to skip it. sitegen
(`generate.defer_blocks`) therefore writes each such block to site/_deferred/<key>.html, named by a hash
of its content, and leaves the placeholder `<!-- bd-deferred <key> -->` in the page; the block is put
back into the finished page (`on_post_page`), after the search plugin has indexed the page without it,
which is what it would have indexed anyway. A placeholder without its file fails the build, except while
`python -m sitegen.build` is still drawing the charts a block holds: it starts MkDocs before every chart
is drawn, lists the blocks still to come in DEFERRED_DIR/PENDING_NAME, writes each when its charts are
drawn, and tells MkDocs how long to wait for one (DEFERRED_WAIT_ENV, in seconds; a build that fails
stops MkDocs); any other missing block fails at once. MkDocs does
not see the ids inside a deferred block when it checks anchors of Markdown links; the pages link to them
(chart ids, document lines) with HTML links, which MkDocs does not check either way.

Templates. mkdocs-static-i18n runs a whole MkDocs build per language, each with a new Jinja environment
that would compile every template again; the compiled templates are kept in memory across the language
builds instead (Jinja's bytecode cache, keyed by template and checked against its source).

Valid HTML. Material's base.html gives its two checkbox toggles (the navigation drawer and search)
`autocomplete="off"`, which HTML allows only on text-like inputs; the Nu HTML checker reports it on
every page. The attribute is removed from checkboxes in every rendered page and template (404.html).
Material's navigation also writes the toggle that folds the table of contents (`#__toc`) on pages that
have no table of contents to fold, where no label names it (pa11y reports an unlabelled form field);
such an orphan toggle is removed.

Own assets. The site's own stylesheets and scripts (site/assets/) are written for people, with comments
that say why; they are served without their comments and indentation, which every page's first visit
would otherwise download.

Not-found pages. MkDocs renders the theme's 404.html once per language build, always to the site root,
so the last language built would win. Each language's page is written to its own root instead (`404.html`,
`ru/404.html`, `en/404.html`), with absolute links under the published path (`site_url`), its language
selector leading to each language's home, and the interface strings of site/i18n/*.yml (`fit.*`). GitHub
Pages serves only the root 404.html for every missing path: that page (Kazakh) sends a reader whose
address is below another language's root to that language's page (assets/javascripts/not-found.js).

Search. Each language root (`search/`, `ru/search/`, `en/search/`) gets its own index, `index.json`,
built here from the rendered pages by sitegen/search.py (its docstring has the rules) and loaded by
the site's own search worker (assets/javascripts/search-worker.js, which then loads the engine,
search-engine.js) only when the reader opens search.
Material's search UI stays (the header box, results list, keys); its plugin stays enabled because the
header shows the box only then, but its lunr index is not published: nothing loads it. The pages'
config names the site's worker instead of Material's (`search_worker`), with the address of the
language's index after "#"; main.html loads search.js, which tells the worker when the
reader opens search. sitegen/search.py is loaded by path (MkDocs loads this file without the project
on sys.path) and needs snowballstemmer and PyICU.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import write_file

DEFAULT_EPOCH = 0


def _package_epoch(root: Path) -> int:
    """The data package's `created` time, so that the build date follows the data, not the clock."""
    try:
        created = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["created"]
        return int(datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
    except (OSError, KeyError, ValueError):
        return DEFAULT_EPOCH


def on_config(config: Any) -> Any:
    # MkDocs stamps sitemap.xml.gz (and any build date) from SOURCE_DATE_EPOCH when it is set.
    root = Path(config.config_file_path).parent
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(_package_epoch(root)))
    i18n = _i18n_plugin(config)
    if i18n is None or not i18n.building:
        _SEARCH_DOCS.clear()  # a new build (not one language of a build in progress)
        _SEARCH_SOURCES.clear()
        _INDEXES.clear()
        _BUILD.pop("index_inputs", None)
        _BUILD["site"] = Path(config.site_dir)
    else:
        # The next language's build: every language built before it has all its pages indexed.
        for lang in [lang for lang in _SEARCH_DOCS if lang != i18n.current_language]:
            _start_index(config, lang)
    _skip_lunr_entries(config)
    return config


def _skip_lunr_entries(config: Any) -> None:
    """Material's search plugin stays for its search box and result list, but its lunr index is not
    published (see on_post_build): it is not filled either. Filling it parses every built page's HTML
    again, a fifth of MkDocs' time. The plugin still strips the pages' data-search-* attributes."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = lambda page: None


# libyaml's parser when PyYAML has it (as pipelines/yaml_files.py; the hooks import nothing of the project).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFERRED_DIR = "_deferred"  # below docs_dir; excluded from the pages by mkdocs.yml (exclude_docs)
DEFERRED_WAIT_ENV = "BILIM_DEFERRED_WAIT_S"
PENDING_NAME = ".pending"  # in DEFERRED_DIR: the keys of the blocks a running build is still writing
DEFERRED_POLL_S = 0.005
_DEFERRED = re.compile(r"<!-- bd-deferred ([0-9a-f]{32}) -->")


def deferred_placeholder(key: str) -> str:
    """What stands in a page for the block stored as `DEFERRED_DIR/<key>.html`."""
    return f"<!-- bd-deferred {key} -->"


def restore_deferred(html: str, folder: Path, page: str, wait_s: float = 0.0) -> str:
    """Put every deferred block back in place of its placeholder, waiting up to `wait_s` seconds for a
    block listed as pending (PENDING_NAME) and not written yet (written whole, by a rename); `page`
    names the page in errors."""
    deadline = time.monotonic() + wait_s
    pending: set[str] | None = None

    def block(match: re.Match[str]) -> str:
        nonlocal pending
        key = match.group(1)
        path = folder / f"{key}.html"
        while True:
            try:
                # Bytes, not text mode: the block goes back exactly as it was taken out (no newline translation).
                return path.read_bytes().decode("utf-8")
            except FileNotFoundError:
                if pending is None:
                    try:
                        pending = set((folder / PENDING_NAME).read_text(encoding="utf-8").split())
                    except FileNotFoundError:
                        pending = set()
                if key not in pending or time.monotonic() >= deadline:
                    raise PluginError(f"{page}: deferred block {key} is missing ({path} does not exist); "
                                      "run `python -m sitegen.build` to regenerate the pages") from None
                time.sleep(DEFERRED_POLL_S)

    return _DEFERRED.sub(block, html)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates for the life of the process (Jinja drops an entry whose source changed)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _MemoryBytecodeCache()


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    env.bytecode_cache = _COMPILED_TEMPLATES
    _install_search_text(env, config)
    return env


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*?\btype="checkbox"[^>]*?) autocomplete="off"')
_TOC_TOGGLE = re.compile(r'[ \t]*<input\b[^>]*\bid="__toc"[^>]*>\n?')


def valid_checkboxes(html: str) -> str:
    """Drop `autocomplete` from checkbox inputs (only text-like inputs may carry it), and the table of
    contents toggle where no label names it (a page without a table of contents)."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'for="__toc"' not in html:
        html = _TOC_TOGGLE.sub("", html)
    return html


# Whitespace HTML collapses anyway: a line's indentation (the theme's templates indent their markup),
# outside the elements that keep their whitespace. A page's first view is about half a kilobyte lighter
# gzipped, and reads the same.
_KEPT_WHITESPACE = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>", re.S | re.I)
_INDENTATION = re.compile(r"\n[ \t]+")


def without_indentation(html: str) -> str:
    """`html` with every line's leading spaces and tabs removed, except inside pre, textarea, script and
    style elements (a newline stays: the text reads the same)."""
    out, last = [], 0
    for match in _KEPT_WHITESPACE.finditer(html):
        out += [_INDENTATION.sub("\n", html[last:match.start()]), match.group(0)]
        last = match.end()
    out.append(_INDENTATION.sub("\n", html[last:]))
    return "".join(out)


# Before mkdocs-static-i18n's on_post_page (-100), which hands the page to plugins it drives: they get
# the whole page. The search plugin has indexed the page earlier (on_page_context).
@event_priority(50)
def on_post_page(output: str, page: Any, config: Any) -> str:
    output = restore_deferred(output, Path(config.docs_dir) / DEFERRED_DIR, page.file.src_uri,
                              float(os.environ.get(DEFERRED_WAIT_ENV) or 0))
    return without_indentation(search_worker(valid_checkboxes(output), config.extra.get("lang_prefix", "")))


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_JS_COMMENT_LINE = re.compile(r"^[ \t]*//.*$", re.M)


def compact_asset(text: str, suffix: str) -> str:
    """A stylesheet or script without comments, indentation and blank lines. Only comments of our own
    style are removed: /* … */ in CSS, whole `//` lines in JavaScript (never `//` inside a line)."""
    text = _CSS_COMMENT.sub("", text) if suffix == ".css" else _JS_COMMENT_LINE.sub("", text)
    return "".join(line.strip() + "\n" for line in text.splitlines() if line.strip())


# After mkdocs-static-i18n (-100) has put together each language build's files.
@event_priority(-150)
def on_files(files: Any, config: Any) -> Any:
    own = Path(config.docs_dir) / "assets"
    for file in files:
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if source is not None and source.suffix in (".css", ".js") and source.is_relative_to(own):
            file.content_string = compact_asset(source.read_text(encoding="utf-8"), source.suffix)
    return files


NOT_FOUND = "404.html"
_saved_alternates: list[Any] = []


def _alternates(extra: Any) -> Any:
    """The language selector's entries as Material's templates read them (`config.extra.alternate`):
    mkdocs-static-i18n sets them as an attribute of the dict-like `extra` on every page, and Jinja
    reads an attribute before a key."""
    return vars(extra).get("alternate", extra.get("alternate"))


def _set_alternates(extra: Any, alternates: Any) -> None:
    extra["alternate"] = alternates
    if "alternate" in vars(extra):
        extra.alternate = alternates


def interface_strings(docs_dir: Path) -> dict[str, dict[str, str]]:
    """Every key of site/i18n/*.yml → {language → text} (sitegen checks that each key has every language
    and is defined once before MkDocs runs)."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted((docs_dir / "i18n").glob("*.yml")):
        table.update(yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {})
    return table


def not_found_context(config: Any, i18n: Any) -> dict[str, Any]:
    """What overrides/404.html shows: the current language's strings and home, the other languages'."""
    site_path = urlsplit(config.site_url or "/").path
    site_path = site_path if site_path.endswith("/") else site_path + "/"
    strings = interface_strings(Path(config.docs_dir))
    current = i18n.current_language
    roots = _language_prefixes(i18n)
    prefix = roots[current]
    return {
        "lang": current,
        "site_path": site_path,
        "prefix": prefix,
        "home": site_path + prefix,
        "roots": " ".join(root for root in roots.values() if root),
        "t": {key: texts[current] for key, texts in strings.items() if key.startswith("fit.")},
        "others": [{"lang": locale, "home": site_path + root, "text": strings["fit.not_found_other"][locale]}
                   for locale, root in roots.items() if locale != current],
    }


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    i18n = _i18n_plugin(config)
    if template_name == NOT_FOUND and i18n is not None:
        context["not_found"] = found = not_found_context(config, i18n)
        # The language selector leads to each language's home (Material renders config.extra.alternate).
        alternates = _alternates(config.extra)
        if alternates:
            _saved_alternates[:] = [alternates]
            roots = _language_prefixes(i18n)
            _set_alternates(config.extra, [dict(alt, link=found["site_path"] + roots.get(alt.get("lang"), ""))
                                           for alt in alternates])
    return context


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    if not template_name.endswith(".html"):
        return output_content
    output = without_indentation(search_worker(valid_checkboxes(output_content), config.extra.get("lang_prefix", "")))
    i18n = _i18n_plugin(config)
    if template_name != NOT_FOUND or i18n is None:
        return output
    if _saved_alternates:
        _set_alternates(config.extra, _saved_alternates.pop())
    root = _language_prefixes(i18n)[i18n.current_language]
    if not root:
        return output  # MkDocs writes it to the site root
    write_file(output.encode("utf-8"), str(Path(config.site_dir) / root / NOT_FOUND))
    return ""  # an empty output is not written: the site root keeps the default language's page


def _i18n_plugin(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name == "i18n" or name.endswith("/i18n"):
            return plugin
    return None


SEARCH_WORKER = "assets/javascripts/search-worker.js"
SEARCH_INDEX = "search/index.json"  # below each language root
_MATERIAL_WORKER = re.compile(r'("search":\s*")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def search_worker(html: str, lang_prefix: str) -> str:
    """Name the site's search worker in a page's config instead of Material's, with the address of the
    language's index (relative to the worker) after "#index="."""
    index = "../" * SEARCH_WORKER.count("/") + lang_prefix + SEARCH_INDEX
    return _MATERIAL_WORKER.sub(lambda m: f'{m.group(1)}{m.group(2)}{SEARCH_WORKER}#index={index}"', html)


_SEARCH_DOCS: dict[str, dict[str, list]] = {}  # language → page URL → its index entries


def _search_module() -> Any:
    name = "bilim_site_search"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("search.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before running it: dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]


def _language_prefixes(i18n: Any) -> dict[str, str]:
    return {lang.locale: "" if lang.default else lang.link.strip("/") + "/"
            for lang in i18n.config.languages if lang.build}


def _language_of(config: Any) -> tuple[str, str]:
    """The language being built and its root's prefix ("ru/"; "" for the default language)."""
    i18n = _i18n_plugin(config)
    lang = i18n.current_language if i18n else config.theme.get("language") or ""
    return lang, _language_prefixes(i18n).get(lang, "") if i18n else ""


def _index_page(page: Any, html: str, config: Any) -> None:
    lang, prefix = _language_of(config)
    url = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    in_nav = page.file.inclusion.is_in_nav()
    boost = float((page.meta.get("search") or {}).get("boost", 1.0))  # Material's front matter key
    description = page.meta.get("description") or ""  # what the page holds, in the reader's words
    # Its titles in the other languages, and words it is found by that it shows only in its tables.
    elsewhere = [str(name) for key in ("search_names", "search_terms") for name in page.meta.get(key) or []]
    _SEARCH_DOCS.setdefault(lang, {})[url] = _search_module().page_docs(url, page.title or "", html, in_nav, boost,
                                                                        description, elsewhere)
    _SEARCH_SOURCES.setdefault(lang, {})[url] = (page.file.src_uri, _source_hash(page.file))


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    _index_page(page, html, config)
    return html


# Dirty builds (`mkdocs build --dirty`, which sitegen.build runs when only pages changed; see its
# docstring): MkDocs reads and renders only the pages whose source is newer than their output. The
# others keep their output, but the navigation needs their titles (front matter) and the search index
# their entries: the titles are read here, and the entries come from the previous build's (kept in
# SEARCH_CACHE by page source and its hash), or from rendering the page when they are not there.
SEARCH_CACHE = Path(".cache") / "search-pages.json"  # below the project root
_SEARCH_SOURCES: dict[str, dict[str, tuple[str, str]]] = {}  # language → URL → (source, its sha256)
_DIRTY_WARNING = "A 'dirty' build is being performed"


_BUILD: dict[str, Any] = {"dirty": False}


def _dirty() -> bool:
    return _BUILD["dirty"]


def _source_hash(file: Any) -> str:
    """The page source's sha256, with the code that turns it into search entries (this file, search.py)."""
    import hashlib

    return hashlib.sha256(Path(file.abs_src_path).read_bytes() + _code_digest()).hexdigest()


def _code_digest() -> bytes:
    if "code" not in _BUILD:
        import hashlib

        _BUILD["code"] = hashlib.sha256(b"".join(path.read_bytes() for path in (
            Path(__file__), Path(__file__).with_name("search.py")))).digest()
    return _BUILD["code"]


def _search_cache_path(config: Any) -> Path:
    return Path(config.config_file_path).parent / SEARCH_CACHE


def _read_search_cache(config: Any) -> dict[str, Any]:
    try:
        return json.loads(_search_cache_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class _DirtyWarningFilter:
    """MkDocs warns that a dirty build may leave links stale: sitegen.build runs one only when no page
    was added, removed or renamed and the templates and configuration are unchanged."""

    def filter(self, record: Any) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


def on_startup(command: str, dirty: bool) -> None:
    _BUILD["dirty"] = dirty
    if dirty:
        import logging

        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningFilter())


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    if not _dirty():
        return nav
    from mkdocs.structure.pages import Page

    cache = _read_search_cache(config).get("pages", {})
    for file in files.documentation_pages():
        if file.is_modified():
            continue
        page = file.page if file.page is not None else Page(None, file, config)
        page.read_source(config)  # its title, for the navigation of the pages that are built
        entry = cache.get(file.src_uri)
        if entry and entry["sha256"] == _source_hash(file):
            lang, prefix = _language_of(config)
            url = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
            search = _search_module()
            _SEARCH_DOCS.setdefault(lang, {})[url] = [search.Doc(*doc) for doc in entry["docs"]]
            _SEARCH_SOURCES.setdefault(lang, {})[url] = (file.src_uri, entry["sha256"])
        else:
            page.render(config, files)
            _index_page(page, page.content, config)
    return nav


def _install_search_text(env: jinja2.Environment, config: Any) -> None:
    """`search_text(key)`: a string of site/i18n/search.yml in the language being built (read when a
    template first asks, so a project without the site's search partial needs no such file)."""
    path = Path(config.config_file_path).parent / "site" / "i18n" / "search.yml"
    strings: dict[str, dict[str, str]] = {}

    def search_text(key: str) -> str:
        if not strings:
            import yaml  # a dependency of MkDocs

            strings.update(yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER))
        return strings[key][config.theme["language"]]

    env.globals["search_text"] = search_text


_INDEXES: dict[str, tuple[str, Any]] = {}  # language → its index's key, and the process writing it (or None)


def _index_inputs(config: Any) -> tuple[Any, Any, bytes, dict[str, str]]:
    """What every language's index is made with, read once per build: the place names, the terminology
    table, their digest with search.py's code, and the previous build's index keys by language."""
    if "index_inputs" not in _BUILD:
        search = _search_module()
        reference = Path(config.config_file_path).parent / "data" / "reference"
        made_with = _code_digest() + b"".join((reference / name).read_bytes() for name in (
            "regions.csv", "large_cities.csv", "name_aliases.csv", "terminology.yml"))
        _BUILD["index_inputs"] = (search.read_places(reference), search.read_terms(reference), made_with,
                                  _read_search_cache(config).get("indexes", {}))
    return _BUILD["index_inputs"]


def _write_index(docs: list, lang: str, places: Any, table: Any, target: Path) -> None:
    index = _search_module().build_index(docs, lang, places, table)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    temporary.replace(target)


def _start_index(config: Any, lang: str) -> None:
    """Write the index of `lang`, whose pages are all indexed, unless it is started already.

    A language's index takes about a third of a second to make; it is made in a forked process while the
    next language's pages are built, so that the three indexes do not wait for one another at the end
    (in this process when other threads run, which a fork would not take along, as under `mkdocs serve`)."""
    if lang in _INDEXES:
        return
    import hashlib
    import threading

    i18n = _i18n_plugin(config)
    prefix = _language_prefixes(i18n).get(lang, "") if i18n else ""
    places, table, made_with, previous = _index_inputs(config)
    docs = [doc for url in sorted(_SEARCH_DOCS.get(lang, {})) for doc in _SEARCH_DOCS[lang][url]]
    if not docs:
        raise PluginError(f"search: no page of language {lang!r} was indexed")
    target = _BUILD["site"] / prefix / SEARCH_INDEX
    key = hashlib.sha256(json.dumps([[d.location, d.title, d.text, d.boost, d.minor, d.description] for d in docs],
                                    ensure_ascii=False).encode("utf-8") + made_with).hexdigest()
    # A dirty build's output holds the previous index: kept when the entries are the same.
    if _dirty() and previous.get(lang) == key and target.exists():
        _INDEXES[lang] = (key, None)
    elif threading.active_count() == 1 and hasattr(os, "fork"):
        import multiprocessing

        process = multiprocessing.get_context("fork").Process(target=_write_index,
                                                              args=(docs, lang, places, table, target),
                                                              daemon=True)  # ended with a build that fails
        process.start()
        _INDEXES[lang] = (key, process)
    else:
        _write_index(docs, lang, places, table, target)
        _INDEXES[lang] = (key, None)


def _finish_indexes() -> dict[str, str]:
    """Wait for every index being written; their keys by language. Raises PluginError naming a
    language whose index failed (its process printed why)."""
    failed = []
    for lang, (_, process) in _INDEXES.items():
        if process is not None:
            process.join()
            if process.exitcode != 0:
                failed.append(lang)
    if failed:
        raise PluginError(f"search: the index of {', '.join(failed)} could not be made (see the error above)")
    return {lang: key for lang, (key, _) in _INDEXES.items()}


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config: Any) -> None:
    i18n = _i18n_plugin(config)
    if i18n is None or i18n.building:
        return  # a nested per-language build: not every language is built yet
    site = Path(config.site_dir)
    try:
        for lang in _language_prefixes(i18n):
            _start_index(config, lang)
    finally:
        indexes = _finish_indexes()
    for prefix in _language_prefixes(i18n).values():
        # Material's lunr index of this root: stacked or per language, nothing loads it any more.
        (site / prefix / "search" / "search_index.json").unlink(missing_ok=True)
    pages = {source: {"sha256": digest, "docs": [[d.location, d.title, d.text, d.boost, d.minor, d.description]
                                                  for d in _SEARCH_DOCS[lang][url]]}
             for lang, urls in _SEARCH_SOURCES.items() for url, (source, digest) in urls.items()}
    cache = _search_cache_path(config)
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_name(cache.name + f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"pages": pages, "indexes": indexes}, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache)
