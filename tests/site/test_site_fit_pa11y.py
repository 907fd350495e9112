"""Accessibility as a peer checks it: pa11y (HTML_CodeSniffer, WCAG 2 AA), which Open SDG runs in its
CI, finds no error on any page of the built site, in any language, the not-found pages included (axe-core
runs over every page in test_site_every_page.py). pa11y's in-page runner, with pa11y's options, runs in
the shared visit of every page (tests/site/sweep.py) at pa11y's viewport; pa11y itself, driving the
browser the other browser tests drive (tests/browser.py finds it) through tests/site/fit_pa11y.cjs, is
run where its results are compared with the visit's.

The forms it asked submit buttons for (the search form of every page, the action plan's filters) got
buttons that do something: the filters' applies the filters, the search form's opens the best result
as Enter does."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest

from sitegen.i18n import LANGS, load_strings
from tests.site.conftest import CHROMIUM_ARGS, ROOT, browser_path, missing
from tests.site.fit_support import PREFIX, github_pages
from tests.site.sweep import RUNNER, pa11y_metrics, run_pa11y

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STRINGS = load_strings()


def pa11y(urls: list[str]) -> list[dict]:
    """pa11y's errors for each URL: [{"url", "status", "title", "issues": [...]}]."""
    if not (ROOT / "node_modules" / "pa11y").exists():
        missing("pa11y is not installed: run `npm ci` (make test does)")
    if not shutil.which("node"):
        missing("pa11y needs node (make test installs it)")
    payload = {"executablePath": browser_path(), "args": CHROMIUM_ARGS, "urls": urls, "tabs": 2}
    result = subprocess.run(["node", str(RUNNER)], input=json.dumps(payload), cwd=ROOT, capture_output=True,
                            text=True, check=False, timeout=3600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)["results"]


@pytest.mark.parametrize("lang", LANGS)
def test_pa11y_finds_no_error_on_any_page(swept, lang):
    visit = swept(lang)
    assert len(visit["urls"]) > 76  # 3 × 77 > 230 pages
    assert [url for url in visit["urls"] if visit["pages"][url]["status"] != 200] == []
    errors = [f"{url}: {i['code']} at {i['selector']}: {i['message'][:120]}"
              for url in visit["urls"] for i in visit["pages"][url]["pa11y"]["issues"]]
    assert errors == [], f"{len(errors)} errors\n" + "\n".join(errors[:40])


# With a warning (bold text where a heading may be meant: H42) that pa11y's options leave out.
FORM = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Form</title></head><body><main>'
        '<p><b>Find</b></p><form action="./" role="search"><label for="q">Search</label><input id="q" name="q" type="search">'
        "{button}</form></main></body></html>")


def test_pa11y_reports_a_form_without_a_submit_button(tmp_path: Path, browser):
    """Not blind: the error the search and filter forms had is reported, and a submit button clears it, by
    pa11y itself and by its runner as the shared visit runs it, with the same results."""
    for name, button in (("without", ""), ("with", '<button type="submit">Go</button>')):
        (tmp_path / f"{name}.html").write_text(FORM.format(button=button), encoding="utf-8")
    with github_pages(tmp_path) as site:
        urls = [urljoin(site, "without.html"), urljoin(site, "with.html")]
        without, with_button = pa11y(urls)
        context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
        try:
            page = context.new_page()
            devtools = context.new_cdp_session(page)
            in_visit = []
            for url in urls:
                page.goto(url, wait_until="load")
                devtools.send("Emulation.setDeviceMetricsOverride", pa11y_metrics())
                devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": False})
                in_visit.append(run_pa11y(page))
        finally:
            context.close()
    assert [i["code"] for i in without["issues"]] == ["WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"]
    assert with_button["issues"] == []
    for by_pa11y, by_runner in zip((without, with_button), in_visit, strict=True):
        assert by_runner["title"] == by_pa11y["title"]
        # pa11y's own options leave out warnings and notices in the page: nothing else is reported.
        assert [{k: i[k] for k in ("code", "message", "selector", "context")} for i in by_runner["issues"]] \
            == by_pa11y["issues"]
        assert {i["type"] for i in by_runner["issues"]} <= {"error"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_filter_forms_submit_button_applies_the_filters(page, base_url, lang):
    page.goto(urljoin(base_url, PREFIX[lang] + "actions/"), wait_until="load")
    form = page.locator("#actions-filters")
    # Set a filter without a change event (as some assistive technology does), then submit.
    page.eval_on_selector('select[data-filter="chapter"]', "select => { select.value = '7'; }")
    url = page.url
    form.get_by_role("button", name=STRINGS.t(lang, "fit.filters_apply")).click()
    shown = page.eval_on_selector_all("#actions-table tbody tr:not([hidden])", "rows => rows.map(r => r.id)")
    assert set(shown) == {f"a{n}" for n in range(166, 181)}
    assert page.url == url, "the form is not sent"


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_forms_submit_button_opens_the_best_result(page, base_url, lang):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(urljoin(base_url, PREFIX[lang]), wait_until="load")
    query = page.locator("input.md-search__input")
    query.click()
    query.fill("PISA")
    query.press("End")  # Material reads the query on key events
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    best = urljoin(page.url, page.locator(".md-search-result__item a").first.get_attribute("href"))
    # The button is for assistive technology (visually hidden, out of the tab order): activate it as one does.
    with page.expect_navigation(wait_until="load"):
        page.eval_on_selector("form.md-search__form button[type=submit]", "button => button.click()")
    assert page.url == best
