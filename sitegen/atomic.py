"""Replace a whole output folder at once: build beside it, then swap it in by renames.

`swap_in` renames the old folder aside (`<name>.previous`), renames the new one into place and removes
the old one. Both renames are atomic on one file system; a process killed between them leaves the old
folder aside and none in place, which `restore` (the first step of every build) renames back. So a
reader finds either the complete old folder or the complete new one, never a mix.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREVIOUS_SUFFIX = ".previous"
STAGING_PREFIX = ".tmp-site-"


def previous_of(target: Path) -> Path:
    return target.with_name(target.name + PREVIOUS_SUFFIX)


def staging_beside(target: Path) -> Path:
    """A new empty folder on the same file system as `target`, for building its replacement."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target.parent))


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` with the folder `new` (see the module docstring)."""
    previous = previous_of(target)
    if previous.exists():
        shutil.rmtree(previous)
    if target.exists():
        os.rename(target, previous)
    os.rename(new, target)
    shutil.rmtree(previous, ignore_errors=True)


def restore(target: Path) -> None:
    """Undo a swap cut short (the old folder aside, none in place) and remove leftover staging folders."""
    previous = previous_of(target)
    if previous.exists():
        if target.exists():
            shutil.rmtree(previous)  # the swap had finished; only the removal was cut short
        else:
            os.rename(previous, target)
    for leftover in target.parent.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
