"""Site search on a phone: how soon the index is ready after the reader opens search, and how soon
results follow the last keystroke, in Chromium with the CPU slowed 4× (DevTools' CPU throttling),
at today's content and at 10× today's (every entry of each language's index ten times over).

`python -m bench.search [--site _site] [--scales 1,10] [--throttle 4]`: prints one line per
language and scale and exits 1 when a budget is missed. Budgets: index ready ≤ 1.5 s after opening
search (measured in the page from the tap on the search icon to the first results of a one-letter
query typed at once, so an upper bound); results ≤ 300 ms after the last keystroke (each query typed
a key at a time; measured in the page from the last key's input to the last change of the result
list). The page is served from 127.0.0.1;
the network is not throttled. Also prints the index's gzip size per language and scale.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.search import Doc, build_index, read_places  # noqa: E402
from tests.site.conftest import CHROMIUM_ARGS, browser_path, serve_folder  # noqa: E402

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
READY_BUDGET_MS = 1500
QUERY_BUDGET_MS = 300
QUERIES = {
    "kk": ["мектептерде", "Қарағандыда", "балабақшалардың", "турникеттер", "5 985", "дабыл түймелері", "ЖБО"],
    "ru": ["школам", "Карагандинской области", "турникетов", "5 985", "59,9", "тревожные кнопки", "ЦОУ"],
    "en": ["kindergartens", "police", "Almaty city", "5,985", "turnstiles", "alarm button", "Qaraghandy"],
}
RECORDER = """
window.__bd = {opened: 0, typed: 0, changed: 0};
addEventListener('DOMContentLoaded', () => {
  const input = document.querySelector('input.md-search__input');
  document.querySelector('label.md-header__button[for=__search]')
    .addEventListener('pointerdown', () => { window.__bd.opened = performance.now(); }, true);
  input.addEventListener('input', e => { if (e.isTrusted) window.__bd.typed = performance.now(); }, true);
  new MutationObserver(() => { window.__bd.changed = performance.now(); })
    .observe(document.querySelector('.md-search-result__list'), {childList: true});
});
"""


def scaled_site(site: Path, scale: int, target: Path) -> None:
    """A copy of `site` whose search indexes hold every entry `scale` times (as other pages)."""
    shutil.copytree(site, target)
    places = read_places(ROOT / "data" / "reference")
    for lang, prefix in PREFIX.items():
        path = target / prefix / "search" / "index.json"
        index = json.loads(path.read_text(encoding="utf-8"))
        docs = [Doc(("" if copy == 0 else f"copy-{copy}/") + loc, title, text)
                for copy in range(scale) for loc, title, text in index["docs"]]
        path.write_text(json.dumps(build_index(docs, lang, places), ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")


def type_keys(page, cdp, text: str, delay_ms: int) -> None:
    for ch in text:
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": ch, "text": ch, "unmodifiedText": ch})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": ch})
        page.wait_for_timeout(delay_ms)


def measure(browser, base_url: str, lang: str, throttle: float) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(RECORDER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(base_url + PREFIX[lang], wait_until="load")
    page.wait_for_timeout(500)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.locator("label.md-header__button[for=__search]").click()
    type_keys(page, cdp, QUERIES[lang][0][0], 0)
    page.locator(".md-search-result__item").first.wait_for(timeout=30000)
    bd = page.evaluate("() => window.__bd")
    ready = bd["changed"] - bd["opened"]
    latencies = []
    for query in QUERIES[lang]:
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.wait_for_timeout(400)
        type_keys(page, cdp, query, 120)
        page.wait_for_timeout(1500)  # everything the last keystroke causes has happened
        bd = page.evaluate("() => window.__bd")
        latencies.append(bd["changed"] - bd["typed"])
    context.close()
    return {"ready_ms": round(ready), "queries_ms": [round(x) for x in latencies],
            "query_median_ms": round(statistics.median(latencies)),
            "query_max_ms": round(max(latencies))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--throttle", type=float, default=4.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    failed = False
    with tempfile.TemporaryDirectory(prefix="bilim-bench-search-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path(), args=CHROMIUM_ARGS)
        for scale in (int(s) for s in args.scales.split(",")):
            site = args.site if scale == 1 else Path(tmp) / f"{scale}x"
            if scale != 1:
                scaled_site(args.site, scale, site)
            with serve_folder(site) as base_url:
                for lang in PREFIX:
                    index = site / PREFIX[lang] / "search" / "index.json"
                    size = len(gzip.compress(index.read_bytes(), compresslevel=6, mtime=0))
                    result = measure(browser, base_url, lang, args.throttle)
                    ok = result["ready_ms"] <= READY_BUDGET_MS and result["query_max_ms"] <= QUERY_BUDGET_MS
                    failed |= not ok
                    print(json.dumps({"scale": scale, "lang": lang, "index_gzip_kb": round(size / 1024, 1),
                                      "throttle": args.throttle, **result, "pass": ok}, ensure_ascii=False),
                          flush=True)
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
