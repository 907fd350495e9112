"""Same data → byte-identical site (except the DuckDB file, whose header holds a random identifier)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.fresh import SEEDS
from tests.site.conftest import build_site

pytestmark = pytest.mark.slow
NOT_REPRODUCIBLE = {"downloads/bilim-data.duckdb"}


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file() and p.relative_to(site).as_posix() not in NOT_REPRODUCIBLE
    }


def test_rebuild_is_byte_identical(site_dir: Path, tmp_path: Path):
    """Built again (`python -m sitegen.build` in a copy of the project) in fresh processes, with every
    chart rendered anew (an empty chart cache) and sets of strings iterated in another order (another
    PYTHONHASHSEED), the site is the same bytes."""
    env = dict(os.environ, PYTHONHASHSEED=SEEDS[0])
    again = build_site(tmp_path / "project", chart_cache=tmp_path / "charts", env=env)
    assert len(list((tmp_path / "charts").iterdir())) > 100  # every chart rendered again
    first, second = digests(site_dir), digests(again)
    assert first.keys() == second.keys()
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, differ[:20]
