"""Where things live in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
REFERENCE = DATA / "reference"
CORRECTIONS = DATA / "corrections.yml"
TRANSLATIONS = DATA / "translations"
# The published package: its own folder, replaced whole by every build (pipelines/publish/outputs.py).
PACKAGE = DATA / "package"
# The repository's datapackage.json: a copy of the package's own, its paths into data/package/.
DATAPACKAGE = ROOT / "datapackage.json"
