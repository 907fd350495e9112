"""Same data → byte-identical site (except the DuckDB file, whose header holds a random identifier)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh import SEEDS

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
NOT_REPRODUCIBLE = {"downloads/bilim-data.duckdb"}


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file() and p.relative_to(site).as_posix() not in NOT_REPRODUCIBLE
    }


def test_rebuild_is_byte_identical(site_dir: Path, tmp_path: Path):
    """Built again in fresh processes, with every chart rendered anew (an empty chart cache) and sets of
    strings iterated in another order (another PYTHONHASHSEED), the site is the same bytes."""
    again = tmp_path / "_site"
    env_cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(again)]
    from sitegen.build import source_date_epoch
    from sitegen.data import load_package
    from sitegen.downloads import package_time

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED=SEEDS[0],
               SOURCE_DATE_EPOCH=source_date_epoch(package_time(load_package())))
    subprocess.run([sys.executable, "-m", "sitegen.build", "--no-mkdocs", "--chart-cache", str(tmp_path / "charts")],
                   cwd=ROOT, env=env, check=True)
    assert len(list((tmp_path / "charts").iterdir())) > 100  # every chart rendered again
    subprocess.run(env_cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    first, second = digests(site_dir), digests(again)
    assert first.keys() == second.keys()
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, differ[:20]
