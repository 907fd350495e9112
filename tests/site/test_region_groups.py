"""A region whose large-city lists name two groups (Ulytau: Zhezkazgan, and Satbayev once a note lists
it) shows each on its page, the group listed longest first, each ranked within its own list: the page
showed the first group alone, with the other's ranks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.sources import load_documents
from tests.conftest import shared_folder
from tests.fixtures.quarterly_notes import NewGroup, make_note, next_quarter
from tests.site.test_site_periods import NOTES, build_package, generate, table, text

pytestmark = pytest.mark.slow

GROUP = NewGroup()
PERIOD = next_quarter(NOTES[-1][0])
SOURCE_ID = f"{max(int(s[:3]) for s in load_documents()) + 1:03d}_5a6b7c8d9e0f1a2b"
ROOT = Path(__file__).resolve().parents[2]


def build_with_second_group(root: Path) -> Path:
    """A copy of data/ with the next quarter's note listing a new group in a region that has one, its
    reference rows added as CONTRIBUTING.md says (unless already committed), and its package."""
    import shutil

    shutil.copytree(ROOT / "data", root / "data")
    make_note(PERIOD, "number", step=1, new_group=GROUP).write(root / "data/sources", SOURCE_ID)
    reference = root / "data/reference"
    if GROUP.slug not in (reference / "large_cities.csv").read_text(encoding="utf-8").lower():  # committed?
        with (reference / "large_cities.csv").open("a", encoding="utf-8") as handle:
            handle.write(GROUP.reference_row + "\n")
        with (reference / "name_aliases.csv").open("a", encoding="utf-8") as handle:
            handle.write(GROUP.alias_row + "\n")
    return build_package(root)


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return shared_folder(tmp_path_factory, "second-group", build_with_second_group) / "data/package/datapackage.json"


@pytest.fixture(scope="module")
def pages(package) -> dict:
    return generate(package)


def competition_rank(rows: list[dict], group: str) -> int:
    values = sorted((r["percent"] if r["percent"] is not None else -1.0 for r in rows), reverse=True)
    mine = next(r for r in rows if r["city_group"] == group)
    return values.index(mine["percent"] if mine["percent"] is not None else -1.0) + 1


def test_the_region_page_shows_each_group_with_its_own_ranks(package, pages):
    rows = [r for r in table(package, "security_coverage") if r["period"] == PERIOD and r["area_type"] == "city"]
    groups = sorted({r["city_group"] for r in rows if r["region_code"] == GROUP.region})
    assert len(groups) == 2 and GROUP.slug in groups
    first_listed = next(g for g in groups if g != GROUP.slug)
    page = text(pages[f"en/regions/{GROUP.region.lower()}.md"])
    names = {g: r["name_en"] for r in table(package, "large_cities") for g in groups if r["city_group"] == g}
    headings = re.findall(rf"Large city — ({'|'.join(map(re.escape, names.values()))}): ", page)
    assert headings[:2] == [names[first_listed], names[GROUP.slug]], headings
    for group in groups:
        # The section of the group, up to the next group's or the next heading of its level.
        start = page.index(f"Large city — {names[group]}: ")
        section = page[start:page.find("Large city — ", start + 1) if group == first_listed else len(page)]
        for measure in ("licensed_security", "alarm_button", "turnstile"):
            for org in ("kindergarten", "school", "college"):
                same = [r for r in rows if r["measure"] == measure and r["org_type"] == org]
                if not any(r["city_group"] == group for r in same):
                    continue
                rank = competition_rank(same, group)
                assert f"{rank} of {len(same)}" in section, (group, measure, org, rank)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_group_s_section_has_its_own_anchor(pages, lang):
    page = pages[f"{lang}/regions/{GROUP.region.lower()}.md"]
    anchors = re.findall(r"\{ #(city(?:-[a-z-]+)?) \}", page)
    assert "city" in anchors and f"city-{GROUP.slug}" in anchors, anchors
