"""Valid and reachable: the Nu HTML checker finds no error on any page, and LinkChecker, crawling the
site over HTTP, finds no broken link or anchor in any language."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.site.conftest import serve_folder

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).parent / "linkchecker"
LINKCHECKER_RC = Path(__file__).parent / "linkcheckerrc"


def test_nu_html_checker_finds_no_errors(site_dir: Path):
    if not VNU.exists():
        pytest.skip("vnu-jar is not installed: run `npm ci`")
    if not shutil.which("java"):
        pytest.skip("java is not installed (make system-deps)")
    result = subprocess.run(["java", "-Xss8m", "-jar", str(VNU), "--errors-only", "--format", "json",
                             "--skip-non-html", str(site_dir)], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split(str(site_dir))[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == [], f"{len(errors)} errors\n" + "\n".join(errors[:30])
    assert result.returncode == 0


LINKCHECKER_PLUGINS = Path(__file__).parent / "linkchecker" / "plugins"


@contextlib.contextmanager
def linkchecker_home(rc: Path = LINKCHECKER_RC, plugins: Path = LINKCHECKER_PLUGINS) -> Iterator[Path]:
    """A world-readable temporary copy of the configuration and the plugin folder.

    Run as root, LinkChecker drops its privileges to `nobody` before it reads its plugins: a clone in a
    folder other users cannot enter (root's home, mode 700) would make it fail. Its own code and the
    virtual environment are loaded before that, so only these files need to be readable by anyone.
    """
    home = Path(tempfile.mkdtemp(prefix="bilim-linkchecker-"))
    try:
        (home / "linkchecker").mkdir()
        shutil.copytree(plugins, home / "linkchecker" / "plugins")
        shutil.copy(rc, home / "linkcheckerrc")
        for path in [home, *home.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run_linkchecker(base_url: str, *start: str, rc: Path = LINKCHECKER_RC,
                    plugins: Path = LINKCHECKER_PLUGINS) -> list[dict[str, str]]:
    """LinkChecker over HTTP from the given pages; every URL it checked, as rows of its CSV output."""
    with linkchecker_home(rc, plugins) as home:
        env = dict(os.environ, XDG_DATA_HOME=str(home))  # loads linkchecker/plugins/
        command = [str(LINKCHECKER), "--config", str(home / "linkcheckerrc"), "--verbose", "--no-status",
                   "--output", "csv", "--threads", "4", *(urljoin(base_url, s) for s in start)]
        result = subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, check=False,
                                timeout=600)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert rows, result.stderr[-2000:]
    return rows


def problems_of(rows: list[dict[str, str]]) -> list[str]:
    return [f"{r['url']} (linked from {r['parentname']}): {r['result']} {r['warningstring']}".strip()
            for r in rows if r["valid"] != "True" or "Anchor" in r["warningstring"]]


@pytest.fixture()  # a check only: the Nu checker and LinkChecker need not share a worker
def linkchecker() -> Path:
    if not LINKCHECKER.exists():
        pytest.skip("linkchecker is not installed in the virtual environment")
    return LINKCHECKER


def test_linkchecker_reports_broken_links_and_anchors(linkchecker, tmp_path: Path):
    """The configuration is not blind: a missing page and a missing anchor are both reported."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>a</title><a href="sub/#here">ok</a> <a href="sub/#gone">anchor</a> '
        '<a href="missing/">page</a> <a href="https://example.org/">elsewhere</a>', encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text('<!doctype html><html lang="en"><title>b</title><p id="here">',
                                                  encoding="utf-8")
    os.chmod(tmp_path, 0o755)  # LinkChecker drops root privileges; the served files are read by this process
    with serve_folder(tmp_path) as base_url:
        problems = problems_of(run_linkchecker(base_url, ""))
    assert len(problems) == 2, problems
    assert any("missing/" in p and "404" in p for p in problems)
    assert any("#gone" in p and "Anchor `gone' " in p for p in problems)


def test_linkchecker_works_from_a_folder_other_users_cannot_enter(linkchecker, tmp_path: Path):
    """As root LinkChecker runs as `nobody`; a clone in a mode-700 folder must not stop it."""
    private = tmp_path / "private"
    shutil.copytree(LINKCHECKER_PLUGINS.parent, private / "linkchecker")
    shutil.copy(LINKCHECKER_RC, private / "linkcheckerrc")
    private.chmod(0o700)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><html lang="en"><title>a</title><a href="gone/">x</a>',
                                     encoding="utf-8")
    with serve_folder(site) as base_url:
        rows = run_linkchecker(base_url, "", rc=private / "linkcheckerrc", plugins=private / "linkchecker" / "plugins")
    assert [r["url"] for r in rows if r["valid"] != "True"] == [urljoin(base_url, "gone/")]


def test_linkchecker_finds_no_broken_link_or_anchor(linkchecker, site_dir: Path, base_url: str):
    rows = run_linkchecker(base_url, "")
    assert problems_of(rows) == []
    # Every page was crawled, in every language (404.html is linked from nowhere; it is served for
    # missing paths and its links are written for the site's published address).
    checked = {r["url"] for r in rows}
    pages = {urljoin(base_url, p.relative_to(site_dir).as_posix().removesuffix("index.html"))
             for p in site_dir.rglob("*.html") if p.name != "404.html"}
    assert pages - checked == set()
    assert sum(1 for url in checked if "#" in url) > 1000  # links to line anchors and headings
