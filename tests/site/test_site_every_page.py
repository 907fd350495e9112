"""Every page, in every language, in Chromium: no request leaves the site's origin, the
Content-Security-Policy (own origin only) is enforced and never violated, no script error, and axe-core
finds no WCAG 2 A/AA violation.

One browser context and one tab visit every page in turn (the CSP is not bypassed). axe-core is
evaluated through the DevTools protocol, which the page's CSP does not govern, so the check runs on the
page exactly as a reader gets it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANG_PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
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


def pages_of(site_dir: Path, lang: str) -> list[str]:
    """Site-relative URLs of every page of one language (404.html is written for the published path)."""
    urls = []
    for path in sorted(site_dir.rglob("index.html")):
        url = path.parent.relative_to(site_dir).as_posix() + "/"
        url = "" if url == "./" else url
        in_lang = url.startswith(LANG_PREFIX[lang]) if lang != "kk" else not url.startswith(("ru/", "en/"))
        if in_lang:
            urls.append(url)
    return urls


@pytest.fixture(scope="module")
def tab(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    # Events name the page being visited when they arrive (a late one is still caught, under the next URL).
    page.events = []  # type: ignore[attr-defined]
    page.current = ""  # type: ignore[attr-defined]
    origin = urlsplit(base_url).netloc

    def record(message: str) -> None:
        page.events.append(f"{page.current}: {message}")  # type: ignore[attr-defined]

    def on_request(request: object) -> None:
        parts = urlsplit(request.url)  # type: ignore[attr-defined]
        if parts.scheme not in ("data", "blob") and parts.netloc != origin:
            record(f"request to another origin: {request.url}")  # type: ignore[attr-defined]

    page.on("request", on_request)
    # A request the next navigation cancels (the search worker's scripts) is aborted, not failed.
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and record(f"failed: {r.url}"))
    page.on("console", lambda m: m.type == "error" and record(f"console: {m.text}"))
    page.on("pageerror", lambda e: record(f"script error: {e}"))
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_stays_on_its_origin_keeps_its_csp_and_passes_axe(tab, site_dir, base_url, axe, lang):
    urls = pages_of(site_dir, lang)
    assert len(urls) > 70
    problems = []
    tab.events.clear()
    for url in urls:
        tab.current = url
        response = tab.goto(urljoin(base_url, url), wait_until="load")
        assert response is not None and response.status == 200, url
        csp = tab.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content || ''")
        if "default-src 'self'" not in csp or "script-src 'self'" not in csp:
            problems.append(f"{url}: no own-origin Content-Security-Policy ({csp!r})")
        tab.evaluate(axe)
        violations = tab.evaluate(AXE_RUN, WCAG)
        problems += [f"{url}: axe {v}" for v in violations]
        problems += [f"{url}: CSP violation {v}" for v in tab.evaluate("window.__cspViolations")]
    tab.wait_for_timeout(500)  # the last page's search worker
    problems += tab.events
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:40])
