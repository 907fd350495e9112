"""One version: the package's (pipelines/version.py), which pyproject.toml repeats for the tools and
CHANGELOG.md describes."""

from __future__ import annotations

import re
import tomllib

from pipelines.paths import ROOT
from pipelines.version import RELEASED, VERSION


def test_pyproject_gives_the_package_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == VERSION


def test_the_changelog_describes_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert versions, "CHANGELOG.md: no '## [x.y.z] - YYYY-MM-DD' sections"
    assert versions[0] == (VERSION, RELEASED), "the newest CHANGELOG.md section is the package's version"
