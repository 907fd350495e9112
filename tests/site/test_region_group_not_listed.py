"""A large-city group that an earlier note lists and the latest note does not: its region page says so under
the group's heading of the latest quarter (the heading stood over nothing), and shows the group's earlier
quarters as before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipelines.sources import load_documents
from tests.conftest import shared_folder
from tests.fixtures.quarterly_notes import make_note, next_quarter
from tests.site.test_site_periods import NOTES, build_package, generate, text

pytestmark = pytest.mark.slow

PERIOD = next_quarter(NOTES[-1][0])
SOURCE_ID = f"{max(int(s[:3]) for s in load_documents()) + 1:03d}_6c7d8e9f0a1b2c3d"
ROOT = Path(__file__).resolve().parents[2]
# Zhezkazgan, Ulytau's one large city, left out of every large-city list of the new note.
LEFT_OUT = re.compile(r"; Жезқазған қ\. \([^()]*\) – \d+%")


def build_without_group(root: Path) -> Path:
    shutil.copytree(ROOT / "data", root / "data")
    note = make_note(PERIOD, "number", step=1)
    note.text, left_out = LEFT_OUT.subn("", note.text)
    assert left_out == 9, left_out  # three measures × three kinds of organisation
    note.write(root / "data/sources", SOURCE_ID)
    return build_package(root)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    return generate(shared_folder(tmp_path_factory, "group-left-out", build_without_group)
                    / "data/package/datapackage.json")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "The lists of {period} do not name Zhezkazgan."),
    ("ru", "В списках за {period} Жезказган нет."),
    ("kk", "{period_gen} тізімдерінде Жезқазған қ. жоқ."),
])
def test_a_group_the_latest_note_leaves_out_is_said_to_be_left_out(pages, lang, said):
    from sitegen.periods import period_label

    page = text(pages[f"{lang}/regions/kz-62.md"])
    label = period_label(PERIOD, lang)
    heading = {"en": f"Large city — Zhezkazgan: {label}", "ru": f"Крупный город — Жезказган: {label}",
               "kk": f"Ірі қала — Жезқазған қ.: {label}"}[lang]
    start = page.index(heading)
    section = page[start:start + 400]
    assert said.format(period=label, period_gen=f"{label}ның") in section, section
    # The earlier quarter still shows the group's lists.
    earlier = page[page.index(heading) + len(heading):]
    assert re.search(r"(Large city — Zhezkazgan|Крупный город — Жезказган|Ірі қала — Жезқазған қ\.): ", earlier)
