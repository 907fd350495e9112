"""The chart of the bodies with the most actions never cuts through a tie: a body with as many actions as
one it shows is shown too."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from tests.conftest import read_published

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}


@pytest.mark.parametrize("lang", list(PREFIX))
def test_every_body_tied_with_one_shown_is_shown(site_dir, lang):
    counts = Counter(b for a in read_published("concept_actions")
                     for b in str(a.get("responsible_body_ids") or "").split(";") if b)
    text = (site_dir / PREFIX[lang] / "charts" / "actions-by-body.csv").read_text(encoding="utf-8-sig")
    shown = {row["body_id"]: int(row["actions"]) for row in csv.DictReader(text.splitlines())}
    assert len(shown) >= 12 and all(counts[b] == n for b, n in shown.items())
    assert set(shown) == {b for b, n in counts.items() if n >= min(shown.values())}
