"""Accessibility as a peer checks it: pa11y (HTML_CodeSniffer, WCAG 2 AA), which Open SDG runs in its
CI, finds no error on any page of the built site, in any language, the not-found pages included (axe-core
runs over every page in test_site_every_page.py). pa11y drives the same Chromium as the other browser
tests (tests/site/conftest.py), through tests/site/fit_pa11y.cjs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.i18n import LANGS
from tests.site.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, missing
from tests.site.fit_support import github_pages, pages_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RUNNER = Path(__file__).with_name("fit_pa11y.cjs")


def pa11y(urls: list[str]) -> list[dict]:
    """pa11y's errors for each URL: [{"url", "status", "title", "issues": [...]}]."""
    if not (ROOT / "node_modules" / "pa11y").exists():
        missing("pa11y is not installed: run `npm ci` (make test does)")
    if not Path(CHROMIUM).exists() or not shutil.which("node"):
        missing(f"pa11y needs node and Chromium at {CHROMIUM} (make test installs them)")
    payload = {"executablePath": CHROMIUM, "args": CHROMIUM_ARGS, "urls": urls, "tabs": 2}
    result = subprocess.run(["node", str(RUNNER)], input=json.dumps(payload), cwd=ROOT, capture_output=True,
                            text=True, check=False, timeout=3600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)["results"]


def test_pa11y_finds_no_error_on_any_page(site_dir: Path):
    with github_pages(site_dir) as site:
        urls = [urljoin(site, url) for lang in LANGS for url in pages_of(site_dir, lang)]
        assert len(urls) > 230
        results = pa11y(urls)
    assert [r["url"] for r in results if r["status"] != 200] == []
    errors = [f"{r['url'].removeprefix(site)}: {i['code']} at {i['selector']}: {i['message'][:120]}"
              for r in results for i in r["issues"]]
    assert errors == [], f"{len(errors)} errors\n" + "\n".join(errors[:40])


def test_pa11y_reports_a_form_without_a_submit_button(tmp_path: Path):
    """Not blind: the error the search and filter forms had is reported, and a submit button clears it."""
    for name, button in (("without", ""), ("with", '<button type="submit">Go</button>')):
        (tmp_path / f"{name}.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form</title></head><body><main>'
            '<form action="./" role="search"><label for="q">Search</label><input id="q" name="q" type="search">'
            f"{button}</form></main></body></html>", encoding="utf-8")
    with github_pages(tmp_path) as site:
        without, with_button = pa11y([urljoin(site, "without.html"), urljoin(site, "with.html")])
    assert [i["code"] for i in without["issues"]] == ["WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"]
    assert with_button["issues"] == []
