"""A rebuild whose charts all come from the chart cache imports neither Altair nor vl-convert: together
about a second of a rebuild's start, which the README's Performance section counts on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.conftest import CHART_CACHE, copy_project

pytestmark = pytest.mark.slow

# Generates every page in a copy of the project, the charts from the cache, then names the chart
# libraries this process imported (the chart workers are processes of their own).
GENERATE = """
import json, sys
from sitegen.build import main
status = main(["--no-mkdocs", "--chart-cache", sys.argv[1]])
print(json.dumps({"status": status, "imported": sorted(m for m in ("altair", "vl_convert") if m in sys.modules)}))
"""


def test_generation_from_the_chart_cache_imports_no_chart_library(site_dir: Path, tmp_path: Path):
    # site_dir: the shared build has put every chart of the committed data in CHART_CACHE.
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", GENERATE, str(CHART_CACHE)], cwd=project, capture_output=True,
                            text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"status": 0, "imported": []}, outcome
