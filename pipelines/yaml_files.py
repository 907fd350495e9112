"""Reading the project's YAML files (document metadata, corrections, translations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: the same safe subset of YAML, ten times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The YAML document in path (safe types only: mappings, lists, strings, numbers, dates)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
