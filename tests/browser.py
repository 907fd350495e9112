"""Which Chromium-family browser the browser tests, pa11y and the benchmarks drive.

Order: the path in `BILIM_BROWSER`; then `CHROME_BIN` (set by GitHub's Ubuntu runners, which ship Chrome
and Chromium); then the usual names on PATH and Debian's `/usr/bin/chromium`. A candidate counts only
when it runs and prints a Chromium or Chrome version: on Ubuntu, `chromium-browser` and `chromium` from
apt are transitional stubs that ask for the snap, which are skipped rather than started.

Standard library only: the Makefile runs `python3 tests/browser.py` before the virtual environment exists,
and prints its answer (the path, or nothing with exit status 1).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping

ENV_VARS = ("BILIM_BROWSER", "CHROME_BIN")
NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome")
DEBIAN_PATH = "/usr/bin/chromium"
VERSION = re.compile(r"\b(Chromium|Google Chrome|Chrome)\b.*?\d+\.\d+", re.I)
VERSION_TIMEOUT_S = 20


def browser_version(path: str) -> str | None:
    """What `path --version` prints when it is a working Chromium-family browser, else None."""
    try:
        result = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT_S,
                                check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    output = (result.stdout or "").strip()
    if result.returncode != 0 or "snap" in output.lower() or not VERSION.search(output):
        return None
    return output


def candidates(environ: Mapping[str, str] = os.environ,
               which: Callable[[str], str | None] = shutil.which) -> Iterable[tuple[str, str]]:
    """(where it came from, path) in the order they are tried."""
    for var in ENV_VARS:
        if environ.get(var):
            yield var, environ[var]
    for name in NAMES:
        found = which(name)
        if found:
            yield f"PATH ({name})", found
    yield "Debian's path", DEBIAN_PATH


def find_browser(environ: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which,
                 version: Callable[[str], str | None] = browser_version) -> str | None:
    """The first working browser of `candidates`, as an absolute path; None when there is none.

    A browser named in `BILIM_BROWSER` that does not work is an error (ValueError), not a reason to pick
    another one: whoever set it meant that browser.
    """
    seen: set[str] = set()
    for origin, path in candidates(environ, which):
        resolved = shutil.which(path) or path
        if resolved in seen:
            continue
        seen.add(resolved)
        if version(resolved):
            return resolved
        if origin == "BILIM_BROWSER":
            raise ValueError(f"BILIM_BROWSER={path} is not a working Chromium or Chrome ({path} --version failed)")
    return None


def main() -> int:
    try:
        path = find_browser()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if path is None:
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
