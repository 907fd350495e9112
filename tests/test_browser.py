"""Browser detection (tests/browser.py): configurable, then the usual names; snap stubs are skipped."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.browser import browser_version, find_browser

CHROMIUM = "Chromium 156.0.8078.73 built on Debian GNU/Linux 12 (bookworm)"
CHROME = "Google Chrome 142.0.7444.59"


def fake(versions: dict[str, str | None], on_path: dict[str, str]):
    return {
        "which": lambda name: on_path.get(name),
        "version": lambda path: versions.get(path),
    }


def test_the_environment_variable_comes_first():
    found = find_browser({"BILIM_BROWSER": "/opt/my/chrome"},
                         **fake({"/opt/my/chrome": CHROME, "/usr/bin/chromium": CHROMIUM},
                                {"chromium": "/usr/bin/chromium"}))
    assert found == "/opt/my/chrome"


def test_a_broken_browser_named_by_the_user_is_an_error_not_a_fallback():
    with pytest.raises(ValueError, match="BILIM_BROWSER=/opt/none"):
        find_browser({"BILIM_BROWSER": "/opt/none"}, **fake({"/usr/bin/chromium": CHROMIUM}, {}))


def test_the_runners_chrome_bin_is_used():
    found = find_browser({"CHROME_BIN": "/usr/bin/google-chrome"},
                         **fake({"/usr/bin/google-chrome": CHROME}, {}))
    assert found == "/usr/bin/google-chrome"


def test_ubuntu_snap_stubs_are_skipped_for_a_real_chrome():
    # apt's chromium-browser on Ubuntu answers --version with a request to install the snap.
    found = find_browser({}, **fake({"/usr/bin/google-chrome-stable": CHROME},
                                    {"chromium-browser": "/usr/bin/chromium-browser",
                                     "google-chrome-stable": "/usr/bin/google-chrome-stable"}))
    assert found == "/usr/bin/google-chrome-stable"


def test_debian_path_is_the_last_resort_and_none_when_nothing_works():
    assert find_browser({}, **fake({"/usr/bin/chromium": CHROMIUM}, {})) == "/usr/bin/chromium"
    assert find_browser({}, **fake({}, {})) is None


def write_script(path: Path, output: str, status: int = 0) -> Path:
    path.write_text(f"#!/bin/sh\necho '{output}'\nexit {status}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_version_check_runs_the_program(tmp_path):
    assert browser_version(str(write_script(tmp_path / "chromium", CHROMIUM))) == CHROMIUM
    stub = "Command '/usr/bin/chromium-browser' requires the chromium snap to be installed."
    assert browser_version(str(write_script(tmp_path / "stub", stub, 1))) is None
    assert browser_version(str(write_script(tmp_path / "other", "Firefox 140.0"))) is None
    assert browser_version(str(tmp_path / "absent")) is None


def test_this_machine_has_a_browser_for_the_suite():
    if os.environ.get("CI") is None and find_browser() is None:
        pytest.skip("no browser here; make test installs one")
    assert find_browser() is not None
