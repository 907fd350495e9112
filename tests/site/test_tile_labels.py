"""The labels of the tile map of the regions: each region's percent rounded once, half up, from its
counts (278 of 373 is 74.53 %: "75%"), never the one-decimal percent rounded again (74.5 % → "74%")."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.language.numbers import format_percent

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
# The bold texts of a tile map that end in a percent sign: the tiles' labels, one per region.
LABEL = re.compile(r'<text[^>]*font-weight="bold"[^>]*>([^<]*%)</text>')


def expected_labels(rows: list[dict[str, str]], lang: str) -> list[str]:
    return sorted(
        format_percent(Decimal(r["count"]) * 100 / Decimal(r["total"]), lang, decimals=0)
        for r in rows
        if r["total"] not in ("", "0")
    )


@pytest.mark.parametrize("lang", list(PREFIX))
def test_every_tile_shows_its_percent_rounded_once_from_the_counts(site_dir: Path, lang: str):
    maps = sorted(
        p
        for p in (site_dir / PREFIX[lang] / "charts").glob("cctv-tile-map-*.csv")
        if not p.name.endswith(".spreadsheet.csv")
    )
    assert maps
    for data in maps:
        rows = list(csv.DictReader(data.read_text(encoding="utf-8-sig").splitlines()))
        shown = sorted(LABEL.findall(data.with_suffix(".svg").read_text(encoding="utf-8")))
        assert shown == expected_labels(rows, lang), data.name


def test_a_half_is_rounded_up_from_the_counts():
    rows = [{"count": "278", "total": "373"}, {"count": "1", "total": "8"}]
    assert expected_labels(rows, "en") == ["13%", "75%"]
