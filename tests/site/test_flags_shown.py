"""A flagged row's flags are shown wherever its number is: every target, indicator and action of the
Concept's plan that carries a flag has its marker (⚑, linking to the flag's explanation on /quality/)
beside it on its pages in every language, and a headline card, a sum of a list's rows, carries every flag
one of its rows carries."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import read_published

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


def soup(site_dir: Path, lang: str, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def flag_codes(element) -> set[str]:
    return {a["href"].rsplit("#flag-", 1)[1] for a in element.select('.bd-flag a[href*="#flag-"]')}


def codes(row: dict) -> set[str]:
    return {c for c in str(row.get("flags") or "").split(";") if c}


@pytest.mark.parametrize("lang", list(PREFIX))
def test_every_flagged_target_shows_its_flags_in_its_row(site_dir, lang):
    flagged = [t for t in read_published("concept_targets") if codes(t)]
    assert flagged
    missing = []
    for target in flagged:
        page = soup(site_dir, lang, f"concept/{target['indicator_id']}")
        rows = [tr for tr in page.select("tr") if tr.select_one(f'a[href$="#L{target["source_line"]}"]')]
        if not any(codes(target) <= flag_codes(tr) for tr in rows):
            missing.append(f"{target['indicator_id']} line {target['source_line']}: {sorted(codes(target))}")
    assert missing == []


@pytest.mark.parametrize("lang", list(PREFIX))
def test_every_flagged_indicator_and_action_shows_its_flags(site_dir, lang):
    missing = []
    for ind in read_published("concept_indicators"):
        if codes(ind) and not codes(ind) <= flag_codes(soup(site_dir, lang, f"concept/{ind['indicator_id']}")):
            missing.append(f"indicator {ind['indicator_id']}")
    actions = soup(site_dir, lang, "actions")
    for action in read_published("concept_actions"):
        if not codes(action):
            continue
        if not codes(action) <= flag_codes(actions.select_one(f'tr#a{action["action_no"]}')):
            missing.append(f"action {action['action_no']} in the plan's table")
        page = soup(site_dir, lang, f"concept/{action['indicator_id']}")
        item = next((li for li in page.select("li") if li.select_one(f'a[href$="#a{action["action_no"]}"]')), None)
        if item is None or not codes(action) <= flag_codes(item):
            missing.append(f"action {action['action_no']} on its indicator's page")
    assert missing == []


@pytest.mark.parametrize("lang", list(PREFIX))
def test_the_headline_card_of_the_regions_carries_its_rows_flags(site_dir, lang):
    rows = [r for r in read_published("security_coverage")
            if r["measure"] == "cctv_police_link" and r["area_type"] == "region"]
    latest = max(r["period"] for r in rows)
    # None when the latest quarter's rows are clean (a next note may be): then the card shows none.
    expected = set().union(*(codes(r) for r in rows if r["period"] == latest))
    card = soup(site_dir, lang, ".").select_one("div.bd-card")
    assert flag_codes(card) == expected


@pytest.mark.parametrize("lang", list(PREFIX))
def test_a_comparison_shows_the_flags_of_the_figures_it_compares(site_dir, lang):
    """5 986 on /progress/ is the figure another document states otherwise: its flag is beside it."""
    figures = {f["figure_id"]: f for f in read_published("national_figures")}
    page = soup(site_dir, lang, "progress")
    checked, missing = 0, []
    for row in read_published("progress"):
        figure = figures.get(row.get("figure_id_to") or "")
        if figure is None or not codes(figure):
            continue
        cells = [td for td in page.select("td")
                 if td.select_one(f'a[href*="{figure["source_id"]}"][href$="#L{figure["source_line"]}"]')]
        if cells:
            checked += 1
            if not any(codes(figure) <= flag_codes(td) for td in cells):
                missing.append(f"{row['figure_id_to']}: {sorted(codes(figure))}")
    assert checked and missing == []
