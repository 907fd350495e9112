"""How much of a built page is in another language than the page's own: the share of foreign words.

What is read: the text of the page's <body> (its navigation, headings, tables, chart labels, notes),
the way a reader sees it; the words its markup gives a reader and a screen reader (aria-label, title,
alt, placeholder), its <title> and its description (the line a search engine and a shared link show);
and each chart's downloads, as a program shows them (`download_share`: the image's texts and ARIA words,
the data's cells of words). What is left out, because it is not ours to translate:
- quotations: <q>, <blockquote>, and text between «…» or “…” (document text quoted in a sentence, names);
- an element in another language than the page's (its `lang` differs) that is marked as a quotation
  or as the original beside its translation: it or an element around it is a <q>, <blockquote> or
  <details>, or has the class `bd-original` (the Russian original of a translated action). Other text
  in another language counts, `lang` or not: a lang attribute makes foreign text readable aloud, not
  translated. A link to the page in another language (`hreflang`, the language switch) is named in
  that language and is left out too;
- code and data: <code>, <pre>, <kbd>, <samp>, <script>, <style>, <template>, a document's lines
  (.bd-source), elements marked translate="no" (official names and data values shown as they are), and
  tokens that are paths, file names or identifiers (data/corrections.yml, swap-004-l005-kz35-college).

Words are runs of letters (with inner hyphens and apostrophes). Not counted as words: digits and numbers
with their endings (49-дың), single letters (initials, "т.б."), and abbreviations — a word with two or
more capital letters (МП, ЖБО, PISA, ТжКБ, КеАҚ).

Which words are foreign (a documented heuristic, not a dictionary):
- on an English page: every Cyrillic word;
- on a Kazakh page:
  - a Latin word in lower case (English left untranslated: "of", "schools"); a capitalised Latin word is
    taken for a name (WorldSkills, Bilim Data, DuckDB);
  - a Cyrillic word without any of the letters only Kazakh has (ә ғ қ ң ө ұ ү һ і) that is a Russian
    function word (и, в, на, по, для, …), or, in lower case (a capitalised one may be a name: Рудный),
    longer than four letters and ends in an ending only Russian words have (-ого, -ых, -ции, -ние, -ость, -ться, -ский, …; Kazakh declines loanwords with its own
    suffixes: «интеграциясы», not «интеграции»);
  - every Cyrillic word of a text run (one paragraph, cell or line) that has at least three Cyrillic
    words, none with a Kazakh letter, one of them Russian by the rules above: a Russian phrase, whose
    other words (организация, школа) Kazakh would also spell so.
A Cyrillic word without a Kazakh letter that none of these rules marks is taken for Kazakh (мектеп, жыл).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

LANG_PREFIX = {"ru": "ru/", "en": "en/"}
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "template"}
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
QUOTATION_TAGS = {"q", "blockquote", "details"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "s", "small", "span",
               "strong", "sub", "sup", "time", "u", "var", "label", "output", "tspan"}

KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”")  # Kazakh and Russian outer marks, English ones
# Paths, file names, identifiers and numbers with endings: whole tokens, never words.
CODE_TOKEN = re.compile(r"\S*(?:[/_\\]|\.(?:yml|yaml|csv|json|md|txt|py|html)\b|\d)\S*")
RUSSIAN_WORDS = {
    "и", "в", "во", "на", "по", "для", "с", "со", "от", "к", "ко", "о", "об", "при", "из", "за", "или", "также",
    "том", "числе", "что", "как", "через", "после", "без", "под", "над", "до", "это", "его", "их", "год",
    "года", "годов", "годы", "лет", "ежегодно", "приказ", "отчет", "отчёт", "всего", "либо", "между", "где",
    "был", "была", "были", "будет", "который", "которые", "согласованию",
}
RUSSIAN_ENDINGS = ("ого", "его", "ых", "ыми", "ими", "ции", "ций", "ние", "ния", "нии", "нию", "ость", "ости",
                   "ться", "ются", "ется", "ный", "ная", "ное", "ные", "ной", "ным", "ская", "ский", "ские",
                   "ской", "ств", "ами", "ями", "ению", "ении", "ания", "ании")


@dataclass
class PageShare:
    path: str
    lang: str
    words: int = 0
    foreign: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.foreign / self.words if self.words else 0.0


def is_abbreviation(word: str) -> bool:
    return sum(1 for ch in word if ch.isupper()) >= 2


def russian_by_form(word: str) -> bool:
    """Whether a Cyrillic word without a Kazakh letter is Russian by its own form."""
    lower = word.lower()
    return lower in RUSSIAN_WORDS or (word[:1].islower() and len(lower) > 4 and lower.endswith(RUSSIAN_ENDINGS))


def foreign_words(text: str, lang: str) -> tuple[int, list[str]]:
    """(number of counted words, the foreign ones) of one text run of a page in `lang`."""
    plain_text = CODE_TOKEN.sub(" ", QUOTED.sub(" ", text))
    words = [w for w in WORD.findall(plain_text) if len(w) > 1 and not is_abbreviation(w)]
    if lang == "en":
        return len(words), [w for w in words if CYRILLIC.search(w)]
    cyrillic = [w for w in words if CYRILLIC.search(w)]
    plain = [w for w in cyrillic if not KAZAKH_ONLY & set(w)]
    russian_phrase = len(cyrillic) >= 3 and len(plain) == len(cyrillic) and any(russian_by_form(w) for w in plain)
    foreign = []
    for word in words:
        if LATIN.search(word) and not CYRILLIC.search(word):
            if word[:1].islower():
                foreign.append(word)
        elif CYRILLIC.search(word) and not KAZAKH_ONLY & set(word) and (russian_phrase or russian_by_form(word)):
            foreign.append(word)
    return len(words), foreign


class _Reader(HTMLParser):
    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipped, a quotation or an original
        self.in_body = False
        self.in_title = False
        self.runs: list[str] = []
        self.buffer: list[str] = []

    def _skipped(self) -> bool:
        return any(skipped for _, skipped, _ in self.stack)

    def _quoting(self) -> bool:
        return any(quoting for _, _, quoting in self.stack)

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        if text:
            self.runs.append(text)
        self.buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "body":
            self.in_body = True
        self.in_title = self.in_title or (tag == "title" and not self.in_body)
        if tag == "meta" and values.get("name") == "description" and values.get("content"):
            self.runs.append(values["content"] or "")
        if self.in_body and not self._skipped() and values.get("hreflang") in (None, self.lang) and not (
                values.get("lang") not in (None, self.lang) and tag != "html"):
            self.runs += [values[name] or "" for name in ATTRIBUTES if values.get(name)]
        if tag in VOID_TAGS:
            if tag == "br":
                self._flush()
            return
        if tag not in INLINE_TAGS:
            self._flush()
        classes = (values.get("class") or "").split()
        quoting = self._quoting() or tag in QUOTATION_TAGS or "bd-original" in classes
        other_lang = values.get("lang") not in (None, self.lang) and tag != "html"
        switch = values.get("hreflang") not in (None, self.lang)
        skipped = (tag in SKIP_TAGS or (other_lang and quoting) or switch or "bd-source" in classes
                   or values.get("translate") == "no" or tag in ("q", "blockquote"))
        self.stack.append((tag, skipped, quoting))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if tag == "title" and self.in_title:
            self._flush()
            self.in_title = False
        if tag not in INLINE_TAGS:
            self._flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if (self.in_body or self.in_title) and not self._skipped():
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def page_lang(relative: str) -> str:
    for lang, prefix in LANG_PREFIX.items():
        if relative.startswith(prefix):
            return lang
    return "kk"


def is_document_page(relative: str) -> bool:
    """A source document's own pages (its text, /sources/<id>/ and its parts), not the list of documents."""
    bare = relative.removeprefix(LANG_PREFIX.get(page_lang(relative), ""))
    return bare.startswith("sources/") and bare != "sources/index.html"


def measure_page(path: Path, site_dir: Path) -> PageShare:
    relative = path.relative_to(site_dir).as_posix()
    share = PageShare(relative, page_lang(relative))
    reader = _Reader(share.lang)
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    for run in reader.runs:
        count, foreign = foreign_words(run, share.lang)
        share.words += count
        share.foreign += len(foreign)
        share.examples += foreign[: max(0, 12 - len(share.examples))]
    return share


def measured_pages(site_dir: Path, langs: tuple[str, ...] = ("kk", "en")) -> list[PageShare]:
    """Every page of the given languages except the documents' own pages, measured."""
    pages = sorted(p for p in site_dir.rglob("*.html") if p.name == "index.html")
    shares = []
    for path in pages:
        relative = path.relative_to(site_dir).as_posix()
        if page_lang(relative) in langs and not is_document_page(relative):
            shares.append(measure_page(path, site_dir))
    return shares


def download_share(path: Path, site_dir: Path) -> PageShare:
    """A chart's file (SVG, CSV, XLSX) measured as a page is: its texts and the words its markup gives a
    screen reader, its cells of words (columns of codes left out: tests/site/language_scan.read_download)."""
    from tests.site.language_scan import read_download

    text = read_download(path, site_dir)
    share = PageShare(text.path, text.lang)
    for segment in text.segments:
        count, foreign = foreign_words(segment.text, share.lang)
        share.words += count
        share.foreign += len(foreign)
        share.examples += foreign[: max(0, 12 - len(share.examples))]
    return share


def measured_downloads(site_dir: Path, langs: tuple[str, ...] = ("kk", "en")) -> list[PageShare]:
    """Every chart download of the given languages, measured."""
    from tests.site.language_scan import download_paths

    shares = [download_share(path, site_dir) for path in download_paths(site_dir)]
    return [s for s in shares if s.lang in langs]


def report(shares: list[PageShare], worst: int = 15) -> str:
    """The worst pages, one line each: share, foreign / counted words, path, examples."""
    ranked = sorted(shares, key=lambda s: (-s.share, s.path))[:worst]
    lines = [f"{s.share:6.1%}  {s.foreign:5d}/{s.words:<6d} {s.path}  e.g. {' '.join(s.examples[:8])}"
             for s in ranked]
    total_words = sum(s.words for s in shares)
    total_foreign = sum(s.foreign for s in shares)
    overall = total_foreign / total_words if total_words else 0.0
    return (f"{len(shares)} pages, {total_foreign} of {total_words} words foreign ({overall:.1%}); worst:\n"
            + "\n".join(lines))


if __name__ == "__main__":
    import sys

    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_site")
    for lang in ("kk", "en"):
        print(f"[{lang}]", report(measured_pages(site, (lang,)), 25))
