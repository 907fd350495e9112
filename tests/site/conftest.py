"""Fixtures for the site tests: a built site served over HTTP on 127.0.0.1, and Chromium.

The site is built once per test run, as a maintainer builds it (`python -m sitegen.build`, in a copy of
the project, so that the working tree's generated pages and _site/ are left alone), and shared by every
pytest-xdist worker; unless SITE_DIR names an already built site to test instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.browser import find_browser
from tests.conftest import shared_folder

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# What `python -m sitegen.build` reads: its configuration, the generator and the pipeline code it
# imports, the data (package, documents, reference tables) and the site's templates, assets, strings and
# hand-written pages.
PROJECT = ("mkdocs.yml", "datapackage.json", "data", "pipelines", "sitegen", "site/overrides", "site/assets",
           "site/i18n", "site/content")
CHART_CACHE = ROOT / ".cache" / "charts"


def copy_project(root: Path) -> Path:
    """A copy in `root` of what a site build reads (PROJECT): a build there writes only there."""
    for entry in PROJECT:
        source, target = ROOT / entry, root / entry
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return root


def build_site(root: Path, chart_cache: Path = CHART_CACHE, env: Mapping[str, str] | None = None) -> Path:
    """`python -m sitegen.build` in a copy of the project in `root` (chart files from and into
    `chart_cache`, the working tree's by default: an entry is written whole, so processes share it);
    returns the copy's _site/."""
    copy_project(root)
    env = dict(os.environ if env is None else env, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "sitegen.build", "--chart-cache", str(chart_cache)], cwd=root,
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return root / "_site"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    given = os.environ.get("SITE_DIR")
    if given:
        return Path(given)
    return shared_folder(tmp_path_factory, "site", build_site) / "_site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # LinkChecker throttles its requests to a host unless the host answers with this header.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve_folder(site_dir) as url:
        yield url


def missing(what: str) -> None:
    """In CI a missing tool is a failure (make test installs it); elsewhere the test is skipped."""
    if os.environ.get("CI"):
        pytest.fail(what)
    pytest.skip(what)


@functools.cache
def browser_path() -> str:
    """The browser of tests/browser.py (BILIM_BROWSER, CHROME_BIN, the usual names, Debian's path)."""
    try:
        path = find_browser()
    except ValueError as error:
        pytest.fail(str(error))
    if path is None:
        missing("no Chromium or Chrome found: set BILIM_BROWSER, or install Debian's chromium (make test does)")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def browser():
    chromium = browser_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def recording_page(context, base_url: str):
    """A new page of `context` that records console errors and failed requests (`errors`) and requests to
    other origins than `base_url`'s (`foreign`)."""
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.foreign = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("requestfailed", lambda r: tab.errors.append(f"failed: {r.url}"))
    tab.on("request", lambda r: (not r.url.startswith(base_url) and not r.url.startswith("data:"))
           and tab.foreign.append(r.url))
    return tab


@pytest.fixture()
def page(browser, base_url):
    """A fresh page that records console errors, failed requests and requests to other origins."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    yield recording_page(context, base_url)
    context.close()


def axe_source() -> str:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        missing("axe-core is not installed: run `npm ci` (make test does)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()


@pytest.fixture(scope="session")
def swept(tmp_path_factory, browser, site_dir: Path, axe: str):
    """lang → one visit to every page of that language, with the results of every check that reads each
    page in Chromium (tests/site/sweep.py); made once per test run, by the first worker to ask."""
    from tests.site.sweep import sweep

    return functools.partial(sweep, tmp_path_factory, browser, site_dir, axe)


def copy_site_sources(root: Path) -> None:
    """Copy into `root` what a site build reads besides the data package and the generated pages: the
    MkDocs configuration, its hooks and the search index builder they import, the templates, assets,
    strings and hand-written pages, and the reference tables (place names for search)."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "sitegen").mkdir(exist_ok=True)
    for module in ("mkdocs_hooks.py", "search.py"):
        shutil.copy(ROOT / "sitegen" / module, root / "sitegen" / module)
    for folder in ("overrides", "assets", "i18n", "content"):
        shutil.copytree(ROOT / "site" / folder, root / "site" / folder, dirs_exist_ok=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference", dirs_exist_ok=True)


def copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst)
