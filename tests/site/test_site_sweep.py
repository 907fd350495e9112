"""The shared visit of every page (tests/site/sweep.py) is not blind: on pages made to fail, each check
that reads its results finds what it looks for. (The CSP of the broken page refuses inline styles: its
over-wide element is wide by its attributes.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.fit_support import github_pages
from tests.site.sweep import PHONE_WIDTH, visit

pytestmark = pytest.mark.browser

CSP = "default-src 'self'; script-src 'self'"
BROKEN = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}"><title>Broken</title><link rel="icon" href="data:,"></head><body><main>
<h1>Broken</h1>
<canvas id="too-wide" width="500" height="10"></canvas>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">
<form action="./" role="search"><label for="q">Search</label><input id="q" name="q" type="search"></form>
<figure class="bd-chart"><svg role="img" width="400" height="10"></svg>
<figcaption><a href="a.csv" download>CSV</a></figcaption></figure>
<script>document.title = "inline";</script>
</main></body></html>"""
PLAIN = """<!doctype html><html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Plain</title><link rel="icon" href="data:,"></head><body><main>
<h1>Plain</h1><img src="http://127.0.0.2:9/elsewhere.png" alt="elsewhere">
<script>throw new Error("broken script")</script>
</main></body></html>"""


def test_the_visit_sees_what_each_check_looks_for(tmp_path: Path, browser, axe):
    (tmp_path / "index.html").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "index.html").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "404.html").write_text(PLAIN, encoding="utf-8")
    with github_pages(tmp_path) as site:
        result = visit(browser, site, ["", "plain/", "missing/"], axe)
    broken, plain, missing = (result["pages"][url] for url in ("", "plain/", "missing/"))
    events = {(url, what.split(":")[0]) for url, what in result["events"]}

    # test_site_fit_widths.py
    assert broken["scroll_width"] > PHONE_WIDTH
    assert any(s.startswith("canvas#too-wide to 5") for s in broken["sticking_out"]), broken["sticking_out"]
    assert plain["scroll_width"] <= PHONE_WIDTH and plain["sticking_out"] == []
    # test_site_every_page.py
    assert (broken["status"], plain["status"], missing["status"]) == (200, 200, 404)
    assert broken["csp"] == CSP and plain["csp"] == ""
    assert any(v.startswith("image-alt:") for v in broken["axe"]), broken["axe"]
    assert plain["axe"] == []
    assert any(v.startswith("script-src") for v in broken["csp_violations"]), broken["csp_violations"]
    assert ("plain/", "request to another origin") in events
    assert ("plain/", "script error") in events
    # test_site_fit_pa11y.py
    codes = [i["code"] for i in broken["pa11y"]["issues"]]
    assert "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2" in codes, codes
    assert broken["pa11y"]["title"] == "Broken"
    # test_site_browser.py
    assert broken["shown"] == {"lang": "en", "charts": [{"svgs": 1, "images": 1, "downloads": 1, "png": False, "width": 400}]}
    assert plain["shown"]["lang"] == "kk"
