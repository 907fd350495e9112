"""Running code in a fresh interpreter, for tests of determinism.

A second call in the same process can hit a cache (the plan's parse is cached, the charts' SVGs are) and
orders sets of strings the same way every time; a fresh process parses again and, with another
PYTHONHASHSEED, orders every set of strings another way. Output that depends on either shows here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Two string-hashing seeds: a set of strings iterated in one order under one is in another under the other.
SEEDS = ("1", "2")


def run_fresh(code: str, seed: str) -> object:
    """Run `code` (which prints one JSON value last) in a new interpreter with PYTHONHASHSEED=seed; the value."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
