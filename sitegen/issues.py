"""A quality issue as the pages show it: its description in the page's language, each quotation of a
document in it marked as minor text for the site search and with the language of the document it quotes,
and its anchor on /quality/.

The descriptions (`quality_issues.description_<lang>`) are plain text; which document a quotation is
from is read from the issue's own references (`source_refs`), not guessed from its letters: a Russian
document's garbled words carry Kazakh letters ("приҰмных"), and a Kazakh note's figures may be written
in letters Russian shares ("4 084 мектеп")."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable

from pipelines.language import grammar
from sitegen.context import PageCtx, SiteData
from sitegen.data import split_refs
from sitegen.html import Markup, esc

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u2060\u00ad\u200b"))  # word joiner, soft hyphen, zero-width space
_CYRILLIC = re.compile("[\u0400-\u04ff]")


def restated(issue: dict) -> list[str]:
    """The issue ids a progress row's issue restates (the issues of the counts it compares: its details'
    `inherited_from`, pipelines/check/checks.py); none for an issue of its own."""
    try:
        details = json.loads(str(issue.get("details") or "{}"))
    except ValueError:
        return []
    return [str(i) for i in details.get("inherited_from") or []] if isinstance(details, dict) else []


def distinct(issues: Iterable[dict], every: dict[str, dict]) -> list[dict]:
    """Each problem once: an issue that restates others is replaced by them (from `every`, the issues by
    id), in the order first met."""
    out: dict[str, dict] = {}
    for issue in issues:
        for found in [every[i] for i in restated(issue) if i in every] or [issue]:
            out.setdefault(str(found["issue_id"]), found)
    return list(out.values())


def issue_anchor(issue_id: str) -> str:
    """A stable, URL-safe anchor for a quality issue."""
    safe = "".join(ch if ch.isalnum() else "-" for ch in issue_id.lower())
    return "q-" + "-".join(part for part in safe.split("-") if part)


def plain(text: str) -> str:
    """`text` as compared with a document's: no invisible marks, no Markdown emphasis marks (a document's
    line "в **Туркестанской** (61)" is quoted as its readers see it, "в Туркестанской (61)"), every run of
    spaces (no-break and thin ones included) one space."""
    return _SPACES.sub(" ", grammar.unmarked(text.translate(_INVISIBLE))).strip()


def quote_language(quote: str, refs: list[tuple[str, int]], data: SiteData) -> str:
    """The language ("kk", "ru") of the document `quote` (a quotation's text, without its marks) is from:
    the first of the issue's documents (`refs`, in order) whose referenced line holds it, else whose text
    holds it anywhere. A quotation no document holds (a letter the description names, "«ё»") is in the
    language of the issue's documents when they share one and it has Cyrillic letters; else "" (none)."""
    wanted = plain(quote)
    if not wanted:
        return ""
    lines = data.source_lines
    language = {sid: str(data.sources.get(sid, {}).get("language") or "") for sid, _ in refs}
    for sid, line in refs:
        if 1 <= line <= len(lines.get(sid, [])) and wanted in plain(lines[sid][line - 1]):
            return language[sid]
    for sid in dict.fromkeys(sid for sid, _ in refs):
        if wanted in plain(" ".join(lines.get(sid, []))):
            return language[sid]
    shared = set(language.values())
    return shared.pop() if len(shared) == 1 and _CYRILLIC.search(wanted) else ""


def quoted_minor(text: str, lang: str, language_of: Callable[[str], str]) -> str:
    """A description as HTML, each quotation in it (in the page language's outer marks, «…» or “…”, nested
    ones within) marked as minor text for the site search: the page is found by a document's words after
    the pages that say them in their own (sitegen/search.py, MINOR_TAGS); and with the language
    `language_of` gives its text when that is not the page's, for readers and screen readers."""
    start_mark, end_mark = grammar.quotation_marks(lang)[:2]
    out, depth, start = [], 0, 0
    for at, ch in enumerate(text):
        if ch == start_mark and (start_mark != end_mark or depth == 0):
            if depth == 0:
                out.append(str(esc(text[start:at])))
                start = at
            depth += 1
        elif ch == end_mark and depth:
            depth -= 1
            if depth == 0:
                quote = text[start:at + 1]
                said = language_of(quote[1:-1])
                marked = f' lang="{esc(said)}"' if said and said != lang else ""
                out.append(f"<span data-search-minor{marked}>{esc(quote)}</span>")
                start = at + 1
    out.append(str(esc(text[start:])))
    return "".join(out)


def issue_description(page: PageCtx, issue: dict) -> Markup:
    """An issue's description in the page's language (English when it has none), as HTML (`quoted_minor`)."""
    text = str(issue.get(f"description_{page.lang}") or issue.get("description_en") or "")
    refs = split_refs(issue.get("source_refs"))
    return Markup(quoted_minor(text, page.lang, lambda quote: quote_language(quote, refs, page.data)))
