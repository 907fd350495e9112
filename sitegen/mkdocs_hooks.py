"""MkDocs hooks: reproducible build dates, valid HTML and one search index per language.

Loaded by mkdocs.yml (`hooks:`), so a plain `mkdocs build` gives the same site as `python -m
sitegen.build`. Standard library only: MkDocs loads this file by path, without the project on sys.path.

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


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*?\btype="checkbox"[^>]*?) autocomplete="off"')


def valid_checkboxes(html: str) -> str:
    """Drop `autocomplete` from checkbox inputs (only text-like inputs may carry it)."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


def on_post_page(output: str, page: Any, config: Any) -> str:
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
