"""The search index holds the words a reader sees: text of neighbouring blocks is never run together
("Licensed security" beside "1,911 of 2,621" indexed as "security1" and "911"), so a figure is found
by what the page shows."""

from __future__ import annotations

import json
import re

import pytest

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
# A word running into a number, or a number into a word.
GLUED = re.compile(r"[^\W\d_]{2,}\d+|\d+[^\W\d_]{2,}")
# What legitimately looks so: indicator ids (ci03), English ordinals (9th), hexadecimal hashes.
LEGITIMATE = re.compile(r"ci\d{2}|\d+(?:st|nd|rd|th)|[0-9a-f]+")


@pytest.mark.parametrize("lang", sorted(PREFIX))
def test_no_indexed_word_runs_into_a_number(site_dir, lang):
    index = json.loads((site_dir / PREFIX[lang] / "search" / "index.json").read_text(encoding="utf-8"))
    glued = sorted(t for t in index["terms"] if GLUED.fullmatch(t) and not LEGITIMATE.fullmatch(t))
    assert glued == []


@pytest.mark.parametrize("lang", sorted(PREFIX))
def test_the_home_page_figures_are_indexed_as_shown(site_dir, lang):
    """Each headline card's first figure ("2 621" in "2 621 ұйымның 1 911-і") is a word of the index, in
    the form a reader types it without separators."""
    index = json.loads((site_dir / PREFIX[lang] / "search" / "index.json").read_text(encoding="utf-8"))
    html = (site_dir / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    metas = re.findall(r'<div class="bd-card__meta">(.*?)<br>', html, re.S)
    assert len(metas) >= 4
    for meta in metas:
        first = re.match(r"\D*(\d{1,3}(?:[\s\u00a0\u202f,]\d{3})*)", meta).group(1)
        assert re.sub(r"\D", "", first) in index["terms"], meta


@pytest.mark.parametrize("lang", sorted(PREFIX))
def test_every_title_has_a_word_the_index_holds(site_dir, lang):
    """Function words are not indexed (sitegen/search.py FUNCTION_WORDS): no page or section is titled by
    them alone, or its own name would find nothing (the English "About")."""
    from sitegen.search import stems, tokenize

    index = json.loads((site_dir / PREFIX[lang] / "search" / "index.json").read_text(encoding="utf-8"))
    vocabulary = set(index["terms"])
    unfound = [(location, title) for location, title, _ in index["docs"]
               if not any(set(stems(t.forms[0], lang)) & vocabulary for t in tokenize(title, lang))]
    assert unfound == []
