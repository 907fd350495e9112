"""Part 6: site search on a phone: how soon the index is ready after the reader opens search, and how
soon results follow the last keystroke, in Chromium with the CPU slowed 4× (Lighthouse's mobile
throttling), at today's content and at 10× today's (every entry of each language's index ten times
over, as other pages: an index ten times the size, with the same words).

Budgets: index ready ≤ 1.5 s after opening search, measured in the page from the tap on the search
icon to the first results of a one-letter query typed at once (so an upper bound); results ≤ 300 ms
after the last keystroke, each query typed a key at a time (120 ms apart), measured in the page from
the last key's input event to the later of the worker's last answer and the last change of the
result list. The page is served from 127.0.0.1 by bench/serve.py (gzip); the network is not throttled.

Throttling. DevTools' CPU throttling (`Emulation.setCPUThrottlingRate`) slows the page's main thread,
where Material renders the results, but not its workers: Chromium refuses it for a worker target
("Operation is only supported for pages, not workers"). The search engine runs in the site's search
worker, so the benchmark serves a copy of the site whose worker script starts with SLOW_WORKER: each
step of the worker's own work it can time (parsing the index, compiling the engine's script, building
the engine, answering a query) is followed by a busy wait of (rate − 1) × that step's time, which is
what a CPU `rate` times slower would add.

`python -m bench.search [--site _site] [--scales 1,10] [--throttle 4] [--runs 3]` prints one line per
run, language and scale and exits 1 when a budget is missed.
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

from bench.common import ROOT, Figure, median

PREFIX = {"kk": "", "ru": "ru/", "en": "en/"}
READY_BUDGET_MS = 1500
QUERY_BUDGET_MS = 300
THROTTLE = 4.0
KEY_DELAY_MS = 120  # a person typing on a phone
WORKER_SCRIPT = Path("assets") / "javascripts" / "search-worker.js"
QUERIES = {
    "kk": ["мектептерде", "Қарағандыда", "балабақшалардың", "турникеттер", "5 985", "дабыл түймелері", "ЖБО"],
    "ru": ["школам", "Карагандинской области", "турникетов", "5 985", "59,9", "тревожные кнопки", "ЦОУ"],
    "en": ["kindergartens", "police", "Almaty city", "5,985", "turnstiles", "alarm button", "Qaraghandy"],
}
# In the page: when search was opened, when a key was last typed, when the result list last changed,
# and the worker's queries and answers (Material's message types: QUERY 2, RESULT 3) with the time of
# the last answer.
RECORDER = """
window.__bd = {opened: 0, typed: 0, changed: 0, queries: 0, results: 0, answered: 0};
(function () {
  var Native = window.Worker;
  window.Worker = function (url, options) {
    var worker = new Native(url, options);
    var post = worker.postMessage;
    worker.postMessage = function (message) {
      if (message && message.type === 2) window.__bd.queries += 1;
      return post.apply(worker, arguments);
    };
    worker.addEventListener('message', function (event) {
      if (event.data && event.data.type === 3) { window.__bd.results += 1; window.__bd.answered = performance.now(); }
    });
    return worker;
  };
  window.Worker.prototype = Native.prototype;
})();
addEventListener('DOMContentLoaded', () => {
  const input = document.querySelector('input.md-search__input');
  document.querySelector('label.md-header__button[for=__search]')
    .addEventListener('pointerdown', () => { window.__bd.opened = performance.now(); }, true);
  input.addEventListener('input', e => { if (e.isTrusted) window.__bd.typed = performance.now(); }, true);
  new MutationObserver(() => { window.__bd.changed = performance.now(); })
    .observe(document.querySelector('.md-search-result__list'), {childList: true});
});
"""
# Every answer to the queries sent so far is in, and nothing has changed for a while since.
SETTLED = """() => { const b = window.__bd;
  return b.results >= b.queries && performance.now() - Math.max(b.answered, b.changed, b.typed) > 250; }"""
SLOW_WORKER = """// Benchmark copy: the worker's own work slowed %(rate)g× (see bench/search.py).
(function (rate) {
  function slowed(started) {
    var until = started + rate * (performance.now() - started);
    while (performance.now() < until) {}
  }
  var text = Response.prototype.text;
  Response.prototype.json = function () {
    return text.call(this).then(function (body) {
      var started = performance.now(), value = JSON.parse(body);
      slowed(started);
      return value;
    });
  };
  var load = self.importScripts;
  self.importScripts = function () {
    var started = performance.now();
    load.apply(self, arguments);
    slowed(started);
    var api = self.BilimSearch;
    if (api && !api.slowed) {
      var Engine = api.Engine, search = Engine.prototype.search;
      Engine.prototype.search = function (query) {
        var started = performance.now(), out = search.call(this, query);
        slowed(started);
        return out;
      };
      api.Engine = function (index) {
        var started = performance.now(), engine = new Engine(index);
        slowed(started);
        return engine;
      };
      api.slowed = true;
    }
  };
})(%(rate)r);
"""


def prepared_site(site: Path, scale: int, target: Path, rate: float) -> None:
    """A copy of `site` whose search indexes hold every entry `scale` times (as other pages) and whose
    search worker is slowed `rate` times (SLOW_WORKER)."""
    from sitegen.search import Doc, build_index, read_places

    shutil.copytree(site, target)
    worker = target / WORKER_SCRIPT
    worker.write_text(SLOW_WORKER % {"rate": rate} + worker.read_text(encoding="utf-8"), encoding="utf-8")
    if scale == 1:
        return
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


def measure_language(browser, base_url: str, lang: str, throttle: float) -> dict:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_init_script(RECORDER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(base_url + PREFIX[lang], wait_until="load")
    page.wait_for_load_state("networkidle")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.locator("label.md-header__button[for=__search]").click()
    type_keys(page, cdp, QUERIES[lang][0][0], 0)
    page.locator(".md-search-result__item").first.wait_for(timeout=60000)
    bd = page.evaluate("() => window.__bd")
    ready = bd["changed"] - bd["opened"]
    page.wait_for_function(SETTLED, timeout=60000)
    latencies = []
    for query in QUERIES[lang]:
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.wait_for_function(SETTLED, timeout=60000)
        type_keys(page, cdp, query, KEY_DELAY_MS)
        page.wait_for_function(SETTLED, timeout=60000)
        bd = page.evaluate("() => window.__bd")
        latencies.append(max(bd["answered"], bd["changed"]) - bd["typed"])
    context.close()
    return {"ready_ms": round(ready), "queries_ms": [round(x) for x in latencies],
            "query_max_ms": round(max(latencies))}


def measure_site(site: Path, scales: list[int], runs: int, throttle: float, log: callable) -> dict[int, dict]:
    """{scale: {"index_gzip_kb": {lang: KB}, "runs": [{lang: result of measure_language}]}}."""
    from playwright.sync_api import sync_playwright

    from bench.lighthouse import chromium_path
    from bench.serve import SiteServer
    from tests.site.conftest import CHROMIUM_ARGS

    out: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bilim-bench-search-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for scale in scales:
                copy = Path(tmp) / f"{scale}x"
                prepared_site(site, scale, copy, throttle)
                sizes = {lang: round(len(gzip.compress((copy / prefix / "search" / "index.json").read_bytes(),
                                                       compresslevel=6, mtime=0)) / 1024, 1)
                         for lang, prefix in PREFIX.items()}
                results = []
                with SiteServer(copy) as server:
                    for run in range(runs):
                        results.append({lang: measure_language(browser, server.url + "/", lang, throttle)
                                        for lang in PREFIX})
                        log(f"search {scale}× run {run + 1}/{runs}: " + ", ".join(
                            f"{lang} ready {r['ready_ms']} ms, slowest query {r['query_max_ms']} ms"
                            for lang, r in results[-1].items()))
                out[scale] = {"index_gzip_kb": sizes, "runs": results}
                shutil.rmtree(copy, ignore_errors=True)
        finally:
            browser.close()
    return out


def figures(measured: dict[int, dict], throttle: float) -> list[Figure]:
    out = []
    for scale, entry in measured.items():
        runs = entry["runs"]
        ready = [max(r[lang]["ready_ms"] for lang in r) for r in runs]
        query = [max(r[lang]["query_max_ms"] for lang in r) for r in runs]
        per_language = {lang: {"ready_ms": median([r[lang]["ready_ms"] for r in runs]),
                               "query_max_ms": median([r[lang]["query_max_ms"] for r in runs]),
                               "query_median_ms": median([statistics.median(r[lang]["queries_ms"]) for r in runs])}
                        for lang in PREFIX}
        details = {"throttle": throttle, "index_gzip_kb": entry["index_gzip_kb"], "by_language": per_language}
        out.append(Figure(f"search.{scale}x.ready", f"search {scale}×: index ready after opening search, CPU "
                          f"{throttle:g}× slower (slowest language)", median(ready), "ms", ready,
                          budget=f"≤ {READY_BUDGET_MS} ms", value=median(ready), limit=READY_BUDGET_MS,
                          details=details))
        out.append(Figure(f"search.{scale}x.query", f"search {scale}×: results after the last keystroke, CPU "
                          f"{throttle:g}× slower (slowest query)", median(query), "ms", query,
                          budget=f"≤ {QUERY_BUDGET_MS} ms", value=median(query), limit=QUERY_BUDGET_MS))
    return out


def measure(site: Path, runs: int, log: callable, scales: tuple[int, ...] = (1, 10),
            throttle: float = THROTTLE) -> list[Figure]:
    return figures(measure_site(site, list(scales), runs, throttle, log), throttle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_site")
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--throttle", type=float, default=THROTTLE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    found = measure(args.site, args.runs, lambda m: print(m, file=sys.stderr),
                    tuple(int(s) for s in args.scales.split(",")), args.throttle)
    for figure in found:
        print(f"{figure.label}: {figure.median:.0f} ms (runs {figure.runs}) {figure.budget} "
              f"{'pass' if figure.passed else 'FAIL'}")
    return 0 if all(f.passed is not False for f in found) else 1


if __name__ == "__main__":
    sys.exit(main())
