"""`make release`: the package version, the changelog and the citation must agree."""

from __future__ import annotations

import json
import re
import sys

import yaml

from pipelines.paths import DATAPACKAGE, ROOT
from pipelines.version import RELEASED, VERSION

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")


def release_problems() -> list[str]:
    problems = []
    if not SEMVER.match(VERSION):
        problems.append(f"version {VERSION!r} is not MAJOR.MINOR.PATCH")
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    if package.get("version") != VERSION:
        problems.append(f"datapackage.json has version {package.get('version')}, pipelines/version.py {VERSION}")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    top = re.search(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})", changelog, re.MULTILINE)
    if not top:
        problems.append("CHANGELOG.md has no '## [X.Y.Z] - YYYY-MM-DD' entry")
    elif (top.group(1), top.group(2)) != (VERSION, RELEASED):
        problems.append(f"CHANGELOG.md's latest entry is {top.group(1)} of {top.group(2)}, "
                        f"expected {VERSION} of {RELEASED}")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    if str(citation.get("version")) != VERSION or str(citation.get("date-released")) != RELEASED:
        problems.append(f"CITATION.cff says {citation.get('version')} of {citation.get('date-released')}, "
                        f"expected {VERSION} of {RELEASED}")
    return problems


def main() -> int:
    problems = release_problems()
    for problem in problems:
        print(f"release: {problem}", file=sys.stderr)
    if not problems:
        print(f"release {VERSION} of {RELEASED}: version, changelog and citation agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
