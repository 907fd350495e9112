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
which is what it would have indexed anyway. A placeholder without its file fails the build. MkDocs does
not see the ids inside a deferred block when it checks anchors of Markdown links; the pages link to them
(chart ids, document lines) with HTML links, which MkDocs does not check either way.

Templates. mkdocs-static-i18n runs a whole MkDocs build per language, each with a new Jinja environment
that would compile every template again; the compiled templates are kept in memory across the language
builds instead (Jinja's bytecode cache, keyed by template and checked against its source).

Valid HTML. Material's base.html gives its two checkbox toggles (the navigation drawer and search)
`autocomplete="off"`, which HTML allows only on text-like inputs; the Nu HTML checker reports it on
every page. The attribute is removed from checkboxes in every rendered page and template (404.html).

Search. mkdocs-static-i18n stacks the entries of every language into one index at the site root, so
the Kazakh site would return Russian and English pages and every page would load three languages'
worth of index. After the last language is built, the stacked index is split into one index per
language root (`search/`, `ru/search/`, `en/search/`), locations made relative to that root (Material
resolves them against "base", which main.html sets to the language root), each with its own lunr
pipeline: lunr has no Kazakh stemmer, so Kazakh is indexed without stemming or stop words (a prefix
query still finds inflected forms), while Russian and English get their stemmers.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# lunr languages whose word characters the trimmer keeps; "ru" covers all Cyrillic, Kazakh letters included.
SEARCH_LANGS = ["en", "ru"]
SEARCH_PIPELINES: dict[str, list[str]] = {
    "kk": ["trimmer"],
    "ru": ["trimmer", "stopWordFilter", "stemmer"],
    "en": ["trimmer", "stopWordFilter", "stemmer"],
}
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
    return config


DEFERRED_DIR = "_deferred"  # below docs_dir; excluded from the pages by mkdocs.yml (exclude_docs)
_DEFERRED = re.compile(r"<!-- bd-deferred ([0-9a-f]{32}) -->")


def deferred_placeholder(key: str) -> str:
    """What stands in a page for the block stored as `DEFERRED_DIR/<key>.html`."""
    return f"<!-- bd-deferred {key} -->"


def restore_deferred(html: str, folder: Path, page: str) -> str:
    """Put every deferred block back in place of its placeholder; `page` names the page in errors."""

    def block(match: re.Match[str]) -> str:
        key = match.group(1)
        path = folder / f"{key}.html"
        try:
            # Bytes, not text mode: the block goes back exactly as it was taken out (no newline translation).
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise PluginError(f"{page}: deferred block {key} is missing ({path} does not exist); "
                              "run `python -m sitegen.build` to regenerate the pages") from None

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
    return env


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*?\btype="checkbox"[^>]*?) autocomplete="off"')


def valid_checkboxes(html: str) -> str:
    """Drop `autocomplete` from checkbox inputs (only text-like inputs may carry it)."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


# Before mkdocs-static-i18n's on_post_page (-100), which hands the page to plugins it drives: they get
# the whole page. The search plugin has indexed the page earlier (on_page_context).
@event_priority(50)
def on_post_page(output: str, page: Any, config: Any) -> str:
    output = restore_deferred(output, Path(config.docs_dir) / DEFERRED_DIR, page.file.src_uri)
    return valid_checkboxes(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    return valid_checkboxes(output_content) if template_name.endswith(".html") else output_content


def _i18n_plugin(config: Any) -> Any:
    for name, plugin in config.plugins.items():
        if name == "i18n" or name.endswith("/i18n"):
            return plugin
    return None


def split_search_index(index: dict, prefixes: dict[str, str]) -> dict[str, dict]:
    """Split a stacked index into one per language; `prefixes` maps language → location prefix."""
    by_lang: dict[str, list[dict]] = {lang: [] for lang in prefixes}
    # Longest prefix first: the default language has the empty prefix and takes what is left.
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    seen: set[tuple[str, str, str]] = set()
    for doc in index["docs"]:
        for lang, prefix in ordered:
            if doc["location"].startswith(prefix):
                entry = dict(doc, location=doc["location"][len(prefix):])
                # The i18n plugin may stack a language's entries more than once.
                key = (lang, entry["location"], entry["title"])
                if key not in seen:
                    seen.add(key)
                    by_lang[lang].append(entry)
                break
    out = {}
    for lang, docs in by_lang.items():
        config = dict(index["config"], lang=SEARCH_LANGS, pipeline=SEARCH_PIPELINES.get(lang, ["trimmer"]))
        out[lang] = {"config": config, "docs": sorted(docs, key=lambda d: d["location"])}
    return out


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and stacked the index
def on_post_build(config: Any) -> None:
    i18n = _i18n_plugin(config)
    if i18n is None or i18n.building:
        return  # a nested per-language build: the stacked index is not complete yet
    site = Path(config.site_dir)
    stacked_path = site / "search" / "search_index.json"
    if not stacked_path.exists():
        return
    prefixes = {}
    for language in i18n.config.languages:
        if language.build:
            prefixes[language.locale] = "" if language.default else language.link.strip("/") + "/"
    stacked = json.loads(stacked_path.read_text(encoding="utf-8"))
    for lang, index in split_search_index(stacked, prefixes).items():
        target = site / prefixes[lang] / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
