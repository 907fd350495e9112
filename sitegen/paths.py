"""Where the generator reads and writes. Everything it writes is git-ignored."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "site"                      # mkdocs docs_dir
STRINGS = DOCS / "i18n"                  # interface strings, kk/ru/en side by side, one *.yml per topic
CONTENT = DOCS / "content"                # hand-written page sources, one folder per language
DOWNLOADS = DOCS / "downloads"            # generated: data package in every format
SITE_DIR = ROOT / "_site"                 # mkdocs site_dir
CHART_CACHE = ROOT / ".cache" / "charts"  # rendered SVG by spec hash
# What it reads of the data (the documents, the published package): pipelines/paths.py.
