"""One visit to every page of a language in Chromium, shared by the checks that each read every page:
test_site_every_page.py (own-origin requests, the Content-Security-Policy, script errors, axe-core),
test_site_fit_widths.py (no page wider than a phone, no word of a table cut, no caption off the screen), test_site_fit_pa11y.py (pa11y's
HTML_CodeSniffer) and test_site_browser.py (pages load clean with their charts). Loading the pages is most of what each check cost when each loaded them itself; here
each page is loaded once, on a phone, and every check runs on the loaded page in the browser state it is
written for, switched through the DevTools protocol (a relayout, far cheaper than a second load):

- a phone (PHONE: 360 × 800, mobile, touch), the page as loaded: its width and what sticks out;
- 360 × 800 without mobile emulation (AXE_SCREEN): the page's CSP, its language and charts, and
  axe-core, WCAG 2.0–2.2 A/AA (2.2's target size: a phone reader taps every control);
- pa11y's viewport (1280 × 1024, no mobile emulation, no touch: what pa11y sets on a loaded page before
  it runs): HTML_CodeSniffer through pa11y's own in-page runner, with pa11y's options and its mapping of
  the results, both as pa11y builds them from its defaults and our configuration (fit_pa11y.cjs).

axe-core and pa11y's runner are evaluated through the DevTools protocol, which the page's CSP does not
govern, after the page has loaded, as pa11y and the axe sweep did: the page is exactly as a reader gets
it. Events (requests to another origin, failed requests, console and script errors, CSP violations) are
recorded for the whole visit and name the page being visited when they arrive.

Each language is visited once per test run, by the first pytest-xdist worker that asks, in its browser;
the results are a JSON file in the run's shared folder (tests/conftest.py's `shared_folder`), read by
whichever worker runs the other checks of that language.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from tests.conftest import shared_folder
from tests.site.conftest import ROOT, missing
from tests.site.fit_support import github_pages, pages_of

PHONE_WIDTH = 360
# The DevTools protocol's device metrics of each state; PHONE is what Playwright sets for the context
# (is_mobile, 360 × 800), so that switching back restores the page as it was loaded.
PHONE = {"mobile": True, "width": PHONE_WIDTH, "height": 800, "screenWidth": PHONE_WIDTH, "screenHeight": 800,
         "deviceScaleFactor": 1, "screenOrientation": {"angle": 0, "type": "portraitPrimary"}}
AXE_SCREEN = {"mobile": False, "width": PHONE_WIDTH, "height": 800, "screenWidth": PHONE_WIDTH, "screenHeight": 800,
              "deviceScaleFactor": 1, "screenOrientation": {"angle": 0, "type": "landscapePrimary"}}

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Reported by a listener added before any of the page's own scripts run.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
"""
AXE_RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${v.nodes[0].target})`);
}"""
# Elements past the right edge that no sideways-scrolling box of their own holds (at most five a page).
STICKING_OUT = """width => {
  const out = [];
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    let holder = el.parentElement;
    while (holder && holder !== document.body && !scrolls(holder)) holder = holder.parentElement;
    if (holder && holder !== document.body && holder.getBoundingClientRect().right <= width + 0.5) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(`${name} to ${Math.round(box.right)} px`);
    if (out.length === 5) break;
  }
  return out;
}"""
# Words of the tables' cells that a line break cuts on a phone (at most five a page): a word cut between
# two letters or digits ("Аба/й"), or a number, a percentage or a Latin abbreviation parted from the Kazakh
# or Russian ending or word its hyphen joins to it ("20-/дан", "004-/құжат", "4-/сынып", "90%-/ы"; a code, "2023-/Q1", may break at its hyphen). A compound word may break at its hyphen ("Оқу-/ағарту"); code
# (field names, patterns) is left out, and a document quoted as printed (<q class="bd-quote">, its
# original beside a translation) is checked for cut words only: its hyphens are the document's.
SPLIT_WORDS = """() => {
  const out = [];
  const patterns = [/[\\p{N}%]+-\\u2060?[\\u0400-\\u04ff]+|(?:\\p{Script=Latin}+|\\p{Lu}{2,})-\\u2060?[\\u0400-\\u04ff]{1,7}(?![\\u0400-\\u04ff])/gu, /[\\p{L}\\p{N}]+/gu];
  const range = document.createRange();
  for (const cell of document.querySelectorAll('table.bd-table td, table.bd-table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code, kbd, samp')) continue;
      const printed = node.parentElement.closest('q, .bd-quote, .bd-original');
      for (const pattern of printed ? patterns.slice(1) : patterns) {
        for (const match of node.textContent.matchAll(pattern)) {
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
          if (lines.size > 1) out.push(match[0].replace('\\u2060', ''));
          if (out.length === 5) return out;
        }
      }
    }
  }
  return out;
}"""
# Tables' captions that do not stay on the screen while their table is scrolled sideways (at most five
# a page): each box that scrolls is scrolled to its start and to its end, and its caption must lie within
# the screen both times (a caption laid out as wide as its table is cut on a phone, and scrolls away).
CAPTIONS_OFF = """width => {
  const out = [];
  for (const wrap of document.querySelectorAll('.bd-table-wrap')) {
    const caption = wrap.querySelector(':scope > table > caption');
    if (!caption || wrap.scrollWidth <= wrap.clientWidth) continue;
    const start = wrap.scrollLeft;
    for (const left of [0, wrap.scrollWidth]) {
      wrap.scrollLeft = left;
      const box = caption.getBoundingClientRect();
      if (box.left < -0.5 || box.right > width + 0.5) {
        out.push(`"${caption.textContent.slice(0, 40)}" at ${Math.round(box.left)}–${Math.round(box.right)} px` +
                 ` (table scrolled to ${left ? 'its end' : 'its start'})`);
        break;
      }
    }
    wrap.scrollLeft = start;
    if (out.length === 5) break;
  }
  return out;
}"""
# What test_site_browser.py checks on a page at 360 × 800: its language and its charts.
SHOWN = """() => ({
  lang: document.documentElement.getAttribute('lang'),
  charts: [...document.querySelectorAll('figure.bd-chart')].map(figure => ({
    svgs: figure.querySelectorAll('svg').length,
    images: figure.querySelectorAll('svg[role=img]').length,
    downloads: figure.querySelectorAll('figcaption a[download]').length,
    png: figure.querySelector('figcaption .bd-png > button')?.checkVisibility() ?? false,
    width: figure.querySelector('svg')?.getBoundingClientRect().width ?? null,
  })),
})"""
CSP_META = "document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content || ''"
# pa11y's run (lib/pa11y.js, runPa11yWithOptions): its in-page runner with the options it passes; the
# issues as pa11y returns them (code, type, message, context, selector).
PA11Y_RUN = """async options => {
  const result = await window.__pa11y.run(options);
  return {title: result.documentTitle, issues: result.issues.map(
    ({code, type, message, context, selector}) => ({code, type, message, context, selector}))};
}"""
RUNNER = Path(__file__).with_name("fit_pa11y.cjs")


@functools.cache
def pa11y_page() -> dict:
    """What pa11y puts in a page and how it runs there, from the installed pa11y (fit_pa11y.cjs
    --page-scripts): {"pa11y": version, "viewport": {"width", "height"}, "scripts": [its runner, the
    HTML_CodeSniffer runner bundle], "run": the options of its in-page run}."""
    if not (ROOT / "node_modules" / "pa11y").exists():
        missing("pa11y is not installed: run `npm ci` (make test does)")
    if not shutil.which("node"):
        missing("pa11y needs node (make test installs it)")
    result = subprocess.run(["node", str(RUNNER), "--page-scripts"], cwd=ROOT, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def pa11y_metrics() -> dict:
    viewport = pa11y_page()["viewport"]
    # As puppeteer's page.setViewport sets them (no mobile emulation, no touch, scale 1).
    return {"mobile": False, "width": viewport["width"], "height": viewport["height"], "deviceScaleFactor": 1,
            "screenOrientation": {"angle": 0, "type": "landscapePrimary"}}


def run_pa11y(page) -> dict:
    """pa11y's result for the loaded `page` ({"title", "issues": [...]}, errors only, as configured in
    fit_pa11y.cjs), at the viewport the caller set."""
    for script in pa11y_page()["scripts"]:
        page.evaluate(script + "\n;undefined")  # a string, run as pa11y runs it (not a function to call)
    return page.evaluate(PA11Y_RUN, pa11y_page()["run"])


def visit(browser, site: str, urls: list[str], axe: str) -> dict:
    """Load each of `urls` (relative to `site`) once and run every check on it: {"pages": {url: {"status",
    "scroll_width", "sticking_out", "split_words", "captions_off", "csp", "shown", "axe", "csp_violations", "pa11y"}}, "events": [[url, what]]}."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 800}, is_mobile=True, has_touch=True)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    events: list[list[str]] = []
    current = [""]
    origin = urlsplit(site).netloc

    def record(message: str) -> None:
        events.append([current[0], message])

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != origin:
            record(f"request to another origin: {request.url}")

    page.on("request", on_request)
    # A request the next navigation cancels (the search worker's scripts) is aborted, not failed.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and record(f"failed: {r.url}"))
    page.on("console", lambda m: m.type == "error" and record(f"console: {m.text}"))
    page.on("pageerror", lambda e: record(f"script error: {e}"))

    def emulate(metrics: dict, touch: bool) -> None:
        devtools.send("Emulation.setDeviceMetricsOverride", metrics)
        devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": touch})

    pages: dict[str, dict] = {}
    try:
        for url in urls:
            current[0] = url
            response = page.goto(urljoin(site, url), wait_until="load")
            found: dict = {"status": response.status if response else None}
            found["scroll_width"] = page.evaluate("document.documentElement.scrollWidth")
            found["sticking_out"] = page.evaluate(STICKING_OUT, PHONE_WIDTH)
            found["split_words"] = page.evaluate(SPLIT_WORDS)
            found["captions_off"] = page.evaluate(CAPTIONS_OFF, PHONE_WIDTH)
            emulate(AXE_SCREEN, touch=False)
            found["csp"] = page.evaluate(CSP_META)
            found["shown"] = page.evaluate(SHOWN)
            page.evaluate(axe)
            found["axe"] = page.evaluate(AXE_RUN, WCAG)
            found["csp_violations"] = page.evaluate("window.__cspViolations")
            emulate(pa11y_metrics(), touch=False)
            found["pa11y"] = run_pa11y(page)
            emulate(PHONE, touch=True)
            pages[url] = found
        page.wait_for_timeout(500)  # the last page's search worker
    finally:
        context.close()
    return {"pages": pages, "events": events}


def sweep(tmp_path_factory, browser, site_dir: Path, axe: str, lang: str) -> dict:
    """`visit` over every page of `lang` (fit_support.pages_of: its not-found page included), served as
    GitHub Pages serves the site; made once per test run and shared by the workers. Adds "urls" (the
    pages, in order)."""
    urls = pages_of(site_dir, lang)

    def make(folder: Path) -> None:
        with github_pages(site_dir) as site:
            result = visit(browser, site, urls, axe)
        (folder / "sweep.json").write_text(json.dumps({**result, "urls": urls}), encoding="utf-8")

    folder = shared_folder(tmp_path_factory, f"sweep-{lang}", make)
    return json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
