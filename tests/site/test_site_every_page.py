"""Every page, in every language, its not-found page included, in Chromium: no request leaves the site's
origin, the Content-Security-Policy (own origin only) is enforced and never violated, no script error,
and axe-core finds no WCAG 2.0–2.2 A/AA violation.

One browser context and one tab visit every page in turn (the CSP is not bypassed), at 360 × 800; the
visit is shared with the other checks that read every page (tests/site/sweep.py). axe-core is evaluated
through the DevTools protocol, which the page's CSP does not govern, so the check runs on the page
exactly as a reader gets it.
"""

from __future__ import annotations

import pytest

from sitegen.i18n import LANGS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_stays_on_its_origin_keeps_its_csp_and_passes_axe(swept, lang):
    visit = swept(lang)
    assert len(visit["urls"]) > 70
    problems = []
    for url in visit["urls"]:
        found = visit["pages"][url]
        if found["status"] != 200:
            problems.append(f"{url or '/'}: status {found['status']}")
        csp = found["csp"]
        if "default-src 'self'" not in csp or "script-src 'self'" not in csp:
            problems.append(f"{url}: no own-origin Content-Security-Policy ({csp!r})")
        problems += [f"{url}: axe {v}" for v in found["axe"]]
        problems += [f"{url}: CSP violation {v}" for v in found["csp_violations"]]
    problems += [f"{url}: {what}" for url, what in visit["events"]]
    assert problems == [], f"{len(problems)} problems\n" + "\n".join(problems[:40])
