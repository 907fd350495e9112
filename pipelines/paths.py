"""Where things live in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
REFERENCE = DATA / "reference"
CORRECTIONS = DATA / "corrections.yml"
TRANSLATIONS = DATA / "translations"
DATAPACKAGE = ROOT / "datapackage.json"
